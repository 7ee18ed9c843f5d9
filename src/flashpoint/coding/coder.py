"""From a parsed document to event mentions: triggers, scope, roles, tolls, dates, modes.

`code_doc` is the rule coder's single entry point. It reads each sentence once: finds the
lexicon's triggers, drops those that are only the content of another speech act, reads roles,
merges the mentions that describe one happening ("fired weapons ..., martyring three") and
attaches the sentence's toll and date. It knows nothing of actor ids or places: those are
resolved afterwards from the spans it returns.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from flashpoint.coding.attribution import reporter_of
from flashpoint.coding.dateline import find_dateline
from flashpoint.coding.dates import resolve_date
from flashpoint.coding.fatalities import SentenceToll, headline_count, later_toll, read_toll
from flashpoint.coding.lexicon import Lexicon, Trigger
from flashpoint.coding.modality import Scope, detect_scope
from flashpoint.coding.roles import Roles, default_is_actor, find_roles
from flashpoint.coding.syntax import group_place, np_extent
from flashpoint.ontology import vocab
from flashpoint.records import EventMention, Fatalities, Span

MODE_ORDER = ("suicide", "aerial", "explosion", "heavy-weapons", "firearms")
TOLL_REACH = 2  # sentences after an attack whose toll still belongs to it
ULTIMATUM = Trigger(lemma="ultimatum", pos="NOUN", cameo="130", type="THREATEN",
                    confidence=0.75, note="an ultimatum: do X or face the consequences")

NO_AGREEMENT = Trigger(lemma="agree", pos="VERB", cameo="120", type="REJECT", confidence=0.6,
                       note="failing or refusing to agree is a rejection, as CAMEO codes it")
EXPULSION = Trigger(lemma="order", pos="VERB", cameo="174", type="COERCE", mode="deport",
                    confidence=0.75, note="an order to leave the country is an expulsion")
JOINT = Trigger(lemma="exercise", pos="NOUN", cameo="062", type="COOPERATE", confidence=0.65,
                note="an exercise held by two sides together is military cooperation")
POSTURE = Trigger(lemma="prepare", pos="VERB", cameo="150", type="MOBILIZE", confidence=0.6,
                  note="readying an attack is a show of force (CAMEO 15), the attack not yet made")
PERMITTED_DISSENT = Trigger(lemma="allow", pos="VERB", cameo="082", type="CONCEDE",
                            confidence=0.7, note="letting a protest go ahead eases dissent")
ATTEMPT = Trigger(lemma="attempt", pos="NOUN", cameo="185", type="ASSAULT", mode="assassinate",
                  confidence=0.75, note="an attempt on a life is coded even when it was foiled")
PEACEKEEPING = Trigger(lemma="deploy", pos="VERB", cameo="074", type="AID", confidence=0.7,
                       note="troops sent to keep the peace: military protection, not a threat")


@dataclass(slots=True)
class _Found:
    token: Token
    entry: Trigger
    scope: Scope
    roles: Roles
    fatalities: Fatalities


def hyphen_lemma(token: Token) -> str:
    """ "cease-fire" is tokenised "cease", "-", "fire": the noun's lemma with the word hyphened
    onto it ("ceasefire"), so the lexicon's one spelling finds both."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ \
            and not doc[token.i - 2].whitespace_ and doc[token.i - 2].head.i == token.i:
        return doc[token.i - 2].lower_ + token.lemma_.lower()
    return token.lemma_.lower()


