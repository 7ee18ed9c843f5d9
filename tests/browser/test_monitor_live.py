"""The live dashboard of `flashpoint monitor` in a real headless Chromium (#17).

The monitor runs as the installed command over a store with history and a loopback feed;
the page is opened, then the feed publishes a report. Without a reload, the page must list
the new event in its live panel, marked new, and count it. Nothing may be fetched from
anywhere but the server. Set FLASHPOINT_SCREENSHOTS=docs/img to refresh docs/img/monitor-live.png.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS, free_port, playwright_sync_api
from monitor_world import FeedSite, seed_history, serve_feed

from flashpoint.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.issue(17)]

ROOT = Path(__file__).resolve().parents[2]
FLASHPOINT = str(Path(sys.executable).with_name("flashpoint"))




@pytest.fixture(scope="module")
def sync_api() -> Any:
    """Playwright's sync API, or a clean skip."""
    return playwright_sync_api()


@pytest.fixture()
def monitor(sync_api: Any, tmp_path: Path) -> Iterator[tuple[str, FeedSite]]:
    """`flashpoint monitor` over a seeded store and a loopback feed, polling every second."""
    db = tmp_path / "live.duckdb"
    with Store.open(db) as store:
        seed_history(store, date.today())
    site = FeedSite()
    site.publish(0, town=1)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serve_feed(site) as feed:
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(feed + "\n", encoding="utf-8")
        log = tmp_path / "monitor.log"
        with log.open("wb") as out:
            proc = subprocess.Popen([FLASHPOINT, "monitor", str(feeds), "--db", str(db),
                                     "--port", str(port), "--every", "1s"],
                                    stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 240
            while True:  # ready once the first poll (spaCy loaded) has coded the article
                try:
                    if httpx.get(base + "/api/live", timeout=2).json()["seq"] >= 1:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"monitor did not start: {log.read_text(errors='replace')}")
                time.sleep(0.5)
            yield base, site
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=120)


def test_monitor_dashboard_shows_new_events_without_reload(
        sync_api: Any, monitor: tuple[str, FeedSite], tmp_path: Path) -> None:
    base, site = monitor
    outside: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
            headless=True, viewport={"width": 1280, "height": 860})
        try:
            page = context.new_page()
            page.on("request", lambda r: None if r.url.startswith((base, "data:", "about:"))
                    else outside.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base + "/#/")
            page.wait_for_selector("body[data-ready='overview']", timeout=30_000)
            page.wait_for_selector("body[data-live='on'][data-live-seq]", timeout=30_000)
            page.evaluate("window.__sameDocument = true")
            opened_with = page.locator("#live-events li").count()
            site.publish(1, town=5)
            page.wait_for_selector("#live-events li.new", timeout=90_000)
            page.wait_for_selector("body[data-ready='overview']", timeout=30_000)
            new_items = page.locator("#live-events li.new")
            texts = new_items.evaluate_all("items => items.map(i => i.textContent)")
            count = page.locator("#live-count").text_content() or ""
            same = page.evaluate("window.__sameDocument === true")
            png = page.screenshot(full_page=False)
        finally:
            context.close()
    assert (opened_with, same) == (0, True)
    assert texts and all(t.startswith("new") for t in texts)
    assert any("ETH.MIL → ERI.MIL" in t for t in texts)
    assert count.startswith(f"{len(texts)} new event")
    assert (outside, errors) == ([], [])
    shot = tmp_path / "monitor-live.png"
    shot.write_bytes(png)
    target = os.environ.get("FLASHPOINT_SCREENSHOTS")
    if target:
        (ROOT / target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, ROOT / target / "monitor-live.png")
