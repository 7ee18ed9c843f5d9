"""Actor resolution: from a noun phrase the coder found, and a date, to an `ActorRef`.

Owns the rules that combine registry matches; it does not parse (the coder hands over noun-phrase
texts and resolves pronouns itself). A phrase is split into tokens and matched against every
alias, longest first. Then:

- an office holder in term on the date gives `ISO3.SECTOR` with their name;
- a named organisation gives its id, or the role it holds on the date (the Taliban are
  `AFG.GOV` from 2021-08-15); a governing organisation with a state sector noun gives that
  sector ("the Taliban's defence minister" in 2022 is `AFG.GOV`);
- a country, demonym or seat of government with a sector noun gives `ISO3.SECTOR`
  ("Pakistani troops" is `PAK.MIL`); a seat alone is `ISO3.GOV` ("Kabul said"); a country
  name alone is `ISO3.GOV` as an agent and bare `ISO3` otherwise;
- an unnamed armed actor ("gunmen", "militants") is `UNKNOWN`, sector REB, unless a country
  name or demonym right in front of it says whose ("Ivory Coast rebels" are `CIV.REB`);
- a named organisation with no country of its own takes CAMEO's code for actors above or
  across states in the country slot: `IGO` (the UN), `NGO` (Amnesty), `IMG` (al-Qaeda);
- people named by a demonym "of" a country, or "ethnic" ones "in" it ("the Albanians of
  southern Serbia", "ethnic Hungarians in Romania") are of the country they live in;
- in undated text (`on=None`) a name with no meaning today keeps the one it had when that is
  unambiguous: "President Bush" is `USA.GOV`, whichever Bush (the text may be old).

We never guess a country from nothing: a sector noun with no country in the text ("army
personnel") gives `actor=None` with its sector, unless the caller passes `context_country`
explicitly. A phrase whose head noun is not an actor ("the Afghan border") resolves to nothing,
and so does an alias with two live meanings. `on=None` means today, except that a name with no
meaning today falls back to the meanings it has had (the text may be old).
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal

from flashpoint import datafiles
from flashpoint.actors import cameo as cameo_codes
from flashpoint.actors.dictionary import Layer
from flashpoint.actors.registry import (
    Registry,
    Target,
    Tier,
    builtin_paths,
    check_tiers,
    merge,
    read_tier,
    tier_problems,
    tokens,
)
from flashpoint.errors import DataFileError
from flashpoint.records import ActorRef

# "victim": the target of harm (an attack, an arrest), where a capital is a city, not its
# government ("shelled Kabul" hits the city; "criticised Kabul" the government)
ActorRole = Literal["agent", "patient", "victim"]
STATE_SECTORS = frozenset({"GOV", "MIL", "POL", "JUD", "LEG"})
# Words that count or point but never name: "the", "several", "three", "at least".
_SKIP = frozenset(re.split(r"\s+", """\
the a an some several many few any all both each every other another more most than least at
about around nearly almost over under up to dozens dozen hundreds thousands scores tens of
its their his her our these those this that s 's own unidentified unknown suspected alleged
armed masked heavily so called self styled two three four five six seven ten eight nine eleven
twelve fifteen twenty thirty forty fifty hundred thousand former ex then new top senior""".strip()))
# A phrase ends where a place, a time or a clause starts: "the army in Kurram" is the army.
_STOP = frozenset(re.split(r"\s+", """\
in at near on to for from along across inside outside into with against
during after before who which that whose when where while by"""))
# sectors whose members, named "in <country>", are that country's own (see _located)
LOCAL_SECTORS = frozenset({"REB", "POL", "OPP", "LEG", "JUD"})
# CAMEO's country-slot codes for named organisations that belong to no one state.
TRANSNATIONAL = {"IGO": "IGO", "NGO": "NGO", "REB": "IMG"}
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    target: Target
    former: bool = False  # a name that had this meaning, but not on the date


def _pick(targets: tuple[Target, ...], toks: tuple[str, ...], on: date,
          context: set[str]) -> tuple[list[Target], list[Target]]:
    """Targets of one alias that fit the case, the date and the context: (live, known)."""
    # "KYIV, April 17 -" is a dateline, not the government speaking.
    shouted = all(t.isupper() and len(t) > 1 for t in toks)
    known = [t for t in targets if (t.case is None or t.case == toks)
             and not (shouted and t.kind == "seat")]
    live = [t for t in known if t.active(on) and (t.local is None or t.local in context)]
    local = [t for t in live if t.local is not None]
    coded = [t for t in live if t.order is not None]
    if coded and len(coded) == len(live):
        # a dictionary's first entry decides, and in it the first dated role that holds,
        # else its default code (PETRARCH's reading)
        live = [min(coded, key=lambda t: t.order or (0, 0))]
    elif coded:
        live = [t for t in live if t.order is None]  # our own files speak over a dictionary
    return (local or live), known


def _former(known: list[Target], dated: bool) -> Target | None:
    """Undated text may be old: a name with no meaning today keeps the one it had, when all
    it has ever meant is one actor, or people of one country ("Bush": two presidents)."""
    if dated or not known:
        return None
    latest = max(known, key=lambda t: t.valid_from or date.min)
    if all(t.kind == "person" for t in known):
        if len({t.country for t in known}) > 1:
            return None
        # army chief, then president: of the country, in no one office
        return latest if len({t.sector for t in known}) == 1 else replace(latest, sector=None)
    return latest if len({(t.kind, t.ref, t.country) for t in known}) == 1 else None


def _scan(registry: Registry, toks: tuple[str, ...], on: date, context: set[str],
          notes: list[str], dated: bool = True) -> tuple[list[_Match], set[int]]:
    """Longest-first alias matches, left to right; also the token positions any alias covers."""
    folded = tuple(t.casefold() for t in toks)
    matches: list[_Match] = []
    covered: set[int] = set()
    i = 0
    # Our own files first, longest alias first; the bundled dictionaries only where our own
    # know no alias starting here ("President Bush" stays our Bush, not Phoenix's phrase).
    tries = [(lookup, n) for lookup in (registry.lookup_own, registry.lookup_layer)
             for n in range(registry.max_len, 0, -1)]
    while i < len(toks):
        for lookup, n in tries:
            if i + n > len(toks):
                continue
            targets = lookup(folded[i:i + n])
            if targets and lookup == registry.lookup_layer and any(
                    registry.lookup_own(folded[j:k]) for j in range(i + 1, i + n)
                    for k in range(j + 1, i + n + 1)):
                continue  # "unidentified gunmen": our own "gunmen" inside it speaks first
            live, known = _pick(targets, toks[i:i + n], on, context) if targets else ([], [])
            if not known:
                continue
            phrase = " ".join(toks[i:i + n])
            if live or not all(t.valid_from or t.until for t in known):
                # (a name whose only meanings are dated roles that do not hold on the date,
                # "Khalid" in "police spokesman Khalid Zadran", is a free part of a name)
                covered.update(range(i, i + n))
            places = [t for t in live if t.kind == "country"]
            if len(places) == 1 and all(t.kind in ("country", "demonym", "seat")
                                        and t.ref == places[0].ref for t in live):
                live = places  # "Philippines": the country and its people's plural agree
            if len({(t.kind, t.ref, t.sector) for t in live}) > 1:
                notes.append(f"{phrase!r} is ambiguous on {on}: "
                             + ", ".join(f"{t.kind} {t.ref}" for t in live))
            elif live and live[0].kind == "coded" and live[0].ref == cameo_codes.NULL:
                notes.append(f"{phrase!r} names no actor on {on} (null code)")
            elif live:
                matches.append(_Match(i, i + n, live[0]))
                notes.append(f"{phrase!r} -> {_describe(live[0])}")
            else:
                notes.append(f"{phrase!r} names {_describe(known[0])}, but not on {on}"
                             + (" in this context" if known[0].local else ""))
                former = _former([t for t in known if t.local is None], dated)
                if former is not None:
                    covered.update(range(i, i + n))
                    matches.append(_Match(i, i + n, former, former=True))
                    notes.append(f"{phrase!r} -> formerly {_describe(former)}")
            i += n
            break
        else:
            i += 1
    return matches, covered


def _describe(t: Target) -> str:
    dates = f" [{t.valid_from or '…'} .. {t.until or '…'}]" if t.valid_from or t.until else ""
    where = f" (only in {t.local} context)" if t.local else ""
    what = t.ref or "actor noun"
    return f"{t.kind} {what}{dates}{where}" + (f" from {t.origin}" if t.origin else "")


def _end(toks: tuple[str, ...], covered: set[int], matches: list[_Match]) -> int:
    """Where the actor part of a phrase stops: the first free preposition or relative word.

    "Delegations from the Sudanese army" names nobody before "from", so it reads on.
    """
    for i, tok in enumerate(toks):
        if i > 0 and i not in covered and tok.casefold() in _STOP:
            named = any(m.end <= i and m.target.kind not in ("sector",) for m in matches)
            if tok.casefold() == "from" and not named:
                continue
            return i
    return len(toks)


def _sector(matches: list[_Match]) -> Target | None:
    """The deciding sector noun: highest rank, and on a tie the later one (the head)."""
    nouns = [m.target for m in matches if m.target.kind == "sector" and m.target.sector]
    best: Target | None = None
    for t in nouns:
        if best is None or t.rank >= best.rank:
            best = t
    return best


def _org(org: Target, noun: Target | None, on: date, text: str,
         registry: Registry | None = None) -> ActorRef:
    """An organisation as it stands on `on`, joined with a state sector noun if it governs."""
    role = next((r for r in org.roles if r.active(on)), None)
    if role is None:
        country = org.country or TRANSNATIONAL.get(org.sector or "")
        code = _org_code(registry, org, country) if registry is not None else None
        return ActorRef(text, org.ref, country, org.sector, org.name, cameo=code)
    country = role.country or org.country
    actor = role.actor or org.ref
    name = role.name or org.name
    governs = actor.startswith(f"{country}.") if country else False
    if governs and noun is not None and noun.sector in STATE_SECTORS and not noun.unnamed:
        return ActorRef(text, f"{country}.{noun.sector}", country, noun.sector, name)
    return ActorRef(text, actor, country, role.sector, name)


def _agent_code(country_code: str, noun: Target) -> str | None:
    """A dictionary agent's code joined to the country's, as PETRARCH joins them:
    `~GOVFRM` after it (`ARNGOVFRM`), `NGO~` before it."""
    code = noun.cameo or ""
    if code.startswith("~"):
        return country_code + code[1:]
    if code.endswith("~"):
        return code[:-1] + country_code
    return None


def _country(place: Target, noun: Target | None, registry: Registry, text: str,
             role: ActorRole | None) -> ActorRef:
    iso3 = place.ref
    name = registry.countries[iso3].name if iso3 in registry.countries else place.name
    if noun is not None:
        label = f"{name} {noun.name}" if noun.name else name
        return ActorRef(text, f"{iso3}.{noun.sector}", iso3, noun.sector, label,
                        cameo=_agent_code(place.cameo or cameo_codes.country_code(iso3), noun))
    if (place.kind == "seat" and role != "victim") or (place.kind == "country"
                                                        and role == "agent"):
        return ActorRef(text, f"{iso3}.GOV", iso3, "GOV", f"{name} government")
    return ActorRef(text, iso3, iso3, None, name)


def _person(m: _Match, text: str, on: date, notes: list[str]) -> ActorRef:
    p = m.target
    if p.sector is None:
        notes.append(f"rule: undated text, {p.name} held several offices in {p.country}")
        return ActorRef(text, p.country, p.country, None, p.name)
    notes.append(f"rule: office holder {p.name} " + (
        f"(undated text; held office as {p.country}.{p.sector})" if m.former
        else f"in term on {on}"))
    return ActorRef(text, f"{p.country}.{p.sector}", p.country, p.sector, p.name)


def _owned_unnamed(place: _Match, noun: _Match | None, toks: tuple[str, ...]) -> bool:
    """ "Ivory Coast rebels", "Sudan's militias": a country name that opens the phrase and
    stands right before the armed noun says whose they are; a dateline's does not."""
    if noun is None or any(toks[i].casefold() not in _SKIP for i in range(place.start)):
        return False
    gap = [t for t in toks[place.end:noun.start] if t.casefold() not in _SKIP]
    return not gap


