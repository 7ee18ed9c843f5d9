"""`flashpoint code`, `run` and `events` end to end, on our fixture articles and bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from local_http import QuietHandler, send, serve

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


# -- URLs on the command line, and inputs, outputs and stores that cannot work (#17) ----------

PAGES = {
    "/world/dam-talks.html": (
        "Ministers meet over the river dam",
        "ADDIS ABABA, May 6 - The water ministers of Ethiopia and Sudan met in Addis Ababa on "
        "Tuesday to discuss the filling of the new dam, officials said. Both governments agreed "
        "to set up a joint technical committee on river flows, a statement from the Sudanese "
        "ministry said."),
    "/world/port-clash.html": (
        "Police fire tear gas at port protest",
        "MOMBASA, May 6 - Police fired tear gas at dock workers who blocked the gates of the "
        "port of Mombasa on Tuesday to protest against unpaid wages, witnesses said. The "
        "workers' union said talks with the port authority would resume on Friday."),
}


def _html(title: str, text: str) -> bytes:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1><p>{text}</p></article></body></html>").encode()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """A loopback news site: two article pages and an RSS feed that links to both."""

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/feed.xml":
                items = "".join(
                    f"<item><title>{title}</title><link>{base}{path}</link><guid>{path}</guid>"
                    "<pubDate>Tue, 06 May 2025 08:00:00 GMT</pubDate></item>"
                    for path, (title, _) in PAGES.items())
                send(self, 200, (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
                                 f"<channel><title>Horn Wire</title><link>{base}/</link>"
                                 f"<description>news</description>{items}</channel></rss>"
                                 ).encode(), {"Content-Type": "application/rss+xml"})
            elif self.path in PAGES:
                send(self, 200, _html(*PAGES[self.path]),
                     {"Content-Type": "text/html; charset=utf-8"})
            else:
                send(self, 404, b"not found", {"Content-Type": "text/plain"})

    with serve(Handler) as base:
        yield base


def test_cli_code_reads_a_page_url(site: str, tmp_path: Path) -> None:
    url = site + "/world/port-clash.html"
    out = tmp_path / "events.jsonl"
    result = flashpoint("code", url, "-o", str(out))
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert "1 documents read, 0 skipped" in result.stderr
    assert "https:/" not in result.stderr and "no such file" not in result.stderr
    assert events and {e["doc_id"] for e in events} == {url}
    assert "COERCE" in {e["type"] for e in events}


def test_cli_ingest_then_run_reads_a_feed_url(site: str, tmp_path: Path) -> None:
    db = tmp_path / "feed.duckdb"
    flashpoint("ingest", site + "/feed.xml", "--db", str(db))
    assert _rows(db, "select url, status from articles order by url") == [
        (site + "/world/dam-talks.html", "pending"), (site + "/world/port-clash.html", "pending")]
    flashpoint("run", "--db", str(db))
    assert {r[0] for r in _rows(db, "select status from articles")} == {"coded"}
    assert _rows(db, "select count(*) from events")[0][0] > 0


def test_cli_run_reads_a_page_url(site: str, tmp_path: Path) -> None:
    db = tmp_path / "page.duckdb"
    flashpoint("run", site + "/world/dam-talks.html", "--db", str(db))
    assert _rows(db, "select url, status from articles") == [
        (site + "/world/dam-talks.html", "coded")]


@pytest.mark.parametrize("command", ["code", "run", "ingest"])
def test_cli_nothing_readable_exits_2(site: str, tmp_path: Path, command: str) -> None:
    missing, gone = tmp_path / "missing.txt", site + "/world/no-such-page.html"
    store = [] if command == "code" else ["--db", str(tmp_path / "x.duckdb")]
    result = flashpoint(command, str(missing), gone, *store, check=False)
    assert result.returncode == 2, result.stderr
    assert "E120" in result.stderr and "Traceback" not in result.stderr
    assert "missing.txt" in result.stderr and "no-such-page.html" in result.stderr


def test_cli_code_with_one_readable_input_exits_0(tmp_path: Path) -> None:
    result = flashpoint("code", str(tmp_path / "missing.txt"),
                        str(ARTICLES / "passive_attack.txt"), check=False)
    assert result.returncode == 0 and "1 documents read, 1 skipped" in result.stderr


@pytest.mark.parametrize("args", [
    ["code", str(ARTICLES / "passive_attack.txt"), "-o", "/no/such/dir/out.jsonl"],
    ["export", "--db", "{db}", "-o", "/no/such/dir/out.csv", "--format", "csv"],
])
def test_cli_output_in_a_missing_folder_is_a_coded_error(tmp_path: Path,
                                                         args: list[str]) -> None:
    db = tmp_path / "s.duckdb"
    flashpoint("ingest", str(ARTICLES / "passive_attack.txt"), "--db", str(db))
    result = flashpoint(*[a.replace("{db}", str(db)) for a in args], check=False)
    assert result.returncode == 1
    line = " ".join(result.stderr.split())
    assert line.startswith("error [E410]: cannot write /no/such/dir/out.")
    assert "the folder /no/such/dir does not exist; create the folder first" in line


def test_cli_store_that_cannot_be_used_is_a_coded_error(tmp_path: Path) -> None:
    not_a_store = tmp_path / "notes.duckdb"
    not_a_store.write_text("shopping list: bread, tea\n")
    cases = {
        ("events", "--db", str(tmp_path / "none.duckdb")): "no such store; create it with",
        ("alerts", "--db", str(not_a_store)): "not a DuckDB store file",
        ("run", str(ARTICLES), "--db", "/no/such/dir/x.duckdb"):
            "the folder /no/such/dir does not exist",
        ("ingest", str(ARTICLES), "--db", str(tmp_path)): "this is a folder, not a store file",
    }
    for args, reason in cases.items():
        result = flashpoint(*args, check=False)
        line = " ".join(result.stderr.split())
        assert result.returncode == 1, args
        assert line.startswith("error [E510]: store ") and reason in line, line
    assert not (tmp_path / "none.duckdb").exists()


# -- start-up (#18): `code` imports only what coding a text file needs --------------------------

HEAVY = ("fastapi", "uvicorn", "duckdb", "dask", "distributed", "matplotlib", "scipy",
         "trafilatura", "htmldate", "feedparser", "warcio", "datasketch", "pyarrow")


def test_cli_code_on_a_text_file_skips_heavy_imports(tmp_path: Path) -> None:
    report = tmp_path / "modules.json"
    script = (
        "import json, sys\n"
        "from flashpoint.cli import main\n"
        f"sys.argv = ['flashpoint', 'code', {str(ARTICLES / 'passive_attack.txt')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        f"open({str(report)!r}, 'w').write(json.dumps(heavy))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.count('"event_id"') >= 1
    assert json.loads(report.read_text()) == []
