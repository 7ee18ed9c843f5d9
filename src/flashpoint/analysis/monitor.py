"""The analyses run over a store: incidents refreshed after a run, dyad reports, alert scans.

This is where `analysis` meets `store`: it calls `Store` methods only (no SQL), so the CLI and
the HTTP API share one implementation of "what does this dyad look like" and "what is alarming".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flashpoint.analysis.alerts import Alert, raise_alerts
from flashpoint.analysis.dyads import (
    DyadRow,
    Period,
    Trend,
    involves,
    period_end,
    rows_from_points,
    trend,
)
from flashpoint.analysis.escalation import EscalationParams, detect_escalation
from flashpoint.analysis.incidents import (
    IncidentParams,
    cluster_incidents,
    firm_day,
    incident_mapping,
    neighbour_days,
    rejoin_incidents,
)
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
    """Cluster every stored event into incidents and record them; returns how many.

    One clustering over the whole store, not month by month: an incident across a month's
    end stays whole, and `update_incidents` (what runs and the monitor use) equals it. The
    date-sorted sweep of `cluster_incidents` keeps the work near-linear.
    """
    events = [e for e in store.events() if e.modality != "negated"]
    publishers = {a.doc_id: a.publisher for a in store.articles() if a.publisher}
    incidents = cluster_incidents(events, params=params or IncidentParams(),
                                  publishers=publishers)
    store.set_incidents(incident_mapping(incidents), [i.to_row() for i in incidents])
    return len(incidents)


@dataclass(frozen=True, slots=True)
class IncidentUpdate:
    """What an incremental incident update did: events seen, incidents written and replaced."""

    events: int
    written: int
    replaced: int



def update_incidents(store: Store, new: Sequence[Event], *,
                     params: IncidentParams | None = None) -> IncidentUpdate:
    """Fold `new` events into the stored incidents, touching only those they can join.

    The monitor calls this after each poll instead of `refresh_incidents`, so the work is
    proportional to the new events and their neighbourhood, not to the whole store.
    """
    params = params or IncidentParams()
    new = [e for e in new if e.modality != "negated"]
    if not new:
        return IncidentUpdate(0, 0, 0)
    days = [day for e in new if (day := firm_day(e)) is not None]
    # Only firmly dated events join other articles', so an incident a new event can join has
    # a member within the window plus two week-slacks of it (`neighbour_days`).
    pad = timedelta(days=neighbour_days(params))
    neighbours = store.incident_neighbours(min(days) - pad, max(days) + pad) if days else {}
    members = [e for group in neighbours.values() for e in group]
    publishers = store.publishers({e.doc_id for e in [*new, *members]})
    incidents, touched = rejoin_incidents(new, neighbours, params=params,
                                          publishers=publishers)
    kept = {incident.incident_id for incident in incidents}
    store.drop_incidents(touched - kept)
    store.set_incidents(incident_mapping(incidents), [i.to_row() for i in incidents])
    return IncidentUpdate(len(new), len(incidents), len(touched - kept))


def touched_dyads(events: Iterable[Event], *, also: Iterable[tuple[str, str]] = ()
                  ) -> list[tuple[str, str]]:
    """The country pairs `events` are between (sorted pairs), plus the `also` pairs they touch.

    `also` holds watched dyads (actor ids or countries); one is touched when an event's
    source and target match its two sides, either way round.
    """
    pairs: set[tuple[str, str]] = set()
    watched = [(a, b) for a, b in also]
    for event in events:
        src, tgt = event.source, event.target
        if src and tgt and src.country and tgt.country and src.country != tgt.country:
            first, second = sorted((src.country, tgt.country))
            pairs.add((first, second))
        for a, b in watched:
            if involves(event, a, b):
                pairs.add((a, b))
    return sorted(pairs)


def dyad_report(store: Store, a: str, b: str, *, by: Period = "week",
                since: date | None = None, until: date | None = None,
                params: EscalationParams | None = None) -> DyadReport:
    """Series, trend and alerts for the pair (a, b): actor ids or ISO3 countries."""
    rows = rows_from_points(store.dyad_series(a, b, by=by, since=since, until=until))
    return _report(store, a, b, by, rows, params or EscalationParams())


def _report(store: Store, a: str, b: str, by: Period, rows: list[DyadRow],
            params: EscalationParams) -> DyadReport:
    # the pair's events in the alarm windows only, in one store query (#18)
    windows = detect_escalation(rows, params=params)
    spans = [(w.start, period_end(w.end, by)) for w in windows]
    # raise_alerts cites conflict events (quad classes 3 and 4) only
    pool = store.dyad_events(a, b, spans=spans, quad_classes=(3, 4)) if spans else []
    alerts = raise_alerts(rows, pool, a=a, b=b, by=by, params=params,
                          windows=windows) if rows else []
    return DyadReport(a, b, by, rows, trend(rows) if rows else trend([]), alerts)


def active_dyads(store: Store, *, top: int = 10) -> list[tuple[str, str, int]]:
    """The most active country pairs (asserted events between two different countries),
    counted by the store (#18)."""
    return store.country_pairs(modality="asserted", top=top)


def scan_alerts(store: Store, *, by: Period = "week", since: date | None = None,
                top: int = 10) -> list[Alert]:
    """Alerts on the most active country pairs, newest first."""
    alerts: list[Alert] = []
    pairs = [(a, b) for a, b, _ in active_dyads(store, top=top)]
    # every pair's series in one store query (#18)
    for (a, b), points in store.dyad_series_many(pairs, by=by).items():
        alerts += _report(store, a, b, by, rows_from_points(points),
                          EscalationParams()).alerts
    if since is not None:
        alerts = [x for x in alerts if x.end >= since]
    return sorted(alerts, key=lambda x: x.start, reverse=True)