def _named(matches: list[_Match], noun: Target, toks: tuple[str, ...]) -> bool:
    """Is the sector noun the capitalised head of a proper name ("Water Forum", "Association
    of African Jurists"), rather than a common noun ("aid groups", "the association")?"""
    said = next((m for m in matches if m.target is noun), None)
    if said is None or not toks[said.start][:1].isupper():
        return False
    before = [t for t in toks[:said.start] if t.casefold() not in _SKIP]
    after = toks[said.end:said.end + 2]
    return bool(before and before[-1][:1].isupper()) or (
        len(after) == 2 and after[0] == "of" and after[1][:1].isupper())


def _coded(m: _Match, noun: Target | None, text: str, notes: list[str]) -> ActorRef:
    """A dictionary's coded actor (`PAKMIL`, `IGOUNO`, `ARNGOV`), as the code says; a state
    sector noun after a bare country-level code gives that sector."""
    t = m.target
    notes.append(f"rule: dictionary code {t.ref}")
    country, sector = t.country, t.sector
    if sector is None and noun is not None and noun.sector and country is not None:
        return ActorRef(text, f"{country}.{noun.sector}", country, noun.sector, t.name,
                        cameo=_agent_code(t.ref, noun))
    actor: str | None
    if country is not None and sector is not None and country not in TRANSNATIONAL.values() \
            and country not in cameo_codes.tables().slot_in:
        actor = f"{country}.{sector}"
    else:
        actor = None if country is None else t.ref if sector is not None else country
    return ActorRef(text, actor, country, sector, t.name, cameo=t.cameo)


