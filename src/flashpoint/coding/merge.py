"""Merge within a sentence: the mentions of one happening in one sentence become one.

The coder's fourth stage: "signed an agreement" is one act, "an airstrike hit a school" one
attack, "opened fire, killing three" one attack with its victims. Merging the mentions of one
happening across a document is coding/document.py's.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.candidate import Candidate
from flashpoint.coding.cues import Cues


def merge_sentence(found: list[Candidate], cues: Cues) -> list[Candidate]:
    """One happening, one mention: a noun trigger inside its verb trigger ("signed an
    agreement") and a killing verb beside an attack in the same sentence are folded in."""
    by_token = {f.token.i: f for f in found}
    folded: set[int] = set()
    for f in found:  # "an airstrike hit a school": the strike is the attack, the school its target
        verb = by_token.get(f.token.head.i)
        if f.entry.type == "ASSAULT" and f.entry.pos == "NOUN" and f.token.dep_ == "nsubj" and \
                verb is not None and verb.entry.type == "ASSAULT" and verb.entry.pos == "VERB" \
                and verb.scope.modality == f.scope.modality:
            f.roles.target = f.roles.target or verb.roles.target
            f.roles.location = f.roles.location or verb.roles.location
            folded.add(verb.token.i)
    found = [f for f in found if f.token.i not in folded]
    kept: list[Candidate] = []
    for f in found:
        agent = next((g for c in f.token.children if c.dep_ == "agent" for g in c.children
                      if g.dep_ == "pobj" and g.i in by_token), None)
        if f.entry.type == "ASSAULT" and agent is not None and \
                by_token[agent.i].entry.type == "ASSAULT":  # "hit by gunfire": one attack
            by_token[agent.i].roles.target = by_token[agent.i].roles.target or f.roles.target
            continue
        head = f.token.head
        verb = by_token.get(head.i) if f.token.dep_ in ("dobj", "nsubjpass", "attr") else None
        if f.token.dep_ == "compound" and head.dep_ in ("dobj", "nsubjpass", "attr"):
            verb = by_token.get(head.head.i)  # "blocked the sanctions package"
        if f.token.dep_ == "pobj" and head.head.i in by_token and f.token.lemma_.lower() in (
                by_token[head.head.i].entry.prep_objects or ()):
            continue  # "went on strike": the phrase's own word, not a second event
        if f.token.dep_ == "pobj" and head.lower_ in ("in", "during") and \
                f.token.lemma_.lower() in cues.arresting_operations and \
                head.head.i in by_token and by_token[head.head.i].entry.mode == "arrest":
            continue  # "arrested 15 militants in raids": the raids are how they were arrested
            # (but "arrested in the shooting of a teenager" names the crime, its own event)
        holder = by_token.get(head.head.i) if f.token.dep_ == "pobj" and \
            head.lower_ in ("in", "during") else None
        if holder is not None and f.entry.type == "ASSAULT" == holder.entry.type and \
                holder.token.pos_ == "VERB" and holder.token.lemma_.lower() not in \
                cues.kill_words and holder.scope.modality == f.scope.modality:
            holder.roles.location = holder.roles.location or f.roles.location
            continue  # "struck the camp in retaliation", "fired during the assault": one act
            # (but "in retaliation for an attack on a convoy": that attack is another)
        if f.token.dep_ == "pobj" and head.lower_ == "with" and head.head.i in by_token and \
                by_token[head.head.i].entry.objects:
            verb = by_token[head.head.i]  # "hit Russia with new sanctions": one act
        if f.token.dep_ == "pobj" and head.lower_ in ("in", "of"):
            # "provide 100 million dollars in aid": the aid is the thing provided
            holder = by_token.get(head.head.head.i if head.head.dep_ == "dobj" else head.head.i)
            if holder is not None and holder.entry.objects:
                verb = holder
        owner = by_token.get(head.head.i) if f.token.dep_ == "pobj" and head.lower_ == "of" \
            and head.head.pos_ == "NOUN" else None
        if owner is not None and owner is not f and owner.entry.type != "ASSAULT":
            continue  # "a cessation of hostilities", "the release of the hostages": one act
        if verb is not None and verb is not f and (
            verb.entry.type == f.entry.type or (verb.entry.objects or []) != []
        ):
            continue
        kept.append(f)
    kill = cues.kill_words
    attacks = [f for f in kept if f.entry.type == "ASSAULT" and f.token.lemma_.lower() not in kill]
    out: list[Candidate] = []
    for f in kept:
        if f.entry.type == "ASSAULT" and f.token.lemma_.lower() in kill and attacks:
            main = min(attacks, key=lambda a: abs(a.token.i - f.token.i))
            told_of = _told_of(f, attacks, by_token)
            if told_of is not None:  # "an attack on a hotel that killed nine": its victims
                if f.roles.target is not None:
                    told_of.roles.target, told_of.roles.target_owner = f.roles.target, \
                        f.roles.target_owner
                continue
            other_side = f.roles.source is not None and main.roles.source is not None and \
                f.roles.source.pos_ in ("NOUN", "PROPN") and f.roles.source.i not in by_token \
                and any(
                    c.dep_ == "dobj" for c in f.token.children) and \
                f.roles.source.lemma_.lower() != main.roles.source.lemma_.lower()
            if other_side:  # "militants opened fire, but police sentries killed one of them"
                out.append(f)
                continue
            if main.scope.modality == f.scope.modality or f.scope.modality == "asserted":
                if f.roles.target is not None:  # the killed, and whose they are
                    main.roles.target, main.roles.target_owner = f.roles.target, \
                        f.roles.target_owner
                if f.roles.source is not None and f.roles.source.i != main.token.i:
                    main.roles.source = main.roles.source or f.roles.source  # not "the attack,
                    # which killed four": the relative pronoun is the attack itself
                continue
        out.append(f)
    return fold_same_happening(out)


def fold_same_happening(found: list[Candidate]) -> list[Candidate]:
    """Two triggers of one type in one clause tell one happening: a participle on its noun
    ("raids targeting two villages", "sanctions imposed on the bank"). The noun (or the verb
    that took it in, "launched raids") keeps the event and takes the participle's target and
    place where it has none.

    So is a relative clause on the noun ("the raid, which destroyed two depots") and a verb
    read as a clause on its subject noun ("two car bombs hit the ministry" parsed as "bombs
    [that] hit").

    Verbs joined by "and" are left apart: "attacked the school and abducted pupils" may be two
    happenings of one type.
    """
    by_token = {f.token.i: f for f in found}
    folded: set[int] = set()
    for f in found:
        token = f.token
        told_of = max((m for m in found if m is not f and m.token.i not in folded
                       and m.token.pos_ == "NOUN" and m.entry.type == f.entry.type
                       and relative_on(token, m.token)), key=lambda m: m.token.i, default=None)
        if told_of is not None:
            told_of.roles.target = told_of.roles.target or f.roles.target
            told_of.roles.location = told_of.roles.location or f.roles.location
            folded.add(token.i)
            continue
        noun = token.head
        main = by_token.get(noun.i)
        if main is None and noun.dep_ == "dobj":
            main = by_token.get(noun.head.i)  # "launched raids targeting ...": the raids' verb
        if main is None or main is f or main.token.i in folded or \
                main.entry.type != f.entry.type or main.scope.modality != f.scope.modality:
            continue
        if token.dep_ in ("acl", "relcl") and token.tag_ in ("VBG", "VBN", "VBD") and \
                noun.pos_ == "NOUN":
            main.roles.target = main.roles.target or f.roles.target
            main.roles.location = main.roles.location or f.roles.location
            folded.add(token.i)
    return [f for f in found if f.token.i not in folded]


def _told_of(f: Candidate, attacks: list[Candidate], by_token: dict[int, Candidate]
             ) -> Candidate | None:
    """The attack whose noun a relative clause with `f` in it is on: "an attack on a station
    that killed seven" (the nearest such noun), kept as itself or by the verb that took it in
    ("carried out an attack ... that killed seven")."""
    noun = max((c.token for c in by_token.values() if c.entry.type == "ASSAULT"
                and c.token.pos_ == "NOUN" and relative_on(f.token, c.token)),
               key=lambda t: t.i, default=None)
    if noun is None:
        return None
    return next((a for a in attacks if a.token.i in (noun.i, noun.head.i)), None)


def relative_on(token: Token, noun: Token) -> bool:
    """Is `token` the verb of a relative clause on `noun` or on a word of its phrase, or a verb
    joined to one ("an attack on a hotel that killed nine and wounded 40", "the strike, which
    destroyed a depot")? Such a clause tells more of the happening the noun names; but "an
    attack on soldiers who killed three civilians" tells what the soldiers did."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ != "relcl":
        return False
    head = token.head
    if head.i == noun.i:
        return True
    who = any(c.lower_ in ("who", "whom", "whose") for c in token.subtree if c.i < token.i)
    return not who and noun.is_ancestor(head) and head.i > noun.i

