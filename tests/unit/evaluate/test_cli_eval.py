"""`flashpoint eval` as a user runs it: --split, realnews with its texts file, bad options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GOLD = ROOT / "tests" / "data" / "gold"


def flashpoint(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "flashpoint"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "200"}, timeout=300)


@pytest.mark.slow
def test_cli_eval_scores_only_the_check_split_and_warns_about_reading_its_errors() -> None:
    run = flashpoint("eval", str(GOLD / "plover.gold.jsonl"), "--task", "plover",
                     "--split", "check", "--errors", "2", "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert (data["split"], data["records"]) == ("check", 4)  # pl-2, pl-4, pl-5, pl-6
    assert {m["record_id"] for m in data["misses"]} <= {"pl-2", "pl-4", "pl-5", "pl-6"}
    assert "read errors on --split tune only" in " ".join(run.stderr.split())


@pytest.mark.slow
def test_cli_eval_realnews_finds_the_texts_beside_the_gold_file() -> None:
    run = flashpoint("eval", str(GOLD / "realnews.gold.jsonl"), "--task", "realnews",
                     "--split", "tune")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("articles 1, gold key events 2, ")  # rn-2 only
    assert lines[6].startswith("realnews key-event recall (type + source) ")
    assert "(split tune: the records whose id hashes into it; docs/accuracy.md)" in lines
    assert run.stderr == ""


def test_cli_eval_refuses_an_unknown_split() -> None:
    run = flashpoint("eval", str(GOLD / "plover.gold.jsonl"), "--task", "plover",
                     "--split", "heldout")
    assert run.returncode == 2
    assert "choose one of tune, check, all" in run.stderr
