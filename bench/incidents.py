"""The cost of adding 1,000 events to a store of 1M events with incidents (#18).

Builds a store with DuckDB SQL alone: `--events` events over five years, three outlets'
reports per happening (the same country, city, day and toll), each happening already an
incident. Then, `--repeats` times, a run's worth of `--new` events dated in the store's last
days (half new reports of stored happenings, half new happenings) is inserted and folded in
with `update_incidents`, as `flashpoint run` does; the time covers reading the run's events,
the neighbouring incidents, clustering and writing. `--full` also times clustering the whole
store again (`refresh_incidents`), for comparison. A benchmark, not a test.

    .venv/bin/python bench/incidents.py [--events 1000000] [--new 1000] [--repeats 3] [--full]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb

from flashpoint.analysis.monitor import refresh_incidents, update_incidents
from flashpoint.store.db import Store

START = date(2021, 1, 1)
DAYS = 5 * 365
REPORTS = 3  # outlets per happening

# One happening per `h`: a country among 60, a city at a seeded spot in it, a day, a toll.
_HAPPENING = """
    h,
    'C' || lpad(CAST(hash(h, 1) % 60 AS VARCHAR), 2, '0') AS country,
    DATE '{start}' + CAST(h * {days} // {happenings} AS INTEGER) AS day,
    (hash(h, 2) % 1400) / 10.0 - 70 AS lat, (hash(h, 3) % 3400) / 10.0 - 170 AS lon,
    CAST(hash(h, 4) % 20 AS INTEGER) AS killed
"""

_INSERT = """
INSERT INTO events (event_id, doc_id, run_id, sentence, evidence_text, evidence_start,
    evidence_end, type, cameo, quad_class, goldstein, modality, source_text, source_actor,
    source_sector, target_text, target_actor, target_country, target_sector,
    location_name, location_country, location_lat, location_lon, location_precision,
    date_value, date_precision, date_basis, killed, killed_min, confidence, coder, incident_id)
SELECT '{prefix}-' || h || '-' || r, 'doc-{prefix}-' || h || '-' || r, '{run}', 1,
    'Gunmen killed ' || killed || ' soldiers.', 0, 30, 'ASSAULT', '190', 4, -10.0,
    'asserted', 'gunmen', 'UNKNOWN', 'REB', 'soldiers', country || '.MIL', country, 'MIL',
    'town-' || h, country, lat, lon, 'city', day, 'day', 'relative', killed, killed, 0.8,
    'rules/bench', {incident}
FROM (SELECT {happening} FROM range({lo}, {hi}) AS t(h)) AS happenings,
     range({reports}) AS reports(r)
"""


def build(path: Path, n_events: int) -> int:
    """The store: `n_events` events in happenings of `REPORTS`, each happening an incident."""
    Store.open(path).close()  # the schema, by the store's own migrations
    happenings = n_events // REPORTS
    con = duckdb.connect(str(path))
    try:
        con.execute(_INSERT.format(
            prefix="ev", run="base", reports=REPORTS, lo=0, hi=happenings,
            incident="'inc-' || h", happening=_HAPPENING.format(
                start=START, days=DAYS, happenings=happenings)))
        con.execute("""
            INSERT INTO incidents SELECT incident_id, any_value(type), min(date_value),
                max(date_value), any_value(source_actor), any_value(target_actor),
                any_value(location_country), max(killed), NULL, count(*), count(*),
                any_value(location_lat), any_value(location_lon)
            FROM events GROUP BY incident_id""")
    finally:
        con.close()
    return happenings


def add(path: Path, happenings: int, n_new: int, batch: int, repeats: int) -> str:
    """A run of `n_new` events in the store's last days: half join stored happenings."""
    run = f"bench-{batch}"
    half = n_new // 2
    late = happenings - repeats * half  # the last days' happenings, one slice per run
    con = duckdb.connect(str(path))
    try:
        con.execute(_INSERT.format(  # a fourth outlet for stored happenings
            prefix=f"late{batch}", run=run, reports=1, lo=late + batch * half,
            hi=late + (batch + 1) * half, incident="NULL", happening=_HAPPENING.format(
                start=START, days=DAYS, happenings=happenings)))
        con.execute(_INSERT.format(  # new happenings, beyond the stored ones
            prefix=f"new{batch}", run=run, reports=1, lo=happenings + batch * half,
            hi=happenings + (batch + 1) * half, incident="NULL", happening=_HAPPENING.format(
                start=START, days=DAYS, happenings=happenings)))
    finally:
        con.close()
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    print(f"{platform.machine()} {platform.processor() or ''}, Python "
          f"{platform.python_version()}, DuckDB {duckdb.__version__}, {date.today()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        started = time.perf_counter()
        happenings = build(path, args.events)
        print(f"store: {happenings * REPORTS:,} events, {happenings:,} incidents, built in "
              f"{time.perf_counter() - started:.1f} s (SQL)")
        seconds = []
        for batch in range(args.repeats):
            run = add(path, happenings, args.new, batch, args.repeats)
            with Store.open(path) as store:
                started = time.perf_counter()
                update = update_incidents(store, store.run_events([run]))
                seconds.append(time.perf_counter() - started)
                stale = store.incidents_stale()
            print(f"  run {batch + 1}: {update.events} new events -> {update.written} "
                  f"incidents written, {update.replaced} replaced, {seconds[-1]:.2f} s"
                  f"{' (STALE)' if stale else ''}")
        print(f"adding {args.new:,} events to {happenings * REPORTS:,}: median "
              f"{statistics.median(seconds):.2f} s over {len(seconds)} runs")
        if args.full:
            with Store.open(path) as store:
                started = time.perf_counter()
                total = refresh_incidents(store)
                print(f"full re-clustering for comparison: {total:,} incidents in "
                      f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
