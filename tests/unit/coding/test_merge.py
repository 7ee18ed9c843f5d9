"""Merge within a sentence: two triggers of one clause for one happening are one (#19)."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.coding.coder import code_doc
from flashpoint.coding.cues import load_cues
from flashpoint.coding.lexicon import load_lexicon

PUBLISHED = date(2025, 3, 19)


def _attacks(nlp, text: str) -> list[tuple[str, str | None, int | None]]:  # type: ignore[no-untyped-def]
    """(trigger, target, killed) of every attack the rule coder finds in `text`."""
    mentions = code_doc(nlp(text), doc_id="t", published=PUBLISHED, lexicon=load_lexicon(),
                        cues=load_cues())
    return [(m.trigger.text, m.target.text if m.target else None, m.fatalities.killed)
            for m in mentions if m.type == "ASSAULT"]


@pytest.mark.issue(19)
@pytest.mark.parametrize(("text", "expected"), [
    # a relative clause on the attack noun, even when the parser hangs it on the noun's object
    ("Gunmen carried out an attack on a bus station in Garissa that killed seven travellers "
     "and wounded 12 others.", [("carried", "seven travellers", 7)]),
    ("The raid, which destroyed two fuel depots near Juba, was the third this month.",
     [("raid", "two fuel depots", None)]),
    # a relative clause on people in the attack's phrase tells what they did
    ("Rebels launched an attack on soldiers who had killed three civilians in Kidal.",
     [("launched", "soldiers", None), ("killed", "three civilians", 3)]),
    # the act is the retaliation; the attack it answers is another happening
    ("The air force struck a rebel camp in retaliation for an attack on a convoy.",
     [("struck", "a rebel camp", None), ("attack", "a convoy", None)]),
    ("Militants fired at villagers during their assault on the town, witnesses said.",
     [("fired", "villagers", None)]),
])
def test_merge_two_triggers_of_one_happening_in_a_clause(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert _attacks(nlp, text) == expected
