"""Relative and explicit dates against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.coding.dates import can_date, dated_background, resolve_date
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


def _trigger(doc, word: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc if t.text == word)


SPEECH = frozenset({"say", "tell", "announce", "report", "declare"})


@pytest.mark.parametrize(("text", "word", "expected"), [
    # each event of a sentence takes the date of its own clause
    ("The two states cut diplomatic ties in 2016 and have held talks since last year.", "cut",
     EventDate("2016-01-01", "year", "explicit")),
    ("Supporters stormed the party offices on Monday after the arrest of their leader on "
     "Saturday.", "stormed", EventDate("2024-03-11", "day", "relative")),
    ("Supporters stormed the party offices on Monday after the arrest of their leader on "
     "Saturday.", "arrest", EventDate("2024-03-09", "day", "relative")),
    # the day something was said is not the day it happened
    ("Police said on Monday that gunmen attacked a bus near Gao.", "attacked",
     EventDate("2024-03-12", "week", "publication")),
    ("Police said on Monday that gunmen attacked a bus near Gao on Sunday.", "attacked",
     EventDate("2024-03-10", "day", "relative")),
    # a verb of saying that is the event keeps its own date
    ("The junta declared a curfew on Sunday after soldiers seized the radio station.", "seized",
     EventDate("2024-03-10", "day", "relative")),
    # a year that bounds a superlative dates nothing
    ("It was the deadliest bombing in the province since 2014.", "bombing",
     EventDate("2024-03-12", "week", "publication")),
    ("The junta carried out its first execution since 1993 on a disused airfield.", "execution",
     EventDate("2024-03-12", "week", "publication")),
])
def test_dates_come_from_the_events_own_clause(nlp, text, word, expected) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    trigger = _trigger(doc, word)
    assert resolve_date(trigger.sent, PUBLISHED, trigger=trigger, speech=SPEECH) == expected


@pytest.mark.parametrize(("text", "word", "with_date", "without_date"), [
    ("Last week, the rebels abducted a priest near Bunia.", "abducted", False, True),
    ("Two weeks ago, the rebels abducted a priest near Bunia.", "abducted", False, True),
    ("On Sunday, the rebels abducted a priest near Bunia.", "abducted", False, False),
    ("In January, the rebels abducted a priest near Bunia.", "abducted", False, True),
    ("On 2 February, the rebels abducted a priest near Bunia.", "abducted", False, False),
    ("In 2019, the rebels abducted a priest near Bunia.", "abducted", False, False),
])
def test_dates_background_is_what_no_date_places_among_the_news(nlp, text, word, with_date,
                                                                without_date) -> None:  # type: ignore[no-untyped-def]
    """With a publication date everything is dated to its own time; in a story without one, a
    month or an earlier week cannot be, and is background (#19)."""
    doc = nlp(text)
    trigger = next(t for t in doc if t.text == word)
    assert dated_background(doc[:], date(2024, 3, 12), trigger=trigger) is with_date
    assert dated_background(doc[:], None, trigger=trigger) is without_date
    assert dated_background(doc[:], None, trigger=trigger, story=False) is False


def test_dates_a_relative_clause_tells_its_own_time(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The mayor, who took office in January, pledged to disarm the gangs.")
    trigger = next(t for t in doc if t.text == "pledged")
    assert resolve_date(doc[:], date(2024, 3, 12), trigger=trigger) == EventDate(
        "2024-03-12", "week", "publication")


def test_dates_can_date_needs_a_publication_date_for_a_month_or_a_day() -> None:
    assert [can_date("in 2019", None), can_date("late August", None),
            can_date("late August", date(2024, 3, 12)), can_date("Friday", None)] == [
        True, False, True, False]


def test_dates_a_placing_participle_has_no_time_of_its_own(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "a school located in Tank district on Friday": Friday dates the attack, though the
    parser hangs it on "located"; a full relative clause keeps its own time."""
    doc = nlp("Gunmen blew up a school located in Tank district on Friday.")
    trigger = next(t for t in doc if t.text == "blew")
    assert resolve_date(doc[:], date(2024, 3, 12), trigger=trigger) == EventDate(
        "2024-03-08", "day", "relative")
