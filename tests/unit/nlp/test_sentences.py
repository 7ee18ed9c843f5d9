"""Sentence boundaries the parser is told before it runs: blank lines and headline lines (#19)."""

from __future__ import annotations

import pytest


def _sentences(nlp, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.text.strip() for s in nlp(text).sents]


@pytest.mark.issue(19)
@pytest.mark.parametrize(("text", "expected"), [
    # a headline right above its lead, with no blank line between
    ("Car bomb kills 14 at a market in Mogadishu\nA car bomb exploded at a busy market in "
     "Mogadishu on Tuesday, killing 14 people, police said.",
     ["Car bomb kills 14 at a market in Mogadishu",
      "A car bomb exploded at a busy market in Mogadishu on Tuesday, killing 14 people, "
      "police said."]),
    # a photo caption between the headline and the lead
    ("Rebels seize border town in eastern Chad\nResidents flee the fighting\nRebels seized "
     "the town of Tine on Sunday.",
     ["Rebels seize border town in eastern Chad", "Residents flee the fighting",
      "Rebels seized the town of Tine on Sunday."]),
    # a line that goes on below ("and six" / "Nigerien soldiers") is one sentence
    ("The clashes have killed nine civilians in Chad and six\nNigerien soldiers since Monday.",
     ["The clashes have killed nine civilians in Chad and six\nNigerien soldiers since "
      "Monday."]),
    # text wrapped at a fixed width: only its first line may be a title
    ("Strike in Lagos\nDockworkers in Lagos walked out on Monday and the union said\n"
     "Nigeria's ports would stay shut until the government\nraised their pay.",
     ["Strike in Lagos",
      "Dockworkers in Lagos walked out on Monday and the union said\nNigeria's ports would "
      "stay shut until the government\nraised their pay."]),
])
def test_sentences_a_headline_line_ends_a_sentence(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert _sentences(nlp, text) == expected


@pytest.mark.issue(19)
def test_sentences_a_forced_start_does_not_cut_off_the_first_word(nlp) -> None:  # type: ignore[no-untyped-def]
    """After a forced sentence start the parser would make "M23" a sentence of its own."""
    doc = nlp("REGION\nM23 fighters seized a hill near Sake.")
    assert _sentences(nlp, "REGION\nM23 fighters seized a hill near Sake.") == [
        "REGION", "M23 fighters seized a hill near Sake."]
    assert [t.dep_ for t in doc if t.text == "M23"] == ["compound"]
