"""How many were killed or injured, from numerals, number words and vague quantities.

"martyring three army personnel" => 3; "several soldiers have been martyred" => at least 2;
"at least 12 people were killed" => at least 12 (`killed_min`, `killed` stays null); "killing 3
and wounding 7"; "the death toll rose to 14"; "a policeman was killed" => 1.

Gun-crime reports count the shot: "a man was shot in the leg" => 1 injured, "four people were
shot, one fatally" => 1 killed and 3 injured, "a man was shot and killed" => 1 killed only, and
"no one was hurt" => 0. Whether someone shot survived is often told elsewhere in the story ("he
died at the hospital"), so shot victims are weighed against the deaths the document reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from flashpoint.coding.cues import Cues
from flashpoint.coding.syntax import NOBODY
from flashpoint.records import Fatalities

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "a": 1, "an": 1, "single": 1, "lone": 1,
}
# vague quantities => lower bound only (DESIGN.md: "several" => 2, "dozens" => 24)
LOWER_BOUNDS = {"several": 2, "many": 2, "some": 2, "few": 2, "multiple": 2, "numerous": 2,
                "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens": 20}
TOLL_NOUNS = frozenset({"toll", "death", "casualty", "casualties", "fatality", "fatalities"})
PERSON_HINTS = frozenset({"people", "person", "civilian", "soldier", "policeman", "officer",
                          "man", "woman", "child", "worker", "student", "villager", "member",
                          "personnel", "troop", "fighter", "militant", "passenger", "guard",
                          "trooper", "official", "resident", "protester", "journalist"})
# "he was shot": one person; "they were shot" says nothing about how many
SINGLE_PRONOUNS = frozenset({"he", "she", "him", "her", "himself", "herself"})
# "killed in shootings across Chicago": several incidents, so a tally, not one toll
TALLY_NOUNS = frozenset({"shooting", "attack", "incident", "homicide", "violence"})
# "killed in the war", "since the conflict began": a campaign's running toll, not one incident's
CAMPAIGN_NOUNS = frozenset({"war", "conflict", "insurgency", "campaign", "crisis", "uprising",
                            "unrest", "civil"})
# verbs that update a toll: "the death toll rose to 25", "has climbed to 25"
RISING = frozenset({"rise", "climb", "reach", "increase", "jump", "mount", "grow", "hit",
                    "soar"})
WIDE_AREAS = frozenset({"country", "nation", "region", "province", "state", "territory",
                        "world", "continent"})
DOC_DEATHS = "flashpoint_toll_deaths"
# a DATE that spans a period, as tallies have: "in 2013", "so far this year", "since 2010"
PERIOD = re.compile(r"^(in |during |since |of )?\d{4}$|\b(this|last|past|each|every|per|a) "
                    r"(year|decade|month)\b|\bso far\b|\bsince\b|\byears\b")
AGE = re.compile(r"\d+-year")
PAGE_FURNITURE = frozenset({"photo", "photos", "image", "images", "video", "videos", "comments",
                            "comment", "gallery", "slideshow", "slide", "views", "shares"})


@dataclass(slots=True)
class Count:
    """A count read from a noun phrase: exact value and/or lower bound."""

    exact: int | None = None
    minimum: int | None = None


@dataclass(slots=True)
class SentenceToll:
    """What one sentence says about the dead and the injured, and who they were."""

    killed: Count = field(default_factory=Count)
    injured: Count = field(default_factory=Count)
    victims: list[Token] = field(default_factory=list)
    predicates: list[Token] = field(default_factory=list)
    anchor: Token | None = None  # where the toll is stated, to pick the attack it belongs to
    update: bool = False  # "the death toll rose to 25": a newer figure for the same dead

    def as_record(self) -> Fatalities:
        """The DESIGN.md fatality fields."""
        return Fatalities(killed=self.killed.exact, killed_min=self.killed.minimum,
                          injured=self.injured.exact, injured_min=self.injured.minimum)


TENS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})


def number_value(token: Token) -> int | None:
    """The integer a numeral token stands for ("12", "1,200", "three", "two dozen", and the
    compound number words "twenty-one" and "twenty one", which the parser splits)."""
    text = token.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    tens, _, unit = text.partition("-")
    if tens in TENS and NUMBER_WORDS.get(unit, 10) < 10:
        return NUMBER_WORDS[tens] + NUMBER_WORDS[unit]  # one token: "twenty-one"
    value = NUMBER_WORDS.get(text)
    if value is None:
        return None
    if value < 10 and text not in ("a", "an", "single", "lone"):
        before = [c for c in token.children if c.dep_ in ("compound", "nummod", "quantmod")
                  and c.i < token.i and c.lower_ in TENS]
        if before:  # "Twenty - one": the tens word hangs on the unit
            return NUMBER_WORDS[before[-1].lower_] + value
    multipliers = [number_value(c) for c in token.children if c.dep_ in ("compound", "nummod")]
    factor = next((m for m in multipliers if m), 1)
    return value * factor if text in ("dozen", "hundred") else value


def _is_age(head: Token) -> bool:
    """"a 17-year-old", "two 16-year-olds": the parser heads these on "old"."""
    return head.lower_ in ("old", "olds") and any(c.lemma_.lower() in ("year", "month", "week",
                                                                       "day")
                                                  for c in head.children)


def _person(head: Token, persons: frozenset[str]) -> bool:
    """Is the head a word for a person ("teen", "victim", "a 17-year-old")?"""
    return head.lemma_.lower() in persons or head.lower_ in persons or _is_age(head)


def count_of(head: Token, persons: frozenset[str] = PERSON_HINTS) -> Count | None:
    """The count a noun phrase gives for its head: "at least three soldiers" => 3 (min 3).

    Coordinated victims add up ("Smith and another teenager" => 2); a named person or "he" is
    one; "no one" and "nobody" are zero.
    """
    own = _count_one(head, persons)
    conjuncts = [c for c in head.conjuncts if c.i > head.i]
    if own is None or not conjuncts or any(_own_state(c) for c in (head, *conjuncts)):
        return own  # "three dead and 14 wounded": each count has its own state
    parts = [_count_one(c, persons) for c in conjuncts]
    if any(p is None or p.exact is None for p in parts) or own.exact is None:
        return own
    listed = sum(p.exact or 0 for p in parts if p is not None)
    if listed == own.exact and head.doc[conjuncts[0].left_edge.i - 1].lower_ in (",", ":", "-",
                                                                               "–", "—"):
        return own  # "four people, two policemen and two civilians": the total, then who
    return Count(own.exact + listed, own.exact + listed)


STATE_WORDS = frozenset({"dead", "killed", "wounded", "injured", "hurt", "martyred"})


def _own_state(count: Token) -> bool:
    """Does this count carry its own state word ("three dead", "14 wounded"), so that it is
    not one group with the counts coordinated with it?"""
    nxt = count.doc[count.i + 1] if count.i + 1 < len(count.doc) else None
    return (nxt is not None and nxt.lower_ in STATE_WORDS and count.like_num) or any(
        c.dep_ == "amod" and c.lower_ in STATE_WORDS and c.i > count.i for c in count.children)


def _count_one(head: Token, persons: frozenset[str]) -> Count | None:
    """The count of one noun phrase head, without its conjuncts."""
    low = head.lower_
    if low in NOBODY or (low == "one" and any(c.dep_ == "det" and c.lower_ == "no"
                                              for c in head.children)):
        return Count(0, 0)  # "no one was hurt"
    if head.like_num or head.pos_ == "NUM":
        if _not_a_count(head):
            return None
        value = number_value(head)
        if value is not None:
            return _bounded(head, value)
    for child in head.children:
        if child.dep_ == "compound" and child.lower_ in ("dozen", "hundred"):  # "two dozen"
            value = number_value(child)
            if value is not None:
                return _bounded(child, value)
        if child.dep_ == "nummod" or (child.dep_ in ("amod", "det") and child.like_num):
            if _not_a_count(child):
                return None
            value = number_value(child)
            if value is not None:
                return _bounded(child, value)
    for child in head.children:
        low = child.lower_
        if child.dep_ in ("amod", "det", "nummod", "quantmod") and low in LOWER_BOUNDS:
            return Count(None, LOWER_BOUNDS[low])
        if child.dep_ == "det" and low in ("a", "an", "one", "another") and (
            head.tag_ in ("NN", "JJ") and (_person(head, persons) or (
                head.ent_type_ == "" and head.pos_ == "NOUN"))
        ):
            return Count(1, 1)
    if head.lower_ in LOWER_BOUNDS:
        return Count(None, LOWER_BOUNDS[head.lower_])
    if head.tag_ in ("NN", "JJ") and _person(head, persons):
        return Count(1, 1)  # "the victim", "the 15-year-old"
    if head.tag_ == "NNP" and head.ent_type_ in ("PERSON", ""):
        return Count(1, 1)  # "Smith was shot"
    if head.pos_ == "PRON" and head.lower_ in SINGLE_PRONOUNS:
        return Count(1, 1)
    if head.tag_ == "NNS" and head.dep_ != "nsubj" and (
            _person(head, persons) or head.lower_ == "people"):
        # "people were killed", "police shot protesters": at least two. An active subject is
        # left out: when the parser hangs "died" on "Officers say", they are not the dead
        return Count(None, 2)
    return None


def _not_a_count(num: Token) -> bool:
    """"killings of 2015" is a year; "Photo: 21", "Comments 5", "Image 2 of 16" are page
    furniture glued to the story by the scraper, not a number of people."""
    yearish = bool(re.fullmatch(r"(1[89]|20)\d\d", num.text))
    counting = num.dep_ == "nummod" and num.head.tag_ == "NNS" and not yearish
    # "between 10 and 15 people", which NER calls a DATE; a lone numeral that NER calls a DATE
    # is a count too when it is the object or subject ("the blast killed 14")
    lone = [e for e in num.doc.ents if e.start <= num.i < e.end and len(e) == 1]
    counting = counting or (bool(lone) and not yearish and num.dep_ in (
        "dobj", "nsubj", "nsubjpass", "appos", "conj", "ROOT"))
    if num.ent_type_ == "DATE" and not counting and not AGE.search(num.sent.text[
            num.idx - num.sent.start_char:num.idx - num.sent.start_char + 12]):
        return True
    before = [t.lower_ for t in num.doc[max(num.i - 3, num.sent.start):num.i]]
    return bool(set(before) & PAGE_FURNITURE)


def _bounded(num: Token, value: int) -> Count:
    """"at least 12" and "more than 12" give lower bounds; plain numbers are exact."""
    doc = num.doc
    starts = [number_value(c) for c in num.children if c.i < num.i and c.like_num
              and c.lower_ not in TENS  # "twenty-one" is one number, not a range
              and c.dep_ in ("quantmod", "compound", "nummod", "advmod") and any(
                  t.lower_ in ("to", "-", "–", "and") for t in doc[c.i + 1:num.i])]
    if starts and starts[0] is not None and starts[0] < value:
        return Count(None, starts[0])  # "10 to 15 people", "between 10 and 15": the low end
    # "more than 12" bounds the figure; "12 more were hurt" only adds to an earlier one
    mods = {c.lower_ for c in num.children if c.dep_ in ("quantmod", "advmod", "amod")
            and (c.i < num.i or c.lower_ != "more")}
    if mods & {"more", "over", "least", "minimum", "between", "from"} or _range_start(num):
        # "at least 12", "more than 12", "over 12", "between 12 and 15", "12 to 15": a lower
        # bound, recorded as the figure given, as ACLED codes it (#19)
        return Count(None, value)
    if mods & {"about", "around", "nearly", "almost", "approximately", "some", "roughly"}:
        return Count(value, None)
    return Count(value, value)


def _range_start(num: Token) -> bool:
    """ "12 to 15", "12-15", "between 12 and 15": the first number of a range."""
    doc = num.doc
    nxt = doc[num.i + 1:num.i + 3]
    return len(nxt) == 2 and nxt[0].lower_ in ("to", "-", "–", "and") and nxt[1].like_num and (
        nxt[0].lower_ != "and" or (num.i > 0 and doc[num.i - 1].lower_ == "between")) and not (
        num.lower_ in TENS and nxt[0].lower_ == "-")  # "twenty-one"


def later_toll(own: Fatalities, toll: SentenceToll,
               cues: Cues) -> Fatalities:
    """The attack's toll completed by a later sentence that tells one of its own.

    A plain count fills only what the attack's sentence left open ("A man was shot. He died at
    the hospital."); a toll update ("the death toll rose to 25") replaces a lower figure, as
    the highest firm count is the newest; a count of the attackers ("two gunmen were also
    killed") is the return fire's, not this attack's."""
    attackers = cues.get("attacker_nouns", frozenset())
    if toll.victims and all(v.lemma_.lower() in attackers for v in toll.victims):
        return own
    later = toll.as_record()
    if toll.update:
        def top(a: int | None, b: int | None) -> int | None:
            return max(a, b) if a is not None and b is not None else a if b is None else b
        return Fatalities(killed=top(own.killed, later.killed),
                          killed_min=top(own.killed_min, later.killed_min),
                          injured=own.injured if later.injured is None else top(
                              own.injured, later.injured),
                          injured_min=top(own.injured_min, later.injured_min))
    killed_open = own.killed is None and own.killed_min is None
    injured_open = own.injured is None and own.injured_min is None
    return Fatalities(
        killed=later.killed if killed_open else own.killed,
        killed_min=later.killed_min if killed_open else own.killed_min,
        injured=later.injured if injured_open else own.injured,
        injured_min=later.injured_min if injured_open else own.injured_min)


def _patient(predicate: Token) -> Token | None:
    """Who died or was hurt, with a relative pronoun read as the noun it stands for."""
    patient = _patient_token(predicate)
    if patient is not None and patient.lower_ in ("who", "that", "whom") and \
            patient.head.dep_ == "relcl":
        return patient.head.head  # "the boy, who was shot and killed by his brother"
    return patient


def _subject(predicate: Token) -> Token | None:
    """The subject of a verb, or of the verb it is coordinated with ("was shot and died")."""
    head = predicate.head
    if predicate.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head  # "died after shooting himself"
    linked = predicate.dep_ in ("conj", "pcomp", "advcl")
    for node in (predicate, head if linked else None):
        if node is None:
            continue
        for child in node.children:
            if child.dep_ in ("nsubjpass", "nsubj"):
                return child
    return None


SHOOTERS = frozenset({"police", "officer", "gunman", "suspect", "shooter", "deputy", "trooper",
                      "cop", "agent", "sniper", "assailant", "robber", "attacker"})


def headline_count(tok: Token) -> bool:
    """ "Eight shot in overnight melee", "4 Shot at Community Center": a headline's participle
    with a bare number in front, which the parser reads as a noun ("eight shots")."""
    return tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in ("shot", "wounded", "injured", "hurt") \
        and tok.dep_ in ("ROOT", "appos", "conj") and tok.i <= tok.sent.start + 2 and any(
            c.dep_ == "nummod" and c.i < tok.i for c in tok.children) and not any(
            c.dep_ == "det" for c in tok.children)


def _headline_passive(predicate: Token, deps: dict[str, Token]) -> bool:
    """"Teenager shot and killed in Waterbury", "4 teens shot", "Woman shot by 2-year-old":
    headlines drop the auxiliary, so the parser reads the victim as the shooter. An
    article-less subject, no auxiliary and no object or target ("shot at") mark the pattern."""
    if predicate.tag_ not in ("VBD", "VBN") or "nsubj" not in deps or predicate.lemma_.lower() \
            not in ("shoot", "kill", "wound", "injure"):
        return False
    subject = deps["nsubj"]
    if any(c.dep_ in ("aux", "auxpass", "dobj", "ccomp", "xcomp") for c in predicate.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("at", "on", "into", "toward") for c in
           predicate.children):
        return False
    if any(c.dep_ == "det" and c.lower_ in ("the", "a", "an", "this") for c in subject.children):
        return False
    if subject.pos_ not in ("NOUN", "PROPN") or subject.lemma_.lower() in SHOOTERS:
        return False
    return not any(c.dep_ == "conj" and any(g.dep_ == "dobj" for g in c.children)
                   for c in predicate.children)  # "Police shot and killed a man"


def _left_harmed(predicate: Token, deps: dict[str, Token]) -> Token | None:
    """ "left 40 people injured", "leaving dozens wounded", "left 12 dead and 30 wounded": the
    participle after "leave" is passive in sense, so its subject or "leave"'s object is hurt."""
    if predicate.tag_ not in ("VBN", "VBD") or predicate.head.lemma_.lower() != "leave" or \
            predicate.dep_ not in ("xcomp", "advcl", "ccomp", "conj", "oprd"):
        return None
    if "nsubj" in deps:
        return deps["nsubj"]
    if predicate.dep_ == "conj":
        return None  # "left the village and wounded 30": an act of its own
    return next((c for c in predicate.head.children if c.dep_ == "dobj"), None)


def _patient_token(predicate: Token) -> Token | None:
    """Who died or was hurt: the passive subject, the object, the subject of "die"."""
    deps = {c.dep_: c for c in predicate.children}
    if "nsubjpass" in deps:
        return deps["nsubjpass"]
    if _headline_passive(predicate, deps):
        return deps["nsubj"]
    left = _left_harmed(predicate, deps)
    if left is not None:
        return left
    if predicate.lemma_.lower() in ("die", "perish") and "nsubj" in deps:
        return deps["nsubj"]
    if "dobj" in deps:
        if deps["dobj"].lower_ in ("himself", "herself"):
            # "a 13-year-old shot himself in the foot": the subject is the one hurt
            return _subject(predicate) or deps["dobj"]
        return deps["dobj"]
    if predicate.dep_ == "conj" and predicate.tag_ in ("VBN", "VBD") and predicate.head.pos_ \
            == "VERB" and "nsubj" not in deps and "prep" not in (predicate.head.dep_,):
        shared = {c.dep_: c for c in predicate.head.children}
        if "nsubjpass" in shared:  # "was shot and killed", "was shot and died"
            return shared["nsubjpass"]
        if _headline_passive(predicate.head, shared):  # "Teenager shot and killed"
            return shared["nsubj"]
        if predicate.lemma_.lower() in ("die", "perish") and "nsubj" in shared:
            return shared["nsubj"]
    if headline_count(predicate):
        return predicate  # "Eight shot in overnight melee": the number counts the victims
    if predicate.lower_ == "dead" and predicate.dep_ in ("appos", "ROOT", "conj") and any(
            c.dep_ == "nummod" for c in predicate.children):
        return predicate  # headline "2 dead, 3 injured in Newark shooting": "dead" heads the count
    if predicate.lower_ == "dead" and predicate.dep_ == "advmod" and predicate.head.dep_ == \
            "ROOT" and predicate.head.pos_ in ("NOUN", "PROPN"):
        return predicate.head  # headline "Teen dead after double shooting"
    if predicate.pos_ == "ADJ":  # "three soldiers dead", "left five dead"
        if predicate.dep_ in ("amod",):
            return predicate.head
        if predicate.dep_ in ("acomp", "oprd", "xcomp", "ccomp", "advmod"):
            # "left three soldiers dead": the object is who died, not the subject
            kids = {c.dep_: c for c in predicate.head.children}
            if predicate.head.dep_ == "conj" and not kids.keys() & {"dobj", "nsubjpass",
                                                                     "nsubj"}:
                # "sustained serious injury and was pronounced dead": the first verb's subject
                kids = {c.dep_: c for c in predicate.head.head.children}
                kids.pop("dobj", None)
            subj = kids.get("dobj") or kids.get("nsubjpass") or kids.get("nsubj")
            if predicate.dep_ == "oprd" and "dobj" not in kids and any(
                    c.dep_ == "nummod" for c in predicate.children):
                return predicate  # "left three dead": the number on "dead" counts the dead
            return subj if subj is not None and subj.i != predicate.i else None
    if predicate.dep_ == "acl":  # "soldiers killed in the blast"
        return predicate.head
    if predicate.dep_ in ("pcomp", "advcl") and "auxpass" in deps:
        # "two teens were taken to hospital after being shot": the main clause's subject
        kids = {c.dep_: c for c in predicate.head.children}
        if predicate.head.dep_ == "prep":
            kids = {c.dep_: c for c in predicate.head.head.children}
        return kids.get("nsubjpass") or kids.get("nsubj")
    if predicate.tag_ == "VBN" and predicate.dep_ == "conj" and "nsubj" in deps and \
            count_of(deps["nsubj"]) is not None:
        return deps["nsubj"]  # "12 were killed and 30 wounded": the elided passive's own count
    if predicate.tag_ == "VBN" and predicate.dep_ == "conj":
        # "several soldiers have been martyred" after a coordination the parser misattached:
        # the nearest counted person noun before the verb
        for tok in reversed(list(predicate.sent)[: predicate.i - predicate.sent.start]):
            if tok.pos_ in ("NOUN", "PROPN") and not _is_age(tok.head) and \
                    count_of(tok) is not None:
                return tok
    return None


def _toll(sent: SpacySpan) -> int | None:
    """"the death toll rose to 14", "a toll of 14"."""
    for tok in sent:
        if tok.lemma_.lower() == "toll" or (tok.lower_ in TOLL_NOUNS and tok.dep_ == "nsubj"):
            verb = tok.head
            for prep in [*verb.children, *tok.children]:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "at", "of"):
                    for obj in prep.children:
                        value = number_value(obj) if obj.like_num else None
                        if value is not None:
                            return value
    return None


