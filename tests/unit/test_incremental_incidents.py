"""Incremental incidents (#18): folding each run's events into the stored incidents gives the
same incidents as clustering the whole store again, on the demo corpus coded in three runs."""

from __future__ import annotations

from pathlib import Path

from flashpoint import runner
from flashpoint.analysis.monitor import refresh_incidents, update_incidents
from flashpoint.pipeline import Coder
from flashpoint.store.db import Store

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def test_incremental_incidents_equal_a_full_reclustering(coder: Coder, tmp_path: Path) -> None:
    with Store.open(tmp_path / "demo.duckdb") as store:
        for shard in sorted(SAMPLE.glob("*.jsonl")):  # one quarter per run, in date order
            summary = runner.run([shard], store=store, coder=coder, incidents=False)
            update_incidents(store, store.run_events([summary.run_id]))
        incremental = store.incidents()
        assigned = sorted((r["event_id"], r["incident_id"])
                          for r in store.iter_event_rows())
        refresh_incidents(store)
        store.prune_incidents()
        full = store.incidents()
        reassigned = sorted((r["event_id"], r["incident_id"])
                            for r in store.iter_event_rows())
    assert len(full) > 50
    assert incremental == full
    assert assigned == reassigned


def test_runs_fold_their_events_into_incidents_like_a_full_reclustering(
        coder: Coder, tmp_path: Path) -> None:
    with Store.open(tmp_path / "demo.duckdb") as store:
        written = []
        for shard in sorted(SAMPLE.glob("*.jsonl")):  # each run updates the incidents itself
            written.append(runner.run([shard], store=store, coder=coder).incidents)
        incremental = store.incidents()
        assigned = sorted((r["event_id"], r["incident_id"])
                          for r in store.iter_event_rows())
        assert not store.incidents_stale()
        total = refresh_incidents(store)
        store.prune_incidents()
        full = store.incidents()
        reassigned = sorted((r["event_id"], r["incident_id"])
                            for r in store.iter_event_rows())
    # each run wrote only the incidents its events formed or joined, not the whole store's
    assert 0 < written[-1] < total == len(full)
    assert incremental == full
    assert assigned == reassigned
