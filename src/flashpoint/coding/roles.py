"""Who did what to whom: source, target and place of a trigger, read from the parse.

Verbs: the subject acts (inherited through control and coordination), the object or a
preposition named by the lexicon ("attack *on* X") is the target; in the passive the "by" agent
acts and the subject suffers. Nouns: a possessor, an actor modifier ("Pakistani airstrike"), a
"by" phrase, or the subject of the verb that launches or claims it. Pronouns are replaced by
their nearest agreeing antecedent, and "we"/"both" in reported speech by the speaker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from flashpoint.coding.cues import Cues
from flashpoint.coding.lexicon import Trigger
from flashpoint.coding.modality import Scope
from flashpoint.coding.syntax import (
    governing_verb,
    in_dateline,
    is_nominal,
    is_plural,
    names_nobody,
    subject_of,
)

DEFAULT_TARGET_PREPS = frozenset({"against", "on", "upon", "into", "at"})
RECIPROCAL_PREPS = frozenset({"with", "between"})
# "the withdrawal of Serbian forces", "an admission by Moscow": who the demanded act concerns
NOMINAL_ARGUMENT_PREPS = frozenset({"of", "by", "from"})
MATERIAL_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "AID", "RETREAT",
                            "SANCTION", "COOPERATE", "CONCEDE"})
SPEECH_ACTS = frozenset({"REQUEST", "THREATEN", "ACCUSE", "REJECT", "PROTEST"})
LOCATION_PREPS = frozenset({"in", "at", "near", "into", "across", "inside", "outside", "around",
                            "from", "along", "on", "within", "throughout", "over"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
# verbs whose subject receives a speech act whose author follows "from": "drew criticism from"
RECEIVING_VERBS = frozenset({"draw", "receive", "face", "attract", "earn", "spark", "prompt",
                             "trigger", "provoke", "meet", "get"})
# what a complaint or protest is about: "complained over the raids", "protested about"
ABOUT_PREPS = frozenset({"over", "about"})
# prepositions after which a proper noun of a material event is a place, whatever NER says
NEAR_PREPS = frozenset({"in", "near", "outside", "around", "inside"})
# "conceded at last", "at least", "at once": an adverbial, never an argument
AT_IDIOMS = frozenset({"last", "least", "once", "first", "all", "most"})
ACTOR_ENTS = frozenset({"GPE", "ORG", "NORP", "PERSON"})

IsActor = Callable[[Token], bool]


@dataclass(slots=True)
class Roles:
    """The argument heads of one trigger (spans are built from them later)."""

    source: Token | None = None
    target: Token | None = None
    location: Token | None = None
    source_owner: Token | None = None  # "its troops": the antecedent of "its"
    target_owner: Token | None = None
    source_said: Token | None = None  # the pronoun or description the source was found by
    target_said: Token | None = None


def default_is_actor(token: Token) -> bool:
    """Without a registry: named entities and person or group nouns look like actors."""
    return token.ent_type_ in ACTOR_ENTS or token.pos_ == "PROPN"


def _prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of the named prepositions; "on Sunday" is a date, never an argument. The parser
    labels a recipient's "to" dative after a long object ("providing photographs and
    intelligence to Macedonia")."""
    return [g for c in token.children if c.dep_ in ("prep", "dative") and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")
            and not (c.lower_ == "at" and g.lower_ in AT_IDIOMS)]


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ == "acl"
    ) or (  # "five were killed and 11 others wounded": the second participle shares the passive
        verb.tag_ == "VBN" and verb.dep_ == "conj"
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.head.children)
    )


def _stray_agent(verb: Token, is_actor: IsActor) -> Token | None:
    """ "was accused of misusing funds, much of it embezzled, by government officials": after a
    long complement the parser hangs the "by" agent on a higher verb; an actor in a "by" phrase
    after the passive, on a verb that governs it, is still its agent."""
    node = verb
    for _ in range(3):
        if node.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or node.head.i == node.i:
            return None
        node = node.head
        found = [g for c in node.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                 and c.i > verb.i for g in c.children if g.dep_ == "pobj" and is_actor(g)]
        if found:
            return found[0]
    return None


