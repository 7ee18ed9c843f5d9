"""`flashpoint train` and `--no-model` end to end (#15), on gold records we wrote ourselves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

GOLD = [
    ("Fijian police detained eleven dock workers in Lautoka.", "COERCE"),
    ("Police arrested a union leader outside the port in Suva.", "COERCE"),
    ("Militants fired rockets at an army post near Osh.", "ASSAULT"),
    ("Gunmen ambushed a convoy on the road to Gao.", "ASSAULT"),
    ("Chile and Peru signed a fisheries accord on Friday.", None),
]


def flashpoint(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "flashpoint"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, check=True,
                          cwd=ROOT, env={**os.environ, "COLUMNS": "200"})


@pytest.mark.issue(15)
@pytest.mark.slow
def test_cli_train_is_deterministic(tmp_path: Path) -> None:
    gold = tmp_path / "mine.jsonl"
    gold.write_text("".join(json.dumps({
        "id": f"mine-{k}", "dataset": "mine", "text": text,
        "events": [{"event_code": code, "event_scheme": "PLOVER"}] if code else [],
        "labels": [code] if code else []}) + "\n" for k, (text, code) in enumerate(GOLD)),
        encoding="utf-8")
    first = flashpoint("train", str(gold), "--no-corpus", "-o", str(tmp_path / "a"))
    second = flashpoint("train", str(gold), "--no-corpus", "-o", str(tmp_path / "b"))
    assert "5 examples, 12 epochs" in first.stderr
    assert (tmp_path / "a" / "textcat_multilabel" / "model").read_bytes() == (
        tmp_path / "b" / "textcat_multilabel" / "model").read_bytes()
    assert first.stderr.split("sha256 ")[1][:12] == second.stderr.split("sha256 ")[1][:12]


@pytest.mark.issue(15)
def test_cli_code_no_model_writes_the_rules_events(tmp_path: Path) -> None:
    text = tmp_path / "story.txt"
    text.write_text("Bolivian police arrested twelve miners in Potosi on Tuesday.\n",
                    encoding="utf-8")
    rules = flashpoint("code", str(text), "--no-model").stdout
    both = flashpoint("code", str(text)).stdout
    events = [json.loads(line) for line in rules.splitlines()]
    assert [(e["type"], e["mode"], e["coder"].split("/")[0]) for e in events] == [
        ("COERCE", "arrest", "rules")]
    assert both == rules  # the shipped layer switches every use off (docs/model.md)
