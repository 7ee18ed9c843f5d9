"""Recodings: constructions that change what a trigger is coded as, once its scope and roles
are read.

An attempt on a life is coded even when foiled; "police inaction" is a negated act; troops sent
to keep the peace are aid, exercises by two sides cooperation; readying an attack is a show of
force; "will withdraw" is an announced intent and "will not accept" a refusal. Each function
takes a `Candidate` and changes it in place; which triggers are dropped is coding/filters.py's.
An entry of the user's own verb dictionary (`own_code`) keeps its code: the user's dictionary,
not CAMEO's conventions, says what the verb is.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.candidate import Candidate, SentenceContext
from flashpoint.coding.cues import Cues
from flashpoint.coding.lexicon import Trigger
from flashpoint.coding.roles import find_roles
from flashpoint.ontology import vocab

ATTEMPT = Trigger(lemma="attempt", pos="NOUN", cameo="185", type="ASSAULT", mode="assassinate",
                  confidence=0.75, note="an attempt on a life is coded even when it was foiled")


PEACEKEEPING = Trigger(lemma="deploy", pos="VERB", cameo="074", type="AID", confidence=0.7,
                       note="troops sent to keep the peace: military protection, not a threat")


JOINT = Trigger(lemma="exercise", pos="NOUN", cameo="062", type="COOPERATE", confidence=0.65,
                note="an exercise held by two sides together is military cooperation")


POSTURE = Trigger(lemma="prepare", pos="VERB", cameo="150", type="MOBILIZE", confidence=0.6,
                  note="readying an attack is a show of force (CAMEO 15), the attack not yet made")


NO_AGREEMENT = Trigger(lemma="agree", pos="VERB", cameo="120", type="REJECT", confidence=0.6,
                       note="failing or refusing to agree is a rejection, as CAMEO codes it")


def readied(token: Token, cues: Cues) -> Token | None:
    """ "The army prepared to resume shelling", "troops are massing to storm the town": the verb
    of readying above an attack, when it is told as a fact (not "is prepared to", a stance)."""
    node = token
    for _ in range(3):
        infinitive = node.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if node.dep_ != "xcomp" and not infinitive:
            return None
        node = node.head
        if node.pos_ == "VERB" and node.lemma_.lower() in cues.readying_verbs:
            return node
    return None


def _two_sided(source: Token | None) -> bool:
    """ "French and Egyptian warships", "Russia and China": a source naming two parties."""
    if source is None:
        return False
    return bool([t for t in source.conjuncts if t.i != source.i]) or any(
        c.dep_ in ("amod", "compound") and [t for t in c.conjuncts if t.i != c.i]
        for c in source.children)


def _announcement(entry: Trigger, *, refused: bool = False) -> Trigger | None:
    """ "Israel will evacuate the settlements": the event is the announcement, which CAMEO
    codes as an expressed intent (03, AGREE) or a threat (13, THREATEN); "the rebels will not
    release the pilots" is a refusal (12, REJECT). Acts with no such code (a planned protest,
    a demand, a promise not to attack) keep their type and modality (None)."""
    if entry.type in ("AGREE", "THREATEN", "REJECT"):
        return None
    code = vocab.refusal_code(entry.cameo) if refused else vocab.intent_code(entry.cameo)
    info = vocab.cameo_info(code) if code is not None else None
    if info is None or info.plover_type is None:
        return None
    return entry.model_copy(update={"cameo": code, "type": info.plover_type,
                                    "mode": info.mode or None})



def attempt_on_life(cand: Candidate, ctx: SentenceContext) -> None:
    """ "an attempt to assassinate the governor was thwarted": the attempt happened, and it is
    the event (CAMEO 185); the attempted act is kept to find the target."""
    token, entry = cand.token, cand.entry
    if entry.mode == "assassinate" and token.dep_ in ("acl", "xcomp") and \
            token.head.lemma_.lower() in ctx.cues.attempt_words:
        cand.aimed_at = token
        cand.token, cand.entry = token.head, ATTEMPT.model_copy(update={
            "lemma": token.head.lemma_.lower(), "pos": token.head.pos_})


def attempt_target(cand: Candidate, ctx: SentenceContext) -> None:
    """The target of the attempted act, when the attempt itself names none."""
    if cand.aimed_at is not None and cand.roles.target is None:
        cand.roles.target = find_roles(cand.aimed_at, cand.entry, cand.scope, cues=ctx.cues,
                                       is_actor=ctx.is_actor).target


def negative_act(cand: Candidate, ctx: SentenceContext) -> None:
    """ "police inaction", "turned a blind eye": the actor did not act."""
    del ctx
    if cand.entry.negative and cand.scope.modality == "asserted":
        cand.scope.modality = "negated"


def peacekeeping(cand: Candidate, ctx: SentenceContext) -> None:
    """ "sent 300 troops to the UN peacekeeping mission": a deployment to keep the peace is aid
    (CAMEO 074), not a show of force; the cue may be anywhere in the sentence."""
    if cand.entry.own_code:
        return
    entry = cand.entry
    if entry.type == "MOBILIZE" and any(t.lemma_.lower() in ctx.cues.peacekeeping_words
                                        for t in ctx.sent):
        cand.entry = PEACEKEEPING.model_copy(update={"lemma": entry.lemma, "pos": entry.pos})


def joint_activity(cand: Candidate, ctx: SentenceContext) -> None:
    """ "held naval exercises" by two sides is military cooperation (CAMEO 062)."""
    if cand.entry.own_code:
        return
    entry = cand.entry
    named = {cand.token.lemma_.lower(), *(c.lemma_.lower() for c in cand.token.children
                                          if c.dep_ == "dobj")}
    if entry.type == "MOBILIZE" and named & ctx.cues.joint_activity_nouns and _two_sided(
            cand.roles.source):
        cand.entry = JOINT.model_copy(update={"lemma": entry.lemma, "pos": entry.pos})


def readied_for(cand: Candidate, cues: Cues) -> Token | None:
    """The verb of readying above an attack told as a fact or a plan ("prepared to storm")."""
    scope = cand.scope
    if cand.entry.own_code or cand.entry.type != "ASSAULT" or \
            scope.modality not in ("future", "asserted") or \
            scope.intent:
        return None
    return readied(cand.token, cues)


def posture(cand: Candidate, ctx: SentenceContext) -> None:
    """ "troops are massing to storm the town": the show of force is the event, the attack is
    yet to come."""
    verb = readied_for(cand, ctx.cues)
    if verb is not None:
        cand.token, cand.scope.modality = verb, "asserted"
        cand.entry = POSTURE.model_copy(update={"lemma": verb.lemma_.lower()})


def announcement(cand: Candidate, ctx: SentenceContext) -> None:
    """ "Israel will evacuate", "the rebels will not release them", "failed to reach
    agreement": the event is the announcement, a refusal or a rejection."""
    entry, scope, source = cand.entry, cand.scope, cand.roles.source
    announced = None
    if entry.own_code:
        pass  # the user's code stands ("is about to restore ties" is coded as the restoring)
    elif source is not None and (scope.intent or scope.refusal):
        announced = _announcement(entry, refused=scope.refusal)
        if announced is None and scope.refusal and entry.type == "AGREE":
            announced = NO_AGREEMENT  # "will not accept any such proposal": a rejection
    elif source is not None and entry.type == "AGREE" and scope.modality == "negated" \
            and not any(t.lower_ == "yet" for t in ctx.sent):  # "have yet to agree": pending
        announced = NO_AGREEMENT  # "failed to reach agreement": each rejected the terms
    scope.intent = announced is not None
    if announced is not None:
        cand.entry, scope.modality = announced, "asserted"


