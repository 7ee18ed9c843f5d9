"""Flat rows for the store's tables: records in, records out, and the Arrow schemas between.

The store keeps the event record flattened (`source_actor`, `date_value`, ...) so SQL, CSV and
Parquet users see plain columns; this module is the one place that knows the mapping. It does
not talk to DuckDB.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Final

import pyarrow as pa  # pyarrow ships no stubs

from flashpoint.records import ActorRef, Article, Event

_ACTOR_FIELDS: Final = ("text", "actor", "country", "sector", "name")
_ACTOR_ROLES: Final = ("source", "target", "reported_by")
_SPAN_FIELDS: Final = ("text", "start", "end")
_PLACE_FIELDS: Final = ("text", "name", "country", "admin1", "lat", "lon", "precision")
_FATALITY_FIELDS: Final = ("killed", "killed_min", "injured", "injured_min")

# Column order of the `events` table (schema/001_init.sql) and of CSV/Parquet exports.
EVENT_SCHEMA: Final = pa.schema(
    [
        ("event_id", pa.string()), ("doc_id", pa.string()), ("content_hash", pa.string()),
        ("run_id", pa.string()), ("sentence", pa.int32()),
        ("evidence_text", pa.string()), ("evidence_start", pa.int32()),
        ("evidence_end", pa.int32()), ("trigger_text", pa.string()),
        ("trigger_start", pa.int32()), ("trigger_end", pa.int32()),
        ("type", pa.string()), ("mode", pa.string()), ("cameo", pa.string()),
        ("quad_class", pa.int8()), ("goldstein", pa.float64()), ("modality", pa.string()),
        *[(f"{role}_{name}", pa.string()) for role in _ACTOR_ROLES for name in _ACTOR_FIELDS],
        ("location_text", pa.string()), ("location_name", pa.string()),
        ("location_country", pa.string()), ("location_admin1", pa.string()),
        ("location_lat", pa.float64()), ("location_lon", pa.float64()),
        ("location_precision", pa.string()),
        ("date_value", pa.date32()), ("date_precision", pa.string()),
        ("date_basis", pa.string()),
        ("killed", pa.int32()), ("killed_min", pa.int32()),
        ("injured", pa.int32()), ("injured_min", pa.int32()),
        ("confidence", pa.float64()), ("coder", pa.string()), ("incident_id", pa.string()),
        ("mentions", pa.string()),  # JSON list of {text, start, end} (006_event_mentions.sql)
    ]
)
EVENT_COLUMNS: Final[tuple[str, ...]] = tuple(EVENT_SCHEMA.names)

ARTICLE_SCHEMA: Final = pa.schema(
    [
        ("content_hash", pa.string()), ("doc_id", pa.string()), ("source", pa.string()),
        ("url", pa.string()), ("title", pa.string()), ("publisher", pa.string()),
        ("published", pa.date32()), ("language", pa.string()), ("text", pa.string()),
        ("duplicate_of", pa.string()), ("fetched_at", pa.string()),
        ("minhash", pa.binary()), ("run_id", pa.string()), ("status", pa.string()),
    ]
)
ARTICLE_COLUMNS: Final[tuple[str, ...]] = tuple(ARTICLE_SCHEMA.names)

# The record fields of an Article, in the order `article_from_row` expects them.
ARTICLE_RECORD_COLUMNS: Final = (
    "doc_id", "text", "title", "url", "publisher", "published", "language", "source",
    "content_hash", "duplicate_of", "fetched_at",
)

Cell = str | int | float | bytes | date | None


def event_to_row(
    event: Event, *, run_id: str | None = None, content_hash: str | None = None
) -> dict[str, Cell]:
    """Flatten one event into a row of the `events` table.

    `date.value` must be an ISO date (the coder only writes those); anything else raises
    ValueError, which the caller turns into a StoreError naming the event.
    """
    row: dict[str, Cell] = {
        "event_id": event.event_id, "doc_id": event.doc_id, "content_hash": content_hash,
        "run_id": run_id, "sentence": event.sentence,
        "evidence_text": event.evidence.text, "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "trigger_text": event.trigger.text if event.trigger else None,
        "trigger_start": event.trigger.start if event.trigger else None,
        "trigger_end": event.trigger.end if event.trigger else None,
        "type": event.type, "mode": event.mode, "cameo": event.cameo,
        "quad_class": event.quad_class, "goldstein": event.goldstein,
        "modality": event.modality,
    }
    for role in _ACTOR_ROLES:
        ref: ActorRef | None = getattr(event, role)
        for name in _ACTOR_FIELDS:
            row[f"{role}_{name}"] = getattr(ref, name) if ref else None
    place = event.location
    row.update(
        location_text=place.text if place else None,
        location_name=place.name if place else None,
        location_country=place.country if place else None,
        location_admin1=place.admin1 if place else None,
        location_lat=place.lat if place else None,
        location_lon=place.lon if place else None,
        location_precision=place.precision if place else None,
    )
    when = event.date
    row.update(
        date_value=date.fromisoformat(when.value) if when and when.value else None,
        date_precision=when.precision if when else None,
        date_basis=when.basis if when else None,
        killed=event.fatalities.killed, killed_min=event.fatalities.killed_min,
        injured=event.fatalities.injured, injured_min=event.fatalities.injured_min,
        confidence=event.confidence, coder=event.coder, incident_id=None,
        mentions=json.dumps([dataclasses.asdict(m) for m in event.mentions])
        if event.mentions else None,
    )
    return row


def _part(row: Mapping[str, Any], prefix: str, names: Sequence[str]) -> dict[str, Any] | None:
    values = {name: row[f"{prefix}_{name}"] for name in names}
    return None if all(value is None for value in values.values()) else values


def event_from_row(row: Mapping[str, Any]) -> Event:
    """Rebuild the event record from an `events` row.

    A nested part whose columns are all NULL comes back as None: the flat table cannot tell
    `ActorRef(text=None)` (every field unknown) from no actor at all, and neither means more.
    """
    data: dict[str, Any] = {
        name: row[name]
        for name in ("event_id", "doc_id", "sentence", "type", "mode", "cameo", "quad_class",
                     "goldstein", "modality", "confidence", "coder")
    }
    data["evidence"] = _part(row, "evidence", _SPAN_FIELDS)
    data["trigger"] = _part(row, "trigger", _SPAN_FIELDS)
    for role in _ACTOR_ROLES:
        data[role] = _part(row, role, _ACTOR_FIELDS)
    data["location"] = _part(row, "location", _PLACE_FIELDS)
    when = _part(row, "date", ("value", "precision", "basis"))
    if when is not None and isinstance(when["value"], date):
        when["value"] = when["value"].isoformat()
    data["date"] = when
    data["fatalities"] = {name: row[name] for name in _FATALITY_FIELDS}
    mentions = row.get("mentions")
    data["mentions"] = json.loads(mentions) if isinstance(mentions, str) else []
    return Event.from_dict(data)


def article_to_row(
    article: Article, *, content_hash: str, run_id: str | None, status: str,
    minhash: bytes | None,
) -> dict[str, Cell]:
    """Flatten one article into a row of the `articles` table."""
    return {
        "content_hash": content_hash, "doc_id": article.doc_id, "source": article.source,
        "url": article.url, "title": article.title, "publisher": article.publisher,
        "published": article.published, "language": article.language, "text": article.text,
        "duplicate_of": article.duplicate_of, "fetched_at": article.fetched_at,
        "minhash": minhash, "run_id": run_id, "status": status,
    }


def article_from_row(values: Sequence[Any]) -> Article:
    """Rebuild an Article from the ARTICLE_RECORD_COLUMNS of an `articles` row."""
    return Article(**dict(zip(ARTICLE_RECORD_COLUMNS, values, strict=True)))


def to_arrow(rows: Sequence[Mapping[str, Cell]], schema: pa.Schema) -> pa.Table:
    """Rows to an Arrow table with the store's types, so DuckDB inserts them in one scan."""
    return pa.Table.from_pylist(list(rows), schema=schema)


def events_to_arrow(events: Iterable[Event]) -> pa.Table:
    """Events as an Arrow table in the store's column layout, for Parquet writers (`scale`)."""
    return to_arrow([event_to_row(event) for event in events], EVENT_SCHEMA)
