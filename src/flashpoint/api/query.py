"""One-call reads for the CLI (`flashpoint events`), over a store file it opens read-only.

A read-only open shares the file with other readers; while `flashpoint serve` holds the file
for writing it raises `StoreLocked` (E501), whose message says to use the server's API.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flashpoint.records import Event
from flashpoint.store.db import Store


def query_events(
    db: str | Path, *, type: str | None = None, actor: str | None = None,
    country: str | None = None, modality: str | None = None, since: date | None = None,
    until: date | None = None, limit: int | None = 100, offset: int = 0,
) -> list[Event]:
    """Events in the store at `db` matching every filter given, oldest first."""
    with Store.open(db, read_only=True) as store:
        return store.events(type=type, actor=actor, country=country, modality=modality,
                            since=since, until=until, limit=limit, offset=offset)
