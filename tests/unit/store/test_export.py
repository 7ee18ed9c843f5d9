"""Exports: JSONL back to identical records, flat CSV, Parquet with the store's types."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import store_fixtures as fx

from flashpoint.errors import ConfigError
from flashpoint.records import Event
from flashpoint.store import EXPORT_FORMATS, Store, export
from flashpoint.store.rows import EVENT_COLUMNS, event_from_row

EVENTS = [
    fx.event("doc-1", 1, day=date(2023, 3, 6), killed=2),
    fx.event("doc-1", 2, type="ACCUSE", quad_class=3, goldstein=-2.0, modality="alleged",
             day=date(2023, 3, 9), target=fx.SOM_GOV),
    fx.event("doc-2", 1, day=date(2023, 4, 2), injured_min=24),
    fx.sparse_event("doc-2"),
]


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as store:
        store.write_batch(store.start_run("code", None, {}),
                          [fx.article(1), fx.article(2)], EVENTS, [])
        yield store


def test_store_export_formats_listed() -> None:
    assert EXPORT_FORMATS == ("jsonl", "csv", "parquet", "gdelt", "acled")


def test_store_export_jsonl_round_trips_records(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export(store, "jsonl", out) == 4
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [Event.from_dict(json.loads(line)) for line in lines] == EVENTS
    assert json.loads(lines[0]) == EVENTS[0].to_dict()


def test_store_export_jsonl_to_text_stream_with_dates(store: Store) -> None:
    out = io.StringIO()
    assert export(store, "jsonl", out, since=date(2023, 3, 7), until=date(2023, 4, 2)) == 2
    assert [Event.from_dict(json.loads(line)) for line in out.getvalue().splitlines()] == \
        EVENTS[1:3]


def test_store_export_csv_flat_columns(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(store, "csv", out) == 4
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert [row["event_id"] for row in rows] == [event.event_id for event in EVENTS]
    assert {k: v for k, v in rows[0].items() if v} == {
        "event_id": "doc-1-e1", "doc_id": "doc-1", "content_hash": "hash-0001",
        "run_id": rows[0]["run_id"], "sentence": "1",
        "evidence_text": "al-Shabaab fighters attacked a Kenyan patrol", "evidence_start": "10",
        "evidence_end": "54", "trigger_text": "attacked", "trigger_start": "30",
        "trigger_end": "38", "type": "ASSAULT", "mode": "small-arms", "cameo": "19",
        "quad_class": "4", "goldstein": "-10.0", "modality": "asserted",
        "source_text": "al-Shabaab fighters", "source_actor": "SHB", "source_country": "SOM",
        "source_sector": "REB", "source_name": "al-Shabaab", "target_text": "Kenyan troops",
        "target_actor": "KEN.MIL", "target_country": "KEN", "target_sector": "MIL",
        "target_name": "Kenya Defence Forces", "reported_by_text": "police",
        "reported_by_actor": "KEN.GOV", "reported_by_country": "KEN",
        "reported_by_sector": "GOV", "location_text": "near Mandera",
        "location_name": "Mandera", "location_country": "KEN", "location_admin1": "Mandera",
        "location_lat": "3.94", "location_lon": "41.86", "location_precision": "city",
        "date_value": "2023-03-06", "date_precision": "day", "date_basis": "explicit",
        "killed": "2", "killed_min": "2", "confidence": "0.8", "coder": "rules/0.3.0",
    }


def test_store_export_parquet_round_trips_records(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export(store, "parquet", out) == 4
    table = pq.read_table(out)
    assert table.column_names == list(EVENT_COLUMNS)
    assert [event_from_row(row) for row in table.to_pylist()] == EVENTS


def test_store_export_parquet_empty_keeps_schema(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "none.parquet"
    assert export(store, "parquet", out, since=date(2030, 1, 1)) == 0
    assert pq.read_table(out).column_names == list(EVENT_COLUMNS)


def test_store_export_rejects_unknown_format(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'xml' is not one of jsonl, csv, parquet"):
        export(store, "xml", tmp_path / "events.xml")
