"""Store opening, migrations, locking, idempotent writes and resuming after a kill."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb
import pytest
import store_fixtures as fx

from flashpoint.errors import MigrationError, StoreError, StoreLocked
from flashpoint.records import Article, Problem
from flashpoint.store import Store, WriteCounts
from flashpoint.store.db import lock_holder

HERE = Path(__file__).parent


def _child(code: str) -> subprocess.Popen[str]:
    """A second Python process running `code`, with these test helpers importable."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get(
        "PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def _tables(store: Store) -> list[str]:
    with store._cursor() as con:
        rows = con.execute("SELECT table_name FROM information_schema.tables "
                           "ORDER BY table_name").fetchall()
    return [name for (name,) in rows]


def test_store_migrations_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "fp.duckdb"
    with Store.open(path) as store:
        first = (store.migrations(), _tables(store))
    with Store.open(path) as store:
        again = (store.migrations(), _tables(store))
    assert first == again == (
        [(1, "001_init.sql"), (5, "005_alert_delivery.sql"),
         (6, "006_event_mentions.sql"), (7, "007_pair_tables.sql")],
        ["actor_pair_counts", "actors", "alert_deliveries", "alert_log", "articles",
         "country_pair_counts", "dyad_days", "events", "incidents", "migrations", "problems",
         "runs"],
    )


def test_store_read_only_refuses_unmigrated_file(tmp_path: Path) -> None:
    path = tmp_path / "bare.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="not migrated"):
        Store.open(path, read_only=True)


def test_store_refuses_file_from_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "fp.duckdb"
    with Store.open(path) as store, store._cursor() as con:
        con.execute("INSERT INTO migrations VALUES (999, '999_future.sql', now())")
    with pytest.raises(StoreError, match="newer flashpoint"):
        Store.open(path)


def test_store_failed_migration_is_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "fp.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE runs (x INTEGER)")  # clashes with 001_init.sql
    con.close()
    with pytest.raises(MigrationError) as caught:
        Store.open(path)
    assert caught.value.fields["migration"] == "001_init.sql"
    con = duckdb.connect(str(path))
    assert con.execute("SELECT table_name FROM information_schema.tables "
                       "ORDER BY table_name").fetchall() == [("migrations",), ("runs",)]
    assert con.execute("SELECT count(*) FROM migrations").fetchall() == [(0,)]
    con.close()


def test_store_wraps_duckdb_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path / "missing-dir" / "fp.duckdb")
    assert type(caught.value) is StoreError
    assert isinstance(caught.value.__cause__, duckdb.Error)


