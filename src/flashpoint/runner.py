"""A run: read sources, drop duplicates, code what is new, store it all in one transaction
per batch, and account for every record (read, stored, skipped, unreadable, events).

Re-running the same input changes nothing (articles are keyed by content hash, events by a
stable id), and a run killed half way resumes where the last committed batch ended.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from flashpoint.errors import DuplicateRecord, NotCoded
from flashpoint.ingest.clean import content_hash
from flashpoint.ingest.readers import read_sources
from flashpoint.pipeline import Coder, load_coder
from flashpoint.records import Article, Event, Problem

if TYPE_CHECKING:  # `code` needs none of these: scipy, datasketch and DuckDB load late
    from flashpoint.ingest.dedup import Deduplicator
    from flashpoint.store.db import Store

CODED_LANGUAGES = frozenset({"en"})
Progress = Callable[[int, int, float], None]  # documents done, events so far, seconds


@dataclass
class RunSummary:
    """What a run did, for the terminal and the `runs` table."""

    run_id: str = ""
    read: int = 0
    coded: int = 0
    already_stored: int = 0
    duplicates: int = 0
    not_coded: int = 0
    problems: list[Problem] = field(default_factory=list)
    events_by_type: Counter[str] = field(default_factory=Counter)
    events_by_modality: Counter[str] = field(default_factory=Counter)
    dyads: Counter[str] = field(default_factory=Counter)
    type_modality: Counter[tuple[str, str]] = field(default_factory=Counter)
    incidents: int = 0
    pending: int = 0  # stored by `flashpoint ingest`, to be coded by the next run
    seconds: float = 0.0

    @property
    def events(self) -> int:
        """Events coded in this run."""
        return sum(self.events_by_type.values())

    @property
    def unreadable(self) -> int:
        """Inputs that could not be read at all (duplicates and uncoded articles are read)."""
        return len(self.problems) - self.duplicates - self.not_coded

    @property
    def all_failed(self) -> bool:
        """Nothing could be read although something was given: the CLI exits 2 (#20)."""
        return self.read == 0 and self.unreadable > 0

    def counts(self) -> dict[str, object]:
        """A JSON-able summary."""
        return {
            "read": self.read, "coded": self.coded, "already_stored": self.already_stored,
            "duplicates": self.duplicates, "not_coded": self.not_coded,
            "unreadable": self.unreadable, "events": self.events,
            "incidents": self.incidents, "pending": self.pending,
            "events_by_type": dict(self.events_by_type),
            "events_by_modality": dict(self.events_by_modality),
            "top_dyads": dict(self.dyads.most_common(10)), "seconds": round(self.seconds, 2),
        }

    def add_events(self, events: Iterable[Event]) -> None:
        """Count events by type, modality and (asserted) dyad."""
        for event in events:
            self.events_by_type[event.type] += 1
            self.events_by_modality[event.modality] += 1
            self.type_modality[(event.type, event.modality)] += 1
            src = event.source.actor if event.source else None
            tgt = event.target.actor if event.target else None
            if src and tgt and event.modality == "asserted":
                self.dyads[f"{src} -> {tgt}"] += 1


def _triage(items: Iterable[Article | Problem], store: Store, dedup: Deduplicator,
            summary: RunSummary) -> Iterator[tuple[Article, str]]:
    """Sort each record into: problem, already stored, duplicate, other language, to code.

    A record is its id and its text: the same record read again is already stored, while the
    same text under another id is an exact duplicate, stored as its own row (`copy_key`)
    linked to the original, so neither overwrites the other (#20).
    """
    from flashpoint.ingest.dedup import copy_key

    seen: set[tuple[str, str]] = set()
    for item in items:
        if isinstance(item, Problem):
            summary.problems.append(item)
            continue
        summary.read += 1
        key = item.content_hash or content_hash(item.text)
        copy = copy_key(key, item.doc_id)
        if (item.doc_id, key) in seen or store.has_record(key, item.doc_id, copy_key=copy):
            summary.already_stored += 1
            continue
        seen.add((item.doc_id, key))
        if store.has_article(key):  # this text, stored earlier under another id
            summary.duplicates += 1
            yield replace(item, content_hash=copy, duplicate_of=key), "duplicate"
            continue
        original = dedup.check(item)
        if original is not None:
            summary.duplicates += 1
            exact = original == key
            yield replace(item, content_hash=copy if exact else key,
                          duplicate_of=original), "duplicate"
            continue
        dedup.add(key, item.text)
        if item.language and item.language not in CODED_LANGUAGES:
            summary.not_coded += 1
            yield item, "not_coded"
            continue
        yield item, "coded"


def run(
    paths: Iterable[str | Path],
    *,
    store: Store,
    default_date: date | None = None,
    coder: Coder | None = None,
    batch_size: int = 32,
    progress: Progress | None = None,
    command: str = "run",
    code: bool = True,
    incidents: bool = True,
    workers: int | None = 1,
) -> RunSummary:
    """Ingest `paths` into `store` and code every new English article.

    With `code=False` (`flashpoint ingest`) articles are stored as "pending" and the next run
    that codes (`flashpoint run`, with or without new sources) codes them first. With
    `incidents=False` the caller updates incidents itself (the monitor does it incrementally).
    `workers` processes parse and code (None: one per core); the store is written here alone.
    """
    from flashpoint.ingest.dedup import Deduplicator
    from flashpoint.parallel import code_parallel

    coder = coder or load_coder()
    summary = RunSummary()
    started = time.monotonic()
    summary.run_id = store.start_run(command, coder.version, coder.data_versions())
    dedup = Deduplicator()
    for key, signature in store.minhashes():
        dedup.add_signature(key, signature)
    triaged = _triage(read_sources(paths, default_date=default_date), store, dedup, summary)
    batch: list[tuple[Article, list[Event]]] = []
    problems_written = 0

    def to_code() -> Iterator[Article]:
        if code:
            yield from store.pending_articles()  # streamed: memory stays flat (#18)
        for article, status in triaged:
            if status == "coded":
                yield article
            else:
                batch.append((article, []))
                if status == "not_coded":
                    summary.problems.append(Problem(article.doc_id, NotCoded.code,
                                                    str(NotCoded(doc_id=article.doc_id,
                                                                 language=article.language))))
                elif article.duplicate_of:
                    summary.problems.append(Problem(article.doc_id, DuplicateRecord.code,
                                                    str(DuplicateRecord(
                                                        doc_id=article.doc_id,
                                                        original=article.duplicate_of))))

    def flush() -> None:
        nonlocal problems_written
        articles = [a for a, _ in batch]
        events = [e for _, evs in batch for e in evs]
        signatures = {a.content_hash: dedup.signature(a.text) for a in articles
                      if a.content_hash and not a.duplicate_of}
        store.write_batch(summary.run_id, articles, events,
                          summary.problems[problems_written:], minhashes=signatures,
                          pending=not code)
        problems_written = len(summary.problems)
        batch.clear()

    if not code:
        for article in to_code():
            summary.pending += 1
            batch.append((article, []))
            if len(batch) >= batch_size:
                flush()
    for article, events, failed in code_parallel(coder, to_code() if code else iter(()),
                                                 workers=workers):
        if failed is None:
            summary.coded += 1
            summary.add_events(events)
        else:  # stored as not coded, with its reason; the batch goes on (#20)
            summary.not_coded += 1
            summary.problems.append(failed)
        batch.append((article, events))
        if len(batch) >= batch_size:
            flush()
        if progress is not None:
            progress(summary.read, summary.events, time.monotonic() - started)
    if batch or len(summary.problems) > problems_written:
        flush()
    if code and incidents:
        summary.incidents = complete_incidents(store, changed=summary.coded > 0,
                                               run_id=summary.run_id)
    summary.seconds = time.monotonic() - started
    store.finish_run(summary.run_id, summary.counts(), "finished")
    return summary


def complete_incidents(store: Store, *, changed: bool, run_id: str | None = None) -> int:
    """Fold this run's events into the stored incidents, and repair them if they drifted.

    A run clusters only its new events against the incidents in their time window (#18,
    `analysis.monitor.update_incidents`); the result equals clustering the whole store. Part
    of every run's completion (#20): a run stopped between its last batch and this step left
    events without incidents, and the next run, even one that codes nothing, repairs it with
    a full rebuild. Returns the incidents written (0 when nothing needed doing).
    """
    from flashpoint.analysis.monitor import refresh_incidents, update_incidents

    written = 0
    if changed and run_id is not None:
        written = update_incidents(store, store.run_events([run_id])).written
    full = changed and run_id is None  # no run to take the new events from
    if not full and not store.incidents_stale():
        return written
    total = refresh_incidents(store)
    store.prune_incidents()
    return total


@dataclass
class CodeResult:
    """What `flashpoint code` did: documents read, problems, events written."""

    read: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)