def _combine(registry: Registry, matches: list[_Match], toks: tuple[str, ...], text: str,
             on: date, context_country: str | None, role: ActorRole | None,
             notes: list[str]) -> ActorRef:
    noun = _sector(matches)
    kinds = {m.target.kind: m for m in reversed(matches)}  # first of each kind wins
    if "person" in kinds:
        return _person(kinds["person"], text, on, notes)
    if "coded" in kinds and "org" not in kinds:
        return _coded(kinds["coded"], noun, text, notes)
    if "org" in kinds:
        # "the al-Qaeda-linked group JNIM", "the UN's World Food Programme": of two named
        # organisations the later one is the head, the earlier one describes it
        org = [m for m in matches if m.target.kind == "org"][-1]
        notes.append("rule: named organisation" + (" with sector noun" if noun else ""))
        return _org(org.target, noun, on, text, registry)
    where = next((m for m in matches if m.target.kind in ("country", "demonym", "seat")), None)
    if where is not None:
        place = where.target
        notes.append(f"rule: country {place.ref} ({place.kind})"
                     + (f" + sector {noun.sector}" if noun else ""))
        if noun is not None and noun.unnamed:
            said = next((m for m in matches if m.target is noun), None)
            if place.kind != "demonym" and not _owned_unnamed(where, said, toks):
                # "MORELIA, Mexico - Cartel gunmen": a country named elsewhere in the phrase
                # does not make the gunmen Mexican; "Pakistani militants" does.
                notes.append("rule: unnamed armed actor -> UNKNOWN")
                return ActorRef(text, "UNKNOWN", None, "REB", None)
            noun = Target("sector", "REB", None, "REB", noun.name)
        said_agency = [m for m in matches if m.target is noun and any(
            toks[k].casefold() in ("agency", "agencies") for k in range(m.start, m.end))]
        if noun is None and place.kind in ("country", "demonym") and any(
                m.target.kind == "sector" and m.target.sector is None
                and toks[m.end - 1].casefold() in _LEADERS for m in matches):
            # "the French leader", "Kenya's leadership": a country's leaders govern it
            notes.append("rule: a country's leader is its government")
            noun = Target("sector", "GOV", None, "GOV", "leadership")
        if noun is not None and noun.sector == "NGO" and said_agency:
            # "Saudi Arabia's aid agency", "the Turkish relief agency": a state's agency
            notes.append("rule: a country's agency is its government's")
            noun = Target("sector", "GOV", None, "GOV", "government")
        return _country(place, noun, registry, text, role)
    if noun is not None and noun.unnamed:
        notes.append("rule: unnamed armed actor -> UNKNOWN")
        return ActorRef(text, "UNKNOWN", None, "REB", None)
    if noun is not None and noun.sector in TRANSNATIONAL and noun.sector != "REB" and _named(
            matches, noun, toks):
        # "the Association of African Jurists", "the Third World Water Forum": a proper name
        # the registry does not know, headed by a civil-society noun, belongs to no one state
        notes.append(f"rule: unknown named body headed by a {noun.sector} noun")
        return ActorRef(text, None, TRANSNATIONAL[noun.sector], noun.sector, None)
    if noun is not None and noun.sector:
        if context_country:
            notes.append(f"rule: sector {noun.sector} in the caller's country {context_country}")
            return ActorRef(text, f"{context_country}.{noun.sector}", context_country,
                            noun.sector, None)
        notes.append(f"rule: sector {noun.sector}, no country in the text (not guessed)")
        return ActorRef(text, None, None, noun.sector, None)
    notes.append("rule: no actor named")
    return ActorRef(text)


