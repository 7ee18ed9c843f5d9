"""The store's aggregate reads for the dashboard and the query commands, computed in DuckDB.

Timeline, actor network, busiest country pairs, incident pages and a dyad's events in a window
(#18): each is one SQL statement whose answer is small, so no caller loads every event into
Python. Each returns exactly what the straightforward Python computation over `Store.events()`
gives (tests/unit/store/test_overview.py compares them). `Store` inherits `OverviewReads`.
Every value is a bound parameter (STYLE.md 2.7).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final

import duckdb

from flashpoint.records import Event
from flashpoint.store.rows import EVENT_COLUMNS, event_from_row

_EVENT_SELECT: Final = ", ".join(EVENT_COLUMNS)
INCIDENT_COLUMNS: Final = (
    "incident_id", "type", "first_date", "last_date", "source_actor", "target_actor",
    "country", "killed", "injured", "n_events", "n_sources", "lat", "lon",
)
_DATES: Final = ("($since IS NULL OR date_value >= $since) "
                 "AND ($until IS NULL OR date_value <= $until)")


@dataclass(frozen=True, slots=True)
class DayCount:
    """Dated events of one day by quad class; `other` has no quad class (or an unknown one)."""

    day: date
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    other: int


@dataclass(frozen=True, slots=True)
class ActorEdge:
    """Events from one actor to another, and the names and countries the first one gives."""

    source: str
    target: str
    n_events: int
    cooperation: int
    conflict: int
    goldstein_sum: float
    n_scored: int
    source_name: str | None
    source_country: str | None
    target_name: str | None
    target_country: str | None


_TIMELINE_SQL: Final = f"""
SELECT date_value,
       count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2),
       count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4),
       count(*) FILTER (WHERE quad_class IS NULL OR quad_class NOT IN (1, 2, 3, 4))
FROM events
WHERE date_value IS NOT NULL AND {_DATES}
GROUP BY date_value ORDER BY date_value
"""

_EDGES_SQL: Final = f"""
SELECT source_actor, target_actor, count(*) AS n,
       count(*) FILTER (WHERE quad_class IN (1, 2)),
       count(*) FILTER (WHERE quad_class IN (3, 4)),
       coalesce(fsum(goldstein), 0.0), count(goldstein), min(date_value)
FROM events
WHERE modality = $modality AND {_DATES}
  AND source_actor <> '' AND target_actor <> '' AND source_actor <> target_actor
GROUP BY source_actor, target_actor
ORDER BY n DESC, source_actor, target_actor
LIMIT $top
"""

# The first event of each kept edge: only the rows on its first day (or its undated rows)
# are compared, so the costly ordering touches a handful of rows, not the whole store.
_FIRST_OF_EDGES_SQL: Final = f"""
SELECT source_actor, target_actor,
       arg_min([source_name, source_country, target_name, target_country], event_id)
FROM events
JOIN (SELECT unnest($src::VARCHAR[]) AS s, unnest($tgt::VARCHAR[]) AS t,
             unnest($day::DATE[]) AS d) AS kept
  ON source_actor = kept.s AND target_actor = kept.t
 AND date_value IS NOT DISTINCT FROM kept.d
WHERE modality = $modality AND {_DATES}
GROUP BY source_actor, target_actor
"""

# Ties in count keep the order in which a walk over the events in store order meets each pair
# first, as `collections.Counter.most_common` does.
_PAIR: Final = ("least(source_country, target_country) AS a, "
                "greatest(source_country, target_country) AS b")
_PAIR_FILTER: Final = ("modality = $modality AND source_country <> '' AND target_country <> '' "
                       "AND source_country <> target_country")
# Pair totals the store keeps at write time (store/pairs.py, #18).
_COUNTED_PAIRS_SQL: Final = """
SELECT a, b, n_events FROM country_pair_counts WHERE modality = $modality
ORDER BY n_events DESC, first_day NULLS LAST, first_event_id
LIMIT $top
"""
_COUNTED_EDGES_SQL: Final = """
SELECT source_actor, target_actor, n_events, cooperation, conflict,
       CAST(goldstein_sum AS DOUBLE), n_scored, source_name, source_country, target_name,
       target_country
