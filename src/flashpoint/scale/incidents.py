"""Incidents of a backfill: built per month partition plus the boundary days (#18).

A backfill writes events month by month (`month=YYYY-MM/part-*.parquet`); this module clusters
them into incidents without ever holding more than a month and its edges. Each month's task
clusters the month's events with the firmly dated events of the `PAD_DAYS` either side (in the
neighbouring partitions) and owns the incidents whose earliest member falls in its month; an
incident across a month's end is thus built whole, once. Then each month's files get their
`incident_id` and the owned incident rows go to `_backfill/incidents/month=M.arrow`, which
`Store.open_parquet` reads as the `incidents` table. Clustering itself is
`analysis.incidents.cluster_incidents`, as in `flashpoint run`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import duckdb
import pyarrow as pa  # pyarrow ships no stubs
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from flashpoint.analysis.incidents import IncidentParams, cluster_incidents
from flashpoint.records import Event
from flashpoint.scale import shards as sh
from flashpoint.store.rows import event_from_row

# An incident's firm dates lie within the window plus two week slacks (1 + 3 + 3 days); twice
# that either side of a month lets the sweep see every report that can reach into it.
PAD_DAYS: Final = 14
INCIDENTS_DIR: Final = "incidents"
UNDATED: Final = "unknown"
INCIDENT_SCHEMA: Final = pa.schema([
    ("incident_id", pa.string()), ("type", pa.string()), ("first_date", pa.date32()),
    ("last_date", pa.date32()), ("source_actor", pa.string()), ("target_actor", pa.string()),
    ("country", pa.string()), ("killed", pa.int32()), ("injured", pa.int32()),
    ("n_events", pa.int32()), ("n_sources", pa.int32()), ("lat", pa.float64()),
    ("lon", pa.float64()),
])


@dataclass(frozen=True, slots=True)
class MonthIncidents:
    """One month's owned incidents (store rows) and `{event_id: incident_id}` of their members."""

    month: str
    rows: tuple[dict[str, Any], ...]
    members: Mapping[str, tuple[str, ...]]  # incident id -> its event ids
    own: tuple[str, ...]  # ids of this partition's events that belong in an incident


def months_of(out: str | Path) -> list[str]:
    """The month partitions of a backfill output, in order (`unknown` last)."""
    names = [p.name.removeprefix("month=") for p in Path(out).glob("month=*") if p.is_dir()]
    return sorted(names, key=lambda m: (m == UNDATED, m))


def cluster_month(out: str, month: str, params: IncidentParams | None = None
                  ) -> MonthIncidents:
    """Cluster one month with its boundary days; keep the incidents that start in it (whose
    earliest member's partition is this month)."""
    own_events, near = _read_window(Path(out), month)
    incidents = cluster_incidents([e for e in [*own_events, *near] if e.modality != "negated"],
                                  params=params or IncidentParams())
    partition = {e.event_id: _month_of(e) for e in near}
    partition.update({e.event_id: month for e in own_events})
    owned = [inc for inc in incidents
             if min(partition[e] for e in inc.event_ids) == month]
    own = tuple(e.event_id for e in own_events if e.modality != "negated")
    return MonthIncidents(month, tuple(dict(inc.to_row()) for inc in owned),
                          {inc.incident_id: inc.event_ids for inc in owned}, own)


