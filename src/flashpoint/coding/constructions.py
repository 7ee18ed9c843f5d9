"""Constructions: multi-word patterns that add or replace triggers before any is read.

The coder's second stage. An order to leave the country is an expulsion ("ordered the envoy to
leave"), permission for a protest eases dissent, "X said Y must withdraw" is X's demand (the
demanded act is its content, not an event), and "do X or face the consequences" is a threat.
Each construction takes the sentence's triggers and returns them changed.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from flashpoint.coding.candidate import Triggers
from flashpoint.coding.cues import Cues
from flashpoint.coding.lexicon import Trigger
from flashpoint.ontology import vocab

Construction = Callable[[SpacySpan, Triggers, Cues], Triggers]

ULTIMATUM = Trigger(lemma="ultimatum", pos="NOUN", cameo="130", type="THREATEN",
                    confidence=0.75, note="an ultimatum: do X or face the consequences")


EXPULSION = Trigger(lemma="order", pos="VERB", cameo="174", type="COERCE", mode="deport",
                    confidence=0.75, note="an order to leave the country is an expulsion")


PERMITTED_DISSENT = Trigger(lemma="allow", pos="VERB", cameo="082", type="CONCEDE",
                            confidence=0.7, note="letting a protest go ahead eases dissent")


def _ultimatums(sent: SpacySpan, cues: Cues) -> list[Token]:
    """Heads of "issue a message to do X or face the consequences" ("... or risk losing
    funding"): a threat.

    Read from the surface ("or face" + a sanction word) because the parser often tags this
    "face" as a noun; the head is the nearest communicative word above it, else before it.
    """
    objects = cues.ultimatum_objects
    wanted = cues.ultimatum_heads
    heads: list[Token] = []
    tokens = list(sent)
    for k, token in enumerate(tokens):
        if token.lower_ not in ("face", "risk") or k == 0 or \
                tokens[k - 1].lower_ not in ("or", "else"):
            continue
        if not any(t.lemma_.lower() in objects or t.lower_ in objects for t in tokens[k + 1:k + 5]):
            continue
        node: Token | None = token
        for _ in range(6):
            node = node.head if node is not None and node.dep_ != "ROOT" else None
            if node is None or node.lemma_.lower() in wanted:
                break
        if node is None:
            node = next((t for t in reversed(tokens[:k]) if t.lemma_.lower() in wanted), None)
        if node is not None:
            heads.append(node)
    return heads


def _expulsions(sent: SpacySpan, cues: Cues) -> list[Token]:
    """ "ordered the ICRC delegation head to leave the country", "gave the diplomats 48 hours to
    leave": an order to leave is an expulsion (CAMEO 174), coded on the ordering verb."""
    verbs = cues.expelling_verbs
    leave = cues.leaving_verbs
    envoys = cues.expelled_people
    found: list[Token] = []
    for t in sent:
        objects = [c for c in t.children if c.dep_ in ("dobj", "dative")]
        if t.pos_ != "VERB" or t.lemma_.lower() not in verbs or not objects:
            continue
        leaving = [c for c in t.subtree if c.lemma_.lower() in leave and c.pos_ == "VERB"
                   and c.dep_ in ("xcomp", "advcl", "ccomp", "acl")
                   and t.i in (c.head.i, c.head.head.i)]
        if not leaving:
            continue
        places = [g for g in leaving[0].children if g.dep_ == "dobj"]
        country = any(g.ent_type_ == "GPE" or g.lemma_.lower() in ("country", "territory",
                                                                   "nation", "kingdom")
                      for g in places)
        if country or any(o.lemma_.lower() in envoys for o in objects):
            found.append(t)  # not "told the players to leave the field"
    return found


def _permitted_protests(sent: SpacySpan, triggers: list[tuple[Token, Trigger]],
                        cues: Cues) -> list[Token]:
    """ "allowed the opposition to hold a rally": permission for a protest eases political
    dissent (CAMEO 082, CONCEDE in the PLOVER manual); the protest itself is only permitted.
    Coded on the permitting verb when it is no trigger of its own."""
    verbs = cues.permitting_verbs
    protests = [tok for tok, entry in triggers if entry.type == "PROTEST"]
    taken = {tok.i for tok, _ in triggers}
    return [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in verbs and t.i not in taken
            and any(c.dep_ in ("xcomp", "ccomp") and (p.i == c.i or c.is_ancestor(p))
                    for c in t.children for p in protests)]


def _obligations(sent: SpacySpan, cues: Cues) -> list[tuple[Token, Token]]:
    """(speech verb, clause) pairs of "X said Y must Z": X demands (must) or appeals (should).

    "must have known" is an inference, not an obligation, and "we must act" is a speaker
    exhorting its own side; neither is a demand on anyone.
    """
    verbs = cues.demand_speech_verbs | cues.speech_verbs
    found: list[tuple[Token, Token]] = []
    for clause in sent:
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in verbs:
            continue
        auxes = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
        if not auxes & cues.obligation_aux or "have" in auxes:
            continue
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or (subject.pos_ == "PRON"
                                and subject.lower_ in cues.speaker_pronouns):
            continue
        found.append((clause.head, clause))
    return found


def _demand(clause: Token, content: list[Trigger], cues: Cues) -> Trigger:
    """The demand or appeal entry for an obligation clause, specific where its content is:
    "must release the hostages" is CAMEO 1053, "should release" 0253 (the intent code's
    counterpart in the codebook's 10 and 02 families)."""
    must = any(c.lower_ == "must" for c in clause.children if c.dep_ == "aux")
    family = "10" if must else "02"
    code = f"{family}0"
    for entry in content:
        intent = vocab.intent_code(entry.cameo)
        if intent is not None and intent.startswith("03") and intent[2:]:
            candidate = family + intent[2:]
            if candidate in vocab.cameo_codes():
                code = candidate
                break
    return Trigger(lemma=clause.head.lemma_.lower() or "say", pos="VERB", cameo=code,
                   type="REQUEST", confidence=0.6,
                   note="an obligation stated for someone else: a demand or an appeal")



def expulsion(sent: SpacySpan, triggers: Triggers, cues: Cues) -> Triggers:
    """ "ordered the envoy to leave the country": coded on the ordering verb as an expulsion,
    which replaces a bare demand read on the same verb."""
    for verb in _expulsions(sent, cues):
        triggers = [(tok, entry) for tok, entry in triggers
                    if tok.i != verb.i or entry.type != "REQUEST"]
        if not any(tok.i == verb.i for tok, _ in triggers):
            triggers.append((verb, EXPULSION.model_copy(update={"lemma": verb.lemma_.lower()})))
    return triggers


def permitted_protest(sent: SpacySpan, triggers: Triggers, cues: Cues) -> Triggers:
    """ "allowed the opposition to hold a rally": the permitting verb eases dissent."""
    for verb in _permitted_protests(sent, triggers, cues):
        triggers.append((verb, PERMITTED_DISSENT.model_copy(update={
            "lemma": verb.lemma_.lower()})))
    return triggers


def obligation(sent: SpacySpan, triggers: Triggers, cues: Cues) -> Triggers:
    """ "X said Y must withdraw": X's demand or appeal on the speech verb; the triggers inside
    the obligation clause are its content and are dropped."""
    for verb, clause in _obligations(sent, cues):
        inside = {t.i for t in clause.subtree}
        content = [entry for tok, entry in triggers if tok.i in inside]
        triggers = [(tok, entry) for tok, entry in triggers if tok.i not in inside]
        if not any(tok.i == verb.i for tok, _ in triggers):
            triggers.append((verb, _demand(clause, content, cues)))
    return triggers


def ultimatum(sent: SpacySpan, triggers: Triggers, cues: Cues) -> Triggers:
    """ "told them to leave or face arrest": a threat on the communicative head, unless that
    head is a trigger already."""
    kinds = {tok.i: entry.type for tok, entry in triggers}
    for head in _ultimatums(sent, cues):
        if head.i not in kinds:
            triggers.append((head, ULTIMATUM.model_copy(update={
                "lemma": head.lemma_.lower(), "pos": "VERB" if head.pos_ == "VERB" else "NOUN"})))
            kinds[head.i] = "THREATEN"
    return triggers


# in this order: an expulsion is no demand, and an ultimatum only takes a head left free
CONSTRUCTIONS: tuple[tuple[str, Construction], ...] = (
    ("expulsion", expulsion),
    ("permitted_protest", permitted_protest),
    ("obligation", obligation),
    ("ultimatum", ultimatum),
)


def apply_constructions(sent: SpacySpan, triggers: Triggers, cues: Cues) -> Triggers:
    """The sentence's triggers after every construction, in order."""
    for _, construction in CONSTRUCTIONS:
        triggers = construction(sent, triggers, cues)
    return triggers
