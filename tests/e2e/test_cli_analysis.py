"""`flashpoint dyad`, `alerts`, `incidents` and `export` on the bundled demo corpus.

The demo corpus (data/sample, written by the team) has a quiet, cooperative Afghanistan-
Pakistan relationship for months, then a run of clashes, shelling and airstrikes: the alert
must fire on that dyad, and explain itself.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli_run import SAMPLE, flashpoint  # type: ignore[import-not-found]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    flashpoint("run", str(SAMPLE), "--db", str(db))
    yield db


def test_cli_alerts_flag_the_escalating_dyad(demo_db: Path) -> None:
    out = flashpoint("alerts", "--db", str(demo_db)).stdout
    assert out.startswith("AFG–PAK escalated") or "AFG–PAK escalated" in out
    assert "baseline" in out and "Driving it" in out


def test_cli_dyad_prints_a_deteriorating_series_and_writes_a_plot(
        demo_db: Path, tmp_path: Path) -> None:
    plot = tmp_path / "dyad.png"
    result = flashpoint("dyad", "AFG", "PAK", "--db", str(demo_db), "--plot", str(plot))
    assert "trend: deteriorating" in result.stdout
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 10_000


def test_cli_incidents_merge_one_attack_told_three_times(demo_db: Path) -> None:
    target = demo_db.parent / "acled.csv"
    flashpoint("export", "--db", str(demo_db), "--format", "acled", "-o", str(target))
    with target.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    tougan = [r for r in rows if r["location"] == "Tougan"]
    assert len(tougan) == 1 and int(tougan[0]["fatalities"]) == 12
    assert len(tougan[0]["source"].split("; ")) == 3


def test_cli_incidents_list_each_report_of_a_merged_attack(demo_db: Path) -> None:
    out = flashpoint("incidents", "--db", str(demo_db), "--min-sources", "3").stdout
    rows = [line for line in out.splitlines() if "inc-" in line]
    assert len(rows) == 1 and "ASSAULT" in rows[0] and " 12 " in rows[0]
    assert "Continental Press Agency, Sahel Monitor, West Africa Times" in rows[0]


@pytest.mark.parametrize("fmt", ["jsonl", "gdelt"])
def test_cli_export_writes_rows(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"events.{fmt}"
    result = flashpoint("export", "--db", str(demo_db), "--format", fmt, "-o", str(target))
    lines = target.read_text().splitlines()
    count = int(result.stderr.split()[0])
    if fmt == "jsonl":
        assert len(lines) == count and json.loads(lines[0])["event_id"]
    else:
        header = lines[0].split("\t")
        assert header[:2] == ["GLOBALEVENTID", "SQLDATE"] and len(lines) == count + 1