def _verb_roles(trigger: Token, entry: Trigger, cues: Cues,
                is_actor: IsActor) -> Roles:
    roles = Roles()
    preps = DEFAULT_TARGET_PREPS | frozenset(entry.target_preps)
    if entry.type in ("CONSULT", "AGREE", "COOPERATE"):
        preps |= RECIPROCAL_PREPS
    if entry.type == "CONCEDE":
        preps |= {"to"}  # "gave in to the strikers", "conceded to demands from X"
    if _is_passive(trigger):
        agents = [g for c in trigger.children if c.dep_ == "agent" for g in c.children
                  if g.dep_ == "pobj"]
        roles.source = agents[0] if agents else _stray_agent(trigger, is_actor) or \
            _opponent(trigger, cues) or _in_attack(trigger, cues)
        subj = [c for c in trigger.children if c.dep_ == "nsubjpass"]
        roles.target = subj[0] if subj else (trigger.head if trigger.dep_ == "acl" else None)
        between = _prep_objects(trigger, frozenset({"between"}))
        if roles.source is None and between and entry.type in ("AGREE", "CONSULT",
                                                               "COOPERATE"):
            roles.source = between[0]  # "it was agreed between Kenya and Uganda": the sides
            others = [t for t in between[0].conjuncts if t.i != between[0].i]
            roles.target = others[0] if others else None
            return roles
        if entry.type == "MOBILIZE" and roles.source is None:
            # "Kenyan troops were deployed", "columns of the army had to be deployed": the
            # forces put in the field are who mobilises when no one is said to send them
            roles.source = roles.target or subject_of(
                trigger, object_control=cues.get("object_control", frozenset()))
            roles.target = None
        return roles
    roles.source = subject_of(trigger, object_control=cues.get("object_control", frozenset()),
                              grounds_control=cues.get("judging_verbs", frozenset()),
                              documents=cues.get("statement_nouns", frozenset()))
    if roles.source is not None and roles.source.lemma_.lower() in cues.get("attack_nouns",
                                                                            frozenset()):
        roles.source = _attack_author(roles.source, cues, is_actor)  # "a bombing killed"
    if trigger.tag_ == "VBG" and trigger.dep_ in ("pcomp", "pobj"):
        by = _prep_objects(trigger, frozenset({"by"}))  # "injured in shooting by the rebels":
        roles.source = by[0] if by else roles.source  # a gerund used as a noun takes "by"
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "dative")]
    candidates: list[Token] = []
    if entry.type == "ACCUSE":  # "complained to the UN over Israeli air raids": the one
        # accused is whoever did what the complaint is about, not whom it is made to
        about = _prep_objects(trigger, ABOUT_PREPS)
        candidates += [t for t in about if is_actor(t)] + _thing_owners(about, is_actor)
    if entry.objects:
        for obj in objects:
            candidates += _prep_objects(obj, preps)
        candidates += _prep_objects(trigger, preps)
        candidates += [o for o in objects if is_actor(o)]  # "provided the army with weapons"
        candidates += [p for o in objects for p in o.children if p.dep_ == "poss"
                       and is_actor(p)]  # "defended China's expansion of the reefs"
        candidates += _thing_owners(objects, is_actor)
    else:
        candidates += [o for o in objects if is_actor(o)]
        candidates += [t for t in _prep_objects(trigger, preps) if is_actor(t)]
        if entry.type in ("THREATEN", "REQUEST", "AGREE", "REJECT") and not objects:  # "offered
            # to hand over the suspects to Britain", "threatened to launch an
            candidates += _content_target(trigger, is_actor, cues,  # offensive against
                                          threat=entry.type == "THREATEN")  # militants";
            # "urged both sides to withdraw their forces" is aimed at whom it urged
        if entry.type in SPEECH_ACTS:  # "demanded that the United States cancel the sale"
            candidates += [s for c in trigger.children if c.dep_ == "ccomp" or (
                               c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for"
                                                         for m in c.children))
                           for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
                           and is_actor(s)]  # "called for the army to withdraw"
        candidates += [p for o in objects for p in o.children if p.dep_ == "poss"
                       and is_actor(p)]  # "will support Turkey's efforts to join the EC"
        candidates += _thing_owners(objects, is_actor)
        candidates += [t for t in _thing_owners(_prep_objects(trigger, preps), is_actor)
                       if not objects]  # "conceded to demands from the rebels"
        for obj in objects:  # "brokered a deal between X and Y", "the withdrawal of X forces"
            candidates += [t for t in _prep_objects(obj, preps | NOMINAL_ARGUMENT_PREPS)
                           if is_actor(t)]
        candidates += [t for t in _prep_objects(trigger, preps) if not is_actor(t)]
        candidates += [o for o in objects if not is_actor(o)]
    if not candidates and not objects:  # "arrest or hand over any leaders": coordinated
        for sibling in trigger.conjuncts:  # verbs share the object ("opened fire" has its own)
            candidates += [c for c in sibling.children if c.dep_ == "dobj"]
    fixed = frozenset(entry.prep_objects or ())  # "went on strike": part of the phrase
    candidates = [c for c in candidates if c.lemma_.lower() not in fixed]
    if not candidates and not objects:  # "reopened to allow deliveries to Somalia": for whom
        purpose = _purpose_target(trigger, is_actor, roles.source)
        candidates = [purpose] if purpose is not None else candidates
    roles.target = candidates[0] if candidates else None
    return roles


