"""The dictionaries PETRARCH2's unit-test records are coded with, for `--task petr2`.

The records (`petrarch_unittest.dev.jsonl`) use fictional actors and the test suite's own verb
codes, which are not CAMEO's (TABARI-era WEIS codes such as 223, test codes such as 903): they
can only be scored as the issue states them, "coded with its own PETR.Validate dictionaries".
So `flashpoint eval --task petr2` (and bench/accuracy.py) load, unless told otherwise, the
validation dictionaries found beside the gold folder (`../reference/petrarch/PETR.Validate.*`):
the actor and agent files converted with `flashpoint actors import petrarch`, and the verb file
as a user verb dictionary (`--verbs`). The figure is then PETRARCH's own task, with our parser
and roles in place of its rules.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from flashpoint import diskcache
from flashpoint.actors.petrarch import import_petrarch

STEM = "PETR.Validate"


@dataclass(frozen=True, slots=True)
class Petr2Dictionaries:
    """The converted actor registry and the verb dictionary, as `--actors` and `--verbs`."""

    actors: tuple[Path, ...]
    verbs: tuple[Path, ...]


def reference_folder(gold_path: str | Path) -> Path:
    """Where the validation dictionaries live: `reference/petrarch` beside the gold folder."""
    return Path(gold_path).resolve().parent.parent / "reference" / "petrarch"


def petr2_dictionaries(gold_path: str | Path) -> Petr2Dictionaries | None:
    """The validation dictionaries for a petr2 gold file, the actor files converted into a
    registry in the cache folder (re-converted when they change); None when they are absent."""
    folder = reference_folder(gold_path)
    actor_files = [folder / f"{STEM}.actors.txt", folder / f"{STEM}.agents.txt"]
    verbs = folder / f"{STEM}.verbs.txt"
    if not all(p.is_file() for p in (*actor_files, verbs)):
        return None
    key = diskcache.digest(*(p.read_bytes() for p in actor_files))
    out_dir = diskcache.cache_dir() or Path(tempfile.gettempdir())
    registry = out_dir / f"petr2-validate-{key[:16]}.yaml"
    if not registry.is_file():
        out_dir.mkdir(parents=True, exist_ok=True)
        partial = registry.with_suffix(".part.yaml")
        import_petrarch(actor_files, partial)
        partial.replace(registry)
    return Petr2Dictionaries(actors=(registry,), verbs=(verbs,))