def _fatal(tok: Token, cues: Cues) -> bool:
    """"fatally shot", "shot dead", "shot to death", "mortally wounded": the victim died."""
    fatal = cues.get("fatal_modifiers", frozenset())
    for child in tok.children:
        if child.dep_ in ("advmod", "acomp", "oprd", "xcomp") and child.lower_ in fatal | {"dead"}:
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(
                g.lower_ == "death" for g in child.children):
            return True
    return False


def _kind(tok: Token, cues: Cues) -> str | None:
    """Does this word report a death ("killed"), a wound ("injured") or a shooting ("hit")?"""
    lemma, low = tok.lemma_.lower(), tok.lower_
    if lemma in cues.get("kill_words", frozenset()) or low in cues.get("kill_words", frozenset()):
        return "killed"
    injure = cues.get("injure_words", frozenset())
    hit = cues.get("hit_words", frozenset())
    if lemma in injure or low in injure:
        return "killed" if _fatal(tok, cues) else "injured"
    if (lemma in hit or low in hit) and tok.pos_ == "VERB":
        return "killed" if _fatal(tok, cues) else "hit"
    if headline_count(tok):
        return "hit" if low == "shot" else "injured"
    if lemma in cues.get("to_death_verbs", frozenset()) and tok.pos_ == "VERB" and _fatal(
            tok, cues):
        return "killed"  # "stabbed to death", "beaten to death" (not "sentenced to death")
    if lemma in cues.get("hospitalize_words", frozenset()) and tok.pos_ == "VERB":
        return "hit_person"  # "four people were hospitalized"
    if lemma in cues.get("hospital_transport_verbs", frozenset()) and tok.pos_ == "VERB" and any(
            c.dep_ == "prep" and c.lower_ == "to" and any(
                g.lemma_.lower() in ("hospital", "clinic") for g in c.children)
            for c in tok.children):
        return "hit_person"  # "two teens were taken to the hospital", "sent four to hospital"
    hit_person = cues.get("person_hit_words", frozenset())
    if lemma in hit_person and tok.pos_ == "VERB":
        return "killed_person" if _fatal(tok, cues) else "hit_person"
    return None