@pytest.mark.parametrize("read_only", [False, True])
def test_store_locked_by_another_process(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "fp.duckdb"
    Store.open(path).close()
    holder = _child(f"""
        import sys
        from flashpoint.store import Store
        store = Store.open({str(path)!r})
        print("ready", flush=True)
        sys.stdin.readline()
        store.close()
    """)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        with pytest.raises(StoreLocked) as caught:
            Store.open(path, read_only=read_only)
        assert (caught.value.code, caught.value.fields["path"]) == ("E501", str(path))
        assert isinstance(caught.value.__cause__, duckdb.IOException)
        # a plain Python process, not a flashpoint command: named by PID, `serve` not blamed
        assert caught.value.fields["holder"] == f"another process (PID {holder.pid})"
        assert "held by another process (PID" in str(caught.value)
    finally:
        holder.communicate("done\n", timeout=30)
    with Store.open(path) as store:  # released once the holder is gone
        assert store.migrations() == [(1, "001_init.sql"), (5, "005_alert_delivery.sql"),
         (6, "006_event_mentions.sql"), (7, "007_pair_tables.sql")]


def test_store_write_batch_round_trips_records() -> None:
    articles = [fx.article(1), fx.article(2, duplicate_of="hash-0001")]
    events = [fx.event("doc-1", 1), fx.event("doc-1", 2, day=date(2023, 3, 7), killed=3),
              fx.sparse_event("doc-2")]
    with Store.open(":memory:") as store:
        run_id = store.start_run("code", "rules/0.3.0", {"verbs": "3"})
        counts = store.write_batch(run_id, articles, events, [])
        assert counts == WriteCounts(articles=2, events=3, problems=0)
        assert store.articles() == articles
        assert store.events() == events
        assert store.get_event("doc-2-sparse") == fx.sparse_event("doc-2")


def test_store_write_batch_is_idempotent() -> None:
    (articles, events, problems), = fx.batches(1)
    with Store.open(":memory:") as store:
        run_id = store.start_run("code", "rules/0.3.0", {})
        first = store.write_batch(run_id, articles, events, problems)
        before = fx.dump(store)
        second = store.write_batch(run_id, articles, events, problems)
        assert (first, second) == (WriteCounts(4, 8, 1), WriteCounts(0, 0, 0))
        assert fx.dump(store) == before


def test_store_article_without_hash_is_keyed_by_its_text() -> None:
    unhashed = Article(doc_id="doc-x", text="Plain text.")
    with Store.open(":memory:") as store:
        run_id = store.start_run("code", None, {})
        store.write_batch(run_id, [unhashed], [], [])
        store.write_batch(run_id, [unhashed], [], [])
        hashes = store.known_hashes()
    assert hashes == {hashlib.sha256(b"Plain text.").hexdigest()}


def test_store_article_status_follows_duplicates_and_problems() -> None:
    articles = [fx.article(1), fx.article(2, duplicate_of="hash-0001"),
                fx.article(3, language="so")]
    problems = [Problem("doc-3", "E106", "not coded: language so")]
    with Store.open(":memory:") as store:
        store.write_batch(store.start_run("code", None, {}), articles, [], problems)
        assert store.summary().articles_by_status == {"coded": 1, "duplicate": 1, "not_coded": 1}
        assert store.articles(status="not_coded") == [articles[2]]


def test_store_dedup_helpers_see_earlier_runs(tmp_path: Path) -> None:
    path = tmp_path / "fp.duckdb"
    with Store.open(path) as store:
        fx.write_all(store, store.start_run("code", None, {}), fx.batches(1, per_batch=2))
    with Store.open(path, read_only=True) as store:
        assert (store.has_article("hash-0001"), store.has_article("hash-9999")) == (True, False)
        assert store.known_hashes() == {"hash-0000", "hash-0001"}
        assert list(store.minhashes()) == [("hash-0000", b"doc-0"), ("hash-0001", b"doc-1")]


def test_store_read_only_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "fp.duckdb"
    Store.open(path).close()
    with Store.open(path, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.start_run("code", None, {})


def test_store_runs_record_commands_versions_and_counts() -> None:
    with Store.open(":memory:") as store:
        run_id = store.start_run("code tests/data", "rules/0.3.0", {"verbs": "3", "gaz": "1"})
        running = [(r.run_id, r.status, r.finished) for r in store.runs()]
        store.finish_run(run_id, {"articles": 4, "events": 8, "problems": 1})
        (run,) = store.runs()
        with pytest.raises(StoreError, match="no run"):
            store.finish_run("nope", {})
    assert running == [(run_id, "running", None)]
    assert (run.run_id, run.command, run.coder, run.data_versions, run.counts, run.status) == (
        run_id, "code tests/data", "rules/0.3.0", {"gaz": "1", "verbs": "3"},
        {"articles": 4, "events": 8, "problems": 1}, "finished")
    assert run.finished is not None and run.finished >= run.started


def test_store_failed_batch_leaves_nothing_behind() -> None:
    first, second = fx.batches(2)
    bad_problems = [Problem("bad-1", "E101", None)]  # type: ignore[arg-type]  # NOT NULL
    with Store.open(":memory:") as store:
        run_id = store.start_run("code", None, {})
        fx.write_all(store, run_id, [first])
        before = fx.dump(store)
        # Articles and events go in before problems, so this fails inside the transaction.
        with pytest.raises(StoreError) as caught:
            store.write_batch(run_id, second[0], second[1], bad_problems)
        assert isinstance(caught.value.__cause__, duckdb.Error)
        assert fx.dump(store) == before


def test_store_resume_after_failed_batch_matches_uninterrupted() -> None:
    data = fx.batches(3)
    with Store.open(":memory:") as reference, Store.open(":memory:") as resumed:
        reference.start_run("code", "rules/0.3.0", {}, run_id="run-1")
        fx.write_all(reference, "run-1", data)
        reference.finish_run("run-1", {"events": 24})

        resumed.start_run("code", "rules/0.3.0", {}, run_id="run-1")
        fx.write_all(resumed, "run-1", data[:1])
        with pytest.raises(StoreError):
            resumed.write_batch("run-1", data[1][0], data[1][1],
                                [Problem("x", "E101", None)])  # type: ignore[arg-type]
        resumed.start_run("code", "rules/0.3.0", {}, run_id="run-1")  # the restart
        fx.write_all(resumed, "run-1", data)
        resumed.finish_run("run-1", {"events": 24})
        assert fx.dump(resumed) == fx.dump(reference)


def test_store_resume_after_killed_process_matches_uninterrupted(tmp_path: Path) -> None:
    data = fx.batches(3) + fx.big_batch()
    path = tmp_path / "killed.duckdb"
    writer = _child(f"""
        import store_fixtures as fx
        from flashpoint.store import Store
        store = Store.open({str(path)!r})
        store.start_run("code", "rules/0.3.0", {{}}, run_id="run-1")
        for n, batch in enumerate(fx.batches(3) + fx.big_batch()):
            fx.write_all(store, "run-1", [batch])
            print(n, flush=True)
    """)
    assert writer.stdout is not None
    assert writer.stdout.readline() == "0\n"
    writer.send_signal(signal.SIGKILL)  # mid-run: somewhere in batches 1 to 3
    writer.communicate(timeout=30)

    total = sum(len(events) for _, events, _ in data)
    with Store.open(path) as resumed:
        assert len(resumed.events()) < total
        resumed.start_run("code", "rules/0.3.0", {}, run_id="run-1")
        fx.write_all(resumed, "run-1", data)
        resumed.finish_run("run-1", {"events": total})
        with Store.open(":memory:") as reference:
            reference.start_run("code", "rules/0.3.0", {}, run_id="run-1")
            fx.write_all(reference, "run-1", data)
            reference.finish_run("run-1", {"events": total})
            assert fx.dump(resumed) == fx.dump(reference)


def test_store_replace_actors_keeps_only_the_new_snapshot() -> None:
    old = [{"id": "SHB", "name": "al-Shabaab", "country": "SOM", "sector": "REB",
            "from": date(2006, 1, 1), "until": None, "aliases": ["Harakat al-Shabaab"]}]
    new = [
        {"id": "KEN.GOV", "name": "Government of Kenya", "country": "KEN", "sector": "GOV",
         "from": None, "until": None, "aliases": []},
        {"id": "SHB", "name": "al-Shabaab", "country": "SOM", "sector": "REB",
         "from": date(2006, 1, 1), "until": None, "aliases": ["Harakat al-Shabaab", "HSM"]},
    ]
    with Store.open(":memory:") as store:
        store.replace_actors(old)  # type: ignore[arg-type]
        store.replace_actors(new)  # type: ignore[arg-type]
        assert store.actors() == new


@pytest.mark.issue(20)
@pytest.mark.parametrize(("argv", "expected"), [
    (["/usr/bin/python3", "/venv/bin/flashpoint", "watch", "feeds.txt"],
     "`flashpoint watch` (PID {pid})"),
    (["/venv/bin/flashpoint", "serve", "--db", "x.duckdb"], "`flashpoint serve` (PID {pid})"),
    (["/usr/bin/python3", "-c", "pass"], "another process (PID {pid})"),
])
def test_store_lock_error_names_the_holder(tmp_path: Path, argv: list[str],
                                           expected: str) -> None:
    # a real process whose command line is `argv` (exec -a sets only argv[0], so a shell
    # script stands in: /proc/PID/cmdline holds the interpreter and its arguments)
    script = tmp_path / "holder.py"
    script.write_text("import sys\nprint('ready', flush=True)\nsys.stdin.readline()\n")
    proc = subprocess.Popen([sys.executable, str(script), *argv], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    try:
        # Popen may return before the child has exec'd and /proc shows its command line
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        message = f'Could not set lock on file "x": Conflicting lock is held in {argv[0]} ' \
                  f"(PID {proc.pid}). See also https://duckdb.org"
        found = lock_holder(message)
    finally:
        proc.communicate(b"\n", timeout=30)
    assert found == expected.format(pid=proc.pid)


def test_store_lock_holder_without_a_pid() -> None:
    assert lock_holder("IO Error: Could not set lock on file") == "another process"
