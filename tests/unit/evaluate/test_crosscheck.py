"""Our scorer against the reference scorer (../shared/tools/score.py) on the same files.

Both read our own small gold files and hand-written predictions; every figure line, and so
the headline, must come out identical (but for the figures the reference does not print).
Skips when ../shared is absent (outside users).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flashpoint.evaluate import load_gold, read_predictions, render_figures, score

ROOT = Path(__file__).resolve().parents[3]
SCORE_PY = ROOT / ".." / "shared" / "tools" / "score.py"
GOLD = ROOT / "tests" / "data" / "gold"
OURS_ONLY = ("target country right, where type found",)


@pytest.mark.parametrize(("task", "gold_name", "pred_name"), [
    ("plover", "plover.gold.jsonl", "plover.pred.jsonl"),
    ("conflibert", "conflibert.gold.jsonl", "conflibert.pred.jsonl"),
    ("india", "india.gold.jsonl", "india.pred.jsonl"),
    ("gva", "gva.gold.jsonl", "gva.pred.jsonl"),
    ("petr2", "petr2.gold.jsonl", "petr2.pred.jsonl"),
    ("realnews", "realnews.gold.jsonl", "realnews.pred.jsonl"),
    ("seed", "harbour-standoff.gold.yaml", "harbour-standoff.pred.jsonl"),
])
def test_evaluate_matches_the_reference_scorer(task: str, gold_name: str, pred_name: str) -> None:
    if not SCORE_PY.is_file():
        pytest.skip("../shared/tools/score.py is not present (only inside the project's CI)")
    gold, pred = GOLD / gold_name, GOLD / pred_name
    reference = subprocess.run(
        [sys.executable, str(SCORE_PY), task, str(gold), str(pred)],
        capture_output=True, text=True, check=True, timeout=60).stdout.splitlines()
    ours = render_figures(score(task, load_gold(gold, task), read_predictions(pred)))
    # target country is ours alone (defined as score.py defines source country)
    ours = [line for line in ours if not line.startswith(OURS_ONLY)]
    assert ours[-1] == reference[-1]  # the headline first, for a readable failure
    assert ours == reference
