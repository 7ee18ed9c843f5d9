"""The store's side of the live monitor: new events, incident neighbours, alert log, snapshots.

`Store` inherits these methods, so the monitor (which owns no SQL, DESIGN.md) asks for "the
events of these runs", "the incidents near these days", "was this alert sent on that channel"
and "write a read-only copy for other processes" without seeing a connection. Every value is a
bound parameter (STYLE.md 2.7).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import duckdb

from flashpoint.errors import StoreError
from flashpoint.records import Event
from flashpoint.store import queries
from flashpoint.store.rows import EVENT_COLUMNS, event_from_row

_EVENT_SELECT: Final = ", ".join(EVENT_COLUMNS)
_SNAPSHOT_ALIAS: Final = "fp_snapshot"


@dataclass(frozen=True, slots=True)
class AlertLogRow:
    """An alert as the monitor recorded it: its level then, and its whole API form."""

    alert_id: str
    a: str
    b: str
    period: str
    start_day: date
    end_day: date
    level: str
    rank: int
    first_raised: datetime
    last_raised: datetime
    explanation: str
    payload: dict[str, Any]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class MonitorTables:
    """Methods `Store` gains for the monitor; see the module docstring."""

    path: str
    read_only: bool

    if TYPE_CHECKING:
        def _cursor(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]: ...
        def _transaction(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]: ...

    # -- what a poll added ------------------------------------------------------------------

    def run_events(self, run_ids: Sequence[str]) -> list[Event]:
        """The events the runs `run_ids` wrote, oldest first."""
        with self._cursor() as cursor:
            cursor.execute(
                f"SELECT {_EVENT_SELECT} FROM events WHERE list_contains(?, run_id) "
                "ORDER BY date_value NULLS LAST, event_id", [list(run_ids)])
            names = [c[0] for c in cursor.description or []]
            return [event_from_row(dict(zip(names, row, strict=True)))
                    for row in cursor.fetchall()]

    def incident_neighbours(self, since: date, until: date) -> dict[str, list[Event]]:
        """Every incident with a member dated in [since, until], with all its members.

        These are the only incidents a new event of those days can join, so the monitor
        re-clusters them and nothing else.
        """
        with self._cursor() as cursor:
            cursor.execute(
                f"SELECT {_EVENT_SELECT} FROM events WHERE incident_id IN ("
                "SELECT DISTINCT incident_id FROM events WHERE incident_id IS NOT NULL "
                "AND date_value BETWEEN ? AND ?) ORDER BY incident_id, event_id",
                [since, until])
            names = [c[0] for c in cursor.description or []]
            found: dict[str, list[Event]] = {}
            for row in cursor.fetchall():
                values = dict(zip(names, row, strict=True))
                found.setdefault(str(values["incident_id"]), []).append(event_from_row(values))
        return found

    def incident_reports(self, incident_ids: Sequence[str]) -> dict[str, list[str]]:
        """{incident_id: its reports}, each the article's publisher when known, else its
        doc id, sorted; for listing who reported an incident (#19)."""
        with self._cursor() as cursor:
            rows = cursor.execute(
                "SELECT e.incident_id, list(DISTINCT coalesce(a.publisher, e.doc_id) "
                "ORDER BY coalesce(a.publisher, e.doc_id)) FROM events e "
                "LEFT JOIN articles a ON a.doc_id = e.doc_id "
                "WHERE list_contains(?, e.incident_id) GROUP BY e.incident_id",
                [list(incident_ids)]).fetchall()
        return {str(incident_id): [str(r) for r in reports] for incident_id, reports in rows}

    def publishers(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """{doc_id: publisher} for those of `doc_ids` whose article names one."""
        with self._cursor() as cursor:
            rows = cursor.execute(
                "SELECT doc_id, publisher FROM articles WHERE list_contains(?, doc_id) "
                "AND publisher IS NOT NULL", [list(doc_ids)]).fetchall()
        return {str(doc_id): str(publisher) for doc_id, publisher in rows}

    def events_with_ids(self, event_ids: Sequence[str]) -> list[Event]:
        """The events with these ids, in id order; unknown ids are skipped."""
        with self._cursor() as cursor:
            return queries.events_by_id(cursor, event_ids)

    def drop_incidents(self, incident_ids: Iterable[str]) -> None:
        """Delete incident rows that re-clustering replaced (their events get new ids)."""
        ids = list(incident_ids)
        if not ids:
            return
        with self._transaction() as cursor:
            cursor.execute("DELETE FROM incidents WHERE list_contains(?, incident_id)", [ids])

    # -- the alert log and its deliveries --------------------------------------------------

    def record_alert(self, *, alert_id: str, a: str, b: str, period: str, start_day: date,
                     end_day: date, level: str, rank: int, explanation: str,
                     payload: Mapping[str, Any]) -> int | None:
        """Add or update an alert; returns the rank it had before (None when it is new)."""
        now = _now()
        with self._transaction() as cursor:
            row = cursor.execute("SELECT rank FROM alert_log WHERE alert_id = ?",
                                 [alert_id]).fetchone()
            before = int(row[0]) if row else None
            if row is None:
                cursor.execute(
                    "INSERT INTO alert_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [alert_id, a, b, period, start_day, end_day, level, rank, now, now,
                     explanation, json.dumps(payload, default=str)])
            else:
                # The level shown is the highest reached: a window that calms keeps its peak.
                cursor.execute(
                    "UPDATE alert_log SET end_day = ?, level = CASE WHEN ? > rank THEN ? "
                    "ELSE level END, rank = greatest(rank, ?), last_raised = ?, "
                    "explanation = ?, payload = ? WHERE alert_id = ?",
                    [end_day, rank, level, rank, now, explanation,
                     json.dumps(payload, default=str), alert_id])
        return before

    def alert_log(self, *, limit: int = 50, channel: str | None = None) -> list[AlertLogRow]:
        """Recorded alerts, most recently raised first; with `channel`, only those sent on it."""
        with self._cursor() as cursor:
            rows = cursor.execute(
                "SELECT alert_id, a, b, period, start_day, end_day, level, rank, first_raised, "
                "last_raised, explanation, payload FROM alert_log WHERE ? IS NULL OR alert_id "
                "IN (SELECT alert_id FROM alert_deliveries WHERE channel = ? AND status = "
                "'sent') ORDER BY last_raised DESC, alert_id LIMIT ?",
                [channel, channel, limit]).fetchall()
        return [AlertLogRow(
            alert_id=str(row[0]), a=str(row[1]), b=str(row[2]), period=str(row[3]),
            start_day=row[4], end_day=row[5], level=str(row[6]), rank=int(row[7]),
            first_raised=row[8], last_raised=row[9], explanation=str(row[10]),
            payload=json.loads(row[11])) for row in rows]

    def delivered_rank(self, alert_id: str, channel: str) -> int | None:
        """The highest level of `alert_id` already sent on `channel`, or None."""
        with self._cursor() as cursor:
            row = cursor.execute(
                "SELECT max(rank) FROM alert_deliveries WHERE alert_id = ? AND channel = ? "
                "AND status = 'sent'", [alert_id, channel]).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def record_delivery(self, *, alert_id: str, channel: str, rank: int, sent: bool,
                        attempts: int, error: str | None = None) -> None:
        """Record one delivery attempt series; attempts add up over failed cycles."""
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO alert_deliveries VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (alert_id, channel, rank) DO UPDATE SET "
                "status = excluded.status, sent_at = excluded.sent_at, error = excluded.error, "
                "attempts = alert_deliveries.attempts + excluded.attempts",
                [alert_id, channel, rank, "sent" if sent else "failed", attempts, _now(),
                 error])

    def failed_deliveries(self) -> list[tuple[str, str, int]]:
        """(alert_id, channel, rank) of failed sends not since made good at that level."""
        with self._cursor() as cursor:
            rows = cursor.execute(
                "SELECT f.alert_id, f.channel, f.rank FROM alert_deliveries f "
                "WHERE f.status = 'failed' AND NOT EXISTS (SELECT 1 FROM alert_deliveries s "
                "WHERE s.alert_id = f.alert_id AND s.channel = f.channel AND s.status = 'sent' "
                "AND s.rank >= f.rank) ORDER BY f.alert_id, f.channel, f.rank").fetchall()
        return [(str(a), str(c), int(r)) for a, c, r in rows]

    def deliveries(self, alert_id: str | None = None) -> list[tuple[str, str, int, str, int]]:
        """(alert_id, channel, rank, status, attempts) rows, for reports and tests."""
        with self._cursor() as cursor:
            rows = cursor.execute(
                "SELECT alert_id, channel, rank, status, attempts FROM alert_deliveries "
                "WHERE ? IS NULL OR alert_id = ? ORDER BY alert_id, channel, rank",
                [alert_id, alert_id]).fetchall()
        return [(str(a), str(c), int(r), str(s), int(n)) for a, c, r, s, n in rows]

    # -- a read-only copy for other processes ----------------------------------------------

    def snapshot_to(self, target: str | Path) -> Path:
        """Copy the whole store into `target` (replaced atomically) for readers elsewhere.

        DuckDB lets one process hold a file; the copy is taken inside one transaction, so a
        reader opening it sees a consistent store as of now, never half a poll.
        """
        target = Path(target)
        temp = target.with_name(target.name + ".tmp")
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        with self._cursor() as cursor:
            row = cursor.execute("SELECT current_database()").fetchone()
            name = str(row[0]) if row else ""
            if not name or '"' in name:
                raise StoreError(path=self.path, reason=f"cannot snapshot database {name!r}")
            cursor.execute(f"ATTACH ? AS {_SNAPSHOT_ALIAS}", [str(temp)])
            try:
                # The name comes from DuckDB itself (the file's stem), quoted as an identifier.
                cursor.execute(f'COPY FROM DATABASE "{name}" TO {_SNAPSHOT_ALIAS}')
            finally:
                cursor.execute(f"DETACH {_SNAPSHOT_ALIAS}")
        os.replace(temp, target)
        return target