MULTIPLES = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5}


def multiple(tok: Token, cues: Cues) -> tuple[str, int] | None:
    """ "a triple homicide" (3 killed), "a double shooting" (2 shot): the count in the noun's
    own modifier."""
    lemma = tok.lemma_.lower()
    kind = "killed" if lemma in cues.get("death_nouns", frozenset()) else "hit" if lemma in (
        "shooting",) else None
    amods = [c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")]
    found = next((MULTIPLES[a] for a in amods if a in MULTIPLES), None)
    if kind is None or found is None or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if kind == "hit" and any(a in cues.get("fatal_modifiers", frozenset()) for a in amods):
        kind = "killed"  # "a fatal double shooting"
    return kind, found


def _victim_of(tok: Token, cues: Cues) -> Token | None:
    """"the killing of a 7-year-old", "led to the death of Tom Smith", "the fatal shooting of a
    teenager": who died."""
    fatal_incident = tok.lemma_.lower() in cues.get("fatal_incident_nouns", frozenset()) and any(
        c.dep_ == "amod" and c.lower_ in cues.get("fatal_modifiers", frozenset())
        for c in tok.children)
    if tok.pos_ != "NOUN" or (tok.lemma_.lower() not in cues.get("death_nouns", frozenset())
                              and not fatal_incident):
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((g for g in prep.children if g.dep_ == "pobj" and g.ent_type_ != "DATE"),
                        None)
    return None


def _wound_bearer(tok: Token, cues: Cues) -> tuple[str, Token] | None:
    """ "a boy suffered a gunshot wound", "a courier was found with a gunshot wound", "treated for
    stab wounds": whoever bears the wound was shot or stabbed ("a fatal gunshot wound":
    killed). Only a wound named by its weapon counts; "old wounds" are no toll."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() != "wound" or not any(
            c.dep_ in ("compound", "amod", "nmod") and c.lower_ in cues.get("wound_kinds",
                                                                         frozenset())
            for c in tok.children):
        return None
    kind = "killed" if any(c.dep_ == "amod" and c.lower_ in cues.get("fatal_modifiers",
                                                                     frozenset())
                           for c in tok.children) else "hit"
    head = tok.head
    kids = {c.dep_: c for c in head.children}
    bearer: Token | None = None
    if tok.dep_ == "dobj" and head.lemma_.lower() in cues.get("wound_bearing_verbs", frozenset()):
        bearer = kids.get("nsubj") or kids.get("nsubjpass")  # "suffered a gunshot wound"
    elif tok.dep_ == "pobj" and head.lower_ in ("with", "for"):
        holder = head.head
        if holder.pos_ in ("NOUN", "PROPN"):
            bearer = holder  # "the driver, with a gunshot wound to the leg"
        elif holder.pos_ == "VERB":  # "was found with", "was treated for", "took the man with"
            held = {c.dep_: c for c in holder.children}
            bearer = held.get("nsubjpass") or held.get("dobj") or (
                held.get("nsubj") if head.lower_ == "with" else None)
    return (kind, bearer) if bearer is not None else None


def _negated(harm: Token, patient: Token) -> bool:
    """ "was not hurt", "did not suffer any injuries", "nor did she sustain injury", "no
    soldiers were killed": the harm did not happen, so its count is zero."""
    verbs = [harm, harm.head] if harm.pos_ == "NOUN" else [harm]
    nor = [c for v in verbs if v.dep_ == "conj" for c in v.head.children
           if c.dep_ == "cc" and c.lower_ == "nor" and c.i < v.i]  # "..., nor did she ..."
    return bool(nor) or any(c.dep_ == "neg" or (c.lower_ in ("nor", "never") and c.i < v.i)
                            for v in verbs for c in v.children) or any(
        c.dep_ == "det" and c.lower_ == "no" for c in patient.children)


def _agent(predicate: Token, cues: Cues) -> bool:
    """Does the harm verb name who did it ("police killed two gunmen", "killed by troops")?
    An attack noun as its subject ("the assault left ... dead") names no side."""
    for node in (predicate, predicate.head if predicate.dep_ in ("conj", "xcomp", "advcl",
                                                                 "oprd", "ccomp") else None):
        if node is None:
            continue
        for child in node.children:
            if child.dep_ == "nsubj" and child.lemma_.lower() not in cues.attack_nouns and \
                    node.lemma_.lower() not in ("die", "perish"):
                return True
            if child.dep_ == "agent":
                return True
    return False


def _without_attackers(patient: Token, count: Count, persons: frozenset[str],
                       cues: Cues) -> Count | None:
    """ "Two soldiers and five militants were killed": with no side named as the killer, the
    attackers among coordinated dead are the return fire's toll, not the attack's (#19)."""
    attackers = cues.attacker_nouns
    group = [patient, *(c for c in patient.conjuncts if c.i > patient.i)]
    if len(group) < 2 or all(g.lemma_.lower() in attackers for g in group) or not any(
            g.lemma_.lower() in attackers for g in group):
        return count
    kept = [_count_one(g, persons) for g in group if g.lemma_.lower() not in attackers]
    if any(k is None or k.exact is None for k in kept):
        return count
    total = sum(k.exact or 0 for k in kept if k is not None)
    return Count(total, total)


def _shot_of(tok: Token, cues: Cues, persons: frozenset[str]) -> tuple[str, Token] | None:
    """ "the shootings of four people", "the shooting of a 6-year-old": whoever the shooting
    is of was shot ("the shooting of the film" is of no person)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in cues.hit_nouns:
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            victim = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if victim is not None and _human(victim, persons):
                return "hit", victim
    return None


STALE = frozenset({"old", "previous", "earlier", "past", "former", "recurring", "lingering"})


def _injury_bearer(tok: Token, cues: Cues) -> tuple[str, Token] | None:
    """ "40 people sustained injuries", "suffered fatal injuries": whoever bears the injury was
    hurt (or killed); "two of the wounded succumbed to their injuries": they died. "Old
    injuries" are no toll."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in cues.injury_nouns or any(
            c.lower_ in STALE for c in tok.children):
        return None
    head = tok.head
    fatal = any(c.dep_ == "amod" and c.lower_ in cues.fatal_modifiers for c in tok.children)
    if tok.dep_ == "dobj" and head.lemma_.lower() in cues.wound_bearing_verbs:
        bearer = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if bearer is None and head.dep_ == "conj":  # "were taken away and suffered injuries"
            bearer = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")),
                          None)
        return ("killed" if fatal else "injured", bearer) if bearer is not None else None
    if tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_.lower() in \
            cues.succumb_verbs:
        bearer = _subject(head.head)
        return ("killed", bearer) if bearer is not None else None
    return None


