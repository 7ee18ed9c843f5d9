"""Actors the text implies, completed from the event's place (coding/inference.py)."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.coding.inference import host, local_victims, protesters, unidentified_attacker
from flashpoint.records import ActorRef, Fatalities, Place

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


def test_inference_an_attack_with_a_toll_has_an_attacker_even_with_no_place() -> None:
    one_dead = Fatalities(killed=1, killed_min=1)
    assert unidentified_attacker(None, one_dead) == ActorRef(
        text=None, actor="UNKNOWN", country=None, sector=None,
        name="unidentified attacker (implied by the act)")
    assert unidentified_attacker(None, Fatalities()) is None  # "to prevent attacks"
    assert unidentified_attacker(LIMA, Fatalities()) == unidentified_attacker(LIMA)


def test_inference_a_crowds_protest_is_by_civilians() -> None:
    assert protesters("141", "PER") == ActorRef(
        text=None, actor="PER.CVL", country="PER", sector="CVL",
        name="protesters (implied by the act)")
    assert protesters("143", None) == ActorRef(
        text=None, actor=None, country=None, sector="CVL",
        name="protesters (implied by the act)")
    assert protesters("144", "PER") is None  # a blocked road may be the state's doing


def _sources(coder, text: str) -> list[tuple[int, str, str | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    from flashpoint.records import Article

    events = coder.code_articles([Article(doc_id="t", text=text, published=date(2025, 3, 4))])
    return [(e.sentence, e.type, e.source and e.source.actor, e.source and e.source.country,
             e.source and e.source.name) for e in events]


@pytest.mark.parametrize(("text", "expected"), [
    # an attack with a toll and no place named: an unidentified attacker of no country
    ("A man was shot dead outside a bar late on Friday, police said.",
     [(0, "ASSAULT", "UNKNOWN", None, "unidentified attacker (implied by the act)")]),
    # a protest by nobody named: civilians of its place's country ...
    ("Thousands of teachers marched in Nairobi on Monday. Demonstrations resumed in Mombasa "
     "on Tuesday.",
     [(0, "PROTEST", "KEN.EDU", "KEN", None),
      (1, "PROTEST", "KEN.CVL", "KEN", "protesters (implied by the act)")]),
    # ... else of the article's main country
    ("Kenyan police arrested two opposition leaders in Nakuru on Tuesday. Protests broke out "
     "hours later.",
     [(0, "COERCE", "KEN.POL", "KEN", "Kenya police"),
      (1, "PROTEST", "KEN.CVL", "KEN", "protesters (implied by the act)")]),
    # a passive arrest is the police's, a sentence the court's, an expulsion the host's
    ("Three journalists were arrested in Harare on Sunday.",
     [(0, "COERCE", "ZWE.POL", "ZWE", "police (implied by the act)")]),
    ("The former mayor was sentenced to ten years in prison in Quito on Monday.",
     [(0, "COERCE", "ECU.JUD", "ECU", "judiciary (implied by the act)")]),
    ("Two Bolivian diplomats were expelled from Lima on Monday.",
     [(0, "COERCE", "PER.GOV", "PER", "government (implied by the act)")]),
])
def test_inference_sources_the_act_implies(coder, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert _sources(coder, text) == expected
