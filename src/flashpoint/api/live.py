"""What changed while the dashboard was open: a short in-memory log of monitor polls (#17).

The monitor appends one entry per poll that added something; `/api/live?after=N` answers with
the entries after sequence number N, so a page that remembers the number it opened with can
mark everything newer as new without reloading. Nothing here touches the store: entries hold
ids, and the service loads the events they name.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

# Polls kept; a page left open longer than this many polls reloads what it missed anyway.
MAX_ENTRIES: Final = 500


@dataclass(frozen=True, slots=True)
class LiveEntry:
    """One poll's additions."""

    seq: int
    at: datetime
    event_ids: tuple[str, ...]
    alert_ids: tuple[str, ...]
    articles: int


class LiveLog:
    """A thread-safe, bounded log of polls; `seq` grows by one per entry from 0."""

    def __init__(self) -> None:
        """An empty log; `active` turns on when a monitor feeds it."""
        self._lock = threading.Lock()
        self._entries: deque[LiveEntry] = deque(maxlen=MAX_ENTRIES)
        self._seq = 0
        self.active = False

    @property
    def seq(self) -> int:
        """The newest sequence number (0 before any entry)."""
        with self._lock:
            return self._seq

    def append(self, event_ids: tuple[str, ...], alert_ids: tuple[str, ...],
               articles: int) -> LiveEntry:
        """Record one poll's additions and return the entry."""
        with self._lock:
            self._seq += 1
            entry = LiveEntry(self._seq, datetime.now(UTC), event_ids, alert_ids, articles)
            self._entries.append(entry)
            return entry

    def after(self, seq: int) -> tuple[int, list[LiveEntry]]:
        """The newest sequence number and the entries newer than `seq`."""
        with self._lock:
            return self._seq, [e for e in self._entries if e.seq > seq]