_PLACES = ("country", "seat")
_LEADERS = frozenset({"leader", "leaders", "leadership"})


def _org_code(registry: Registry, org: Target, country: str | None) -> str | None:
    """The CAMEO code the field's dictionaries give one of our organisations ("United
    Nations" -> IGOUNO), when their code is of the same country slot; else None (derived)."""
    layer = registry.layer
    if layer is None or org.ref not in registry.orgs:
        return None
    entry = registry.orgs[org.ref]
    for alias in dict.fromkeys([entry.name, *entry.aliases]):
        key = tuple(t.casefold() for t in tokens(alias))
        for _, coded in layer.lookup(key):
            code = coded.code
            if code and code != cameo_codes.NULL and cameo_codes.consistent(code, country):
                return code
    return None


def _residents(registry: Registry, toks: tuple[str, ...], matches: list[_Match],
               notes: list[str]) -> tuple[str, str] | None:
    """ "The Albanians of southern Serbia", "ethnic Serbs in Croatia": a people named by a
    demonym alone, then the country they live in; CAMEO codes them by that country."""
    people = next((m for m in matches if m.target.kind == "demonym"), None)
    if people is None or any(m.target.kind not in ("demonym", *_PLACES) for m in matches):
        return None
    after = people.end
    if after >= len(toks) or toks[after].casefold() not in ("of", "in"):
        return None
    if toks[after].casefold() == "in" and "ethnic" not in {t.casefold() for t in toks[:after]}:
        return None
    home = next((m for m in matches if m.start > after and m.target.kind in _PLACES), None)
    if home is None or home.target.ref == people.target.ref:
        return None
    iso3 = home.target.ref
    name = registry.countries[iso3].name if iso3 in registry.countries else iso3
    notes.append(f"rule: people of {people.target.ref} living in {iso3} are coded as {iso3}")
    return iso3, name


