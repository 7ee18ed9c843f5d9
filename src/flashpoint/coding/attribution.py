"""Who says an event happened, where the saying is not a verb with the event as its complement.

`modality.detect_scope` reads "officials said (that) X" from the clause chain. News also
attributes with a preposition ("according to army officers", "as per the ministry"), a
parenthetical ("the gunmen, a local official said, opened fire on the bus"), or a participle
("citing security sources"); those cover every event of the clause they hang on, so the
reporter is looked for on each clause from the trigger up to the root.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.cues import Cues
from flashpoint.coding.modality import Scope
from flashpoint.coding.roles import IsActor, resolve_reference
from flashpoint.coding.syntax import fuller_mention

# heads of an attribution phrase and the preposition that introduces the source
ATTRIBUTING_PREPS = {"according": "to", "per": None}
CITING_VERBS = frozenset({"cite", "quote"})


def _according(clause: Token) -> Token | None:
    """ "according to army officers", "as per the ministry": the named source."""
    for child in clause.children:
        if child.dep_ != "prep" or child.lower_ not in ATTRIBUTING_PREPS:
            continue
        inner = ATTRIBUTING_PREPS[child.lower_]
        holders = [child] if inner is None else [
            c for c in child.children if c.dep_ == "prep" and c.lower_ == inner]
        for holder in holders:
            found = [g for g in holder.children if g.dep_ == "pobj"]
            if found:
                return found[0]
    return None


def _parenthetical(clause: Token, speech: frozenset[str]) -> Token | None:
    """ "the gunmen, a local official said, opened fire", "..., citing security sources": a
    verb of saying (or citing) set into the clause, and who it names."""
    for child in clause.children:
        lemma = child.lemma_.lower()
        if child.dep_ not in ("parataxis", "advcl") or child.pos_ != "VERB":
            continue
        if lemma in speech and child.dep_ == "parataxis":
            subject = [c for c in child.children if c.dep_ == "nsubj"]
            if subject:
                return subject[0]
        if lemma in CITING_VERBS and child.tag_ == "VBG":
            cited = [c for c in child.children if c.dep_ == "dobj"]
            if cited:
                return cited[0]
    return None


def find_reporter(trigger: Token, speech: frozenset[str]) -> Token | None:
    """The source an event is attributed to by "according to", a parenthetical "X said" or
    "citing X", on the trigger's clause or any clause above it; None when there is none."""
    node = trigger
    for _ in range(12):
        found = _according(node) or _parenthetical(node, speech)
        if found is not None:
            return found
        if node.dep_ == "ROOT" or node.head.i == node.i:
            return None
        node = node.head
    return None


def reporter_of(trigger: Token, said_by: Token | None, *, speech: frozenset[str],
                cues: Cues, is_actor: IsActor) -> Token | None:
    """Who reports the event of `trigger`: the speaker `said_by` the clause chain found, else an
    attribution phrase; a pronoun ("he said", "they said") is replaced by the actor it stands
    for, as sources are, and a short name the registry does not know by its fuller mention
    (the token that heads it) elsewhere in the document."""
    found = said_by or find_reporter(trigger, speech)
    if found is not None and found.pos_ == "PROPN" and not is_actor(found):
        fuller = fuller_mention(found)  # "Soto said" after "Chilean President Ana Soto"
        return found if fuller is None else fuller.root
    if found is None or found.pos_ != "PRON":
        return found
    return resolve_reference(found, Scope(), cues, is_actor) or found
