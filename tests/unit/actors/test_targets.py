"""Targets are actors, never things or places: sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.actors import resolve_actor
from flashpoint.actors.targets import owned_place, sited_post
from flashpoint.pipeline import code_text
from flashpoint.records import ActorRef, Place

D = date(2023, 5, 2)


@pytest.mark.parametrize(("text", "actor"), [
    ("Houthi radar systems", "HOUTHIS"),           # a thing's owner
    ("a Senegalese peace plan", "SEN"),
    ("a United Nations appeal", "UN"),
    ("the besieged Bosnian town of Gorazde", "BIH"),  # a place's country
    ("all the ballot boxes", None),                # a thing nobody owns: no actor
])
def test_actors_a_thing_target_is_its_owner(text: str, actor: str | None) -> None:
    assert resolve_actor(text, on=D, role="patient").actor == actor


def test_actors_a_thing_is_no_agent() -> None:
    assert resolve_actor("the Afghan border", on=D, role="agent") == ActorRef("the Afghan border")


@pytest.mark.parametrize(("text", "target"), [
    # an attacked place is its country's civilians; a base or post its military
    ("Rebels shelled Kandahar on Sunday.", ("Kandahar", "AFG.CVL")),
    ("Gunmen attacked a Somali army base in Baidoa.", ("a Somali army base", "SOM.MIL")),
    # a capital attacked is the city, criticised the government
    ("Rebels shelled Kabul on Sunday.", ("Kabul", "AFG.CVL")),
    ("Pakistan criticised Kabul for the raid.", ("Kabul", "AFG.GOV")),
    # a material act aimed at no one named bears on the country it is done in
    ("The aid agency suspended food deliveries in Mosul on Monday.", (None, "IRQ")),
])
def test_actors_places_as_targets(text: str, target: tuple[str | None, str]) -> None:
    events = code_text(text, date=D)
    assert [(e.target.text, e.target.actor) for e in events if e.target] == [target]


def test_actors_every_event_actor_has_a_cameo_code() -> None:
    events = code_text("Kenyan police arrested twelve protesters in Nairobi.", date=D)
    assert [(e.source and e.source.cameo, e.target and e.target.cameo) for e in events] == [
        ("KENCOP", "KENCVL")]


def test_actors_a_base_owned_by_a_place_is_its_military() -> None:
    ref = resolve_actor("Juba airbase", on=D, role="victim")
    assert (ref.actor, owned_place(ref, "ASSAULT").actor, owned_place(ref, "AID").actor) == (
        "SSD", "SSD.MIL", "SSD")


@pytest.mark.parametrize(("text", "pairs"), [
    # talks go both ways; a visit goes one way
    ("Kenya held talks with Uganda on Monday.",
     [("KEN.GOV", "UGA"), ("UGA.GOV", "KEN.GOV")]),
    ("Kenya's president visited Uganda on Monday.", [("KEN.GOV", "UGA")]),
])
def test_actors_mutual_acts_are_coded_both_ways(text: str, pairs: list[tuple[str, str]]) -> None:
    events = code_text(text, date=D)
    assert [(e.source.actor if e.source else None, e.target.actor if e.target else None)
            for e in events if e.type == "CONSULT"] == pairs


@pytest.mark.parametrize(("text", "event_type", "expected"), [
    ("a police post", "ASSAULT", ("MLI.POL", "MLI", "POL")),
    ("an army checkpoint", "ASSAULT", ("MLI.MIL", "MLI", "MIL")),
    ("the barracks", "COERCE", ("MLI.MIL", "MLI", "MIL")),
    ("a police post", "AID", (None, None, "POL")),      # not harm: left as it is
    ("the market", "ASSAULT", (None, None, None)),      # no base or post
])
@pytest.mark.issue(16)
def test_actors_an_unplaced_post_is_the_sites_forces(
        text: str, event_type: str, expected: tuple[str | None, ...]) -> None:
    """A base or post attacked where the text says the attack happened (Mali) is that
    country's forces: police for a police post, military otherwise."""
    site = Place(text="Gao", name="Gao", country="MLI", precision="city")
    ref = resolve_actor(text, on=D, role="victim")
    found = sited_post(ref, site, event_type)
    assert found is not None
    assert (found.actor, found.country, found.sector) == expected


@pytest.mark.parametrize(("text", "parts"), [
    ("Peruvian and Chilean leaders", ["Peruvian leaders", "Chilean leaders"]),
    ("the Kenyan and Ugandan foreign ministers",
     ["Kenyan foreign ministers", "Ugandan foreign ministers"]),
    ("Chad, Mali and Niger", ["Chad", "Mali", "Niger"]),
    ("the army and police", ["army", "police"]),
    ("Brazil", []),
])
@pytest.mark.issue(16)
def test_actors_coordinated_target_parts(text: str, parts: list[str]) -> None:
    from flashpoint.pipeline import _conjuncts

    assert _conjuncts(text) == parts


@pytest.mark.issue(16)
def test_actors_each_coordinated_target_is_an_event() -> None:
    """A meeting with the leaders of two countries is a meeting with each (and, being
    mutual, each meeting the host); targets of one country stay one event."""
    events = code_text("The Bolivian president met Peruvian and Chilean leaders in La Paz.",
                       date=D)
    assert sorted((e.type, e.source.actor if e.source else None,
                   e.target.actor if e.target else None) for e in events) == [
        ("CONSULT", "BOL.GOV", "CHL.GOV"), ("CONSULT", "BOL.GOV", "PER.GOV"),
        ("CONSULT", "CHL.GOV", "BOL.GOV"), ("CONSULT", "PER.GOV", "BOL.GOV")]
    assert len({e.event_id for e in events}) == 4
    one = code_text("The Bolivian president met army and police commanders.", date=D)
    assert [(e.type, e.target.text if e.target else None) for e in one] == [
        ("CONSULT", "army and police commanders")]  # parts of no other country: one target
