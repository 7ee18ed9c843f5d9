"""The API's aggregates, computed in DuckDB (#18), against a plain Python walk over the events.

The store is the demo corpus plus awkward events we add: undated, without quad class or
Goldstein score, without names, an actor acting on itself, empty ids, several modalities and
ties in every ranking. Each reference below is the straightforward computation over
`Store.events()` that the endpoints used to do; the endpoints must give the same answers.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from flashpoint.analysis.dyads import event_day, involves
from flashpoint.analysis.monitor import active_dyads
from flashpoint.api import create_app
from flashpoint.records import ActorRef, Article, Event, EventDate, Fatalities, Place, Span
from flashpoint.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HERE = Path(__file__).resolve().parent
pytestmark = pytest.mark.issue(18)


def _demo() -> Any:
    spec = importlib.util.spec_from_file_location("api_demo_store_sql", HERE / "demo_store.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


NAMELESS = ActorRef("gunmen", "XXX.REB", "MLI", "REB", None)
EMPTY = ActorRef("someone", "", "", None, None)
# Another name for an actor the demo names: the network labels a node as the first event of
# its last edge calls it.
KABUL_ALT = ActorRef("the Afghan cabinet", "AFG.GOV", "AFG", "GOV", "Afghan cabinet")
SELF = ActorRef("Congolese troops", "COD.MIL", "COD", "MIL", "FARDC")


def _extra(n: int, *, source: ActorRef | None, target: ActorRef | None, day: date | None,
           quad: int | None = 3, goldstein: float | None = -2.0,
           modality: str = "asserted") -> Event:
    text = f"Extra report {n}: a clash was reported on the border."
    return Event(
        event_id=f"extra-{n:02d}", doc_id=f"extra-doc-{n:02d}", sentence=0,
        evidence=Span(text, 0, len(text)), type="ACCUSE", mode=None, cameo="11",
        quad_class=quad, goldstein=goldstein, modality=modality, source=source,
        target=target, reported_by=None,
        location=Place("Gao", "Gao", "MLI", None, 16.27, -0.04, "city") if n % 2 else None,
        date=EventDate(day.isoformat(), "day", "explicit") if day else None,
        fatalities=Fatalities(None, None, None, None), confidence=0.7, coder="rules/test")


EXTRA = [
    _extra(1, source=NAMELESS, target=SELF, day=None),
    _extra(2, source=NAMELESS, target=SELF, day=date(2024, 3, 4), quad=None, goldstein=None),
    _extra(3, source=SELF, target=SELF, day=date(2024, 3, 4)),
    _extra(4, source=EMPTY, target=SELF, day=date(2024, 3, 5)),
    _extra(5, source=KABUL_ALT, target=NAMELESS, day=date(2024, 2, 1), quad=1, goldstein=1.0),
    _extra(6, source=KABUL_ALT, target=NAMELESS, day=None, modality="alleged"),
    _extra(7, source=None, target=SELF, day=date(2024, 3, 6), quad=2, goldstein=3.4),
    _extra(8, source=SELF, target=None, day=date(2024, 3, 6), quad=4, goldstein=-10.0,
           modality="negated"),
    _extra(9, source=KABUL_ALT, target=ActorRef("Pakistani troops", "PAK.MIL", "PAK", "MIL",
                                                  None), day=date(2024, 8, 20), quad=4,
           goldstein=-10.0),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sql") / "demo.duckdb"
    demo = _demo()
    with Store.open(path) as store:
        demo.write_demo(store)
        run_id = store.start_run("extra", "rules/test", {})
        store.write_batch(run_id, [Article(doc_id=e.doc_id, text=e.evidence.text,
                                           content_hash=f"h-{e.doc_id}") for e in EXTRA],
                          EXTRA, [])
    return path


@pytest.fixture(scope="module")
def events(db: Path) -> list[Event]:
    with Store.open(db, read_only=True) as store:
        return store.events()


@pytest.fixture(scope="module")
def incidents(db: Path) -> list[dict[str, Any]]:
    with Store.open(db, read_only=True) as store:
        return [dict(row) for row in store.incidents()]


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, read_only=True)) as test_client:
        yield test_client


def _json(value: Any) -> Any:
    """Dates as ISO text and floats rounded, as they compare in a JSON answer."""
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 9)
    return value


# -- the references: what the endpoints computed in Python before #18 ---------------------


def timeline_reference(events: list[Event], since: date | None, until: date | None
                       ) -> list[dict[str, Any]]:
    per_day: dict[date, Counter[str]] = {}
    for event in events:
        day = event_day(event)
        if day is None or (since and day < since) or (until and day > until):
            continue
        key = f"quad{event.quad_class}" if event.quad_class in (1, 2, 3, 4) else "other"
        per_day.setdefault(day, Counter())[key] += 1
    return [{"day": day, **{k: c[k] for k in ("quad1", "quad2", "quad3", "quad4", "other")}}
            for day, c in sorted(per_day.items())]


def network_reference(events: list[Event], since: date | None, until: date | None,
                      modality: str, top: int) -> dict[str, Any]:
    edges: dict[tuple[str, str], list[Event]] = {}
    for event in events:
        day = event_day(event)
        if event.modality != modality or ((since or until) and day is None):
            continue
        if (since and day and day < since) or (until and day and day > until):
            continue
        src = event.source.actor if event.source else None
        tgt = event.target.actor if event.target else None
        if src and tgt and src != tgt:
            edges.setdefault((src, tgt), []).append(event)
    ranked = sorted(edges.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    nodes: dict[str, dict[str, Any]] = {}
    out = []
    for (src, tgt), group in ranked:
        coop = sum(1 for e in group if e.quad_class in (1, 2))
        conflict = sum(1 for e in group if e.quad_class in (3, 4))
        scores = [e.goldstein for e in group if e.goldstein is not None]
        out.append({"source": src, "target": tgt, "n_events": len(group), "cooperation": coop,
                    "conflict": conflict,
                    "goldstein_mean": sum(scores) / len(scores) if scores else None,
                    "tone": "conflict" if conflict > coop else
                    "cooperation" if coop > conflict else "mixed"})
        for key, ref in ((src, group[0].source), (tgt, group[0].target)):
            before = nodes.get(key, {}).get("n_events", 0)
            nodes[key] = {"id": key, "label": ref.name if ref and ref.name else key,
                          "country": ref.country if ref else None,
                          "n_events": before + len(group)}
    return {"ok": True, "since": since, "until": until,
            "nodes": sorted(nodes.values(), key=lambda n: n["id"]), "edges": out}


def dyads_reference(events: list[Event], top: int) -> list[tuple[str, str, int]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for event in events:
        src = event.source.country if event.source else None
        tgt = event.target.country if event.target else None
        if event.modality == "asserted" and src and tgt and src != tgt:
            first, second = sorted((src, tgt))
            pairs[(first, second)] += 1
    return [(a, b, n) for (a, b), n in pairs.most_common(top)]


def incidents_reference(rows: list[dict[str, Any]], since: date | None, until: date | None,
                        country: str | None, placed: bool) -> list[dict[str, Any]]:
    def keep(row: dict[str, Any]) -> bool:
        first = row["first_date"]
        if since is not None and (first is None or first < since):
            return False
        if until is not None and (first is None or first > until):
            return False
        if placed and (row["lat"] is None or row["lon"] is None):
            return False
        return country is None or row["country"] == country
    return [row for row in rows if keep(row)]


# -- the comparisons ----------------------------------------------------------------------

PERIODS = [(None, None), (date(2024, 3, 1), None), (None, date(2024, 3, 4)),
           (date(2024, 3, 4), date(2024, 3, 6)), (date(2025, 1, 1), None)]


@pytest.mark.parametrize(("since", "until"), PERIODS)
def test_api_timeline_in_sql_equals_the_python_walk(client: TestClient, events: list[Event],
                                                    since: date | None,
                                                    until: date | None) -> None:
    params = {k: v.isoformat() for k, v in (("since", since), ("until", until)) if v}
    body = client.get("/api/timeline", params=params).json()
    assert body["items"] == _json(timeline_reference(events, since, until))


@pytest.mark.parametrize(("since", "until"), PERIODS)
@pytest.mark.parametrize(("modality", "top"), [("asserted", 150), ("asserted", 1),
                                               ("asserted", 3), ("asserted", 7),
                                               ("alleged", 150), ("negated", 5)])
def test_api_network_in_sql_equals_the_python_walk(
        client: TestClient, events: list[Event], since: date | None, until: date | None,
        modality: str, top: int) -> None:
    params: dict[str, Any] = {"modality": modality, "top": top}
    params.update({k: v.isoformat() for k, v in (("since", since), ("until", until)) if v})
    body = client.get("/api/network", params=params).json()
    assert _json(body) == _json(network_reference(events, since, until, modality, top))


@pytest.mark.parametrize("top", [1, 2, 3, 5, 10, 100])
def test_api_dyads_in_sql_equal_the_python_count(client: TestClient, db: Path,
                                                 events: list[Event], top: int) -> None:
    expected = dyads_reference(events, top)
    body = client.get("/api/dyads", params={"top": top}).json()
    assert [(d["a"], d["b"], d["n_events"]) for d in body["items"]] == expected


def test_analysis_active_dyads_ties_keep_first_occurrence_order(db: Path,
                                                                 events: list[Event]) -> None:
    with Store.open(db, read_only=True) as store:
        assert active_dyads(store, top=50) == dyads_reference(events, 50)


@pytest.mark.parametrize(("since", "until", "country"), [
    (None, None, None), (date(2024, 3, 1), None, None), (None, date(2024, 4, 30), "PAK"),
    (date(2024, 8, 1), date(2024, 8, 31), None), (None, None, "UKR"), (None, None, "XXX"),
])
@pytest.mark.parametrize(("limit", "offset"), [(50, 0), (7, 0), (7, 14), (500, 3)])
def test_api_incidents_in_sql_equal_the_python_filter(
        client: TestClient, incidents: list[dict[str, Any]], since: date | None,
        until: date | None, country: str | None, limit: int, offset: int) -> None:
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    params.update({k: v for k, v in (("since", since and since.isoformat()),
                                     ("until", until and until.isoformat()),
                                     ("country", country)) if v})
    found = incidents_reference(incidents, since, until, country, placed=False)
    body = client.get("/api/incidents", params=params).json()
    more = len(found) > offset + limit
    assert body == {"ok": True, "items": _json(found[offset:offset + limit]), "limit": limit,
                    "offset": offset, "next_offset": offset + limit if more else None}


@pytest.mark.parametrize(("since", "until"), PERIODS)
def test_api_map_in_sql_equals_the_python_filter(client: TestClient,
                                                 incidents: list[dict[str, Any]],
                                                 since: date | None,
                                                 until: date | None) -> None:
    params = {k: v.isoformat() for k, v in (("since", since), ("until", until)) if v}
    body = client.get("/api/map", params=params).json()
    assert body["items"] == _json(incidents_reference(incidents, since, until, None,
                                                      placed=True))


@pytest.mark.parametrize(("a", "b"), [("AFG", "PAK"), ("PAK", "AFG"), ("AFG.GOV", "MLI"),
                                      ("XXX.REB", "COD"), ("RUS.MIL", "UKR"), ("AFG", "AFG")])
@pytest.mark.parametrize("modality", ["asserted", "alleged"])
def test_store_dyad_events_equal_the_python_filter(db: Path, events: list[Event], a: str,
                                                   b: str, modality: str) -> None:
    spans = [(date(2024, 1, 15), date(2024, 3, 4)), (date(2024, 3, 1), date(2024, 3, 10)),
             (date(2024, 8, 1), date(2024, 8, 31))]
    expected = [e for e in events if e.modality == modality and involves(e, a, b)
                and (day := event_day(e)) is not None
                and any(first <= day <= last for first, last in spans)]
    with Store.open(db, read_only=True) as store:
        assert store.dyad_events(a, b, spans=spans, modality=modality) == expected
        assert store.dyad_events(a, b, spans=spans[2:], modality=modality) == [
            e for e in expected if e.date and e.date.value >= "2024-08-01"]
        assert store.dyad_events(a, b, spans=[], modality=modality) == []
        assert store.dyad_events(a, b, spans=spans, modality=modality,
                                 quad_classes=(3, 4)) == [
            e for e in expected if e.quad_class in (3, 4)]
