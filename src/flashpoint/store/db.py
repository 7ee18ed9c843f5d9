"""The DuckDB store: opening, migrations, and idempotent batch writes (DESIGN.md, "Store").

`Store` is the only door to the database: `analysis`, `api` and `cli` call its methods and
never see SQL or a connection. Reads live in `queries.py`; this module owns connections,
transactions and writes, and knows no business rules.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Final, Required, TypedDict

import duckdb

from flashpoint.errors import MigrationError, StoreError, StoreHeld, StoreLocked
from flashpoint.records import Article, Event, Problem
from flashpoint.store import pairs, queries
from flashpoint.store.holder import read_holder
from flashpoint.store.monitoring import MonitorTables
from flashpoint.store.overview import INCIDENT_COLUMNS, OverviewReads
from flashpoint.store.rows import (
    ARTICLE_SCHEMA,
    EVENT_COLUMNS,
    EVENT_SCHEMA,
    Cell,
    article_to_row,
    event_to_row,
    to_arrow,
)

_MIGRATION_NAME: Final = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
# Problem codes that mean "read but deliberately not coded": E106 a language we do not code,
# E210/E211 a text the parser could not take (#20). The article is stored all the same.
_NOT_CODED_CODES: Final = frozenset({"E106", "E210", "E211"})
# Fault injection for tests/reliability (#20): with FLASHPOINT_CRASH_AFTER_COMMIT=N the process
# exits (code CRASH_EXIT, no clean-up) right after its Nth committed write transaction;
# "N:raise" raises SimulatedCrash instead, for in-process tests. Read at each commit, never at
# import; unset, it costs one dictionary lookup per transaction.
CRASH_ENV: Final = "FLASHPOINT_CRASH_AFTER_COMMIT"
CRASH_EXIT: Final = 86
_commits: dict[str, int] = {}


class SimulatedCrash(BaseException):
    """Raised by the crash hook in "raise" mode; a BaseException so no handler swallows it."""


def reset_crash_counter() -> None:
    """Start counting commits afresh (for tests that inject several crashes in one process)."""
    _commits.clear()


def commits_counted() -> int:
    """Commits counted under the current crash setting (tests use it to plan crash points)."""
    return _commits.get(os.environ.get(CRASH_ENV) or "", 0)


def _after_commit() -> None:
    spec = os.environ.get(CRASH_ENV)
    if not spec:
        return
    target, _, mode = spec.partition(":")
    _commits[spec] = _commits.get(spec, 0) + 1
    if target.isdigit() and _commits[spec] == int(target):
        if mode == "raise":
            raise SimulatedCrash(f"simulated crash after commit {target}")
        os._exit(CRASH_EXIT)


# Column types of `incidents` (schema/001_init.sql), to type the bound lists.
_INCIDENT_TYPES: Final = {
    "incident_id": "VARCHAR", "type": "VARCHAR", "first_date": "DATE", "last_date": "DATE",
    "source_actor": "VARCHAR", "target_actor": "VARCHAR", "country": "VARCHAR",
    "killed": "INTEGER", "injured": "INTEGER", "n_events": "INTEGER", "n_sources": "INTEGER",
    "lat": "DOUBLE", "lon": "DOUBLE",
}


class IncidentRow(TypedDict, total=False):
    """One incident as `analysis` builds it; missing keys are stored as NULL."""

    incident_id: Required[str]
    type: str | None
    first_date: date | None
    last_date: date | None
    source_actor: str | None
    target_actor: str | None
    country: str | None
    killed: int | None
    injured: int | None
    n_events: int | None
    n_sources: int | None
    lat: float | None
    lon: float | None


# Functional form because `from` is a keyword; the keys mirror the registry's data files.
ActorRow = TypedDict(
    "ActorRow",
    {"id": str, "name": str | None, "country": str | None, "sector": str | None,
     "from": date | None, "until": date | None, "aliases": list[str]},
)


@dataclass(frozen=True, slots=True)
class Run:
    """One `runs` row: what ran, with which coder and data versions, when, and how it went."""

    run_id: str
    started: datetime
    finished: datetime | None
    command: str
    coder: str | None
    data_versions: dict[str, str]
    counts: dict[str, object]
    status: str


@dataclass(frozen=True, slots=True)
class WriteCounts:
    """Rows a `write_batch` actually added; zero everywhere when the batch was already in."""

    articles: int
    events: int
    problems: int


def _migrations() -> list[tuple[int, str, str]]:
    """The bundled schema files as (number, name, SQL), in order."""
    found = []
    for entry in resources.files("flashpoint.store").joinpath("schema").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


# Data steps of a migration, run in its transaction after its SQL: 007 fills the pair
# tables from the events already stored (#18).
_AFTER_MIGRATION: Final[dict[int, Callable[[duckdb.DuckDBPyConnection], None]]] = {
    7: pairs.rebuild,
}
_LOCK_PID: Final = re.compile(r"\(PID (\d+)\)")
_COMMANDS: Final = ("serve", "watch", "run", "ingest", "backfill")


def lock_holder(message: str) -> str:
    """Who holds a store, from DuckDB's lock message: "`flashpoint watch` (PID 12)" when the
    holder's command line says so (#20: the message used to blame `serve` whatever held it)."""
    match = _LOCK_PID.search(message)
    if match is None:
        return "another process"
    pid = match.group(1)
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return f"another process (PID {pid})"
    words = [Path(arg.decode("utf-8", "replace")).name for arg in argv if arg]
    if any(word == "flashpoint" or word.startswith("flashpoint") for word in words):
        command = next((word for word in words if word in _COMMANDS), None)
        if command:
            return f"`flashpoint {command}` (PID {pid})"
    return f"another process (PID {pid})"


