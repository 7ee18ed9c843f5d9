"""Rendering results: score.py's figure lines, the confusion table, misses, and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from flashpoint.evaluate import (
    read_gold,
    read_predictions,
    render_figures,
    render_json,
    render_text,
    score,
)
from flashpoint.evaluate.score import EvalResult

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold"


def _result(task: str, errors: int = 0) -> EvalResult:
    return score(task, read_gold(GOLD / f"{task}.gold.jsonl"),
                 read_predictions(GOLD / f"{task}.pred.jsonl"), errors=errors)


def test_evaluate_renders_figures_in_score_py_format() -> None:
    assert render_figures(_result("plover")) == [
        "recall ACCUSE        1/1   ",
        "recall AGREE         1/1   ",
        "recall AID           0/1   ",
        "recall ASSAULT       0/1   ",
        "recall REJECT        1/1   ",
        "recall REQUEST       1/1   ",
        "records with the gold type found: 4/6 = 0.667",
        "source country right, where type found: 3/4 = 0.750",
        "target country right, where type found: 1/3 = 0.333",
        "type micro P 0.667 R 0.667",
        "plover type micro-F1 0.667"]


def test_evaluate_renders_gva_and_india_figures() -> None:
    assert render_figures(_result("gva")) == [
        "killed exact 0.800 MAE 0.200", "injured exact 0.600 MAE 0.400",
        "gva killed+injured exact 0.700"]
    headline = render_figures(_result("india"))[-1]
    assert headline == "india macro-F1 (KILL, ARREST, FAIL, FORCE) 0.708"


def test_evaluate_text_adds_per_class_confusion_and_misses_after_the_figures() -> None:
    lines = render_text(_result("conflibert", errors=1))
    assert lines[7] == "penta macro-F1 0.667"
    assert lines[8:] == [
        "",
        "per class (P = tp / (tp + fp), R = tp / (tp + fn))",
        "label   gold    tp    fp      P      R",
        "0          1     1     0  1.000  1.000",
        "1          1     1     0  1.000  1.000",
        "2          1     0     0      -  0.000",
        "3          2     1     0  1.000  0.500",
        "4          1     1     1  0.500  1.000",
        "",
        "confusion (rows: gold, columns: predicted top; 6 records)",
        "gold     0    1    3    4 none",
        "0        1    .    .    .    .",
        "1        .    1    .    .    .",
        "2        .    .    .    .    1",
        "3        .    .    1    1    .",
        "4        .    .    .    1    .",
        "",
        "reliability (an event is right when its type, or class, is the gold one)",
        "confidence  events  right  share",
        "0.0-0.3        0      0      -",
        "0.3-0.4        0      0      -",
        "0.4-0.5        1      1   1.00",
        "0.5-0.6        0      0      -",
        "0.6-0.7        1      1   1.00",
        "0.7-0.8        3      1   0.33",
        "0.8-0.9        1      1   1.00",
        "0.9-1.0        0      0      -",
        "confidence >= 0.8: 1/1 right = 1.000",
        "",
        "worst 1 misses",
        "- cb-4: gold 3; predicted 4",
        "    text: Canada announced new sanctions against three shipping firms.",
        "    event: SANCTION asserted source=-: announced new sanctions"]


def test_evaluate_json_carries_figures_headline_and_lines() -> None:
    data = json.loads(render_json(_result("petr2", errors=5)))
    assert data["task"] == "petr2"
    assert data["headline"] == {"name": "root + source/target country recall",
                                "value": 1 / 3, "hits": 1, "total": 3}
    assert data["figures"]["CAMEO root recall"]["hits"] == 2
    assert data["figure_lines"] == ["CAMEO root recall 2/3 = 0.667",
                                    "root + source/target country recall 1/3 = 0.333"]
    assert [m["record_id"] for m in data["misses"]] == ["pe-3", "pe-2"]  # no root is worse