def write_month(out: str, month: str, rows: Sequence[dict[str, Any]],
                mapping: Mapping[str, str]) -> int:
    """Set `incident_id` in the month's event files and write its incident rows.

    Files are replaced by rename, so a reader sees the old file or the new one. Returns the
    events given an incident.
    """
    folder = Path(out) / f"month={month}"
    assigned = 0
    for path in sorted(folder.glob("part-*.parquet")):
        table = pq.read_table(path)
        ids = [mapping.get(event_id) for event_id in table.column("event_id").to_pylist()]
        assigned += sum(i is not None for i in ids)
        index = table.schema.get_field_index("incident_id")
        table = table.set_column(index, table.schema.field(index), pa.array(ids, pa.string()))
        temp = path.with_name(f".{path.name}.incidents.tmp")
        pq.write_table(table, temp, compression="zstd")
        temp.replace(path)
    target = Path(out) / sh.WORK_DIR / INCIDENTS_DIR / f"month={month}.arrow"
    target.parent.mkdir(parents=True, exist_ok=True)
    sink = pa.BufferOutputStream()
    with ipc.new_file(sink, INCIDENT_SCHEMA) as writer:
        writer.write_table(pa.Table.from_pylist(list(rows), INCIDENT_SCHEMA))
    sh.write_atomic(target, sink.getvalue().to_pybytes())
    return assigned


def build_incidents(out: str | Path, *, submit: Callable[..., Any] | None = None,
                    params: IncidentParams | None = None) -> int:
    """Build every month's incidents of a backfill output; returns how many.

    `submit(fn, *args)` runs a task and returns its result or a future (`Client.submit`):
    months are clustered in parallel, then merged here (an event two months claim goes to the
    earlier one; an event none claims, which happens only when its article's other mentions
    lie across a month's end, is an incident of its own) and written in parallel.
    """
    months = months_of(out)
    run = submit or (lambda fn, *args: fn(*args))
    parts = [run(cluster_month, str(out), month, params) for month in months]
    results: list[MonthIncidents] = [_result(p) for p in parts]
    mapping: dict[str, str] = {}
    rows: dict[str, list[dict[str, Any]]] = {m.month: [] for m in results}
    for result in results:
        for row in result.rows:
            members = result.members[str(row["incident_id"])]
            if any(e in mapping for e in members):
                continue
            rows[result.month].append(row)
            mapping.update({e: str(row["incident_id"]) for e in members})
    for result in results:
        missing = {e for e in result.own if e not in mapping}
        if missing:
            singles = [cluster_incidents([e], params=params or IncidentParams())[0]
                       for e in _read(Path(out), [result.month]) if e.event_id in missing]
            rows[result.month] += [dict(inc.to_row()) for inc in singles]
            mapping.update({inc.event_ids[0]: inc.incident_id for inc in singles})
    writes = [run(write_month, str(out), r.month, rows[r.month],
                  {e: mapping[e] for e in r.own}) for r in results]
    for write in writes:
        _result(write)
    return sum(len(r) for r in rows.values())


def _result(value: Any) -> Any:
    return value.result() if hasattr(value, "result") else value


def _month_of(event: Event) -> str:
    return event.date.value[:7] if event.date and event.date.value else UNDATED


def _read_window(out: Path, month: str) -> tuple[list[Event], list[Event]]:
    """The month's events, and those of the neighbouring months dated within the pad."""
    events = _read(out, [month])
    if month == UNDATED:
        return events, []
    first = date.fromisoformat(f"{month}-01")
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    near = [m for m in (_shift(first, -1), _shift(first, 1))
            if (out / f"month={m}").is_dir()]
    lo, hi = first - timedelta(days=PAD_DAYS), last + timedelta(days=PAD_DAYS)
    return events, _read(out, near, between=(lo, hi))


def _shift(first: date, months: int) -> str:
    index = first.year * 12 + first.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _read(out: Path, months: Sequence[str],
          between: tuple[date, date] | None = None) -> list[Event]:
    files = [str(p) for m in months for p in sorted((out / f"month={m}").glob("part-*.parquet"))]
    if not files:
        return []
    con = duckdb.connect(":memory:")
    try:
        query = "SELECT * FROM read_parquet(?, union_by_name=true)"
        params: list[Any] = [files]
        if between is not None:
            query += " WHERE date_value BETWEEN ? AND ?"
            params += list(between)
        cursor = con.execute(query + " ORDER BY event_id", params)
        names = [column[0] for column in cursor.description or []]
        rows = cursor.fetchall()
    finally:
        con.close()
    return [event_from_row(dict(zip(names, row, strict=True))) for row in rows]
