"""Actors the text implies, completed from the event's place (coding/inference.py)."""

from __future__ import annotations

from flashpoint.coding.inference import host, local_victims, unidentified_attacker
from flashpoint.records import ActorRef, Place

LIMA = Place(text="Lima", country="PER", precision="city")


def test_inference_unidentified_attacker_is_of_the_place() -> None:
    assert unidentified_attacker(LIMA) == ActorRef(
        text=None, actor="UNKNOWN", country="PER", sector=None,
        name="unidentified attacker (implied by the act)")
    assert unidentified_attacker(None) is None


def test_inference_local_victims_take_the_country_soldiers_do_not() -> None:
    civilians = ActorRef(text="three farmers", sector="CVL")
    soldiers = ActorRef(text="two soldiers", sector="MIL")
    assert local_victims(civilians, LIMA) == ActorRef(
        text="three farmers", actor="PER.CVL", country="PER", sector="CVL")
    assert local_victims(soldiers, LIMA) == soldiers


def test_inference_a_visit_abroad_is_hosted() -> None:
    visitor = ActorRef(text="the Chilean minister", actor="CHL.GOV", country="CHL")
    assert host(visitor, LIMA) == ActorRef(
        text=None, actor="PER.GOV", country="PER", sector="GOV",
        name="host government (implied by the visit)")
    assert host(ActorRef(text="the Peruvian minister", country="PER"), LIMA) is None