def _located(registry: Registry, toks: tuple[str, ...], text: str, matches: list[_Match],
             notes: list[str]) -> ActorRef | None:
    """ "rebels in the Ivory Coast", "a newspaper based in Beirut": a group named only by its
    sector, then the country (or capital) it is in, is that country's. Only sectors whose
    members are the country's own take "in" so ("police in Kenya", "lawmakers in Peru"):
    troops, diplomats, aid workers, refugees, tourists and reporters in a country are often
    foreign. "Based in" says where any group belongs."""
    if not matches or matches[0].target.kind != "sector" or not matches[0].target.sector:
        return None
    noun = matches[0]
    k = noun.end
    based = k < len(toks) and toks[k].casefold() == "based"
    k += based
    if k >= len(toks) or toks[k].casefold() != "in" or (
            not based and noun.target.sector not in LOCAL_SECTORS):
        return None
    place = next((m for m in matches[1:] if m.start > k and m.target.kind != "sector"), None)
    if place is None or place.target.kind not in _PLACES or place.start - k > 4 \
            or place.end != len(toks):
        return None  # "in (the) (Christian east) Beirut", and the phrase ends there
    iso3 = place.target.ref
    sector = "REB" if noun.target.unnamed else noun.target.sector
    name = registry.countries[iso3].name if iso3 in registry.countries else iso3
    notes.append(f"rule: {noun.target.sector} in {iso3} are coded as {iso3}")
    return ActorRef(text, f"{iso3}.{sector}", iso3, sector,
                    f"{name} {noun.target.name or sector}")


