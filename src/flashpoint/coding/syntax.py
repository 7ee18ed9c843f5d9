"""Small readings of the dependency parse that every coding rule shares.

Noun-phrase extents, subjects (with control and agreement), coordination and the clause chain
along which negation and modality travel. Plain functions over spaCy tokens, so the rules can be
tested on hand-built `Doc`s as well as on the model's parses.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# left dependents that belong inside a noun phrase
NP_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "case", "nummod", "quantmod",
                          "nmod", "predet", "advmod", "npadvmod", "punct", "prep"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our", "both", "these", "those"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
PLACE_ENTS = frozenset({"GPE", "LOC"})
NATION_ENTS = frozenset({"GPE", "NORP"})
# passives whose subject does what follows "to": "Vietnam is committed to opening up"
COMMITTING_VERBS = frozenset({"commit", "dedicate", "devote", "pledge"})


def in_dateline(token: Token) -> bool:
    """Whether `token` is part of the article's dateline ("BAMAKO, Aug 14 -")."""
    return token.idx < int(token.doc.user_data.get("flashpoint_dateline_end", 0))


def is_nominal(token: Token) -> bool:
    """Nouns, proper nouns and pronouns head noun phrases."""
    return token.pos_ in ("NOUN", "PROPN", "PRON", "NUM")


# "accused the army of killings": the "of" phrase is the charge, not part of the accused
ACCUSING_VERBS = frozenset({"accuse", "suspect", "convict", "acquit", "absolve", "clear",
                            "warn", "notify", "inform", "remind", "rid", "deprive", "rob"})


