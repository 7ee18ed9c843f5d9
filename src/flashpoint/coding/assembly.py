"""Assembly: from the sentence's merged candidates to `EventMention` records.

The coder's last stage. It attaches the sentence's toll to the attack nearest its anchor,
dates each event from its own clause, finds who reports it, and turns each candidate's argument
heads into spans: whole noun phrases, owners ("its troops" -> the antecedent's), offices in
front of unknown names, coordinated sources (one event each) and the two sides of a mutual act.
Resolving those spans to actors and places is pipeline.py's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from flashpoint.coding.attribution import reporter_of
from flashpoint.coding.candidate import Candidate, SentenceContext
from flashpoint.coding.cues import MODES, Cues
from flashpoint.coding.dates import resolve_date
from flashpoint.coding.fatalities import read_toll
from flashpoint.coding.lexicon import Trigger
from flashpoint.coding.roles import Roles
from flashpoint.coding.syntax import fuller_mention, group_place, np_extent
from flashpoint.records import EventMention, Span


def attach_toll(found: list[Candidate], ctx: SentenceContext) -> None:
    """The sentence's toll goes to the attack nearest its anchor; its victims replace a target
    that names no actor, and whose it was goes with it."""
    toll = read_toll(ctx.sent, ctx.cues)
    assaults = [f for f in found if f.entry.type == "ASSAULT"]
    if assaults and toll.anchor is not None:
        pivot = toll.anchor.i
        main = min(assaults, key=lambda a: abs(a.token.i - pivot))
        main.fatalities = toll.as_record()
        if toll.victims and (main.roles.target is None or not ctx.is_actor(main.roles.target)):
            main.roles.target, main.roles.target_owner = toll.victims[0], None


def assemble(found: list[Candidate], ctx: SentenceContext, *, number: int, doc_id: str,
             published: date | None) -> list[EventMention]:
    """One `EventMention` per candidate and coordinated source, with the sentence's toll and
    date."""
    doc, sent, cues, is_actor = ctx.doc, ctx.sent, ctx.cues, ctx.is_actor
    attach_toll(found, ctx)
    speech = cues.speech_verbs  # "said on Thursday" dates no event
    coming = [ent for ent in sent.ents if ent.label_ == "DATE" and re.search(
        r"\b(next|coming|upcoming|later this)\b", ent.text.lower())]
    lead = len(sent.text) - len(sent.text.lstrip())
    evidence = Span(sent.text.strip(), sent.start_char + lead,
                    sent.start_char + len(sent.text.rstrip()))
    custody = _custodian(sent, is_actor) if any(
        f.entry.type == "ASSAULT" and f.roles.source is None for f in found) else None
    out: list[EventMention] = []
    for f in found:
        ahead = any(not _in_content(f.token, ent.root) for ent in coming)
        sides = _split_sides(doc, f, cues) if f.roles.target is None or (
            f.entry.type == "ASSAULT" and not is_actor(f.roles.target)) else (None, None)
        if sides[1] is not None:
            f.roles.target = f.roles.source
        confidence = f.entry.confidence * (1.0 if f.roles.source is not None else 0.8)
        confidence *= 0.85 if _background(f.token, cues) else 1.0
        confidence *= 1.0 if f.roles.target is not None else 0.9
        held = custody if f.entry.type == "ASSAULT" and f.roles.source is None else None
        if held is not None:
            f.roles.source = held[0]
        owned = _owned(doc, f.roles.source, f.roles.source_owner) or sides[0] or _placed(
            doc, f.roles.source, is_actor) or (held[1] if held else None)
        variants = [owned] if owned or sides[1] else _coordinated_sources(doc, f)
        for source_text in variants:
            out.append(EventMention(
                doc_id=doc_id, sentence=number, evidence=evidence,
                trigger=Span(f.token.text, f.token.idx, f.token.idx + len(f.token.text)),
                type=f.entry.type, mode=_mode(f.token, f.entry, f.roles, cues),
                cameo=f.entry.cameo,
                modality="future" if ahead and f.scope.modality == "asserted"
                and not f.scope.intent else f.scope.modality,
                source=argument_span(doc, f.roles.source),
                target=argument_span(doc, f.roles.target),
                reported_by=argument_span(doc, reporter_of(
                    f.token, f.scope.reported_by, speech=speech, cues=cues, is_actor=is_actor)),
                location=_place_span(doc, f.roles.location),
                date=resolve_date(sent, published, trigger=f.token, speech=speech),
                fatalities=f.fatalities,
                confidence=round(min(max(confidence, 0.05), 0.99), 3),
                source_text=source_text,
                target_text=_owned(doc, f.roles.target, f.roles.target_owner) or sides[1],
                source_office=_office(doc, f.roles.source),
                target_office=_office(doc, f.roles.target),
                source_chain=_chain(doc, f.roles.source_said, f.roles.source),
                target_chain=_chain(doc, f.roles.target_said, f.roles.target),
                implied_source=f.entry.implied_source if f.roles.source is None else None,
            ))
    return out


def _background(token: Token, cues: Cues) -> bool:
    """Is the trigger told as background to the sentence's news: in a relative clause ("the
    ship it seized on Monday"), a participle on a noun, or an adjunct ("after fierce fighting")?

    Such mentions are often re-reports of an earlier event, so they carry less confidence.
    """
    node = token
    for _ in range(8):
        if node.dep_ in ("relcl", "acl") and node.pos_ == "VERB":
            return True
        if node.dep_ == "pobj" and node.head.lower_ in cues.background_preps:
            return True
        if node.dep_ in ("ROOT",) or node.head.i == node.i:
            return False
        if node.dep_ in ("ccomp", "xcomp") and node.head.pos_ == "VERB":
            return False  # reported or controlled: the clause is the news
        node = node.head
    return False


def _in_content(trigger: Token, token: Token) -> bool:
    """Is `token` inside what the trigger says or agrees to ("agreed to resume talks next
    month": the date is the talks', not the agreement's)?"""
    return any(token.i in {t.i for t in c.subtree} for c in trigger.children
               if c.dep_ in ("xcomp", "ccomp"))


def _mode(token: Token, entry: Trigger, roles: Roles,
          cues: Cues) -> str | None:
    if entry.mode or entry.type != "ASSAULT":
        return entry.mode
    words = {token.lemma_.lower(), token.lower_}
    for child in token.children:
        if child.dep_ == "amod" and child.lower_ in cues.intensity_adjectives:
            continue  # "heavy fighting" is fierce, not fought with heavy weapons
        words |= {child.lemma_.lower(), child.lower_}
        words |= {g.lemma_.lower() for g in child.children}
    if roles.source is not None:
        words |= {roles.source.lemma_.lower(), roles.source.lower_}
    for mode in MODES:
        if words & cues.mode_words(mode):
            return mode
    return None


def _chain(doc: Doc, said: Token | None, found: Token | None) -> tuple[str, ...] | None:
    """The mentions an argument was resolved through: what the sentence says ("it", "the
    group"), then the actor it refers to (the record's `chain`)."""
    if said is None or found is None:
        return None
    spans = (argument_span(doc, said), argument_span(doc, found))
    return tuple(s.text for s in spans if s is not None)


def argument_span(doc: Doc, token: Token | None) -> Span | None:
    """The record span of an argument head: its whole noun phrase, a possessor without its
    "'s"."""
    if token is None:
        return None
    start, end = np_extent(token)
    if end - 1 > start and doc[end - 1].dep_ == "case" and doc[end - 1].head.i == token.i:
        end -= 1  # a possessor is "Russia", not "Russia's"
    span = doc[start:end]
    return Span(span.text, span.start_char, span.end_char)


def _placed(doc: Doc, token: Token | None, is_actor: Callable[[Token], bool]) -> str | None:
    """ "rebels in the Ivory Coast": the group with the country it is in, for the resolver;
    a town ("police in Lagos") is where they acted and is left to the event's place."""
    place = group_place(token) if token is not None else None
    if token is None or place is None or not is_actor(place):
        return None
    return f"{doc[slice(*np_extent(token))].text} in {doc[slice(*np_extent(place))].text}"


def _custodian(sent: SpacySpan, is_actor: Callable[[Token], bool]) -> tuple[Token, str] | None:
    """ "tortured while in Israeli police custody": harm done to someone held is the holder's
    doing, as rights reports attribute it. The holder is the modifier of "custody"."""
    for token in sent:
        if token.lemma_.lower() != "custody" or token.dep_ != "pobj":
            continue
        holders = [c for c in token.lefts if c.dep_ in ("compound", "poss", "nmod")]
        if holders and is_actor(holders[-1]):
            start = min(c.left_edge.i for c in token.lefts if c.dep_ != "det")
            return holders[-1], sent.doc[start:token.i].text
    return None


def _owned(doc: Doc, token: Token | None, owner: Token | None) -> str | None:
    """ "its troops" with its antecedent: "Russia's defence ministry's troops"."""
    if token is None or owner is None:
        return None
    owner_text = doc[slice(*np_extent(owner))].text
    rest = [t.text_with_ws for t in doc[slice(*np_extent(token))] if t.dep_ != "poss"]
    return f"{owner_text}'s {''.join(rest).strip()}"


def _office(doc: Doc, token: Token | None) -> str | None:
    """ "Serbian President Vojislav Kostunica": a person the registry may not know is coded by
    the office in front of the name, or by an apposition ("X, the UN relief coordinator"); a
    short name ("Kostunica") by its fuller mention elsewhere in the document."""
    if token is None:
        return None
    if token.ent_type_ != "PERSON":  # "Soto" after "Chilean President Ana Soto"
        fuller = fuller_mention(token)
        return fuller.text if fuller is not None else None
    start, _ = np_extent(token)
    name_start = next((e.start for e in doc.ents if e.start <= token.i < e.end), token.i)
    prefix = [t for t in doc[start:name_start] if t.dep_ != "det" and not t.is_punct]
    if prefix:
        return " ".join(t.text for t in doc[start:name_start]).strip()
    appos = [c for c in token.children if c.dep_ == "appos"]
    if appos:
        return doc[slice(*np_extent(appos[0]))].text
    fuller = fuller_mention(token)  # "Soto" after "Chilean President Ana Soto"
    return fuller.text if fuller is not None else None


def _coordinated_sources(doc: Doc, f: Candidate) -> list[str | None]:
    """ "US and British warplanes struck": one event per coordinated source (PLOVER codes
    compound actors as separate events); mutual acts are split into source and target."""
    head = f.roles.source
    if head is None or (f.entry.type in ("AGREE", "CONSULT", "COOPERATE")
                        and not f.entry.own_code):  # a user's dictionary codes each, as PETRARCH
        return [None]
    mods = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod") and c.conjuncts]
    if mods:
        rest = " ".join(t.text for t in head.subtree
                        if max(mods[0].i, *(c.i for c in mods[0].conjuncts)) < t.i <= head.i)
        return [f"{m.text} {rest}" for m in (mods[0], *mods[0].conjuncts)]
    target = f.roles.target.i if f.roles.target is not None else -1
    others = [t for t in head.conjuncts if t.i not in (head.i, target)  # "A and B clashed":
              and t.pos_ in ("PROPN", "NOUN")]  # B is the other side, not a second source
    if others and f.entry.pos == "VERB" and head.dep_ in ("nsubj", "nsubjpass"):
        return [None, *[doc[slice(*np_extent(t))].text for t in others]]
    return [None]


def _split_sides(doc: Doc, f: Candidate,
                 cues: Cues) -> tuple[str | None, str | None]:
    """ "Pakistani and Afghan forces clashed", "Ethiopia and Eritrea signed a peace agreement",
    "troops and rebels exchanged fire": the subject names both sides of a mutual act, coded as
    one event from the first side to the second."""
    head = f.roles.source
    if head is None or f.entry.type not in ("ASSAULT", "CONSULT", "AGREE", "COOPERATE"):
        return None, None
    if f.entry.type == "ASSAULT" and any(c.dep_ == "dobj" for c in f.token.children) and \
            f.token.lemma_.lower() not in cues.reciprocal_verbs:
        return None, None  # "A and B violated the ceasefire": two sources, not two sides
    mods = [c for c in head.children if c.dep_ == "amod" and c.conjuncts]
    others = [t for t in head.conjuncts if t.i > head.i and t.pos_ in ("PROPN", "NOUN")]
    if not mods and len(others) == 1 and head.dep_ == "nsubj":
        # "Ethiopia and Eritrea signed a peace agreement": each side's own phrase
        return (doc[slice(*np_extent(head))].text, doc[slice(*np_extent(others[0]))].text)
    if not mods:
        return None, None
    first, second = mods[0], mods[0].conjuncts[0]
    rest = " ".join(t.text for t in head.subtree if t.i > max(first.i, second.i) and
                    t.i <= head.i)
    return f"{first.text} {rest}", f"{second.text} {rest}"


def _place_span(doc: Doc, token: Token | None) -> Span | None:
    """A place is its whole name ("Fada N'Gourma"), not only the parser's head word."""
    if token is None:
        return None
    ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    if ent is None:
        return argument_span(doc, token)
    return Span(ent.text, ent.start_char, ent.end_char)

