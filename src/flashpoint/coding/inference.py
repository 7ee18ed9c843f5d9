"""Inference rules: actors the text implies but does not name, completed from the event's place.

An event is a dyad, as GDELT, ICEWS and PETRARCH code it: its source is found in the text or
inferred by one of these named rules, or the event is not coded (the `no_source` step of
coding/docsteps.py). An arrest implies police and
a sentence a court (the lexicon's `implied_source`), an attack by nobody named has an
unidentified attacker, a protest by nobody named is by civilians, people hurt with no country
named are of the country it happened in, and a visit abroad is hosted by that country's
government. These run on resolved `ActorRef`s and `Place`s
(pipeline.py calls them after resolution); they never look at the text, and a reader can tell
every inferred actor by its `name`. The attacker with no place and the protesters are
inferred once the document is merged (pipeline.py), so that a mention with no source can
still join the mention of its happening that names one.
"""

from __future__ import annotations

import dataclasses

from flashpoint.records import ActorRef, EventMention, Fatalities, Place

# CAMEO protest codes done by the people in the street: demonstrations (140, 141), hunger
# strikes (142), strikes and boycotts (143) and riots (145). Obstruction (144) is not: a road
# "was blocked" as often by the state as by protesters.
CROWD_PROTESTS = frozenset({"140", "141", "142", "143", "145"})


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


def unidentified_attacker(place: Place | None, toll: Fatalities | None = None
                          ) -> ActorRef | None:
    """ "A roadside bomb near the border killed a soldier", "a man was shot dead": no actor
    is named, but someone attacked.

    As ICEWS does ("Unidentified Gunmen"), the attacker is UNKNOWN of the country the attack
    happened in, so country-level dyads keep the event. With no place the attacker is UNKNOWN
    of no country when the attack has a toll (someone was killed or hurt); an attack with no
    doer, no place and no one hurt ("measures to prevent attacks", "amid the fighting") names
    no happening, and nothing is implied.
    """
    if place is not None and place.country:
        return ActorRef(text=None, actor="UNKNOWN", country=place.country, sector=None,
                        name="unidentified attacker (implied by the act)")
    if toll is None or all(n is None for n in (toll.killed, toll.killed_min, toll.injured,
                                               toll.injured_min)):
        return None
    return ActorRef(text=None, actor="UNKNOWN", country=None, sector=None,
                    name="unidentified attacker (implied by the act)")


def protesters(cameo: str, country: str | None) -> ActorRef | None:
    """ "Demonstrations resumed in the capital", "a general strike shut the port": a protest by
    nobody named is by civilians, as ACLED codes unnamed protesters, of `country` (the country
    of its place, else the article's main country). Only the crowd's kinds of protest
    (`CROWD_PROTESTS`) imply civilians."""
    if cameo[:3] not in CROWD_PROTESTS:
        return None
    return ActorRef(text=None, actor=f"{country}.CVL" if country else None, country=country,
                    sector="CVL", name="protesters (implied by the act)")



# CAMEO codes of restrictions a state lays on its own people, and threats of them: curbs on
# political freedoms (1721, 1321), curfews (1723, 1323), states of emergency and martial law
# (1724, 1324). Bans on parties (1722) fall on the opposition, not on everyone.
DOMESTIC_RESTRICTIONS = frozenset({"1721", "1723", "1724", "1321", "1323", "1324"})
_NO_STATE = frozenset({"IGO", "NGO", "IMG"})


def restricted_people(cameo: str | None, source: ActorRef | None,
                      site: Place | None) -> ActorRef | None:
    """ "The president declared a state of emergency", "the junta imposed a curfew": a
    restriction aimed at no one named falls on the civilians of the place it is imposed in,
    else on those of the country that imposes it, as CAMEO codes it."""
    if cameo not in DOMESTIC_RESTRICTIONS:
        return None
    country = site.country if site is not None and site.country else (
        source.country if source is not None else None)
    if not country or country in _NO_STATE or len(country) != 3:
        return None
    return ActorRef(text=None, actor=f"{country}.CVL", country=country, sector="CVL",
                    name="civilians (implied by the restriction)")


def local_reporter(reporter: ActorRef | None, site: Place | None) -> ActorRef | None:
    """ "..., a police spokesman said", "according to local officials": a reporter named only
    by a sector speaks for the country the reported event happened in, as unnamed forces
    there act for it."""
    if reporter is None or reporter.actor or reporter.country or not reporter.sector or \
            site is None or not site.country or site.country in _NO_STATE:
        return reporter
    return dataclasses.replace(reporter, actor=f"{site.country}.{reporter.sector}",
                               country=site.country)
