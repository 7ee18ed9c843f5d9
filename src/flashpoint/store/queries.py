"""Every read of the store, as named functions over a DuckDB connection (STYLE.md 2.7).

Values are always bound parameters; the only text put into SQL comes from the fixed fragments
and allow-lists in this module. Results are records (`Event`, `Article`) or small frozen
dataclasses. `Store` wraps each function so callers never see a connection.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Literal

import duckdb

from flashpoint.errors import ConfigError, EventNotFound, NotFound
from flashpoint.records import Article, Event
from flashpoint.store.rows import ARTICLE_RECORD_COLUMNS, EVENT_COLUMNS, event_from_row

Period = Literal["day", "week", "month"]

# Allow-list for `dyad_series(by=...)`: the date_trunc unit and the gap-filling step.
_PERIOD_STEPS: Final = {"day": "1 day", "week": "1 week", "month": "1 month"}
_EVENT_SELECT: Final = ", ".join(EVENT_COLUMNS)
_ARTICLE_SELECT: Final = ", ".join(ARTICLE_RECORD_COLUMNS)
_FETCH_ROWS: Final = 10_000


@dataclass(frozen=True, slots=True)
class DyadCount:
    """An undirected actor pair and how many events it has; `a` sorts before `b`."""

    a: str
    b: str
    n_events: int


@dataclass(frozen=True, slots=True)
class Summary:
    """What is in the store, for `flashpoint status` and the dashboard's front page."""

    articles_by_status: dict[str, int]
    events_by_type: dict[str, int]
    events_by_modality: dict[str, int]
    top_dyads: list[DyadCount]


@dataclass(frozen=True, slots=True)
class DyadPoint:
    """One period of a dyad's series; an incident reported many times counts once."""

    period: date
    n_events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    goldstein_sum: float
    goldstein_mean: float | None
    killed: int
    injured: int


def _event_filters(
    *, type: str | None, actor: str | None, country: str | None, modality: str | None,
    since: date | None, until: date | None, doc_id: str | None,
) -> tuple[str, list[object]]:
    """The WHERE clause for `events` filters, built from fixed fragments only."""
    clauses: list[str] = ["TRUE"]
    params: list[object] = []
    fragments: list[tuple[object, str, int]] = [
        (type, "type = ?", 1),
        (actor, "(source_actor = ? OR target_actor = ?)", 2),
        (country, "(source_country = ? OR target_country = ?)", 2),
        (modality, "modality = ?", 1),
        (since, "date_value >= ?", 1),
        (until, "date_value <= ?", 1),
        (doc_id, "doc_id = ?", 1),
    ]
    for value, clause, n in fragments:
        if value is not None:
            clauses.append(clause)
            params.extend([value] * n)
    return " AND ".join(clauses), params


def _paging(limit: int | None, offset: int) -> tuple[str, list[object]]:
    if limit is None:
        return " OFFSET ?", [offset]
    return " LIMIT ? OFFSET ?", [limit, offset]


@dataclass(frozen=True, slots=True)
class _Sorted:
    """A table read a page at a time, ordered by a date column (NULLs last) then a unique key.

    The names come from the fixed instances below, never from callers.
    """

    table: str
    day: str
    key: str


_EVENTS_BY_DATE: Final = _Sorted("events", "date_value", "event_id")
_ARTICLES_BY_DATE: Final = _Sorted("articles", "published", "content_hash")


def _page_keys(con: duckdb.DuckDBPyConnection, order: _Sorted, where: str,
               params: list[object], limit: int, offset: int) -> list[str]:
    """The keys of one page, found without sorting the whole table (#18).

    Sorting a million rows to return fifty costs seconds; counting rows per day does not. The
    counts say which days hold rows `offset` to `offset + limit`, and only the rows of those
    days are sorted. The caller then fetches whole rows by key.
    """
    days = con.execute(
        f"SELECT {order.day}, count(*) FROM {order.table} WHERE {where} "
        f"GROUP BY {order.day} ORDER BY {order.day} NULLS LAST", params).fetchall()
    before, first, last, skipped = 0, None, None, 0
    for index, (_, n) in enumerate(days):
        if first is None and before + n > offset:
            first, skipped = index, before
        if before < offset + limit:
            last = index
        before += n
    if first is None or last is None:
        return []
    lo, hi = days[first][0], days[last][0]
    if lo is None:
        window, bounds = f"{order.day} IS NULL", []
    elif hi is None:
        window, bounds = f"({order.day} >= ? OR {order.day} IS NULL)", [lo]
    else:
        window, bounds = f"{order.day} BETWEEN ? AND ?", [lo, hi]
    rows = con.execute(
        f"SELECT {order.key} FROM {order.table} WHERE {where} AND {window} "
        f"ORDER BY {order.day} NULLS LAST, {order.key} LIMIT ? OFFSET ?",
        [*params, *bounds, limit, offset - skipped]).fetchall()
    return [str(key) for (key,) in rows]


