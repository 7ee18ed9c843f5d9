"""Modality of triggers in their clause (coding/modality.py), on sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.coding.coder import code_doc
from flashpoint.coding.cues import load_cues
from flashpoint.coding.lexicon import load_lexicon


def _modalities(nlp, text: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    mentions = code_doc(nlp(text), doc_id="t", published=date(2024, 3, 12),
                        lexicon=load_lexicon(), cues=load_cues())
    return [(m.type, m.modality, m.trigger.text) for m in mentions]


@pytest.mark.parametrize(("text", "expected"), [
    ("A second round of talks between the two governments is planned for March.",
     [("CONSULT", "future", "talks")]),
    ("A meeting of the two defence chiefs is scheduled for next week.",
     [("CONSULT", "future", "meeting")]),
    ("Talks were held in Doha on Monday.", [("CONSULT", "asserted", "held")]),
])
def test_modality_a_scheduled_event_is_future(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert _modalities(nlp, text) == expected
