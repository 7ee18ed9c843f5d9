"""Incidents join reports only when the happening matches (#19 item 7).

Reports from different articles must share a country or a named actor and carry firm dates;
an undated or month-dated report stays with its own article; one article telling a happening
twice does not split it when other outlets told it twice too.
"""

from __future__ import annotations

import dataclasses

import pytest

from flashpoint.analysis import cluster_incidents
from flashpoint.analysis.incidents import happening_keys, same_happening
from flashpoint.records import ActorRef, Event, EventDate, Fatalities, Place, Span

ATTACKERS = ActorRef("gunmen", "UNKNOWN", None, "REB", None)
MOZ_POLICE = ActorRef("police officers", "MOZ.POL", "MOZ", "POL", None)
MOZ_CVL = ActorRef("villagers", "MOZ.CVL", "MOZ", "CVL", None)
TZA_CVL = ActorRef("villagers", "TZA.CVL", "TZA", "CVL", None)
PEMBA = Place("Pemba", "Pemba", "MOZ", "Cabo Delgado", -12.97, 40.52, "city")
MOCIMBOA = Place("Mocimboa da Praia", "Mocimboa da Praia", "MOZ", "Cabo Delgado", -11.35,
                 40.35, "city")
MTWARA = Place("Mtwara", "Mtwara", "TZA", "Mtwara", -10.27, 40.18, "city")


def _report(event_id: str, doc_id: str, text: str, *, day: str | None = "2025-04-14",
            precision: str = "day", basis: str = "relative",
            source: ActorRef | None = ATTACKERS, target: ActorRef | None = MOZ_POLICE,
            place: Place | None = PEMBA, killed: int | None = 6, start: int = 0,
            type: str = "ASSAULT") -> Event:
    return Event(
        event_id=event_id, doc_id=doc_id, sentence=1, evidence=Span(text, start,
                                                                     start + len(text)),
        type=type, mode=None, cameo="190", quad_class=4, goldstein=-10.0,
        modality="asserted", source=source, target=target, reported_by=None, location=place,
        date=EventDate(day, precision, basis) if day else None,  # type: ignore[arg-type]
        fatalities=Fatalities(killed, killed, None, None), confidence=0.8,
        coder="rules/0.3.0")


BASE = _report("radio-1", "radio", "Gunmen killed six police officers at a post in Pemba on "
               "Monday, the provincial command said.")


@pytest.mark.parametrize(
    ("changes", "joined"),
    [
        ({}, True),
        # no date in the other report: it fits any day, so it is no ground to join
        ({"day": None}, False),
        # a month-precise date ("in April") fits thirty days
        ({"day": "2025-04-01", "precision": "month"}, False),
        # same type and day, another country
        ({"place": MTWARA, "target": TZA_CVL}, False),
        # nothing names a country or an actor: nothing says it is the same happening
        ({"place": None, "target": None}, False),
        # a date taken from the article's own date, a week later
        ({"day": "2025-04-21", "precision": "week", "basis": "publication"}, False),
        # the same, one day later: a report on the day after
        ({"day": "2025-04-15", "precision": "week", "basis": "publication"}, True),
        # the same country, the same day, another town
        ({"place": MOCIMBOA}, False),
    ],
)
def test_incident_matching_across_articles(changes: dict[str, object], joined: bool) -> None:
    other = _report("paper-1", "paper", "Six officers died when attackers stormed the police "
                    "post.", **changes)  # type: ignore[arg-type]

    assert same_happening(BASE, other) is joined
    assert sorted(i.doc_ids for i in cluster_incidents([BASE, other])) == (
        [("paper", "radio")] if joined else [("paper",), ("radio",)])


def test_incident_matching_undated_reports_never_join_other_articles() -> None:
    # Two undated ambushes in one province, same toll, told by two outlets: nothing dates
    # them, so they stay apart even though place and toll agree.
    first = _report("a-1", "a", "Gunmen killed six officers in Pemba.", day=None)
    second = _report("b-1", "b", "Six officers were killed in an ambush in Pemba.", day=None)
    dated = _report("c-1", "c", "Insurgents killed six policemen in Pemba on Monday.")

    incidents = cluster_incidents([first, second, dated])

    assert sorted(i.doc_ids for i in incidents) == [("a",), ("b",), ("c",)]


def test_incident_matching_undated_mention_still_joins_its_own_article() -> None:
    headline = _report("a-1", "a", "Six officers killed in Pemba attack")
    later = _report("a-2", "a", "The attack on the post in Pemba lasted an hour.", day=None,
                    killed=None, start=60)

    assert [i.event_ids for i in cluster_incidents([headline, later])] == [("a-1", "a-2")]


def test_incident_matching_two_articles_each_telling_it_twice_make_one_incident() -> None:
    # Each outlet has a lead naming the place and a later sentence that does not; the coder
    # left both mentions apart. Four events, two articles, one happening.
    lead_a = _report("a-1", "a", "Gunmen killed six police officers in Pemba on Monday.")
    later_a = _report("a-2", "a", "The attackers fled after the raid on Monday.", place=None,
                      killed=None, start=80)
    lead_b = _report("b-1", "b", "Six policemen died in an attack on a post in Pemba.")
    later_b = _report("b-2", "b", "Witnesses said the raid on Monday lasted an hour.",
                      place=None, killed=None, start=90)

    incidents = cluster_incidents([lead_a, later_a, lead_b, later_b])

    assert [i.event_ids for i in incidents] == [("a-1", "a-2", "b-1", "b-2")]
    assert (incidents[0].killed, incidents[0].n_sources) == (6, 2)


def test_incident_matching_one_article_with_two_attacks_and_one_other_report() -> None:
    # Article a tells two attacks in two towns; article b tells only the Pemba one.
    pemba = _report("a-1", "a", "Gunmen killed six officers in Pemba on Monday.")
    mocimboa = _report("a-2", "a", "In Mocimboa da Praia, attackers killed two villagers.",
                       place=MOCIMBOA, target=MOZ_CVL, killed=2, start=70)
    other = _report("b-1", "b", "Six police officers were killed in Pemba.")

    incidents = cluster_incidents([pemba, mocimboa, other])

    assert sorted(i.event_ids for i in incidents) == [("a-1", "b-1"), ("a-2",)]


def test_incident_matching_keys_are_countries_and_named_actors() -> None:
    unnamed = dataclasses.replace(BASE, target=None, location=None)

    assert happening_keys(BASE) == frozenset({"MOZ", "MOZ.POL"})
    assert happening_keys(unnamed) == frozenset()
