"""One loader for every bundled or user data file (lexicons, registries, gazetteer additions).

Each YAML/CSV file starts with `schema: name/major` and `version:`; the loader checks the schema
name and major version and validates every entry against a pydantic model owned by the part that
uses it, so a mistyped key fails loudly with the file and entry named (STYLE.md 2.2).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from flashpoint.errors import DataFileError

M = TypeVar("M", bound=BaseModel)
# libyaml's parser where PyYAML has it: the same safe subset, about ten times faster, which
# is most of the start-up the lexicons and registries cost.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class DataFile(Generic[M]):
    """A validated data file: its entries, schema and version."""

    path: Path
    schema: str
    version: str
    entries: tuple[M, ...]
    meta: dict[str, Any]


def _check_header(path: Path, header: dict[str, Any], schema: str) -> None:
    found = str(header.get("schema", ""))
    if not found:
        raise DataFileError(path=path, reason="no `schema:` header")
    name, _, major = found.partition("/")
    want_name, _, want_major = schema.partition("/")
    if name != want_name or major != want_major:
        raise DataFileError(path=path, reason=f"schema {found!r}, expected {schema!r}")
    if "version" not in header:
        raise DataFileError(path=path, reason="no `version:` header")


def _validate(path: Path, model: type[M], rows: list[Any], first_line: int = 1) -> tuple[M, ...]:
    out: list[M] = []
    for i, row in enumerate(rows):
        try:
            out.append(model.model_validate(row))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise DataFileError(
                path=path, reason=f"entry {i + first_line} ({row!r:.80}): {where}: {err['msg']}"
            ) from exc
    return tuple(out)


@functools.lru_cache(maxsize=128)
def _load_cached(path: Path, mtime: float, schema: str, model: type[M], key: str) -> DataFile[M]:
    del mtime  # part of the cache key only
    if path.suffix == ".csv":
        return _load_csv(path, schema, model)
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(path=path, reason=str(exc)) from exc
    if not isinstance(doc, dict):
        raise DataFileError(path=path, reason="expected a mapping with schema, version, entries")
    _check_header(path, doc, schema)
    rows = doc.get(key) or []
    if not isinstance(rows, list):
        raise DataFileError(path=path, reason=f"`{key}` must be a list")
    meta = {k: v for k, v in doc.items() if k != key}
    return DataFile(path, str(doc["schema"]), str(doc["version"]),
                    _validate(path, model, rows), meta)


def _load_csv(path: Path, schema: str, model: type[M]) -> DataFile[M]:
    """CSV files carry their header as leading `# key: value` comment lines."""
    header: dict[str, Any] = {}
    body: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(path=path, reason=str(exc)) from exc
    for line in lines:
        if line.startswith("#") and not body:
            k, _, v = line[1:].partition(":")
            header[k.strip()] = v.strip()
        elif line.strip():
            body.append(line)
    _check_header(path, header, schema)
    rows = [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(body)]
    return DataFile(path, header["schema"], header["version"],
                    _validate(path, model, rows, first_line=2), header)


def load(path: str | Path, *, schema: str, model: type[M], key: str = "entries") -> DataFile[M]:
    """Load and validate a data file; cached until the file changes."""
    p = Path(path).resolve()
    if not p.is_file():
        raise DataFileError(path=p, reason="file not found")
    return _load_cached(p, p.stat().st_mtime, schema, model, key)


def package_data(part: str, name: str) -> Path:
    """The path of a data file bundled in `flashpoint/<part>/data/`."""
    return Path(__file__).parent / part / "data" / name
