"""Dyad series: undirected, incidents counted once, empty periods filled, trend labelled."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from flashpoint.analysis import (
    DyadRow,
    cluster_incidents,
    counts_by_modality,
    dyad_series,
    incident_mapping,
    rows_from_points,
    trend,
)
from flashpoint.analysis.dyads import next_period, period_start
from flashpoint.errors import ConfigError
from flashpoint.records import ActorRef, Event, EventDate, Fatalities, Place, Span

ETH_MIL = ActorRef("Ethiopian troops", "ETH.MIL", "ETH", "MIL", "Ethiopian National Defense Force")
ERI_MIL = ActorRef("Eritrean forces", "ERI.MIL", "ERI", "MIL", "Eritrean Defence Forces")
ERI_GOV = ActorRef("Asmara", "ERI.GOV", "ERI", "GOV", "Government of Eritrea")
SDN_GOV = ActorRef("Khartoum", "SDN.GOV", "SDN", "GOV", "Government of Sudan")
BADME = Place("Badme", "Badme", "ERI", "Gash-Barka", 14.73, 37.80, "city")


def _event(event_id: str, day: str, *, source: ActorRef = ETH_MIL, target: ActorRef = ERI_MIL,
           quad_class: int = 4, goldstein: float = -10.0, killed: int | None = None,
           modality: str = "asserted", doc_id: str | None = None, type: str = "ASSAULT",
           confidence: float = 0.8) -> Event:
    text = f"{source.text} and {target.text}: {type.lower()} near Badme."
    return Event(
        event_id=event_id, doc_id=doc_id or f"doc-{event_id}", sentence=0,
        evidence=Span(text, 0, len(text)), type=type, mode=None, cameo="19",
        quad_class=quad_class, goldstein=goldstein, modality=modality, source=source,
        target=target, reported_by=None, location=BADME, date=EventDate(day, "day", "explicit"),
        fatalities=Fatalities(killed, killed, None, None), confidence=confidence)


# Weeks of 2023-05-01 (Mon) and 2023-05-15; the week of 2023-05-08 is empty.
SHELLING = [  # one shelling told by two outlets, in both directions of the dyad
    _event("w-1", "2023-05-02", killed=4, doc_id="wire"),
    _event("p-1", "2023-05-03", source=ERI_MIL, target=ETH_MIL, killed=6, doc_id="paper",
           confidence=0.9),
]
LATER = [
    _event("w-2", "2023-05-16", type="ACCUSE", quad_class=3, goldstein=-2.0,
           source=ERI_GOV, target=ETH_MIL),
    _event("w-3", "2023-05-17", type="CONSULT", quad_class=1, goldstein=1.0,
           source=ETH_MIL, target=ERI_GOV),
    _event("w-4", "2023-05-18", modality="alleged", killed=30),
    _event("w-5", "2023-05-18", source=SDN_GOV, target=ERI_GOV),  # another dyad
]
EVENTS = SHELLING + LATER


def test_analysis_dyad_series_counts_incidents_once_undirected_and_fills_zero_weeks() -> None:
    mapping = incident_mapping(cluster_incidents(EVENTS))

    rows = dyad_series(EVENTS, "ERI", "ETH", by="week", incidents=mapping)

    assert mapping["w-1"] == mapping["p-1"]
    assert rows == [
        DyadRow(date(2023, 5, 1), 0, 0, 0, 1, -10.0, -10.0, killed=6, injured=0, n_events=1),
        DyadRow(date(2023, 5, 8), 0, 0, 0, 0, 0.0, None, killed=0, injured=0, n_events=0),
        DyadRow(date(2023, 5, 15), 1, 0, 1, 0, -1.0, -0.5, killed=0, injured=0, n_events=2),
    ]


def test_analysis_dyad_series_without_incidents_counts_each_report() -> None:
    rows = dyad_series(EVENTS, "ETH.MIL", "ERI", by="week")

    assert [(r.period, r.n_q4, r.killed) for r in rows] == [
        (date(2023, 5, 1), 2, 10), (date(2023, 5, 8), 0, 0), (date(2023, 5, 15), 0, 0)]


def test_analysis_counts_by_modality_keeps_alleged_apart_on_the_same_periods() -> None:
    series = counts_by_modality(EVENTS, "ERI", "ETH", by="week")

    assert [r.period for r in series["alleged"]] == [r.period for r in series["asserted"]]
    assert [(r.n_q4, r.killed) for r in series["alleged"]] == [(0, 0), (0, 0), (1, 30)]
    assert sum(r.n_events for r in series["negated"]) == 0


def test_analysis_dyad_series_by_month_and_fixed_range() -> None:
    rows = dyad_series(EVENTS, "ERI", "ETH", by="month", since=date(2023, 4, 10),
                       until=date(2023, 6, 30))

    assert [(r.period, r.n_events) for r in rows] == [
        (date(2023, 4, 1), 0), (date(2023, 5, 1), 4), (date(2023, 6, 1), 0)]


def test_analysis_dyad_series_rejects_an_unknown_period() -> None:
    with pytest.raises(ConfigError, match="fortnight"):
        dyad_series(EVENTS, "ERI", "ETH", by="fortnight")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "by", "start", "following"),
    [
        (date(2023, 5, 18), "week", date(2023, 5, 15), date(2023, 5, 22)),
        (date(2023, 12, 31), "month", date(2023, 12, 1), date(2024, 1, 1)),
        (date(2024, 2, 29), "day", date(2024, 2, 29), date(2024, 3, 1)),
    ],
)
def test_analysis_periods(day: date, by: str, start: date, following: date) -> None:
    assert period_start(day, by) == start  # type: ignore[arg-type]
    assert next_period(start, by) == following  # type: ignore[arg-type]


def _weekly(counts: list[int]) -> list[DyadRow]:
    monday = date(2023, 1, 2)
    return [DyadRow(monday + timedelta(weeks=i), 0, 0, 0, c, -10.0 * c, None, 0, 0, c)
            for i, c in enumerate(counts)]


@pytest.mark.parametrize(
    ("counts", "label"),
    [
        ([1, 2, 2, 3, 4, 4, 5, 6, 7, 7], "deteriorating"),
        ([7, 6, 6, 5, 4, 4, 3, 2, 2, 1], "improving"),
        ([3, 4, 3, 2, 3, 4, 3, 3, 2, 4], "stable"),
        ([0, 0, 0, 0, 0, 0], "stable"),
        ([5, 9], "stable"),  # too short to say
    ],
)
def test_analysis_trend_labels(counts: list[int], label: str) -> None:
    assert trend(_weekly(counts)).label == label


def test_analysis_trend_reports_the_numbers() -> None:
    result = trend(_weekly([2, 3, 4, 5, 6, 7]))

    assert (round(result.slope, 6), round(result.intercept, 6)) == (1.0, 2.0)
    assert (result.mean, result.n_periods, result.p_value) == (4.5, 6, 0.0)
    assert round(result.relative_slope, 4) == round(1 / 4.5, 4)


def test_analysis_rows_from_store_points_keep_every_figure() -> None:
    class Point:  # the shape of store.queries.DyadPoint
        period = date(2023, 5, 1)
        n_events, quad1, quad2, quad3, quad4 = 5, 1, 0, 1, 3
        goldstein_sum, goldstein_mean, killed, injured = -31.0, -6.2, 6, 2

    assert rows_from_points([Point()]) == [
        DyadRow(date(2023, 5, 1), 1, 0, 1, 3, -31.0, -6.2, 6, 2, 5)]
