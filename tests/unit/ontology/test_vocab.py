"""The ontology data and its lookups, and the trigger lexicon checked against them."""

from __future__ import annotations

import pytest

from flashpoint.coding.lexicon import load_lexicon
from flashpoint.errors import NotFound
from flashpoint.ontology import (
    allowed_types,
    cameo_codes,
    cameo_info,
    check_mode,
    data_versions,
    event_types,
    goldstein,
    plover_type,
    quad_class,
)

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


def test_ontology_has_every_plover_type() -> None:
    assert event_types() == PLOVER_TYPES


@pytest.mark.parametrize(("code", "expected"), [
    ("010", 1), ("036", 1), ("057", 1), ("02", 1),
    ("061", 2), ("073", 2), ("0874", 2),
    ("090", 3), ("112", 3), ("1384", 3),
    ("141", 4), ("163", 4), ("173", 4), ("190", 4), ("2042", 4),
])
def test_ontology_quad_class_of_sample_codes(code: str, expected: int) -> None:
    assert quad_class(code) == expected


@pytest.mark.parametrize(("code", "expected"), [
    ("190", -10.0), ("180", -9.0), ("173", -5.0), ("051", 3.4), ("010", 0.0),
    ("0874", 10.0), ("057", 8.0), ("1951", -10.0),
])
def test_ontology_goldstein_of_sample_codes(code: str, expected: float) -> None:
    assert goldstein(code) == expected


def test_ontology_cameo_record_for_a_code() -> None:
    info = cameo_info("173")
    assert (info.label, info.root, info.quad_class, info.goldstein, info.plover_type, info.mode,
            info.plover_basis) == ("Arrest, detain, or charge with legal action", "17", 4, -5.0,
                                   "COERCE", "arrest", "table")


def test_ontology_every_code_has_a_root_that_exists() -> None:
    codes = set(cameo_codes())
    assert {cameo_info(code).root for code in codes} <= codes
    assert all(code.startswith(cameo_info(code).root) for code in codes)


def test_ontology_every_root_from_01_to_20_is_present() -> None:
    assert {c for c in cameo_codes() if len(c) == 2} == {f"{n:02d}" for n in range(1, 21)}


def test_ontology_public_statements_have_no_plover_type() -> None:
    assert {cameo_info(c).plover_type for c in cameo_codes() if c.startswith("01")} == {None}


def test_ontology_every_mapped_mode_is_declared_for_its_type() -> None:
    undeclared = [(c, cameo_info(c).plover_type, cameo_info(c).mode) for c in cameo_codes()
                  if cameo_info(c).plover_type is not None
                  and not check_mode(str(cameo_info(c).plover_type), cameo_info(c).mode)]
    assert undeclared == []


@pytest.mark.parametrize("name", PLOVER_TYPES)
def test_ontology_type_default_cameo_maps_back_to_the_type(name: str) -> None:
    found = plover_type(name)
    info = cameo_info(found.default_cameo)
    assert (info.plover_type, info.quad_class, info.goldstein) == (
        name, found.quad_class, found.goldstein)


def test_ontology_check_mode() -> None:
    assert [check_mode("ASSAULT", "aerial"), check_mode("ASSAULT", None),
            check_mode("ASSAULT", "arrest"), check_mode("NOPE", "aerial")] == [
        True, True, False, False]


def test_ontology_overrides_widen_the_allowed_types() -> None:
    assert allowed_types("163") == frozenset({"COERCE", "SANCTION"})
    assert allowed_types("190") == frozenset({"ASSAULT"})
    assert allowed_types("010") == frozenset()


@pytest.mark.parametrize("lookup", [lambda: cameo_info("999"), lambda: plover_type("FIGHT")])
def test_ontology_unknown_keys_raise_not_found(lookup) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        lookup()


def test_ontology_data_versions() -> None:
    assert data_versions() == {"cameo": "1", "plover": "3", "overrides": "4", "intent": "1"}


def test_ontology_every_trigger_cameo_exists_and_fits_its_type() -> None:
    codes = set(cameo_codes())
    bad = [(t.lemma, t.pos, t.cameo, t.type) for t in load_lexicon().entries
           if t.cameo not in codes or t.type not in allowed_types(t.cameo)]
    assert bad == []


def test_ontology_trigger_modes_are_declared_for_their_type() -> None:
    bad = [(t.lemma, t.type, t.mode) for t in load_lexicon().entries
           if not check_mode(t.type, t.mode)]
    assert bad == []


def test_ontology_lexicon_covers_every_plover_type() -> None:
    assert {t.type for t in load_lexicon().entries} == set(PLOVER_TYPES)


def test_intent_codes_are_codebook_intents() -> None:
    """Announced cooperation maps into CAMEO 03, announced force or coercion into 13."""
    from flashpoint.ontology import cameo_info, intent_code

    assert intent_code("0841") == "0353"  # release -> intent to release
    assert intent_code("1723") == "1323"  # curfew -> threaten curfew
    assert intent_code("120") is None     # a rejection is no announced act
    for code in ("04", "051", "070", "0874", "163", "173", "193", "20"):
        found = intent_code(code)
        assert found is not None
        assert cameo_info(found).root in ("03", "13")
        assert cameo_info(found).plover_type in ("AGREE", "THREATEN")
