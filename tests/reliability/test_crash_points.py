"""Fault injection (#20): a crash after any committed store step loses nothing.

For generated corpora mixing good, bad, duplicate and poison documents, the store is crashed
right after its 1st, 2nd, ... Nth committed transaction (migration, run start, each batch,
each incident write, the prune, the run's end), then the same command is run again. After the
rerun the invariants hold and the store equals the one an uninterrupted run leaves:

- every readable input is an article row exactly once, with the status it should have;
- every event's article exists (same doc id and content hash) and is coded;
- incidents match events (no event without its incident, no incident without events);
- every unreadable input is reported as a problem.

In-process crashes raise `SimulatedCrash` (a BaseException, so nothing swallows it) right
after the commit; `test_crash_hook_kills_the_process` checks the same with a real exit of a
`flashpoint run` subprocess.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from corpus import Corpus, make_corpus, snapshot

from flashpoint.pipeline import Coder
from flashpoint.runner import run
from flashpoint.store.db import (
    CRASH_ENV,
    CRASH_EXIT,
    SimulatedCrash,
    Store,
    commits_counted,
    reset_crash_counter,
)

pytestmark = pytest.mark.issue(20)
# Small limits so the poison and the chunked document stay cheap to make and to parse.
CHUNK_CHARS, MAX_CHARS = 600, 4000
POISON_CHARS, LONG_CHARS = 5000, 1500


@pytest.fixture(scope="module")
def small_coder(coder: Coder) -> Coder:
    """The real coder with small parsing limits."""
    return dataclasses.replace(coder, chunk_chars=CHUNK_CHARS, max_chars=MAX_CHARS)


def _corpus(tmp_path: Path, seed: int) -> Corpus:
    return make_corpus(tmp_path / "in", seed=seed, poison_chars=POISON_CHARS,
                       long_chars=LONG_CHARS)


def check_invariants(db: Path, corpus: Corpus) -> list[str]:
    """The broken invariants, as readable lines (empty when all hold)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        articles = con.execute("SELECT doc_id, status, content_hash FROM articles").fetchall()
        orphans = con.execute(
            "SELECT e.event_id FROM events e LEFT JOIN articles a ON a.content_hash = "
            "e.content_hash AND a.doc_id = e.doc_id AND a.status = 'coded' "
            "WHERE a.doc_id IS NULL").fetchall()
        problems = {str(doc_id) for (doc_id,) in con.execute(
            "SELECT DISTINCT doc_id FROM problems").fetchall()}
    finally:
        con.close()
    broken = []
    rows = Counter(str(doc_id) for doc_id, _, _ in articles)
    statuses = {str(doc_id): status for doc_id, status, _ in articles}
    for doc_id, status in corpus.readable.items():
        if rows[doc_id] != 1 or statuses.get(doc_id) != status:
            broken.append(f"{doc_id}: {rows[doc_id]} rows, status {statuses.get(doc_id)}, "
                          f"expected 1 row, {status}")
    broken += [f"article {d} is no input" for d in rows if d not in corpus.readable]
    broken += [f"event {event_id} has no coded article" for (event_id,) in orphans]
    with Store.open(db, read_only=True) as store:
        if store.incidents_stale():
            broken.append("incidents do not match events")
    broken += [f"{doc_id} not reported" for doc_id in corpus.unreadable
               if doc_id not in problems]
    return broken


def direct(corpus: Corpus, db: Path, coder: Coder) -> None:
    """`flashpoint run` on the corpus."""
    with Store.open(db) as store:
        run(corpus.paths, store=store, coder=coder, batch_size=4)


def ingest_then_run(corpus: Corpus, db: Path, coder: Coder) -> None:
    """`flashpoint ingest` on the corpus, then `flashpoint run` with no sources."""
    with Store.open(db) as store:
        run(corpus.paths, store=store, coder=coder, batch_size=4, code=False,
            command="ingest")
    with Store.open(db) as store:
        run([], store=store, coder=coder, batch_size=4)


