"""Targets are actors, never things or places: a place named as a target stands for its country.

CAMEO and PLOVER code an attack on a town as an attack on the people of that town's country
(civilians), and one on a base or a post as an attack on that country's military; any other act
aimed at a place (aid delivered to a town, a blockade of a port) is aimed at the country. The
gazetteer says which country a place is in; this module only decides what the place stands for.
"""

from __future__ import annotations

import re

from flashpoint.geo import resolve as geo_resolve
from flashpoint.records import ActorRef, Place

HARM_TYPES = frozenset({"ASSAULT", "COERCE"})
# material acts that, aimed at no one named, bear on the country of the place they are done in
PLACED_TYPES = frozenset({"AID", "SANCTION", "CONCEDE", "RETREAT"})
# words that make a place a military one: "an army post", "the airbase", "a checkpoint"
_MILITARY_PLACE = re.compile(
    r"\b(base|bases|airbase|air base|post|posts|outpost|checkpost|check post|checkpoint|"
    r"checkpoints|garrison|barracks|cantonment|camp|camps|fort)\b", re.IGNORECASE)
_POLICE = re.compile(r"\b(police|policemen|gendarmerie|constabulary)\b", re.IGNORECASE)


def is_bare_country(ref: ActorRef | None) -> bool:
    """A target resolved to a country with no sector ("Kandahar" as Afghanistan)."""
    return ref is not None and ref.country is not None and ref.sector is None and \
        ref.actor == ref.country


def place_target(text: str, event_type: str, *, context_country: str | None = None
                 ) -> ActorRef | None:
    """The actor a place target stands for, or None when the phrase names no known place."""
    place = geo_resolve.resolve_place(text, context_country=context_country)
    if place is None or not place.country or place.precision == "country":
        return None  # a country named as a target is the country (the resolver's reading)
    return _stands_for(text, place.country, place.name, event_type)


def owned_place(ref: ActorRef, event_type: str) -> ActorRef:
    """ "Juba airbase", "a Kenyan army post": a base or post the phrase places in a country
    is that country's military when attacked; other things keep their owner."""
    if event_type in HARM_TYPES and is_bare_country(ref) and ref.country and \
            _MILITARY_PLACE.search(ref.text or ""):
        return _stands_for(ref.text or "", ref.country, ref.name, event_type)
    return ref


def sited_post(ref: ActorRef | None, site: Place | None, event_type: str) -> ActorRef | None:
    """ "Gunmen attacked a police post in northern Mali": a base or post the phrase places
    nowhere is the forces' of the country the attack happened in (police for a police post)."""
    if ref is None or ref.actor or ref.country or event_type not in HARM_TYPES or \
            site is None or not site.country or not _MILITARY_PLACE.search(ref.text or ""):
        return ref
    return _stands_for(ref.text or "", site.country, None, event_type)


def _stands_for(text: str, iso3: str, name: str | None, event_type: str) -> ActorRef:
    if event_type not in HARM_TYPES:
        return ActorRef(text, iso3, iso3, None, name or iso3)
    sector = "MIL" if _MILITARY_PLACE.search(text) else "CVL"
    sector = "POL" if sector == "MIL" and _POLICE.search(text) else sector
    label = {"MIL": "military", "POL": "police", "CVL": "civilians"}[sector]
    return ActorRef(text, f"{iso3}.{sector}", iso3, sector,
                    f"{name or iso3} ({label}, by the place attacked)")


def placed_target(place: Place | None) -> ActorRef | None:
    """ "Suspended aid deliveries in Baghdad", "lifted the state of emergency in Darfur": an act
    with no one named as its target is aimed at the country of the place the text names."""
    if place is None or not place.text or not place.country:
        return None
    return ActorRef(None, place.country, place.country, None,
                    f"{place.name or place.country} (implied by the place)")


# Acts both sides do to each other: a meeting, talks, cooperation, a signed agreement. A visit
# (042), hosting one (043) and mediating (045) go one way.
_MUTUAL_TYPES = frozenset({"CONSULT", "COOPERATE"})
_ONE_WAY = frozenset({"042", "043", "045"})
_MUTUAL_CODES: frozenset[str] = frozenset()  # "A and B agreed" stays one event (A-B)


def is_mutual(event_type: str, cameo: str | None) -> bool:
    """Whether an act between two actors is coded in both directions, as CAMEO codes meetings
    and cooperation ("Kenya and Uganda held talks": each talked with the other)."""
    code = cameo or ""
    return (event_type in _MUTUAL_TYPES and code not in _ONE_WAY) or code in _MUTUAL_CODES


def mirrored(source: ActorRef | None, target: ActorRef | None) -> bool:
    """Both sides are actors of different countries (or one is above states): worth a second
    record with the roles swapped."""
    return source is not None and target is not None and bool(source.country) and \
        bool(target.country) and source.country != target.country
