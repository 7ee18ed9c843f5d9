"""The pair tables kept at write time (#18) against a recomputation from the events.

A small Sudan/Chad story is written in batches, written again, grouped into incidents and
re-grouped; after every step the kept tables must equal a rebuild from scratch, and the
reads that use them (a dyad's series, the busiest country pairs, the unbounded actor
network) must equal the plain Python computation over `Store.events()`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import store_fixtures as fx

from flashpoint.analysis.dyads import dyad_series, rows_from_points
from flashpoint.records import ActorRef, Event
from flashpoint.store import IncidentRow, Store
from flashpoint.store.overview import ActorEdge

pytestmark = pytest.mark.issue(18)

SAF = ActorRef("Sudanese army", "SDN.MIL", "SDN", "MIL", "Sudanese Armed Forces")
RSF = ActorRef("the paramilitary force", "RSF", "SDN", "REB", "Rapid Support Forces")
CHAD = ActorRef("Chadian officials", "TCD.GOV", "TCD", "GOV", None)
JUBA = ActorRef("South Sudan's government", "SSD.GOV", "SSD", "GOV", None)
MONITORS = ActorRef("ceasefire monitors", "CFM", None, "IGO", None)


def _event(doc: int, n: int, source: ActorRef | None, target: ActorRef | None,
           day: date | None, **kw: object) -> Event:
    return fx.event(f"sd-{doc:02d}", n, source=source, target=target, day=day,
                    **kw)  # type: ignore[arg-type]


FIRST = [
    _event(1, 1, RSF, SAF, date(2024, 5, 6), killed=4, confidence=0.7),
    _event(2, 1, SAF, RSF, date(2024, 5, 7), killed=6, goldstein=-9.0, confidence=0.9),
    _event(3, 1, RSF, CHAD, date(2024, 5, 7), type="THREATEN", quad_class=3, goldstein=-4.5),
    _event(4, 1, CHAD, JUBA, date(2024, 5, 9), type="CONSULT", quad_class=1, goldstein=1.0),
    _event(5, 1, JUBA, CHAD, date(2024, 5, 9), type="AID", quad_class=2, goldstein=7.5,
           modality="alleged"),
    _event(6, 1, SAF, MONITORS, date(2024, 5, 10), type="REJECT", quad_class=3,
           goldstein=-4.0),
]
SECOND = [
    _event(7, 1, RSF, SAF, date(2024, 5, 5), killed=2, injured_min=5, confidence=0.95),
    _event(7, 2, SAF, CHAD, None, type="ACCUSE", quad_class=3, goldstein=-2.0),
    _event(8, 1, CHAD, SAF, date(2024, 5, 13), type="COERCE", quad_class=None,
           goldstein=None),
    _event(9, 1, RSF, SAF, date(2024, 5, 20), modality="negated"),
    _event(9, 2, RSF, None, date(2024, 5, 20)),
    _event(10, 1, SAF, SAF, date(2024, 5, 21)),
]
# Keys a dyad can be asked by: actor ids, countries, one of each, both ways round.
DYADS = [("SDN.MIL", "RSF"), ("RSF", "SDN.MIL"), ("SDN", "TCD"), ("TCD", "SSD"),
         ("SDN", "SDN"), ("RSF", "TCD"), ("SDN.MIL", "CFM"), ("TCD.GOV", "SDN")]


def _incident(incident_id: str) -> IncidentRow:
    return IncidentRow(incident_id=incident_id, type="ASSAULT", country="SDN")


def _country_pairs(events: list[Event], modality: str) -> list[tuple[str, str, int]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for event in events:  # store order: what `country_pairs` promises for ties
        src = event.source.country if event.source else None
        tgt = event.target.country if event.target else None
        if event.modality == modality and src and tgt and src != tgt:
            first, second = sorted((src, tgt))
            pairs[(first, second)] += 1
    return [(a, b, n) for (a, b), n in pairs.most_common()]


def _edges(events: list[Event], modality: str) -> list[ActorEdge]:
    found: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        src = event.source.actor if event.source else None
        tgt = event.target.actor if event.target else None
        if event.modality == modality and src and tgt and src != tgt:
            found[(src, tgt)].append(event)
    edges = []
    for (src, tgt), group in found.items():
        first = group[0]  # store order
        scored = [e.goldstein for e in group if e.goldstein is not None]
        edges.append(ActorEdge(
            src, tgt, len(group), sum(e.quad_class in (1, 2) for e in group),
            sum(e.quad_class in (3, 4) for e in group), float(sum(scored)), len(scored),
            first.source.name if first.source else None,
            first.source.country if first.source else None,
            first.target.name if first.target else None,
            first.target.country if first.target else None))
    return sorted(edges, key=lambda e: (-e.n_events, e.source, e.target))


def _check(store: Store, incidents: dict[str, str]) -> None:
    kept = store.pair_table_rows()
    store.rebuild_pair_tables()
    assert store.pair_table_rows() == kept
    events = store.events()
    for a, b in DYADS:
        for by in ("day", "week"):
            for modality in ("asserted", "alleged"):
                assert rows_from_points(store.dyad_series(
                    a, b, by=by, modality=modality)) == dyad_series(  # type: ignore[arg-type]
                    events, a, b, by=by, modality=modality,  # type: ignore[arg-type]
                    incidents=incidents)
    for period in ("day", "week", "month"):
        assert store.dyad_series_many(DYADS, by=period) == {  # type: ignore[arg-type]
            (a, b): store.dyad_series(a, b, by=period)  # type: ignore[arg-type]
            for a, b in DYADS}
    for modality in ("asserted", "alleged", "negated"):
        assert store.country_pairs(modality=modality, top=10) == _country_pairs(
            events, modality)
        assert store.actor_edges(modality=modality) == _edges(events, modality)


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as store:
        yield store


def test_store_pair_tables_follow_batches_reruns_and_regrouping(store: Store) -> None:
    run_id = store.start_run("code", None, {})
    store.write_batch(run_id, [], FIRST, [])
    _check(store, {})
    store.write_batch(run_id, [], SECOND, [])
    _check(store, {})
    before = store.pair_table_rows()
    store.write_batch(run_id, [], FIRST + SECOND, [])  # a rerun adds nothing
    assert store.pair_table_rows() == before
    _check(store, {})
    # two reports of one clash (6 and 7 May), then a third that moves it to 5 May
    grouped = {FIRST[0].event_id: "inc-a", FIRST[1].event_id: "inc-a",
               FIRST[2].event_id: "inc-b", SECOND[1].event_id: "inc-b"}
    store.set_incidents(grouped, [_incident("inc-a"), _incident("inc-b")])
    _check(store, grouped)
    grouped[SECOND[0].event_id] = "inc-a"
    store.set_incidents({SECOND[0].event_id: "inc-a"}, [_incident("inc-a")])
    _check(store, grouped)
    # re-clustering splits inc-a: its first report leaves for an incident of its own
    regrouped = {**grouped, FIRST[0].event_id: "inc-c"}
    store.set_incidents({FIRST[0].event_id: "inc-c"}, [_incident("inc-c")])
    store.drop_incidents(["inc-x"])
    _check(store, regrouped)
    # and everything is re-clustered at once, as `refresh_incidents` does
    whole = {e.event_id: f"inc-{n % 3}" for n, e in enumerate(FIRST + SECOND)}
    store.set_incidents(whole, [_incident(f"inc-{n}") for n in range(3)])
    _check(store, whole)


def test_store_pair_tables_filled_by_the_migration_for_stored_events(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store.open(path) as store:
        run_id = store.start_run("code", None, {})
        store.write_batch(run_id, [], FIRST + SECOND, [])
        store.set_incidents({FIRST[0].event_id: "inc-a", FIRST[1].event_id: "inc-a"},
                            [_incident("inc-a")])
        kept = store.pair_table_rows()
        # a store written before migration 007: no pair tables, no record of them
        con = store._con
        assert con is not None
        for table in ("dyad_days", "country_pair_counts", "actor_pair_counts"):
            con.execute(f"DROP TABLE {table}")
        con.execute("DELETE FROM migrations WHERE id = 7")
    with Store.open(path) as store:
        assert store.pair_table_rows() == kept
        assert [name for _, name in store.migrations()][-1] == "007_pair_tables.sql"