# the harm verbs' forms that a headline puts right before its count ("Blast Kills Eight")
HARM_FORMS = {"killed": frozenset({"kills", "kill", "killing", "killed"}),
              "injured": frozenset({"injures", "injure", "injuring", "wounds", "wounding"})}


def _bare_counts(sent: SpacySpan, cues: Cues,
                 persons: frozenset[str]) -> list[tuple[str, Count, Token, Token]]:
    """Counts told by word order where headlines leave the parser lost: a number with its own
    state word ("21 killed, 33 injured", "three dead and 14 wounded", "12 Indian soldiers
    killed") or a harm verb right before a number ("Blast Kills Eight, Injures 20")."""
    out: list[tuple[str, Count, Token, Token]] = []
    doc = sent.doc
    for num in sent:
        if not num.like_num or num.i + 1 >= sent.end or _not_a_count(num) or \
                doc[num.i + 1].lower_ == "-":  # "a 12-year-old"
            continue
        value = number_value(num)
        if value is None or (num.i + 1 < sent.end and doc[num.i + 1].like_num):
            continue  # "Twenty one": the last word counts
        label = doc[num.i - 1] if num.i > sent.start else None
        if label is not None and label.pos_ in ("PROPN", "NOUN") and label.lower_ not in (
                HARM_FORMS["killed"] | HARM_FORMS["injured"]):
            continue  # "Route 9", "Flight 17": a number that names, not one that counts
        after = num.i + 1
        while after < sent.end and after - num.i <= 3 and doc[after].lower_ not in STATE_WORDS \
                and (doc[after].lemma_.lower() in persons or doc[after].lower_ in (
                    "people", "others", "more", "persons") or doc[after].ent_type_ == "NORP"):
            after += 1
        state = doc[after] if after < sent.end else None
        kind = None if state is None else "killed" if state.lower_ in (
            "dead", "killed", "martyred") else "injured" if state.lower_ in STATE_WORDS else None
        verb = doc[num.i - 1] if num.i > sent.start else None
        bounded = verb is not None and verb.lower_ in ("least", "than", "over")
        while verb is not None and verb.lower_ in ("at", "least", "more", "than", "over",
                                                   "nearly", "about", "some") and \
                verb.i > sent.start:
            verb = doc[verb.i - 1]
        if kind is None and verb is not None:
            low = verb.lower_
            kind = next((k for k, forms in HARM_FORMS.items() if low in forms), None)
            state = verb
            nxt = doc[after] if after < sent.end else None
            if nxt is not None and nxt.pos_ == "NOUN" and nxt.lemma_.lower() not in persons:
                kind = None  # "killed 12 cattle", "injured 3 years ago"
        if kind is None or state is None or _statistic(num, state):
            continue
        count = _bounded(num, value)
        if bounded and count.exact is not None:
            count = Count(None, value)  # "at least 21 killed" where the parse lost "least"
        out.append((kind, count, num, state))
    return out


