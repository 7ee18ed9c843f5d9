"""Exports of stored events: JSON Lines (the event record), flat CSV, Parquet, and rows shaped
like GDELT's event table and ACLED's data.

Rows stream from the store a chunk at a time, so an export of millions of events stays small
in memory. jsonl, csv and parquet are the store's own shapes (`rows.EVENT_COLUMNS`); the gdelt
and acled shapes translate the record through the tables of `store/data/export_maps.yaml`, so
the codes are data, and docs/formats.md ("Exports") says where every column comes from.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO, Final, Literal, TextIO, TypeVar

import pyarrow.parquet as pq  # pyarrow ships no stubs
import pycountry  # ships no stubs
from pydantic import BaseModel, ConfigDict, Field

from flashpoint import datafiles
from flashpoint.actors.cameo import country_code
from flashpoint.actors.resolve import org_code
from flashpoint.errors import ConfigError, DataFileError, NotFound
from flashpoint.ontology import vocab
from flashpoint.records import DatePrecision, EventType, Precision
from flashpoint.store.db import IncidentRow, Store
from flashpoint.store.rows import EVENT_COLUMNS, EVENT_SCHEMA, Cell, event_from_row, to_arrow

Output = str | Path | TextIO | BinaryIO
_CHUNK: Final = 10_000


def _text_out(out: Output, stack: ExitStack) -> TextIO:
    if isinstance(out, str | Path):
        return stack.enter_context(Path(out).open("w", encoding="utf-8", newline=""))
    return out  # type: ignore[return-value]  # a file object: text for jsonl and csv


def _export_jsonl(rows: Iterator[dict[str, Cell]], out: Output) -> int:
    n = 0
    with ExitStack() as stack:
        stream = _text_out(out, stack)
        for row in rows:
            stream.write(json.dumps(event_from_row(row).to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


def _csv_cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _export_csv(rows: Iterator[dict[str, Cell]], out: Output) -> int:
    n = 0
    with ExitStack() as stack:
        writer = csv.writer(_text_out(out, stack))
        writer.writerow(EVENT_COLUMNS)
        for row in rows:
            writer.writerow([_csv_cell(row[name]) for name in EVENT_COLUMNS])
            n += 1
    return n


def _export_parquet(rows: Iterator[dict[str, Cell]], out: Output) -> int:
    n = 0
    sink = str(out) if isinstance(out, Path) else out
    with pq.ParquetWriter(sink, EVENT_SCHEMA) as writer:
        chunk: list[dict[str, Cell]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == _CHUNK:
                writer.write_table(to_arrow(chunk, EVENT_SCHEMA))
                n, chunk = n + len(chunk), []
        # An empty export still writes a valid file with the full schema.
        writer.write_table(to_arrow(chunk, EVENT_SCHEMA))
        n += len(chunk)
    return n


# -- the GDELT-like and ACLED-like shapes --------------------------------------------------

EXPORT_MAPS_SCHEMA: Final = "export-maps/1"
_STATE_ACTOR: Final = re.compile(r"^[A-Z]{3}\.[A-Z]{3}$")
_ARTICLE_CACHE: Final = 10_000
_VIOLENCE: Final = "Political violence"
AcledEventType = Literal["Battles", "Explosions/Remote violence", "Violence against civilians",
                         "Protests", "Riots", "Strategic developments"]
DisorderType = Literal["Political violence", "Demonstrations", "Strategic developments",
                       "Political violence; Demonstrations"]
_M = TypeVar("_M", bound=BaseModel)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectorMap(_Strict):
    """One of our sectors (or UNKNOWN) as a CAMEO role code and an ACLED inter code and name."""

    sector: str = Field(pattern=r"^([A-Z]{3}|UNKNOWN)$")
    cameo: str = Field(pattern=r"^[A-Z]{3}$")
    inter: int = Field(ge=1, le=8)
    inter_abroad: int | None = Field(default=None, ge=1, le=8)
    acled_actor: str | None = None
    assoc: bool = False


class SubEventMap(_Strict):
    """An ACLED sub-event type with its event type and disorder type."""

    sub_event_type: str = Field(min_length=1)
    event_type: AcledEventType
    disorder_type: DisorderType


class ActorRole(_Strict):
    """The role ACLED gives an actor in place of its own (protesters, rioters)."""

    inter: int = Field(ge=1, le=8)
    acled_actor: str = Field(min_length=1)


class AcledRule(_Strict):
    """PLOVER type (and mode, source sector, source and target inter codes) to an ACLED
    sub-event type."""

    type: EventType
    modes: list[str] | None = None
    source_sectors: list[str] | None = None
    source_inters: list[int] | None = None
    target_inters: list[int] | None = None
    sub_event_type: str = Field(min_length=1)
    actor1_as: ActorRole | None = None
    drop_actor2: bool = False


class PlaceMap(_Strict):
    """A place precision as GDELT's ActionGeo_Type and ACLED's geo_precision."""

    precision: Precision
    gdelt_geo_type: int = Field(ge=1, le=5)
    gdelt_geo_type_usa: int = Field(ge=1, le=5)
    acled_geo_precision: int = Field(ge=1, le=3)


class DateMap(_Strict):
    """A date precision as ACLED's time_precision."""

    precision: DatePrecision
    time_precision: int = Field(ge=1, le=3)


