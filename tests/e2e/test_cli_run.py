"""`flashpoint code`, `run` and `events` end to end, on our fixture articles and bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "data" / "articles"
BAD = ROOT / "tests" / "data" / "bad"
SAMPLE = ROOT / "data" / "sample"
FIELDS = {"event_id", "doc_id", "sentence", "evidence", "type", "mode", "cameo", "quad_class",
          "goldstein", "modality", "source", "target", "reported_by", "location", "date",
          "fatalities", "confidence", "coder"}


def flashpoint(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the installed command the way a user does."""
    exe = Path(sys.executable).parent / "flashpoint"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, check=check,
                          cwd=ROOT, env={**os.environ, "COLUMNS": "200"})


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_cli_code_writes_design_records(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = flashpoint("code", str(ARTICLES / "negated_arrest.txt"), "--date", "2024-05-08",
                        "-o", str(out))
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert events and all(set(e) >= FIELDS for e in events)
    kinds = {(e["type"], e["modality"]) for e in events}
    assert ("ASSAULT", "asserted") in kinds and ("COERCE", "negated") in kinds
    assert not any(e["type"] == "COERCE" and e["modality"] == "asserted" for e in events)
    assert "1 documents read" in result.stderr


def test_cli_bad_input_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    db = tmp_path / "bad.duckdb"
    result = flashpoint("run", str(BAD), str(BAD / "binary.bin"), str(tmp_path / "missing.txt"),
                        str(ARTICLES / "passive_attack.txt"), "--db", str(db),
                        "--date", "2024-06-02")
    assert "Traceback" not in result.stderr
    for name in ("binary.bin", "bad_utf8.txt", "empty.txt", "missing.txt", "broken.jsonl:2"):
        assert name in result.stderr, name
    stored = _rows(db, "select doc_id from articles where status = 'coded'")
    assert any("passive_attack" in str(r[0]) for r in stored)
    assert _rows(db, "select count(*) from events")[0][0] > 0
    problems = _rows(db, "select count(*) from problems")[0][0]
    assert isinstance(problems, int) and problems >= 5


def test_cli_run_twice_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "twice.duckdb"
    flashpoint("run", str(ARTICLES), "--db", str(db))
    first = (_rows(db, "select content_hash from articles order by 1"),
             _rows(db, "select event_id from events order by 1"))
    again = flashpoint("run", str(ARTICLES), "--db", str(db))
    second = (_rows(db, "select content_hash from articles order by 1"),
              _rows(db, "select event_id from events order by 1"))
    assert first == second and first[1]
    assert "0 coded" in again.stderr


def test_cli_killed_run_resumes_to_the_same_store(tmp_path: Path) -> None:
    whole, killed = tmp_path / "whole.duckdb", tmp_path / "killed.duckdb"
    flashpoint("run", str(SAMPLE), "--db", str(whole))
    exe = Path(sys.executable).parent / "flashpoint"
    proc = subprocess.Popen([str(exe), "run", str(SAMPLE), "--db", str(killed)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if killed.exists() and killed.stat().st_size > 400_000:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    flashpoint("run", str(SAMPLE), "--db", str(killed))
    for sql in ("select content_hash, status, duplicate_of from articles order by 1",
                "select event_id, type, modality from events order by 1"):
        assert _rows(killed, sql) == _rows(whole, sql)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_cli_events_filters(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "q.duckdb"
    flashpoint("run", str(ARTICLES), "--db", str(db))
    result = flashpoint("events", "--db", str(db), "--type", "ASSAULT", "--format", fmt)
    if fmt == "json":
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert rows and {r["type"] for r in rows} == {"ASSAULT"}
    elif fmt == "csv":
        header, *lines = result.stdout.splitlines()
        assert header.startswith("date,type") and lines
        assert all(",ASSAULT," in line for line in lines)
    else:
        assert "ASSAULT" in result.stdout and "COERCE" not in result.stdout


def test_cli_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    result = flashpoint("code", str(ARTICLES / "hypothetical.txt"), "--date", "12/03/2024",
                        check=False)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_ingest_then_run_equals_a_direct_run(tmp_path: Path) -> None:
    direct, later = tmp_path / "direct.duckdb", tmp_path / "later.duckdb"
    flashpoint("run", str(ARTICLES), "--db", str(direct))
    stored = flashpoint("ingest", str(ARTICLES), "--db", str(later))
    assert "0 coded" in stored.stderr
    assert _rows(later, "select count(*) from events") == [(0,)]
    assert {r[0] for r in _rows(later, "select status from articles")} == {"pending"}
    flashpoint("run", "--db", str(later))  # no sources: codes what ingest left pending
    for sql in ("select content_hash, status from articles order by 1",
                "select event_id, type, modality from events order by 1"):
        assert _rows(later, sql) == _rows(direct, sql)
