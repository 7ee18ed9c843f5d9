"""Trigger matching: the tokens of a sentence that start an event, with their lexicon entry.

The coder's first stage (coding/coder.py). It reads each token's lemma and part of speech, with
the few surface repairs the small parser needs ("cease-fire", nominal gerunds, headline
"shot"), and checks the entry's constraints (objects, subjects, particles, prepositions). What
the trigger means in its clause is left to the later stages.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from flashpoint.coding.cues import Cues
from flashpoint.coding.fatalities import headline_count
from flashpoint.coding.lexicon import Lexicon, Trigger


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
                  cues: Cues | None = None) -> list[tuple[Token, Trigger]]:
    """Tokens of `sent` that start an event, with the lexicon entry that matched."""
    quantities = cues.partitive_nouns if cues is not None else frozenset()
    generic = cues.generic_heads if cues is not None else frozenset()
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