class CountryMap(_Strict):
    """A country whose ACLED name or numeric code differs from pycountry's."""

    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    name: str = Field(min_length=1)
    iso: int = Field(ge=0, le=999)


@dataclass(frozen=True, slots=True)
class ExportMaps:
    """The tables of `export_maps.yaml`, indexed; `rules` in file order (first match wins)."""

    version: str
    sectors: dict[str, SectorMap]
    sub_events: dict[str, SubEventMap]
    rules: tuple[AcledRule, ...]
    places: dict[str, PlaceMap]
    dates: dict[str, DateMap]
    countries: dict[str, CountryMap]


def load_export_maps(path: str | Path | None = None) -> ExportMaps:
    """Load and check the export mapping tables (the bundled file unless `path` is given).

    DataFileError if a rule names a sub-event type the file does not define.
    """
    where = Path(path) if path else datafiles.package_data("store", "export_maps.yaml")

    def table(key: str, model: type[_M]) -> datafiles.DataFile[_M]:
        return datafiles.load(where, schema=EXPORT_MAPS_SCHEMA, model=model, key=key)

    sectors = table("sectors", SectorMap)
    sub_events = {e.sub_event_type: e for e in table("sub_events", SubEventMap).entries}
    rules = table("acled_rules", AcledRule).entries
    for i, rule in enumerate(rules, start=1):
        if rule.sub_event_type not in sub_events:
            raise DataFileError(path=where, reason=(
                f"acled_rules entry {i}: sub_event_type {rule.sub_event_type!r} is not one of "
                "the sub_events"))
    return ExportMaps(
        version=sectors.version, sectors={e.sector: e for e in sectors.entries},
        sub_events=sub_events, rules=rules,
        places={e.precision: e for e in table("places", PlaceMap).entries},
        dates={e.precision: e for e in table("dates", DateMap).entries},
        countries={e.iso3: e for e in table("countries", CountryMap).entries},
    )


@dataclass(slots=True)
class _Unit:
    """One exported row: the asserted events of one incident, or one asserted event alone.

    `row` is the event that describes the unit (for an incident, the first of the incident's
    own type); `killed` is the incident's credible toll (`analysis.incidents`), None alone.
    """

    unit_id: str
    row: dict[str, Cell]
    killed: int | None = None
    events: int = 0
    docs: dict[str, str] = field(default_factory=dict)  # doc id -> article key
    run_ids: set[str] = field(default_factory=set)
    lead: bool = False

    def add(self, row: dict[str, Cell], prefer_type: str | None = None) -> None:
        self.events += 1
        doc_id = str(row["doc_id"])
        self.docs.setdefault(doc_id, str(row["content_hash"] or doc_id))
        if row["run_id"] is not None:
            self.run_ids.add(str(row["run_id"]))
        self.lead = self.lead or row["sentence"] == 0
        if prefer_type and self.row["type"] != prefer_type and row["type"] == prefer_type:
            self.row = row


