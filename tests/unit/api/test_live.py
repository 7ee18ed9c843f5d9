"""The monitor's HTTP surface: /api/live, /alerts.atom, and reading a held store (#17)."""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from monitor_world import seed_history

from flashpoint.analysis.monitor import dyad_report
from flashpoint.api import create_app
from flashpoint.monitor.channels import build_channels
from flashpoint.monitor.config import Watchlists
from flashpoint.monitor.delivery import deliver
from flashpoint.store import Store
from flashpoint.store.holder import holder_path, read_holder, snapshot_path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.issue(17)
ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = date(2025, 6, 18)


@pytest.fixture()
def held(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    """A store with history and one delivered alert, served as `serve` would hold it."""
    db = tmp_path / "desk.duckdb"
    with Store.open(db) as store:
        seed_history(store, TODAY)
        alert = dyad_report(store, "ERI", "ETH").alerts[-1]
        deliver(store, [alert], build_channels({"feed": {"type": "atom"}}),
                watch=Watchlists(), dashboard_url="http://127.0.0.1:8000/")
    app = create_app(db, holder="serve", public_url="http://127.0.0.1:8123/",
                     atom_channel="feed")
    with TestClient(app) as client:
        yield client, db


def test_api_live_lists_what_came_after_a_sequence_number(held: tuple[TestClient, Path]
                                                          ) -> None:
    client, _ = held
    service = client.app.state.service  # type: ignore[attr-defined]
    opened = client.get("/api/live").json()
    events = service.store.events(limit=3)
    service.live.append((events[0].event_id,), ("alert-x",), 1)
    service.live.append(tuple(e.event_id for e in events[1:]), (), 2)
    after_open = client.get("/api/live", params={"after": opened["seq"]}).json()
    after_first = client.get("/api/live", params={"after": 1}).json()
    assert (opened["seq"], opened["updates"], opened["live"]) == (0, [], False)
    assert [([e["event_id"] for e in u["events"]], u["alert_ids"], u["articles"])
            for u in after_open["updates"]] == [
        ([events[0].event_id], ["alert-x"], 1),
        (sorted(e.event_id for e in events[1:]), [], 2)]
    assert after_first["seq"] == 2 and [u["seq"] for u in after_first["updates"]] == [2]
    assert client.get("/api/live", params={"after": -1}).status_code == 422


def test_api_alerts_atom_is_a_feed_of_sent_alerts(held: tuple[TestClient, Path]) -> None:
    client, _ = held
    answer = client.get("/alerts.atom")
    feed = ET.fromstring(answer.content)
    entries = feed.findall(f"{ATOM}entry")
    logged = client.app.state.service.store.alert_log()  # type: ignore[attr-defined]
    assert answer.headers["content-type"].startswith("application/atom+xml")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"urn:flashpoint:{row.alert_id}" for row in logged]
    content = entries[0].findtext(f"{ATOM}content") or ""
    assert content.startswith(logged[0].explanation)
    assert "http://testserver/#/dyad/ERI/ETH?by=week" in content
    assert entries[0].find(f"{ATOM}category").get("term") == logged[0].level  # type: ignore[union-attr]


_READER = """
import sys
from flashpoint.errors import StoreLocked
from flashpoint.store.db import Store
from flashpoint.store.holder import open_for_reading
store, holder = open_for_reading(sys.argv[1])
print(len(store.events()), holder.command if holder else None)
try:
    Store.open(sys.argv[1])
except StoreLocked as exc:
    print(exc.code, exc)
"""


def test_api_held_store_is_read_through_its_snapshot(held: tuple[TestClient, Path]) -> None:
    client, db = held
    holder = read_holder(db)
    assert holder is not None
    assert (holder.command, holder.url, holder.snapshot) == (
        "serve", "http://127.0.0.1:8123/", str(snapshot_path(db)))
    done = subprocess.run([sys.executable, "-c", _READER, str(db)], capture_output=True,
                          text=True, timeout=60, check=True)
    n_events = len(client.app.state.service.store.events())  # type: ignore[attr-defined]
    first, second = done.stdout.splitlines()[:2]
    assert first == f"{n_events} serve"
    assert second.startswith(f"E503 store {db} is held by `flashpoint serve` (pid ")
    assert "POST http://127.0.0.1:8123/api/ingest" in second


def test_api_holder_file_and_snapshot_go_when_the_server_stops(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with TestClient(create_app(db, holder="serve", public_url="http://127.0.0.1:1/")):
        present = (holder_path(db).exists(), snapshot_path(db).exists())
    assert present == (True, True)
    assert (holder_path(db).exists(), snapshot_path(db).exists()) == (False, False)