def _quantified(tokens: list[Token], quantities: frozenset[str]) -> list[Token]:
    """ "700 kg of medicine", "hundreds of students": for each quantity among `tokens`, what
    its "of" phrase names."""
    return [g for t in tokens if t.lemma_.lower() in quantities or t.lower_ in quantities
            for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj"]


def _matches(token: Token, entry: Trigger, quantities: frozenset[str] = frozenset()) -> bool:
    children = list(token.children)
    if entry.bare and any(c.dep_ in ("dobj", "nsubjpass") for c in children):
        return False
    if entry.transitive and not any(c.dep_ in ("dobj", "nsubjpass") for c in children):
        return False
    if entry.infinitive and not any(
        c.dep_ in ("xcomp", "ccomp") and c.i > token.i
        and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in children
    ):
        return False
    if entry.particle and not any(
        c.dep_ == "prt" and c.lower_ == entry.particle for c in children
    ):
        return False
    if entry.objects:
        objs = [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr")]
        objs += [g for c in children if c.dep_ == "prep" and c.lower_ == "with"
                 for g in c.children if g.dep_ == "pobj"]  # "provided the army with weapons"
        objs += [g for c in children if c.dep_ in ("ccomp", "xcomp") for g in c.children
                 if g.dep_ == "nsubj"]  # "allowed UN inspectors to visit", parsed as a clause
        objs += [g for o in objs for g in o.conjuncts]
        objs += [m for o in objs for m in o.children
                 if m.dep_ == "compound"]  # "violated the ceasefire agreement"
        objs += _quantified(objs, quantities)  # "700 kg of medicine", "tons of aid"
        banned = frozenset(entry.not_modifiers or ())
        if not any((hyphen_lemma(o) in entry.objects or o.lower_ in entry.objects) and not any(
                m.dep_ in ("compound", "amod") and m.lemma_.lower() in banned
                for m in o.children) for o in objs):  # "carried out surgical operations"
            return False
    if entry.subjects:
        subjects = [c for c in children if c.dep_ == "nsubj"]
        subjects += [g for c in subjects for g in c.conjuncts]
        subjects += _quantified(subjects, quantities)  # "hundreds of students occupied"
        subjects += [m for s in subjects for m in s.children
                     if m.dep_ in ("amod", "compound")]  # "peacekeeping troops arrived"
        if not any(c.lemma_.lower() in entry.subjects for c in subjects):
            return False
    if entry.modifiers and not any(
        c.dep_ in ("compound", "amod", "nmod", "npadvmod") and c.lemma_.lower() in entry.modifiers
        for c in children
    ):
        return False
    if entry.not_modifiers and any(
        c.dep_ in ("compound", "amod", "nmod", "poss") and c.lemma_.lower() in entry.not_modifiers
        for c in children
    ):  # "a hunger strike", "the teachers' strike"
        return False
    if entry.not_objects and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in entry.not_objects
        for c in children
    ):
        return False
    if entry.with_prep and not entry.prep_objects and any(
            c.dep_ in ("advcl", "ccomp") and c.i > token.i and any(
                g.dep_ == "mark" and g.lower_ in entry.with_prep and g.i < c.i
                for g in c.children) for c in children):
        return True  # "called for the generals to be tried": "for" opens a clause
    return not entry.with_prep or any(
        c.dep_ in ("prep", "agent", "prt") and c.lower_ in entry.with_prep
        and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)  # "fired ... on Monday"
        and (not entry.prep_objects or any(  # "took to the streets"
            g.dep_ == "pobj" and g.lemma_.lower() in entry.prep_objects for g in c.children))
        for c in children
    )


def nominal_gerund(token: Token) -> bool:
    """ "killed in police firing", "resorted to firing": an -ing form used as a noun.

    The small model tags these VERB; in an argument slot, or hanging off the noun just before
    it ("police/pobj firing/acl"), with no object or auxiliary of its own, they name an act.
    """
    if token.tag_ != "VBG" or any(c.dep_ in ("dobj", "aux", "nsubj") for c in token.children):
        return False
    if token.dep_ in ("pobj", "nsubj", "nsubjpass", "dobj"):
        return True
    if token.dep_ == "pcomp" and any(c.dep_ == "det" for c in token.children):
        return True  # "injured in a drive-by shooting": a determiner makes it a noun
    return token.dep_ == "acl" and token.head.i == token.i - 1 and token.head.pos_ == "NOUN"


