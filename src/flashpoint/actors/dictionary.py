"""Coded dictionaries: names with dated CAMEO codes, and agent nouns with role codes.

This is the registry format for the field's own actor knowledge (TABARI/PETRARCH dictionaries,
converted by `flashpoint actors import petrarch`): an entry lists names, a default code and dated
roles, and keeps the CAMEO code exactly as the dictionary gives it. Two layouts hold the same
schema (`actor-dictionary/1`): YAML for files people edit and pass with `--actors`, and a
compact tab-separated file for the bundled Phoenix layer, which is big (tens of thousands of
names) and so is read only when a lookup first reaches it, with no per-entry validation.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from flashpoint.errors import DataFileError

SCHEMA = "actor-dictionary/1"
_CODE = r"^(---|[A-Z0-9]{3,})$"
_AGENT = r"^(~[A-Z0-9]{3,}|[A-Z0-9]{3,}~)$"


class Dated(BaseModel):
    """Anything valid between two dates (inclusive); open ends are null."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    valid_from: date | None = Field(default=None, alias="from")
    until: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Dated:
        if self.valid_from and self.until and self.until < self.valid_from:
            raise ValueError(f"until {self.until} is before from {self.valid_from}")
        return self

    def active(self, on: date) -> bool:
        """Whether `on` falls inside the range."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.until is None or on <= self.until)


class CodedRole(Dated):
    """One dated code of a name: `[USAGOV 20090120-20170120]`."""

    code: str = Field(pattern=_CODE)


class DictEntry(BaseModel):
    """Names sharing codes. An agent entry's code carries `~` (`~COP`: after the actor's code,
    `NGO~`: before it); an actor entry has a default code and/or dated roles, the first role
    whose dates hold winning, as in PETRARCH."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    names: list[str] = Field(min_length=1)
    code: str | None = None
    roles: list[CodedRole] = Field(default_factory=list)

    @model_validator(mode="after")
    def _coded(self) -> DictEntry:
        if self.code is None and not self.roles:
            raise ValueError("an entry needs a code or dated roles")
        if self.code is not None and not (re.match(_CODE, self.code)
                                          or re.match(_AGENT, self.code)):
            raise ValueError(f"code {self.code!r} is not a CAMEO code or an agent code")
        if self.is_agent and self.roles:
            raise ValueError("agent entries take no dated roles")
        return self

    @property
    def is_agent(self) -> bool:
        """A generic noun that gives a role code, not a named actor."""
        return "~" in (self.code or "")


def entries_to_yaml(entries: Sequence[DictEntry], header: dict[str, str]) -> str:
    """The YAML layout, one entry per line where it fits."""
    lines = [f"schema: {SCHEMA}", "version: 1"]
    for key, value in header.items():
        if "\n" in value:
            lines.append(f"{key}: |")
            lines += [f"  {v}".rstrip() for v in value.splitlines()]
        else:
            lines.append(f"{key}: {yaml.safe_dump(value, width=10_000).strip()}")
            if lines[-1].endswith("\n..."):
                lines[-1] = lines[-1][:-4]
    lines.append("entries:")
    for e in entries:
        data = e.model_dump(by_alias=True, exclude_defaults=True)
        # the code first, as the dictionaries write it, then its dates
        if "roles" in data:
            data["roles"] = [{"code": role.pop("code"), **role} for role in data["roles"]]
        for role in data.get("roles", []):
            for k in ("from", "until"):
                if k in role:
                    role[k] = role[k].isoformat()
        text = yaml.safe_dump(data, default_flow_style=True, width=10_000, sort_keys=False)
        lines.append(f"  - {text.strip()}")
    return "\n".join(lines) + "\n"


def _roles_cell(roles: Iterable[CodedRole]) -> str:
    return ";".join(f"{r.code}@{r.valid_from or ''}@{r.until or ''}" for r in roles)


def entries_to_tsv(entries: Sequence[DictEntry], header: dict[str, str],
                   keys: Callable[[str], str] | None = None) -> str:
    """The compact layout: `# key: value` header lines, then `names<TAB>code<TAB>roles`,
    names joined by `|`, roles as `CODE@from@until` joined by `;`; with `keys`, a fourth
    column holds each name's lookup key, so loading needs no tokenizing."""
    lines = [f"# schema: {SCHEMA}", "# version: 1"]
    for key, value in header.items():
        first, *rest = value.splitlines() or [""]
        lines.append(f"# {key}: {first}")
        lines += [f"#   {v}".rstrip() for v in rest]
    for e in entries:
        names = "|".join(n.replace("|", " ").replace("\t", " ") for n in e.names)
        line = f"{names}\t{e.code or ''}\t{_roles_cell(e.roles)}"
        if keys is not None:
            line += "\t" + "|".join(keys(n) for n in e.names)
        lines.append(line)
    return "\n".join(lines) + "\n"


