"""Latency of every read endpoint of the HTTP API over a large generated store (#18).

Builds a store of `--events` events, `--incidents` incidents (three reports each), their
articles, an actor snapshot and one run, all generated in DuckDB SQL from `range()` and a
seeded hash (no Python loop over rows, the same store for the same seed), then starts the real
app in-process (FastAPI's TestClient: routing, validation and JSON included) and asks each
endpoint `--rounds` times. The analyses the service caches are dropped before every request,
so each figure is a cold computation. The store's pair tables (per-day dyad cells, pair
totals) are rebuilt once after generation, as a backfill would. Prints p50/p95/max per
endpoint, the machine, the date and the load average (the machine is shared; rerun before
comparing). A benchmark, not a test.

    .venv/bin/python bench/api.py [--events 1000000] [--incidents 100000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from flashpoint.api import create_app
from flashpoint.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

COUNTRIES = [
    "AFG", "PAK", "IND", "IRN", "IRQ", "SYR", "ISR", "LBN", "YEM", "SAU", "TUR", "RUS", "UKR",
    "BLR", "GEO", "ARM", "AZE", "SDN", "SSD", "ETH", "SOM", "KEN", "COD", "RWA", "UGA", "NGA",
    "MLI", "BFA", "NER", "TCD", "LBY", "EGY", "DZA", "MAR", "COL", "VEN", "MEX", "MMR", "THA",
    "PHL",
]
SECTORS = ("GOV", "MIL", "REB", "CVL", "POL")
# PLOVER type, quad class, Goldstein score, CAMEO root
TYPES = [("ASSAULT", 4, -10.0, "19"), ("FIGHT", 4, -10.0, "19"), ("COERCE", 4, -7.0, "17"),
         ("PROTEST", 3, -6.5, "14"), ("THREATEN", 3, -4.4, "13"), ("ACCUSE", 3, -2.0, "11"),
         ("REJECT", 3, -4.0, "12"), ("CONSULT", 1, 1.0, "04"), ("AGREE", 1, 4.0, "05"),
         ("SUPPORT", 1, 3.5, "05"), ("AID", 2, 7.4, "07"), ("COOPERATE", 2, 6.0, "06"),
         ("RETREAT", 2, 3.0, "08"), ("REQUEST", 1, 3.0, "02")]

# `r(k, salt)`: a uniform number in [0, 1) from the key and the seed, the same on every run.
_MACROS = """
CREATE OR REPLACE TEMP MACRO r(k, salt) AS
    (hash(k, salt, getvariable('seed')) % 1000003) / 1000003.0;
