"""Pair tables kept at write time (#18): per-day dyad counts, country and actor pair totals.

A dyad's series, the busiest country pairs and the whole-store actor network used to scan
every event on each request; these tables (schema/007_pair_tables.sql) hold the answers per
pair, so a read touches a few rows. The store keeps them exact on every write: new events add
to the pair totals, and the day cells of `dyad_days` that a write can change are recomputed
from the events (a unit there is an incident, so re-clustering moves counts between days).
`rebuild` recomputes everything; a migration and `Store.rebuild_pair_tables` use it.
Every value is a bound parameter; the SQL is fixed text (STYLE.md 2.7).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import duckdb

# Each event once per undirected pair of keys it joins: an actor id or a country on each side,
# so `dyad_series(a, b)` with ids, countries or one of each reads the same table. `{where}` is
# one of the fixed filters below, never user input.
_EXPANDED: Final = """
SELECT DISTINCT event_id, incident_id, modality, date_value, quad_class, goldstein, confidence,
       killed, injured, least(k.x, k.y) AS a, greatest(k.x, k.y) AS b
FROM (SELECT event_id, incident_id, modality, date_value, quad_class, goldstein, confidence,
             coalesce(killed, killed_min) AS killed, coalesce(injured, injured_min) AS injured,
             unnest([{{'x': source_actor, 'y': target_actor}},
                     {{'x': source_actor, 'y': target_country}},
                     {{'x': source_country, 'y': target_actor}},
                     {{'x': source_country, 'y': target_country}}]) AS k
      FROM events WHERE date_value IS NOT NULL AND ({where}))
WHERE k.x IS NOT NULL AND k.y IS NOT NULL
"""
# A unit's day is its earliest report; its quad class and Goldstein value come from its most
# confident report; killed/injured are the largest figure a report gives (queries._DYAD_SQL).
_UNITS: Final = """
SELECT a, b, modality, min(date_value) AS day,
       arg_max_null(quad_class, (confidence, event_id)) AS quad_class,
       arg_max_null(goldstein, (confidence, event_id)) AS goldstein,
       max(killed) AS killed, max(injured) AS injured
FROM {members}
GROUP BY a, b, modality, incident_id, CASE WHEN incident_id IS NULL THEN event_id END
"""
_CELLS: Final = """
SELECT a, b, modality, day, count(*), count(*) FILTER (WHERE quad_class = 1),
       count(*) FILTER (WHERE quad_class = 2), count(*) FILTER (WHERE quad_class = 3),
       count(*) FILTER (WHERE quad_class = 4),
       coalesce(sum(CAST(goldstein AS DECIMAL(18, 3))), 0), count(goldstein),
       coalesce(sum(killed), 0), coalesce(sum(injured), 0)
FROM units {keep}
GROUP BY a, b, modality, day
"""

_REBUILD_DAYS: Final = (
    "INSERT INTO dyad_days WITH units AS ("
    + _UNITS.format(members="(" + _EXPANDED.format(where="TRUE") + ")")
    + ") " + _CELLS.format(keep="") + " ORDER BY a, b, modality, day"
)

# The cells a change can move: every (pair, modality, day) of the touched events.
_DIRTY: Final = (
    "CREATE OR REPLACE TEMP TABLE _dirty AS SELECT DISTINCT a, b, modality, "
    "date_value AS day FROM ("
    + _EXPANDED.format(where="event_id IN (SELECT event_id FROM _touched)") + ")"
)
_DELETE_DIRTY: Final = """
DELETE FROM dyad_days USING _dirty AS x
WHERE dyad_days.a = x.a AND dyad_days.b = x.b AND dyad_days.modality = x.modality
  AND dyad_days.day = x.day
