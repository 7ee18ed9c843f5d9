"""How many were killed or injured, from numerals, number words and vague quantities.

"martyring three army personnel" => 3; "several soldiers have been martyred" => at least 2;
"at least 12 people were killed" => at least 12 (`killed_min`, `killed` stays null); "killing 3
and wounding 7"; "the death toll rose to 14"; "a policeman was killed" => 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

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

    def as_record(self) -> Fatalities:
        """The DESIGN.md fatality fields."""
        return Fatalities(killed=self.killed.exact, killed_min=self.killed.minimum,
                          injured=self.injured.exact, injured_min=self.injured.minimum)


def number_value(token: Token) -> int | None:
    """The integer a numeral token stands for ("12", "1,200", "three", "two dozen")."""
    text = token.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    value = NUMBER_WORDS.get(text)
    if value is None:
        return None
    multipliers = [number_value(c) for c in token.children if c.dep_ in ("compound", "nummod")]
    factor = next((m for m in multipliers if m), 1)
    return value * factor if text in ("dozen", "hundred") else value


def count_of(head: Token) -> Count | None:
    """The count a noun phrase gives for its head: "at least three soldiers" => 3 (min 3)."""
    if head.like_num or head.pos_ == "NUM":
        value = number_value(head)
        if value is not None:
            return _bounded(head, value)
    for child in head.children:
        if child.dep_ == "compound" and child.lower_ in ("dozen", "hundred"):  # "two dozen"
            value = number_value(child)
            if value is not None:
                return _bounded(child, value)
        if child.dep_ == "nummod" or (child.dep_ in ("amod", "det") and child.like_num):
            value = number_value(child)
            if value is not None:
                return _bounded(child, value)
    for child in head.children:
        low = child.lower_
        if child.dep_ in ("amod", "det", "nummod", "quantmod") and low in LOWER_BOUNDS:
            return Count(None, LOWER_BOUNDS[low])
        if child.dep_ == "det" and low in ("a", "an", "one") and head.tag_ == "NN" and (
            head.lemma_.lower() in PERSON_HINTS or (head.ent_type_ == "" and head.pos_ == "NOUN")
        ):
            return Count(1, 1)
    if head.lower_ in LOWER_BOUNDS:
        return Count(None, LOWER_BOUNDS[head.lower_])
    if head.tag_ == "NN" and head.lemma_.lower() in PERSON_HINTS:
        return Count(1, 1)
    return None


def _bounded(num: Token, value: int) -> Count:
    """"at least 12" and "more than 12" give lower bounds; plain numbers are exact."""
    mods = {c.lower_ for c in num.children if c.dep_ in ("quantmod", "advmod", "amod")}
    if "more" in mods or "over" in mods:
        return Count(None, value + 1)
    if "least" in mods or "minimum" in mods:  # "at least 12": a lower bound, not an exact count
        return Count(None, value)
    if mods & {"about", "around", "nearly", "almost", "approximately", "some", "roughly"}:
        return Count(value, None)
    return Count(value, value)


def _patient(predicate: Token) -> Token | None:
    """Who died or was hurt: the passive subject, the object, the subject of "die"."""
    deps = {c.dep_: c for c in predicate.children}
    if "nsubjpass" in deps:
        return deps["nsubjpass"]
    if predicate.lemma_.lower() in ("die", "perish") and "nsubj" in deps:
        return deps["nsubj"]
    if "dobj" in deps:
        return deps["dobj"]
    if predicate.pos_ == "ADJ":  # "three soldiers dead", "left five dead"
        if predicate.dep_ in ("amod",):
            return predicate.head
        if predicate.dep_ in ("acomp", "oprd", "xcomp", "ccomp", "advmod"):
            # "left three soldiers dead": the object is who died, not the subject
            kids = {c.dep_: c for c in predicate.head.children}
            subj = kids.get("dobj") or kids.get("nsubjpass") or kids.get("nsubj")
            return subj if subj is not None and subj.i != predicate.i else None
    if predicate.dep_ == "acl":  # "soldiers killed in the blast"
        return predicate.head
    if predicate.tag_ == "VBN" and predicate.dep_ == "conj":
        # "several soldiers have been martyred" after a coordination the parser misattached:
        # the nearest counted person noun before the verb
        for tok in reversed(list(predicate.sent)[: predicate.i - predicate.sent.start]):
            if tok.pos_ in ("NOUN", "PROPN") and count_of(tok) is not None:
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


def read_toll(sent: SpacySpan, cues: dict[str, frozenset[str]]) -> SentenceToll:
    """Fatality and injury counts stated in one sentence."""
    toll = SentenceToll()
    counted: set[tuple[str, int]] = set()
    kill_words = cues.get("kill_words", frozenset())
    injure_words = cues.get("injure_words", frozenset())
    for tok in sent:
        lemma = tok.lemma_.lower()
        kind = "killed" if lemma in kill_words or tok.lower_ in kill_words else (
            "injured" if lemma in injure_words or tok.lower_ in injure_words else None)
        if lemma == "shoot" and any(c.lower_ == "dead" for c in tok.children):
            kind = "killed"  # "shot dead"
        if kind is None or tok.pos_ not in ("VERB", "ADJ", "AUX"):
            continue
        patient = _patient(tok)
        if patient is None:
            continue
        if patient.lemma_.lower() in cues.get("non_human", frozenset()):
            continue  # "hunters killed 90,280 deer"
        count = count_of(patient)
        if count is None or (kind, patient.i) in counted:
            continue  # "shot dead": two predicates, one group of victims
        counted.add((kind, patient.i))
        toll.predicates.append(tok)
        toll.victims.append(patient)
        slot: Count = getattr(toll, kind)
        # the largest figure, not a sum: a headline glued to its lede ("8 killed ... Eight
        # people were killed") states one toll twice
        if count.exact is not None:
            slot.exact = max(slot.exact or 0, count.exact)
        if count.minimum is not None:
            slot.minimum = max(slot.minimum or 0, count.minimum)
    toll_value = _toll(sent)
    if toll_value is not None:
        toll.killed = Count(toll_value, toll_value)
        toll.anchor = next((t for t in sent if t.lemma_.lower() == "toll"), None)
    if toll.predicates:
        toll.anchor = toll.predicates[0]
    return toll
