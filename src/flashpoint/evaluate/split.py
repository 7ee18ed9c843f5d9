"""The tune/check split of every gold set: which records a rule writer may read, which not.

A rule written after reading a dev sentence fits that sentence; its dev figure then says little
about text the coder has never seen (issue #15: PLOVER micro-F1 0.873 on dev, 0.694 held out).
So each gold file is cut in two by a hash of the record id:

- **tune** (about 60 %): read its errors (`flashpoint eval --split tune --errors N`), write
  rules against them;
- **check** (about 40 %): never read record by record; a change is kept only if the check
  figures do not fall, and the accuracy gate pins check floors.

The cut is `int(sha256(id)[:8], 16) % 100 < 60` -> tune, else check: deterministic, the same
on every machine and run, independent of file order and of the other records, so adding
records to a gold file never moves an old one across. `../shared/tools` and every helper use
this exact formula; change it only together with them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from flashpoint.errors import ConfigError

SPLITS: tuple[str, ...] = ("tune", "check", "all")
TUNE_SHARE = 60  # percent of ids that fall in tune

T = TypeVar("T")


def split_of(record_id: str) -> str:
    """'tune' or 'check' for one record id (an article id for realnews, an event id in a seed
    file): the first 8 hex digits of the id's SHA-256, mod 100, below 60 is tune."""
    bucket = int(hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "tune" if bucket < TUNE_SHARE else "check"


def in_split(record_id: str, split: str) -> bool:
    """Whether the record belongs to `split` ('all' holds every record)."""
    if split not in SPLITS:
        raise ConfigError(key="split", reason=f"unknown split {split!r}; choose one of "
                          f"{', '.join(SPLITS)}")
    return split == "all" or split_of(record_id) == split


def select(items: Iterable[T], split: str, key: Callable[[T], str]) -> list[T]:
    """The items of `split`, in their order; `key` gives each item's id."""
    return [item for item in items if in_split(key(item), split)]