_STANCES = frozenset({"anti", "pro"})


def _stances(toks: tuple[str, ...], matches: list[_Match], covered: set[int],
             notes: list[str]) -> list[_Match]:
    """ "an anti-Syria journalist", "pro-government militias": a name after "anti-" or "pro-"
    says what the actor is for or against, not whose it is; the match is dropped."""
    kept: list[_Match] = []
    for m in matches:
        if m.start > 0 and toks[m.start - 1].casefold() in _STANCES:
            notes.append(f"rule: {toks[m.start - 1]}-{toks[m.start]} is a stance, not a side")
            covered.difference_update(range(m.start, m.end))
            continue
        kept.append(m)
    return kept


def _apposed(text: str, on: date, context_country: str | None, role: ActorRole | None,
             registry: Registry, notes: list[str], dated: bool) -> ActorRef | None:
    """ "Ethiopia's neighbour, Eritrea", "Ana Ruiz, the UN relief coordinator": a phrase
    and its apposition name one actor. When the first part only describes ("Ethiopia's
    neighbour" names no actor) or names someone we do not know, the apposition does, and the
    other way round; when both name someone, the whole phrase is read as before (an
    office-holder's apposition may say what he is now)."""
    first, comma, rest = text.partition(", ")
    if not comma or not first.strip() or not rest.strip() or ", " in rest or \
            rest.split()[0].casefold() in ("and", "or", "but", "who", "which"):
        return None  # "Kenya, Uganda and Tanzania" is a list, not an apposition
    head = _resolve(first, on, context_country, role, registry, [], dated)
    apposition = _resolve(rest, on, context_country, role, registry, [], dated)
    if _names(head) and _names(apposition):
        return None  # both name someone: the whole phrase decides
    if _names(head):
        notes.append("rule: the apposition names no actor; the phrase before it does")
        return replace(head, text=text)  # "Chile, Peru's neighbour"
    if _names(apposition):
        notes.append("rule: the first part names no actor; its apposition does")
        return replace(apposition, text=text)
    return None


def _names(ref: ActorRef) -> bool:
    return bool(ref.actor or ref.country or ref.sector)