def crash_after(commit: int, action: Callable[[], None],
                monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run `action` with a crash after its `commit`th commit; True if it crashed."""
    reset_crash_counter()
    monkeypatch.setenv(CRASH_ENV, f"{commit}:raise")
    try:
        action()
    except SimulatedCrash:
        return True
    finally:
        monkeypatch.delenv(CRASH_ENV)
    return False


def count_commits(action: Callable[[], None], monkeypatch: pytest.MonkeyPatch) -> int:
    """How many transactions `action` commits."""
    reset_crash_counter()
    monkeypatch.setenv(CRASH_ENV, "999999:raise")
    try:
        action()
    finally:
        count = commits_counted()
        monkeypatch.delenv(CRASH_ENV)
    return count


@pytest.mark.parametrize(("seed", "command"), [(1, direct), (2, ingest_then_run)],
                         ids=["run", "ingest-then-run"])
def test_reliability_a_rerun_after_any_crash_converges(
        tmp_path: Path, small_coder: Coder, monkeypatch: pytest.MonkeyPatch, seed: int,
        command: Callable[[Corpus, Path, Coder], None]) -> None:
    corpus = _corpus(tmp_path, seed)
    whole = tmp_path / "whole.duckdb"
    commits = count_commits(lambda: command(corpus, whole, small_coder), monkeypatch)
    assert check_invariants(whole, corpus) == []
    expected = snapshot(whole)
    assert expected["events"] and expected["incidents"]
    failures = []
    for commit in range(1, commits + 1):
        db = tmp_path / f"crash-{commit}.duckdb"
        crashed = crash_after(commit, lambda db=db: command(corpus, db, small_coder),
                              monkeypatch)
        command(corpus, db, small_coder)  # the rerun
        broken = check_invariants(db, corpus)
        if not crashed or broken or snapshot(db) != expected:
            failures.append(f"crash after commit {commit}/{commits}: crashed={crashed}, "
                            f"broken={broken}, same={snapshot(db) == expected}")
    assert failures == []


def test_reliability_invariants_hold_on_other_mixes(tmp_path: Path,
                                                    small_coder: Coder) -> None:
    for seed in (3, 4):
        corpus = _corpus(tmp_path / str(seed), seed)
        db = tmp_path / f"{seed}.duckdb"
        direct(corpus, db, small_coder)
        first = snapshot(db)
        direct(corpus, db, small_coder)
        assert (check_invariants(db, corpus), snapshot(db)) == ([], first), seed


DRIVER = """
import dataclasses, sys
from pathlib import Path
sys.path.insert(0, {helpers!r})
from corpus import make_corpus
from flashpoint.pipeline import load_coder
from flashpoint.runner import run_paths
corpus = make_corpus(Path({folder!r}), seed=5, poison_chars={poison}, long_chars={long})
coder = dataclasses.replace(load_coder(), chunk_chars={chunk}, max_chars={most})
run_paths(corpus.paths, db={db!r}, coder=coder)
"""


# 1 migration, 2 run start, 3 the one batch (the crash #20 found: incidents never rebuilt),
# 4 the incident write, before the prune
@pytest.mark.parametrize("commit", [3, 4])
def test_crash_hook_kills_the_process(tmp_path: Path, small_coder: Coder, commit: int) -> None:
    corpus = make_corpus(tmp_path / "in", seed=5, poison_chars=POISON_CHARS,
                         long_chars=LONG_CHARS)
    whole, killed = tmp_path / "whole.duckdb", tmp_path / "killed.duckdb"
    with Store.open(whole) as store:
        run(corpus.paths, store=store, coder=small_coder)
    script = DRIVER.format(helpers=str(Path(__file__).parent), folder=str(tmp_path / "in"),
                           poison=POISON_CHARS, long=LONG_CHARS, chunk=CHUNK_CHARS,
                           most=MAX_CHARS, db=str(killed))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, CRASH_ENV: str(commit)}, timeout=300)
    assert done.returncode == CRASH_EXIT, done.stderr
    with Store.open(killed) as store:
        assert [r.status for r in store.runs()] == ["interrupted"]
        run(corpus.paths, store=store, coder=small_coder)
    assert check_invariants(killed, corpus) == []
    assert snapshot(killed) == snapshot(whole)