def _fatal_incident(sent: SpacySpan, cues: Cues) -> bool:
    """"a fatal shooting", "the deadly attack": someone died in the incident the sentence names."""
    fatal = cues.get("fatal_modifiers", frozenset())
    incidents = cues.get("fatal_incident_nouns", frozenset())
    return any(tok.lemma_.lower() in incidents and any(
        c.dep_ == "amod" and c.lower_ in fatal for c in tok.children) for tok in sent)


def _human(head: Token, persons: frozenset[str]) -> bool:
    """Is this noun phrase about people ("the victim", "two men", "him", "Smith")?"""
    return _person(head, persons) or head.lower_ in SINGLE_PRONOUNS or head.lower_ in (
        "people", "others", "them") or (head.tag_ == "NNP" and head.ent_type_ == "PERSON")


def _partly_fatal(tok: Token, cues: Cues,
                  persons: frozenset[str]) -> Count | None:
    """"four people were shot, one fatally": how many of the shot died."""
    fatal = cues.get("fatal_modifiers", frozenset())
    for child in tok.children:
        if child.dep_ in ("npadvmod", "appos", "advmod", "conj") and any(
                g.dep_ == "advmod" and g.lower_ in fatal for g in child.children):
            return _count_one(child, persons)
    return None


def _distinct(patient: Token, cues: Cues) -> bool:
    """"another man", "two others", "a second victim": not the people already counted."""
    others = cues.get("other_victim_markers", frozenset())
    return patient.lower_ in others or patient.lemma_.lower() in others or any(
        c.lower_ in others for c in patient.children if c.dep_ in ("det", "amod"))