# "so that": a clause that says what an act is for ("until" is more often a time than a goal)
PURPOSE_MARKS = frozenset({"so"})


def _purpose_target(verb: Token, is_actor: IsActor, source: Token | None) -> Token | None:
    """ "reopened the crossing to allow the delivery of maize to Somalia", "began a sit-in to
    demand the return of land seized by army units", "cut the power so that the rebels
    surrender": an act that names no actor it bears on is aimed at the first actor
    its purpose clause acts on (never that clause's own subject)."""
    holders = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]
    clauses = [c for h in holders for c in h.children if c.dep_ == "advcl" and any(
        (m.dep_ == "aux" and m.lower_ == "to") or (m.dep_ == "mark" and m.lower_ in PURPOSE_MARKS)
        for m in c.children)]
    for clause in clauses:
        subjects = {t.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")
                    for t in c.subtree}
        for tok in clause.subtree:
            if tok.i in subjects or tok.pos_ == "PRON" or (source is not None
                                                            and tok.i == source.i):
                continue
            if tok.dep_ in ("dobj", "pobj", "poss") and is_actor(tok):
                return tok
    return None


def _opponent(trigger: Token, cues: Cues) -> Token | None:
    """ "two smugglers were shot dead in a gunfight with border guards", "died in a clash with
    troops": the side the killed fought is who killed them (the victims are never the
    source)."""
    fights = cues.get("fight_nouns", frozenset())
    for prep in trigger.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during"):
            continue
        for fight in prep.children:
            if fight.dep_ == "pobj" and fight.lemma_.lower() in fights:
                found = _prep_objects(fight, frozenset({"with"}))
                if found:
                    return found[0]
    return None


def _in_attack(trigger: Token, cues: Cues) -> Token | None:
    """ "three schools were burned in an attack staged by the rebels": the author the attack's
    own "by" phrase names did the harm."""
    attacks = cues.get("attack_nouns", frozenset())
    for prep in trigger.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during", "by"):
            continue
        for attack in prep.children:
            if attack.dep_ == "pobj" and attack.lemma_.lower() in attacks:
                found = [g for acl in attack.children if acl.dep_ == "acl" and acl.tag_ == "VBN"
                         for c in acl.children if c.dep_ == "agent" for g in c.children
                         if g.dep_ == "pobj"]
                if found:
                    return found[0]
    return None


def _victim_verb(verb: Token, cues: Cues) -> Token | None:
    """Who a death or wound verb is about when its subject suffered it ("soldiers died",
    "were killed", "were wounded"); None for an active killer ("troops killed")."""
    lemma = verb.lemma_.lower()
    if lemma not in cues.get("kill_words", frozenset()) | cues.get("injure_words", frozenset()):
        return None
    if _is_passive(verb):
        return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if lemma in ("die", "perish"):
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


def _fought_by_victims(trigger: Token,
                       cues: Cues) -> tuple[Token, Token] | None:
    """(source, target) of a fight the victims died in: "two soldiers died in a clash with
    insurgents" is the insurgents' attack on the soldiers, never the soldiers'."""
    if trigger.lemma_.lower() not in cues.get("fight_nouns", frozenset()) or \
            trigger.dep_ != "pobj" or trigger.head.lower_ not in ("in", "during"):
        return None
    victims = _victim_verb(trigger.head.head, cues)
    sides = _prep_objects(trigger, frozenset({"with"}))
    return (sides[0], victims) if victims is not None and sides else None


def _attack_author(attack: Token, cues: Cues,
                   is_actor: IsActor) -> Token | None:
    """ "Bombing of a Kano mosque kills 21", "an Israeli strike killed 30": an attack that kills
    is no actor; whoever its own phrase names as the attacker (a possessor, an actor modifier,
    a "by" phrase) is, else nobody (the mosque was the target). A phrase with such a modifier
    is kept whole ("a Russian missile" says more than "Russian": whose forces fired it)."""
    sites = cues.get("facility_nouns", frozenset())
    for child in attack.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod") and (
                is_actor(child) or child.dep_ == "poss") and child.lemma_.lower() not in sites:
            return attack  # ("its drones": the owner is resolved as any "its" is)
    by = _prep_objects(attack, frozenset({"by"}))
    return by[0] if by else None


