"""One event per happening in a document: merging the mentions a whole article makes of it.

A news story names its main happening in the headline, the lead and again further down ("the
attack", "the blast", "the raid killed four"). The sentence coder codes each mention; this
module joins the mentions of one happening into one event, after actors are resolved, so the
joined event has the most specific source, target and date any mention gives and the
reconciled toll (the highest firm count, lower bounds kept).

Two mentions are one happening when they have the same type, no contradicting actors (an actor
left open in one is filled from the other; two different named actors are two happenings, so
an attack and the return fire stay apart), compatible dates and the same modality. Mentions in
one sentence are left alone: the sentence coder has already decided about them.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from flashpoint.records import ActorRef, Event, EventDate, Fatalities, Place, Span

DATE_WINDOW = 7  # days before publication a mention's own date may lie and still be "new"


def actor_key(actor: ActorRef | None) -> str | None:
    """What two mentions compare an actor on: a named actor's registry id, else country and
    sector ("PAK.CVL" and "PAK." for "Pakistani civilians" and "a Pakistani mosque"); None when
    the mention names nobody the registry knows (it can take the other's actor)."""
    if actor is None:
        return None
    if actor.actor == "UNKNOWN":
        return "UNKNOWN"
    if named(actor):
        return actor.actor
    if actor.country or actor.sector:
        return f"{actor.country or ''}.{actor.sector or ''}"
    return None


def named(actor: ActorRef | None) -> bool:
    """Does `actor` name one party (a group, a person, a registry entry), rather than a
    country's sector ("PAK.CVL", "USA.MIL", "USA": ids the registry builds from country and
    sector alone)?"""
    if actor is None or not actor.actor or actor.actor == "UNKNOWN":
        return False
    return actor.actor not in (actor.country, f"{actor.country}.{actor.sector}")


STATE_SECTORS = frozenset({"GOV", "MIL"})  # "the US struck", "the US military struck"


def _sectors_agree(a: str | None, b: str | None) -> bool:
    """A state acts through its forces: a government and its military are one side."""
    return not a or not b or a == b or {a, b} <= STATE_SECTORS


def _informative(actor: ActorRef | None) -> int:
    """How much an actor says: a registry id beats a country, which beats an unnamed one."""
    if actor is None:
        return 0
    if actor.actor and actor.actor != "UNKNOWN":
        return 3 + bool(actor.sector)
    if actor.country:
        return 2
    return 1 if actor.text or actor.actor else 0


def own_date(when: EventDate | None) -> bool:
    """Does the mention date itself (a weekday, "yesterday", "on 3 May"), rather than take the
    publication date for want of one?"""
    return when is not None and when.value is not None and when.basis in ("explicit", "relative")


def dates_agree(a: EventDate | None, b: EventDate | None, published: date | None) -> bool:
    """Same day, or one undated (publication date) and the other dated within the days just
    before publication: a dated background happening ("last month", "in 2016") never joins the
    news of the day."""
    if own_date(a) and own_date(b):
        return a is not None and b is not None and a.value == b.value
    dated = a if own_date(a) else b if own_date(b) else None
    if dated is None or dated.value is None:
        return True
    if dated.precision not in ("day", None):
        return False
    if published is None:
        return True
    delta = (published - date.fromisoformat(dated.value)).days
    return -1 <= delta <= DATE_WINDOW


def actors_agree(a: ActorRef | None, b: ActorRef | None, *, by_words: bool = True,
                 unknown_open: bool = False, words_only: bool = False) -> bool:
    """Could `a` and `b` name the same party? One left open agrees with anything; an unnamed
    attacker agrees only with another unnamed one, unless `unknown_open` (something else ties
    the two mentions, see `tied`); named actors must be the same; countries and sectors must
    not differ where both give one (a government and its forces are one side); two phrases the
    registry does not know agree, `by_words`, only when they share their last word ("nine" and
    "at least nine soldiers" do, "a village" and "nine" do not). Targets are compared by words;
    sources are not, because the attackers of one happening go by many names ("gunmen", "the
    assailants")."""
    if a is None or b is None:
        return True
    ka, kb = actor_key(a), actor_key(b)
    if unknown_open and "UNKNOWN" in (ka, kb):
        return True
    if (words_only or (not (a.actor or b.actor) and not (a.sector and b.sector))) and a.text \
            and b.text and by_words:  # a country alone may be only the place's
        last_a, last_b = a.text.lower().split()[-1], b.text.lower().split()[-1]
        return last_a in b.text.lower().split() or last_b in a.text.lower().split()
    if ka is None or kb is None:
        return True
    if "UNKNOWN" in (ka, kb) or named(a) or (named(b) and not (a.country or a.sector)):
        return ka == kb
    return (not a.country or not b.country or a.country == b.country) and _sectors_agree(
        a.sector, b.sector)


def _places_agree(a: Place | None, b: Place | None) -> bool:
    """Two places named at town level or finer, or two countries, that differ are two
    happenings ("near Gao" and "near Menaka")."""
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    fine = ("point", "city")
    return not (a.precision in fine and b.precision in fine and a.name and b.name
                and a.name != b.name)


def _roles_agree(a: Event, b: Event) -> bool:
    """No contradicting actors or places, and no swap of sides (one side's attacker being the
    other's victim: that is the return fire). An unnamed attacker ("a bombing", "gunmen")
    agrees with a named one when the two mentions are `tied` otherwise."""
    if not (actors_agree(a.source, b.source, by_words=False, unknown_open=tied(a, b, firm=True))
            and actors_agree(_victim(a), _victim(b), by_words=not _same_town(a, b))
            and _places_agree(a.location, b.location)):
        return False
    return not (_same_side(a.source, _victim(b)) or _same_side(b.source, _victim(a)))


STATE_FORCES = frozenset({"GOV", "MIL", "POL"})


def _same_side(x: ActorRef | None, y: ActorRef | None) -> bool:
    """Are `x` and `y` one named party, one state or one state's forces ("soldiers at the post
    fought back" after "gunmen attacked a police post": the attacked side fires back)? Two
    mentions of civilians are not a side ("mourners" beside "the 21 people killed")."""
    kx, ky = actor_key(x), actor_key(y)
    if x is None or y is None or kx is None or "UNKNOWN" in (kx, ky):
        return False
    if named(x) or named(y):
        return kx == ky
    return bool(x.country and x.country == y.country and (
        {x.sector, y.sector} <= STATE_FORCES or not (x.sector or y.sector)))


REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})