def find_triggers(sent: SpacySpan, lexicon: Lexicon,
                  cues: dict[str, frozenset[str]] | None = None) -> list[tuple[Token, Trigger]]:
    """Tokens of `sent` that start an event, with the lexicon entry that matched."""
    quantities = (cues or {}).get("partitive_nouns", frozenset())
    generic = (cues or {}).get("generic_heads", frozenset())
    found: list[tuple[Token, Trigger]] = []
    for token in sent:
        if token.lower_ == "shot" and headline_count(token):
            lemma, pos = "shoot", "VERB"  # headline "Eight shot in overnight melee"
        elif token.tag_ == "VBG" and token.dep_ == "amod" and token.head.lemma_.lower() in \
                generic and lexicon.lookup(token.lower_, "NOUN"):
            lemma, pos = token.lower_, "NOUN"  # "the shooting death of a teenager"
        elif token.pos_ == "VERB" and nominal_gerund(token) and lexicon.lookup(token.lower_,
                                                                                "NOUN"):
            lemma, pos = token.lower_, "NOUN"
        elif token.pos_ == "VERB" and token.dep_ != "amod":  # "the proscribed group" is no event
            lemma, pos = token.lemma_.lower(), "VERB"
        elif token.pos_ == "NOUN" and (token.dep_ != "compound" or token.head.lemma_.lower()
                                       in generic):  # "a mediation effort"
            lemma, pos = hyphen_lemma(token), "NOUN"
            if lemma != token.lemma_.lower() and not lexicon.lookup(lemma, pos):
                lemma = token.lemma_.lower()  # "anti-government protest" is still a protest
        else:
            continue
        for entry in lexicon.lookup(lemma, pos):
            if _matches(token, entry, quantities):
                found.append((token, entry))
                break
    return found


def _ultimatums(sent: SpacySpan, cues: dict[str, frozenset[str]]) -> list[Token]:
    """Heads of "issue a message to do X or face the consequences" ("... or risk losing
    funding"): a threat.

    Read from the surface ("or face" + a sanction word) because the parser often tags this
    "face" as a noun; the head is the nearest communicative word above it, else before it.
    """
    objects = cues.get("ultimatum_objects", frozenset())
    wanted = cues.get("ultimatum_heads", frozenset())
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


def _expulsions(sent: SpacySpan, cues: dict[str, frozenset[str]]) -> list[Token]:
    """ "ordered the ICRC delegation head to leave the country", "gave the diplomats 48 hours to
    leave": an order to leave is an expulsion (CAMEO 174), coded on the ordering verb."""
    verbs = cues.get("expelling_verbs", frozenset())
    leave = cues.get("leaving_verbs", frozenset())
    envoys = cues.get("expelled_people", frozenset())
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
                        cues: dict[str, frozenset[str]]) -> list[Token]:
    """ "allowed the opposition to hold a rally": permission for a protest eases political
    dissent (CAMEO 082, CONCEDE in the PLOVER manual); the protest itself is only permitted.
    Coded on the permitting verb when it is no trigger of its own."""
    verbs = cues.get("permitting_verbs", frozenset())
    protests = [tok for tok, entry in triggers if entry.type == "PROTEST"]
    taken = {tok.i for tok, _ in triggers}
    return [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in verbs and t.i not in taken
            and any(c.dep_ in ("xcomp", "ccomp") and (p.i == c.i or c.is_ancestor(p))
                    for c in t.children for p in protests)]


def _obligations(sent: SpacySpan, cues: dict[str, frozenset[str]]) -> list[tuple[Token, Token]]:
    """(speech verb, clause) pairs of "X said Y must Z": X demands (must) or appeals (should).

    "must have known" is an inference, not an obligation, and "we must act" is a speaker
    exhorting its own side; neither is a demand on anyone.
    """
    verbs = cues.get("demand_speech_verbs", frozenset()) | cues.get("speech_verbs", frozenset())
    found: list[tuple[Token, Token]] = []
    for clause in sent:
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in verbs:
            continue
        auxes = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
        if not auxes & cues.get("obligation_aux", frozenset()) or "have" in auxes:
            continue
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or (subject.pos_ == "PRON" and subject.lower_ in cues.get(
                "speaker_pronouns", frozenset())):
            continue
        found.append((clause.head, clause))
    return found


