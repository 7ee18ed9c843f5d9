"""Store-side pages and rankings (#18): pages cut by per-day counts, ties, the map's choice.

Each expected value is the plain Python computation over the whole list of events or
incidents, which the SQL must reproduce whatever the page or ranking asked for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import store_fixtures as fx

from flashpoint.records import ActorRef, Event
from flashpoint.store import IncidentRow, Store

pytestmark = pytest.mark.issue(18)

ETH = ActorRef("Ethiopian officials", "ETH.GOV", "ETH", "GOV", None)
SOM = ActorRef("Somalia's government", "SOM.GOV", "SOM", "GOV", None)
KEN = ActorRef("Kenyan troops", "KEN.MIL", "KEN", "MIL", None)
UGA = ActorRef("Ugandan troops", "UGA.MIL", "UGA", "MIL", None)
DJI = ActorRef("Djiboutian officials", "DJI.GOV", "DJI", "GOV", None)


def _crowd() -> list[Event]:
    """Sixty events on a few crowded days, some undated, ids not in date order."""
    events = []
    for n in range(60):
        day = None if n % 11 == 0 else date(2023, 5, 1) + timedelta(days=(n * 7) % 5)
        events.append(fx.event(f"doc-{(n * 37) % 60:02d}", n % 3, day=day))
    return events


@pytest.fixture(scope="module")
def crowded() -> Iterator[Store]:
    with Store.open(":memory:") as store:
        events = _crowd()
        articles = [fx.article(n, published=date(2023, 5, 1 + n % 4) if n % 6 else None)
                    for n in range(40)]
        store.write_batch(store.start_run("code", None, {}), articles, events, [])
        yield store


@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (5, 0), (7, 3), (12, 10), (13, 47),
                                               (50, 5), (10, 55), (10, 60), (3, 200)])
def test_store_event_pages_cut_by_day_counts_are_slices(crowded: Store, limit: int,
                                                       offset: int) -> None:
    whole = crowded.events()
    assert [e.event_id for e in whole] == [e.event_id for e in sorted(
        whole, key=lambda e: (e.date is None, e.date.value if e.date else "", e.event_id))]
    assert crowded.events(limit=limit, offset=offset) == whole[offset:offset + limit]
    assert crowded.events(type="ASSAULT", limit=limit, offset=offset) == whole[
        offset:offset + limit]


@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (4, 2), (9, 30), (20, 25), (5, 40)])
def test_store_article_pages_cut_by_day_counts_are_slices(crowded: Store, limit: int,
                                                         offset: int) -> None:
    whole = crowded.articles()
    assert crowded.articles(limit=limit, offset=offset) == whole[offset:offset + limit]


def _pair_event(n: int, source: ActorRef, target: ActorRef, day: date | None) -> Event:
    return fx.event(f"pair-{n:02d}", 1, source=source, target=target, day=day)


# Counts: ETH-SOM 2, KEN-SOM 2 (same first day; its first event id is smaller), UGA-SOM 2
# (an earlier first day), DJI-SOM 2 (undated only), DJI-ETH 1, KEN-UGA 3.
PAIRS = [
    _pair_event(5, ETH, SOM, date(2023, 6, 2)), _pair_event(1, SOM, KEN, date(2023, 6, 2)),
    _pair_event(9, ETH, SOM, date(2023, 6, 3)), _pair_event(2, KEN, SOM, date(2023, 6, 9)),
    _pair_event(3, UGA, SOM, date(2023, 6, 4)), _pair_event(4, SOM, UGA, date(2023, 6, 1)),
    _pair_event(6, DJI, SOM, None), _pair_event(7, SOM, DJI, None),
    _pair_event(8, DJI, ETH, date(2023, 6, 5)), _pair_event(10, KEN, UGA, date(2023, 7, 1)),
    _pair_event(11, UGA, KEN, date(2023, 7, 2)), _pair_event(12, KEN, UGA, date(2023, 7, 3)),
    _pair_event(13, KEN, KEN, date(2023, 6, 1)),
]


def _counted(events: list[Event], top: int) -> list[tuple[str, str, int]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for event in events:
        src = event.source.country if event.source else None
        tgt = event.target.country if event.target else None
        if src and tgt and src != tgt:
            first, second = sorted((src, tgt))
            pairs[(first, second)] += 1
    return [(a, b, n) for (a, b), n in pairs.most_common(top)]


@pytest.mark.parametrize("top", [1, 2, 3, 4, 5, 6, 10])
def test_store_country_pairs_break_ties_by_first_occurrence(top: int) -> None:
    with Store.open(":memory:") as store:
        store.write_batch(store.start_run("code", None, {}), [], PAIRS, [])
        walked = _counted(store.events(), top)
        assert store.country_pairs(top=top) == walked
    assert walked == [("KEN", "UGA", 3), ("SOM", "UGA", 2), ("KEN", "SOM", 2),
                      ("ETH", "SOM", 2), ("DJI", "SOM", 2), ("DJI", "ETH", 1)][:top]


def _incident(n: int, *, killed: int | None, sources: int, day: date | None) -> IncidentRow:
    return IncidentRow(incident_id=f"inc-{n:02d}", type="ASSAULT", first_date=day,
                       last_date=day, country="KEN", killed=killed, n_sources=sources,
                       lat=1.0 + n, lon=38.0)


INCIDENTS = [
    _incident(1, killed=4, sources=1, day=date(2023, 5, 3)),
    _incident(2, killed=None, sources=5, day=date(2023, 5, 1)),
    _incident(3, killed=9, sources=2, day=date(2023, 5, 7)),
    _incident(4, killed=4, sources=3, day=date(2023, 5, 2)),
    _incident(5, killed=4, sources=3, day=date(2023, 5, 9)),
    _incident(6, killed=0, sources=1, day=None),
]


# Gravest first: inc-03 (9 killed); then 4 killed with 3 sources, the later one first
# (inc-05, inc-04); then inc-01. Returned in first-date order, undated last.
@pytest.mark.parametrize(("limit", "kept"), [
    (1, ["inc-03"]), (3, ["inc-04", "inc-03", "inc-05"]),
    (4, ["inc-04", "inc-01", "inc-03", "inc-05"]),
    (6, ["inc-02", "inc-04", "inc-01", "inc-03", "inc-05", "inc-06"]),
])
def test_store_map_keeps_the_gravest_in_date_order(limit: int, kept: list[str]) -> None:
    with Store.open(":memory:") as store:
        store.set_incidents({}, INCIDENTS)
        found = store.incident_page(placed=True, limit=limit, gravest=True)
    assert [r["incident_id"] for r in found] == kept