def _statistic(patient: Token, predicate: Token) -> bool:
    """"69 children died in gun violence in 2013", "homicides so far this year": a tally over
    a period, not one incident's toll. Ages ("a 17-year-old") and dates with a month or a day
    ("on March 3, 2015") do not count."""
    preps = [c for v in (predicate, *predicate.conjuncts) for c in v.children]
    for prep in preps:  # "8 killed and 46 wounded in weekend shootings across the city"
        if prep.dep_ == "prep" and prep.lower_ in ("in", "across", "from") and any(
                g.dep_ == "pobj" and g.tag_ == "NNS" and g.lemma_.lower() in TALLY_NOUNS
                for g in prep.children):
            return True
        wide = {"across", "throughout"} if any(g.dep_ == "pobj" and g.lemma_.lower() in
                                               WIDE_AREAS for g in prep.children) else set()
        if prep.dep_ == "prep" and (prep.lower_ in wide or (
                prep.lower_ in ("in", "during", "since") and any(
                    g.dep_ == "pobj" and g.lemma_.lower() in CAMPAIGN_NOUNS
                    for g in prep.children))):
            return True  # "killed across the country", "killed in the conflict" (#19)
    if any(a.dep_ == "pobj" and a.head.lower_ == "since" and a.ent_type_ == "DATE"
           for a in predicate.ancestors):
        return True  # "the first clash since October 1981, when rebels shot four soldiers dead"
    inside = {t.i for t in patient.subtree}
    sent = predicate.sent
    for ent in sent.ents:
        if ent.label_ != "DATE" or not any(t.i not in inside and t.i in range(
                predicate.left_edge.i, predicate.right_edge.i + 1) for t in ent):
            continue
        text = ent.text.lower()
        if PERIOD.search(text) and not AGE.search(text):
            return True
    return False