"""

_EVENTS = """
CREATE TEMP TABLE gen AS
SELECT i,
       -- the three reports of one incident share what happened; the others are their own
       CASE WHEN i < 3 * getvariable('n_incidents') THEN i // 3 ELSE i + 100000000 END AS k,
       CASE WHEN i < 3 * getvariable('n_incidents')
            THEN 'inc-' || lpad(CAST(i // 3 AS VARCHAR), 7, '0') END AS incident_id
FROM range(getvariable('n_events')) AS t(i);

CREATE TEMP TABLE gen2 AS
SELECT i, k, incident_id,
       -- a few countries and pairs carry most events, as in real conflict data
       CAST(floor(40 * r(k, 1) * r(k, 1)) AS INTEGER) AS sc,
       CAST(floor(40 * r(k, 2) * r(k, 2)) AS INTEGER) AS tc0,
       CAST(floor(5 * r(k, 3)) AS INTEGER) AS ss,
       CAST(floor(5 * r(k, 4)) AS INTEGER) AS ts,
       CAST(floor(14 * r(k, 5) * r(k, 5)) AS INTEGER) AS type_n,
       CASE WHEN r(k, 6) < 0.03 THEN NULL
            ELSE DATE '2020-01-01' + CAST(floor(1826 * r(k, 7)) AS INTEGER) END AS day,
       r(i, 8) AS m, r(k, 9) AS has_target, r(k, 10) AS kill_u, r(i, 11) AS conf
FROM gen;

INSERT INTO events BY NAME
SELECT 'ev-' || lpad(CAST(i AS VARCHAR), 8, '0') AS event_id,
       'doc-' || lpad(CAST(i // 4 AS VARCHAR), 7, '0') AS doc_id,
       'hash-' || lpad(CAST(i // 4 AS VARCHAR), 7, '0') AS content_hash,
       'run-bench' AS run_id, CAST(i % 4 AS INTEGER) AS sentence,
       s.name || ' and ' || t.name || ' were reported in an incident.' AS evidence_text,
       0 AS evidence_start, 60 AS evidence_end, lower(ty.type) AS trigger_text,
       5 AS trigger_start, 12 AS trigger_end,
       ty.type, NULL AS mode, ty.cameo, ty.quad AS quad_class, ty.goldstein,
       CASE WHEN m < 0.82 THEN 'asserted' WHEN m < 0.92 THEN 'alleged'
            WHEN m < 0.97 THEN 'negated' ELSE 'hypothetical' END AS modality,
       s.name AS source_text, s.actor_id AS source_actor, s.country AS source_country,
       s.sector AS source_sector, s.name AS source_name,
       CASE WHEN has_target < 0.9 THEN t.name END AS target_text,
       CASE WHEN has_target < 0.9 THEN t.actor_id END AS target_actor,
       CASE WHEN has_target < 0.9 THEN t.country END AS target_country,
       CASE WHEN has_target < 0.9 THEN t.sector END AS target_sector,
       CASE WHEN has_target < 0.9 THEN t.name END AS target_name,
       'near ' || s.country AS location_text, s.country || ' town' AS location_name,
       s.country AS location_country, NULL AS location_admin1,
       -40 + 80 * r(k, 12) AS location_lat, -120 + 240 * r(k, 13) AS location_lon,
       'city' AS location_precision,
       day AS date_value, CASE WHEN day IS NOT NULL THEN 'day' END AS date_precision,
       CASE WHEN day IS NOT NULL THEN 'explicit' END AS date_basis,
       CASE WHEN ty.quad = 4 AND kill_u < 0.5 THEN CAST(floor(20 * kill_u) AS INTEGER) END
           AS killed,
       CASE WHEN ty.quad = 4 AND kill_u < 0.5 THEN CAST(floor(20 * kill_u) AS INTEGER) END
           AS killed_min,
       NULL AS injured, NULL AS injured_min,
       0.5 + 0.5 * conf AS confidence, 'rules/bench' AS coder, incident_id, NULL AS mentions
FROM gen2
JOIN types AS ty ON ty.n = gen2.type_n
JOIN actors_gen AS s ON s.n = gen2.sc * 5 + gen2.ss
JOIN actors_gen AS t ON t.n = ((gen2.tc0 + CAST(gen2.tc0 = gen2.sc AS INTEGER)) % 40) * 5 + gen2.ts;

INSERT INTO incidents
SELECT incident_id, any_value(type), min(date_value), max(date_value),
       any_value(source_actor), any_value(target_actor), any_value(location_country),
       max(killed), max(injured), count(*), count(DISTINCT doc_id),
       any_value(location_lat), any_value(location_lon)
FROM events WHERE incident_id IS NOT NULL GROUP BY incident_id;

INSERT INTO articles BY NAME
SELECT content_hash, any_value(doc_id) AS doc_id, 'bench' AS source,
       'https://news.example.org/' || any_value(doc_id) AS url,
       'Report ' || any_value(doc_id) AS title,
       'Wire ' || CAST(hash(any_value(doc_id)) % 7 AS VARCHAR) AS publisher,
       min(date_value) AS published, 'en' AS language,
       string_agg(evidence_text, ' ' ORDER BY sentence) AS text, NULL AS duplicate_of,
       NULL AS fetched_at, NULL AS minhash, 'run-bench' AS run_id, 'coded' AS status
FROM events GROUP BY content_hash;

INSERT INTO actors
SELECT actor_id, name, country, sector, NULL, NULL, [name] FROM actors_gen;

INSERT INTO runs VALUES ('run-bench', TIMESTAMP '2026-01-01 00:00:00',
    TIMESTAMP '2026-01-01 01:00:00', 'bench', 'rules/bench', '{}', '{}', 'finished');
"""


def build_store(path: Path, n_events: int, n_incidents: int, seed: int) -> None:
    """Generate the store at `path` in DuckDB (schema from `Store.open`)."""
    Store.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("SET VARIABLE seed = ?", [seed])
    con.execute("SET VARIABLE n_events = ?", [n_events])
    con.execute("SET VARIABLE n_incidents = ?", [min(n_incidents, n_events // 3)])
    con.execute(_MACROS)
    con.execute("CREATE TEMP TABLE types (n INTEGER, type VARCHAR, quad TINYINT, "
                "goldstein DOUBLE, cameo VARCHAR)")
    con.executemany("INSERT INTO types VALUES (?, ?, ?, ?, ?)",
                    [(n, *row) for n, row in enumerate(TYPES)])
    con.execute("CREATE TEMP TABLE actors_gen (n INTEGER, actor_id VARCHAR, name VARCHAR, "
                "country VARCHAR, sector VARCHAR)")
    con.executemany("INSERT INTO actors_gen VALUES (?, ?, ?, ?, ?)", [
        (c * 5 + s, f"{country}.{sector}", f"{country} {sector.lower()} side", country,
         sector) for c, country in enumerate(COUNTRIES) for s, sector in enumerate(SECTORS)])
    con.execute(_EVENTS)
    con.execute("CHECKPOINT")
    con.close()


def endpoints(busiest: tuple[str, str], event_id: str, doc_id: str) -> list[str]:
    """What the dashboard and scripts ask, with and without filters."""
    a, b = busiest
    return [
        "/api/health", "/api/summary", "/api/timeline",
        "/api/timeline?since=2023-01-01&until=2023-12-31",
        "/api/events?limit=50", f"/api/events?limit=50&country={a}&type=ASSAULT",
        f"/api/events?limit=50&actor={a}.MIL&since=2022-01-01&until=2022-03-31",
        "/api/events?limit=50&offset=10000", f"/api/events/{event_id}",
        "/api/articles?limit=50", f"/api/articles/{doc_id}",
        "/api/incidents?limit=50", f"/api/incidents?limit=50&country={a}",
        "/api/incidents?limit=50&since=2023-06-01&until=2023-06-30",
        "/api/map?since=2023-06-01&until=2023-06-30", "/api/map",
        "/api/dyads?top=10", f"/api/dyads/{a}/{b}?by=week", f"/api/dyads/{a}/{b}?by=day",
        "/api/alerts", "/api/network", "/api/network?since=2023-01-01&until=2023-03-31",
        "/api/actors?q=mil", "/api/runs",
    ]


def measure(client: TestClient, url: str, rounds: int) -> tuple[list[float], int, int]:
    """Seconds per request (cold: the service's cache dropped first), status, body bytes."""
    service = client.app.state.service  # type: ignore[attr-defined]
    times = []
    status = size = 0
    for _ in range(rounds):
        service.invalidate()
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        status, size = response.status_code, len(response.content)
    return times, status, size


def _nearest_rank(times: list[float], share: float) -> float:
    """The smallest time at least `share` of the requests took no longer than."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--incidents", type=int, default=None,
                        help="incidents of three reports each (default: events / 10)")
    parser.add_argument("--rounds", type=int, default=20, help="requests per endpoint")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--db", type=Path, default=None,
                        help="keep the generated store here (reused when it exists)")
    args = parser.parse_args()
    n_incidents = args.incidents if args.incidents is not None else args.events // 10
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
          f"{platform.python_version()}, duckdb {duckdb.__version__}, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    with tempfile.TemporaryDirectory(prefix="fp-bench-api-") as folder:
        path = args.db or Path(folder) / "bench.duckdb"
        if not path.exists():
            started = time.perf_counter()
            build_store(path, args.events, n_incidents, args.seed)
            print(f"store: generated in {time.perf_counter() - started:.1f} s")
            # events written in SQL bypass the store's writes: build the pair tables (#18)
            started = time.perf_counter()
            with Store.open(path) as store:
                store.rebuild_pair_tables()
            print(f"store: pair tables rebuilt in {time.perf_counter() - started:.1f} s, "
                  f"{path.stat().st_size / 2**20:.0f} MiB")
        with Store.open(path, read_only=True) as store:
            counts = store.summary()
            pair = store.country_pairs(top=1)[0]
            first = store.events(limit=1)[0]
        n_events = sum(counts.events_by_type.values())
        print(f"store: {n_events:,} events, {min(n_incidents, n_events // 3):,} incidents, "
              f"{sum(counts.articles_by_status.values()):,} articles; busiest pair {pair}")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"\n{'endpoint':<62} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'KiB':>8}")
        worst = 0.0
        with TestClient(create_app(path, read_only=True)) as client:
            for url in endpoints(pair[:2], first.event_id, first.doc_id):
                times, status, size = measure(client, url, args.rounds)
                p95 = _nearest_rank(times, 0.95)
                worst = max(worst, p95)
                flag = "" if status == 200 else f"  status {status}"
                print(f"{url:<62} {statistics.median(times) * 1000:8.1f} {p95 * 1000:8.1f} "
                      f"{max(times) * 1000:8.1f} {size / 1024:8.1f}{flag}")
        print(f"\nworst p95: {worst * 1000:.0f} ms; load average after: "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