def np_extent(token: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by `token`.

    Left modifiers come in whole (determiners, adjectives, possessors, compounds, numbers);
    on the right only "of"-phrases ("the government of Pakistan"), flat names and a people's
    place of residence ("ethnic Albanians in south Serbia", see `resident_place`) do, so a
    relative clause or a second conjunct never widens an actor mention.
    """
    start = token.i
    for child in token.lefts:
        if child.dep_ in NP_LEFT_DEPS or child.dep_ in ("amod", "compound"):
            start = min(start, child.left_edge.i)
    end = token.i + 1
    charged = token.dep_ == "dobj" and token.head.lemma_.lower() in ACCUSING_VERBS
    for child in token.rights:
        if (child.dep_ == "prep" and child.lower_ == "of" and not charged) or (
            child.dep_ in ("compound", "flat", "appos") and child.pos_ == "PROPN"
            and not _speaker(child)
        ) or resident_place(token, child) or based_in(child):
            end = max(end, child.right_edge.i + 1)
        elif child.dep_ == "case":
            end = max(end, child.i + 1)
    doc = token.doc
    # a dateline or date glued to the phrase ("Oct 17 - Colombian troops") is not the actor
    while start < token.i and (doc[start].is_punct or doc[start].ent_type_ in ("DATE", "TIME")
                               or in_dateline(doc[start])):
        start += 1
    # a phrase never runs over a line break: "WORLD" above a headline, a caption below it
    breaks = [t.i for t in doc[start:end] if t.is_space and "\n" in t.text]
    if breaks:
        before = [b for b in breaks if b < token.i]
        after = [b for b in breaks if b > token.i]
        start = before[-1] + 1 if before else start
        end = after[0] if after else end
    return start, end


def _speaker(appos: Token) -> bool:
    """ "killing four civilians, regional governor Oleh Syniehubov said": a name right before a
    finite verb is that verb's subject, not an appositive of the phrase before it."""
    doc = appos.doc
    after = appos.right_edge.i + 1
    return appos.dep_ == "appos" and after < len(doc) and doc[after].tag_ in ("VBD", "VBZ", "VBP")


def based_in(child: Token) -> bool:
    """ "a newspaper based in Beirut": the participle phrase says whose the actor is."""
    return child.dep_ == "acl" and child.lower_ == "based" and any(
        c.dep_ == "prep" and c.lower_ == "in" and any(
            g.dep_ == "pobj" and g.ent_type_ in PLACE_ENTS for g in c.children)
        for c in child.children)


def resident_place(token: Token, prep: Token) -> bool:
    """Is `prep` an "in <place>" phrase that says where the people named by `token` live?

    A locative phrase is normally no part of an actor ("bandits in Zamfara" is where they
    struck, "police in Kano" are still just the police), but a people named by a demonym is
    coded by where it lives: "ethnic Albanians in south Serbia" are Serbia's, not Albania's.
    A phrase that also names another nation keeps it ("Bosnian Serbs in Croatia").
    """
    if prep.dep_ != "prep" or prep.lower_ != "in" or token.ent_type_ != "NORP":
        return False
    if token.tag_ not in ("NNS", "NNPS") and not token.text.endswith("s"):
        return False  # "Iraqi" alone is an adjective or a person, not a people
    if any(t.ent_type_ in NATION_ENTS for left in token.lefts for t in left.subtree):
        return False
    places = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(places) and places[0].ent_type_ in PLACE_ENTS and len(list(prep.children)) == 1


def group_place(token: Token) -> Token | None:
    """ "rebels in the Ivory Coast": the place right after a plural group noun with no nation
    of its own. The phrase stays out of the actor's span (it may be where they acted); the
    caller decides whether the place is a country that says whose the group is."""
    if token.tag_ not in ("NNS", "NNPS") or token.ent_type_ == "NORP" or any(
            t.ent_type_ in NATION_ENTS for left in token.lefts for t in left.subtree):
        return None
    prep = next((c for c in token.rights if c.dep_ == "prep"), None)
    if prep is None or prep.lower_ != "in" or prep.i != token.i + 1:
        return None
    places = [g for g in prep.children if g.dep_ == "pobj"]
    if len(places) != 1 or len(list(prep.children)) != 1 or places[0].ent_type_ != "GPE":
        return None
    return places[0]


# words that name nobody: "nobody was hurt", "none claimed the attack"
NOBODY = frozenset({"nobody", "none", "neither", "noone", "no-one"})


def names_nobody(token: Token, dets: frozenset[str] = frozenset({"no", "neither"})) -> bool:
    """ "no group", "neither side", "nobody", "not a single activist": a noun phrase that
    names no one."""
    kids = list(token.children)
    return token.lower_ in NOBODY or any(
        c.dep_ in ("det", "preconj") and c.lower_ in dets for c in kids) or (
        any(c.dep_ == "neg" for c in kids) and any(
            c.lower_ in ("a", "an", "one", "single") for c in kids))


def np_span(token: Token) -> SpacySpan:
    """The noun phrase headed by `token`, as a spaCy span."""
    start, end = np_extent(token)
    return token.doc[start:end]


def conjuncts(token: Token) -> list[Token]:
    """`token` and every token coordinated with it ("Mali and Niger")."""
    return [token, *[t for t in token.conjuncts if t.i != token.i]]


def is_plural(token: Token) -> bool:
    """Grammatical number of a subject head, for subject-verb agreement."""
    if token.lower_ in PLURAL_PRONOUNS or token.tag_ in ("NNS", "NNPS"):
        return True
    return any(c.dep_ == "cc" for c in token.children) and any(
        c.dep_ == "conj" for c in token.children
    )


def agrees(verb: Token, subject: Token) -> bool:
    """Whether a finite verb can take `subject`: "has" cannot take "groups"."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS]
    tag = aux[0].tag_ if aux else verb.tag_
    if tag == "VBZ":
        return not is_plural(subject) or subject.ent_type_ in ("ORG", "NORP")
    if tag == "VBP":
        return is_plural(subject) or subject.lower_ in ("i", "you") or subject.ent_type_ in (
            "ORG", "NORP", "GPE")
    return True


def own_subject(verb: Token) -> Token | None:
    """The verb's own subject; a relative pronoun stands for the noun the clause modifies."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return _reduced_relative(child) or child
    if verb.dep_ == "relcl" and is_nominal(verb.head):
        return verb.head
    return None


def _reduced_relative(subject: Token) -> Token | None:
    """ "The Red Cross operating in Iraq said": the parser often makes the participle the
    subject and the noun its own subject; the noun is who speaks or acts."""
    if subject.tag_ != "VBG" or any(c.dep_ in ("aux", "auxpass") for c in subject.children):
        return None
    inner = [c for c in subject.children if c.dep_ == "nsubj" and c.i < subject.i]
    return inner[0] if inner and is_nominal(inner[0]) else None


def effective_head(token: Token) -> Token:
    """The head a conjunct really shares, correcting one frequent parser error.

    A finite past verb coordinated under a bare infinitive that carries a modal ("warned it
    will not tolerate X and blamed Y") cannot share the modal; it coordinates with the higher
    verb instead.
    """
    head = token.head
    if token.dep_ == "conj" and token.tag_ in ("VBD", "VBZ") and head.tag_ == "VB" and any(
        c.dep_ == "aux" and c.tag_ == "MD" for c in head.children
    ) and head.dep_ in ("ccomp", "xcomp", "conj") and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return head


def subject_of(verb: Token, *, object_control: frozenset[str] = frozenset(),
               grounds_control: frozenset[str] = frozenset(),
               documents: frozenset[str] = frozenset()) -> Token | None:
    """Who does `verb`: its own subject, or one inherited through control or coordination.

    `object_control` verbs hand their object to an infinitive ("urged the rebels to
    withdraw"); `grounds_control` verbs hand it to a "for" gerund ("praised the army for
    retaking the town", "was arrested for spying"): the one judged did it. A participle on one
    of the `documents` ("issued a statement calling on", "a report accusing") is said by
    whoever issued the document."""
    seen = 0
    current = verb
    via = ""
    while seen < 8:
        seen += 1
        subject = own_subject(current)
        if subject is not None and subject.dep_ == "nsubjpass" and current is not verb and \
                via == "pcomp" and current.lemma_.lower() not in COMMITTING_VERBS:
            return None  # "were injured in shooting X": the injured did not shoot (but "is
            # committed to opening up the economy": the committed will open it)
        if subject is not None and subject.dep_ != "expl" and (
            current is verb or current.tag_ not in FINITE_TAGS or agrees(verb, subject)
        ):
            return subject
        via = current.dep_
        if current.dep_ in ("acomp",) and current.pos_ == "ADJ":
            current = current.head  # "it is willing to withdraw": the copula's subject
        elif current.dep_ == "dep" and current.pos_ == "VERB" and current.head.pos_ == "VERB" \
                and current is verb and current.tag_ in ("VBD", "VBN"):
            current = current.head  # "sentries posted there killed one": an unlabelled link
        elif current.dep_ in ("xcomp", "ccomp", "advcl", "acl") or current.dep_ == "pcomp":
            head = current.head
            if current.dep_ == "pcomp":  # "rather than taking": prep -> its head
                if current.head.lower_ == "for" and current.head.head.lemma_.lower() in \
                        grounds_control:
                    judged = [c for c in current.head.head.children
                              if c.dep_ in ("dobj", "nsubjpass")]
                    if judged:
                        return judged[0]
                head = head.head
            if current.dep_ == "xcomp" and head.lemma_ in object_control:
                objects = [c for c in head.children if c.dep_ in ("dobj", "dative")]
                if objects:
                    return objects[0]
            if current.dep_ == "acl" and current.tag_ == "VBG" and \
                    head.lemma_.lower() in documents:
                issuer = _issuer(head)
                if issuer is not None:
                    return issuer
                gov = governing_verb(head)
                if gov is not None and head.dep_ in ("dobj", "pobj") and gov.i != verb.i:
                    current = gov  # "put out a report accusing": the one who put it out
                    continue
            if current.dep_ == "acl" and is_nominal(head):
                # "Palestinian youths/ROOT resorted/acl to ...": with no main verb, a past-tense
                # verb on the root noun is the sentence's predicate and the noun its subject
                return head if head.dep_ == "ROOT" and current.tag_ in ("VBD", "VBN") and not any(
                    c.dep_ == "agent" for c in current.children) else None
            current = head
        elif current.dep_ == "conj":
            current = effective_head(current)
        elif is_nominal(current) and governing_verb(current) is not None:
            # "take action, arrest or hand over": a verb coordinated with a noun object
            current = governing_verb(current)  # type: ignore[assignment]
        else:
            return None
    return None


def _issuer(document: Token) -> Token | None:
    """ "a statement issued by the ministry": the passive participle's "by" agent."""
    for acl in document.children:
        if acl.dep_ == "acl" and acl.tag_ == "VBN":
            agents = [g for c in acl.children if c.dep_ == "agent" for g in c.children
                      if g.dep_ == "pobj"]
            if agents:
                return agents[0]
    return None


def governing_verb(token: Token) -> Token | None:
    """For a nominal trigger, the verb whose argument it is ("launched an attack")."""
    current = token
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head
    if current.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd", "dative"):
        return current.head if current.head.pos_ in ("VERB", "AUX") else None
    if current.dep_ == "pobj" and current.head.dep_ in ("prep", "agent"):
        head = current.head.head
        return head if head.pos_ in ("VERB", "AUX", "ADJ") else None
    return None


def sentence_of(token: Token) -> SpacySpan:
    """The sentence containing `token`."""
    return token.sent


def _words(text: str) -> list[str]:
    return [w for w in text.replace("-", " ").split() if w[:1].isalpha()]


def fuller_mention(token: Token) -> SpacySpan | None:
    """ "Chilean President Ana Soto spoke ... Later, Soto ordered": a person named by a short
    form whose own phrase says nothing more is the person a fuller mention elsewhere in the
    document names (all the short form's words in a longer name, an office in front of it
    preferred), the nearest before it first. The span runs from the office to the end of the
    name; None when the document has no such mention."""
    doc = token.doc
    own = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    if token.pos_ != "PROPN" or (own is not None and own.label_ not in ("PERSON", "ORG")):
        return None  # (the tagger often reads a lone surname as an organisation)
    start, end = np_extent(token)
    short = {w.casefold() for w in _words(own.text if own is not None else token.text)}
    found: list[tuple[bool, bool, int, SpacySpan]] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or (own is not None and ent.start == own.start):
            continue
        if not short <= {w.casefold() for w in _words(ent.text)}:
            continue
        head = ent.root
        while head.dep_ in ("compound", "flat") and head.head.i > head.i:
            head = head.head  # "President Yoon Suk-yeol": the name's last word heads it
        first = min(np_extent(head)[0], ent.start)
        last = max(ent.end, head.i + 1)
        if last - first <= end - start:
            continue  # says no more than the short form
        office = any(t.dep_ != "det" and not t.is_punct for t in doc[first:ent.start])
        found.append((not office, ent.start > token.i, abs(ent.start - token.i),
                      doc[first:last]))
    return min(found, key=lambda f: f[:3])[3] if found else None
