"""Alerts: an escalation window explained by its baseline, its change and its evidence."""

from __future__ import annotations

from datetime import date, timedelta

from flashpoint.analysis import (
    Alert,
    cluster_incidents,
    dyad_series,
    incident_mapping,
    raise_alerts,
)
from flashpoint.records import ActorRef, Event, EventDate, Fatalities, Place, Span

SAF = ActorRef("the army", "SDN.MIL", "SDN", "MIL", "Sudanese Armed Forces")
RSF = ActorRef("the RSF", "RSF", "SDN", "REB", "Rapid Support Forces")
TOWNS = [
    Place("El Fasher", "El Fasher", "SDN", "North Darfur", 13.63, 25.35, "city"),
    Place("Nyala", "Nyala", "SDN", "South Darfur", 12.05, 24.88, "city"),
    Place("El Obeid", "El Obeid", "SDN", "North Kordofan", 13.18, 30.22, "city"),
    Place("Wad Madani", "Wad Madani", "SDN", "Gezira", 14.40, 33.52, "city"),
    Place("Khartoum", "Khartoum", "SDN", "Khartoum", 15.50, 32.56, "city"),
]
MONDAY = date(2023, 1, 2)
# Conflict clashes per week: about one a week for 30 weeks, then a surge, then a lull.
WEEKLY = [1, 0, 2, 1, 1, 0, 1, 2, 1, 0, 1, 1, 2, 0, 1, 1, 0, 1, 2, 1,
          1, 0, 1, 1, 2, 1, 0, 1, 1, 1, 4, 5, 5, 4, 1, 0]
BIG_ATTACK = "RSF fighters shelled the main market in El Fasher, killing 14 people."


def _clash(event_id: str, day: date, town: Place, *, killed: int = 1, doc_id: str | None = None,
           text: str | None = None) -> Event:
    sentence = text or f"The army and the RSF clashed in {town.name} on {day.isoformat()}."
    return Event(
        event_id=event_id, doc_id=doc_id or f"doc-{event_id}", sentence=0,
        evidence=Span(sentence, 0, len(sentence)), type="ASSAULT", mode="small-arms",
        cameo="190", quad_class=4, goldstein=-10.0, modality="asserted", source=RSF,
        target=SAF, reported_by=None, location=town, date=EventDate(day.isoformat(), "day"),
        fatalities=Fatalities(killed, killed, None, None), confidence=0.8)


def _events() -> list[Event]:
    events: list[Event] = []
    for week, count in enumerate(WEEKLY):
        for n in range(count):
            day = MONDAY + timedelta(weeks=week, days=n)
            events.append(_clash(f"w{week}-{n}", day, TOWNS[n]))
    # The surge's worst day, told by three outlets (the toll rises from 11 to 14).
    day = MONDAY + timedelta(weeks=31, days=5)
    for doc_id, killed in (("sudan-tribune", 11), ("darfur-radio", 14), ("wire-x", 13)):
        events.append(_clash(f"{doc_id}-1", day, TOWNS[0], killed=killed, doc_id=doc_id,
                             text=BIG_ATTACK if doc_id == "darfur-radio" else None))
    return events


def _alerts() -> tuple[list[Alert], list[Event]]:
    events = _events()
    mapping = incident_mapping(cluster_incidents(events))
    rows = dyad_series(events, "SDN.MIL", "RSF", by="week", incidents=mapping)
    return raise_alerts(rows, events, a="SDN.MIL", b="RSF", by="week"), events


def test_analysis_alert_names_window_baseline_change_and_evidence() -> None:
    alerts, _ = _alerts()

    assert len(alerts) == 1
    alert = alerts[0]
    assert (alert.start, alert.end) == (date(2023, 7, 31), date(2023, 9, 3))
    assert alert.baseline == 24 / 26  # 24 clashes in the 26 weeks before the surge
    assert alert.ratio > 3
    top = alert.drivers[0]
    assert (top.killed, top.n_sources, len(top.event_ids)) == (14, 3, 3)
    assert BIG_ATTACK in top.evidence
    text = alert.explain()
    assert text.startswith(
        "SDN.MIL–RSF escalated over the 5 weeks from 2023-07-31 to 2023-09-03: 20 conflict "
        "events (4.0 a week) against a baseline of 0.9 a week over the previous 26 weeks, "
        "4.3 times the usual level (z = 7.2, p = 1e-07; CUSUM score 9.5, alarm in the week "
        "of 2023-08-14).")
    assert (f'Driving it, of 20 incidents in the window: 2023-08-12 ASSAULT, 14 killed, '
            f'3 sources: "{BIG_ATTACK}"; 2023-07-31 ASSAULT, 1 killed, 1 source:') in text


def test_analysis_alert_takes_a_callable_over_the_window() -> None:
    alerts, events = _alerts()
    asked: list[tuple[date, date]] = []

    def between(first: date, last: date) -> list[Event]:
        asked.append((first, last))
        return [e for e in events if e.date and first.isoformat() <= (e.date.value or "")
                <= last.isoformat()]

    mapping = incident_mapping(cluster_incidents(events))
    rows = dyad_series(events, "SDN.MIL", "RSF", by="week", incidents=mapping)
    again = raise_alerts(rows, between, a="SDN.MIL", b="RSF", by="week")

    assert asked == [(date(2023, 7, 31), date(2023, 9, 3))]
    assert again == alerts


def test_analysis_no_alert_on_a_steady_dyad() -> None:
    events = [e for e in _events() if e.date and e.date.value and e.date.value < "2023-07-31"]
    rows = dyad_series(events, "SDN.MIL", "RSF", by="week")

    assert raise_alerts(rows, events, a="SDN.MIL", b="RSF") == []
