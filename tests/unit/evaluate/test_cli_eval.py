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


@pytest.mark.slow
def test_cli_eval_petr2_codes_with_the_validation_dictionaries_beside_the_gold(
        tmp_path: Path) -> None:
    folder = tmp_path / "reference" / "petrarch"
    folder.mkdir(parents=True)
    (folder / "PETR.Validate.actors.txt").write_text(
        "KELDORIA\n\t[KLD]\nVARNHOLM\n\t[VRN]\n", encoding="utf-8")
    (folder / "PETR.Validate.agents.txt").write_text("COASTGUARD {} [~MILNAV]\n",
                                                      encoding="utf-8")
    # the test dictionary's own code for saluting: 041, not what CAMEO's verbs say
    (folder / "PETR.Validate.verbs.txt").write_text("--- SALUTE  [041] ---\nSALUTE\n",
                                                     encoding="utf-8")
    (tmp_path / "gold").mkdir()
    gold = tmp_path / "gold" / "unittest.dev.jsonl"
    record = {"id": "t-1", "dataset": "unittest", "text": "Keldoria saluted Varnholm on Monday.",
              "date": "2001-03-05", "labels": ["041"], "events": [{
                  "event_code": "041", "event_scheme": "CAMEO",
                  "source": [{"text": None, "code": "KLD"}],
                  "target": [{"text": None, "code": "VRN"}]}]}
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    run = subprocess.run(
        [str(Path(sys.executable).parent / "flashpoint"), "eval", str(gold), "--task", "petr2",
         "--json"], capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={**os.environ, "COLUMNS": "200", "FLASHPOINT_CACHE_DIR": str(tmp_path / "cache")})
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)["figures"]
    assert figures["CAMEO root recall"]["value"] == 1.0
    assert figures["root + source/target country recall"]["value"] == 1.0
    assert "PETR.Validate" in run.stderr