def _units(store: Store, since: date | None, until: date | None) -> Iterator[_Unit]:
    """Asserted events in date order, an incident's events folded into one unit.

    Two passes over the events: the first gathers each incident's members, the second yields
    a unit where its describing event falls, so memory grows with incidents, not events.
    """
    incidents: dict[str, IncidentRow] = {i["incident_id"]: i for i in store.incidents()}
    grouped: dict[str, _Unit] = {}
    for row in store.iter_event_rows(since=since, until=until):
        incident_id = row["incident_id"]
        if row["modality"] != "asserted" or incident_id is None:
            continue
        incident = incidents.get(str(incident_id), IncidentRow(incident_id=str(incident_id)))
        unit = grouped.get(str(incident_id))
        if unit is None:
            unit = grouped[str(incident_id)] = _Unit(str(incident_id), row, incident.get("killed"))
        unit.add(row, incident.get("type"))
    by_event = {unit.row["event_id"]: unit for unit in grouped.values()}
    for row in store.iter_event_rows(since=since, until=until):
        if row["modality"] != "asserted":
            continue
        if row["incident_id"] is None:
            unit = _Unit(str(row["event_id"]), row)
            unit.add(row)
            yield unit
        elif row["event_id"] in by_event:
            yield by_event[row["event_id"]]


class _Lookup:
    """What a shaped row needs beyond its events: articles, run times, country names."""

    def __init__(self, store: Store, maps: ExportMaps) -> None:
        self.store, self.maps = store, maps
        self.started = {run.run_id: run.started for run in store.runs()}
        self._articles: dict[str, tuple[str | None, str | None]] = {}

    def article(self, key: str) -> tuple[str | None, str | None]:
        """(url, publisher) of a stored article; both None when it is not stored."""
        found = self._articles.get(key)
        if found is None:
            if len(self._articles) >= _ARTICLE_CACHE:
                self._articles.clear()
            try:
                article = self.store.get_article(key)
                found = (article.url, article.publisher)
            except NotFound:  # events imported without their articles (Parquet, JSONL)
                found = (None, None)
            self._articles[key] = found
        return found

    def publishers(self, unit: _Unit) -> list[str]:
        """The unit's distinct publishers, a doc id standing in where none is known."""
        return sorted({self.article(key)[1] or doc_id for doc_id, key in unit.docs.items()})

    def run_times(self, unit: _Unit) -> list[datetime]:
        return sorted(self.started[run_id] for run_id in unit.run_ids if run_id in self.started)

    def country(self, iso3: str | None) -> tuple[str | None, int | None]:
        """(ACLED's name, ISO 3166 numeric code) of a country; Nones when unknown."""
        override = self.maps.countries.get(iso3 or "")
        if override is not None:
            return override.name, override.iso
        found = pycountry.countries.get(alpha_3=iso3) if iso3 else None
        if found is None:
            return None, None
        return str(getattr(found, "common_name", found.name)), int(found.numeric)


@dataclass(frozen=True, slots=True)
class _Actor:
    """A source or target as the shapes see it."""

    actor_id: str | None
    text: str | None
    country: str | None
    sector: str | None  # a key of ExportMaps.sectors: the record's sector, or UNKNOWN
    name: str | None

    @property
    def org(self) -> bool:
        """A named organisation: a registry id, not `ISO3.SECTOR`, a bare ISO3 or UNKNOWN."""
        actor = self.actor_id
        return (actor is not None and actor != "UNKNOWN" and not _STATE_ACTOR.match(actor)
                and actor != self.country)

    @property
    def own_name(self) -> str:
        return self.name or self.text or self.actor_id or ""


