"""Reads: event filters, articles, summary, dyad series with incidents, the Parquet view."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import store_fixtures as fx

from flashpoint.errors import ConfigError, EventNotFound, NotFound, StoreError
from flashpoint.records import Event
from flashpoint.store import DyadCount, DyadPoint, IncidentRow, Store, Summary, export

# Two reports of one incident (e1, e2), a reply in the other direction (e3), talks between
# governments (e4), an alleged threat (e5), aid elsewhere (e6) and an undated sparse event (e7).
E1 = fx.event("doc-1", 1, day=date(2023, 3, 6), killed=2, goldstein=-10.0, confidence=0.8)
E2 = fx.event("doc-2", 1, day=date(2023, 3, 7), killed=3, goldstein=-9.0, confidence=0.9)
E3 = fx.event("doc-3", 1, source=fx.KEN_MIL, target=fx.SHB, day=date(2023, 3, 8),
              injured_min=2)
E4 = fx.event("doc-4", 1, type="CONSULT", quad_class=1, goldstein=1.0, source=fx.SOM_GOV,
              day=date(2023, 3, 20))
E5 = fx.event("doc-5", 1, type="THREATEN", modality="alleged", day=date(2023, 3, 7))
E6 = fx.event("doc-6", 1, type="AID", quad_class=2, goldstein=7.0, source=fx.ETH_GOV,
              target=fx.SOM_GOV, day=date(2023, 3, 21))
E7 = fx.sparse_event("doc-7")
IN_ORDER = [E1, E2, E5, E3, E4, E6, E7]
INCIDENT = IncidentRow(incident_id="inc-1", type="ASSAULT", first_date=date(2023, 3, 6),
                       last_date=date(2023, 3, 7), source_actor="SHB", target_actor="KEN.MIL",
                       country="KEN", killed=3, injured=None, n_events=2, n_sources=2,
                       lat=3.94, lon=41.86)


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as store:
        articles = [fx.article(n, published=date(2023, 3, n)) for n in range(1, 8)]
        store.write_batch(store.start_run("code", None, {}), articles, IN_ORDER, [])
        store.set_incidents({E1.event_id: "inc-1", E2.event_id: "inc-1"}, [INCIDENT])
        yield store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, IN_ORDER),
        ({"type": "ASSAULT"}, [E1, E2, E3]),
        ({"actor": "SHB"}, [E1, E2, E5, E3]),
        ({"actor": "KEN.MIL"}, [E1, E2, E5, E3, E4]),
        ({"country": "SOM"}, [E1, E2, E5, E3, E4, E6]),
        ({"country": "ETH"}, [E6]),
        ({"modality": "alleged"}, [E5]),
        ({"since": date(2023, 3, 7), "until": date(2023, 3, 20)}, [E2, E5, E3, E4]),
        ({"actor": "SHB", "modality": "asserted"}, [E1, E2, E3]),
        ({"doc_id": "doc-4"}, [E4]),
        ({"limit": 2, "offset": 1}, [E2, E5]),
        ({"offset": 5}, [E6, E7]),
    ],
)
def test_store_events_filters(store: Store, filters: dict[str, object],
                              expected: list[Event]) -> None:
    assert store.events(**filters) == expected  # type: ignore[arg-type]


def test_store_get_event_and_missing_event(store: Store) -> None:
    assert store.get_event(E3.event_id) == E3
    with pytest.raises(EventNotFound):
        store.get_event("no-such-event")


def test_store_articles_by_hash_doc_id_and_filters(store: Store) -> None:
    third = fx.article(3, published=date(2023, 3, 3))
    assert (store.get_article("hash-0003"), store.get_article("doc-3")) == (third, third)
    assert store.articles(since=date(2023, 3, 3), until=date(2023, 3, 4)) == [
        third, fx.article(4, published=date(2023, 3, 4))]
    with pytest.raises(NotFound, match="article not found: doc-99"):
        store.get_article("doc-99")


def test_store_summary_counts(store: Store) -> None:
    assert store.summary() == Summary(
        articles_by_status={"coded": 7},
        events_by_type={"AID": 1, "ASSAULT": 3, "CONSULT": 2, "THREATEN": 1},
        events_by_modality={"alleged": 1, "asserted": 5, "hypothetical": 1},
        top_dyads=[DyadCount("KEN.MIL", "SHB", 4), DyadCount("ETH.GOV", "SOM.GOV", 1),
                   DyadCount("KEN.MIL", "SOM.GOV", 1)],
    )


def test_store_set_incidents_stored(store: Store) -> None:
    assert store.incidents() == [INCIDENT]


def test_store_dyad_series_by_week_counts_incidents_once(store: Store) -> None:
    # inc-1 (E1+E2) is one unit: dated 6 March, Goldstein of E2 (more confident), 3 killed.
    week = DyadPoint(date(2023, 3, 6), n_events=2, quad1=0, quad2=0, quad3=0, quad4=2,
                     goldstein_sum=-19.0, goldstein_mean=-9.5, killed=3, injured=2)
    assert store.dyad_series("SHB", "KEN") == [week]
    assert store.dyad_series("KEN.MIL", "SHB") == [week]  # undirected, actor ids


def test_store_dyad_series_fills_empty_periods(store: Store) -> None:
    empty = DyadPoint(date(2023, 3, 13), 0, 0, 0, 0, 0, 0.0, None, 0, 0)
    assert store.dyad_series("SOM", "KEN", by="week") == [
        DyadPoint(date(2023, 3, 6), 2, 0, 0, 0, 2, -19.0, -9.5, 3, 2),
        empty,
        DyadPoint(date(2023, 3, 20), 1, 1, 0, 0, 0, 1.0, 1.0, 0, 0),
    ]


def test_store_dyad_series_by_month_and_bounds(store: Store) -> None:
    assert store.dyad_series("SOM", "KEN", by="month", since=date(2023, 2, 15),
                             until=date(2023, 3, 10)) == [
        DyadPoint(date(2023, 2, 1), 0, 0, 0, 0, 0, 0.0, None, 0, 0),
        DyadPoint(date(2023, 3, 1), 2, 0, 0, 0, 2, -19.0, -9.5, 3, 2),
    ]
    assert store.dyad_series("SHB", "KEN", modality="alleged", by="day") == [
        DyadPoint(date(2023, 3, 7), 1, 0, 0, 0, 1, -10.0, -10.0, 0, 0)]
    assert store.dyad_series("USA", "KEN") == []


def test_store_dyad_series_rejects_unknown_period(store: Store) -> None:
    with pytest.raises(ConfigError, match="'year' is not one of day, week, month"):
        store.dyad_series("SHB", "KEN", by="year")  # type: ignore[arg-type]


def test_store_open_parquet_reads_like_the_store(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "events"
    (folder / "year=2023").mkdir(parents=True)
    export(store, "parquet", folder / "year=2023" / "part-0.parquet", until=date(2023, 3, 8))
    (folder / "year=2024").mkdir()
    export(store, "parquet", folder / "year=2024" / "part-0.parquet", since=date(2023, 3, 9))
    with Store.open_parquet(folder) as view:
        assert view.events() == store.events(since=date(2023, 1, 1))
        assert view.events(actor="SHB") == [E1, E2, E5, E3]
        assert view.dyad_series("SOM", "KEN") == store.dyad_series("SOM", "KEN")
        # the pair tables, built on the first read that needs them (#18)
        assert (view.country_pairs(), view.actor_edges()) == (store.country_pairs(),
                                                              store.actor_edges())
        assert view.pair_table_rows() == store.pair_table_rows()
        assert view.summary().events_by_type == {"AID": 1, "ASSAULT": 3, "CONSULT": 1,
                                                 "THREATEN": 1}
        assert view.read_only


def test_store_open_parquet_without_files_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="No files found"):
        Store.open_parquet(tmp_path)


def test_store_dyad_series_zero_fill_is_bounded(store: Store) -> None:
    # found by the API fuzz test: an open range by day must not build millions of rows
    points = store.dyad_series("SHB", "KEN", by="day", since=date(1, 1, 1),
                               until=date(9999, 12, 31))
    assert points[0].period == date(1900, 1, 1)
    assert 40_000 < len(points) < 50_000
    assert sum(p.n_events for p in points) == sum(
        p.n_events for p in store.dyad_series("SHB", "KEN", by="day"))
