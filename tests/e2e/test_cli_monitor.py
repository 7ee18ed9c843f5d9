"""`flashpoint monitor` end to end: the installed command against loopback servers (#17).

A feed server publishes our own border reports between polls; the monitor codes them with
the real pipeline, raises the escalation the seeded history leads to, and delivers it to a
loopback webhook receiver and a loopback SMTP server exactly once, even across a restart.
While it runs, the read commands work and a writer gets a clear E503.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from monitor_world import FeedSite, Inbox, seed_history, serve_feed, serve_smtp, serve_webhook

from flashpoint.store import Store
from flashpoint.store.holder import holder_path

pytestmark = [pytest.mark.issue(17), pytest.mark.slow]
FLASHPOINT = str(Path(sys.executable).with_name("flashpoint"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _until(check: Callable[[], Any], *, timeout: float, what: str, log: Path) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except httpx.TransportError:
            value = None
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}; monitor log:\n{log.read_text(errors='replace')}")


@dataclass
class Desk:
    """Everything one test run shares."""

    folder: Path
    db: Path
    feeds: Path
    config: Path
    site: FeedSite
    hooks: Inbox
    mails: Inbox
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, name: str) -> tuple[subprocess.Popen[bytes], Path]:
        log = self.folder / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [FLASHPOINT, "monitor", str(self.feeds), "--db", str(self.db), "--config",
                 str(self.config), "--port", str(self.port), "--every", "1s"],
                stdout=out, stderr=subprocess.STDOUT)
        return proc, log

    def live(self, after: int = 0) -> dict[str, Any]:
        body: dict[str, Any] = httpx.get(f"{self.base}/api/live",
                                         params={"after": after}, timeout=5).json()
        return body

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([FLASHPOINT, *args, "--db", str(self.db)], capture_output=True,
                              text=True, timeout=120, check=False)


@pytest.fixture()
def desk(tmp_path: Path) -> Iterator[Desk]:
    db = tmp_path / "desk.duckdb"
    with Store.open(db) as store:
        seed_history(store, date.today())
    site, hooks, mails = FeedSite(), Inbox(), Inbox()
    with serve_feed(site) as feed, serve_webhook(hooks) as hook, serve_smtp(mails) as smtp:
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(f"# the border wire\n{feed}\n", encoding="utf-8")
        config = tmp_path / "flashpoint.toml"
        config.write_text(
            f'[monitor]\nsnapshot_every = 0\n\n[channels.desk-hook]\ntype = "webhook"\n'
            f'url = "{hook}"\nsecret = "loopback-secret"\n\n[channels.desk-mail]\n'
            f'type = "email"\nhost = "127.0.0.1"\nport = {smtp}\nstarttls = false\n'
            f'sender = "monitor@example.org"\nto = ["desk@example.org"]\n\n'
            f'[channels.feed]\ntype = "atom"\n', encoding="utf-8")
        yield Desk(tmp_path, db, feeds, config, site, hooks, mails, _free_port())


def _stop(proc: subprocess.Popen[bytes]) -> int:
    proc.send_signal(signal.SIGINT)
    return proc.wait(timeout=120)


def test_cli_monitor_codes_alerts_once_serves_readers_and_resumes(desk: Desk) -> None:
    desk.site.publish(0, town=1)
    proc, log = desk.start("first")
    try:
        first = _until(lambda: desk.live()["seq"] >= 1 and desk.live(), timeout=240,
                       what="the first poll to code the article", log=log)
        _until(lambda: len(desk.hooks.snapshot()) >= 1 and len(desk.mails.snapshot()) >= 1,
               timeout=30, what="the alert to be delivered", log=log)
        coded = [e for u in first["updates"] for e in u["events"]]
        assert coded and all("border-000" in e["doc_id"] for e in coded)
        assert any(e["source"]["country"] == "ETH" and e["target"]["country"] == "ERI"
                   for e in coded)

        # Readers work while the monitor holds the store; a writer is told who holds it.
        events = desk.cli("events", "--format", "json", "--limit", "500")
        alerts = desk.cli("alerts")
        dyad = desk.cli("dyad", "ETH", "ERI")
        incidents = desk.cli("incidents")
        export = desk.cli("export", "-o", str(desk.folder / "out.jsonl"))
        writer = desk.cli("run", str(desk.feeds))
        assert [r.returncode for r in (events, alerts, dyad, incidents, export)] == [0] * 5
        assert "lock" not in (events.stderr + alerts.stderr).lower()
        read_ids = {json.loads(line)["event_id"] for line in events.stdout.splitlines()}
        assert {e["event_id"] for e in coded} <= read_ids
        assert "ERI–ETH escalated" in alerts.stdout
        assert (writer.returncode, "error [E503]") == (1, writer.stderr[:12])
        assert "flashpoint monitor" in writer.stderr and str(proc.pid) in writer.stderr

        # A second article: shown as new, but the alert (same level) is not sent again.
        seq = desk.live()["seq"]
        desk.site.publish(1, town=4)
        _until(lambda: desk.live()["seq"] > seq, timeout=60, what="the second article",
               log=log)
        time.sleep(2)
        atom = httpx.get(f"{desk.base}/alerts.atom", timeout=5).text
    finally:
        code = _stop(proc)
    assert code == 0
    assert "stopped; feed state and alert deliveries saved" in log.read_text()
    assert not holder_path(desk.db).exists()
    [(headers, _, payload)] = desk.hooks.snapshot()
    [(recipients, mail)] = desk.mails.snapshot()
    assert headers["X-Flashpoint-Signature"].startswith("sha256=")
    assert (payload["alert"]["a"], payload["alert"]["b"]) == ("ERI", "ETH")
    assert payload["links"][0] == f"{desk.base}/#/dyad/ERI/ETH?by=week"
    assert recipients == ["desk@example.org"] and payload["alert_id"] in mail["X-Flashpoint-Alert"]
    assert atom.count("<entry>") == 1 and payload["alert_id"] in atom

    # Restart: feed state resumes (old entries are not taken again) and nothing is re-sent.
    desk.site.publish(2, town=6)
    proc, log = desk.start("second")
    try:
        again = _until(lambda: desk.live()["seq"] >= 1 and desk.live(), timeout=240,
                       what="the restarted monitor's first poll", log=log)
        time.sleep(3)
    finally:
        assert _stop(proc) == 0
    docs = {e["doc_id"] for u in again["updates"] for e in u["events"]}
    assert docs and all("border-002" in doc for doc in docs)
    assert "1 new" in log.read_text()
    assert (len(desk.hooks.snapshot()), len(desk.mails.snapshot())) == (1, 1)