def _resolve(text: str, on: date, context_country: str | None, role: ActorRole | None,
             registry: Registry, notes: list[str], dated: bool = True) -> ActorRef:
    apposed = _apposed(text, on, context_country, role, registry, notes, dated) \
        if ", " in text else None
    if apposed is not None:
        return apposed
    toks = tokens(text)
    context = {context_country} if context_country else set()
    # Countries anywhere in the phrase ("an ISIS affiliate in Afghanistan") set the context.
    first, _ = _scan(registry, toks, on, set(), [], dated)
    first = _stances(toks, first, set(), [])
    context |= {m.target.country for m in first
                if m.target.kind in ("country", "demonym", "seat") and m.target.country}
    matches, covered = _scan(registry, toks, on, context, notes, dated)
    matches = _stances(toks, matches, covered, notes)
    residents = _residents(registry, toks, matches, notes)
    if residents is not None:
        return ActorRef(text, residents[0], residents[0], None, residents[1])
    located = _located(registry, toks, text, matches, notes)
    if located is not None:
        return located
    end = _end(toks, covered, matches)
    matches = [m for m in matches if m.end <= end]
    head = next((i for i in range(end - 1, -1, -1) if toks[i].casefold() not in _SKIP), None)
    if head is not None and head not in covered:
        # "the Association of African Jurists": the name's head stands before its "of"
        head = next((k - 1 for k in range(end - 1, 0, -1) if toks[k].casefold() == "of"
                     and k - 1 in covered and toks[k - 1][:1].isupper()), head)
    if head is not None and head not in covered and role in ("patient", "victim"):
        owner = _owner(matches, head)
        if owner:
            # "Houthi radar systems", "a Senegalese peace plan", "the Bosnian town of Gorazde":
            # what is done to a thing or a place is done to whoever the phrase says owns it
            notes.append(f"rule: the head noun {toks[head]!r} is a thing; its owner is the target")
            return _combine(registry, owner, toks, text, on, context_country, "victim", notes)
    titled = _titled(toks, matches, covered, head, text) if head is not None else None
    if titled is not None and head is not None:
        # "Jordanian Foreign Minister Ayman Safadi", "the US Treasury Department": a name we
        # do not know after an office or a body's sector noun is coded by what comes before
        notes.append(f"rule: the name {' '.join(toks[titled:head + 1])!r} is unknown; "
                     "the office before it decides")
        prefix = [m for m in matches if m.end <= titled]
        return _combine(registry, prefix, toks[:titled], text, on, context_country, role, notes)
    if head is None or head not in covered:
        notes.append("rule: the head noun "
                     + (f"{toks[head]!r} " if head is not None else "")
                     + "is not an actor")
        return ActorRef(text)
    if not matches:
        notes.append("rule: nothing named is live on this date")
        return ActorRef(text)
    return _combine(registry, matches, toks, text, on, context_country, role, notes)


_OWNERS = frozenset({"org", "country", "demonym", "seat", "person", "coded"})
# capitalised heads that name a place or a building, not a person or a body: "Army Stadium"
_SITES = frozenset(re.split(r"\s+", """\
stadium airport airbase base camp hospital school university college road street avenue
square bridge hall building tower station port market mosque church temple district province
region valley river mountain mountains hills island islands city town village border""".strip()))


def _titled(toks: tuple[str, ...], matches: list[_Match], covered: set[int],
            head: int, text: str) -> int | None:
    """Where an unknown capitalised name starts that follows an office or a sector noun
    ("Foreign Minister Ayman Safadi", "Treasury Department"), or None. The name runs from
    after the last registry match to the head; a site's name ("Army Stadium") is no actor."""
    if head in covered or not matches:
        return None
    start = max(m.end for m in matches if m.end <= head + 1) if any(
        m.end <= head + 1 for m in matches) else 0
    name = toks[start:head + 1]
    capital = [(t[:1].isupper() and t[:1].isalpha()) or (  # "Woo Won-shik"
        k > 0 and f"{name[k - 1]}-{t}" in text) for k, t in enumerate(name)]
    if start == 0 or not name or any(i in covered for i in range(start, head + 1)) or \
            not all(capital) or toks[head].casefold() in _SITES:
        return None
    offices = [m for m in matches if m.end <= start and m.target.kind == "sector"
               and m.target.sector and not m.target.unnamed]
    return start if offices and offices[-1].end == start else None


def _owner(matches: list[_Match], head: int) -> list[_Match]:
    """The named actors written before a thing's head noun, with the sector nouns between
    them and the head ("Albanian rebel-held territory": Albanian rebels); none if nobody."""
    named = [m for m in matches if m.end <= head + 1 and m.target.kind in _OWNERS]
    if not named:
        return []
    return [m for m in matches if m.end <= head + 1 and m.start >= named[0].start]


@functools.lru_cache(maxsize=200_000)
def _cached(text: str, on: date | None, context_country: str | None, role: ActorRole | None,
            registry: Registry) -> ActorRef:
    ref = _resolve(text, on or date.today(), context_country, role, registry, [],
                   dated=on is not None)
    return cameo_codes.with_cameo(ref) or ref


def resolve_actor(text: str, *, on: date | None = None, context_country: str | None = None,
                  registry: Registry | None = None, role: ActorRole | None = None) -> ActorRef:
    """Resolve a noun phrase to an actor as of `on` (today if None); unknown text gives actor None.

    `role` is the phrase's part in the event: a bare country name as agent is its government.
    """
    reg = registry if registry is not None else load_registry()
    return _cached(text, on, context_country, role, reg)