def _victim(event: Event) -> ActorRef | None:
    """The target, but none for "blew himself up", "detonated himself": the attacker is not
    the attack's victim."""
    target = event.target
    if target is not None and (target.text or "").lower() in REFLEXIVES:
        return None
    return target


def tied(a: Event, b: Event, *, firm: bool = False) -> bool:
    """Something beyond the type ties the later mention `b` to `a`: `a` is the headline, `b`
    names no actor of its own ("the blast"), they share a named actor, their victims share
    country and sector ("at least 31 people" and "worshippers"), or they name one town.

    A `firm` tie, the one that lets an unnamed attacker be a named one, asks more of the
    headline: the victims its mention and `b` name may not differ in words ("Gunmen kill 12
    soldiers" then "gunmen attacked a convoy" are two attacks)."""
    if actor_key(b.source) in (None, "UNKNOWN") and _victim(b) is None:
        return True
    if a.sentence == 0 and (not firm or actors_agree(_victim(a), _victim(b), by_words=True,
                                                      words_only=True)):
        return True
    if any(x is not None and x == y and x != "UNKNOWN" for x, y in (
            (actor_key(a.source), actor_key(b.source)),
            (actor_key(_victim(a)), actor_key(_victim(b))))):
        return True
    ta, tb = _victim(a), _victim(b)
    if ta is not None and tb is not None and ta.country and ta.country == tb.country and \
            ta.sector and ta.sector == tb.sector:
        return True
    return _same_town(a, b)


