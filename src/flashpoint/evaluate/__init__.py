"""Scoring the coder against annotated (gold) data: read gold, code its texts, score, report.

`evaluate` is the library behind `flashpoint eval`; the figures follow the reference scorer
(`../shared/tools/score.py`) definition for definition. The coder is passed in, so this part
never imports the coding pipeline (STYLE.md 2.1: evaluate sits above coding, and tests can
score hand-written predictions).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from flashpoint.evaluate.gold import (
    TASKS,
    GoldActor,
    GoldEvent,
    GoldRecord,
    check_task,
    read_gold,
    read_predictions,
    read_seed,
)
from flashpoint.evaluate.realnews import pages_beside, read_realnews, score_realnews
from flashpoint.evaluate.report import render_figures, render_json, render_text, result_to_dict
from flashpoint.evaluate.score import (
    Confusion,
    EvalResult,
    Figure,
    LabelCounts,
    Miss,
    PredictedEvent,
    ReliabilityBin,
    SeedCheck,
    Violation,
    score,
)
from flashpoint.evaluate.split import SPLITS, in_split, select, split_of
from flashpoint.records import Article, Event

Coder = Callable[[list[Article]], list[Event]]

__all__ = [
    "SPLITS",
    "TASKS",
    "Coder",
    "Confusion",
    "EvalResult",
    "Figure",
    "GoldActor",
    "GoldEvent",
    "GoldRecord",
    "LabelCounts",
    "Miss",
    "PredictedEvent",
    "ReliabilityBin",
    "SeedCheck",
    "Violation",
    "check_task",
    "evaluate",
    "evaluate_splits",
    "in_part",
    "in_split",
    "load_gold",
    "pages_beside",
    "read_gold",
    "read_predictions",
    "read_realnews",
    "read_seed",
    "render_figures",
    "render_json",
    "render_text",
    "result_to_dict",
    "score",
    "score_realnews",
    "select",
    "split_of",
]


def load_gold(gold_path: str | Path, task: str, *,
              pages: str | Path | None = None) -> list[GoldRecord]:
    """The gold records of a file as `task` reads them: realnews from its gold and pages
    files, every other task from one gold file (docs/gold-format.md)."""
    if task == "realnews":
        return read_realnews(gold_path, pages)
    return read_gold(gold_path)


def in_part(records: Sequence[GoldRecord], task: str, split: str) -> list[GoldRecord]:
    """The records of one split. A seed file is one article, so its core events are split
    by their event ids instead; its must-not rules hold for the whole page in every split."""
    if task != "seed":
        return select(records, split, key=lambda record: record.id)
    return [dataclasses.replace(record, events=tuple(
        e for e in record.events or () if not e.must or in_split(e.event_id or "", split)))
        for record in records]


def evaluate(gold_path: str | Path, task: str, coder: Coder, *, errors: int = 0,
             limit: int | None = None, split: str = "all",
             pages: str | Path | None = None) -> EvalResult:
    """Code every gold record's text with `coder` and score the events for `task`.

    `coder` gets all articles in one call (a batch coder parses them in one `nlp.pipe`);
    `split` keeps the tune or check part (split.py), `limit` the first N scorable records of
    it, `errors` the N worst misses. `pages` is the realnews texts file (default: beside the
    gold file). The gold file is checked for the task before the coder runs, so a bad file
    fails fast.
    """
    return evaluate_splits(gold_path, task, coder, splits=(split,), errors=errors,
                           limit=limit, pages=pages)[split]


def evaluate_splits(gold_path: str | Path, task: str, coder: Coder, *,
                    splits: Sequence[str] = ("tune", "check"), errors: int = 0,
                    limit: int | None = None,
                    pages: str | Path | None = None) -> dict[str, EvalResult]:
    """Like `evaluate`, for several splits at once: each record is coded once, then every
    split is scored on its own records. Returns the results keyed by split."""
    for split in splits:
        in_split("", split)  # an unknown split fails before anything is read or coded
    every = load_gold(gold_path, task, pages=pages)
    scorable = check_task(every, task)  # fail before coding, not after; code only what counts
    wanted = scorable if task == "seed" or "all" in splits else [
        r for r in scorable if any(in_split(r.id, s) for s in splits)]
    if limit is not None:
        wanted = wanted[:max(limit, 0)]
    events = coder([record.to_article() for record in wanted])
    results: dict[str, EvalResult] = {}
    for split in splits:
        result = score(task, in_part(wanted, task, split), events, errors=errors)
        results[split] = dataclasses.replace(
            result, gold_path=str(gold_path), skipped=len(every) - len(scorable), split=split)
    return results
