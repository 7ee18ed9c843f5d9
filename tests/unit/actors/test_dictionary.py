"""TABARI/PETRARCH dictionaries: importing them, and resolving with what they say."""

from __future__ import annotations

import gzip
import pickle
from datetime import date
from pathlib import Path

import pytest

from flashpoint.actors import resolve_actor
from flashpoint.actors.cameo import derive, parse_code, with_cameo
from flashpoint.actors.dictionary import CodedRole, DictEntry, Layer, read_tsv
from flashpoint.actors.petrarch import import_petrarch, read_actors, read_agents
from flashpoint.actors.resolve import check_registry_file, load_registry, org_code
from flashpoint.records import ActorRef

# An invented island state, its leaders and its agents, in PETRARCH's layout.
ACTORS = """\
<!-- a test dictionary -->
# comments like this are skipped
VALDORIA_  [VLD]
+VALDORIAN_
+PORT_ESKER

MARA_TELLEN_  # a president, then out of office
\t[VLDGOV 20100105-20150310]
\t[VLDELI]

OSKAR_BRENN  [VLDOPP]
+BRENN_
\t[VLDGOV >20150311]

BARDO_ORE
+OLD_BARDO
\t[--- <951231]
\t[VLDREB]

THE_ISLAND_LEAGUE_  [IGOISL]

IKE_VORN_ [VLDELI]
\t[VLDMIL >20080101]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
HARBOUR_WARDEN [~COP]
FERRY!PERSON! [~CVL]
TRUSTEE_BODY {} [NGO~]
NAVAL [~MIL]
"""


@pytest.fixture()
def files(tmp_path: Path) -> list[Path]:
    actors = tmp_path / "island.actors.txt"
    agents = tmp_path / "island.agents.txt"
    actors.write_text(ACTORS, encoding="utf-8")
    agents.write_text(AGENTS, encoding="utf-8")
    (tmp_path / "LICENSE").write_text("Test licence notice.\n", encoding="utf-8")
    return [actors, agents]


def test_actors_import_reads_names_codes_and_dated_roles(files: list[Path]) -> None:
    entries = read_actors(files[0])
    assert entries == [
        DictEntry(names=["Valdoria", "Valdorian", "Port Esker"], code="VLD"),
        DictEntry(names=["Mara Tellen"], code="VLDELI", roles=[
            CodedRole(code="VLDGOV", **{"from": date(2010, 1, 5), "until": date(2015, 3, 10)})]),
        DictEntry(names=["Oskar Brenn", "Brenn"], code="VLDOPP", roles=[
            CodedRole(code="VLDGOV", **{"from": date(2015, 3, 11)})]),
        DictEntry(names=["Bardo Ore", "Old Bardo"], code="VLDREB", roles=[
            CodedRole(code="---", until=date(1995, 12, 31))]),
        DictEntry(names=["Island League"], code="IGOISL"),
        DictEntry(names=["Ike Vorn"], code="VLDELI", roles=[
            CodedRole(code="VLDMIL", **{"from": date(2008, 1, 1)})]),
    ]


def test_actors_import_reads_agents_with_plurals_and_markers(files: list[Path]) -> None:
    assert read_agents(files[1]) == [
        DictEntry(names=["harbour warden", "harbour wardens"], code="~COP"),
        DictEntry(names=["ferryman", "ferrymen", "ferrywoman", "ferrywomen"], code="~CVL"),
        DictEntry(names=["trustee body"], code="NGO~"),
    ]  # "NAVAL" is an adjective: it modifies nouns that are not actors


def test_actors_import_writes_a_registry_that_resolves(files: list[Path],
                                                       tmp_path: Path) -> None:
    out = tmp_path / "island.yaml"
    result = import_petrarch(files, out, source="test files")
    assert (result.actors, result.agents) == (6, 3)
    text = out.read_text(encoding="utf-8")
    assert "Test licence notice." in text and "source: test files" in text
    assert check_registry_file(out) == []
    reg = load_registry([out])

    def ref(phrase: str, on: date, role: str | None = None) -> ActorRef:
        return resolve_actor(phrase, on=on, registry=reg, role=role)  # type: ignore[arg-type]

    on = date(2012, 6, 1)
    assert ref("Mara Tellen", on) == ActorRef("Mara Tellen", "VLD.GOV", "VLD", "GOV",
                                              "Mara Tellen", cameo="VLDGOV")
    # after her term the default code: of the country, in no office
    assert ref("Mara Tellen", date(2016, 1, 1)).actor == "VLD"
    assert ref("Brenn", on).actor == "VLD.OPP"
    assert ref("Brenn", date(2016, 1, 1)).actor == "VLD.GOV"
    assert ref("Old Bardo", date(1994, 1, 1)).actor is None  # the null code
    assert ref("Old Bardo", on).actor == "VLD.REB"
    assert ref("Port Esker", on, "agent").actor == "VLD.GOV"
    assert ref("the Valdorian harbour wardens", on) == ActorRef(
        "the Valdorian harbour wardens", "VLD.POL", "VLD", "POL", "Valdoria harbour warden",
        cameo="VLDCOP")
    assert ref("the Island League", on) == ActorRef(
        "the Island League", "IGOISL", "IGO", "IGO", "Island League", cameo="IGOISL")