# dependents that open another clause or name the subject: the verb phrase stops there
_NOT_VERB_PHRASE = frozenset({"nsubj", "nsubjpass", "csubj", "advcl", "ccomp", "xcomp", "relcl",
                              "conj", "cc", "parataxis", "mark", "punct", "aux", "auxpass",
                              "neg"})


def _verb_phrase(verb: Token) -> list[Token]:
    """The tokens of the verb's own phrase after it: its objects and prepositional phrases with
    everything inside them, not its subject or the clauses it governs."""
    out: list[Token] = []
    for child in verb.children:
        if child.i > verb.i and child.dep_ not in _NOT_VERB_PHRASE:
            out += [t for t in child.subtree if not _in_clause(t, child)]
    return sorted(out, key=lambda t: t.i)


def _in_clause(token: Token, top: Token) -> bool:
    """Whether a clause ("after crowds trashed its embassy") lies between `token` and `top`."""
    node = token
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ in ("relcl", "advcl", "ccomp"):
            return True
        node = node.head
    return False


def dictionary_target(cand: Candidate, ctx: SentenceContext) -> None:
    """ "departs from Libya", "welcomed a resumption of ties with Osgiliath": a verb of the
    user's own dictionary takes as its target the first actor named in its verb phrase when
    our roles find none there, as PETRARCH, whose dictionaries the user's file is written for,
    codes it."""
    roles = cand.roles
    if not cand.entry.own_code or roles.source is None or (
            roles.target is not None and ctx.is_actor(roles.target)):
        return
    source = {t.i for t in roles.source.subtree}
    for token in _verb_phrase(cand.token):
        if token.pos_ in ("PROPN", "NOUN") and token.i not in source and \
                token.dep_ not in ("compound", "amod") and ctx.is_actor(token):
            roles.target, roles.target_owner, roles.target_said = token, None, None
            return
