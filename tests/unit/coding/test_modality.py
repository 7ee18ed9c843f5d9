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


@pytest.mark.parametrize(("text", "expected"), [
    ("Officials said they were taking steps to prevent future bombings of the rail line.",
     [("ASSAULT", "future", "bombings")]),
    ("Police foiled a bomb attack on a church in Lahore.", [("ASSAULT", "negated", "attack")]),
    ("Norway laid mines off its coast to guard against an incursion.",
     [("ASSAULT", "hypothetical", "incursion")]),
    ("The ministry protected the camps from raids by the militia.",
     [("ASSAULT", "hypothetical", "raids")]),
    ("A manhunt is underway to arrest the gunmen who attacked the convoy.",
     [("ASSAULT", "asserted", "attacked")]),
    ("Israel mobilized reservists for a potential ground offensive.",
     [("MOBILIZE", "asserted", "mobilized"), ("ASSAULT", "hypothetical", "offensive")]),
])
def test_modality_prevented_or_sought_did_not_happen(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    """A future or possible noun, the object of "foil" or "prevent", what is guarded against
    and what a manhunt seeks are no asserted events (#19)."""
    assert _modalities(nlp, text) == expected
