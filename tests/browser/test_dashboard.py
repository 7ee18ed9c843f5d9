"""The dashboard in a real headless Chromium (Debian's), against a real uvicorn server.

One server on a free loopback port serves a demo store; every page is loaded, a filter is
applied, an event's evidence is opened, and each page's screenshot must not be blank. The
browser may fetch nothing but the server itself: any other request fails the test.
Set FLASHPOINT_SCREENSHOTS=docs/img to refresh the screenshots in docs/.
"""

from __future__ import annotations

import base64
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 860}


def _demo_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "api_demo_store", ROOT / "tests" / "unit" / "api" / "demo_store.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def sync_api() -> Any:
    """Playwright's sync API, or a clean skip."""
    if not CHROMIUM.is_file():
        pytest.skip("/usr/bin/chromium is missing; run tools/install-browser.sh")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("playwright is not installed (pip install playwright)")
    import playwright.sync_api

    return playwright.sync_api


@pytest.fixture(scope="module")
def server(sync_api: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`flashpoint.api` under uvicorn in a subprocess, serving the demo store."""
    db = tmp_path_factory.mktemp("dashboard") / "demo.duckdb"
    # The real pipeline over data/sample is tried when asked (slow); else the demo records.
    _demo_module().build_demo_store(db, try_pipeline=bool(os.environ.get("FLASHPOINT_DEMO_RUN")))
    port = _free_port()
    code = ("import sys, uvicorn; from flashpoint.api import create_app; "
            "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), "
            "log_level='warning')")
    log = db.with_suffix(".log")
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(port)],
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"server did not start: {log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(sync_api: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium with a fresh profile."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            viewport=VIEWPORT)
        try:
            yield context
        finally:
            context.close()


class _Watch:
    """Requests to anything but the server, console errors and page errors of one page."""

    def __init__(self, page: Any, base: str) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: None if r.url.startswith((base, "data:", "about:"))
                else self.outside.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[tuple[Any, _Watch]]:
    """A fresh tab; after the test, nothing left the machine and nothing errored."""
    tab = browser.new_page()
    watch = _Watch(tab, server)
    yield tab, watch
    tab.close()
    assert watch.outside == []
    assert watch.errors == []


def _open(page: Any, server: str, route: str, ready: str) -> None:
    page.goto(f"{server}/#/{route}")
    page.wait_for_selector(f"body[data-ready='{ready}']", timeout=20_000)


def _distinct_colours(browser: Any, png: bytes) -> tuple[int, float]:
    """Chromium decodes the PNG on a canvas: distinct colours and the share of pixels that
    differ from the commonest one (a blank page has one colour and share 0)."""
    scratch = browser.new_page()
    try:
        return tuple(scratch.evaluate(
            """async (data) => {
                const img = new Image();
                img.src = 'data:image/png;base64,' + data;
                await img.decode();
                const c = document.createElement('canvas');
                c.width = img.width; c.height = img.height;
                const ctx = c.getContext('2d');
                ctx.drawImage(img, 0, 0);
                const px = ctx.getImageData(0, 0, c.width, c.height).data;
                const counts = new Map();
                for (let i = 0; i < px.length; i += 4) {
                    const key = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
                    counts.set(key, (counts.get(key) || 0) + 1);
                }
                const top = Math.max(...counts.values());
                return [counts.size, 1 - top / (px.length / 4)];
            }""", base64.b64encode(png).decode()))
    finally:
        scratch.close()


def _screenshot(page: Any, browser: Any, name: str, tmp_path: Path) -> None:
    png = page.screenshot(full_page=False)
    colours, busy = _distinct_colours(browser, png)
    assert colours >= 40 and busy >= 0.05, f"{name} screenshot looks blank"
    (tmp_path / f"{name}.png").write_bytes(png)
    target = os.environ.get("FLASHPOINT_SCREENSHOTS")
    if target:
        folder = ROOT / target
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / f"{name}.png", folder / f"{name}.png")


def test_dashboard_overview_shows_alerts_dyads_and_chart(
        page: tuple[Any, _Watch], browser: Any, server: str, tmp_path: Path) -> None:
    tab, _ = page
    _open(tab, server, "", "overview")
    alerts = httpx.get(server + "/api/alerts").json()["items"]
    dyads = httpx.get(server + "/api/dyads?top=10").json()["items"]
    assert tab.locator("#latest-alerts li").count() == min(6, len(alerts))
    assert tab.locator("#active-dyads tbody tr").count() == len(dyads)
    assert tab.locator("#timeline-chart canvas").count() == 1
    _screenshot(tab, browser, "overview", tmp_path)


def test_dashboard_events_filter_then_evidence(
        page: tuple[Any, _Watch], browser: Any, server: str, tmp_path: Path) -> None:
    tab, _ = page
    by_type = httpx.get(server + "/api/summary").json()["events_by_type"]
    chosen = max(by_type, key=lambda k: by_type[k])
    _open(tab, server, "events", "events")
    tab.select_option("#filter-type", chosen)
    tab.click("#filter-apply")
    tab.wait_for_function("location.hash.includes('type=')")
    tab.wait_for_selector("body[data-ready='events']")
    types = tab.locator("#events-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.type)")
    assert types and set(types) == {chosen}
    _screenshot(tab, browser, "events", tmp_path)

    first = tab.locator("#events-table tbody tr").first
    event_id = first.get_attribute("data-event")
    first.click()
    tab.wait_for_selector("body[data-ready='event']")
    event = httpx.get(f"{server}/api/events/{event_id}").json()["event"]
    assert tab.inner_text("#evidence") == event["evidence"]["text"]
    if event["source"] and event["source"]["text"] in event["evidence"]["text"]:
        assert tab.inner_text("#evidence .actor-source") == event["source"]["text"]
    _screenshot(tab, browser, "evidence", tmp_path)


def test_dashboard_article_markup_is_shown_as_text(
        page: tuple[Any, _Watch], server: str) -> None:
    tab, _ = page
    hostile = [a for a in httpx.get(server + "/api/articles?limit=500").json()["items"]
               if a["title"] and "<script>" in a["title"]]
    if not hostile:
        pytest.skip("the store has no article with markup in its title")
    events = httpx.get(server + "/api/events", params={"doc_id": hostile[0]["doc_id"]}).json()
    _open(tab, server, f"event/{events['items'][0]['event_id']}", "event")
    assert tab.inner_text("#article-title") == hostile[0]["title"]
    assert tab.evaluate("window.__pwned === undefined")
    assert tab.locator("main script, main img").count() == 0


def test_dashboard_dyad_marks_alert_windows(
        page: tuple[Any, _Watch], browser: Any, server: str, tmp_path: Path) -> None:
    tab, _ = page
    dyads = httpx.get(server + "/api/dyads?top=1").json()["items"]
    if not dyads:
        pytest.skip("the store has no dyad")
    a, b = dyads[0]["a"], dyads[0]["b"]
    report = httpx.get(f"{server}/api/dyads/{a}/{b}").json()
    _open(tab, server, f"dyad/{a}/{b}", "dyad")
    assert tab.locator("#dyad-chart canvas").count() == 1
    assert tab.evaluate("window.__fp.dyad.alerts") == len(report["alerts"])
    drivers = sum(len(x["drivers"]) for x in report["alerts"])
    assert tab.locator("#dyad-incidents tbody tr").count() == drivers
    _screenshot(tab, browser, "dyad", tmp_path)


def test_dashboard_network_draws_actors(
        page: tuple[Any, _Watch], browser: Any, server: str, tmp_path: Path) -> None:
    tab, _ = page
    net = httpx.get(server + "/api/network").json()
    _open(tab, server, "network", "network")
    assert tab.evaluate("window.__fp.cy ? window.__fp.cy.nodes().length : 0") == len(
        net["nodes"])
    assert tab.evaluate("window.__fp.cy ? window.__fp.cy.edges().length : 0") == len(
        net["edges"])
    _screenshot(tab, browser, "network", tmp_path)


def test_dashboard_map_places_incidents(
        page: tuple[Any, _Watch], browser: Any, server: str, tmp_path: Path) -> None:
    tab, _ = page
    placed = httpx.get(server + "/api/map").json()["items"]
    _open(tab, server, "map", "map")
    assert tab.locator("path.incident-marker").count() == len(placed)
    _screenshot(tab, browser, "map", tmp_path)


def test_dashboard_runs_lists_runs(page: tuple[Any, _Watch], server: str) -> None:
    tab, _ = page
    runs = httpx.get(server + "/api/runs").json()["items"]
    _open(tab, server, "runs", "runs")
    assert tab.locator("#runs-table tbody tr").count() == len(runs)
