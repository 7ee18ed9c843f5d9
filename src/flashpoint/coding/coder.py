"""From a parsed document to event mentions: the rule coder as an ordered list of named stages.

`code_doc` is the rule coder's single entry point. It reads each sentence once through
`STAGES`: trigger matching (coding/triggers.py), constructions that add or replace triggers
(coding/constructions.py), filters that drop what is no event of its own with the recodings
between them (coding/filters.py, coding/recoding.py), the merge of one happening's mentions in
the sentence (coding/merge.py) and assembly into records with the sentence's toll and date
(coding/assembly.py). Across sentences it carries a toll told apart from its attack. It knows
nothing of actor ids or places: those are resolved afterwards from the spans it returns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token

from flashpoint.coding.assembly import assemble
from flashpoint.coding.candidate import Candidate, SentenceContext, Triggers
from flashpoint.coding.constructions import apply_constructions
from flashpoint.coding.cues import Cues
from flashpoint.coding.dateline import find_dateline
from flashpoint.coding.fatalities import SentenceToll, later_toll, read_toll
from flashpoint.coding.filters import check_disabled, dropped_by, drops_sentence
from flashpoint.coding.lexicon import Lexicon, Trigger
from flashpoint.coding.merge import merge_sentence
from flashpoint.coding.modality import detect_scope
from flashpoint.coding.recoding import (
    announcement,
    attempt_on_life,
    attempt_target,
    dictionary_target,
    joint_activity,
    negative_act,
    peacekeeping,
    posture,
)
from flashpoint.coding.roles import default_is_actor, find_roles
from flashpoint.coding.triggers import find_triggers
from flashpoint.records import EventMention

TOLL_REACH = 2  # sentences after an attack whose toll still belongs to it


@dataclass(slots=True)
class SentenceWork:
    """What the stages hand on to each other for one sentence."""

    ctx: SentenceContext
    lexicon: Lexicon
    number: int
    doc_id: str
    published: date | None
    disabled: frozenset[str] = frozenset()
    triggers: Triggers = field(default_factory=list)
    found: list[Candidate] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)


def match_stage(work: SentenceWork) -> None:
    """Trigger matching: the lexicon's entries on the sentence's tokens."""
    work.triggers = find_triggers(work.ctx.sent, work.lexicon, work.ctx.cues)


def construction_stage(work: SentenceWork) -> None:
    """Constructions: expulsions, permitted protests, obligations, ultimatums."""
    work.triggers = apply_constructions(work.ctx.sent, work.triggers, work.ctx.cues)
    work.ctx.kinds = {tok.i: entry.type for tok, entry in work.triggers}


def filter_stage(work: SentenceWork) -> None:
    """Scope and roles of each trigger, the filters of every phase and the recodings."""
    found = [cand for tok, entry in work.triggers
             if (cand := read_candidate(tok, entry, work.ctx, work.disabled)) is not None]
    work.found = [f for f in found if dropped_by(f, work.ctx, "told", work.disabled) is None]


def merge_stage(work: SentenceWork) -> None:
    """Merge: one happening told twice in the sentence is one candidate."""
    work.found = merge_sentence(work.found, work.ctx.cues)


def assembly_stage(work: SentenceWork) -> None:
    """Assembly: records with spans, toll and date."""
    if work.found:
        work.mentions = assemble(work.found, work.ctx, number=work.number,
                                 doc_id=work.doc_id, published=work.published)


Stage = Callable[[SentenceWork], None]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("triggers", match_stage),
    ("constructions", construction_stage),
    ("filters", filter_stage),
    ("merge", merge_stage),
    ("assembly", assembly_stage),
)


def read_candidate(token: Token, entry: Trigger, ctx: SentenceContext,
                   disabled: frozenset[str] = frozenset()) -> Candidate | None:
    """One trigger read phase by phase, or None when a filter drops it."""
    cand = Candidate(token, entry)
    attempt_on_life(cand, ctx)
    if dropped_by(cand, ctx, "trigger", disabled):
        return None
    cand.scope = detect_scope(cand.token, cues=ctx.cues,
                              trigger_type=lambda t: ctx.kinds.get(t.i))
    if dropped_by(cand, ctx, "scope", disabled):
        return None
    cand.roles = find_roles(cand.token, cand.entry, cand.scope, cues=ctx.cues,
                            is_actor=ctx.is_actor)
    attempt_target(cand, ctx)
    if dropped_by(cand, ctx, "roles", disabled):
        return None
    for recode in (negative_act, peacekeeping, joint_activity, dictionary_target):
        recode(cand, ctx)
    if dropped_by(cand, ctx, "recoded", disabled):
        return None
    posture(cand, ctx)
    announcement(cand, ctx)
    return cand


def code_doc(
    doc: Doc,
    *,
    doc_id: str,
    published: date | None,
    lexicon: Lexicon,
    cues: Cues,
    is_actor: Callable[[Token], bool] = default_is_actor,
    disabled: Iterable[str] = (),
) -> list[EventMention]:
    """Every event mention in a parsed document, sentence by sentence.

    `disabled` names filters (coding/filters.py) to switch off, for a test or an ablation.
    """
    off = check_disabled(disabled)
    mentions: list[EventMention] = []
    dateline = find_dateline(doc.text)  # when the caller did not mask it (mask_dateline)
    doc.user_data["flashpoint_dateline_end"] = dateline.end if dateline else 0
    last_attack: int | None = None  # index in `mentions` of the latest asserted attack
    pending: tuple[int, SentenceToll] | None = None  # a toll told before any attack
    for number, sent in enumerate(doc.sents):
        ctx = SentenceContext(doc, sent, cues, is_actor, attacked=last_attack is not None,
                              published=published)
        if drops_sentence(ctx, off):
            continue
        found = code_sentence(ctx, number, doc_id=doc_id, published=published,
                              lexicon=lexicon, disabled=off)
        if not found and lexicon.layer is not None:  # the CAMEO verb layer where ours code nothing
            ctx = SentenceContext(doc, sent, cues, is_actor, attacked=last_attack is not None,
                                  published=published)
            found = code_sentence(ctx, number, doc_id=doc_id, published=published,
                                  lexicon=lexicon.layer, disabled=off)
        # a sentence with no attack of its own ("police released new details of a party that
        # left two dead and five injured") tells a toll for the attack around it
        toll = read_toll(sent, cues) if not any(m.type == "ASSAULT" for m in found) else None
        if toll is not None and toll.anchor is not None:
            if last_attack is not None and number - mentions[last_attack].sentence <= TOLL_REACH:
                mentions[last_attack] = _later_toll(mentions[last_attack], toll, cues)
            else:
                pending = (number, toll)  # "Three people were found dead ... The shooting ..."
        mentions.extend(found)
        attacks = [k for k, m in enumerate(mentions) if m.type == "ASSAULT"
                   and m.modality == "asserted" and m.sentence == number]
        if attacks and pending is not None:
            if number - pending[0] <= TOLL_REACH:
                mentions[attacks[0]] = _later_toll(mentions[attacks[0]], pending[1], cues)
            pending = None
        last_attack = attacks[-1] if attacks else last_attack
    return mentions


def code_sentence(ctx: SentenceContext, number: int, *, doc_id: str, published: date | None,
                  lexicon: Lexicon, disabled: frozenset[str] = frozenset()
                  ) -> list[EventMention]:
    """The event mentions of one sentence, through every stage in order."""
    work = SentenceWork(ctx, lexicon, number, doc_id, published, disabled)
    for _, stage in STAGES:
        stage(work)
    return work.mentions


def _later_toll(attack: EventMention, toll: SentenceToll, cues: Cues) -> EventMention:
    """ "A man was shot on Elm Street. He died at the hospital.": a toll-only sentence completes
    the attack told just before it (or, when none was told yet, the first one told after it,
    within the same reach); `fatalities.later_toll` says how."""
    merged = later_toll(attack.fatalities, toll, cues)
    return dataclasses.replace(attack, fatalities=merged) if merged != attack.fatalities \
        else attack
