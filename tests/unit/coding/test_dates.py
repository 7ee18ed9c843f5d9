"""Relative and explicit dates against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.coding.dates import resolve_date
from flashpoint.records import EventDate

PUBLISHED = date(2024, 3, 12)  # a Tuesday


@pytest.mark.parametrize(("text", "expected"), [
    ("Rebels attacked the base on Sunday.", EventDate("2024-03-10", "day", "relative")),
    ("Rebels attacked the base yesterday.", EventDate("2024-03-11", "day", "relative")),
    ("Rebels attacked the base two days ago.", EventDate("2024-03-10", "day", "relative")),
    ("Rebels attacked the base last week.", EventDate("2024-03-05", "week", "relative")),
    ("Rebels attacked the base on March 3.", EventDate("2024-03-03", "day", "explicit")),
    ("Rebels attacked the base on 28 December 2023.",
     EventDate("2023-12-28", "day", "explicit")),
    ("Rebels attacked the base.", EventDate("2024-03-12", "week", "publication")),
    ("In 2014, the rebels seized the town.", EventDate("2014-01-01", "year", "explicit")),
    ("Rebels attacked the base in late 2019.", EventDate("2019-01-01", "year", "explicit")),
    ("Police arrested 40 protesters in March 2023.",
     EventDate("2023-03-01", "month", "explicit")),
    ("Rebels attacked the base last weekend.", EventDate("2024-03-09", "week", "relative")),
    ("Earlier this week, rebels attacked the base.",
     EventDate("2024-03-11", "week", "relative")),
])
def test_dates_resolve(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert resolve_date(next(iter(nlp(text).sents)), PUBLISHED) == expected


def test_dates_without_publication_date_keep_only_explicit(nlp) -> None:  # type: ignore[no-untyped-def]
    sent = next(iter(nlp("Rebels attacked the base on Sunday.").sents))
    assert resolve_date(sent, None) is None


def test_dates_a_year_alone_needs_no_publication_date(nlp) -> None:  # type: ignore[no-untyped-def]
    """A year is explicit on its own; a year still to come dates no event."""
    sent = next(iter(nlp("In 1988, a bomb destroyed the airliner.").sents))
    assert resolve_date(sent, None) == EventDate("1988-01-01", "year", "explicit")
    sent = next(iter(nlp("The rebels will attack the town in 2030.").sents))
    assert resolve_date(sent, PUBLISHED) == EventDate("2024-03-12", "week", "publication")
