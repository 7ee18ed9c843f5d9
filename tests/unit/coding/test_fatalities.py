"""Fatality and injury counts from numerals, number words and vague quantities."""

from __future__ import annotations

import pytest

from flashpoint.coding.cues import load_cues
from flashpoint.coding.fatalities import read_toll


@pytest.mark.parametrize(("text", "killed", "killed_min", "injured"), [
    ("Three soldiers were killed in the ambush.", 3, 3, None),
    ("Several soldiers have been killed and dozens injured.", None, 2, None),
    ("At least 14 people were killed in the blast.", None, 14, None),
    ("The attack left three soldiers dead.", 3, 3, None),
    ("Police shot dead at least seven protesters.", None, 7, None),
    ("The bombing killed 9 people and wounded 23.", 9, 9, 23),
    ("A policeman was killed when the convoy was hit.", 1, 1, None),
    ("The death toll rose to 31 on Friday.", 31, 31, None),
    ("Two dozen villagers died in the fighting.", 24, 24, None),
])
def test_fatalities_counts(nlp, text, killed, killed_min, injured) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    record = read_toll(next(iter(doc.sents)), load_cues()).as_record()
    assert (record.killed, record.killed_min, record.injured) == (killed, killed_min, injured)
