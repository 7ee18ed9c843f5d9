"""Backfill: equal to a single-machine run event for event, resumable, and safe when a worker dies.

The corpus is built here from the team's demo articles: shards in JSON Lines, gzipped JSON Lines
and WARC, with an exact copy across shards, a near copy (new headline and one word) a day later
in another shard, a French article and an unreadable line.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from flashpoint import runner
from flashpoint.records import Event
from flashpoint.scale import backfill
from flashpoint.scale import shards as sh
from flashpoint.store.db import Store
from flashpoint.store.rows import EVENT_COLUMNS

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "data" / "sample"
FRENCH = ("Des manifestants se sont rassemblés samedi devant le parlement pour réclamer la "
          "libération des journalistes arrêtés la semaine dernière, selon la police.")


def _records() -> list[dict[str, Any]]:
    rows = []
    for name in ("2024-q1.jsonl", "2024-q2.jsonl"):
        rows += [json.loads(line) for line in (SAMPLE / name).read_text().splitlines()]
    return rows


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


def _warc(path: Path, rows: list[dict[str, Any]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        for row in rows:
            body = (f"<html><head><title>{row['title']}</title>"
                    f"<meta name=\"date\" content=\"{row['date']}\"></head><body><article>"
                    + "".join(f"<p>{p}</p>" for p in row["text"].split("\n\n"))
                    + "</article></body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                row["url"], "response", payload=io.BytesIO(body), length=len(body),
                http_headers=headers))


def make_corpus(folder: Path, *, shards: int = 4, per_shard: int = 3) -> list[Path]:
    """Shards in date order, as archives are; the first three use every input format."""
    rows = _records()[: shards * per_shard]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(shards):
        chunk = [dict(r) for r in rows[i * per_shard:(i + 1) * per_shard]]
        if i == 1:  # an exact copy of shard 0's first article under another id
            chunk.insert(0, {**rows[0], "id": "copy-of-" + rows[0]["id"]})
        if i == 2:  # a wire rewrite of shard 1's last article, a day later, one word changed
            near = dict(rows[2 * per_shard - 1])
            words = near["text"].split(" ")
            words[-3] = "reportedly"
            chunk.insert(0, {**near, "id": "near-copy", "title": "Updated: " + near["title"],
                             "text": " ".join(words)})
            chunk.append({"id": "french", "date": chunk[1]["date"], "text": FRENCH})
        if i == 1:
            path = folder / f"shard-{i:02d}.jsonl.gz"
            path.write_bytes(gzip.compress(_jsonl(chunk)))
        elif i == 3 and shards > 4:
            path = folder / f"shard-{i:02d}.warc"
            _warc(path, chunk)
        else:
            path = folder / f"shard-{i:02d}.jsonl"
            path.write_bytes(_jsonl(chunk) + (b"{not json\n" if i == 0 else b""))
        paths.append(path)
    return paths


def single_machine(paths: list[Path]) -> list[Event]:
    with Store.open(":memory:") as store:
        runner.run(paths, store=store)
        return sorted(store.events(), key=lambda e: e.event_id)


def parquet_events(out: Path) -> list[Event]:
    with Store.open_parquet(out) as store:
        return sorted(store.events(), key=lambda e: e.event_id)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Event]]:
    paths = make_corpus(tmp_path_factory.mktemp("corpus"), shards=5)
    return paths, single_machine(paths)


def test_scale_local_backfill_equals_single_machine_run(
        corpus: tuple[list[Path], list[Event]], tmp_path: Path) -> None:
    paths, expected = corpus
    summary = backfill(paths, tmp_path / "out")
    assert expected and parquet_events(tmp_path / "out") == expected
    assert (summary.shards, summary.coded_shards, summary.skipped) == (5, 5, 0)
    assert (summary.duplicates, summary.near_duplicates, summary.not_coded) == (1, 1, 1)
    assert summary.problems["E101"] == 1 and summary.events == len(expected)


def test_scale_rerun_skips_finished_shards(
        corpus: tuple[list[Path], list[Event]], tmp_path: Path) -> None:
    paths, expected = corpus
    backfill(paths, tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*.parquet"))
    again = backfill(paths, tmp_path)
    assert (again.skipped, again.coded_shards, again.events) == (5, 0, 0)
    assert sorted(p.name for p in tmp_path.rglob("*.parquet")) == before
    assert parquet_events(tmp_path) == expected


def test_scale_killed_run_resumes_without_doubling(
        corpus: tuple[list[Path], list[Event]], tmp_path: Path) -> None:
    paths, expected = corpus

    def die(stage: str, done: int, total: int) -> None:
        if stage == "code" and done == 2:
            raise KeyboardInterrupt  # the run is killed after two shards are recorded

    with pytest.raises(KeyboardInterrupt):
        backfill(paths, tmp_path, progress=die)
    # a half-written file of a third shard, as a kill mid-write leaves it
    month = next(tmp_path.glob("month=*"))
    (month / f".part-{sh.find_shards(paths)[2].key}.parquet.tmp").write_bytes(b"PAR1 torn")
    resumed = backfill(paths, tmp_path)
    assert (resumed.skipped, resumed.coded_shards) == (2, 3)
    assert parquet_events(tmp_path) == expected


def test_scale_changed_shard_is_coded_again_and_replaces_its_output(
        corpus: tuple[list[Path], list[Event]], tmp_path: Path) -> None:
    paths = make_corpus(tmp_path / "in", shards=3)
    backfill(paths, tmp_path / "out")
    paths[2].write_bytes(b"\n".join(paths[2].read_bytes().splitlines()[:1]) + b"\n")
    again = backfill(paths, tmp_path / "out")
    assert (again.skipped, again.coded_shards) == (2, 1)
    assert parquet_events(tmp_path / "out") == single_machine(paths)


def test_scale_added_shard_never_displaces_written_output(tmp_path: Path) -> None:
    first = make_corpus(tmp_path / "in", shards=2)
    backfill(first, tmp_path / "out")
    written = parquet_events(tmp_path / "out")
    # a new shard holding an earlier-dated copy of an article already coded
    row = json.loads(first[0].read_text().splitlines()[1])
    extra = tmp_path / "in" / "late-arrival.jsonl"
    extra.write_bytes(_jsonl([{**row, "id": "late-copy", "date": "2023-12-01"}]))
    summary = backfill([*first, extra], tmp_path / "out")
    assert (summary.skipped, summary.coded_shards, summary.events) == (2, 1, 0)
    assert summary.duplicates == 1 and parquet_events(tmp_path / "out") == written


def test_scale_parquet_is_month_partitioned_with_the_store_columns(
        corpus: tuple[list[Path], list[Event]], tmp_path: Path) -> None:
    paths, expected = corpus
    backfill(paths, tmp_path)
    dataset = ds.dataset(tmp_path, format="parquet", partitioning="hive")
    table = dataset.to_table()
    assert tuple(table.schema.names) == (*EVENT_COLUMNS, "month")
    assert table.num_rows == len(expected)
    months = set(table.column("month").to_pylist())
    assert months and all(len(m) == 7 and m[4] == "-" for m in months)
    for event, value in zip(*(table.column(c).to_pylist() for c in ("date_value", "month")),
                            strict=True):
        assert event is None or event.isoformat()[:7] == value
    manifest = json.loads((tmp_path / sh.MANIFEST).read_text())
    assert manifest["format"] == sh.MANIFEST_FORMAT and len(manifest["shards"]) == 5
    assert all(len(entry["sha256"]) == 64 for entry in manifest["shards"].values())


def test_scale_missing_input_stops_before_anything_runs(tmp_path: Path) -> None:
    from flashpoint.errors import UnreadableRecord

    with pytest.raises(UnreadableRecord, match="no such file"):
        backfill([tmp_path / "nope.jsonl"], tmp_path / "out")
    assert not (tmp_path / "out" / sh.MANIFEST).exists()


def _plan_table(rows: list[tuple[int, int, str, int]]) -> pa.Table:
    """Key rows (shard, position, hash, day) with signatures of distinct word lists."""
    from flashpoint.ingest.dedup import signature

    texts = {"a": " ".join(f"w{i}" for i in range(40)),
             "b": " ".join(f"w{i}" for i in range(40)) + " x1 x2",  # ~0.9 like a
             "c": " ".join(f"w{i}" for i in range(4, 40)) + " x1 x2 x3 x4 x5 x6",  # like b
             "z": " ".join(f"z{i}" for i in range(40))}
    return pa.Table.from_pylist([
        {"position": pos, "content_hash": text + str(shard) + str(pos), "day": day,
         "signature": signature(texts[text]), "shard": shard, "fixed": -1}
        for shard, pos, text, day in rows], schema=sh.PLAN_SCHEMA)


def test_scale_near_duplicates_resolve_in_run_order_within_the_window() -> None:
    rows = _plan_table([(0, 0, "a", 100), (1, 0, "b", 101), (2, 0, "c", 102),
                        (3, 0, "z", 100), (4, 0, "a", 200)])
    pairs = sh.near_pairs(*sh.split_by_window(rows, 3), window=7, threshold=0.8)
    plan = sh.resolve([], [pairs])
    # b copies a and is dropped; c is like b only, so it stays (as `runner` decides);
    # the same text 100 days later is outside the window.
    assert plan.drops == {1: {0: "a00"}}
    assert plan.near_duplicates == 1


def _kill_busy_worker(client: Any) -> bool:
    pids = client.run(os.getpid)
    for address, keys in client.processing().items():
        if any("fp-code" in str(key) for key in keys):
            os.kill(pids[address], signal.SIGKILL)
            return True
    return False


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=":0")  # a free port: other runs may hold 8787
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.slow
def test_scale_dask_two_workers_equal_single_machine_event_for_event(
        corpus: tuple[list[Path], list[Event]], dask_client: Any, tmp_path: Path) -> None:
    paths, expected = corpus
    summary = backfill(paths, tmp_path, engine="dask", client=dask_client)
    assert parquet_events(tmp_path) == expected
    assert (summary.duplicates, summary.near_duplicates, summary.coded_shards) == (1, 1, 5)


@pytest.mark.slow
def test_scale_worker_killed_mid_run_leaves_output_complete_and_not_doubled(
        dask_client: Any, tmp_path: Path) -> None:
    paths = make_corpus(tmp_path / "in", shards=8, per_shard=3)
    expected = single_machine(paths)
    killed: list[bool] = []

    def kill_once(stage: str, done: int, total: int) -> None:
        if stage == "code" and not killed:
            killed.append(_kill_busy_worker(dask_client))

    summary = backfill(paths, tmp_path / "out", engine="dask", client=dask_client,
                       progress=kill_once)
    assert killed == [True]
    assert summary.coded_shards == 8
    assert parquet_events(tmp_path / "out") == expected
    assert not list((tmp_path / "out").rglob("*.tmp"))