def _thing_owners(objects: list[Token], is_actor: IsActor) -> list[Token]:
    """Who a thing acted on belongs to: its author after "from" or "by" ("rejected an offer
    from Uganda", "defied a ban by the junta") or a named actor modifying it ("a Chilean
    peace plan"); an act on the thing is aimed at them."""
    found: list[Token] = []
    for obj in objects:
        if is_actor(obj):
            continue
        found += [t for t in _prep_objects(obj, frozenset({"from", "by"})) if is_actor(t)]
        found += [g for acl in obj.children if acl.dep_ == "acl" and acl.tag_ == "VBN"
                  for c in acl.children if c.dep_ == "agent" for g in c.children
                  if g.dep_ == "pobj" and is_actor(g)]  # "a march organised by students"
        if any(c.dep_ in ("compound", "amod") and (
                c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE", "ORG")) and is_actor(c)
               for c in obj.children):
            found.append(obj)  # the whole phrase: "a Somali army post" is the army's, where
            # "Somali" alone might be read as a place
    return found


def _content_target(trigger: Token, is_actor: IsActor, cues: Cues, *,
                    threat: bool = False) -> list[Token]:
    """The actor the threatened or demanded act is aimed at: "threatened to launch a new
    offensive against Kurdish militants", "threatened to attack the town". An attack named as
    the threatened act is no target; the country it would be done in is ("threatened to
    resume rocket attacks in Chad")."""
    found: list[Token] = []
    attacks = cues.get("attack_nouns", frozenset())
    preps = DEFAULT_TARGET_PREPS | RECIPROCAL_PREPS | {"to"}  # "to break relations with
    for clause in (c for c in trigger.children if c.dep_ == "xcomp"):  # Russia", "blows to"
        objects = [o for o in clause.children if o.dep_ == "dobj"]
        found += [o for o in objects if is_actor(o) and o.lemma_.lower() not in attacks]
        for holder in (clause, *objects):
            found += [t for t in _prep_objects(holder, preps) if is_actor(t)]
            found += _thing_owners(_prep_objects(holder, preps), is_actor)  # "to cut off
            # power to the Armenian enclave": the place or thing's owner
            if threat:
                found += [t for t in _prep_objects(holder, frozenset({"in", "inside"}))
                          if t.ent_type_ == "GPE" and is_actor(t)]
    return found


def _noun_roles(trigger: Token, entry: Trigger, scope: Scope, cues: Cues,
                is_actor: IsActor) -> Roles:
    roles = Roles()
    preps = frozenset(entry.target_preps) if entry.negative else (
        DEFAULT_TARGET_PREPS | frozenset(entry.target_preps))  # "inaction on the part of"
    modifiers = [*trigger.children, *[g for c in trigger.children if c.dep_ == "compound"
                                      for g in c.children]]  # "military drone strike"
    weapons = frozenset().union(*(words for name, words in cues.items()
                                  if name.startswith("mode_")))
    sites = cues.get("facility_nouns", frozenset())
    for child in modifiers:
        if child.ent_type_ in ("DATE", "TIME"):
            continue  # "last week's attack"
        if child.dep_ == "compound" and child.lemma_.lower() in weapons:
            continue  # "the rocket attack": a weapon, not who fired it
        if entry.type == "ASSAULT" and child.dep_ in ("compound", "nmod", "amod") and \
                child.pos_ == "NOUN" and child.lemma_.lower() in sites:
            roles.target = roles.target or child  # "the mosque bombing": what was hit
            continue
        if child.dep_ == "poss" or (
            child.dep_ in ("compound", "amod", "nmod") and is_actor(child)
        ):  # "its demand", "their withdrawal": the pronoun is resolved below
            roles.source = roles.source or child
    if trigger.dep_ == "acl" and trigger.head.i == trigger.i - 1 and is_actor(trigger.head):
        roles.source = roles.source or trigger.head  # "police/pobj firing/acl" is "police firing"
    if entry.negative and roles.source is None:  # "inaction on the part of the police"
        part = [p for p in _prep_objects(trigger, frozenset({"on"})) if p.lower_ == "part"]
        agents = [*_prep_objects(trigger, frozenset({"of"})),
                  *[a for p in part for a in _prep_objects(p, frozenset({"of"}))]]
        roles.source = next((a for a in agents if is_actor(a)), None)
    by = [g for c in trigger.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
          for g in c.children if g.dep_ == "pobj"]
    by = by or [g for acl in trigger.children if acl.dep_ == "acl" and acl.tag_ == "VBN"
                for c in acl.children if c.dep_ == "agent" for g in c.children
                if g.dep_ == "pobj"]  # "an ambush staged by the rebels"
    if by:
        roles.source = by[0]
    if roles.source is None and entry.type in SPEECH_ACTS | {"AID", "SUPPORT"}:
        gov = governing_verb(trigger)  # "condemnation from the opposition", "drew criticism
        holders = [trigger, *([gov] if gov is not None and  # from Kenya", "aid from Japan"
                              gov.lemma_.lower() in RECEIVING_VERBS else [])]
        senders = [t for h in holders for t in _prep_objects(h, frozenset({"from"}))
                   if is_actor(t)]
        roles.source = senders[0] if senders else None
    frame = _framed(trigger, cues)  # "a mediation effort between A and B": the effort's frame
    between = _prep_objects(frame, frozenset({"between"}))
    if not between and trigger.dep_ == "nsubj" and _intransitive(trigger.head):
        between = _prep_objects(trigger.head, frozenset({"between"}))  # "fighting broke out
        # between rebels and troops": the parser hangs "between" on the verb
    if between and entry.cameo.startswith("045"):  # a mediator is no party: "mediation
        roles.target = roles.target or between[0]  # between A and B" is aimed at the parties
    elif between and roles.source is None:
        roles.source = between[0]
        roles.target = next((t for t in between[0].conjuncts), None)
    if roles.target is None:
        found = _prep_objects(trigger, preps | (
            RECIPROCAL_PREPS if entry.type in ("CONSULT", "AGREE", "COOPERATE") else frozenset()))
        roles.target = next((t for t in found if is_actor(t)), found[0] if found else None)
    if roles.target is None and entry.type == "CONSULT":
        roles.target = _joined(trigger, is_actor)  # "joined his Ugandan counterpart for talks"
    if roles.target is None:  # "arrest or hand over any leaders": shared object
        shared = [c for sib in trigger.conjuncts for c in sib.children if c.dep_ == "dobj"]
        roles.target = shared[0] if shared else None
    fought = _fought_by_victims(trigger, cues) if entry.type == "ASSAULT" else None
    if fought is not None:  # "two soldiers died in a clash with insurgents"
        roles.source, roles.target = fought
    if roles.source is None:
        roles.source = _perpetrator(frame, cues, kind=entry.type)
    if roles.target is None:
        gov = governing_verb(trigger)
        if gov is not None and _base_lemma(gov, cues) in cues.get("light_verbs", frozenset()):
            found = _prep_objects(gov, preps)
            roles.target = found[0] if found else None
        if roles.target is None and gov is not None:  # "began a hunger strike to demand ..."
            roles.target = _purpose_target(gov, is_actor, roles.source)
    return roles


def _framed(trigger: Token, cues: Cues) -> Token:
    """ "launched a mediation effort", "a bombing campaign": a trigger that only modifies an
    effort noun takes its frame (author, parties) from that noun's phrase."""
    head = trigger.head
    if trigger.dep_ == "compound" and head.i != trigger.i and head.pos_ == "NOUN" and \
            head.lemma_.lower() in cues.get("purpose_heads", frozenset()) | {"campaign"}:
        return head
    return trigger


def _joined(trigger: Token, is_actor: IsActor) -> Token | None:
    """ "joined his Kenyan counterpart for talks", "invited Chad for consultations": the
    one the subject takes into the talks is the other side."""
    if trigger.dep_ != "pobj" or trigger.head.lower_ != "for" or trigger.head.head.pos_ != "VERB":
        return None
    verb = trigger.head.head
    return next((c for c in verb.children if c.dep_ == "dobj" and is_actor(c)), None)


def _stands_on(node: Token, cues: Cues) -> bool:
    """ "troops remained on alert", "workers are on strike", "forces were on standby": a
    state the subject of a verb without an object is in (a victim is in no such state)."""
    head = node.head
    verb = head.head
    return node.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "on" and \
        verb.pos_ in ("VERB", "AUX") and not _is_passive(verb) and \
        verb.lemma_.lower() in cues.get("state_verbs", frozenset()) and \
        not any(c.dep_ == "prt" for c in verb.children) and \
        _victim_verb(verb, cues) is None and not any(
            c.dep_ in ("dobj", "dative", "ccomp") for c in verb.children)


def _fought_after(node: Token, cues: Cues) -> bool:
    """ "fighters overran a base after a fierce firefight": the fight that led to a deed of
    combat with an object was fought by the doer ("closed the border after clashes" was not)."""
    head = node.head
    verb = head.head
    return node.dep_ == "pobj" and head.dep_ == "prep" and \
        head.lower_ in ("after", "following", "during") and \
        node.lemma_.lower() in cues.get("fight_nouns", frozenset()) and verb.pos_ == "VERB" and \
        verb.lemma_.lower() in cues.get("combat_deeds", frozenset()) and \
        not _is_passive(verb) and _victim_verb(verb, cues) is None and \
        any(c.dep_ == "dobj" for c in verb.children) and not any(
            c.dep_ == "prep" and c.lower_ in ("with", "between") for c in node.children)


def _harms(verb: Token, cues: Cues) -> bool:
    """An active verb of killing or wounding: its subject did the harm ("guerrillas wounded")."""
    words = cues.get("kill_words", frozenset()) | cues.get("injure_words", frozenset())
    return verb.pos_ == "VERB" and verb.lemma_.lower() in words and not _is_passive(verb) \
        and _victim_verb(verb, cues) is None  # "soldiers died in the fighting": the dead


def _intransitive(verb: Token) -> bool:
    """An active verb with no object: its subject is the one who goes ("arrived", "left")."""
    return verb.pos_ == "VERB" and not _is_passive(verb) and not any(
        c.dep_ in ("dobj", "dative", "attr", "ccomp", "xcomp") for c in verb.children)


def _base_lemma(verb: Token, cues: Cues) -> str:
    """ "reimposed a blockade", "relaunched the offensive": a re- verb frames its object as the
    plain verb does."""
    lemma = verb.lemma_.lower()
    known = cues.get("light_verbs", frozenset()) | cues.get("perpetrator_heads", frozenset())
    if lemma not in known and lemma.startswith("re") and lemma[2:].lstrip("-") in known:
        return lemma[2:].lstrip("-")
    return lemma


def _perpetrator(trigger: Token, cues: Cues, *,
                 kind: str | None = None) -> Token | None:
    """The actor of a nominal event from its frame: "X launched/claimed the attack",
    "X (was) responsible for the attacks", "the spate of attacks claimed by X", "X arrived
    on a visit"."""
    node = trigger
    while node.dep_ in ("conj", "pobj") and node.head.i != node.i:
        head = node.head
        if kind == "ASSAULT" and node.dep_ == "pobj" and head.dep_ == "prep" and \
                head.lower_ in ("in", "with") and _harms(head.head, cues):
            # "guerrillas wounded two soldiers in a bomb attack": who wounds attacked
            return subject_of(head.head, object_control=cues.get("object_control", frozenset()))
        if node.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("of", "in"):
            if not is_nominal(head.head):
                break  # (Token objects are views: compare positions, never identity)
            node = head.head
        elif node.dep_ == "pobj" and head.dep_ == "prep" and (
            (head.lower_ == "with" and head.head.pos_ == "VERB")  # "responded with air strikes"
            or (kind == "CONSULT" and head.lower_ in ("on", "for") and _intransitive(head.head))
            or (kind == "CONSULT" and head.lower_ == "for" and head.head.pos_ == "VERB"
                and not _is_passive(head.head))  # "joined his counterpart for talks"
            or _stands_on(node, cues) or (kind == "ASSAULT" and _fought_after(node, cues))
            or (kind == "ASSAULT" and any(c.dep_ == "prep" and c.lower_ in ("with", "between")
                                          for c in node.children) and head.head.pos_ == "VERB"
                and not _is_passive(head.head))
        ):  # the responder strikes; "arrived in Amman on a visit": the traveller meets;
            # "retook the village after fierce fighting with guerrillas": a side of the fight
            return subject_of(head.head, object_control=cues.get("object_control", frozenset()))
        elif node.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "for" and (
            head.head.lemma_.lower() in cues.get("perpetrator_heads", frozenset())
        ):
            holder = head.head
            if holder.pos_ == "ADJ":  # "X responsible for": the adjective modifies X
                return holder.head if holder.dep_ == "amod" else subject_of(holder.head)
            if holder.pos_ == "NOUN":  # "X claimed responsibility for": the claimer
                holder = governing_verb(holder) or holder
            claimer = subject_of(holder)
            return None if claimer is not None and names_nobody(claimer) else claimer  # "no group"
        elif node.dep_ == "conj":
            node = head
        else:
            break
    gov = governing_verb(node)
    if gov is None:
        return None
    lemma = _base_lemma(gov, cues)
    if node.dep_ in ("dobj",) and (lemma in cues.get("light_verbs", frozenset())
                                   or lemma in cues.get("perpetrator_heads", frozenset())):
        return subject_of(gov, object_control=cues.get("object_control", frozenset()))
    if node.dep_ == "nsubjpass" and lemma in cues.get("perpetrator_heads", frozenset()):
        agents = [g for c in gov.children if c.dep_ == "agent" for g in c.children]
        return agents[0] if agents else None
    return None


def find_roles(
    trigger: Token,
    entry: Trigger,
    scope: Scope,
    *,
    cues: Cues,
    is_actor: IsActor = default_is_actor,
) -> Roles:
    """Source, target and place candidates of one trigger."""
    if entry.pos == "VERB":
        roles = _verb_roles(trigger, entry, cues, is_actor)
    else:
        roles = _noun_roles(trigger, entry, scope, cues, is_actor)
    if scope.accused is not None:  # "blamed X for an airstrike": X carried it out
        roles.source = scope.accused
    if entry.hosted:  # "peacekeepers arrived in Sierra Leone": Sierra Leone receives them
        roles.source, roles.target = roles.target, roles.source
    if roles.target is not None and roles.source is not None and roles.target.i == roles.source.i:
        roles.target = None
    mutual = entry.type in cues.get("reciprocal_types", frozenset()) or (
        entry.type == "ASSAULT" and entry.pos == "VERB" and not any(
            c.dep_ == "dobj" for c in trigger.children))  # "A and B clashed" (but "A and B
    # violated the ceasefire" are two sources)
    if mutual and roles.source is not None and (roles.target is None or not is_actor(
            roles.target)):  # "A and B clashed at the border": B is the target, not the border
        others = [t for t in roles.source.conjuncts if t.i != roles.source.i]
        roles.target = others[0] if others else roles.target
    said_source, said_target = roles.source, roles.target
    roles.source = resolve_reference(roles.source, scope, cues, is_actor)
    roles.target = resolve_reference(roles.target, scope, cues, is_actor)
    roles.source_said = said_source if roles.source is not said_source else None
    roles.target_said = said_target if roles.target is not said_target else None
    if roles.source is not None and in_dateline(roles.source):
        roles.source = None
    if roles.target is not None and in_dateline(roles.target):
        roles.target = None
    roles.source_owner = _owner(roles.source, cues, is_actor)
    roles.target_owner = _owner(roles.target, cues, is_actor)
    taken = frozenset(t.i for tok in (roles.source, roles.target) if tok is not None
                      for t in tok.subtree if t.i <= tok.i or (
                          t.dep_ in ("compound", "poss") and t.head.i == tok.i))  # not "Cauca"
    # in "forces in Cauca province": a place after the actor's head is not part of it
    roles.location = find_location(trigger, material=entry.type in MATERIAL_TYPES, taken=taken,
                                   place_nouns=cues.get("place_nouns", frozenset()))
    return roles


def _owner(token: Token | None, cues: Cues, is_actor: IsActor) -> Token | None:
    """The antecedent of a possessive pronoun inside the phrase: "its troops" -> Russia."""
    if token is None:
        return None
    poss = [c for c in token.children if c.dep_ == "poss" and c.lower_ in ("its", "their")]
    if poss and token.dep_ == "conj" and is_nominal(token.head) and is_actor(token.head):
        return token.head  # "the TTP and its affiliates": its = the TTP
    return antecedent(poss[0], is_actor) if poss else None


def _origin(token: Token, is_actor: IsActor) -> Token | None:
    """ "activists from the Fatah party", "troops from Chad": a group named only by what its
    members are is coded by the organisation or country they come from."""
    if token.pos_ != "NOUN" or any(
        t.ent_type_ in ("GPE", "NORP", "ORG") for left in token.lefts for t in left.subtree
    ):
        return None
    origins = _prep_objects(token, frozenset({"from"}))
    return origins[0] if origins and is_actor(origins[0]) else None


def resolve_reference(token: Token | None, scope: Scope, cues: Cues,
                      is_actor: IsActor) -> Token | None:
    """Replace a pronoun by its antecedent; "we"/"both" in reported speech by the speaker."""
    if token is None:
        return None
    low = token.lower_
    if token.lemma_.lower() in cues.get("representative_nouns", frozenset()) or (
            low in cues.get("representative_nouns", frozenset())):
        senders = _prep_objects(token, frozenset({"from", "of"}))
        if senders and is_actor(senders[0]):
            return senders[0]  # "delegations from the army and the RSF"
    origin = _origin(token, is_actor)
    if origin is not None:
        return origin
    if low in cues.get("speaker_pronouns", frozenset()) and scope.reported_by is not None:
        return resolve_reference(scope.reported_by, Scope(), cues, is_actor)
    if low in cues.get("anaphors", frozenset()) and token.pos_ == "PRON":
        return antecedent(token, is_actor)
    if token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
        return token.head.head
    return _named_before(token, cues) or _group_before(token, cues, is_actor) or token


def _group_before(token: Token, cues: Cues,
                  is_actor: IsActor) -> Token | None:
    """ "The Sahel Liberation Front attacked ... The group said": a bare definite noun for an
    organisation ("the group", "the movement") refers to the nearest earlier named
    organisation that is an actor, subjects first, within two sentences."""
    if token.lemma_.lower() not in cues.get("group_anaphors", frozenset()):
        return None
    kids = list(token.children)
    if [c.lower_ for c in kids if c.dep_ == "det"] != ["the"] or any(
            c.dep_ in ("compound", "amod", "poss", "nmod", "prep", "appos") for c in kids):
        return None
    sents = list(token.doc.sents)
    here = next(i for i, s in enumerate(sents) if s.start <= token.i < s.end)
    for sent in reversed(sents[max(0, here - 2): here + 1]):
        named = [t for t in sent if t.i < token.i and t.ent_type_ == "ORG"
                 and t.dep_ not in ("compound", "flat") and is_actor(t)]
        named.sort(key=lambda t: (t.dep_ not in ("nsubj", "nsubjpass"), -t.i))
        if named:
            return named[0]
    return None


def _named_before(token: Token, cues: Cues) -> Token | None:
    """ "Islamic State militants attacked ... If the militants attack again": a bare definite
    noun for an armed group refers to the nearest earlier mention with the same head noun
    that says whose they are (a name or a modifier), within two sentences."""
    if token.lemma_.lower() not in cues.get("definite_anaphors", frozenset()):
        return None
    kids = list(token.children)
    if [c.lower_ for c in kids if c.dep_ == "det"] != ["the"] or any(
            c.dep_ in ("compound", "amod", "poss", "nmod", "prep") for c in kids):
        return None
    sents = list(token.doc.sents)
    here = next(i for i, s in enumerate(sents) if s.start <= token.i < s.end)
    for sent in reversed(sents[max(0, here - 2): here + 1]):
        for cand in reversed([t for t in sent if t.i < token.i]):
            if cand.lemma_.lower() == token.lemma_.lower() and any(
                    (c.dep_ in ("compound", "amod", "poss", "nmod") and c.pos_ in ("PROPN", "ADJ"))
                    or c.ent_type_ in ("ORG", "NORP", "GPE") for c in cand.children):
                return cand
    return None


def antecedent(pronoun: Token, is_actor: IsActor) -> Token | None:
    """The nearest earlier actor that agrees in number, subjects first, within two sentences."""
    doc = pronoun.doc
    sents = list(doc.sents)
    here = next(i for i, s in enumerate(sents) if s.start <= pronoun.i < s.end)
    plural = pronoun.lower_ in ("they", "them", "their")
    personal = pronoun.lower_ in ("he", "him", "his", "she", "her")
    for sent in reversed(sents[max(0, here - 2): here + 1]):
        tokens = [t for t in sent if t.i < pronoun.i and is_nominal(t) and t.pos_ != "PRON"]
        ranked = sorted(tokens, key=lambda t: (t.dep_ not in ("nsubj", "nsubjpass"), -t.i))
        for cand in ranked:
            if cand.dep_ in ("compound", "poss") or not is_actor(cand):
                continue
            if personal and cand.ent_type_ not in ("PERSON", "") :
                continue
            group = cand.ent_type_ in ("ORG", "NORP")
            state = cand.ent_type_ == "GPE"  # "the Philippines says it": a country is one
            if plural and not (is_plural(cand) or group):
                continue
            if not plural and not personal and is_plural(cand) and not (group or state):
                continue
            return cand
    return None


def find_location(trigger: Token, *, material: bool = True,
                  taken: frozenset[int] = frozenset(),
                  place_nouns: frozenset[str] = frozenset()) -> Token | None:
    """The place of an event: a place after a locative preposition of the trigger (or of its
    governing verb), "in Russia's Belgorod region" included; for material events only, else a
    place named elsewhere in the sentence that is not one of the actors."""
    heads = [trigger]
    gov = governing_verb(trigger) if is_nominal(trigger) else None
    if gov is not None:
        heads.append(gov)
    for head in heads:
        for obj in _prep_objects(head, LOCATION_PREPS):
            places = [t for t in obj.subtree if t.ent_type_ in PLACE_ENTS and t.i not in taken]
            if not places and obj.lemma_.lower() in place_nouns:  # "the town of Samarra",
                places = [t for t in _prep_objects(obj, frozenset({"of"}))  # whatever NER says
                          if t.pos_ == "PROPN" and t.i not in taken]
            if not places and material and obj.pos_ == "PROPN" and obj.i not in taken and \
                    obj.ent_type_ in ("", "PERSON") and obj.head.lower_ in NEAR_PREPS and \
                    not in_dateline(obj):
                places = [obj]  # "attacked a post near Gao" with Gao read as a person: the
                # gazetteer decides whether it is a place
            if places:
                named = [t for t in places if t.dep_ != "poss"]
                return (named or places)[0]
    if not material:
        return None  # a statement's place is where it was said, not an event site
    for ent in trigger.sent.ents:
        if ent.label_ in PLACE_ENTS and not in_dateline(ent.root) and not any(
            t.i in taken for t in ent
        ):
            return ent.root
    return None