"""
# A unit whose earliest day is a dirty cell has a report on that day: find the units with a
# report in a dirty cell, gather all their reports, keep those whose earliest day is dirty.
_REFILL_DAYS: Final = (
    "INSERT INTO dyad_days WITH on_days AS ("
    + _EXPANDED.format(where="date_value IN (SELECT DISTINCT day FROM _dirty)")
    + """), hit AS (
    SELECT o.* FROM on_days AS o SEMI JOIN _dirty AS x
    ON o.a = x.a AND o.b = x.b AND o.modality = x.modality AND o.date_value = x.day
), inc AS (SELECT DISTINCT a, b, modality, incident_id FROM hit WHERE incident_id IS NOT NULL),
members AS (
    SELECT m.* FROM ("""
    + _EXPANDED.format(where="incident_id IN (SELECT incident_id FROM inc)")
    + """) AS m SEMI JOIN inc
    ON m.a = inc.a AND m.b = inc.b AND m.modality = inc.modality
   AND m.incident_id = inc.incident_id
    UNION ALL SELECT * FROM hit WHERE incident_id IS NULL
), units AS ("""
    + _UNITS.format(members="members")
    + ") "
    + _CELLS.format(keep="SEMI JOIN _dirty AS x ON units.a = x.a AND units.b = x.b "
                          "AND units.modality = x.modality AND units.day = x.day")
)

# Store order: by date, undated last, then event id.
_ORDER: Final = "(date_value IS NULL, coalesce(date_value, DATE '9999-12-31'), event_id)"
# Pair totals over a set of new events (`{source}`: the whole table, or the batch just added).
_COUNTRY_TOTALS: Final = """
SELECT least(source_country, target_country) AS a,
       greatest(source_country, target_country) AS b, modality, count(*),
       min(date_value),
       arg_min(event_id, {order})
FROM {source}
WHERE source_country <> '' AND target_country <> '' AND source_country <> target_country
GROUP BY a, b, modality
""".replace("{order}", _ORDER)
_ACTOR_TOTALS: Final = """
SELECT source_actor, target_actor, modality, count(*),
       count(*) FILTER (WHERE quad_class IN (1, 2)), count(*) FILTER (WHERE quad_class IN (3, 4)),
       coalesce(sum(CAST(goldstein AS DECIMAL(18, 3))), 0), count(goldstein), min(date_value),
       arg_min(event_id, {order}),
       arg_min([source_name, source_country, target_name, target_country],
               {order})
FROM {source}
WHERE source_actor <> '' AND target_actor <> '' AND source_actor <> target_actor
GROUP BY source_actor, target_actor, modality
""".replace("{order}", _ORDER)
# The first event: by date, undated last, then id; `excluded` is the batch's first.
_EARLIER: Final = ("(excluded.first_day IS NOT NULL AND (first_day IS NULL OR "
                   "excluded.first_day < first_day)) OR (excluded.first_day IS NOT DISTINCT "
                   "FROM first_day AND excluded.first_event_id < first_event_id)")
_ADD_COUNTRY: Final = f"""
INSERT INTO country_pair_counts {_COUNTRY_TOTALS.format(source="{source}")}
ON CONFLICT (a, b, modality) DO UPDATE SET
    n_events = n_events + excluded.n_events,
    first_event_id = CASE WHEN {_EARLIER} THEN excluded.first_event_id ELSE first_event_id END,
    first_day = CASE WHEN {_EARLIER} THEN excluded.first_day ELSE first_day END
"""
_ACTOR_INSERT: Final = f"""
INSERT INTO actor_pair_counts
SELECT * EXCLUDE (names), names[1], names[2], names[3], names[4]
FROM ({_ACTOR_TOTALS.format(source="{source}")}) AS t(source_actor, target_actor, modality,
      n_events, cooperation, conflict, goldstein_sum, n_scored, first_day, first_event_id,
      names)
"""
_ADD_ACTOR: Final = _ACTOR_INSERT + f"""
ON CONFLICT (source_actor, target_actor, modality) DO UPDATE SET
    n_events = n_events + excluded.n_events,
    cooperation = cooperation + excluded.cooperation,
    conflict = conflict + excluded.conflict,
    goldstein_sum = goldstein_sum + excluded.goldstein_sum,
    n_scored = n_scored + excluded.n_scored,
    source_name = CASE WHEN {_EARLIER} THEN excluded.source_name ELSE source_name END,
    source_country = CASE WHEN {_EARLIER} THEN excluded.source_country ELSE source_country END,
    target_name = CASE WHEN {_EARLIER} THEN excluded.target_name ELSE target_name END,
    target_country = CASE WHEN {_EARLIER} THEN excluded.target_country ELSE target_country END,
    first_event_id = CASE WHEN {_EARLIER} THEN excluded.first_event_id ELSE first_event_id END,
    first_day = CASE WHEN {_EARLIER} THEN excluded.first_day ELSE first_day END
"""
_NEW_ROWS: Final = "(SELECT * FROM events WHERE event_id IN (SELECT event_id FROM _touched))"
# Re-clustering every event (a full `refresh_incidents`) touches every cell: rebuild instead.
REBUILD_ABOVE: Final = 50_000


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every pair table from the events (run inside the caller's transaction)."""
    con.execute("DELETE FROM dyad_days")
    con.execute("DELETE FROM country_pair_counts")
    con.execute("DELETE FROM actor_pair_counts")
    con.execute(_REBUILD_DAYS)
    con.execute(_ADD_COUNTRY.format(source="events"))
    con.execute(_ACTOR_INSERT.format(source="events"))


def _touch(con: duckdb.DuckDBPyConnection, event_ids: Sequence[str]) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE _touched AS "
                "SELECT unnest(?::VARCHAR[]) AS event_id", [list(event_ids)])


def _refresh_days(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the `dyad_days` cells of the events in `_touched`."""
    con.execute(_DIRTY)
    con.execute(_DELETE_DIRTY)
    con.execute(_REFILL_DAYS)
    con.execute("DROP TABLE _dirty")


def added(con: duckdb.DuckDBPyConnection, event_ids: Sequence[str]) -> None:
    """Fold events just inserted (and not stored before) into the pair tables."""
    if not event_ids:
        return
    _touch(con, event_ids)
    con.execute(_ADD_COUNTRY.format(source=_NEW_ROWS))
    con.execute(_ADD_ACTOR.format(source=_NEW_ROWS))
    _refresh_days(con)
    con.execute("DROP TABLE _touched")


def regrouped(con: duckdb.DuckDBPyConnection, event_ids: Sequence[str],
              incident_ids: Sequence[str]) -> None:
    """Recompute the day cells after `event_ids` changed incident; `incident_ids` holds
    their incidents before and after, whose other reports may change day or values."""
    if len(event_ids) > REBUILD_ABOVE:
        con.execute("DELETE FROM dyad_days")
        con.execute(_REBUILD_DAYS)
        return
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _touched AS SELECT event_id FROM events "
        "WHERE event_id IN (SELECT unnest(?::VARCHAR[])) "
        "OR incident_id IN (SELECT unnest(?::VARCHAR[]))",
        [list(event_ids), list(incident_ids)])
    _refresh_days(con)
    con.execute("DROP TABLE _touched")


_TABLES: Final = {
    "dyad_days": "a, b, modality, day",
    "country_pair_counts": "a, b, modality",
    "actor_pair_counts": "source_actor, target_actor, modality",
}


def table_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[object, ...]]]:
    """Every row of each pair table in key order, to hold them to a rebuild."""
    # table names and keys come from the fixed mapping above
    return {name: con.execute(f"SELECT * FROM {name} ORDER BY {keys}").fetchall()
            for name, keys in _TABLES.items()}
