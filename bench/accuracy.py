"""Accuracy of the real coder on every dev gold set in ../shared, with score.py's figures.

Runs each set through `flashpoint.evaluate.evaluate` with the pipeline's batch coder and prints
the figure lines (the same lines `../shared/tools/score.py` prints) and the time taken. When
../shared/gold is absent (outside the project) it says so and exits 0. A benchmark, not a test:
the accuracy floors live in tests/accuracy.

    .venv/bin/python bench/accuracy.py [--task plover] [--limit 200] [--errors 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from flashpoint.evaluate import TASKS, evaluate, render_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# task -> dev file; case2021_task2 and muc4_grit have no score.py task yet
DEV_SETS: dict[str, Path] = {
    "plover": SHARED / "gold" / "plover_gsr_cameo.dev.jsonl",
    "conflibert": SHARED / "gold" / "conflibert_cameo.dev.jsonl",
    "india": SHARED / "gold" / "india_police_events.dev.jsonl",
    "gva": SHARED / "gold" / "semeval2018_gva.dev.jsonl",
    "petr2": SHARED / "gold" / "petrarch_unittest.dev.jsonl",
    "seed": SHARED / "seed" / "afghan-inaction.gold.yaml",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", choices=TASKS, action="append",
                        help="score only this task (repeatable); default: all")
    parser.add_argument("--limit", type=int, default=None, help="first N records of each set")
    parser.add_argument("--errors", type=int, default=0, help="also list the N worst misses")
    args = parser.parse_args()
    if not (SHARED / "gold").is_dir():
        print(f"{SHARED / 'gold'} is not present; nothing to score", file=sys.stderr)
        return 0
    # imported here, not at the top: loading the pipeline is slow and the skip above should
    # not pay for it
    from flashpoint.pipeline import code_articles

    for task in args.task or list(DEV_SETS):
        path = DEV_SETS[task]
        if not path.is_file():
            print(f"== {task}: {path} is missing, skipped", file=sys.stderr)
            continue
        start = time.perf_counter()
        result = evaluate(path, task, code_articles, errors=args.errors, limit=args.limit)
        seconds = time.perf_counter() - start
        print(f"== {task}: {path.name}, {result.records} records, {result.predicted} events, "
              f"{seconds:.1f}s")
        print("\n".join(render_text(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
