"""Peak memory of `flashpoint code` on 2,000 and 20,000 generated documents (#18).

The coder streams its input: the parent reads one JSON line at a time, at most two tasks of
8 articles per worker are in flight, and events are written as they come back, so the peak
should not grow with the number of documents. The documents are short generated news items
(invented actors and places, in sentence patterns the coder codes) so that 20,000 of them
finish in minutes. A benchmark, not a test.

    .venv/bin/python bench/memory.py [--docs 2000,20000] [--workers 2] [--no-model]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import _timed  # a sibling script, not a package

SUBJECTS = ["Police in Velmora", "The Dravian army", "Rebels of the Ostrel Front",
            "Protesters in Karsk", "The government of Lunaria", "Border guards of Tessary",
            "Farmers near Quillon", "The Marn Islands navy", "Students in Harven"]
ACTS = ["arrested {n} people during a march in {place}",
        "fired on a crowd in {place}, killing {n} people",
        "signed a ceasefire agreement with the opposition in {place}",
        "demonstrated outside the ministry in {place}",
        "accused the neighbouring state of shelling {place}",
        "sent {n} tonnes of food aid to {place}",
        "threatened to close the border at {place}"]
PLACES = ["Nairobi", "Lagos", "Kabul", "Lima", "Manila", "Dhaka", "Kyiv", "Bogota", "Amman"]


def documents(count: int, seed: int = 18) -> list[dict[str, str]]:
    """`count` different two-sentence news items with ids and dates."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(ACTS)}".format(
            n=rng.randint(2, 90), place=rng.choice(PLACES)) + " on Tuesday.",
                     f"The agency filed report {i} on it."]  # every text differs
        out.append({"id": f"mem-{i:06d}", "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    "text": " ".join(sentences)})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="2000,20000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-model", action="store_true")
    args = parser.parse_args()
    flashpoint = Path(sys.executable).parent / "flashpoint"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in (int(c) for c in args.docs.split(",")):
            path = Path(tmp) / f"docs-{count}.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for doc in documents(count):
                    handle.write(json.dumps(doc) + "\n")
            out = Path(tmp) / "events.jsonl"
            cmd = [str(flashpoint), "code", str(path), "-o", str(out),
                   "--workers", str(args.workers)] + (["--no-model"] if args.no_model else [])
            seconds, peaks = _timed(cmd)
            events = sum(1 for _ in out.open(encoding="utf-8"))
            mib = ", ".join(f"{p / 2**20:.0f}" for p in sorted(peaks, reverse=True))
            print(f"{count:7d} documents: {seconds:6.1f} s, {events} events, "
                  f"peak MiB per process: {mib}")


if __name__ == "__main__":
    main()
