"""A small disk cache for data that is slow to build and the same in every process.

Start-up spent seconds rebuilding the same objects in every process: the gazetteer from 236k
towns, the language identifier from its LZMA-packed model. `cached` pickles what `build`
returns into the user's cache folder under a name that carries a digest of everything the build
reads, so a change to any of it builds afresh. A missing, stale or unreadable file is rebuilt; a
folder we cannot write to only costs the speed-up.

The folder is `$FLASHPOINT_CACHE_DIR`, else `$XDG_CACHE_HOME/flashpoint`, else
`~/.cache/flashpoint`; `FLASHPOINT_CACHE_DIR=off` turns the cache off. Like any pickle, the
files are trusted: they live in the user's own cache folder.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get("FLASHPOINT_CACHE_DIR")
    if chosen:
        return None if chosen.lower() == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "flashpoint"


def digest(*parts: str | bytes) -> str:
    """A short digest of the inputs a build reads, for the cache file's name."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "big") + data)
    return sha.hexdigest()[:20]


def _read(path: Path) -> tuple[bool, Any]:
    if not path.is_file():
        return False, None
    gc.disable()  # millions of small objects: the collector would rescan them over and over
    try:
        with path.open("rb") as handle:
            return True, pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            IndexError, TypeError, ValueError) as exc:
        log.debug("cache file %s unreadable, rebuilding: %s", path, exc)
        return False, None
    finally:
        gc.enable()


def _write(path: Path, state: object) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)  # atomic: a reader sees the old file or the whole new one
    except OSError as exc:
        log.debug("cache file %s not written: %s", path, exc)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def cached(name: str, key: str, build: Callable[[], T], *,
           dump: Callable[[T], object] = lambda value: value,
           load: Callable[[Any], T] = lambda state: state) -> T:
    """`build()`'s result, from `<cache>/<name>-<key>.pickle` when there, else built and saved.

    `dump` turns the value into what is pickled and `load` turns that back; a `load` that
    fails on a damaged file (TypeError, ValueError, ...) means a rebuild too.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{key}.pickle"
    found, state = _read(path)
    if found:
        try:
            return load(state)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
            log.debug("cache file %s does not fit, rebuilding: %s", path, exc)
    value = build()
    _write(path, dump(value))
    return value
