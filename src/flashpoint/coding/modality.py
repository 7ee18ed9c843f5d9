"""Modality, scope and attribution of a trigger: did it happen, who says so, is it coded at all.

The walk goes from the trigger up its clause chain (xcomp, ccomp, conj, advcl, prepositional
complements) and stops at the first cue: "has yet to", "failed to", "rather than", "not" negate;
"purported", "reportedly", "blamed X for" allege; modals and "if" make it hypothetical; "will",
"plans to" make it future. Content of another speech act ("urged X to withdraw", "threatened to
strike") is skipped, because that act is the event. A clausal complement of a verb of saying is
reported speech: the walk stops there and records who reported it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from flashpoint.coding.cues import Cues
from flashpoint.coding.syntax import effective_head, is_nominal, names_nobody, subject_of

CLIMB_DEPS = frozenset({"xcomp", "ccomp", "conj", "advcl", "pcomp", "acl", "relcl", "pobj",
                        "dobj", "prep", "nsubj", "nsubjpass", "attr", "oprd", "dative", "agent",
                        "csubj", "appos"})
CONTENT_PREPS = frozenset({"for", "to", "of", "about", "on", "against", "over", "into"})
SPEECH_TYPES = frozenset({"REQUEST", "THREATEN", "AGREE", "REJECT", "ACCUSE"})
NEGATION_OF_COORDINATION = frozenset({"but", "yet", "while", "whereas"})


@dataclass(slots=True)
class Scope:
    """What the clause chain says about one trigger."""

    modality: str = "asserted"
    skip: bool = False
    intent: bool = False  # the subject announces it: "will release", "is ready to withdraw"
    refusal: bool = False  # the subject announces it will not: "will not release"
    reported_by: Token | None = None
    accused: Token | None = None


def _own_cue(node: Token, cues: Cues, *, via_conj_but: bool) -> str | None:
    """A modality cue carried by `node` itself (its negation, modal or adverb), or by a
    negative subject ("neither side has agreed", "no one was arrested")."""
    for child in node.children:
        if child.dep_ in ("nsubj", "nsubjpass") and not via_conj_but and names_nobody(
                child, cues.negating_dets):
            return "negated"
    for child in node.children:
        low = child.lower_
        if child.dep_ == "neg" and not via_conj_but:
            return "negated"
        if child.dep_ == "relcl" and is_nominal(node) and child.lemma_.lower() in \
                cues.occurrence_verbs and any(g.dep_ == "neg" for g in child.children):
            return "negated"  # "police intervention which never came"
        if child.dep_ == "det" and low in cues.negating_dets and is_nominal(node):
            return "negated"
        if child.dep_ in ("amod", "advmod") and low in \
                cues.alleging_modifiers | cues.alleging_adverbs:
            return "alleged"
        if child.dep_ == "amod" and is_nominal(node) and low in cues.future_modifiers:
            return "future"  # "to prevent future raids", "the upcoming talks"
        if child.dep_ == "amod" and is_nominal(node) and low in cues.hypothetical_modifiers:
            return "hypothetical"  # "a potential strike"
    for child in node.children:
        if child.dep_ == "aux" and not via_conj_but:
            low = child.lower_
            if low in cues.future_aux:
                return "future"
            if low in cues.hypothetical_aux:
                return "hypothetical"
        if child.dep_ == "mark" and child.lower_ in cues.hypothetical_marks:
            return "hypothetical"
    return None


def _head_cue(node: Token, edge: str, prep: Token | None,
              cues: Cues) -> str | None:
    """A cue from the head reached over `edge`: "failed to", "has yet to", "reluctance to"."""
    lemma = node.lemma_.lower()
    if edge == "dobj" and lemma in cues.hypothetical_heads:
        return "hypothetical"  # "needs assistance", "wants talks"
    if edge == "dobj" and lemma in cues.negating_verbs and node.pos_ == "VERB":
        return "negated"  # "police foiled a bombing", "to prevent raids": it did not happen
    if edge == "pobj" and prep is not None and prep.lower_ in ("against", "from") and \
            lemma in cues.guarding_verbs:
        return "hypothetical"  # "to guard against a landing": what is feared
    if edge == "ccomp" and lemma in cues.future_heads:
        return "future"  # "analysts expect the government to hold talks"
    if edge == "nsubjpass" and lemma in cues.future_heads and node.pos_ == "VERB":
        return "future"  # "a second round of talks is planned for May": a schedule
    if edge in ("xcomp", "pcomp", "pobj", "acl", "advcl"):
        if lemma in cues.negating_verbs and node.pos_ in ("VERB", "AUX"):
            return "negated"
        if lemma in cues.negating_adjectives:
            return "negated"
        if lemma in cues.negatable_heads and _negated(node):
            return "negated"
        if lemma in cues.negating_nouns:
            return "negated"
        if edge == "xcomp" and any(c.dep_ == "advmod" and c.lower_ == "yet" for c in node.children):
            return "negated"
        if lemma in cues.future_heads:
            return "future"
        if lemma in cues.hypothetical_heads:
            return "hypothetical"
    if prep is not None:
        phrase = prep.lower_
        rather = [c.lower_ for c in prep.children if c.dep_ == "advmod"]
        if rather:
            phrase = f"{rather[0]} {phrase}"
        if phrase in cues.negating_preps or (
            prep.lower_ == "of" and prep.head.lower_ == "instead"
        ):
            return "negated"
    return None


def _past_fact(clause: Token, cues: Cues) -> bool:
    """A finite past-tense adverbial clause ("as street battles raged", "after rebels killed
    three") states its own fact; the main clause's modal or intent does not reach it. "when",
    "once" and "until" are left out: backshifted speech uses them for what has not happened."""
    return clause.tag_ == "VBD" and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in clause.children) and any(
        c.dep_ == "mark" and c.lower_ in cues.fact_marks for c in clause.children)


def _noun_content(clause: Token, verb: Token, cues: Cues) -> bool:
    """A "that" clause the parser hung on the verb but which states the content of the verb's
    object noun: "reiterated its demand today that X withdraw"."""
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return False
    return any(c.dep_ == "dobj" and c.i < clause.i and is_nominal(c)
               and c.lemma_.lower() in cues.content_heads for c in verb.children)


def _purpose_subject(head: Token, cues: Cues) -> bool:
    """ "a manhunt is underway to arrest the gunmen": a copula whose subject is an effort or
    an operation; its infinitive says what the effort seeks."""
    return head.lemma_.lower() == "be" and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in cues.purpose_heads for c in head.children)


def _negated(node: Token) -> bool:
    """ "not able", "have not been able": a negation on the word or on its copula."""
    holders = [node, node.head] if node.dep_ in ("acomp", "attr") else [node]
    return any(c.dep_ == "neg" for h in holders for c in h.children)


def _infinitival(node: Token) -> bool:
    """"to take action", "taking action": a clause without its own tense."""
    return node.tag_ in ("VB", "VBG") and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in node.children)


def detect_scope(
    trigger: Token,
    *,
    cues: Cues,
    trigger_type: Callable[[Token], str | None],
) -> Scope:
    """Walk from `trigger` up its clause chain and read modality, skip and attribution."""
    scope = Scope()
    found: str | None = _own_cue(trigger, cues, via_conj_but=False)
    if any(c.dep_ == "advmod" and c.lower_ in cues.habitual_adverbs
           for c in trigger.children):
        scope.skip = True
        return scope
    node = trigger
    prep: Token | None = None
    inside_np = False  # "the rise in attacks": cues above a noun phrase are not the event's
    for _ in range(14):
        edge = node.dep_
        if edge == "ROOT" or edge not in CLIMB_DEPS:
            break
        via_but = (edge == "conj" and any(
            c.dep_ == "cc" and c.lower_ in NEGATION_OF_COORDINATION for c in node.children
        )) or (edge == "conj" and any(
            c.dep_ == "cc" and c.lower_ in NEGATION_OF_COORDINATION for c in node.head.children
            if c.i < node.i
        ))
        head = effective_head(node) if edge == "conj" else node.head
        if edge == "pobj" or edge == "pcomp":
            prep = head
            if head.head.i == head.i:
                break
            head = head.head
            if head.dep_ == "prep" and head.head.i != head.i:  # "instead of"
                head = head.head
        elif edge != "prep":
            prep = None
        if edge == "prep":
            node = head
            continue
        if edge == "advcl" and _past_fact(node, cues):
            break  # "prepared to impose martial law as battles raged": the battles happened
        lemma = head.lemma_.lower()
        if edge == "ccomp" and _noun_content(node, head, cues):
            scope.skip = True  # "renewed its demand that Egypt loosen currency controls"
            break
        reporting = lemma in cues.reporting_heads and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in node.children)  # "told Reuters (that) X"
        if edge == "ccomp" and lemma in cues.speech_verbs and (
                reporting or lemma not in cues.content_heads):
            scope.reported_by = subject_of(head, object_control=cues.object_control)
            if lemma in cues.alleging_heads and found is None:
                found = "alleged"
            break
        if lemma in cues.alleging_heads and edge in ("pobj", "pcomp", "ccomp", "xcomp"):
            found = found or "alleged"
            objs = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
            scope.accused = objs[0] if objs else None
            break
        if edge == "xcomp" and lemma in cues.hearsay_verbs and any(
                c.dep_ == "auxpass" for c in head.children):
            found = found or "alleged"  # "the rebels are believed to have executed prisoners"
            break
        if edge in ("acl", "ccomp") and lemma in cues.alleging_nouns and is_nominal(
                head) and any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children):
            found = found or "alleged"  # "rumours that the president was arrested"
            break
        if edge in ("pobj", "pcomp") and prep is not None and prep.lower_ == "of" and \
                head.dep_ == "dobj" and head.head.lemma_.lower() in cues.alleging_heads:
            # "accused the army of killings", parsed with "of" on "army": the charge
            found = found or "alleged"
            scope.accused = head
            break
        if edge in ("pobj", "pcomp") and prep is not None and prep.lower_ == "for" and \
                lemma in cues.grounds_heads:
            # "was arrested for collaborating with the rebels": the grounds are a charge
            found = found or "alleged"
            objs = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
            scope.accused = objs[0] if objs else None
            break
        if prep is not None and found is None and not inside_np:
            found = _head_cue(head, edge, prep, cues)  # "rather than taking": negated, not content
            if found == "negated":
                node = head
                continue
        if edge in ("pobj", "pcomp") and prep is not None and prep.lower_ in (
                "for", "to", "toward", "towards") and lemma in cues.prospect_nouns:
            scope.skip = True  # "a climate for peace talks", "paved the way to a ceasefire"
            break
        content = lemma in cues.content_heads or trigger_type(head) in SPEECH_TYPES
        if (lemma in cues.purpose_heads | cues.entitlement_nouns or _purpose_subject(
                head, cues)) and edge in ("acl", "xcomp", "pcomp", "advcl", "relcl") and \
                _infinitival(node):
            scope.skip = True  # "talks aimed at ending the war", "efforts to end the fighting",
            break  # "the right to fire": what an effort seeks or a right permits
        if edge in ("relcl", "acl") and not _infinitival(node) and not any(
                c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in node.children):
            content = False  # "a deal which soon fell": a finite relative clause is not content,
            # but "its demand that Israel ease restrictions" is the demand's content
        if edge in ("pobj", "pcomp") and (prep is None or prep.lower_ not in CONTENT_PREPS):
            content = False  # "agreed a truce after talks": only "for/to/of/about" carry content
        if (content and edge in ("xcomp", "ccomp", "relcl", "acl", "advcl", "pcomp", "pobj")) \
                or (edge == "dobj" and lemma in cues.dobj_content_heads):
            scope.skip = True  # "demanded a ceasefire", "opposed the deployment"
            break
        if edge == "acl" and node.tag_ == "VBN" and node.i > head.i:
            break  # "vehicles seized last month": a reduced relative tells its own past event
        if lemma == "be" and edge in ("xcomp", "acl", "advcl", "relcl", "ccomp", "csubj") and any(
            c.dep_ == "aux" and c.lower_ in cues.future_aux | cues.hypothetical_aux
            for c in head.children
        ):
            scope.skip = True  # a forecast: "it will be a challenge to deal with"
            break
        if edge == "pobj" and is_nominal(head) and head.lemma_.lower() not in \
                cues.partitive_nouns:  # "some form of assistance" is still the object
            inside_np = True
        if any(c.dep_ == "advmod" and c.lower_ in cues.habitual_adverbs
               for c in head.children) and edge in ("dobj", "xcomp", "conj"):
            scope.skip = True  # "forces regularly patrol the frontier": a habit, not an event
            break
        if found is None and not inside_np:
            found = _head_cue(head, edge, prep, cues)
        adjunct = edge == "pobj" and prep is not None and prep.lower_ in \
            cues.setting_preps  # "no one was hurt in the blast": the blast was; but
        if found is None and not inside_np and not adjunct and edge not in (  # "would respond
                "relcl", "acl", "appos"):  # with air strikes" is as hypothetical as responding
            found = _own_cue(head, cues, via_conj_but=via_but)
        if edge in ("relcl", "appos"):
            break
        node = head
    scope.modality = found or "asserted"
    scope.intent = scope.modality in ("future", "hypothetical") and _announced(trigger, cues)
    scope.refusal = scope.modality == "negated" and _announced(trigger, cues)
    return scope


def _announced(trigger: Token, cues: Cues) -> bool:
    """ "X will release", "X is willing to withdraw", "X said it would tighten": a future or
    willing act stated for its doer, not a condition ("if X attacks") or a wish ("hopes to")."""
    node = trigger
    for _ in range(5):
        conditions = cues.hypothetical_marks
        if any(c.dep_ == "mark" and c.lower_ in conditions for c in node.children):
            return False  # inside the condition: "if the militants attack"
        auxes = {c.lower_ for c in node.children if c.dep_ == "aux"}
        if auxes & cues.future_aux:
            return True  # "we will not accept refugees if war starts" is still announced
        if "would" in auxes:  # backshifted "will" in reported speech, not a conditional
            conditional = any(g.dep_ == "mark" and g.lower_ in conditions
                              for c in node.children if c.dep_ == "advcl" for g in c.children)
            return not conditional and node.dep_ == "ccomp" and \
                node.head.lemma_.lower() in cues.speech_verbs
        if node is not trigger and node.lemma_.lower() in cues.intent_heads | cues.refusing_verbs:
            return True  # ("declined to resign" announces a refusal)
        if node.dep_ in ("dobj", "pobj") and is_nominal(node):  # "will provide aid"
            node = node.head.head if node.dep_ == "pobj" else node.head
            continue
        infinitive = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                   for c in node.children)
        if node.dep_ not in ("xcomp", "acomp", "conj", "prep", "pcomp") and not infinitive:
            return False  # ("sworn to fight" is parsed as an adverbial clause)
        node = node.head
    return False