def _actor(row: dict[str, Cell], role: str) -> _Actor | None:
    values = [_text(row[f"{role}_{name}"]) for name in ("actor", "text", "country", "sector",
                                                         "name")]
    if all(value is None for value in values):
        return None
    actor_id, text, country, sector, name = values
    if sector is None and actor_id == "UNKNOWN":
        sector = "UNKNOWN"
    return _Actor(actor_id, text, country, sector, name)


def _text(value: Cell) -> str | None:
    return None if value is None else str(value)


def _float(value: Cell) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _int(value: Cell) -> int | None:
    return int(value) if isinstance(value, int | float) else None


def _when(row: dict[str, Cell]) -> date | None:
    value = row["date_value"]
    return value if isinstance(value, date) else None


def _cell(value: str | int | float | None) -> str | int | float:
    return "" if value is None else value


# -- GDELT ---------------------------------------------------------------------------------

def _actor_columns(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")]


def _geo_columns(prefix: str) -> list[str]:
    return [f"{prefix}_{name}" for name in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")]


# The 61 columns of the GDELT 2.0 event table, in its order.
GDELT_COLUMNS: Final[tuple[str, ...]] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *_actor_columns("Actor1"), *_actor_columns("Actor2"),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *_geo_columns("Actor1Geo"), *_geo_columns("Actor2Geo"), *_geo_columns("ActionGeo"),
    "DATEADDED", "SOURCEURL",
)


def _gdelt_actor(actor: _Actor | None, lookup: _Lookup) -> list[str | int | float]:
    if actor is None:
        return [""] * 10
    sector = lookup.maps.sectors.get(actor.sector or "")
    role = sector.cameo if sector else ""
    name = actor.name or lookup.country(actor.country)[0] or actor.text or ""
    return [_cameo_code(actor, role), name.upper(), _cell(actor.country),
            actor.actor_id if actor.org and actor.actor_id else "", "", "", "", role, "", ""]


def _cameo_code(actor: _Actor, role: str) -> str:
    """The actor's CAMEO code: a named organisation's own (`UN` -> `IGOUNO`, as the field's
    dictionaries code it), else its country as CAMEO writes it, then its role code."""
    if actor.org and actor.actor_id:
        code = org_code(actor.actor_id)
        if code:
            return code
    return (country_code(actor.country) if actor.country else "") + role


def _gdelt_geo(row: dict[str, Cell], lookup: _Lookup) -> list[str | int | float]:
    country = _text(row["location_country"])
    place = lookup.maps.places.get(str(row["location_precision"]))
    geo_type = None if place is None else (
        place.gdelt_geo_type_usa if country == "USA" else place.gdelt_geo_type)
    parts = [_text(row["location_name"]), _text(row["location_admin1"]),
             lookup.country(country)[0]]
    names = [part for i, part in enumerate(parts) if part and part not in parts[:i]]
    return [_cell(geo_type), ", ".join(names), _cell(country),
            _cell(_text(row["location_admin1"])), "", _cell(_float(row["location_lat"])),
            _cell(_float(row["location_lon"])), ""]


def _gdelt_event(row: dict[str, Cell]) -> list[str | int | float]:
    """EventCode .. GoldsteinScale; the record's values, the ontology's where it has none."""
    code = _text(row["cameo"]) or vocab.plover_type(str(row["type"])).default_cameo
    info = vocab.cameo_info(code) if code in _known_codes() else None
    quad = _int(row["quad_class"])
    goldstein = _float(row["goldstein"])
    return [code, code[:3], code[:2],
            _cell(quad if quad is not None else info.quad_class if info else None),
            _cell(goldstein if goldstein is not None else info.goldstein if info else None)]


@functools.cache
def _known_codes() -> frozenset[str]:
    return frozenset(vocab.cameo_codes())


def _gdelt_row(unit: _Unit, lookup: _Lookup) -> list[str | int | float]:
    row = unit.row
    when = _when(row)
    dates: list[str | int | float] = [""] * 4 if when is None else [
        f"{when:%Y%m%d}", f"{when:%Y%m}", when.year,
        f"{when.year + when.timetuple().tm_yday / 365:.4f}"]
    added = lookup.run_times(unit)
    url = lookup.article(str(row["content_hash"] or row["doc_id"]))[0] or str(row["doc_id"])
    return [
        unit.unit_id, *dates,
        *_gdelt_actor(_actor(row, "source"), lookup), *_gdelt_actor(_actor(row, "target"), lookup),
        int(unit.lead), *_gdelt_event(row),
        unit.events, len(lookup.publishers(unit)), len(unit.docs), "",
        *[""] * 16, *_gdelt_geo(row, lookup),
        f"{added[0]:%Y%m%d%H%M%S}" if added else "", url,
    ]


def _tsv(value: str | int | float) -> str:
    # GDELT files are unquoted: a tab or line break inside a value would shift the columns.
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _export_gdelt(store: Store, out: Output, since: date | None, until: date | None) -> int:
    lookup = _Lookup(store, load_export_maps())
    n = 0
    with ExitStack() as stack:
        stream = _text_out(out, stack)
        stream.write("\t".join(GDELT_COLUMNS) + "\n")
        for unit in _units(store, since, until):
            stream.write("\t".join(_tsv(value) for value in _gdelt_row(unit, lookup)) + "\n")
            n += 1
    return n


# -- ACLED ---------------------------------------------------------------------------------

ACLED_COLUMNS: Final[tuple[str, ...]] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)


