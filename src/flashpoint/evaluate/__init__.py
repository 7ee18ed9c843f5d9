"""Scoring the coder against annotated (gold) data: read gold, code its texts, score, report.

`evaluate` is the library behind `flashpoint eval`; the figures follow the reference scorer
(`../shared/tools/score.py`) definition for definition. The coder is passed in, so this part
never imports the coding pipeline (STYLE.md 2.1: evaluate sits above coding, and tests can
score hand-written predictions).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
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
from flashpoint.records import Article, Event

Coder = Callable[[list[Article]], list[Event]]

__all__ = [
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
    "read_gold",
    "read_predictions",
    "read_seed",
    "render_figures",
    "render_json",
    "render_text",
    "result_to_dict",
    "score",
]


def evaluate(gold_path: str | Path, task: str, coder: Coder, *, errors: int = 0,
             limit: int | None = None) -> EvalResult:
    """Code every gold record's text with `coder` and score the events for `task`.

    `coder` gets all articles in one call (a batch coder parses them in one `nlp.pipe`);
    `limit` keeps the first N scorable records, `errors` the N worst misses. The gold file is
    checked for the task before the coder runs, so a bad file fails fast.
    """
    every = read_gold(gold_path)
    records = check_task(every, task)  # fail before coding, not after; code only what counts
    if limit is not None:
        records = records[:max(limit, 0)]
    events = coder([record.to_article() for record in records])
    result = score(task, records, events, errors=errors)
    return dataclasses.replace(result, gold_path=str(gold_path), skipped=len(every) - len(
        check_task(every, task)))
