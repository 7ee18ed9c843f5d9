"""Incidents: one attack told by several outlets merges; distinct attacks stay apart."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from flashpoint.analysis import Incident, IncidentParams, cluster_incidents, credible_toll
from flashpoint.analysis.incidents import haversine_km, incident_mapping, same_happening
from flashpoint.records import ActorRef, Event, EventDate, Fatalities, Place, Span

ISWAP = ActorRef("ISWAP fighters", "ISWAP", "NGA", "REB", "Islamic State West Africa Province")
GUNMEN = ActorRef("gunmen", "UNKNOWN", None, "REB", None)
NGA_MIL = ActorRef("Nigerian soldiers", "NGA.MIL", "NGA", "MIL", "Nigerian Army")
NGA_CVL = ActorRef("villagers", "NGA.CVL", "NGA", "CVL", None)
MONGUNO = Place("Monguno", "Monguno", "NGA", "Borno", 12.67, 13.61, "city")
MAIDUGURI = Place("Maiduguri", "Maiduguri", "NGA", "Borno", 11.85, 13.16, "city")
BORNO = Place("Borno State", None, "NGA", "Borno", 11.5, 13.0, "admin1")


def _event(event_id: str, doc_id: str, sentence: str, *, killed: int | None = None,
           killed_min: int | None = None, injured: int | None = None,
           source: ActorRef | None = ISWAP, target: ActorRef | None = NGA_MIL,
           place: Place | None = MONGUNO, day: str = "2023-06-12", type: str = "ASSAULT",
           mode: str | None = "small-arms", modality: str = "asserted",
           confidence: float = 0.8, start: int = 0) -> Event:
    return Event(
        event_id=event_id, doc_id=doc_id, sentence=1,
        evidence=Span(sentence, start, start + len(sentence)), type=type, mode=mode,
        cameo="190", quad_class=4, goldstein=-10.0, modality=modality, source=source,
        target=target, reported_by=None, location=place,
        date=EventDate(day, "day", "explicit"),
        fatalities=Fatalities(killed, killed if killed_min is None else killed_min, injured,
                              injured),
        confidence=confidence, coder="rules/0.3.0")


THREE_OUTLETS = [
    _event("wire-a-1", "wire-a", "ISWAP fighters killed nine soldiers in an attack on an army "
           "base in Monguno on Monday, a military source said.", killed=9, injured=4),
    _event("paper-b-1", "paper-b", "At least 11 troops died when insurgents stormed the "
           "Monguno barracks late on Monday.", killed=11, killed_min=11,
           source=GUNMEN, place=Place("Monguno barracks", "Monguno", "NGA", "Borno", 12.66,
                                      13.60, "point"), mode="heavy-weapons"),
    _event("radio-c-1", "radio-c", "The death toll from Monday's jihadist raid on the base "
           "in Monguno rose to 12 soldiers, with 7 wounded.", killed=12, injured=7,
           day="2023-06-13", confidence=0.9),
]


def test_analysis_three_reports_of_one_attack_merge_with_a_credible_toll() -> None:
    incidents = cluster_incidents(THREE_OUTLETS)

    assert len(incidents) == 1
    incident = incidents[0]
    assert incident.event_ids == ("paper-b-1", "radio-c-1", "wire-a-1")
    assert incident.doc_ids == ("paper-b", "radio-c", "wire-a")
    assert (incident.n_events, incident.n_sources) == (3, 3)
    # The highest figure, not a sum (32) and not the first report (9).
    assert (incident.killed, incident.killed_reports, incident.injured) == (12, (9, 11, 12), 7)
    assert incident.source == ISWAP  # two outlets name ISWAP, one says "insurgents"
    assert incident.target == NGA_MIL
    assert incident.location is not None and incident.location.precision == "point"
    assert incident.date == EventDate("2023-06-12", "day", "explicit")
    assert incident.last_date == "2023-06-13"
    assert incident.evidence == tuple(e.evidence.text for e in sorted(
        THREE_OUTLETS, key=lambda e: e.doc_id))


def test_analysis_incident_id_is_stable_whatever_the_input_order() -> None:
    forward = cluster_incidents(THREE_OUTLETS)
    backward = cluster_incidents(list(reversed(THREE_OUTLETS)))

    assert forward == backward
    assert forward[0].incident_id.startswith("inc-")
    assert incident_mapping(forward) == {
        "paper-b-1": forward[0].incident_id, "radio-c-1": forward[0].incident_id,
        "wire-a-1": forward[0].incident_id}


def test_analysis_two_attacks_same_day_far_apart_stay_separate() -> None:
    monguno = _event("wire-a-1", "wire-a", "Gunmen killed four villagers in Monguno.",
                     killed=4, source=GUNMEN, target=NGA_CVL)
    maiduguri = _event("wire-b-1", "wire-b", "Gunmen killed five villagers in Maiduguri.",
                       killed=5, source=GUNMEN, target=NGA_CVL, place=MAIDUGURI)

    incidents = cluster_incidents([monguno, maiduguri])

    assert haversine_km(12.67, 13.61, 11.85, 13.16) > 90
    assert [i.event_ids for i in incidents] == [("wire-a-1",), ("wire-b-1",)]


def test_analysis_two_attacks_in_one_article_stay_separate() -> None:
    text = "Gunmen attacked a checkpoint. Separately, gunmen raided a market in Borno."
    first = _event("doc-1-a", "doc-1", text[:29], source=GUNMEN, place=None, killed=2)
    second = _event("doc-1-b", "doc-1", text[30:], source=GUNMEN, place=BORNO, killed=3,
                    start=30)

    assert [i.n_events for i in cluster_incidents([first, second])] == [1, 1]


def test_analysis_one_article_telling_the_same_attack_twice_merges() -> None:
    first = _event("doc-1-a", "doc-1", "ISWAP attacked the Monguno base.", killed=9)
    again = _event("doc-1-b", "doc-1", "The assault on the base in Monguno lasted hours.",
                   start=40)

    assert [i.event_ids for i in cluster_incidents([first, again])] == [("doc-1-a", "doc-1-b")]


@pytest.mark.parametrize(
    ("other", "merged"),
    [
        (dict(killed=40), False),                      # 3 vs 40: two different incidents
        (dict(killed=5), True),                        # within the slack of early counts
        (dict(day="2023-06-20"), False),               # a week later
        (dict(type="PROTEST", mode=None), False),      # another kind of happening
        (dict(target=NGA_CVL), True),                  # same country, different sector
        (dict(target=ActorRef("Chadian troops", "TCD.MIL", "TCD", "MIL")), False),
        (dict(source=GUNMEN), True),                   # an unnamed attacker may be ISWAP
        (dict(place=None), True),                      # a report that names no place
        (dict(place=MAIDUGURI), False),
        (dict(modality="negated"), False),             # "the army denied any attack"
        (dict(modality="alleged"), True),
    ],
)
def test_analysis_compatibility_rules(other: dict[str, object], merged: bool) -> None:
    base = _event("a-1", "a", "ISWAP killed three soldiers in Monguno.", killed=3)
    fields: dict[str, object] = {"killed": 3, **other}
    candidate = _event("b-1", "b", "Three soldiers were killed.", **fields)  # type: ignore[arg-type]

    assert same_happening(base, candidate) is merged
    assert len(cluster_incidents([base, candidate])) == (1 if merged else 2)


def test_analysis_complete_linkage_does_not_chain() -> None:
    # A road ambush halfway between two towns ~100 km apart: within 60 km of each town, so
    # single linkage would chain all three into one incident; complete linkage cannot.
    halfway = Place("Maiduguri-Monguno road", None, "NGA", "Borno", 12.26, 13.385, "point")
    events = [
        _event("a-1", "a", "Gunmen hit Maiduguri.", place=MAIDUGURI, source=GUNMEN),
        _event("b-1", "b", "Gunmen ambushed a convoy on the road.", place=halfway,
               source=GUNMEN),
        _event("c-1", "c", "Gunmen hit Monguno.", place=MONGUNO, source=GUNMEN),
    ]

    incidents = cluster_incidents(events, params=IncidentParams(max_km=60))

    assert haversine_km(11.85, 13.16, 12.67, 13.61) > 60
    assert sorted(i.n_events for i in incidents) == [1, 2]


@pytest.mark.parametrize(
    ("exact", "lower", "expected"),
    [
        ([9, 11, 12], [], (12, 12)),
        ([9, 11, 12, 140], [], (12, 12)),   # a cumulative toll misread as this attack's
        ([], [2, 24], (None, 24)),          # "several", "dozens"
        ([0, 0], [], (0, 0)),
        ([3], [5], (3, 5)),
    ],
)
def test_analysis_credible_toll(exact: list[int], lower: list[int],
                                expected: tuple[int | None, int | None]) -> None:
    assert credible_toll(exact, lower) == expected


def test_analysis_incident_row_matches_the_store_columns() -> None:
    incident: Incident = cluster_incidents(THREE_OUTLETS)[0]

    row = incident.to_row()

    assert dataclasses.is_dataclass(incident)
    assert row == {
        "incident_id": incident.incident_id, "type": "ASSAULT",
        "first_date": date(2023, 6, 12), "last_date": date(2023, 6, 13),
        "source_actor": "ISWAP", "target_actor": "NGA.MIL", "country": "NGA",
        "killed": 12, "injured": 7, "n_events": 3, "n_sources": 3,
        "lat": 12.66, "lon": 13.60,
    }


def test_analysis_publishers_count_as_one_source() -> None:
    incidents = cluster_incidents(
        THREE_OUTLETS, publishers={"wire-a": "Lake Chad Wire", "paper-b": "Lake Chad Wire"})

    assert (incidents[0].n_events, incidents[0].n_sources) == (3, 2)
