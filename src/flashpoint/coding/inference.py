"""Inference rules: actors the text implies but does not name, completed from the event's place.

An arrest implies police, an attack by nobody named has an unidentified attacker, people hurt
with no country named are of the country it happened in, and a visit abroad is hosted by that
country's government. These run on resolved `ActorRef`s and `Place`s (pipeline.py calls them
after resolution); they never look at the text, and a reader can tell every inferred actor by
its `name`.
"""

from __future__ import annotations

import dataclasses

from flashpoint.records import ActorRef, EventMention, Place


def implied_actor(mention: EventMention, context: str | None, *,
                  label: str | None = None) -> ActorRef | None:
    """ "Fifty activists were arrested": nobody is named, but arresting is what police do.

    The actor has no text (nothing in the sentence names it) and a country only when the
    dateline gives one (`context`); `label` is the sector's label in the registry, and `name`
    says it was inferred, so a reader can tell it from a mention.
    """
    sector = mention.implied_source
    if sector is None:
        return None
    return ActorRef(text=None, actor=f"{context}.{sector}" if context else None,
                    country=context, sector=sector,
                    name=f"{label or sector.lower()} (implied by the act)")


def local_victims(target: ActorRef, site: Place | None) -> ActorRef:
    """ "shelled the capital, killing about 20 people", "police killed one person": people,
    civilians or police hurt or held with no country named are of the country it happened in,
    as ACLED codes them. Soldiers, rebels and refugees are often foreign, so they are left as
    they are.
    """
    if target.actor or target.country or target.sector not in (None, "CVL", "POL") or \
            site is None or not site.country:
        return target
    actor = f"{site.country}.{target.sector}" if target.sector else None
    return dataclasses.replace(target, actor=actor, country=site.country)


def host(visitor: ActorRef | None, site: Place | None) -> ActorRef | None:
    """ "The minister arrived in Lima on a visit": a visit to a named place in another country
    is received by that country's government, as "visited Lima" is."""
    if site is None or not site.text or not site.country or visitor is None or \
            not visitor.country or visitor.country == site.country:
        return None  # (a visitor of no known country may be at home)
    return ActorRef(text=None, actor=f"{site.country}.GOV", country=site.country, sector="GOV",
                    name="host government (implied by the visit)")


def unidentified_attacker(place: Place | None) -> ActorRef | None:
    """ "A roadside bomb near the border killed a soldier": no actor is named, but someone
    attacked.

    As ICEWS does ("Unidentified Gunmen"), the attacker is UNKNOWN of the country the attack
    happened in, so country-level dyads keep the event; with no place, nothing is implied.
    """
    if place is None or not place.country:
        return None
    return ActorRef(text=None, actor="UNKNOWN", country=place.country, sector=None,
                    name="unidentified attacker (implied by the act)")
