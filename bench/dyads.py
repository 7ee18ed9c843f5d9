"""Escalation backtest figures, and the dyad-series query over a generated 1M-event store.

Prints, for the default `EscalationParams`, the detection share, delay (periods) and false
alarms per year on seeded synthetic weekly series (Poisson, and negative binomial k=3 for
overdispersed dyads), then the same for a few thresholds. With `--store`, and when
`flashpoint.store` offers `Store.dyad_series`, it also generates a store of `--events` events
and times the SQL series against the pure-Python `dyad_series`. A benchmark, not a test.

    .venv/bin/python bench/dyads.py [--series 500] [--store] [--events 1000000]
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from flashpoint.analysis import EscalationParams, backtest, dyad_series
from flashpoint.analysis.escalation import BacktestResult
from flashpoint.records import ActorRef, Article, Event, EventDate, Fatalities, Place, Span


def print_backtest(result: BacktestResult, label: str) -> None:
    p = result.params
    print(f"\n{label}: threshold {p.threshold:g}, shift x{p.shift:g}, baseline "
          f"{p.baseline_periods}, base rate {result.base_rate:g}/week, change at week "
          f"{result.change_at} of {result.n_periods}, seed {result.seed}")
    print(f"  {'scenario':<10} {'detected':>8} {'median':>7} {'mean':>6} {'p90':>5} "
          f"{'FA/year':>8}")
    for s in result.scenarios:
        def fmt(value: float | None) -> str:
            return "-" if value is None else f"{value:.1f}"
        detected = "-" if s.multiplier == 1 else f"{s.detected:.0%}"
        print(f"  {s.name:<10} {detected:>8} {fmt(s.median_delay):>7} {fmt(s.mean_delay):>6} "
              f"{fmt(s.p90_delay):>5} {s.false_alarms_per_year:>8.3f}")


def generated_events(n_events: int, seed: int = 1) -> list[Event]:
    """`n_events` conflict events among 20 countries' armies over 5 years, seeded."""
    rng = np.random.default_rng(seed)
    countries = [f"C{i:02d}" for i in range(20)]
    actors = [ActorRef(f"{c} troops", f"{c}.MIL", c, "MIL") for c in countries]
    pairs = rng.integers(0, len(actors), size=(n_events, 2))
    days = rng.integers(0, 5 * 365, size=n_events)
    quads = rng.integers(1, 5, size=n_events)
    start = date(2019, 1, 7)
    events = []
    for i in range(n_events):
        s, t = int(pairs[i, 0]), int(pairs[i, 1])
        text = f"{actors[s].text} and {actors[t].text} clashed."
        events.append(Event(
            event_id=f"ev-{i:07d}", doc_id=f"doc-{i // 5:06d}", sentence=i % 5,
            evidence=Span(text, 0, len(text)), type="ASSAULT", mode=None, cameo="19",
            quad_class=int(quads[i]), goldstein=-10.0 if quads[i] == 4 else 1.0,
            modality="asserted", source=actors[s], target=actors[t], reported_by=None,
            location=Place(None, country=countries[s]),
            date=EventDate((start + timedelta(days=int(days[i]))).isoformat(), "day"),
            fatalities=Fatalities(int(quads[i] == 4), int(quads[i] == 4))))
    return events


def time_store(n_events: int) -> None:
    """Time `Store.dyad_series` over a generated store, if the store offers it."""
    try:
        from flashpoint.store import Store
    except ImportError as error:
        print(f"\nstore timing skipped: {error}")
        return
    if not hasattr(Store, "dyad_series"):
        print("\nstore timing skipped: Store has no dyad_series")
        return
    events = generated_events(n_events)
    articles = {e.doc_id: Article(doc_id=e.doc_id, text=e.evidence.text, content_hash=e.doc_id)
                for e in events}
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.duckdb")
        run_id = store.start_run("bench", None, {})
        started = time.perf_counter()
        step = 50_000
        for lo in range(0, n_events, step):
            batch = events[lo:lo + step]
            docs = list(dict.fromkeys(e.doc_id for e in batch))
            store.write_batch(run_id, [articles[d] for d in docs], batch, [])
        print(f"\nstore: wrote {n_events:,} events in {time.perf_counter() - started:.1f} s")
        for by in ("day", "week", "month"):
            started = time.perf_counter()
            sql_rows = store.dyad_series("C00", "C01", by=by)
            sql_s = time.perf_counter() - started
            started = time.perf_counter()
            py_rows = dyad_series(events, "C00", "C01", by=by)
            py_s = time.perf_counter() - started
            same = [dataclasses.astuple(r)[:9] for r in py_rows] == [
                (p.period, p.quad1, p.quad2, p.quad3, p.quad4, p.goldstein_sum,
                 p.goldstein_mean, p.killed, p.injured) for p in sql_rows]
            print(f"  dyad_series by {by:<5}: SQL {sql_s * 1000:8.1f} ms, pure Python "
                  f"{py_s * 1000:8.1f} ms, {len(sql_rows)} rows, same rows: {same}")
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=500, help="series per scenario")
    parser.add_argument("--store", action="store_true", help="also time Store.dyad_series")
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the store")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''}, python "
          f"{platform.python_version()}, {date.today().isoformat()}")
    started = time.perf_counter()
    params = EscalationParams()
    print_backtest(backtest(params=params, n_series=args.series), "Poisson")
    print_backtest(backtest(params=params, n_series=args.series, dispersion=3.0),
                   "Negative binomial k=3")
    for threshold in (4.0, 5.0, 8.0):
        tuned = dataclasses.replace(params, threshold=threshold)
        print_backtest(backtest(params=tuned, n_series=args.series), "Poisson")
    print(f"\nbacktests took {time.perf_counter() - started:.1f} s")
    if args.store:
        time_store(args.events)


if __name__ == "__main__":
    main()