def read_toll(sent: SpacySpan, cues: Cues) -> SentenceToll:
    """Fatality and injury counts stated in one sentence."""
    reading = _sentence_toll(sent, cues)
    if reading.hit.exact:
        _settle_hit(reading, _doc_deaths(sent.doc, cues))
    toll = reading.toll
    if toll.killed.exact is None and _fatal_incident(sent, cues):
        deaths = _doc_deaths(sent.doc, cues)  # the deaths the story tells elsewhere
        if deaths:
            toll.killed = Count(deaths, deaths)
            toll.anchor = toll.anchor or next(
                t for t in sent if t.lemma_.lower() in cues.get("fatal_incident_nouns", ()))
    return toll


@dataclass(slots=True)
class _Reading:
    """A sentence's toll plus the shot victims whose fate it leaves open."""

    toll: SentenceToll
    hit: Count = field(default_factory=Count)
    hit_distinct: bool = False


def _settle_hit(reading: _Reading, doc_deaths: int) -> None:
    """Shot victims are injured unless the story says they died.

    "Four people were shot" with two deaths told in the sentence or elsewhere => 2 injured; a
    victim shot "in the leg" in a story with no death => 1 injured; "the victim was shot"
    in a story whose one death is this victim's => 1 killed, 0 injured.
    """
    toll = reading.toll
    hit = reading.hit.exact or 0
    killed = toll.killed.exact or 0
    if killed and hit > killed:
        injured = hit - killed  # "three people were shot, two of them fatally"
    elif reading.hit_distinct:
        injured = hit  # "a man was killed and a woman shot": different people
    elif killed:
        injured = 0  # "a girl died after she was shot": the dead were the shot
    elif doc_deaths:
        dead = min(hit, doc_deaths)
        injured = hit - dead
        toll.killed = Count(dead, dead)
    else:
        injured = hit
    if injured:
        toll.injured = Count(max(toll.injured.exact or 0, injured),
                             max(toll.injured.minimum or 0, injured))