def _same_town(a: Event, b: Event) -> bool:
    """Both mentions are placed in one town or at one spot ("in Quetta"): then "the mosque" and
    "at least 20 worshippers" may be one attack's victims though their words differ."""
    fine = ("point", "city")
    return a.location is not None and b.location is not None and bool(a.location.name) and \
        a.location.name == b.location.name and a.location.precision in fine and \
        b.location.precision in fine


def same_happening(a: Event, b: Event, published: date | None) -> bool:
    """May `a` and `b` (told after it) be two mentions of one happening?"""
    return a.doc_id == b.doc_id and a.sentence != b.sentence and a.type == b.type \
        and a.modality == b.modality and a.modality != "negated" \
        and _roles_agree(a, b) and dates_agree(a.date, b.date, published) and tied(a, b)


def claim_joins(a: Event, b: Event, claims: frozenset[str], published: date | None) -> bool:
    """May one of `a` and `b` be a claim of responsibility for the other attack?

    "Gunmen attacked a post on Sunday ... JNIM claimed responsibility for the attack": the
    claimed attack is the one told, and the claimant its source (#19), so the attack's unknown
    attacker does not keep them apart; a named attacker must still agree with the claimant.
    The claim is made on or after the day of the attack."""
    if (a.event_id in claims) == (b.event_id in claims):
        return False
    claim, attack = (b, a) if b.event_id in claims else (a, b)
    if a.doc_id != b.doc_id or a.sentence == b.sentence or a.type != b.type or \
            "negated" in (a.modality, b.modality):
        return False
    if actor_key(attack.source) not in (None, "UNKNOWN") and not actors_agree(
            attack.source, claim.source, by_words=False):
        return False
    if not (actors_agree(a.target, b.target) and _places_agree(a.location, b.location)):
        return False
    if own_date(attack.date) and own_date(claim.date) and attack.date is not None and \
            claim.date is not None and attack.date.value and claim.date.value:
        gap = (date.fromisoformat(claim.date.value) - date.fromisoformat(attack.date.value)).days
        return 0 <= gap <= DATE_WINDOW
    return dates_agree(attack.date, claim.date, published) or not own_date(claim.date)


def _agreement(a: Event, b: Event) -> int:
    """How many roles two compatible mentions positively share (to pick the best partner)."""
    return sum(x is not None and x == y for x, y in (
        (actor_key(a.source), actor_key(b.source)), (actor_key(a.target), actor_key(b.target))))


def reconcile_tolls(tolls: Sequence[Fatalities]) -> Fatalities:
    """The joined toll: the highest firm count any mention gives, and as lower bound the
    highest of every count and bound ("at least 21 killed" then "the toll rose to 25" gives
    25; "at least 30" beside "12 killed" keeps 12 and at least 30)."""
    def best(firm: list[int], low: list[int]) -> tuple[int | None, int | None]:
        return (max(firm) if firm else None), (max(firm + low) if firm or low else None)

    killed, killed_min = best([t.killed for t in tolls if t.killed is not None],
                              [t.killed_min for t in tolls if t.killed_min is not None])
    injured, injured_min = best([t.injured for t in tolls if t.injured is not None],
                                [t.injured_min for t in tolls if t.injured_min is not None])
    return Fatalities(killed=killed, killed_min=killed_min, injured=injured,
                      injured_min=injured_min)


def _weight(event: Event) -> int:
    """How informative a mention is as the event's evidence: its actors, a toll, its own date."""
    toll = event.fatalities
    return _informative(event.source) + _informative(event.target) + 2 * any(
        n is not None for n in (toll.killed, toll.killed_min, toll.injured, toll.injured_min)
    ) + own_date(event.date)


def _spans(event: Event) -> tuple[Span, ...]:
    return event.mentions or (event.evidence,)


