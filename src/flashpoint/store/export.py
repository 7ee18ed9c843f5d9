"""Exports of stored events: JSON Lines (the event record), flat CSV, and Parquet.

Rows stream from the store a chunk at a time, so an export of millions of events stays small
in memory. The shapes are the store's own (`rows.EVENT_COLUMNS`); no business rules here.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import BinaryIO, Final, TextIO

import pyarrow.parquet as pq  # pyarrow ships no stubs

from flashpoint.errors import ConfigError
from flashpoint.store.db import Store
from flashpoint.store.rows import EVENT_COLUMNS, EVENT_SCHEMA, Cell, event_from_row, to_arrow

Output = str | Path | TextIO | BinaryIO
_CHUNK: Final = 10_000


def _text_out(out: Output, stack: ExitStack) -> TextIO:
    if isinstance(out, str | Path):
        return stack.enter_context(Path(out).open("w", encoding="utf-8", newline=""))
    return out  # type: ignore[return-value]  # a file object: text for jsonl and csv


def _export_jsonl(rows: Iterator[dict[str, Cell]], out: Output) -> int:
    n = 0
    with ExitStack() as stack:
        stream = _text_out(out, stack)
        for row in rows:
            stream.write(json.dumps(event_from_row(row).to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


def _csv_cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _export_csv(rows: Iterator[dict[str, Cell]], out: Output) -> int:
    n = 0
    with ExitStack() as stack:
        writer = csv.writer(_text_out(out, stack))
        writer.writerow(EVENT_COLUMNS)
        for row in rows:
            writer.writerow([_csv_cell(row[name]) for name in EVENT_COLUMNS])
            n += 1
    return n


def _export_parquet(rows: Iterator[dict[str, Cell]], out: Output) -> int:
    n = 0
    sink = str(out) if isinstance(out, Path) else out
    with pq.ParquetWriter(sink, EVENT_SCHEMA) as writer:
        chunk: list[dict[str, Cell]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == _CHUNK:
                writer.write_table(to_arrow(chunk, EVENT_SCHEMA))
                n, chunk = n + len(chunk), []
        # An empty export still writes a valid file with the full schema.
        writer.write_table(to_arrow(chunk, EVENT_SCHEMA))
        n += len(chunk)
    return n


_EXPORTERS: Final[dict[str, Callable[[Iterator[dict[str, Cell]], Output], int]]] = {
    "jsonl": _export_jsonl,
    "csv": _export_csv,
    "parquet": _export_parquet,
}
EXPORT_FORMATS: Final = tuple(_EXPORTERS)


def export(
    store: Store, fmt: str, out: Output, *, since: date | None = None, until: date | None = None
) -> int:
    """Write the store's events (dated within `since`..`until`, inclusive) to `out`.

    `jsonl` writes one event record per line (`Event.to_dict`), `csv` the flat columns with a
    header, `parquet` the flat columns with the store's types. `out` is a path, or a text file
    for jsonl/csv and a binary file for parquet. Returns the number of events written.
    """
    exporter = _EXPORTERS.get(fmt)
    if exporter is None:
        raise ConfigError(key="format", reason=f"{fmt!r} is not one of {', '.join(_EXPORTERS)}")
    return exporter(store.iter_event_rows(since=since, until=until), out)