def _open_error(path: str, error: duckdb.Error) -> StoreError:
    # DuckDB reports a held file lock only as an IO error whose text names the lock.
    if isinstance(error, duckdb.IOException) and "lock" in str(error).lower():
        holder = read_holder(path)  # a serve/monitor names itself and how to reach it (#17)
        if holder is not None:
            return StoreHeld(path=path, command=holder.command, pid=holder.pid, url=holder.url)
        return StoreLocked(path=path, reason=str(error), holder=lock_holder(str(error)))
    return StoreError(path=path, reason=str(error))


def _content_hash(article: Article) -> str:
    # Ingest sets the hash; this fallback keeps an article without one idempotent all the same.
    return article.content_hash or hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def _status(article: Article, problem_codes: Mapping[str, set[str]], *,
            pending: bool = False) -> str:
    if article.duplicate_of is not None:
        return "duplicate"
    if problem_codes.get(article.doc_id, set()) & _NOT_CODED_CODES:
        return "not_coded"
    return "pending" if pending else "coded"


def _first_by_key(rows: list[dict[str, Cell]], key: str) -> list[dict[str, Cell]]:
    # One key twice in a batch would make the insert depend on scan order; keep the first.
    seen: dict[Cell, dict[str, Cell]] = {}
    for row in rows:
        seen.setdefault(row[key], row)
    return list(seen.values())