def _rows(cursor: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Stream result rows as dicts, a chunk at a time, so exports of millions stay small."""
    names = [column[0] for column in cursor.description or []]
    while chunk := cursor.fetchmany(_FETCH_ROWS):
        for values in chunk:
            yield dict(zip(names, values, strict=True))


def events(
    con: duckdb.DuckDBPyConnection, *, type: str | None = None, actor: str | None = None,
    country: str | None = None, modality: str | None = None, since: date | None = None,
    until: date | None = None, doc_id: str | None = None, limit: int | None = None,
    offset: int = 0,
) -> list[Event]:
    """Events matching every filter given, oldest first; `since`/`until` are inclusive.

    `actor` matches the source or the target actor id, `country` the source or target country.
    """
    return list(
        iter_events(con, type=type, actor=actor, country=country, modality=modality,
                    since=since, until=until, doc_id=doc_id, limit=limit, offset=offset)
    )


def iter_events(
    con: duckdb.DuckDBPyConnection, *, type: str | None = None, actor: str | None = None,
    country: str | None = None, modality: str | None = None, since: date | None = None,
    until: date | None = None, doc_id: str | None = None, limit: int | None = None,
    offset: int = 0,
) -> Iterator[Event]:
    """`events`, streamed; the connection must stay open until the iterator is spent."""
    for row in event_rows(con, type=type, actor=actor, country=country, modality=modality,
                          since=since, until=until, doc_id=doc_id, limit=limit, offset=offset):
        yield event_from_row(row)


def event_rows(
    con: duckdb.DuckDBPyConnection, *, type: str | None = None, actor: str | None = None,
    country: str | None = None, modality: str | None = None, since: date | None = None,
    until: date | None = None, doc_id: str | None = None, limit: int | None = None,
    offset: int = 0,
) -> Iterator[dict[str, Any]]:
    """Flat `events` rows (every column, incident_id included), streamed, for exports."""
    where, params = _event_filters(type=type, actor=actor, country=country, modality=modality,
                                   since=since, until=until, doc_id=doc_id)
    if limit is not None:
        keys = _page_keys(con, _EVENTS_BY_DATE, where, params, limit, offset)
        where, params, limit, offset = "list_contains(?, event_id)", [keys], None, 0
    paging, paging_params = _paging(limit, offset)
    cursor = con.execute(
        f"SELECT {_EVENT_SELECT} FROM events WHERE {where} "
        f"ORDER BY date_value NULLS LAST, event_id{paging}",
        params + paging_params,
    )
    yield from _rows(cursor)


def get_event(con: duckdb.DuckDBPyConnection, event_id: str) -> Event:
    """One event by id; EventNotFound if there is none."""
    found = events_by_id(con, [event_id])
    if not found:
        raise EventNotFound(key=event_id)
    return found[0]


def events_by_id(con: duckdb.DuckDBPyConnection, event_ids: Sequence[str]) -> list[Event]:
    """The events with these ids, in id order; unknown ids are skipped."""
    cursor = con.execute(
        f"SELECT {_EVENT_SELECT} FROM events WHERE list_contains(?, event_id) ORDER BY event_id",
        [list(event_ids)],
    )
    return [event_from_row(row) for row in _rows(cursor)]


def articles(
    con: duckdb.DuckDBPyConnection, *, status: str | None = None, language: str | None = None,
    since: date | None = None, until: date | None = None, limit: int | None = None,
    offset: int = 0,
) -> list[Article]:
    """Articles matching every filter, by publication date (inclusive bounds), then hash."""
    clauses: list[str] = ["TRUE"]
    params: list[object] = []
    for value, clause in [(status, "status = ?"), (language, "language = ?"),
                          (since, "published >= ?"), (until, "published <= ?")]:
        if value is not None:
            clauses.append(clause)
            params.append(value)
    where = " AND ".join(clauses)
    if limit is not None:
        keys = _page_keys(con, _ARTICLES_BY_DATE, where, params, limit, offset)
        where, params, limit, offset = "list_contains(?, content_hash)", [keys], None, 0
    paging, paging_params = _paging(limit, offset)
    rows = con.execute(
        f"SELECT {_ARTICLE_SELECT} FROM articles WHERE {where} "
        f"ORDER BY published NULLS LAST, content_hash{paging}",
        params + paging_params,
    ).fetchall()
    return [_article(row) for row in rows]


def pending_articles(
    con: duckdb.DuckDBPyConnection, *, after: str = "", limit: int = 500
) -> list[Article]:
    """A page of the articles `ingest` left to be coded, by content hash after `after`: keyset
    paging, so a run streams them (#18) while it marks the ones it coded."""
    rows = con.execute(
        f"SELECT {_ARTICLE_SELECT} FROM articles WHERE status = 'pending' AND content_hash > ? "
        "ORDER BY content_hash LIMIT ?", [after, limit]).fetchall()
    return [_article(row) for row in rows]


def _article(values: Sequence[Any]) -> Article:
    return Article(**dict(zip(ARTICLE_RECORD_COLUMNS, values, strict=True)))


def get_article(con: duckdb.DuckDBPyConnection, key: str) -> Article:
    """One article by content hash or doc id; NotFound if neither matches.

    A doc id can name several stored texts (a page fetched twice, changed); the original, not
    a duplicate, and then the first fetched, wins.
    """
    row = con.execute(
        f"SELECT {_ARTICLE_SELECT} FROM articles WHERE content_hash = ? OR doc_id = ? "
        "ORDER BY content_hash = ? DESC, duplicate_of IS NULL DESC, fetched_at NULLS LAST, "
        "content_hash LIMIT 1",
        [key, key, key],
    ).fetchone()
    if row is None:
        raise NotFound(what="article", key=key)
    return _article(row)


def _counts(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, int]:
    return {str(key): int(n) for key, n in con.execute(sql).fetchall()}


def summary(con: duckdb.DuckDBPyConnection, *, top: int = 10) -> Summary:
    """Counts of articles by status, events by type and modality, and the busiest dyads."""
    # Directed pairs first, then folded: least/greatest on a few thousand pairs, not on a
    # million rows, halves the time on a large store (#18).
    dyads = con.execute(
        "WITH directed AS (SELECT source_actor AS s, target_actor AS t, count(*) AS n"
        " FROM events WHERE source_actor IS NOT NULL AND target_actor IS NOT NULL"
        " GROUP BY s, t)"
        " SELECT least(s, t) AS a, greatest(s, t) AS b, sum(n) AS n FROM directed"
        " GROUP BY a, b ORDER BY n DESC, a, b LIMIT ?",
        [top],
    ).fetchall()
    return Summary(
        articles_by_status=_counts(
            con, "SELECT status, count(*) FROM articles GROUP BY status ORDER BY status"),
        events_by_type=_counts(
            con, "SELECT type, count(*) FROM events GROUP BY type ORDER BY type"),
        events_by_modality=_counts(
            con, "SELECT modality, count(*) FROM events GROUP BY modality ORDER BY modality"),
        top_dyads=[DyadCount(str(a), str(b), int(n)) for a, b, n in dyads],
    )


# One row per unit: an incident (all its matching reports) or an event outside any incident.
# A unit's date is its earliest report; its quad class and Goldstein value come from its most
# confident report; killed/injured are the largest figure any report gives (exact, else the
# lower bound), since reports of one incident repeat rather than add up.
_DYAD_SQL: Final = """
WITH matched AS (
    SELECT event_id, incident_id, date_value, quad_class, goldstein, confidence,
           coalesce(killed, killed_min) AS killed, coalesce(injured, injured_min) AS injured
    FROM events
    WHERE modality = $modality AND date_value IS NOT NULL
      AND ($since IS NULL OR date_value >= $since)
      AND ($until IS NULL OR date_value <= $until)
      AND (((source_actor = $a OR source_country = $a)
            AND (target_actor = $b OR target_country = $b))
        OR ((source_actor = $b OR source_country = $b)
            AND (target_actor = $a OR target_country = $a)))
),
units AS (
    SELECT min(date_value) AS day,
           arg_max_null(quad_class, (confidence, event_id)) AS quad_class,
           arg_max_null(goldstein, (confidence, event_id)) AS goldstein,
           max(killed) AS killed, max(injured) AS injured
    FROM matched
    GROUP BY incident_id, CASE WHEN incident_id IS NULL THEN event_id END
),
per_period AS (
    SELECT CAST(date_trunc($unit, day) AS DATE) AS period,
           count(*) AS n_events,
           count(*) FILTER (WHERE quad_class = 1) AS quad1,
           count(*) FILTER (WHERE quad_class = 2) AS quad2,
           count(*) FILTER (WHERE quad_class = 3) AS quad3,
           count(*) FILTER (WHERE quad_class = 4) AS quad4,
           coalesce(sum(goldstein), 0.0) AS goldstein_sum,
           avg(goldstein) AS goldstein_mean,
           coalesce(sum(killed), 0) AS killed,
           coalesce(sum(injured), 0) AS injured
    FROM units GROUP BY period
),
periods AS (
    SELECT CAST(p AS DATE) AS period
    FROM (SELECT CAST(date_trunc($unit, coalesce($since, min(period))) AS DATE) AS lo,
                 CAST(date_trunc($unit, coalesce($until, max(period))) AS DATE) AS hi
          FROM per_period) AS bounds,
         generate_series(lo, hi, CAST($step AS INTERVAL)) AS g(p)
)
SELECT periods.period, coalesce(n_events, 0), coalesce(quad1, 0), coalesce(quad2, 0),
       coalesce(quad3, 0), coalesce(quad4, 0), coalesce(goldstein_sum, 0.0), goldstein_mean,
       coalesce(killed, 0), coalesce(injured, 0)
FROM periods LEFT JOIN per_period USING (period)
ORDER BY periods.period
"""


# The same series from the per-day cells the store keeps (store/pairs.py, #18): a unit counts
# on its earliest day, so without bounds the cells add up to exactly what _DYAD_SQL computes.
# Sums are cast to BIGINT: DuckDB's HUGEINT sums cost five times more to hand to Python.
_CELL_SUMS: Final = """
    CAST(date_trunc($unit, day) AS DATE) AS period,
    CAST(sum(n_events) AS BIGINT) AS n_events, CAST(sum(quad1) AS BIGINT) AS quad1,
    CAST(sum(quad2) AS BIGINT) AS quad2, CAST(sum(quad3) AS BIGINT) AS quad3,
    CAST(sum(quad4) AS BIGINT) AS quad4, sum(goldstein_sum) AS goldstein_sum,
    CAST(sum(n_goldstein) AS BIGINT) AS n_goldstein, CAST(sum(killed) AS BIGINT) AS killed,
    CAST(sum(injured) AS BIGINT) AS injured
"""
_POINT_COLUMNS: Final = """
    periods.period, coalesce(n_events, 0), coalesce(quad1, 0), coalesce(quad2, 0),
    coalesce(quad3, 0), coalesce(quad4, 0), CAST(coalesce(goldstein_sum, 0) AS DOUBLE),
    CASE WHEN n_goldstein > 0 THEN CAST(goldstein_sum AS DOUBLE) / n_goldstein END,
    coalesce(killed, 0), coalesce(injured, 0)
"""
_DYAD_DAYS_SQL: Final = f"""
WITH per_period AS (
    SELECT {_CELL_SUMS}
    FROM dyad_days
    WHERE a = $lo AND b = $hi AND modality = $modality
    GROUP BY period
),
periods AS (
    SELECT CAST(p AS DATE) AS period
    FROM (SELECT min(period) AS lo, max(period) AS hi FROM per_period) AS bounds,
         generate_series(lo, hi, CAST($step AS INTERVAL)) AS g(p)
)
SELECT {_POINT_COLUMNS}
FROM periods LEFT JOIN per_period USING (period)
ORDER BY periods.period
"""
# Several pairs' series in one statement (the alerts scan ten): one pass over the cells.
_DYADS_DAYS_SQL: Final = f"""
WITH wanted AS (SELECT unnest($los::VARCHAR[]) AS a, unnest($his::VARCHAR[]) AS b),
per_period AS (
    SELECT d.a, d.b, {_CELL_SUMS}
    FROM dyad_days AS d SEMI JOIN wanted AS w ON d.a = w.a AND d.b = w.b
    WHERE d.modality = $modality
    GROUP BY d.a, d.b, period
),
periods AS (
    SELECT a, b, CAST(p AS DATE) AS period
    FROM (SELECT a, b, min(period) AS lo, max(period) AS hi FROM per_period GROUP BY a, b)
         AS bounds,
         generate_series(lo, hi, CAST($step AS INTERVAL)) AS g(p)
)
SELECT periods.a, periods.b, {_POINT_COLUMNS}
FROM periods LEFT JOIN per_period USING (a, b, period)
ORDER BY periods.a, periods.b, periods.period
"""


# no news archive we code goes further back; the zero-filled series starts here at the earliest
EARLIEST = date(1900, 1, 1)


def dyad_series(
    con: duckdb.DuckDBPyConnection, a: str, b: str, *, by: Period = "week",
    modality: str = "asserted", since: date | None = None, until: date | None = None,
) -> list[DyadPoint]:
    """Events between `a` and `b`, either direction, per period, with empty periods filled.

    `a` and `b` each match an actor id or a country code on either side. Periods start on
    Mondays (weeks) or the 1st (months); `since`/`until` are inclusive and, when given, also
    set the range of periods returned.
    """
    if by not in _PERIOD_STEPS:
        raise ConfigError(key="by", reason=f"{by!r} is not one of {', '.join(_PERIOD_STEPS)}")
    # the zero-filled range is bounded, so "since 0001-01-01 by day" cannot ask for millions
    # of rows (found by the API fuzz test: it ran the server out of memory)
    if since is not None:
        since = max(since, EARLIEST)
    if until is not None:
        until = min(until, date.today() + timedelta(days=366))
    if since is None and until is None:  # the whole series: the store's per-day cells
        # the cells key a pair by its sorted ends; plain values let DuckDB skip blocks
        rows = con.execute(_DYAD_DAYS_SQL, {"lo": min(a, b), "hi": max(a, b),
                                            "modality": modality, "unit": by,
                                            "step": _PERIOD_STEPS[by]}).fetchall()
    else:  # bounds cut incidents that straddle them, so count from the events
        rows = con.execute(
            _DYAD_SQL,
            {"a": a, "b": b, "modality": modality, "since": since, "until": until,
             "unit": by, "step": _PERIOD_STEPS[by]},
        ).fetchall()
    return [_point(row) for row in rows]


def _point(row: Sequence[Any]) -> DyadPoint:
    period, n, q1, q2, q3, q4, g_sum, g_mean, killed, injured = row
    return DyadPoint(period, int(n), int(q1), int(q2), int(q3), int(q4), float(g_sum),
                     None if g_mean is None else float(g_mean), int(killed), int(injured))


def dyad_series_many(
    con: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[str, str]], *,
    by: Period = "week", modality: str = "asserted",
) -> dict[tuple[str, str], list[DyadPoint]]:
    """`dyad_series` of each pair, unbounded, in one statement: {(a, b) as asked: points}."""
    if by not in _PERIOD_STEPS:
        raise ConfigError(key="by", reason=f"{by!r} is not one of {', '.join(_PERIOD_STEPS)}")
    rows = con.execute(_DYADS_DAYS_SQL, {
        "los": [min(a, b) for a, b in pairs], "his": [max(a, b) for a, b in pairs],
        "modality": modality, "unit": by, "step": _PERIOD_STEPS[by]}).fetchall()
    found: dict[tuple[str, str], list[DyadPoint]] = {}
    for row in rows:
        found.setdefault((str(row[0]), str(row[1])), []).append(_point(row[2:]))
    return {(a, b): found.get((min(a, b), max(a, b)), []) for a, b in pairs}
