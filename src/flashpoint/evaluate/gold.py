"""Reading gold files: the common JSON Lines schema and the seed-style `*.gold.yaml`.

Owns parsing and validating annotated data (docs/gold-format.md); it does not score. A malformed
gold file stops the read at the first bad line with a `GoldFormatError` naming the file and the
line: a score over a silently shortened gold set would not be comparable with earlier runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeAlias

import yaml

from flashpoint.errors import ConfigError, GoldFormatError, UnreadableRecord
from flashpoint.records import EVENT_TYPES, MODALITIES, Article, Event

JSONValue: TypeAlias = "str | int | float | bool | list[JSONValue] | dict[str, JSONValue] | None"

TASKS: tuple[str, ...] = ("plover", "conflibert", "india", "gva", "petr2", "realnews", "seed")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class GoldActor:
    """One annotated actor: surface `text` and/or a `code` (ISO-3, CAMEO or registry id)."""

    text: str | None
    code: str | None
    sector: str | None = None
    raw: Mapping[str, JSONValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One annotated event; `raw` keeps the dataset-specific fields as they were read."""

    event_code: str | None
    event_scheme: str
    source: tuple[GoldActor, ...] | None = None  # None = not annotated, () = annotated absent
    target: tuple[GoldActor, ...] | None = None
    fatalities: int | None = None
    injured: int | None = None
    mode: str | None = None
    modality: str | None = None  # seed files only
    evidence: str | None = None  # seed `evidence`, or `event_text` in JSONL
    event_id: str | None = None  # seed files only ("E1")
    must: bool = False  # seed: a core event a coder must find
    raw: Mapping[str, JSONValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One gold record (a sentence or document) with where it was read from."""

    id: str
    dataset: str
    text: str
    date: date | None
    events: tuple[GoldEvent, ...] | None  # None = the dataset annotates labels only
    labels: tuple[str, ...]
    split: str | None = None
    meta: Mapping[str, JSONValue] = field(default_factory=dict)
    path: str = ""
    line: int = 0

    def to_article(self) -> Article:
        """The article the coder reads for this record."""
        return Article(doc_id=self.id, text=self.text, published=self.date)


class _Bad(Exception):
    """A validation failure inside one record; the reader adds the path and line."""


def read_gold(path: str | Path) -> list[GoldRecord]:
    """Read and validate a gold file: `*.yaml`/`*.yml` as a seed file, anything else as JSONL.

    Raises `GoldFormatError` at the first malformed line (or line 0 for file-level problems).
    """
    path = Path(path)
    if path.suffix in (".yaml", ".yml"):
        return [read_seed(path)]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GoldFormatError(path=path, line=0, reason=f"cannot read: {exc.strerror}") from exc
    records: list[GoldRecord] = []
    first_line: dict[str, int] = {}
    for number, raw_line in enumerate(data.splitlines(), start=1):
        if not raw_line.strip():
            continue
        try:
            record = _record(_json_line(raw_line), path, number)
        except _Bad as exc:
            raise GoldFormatError(path=path, line=number, reason=str(exc)) from None
        if record.id in first_line:
            raise GoldFormatError(path=path, line=number, reason=(
                f"duplicate id {record.id!r} (first on line {first_line[record.id]})"))
        first_line[record.id] = number
        records.append(record)
    if not records:
        raise GoldFormatError(path=path, line=0, reason="no records; is this the right file?")
    return records


def read_predictions(path: str | Path) -> list[Event]:
    """Read coded events (one DESIGN.md event record per line), e.g. `flashpoint code` output."""
    path = Path(path)
    events: list[Event] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                events.append(Event.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise UnreadableRecord(doc_id=f"{path}:{number}", reason=str(exc)) from exc
    return events


def check_task(records: Sequence[GoldRecord], task: str) -> list[GoldRecord]:
    """The records `task` can score; raise `GoldFormatError` at a record it cannot.

    The common schema lets `events` be null and counts be missing; a task that needs them
    (PLOVER types, GVA counts) fails here, before any coding time is spent. One gap is
    skipped instead: conflibert records with actor spans but no class label (219 in the dev
    set, on which score.py stops with an IndexError). An unknown task is a `ConfigError`.
    """
    if task not in TASKS:
        raise ConfigError(key="task", reason=f"unknown task {task!r}; choose one of "
                          f"{', '.join(TASKS)}")
    kept = []
    for record in records:
        if task == "conflibert" and not record.labels:
            continue
        reason = _task_gap(record, task)
        if reason:
            raise GoldFormatError(path=record.path, line=record.line, reason=(
                f"record {record.id!r} cannot be scored for {task}: {reason}"))
        kept.append(record)
    if records and not kept:
        first = records[0]
        raise GoldFormatError(path=first.path, line=0,
                              reason=f"no record carries what {task} scores (labels)")
    return kept


def _task_gap(record: GoldRecord, task: str) -> str | None:
    events = record.events or ()
    if task in ("plover", "petr2", "realnews", "seed") and record.events is None:
        return "events is null"
    if task in ("plover", "petr2") and any(e.event_code is None for e in events):
        return "an event has no event_code"
    if task == "gva" and (not events or events[0].fatalities is None
                          or events[0].injured is None):
        return "the first event needs integer fatalities and injured"
    return None


def _json_line(raw_line: bytes) -> dict[str, JSONValue]:
    try:
        obj = json.loads(raw_line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _Bad(f"not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise _Bad(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(obj, dict):
        raise _Bad(f"expected a JSON object, got {type(obj).__name__}")
    return obj


def _record(obj: Mapping[str, JSONValue], path: Path, line: int) -> GoldRecord:
    record_id = _str(obj, "id", required=True)
    text = _str(obj, "text", required=True)
    if not record_id or not text or not text.strip():
        raise _Bad("id and text must be non-empty")
    events = obj.get("events")
    if events is not None and not isinstance(events, list):
        raise _Bad("events must be a list or null")
    labels = obj.get("labels")
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise _Bad("labels must be a list of strings")
    meta = obj.get("meta", {})
    if not isinstance(meta, dict):
        raise _Bad("meta must be an object")
    return GoldRecord(
        id=record_id, dataset=_str(obj, "dataset", required=True) or "", text=text,
        date=_date(obj.get("date")),
        events=None if events is None else tuple(_event(e, i) for i, e in enumerate(events)),
        labels=tuple(str(x) for x in labels), split=_str(obj, "split"), meta=meta,
        path=str(path), line=line)


def _event(obj: JSONValue, index: int) -> GoldEvent:
    if not isinstance(obj, dict):
        raise _Bad(f"events[{index}] must be an object")
    where = f"events[{index}]"
    if "event_scheme" not in obj:
        raise _Bad(f"{where}.event_scheme is missing")
    return GoldEvent(
        event_code=_str(obj, "event_code", where=where),
        event_scheme=_str(obj, "event_scheme", where=where) or "",
        source=_actors(obj.get("source"), f"{where}.source"),
        target=_actors(obj.get("target"), f"{where}.target"),
        fatalities=_count(obj.get("fatalities"), f"{where}.fatalities"),
        injured=_count(obj.get("injured"), f"{where}.injured"),
        mode=_str(obj, "mode", where=where),
        evidence=_str(obj, "event_text", where=where), raw=obj)


def _actors(value: JSONValue, where: str) -> tuple[GoldActor, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise _Bad(f"{where} must be a list of actors or null")
    actors = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise _Bad(f"{where}[{i}] must be an object")
        actors.append(GoldActor(text=_str(item, "text", where=f"{where}[{i}]"),
                                code=_str(item, "code", where=f"{where}[{i}]"),
                                sector=_str(item, "sector", where=f"{where}[{i}]"), raw=item))
    return tuple(actors)


def _str(obj: Mapping[str, JSONValue], key: str, *, required: bool = False,
         where: str = "") -> str | None:
    value = obj.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        name = f"{where}.{key}" if where else key
        raise _Bad(f"{name} must be a string" + ("" if required else " or null"))
    return value


def _count(value: JSONValue, where: str) -> int | None:
    # bool is an int in Python; `true` as a death toll is an annotation error
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Bad(f"{where} must be a non-negative integer or null, got {value!r}")
    return value


def _date(value: JSONValue) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _Bad(f"date must be 'YYYY-MM-DD' or null, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"date {value!r} is not a calendar date") from None


# --- seed-style YAML -------------------------------------------------------------------------

def read_seed(path: str | Path) -> GoldRecord:
    """Read a seed-style `*.gold.yaml` (one hand-coded article) as a single `GoldRecord`.

    The article text is the YAML's `text` key, or else the sibling file named like the YAML
    without `.gold.yaml` plus `.txt` (the seed's layout). Line numbers in errors point at the
    offending event's first line.
    """
    path = Path(path)
    try:
        source_text = path.read_text(encoding="utf-8")
        doc = yaml.safe_load(source_text)
        lines = _event_lines(source_text)
    except OSError as exc:
        raise GoldFormatError(path=path, line=0, reason=f"cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise GoldFormatError(path=path, line=mark.line + 1 if mark else 0,
                              reason=f"not YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        raise GoldFormatError(path=path, line=1, reason="expected a mapping with an events list")
    doc = {str(key): _plain(value) for key, value in doc.items()}
    events = []
    for index, item in enumerate(doc["events"] or []):
        line = lines[index] if index < len(lines) else 0
        try:
            events.append(_seed_event(item, index))
        except _Bad as exc:
            raise GoldFormatError(path=path, line=line, reason=str(exc)) from None
    found = doc.get("document")
    document = found if isinstance(found, dict) else {}
    try:
        published = _date(document.get("date"))
    except _Bad as exc:
        raise GoldFormatError(path=path, line=0, reason=f"document.{exc}") from None
    stem = path.name.removesuffix(".yaml").removesuffix(".yml").removesuffix(".gold")
    return GoldRecord(
        id=stem, dataset="seed", text=_seed_text(doc, path, stem), date=published,
        events=tuple(events), labels=tuple(e.event_id or "" for e in events if e.must),
        meta={"document": document, "must_not": doc.get("must_not")}, path=str(path), line=1)


def _seed_text(doc: Mapping[str, JSONValue], path: Path, stem: str) -> str:
    text = doc.get("text")
    if isinstance(text, str) and text.strip():
        return text
    sibling = path.with_name(f"{stem}.txt")
    try:
        raw = sibling.read_text(encoding="utf-8")
    except OSError as exc:
        raise GoldFormatError(path=path, line=0, reason=(
            f"no `text:` key and no article beside it ({sibling.name}: {exc.strerror})")) from exc
    # the article beside it is a raw page, read as `flashpoint code` reads it: furniture and
    # the title line are not coded
    from flashpoint.ingest.clean import clean_text

    return clean_text(raw)[0]


def _seed_event(item: JSONValue, index: int) -> GoldEvent:
    if not isinstance(item, dict):
        raise _Bad(f"events[{index}] must be a mapping")
    where = f"events[{index}]"
    for key in ("id", "evidence", "type", "modality"):
        _str(item, key, required=True, where=where)
    if item["type"] not in EVENT_TYPES:
        raise _Bad(f"{where}.type {item['type']!r} is not a PLOVER type")
    if item["modality"] not in MODALITIES:
        raise _Bad(f"{where}.modality must be one of {', '.join(MODALITIES)}")
    must = item.get("must", False)
    if not isinstance(must, bool):
        raise _Bad(f"{where}.must must be true or false")
    killed = item.get("fatalities")
    return GoldEvent(
        event_code=str(item["type"]), event_scheme="PLOVER",
        source=_seed_actors(item.get("source"), f"{where}.source"),
        target=None if item.get("target") is None
        else _seed_actors(item.get("target"), f"{where}.target"),
        fatalities=_count(killed.get("killed"), f"{where}.fatalities.killed")
        if isinstance(killed, dict) else None,
        mode=_str(item, "mode", where=where), modality=str(item["modality"]),
        evidence=str(item["evidence"]), event_id=str(item["id"]), must=must, raw=item)


def _seed_actors(value: JSONValue, where: str) -> tuple[GoldActor, ...]:
    # the seed writes one actor id, or a list of ids that are all acceptable
    codes = [value] if isinstance(value, str) else value
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        raise _Bad(f"{where} must be an actor id or a list of actor ids")
    return tuple(GoldActor(text=None, code=str(c)) for c in codes)


def _event_lines(text: str) -> list[int]:
    """1-based first line of each item of the top-level `events` list."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "events" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _plain(value: object) -> JSONValue:
    """YAML values as JSON values: unquoted dates become ISO strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