class Store(MonitorTables, OverviewReads):
    """A flashpoint database: one DuckDB file (or memory, or a read-only Parquet folder)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, *, read_only: bool) -> None:
        """Wrap an open, migrated connection; use `Store.open` or `Store.open_parquet`."""
        self._con: duckdb.DuckDBPyConnection | None = con
        self.path = path
        self.read_only = read_only
        # A Parquet store fills its pair tables on the first read that needs them (#18)
        self._pairs_pending = False
        self._pairs_lock = threading.Lock()

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path = "flashpoint.duckdb", *, read_only: bool = False) -> Store:
        """Open (and create, and migrate) the store at `path`; `":memory:"` for a scratch one.

        StoreLocked if another process holds the file. A read-only store must already be
        migrated, since it cannot be changed.
        """
        name = str(path)
        try:
            con = duckdb.connect(name, read_only=read_only)
        except duckdb.Error as error:
            raise _open_error(name, error) from error
        store = cls(con, name, read_only=read_only)
        try:
            store._migrate()
            if not read_only:
                store._mark_interrupted()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open_parquet(cls, folder: str | Path) -> Store:
        """A read-only store whose `events` are the Parquet files under `folder` (hive layout).

        The `incidents` table holds a backfill's incidents; the other tables exist and are
        empty. Columns missing from the files read as NULL, so
        files written by `rows.events_to_arrow` or a Parquet export work as they are.
        """
        name = str(folder)
        con = duckdb.connect(":memory:")
        store = cls(con, name, read_only=False)
        try:
            store._migrate()
            relation = con.read_parquet(
                str(Path(folder) / "**" / "*.parquet"), hive_partitioning=True
            )
            relation.create_view("events_parquet")
            present = set(relation.columns)
            # Identifiers come from the fixed EVENT_SCHEMA list; no value enters the SQL.
            select = ", ".join(
                column if column in present
                else f"CAST(NULL AS {_duck_type(column)}) AS {column}"
                for column in EVENT_COLUMNS
            )
            con.execute("DROP TABLE events")
            con.execute(f"CREATE VIEW events AS SELECT {select} FROM events_parquet")
            # the pair tables of the files' events, built when first read: an export or an
            # event page never needs them, and a big backfill takes a minute to sum up
            store._pairs_pending = True
            built = sorted(Path(folder).glob("_backfill/incidents/month=*.arrow"))
            if built:  # a backfill's incidents (scale/incidents.py), one Arrow file a month
                import pyarrow as pa
                import pyarrow.ipc as ipc

                con.register("built_incidents", pa.concat_tables(
                    [ipc.open_file(str(p)).read_all() for p in built]))
                con.execute("INSERT INTO incidents SELECT * FROM built_incidents")
        except duckdb.Error as error:
            store.close()
            raise StoreError(path=name, reason=str(error)) from error
        store.read_only = True
        return store

    def close(self) -> None:
        """Close the connection and release the file lock; closing twice is fine."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A fresh cursor per call, so threads (the API server) never share one."""
        if self._con is None:
            raise StoreError(path=self.path, reason="the store is closed")
        cursor = self._con.cursor()
        try:
            yield cursor
        except duckdb.Error as error:
            raise StoreError(path=self.path, reason=str(error)) from error
        finally:
            cursor.close()

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction: all of it commits, or (on any error or kill) none of it."""
        if self.read_only:
            raise StoreError(path=self.path, reason="opened read-only; cannot write")
        with self._cursor() as cursor:
            cursor.execute("BEGIN TRANSACTION")
            try:
                yield cursor
                cursor.execute("COMMIT")
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
        _after_commit()

    # -- migrations ------------------------------------------------------------------------

    def _migrate(self) -> None:
        """Apply the schema files not yet recorded, each in its own transaction."""
        bundled = _migrations()
        with self._cursor() as cursor:
            if not self.read_only:
                cursor.execute(
                    "CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, "
                    "name VARCHAR NOT NULL, applied TIMESTAMP NOT NULL)"
                )
            has_table = cursor.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'migrations'"
            ).fetchone()
            applied = {
                int(number)
                for (number,) in cursor.execute("SELECT id FROM migrations").fetchall()
            } if has_table and has_table[0] else set()
        newer = applied - {number for number, _, _ in bundled}
        if newer:
            raise StoreError(path=self.path, reason=(
                f"written by a newer flashpoint (migrations {sorted(newer)}); upgrade flashpoint"))
        pending = [(n, name, sql) for n, name, sql in bundled if n not in applied]
        if pending and self.read_only:
            raise StoreError(path=self.path, reason=(
                "not migrated to this flashpoint's schema; open it once without --read-only"))
        for number, name, sql in pending:
            self._apply(number, name, sql)

    def _apply(self, number: int, name: str, sql: str) -> None:
        try:
            with self._transaction() as cursor:
                cursor.execute(sql)
                if number in _AFTER_MIGRATION:  # a table filled from the stored rows
                    _AFTER_MIGRATION[number](cursor)
                cursor.execute(
                    "INSERT INTO migrations VALUES (?, ?, ?)", [number, name, _now()]
                )
        except StoreError as error:
            raise MigrationError(
                path=self.path, migration=name, reason=error.fields.get("reason")
            ) from error

    def migrations(self) -> list[tuple[int, str]]:
        """The schema files applied to this store, as (number, file name), in order."""
        with self._cursor() as cursor:
            rows = cursor.execute("SELECT id, name FROM migrations ORDER BY id").fetchall()
        return [(int(number), str(name)) for number, name in rows]

    # -- runs ------------------------------------------------------------------------------

    def _mark_interrupted(self) -> None:
        """Runs still "running" when a writer opens the store were killed (#20): DuckDB lets
        one process write a file, so no other process can be running them now."""
        with self._cursor() as cursor:
            stale = cursor.execute(
                "SELECT count(*) FROM runs WHERE status = 'running'").fetchone()
        if stale and stale[0]:
            with self._transaction() as cursor:
                cursor.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")

    def start_run(
        self, command: str, coder: str | None, data_versions: Mapping[str, str], *,
        run_id: str | None = None,
    ) -> str:
        """Record a run as started and return its id.

        Pass the id of a run that was killed to resume it: its row goes back to "running" and
        its batches, written again, add only what the kill lost.
        """
        run_id = run_id or f"{_now():%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO runs (run_id, started, command, coder, data_versions, status) "
                "VALUES (?, ?, ?, ?, ?, 'running') ON CONFLICT (run_id) DO UPDATE SET "
                "status = 'running', finished = NULL",
                [run_id, _now(), command, coder, json.dumps(dict(data_versions), sort_keys=True)],
            )
        return run_id

    def finish_run(
        self, run_id: str, counts: Mapping[str, object], status: str = "finished"
    ) -> None:
        """Record a run's end, its counts (read, coded, events, problems ...) and status."""
        with self._transaction() as cursor:
            updated = cursor.execute(
                "UPDATE runs SET finished = ?, counts = ?, status = ? WHERE run_id = ?",
                [_now(), json.dumps(dict(counts), sort_keys=True), status, run_id],
            ).fetchone()
            if not updated or not updated[0]:
                raise StoreError(path=self.path, reason=f"no run {run_id!r} to finish")

    def runs(self) -> list[Run]:
        """Every run, oldest first."""
        with self._cursor() as cursor:
            rows = cursor.execute(
                "SELECT run_id, started, finished, command, coder, data_versions, counts, "
                "status FROM runs ORDER BY started, run_id"
            ).fetchall()
        return [
            Run(run_id, started, finished, command, coder,
                json.loads(versions) if versions else {}, json.loads(counts) if counts else {},
                status)
            for run_id, started, finished, command, coder, versions, counts, status in rows
        ]

    def problems(self, run_id: str | None = None) -> list[Problem]:
        """The problems of one run, or of every run, ordered by doc id."""
        with self._cursor() as cursor:
            rows = cursor.execute(
                "SELECT doc_id, code, reason FROM problems WHERE ? IS NULL OR run_id = ? "
                "ORDER BY doc_id, code, reason",
                [run_id, run_id],
            ).fetchall()
        return [Problem(doc_id, code, reason) for doc_id, code, reason in rows]

    # -- writes ----------------------------------------------------------------------------

    def write_batch(
        self, run_id: str, articles: Sequence[Article], events: Sequence[Event],
        problems: Sequence[Problem], *, minhashes: Mapping[str, bytes] | None = None,
        pending: bool = False,
    ) -> WriteCounts:
        """Write one batch in one transaction; rows already stored are left as they are.

        Articles are keyed by content hash, events by event id, problems by all their fields,
        so writing a batch again (a resumed run, a re-ingested file) adds nothing. An article's
        status is "duplicate" if it has `duplicate_of`, "not_coded" if the batch has an E106
        problem for its doc id, "pending" with `pending=True` (ingested, to be coded by a later
        run), else "coded"; a pending article written again as coded becomes coded.
        `minhashes` maps content hash to signature bytes.
        """
        problem_codes: dict[str, set[str]] = {}
        for problem in problems:
            problem_codes.setdefault(problem.doc_id, set()).add(problem.code)
        hashes = {article.doc_id: _content_hash(article) for article in articles}
        article_rows = [
            article_to_row(article, content_hash=_content_hash(article), run_id=run_id,
                           status=_status(article, problem_codes, pending=pending),
                           minhash=(minhashes or {}).get(_content_hash(article)))
            for article in articles
        ]
        event_rows = [self._event_row(event, run_id, hashes.get(event.doc_id))
                      for event in events]
        problem_rows: list[dict[str, Cell]] = [
            {"run_id": run_id, "doc_id": p.doc_id, "code": p.code, "reason": p.reason}
            for p in problems
        ]
        with self._transaction() as cursor:
            n_articles = len(_insert(cursor, "articles",
                                     _first_by_key(article_rows, "content_hash"),
                                     ARTICLE_SCHEMA, key="content_hash"))
            added = _insert(cursor, "events", _first_by_key(event_rows, "event_id"),
                            EVENT_SCHEMA, key="event_id")
            pairs.added(cursor, added)  # the pair tables follow in the same transaction
            n_events = len(added)
            n_problems = _insert_problems(cursor, problem_rows)
            done = [(row["content_hash"], row["status"]) for row in article_rows
                    if row["status"] in ("coded", "not_coded")]
            if done:  # articles ingested earlier and coded (or found uncodable) now
                cursor.execute(
                    "UPDATE articles SET status = m.status FROM (SELECT unnest(?) AS key, "
                    "unnest(?) AS status) AS m WHERE articles.status = 'pending' "
                    "AND articles.content_hash = m.key",
                    [[key for key, _ in done], [status for _, status in done]])
        return WriteCounts(n_articles, n_events, n_problems)

    def _event_row(self, event: Event, run_id: str, content_hash: str | None
                   ) -> dict[str, Cell]:
        try:
            return event_to_row(event, run_id=run_id, content_hash=content_hash)
        except ValueError as error:
            raise StoreError(path=self.path, reason=(
                f"event {event.event_id}: date {event.date!r} is not an ISO date")) from error

    def set_incidents(self, mapping: Mapping[str, str], incidents: Sequence[IncidentRow]) -> None:
        """Store incidents (replacing rows with the same id) and point events at them.

        Events not in `mapping` keep their incident. Both happen in one transaction.
        """
        for incident in incidents:
            unknown = set(incident) - set(INCIDENT_COLUMNS)
            if unknown:
                raise StoreError(path=self.path, reason=(
                    f"incident {incident.get('incident_id')!r}: unknown fields {sorted(unknown)}"))
        columns = ", ".join(INCIDENT_COLUMNS)
        # one statement over parallel lists: executemany costs ~30 ms a row in DuckDB
        lists = ", ".join(f"unnest(?::{_INCIDENT_TYPES[name]}[])" for name in INCIDENT_COLUMNS)
        with self._transaction() as cursor:
            if incidents:
                cursor.execute(
                    f"INSERT OR REPLACE INTO incidents ({columns}) SELECT {lists}",
                    [[incident.get(name) for incident in incidents]
                     for name in INCIDENT_COLUMNS],
                )
            if mapping:
                before = cursor.execute(
                    "SELECT DISTINCT incident_id FROM events WHERE incident_id IS NOT NULL "
                    "AND event_id IN (SELECT unnest(?::VARCHAR[]))", [list(mapping)]).fetchall()
                cursor.execute(
                    "UPDATE events SET incident_id = m.incident_id "
                    "FROM (SELECT unnest(?) AS event_id, unnest(?) AS incident_id) AS m "
                    "WHERE events.event_id = m.event_id",
                    [list(mapping), list(mapping.values())],
                )
                # a unit of a dyad's series is an incident: its days and values may move
                pairs.regrouped(cursor, list(mapping),
                                sorted({str(i) for (i,) in before} | set(mapping.values())))

    def rebuild_pair_tables(self) -> None:
        """Recompute the pair tables from the events, in one transaction (#18).

        Writes through `Store` keep them up to date; this is for events written around it,
        such as a store generated in SQL by a benchmark.
        """
        with self._transaction() as cursor:
            pairs.rebuild(cursor)

    def _pair_tables_ready(self) -> None:
        """Build a Parquet store's pair tables if no read has built them yet."""
        with self._pairs_lock:
            if self._pairs_pending:
                with self._cursor() as cursor:
                    pairs.rebuild(cursor)
                self._pairs_pending = False

    def pair_table_rows(self) -> dict[str, list[tuple[object, ...]]]:
        """The pair tables' rows in key order (`pairs.table_rows`), for consistency checks."""
        self._pair_tables_ready()
        with self._cursor() as cursor:
            return pairs.table_rows(cursor)

    def incidents_stale(self) -> bool:
        """Whether incidents no longer match events (#20): an event that is not negated has no
        incident, an event points at a missing incident, or an incident has no event left.
        A run that stopped between its last batch and the rebuild leaves exactly this.
        The first test mirrors `analysis.monitor.refresh_incidents`, which clusters every
        event that is not negated (a singleton is an incident of its own)."""
        with self._cursor() as cursor:
            row = cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM events WHERE incident_id IS NULL "
                "  AND modality <> 'negated') "
                "OR EXISTS (SELECT 1 FROM events e WHERE e.incident_id IS NOT NULL AND NOT EXISTS "
                "  (SELECT 1 FROM incidents i WHERE i.incident_id = e.incident_id)) "
                "OR EXISTS (SELECT 1 FROM incidents i WHERE NOT EXISTS "
                "  (SELECT 1 FROM events e WHERE e.incident_id = i.incident_id))"
            ).fetchone()
        return bool(row and row[0])

    def prune_incidents(self) -> int:
        """Delete incidents no event points at any more (a cluster that grew got a new id)."""
        with self._transaction() as cursor:
            row = cursor.execute(
                "DELETE FROM incidents WHERE incident_id NOT IN "
                "(SELECT incident_id FROM events WHERE incident_id IS NOT NULL)").fetchone()
        return int(row[0]) if row else 0

    def incidents(self) -> list[IncidentRow]:
        """Every incident, by first date then id."""
        with self._cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(INCIDENT_COLUMNS)} FROM incidents "
                "ORDER BY first_date NULLS LAST, incident_id"
            )
            rows = cursor.fetchall()
        return [IncidentRow(**dict(zip(INCIDENT_COLUMNS, row, strict=True)))  # type: ignore[typeddict-item]
                for row in rows]

    def replace_actors(self, rows: Sequence[ActorRow]) -> None:
        """Replace the registry snapshot with `rows`, in one transaction."""
        with self._transaction() as cursor:
            cursor.execute("DELETE FROM actors")
            if rows:
                cursor.executemany(
                    "INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [[row["id"], row["name"], row["country"], row["sector"], row["from"],
                      row["until"], list(row["aliases"])] for row in rows],
                )

    def actors(self) -> list[ActorRow]:
        """The registry snapshot, by id then start date."""
        with self._cursor() as cursor:
            rows = cursor.execute(
                "SELECT actor_id, name, country, sector, valid_from, valid_until, aliases "
                "FROM actors ORDER BY actor_id, valid_from NULLS FIRST"
            ).fetchall()
        return [
            {"id": actor_id, "name": name, "country": country, "sector": sector,
             "from": valid_from, "until": valid_until, "aliases": list(aliases or [])}
            for actor_id, name, country, sector, valid_from, valid_until, aliases in rows
        ]

    # -- dedup support ---------------------------------------------------------------------

    def has_article(self, content_hash: str) -> bool:
        """Whether an article with this content hash is stored."""
        with self._cursor() as cursor:
            row = cursor.execute(
                "SELECT count(*) FROM articles WHERE content_hash = ?", [content_hash]
            ).fetchone()
        return bool(row and row[0])

    def has_record(self, content_hash: str, doc_id: str, *, copy_key: str) -> bool:
        """Whether this input record is stored: as the article with this hash and id, or as
        a copy of it under its own row key `copy_key` (an exact duplicate, #20)."""
        with self._cursor() as cursor:
            row = cursor.execute(
                "SELECT count(*) FROM articles WHERE (content_hash = ? AND doc_id = ?) "
                "OR content_hash = ?", [content_hash, doc_id, copy_key]).fetchone()
        return bool(row and row[0])

    def known_hashes(self) -> set[str]:
        """Every stored content hash, for exact dedup across runs."""
        with self._cursor() as cursor:
            return {str(h) for (h,) in cursor.execute(
                "SELECT content_hash FROM articles").fetchall()}

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        """(content hash, MinHash signature bytes) of every article that has one, streamed."""
        with self._cursor() as cursor:
            cursor.execute(
                "SELECT content_hash, minhash FROM articles WHERE minhash IS NOT NULL "
                "ORDER BY content_hash"
            )
            while chunk := cursor.fetchmany(10_000):
                for content_hash, signature in chunk:
                    yield str(content_hash), bytes(signature)

    # -- reads (queries.py) ----------------------------------------------------------------

    def events(
        self, *, type: str | None = None, actor: str | None = None, country: str | None = None,
        modality: str | None = None, since: date | None = None, until: date | None = None,
        doc_id: str | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[Event]:
        """See `queries.events`."""
        with self._cursor() as cursor:
            return queries.events(cursor, type=type, actor=actor, country=country,
                                  modality=modality, since=since, until=until, doc_id=doc_id,
                                  limit=limit, offset=offset)

    def iter_event_rows(
        self, *, since: date | None = None, until: date | None = None
    ) -> Iterator[dict[str, Cell]]:
        """Flat event rows in store order, streamed; for exports of any size."""
        with self._cursor() as cursor:
            yield from queries.event_rows(cursor, since=since, until=until)

    def get_event(self, event_id: str) -> Event:
        """See `queries.get_event`."""
        with self._cursor() as cursor:
            return queries.get_event(cursor, event_id)

    def articles(
        self, *, status: str | None = None, language: str | None = None,
        since: date | None = None, until: date | None = None, limit: int | None = None,
        offset: int = 0,
    ) -> list[Article]:
        """See `queries.articles`."""
        with self._cursor() as cursor:
            return queries.articles(cursor, status=status, language=language, since=since,
                                    until=until, limit=limit, offset=offset)

    def pending_articles(self, *, page: int = 500) -> Iterator[Article]:
        """The articles `ingest` left to be coded, a page at a time (`queries.pending_articles`)."""
        after = ""
        while True:
            with self._cursor() as cursor:
                rows = queries.pending_articles(cursor, after=after, limit=page)
            yield from rows
            if len(rows) < page:
                return
            after = rows[-1].content_hash or ""

    def get_article(self, key: str) -> Article:
        """See `queries.get_article`."""
        with self._cursor() as cursor:
            return queries.get_article(cursor, key)

    def summary(self, *, top: int = 10) -> queries.Summary:
        """See `queries.summary`."""
        with self._cursor() as cursor:
            return queries.summary(cursor, top=top)

    def dyad_series(
        self, a: str, b: str, *, by: queries.Period = "week", modality: str = "asserted",
        since: date | None = None, until: date | None = None,
    ) -> list[queries.DyadPoint]:
        """See `queries.dyad_series`."""
        self._pair_tables_ready()
        with self._cursor() as cursor:
            return queries.dyad_series(cursor, a, b, by=by, modality=modality, since=since,
                                       until=until)


    def dyad_series_many(
        self, pairs: Sequence[tuple[str, str]], *, by: queries.Period = "week",
        modality: str = "asserted",
    ) -> dict[tuple[str, str], list[queries.DyadPoint]]:
        """See `queries.dyad_series_many`."""
        self._pair_tables_ready()
        with self._cursor() as cursor:
            return queries.dyad_series_many(cursor, pairs, by=by, modality=modality)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _duck_type(column: str) -> str:
    """The DuckDB type of an `events` column, from the fixed Arrow schema."""
    return _ARROW_TO_DUCK[str(EVENT_SCHEMA.field(column).type)]


_ARROW_TO_DUCK: Final = {
    "string": "VARCHAR", "int32": "INTEGER", "int8": "TINYINT", "double": "DOUBLE",
    "date32[day]": "DATE",
}


def _insert(cursor: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Cell]],
            schema: object, *, key: str) -> list[str]:
    """Insert rows through one Arrow scan, skipping keys already stored; returns the keys
    of the rows added."""
    if not rows:
        return []
    cursor.register("_batch", to_arrow(rows, schema))
    try:
        # `table` and `key` are fixed names passed above, never user input.
        added = cursor.execute(
            f"INSERT INTO {table} BY NAME SELECT * FROM _batch ON CONFLICT DO NOTHING "
            f"RETURNING {key}"
        ).fetchall()
    finally:
        cursor.unregister("_batch")
    return [str(value) for (value,) in added]


def _insert_problems(cursor: duckdb.DuckDBPyConnection, rows: list[dict[str, Cell]]) -> int:
    if not rows:
        return 0
    counted = cursor.execute(
        "INSERT INTO problems SELECT unnest(?), unnest(?), unnest(?), unnest(?) "
        "ON CONFLICT DO NOTHING",
        [[row[name] for row in rows] for name in ("run_id", "doc_id", "code", "reason")],
    ).fetchone()
    return int(counted[0]) if counted else 0


def open_store(path: str | Path = "flashpoint.duckdb", *, read_only: bool = False) -> Store:
    """Open (and migrate) the store at `path`; the same as `Store.open`."""
    return Store.open(path, read_only=read_only)
