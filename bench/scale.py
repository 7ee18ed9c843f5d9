"""Backfill throughput: words/s of spaCy alone, the coder in-process, and 1 and 2 Dask workers.

    .venv/bin/python bench/scale.py [--articles 480] [--shards 16]

Builds a synthetic corpus from the demo articles' sentences (random recombinations, so the
dedup plan keeps them all), then times, in one run on this machine: `nlp.pipe` alone, the local
engine (same process), and `backfill(engine="dask")` on warm LocalClusters of 1 and 2
single-threaded workers. Prints words/s, articles/s per worker, scaling efficiency and each
worker's peak resident memory. Figures go into docs/scaling.md.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, articles: int, shards: int) -> int:
    """Shards of synthetic articles in date order; returns the total word count."""
    sentences: list[str] = []
    for path in sorted((ROOT / "data" / "sample").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            sentences += [s.strip() for s in text.replace("\n\n", " ").split(". ") if s.strip()]
    rng = random.Random(7)
    per_shard = -(-articles // shards)
    words = 0
    start = date(2015, 1, 1)
    for shard in range(shards):
        rows = []
        for i in range(per_shard):
            n = shard * per_shard + i
            if n >= articles:
                break
            text = ". ".join(rng.sample(sentences, 8)) + "."
            words += len(text.split())
            rows.append({"id": f"syn-{n}", "date": str(start + timedelta(days=n * 7)),
                         "title": f"Synthetic {n}", "text": text})
        (folder / f"shard-{shard:03d}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return words


def spacy_alone(folder: Path) -> tuple[float, int]:
    """Seconds and words for nlp.pipe over the same texts (the parse the coder cannot skip)."""
    from flashpoint.nlp import load_pipeline

    nlp = load_pipeline()
    texts = [json.loads(line)["text"] for path in sorted(folder.glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    started, cpu = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    print(f"spaCy alone: {time.process_time() - cpu:.1f} CPU s")
    return time.perf_counter() - started, sum(len(t.split()) for t in texts)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_backfill(folder: Path, *, workers: int | None) -> dict[str, Any]:
    """One backfill into a fresh folder on warm workers (model load is not timed)."""
    from flashpoint.scale import backfill
    from flashpoint.scale.backfill import warm_up

    out = Path(tempfile.mkdtemp(prefix="fp-bench-out-"))
    try:
        if workers is None:
            warm_up()
            started, cpu = time.perf_counter(), time.process_time()
            summary = backfill([folder], out, engine="local")
            seconds = time.perf_counter() - started
            return {"seconds": seconds, "words": summary.words, "articles": summary.coded,
                    "events": summary.events, "workers": 1, "peak_mb": [_peak_rss_mb()],
                    "cpu": time.process_time() - cpu}
        from distributed import Client, LocalCluster

        with LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None) as cluster, \
                Client(cluster) as client:  # type: ignore[no-untyped-call]
            client.run(warm_up)
            cpu = client.run(time.process_time)
            started = time.perf_counter()
            summary = backfill([folder], out, engine="dask", client=client)
            seconds = time.perf_counter() - started
            used = sum(client.run(time.process_time).values()) - sum(cpu.values())
            peaks = sorted(client.run(_peak_rss_mb).values())
        return {"seconds": seconds, "words": summary.words, "articles": summary.coded,
                "events": summary.events, "workers": workers, "peak_mb": peaks, "cpu": used}
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=480)
    parser.add_argument("--shards", type=int, default=16)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="fp-bench-in-"))
    try:
        words = make_corpus(folder, args.articles, args.shards)
        print(f"corpus: {args.articles} articles, {words} words, {args.shards} shards")
        seconds, spacy_words = spacy_alone(folder)
        base = spacy_words / seconds
        print(f"spaCy alone (nlp.pipe, 1 process): {base:,.0f} words/s; "
              "words/CPU-s is the load-independent figure (worker processes' CPU time)")
        runs = {"local": timed_backfill(folder, workers=None)}
        for n in (1, 2):
            runs[f"dask-{n}"] = timed_backfill(folder, workers=n)
        print(f"{'run':<8} {'s':>6} {'words/s':>9} {'art/s':>6} {'art/s/worker':>12} "
              f"{'vs spaCy':>8} {'words/CPU-s':>11} {'peak MB/worker':>15}")
        for name, run in runs.items():
            wps = run["words"] / run["seconds"]
            aps = run["articles"] / run["seconds"]
            peak = "/".join(f"{p:.0f}" for p in run["peak_mb"])
            print(f"{name:<8} {run['seconds']:6.1f} {wps:9,.0f} {aps:6.1f} "
                  f"{aps / run['workers']:12.1f} {wps / base:8.2f} "
                  f"{run['words'] / run['cpu']:11,.0f} "
                  f"{peak:>15}")
        one = runs["dask-1"]["words"] / runs["dask-1"]["seconds"]
        two = runs["dask-2"]["words"] / runs["dask-2"]["seconds"]
        print(f"scaling efficiency 1 -> 2 workers: {two / (2 * one):.0%} "
              f"(speed-up {two / one:.2f}x)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