def _join(kept: Event, other: Event, *, claimant: ActorRef | None = None) -> Event:
    """`kept` completed from `other`: the more specific actors and date, the reconciled toll,
    both mentions; the evidence (with its trigger and sentence) is the more informative
    mention, as the event record asks, the first one on a tie."""
    source = other.source if _informative(other.source) > _informative(kept.source) \
        else kept.source
    if claimant is not None and (claimant.actor or claimant.country or claimant.sector):
        source = claimant  # the claim names who attacked
    target = other.target if _informative(other.target) > _informative(kept.target) \
        else kept.target
    when = kept.date if own_date(kept.date) or not own_date(other.date) else other.date
    lead = other if _weight(other) > _weight(kept) else kept
    mentions = tuple(sorted({*_spans(kept), *_spans(other)}, key=lambda m: (m.start, m.end)))
    return dataclasses.replace(
        kept, source=source, target=target, date=when,
        fatalities=reconcile_tolls([kept.fatalities, other.fatalities]),
        location=kept.location or other.location,
        reported_by=kept.reported_by or other.reported_by,
        confidence=max(kept.confidence, other.confidence),
        evidence=lead.evidence, trigger=lead.trigger, sentence=lead.sentence,
        mentions=mentions)


def main_country(events: Sequence[Event]) -> str | None:
    """The country an article is about: the most frequent country of its events' places
    (counted twice) and actors, the earliest on a tie; None when nothing resolves."""
    votes: Counter[str] = Counter()
    order: dict[str, int] = {}
    for event in events:
        for country, weight in ((event.location.country if event.location else None, 2),
                                (event.source.country if event.source else None, 1),
                                (event.target.country if event.target else None, 1)):
            if country and len(country) == 3 and country not in ("IGO", "NGO", "IMG"):
                votes[country] += weight
                order.setdefault(country, len(order))
    if not votes:
        return None
    return max(votes, key=lambda c: (votes[c], -order[c]))


def _homed(actor: ActorRef | None, country: str | None) -> ActorRef | None:
    """ "Police", "the military", "security forces" with no country named are the forces of
    the country the happening is in, as ACLED codes them."""
    if actor is None or country is None or actor.country or actor.actor or not actor.sector:
        return actor
    return dataclasses.replace(actor, actor=f"{country}.{actor.sector}", country=country)


def _names(actor: ActorRef | None) -> list[str]:
    """The capitalised words of an actor's text ("President Yoon Suk Yeol": President, Yoon,
    Suk, Yeol), the ones a later short mention ("Yoon") may repeat."""
    if actor is None or not actor.text:
        return []
    words = [w.strip(".,'’\"()") for w in actor.text.split()]
    return [w.removesuffix("'s") for w in words if len(w) > 2 and w[0].isupper()]


def _resolved(actor: ActorRef | None) -> bool:
    return actor is not None and bool(actor.actor or actor.country or actor.sector)


def name_mentions(events: Sequence[Event]) -> dict[str, ActorRef]:
    """Capitalised words of the article's resolved actors that point to one actor only."""
    seen: dict[str, set[tuple[str | None, str | None, str | None]]] = {}
    refs: dict[str, ActorRef] = {}
    for event in events:
        for actor in (event.source, event.target):
            if actor is None or not _resolved(actor) or actor.actor == "UNKNOWN":
                continue
            for word in _names(actor):
                seen.setdefault(word, set()).add((actor.actor, actor.country, actor.sector))
                refs.setdefault(word, actor)
    return {w: refs[w] for w, ids in seen.items() if len(ids) == 1}


def _named_before(actor: ActorRef | None, names: dict[str, ActorRef]) -> ActorRef | None:
    """ "Yoon" after "President Yoon Suk Yeol": an unresolved name whose last capitalised word
    names one actor resolved elsewhere in the article is that actor."""
    if actor is None or _resolved(actor):
        return actor
    words = _names(actor)
    found = names.get(words[-1]) if words else None
    if found is None:
        return actor
    return dataclasses.replace(actor, actor=found.actor, country=found.country,
                               sector=found.sector, name=found.name)


