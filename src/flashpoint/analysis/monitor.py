"""The analyses run over a store: incidents refreshed after a run, dyad reports, alert scans.

This is where `analysis` meets `store`: it calls `Store` methods only (no SQL), so the CLI and
the HTTP API share one implementation of "what does this dyad look like" and "what is alarming".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from flashpoint.analysis.alerts import Alert, raise_alerts
from flashpoint.analysis.dyads import DyadRow, Period, Trend, rows_from_points, trend
from flashpoint.analysis.escalation import EscalationParams
from flashpoint.analysis.incidents import IncidentParams, cluster_incidents, incident_mapping
from flashpoint.records import Event
from flashpoint.store.db import Store


@dataclass(frozen=True, slots=True)
class DyadReport:
    """A dyad's series, its trend and the alerts raised on it."""

    a: str
    b: str
    by: Period
    rows: list[DyadRow]
    trend: Trend
    alerts: list[Alert]


def refresh_incidents(store: Store, *, params: IncidentParams | None = None) -> int:
    """Cluster the stored events into incidents and record them; returns how many.

    Events are clustered month by month: an incident lasts days, and this bounds the work on
    a large store.
    """
    events = [e for e in store.events() if e.modality != "negated"]
    by_month: dict[str, list[Event]] = {}
    for event in events:
        key = event.date.value[:7] if event.date and event.date.value else "undated"
        by_month.setdefault(key, []).append(event)
    total = 0
    publishers = {a.doc_id: a.publisher for a in store.articles() if a.publisher}
    for month_events in by_month.values():
        incidents = cluster_incidents(month_events, params=params or IncidentParams(),
                                      publishers=publishers)
        store.set_incidents(incident_mapping(incidents), [i.to_row() for i in incidents])
        total += len(incidents)
    return total


def dyad_report(store: Store, a: str, b: str, *, by: Period = "week",
                since: date | None = None, until: date | None = None,
                params: EscalationParams | None = None) -> DyadReport:
    """Series, trend and alerts for the pair (a, b): actor ids or ISO3 countries."""
    rows = rows_from_points(store.dyad_series(a, b, by=by, since=since, until=until))

    def between(first: date, last: date) -> list[Event]:
        return store.events(country=a, since=first, until=last) + store.events(
            actor=a, since=first, until=last)

    alerts = raise_alerts(rows, between, a=a, b=b, by=by,
                          params=params or EscalationParams()) if rows else []
    return DyadReport(a, b, by, rows, trend(rows) if rows else trend([]), alerts)


def active_dyads(store: Store, *, top: int = 10) -> list[tuple[str, str, int]]:
    """The most active country pairs (asserted events between two different countries)."""
    pairs: Counter[tuple[str, str]] = Counter()
    for event in store.events(modality="asserted"):
        src = event.source.country if event.source else None
        tgt = event.target.country if event.target else None
        if src and tgt and src != tgt:
            first, second = sorted((src, tgt))
            pairs[(first, second)] += 1
    return [(a, b, n) for (a, b), n in pairs.most_common(top)]


def scan_alerts(store: Store, *, by: Period = "week", since: date | None = None,
                top: int = 10) -> list[Alert]:
    """Alerts on the most active country pairs, newest first."""
    alerts: list[Alert] = []
    for a, b, _ in active_dyads(store, top=top):
        alerts += dyad_report(store, a, b, by=by).alerts
    if since is not None:
        alerts = [x for x in alerts if x.end >= since]
    return sorted(alerts, key=lambda x: x.start, reverse=True)