def code_paths(
    paths: Iterable[str | Path],
    *,
    emit: Callable[[Event], object],
    default_date: date | None = None,
    coder: Coder | None = None,
    workers: int | None = 1,
) -> CodeResult:
    """Stateless coding: read, code and hand each event to `emit`; no store involved.

    Exact duplicates within the input are coded once; other languages are reported.
    `workers` processes parse and code (None: one per core), the events in input order.
    """
    from flashpoint.parallel import code_parallel

    coder = coder or load_coder()
    result = CodeResult()
    seen: set[str] = set()

    def articles() -> Iterator[Article]:
        for item in read_sources(paths, default_date=default_date):
            if isinstance(item, Problem):
                result.problems.append(item)
                continue
            result.read += 1
            key = item.content_hash or item.doc_id
            if key in seen:
                result.problems.append(Problem(item.doc_id, DuplicateRecord.code, str(
                    DuplicateRecord(doc_id=item.doc_id, original="an earlier record"))))
                continue
            seen.add(key)
            if item.language and item.language not in CODED_LANGUAGES:
                result.problems.append(Problem(item.doc_id, NotCoded.code, str(
                    NotCoded(doc_id=item.doc_id, language=item.language))))
                continue
            yield item

    for _, events, failed in code_parallel(coder, articles(), workers=workers):
        if failed is not None:  # too long to parse, or coding failed: say so (#20)
            result.problems.append(failed)
        for event in events:
            emit(event)
            result.events += 1
    return result