def complete_countries(events: Sequence[Event]) -> list[Event]:
    """Each event's actors (and its reporter) completed from the article: a short name from
    its full mention elsewhere, and sector-only actors given a country (the event's place's,
    else the article's main country)."""
    home = main_country(events)
    names = name_mentions(events)
    out: list[Event] = []
    for event in events:
        country = (event.location.country if event.location else None) or home
        source = _homed(_named_before(event.source, names), country)
        target = _homed(_named_before(event.target, names), country)
        said = _homed(_named_before(event.reported_by, names), country)  # "officials said"
        out.append(event if (source, target, said) == (event.source, event.target,
                                                       event.reported_by)
                   else dataclasses.replace(event, source=source, target=target,
                                            reported_by=said))
    return out


def merge_document(events: Sequence[Event], published: date | None, *,
                   several: Iterable[str] = (), claims: Iterable[str] = ()) -> list[Event]:
    """The events of one article with the mentions of each happening joined, in text order.
    A mention the text dates to an earlier time keeps that date and joins only mentions of
    that same day.

    `several` names the events whose trigger is a plural noun ("a series of explosions", "the
    rise in attacks"): of the types in SERIES_TYPES they report several happenings, so they
    join no single one ("talks", "sanctions" and "negotiations" are one act). `claims`
    names the events whose trigger is what someone "claimed responsibility for": they join the
    attack they claim (see `claim_joins`), which takes the claimant as its source.

    Each event joins the compatible one before it that shares the most roles (the earliest on
    a tie). Events of one type from one sentence go together: when the first stayed apart
    ("stormed a village and burned homes" after another attack), the others do too.
    """
    kept: list[Event] = []
    claimed = frozenset(claims)
    events = complete_countries(events)
    plural = frozenset(several)
    apart = frozenset(e.event_id for e in events if e.event_id in plural and
                      e.type in SERIES_TYPES)
    placed: dict[tuple[int, str], tuple[int, bool]] = {}  # (sentence, type) -> (kept, joined)
    for event in events:
        sibling = placed.get((event.sentence, event.type))
        if sibling is not None and not sibling[1]:
            kept.append(event)  # the sentence coder kept it apart from its sibling
            continue
        partners = [] if event.event_id in apart else [
            k for k, prior in enumerate(kept)
            if prior.event_id not in apart and (same_happening(prior, event, published)
                                                or claim_joins(prior, event, claimed, published))]
        if sibling is not None:
            partners = [k for k in partners if k == sibling[0]]
        if not partners:
            placed.setdefault((event.sentence, event.type), (len(kept), False))
            kept.append(event)
            continue
        best = max(partners, key=lambda k: (_agreement(kept[k], event), -k))
        claimant = event.source if event.event_id in claimed else kept[best].source \
            if kept[best].event_id in claimed else None
        kept[best] = _join(kept[best], event, claimant=claimant)
        placed.setdefault((event.sentence, event.type), (best, True))
    kept = _story_dated(kept, published)
    return [event if event.mentions else dataclasses.replace(event, mentions=(event.evidence,))
            for event in kept]


SERIES_TYPES = frozenset({"ASSAULT", "PROTEST"})  # "attacks", "protests": several happenings


STORY_TYPES = frozenset({"ASSAULT", "COERCE", "RETREAT", "MOBILIZE", "PROTEST"})


def _story_dated(events: list[Event], published: date | None) -> list[Event]:
    """Undated events of the day's story take the day of its first dated happening.

    "Militants attacked the post overnight. ... Soldiers at the post fought back until the
    gunmen fled.": once the story has dated its main happening (a material act) to a day within
    the days before publication, what it tells as fact without a date of its own happened
    that day, not on the publication date (#19). Events the text dates keep their own date,
    so background ("in 2019", "last month") stays where it was."""
    story = next((e.date for e in events if e.type in STORY_TYPES and own_date(e.date)
                  and e.date is not None and e.date.precision == "day"
                  and dates_agree(e.date, None, published)), None)
    if story is None:
        return events
    return [dataclasses.replace(e, date=EventDate(story.value, "day", "relative"))
            if e.modality == "asserted" and not own_date(e.date)
            else e for e in events]