def _inter(actor: _Actor | None, place_country: str | None, maps: ExportMaps) -> int:
    """ACLED inter code of an actor; 0 with no actor or no sector."""
    sector = maps.sectors.get(actor.sector or "") if actor else None
    if actor is None or sector is None:
        return 0
    abroad = actor.country and place_country and actor.country != place_country
    return sector.inter_abroad if abroad and sector.inter_abroad else sector.inter


def _acled_actor(actor: _Actor | None, role: ActorRole | None, place_country: str | None,
                 lookup: _Lookup) -> tuple[str, str, int]:
    """(actor, assoc_actor, inter): ACLED's generic name where it has one, else our own."""
    own = actor.own_name if actor else ""
    country = lookup.country((actor.country if actor else None) or place_country)[0]
    if role is not None:
        label = role.acled_actor.format(country=country) if country else ""
        return label, own, role.inter
    if actor is None:
        return "", "", 0
    sector = lookup.maps.sectors.get(actor.sector or "")
    inter = _inter(actor, place_country, lookup.maps)
    if actor.org or sector is None or sector.acled_actor is None or country is None:
        return own, "", inter
    return sector.acled_actor.format(country=country), own if sector.assoc else "", inter


def _rule(row: dict[str, Cell], source: _Actor | None, inters: tuple[int, int],
          maps: ExportMaps) -> AcledRule | None:
    """The first rule the event matches; `inters` are the source's and target's inter codes."""
    for rule in maps.rules:
        if (rule.type == row["type"]
                and (rule.modes is None or row["mode"] in rule.modes)
                and (rule.source_sectors is None
                     or (source is not None and source.sector in rule.source_sectors))
                and (rule.source_inters is None or inters[0] in rule.source_inters)
                and (rule.target_inters is None or inters[1] in rule.target_inters)):
            return rule
    return None


def _interaction(inter1: int, inter2: int) -> int:
    """ACLED's two-digit interaction: the lower code first; a lone actor's code then 0."""
    codes = sorted(code for code in (inter1, inter2) if code)
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0) if codes else 0


def _fatalities(unit: _Unit) -> int:
    if unit.killed is not None:
        return unit.killed
    exact, least = _int(unit.row["killed"]), _int(unit.row["killed_min"])
    return exact if exact is not None else least if least is not None else 0


