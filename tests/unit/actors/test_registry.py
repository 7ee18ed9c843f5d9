"""The bundled actor registry, its cross-file checks and analysts' own files on top of it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flashpoint.actors import check_registry_file, load_registry, registry_rows, resolve_actor
from flashpoint.actors.registry import builtin_paths, read_tier, tier_problems
from flashpoint.errors import DataFileError

ORG_FILE = """\
schema: actor-orgs/1
version: 3
entries:
{entries}
"""


def _user_file(tmp_path: Path, body: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(ORG_FILE.format(entries=body), encoding="utf-8")
    return path


def test_actors_builtin_registry_passes_cross_file_checks() -> None:
    assert tier_problems(read_tier(builtin_paths())) == []


def test_actors_registry_minimum_sizes() -> None:
    registry = load_registry()
    people = {p.name for p in registry.people}
    assert len(registry.orgs) >= 300
    assert len(people) >= 150
    # every ISO 3166 country plus Kosovo
    assert len(registry.countries) >= 249 and "XKX" in registry.countries
    for org_id in ("TTP", "ISKP", "AQ", "HAQQANI", "BLA", "UN", "NATO", "EU", "AU", "ECOWAS",
                   "HAMAS", "HEZBOLLAH", "HTS", "ALSHABAAB", "JNIM", "M23", "ADF", "FARC", "ELN",
                   "WAGNER", "ARAKAN_ARMY", "PDF", "TALIBAN"):
        assert org_id in registry.orgs, org_id


def test_actors_registry_rows_snapshot() -> None:
    rows = registry_rows(load_registry())
    taliban = [r for r in rows if r["name"] in ("Taliban", "Taliban government")]
    assert [(r["id"], r["from"], r["until"]) for r in taliban] == [
        ("TALIBAN", None, None),
        ("AFG.GOV", date(1996, 9, 27), date(2001, 12, 7)),
        ("AFG.GOV", date(2021, 8, 15), None),
    ]
    shehbaz = [r for r in rows if r["name"] == "Shehbaz Sharif"]
    assert {(r["id"], r["from"]) for r in shehbaz} == {
        ("PAK.GOV", date(2022, 4, 11)), ("PAK.GOV", date(2024, 3, 4))}
    assert set(rows[0]) == {"id", "name", "country", "sector", "from", "until", "aliases"}


def test_actors_user_file_overrides_builtin_entry(tmp_path: Path) -> None:
    path = _user_file(tmp_path, """\
  - id: TTP
    name: Tehrik-i-Taliban Pakistan (analyst view)
    country: PAK
    sector: REB
    aliases: [TTP, Pakistani Taliban, Fitna al-Khawarij]
  - id: LOCAL_MILITIA
    name: Tirah valley lashkar
    country: PAK
    sector: REB
    aliases: [Tirah lashkar]""")
    registry = load_registry([path])
    ref = resolve_actor("the Pakistani Taliban", on=date(2024, 1, 1), registry=registry)
    assert (ref.actor, ref.name) == ("TTP", "Tehrik-i-Taliban Pakistan (analyst view)")
    assert resolve_actor("Tirah lashkar", on=date(2024, 1, 1), registry=registry).actor == (
        "LOCAL_MILITIA")
    assert "user org TTP replaces the built-in entry" in registry.overrides
    # the built-in registry is untouched
    assert load_registry().orgs["TTP"].name == "Tehrik-i-Taliban Pakistan"


def test_actors_user_alias_hides_builtin_meaning(tmp_path: Path) -> None:
    path = _user_file(tmp_path, """\
  - {id: KABUL_FRONT, name: Kabul Front, country: AFG, sector: REB, aliases: [Kabul]}""")
    registry = load_registry([path])
    assert resolve_actor("Kabul", on=date(2024, 1, 1), registry=registry).actor == "KABUL_FRONT"
    assert any("'kabul' hides" in line for line in registry.overrides)


def test_actors_schema_error_names_file_and_entry(tmp_path: Path) -> None:
    path = _user_file(tmp_path, """\
  - {id: GOOD, name: Good group, country: PAK, sector: REB}
  - {id: BAD, name: Bad group, country: PAK, sector: INSURGENT}""")
    problems = check_registry_file(path)
    assert len(problems) == 1
    assert str(path) in problems[0] and "entry 2" in problems[0] and "sector" in problems[0]
    with pytest.raises(DataFileError, match="entry 2"):
        load_registry([path])


def test_actors_check_finds_overlapping_alias_and_unknown_country(tmp_path: Path) -> None:
    path = _user_file(tmp_path, """\
  - {id: ONE, name: First Front, country: PAK, sector: REB, aliases: [the Front], from: 2020-01-01}
  - {id: TWO, name: Second Front, country: XYZ, sector: REB, aliases: [the Front], from: 2021-06-01}
  - {id: THREE, name: Third, country: AFG, sector: REB, aliases: [Old Front],
      until: 2010-01-01}
  - {id: FOUR, name: Fourth, country: AFG, sector: REB, aliases: [Old Front],
      from: 2010-01-02}""")
    problems = check_registry_file(path)
    assert any("unknown country XYZ" in p for p in problems)
    assert any("'the front'" in p and "ONE" in p and "TWO" in p for p in problems)
    # dated aliases that follow one another are fine
    assert not any("old front" in p for p in problems)
    assert len(problems) == 2


def test_actors_check_accepts_good_office_holder_file(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "# schema: actor-office-holders/1\n# version: 1\n"
        "name,aliases,country,sector,office,from,until\n"
        "Zarghuna Wardak,Wardak,AFG,GOV,provincial governor,2022-01-01,2023-12-31\n",
        encoding="utf-8")
    assert check_registry_file(path) == []
    registry = load_registry([path])
    assert resolve_actor("Wardak", on=date(2022, 5, 1), registry=registry).actor == "AFG.GOV"
    assert resolve_actor("Wardak", on=date(2024, 5, 1), registry=registry).actor is None


def test_actors_unknown_schema_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "verbs.yaml"
    path.write_text("schema: verb-patterns/1\nversion: 1\nentries: []\n", encoding="utf-8")
    assert "not an actor schema" in check_registry_file(path)[0]
