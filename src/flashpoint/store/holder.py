"""Who holds a store file, and the read-only snapshot it leaves for everyone else (#17).

DuckDB lets one process open a file for writing and then no other process may open it at
all. `flashpoint serve` and `flashpoint monitor` hold the store for hours, so they write a
small holder file beside it (`<db>.holder.json`: pid, command, URL) and keep a snapshot copy
(`<db>.snapshot`) fresh. Readers (`events`, `alerts`, `dyad`, `incidents`, `export`) that find
the file locked open the snapshot instead; writers get `StoreHeld`, which names the process
and what to do. One writer, many readers (STYLE.md section 4).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from flashpoint.errors import StoreLocked

if TYPE_CHECKING:
    from flashpoint.store.db import Store

HOLDER_SCHEMA = "store-holder/1"


@dataclass(frozen=True, slots=True)
class Holder:
    """The process that holds a store: what it is, where it answers, where its copy is."""

    pid: int
    command: str
    url: str
    started: str
    snapshot: str | None = None
    snapshot_at: str | None = None


def holder_path(db: str | Path) -> Path:
    """The holder file of store `db`."""
    return Path(f"{db}.holder.json")


def snapshot_path(db: str | Path) -> Path:
    """Where the holder of store `db` keeps its read-only copy."""
    return Path(f"{db}.snapshot")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def read_holder(db: str | Path) -> Holder | None:
    """The live holder of `db`, or None (no file, an unreadable one, or a dead process)."""
    path = holder_path(db)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("schema") != HOLDER_SCHEMA:
        return None
    data.pop("schema")
    try:
        holder = Holder(**data)
    except TypeError:
        return None
    return holder if _alive(holder.pid) else None


def write_holder(db: str | Path, holder: Holder) -> None:
    """Write the holder file atomically, so a reader never sees half of it."""
    path = holder_path(db)
    handle, temp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent or ".")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump({"schema": HOLDER_SCHEMA, **asdict(holder)}, out, indent=1)
    os.replace(temp, path)


def clear_holder(db: str | Path, pid: int) -> None:
    """Remove the holder file and snapshot of `db` if process `pid` wrote them."""
    holder = read_holder(db)
    if holder is not None and holder.pid != pid:
        return
    for path in (holder_path(db), snapshot_path(db)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def open_for_reading(db: str | Path) -> tuple[Store, Holder | None]:
    """Open `db` read-only, or, when a serve/monitor holds it, the snapshot it keeps.

    Returns the store and the holder whose snapshot is read (None when the file itself is
    open), so the caller can say how fresh the answer is. A file locked by a process that
    left no snapshot still raises `StoreLocked`.
    """
    from flashpoint.store.db import Store

    try:
        return Store.open(db, read_only=True), None
    except StoreLocked:
        holder = read_holder(db)
        if holder is None or holder.snapshot is None or not Path(holder.snapshot).exists():
            raise
        return Store.open(holder.snapshot, read_only=True), holder


class Holding:
    """A long-running process's claim on a store: the holder file and a fresh snapshot.

    `start` writes both, `refresh` re-takes the snapshot after writes (at most once per
    `min_interval` seconds; a skipped refresh is taken by the next call), `stop` removes both.
    A read-only holder writes no snapshot: readers can open the file itself.
    """

    def __init__(self, store: Store, *, command: str, url: str,
                 min_interval: float = 0.0) -> None:
        """Hold `store` for `command`, which answers at `url`."""
        self.store = store
        self.command = command
        self.url = url
        self.min_interval = min_interval
        self.pid = os.getpid()
        self._started = _utc_now()
        self._last = 0.0
        self._dirty = False

    @property
    def enabled(self) -> bool:
        """Whether there is a file to hold (not a scratch in-memory store)."""
        return self.store.path != ":memory:"

    def start(self) -> None:
        """Take the first snapshot and announce the holder."""
        if self.enabled:
            self._dirty = True
            self.refresh()

    def refresh(self, *, changed: bool = True) -> None:
        """Note a change (`changed`) and re-take the snapshot if it is due."""
        if not self.enabled:
            return
        self._dirty = self._dirty or changed
        now = time.monotonic()
        if not self._dirty or (self._last and now - self._last < self.min_interval):
            return
        snapshot: str | None = None
        taken: str | None = None
        if not self.store.read_only:
            snapshot = str(self.store.snapshot_to(snapshot_path(self.store.path)))
            taken = _utc_now()
        write_holder(self.store.path, Holder(
            pid=self.pid, command=self.command, url=self.url, started=self._started,
            snapshot=snapshot, snapshot_at=taken))
        self._last, self._dirty = now, False

    def stop(self) -> None:
        """Remove the holder file and the snapshot."""
        if self.enabled:
            clear_holder(self.store.path, self.pid)


def _utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
