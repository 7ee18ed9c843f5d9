"""The dashboard in a real headless Chromium (Debian's), against a real uvicorn server.

One server on a free loopback port serves a demo store; every page is loaded, a filter is
applied, an event's evidence is opened, and each page's screenshot must not be blank. The
browser may fetch nothing but the server itself: any other request fails the test.
Set FLASHPOINT_SCREENSHOTS=docs/img to refresh the screenshots in docs/.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS, free_port, playwright_sync_api

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
VIEWPORT = {"width": 1280, "height": 860}


def _demo_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "api_demo_store", ROOT / "tests" / "unit" / "api" / "demo_store.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module




@pytest.fixture(scope="module")
def sync_api() -> Any:
    """Playwright's sync API, or a clean skip."""
    return playwright_sync_api()


@contextlib.contextmanager
def _serving(db: Path) -> Iterator[str]:
    """`flashpoint.api` under uvicorn in a subprocess, serving the store at `db`."""
    port = free_port()
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
def server(sync_api: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo store, served."""
    db = tmp_path_factory.mktemp("dashboard") / "demo.duckdb"
    # The real pipeline over data/sample is tried when asked (slow); else the demo records.
    _demo_module().build_demo_store(db, try_pipeline=bool(os.environ.get("FLASHPOINT_DEMO_RUN")))
    with _serving(db) as base:
        yield base


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


# -- faults a busier store shows (#17): bands across the map, lines across empty years, and
# -- network labels too small to read ----------------------------------------------------------

COUNTRIES = ["KEN", "UGA", "TZA", "RWA", "BDI", "SSD", "ETH", "SOM", "DJI", "ERI", "SDN", "TCD",
             "CAF", "CMR", "NGA"]
SECTORS = {"MIL": "soldiers", "GOV": "officials", "CVL": "villagers"}
LONG_AGO = [date(2019, 1, 1), date(2021, 6, 15)]  # events dated only by a year or a month
MIN_LABEL_PX = 12


def _crowded_records() -> tuple[list[Any], list[Any]]:
    """45 actors in 15 countries, a spring of events among them, and two stray old events."""
    from flashpoint.records import ActorRef, Article, Event, EventDate, Span

    def ref(actor: str) -> ActorRef:
        country, sector = actor.split(".")
        return ActorRef(f"{country} {SECTORS[sector]}", actor, country, sector, actor)

    plan: list[tuple[date, str, str, str]] = []
    start = date(2025, 3, 1)
    for i, country in enumerate(COUNTRIES):
        neighbour = COUNTRIES[(i + 1) % len(COUNTRIES)]
        for k in range(3):
            day = start + timedelta(days=(i * 3 + k * 11) % 50)
            plan.append((day, "ASSAULT", f"{country}.MIL", f"{neighbour}.MIL"))
            plan.append((day + timedelta(days=1), "CONSULT", f"{country}.GOV",
                         f"{neighbour}.GOV"))
        plan.append((start + timedelta(days=i), "COERCE", f"{country}.MIL", f"{country}.CVL"))
    plan += [(LONG_AGO[0], "ASSAULT", "KEN.MIL", "SOM.MIL"),
             (LONG_AGO[1], "AGREE", "ETH.GOV", "ERI.GOV")]
    kinds = {"ASSAULT": (4, "attacked"), "CONSULT": (1, "met"), "COERCE": (4, "detained"),
             "AGREE": (1, "signed a truce with")}
    articles, events = [], []
    for n, (day, kind, src, tgt) in enumerate(plan):
        quad, verb = kinds[kind]
        sentence = f"The {ref(src).text} {verb} the {ref(tgt).text} on {day:%A}."
        doc_id = f"crowded-{n:03d}"
        articles.append(Article(
            doc_id=doc_id, text=sentence, title=f"{kind.title()} {src} {tgt}",
            url=f"https://news.example.org/{doc_id}", publisher="Rift Courier", published=day,
            language="en", source="tests/crowded",
            content_hash=hashlib.sha256(sentence.encode()).hexdigest()))
        events.append(Event(
            event_id=hashlib.sha1(doc_id.encode()).hexdigest()[:16], doc_id=doc_id, sentence=0,
            evidence=Span(sentence, 0, len(sentence)), type=kind, mode=None, cameo=None,
            quad_class=quad, goldstein=None, modality="asserted", source=ref(src),
            target=ref(tgt), reported_by=None, location=None,
            date=EventDate(day.isoformat(), "day", "explicit"), confidence=0.8,
            coder="rules/test"))
    return articles, events


@pytest.fixture(scope="module")
def crowded(sync_api: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store with a 45-actor network and events years apart, served."""
    from flashpoint.store import Store

    db = tmp_path_factory.mktemp("crowded") / "crowded.duckdb"
    articles, events = _crowded_records()
    with Store.open(db) as store:
        run_id = store.start_run("test", "rules/test", {})
        store.write_batch(run_id, articles, events, [])
        store.finish_run(run_id, {"read": len(articles), "events": len(events)}, "finished")
    with _serving(db) as base:
        yield base


@pytest.fixture()
def crowded_page(browser: Any, crowded: str) -> Iterator[Any]:
    """A fresh tab on the crowded store; nothing left the machine and nothing errored."""
    tab = browser.new_page()
    watch = _Watch(tab, crowded)
    yield tab
    tab.close()
    assert watch.outside == []
    assert watch.errors == []


RING_WIDTHS = """() => {
    const map = window.__fp.map, world = map.options.crs.scale(map.getZoom());
    const rings = [];
    const walk = (name, ll) => {
        if (ll.length && ll[0].lat !== undefined) {
            const xs = ll.map(p => map.latLngToLayerPoint(p).x);
            const lons = ll.map(p => p.lng);
            rings.push({name, px: Math.max(...xs) - Math.min(...xs),
                        west: Math.min(...lons), east: Math.max(...lons)});
        } else {
            ll.forEach(x => walk(name, x));
        }
    };
    window.__fp.countries.eachLayer(l => walk(l.feature.properties.name, l.getLatLngs()));
    return {world, rings};
}"""


def test_dashboard_map_draws_no_country_across_the_world(
        page: tuple[Any, _Watch], browser: Any, server: str, tmp_path: Path) -> None:
    tab, _ = page
    _open(tab, server, "map", "map")
    drawn = tab.evaluate(RING_WIDTHS)
    too_wide = [(r["name"], round(r["px"])) for r in drawn["rings"]
                if r["px"] > drawn["world"] / 2]
    assert too_wide == []
    assert all(r["west"] >= -180 and r["east"] <= 180 for r in drawn["rings"])
    # The rings cut at the antimeridian are kept on both sides, not dropped.
    for name in ("Russia", "Fiji"):
        sides = {(r["east"] <= -170, r["west"] >= 170) for r in drawn["rings"]
                 if r["name"] == name}
        assert {(True, False), (False, True)} <= sides, (name, sides)
    _screenshot(tab, browser, "map-fitted", tmp_path)
    tab.evaluate("window.__fp.map.setView([45, 180], 2, {animate: false})")
    _screenshot(tab, browser, "map-antimeridian", tmp_path)


TIMELINE = """() => {
    const u = window.__fp.timeline;
    return {min: u.scales.x.min, max: u.scales.x.max, xs: Array.from(u.data[0]),
            series: u.data.slice(1).map(ys => Array.from(ys))};
}"""


def _seconds(day: str) -> int:
    return (date.fromisoformat(day) - date(1970, 1, 1)).days * 86400


@pytest.mark.parametrize("store", ["server", "crowded"])
def test_dashboard_timeline_spans_the_data_and_breaks_at_gaps(
        browser: Any, store: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    base = request.getfixturevalue(store)
    tab = browser.new_page()
    try:
        _open(tab, base, "", "overview")
        days = httpx.get(base + "/api/timeline").json()["items"]
        chart = tab.evaluate(TIMELINE)
        _screenshot(tab, browser, f"timeline-{store}", tmp_path)
    finally:
        tab.close()
    assert (chart["min"], chart["max"]) == (_seconds(days[0]["day"]), _seconds(days[-1]["day"]))
    # Every day's counts are drawn as they are; a day added between them is 0 or a gap ...
    drawn = {x: [ys[i] for ys in chart["series"]] for i, x in enumerate(chart["xs"])}
    expected = {_seconds(d["day"]): [d[f"quad{q}"] for q in (1, 2, 3, 4)] for d in days}
    assert {x: drawn[x] for x in expected} == expected
    assert {tuple(v) for x, v in drawn.items() if x not in expected} <= {
        (0, 0, 0, 0), (None, None, None, None)}
    # ... and no line joins two points more than a week apart.
    long_lines = [(chart["xs"][i], chart["xs"][i + 1]) for ys in chart["series"]
                  for i in range(len(ys) - 1)
                  if ys[i] is not None and ys[i + 1] is not None
                  and chart["xs"][i + 1] - chart["xs"][i] > 7 * 86400]
    assert long_lines == []
    if store == "crowded":
        assert {d["day"] for d in days} >= {d.isoformat() for d in LONG_AGO}


LABELS = """() => {
    const cy = window.__fp.cy, zoom = cy.zoom();
    return cy.nodes().map(n => ({
        id: n.id(), shown: !n.hasClass('label-hidden'),
        px: parseFloat(n.style('font-size')) * zoom,
        colour: n.style('color'), halo: parseFloat(n.style('text-outline-width')),
        box: n.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true}),
    }));
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]


def test_dashboard_network_labels_are_readable(
        crowded_page: Any, browser: Any, crowded: str, tmp_path: Path) -> None:
    tab = crowded_page
    net = httpx.get(crowded + "/api/network").json()
    assert len(net["nodes"]) == 45
    _open(tab, crowded, "network", "network")
    labels = tab.evaluate(LABELS)
    shown = [x for x in labels if x["shown"]]
    assert len(shown) >= len(labels) // 2
    assert [x["id"] for x in shown if x["px"] < MIN_LABEL_PX] == []
    assert all(x["colour"] == "rgb(20,24,28)" and x["halo"] >= 2 for x in labels)
    collisions = [(a["id"], b["id"]) for i, a in enumerate(shown) for b in shown[i + 1:]
                  if _overlap(a["box"], b["box"])]
    assert collisions == []
    _screenshot(tab, browser, "network-crowded", tmp_path)
    # A hidden label shows while the pointer is on its node.
    hidden = next((x["id"] for x in labels if not x["shown"]), None)
    if hidden is not None:
        tab.evaluate("id => window.__fp.cy.getElementById(id).emit('mouseover')", hidden)
        assert tab.evaluate("id => window.__fp.cy.getElementById(id).style('text-opacity')",
                            hidden) == "1"
