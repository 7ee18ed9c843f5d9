"""The monitor's analysis steps: incremental incidents, touched dyads, alert levels (#17)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from flashpoint.analysis.alerts import Alert
from flashpoint.analysis.incidents import cluster_incidents, rejoin_incidents
from flashpoint.analysis.monitor import (
    dyad_report,
    refresh_incidents,
    touched_dyads,
    update_incidents,
)
from flashpoint.monitor.config import ActorWatch, DyadWatch, PlaceWatch, Watchlists
from flashpoint.records import ActorRef, Article, Event, EventDate, Fatalities, Place, Span
from flashpoint.store import Store

pytestmark = pytest.mark.issue(17)

JUNTA = ActorRef("the junta", "MMR.MIL", "MMR", "MIL", "Myanmar Armed Forces")
KNU = ActorRef("Karen fighters", "KNU", "MMR", "REB", "Karen National Union")
THAI = ActorRef("Thai rangers", "THA.MIL", "THA", "MIL", "Royal Thai Army")
MYAWADDY = Place("Myawaddy", "Myawaddy", "MMR", None, 16.69, 98.51, "city")
HPAPUN = Place("Hpapun", "Hpapun", "MMR", None, 18.07, 97.44, "city")
DAY = date(2025, 3, 10)


def _event(event_id: str, day: date, place: Place, *, killed: int = 2, doc: str | None = None,
           source: ActorRef = JUNTA, target: ActorRef = KNU) -> Event:
    text = f"Junta troops shelled Karen positions near {place.name}, killing {killed}."
    return Event(
        event_id=event_id, doc_id=doc or f"doc-{event_id}", sentence=0,
        evidence=Span(text, 0, len(text)), type="ASSAULT", mode=None, cameo="19",
        quad_class=4, goldstein=-10.0, modality="asserted", source=source, target=target,
        reported_by=None, location=place, date=EventDate(day.isoformat(), "day", "explicit"),
        fatalities=Fatalities(killed, killed, None, None), confidence=0.8)


def test_analysis_rejoin_touches_only_incidents_the_new_event_can_join() -> None:
    stored = [_event("a1", DAY, MYAWADDY), _event("a2", DAY, MYAWADDY, doc="other"),
              _event("b1", DAY, HPAPUN, killed=9)]
    neighbours: dict[str, list[Event]] = {}
    for incident in cluster_incidents(stored):
        neighbours[incident.incident_id] = [e for e in stored if e.event_id in incident.event_ids]
    new = _event("a3", DAY + timedelta(days=1), MYAWADDY, killed=3)
    incidents, touched = rejoin_incidents([new], neighbours)
    myawaddy = next(i for i, members in neighbours.items() if members[0].event_id == "a1")
    assert touched == {myawaddy}
    assert [sorted(i.event_ids) for i in incidents] == [["a1", "a2", "a3"]]


def _store_with(events: list[Event]) -> Store:
    store = Store.open(":memory:")
    articles = [Article(doc_id=e.doc_id, text=f"{e.evidence.text} ({e.event_id})",
                        publisher=f"Outlet {e.doc_id}", published=DAY, language="en",
                        content_hash=f"hash-{e.event_id}") for e in events]
    run_id = store.start_run("test", "rules/test", {})
    store.write_batch(run_id, articles, events, [])
    return store


def test_analysis_update_incidents_matches_a_full_refresh() -> None:
    old = [_event("a1", DAY, MYAWADDY), _event("b1", DAY, HPAPUN, killed=9),
           _event("c1", DAY - timedelta(days=200), HPAPUN)]
    new = [_event("a2", DAY, MYAWADDY, doc="later"), _event("d1", DAY + timedelta(days=2),
                                                             HPAPUN, killed=1)]
    with _store_with(old) as store:
        refresh_incidents(store)
        run_id = store.start_run("test", "rules/test", {})
        store.write_batch(run_id, [Article(doc_id=e.doc_id, text=e.event_id,
                                           content_hash=f"h-{e.event_id}") for e in new],
                          new, [])
        update = update_incidents(store, store.run_events([run_id]))
        incremental = sorted((r["incident_id"], r["n_events"]) for r in store.incidents())
        refresh_incidents(store)
        full = sorted((r["incident_id"], r["n_events"]) for r in store.incidents())
    assert (update.events, update.written, update.replaced) == (2, 2, 1)
    assert incremental == full
    assert len(full) == 4


def test_analysis_touched_dyads_are_country_pairs_and_watched_pairs() -> None:
    events = [_event("x1", DAY, MYAWADDY, source=JUNTA, target=THAI),
              _event("x2", DAY, HPAPUN)]  # MMR.MIL -> KNU: one country, no country pair
    assert touched_dyads(events, also=[("MMR.MIL", "KNU"), ("KNU", "THA.MIL")]) == [
        ("MMR", "THA"), ("MMR.MIL", "KNU")]


def _surge_store() -> Store:
    events = [_event(f"q{w}", DAY - timedelta(weeks=w), MYAWADDY if w % 2 else HPAPUN,
                     killed=1, source=JUNTA, target=THAI) for w in range(30, 2, -4)]
    events += [_event(f"s{d}", DAY - timedelta(days=d), MYAWADDY if d % 2 else HPAPUN,
                      killed=2, source=JUNTA, target=THAI) for d in range(13, 0, -1)]
    store = _store_with(events)
    refresh_incidents(store)
    return store


def test_analysis_alert_level_rises_with_the_toll() -> None:
    with _surge_store() as store:
        alert = dyad_report(store, "MMR", "THA").alerts[-1]
    calm = dataclasses.replace(alert, drivers=tuple(
        dataclasses.replace(d, killed=0) for d in alert.drivers))
    deadly = dataclasses.replace(alert, drivers=tuple(
        dataclasses.replace(d, killed=20) for d in alert.drivers))
    assert alert.ratio >= 4
    assert (alert.level, deadly.level) == ("critical", "critical")
    low_ratio = dataclasses.replace(calm, window=dataclasses.replace(alert.window, ratio=2.0))
    assert [low_ratio.level, dataclasses.replace(low_ratio, drivers=alert.drivers).level] == [
        "watch", "warning"]


@pytest.mark.parametrize(("watch", "wanted"), [
    (Watchlists(), True),
    (Watchlists(dyads=(DyadWatch(a="THA", b="MMR", level="critical"),)), True),
    (Watchlists(dyads=(DyadWatch(a="THA", b="KHM"),)), False),
    (Watchlists(actors=(ActorWatch(actor="THA", level="warning"),)), True),
    (Watchlists(places=(PlaceWatch(place="Hpapun"),)), True),
    (Watchlists(places=(PlaceWatch(place="LAO"),)), False),
])
def test_analysis_watchlists_choose_alerts(watch: Watchlists, wanted: bool) -> None:
    with _surge_store() as store:
        alert: Alert = dyad_report(store, "MMR", "THA").alerts[-1]
    assert watch.wants(alert) is wanted


def test_analysis_watchlist_threshold_holds_back_lower_levels() -> None:
    with _surge_store() as store:
        alert = dyad_report(store, "MMR", "THA").alerts[-1]
    calm = dataclasses.replace(
        alert, window=dataclasses.replace(alert.window, ratio=2.0),
        drivers=tuple(dataclasses.replace(d, killed=0) for d in alert.drivers))
    watch = Watchlists(actors=(ActorWatch(actor="MMR", level="warning"),))
    assert (calm.level, watch.wants(calm), watch.wants(alert)) == ("watch", False, True)
