"""GDELT-like and ACLED-like exports: the columns, codes and folding docs/formats.md promises.

The store holds a short week of wire reports we wrote: an airstrike in Borno reported by two
wires (one incident), a police arrest of a journalist in Nairobi, a traders' protest in Mombasa,
a Somalia-Ethiopia agreement signed in Addis Ababa, talks with no place or CAMEO code, and an
airstrike the army "has yet to" carry out (negated: in neither shape).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date
from pathlib import Path

import pytest

from flashpoint import datafiles
from flashpoint.errors import DataFileError
from flashpoint.ontology import vocab
from flashpoint.records import (
    ActorRef,
    Article,
    Event,
    EventDate,
    Fatalities,
    Place,
    Span,
)
from flashpoint.store import EXPORT_FORMATS, Store, export
from flashpoint.store.export import ACLED_COLUMNS, GDELT_COLUMNS, load_export_maps

NGA_AIR = ActorRef("Nigerian Air Force jets", "NGA.MIL", "NGA", "MIL", "Nigerian Air Force")
ISWAP = ActorRef("ISWAP fighters", "ISWAP", "NGA", "REB", "Islamic State West Africa Province")
KEN_POLICE = ActorRef("police", "KEN.POL", "KEN", "POL", None)
JOURNALIST = ActorRef("a journalist", "KEN.MED", "KEN", "MED", None)
TRADERS = ActorRef("traders", "KEN.BUS", "KEN", "BUS", None)
MOMBASA_GOV = ActorRef("the county government", "KEN.GOV", "KEN", "GOV", None)
SOM_GOV = ActorRef("Somalia's government", "SOM.GOV", "SOM", "GOV", None)
ETH_GOV = ActorRef("Ethiopia", "ETH.GOV", "ETH", "GOV", None)

MALAM_FATORI = Place("near Malam Fatori", "Malam Fatori", "NGA", "Borno", 13.68, 13.34, "city")
NAIROBI = Place("in Nairobi", "Nairobi", "KEN", "Nairobi", -1.29, 36.82, "city")
MOMBASA = Place("in Mombasa", "Mombasa", "KEN", "Mombasa", -4.04, 39.67, "city")
ADDIS = Place("in Addis Ababa", "Addis Ababa", "ETH", "Addis Ababa", 9.03, 38.74, "city")

PUBLISHERS = {"wire-a": "Lagos Ledger", "wire-b": "Sahel Monitor", "wire-c": "Nairobi Courier",
              "wire-d": "Horn Review"}
NO_TOLL = Fatalities()
STRIKE_A = ("Nigerian Air Force jets struck ISWAP fighters near Malam Fatori on Sunday, killing "
            "12, the military said.")


def _event(event_id: str, doc_id: str, evidence: str, *, type: str, mode: str | None,
           cameo: str | None, quad_class: int | None, goldstein: float | None,
           source: ActorRef, target: ActorRef, location: Place | None, when: EventDate,
           sentence: int = 0, fatalities: Fatalities = NO_TOLL,
           modality: str = "asserted") -> Event:
    return Event(
        event_id=event_id, doc_id=doc_id, sentence=sentence,
        evidence=Span(evidence, 0, len(evidence)), type=type, mode=mode, cameo=cameo,
        quad_class=quad_class, goldstein=goldstein, modality=modality, source=source,
        target=target, reported_by=None, location=location, date=when, fatalities=fatalities,
        confidence=0.8, coder="rules/0.3.0",
    )


def _day(value: str, precision: str = "day", basis: str = "explicit") -> EventDate:
    return EventDate(value, precision, basis)  # type: ignore[arg-type]


EVENTS = [
    _event("strike-a", "wire-a", STRIKE_A, type="ASSAULT", mode="aerial", cameo="195",
           quad_class=4, goldstein=-10.0, source=NGA_AIR, target=ISWAP, location=MALAM_FATORI,
           when=_day("2024-05-12"), fatalities=Fatalities(12, 12, None, None)),
    _event("strike-b", "wire-b", "At least 10 insurgents died in the air raid, residents said.",
           type="ASSAULT", mode="aerial", cameo="195", quad_class=4, goldstein=-10.0,
           source=NGA_AIR, target=ISWAP, location=MALAM_FATORI, when=_day("2024-05-12"),
           sentence=2, fatalities=Fatalities(None, 10, None, None)),
    _event("no-strike", "wire-a", "The air force has yet to strike the camps at Kangarwa.",
           type="ASSAULT", mode="aerial", cameo="195", quad_class=4, goldstein=-10.0,
           source=NGA_AIR, target=ISWAP, location=MALAM_FATORI, when=_day("2024-05-13"),
           sentence=3, modality="negated"),
    _event("arrest", "wire-c", "Police arrested a journalist in Nairobi this week.",
           type="COERCE", mode="arrest", cameo="173", quad_class=4, goldstein=-5.0,
           source=KEN_POLICE, target=JOURNALIST, location=NAIROBI,
           when=_day("2024-05-14", "week", "relative"), sentence=1),
    _event("protest", "wire-c", "Traders marched against new county levies in Mombasa.",
           type="PROTEST", mode="demo", cameo="141", quad_class=4, goldstein=-6.5,
           source=TRADERS, target=MOMBASA_GOV, location=MOMBASA, when=_day("2024-05-15")),
    _event("accord", "wire-d", "Somalia and Ethiopia signed a security accord in Addis Ababa.",
           type="AGREE", mode=None, cameo="057", quad_class=1, goldstein=8.0, source=SOM_GOV,
           target=ETH_GOV, location=ADDIS, when=_day("2024-05-01", "month")),
    _event("talks", "wire-d", "Officials of both governments held talks in May.",
           type="CONSULT", mode=None, cameo=None, quad_class=None, goldstein=None,
           source=SOM_GOV, target=ETH_GOV, location=None, when=_day("2024-05-01", "month"),
           sentence=3),
]


def _articles() -> list[Article]:
    return [Article(doc_id=doc_id, text=f"Report of {publisher}.", title=None,
                    url=f"https://news.example/{doc_id}", publisher=publisher,
                    published=date(2024, 5, 16), language="en", content_hash=f"hash-{doc_id}")
            for doc_id, publisher in PUBLISHERS.items()]


def _open(path: Path, *, incidents: bool) -> Store:
    store = Store.open(path)
    store.write_batch(store.start_run("code", "rules/0.3.0", {}), _articles(), EVENTS, [])
    if incidents:
        store.set_incidents({"strike-a": "inc-malam-fatori", "strike-b": "inc-malam-fatori"},
                            [{"incident_id": "inc-malam-fatori", "type": "ASSAULT",
                              "first_date": date(2024, 5, 12), "killed": 12, "n_events": 2,
                              "n_sources": 2, "country": "NGA"}])
    return store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with _open(tmp_path / "shapes.duckdb", incidents=True) as store:
        yield store


def _gdelt(store: Store, **dates: date) -> tuple[int, list[str], list[dict[str, str]]]:
    out = io.StringIO()
    n = export(store, "gdelt", out, **dates)
    reader = csv.reader(io.StringIO(out.getvalue()), delimiter="\t", quoting=csv.QUOTE_NONE)
    header, *rows = list(reader)
    return n, header, [dict(zip(header, row, strict=True)) for row in rows]


def _acled(store: Store, path: Path, **dates: date) -> tuple[int, list[dict[str, str]]]:
    n = export(store, "acled", path, **dates)
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
        return n, list(reader)


def _pick(rows: list[dict[str, str]], columns: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [tuple(row[name] for name in columns) for row in rows]


def test_store_export_formats_include_gdelt_and_acled() -> None:
    assert EXPORT_FORMATS == ("jsonl", "csv", "parquet", "gdelt", "acled")


def test_store_export_acled_whole_rows(store: Store, tmp_path: Path) -> None:
    started = store.runs()[0].started
    stamp = str(int(started.replace(tzinfo=UTC).timestamp()))
    n, rows = _acled(store, tmp_path / "acled.csv")
    assert n == 4
    assert rows == [dict(zip(ACLED_COLUMNS, values, strict=True)) for values in [
        ("accord", "2024-05-01", "2024", "3", "Strategic developments",
         "Strategic developments", "Agreement", "Government of Somalia", "", "8",
         "Government of Ethiopia", "", "1", "18", "", "231", "", "Ethiopia", "Addis Ababa", "",
         "", "Addis Ababa", "9.03", "38.74", "1", "Horn Review", "",
         "Somalia and Ethiopia signed a security accord in Addis Ababa.", "0", "", stamp),
        ("inc-malam-fatori", "2024-05-12", "2024", "1", "Political violence",
         "Explosions/Remote violence", "Air/drone strike", "Military Forces of Nigeria", "", "1",
         "Islamic State West Africa Province", "", "2", "12", "", "566", "", "Nigeria", "Borno",
         "", "", "Malam Fatori", "13.68", "13.34", "1", "Lagos Ledger; Sahel Monitor", "",
         STRIKE_A, "12", "", stamp),
        ("arrest", "2024-05-14", "2024", "2", "Strategic developments",
         "Strategic developments", "Arrests", "Police Forces of Kenya", "", "1",
         "Civilians (Kenya)", "a journalist", "7", "17", "", "404", "", "Kenya", "Nairobi", "",
         "", "Nairobi", "-1.29", "36.82", "1", "Nairobi Courier", "",
         "Police arrested a journalist in Nairobi this week.", "0", "", stamp),
        ("protest", "2024-05-15", "2024", "1", "Demonstrations", "Protests", "Peaceful protest",
         "Protesters (Kenya)", "traders", "6", "", "", "0", "60", "", "404", "", "Kenya",
         "Mombasa", "", "", "Mombasa", "-4.04", "39.67", "1", "Nairobi Courier", "",
         "Traders marched against new county levies in Mombasa.", "0", "", stamp),
    ]]


GDELT_KEY_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_Lat", "ActionGeo_Long", "SOURCEURL",
)


def test_store_export_gdelt_key_columns(store: Store) -> None:
    n, header, rows = _gdelt(store)
    assert n == 5
    assert tuple(header) == GDELT_COLUMNS and len(header) == 61
    assert _pick(rows, GDELT_KEY_COLUMNS) == [
        ("accord", "20240501", "202405", "2024", "2024.3342",
         "SOMGOV", "SOMALIA", "SOM", "", "GOV", "ETHGOV", "ETHIOPIA", "ETH", "", "GOV",
         "1", "057", "057", "05", "1", "8.0", "1", "1", "1", "",
         "4", "Addis Ababa, Ethiopia", "ETH", "Addis Ababa", "9.03", "38.74",
         "https://news.example/wire-d"),
        ("talks", "20240501", "202405", "2024", "2024.3342",
         "SOMGOV", "SOMALIA", "SOM", "", "GOV", "ETHGOV", "ETHIOPIA", "ETH", "", "GOV",
         "0", "040", "040", "04", "1", "1.0", "1", "1", "1", "",
         "", "", "", "", "", "", "https://news.example/wire-d"),
        ("inc-malam-fatori", "20240512", "202405", "2024", "2024.3644",
         "NGAMIL", "NIGERIAN AIR FORCE", "NGA", "", "MIL",
         "NGAREB", "ISLAMIC STATE WEST AFRICA PROVINCE", "NGA", "ISWAP", "REB",
         "1", "195", "195", "19", "4", "-10.0", "2", "2", "2", "",
         "4", "Malam Fatori, Borno, Nigeria", "NGA", "Borno", "13.68", "13.34",
         "https://news.example/wire-a"),
        ("arrest", "20240514", "202405", "2024", "2024.3699",
         "KENCOP", "KENYA", "KEN", "", "COP", "KENMED", "KENYA", "KEN", "", "MED",
         "0", "173", "173", "17", "4", "-5.0", "1", "1", "1", "",
         "4", "Nairobi, Kenya", "KEN", "Nairobi", "-1.29", "36.82",
         "https://news.example/wire-c"),
        ("protest", "20240515", "202405", "2024", "2024.3726",
         "KENBUS", "KENYA", "KEN", "", "BUS", "KENGOV", "KENYA", "KEN", "", "GOV",
         "1", "141", "141", "14", "4", "-6.5", "1", "1", "1", "",
         "4", "Mombasa, Kenya", "KEN", "Mombasa", "-4.04", "39.67",
         "https://news.example/wire-c"),
    ]
    added = f"{store.runs()[0].started:%Y%m%d%H%M%S}"
    assert {row["DATEADDED"] for row in rows} == {added}
    unused = set(GDELT_COLUMNS) - set(GDELT_KEY_COLUMNS) - {"DATEADDED"}
    assert {row[name] for row in rows for name in unused} == {""}


def test_store_export_shapes_leave_out_negated_events(store: Store, tmp_path: Path) -> None:
    _, _, gdelt_rows = _gdelt(store)
    _, acled_rows = _acled(store, tmp_path / "acled.csv")
    assert "no-strike" not in {row["GLOBALEVENTID"] for row in gdelt_rows}
    assert "no-strike" not in {row["event_id_cnty"] for row in acled_rows}
    assert not any("yet to strike" in row["notes"] for row in acled_rows)


def test_store_export_acled_leaves_out_types_acled_does_not_code(
    store: Store, tmp_path: Path
) -> None:
    _, acled_rows = _acled(store, tmp_path / "acled.csv")
    assert "talks" not in {row["event_id_cnty"] for row in acled_rows}


def test_store_export_gdelt_one_row_per_event_without_incidents(tmp_path: Path) -> None:
    with _open(tmp_path / "plain.duckdb", incidents=False) as store:
        n, _, rows = _gdelt(store)
    assert n == 6
    assert _pick([r for r in rows if r["EventRootCode"] == "19"],
                 ("GLOBALEVENTID", "IsRootEvent", "NumMentions", "NumSources", "NumArticles",
                  "SOURCEURL")) == [
        ("strike-a", "1", "1", "1", "1", "https://news.example/wire-a"),
        ("strike-b", "0", "1", "1", "1", "https://news.example/wire-b"),
    ]


def test_store_export_acled_fatalities_lower_bound_without_incident(tmp_path: Path) -> None:
    with _open(tmp_path / "plain.duckdb", incidents=False) as store:
        _, rows = _acled(store, tmp_path / "acled.csv")
    assert _pick([r for r in rows if r["sub_event_type"] == "Air/drone strike"],
                 ("event_id_cnty", "fatalities", "source")) == [
        ("strike-a", "12", "Lagos Ledger"), ("strike-b", "10", "Sahel Monitor")]


def test_store_export_acled_territory_taken_by_force(tmp_path: Path) -> None:
    """ACLED's battles over territory: state forces at home regain it; rebels, and foreign
    forces (inter 8 abroad), overtake it."""
    nga_army = ActorRef("Nigerian troops", "NGA.MIL", "NGA", "MIL", None)
    chad_army = ActorRef("Chadian troops", "TCD.MIL", "TCD", "MIL", None)
    town = ActorRef("the town", None, None, None, None)
    taken = [
        _event(event_id, "wire-a", evidence, type="ASSAULT", mode="occupy", cameo="192",
               quad_class=4, goldstein=-9.5, source=source, target=town,
               location=MALAM_FATORI, when=_day("2024-05-12"), sentence=n)
        for n, (event_id, evidence, source) in enumerate([
            ("retaken", "Nigerian troops retook the town of Malam Fatori.", nga_army),
            ("overrun", "ISWAP fighters seized the town of Malam Fatori.", ISWAP),
            ("foreign", "Chadian troops captured the town of Malam Fatori.", chad_army),
        ])]
    with Store.open(tmp_path / "territory.duckdb") as store:
        store.write_batch(store.start_run("code", "rules/0.3.0", {}), _articles(), taken, [])
        _, rows = _acled(store, tmp_path / "acled.csv")
    assert sorted(_pick(rows, ("event_id_cnty", "event_type", "sub_event_type", "inter1"))) == [
        ("foreign", "Battles", "Non-state actor overtakes territory", "8"),
        ("overrun", "Battles", "Non-state actor overtakes territory", "2"),
        ("retaken", "Battles", "Government regains territory", "1"),
    ]


def test_store_export_shapes_honour_since_until(store: Store, tmp_path: Path) -> None:
    n, _, rows = _gdelt(store, since=date(2024, 5, 12), until=date(2024, 5, 14))
    assert (n, [row["GLOBALEVENTID"] for row in rows]) == (2, ["inc-malam-fatori", "arrest"])
    n, acled_rows = _acled(store, tmp_path / "a.csv", since=date(2024, 5, 15))
    assert (n, [row["event_id_cnty"] for row in acled_rows]) == (1, ["protest"])


def test_store_export_shapes_of_an_empty_store_are_headers(tmp_path: Path) -> None:
    with Store.open(tmp_path / "empty.duckdb") as store:
        n, header, rows = _gdelt(store)
        assert (n, tuple(header), rows) == (0, GDELT_COLUMNS, [])
        assert _acled(store, tmp_path / "empty.csv") == (0, [])


def test_store_export_maps_rules_use_declared_types_and_modes() -> None:
    maps = load_export_maps()
    undeclared = [(rule.type, mode) for rule in maps.rules for mode in rule.modes or ()
                  if not vocab.check_mode(rule.type, mode)]
    assert undeclared == []
    sectors = {"GOV", "MIL", "POL", "JUD", "LEG", "OPP", "REB", "CVL", "MED", "BUS", "EDU",
               "REL", "HLH", "NGO", "IGO", "REF"}
    assert sectors - set(maps.sectors) == set()
    assert (maps.version, maps.dates["week"].time_precision) == ("2", 2)


def test_store_export_maps_reject_an_unknown_sub_event(tmp_path: Path) -> None:
    text = datafiles.package_data("store", "export_maps.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "export_maps.yaml"
    broken.write_text(text.replace("sub_event_type: Arrests}", "sub_event_type: Arests}"),
                      encoding="utf-8")
    with pytest.raises(DataFileError, match="'Arests' is not one of the sub_events"):
        load_export_maps(broken)