def _parse_roles(cell: str, path: Path, number: int) -> list[CodedRole]:
    roles: list[CodedRole] = []
    for part in filter(None, cell.split(";")):
        code, lo, hi = [*part.split("@"), "", ""][:3]
        try:
            roles.append(CodedRole.model_construct(
                code=code, valid_from=date.fromisoformat(lo) if lo else None,
                until=date.fromisoformat(hi) if hi else None))
        except ValueError as exc:
            raise DataFileError(path=path, reason=f"line {number}: {exc}") from exc
    return roles


def _open(path: Path) -> TextIO:
    """A compact file, gzipped (`.tsv.gz`, the bundled layer) or not."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def read_header(path: Path) -> dict[str, str]:
    """The `# key: value` lines at the top of a compact file."""
    header: dict[str, str] = {}
    with _open(path) as f:
        for line in f:
            if not line.startswith("#"):
                break
            key, sep, value = line[1:].partition(":")
            if sep and not key.startswith("  "):
                header[key.strip()] = value.strip()
    return header


def read_tsv(path: Path, *, validate: bool = True) -> list[DictEntry]:
    """Entries of a compact file; `validate=False` trusts it (the bundled layer)."""
    header = read_header(path)
    if header.get("schema", "").split("/")[0] != SCHEMA.split("/")[0] or \
            header.get("schema") != SCHEMA:
        raise DataFileError(path=path, reason=f"schema {header.get('schema')!r}, "
                            f"expected {SCHEMA!r}")
    out: list[DictEntry] = []
    with _open(path) as f:
        for number, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if len(cells) not in (3, 4):
                raise DataFileError(path=path, reason=f"line {number}: expected 3 or 4 columns")
            names, code, roles = cells[:3]
            data = {"names": names.split("|"), "code": code or None,
                    "roles": _parse_roles(roles, path, number)}
            if validate:
                try:
                    out.append(DictEntry.model_validate(data))
                except ValueError as exc:
                    raise DataFileError(path=path, reason=f"line {number}: {exc}") from exc
            else:
                out.append(DictEntry.model_construct(**data))  # type: ignore[arg-type]
    return out


@dataclass(eq=False)
class Layer:
    """A compact dictionary read on first use, below every other registry file.

    Loading keeps each line as text and indexes its names' keys (casefolded tokens); an entry
    is parsed only when a lookup reaches it, so the first lookup costs a file read, not tens
    of thousands of validated objects.
    """

    path: Path
    _lines: list[str] = field(default_factory=list)
    _keys: dict[str, list[int]] | None = None
    _parsed: dict[int, DictEntry] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __eq__(self, other: object) -> bool:
        # one file is one layer, read or not yet read (a cached registry's comes back unread)
        return isinstance(other, Layer) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)

    def __getstate__(self) -> dict[str, object]:
        # A registry holding this layer is disk-cached (diskcache): pickle the path only, so
        # the lock is not pickled and the file is still read lazily in the next process.
        return {"path": self.path}

    def __setstate__(self, state: dict[str, object]) -> None:
        path = state["path"]
        if not isinstance(path, Path):
            raise TypeError("a Layer's pickled state names its path")
        self.__init__(path)  # type: ignore[misc]

    def _load(self) -> dict[str, list[int]]:
        from flashpoint.actors.registry import tokens  # one tokenizer for every alias

        with self._lock:
            if self._keys is None:
                header = read_header(self.path)
                if header.get("schema") != SCHEMA:
                    raise DataFileError(path=self.path, reason=f"schema "
                                        f"{header.get('schema')!r}, expected {SCHEMA!r}")
                with _open(self.path) as f:
                    lines = [line for line in f if not line.startswith("#") and line.strip()]
                keys: dict[str, list[int]] = {}
                for i, line in enumerate(lines):
                    cells = line.rstrip("\n").split("\t")
                    found = cells[3].split("|") if len(cells) == 4 else [
                        " ".join(t.casefold() for t in tokens(n)) for n in cells[0].split("|")]
                    for key in found:
                        if key:
                            keys.setdefault(key, []).append(i)
                self._lines = lines
                self._keys = keys
            return self._keys

    def _entry(self, i: int) -> DictEntry:
        found = self._parsed.get(i)
        if found is None:
            names, code, roles = self._lines[i].rstrip("\n").split("\t")[:3]
            found = DictEntry.model_construct(
                names=names.split("|"), code=code or None,
                roles=_parse_roles(roles, self.path, i))
            self._parsed[i] = found
        return found

    def lookup(self, key: tuple[str, ...]) -> list[tuple[int, DictEntry]]:
        """(index, entry) of every entry naming the key, in file order."""
        keys = self._load()
        return [(i, self._entry(i)) for i in keys.get(" ".join(key), ())]

    @property
    def loaded(self) -> bool:
        """Whether the file has been read (for start-up time checks)."""
        return self._keys is not None

    def max_len(self) -> int:
        """The longest alias in tokens, from the header (no full read)."""
        return int(read_header(self.path).get("max_tokens", "12"))
