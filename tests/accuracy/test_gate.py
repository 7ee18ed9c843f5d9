"""Accuracy gate: the coder's dev-set figures must not fall below the pinned floors.

As in trafilatura's eval gate, each floor is pinned with a digest of its gold file, so a
changed gold file cannot quietly move the score. Skips without ../shared/gold.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from flashpoint.evaluate import evaluate
from flashpoint.evaluate.score import share_right
from flashpoint.pipeline import code_articles

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))
TASKS = sorted(k for k in FLOORS if not k.startswith("_"))


@pytest.mark.slow
@pytest.mark.parametrize("task", TASKS)
def test_accuracy_gate_dev_figure_holds(task: str, shared_dir: Path) -> None:
    spec = FLOORS[task]
    gold = shared_dir / "gold" / spec["file"]
    digest = hashlib.sha256(gold.read_bytes()).hexdigest()
    assert digest == spec["sha256"], f"{gold.name} changed: re-measure and re-pin its floor"
    result = evaluate(gold, task, code_articles)
    assert result.headline.value >= spec["floor"], (task, result.headline)
    for name, floor in spec.get("figures", {}).items():
        assert result.figures[name].value >= floor, (task, result.figures[name])
    if "confident_right" in spec:  # calibration: confidence >= 0.8 is right that often
        right, events = share_right(result.reliability, at_least=0.8)
        assert events and right / events >= spec["confident_right"], (task, right, events)