def _demand(clause: Token, content: list[Trigger], cues: dict[str, frozenset[str]]) -> Trigger:
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


def _background(token: Token, cues: dict[str, frozenset[str]]) -> bool:
    """Is the trigger told as background to the sentence's news: in a relative clause ("the
    ship it seized on Monday"), a participle on a noun, or an adjunct ("after fierce fighting")?

    Such mentions are often re-reports of an earlier event, so they carry less confidence.
    """
    node = token
    for _ in range(8):
        if node.dep_ in ("relcl", "acl") and node.pos_ == "VERB":
            return True
        if node.dep_ == "pobj" and node.head.lower_ in cues.get("background_preps", frozenset()):
            return True
        if node.dep_ in ("ROOT",) or node.head.i == node.i:
            return False
        if node.dep_ in ("ccomp", "xcomp") and node.head.pos_ == "VERB":
            return False  # reported or controlled: the clause is the news
        node = node.head
    return False


def _readied(token: Token, cues: dict[str, frozenset[str]]) -> Token | None:
    """ "The army prepared to resume shelling", "troops are massing to storm the town": the verb
    of readying above an attack, when it is told as a fact (not "is prepared to", a stance)."""
    node = token
    for _ in range(3):
        infinitive = node.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if node.dep_ != "xcomp" and not infinitive:
            return None
        node = node.head
        if node.pos_ == "VERB" and node.lemma_.lower() in cues.get("readying_verbs", frozenset()):
            return node
    return None


def _voiced_by_protest(token: Token, kinds: Mapping[int, str]) -> bool:
    """A demand made by protesting is the protest's, not a second, verbal event: the PLOVER
    manual codes "demands that take the form of demonstrations" as PROTEST. The demand is the
    purpose of a protest verb ("marched to demand") or of the verb whose object is a protest
    noun ("began a hunger strike to demand", "staged a sit-in demanding"), unless that verb is
    another act ("police broke up the rally, demanding that the crowd leave")."""
    if token.dep_ not in ("advcl", "acl", "xcomp"):
        return False
    head = token.head
    return kinds.get(head.i) == "PROTEST" or (head.i not in kinds and any(
        child.dep_ in ("dobj", "nsubj", "nsubjpass") and kinds.get(child.i) == "PROTEST"
        for child in head.children))


def _possessed(token: Token, kinds: Mapping[int, str], cues: dict[str, frozenset[str]]) -> bool:
    """Is the noun trigger something held ("had millions of dollars of donations") rather
    than an act, its verb of having not being a trigger itself ("had talks" is one)?"""
    if token.pos_ != "NOUN":
        return False
    node = token
    while node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ in (
            "NOUN", "NUM"):
        node = node.head.head  # "millions of dollars of donations"
    return node.dep_ == "dobj" and node.head.i not in kinds and \
        node.head.lemma_.lower() in cues.get("possession_verbs", frozenset()) and not any(
            c.dep_ == "prt" for c in node.head.children)  # "held off the attack" is no holding


def _accidental(verb: Token, cues: dict[str, frozenset[str]]) -> bool:
    """ "A fire killed 100 people", "killed in a road accident", "hit by a storm", "killed
    when a bus plunged into a ravine": harm done by a disaster or an accident is nobody's
    attack. The cause is the subject, the passive's agent or "in" phrase, or a "when" clause
    of an accident."""
    causes = cues.get("natural_causes", frozenset())
    for child in verb.children:
        if child.dep_ == "nsubj" and (child.lemma_.lower() in causes or any(
                c.dep_ == "compound" and c.lemma_.lower() in causes for c in child.children)):
            return True  # ("Cyclone Fani hit Odisha")
        if child.dep_ in ("agent", "prep") and child.lower_ in ("by", "in") and any(
                g.dep_ == "pobj" and g.lemma_.lower() in causes for g in child.children) and \
                any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return True
        if child.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ == "when"
                                         for m in child.children) and (
                child.lemma_.lower() in cues.get("accident_verbs", frozenset()) or any(
                    g.dep_ == "nsubj" and g.lemma_.lower() in causes for g in child.children)):
            return True
    return False