def run_paths(
    paths: Iterable[str | Path],
    *,
    db: str | Path,
    default_date: date | None = None,
    progress: Progress | None = None,
    coder: Coder | None = None,
    code: bool = True,
    workers: int | None = 1,
) -> RunSummary:
    """Open the store at `db` and run; the store is closed afterwards."""
    from flashpoint.store.db import Store

    with Store.open(db) as store:
        return run(paths, store=store, default_date=default_date, progress=progress,
                   coder=coder if code else None, code=code,
                   command="run" if code else "ingest", workers=workers)


def estimate_total(paths: Iterable[str | Path]) -> int | None:
    """How many records `paths` hold, for a progress bar's time left: files, plus one per
    line of JSON Lines files. None when a source is a URL or a feed (unknown until fetched)."""
    from flashpoint.ingest.readers import SUFFIXES

    total = 0
    for raw in paths:
        if str(raw).startswith(("http://", "https://")):
            return None
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            kind = next((k for s, k in SUFFIXES.items() if file.name.endswith(s)), None)
            if kind is None or not file.is_file():  # a FIFO would block the count (#20)
                continue
            if file.name.endswith((".jsonl", ".json")):
                with file.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif file.name.endswith((".txt", ".html", ".htm")):
                total += 1
            else:
                return None
    return total