def _acled_row(unit: _Unit, lookup: _Lookup) -> list[str | int | float] | None:
    """One ACLED row, or None when the event's type is not one ACLED codes."""
    row, maps = unit.row, lookup.maps
    source, target = _actor(row, "source"), _actor(row, "target")
    place_country = (_text(row["location_country"]) or (target.country if target else None)
                     or (source.country if source else None))
    rule = _rule(row, source, (_inter(source, place_country, maps),
                               _inter(target, place_country, maps)), maps)
    if rule is None:
        return None
    sub = maps.sub_events[rule.sub_event_type]
    actor1, assoc1, inter1 = _acled_actor(source, rule.actor1_as, place_country, lookup)
    actor2, assoc2, inter2 = ("", "", 0) if rule.drop_actor2 else _acled_actor(
        target, None, place_country, lookup)
    when, country = _when(row), lookup.country(place_country)[0]
    dated = maps.dates.get(str(row["date_precision"]))
    place = maps.places.get(str(row["location_precision"]))
    changed = lookup.run_times(unit)
    return [
        unit.unit_id, when.isoformat() if when else "", when.year if when else "",
        dated.time_precision if dated and when else "", sub.disorder_type, sub.event_type,
        sub.sub_event_type, actor1, assoc1, inter1, actor2, assoc2, inter2,
        _interaction(inter1, inter2),
        "Civilian targeting" if inter2 == 7 and _VIOLENCE in sub.disorder_type else "",
        _cell(lookup.country(place_country)[1]), "", _cell(country),
        _cell(_text(row["location_admin1"])), "", "",
        _text(row["location_name"]) or _text(row["location_admin1"]) or country or "",
        _cell(_float(row["location_lat"])), _cell(_float(row["location_lon"])),
        place.acled_geo_precision if place else "", "; ".join(lookup.publishers(unit)), "",
        _cell(_text(row["evidence_text"])), _fatalities(unit), "",
        int(changed[-1].replace(tzinfo=UTC).timestamp()) if changed else "",
    ]


def _export_acled(store: Store, out: Output, since: date | None, until: date | None) -> int:
    lookup = _Lookup(store, load_export_maps())
    n = 0
    with ExitStack() as stack:
        writer = csv.writer(_text_out(out, stack))
        writer.writerow(ACLED_COLUMNS)
        for unit in _units(store, since, until):
            shaped = _acled_row(unit, lookup)
            if shaped is not None:
                writer.writerow(shaped)
                n += 1
    return n


# -- the registry of formats ---------------------------------------------------------------

_FLAT: Final[dict[str, Callable[[Iterator[dict[str, Cell]], Output], int]]] = {
    "jsonl": _export_jsonl, "csv": _export_csv, "parquet": _export_parquet,
}
_SHAPED: Final[dict[str, Callable[[Store, Output, date | None, date | None], int]]] = {
    "gdelt": _export_gdelt, "acled": _export_acled,
}
EXPORT_FORMATS: Final = (*_FLAT, *_SHAPED)


def export(
    store: Store, fmt: str, out: Output, *, since: date | None = None, until: date | None = None
) -> int:
    """Write the store's events (dated within `since`..`until`, inclusive) to `out`.

    `jsonl` writes one event record per line (`Event.to_dict`), `csv` the flat columns with a
    header, `parquet` the flat columns with the store's types. `gdelt` writes tab-separated
    rows with GDELT 2.0 event-table columns and `acled` CSV rows with ACLED's columns: both
    only asserted events, one row per incident (its events folded) or per event outside any.
    `acled` leaves out types ACLED does not code (CONSULT, ACCUSE ...). `out` is a path, or a
    text file for jsonl/csv/gdelt/acled and a binary file for parquet. Returns the number of
    rows written (events for jsonl/csv/parquet).
    """
    if fmt in _SHAPED:
        return _SHAPED[fmt](store, out, since, until)
    if fmt not in _FLAT:
        raise ConfigError(key="format", reason=f"{fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    return _FLAT[fmt](store.iter_event_rows(since=since, until=until), out)