FROM actor_pair_counts WHERE modality = $modality
ORDER BY n_events DESC, source_actor, target_actor
LIMIT $top
"""
_COUNTRY_PAIRS_SQL: Final = f"""
SELECT {_PAIR}, count(*) AS n, min(date_value) AS first_day
FROM events WHERE {_PAIR_FILTER}
GROUP BY a, b
ORDER BY n DESC, first_day NULLS LAST, a, b
"""
# For pairs tied on count and first day: their first event id on that day.
_FIRST_OF_PAIRS_SQL: Final = f"""
SELECT {_PAIR}, min(event_id)
FROM events
JOIN (SELECT unnest($a::VARCHAR[]) AS pa, unnest($b::VARCHAR[]) AS pb,
             unnest($day::DATE[]) AS d) AS tied
  ON least(source_country, target_country) = tied.pa
 AND greatest(source_country, target_country) = tied.pb
 AND date_value IS NOT DISTINCT FROM tied.d
WHERE {_PAIR_FILTER}
GROUP BY a, b
"""

_INCIDENT_FILTER: Final = """
    ($since IS NULL OR first_date >= $since) AND ($until IS NULL OR first_date <= $until)
    AND ($country IS NULL OR country = $country)
    AND (NOT $placed OR (lat IS NOT NULL AND lon IS NOT NULL))
    AND coalesce(n_sources, 0) >= $min_sources
"""
_INCIDENTS_SQL: Final = f"""
SELECT {", ".join(INCIDENT_COLUMNS)} FROM incidents WHERE {_INCIDENT_FILTER}
ORDER BY first_date NULLS LAST, incident_id
LIMIT $limit OFFSET $offset
"""
# The `limit` gravest (most killed, then most sources, then latest), in first-date order.
_GRAVEST_SQL: Final = f"""
SELECT * FROM (
    SELECT {", ".join(INCIDENT_COLUMNS)} FROM incidents WHERE {_INCIDENT_FILTER}
    ORDER BY killed DESC NULLS LAST, n_sources DESC NULLS LAST, first_date DESC NULLS LAST,
             incident_id
    LIMIT $limit)
ORDER BY first_date NULLS LAST, incident_id
"""

# Either direction; each side matches an actor id or a country (analysis.dyads.involves).
# One scan for every window of a series, over the few columns the test reads; the whole rows
# are then fetched by id, as reading every column of rows spread over the whole table costs
# ten times more (0.5 s for 120 events in a store of 1M, #18).
_DYAD_EVENTS_SQL: Final = """
SELECT event_id FROM events
WHERE date_value BETWEEN $lo AND $hi AND modality = $modality
  AND ($quads IS NULL OR list_contains($quads, quad_class))
  AND (((source_actor = $a OR source_country = $a) AND (target_actor = $b OR target_country = $b))
    OR ((source_actor = $b OR source_country = $b) AND (target_actor = $a OR target_country = $a)))
  AND EXISTS (SELECT 1 FROM (SELECT unnest($firsts::DATE[]) AS f, unnest($lasts::DATE[]) AS l)
              AS spans WHERE date_value BETWEEN spans.f AND spans.l)
