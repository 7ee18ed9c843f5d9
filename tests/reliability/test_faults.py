"""Regression tests for the ways #20 found to lose or corrupt data, one fault per test."""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.errors import TextTooLong
from flashpoint.ingest.clean import content_hash
from flashpoint.ingest.dedup import copy_key
from flashpoint.nlp.chunks import split_text
from flashpoint.pipeline import Coder
from flashpoint.records import Article, Problem
from flashpoint.runner import code_paths, estimate_total, run
from flashpoint.store.db import CRASH_ENV, SimulatedCrash, Store, reset_crash_counter

pytestmark = pytest.mark.issue(20)

LEAD = ("MOPTI, April 12 - Gunmen attacked a checkpoint near Mopti on Friday, killing six "
        "soldiers, the army said.")
SECOND = ("KANO, April 13 - Police arrested twelve protesters in Kano on Saturday after a march "
          "against fuel prices, witnesses said.")
THIRD = ("GOMA, April 14 - Rebels shelled a camp for displaced people outside Goma on Sunday, "
         "wounding nine people, aid workers said.")


def _jsonl(path: Path, *records: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_run_same_batch_duplicate_keeps_both_rows(tmp_path: Path, coder: Coder) -> None:
    source = _jsonl(tmp_path / "wire.jsonl", {"id": "orig", "text": LEAD, "date": "2024-04-12"},
                    {"id": "wirecopy", "text": LEAD, "date": "2024-04-12"})
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        summary = run([source], store=store, coder=coder)
    with Store.open(db) as store:
        again = run([source], store=store, coder=coder)
        event_docs = {event.doc_id for event in store.events()}
    original = content_hash(LEAD)
    assert _rows(db, "SELECT doc_id, status, content_hash, duplicate_of FROM articles "
                     "ORDER BY doc_id") == [
        ("orig", "coded", original, None),
        ("wirecopy", "duplicate", copy_key(original, "wirecopy"), original)]
    assert event_docs == {"orig"}
    assert (summary.coded, summary.duplicates, again.already_stored, again.coded) == (1, 1, 2, 0)


def test_run_duplicate_in_a_later_run_is_stored_as_a_linked_copy(tmp_path: Path,
                                                                 coder: Coder) -> None:
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        run([_jsonl(tmp_path / "a.jsonl", {"id": "orig", "text": LEAD})], store=store,
            coder=coder)
        later = run([_jsonl(tmp_path / "b.jsonl", {"id": "copy", "text": LEAD})], store=store,
                    coder=coder)
    assert later.duplicates == 1
    assert _rows(db, "SELECT doc_id, status, duplicate_of FROM articles ORDER BY doc_id") == [
        ("copy", "duplicate", content_hash(LEAD)), ("orig", "coded", None)]


def _poison(chars: int) -> str:
    return ("Crowds gathered in the square. " * (chars // 31 + 1))[:chars]


def test_run_poison_document_is_stored_uncoded_and_the_rest_is_coded(tmp_path: Path,
                                                                     coder: Coder) -> None:
    small = dataclasses.replace(coder, max_chars=2000)
    source = _jsonl(tmp_path / "mix.jsonl", {"id": "first", "text": LEAD},
                    {"id": "poison", "text": _poison(2500)}, {"id": "last", "text": SECOND})
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        summary = run([source], store=store, coder=small)
        problems = store.problems()
    error = TextTooLong(doc_id="poison", chars=2500, limit=2000)
    assert problems == [Problem("poison", "E211", str(error))]
    assert _rows(db, "SELECT doc_id, status FROM articles ORDER BY doc_id") == [
        ("first", "coded"), ("last", "coded"), ("poison", "not_coded")]
    assert (summary.coded, summary.not_coded, summary.unreadable) == (2, 1, 0)


def test_ingest_then_run_with_a_poison_document_codes_the_rest(tmp_path: Path,
                                                               coder: Coder) -> None:
    small = dataclasses.replace(coder, max_chars=2000)
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        run([_jsonl(tmp_path / "mix.jsonl", {"id": "poison", "text": _poison(2500)},
                    {"id": "good", "text": LEAD})], store=store, coder=small, code=False)
        summary = run([], store=store, coder=small)
        unrelated = run([_jsonl(tmp_path / "more.jsonl", {"id": "more", "text": THIRD})],
                        store=store, coder=small)
    assert (summary.coded, summary.not_coded, unrelated.coded) == (1, 1, 1)
    assert _rows(db, "SELECT doc_id, status FROM articles ORDER BY doc_id") == [
        ("good", "coded"), ("more", "coded"), ("poison", "not_coded")]


def test_long_document_is_parsed_in_chunks_with_offsets_into_its_text(coder: Coder) -> None:
    text = "\n\n".join([LEAD, SECOND, THIRD] * 3)
    article = Article(doc_id="long", text=text)
    chunked = dataclasses.replace(coder, chunk_chars=300)
    ((_, whole, none),) = coder.code_checked([article])
    ((_, pieces, problem),) = chunked.code_checked([article])
    assert (none, problem) == (None, None)
    assert pieces == whole and pieces
    assert all(text[e.evidence.start:e.evidence.end] == e.evidence.text for e in pieces)


@pytest.mark.parametrize(("limit", "cuts"), [
    (60, ["Rebels attacked Gao.\n\nTroops fired back. Two died.\n\n", "Calm returned."]),
    (25, ["Rebels attacked Gao.\n\n", "Troops fired back. ", "Two died.\n\nCalm returned."]),
    (12, ["Rebels ", "attacked ", "Gao.\n\n", "Troops ", "fired back. ", "Two died.\n\n",
          "Calm ", "returned."]),
    (5, ["Rebel", "s ", "attac", "ked ", "Gao.\n", "\nTroo", "ps ", "fired", " back", ". ",
         "Two ", "died.", "\n\n", "Calm ", "retur", "ned."]),  # no boundary: cut at the limit
])
def test_split_text_cuts_on_the_best_boundary_and_joins_back(limit: int,
                                                             cuts: list[str]) -> None:
    text = "Rebels attacked Gao.\n\nTroops fired back. Two died.\n\nCalm returned."
    assert split_text(text, limit) == cuts
    assert "".join(cuts) == text and all(len(cut) <= limit for cut in cuts)


def test_run_after_a_crash_before_the_incident_rebuild_repairs_incidents(
        tmp_path: Path, coder: Coder, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _jsonl(tmp_path / "wire.jsonl", {"id": "a", "text": LEAD, "date": "2024-04-12"},
                    {"id": "b", "text": SECOND, "date": "2024-04-13"})
    whole, crashed = tmp_path / "whole.duckdb", tmp_path / "crashed.duckdb"
    with Store.open(whole) as store:
        run([source], store=store, coder=coder)
        expected = store.incidents()
    reset_crash_counter()
    monkeypatch.setenv(CRASH_ENV, "3:raise")  # 1 migration, 2 run start, 3 the one batch
    with pytest.raises(SimulatedCrash), Store.open(crashed) as store:
        run([source], store=store, coder=coder)
    monkeypatch.delenv(CRASH_ENV)
    with Store.open(crashed) as store:
        assert (store.incidents(), store.incidents_stale()) == ([], True)
        assert [r.status for r in store.runs()] == ["interrupted"]
        summary = run([], store=store, coder=coder)  # codes nothing new
        assert (store.incidents(), store.incidents_stale()) == (expected, False)
    assert summary.incidents == len(expected) > 0


def test_run_summary_and_runs_table_agree_on_unreadable(tmp_path: Path, coder: Coder) -> None:
    source = tmp_path / "mix.jsonl"
    source.write_text("\n".join([
        json.dumps({"id": "a", "text": LEAD}), json.dumps({"id": "copy", "text": LEAD}),
        json.dumps({"id": "fr", "text": "Des hommes armés ont attaqué un poste près de Mopti "
                                        "vendredi, tuant six soldats, selon l'armée."}),
        '{"id": "cut", "text": "no end']) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        summary = run([source], store=store, coder=coder)
        (stored,) = store.runs()
    assert (summary.duplicates, summary.not_coded, summary.unreadable) == (1, 1, 1)
    assert stored.counts["unreadable"] == summary.counts()["unreadable"] == 1


@pytest.mark.parametrize("command", ["run", "ingest"])
def test_cli_exits_2_when_every_input_failed(tmp_path: Path, command: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": \n', encoding="utf-8")
    result = CliRunner().invoke(app, [command, str(bad), str(tmp_path / "missing.txt"),
                                      "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2, result.output


def test_cli_exits_0_when_some_input_was_read(tmp_path: Path) -> None:
    mixed = _jsonl(tmp_path / "ok.jsonl", {"id": "a", "text": LEAD})
    result = CliRunner().invoke(app, ["ingest", str(mixed), str(tmp_path / "missing.txt"),
                                      "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 0, result.output


def test_run_on_a_fifo_reports_it_and_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "stream.jsonl"
    os.mkfifo(fifo)
    found: list[int | None] = []
    # before #20 the progress estimate opened the FIFO and waited for a writer for ever
    counting = threading.Thread(target=lambda: found.append(estimate_total([fifo])),
                                daemon=True)
    counting.start()
    counting.join(timeout=10)
    assert found == [0]
    result = CliRunner().invoke(app, ["run", str(fifo), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2 and "named pipe (FIFO)" in result.output


def test_code_reports_a_document_too_long_to_code(tmp_path: Path, coder: Coder) -> None:
    small = dataclasses.replace(coder, max_chars=2000)
    source = _jsonl(tmp_path / "mix.jsonl", {"id": "poison", "text": _poison(2500)},
                    {"id": "good", "text": LEAD})
    events: list[object] = []
    result = code_paths([source], emit=events.append, coder=small)
    error = TextTooLong(doc_id="poison", chars=2500, limit=2000)
    assert result.problems == [Problem("poison", "E211", str(error))]
    assert (result.read, result.events) == (2, len(events)) and events