def _doc_deaths(doc: Doc, cues: Cues) -> int:
    """The largest death count any sentence of the document states (cached on the doc)."""
    cached = doc.user_data.get(DOC_DEATHS)
    if isinstance(cached, int):
        return cached
    deaths = 0
    for sent in doc.sents:
        reading = _sentence_toll(sent, cues)
        deaths = max(deaths, reading.toll.killed.exact or 0)
    doc.user_data[DOC_DEATHS] = deaths
    return deaths


def _sentence_toll(sent: SpacySpan, cues: Cues) -> _Reading:
    """The counts one sentence states, with its shot victims kept apart."""
    reading = _Reading(SentenceToll())
    toll = reading.toll
    persons = PERSON_HINTS | cues.get("person_nouns", frozenset())
    counted: set[tuple[str, int]] = set()
    hits: list[tuple[Token, Token, Count, bool]] = []
    hurt: list[tuple[Token, Token, Count]] = []
    multiples: list[tuple[Token, str, int]] = []
    for tok in sent:
        times = multiple(tok, cues)
        if times is not None:
            multiples.append((tok, *times))  # "a triple homicide": no victim phrase to count
            continue
        kind = _kind(tok, cues)
        if tok.lemma_.lower() == "shoot" and any(c.lower_ == "dead" for c in tok.children):
            kind = "killed"  # "shot dead"
        patient: Token | None = _victim_of(tok, cues)
        wounded = (_wound_bearer(tok, cues) or _injury_bearer(tok, cues) or _shot_of(
            tok, cues, persons)) if patient is None else None
        if patient is not None:
            kind = "killed"
        elif wounded is not None:
            kind, patient = wounded
        elif kind is None or (tok.pos_ not in ("VERB", "ADJ", "AUX")
                              and not (tok.lower_ == "dead" and tok.pos_ == "ADV")
                              and not headline_count(tok)):
            continue  # ("Teen dead after shooting": the tagger makes this "dead" an adverb)
        else:
            patient = _patient(tok)
        if patient is None or kind is None:
            continue
        if kind in ("hit_person", "killed_person"):
            if not _human(patient, persons):
                continue  # "struck a deal", "the shell hit a school"
            kind = kind.removesuffix("_person")
        if patient.lemma_.lower() in cues.get("non_human", frozenset()):
            continue  # "hunters killed 90,280 deer"
        count = count_of(patient, persons)
        if count is not None and _negated(tok, patient):
            count = Count(0, 0)  # "the driver was not hurt", "nor did she sustain injury"
        if count is not None and not _agent(tok, cues):
            count = _without_attackers(patient, count, persons, cues)
        if count is None or (kind, patient.i) in counted or _statistic(patient, tok):
            continue  # "shot dead": two predicates, one group of victims
        counted.add((kind, patient.i))
        if kind == "hit":
            part = _partly_fatal(tok, cues, persons)
            hits.append((tok, patient, count, part is not None))
            if part is not None and part.exact is not None:
                _add(toll.killed, part)
            continue
        if kind == "injured":
            hurt.append((tok, patient, count))
            continue
        toll.predicates.append(tok)
        toll.victims.append(patient)
        _add(toll.killed, count)
    for tok, patient, count in hurt:
        if ("killed", patient.i) in counted:
            continue  # "were critically injured and later succumbed": dead, not hurt
        toll.predicates.append(tok)
        toll.victims.append(patient)
        _add(toll.injured, count)
    for kind, count, num, state in _bare_counts(sent, cues, persons):
        if any(v.i == num.i or (v.i == num.head.i and num.dep_ == "nummod")
               for v in toll.victims):
            continue  # the parse already counted this group
        toll.predicates.append(state)
        toll.victims.append(num)
        _add(toll.killed if kind == "killed" else toll.injured, count)
    if not toll.predicates and not hits:  # only when the sentence counts no victims itself
        for tok, kind, many in multiples:
            if kind == "hit":
                hits.append((tok, tok, Count(many, many), False))
            else:
                toll.predicates.append(tok)
                toll.victims.append(tok)
                _add(toll.killed, Count(many, many))
    for tok, patient, count, partly in hits:
        if ("killed", patient.i) in counted and not partly:
            continue  # "was shot and killed": dead, not hurt
        _add(reading.hit, count)
        dead = {v.lemma_.lower() for v in toll.victims}
        reading.hit_distinct = reading.hit_distinct or _distinct(patient, cues) or (
            bool(dead) and patient.pos_ == "NOUN" and patient.lemma_.lower() not in dead)
        toll.predicates.append(tok)
        toll.victims.append(patient)
    toll_value = _toll(sent)
    if toll_value is not None:
        toll.killed = Count(toll_value, toll_value)
        toll.update = any(t.lemma_.lower() == "toll" and t.head.lemma_.lower() in RISING
                          for t in sent)  # "rose to 25", not "estimates the toll at 130,000"
        toll.anchor = next((t for t in sent if t.lemma_.lower() == "toll"), None)
    if toll.predicates:
        toll.anchor = toll.predicates[0]
    return reading


def _add(slot: Count, count: Count) -> None:
    """Keep the largest figure, not a sum: a headline glued to its lede ("8 killed ... Eight
    people were killed") states one toll twice."""
    if count.exact is not None:
        slot.exact = max(slot.exact or 0, count.exact)
    if count.minimum is not None:
        slot.minimum = max(slot.minimum or 0, count.minimum)
