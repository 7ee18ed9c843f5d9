"""A backfill's incidents (#18): built per month partition plus the boundary days, they equal
clustering everything at once, across a month's end too, and a Parquet store reads them."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from flashpoint import runner
from flashpoint.analysis import cluster_incidents
from flashpoint.records import ActorRef, Event, EventDate, Fatalities, Place, Span
from flashpoint.scale import backfill
from flashpoint.scale.incidents import build_incidents
from flashpoint.store.db import Store
from flashpoint.store.rows import EVENT_SCHEMA, event_to_row, to_arrow

from .test_backfill import make_corpus

SOLDIERS = ActorRef("soldiers", "MLI.MIL", "MLI", "MIL", None)
GUNMEN = ActorRef("gunmen", "UNKNOWN", None, "REB", None)
GAO = Place("Gao", "Gao", "MLI", "Gao", 16.27, -0.04, "city")
MOPTI = Place("Mopti", "Mopti", "MLI", "Mopti", 14.49, -4.18, "city")


def _event(event_id: str, doc_id: str, day: str | None, place: Place = GAO,
           killed: int = 5) -> Event:
    text = f"Gunmen killed {killed} soldiers near {place.name}."
    return Event(
        event_id=event_id, doc_id=doc_id, sentence=1, evidence=Span(text, 0, len(text)),
        type="ASSAULT", mode=None, cameo="190", quad_class=4, goldstein=-10.0,
        modality="asserted", source=GUNMEN, target=SOLDIERS, reported_by=None,
        location=place, date=EventDate(day, "day", "relative") if day else None,
        fatalities=Fatalities(killed, killed, None, None), confidence=0.8,
        coder="rules/0.3.0")


def _write(out: Path, month: str, shard: str, events: list[Event]) -> None:
    folder = out / f"month={month}"
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(to_arrow([event_to_row(e) for e in events], EVENT_SCHEMA),
                   folder / f"part-{shard}.parquet")


def test_backfill_incidents_across_a_month_end_equal_one_clustering(tmp_path: Path) -> None:
    # One ambush near Gao on the night of 31 January, dated to either day by two outlets;
    # another in Mopti in mid-February; an undated report filed in February's partition.
    january = [_event("a-1", "wire-a", "2024-01-31"), _event("c-1", "wire-c", "2024-01-10")]
    february = [_event("b-1", "paper-b", "2024-02-01"),
                _event("d-1", "paper-d", "2024-02-15", place=MOPTI, killed=2),
                _event("e-1", "radio-e", None)]
    _write(tmp_path, "2024-01", "s1", january)
    _write(tmp_path, "2024-02", "s1", february[:1])
    _write(tmp_path, "2024-02", "s2", february[1:])

    built = build_incidents(tmp_path)

    expected = cluster_incidents(january + february)
    with Store.open_parquet(tmp_path) as store:
        rows = store.incidents()
        assigned = {r["event_id"]: r["incident_id"] for r in store.iter_event_rows()}
    assert built == len(expected) == 4
    assert rows == sorted((i.to_row() for i in expected),
                          key=lambda r: (r["first_date"] is None, r["first_date"],
                                         r["incident_id"]))
    assert assigned == {e: i.incident_id for i in expected for e in i.event_ids}
    assert assigned["a-1"] == assigned["b-1"]


def test_backfill_incidents_equal_a_single_machine_run(tmp_path: Path) -> None:
    paths = make_corpus(tmp_path / "in", shards=4)
    summary = backfill(paths, tmp_path / "out")
    with Store.open(":memory:") as store:
        runner.run(paths, store=store)
        expected_rows = store.incidents()
        expected = {r["event_id"]: r["incident_id"] for r in store.iter_event_rows()}
    with Store.open_parquet(tmp_path / "out") as store:
        rows = store.incidents()
        assigned = {r["event_id"]: r["incident_id"] for r in store.iter_event_rows()}

    assert summary.incidents == len(expected_rows) > 5
    assert assigned == expected
    # n_sources counts publishers in a store and articles in a backfill (no article table)
    assert [{**r, "n_sources": None} for r in rows] == [
        {**r, "n_sources": None} for r in expected_rows]
