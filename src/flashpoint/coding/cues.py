"""Cue word lists for the clause rules (negation, allegation, modality, attribution) as data."""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from flashpoint import datafiles

SCHEMA = "cues/1"


class CueList(BaseModel):
    """One named list of lemmas (or short phrases) that a rule consults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    words: list[str]


@functools.lru_cache(maxsize=8)
def load_cues(path: Path | None = None) -> dict[str, frozenset[str]]:
    """Cue lists by name; the bundled file unless `path` is given."""
    data = datafiles.load(path or datafiles.package_data("coding", "cues.yaml"),
                          schema=SCHEMA, model=CueList)
    out: dict[str, frozenset[str]] = {}
    for cue in data.entries:
        out[cue.name] = out.get(cue.name, frozenset()) | frozenset(w.lower() for w in cue.words)
    return out


def cues_version() -> str:
    """The bundled cue file's version, for the coder string."""
    path = datafiles.package_data("coding", "cues.yaml")
    return datafiles.load(path, schema=SCHEMA, model=CueList).version