def test_actors_import_compact_layer_is_lazy(files: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "island.tsv.gz"
    import_petrarch(files, out, close_on=date(2014, 12, 31))
    assert gzip.decompress(out.read_bytes()).startswith(b"# schema: actor-dictionary/1")
    # roles still open on the closing day end there
    brenn = next(e for e in read_tsv(out) if e.names[0] == "Oskar Brenn")
    assert brenn.roles == [CodedRole(code="VLDGOV", **{"from": date(2015, 3, 11)})]  # after
    # the closing day: kept as it was
    vorn = next(e for e in read_tsv(out) if e.names[0] == "Ike Vorn")
    assert vorn.roles == [CodedRole(code="VLDMIL", **{"from": date(2008, 1, 1),
                                                      "until": date(2014, 12, 31)})]
    layer = Layer(out)
    assert not layer.loaded
    assert [e.code for _, e in layer.lookup(("valdoria",))] == ["VLD"]
    assert layer.loaded


def test_actors_layer_survives_the_disk_cache(files: list[Path], tmp_path: Path) -> None:
    # the built-in registry, layer included, is pickled to the disk cache: a loaded layer
    # (with its lock) must pickle, and come back lazy, answering the same
    out = tmp_path / "island.tsv.gz"
    import_petrarch(files, out, close_on=date(2014, 12, 31))
    layer = Layer(out)
    before = [e.code for _, e in layer.lookup(("valdoria",))]
    again = pickle.loads(pickle.dumps(layer))
    assert (again.path, again.loaded) == (out, False)
    assert [e.code for _, e in again.lookup(("valdoria",))] == before == ["VLD"]


def test_actors_bundled_layer_answers_only_what_our_files_do_not_know() -> None:
    on = date(2012, 1, 1)
    # ours: the UN keeps our id, with the dictionaries' code
    assert resolve_actor("the United Nations", on=on) == ActorRef(
        "the United Nations", "UN", "IGO", "IGO", "United Nations", cameo="IGOUNO")
    # theirs: a provincial city our registry does not list stands for its country
    assert resolve_actor("Kandahar police", on=on).actor == "AFG.POL"


@pytest.mark.parametrize(("code", "parsed"), [
    ("PAKMIL", ("PAK", "MIL")), ("KENCOP", ("KEN", "POL")), ("IGOUNO", ("IGO", "IGO")),
    ("---GOV", (None, "GOV")), ("USAELI", ("USA", None)), ("ELI", (None, None)),
    ("USAPRI", ("PRI", None)), ("KSV", ("XKX", None)), ("IRQMUSUAF", ("IRQ", "REB")),
])
def test_actors_cameo_codes_read_back(code: str, parsed: tuple[str | None, str | None]) -> None:
    assert parse_code(code) == parsed


@pytest.mark.parametrize(("actor", "country", "sector", "code"), [
    ("PAK.MIL", "PAK", "MIL", "PAKMIL"), ("KEN.POL", "KEN", "POL", "KENCOP"),
    ("XKX.GOV", "XKX", "GOV", "KSVGOV"), ("SRB", "SRB", None, "SRB"),
    ("UNKNOWN", None, "REB", "---REB"), ("AU", "IGO", "IGO", "IGO"), (None, None, None, None),
])
def test_actors_cameo_codes_derive(actor: str | None, country: str | None, sector: str | None,
                                   code: str | None) -> None:
    assert derive(actor, country, sector) == code


def test_actors_cameo_code_follows_a_completed_country() -> None:
    # the pipeline gave people hurt in Kenya their country after resolution
    ref = ActorRef("three people", "KEN.CVL", "KEN", "CVL", cameo="---CVL")
    assert with_cameo(ref) == ActorRef("three people", "KEN.CVL", "KEN", "CVL", cameo="KENCVL")


def test_actors_cameo_codes_of_our_organisations() -> None:
    assert (org_code("UN"), org_code("EU"), org_code("NATO")) == (
        "IGOUNO", "IGOEUREEC", "IGOWSTNAT")
    assert resolve_actor("the Taliban", on=date(2019, 1, 1)).cameo == "AFGREB"
    assert resolve_actor("the Taliban", on=date(2022, 1, 1)).cameo == "AFGGOV"


PHOENIX = Path(__file__).resolve().parents[3] / ".." / "shared" / "reference" / "petrarch"


@pytest.mark.skipif(not PHOENIX.is_dir(), reason="../shared/reference/petrarch is absent")
def test_actors_bundled_layer_is_the_phoenix_dictionaries_converted(tmp_path: Path) -> None:
    from flashpoint import datafiles

    bundled = datafiles.package_data("actors", "phoenix.tsv.gz")
    header = gzip.decompress(bundled.read_bytes()).decode("utf-8").split("\n", 3)[2]
    out = tmp_path / "phoenix.tsv.gz"
    import_petrarch([PHOENIX / f"Phoenix.{n}.txt" for n in (
        "Countries.actors", "International.actors", "MilNonState.actors", "agents")], out,
        source=header.partition(": ")[2], close_on=date(2014, 12, 31))
    assert out.read_bytes() == bundled.read_bytes()
