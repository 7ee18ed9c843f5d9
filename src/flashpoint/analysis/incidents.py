"""Incidents: one happening reported by many articles, merged from their coded events.

This module owns grouping events that describe the same happening (by the pairwise rules of
`matching.py`) and what the merged incident says (who, where, when, the credible toll). It
does not read or write the store: the store keeps the `{event_id: incident_id}` mapping that
`incident_mapping` returns.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import TYPE_CHECKING

from flashpoint.analysis.matching import (
    ARMED_SECTORS,
    DATE_SLACK,
    IncidentParams,
    date_slack,
    firm_date,
    firm_day,
    happening_keys,
    haversine_km,
    neighbour_days,
    parse_date,
    places_compatible,
    same_happening,
    tolls_compatible,
    types_compatible,
)
from flashpoint.records import ActorRef, Event, EventDate, Place

if TYPE_CHECKING:
    from flashpoint.store.db import IncidentRow

# Re-exported: the matching rules were part of this module before #19 split them out.
__all__ = [
    "ARMED_SECTORS", "DATE_SLACK", "Incident", "IncidentParams", "cluster_incidents",
    "credible_toll", "firm_day", "happening_keys", "haversine_km", "incident_mapping",
    "neighbour_days", "places_compatible", "rejoin_incidents", "same_happening",
]

DEFAULT_PARAMS = IncidentParams()
_PLACE_RANK = {"point": 0, "city": 1, "district": 2, "admin1": 3, "region": 4, "country": 5}
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True, slots=True)
class Incident:
    """One happening, merged from the events of every article that reported it.

    `killed`/`injured` are the credible figure, never a sum of reports (see `credible_toll`);
    `killed_reports` keeps every exact figure so an analyst can see the spread. `date` is the
    earliest of the most precise dates, `last_date` the latest reported; `n_sources` counts
    distinct publishers (or articles when the publisher is unknown).
    """

    incident_id: str
    type: str
    mode: str | None
    modality: str
    source: ActorRef | None
    target: ActorRef | None
    location: Place | None
    date: EventDate | None
    last_date: str | None
    killed: int | None
    killed_min: int | None
    injured: int | None
    injured_min: int | None
    killed_reports: tuple[int, ...]
    n_events: int
    n_sources: int
    event_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    evidence: tuple[str, ...]
    quad_class: int | None = None
    goldstein: float | None = None
    confidence: float = 0.0
    severity: float = field(default=0.0, compare=False)

    def to_row(self) -> IncidentRow:
        """The `incidents` table row the store writes (`Store.set_incidents`)."""
        first = parse_date(self.date.value) if self.date and self.date.value else None
        last = parse_date(self.last_date) if self.last_date else None
        loc = self.location
        return {
            "incident_id": self.incident_id, "type": self.type,
            "first_date": first, "last_date": last,
            "source_actor": self.source.actor if self.source else None,
            "target_actor": self.target.actor if self.target else None,
            "country": loc.country if loc else None,
            "killed": self.killed if self.killed is not None else self.killed_min,
            "injured": self.injured if self.injured is not None else self.injured_min,
            "n_events": self.n_events, "n_sources": self.n_sources,
            "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        }


def cluster_incidents(
    events: Sequence[Event], *, params: IncidentParams = DEFAULT_PARAMS,
    publishers: Mapping[str, str] | None = None,
) -> list[Incident]:
    """Merge events from different articles that describe the same happening.

    Clustering is complete-linkage: an event joins a cluster only if it is compatible with
    every member, so "A near B, B near C" never chains A and C together. Events are visited in
    (date, event_id) order and each joins the largest compatible cluster (ties: the earliest),
    which makes the output independent of input order. `publishers` maps doc_id to publisher
    so that two articles of one outlet count as one source.
    """
    clusters: list[list[Event]] = []
    families: dict[str, list[Event]] = {}
    for event in events:
        families.setdefault(_family(event.type, params), []).append(event)
    for _, members in sorted(families.items()):
        clusters.extend(_merge_retold(_sweep(sorted(members, key=_visit_key), params),
                                      params))
    incidents = [_build(cluster, params, publishers or {}) for cluster in clusters]
    return sorted(incidents, key=lambda inc: (inc.date.value if inc.date and inc.date.value
                                              else "9999", inc.incident_id))


def rejoin_incidents(
    new: Sequence[Event], neighbours: Mapping[str, Sequence[Event]], *,
    params: IncidentParams = DEFAULT_PARAMS, publishers: Mapping[str, str] | None = None,
) -> tuple[list[Incident], set[str]]:
    """Incidents after `new` events arrive, re-clustering only what they can join (#17, #18).

    `neighbours` maps stored incident ids to all their members (those near the new events'
    dates). An incident is touched when a new event may be the same happening as one of its
    members; the new events and the touched incidents' members are clustered again, as
    `cluster_incidents` would cluster them. Stored incidents are looked up by type family,
    day and country or actor, so the work grows with the new events and their neighbourhood,
    not with the store.
    Returns the incidents to write and the touched ids.
    """
    reach = neighbour_days(params)
    index: dict[tuple[str, date, str], set[str]] = {}
    for incident_id, members in neighbours.items():
        for event in members:
            day = firm_day(event)
            if day is not None:
                family = _family(event.type, params)
                for key in happening_keys(event):
                    index.setdefault((family, day, key), set()).add(incident_id)
    touched: set[str] = set()
    for event in new:
        day = firm_day(event)
        if day is None:  # joins only its own article's mentions, which are all new
            continue
        family = _family(event.type, params)
        near = {incident_id for offset in range(-reach, reach + 1)
                for key in happening_keys(event)
                for incident_id in index.get((family, day + timedelta(days=offset), key), ())}
        for incident_id in sorted(near):
            if incident_id not in touched and any(
                    same_happening(event, other, params=params)
                    for other in neighbours[incident_id]):
                touched.add(incident_id)
    new_ids = {event.event_id for event in new}
    pool = list(new) + [event for incident_id in sorted(touched)
                        for event in neighbours[incident_id] if event.event_id not in new_ids]
    return cluster_incidents(pool, params=params, publishers=publishers), touched


def _family(event_type: str, params: IncidentParams) -> str:
    """Events of different families never merge, so each family is clustered on its own."""
    for group in params.compatible_types:
        if event_type in group:
            return "|".join(sorted(group))
    return event_type


def _sweep(events: Sequence[Event], params: IncidentParams) -> list[list[Event]]:
    """Complete-linkage clustering of date-sorted events of one family.

    A cluster whose latest member (plus its date slack) lies more than the window and the
    largest slack in the input before the current event can match no later dated event, so
    it is set aside: the sweep stays near-linear in a stream of daily reports. Active
    clusters are kept by country and actor, since another article's event must share one
    with each member. An event without a firm date joins only its own article's mentions
    (`matching._anchored`), so it is tried against its article's clusters alone.
    """
    margin = params.window_days + max(
        (date_slack(e.date)[0] for e in events if e.date and firm_date(e)), default=0)
    clusters: list[list[Event]] = []
    reach: list[date | None] = []
    # Clusters a firmly dated event of another article may join, by country or actor: such
    # a join needs a key shared with every member (`_anchored`), so with any one of them.
    active: dict[str, dict[int, None]] = {}
    of_doc: dict[str, list[int]] = {}
    for event in events:
        firm = firm_date(event)
        day = parse_date(event.date.value) if firm and event.date and event.date.value \
            else None
        keys = happening_keys(event) if day is not None else frozenset()
        own = of_doc.get(event.doc_id, [])
        found = set(own)
        for key in keys:
            alive = {i: None for i in active.get(key, {}) if _within(reach[i], day, margin)}
            active[key] = alive
            found.update(alive)
        best: int | None = None
        for i in sorted(found):
            if (best is None or len(clusters[i]) > len(clusters[best])) and all(
                same_happening(event, other, params=params) for other in clusters[i]
            ):
                best = i
        if best is None:
            clusters.append([event])
            reach.append(_reach(event, day))
            best = len(clusters) - 1
        else:
            clusters[best].append(event)
            new, old = _reach(event, day), reach[best]
            reach[best] = new if old is None or (new is not None and new > old) else old
        for key in keys:
            active.setdefault(key, {})[best] = None
        if best not in own:
            of_doc.setdefault(event.doc_id, []).append(best)
    return clusters


def _merge_retold(clusters: list[list[Event]], params: IncidentParams) -> list[list[Event]]:
    """Join clusters that two or more articles each told twice (#19).

    When an article's mentions of one happening were not merged by the coder (a headline and
    a later sentence with different details), the sweep, which keeps one article's events
    apart unless they name the same place, makes one cluster per mention, each holding the
    same articles. Clusters sharing at least two articles are joined when every pair across
    articles is one happening and no pair within an article names different places or tolls.
    """
    merged = [list(c) for c in clusters]
    alive = [True] * len(merged)
    changed = True
    while changed:
        changed = False
        by_docs: dict[str, list[int]] = {}
        for i, cluster in enumerate(merged):
            if alive[i]:
                for doc_id in {e.doc_id for e in cluster}:
                    by_docs.setdefault(doc_id, []).append(i)
        for i, cluster in enumerate(merged):
            if not alive[i] or len({e.doc_id for e in cluster}) < 2:
                continue
            shared = Counter(j for d in {e.doc_id for e in cluster} for j in by_docs[d] if j > i)
            for j in sorted(j for j, n in shared.items() if n >= 2 and alive[j]):
                if _retold(cluster, merged[j], params):
                    cluster.extend(merged[j])
                    alive[j] = False
                    changed = True
    return [c for c, keep in zip(merged, alive, strict=True) if keep]


def _retold(first: Sequence[Event], second: Sequence[Event], params: IncidentParams) -> bool:
    for a in first:
        for b in second:
            if a.doc_id != b.doc_id:
                if not same_happening(a, b, params=params):
                    return False
            elif not (places_compatible(a.location, b.location, max_km=params.max_km)
                      and tolls_compatible(a.fatalities, b.fatalities, params)
                      and types_compatible(a, b, params)):
                return False
    return True


def _within(reach: date | None, day: date | None, margin: int) -> bool:
    return reach is not None and day is not None and (day - reach).days <= margin


def _reach(event: Event, day: date | None) -> date | None:
    if day is None or event.date is None:
        return None
    return day + timedelta(days=date_slack(event.date)[1])


def incident_mapping(incidents: Iterable[Incident]) -> dict[str, str]:
    """`{event_id: incident_id}` for `dyad_series` and `Store.set_incidents`."""
    return {event_id: inc.incident_id for inc in incidents for event_id in inc.event_ids}


def credible_toll(exact: Sequence[int], lower_bounds: Sequence[int], *,
                  outlier_ratio: float = 2.0) -> tuple[int | None, int | None]:
    """The credible `(figure, lower_bound)` from many reports of one toll.

    Tolls rise as bodies are counted and the wounded die, so early reports undercount and
    the highest exact figure is usually the latest and best. Taking the maximum alone would
    let one misreading (a cumulative toll, a number from another sentence) win, so exact
    figures above `outlier_ratio` times the median are dropped first. A sum would count the
    same dead once per outlet. With no exact figure, the figure is None and the lower bound
    is the largest "at least"/"dozens" bound, which a consumer may use in its place.
    """
    lower = max(lower_bounds) if lower_bounds else None
    if not exact:
        return None, lower
    mid = median(exact)
    kept = [n for n in exact if n <= outlier_ratio * mid] if mid > 0 else list(exact)
    figure = max(kept or exact)
    return figure, max(lower, figure) if lower is not None else figure


def _visit_key(event: Event) -> tuple[str, int, int, int, str]:
    """Date order; within a day, the most specific reports first (a dated lead with a toll,
    named victims and a town before a later sentence dated only by the article, or a line of
    background), so clusters form around them."""
    day = (event.date.value or "9999") if event.date else "9999"
    precision = _DATE_RANK.get(event.date.precision or "year", 4) if event.date else 5
    if event.date is not None and event.date.basis == "publication":
        precision += 1
    toll = event.fatalities.killed is not None or event.fatalities.killed_min is not None
    named = sum(ref is not None and ref.actor not in (None, "UNKNOWN")
                for ref in (event.source, event.target))
    place = _PLACE_RANK.get(event.location.precision or "country", 6) if event.location else 7
    return day, precision, -(2 * toll + named), place, event.event_id


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _best_actor(refs: Sequence[ActorRef | None]) -> ActorRef | None:
    """The most often reported actor; a named one beats UNKNOWN at equal support."""
    known = [r for r in refs if r is not None and (r.actor or r.country or r.text)]
    if not known:
        return None
    counts = Counter(r.actor or r.country or r.text for r in known)

    def rank(ref: ActorRef) -> tuple[int, int, int, str]:
        key = ref.actor or ref.country or ref.text or ""
        return (-counts[key], ref.actor == "UNKNOWN", ref.name is None, key)

    return min(known, key=rank)


def _best_place(places: Sequence[Place | None]) -> Place | None:
    known = [p for p in places if p is not None]
    if not known:
        return None
    counts = Counter((p.name, p.admin1, p.country) for p in known)

    def rank(p: Place) -> tuple[int, int, int, str]:
        return (_PLACE_RANK.get(p.precision or "country", 6), p.lat is None,
                -counts[(p.name, p.admin1, p.country)], p.name or p.text or "")

    return min(known, key=rank)


def _best_date(dates: Sequence[EventDate | None]) -> EventDate | None:
    known = [d for d in dates if d is not None and d.value]
    if not known:
        return None
    return min(known, key=lambda d: (_DATE_RANK.get(d.precision or "year", 4), d.value or ""))


def _build(cluster: Sequence[Event], params: IncidentParams,
           publishers: Mapping[str, str]) -> Incident:
    events = sorted(cluster, key=lambda e: e.event_id)
    event_ids = tuple(e.event_id for e in events)
    digest = hashlib.sha1("\n".join(event_ids).encode()).hexdigest()[:16]
    fats = [e.fatalities for e in events]
    killed, killed_min = credible_toll(
        [f.killed for f in fats if f.killed is not None],
        [f.killed_min for f in fats if f.killed_min is not None],
        outlier_ratio=params.outlier_ratio)
    injured, injured_min = credible_toll(
        [f.injured for f in fats if f.injured is not None],
        [f.injured_min for f in fats if f.injured_min is not None],
        outlier_ratio=params.outlier_ratio)
    lead = max(events, key=lambda e: (e.confidence, e.event_id))
    values = sorted(e.date.value for e in events if e.date and e.date.value)
    doc_ids = tuple(sorted({e.doc_id for e in events}))
    modality = "asserted" if any(e.modality == "asserted" for e in events) \
        else _most_common(e.modality for e in events) or lead.modality
    toll = killed if killed is not None else killed_min or 0
    return Incident(
        incident_id=f"inc-{digest}", type=_most_common(e.type for e in events) or lead.type,
        mode=_most_common(e.mode for e in events), modality=modality,
        source=_best_actor([e.source for e in events]),
        target=_best_actor([e.target for e in events]),
        location=_best_place([e.location for e in events]),
        date=_best_date([e.date for e in events]), last_date=values[-1] if values else None,
        killed=killed, killed_min=killed_min, injured=injured, injured_min=injured_min,
        killed_reports=tuple(sorted(f.killed for f in fats if f.killed is not None)),
        n_events=len(events), n_sources=len({publishers.get(d, d) for d in doc_ids}),
        event_ids=event_ids, doc_ids=doc_ids,
        evidence=tuple(dict.fromkeys(e.evidence.text for e in sorted(
            events, key=lambda e: (e.doc_id, e.evidence.start)))),
        quad_class=lead.quad_class, goldstein=lead.goldstein,
        confidence=max(e.confidence for e in events),
        severity=_severity(toll, injured if injured is not None else injured_min or 0,
                           lead.quad_class, lead.goldstein),
    )


def _severity(killed: int, injured: int, quad_class: int | None,
              goldstein: float | None) -> float:
    """A ranking score for alerts: deaths weigh most, then wounded, then how hostile the act."""
    hostility = -(goldstein or 0.0) if quad_class in (3, 4) else 0.0
    return 10.0 * killed + 3.0 * injured + hostility