def explain_actor(text: str, *, on: date | None = None, registry: Registry | None = None,
                  context_country: str | None = None, role: ActorRole | None = None) -> list[str]:
    """Human-readable steps of a resolution, for `flashpoint actors lookup`."""
    reg = registry if registry is not None else load_registry()
    day = on or date.today()
    notes = [f"tokens: {' '.join(tokens(text))} (on {day})"]
    ref = _resolve(text, day, context_country, role, reg, notes, dated=on is not None)
    ref = cameo_codes.with_cameo(ref) or ref
    notes.append(f"result: actor={ref.actor} country={ref.country} sector={ref.sector} "
                 f"name={ref.name} cameo={ref.cameo}")
    return notes + [f"note: {line}" for line in reg.overrides]


@functools.lru_cache(maxsize=1)
def _builtin() -> Tier:
    return read_tier(builtin_paths())


PHOENIX = "phoenix.tsv.gz"


@functools.lru_cache(maxsize=1)
def phoenix_layer() -> Layer | None:
    """The bundled Phoenix dictionaries (read on first lookup that reaches them)."""
    path = datafiles.package_data("actors", PHOENIX)
    return Layer(path) if path.is_file() else None


@functools.lru_cache(maxsize=16)
def _load(extra: tuple[tuple[Path, float], ...]) -> Registry:
    if not extra:  # the built-in registry alone is the same in every process: disk-cached
        from flashpoint import diskcache, records

        # the pickle holds objects of every module of this package and of records.py: a change
        # to any of them, or to the data files and the Phoenix layer, must miss the cache
        code = sorted(Path(__file__).parent.glob("*.py"))
        phoenix = datafiles.package_data("actors", PHOENIX)
        key = diskcache.digest(*(path.read_bytes() for path in code),
                               Path(records.__file__).read_bytes(),
                               *(path.read_bytes() for path in builtin_paths()),
                               str(phoenix.stat().st_size if phoenix.is_file() else -1),
                               # the pickled Phoenix layer reads its file on demand by path:
                               # another checkout or install must not reuse it (#20)
                               str(phoenix.resolve()))
        return diskcache.cached("actors", key, lambda: _build(extra))
    return _build(extra)


def _build(extra: tuple[tuple[Path, float], ...]) -> Registry:
    builtin = _builtin()
    paths = [p for p, _ in extra]
    user = read_tier(paths) if paths else Tier()
    check_tiers(builtin, user, paths)
    return merge(builtin, user, phoenix_layer())


def load_registry(extra: list[Path] | None = None) -> Registry:
    """The built-in registry plus the user's files (`--actors FILE`), whose entries win.

    Cached per set of files and their modification times, so editing a file reloads it.
    """
    paths = [Path(p).resolve() for p in extra or []]
    for path in paths:
        if not path.is_file():
            raise DataFileError(path=path, reason="file not found")
    with _lock:
        return _load(tuple((p, p.stat().st_mtime) for p in paths))


def org_code(actor_id: str, registry: Registry | None = None) -> str | None:
    """The CAMEO code of a named organisation by its id (`UN` -> `IGOUNO`), for exports that
    see only the stored id; a dictionary's own code (`IGOWSTNAT`) is its id. None if unknown."""
    reg = registry if registry is not None else load_registry()
    org = reg.orgs.get(actor_id)
    if org is None:
        slot, _ = cameo_codes.parse_code(actor_id) if actor_id.isalnum() else (None, None)
        return actor_id if slot in cameo_codes.tables().slot_in else None
    target = Target("org", org.id, org.country, org.sector, org.name)
    return _org_code(reg, target, org.country or TRANSNATIONAL.get(org.sector))


def check_registry_file(path: str | Path) -> list[str]:
    """Problems in a user registry file (empty when it is fine), for `flashpoint actors check`."""
    p = Path(path)
    try:
        tier = read_tier([p])
    except DataFileError as exc:
        return [str(exc)]
    return tier_problems(tier, [c.iso3 for c in _builtin().countries])