def _one_body(source: Token | None, cues: dict[str, frozenset[str]]) -> bool:
    """Is the source a single deliberative body ("Israel's cabinet"), so a meeting of it is
    internal business rather than a consultation between two actors?"""
    return source is not None and source.tag_ in ("NN", "NNP") and not source.conjuncts and \
        source.lemma_.lower() in cues.get("deliberative_bodies", frozenset())


def _denied(token: Token, cues: dict[str, frozenset[str]]) -> bool:
    """ "rejected the accusations": the accusation is the thing denied, reported before."""
    return (token.lemma_.lower() in cues.get("accusation_nouns", frozenset())
            and token.dep_ in ("dobj", "nsubjpass")
            and token.head.lemma_.lower() in cues.get("denial_verbs", frozenset()))


def _opinion(token: Token, cues: dict[str, frozenset[str]]) -> bool:
    """ "They agree with the minister that ...": an opinion shared, no act agreed. An
    agreement has a content ("to hold talks", "on a ceasefire", "a deal") or no "with"."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in cues.get("opinion_verbs", frozenset()):
        return False
    deps = {c.dep_ for c in token.children}
    preps = {c.lower_ for c in token.children if c.dep_ == "prep"}
    return "with" in preps and not preps & {"on", "upon", "to"} and not deps & {
        "xcomp", "dobj"}


def _in_content(trigger: Token, token: Token) -> bool:
    """Is `token` inside what the trigger says or agrees to ("agreed to resume talks next
    month": the date is the talks', not the agreement's)?"""
    return any(token.i in {t.i for t in c.subtree} for c in trigger.children
               if c.dep_ in ("xcomp", "ccomp"))


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


def _by_told(found: _Found, told: set[int]) -> bool:
    """ "The attack killed three policemen", "three were killed in the attack": a killing done
    by an attack told before is that attack's toll, not a second attack. The sentence then
    codes nothing of its own, and its toll completes the earlier attack."""
    verb = found.token
    if found.roles.source is not None and found.roles.source.i in told:
        return True
    return any(g.i in told for c in verb.children if c.dep_ in ("prep", "agent")
               and c.lower_ in ("in", "by", "during") for g in c.children if g.dep_ == "pobj")


def _anaphoric(token: Token, entry: Trigger, roles: Roles) -> bool:
    """"responded to the threat": a definite bare noun refers back to an event already coded."""
    if entry.pos != "NOUN" or roles.source is not None or roles.target is not None:
        return False
    if any(c.dep_ == "relcl" for c in token.children):
        return False  # "the torture to which he was subjected": the clause says which one
    dets = [c.lower_ for c in token.children if c.dep_ in ("det", "poss")]
    return bool(dets) and dets[0] in ("the", "this", "that", "these", "those", "such")


def _mode(token: Token, entry: Trigger, roles: Roles,
          cues: dict[str, frozenset[str]]) -> str | None:
    if entry.mode or entry.type != "ASSAULT":
        return entry.mode
    words = {token.lemma_.lower(), token.lower_}
    for child in token.children:
        if child.dep_ == "amod" and child.lower_ in cues.get("intensity_adjectives", frozenset()):
            continue  # "heavy fighting" is fierce, not fought with heavy weapons
        words |= {child.lemma_.lower(), child.lower_}
        words |= {g.lemma_.lower() for g in child.children}
    if roles.source is not None:
        words |= {roles.source.lemma_.lower(), roles.source.lower_}
    for mode in MODE_ORDER:
        if words & cues.get(f"mode_{mode}", frozenset()):
            return mode
    return None


def _chain(doc: Doc, said: Token | None, found: Token | None) -> tuple[str, ...] | None:
    """The mentions an argument was resolved through: what the sentence says ("it", "the
    group"), then the actor it refers to (the record's `chain`)."""
    if said is None or found is None:
        return None
    return tuple(s.text for s in (_span(doc, said), _span(doc, found)) if s is not None)


def _span(doc: Doc, token: Token | None) -> Span | None:
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
    the office in front of the name, or by an apposition ("X, the UN relief coordinator")."""
    if token is None or token.ent_type_ != "PERSON":
        return None
    start, _ = np_extent(token)
    name_start = next((e.start for e in doc.ents if e.start <= token.i < e.end), token.i)
    prefix = [t for t in doc[start:name_start] if t.dep_ != "det" and not t.is_punct]
    if prefix:
        return " ".join(t.text for t in doc[start:name_start]).strip()
    appos = [c for c in token.children if c.dep_ == "appos"]
    return doc[slice(*np_extent(appos[0]))].text if appos else None


def _coordinated_sources(doc: Doc, f: _Found) -> list[str | None]:
    """ "US and British warplanes struck": one event per coordinated source (PLOVER codes
    compound actors as separate events); mutual acts are split into source and target."""
    head = f.roles.source
    if head is None or f.entry.type in ("AGREE", "CONSULT", "COOPERATE"):
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


def _split_sides(doc: Doc, f: _Found,
                 cues: dict[str, frozenset[str]]) -> tuple[str | None, str | None]:
    """ "Pakistani and Afghan forces clashed", "Ethiopia and Eritrea signed a peace agreement",
    "troops and rebels exchanged fire": the subject names both sides of a mutual act, coded as
    one event from the first side to the second."""
    head = f.roles.source
    if head is None or f.entry.type not in ("ASSAULT", "CONSULT", "AGREE", "COOPERATE"):
        return None, None
    if f.entry.type == "ASSAULT" and any(c.dep_ == "dobj" for c in f.token.children) and \
            f.token.lemma_.lower() not in cues.get("reciprocal_verbs", frozenset()):
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
        return _span(doc, token)
    return Span(ent.text, ent.start_char, ent.end_char)


def _merge(found: list[_Found], cues: dict[str, frozenset[str]]) -> list[_Found]:
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
    kept: list[_Found] = []
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
                f.token.lemma_.lower() in cues.get("arresting_operations", frozenset()) and \
                head.head.i in by_token and by_token[head.head.i].entry.mode == "arrest":
            continue  # "arrested 15 militants in raids": the raids are how they were arrested
            # (but "arrested in the shooting of a teenager" names the crime, its own event)
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
    kill = cues.get("kill_words", frozenset())
    attacks = [f for f in kept if f.entry.type == "ASSAULT" and f.token.lemma_.lower() not in kill]
    out: list[_Found] = []
    for f in kept:
        if f.entry.type == "ASSAULT" and f.token.lemma_.lower() in kill and attacks:
            main = min(attacks, key=lambda a: abs(a.token.i - f.token.i))
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
    return out


def code_doc(
    doc: Doc,
    *,
    doc_id: str,
    published: date | None,
    lexicon: Lexicon,
    cues: dict[str, frozenset[str]],
    is_actor: Callable[[Token], bool] = default_is_actor,
) -> list[EventMention]:
    """Every event mention in a parsed document, sentence by sentence."""
    mentions: list[EventMention] = []
    dateline = find_dateline(doc.text)  # when the caller did not mask it (mask_dateline)
    doc.user_data["flashpoint_dateline_end"] = dateline.end if dateline else 0
    last_attack: int | None = None  # index in `mentions` of the latest asserted attack
    pending: tuple[int, SentenceToll] | None = None  # a toll told before any attack
    for number, sent in enumerate(doc.sents):
        if sent.text.rstrip().endswith("?"):
            continue  # questions are not events
        found = _code_sentence(doc, sent, number, doc_id=doc_id, published=published,
                               lexicon=lexicon, cues=cues, is_actor=is_actor,
                               attacked=last_attack is not None)
        toll = read_toll(sent, cues) if not found else None  # a toll-only sentence
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


def _later_toll(attack: EventMention, toll: SentenceToll,
                cues: dict[str, frozenset[str]]) -> EventMention:
    """ "A man was shot on Elm Street. He died at the hospital.": a toll-only sentence completes
    the attack told just before it (or, when none was told yet, the first one told after it,
    within the same reach); `fatalities.later_toll` says how."""
    merged = later_toll(attack.fatalities, toll, cues)
    return dataclasses.replace(attack, fatalities=merged) if merged != attack.fatalities \
        else attack


def _code_sentence(
    doc: Doc, sent: SpacySpan, number: int, *, doc_id: str, published: date | None,
    lexicon: Lexicon, cues: dict[str, frozenset[str]], is_actor: Callable[[Token], bool],
    attacked: bool = True,
) -> list[EventMention]:
    triggers = find_triggers(sent, lexicon, cues)
    for verb in _expulsions(sent, cues):  # an order to leave the country is no bare demand
        triggers = [(tok, entry) for tok, entry in triggers
                    if tok.i != verb.i or entry.type != "REQUEST"]
        if not any(tok.i == verb.i for tok, _ in triggers):
            triggers.append((verb, EXPULSION.model_copy(update={"lemma": verb.lemma_.lower()})))
    for verb in _permitted_protests(sent, triggers, cues):
        triggers.append((verb, PERMITTED_DISSENT.model_copy(update={
            "lemma": verb.lemma_.lower()})))
    for verb, clause in _obligations(sent, cues):
        inside = {t.i for t in clause.subtree}
        content = [entry for tok, entry in triggers if tok.i in inside]
        triggers = [(tok, entry) for tok, entry in triggers if tok.i not in inside]
        if not any(tok.i == verb.i for tok, _ in triggers):
            triggers.append((verb, _demand(clause, content, cues)))
    kinds = {tok.i: entry.type for tok, entry in triggers}
    for head in _ultimatums(sent, cues):
        if head.i not in kinds:
            triggers.append((head, ULTIMATUM.model_copy(update={
                "lemma": head.lemma_.lower(), "pos": "VERB" if head.pos_ == "VERB" else "NOUN"})))
            kinds[head.i] = "THREATEN"
    found: list[_Found] = []
    told: set[int] = set()  # "the attack": attack nouns that refer back to one already coded
    for token, entry in triggers:
        aimed_at: Token | None = None
        if _denied(token, cues) or _opinion(token, cues):
            continue
        if entry.mode == "assassinate" and token.dep_ in ("acl", "xcomp") and \
                token.head.lemma_.lower() in cues.get("attempt_words", frozenset()):
            # "an attempt to assassinate the governor was thwarted": the attempt happened
            aimed_at = token
            token, entry = token.head, ATTEMPT.model_copy(update={
                "lemma": token.head.lemma_.lower(), "pos": token.head.pos_})
        if entry.type == "REQUEST" and _voiced_by_protest(token, kinds):
            continue  # "marched to demand higher wages": the protest voices the demand
        if _possessed(token, kinds, cues):
            continue  # "it had $12M of unspent donations": a holding, not an act
        scope = detect_scope(token, cues=cues, trigger_type=lambda t: kinds.get(t.i))
        if scope.skip:
            continue
        if entry is not ULTIMATUM and token.head.i in kinds and kinds[token.head.i] == "THREATEN" \
                and token.dep_ in ("relcl", "acl", "xcomp", "conj") and token.i > token.head.i:
            continue
        roles = find_roles(token, entry, scope, cues=cues, is_actor=is_actor)
        if aimed_at is not None and roles.target is None:  # the target of the attempted act
            roles.target = find_roles(aimed_at, entry, scope, cues=cues, is_actor=is_actor).target
        if _anaphoric(token, entry, roles) and (
                attacked or entry.type != "ASSAULT" or token.dep_ not in ("nsubj", "nsubjpass")):
            # "the shooting" refers back to an attack, unless the story has told none yet and
            # the sentence is about it ("The bombing left 12 dead", not "arrested in
            # connection with the attack")
            if entry.type == "ASSAULT":
                told.add(token.i)
            continue
        if entry.type == "THREATEN" and entry.lemma in ("warn", "warning") and \
                roles.source is not None and roles.source.pos_ == "NOUN" and \
                not is_actor(roles.source):
            continue  # "analysts warned that the conflict could spread": a forecast, no threat
        if roles.source is not None and roles.source.lower_ in cues.get("generic_pronouns",
                                                                       frozenset()):
            continue  # "to kill anyone who cooperated with the government": nobody in particular
        if entry.type == "CONSULT" and (roles.target is None or not is_actor(roles.target)) \
                and _one_body(roles.source, cues):
            continue  # "the cabinet met to discuss the budget": no second party
        if entry.type == "ASSAULT" and roles.target is not None and roles.target.lemma_.lower() \
                in cues.get("abstract_targets", frozenset()):
            continue  # "the battle against the water crisis"
        if entry.type == "ASSAULT" and entry.pos == "VERB" and _accidental(token, cues):
            continue  # "floods killed 40 people", "killed when a bus plunged into a ravine"
        if entry.negative:  # "police inaction": nobody's inaction is no event
            if roles.source is None or not is_actor(roles.source):
                continue
            scope.modality = "negated" if scope.modality == "asserted" else scope.modality
        if entry.type == "MOBILIZE" and any(t.lemma_.lower() in cues.get(
                "peacekeeping_words", frozenset()) for t in sent):  # anywhere in the sentence
            entry = PEACEKEEPING.model_copy(update={"lemma": entry.lemma, "pos": entry.pos})
        named = {token.lemma_.lower(), *(c.lemma_.lower() for c in token.children
                                          if c.dep_ == "dobj")}  # "held naval exercises"
        if entry.type == "MOBILIZE" and named & cues.get(
                "joint_activity_nouns", frozenset()) and _two_sided(roles.source):
            entry = JOINT.model_copy(update={"lemma": entry.lemma, "pos": entry.pos})
        readied = _readied(token, cues) if entry.type == "ASSAULT" and \
            scope.modality in ("future", "asserted") and not scope.intent else None
        if readied is not None and readied.i in kinds:
            continue  # "troops were deployed to attack": the deployment is coded already
        if readied is not None:  # the show of force is the event; the attack is to come
            token, entry, scope.modality = readied, POSTURE.model_copy(
                update={"lemma": readied.lemma_.lower()}), "asserted"
        announced = None
        if roles.source is not None and (scope.intent or scope.refusal):
            announced = _announcement(entry, refused=scope.refusal)
            if announced is None and scope.refusal and entry.type == "AGREE":
                announced = NO_AGREEMENT  # "will not accept any such proposal": a rejection
        elif roles.source is not None and entry.type == "AGREE" and scope.modality == "negated" \
                and not any(t.lower_ == "yet" for t in sent):  # "have yet to agree": pending
            announced = NO_AGREEMENT  # "failed to reach agreement": each rejected the terms
        scope.intent = announced is not None
        if announced is not None:
            entry, scope.modality = announced, "asserted"
        found.append(_Found(token, entry, scope, roles, Fatalities()))
    kill = cues.get("kill_words", frozenset())
    found = [f for f in found if not (f.entry.type == "ASSAULT" and f.token.lemma_.lower() in kill
                                      and _by_told(f, told))]
    found = _merge(found, cues)
    if not found:
        return []
    toll = read_toll(sent, cues)
    assaults = [f for f in found if f.entry.type == "ASSAULT"]
    if assaults and toll.anchor is not None:
        pivot = toll.anchor.i
        main = min(assaults, key=lambda a: abs(a.token.i - pivot))
        main.fatalities = toll.as_record()
        if toll.victims and (main.roles.target is None or not is_actor(main.roles.target)):
            # the victims replace the target, and whose it was goes with it
            main.roles.target, main.roles.target_owner = toll.victims[0], None
    speech = cues.get("speech_verbs", frozenset())  # "said on Thursday" dates no event
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
                source=_span(doc, f.roles.source), target=_span(doc, f.roles.target),
                reported_by=_span(doc, reporter_of(f.token, f.scope.reported_by, speech=speech,
                                                   cues=cues, is_actor=is_actor)),
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