"""
_EVENTS_BY_ID_SQL: Final = f"""
SELECT {_EVENT_SELECT} FROM events WHERE list_contains($ids, event_id)
ORDER BY date_value, event_id
"""


def timeline(con: duckdb.DuckDBPyConnection, *, since: date | None = None,
             until: date | None = None) -> list[DayCount]:
    """Dated events per day by quad class, in day order; `since`/`until` are inclusive."""
    rows = con.execute(_TIMELINE_SQL, {"since": since, "until": until}).fetchall()
    return [DayCount(day, int(q1), int(q2), int(q3), int(q4), int(other))
            for day, q1, q2, q3, q4, other in rows]


def actor_edges(con: duckdb.DuckDBPyConnection, *, modality: str = "asserted",
                since: date | None = None, until: date | None = None,
                top: int = 150) -> list[ActorEdge]:
    """The `top` busiest directed actor pairs (two different, non-empty actor ids).

    Ranked by events, then by source and target id. The names and countries are those of
    the pair's first event in store order (date, undated last, then event id).
    """
    if since is None and until is None:  # the whole store: the totals kept at write time
        return [ActorEdge(str(src), str(tgt), int(n), int(coop), int(conflict), float(g_sum),
                          int(n_scored), s_name, s_country, t_name, t_country)
                for src, tgt, n, coop, conflict, g_sum, n_scored, s_name, s_country, t_name,
                t_country in con.execute(_COUNTED_EDGES_SQL,
                                         {"modality": modality, "top": top}).fetchall()]
    common = {"modality": modality, "since": since, "until": until}
    rows = con.execute(_EDGES_SQL, {**common, "top": top}).fetchall()
    if not rows:
        return []
    names = {(str(src), str(tgt)): first for src, tgt, first in con.execute(
        _FIRST_OF_EDGES_SQL, {**common, "src": [r[0] for r in rows],
                              "tgt": [r[1] for r in rows], "day": [r[7] for r in rows]}).fetchall()}
    edges = []
    for src, tgt, n, coop, conflict, g_sum, n_scored, _ in rows:
        first = names[(str(src), str(tgt))]
        edges.append(ActorEdge(str(src), str(tgt), int(n), int(coop), int(conflict),
                               float(g_sum), int(n_scored), first[0], first[1], first[2],
                               first[3]))
    return edges


def country_pairs(con: duckdb.DuckDBPyConnection, *, modality: str = "asserted",
                  top: int = 10) -> list[tuple[str, str, int]]:
    """The `top` country pairs with most events between two different countries, as
    (a, b, events) with `a` sorting first; ties keep the order the pairs first occur in
    (read from the totals the store keeps; `country_pairs_from_events` computes them)."""
    return [(str(a), str(b), int(n)) for a, b, n in con.execute(
        _COUNTED_PAIRS_SQL, {"modality": modality, "top": top}).fetchall()]


def country_pairs_from_events(con: duckdb.DuckDBPyConnection, *, modality: str = "asserted",
                              top: int = 10) -> list[tuple[str, str, int]]:
    """`country_pairs` counted from the events themselves (the reference the tests hold the
    kept totals to)."""
    rows = con.execute(_COUNTRY_PAIRS_SQL, {"modality": modality}).fetchall()
    kept = rows[:top]
    if len(rows) > top:  # pairs tied with the last one kept compete for its place
        kept += [row for row in rows[top:] if row[2:] == rows[top - 1][2:]]
    ties = Counter(tuple(row[2:]) for row in kept)
    tied = [row for row in kept if ties[tuple(row[2:])] > 1]
    firsts: dict[tuple[str, str], str] = {}
    if tied:
        found = con.execute(_FIRST_OF_PAIRS_SQL, {
            "modality": modality, "a": [r[0] for r in tied], "b": [r[1] for r in tied],
            "day": [r[3] for r in tied]}).fetchall()
        firsts = {(str(a), str(b)): str(event_id) for a, b, event_id in found}
    # undated-only pairs sort after dated ones, as a walk in store order meets them last
    kept.sort(key=lambda r: (-r[2], r[3] is None, r[3] or date.min,
                             firsts.get((str(r[0]), str(r[1])), "")))
    return [(str(a), str(b), int(n)) for a, b, n, _ in kept[:top]]


def incident_rows(con: duckdb.DuckDBPyConnection, *, since: date | None = None,
                  until: date | None = None, country: str | None = None,
                  placed: bool = False, limit: int | None = None, offset: int = 0,
                  gravest: bool = False, min_sources: int = 0) -> list[dict[str, object]]:
    """Incidents by first date then id, filtered on first date (inclusive; an undated one
    never passes a bound), country, number of sources, and with `placed` on having
    coordinates.

    With `gravest`, the page holds the `limit` gravest incidents (most killed, then most
    sources, then latest) instead of the first ones, still in first-date order; `offset` is
    ignored. The map asks for this so a busy period shows what matters most.
    """
    sql = _GRAVEST_SQL if gravest else _INCIDENTS_SQL
    cursor = con.execute(sql, {
        "since": since, "until": until, "country": country, "placed": placed,
        "min_sources": min_sources, "limit": limit, **({} if gravest else {"offset": offset})})
    return [dict(zip(INCIDENT_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def dyad_events(con: duckdb.DuckDBPyConnection, a: str, b: str, *,
                spans: Sequence[tuple[date, date]], modality: str = "asserted",
                quad_classes: Sequence[int] | None = None) -> list[Event]:
    """Events of `modality` between `a` and `b` (either way; actor ids or countries) dated
    in any of the inclusive `spans`, by date then id: what the alerts on the pair cite.
    With `quad_classes`, only events of those quad classes."""
    if not spans:
        return []
    ids = [str(event_id) for (event_id,) in con.execute(_DYAD_EVENTS_SQL, {
        "a": a, "b": b, "modality": modality,
        "quads": None if quad_classes is None else list(quad_classes),
        "lo": min(first for first, _ in spans),
        "hi": max(last for _, last in spans), "firsts": [first for first, _ in spans],
        "lasts": [last for _, last in spans]}).fetchall()]
    if not ids:
        return []
    cursor = con.execute(_EVENTS_BY_ID_SQL, {"ids": ids})
    names = [column[0] for column in cursor.description or []]
    return [event_from_row(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


class OverviewReads:
    """Methods `Store` gains for the aggregates above; see the module docstring."""

    if TYPE_CHECKING:
        def _cursor(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]: ...
        def _pair_tables_ready(self) -> None: ...

    def timeline(self, *, since: date | None = None, until: date | None = None
                 ) -> list[DayCount]:
        """See `overview.timeline`."""
        with self._cursor() as cursor:
            return timeline(cursor, since=since, until=until)

    def actor_edges(self, *, modality: str = "asserted", since: date | None = None,
                    until: date | None = None, top: int = 150) -> list[ActorEdge]:
        """See `overview.actor_edges`."""
        self._pair_tables_ready()
        with self._cursor() as cursor:
            return actor_edges(cursor, modality=modality, since=since, until=until, top=top)

    def country_pairs(self, *, modality: str = "asserted", top: int = 10
                      ) -> list[tuple[str, str, int]]:
        """See `overview.country_pairs`."""
        self._pair_tables_ready()
        with self._cursor() as cursor:
            return country_pairs(cursor, modality=modality, top=top)

    def incident_page(self, *, since: date | None = None, until: date | None = None,
                      country: str | None = None, placed: bool = False,
                      limit: int | None = None, offset: int = 0,
                      gravest: bool = False, min_sources: int = 0) -> list[dict[str, object]]:
        """See `overview.incident_rows`."""
        with self._cursor() as cursor:
            return incident_rows(cursor, since=since, until=until, country=country,
                                 placed=placed, limit=limit, offset=offset, gravest=gravest,
                                 min_sources=min_sources)

    def dyad_events(self, a: str, b: str, *, spans: Sequence[tuple[date, date]],
                    modality: str = "asserted",
                    quad_classes: Sequence[int] | None = None) -> list[Event]:
        """See `overview.dyad_events`."""
        with self._cursor() as cursor:
            return dyad_events(cursor, a, b, spans=spans, modality=modality,
                               quad_classes=quad_classes)
