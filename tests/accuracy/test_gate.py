"""Accuracy gate: the coder's CHECK-split figures must not fall below the pinned floors.

Only the check split is gated (flashpoint.evaluate.split): rules are written against tune
errors, and a change is kept only if check does not fall, so check is the figure that says how
the coder does on text its rules were not written for. As in trafilatura's eval gate, each
floor is pinned with a digest of its gold file (and of the texts file for realnews), so a
changed gold file cannot quietly move the score. Skips without ../shared.
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


def _pinned(path: Path, digest: str) -> None:
    found = hashlib.sha256(path.read_bytes()).hexdigest()
    assert found == digest, f"{path.name} changed: re-measure and re-pin its floor"


@pytest.mark.slow
@pytest.mark.parametrize("task", TASKS)
def test_accuracy_gate_check_figures_hold(task: str, shared_dir: Path) -> None:
    spec = FLOORS[task]
    gold = shared_dir / spec["file"]
    _pinned(gold, spec["sha256"])
    pages = shared_dir / spec["pages"] if "pages" in spec else None
    if pages is not None:
        _pinned(pages, spec["pages_sha256"])
    result = evaluate(gold, task, code_articles, split=spec["split"], pages=pages)
    assert result.split == "check"
    assert result.headline.value >= spec["floor"], (task, result.headline)
    for name, floor in spec.get("figures", {}).items():
        assert result.figures[name].value >= floor, (task, result.figures[name])
    for name, ceiling in spec.get("at_most", {}).items():
        assert result.figures[name].value <= ceiling, (task, result.figures[name])
    if "confident_right" in spec:  # calibration: confidence >= 0.8 is right that often
        right, events = share_right(result.reliability, at_least=0.8)
        assert events and right / events >= spec["confident_right"], (task, right, events)


def test_accuracy_gate_pins_the_check_split_of_every_scored_set() -> None:
    assert TASKS == ["conflibert", "gva", "india", "plover", "realnews"]
    assert {FLOORS[t]["split"] for t in TASKS} == {"check"}
    assert all(FLOORS[t]["floor"] <= FLOORS[t]["measured"] for t in TASKS)
