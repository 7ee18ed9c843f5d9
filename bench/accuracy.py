"""Accuracy of the real coder on every dev gold set in ../shared, on its tune and check splits.

Codes each set once through `flashpoint.evaluate.evaluate_splits` with the pipeline's batch
coder, then prints, per split, the figure lines (the lines `../shared/tools/score.py` prints
on the same records), the per-type precision and recall, and the time taken; at the end a
Markdown summary of the headline figures, tune beside check, for docs/accuracy.md. petr2 is
coded with the PETR.Validate dictionaries, as `flashpoint eval --task petr2` codes it. Read errors
(`--errors`) on tune only. When ../shared/gold is absent (outside the project) it says so and
exits 0. A benchmark, not a test: the check floors live in tests/accuracy.

    .venv/bin/python bench/accuracy.py [--task plover] [--split check] [--limit 200]
    .venv/bin/python bench/accuracy.py --task plover --split tune --errors 10
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from flashpoint.evaluate import SPLITS, TASKS, EvalResult, Figure, evaluate_splits, render_text
from flashpoint.evaluate.score import share_right

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# task -> dev file; case2021_task2 and muc4_grit have no score.py task yet
DEV_SETS: dict[str, Path] = {
    "plover": SHARED / "gold" / "plover_gsr_cameo.dev.jsonl",
    "conflibert": SHARED / "gold" / "conflibert_cameo.dev.jsonl",
    "india": SHARED / "gold" / "india_police_events.dev.jsonl",
    "gva": SHARED / "gold" / "semeval2018_gva.dev.jsonl",
    "petr2": SHARED / "gold" / "petrarch_unittest.dev.jsonl",
    "realnews": SHARED / "realnews" / "gold.dev.jsonl",
    "seed": SHARED / "seed" / "afghan-inaction.gold.yaml",
}
# the figures of issue #15's table and the other headline figures, per task
SUMMARY: dict[str, tuple[str, ...]] = {
    "plover": ("plover type micro-F1", "type micro P", "type micro R",
               "source country right, where type found",
               "target country right, where type found"),
    "conflibert": ("penta macro-F1", "accuracy"),
    "india": ("india macro-F1 (KILL, ARREST, FAIL, FORCE)",),
    "gva": ("gva killed+injured exact", "killed exact", "injured exact"),
    "petr2": ("CAMEO root recall", "root + source/target country recall"),
    "realnews": ("realnews key-event recall (type + source)",
                 "predicted events that match a key event", "modality right, matched",
                 "date right, matched with a gold date", "must-not violations"),
    "seed": ("seed core events", "must-not violations"),
}


def summary_rows(task: str, results: dict[str, EvalResult]) -> list[str]:
    """Markdown rows `| set | figure | tune | check |` (or the splits asked for)."""
    rows = []
    for name in SUMMARY[task]:
        cells = [_cell(results[s].figures[name]) for s in results]
        rows.append(f"| {task} | {name} | " + " | ".join(cells) + " |")
    if any(r.reliability for r in results.values()):
        shares = [share_right(r.reliability, at_least=0.8) for r in results.values()]
        rows.append(f"| {task} | confidence >= 0.8 right | " + " | ".join(
            f"{right / max(n, 1):.3f} ({right}/{n})" for right, n in shares) + " |")
    return rows


def per_type_rows(task: str, results: dict[str, EvalResult]) -> list[str]:
    """A Markdown table of each type's gold count, precision and recall, split beside split."""
    labels = sorted({label for r in results.values() for label in r.per_label})
    if not labels:
        return []
    head = "| " + task + " | " + " | ".join(f"{s} gold | {s} P | {s} R" for s in results) + " |"
    rows = [head, "|---|" + "---|---|---|" * len(results)]
    for label in labels:
        cells = []
        for result in results.values():
            c = result.per_label.get(label)
            tp, fp, fn = (c.tp, c.fp, c.fn) if c else (0, 0, 0)
            cells += [str(tp + fn), f"{tp / (tp + fp):.2f}" if tp + fp else "–",
                      f"{tp / (tp + fn):.2f}" if tp + fn else "–"]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return rows


def _cell(figure: Figure) -> str:
    if figure.name == "must-not violations":  # a count, of how many phrases where known
        count = figure.hits if figure.hits is not None else int(figure.value)
        return f"{count}" + (f" of {figure.total}" if figure.total else "")
    counts = f" ({figure.hits}/{figure.total})" if figure.total is not None else ""
    return f"{figure.value:.3f}{counts}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", choices=TASKS, action="append",
                        help="score only this task (repeatable); default: all")
    parser.add_argument("--split", choices=SPLITS, action="append",
                        help="score only this split (repeatable); default: tune and check")
    parser.add_argument("--limit", type=int, default=None, help="first N records of each set")
    parser.add_argument("--errors", type=int, default=0,
                        help="also list the N worst misses (read them on tune only)")
    args = parser.parse_args()
    if not (SHARED / "gold").is_dir():
        print(f"{SHARED / 'gold'} is not present; nothing to score", file=sys.stderr)
        return 0
    # imported here, not at the top: loading the pipeline is slow and the skip above should
    # not pay for it
    from flashpoint.evaluate.petr2 import petr2_dictionaries
    from flashpoint.pipeline import code_articles, load_coder

    splits = tuple(args.split or ("tune", "check"))
    summary = ["| set | figure | " + " | ".join(splits) + " |",
               "|---|---|" + "---|" * len(splits)]
    per_type: list[str] = []
    for task in args.task or list(DEV_SETS):
        path = DEV_SETS[task]
        if not path.is_file():
            print(f"== {task}: {path} is missing, skipped", file=sys.stderr)
            continue
        start = time.perf_counter()
        coder = code_articles
        dictionaries = petr2_dictionaries(path) if task == "petr2" else None
        if dictionaries is not None:  # as `flashpoint eval --task petr2` codes it
            coder = load_coder(dictionaries.actors, verb_files=dictionaries.verbs).code_articles
        results = evaluate_splits(path, task, coder, splits=splits,
                                  errors=args.errors, limit=args.limit)
        seconds = time.perf_counter() - start
        for split, result in results.items():
            print(f"== {task} {split}: {path.name}, {result.records} records, "
                  f"{result.predicted} events ({seconds:.1f}s for the set)")
            print("\n".join(render_text(result)))
            print()
        summary += summary_rows(task, results)
        per_type += ["", *per_type_rows(task, results)]
    print("\n".join(summary + per_type))
    return 0


if __name__ == "__main__":
    sys.exit(main())
