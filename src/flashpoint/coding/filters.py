"""Filters: named predicates that drop a trigger which is no event of its own.

Each filter is registered under a name with the phase it runs in: `sentence` (before any
trigger is read), `trigger` (the token and its lexicon entry), `scope` (after modality),
`roles` (after source and target), `recoded` (after coding/recoding.py) and `told` (once every
trigger of the sentence is read). A filter returns True to drop the candidate. Any of them can
be switched off by name (`code_doc(..., disabled=...)`, `Coder(disabled_filters=...)`) for a
test or an ablation; docs/architecture.md lists them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Token

from flashpoint.coding.candidate import Candidate, SentenceContext
from flashpoint.coding.cues import Cues
from flashpoint.coding.dates import can_date, dated_background
from flashpoint.coding.lexicon import Trigger
from flashpoint.coding.recoding import readied_for
from flashpoint.coding.roles import Roles
from flashpoint.coding.verbdict import names_actor
from flashpoint.errors import UnknownName

Phase = Literal["trigger", "scope", "roles", "recoded", "told"]
PHASES: tuple[Phase, ...] = ("trigger", "scope", "roles", "recoded", "told")
Test = Callable[[Candidate, SentenceContext], bool]
# a photo credit ("Photo: Jane Roe/AFP", "(AP Photo/...)", "via Getty Images") marks a caption line
CREDIT = re.compile(r"\b(?:photo|photograph|image|picture)\s*:|\((?:ap|afp|epa|reuters)?\s*photo\b|"
                    r"\bgetty images\b|\[getty\]|/(?:afp|ap|epa|reuters)\b|\bfile photo\b", re.I)
# a pointer to another story: "Also read: ...", "RELATED:", "Read more:"
RELATED = re.compile(r"\s*(?:also read|read also|read more|see also|more on this|related"
                     r"(?: articles| stories| news| coverage)?)\s*(?::|$)", re.I)
SentenceTest = Callable[[SentenceContext], bool]


@dataclass(frozen=True, slots=True)
class Filter:
    """A named predicate on one candidate; `on_drop` notes what a dropped one still tells."""

    name: str
    phase: Phase
    test: Test
    on_drop: Callable[[Candidate, SentenceContext], None] | None = None

    @property
    def description(self) -> str:
        """The first line of the predicate's docstring."""
        return (self.test.__doc__ or "").strip().splitlines()[0].strip()


@dataclass(frozen=True, slots=True)
class SentenceFilter:
    """A named predicate on a whole sentence: when it holds, the sentence codes nothing."""

    name: str
    test: SentenceTest
    phase: Literal["sentence"] = "sentence"

    @property
    def description(self) -> str:
        """The first line of the predicate's docstring."""
        return (self.test.__doc__ or "").strip().splitlines()[0].strip()


FILTERS: dict[str, Filter | SentenceFilter] = {}  # in the order they run within a phase


def _register(name: str, phase: Phase, *, on_drop: Callable[[Candidate, SentenceContext], None]
              | None = None) -> Callable[[Test], Test]:
    def register(test: Test) -> Test:
        FILTERS[name] = Filter(name, phase, test, on_drop)
        return test
    return register


def check_disabled(names: Iterable[str]) -> frozenset[str]:
    """The names as a set, each checked against the registry (E403 for an unknown one)."""
    out = frozenset(names)
    for name in sorted(out - set(FILTERS)):
        raise UnknownName(kind="coder filter", name=name, known=", ".join(FILTERS))
    return out


def drops_sentence(ctx: SentenceContext, disabled: frozenset[str] = frozenset()) -> bool:
    """Does a sentence filter drop the whole sentence?"""
    return any(isinstance(f, SentenceFilter) and f.name not in disabled and f.test(ctx)
               for f in FILTERS.values())


def dropped_by(cand: Candidate, ctx: SentenceContext, phase: Phase,
               disabled: frozenset[str] = frozenset()) -> str | None:
    """The name of the first filter of `phase` that drops the candidate, if any."""
    for f in FILTERS.values():
        if isinstance(f, Filter) and f.phase == phase and f.name not in disabled and \
                f.test(cand, ctx):
            if f.on_drop is not None:
                f.on_drop(cand, ctx)
            return f.name
    return None


def question(ctx: SentenceContext) -> bool:
    """A question ("Will the army attack?") asks; it reports no event."""
    return ctx.sent.text.rstrip().endswith("?")


FILTERS["question"] = SentenceFilter("question", question)


@_register("denied_accusation", "trigger")
def denied_accusation(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "rejected the accusations": the accusation is what is denied, not a new one."""
    return _denied(cand.token, ctx.cues)


@_register("shared_opinion", "trigger")
def shared_opinion(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "agree with the minister that ...": an opinion shared, no act agreed."""
    return _opinion(cand.token, ctx.cues)


@_register("demand_voiced_by_protest", "trigger")
def demand_voiced_by_protest(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "marched to demand higher wages": the protest voices the demand."""
    return cand.entry.type == "REQUEST" and _voiced_by_protest(cand.token, ctx.kinds)


@_register("possession", "trigger")
def possession(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "it had $12M of unspent donations": a holding, not an act."""
    return _possessed(cand.token, ctx.kinds, ctx.cues)


@_register("photo_caption", "trigger")
def photo_caption(cand: Candidate, ctx: SentenceContext) -> bool:
    """A photo caption ("Rescuers search the rubble. Photo: J. Roe/AFP") names no new event.

    A caption is known by the credit on its line; the happening it shows is told in the story.
    """
    line, _ = _lines(cand.token, ctx)
    return CREDIT.search(line) is not None


@_register("related_story", "trigger")
def related_story(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "Also read: ..." and the title under a bare "RELATED:": a link to another story."""
    line, before = _lines(cand.token, ctx)
    marker = RELATED.match(line)
    if marker is not None:
        return bool(line[marker.end():].strip())
    title = not line.rstrip().endswith((".", "!", "?", '"', "\u201d", ":"))
    return title and RELATED.fullmatch(before.strip()) is not None


@_register("comment_request", "trigger")
def comment_request(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "did not respond to a request for comment": a reporter's request is no demand."""
    token = cand.token
    return cand.entry.type == "REQUEST" and token.pos_ == "NOUN" and any(
        g.dep_ == "pobj" and g.lower_ in ctx.cues.comment_nouns
        for c in token.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children)


def _lines(token: Token, ctx: SentenceContext) -> tuple[str, str]:
    """The text line the token is on, and the non-empty line before it."""
    text = ctx.doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    line = text[start:end if end >= 0 else len(text)]
    before = [p for p in text[:start].split("\n") if p.strip()]
    return line, before[-1] if before else ""


@_register("clause_scope", "scope")
def clause_scope(cand: Candidate, ctx: SentenceContext) -> bool:
    """The clause makes it no event: another act's content, a purpose, a prospect, a habit.

    coding/modality.py decides ("urged X to withdraw", "talks aimed at ending the war", "paved
    the way to a ceasefire", "forces regularly patrol the frontier").
    """
    del ctx
    return cand.scope.skip


@_register("threat_content", "scope")
def threat_content(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "warned of attacks that would follow": what a threat threatens is its content."""
    token = cand.token
    return token.head.i in ctx.kinds and ctx.kinds[token.head.i] == "THREATEN" and \
        token.dep_ in ("relcl", "acl", "xcomp", "conj") and token.i > token.head.i


@_register("used_to", "scope")
def used_to(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "we used to march every Friday": what someone used to do is a past habit, no event."""
    del ctx
    verb = _clause_verb(cand.token)
    return verb is not None and verb.dep_ == "xcomp" and verb.head.lower_ == "used" and any(
        c.dep_ == "aux" and c.lower_ == "to" and c.i == verb.head.i + 1  # not "used gas to"
        for c in verb.children)


@_register("campaign_total", "scope")
def campaign_total(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "have seized dozens of ships since March", "have been killed in the war": a perfect
    clause that sums up a period or a conflict is a campaign total, not one happening.

    A noun trigger counts with the verb it is the object of ("destroyed in such raids over the
    past decade"). "have killed five people since Monday" still reports the news, and a vague
    count of those who acted ("thousands have marched") is one happening.
    """
    verb = _clause_verb(cand.token)
    if verb is None or not any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve")
                               for c in verb.children):
        return False
    return any(_sums_up(child, ctx.cues) for child in verb.children) or _conflict_total(
        verb, ctx.cues)


def _conflict_total(verb: Token, cues: Cues) -> bool:
    """ "weeks of unrest that have killed 300", "the war, which has displaced millions": a
    perfect clause whose subject is a long conflict, or a span of one, sums it up. A "since"
    as recent as "since Monday" still tells the news."""
    if any(c.lower_ == "since" and any(g.lower_ in cues.recent_time_words for g in c.subtree)
           for c in verb.children):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl" and any(s.tag_ in ("WDT", "WP") for s in subjects):
        subjects = [verb.head]  # "unrest that has killed": the antecedent
    for subject in subjects:
        lemma = subject.lemma_.lower()
        if lemma in cues.conflict_nouns and subject.dep_ == "pobj" and \
                subject.head.lower_ == "of" and subject.head.head.lemma_.lower() in \
                cues.period_nouns:
            return True  # "weeks of unrest that has killed"
        if lemma in cues.enduring_conflicts or (lemma in cues.period_nouns and any(
                c.dep_ == "prep" and c.lower_ == "of" and any(
                    g.lemma_.lower() in cues.conflict_nouns for g in c.children)
                for c in subject.children)):
            return True
    return False


def _clause_verb(token: Token) -> Token | None:
    """The verb whose clause tells the trigger: itself, or the verb it is an argument of."""
    if token.pos_ in ("VERB", "AUX"):
        return token
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif token.dep_ not in ("dobj", "nsubj", "nsubjpass"):
        return None
    return head if head.pos_ == "VERB" else None


def _sums_up(child: Token, cues: Cues) -> bool:
    """Is this dependent of a perfect verb a period, a conflict or a vague count?"""
    if child.lower_ == "since" and child.dep_ in ("prep", "mark"):
        times = [g for g in child.subtree if g.i != child.i]
        return not any(g.lower_ in cues.recent_time_words for g in times)
    if child.dep_ == "prep" and child.lower_ in ("for", "over", "during", "in", "throughout"):
        for g in child.children:
            if g.dep_ != "pobj":
                continue
            if g.lower_ in cues.period_nouns and (g.tag_ == "NNS" or any(
                    m.lower_ in ("last", "past", "recent") for m in g.children)):
                return True  # "for years", "over the past decade"
            if g.lemma_.lower() in cues.conflict_nouns and child.lower_ != "for":
                return True  # "killed in the war"
        return False
    if child.dep_ in ("dobj", "nsubjpass"):  # the harmed or held ("thousands have marched"
        # is one protest)
        words = child.doc[child.left_edge.i:child.i + 1]
        return any(t.lower_ in cues.vague_quantities for t in words)
    return False


@_register("earlier_event", "scope")
def earlier_event(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "the worst raid since rebels shelled the port": what "since" names after a ranking
    ("first", "deadliest") is an earlier happening, told as background.

    A clause that names a date it can be dated by is left to be dated (coding/dates.py): "in
    2019", or "in late August" in a story with a date; "a day after X" is kept, as X can be
    dated from the news it is measured against.
    """
    for word in _since(cand.token):
        if any(ent.label_ == "DATE" and ent.start > word.i and word.head.is_ancestor(ent.root)
               and can_date(ent.text, ctx.published) for ent in ctx.sent.ents):
            return False  # "since a car bomb killed 40 in 2019": dated, not dropped
        return any(t.lower_ in ctx.cues.ranking_words
                   for t in ctx.sent.doc[ctx.sent.start:word.i])
    return False


@_register("sequel_background", "scope")
def sequel_background(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "the raid came a day after a bombing killed five": what a happening comes after is an
    earlier one, told as background."""
    token = cand.token
    clause = token if token.pos_ in ("VERB", "AUX") else _clause_verb(token)
    marker: Token | None = None
    if token.dep_ == "pobj" and token.head.lower_ in ("after", "since"):
        marker = token.head  # "came after the bombing"
    elif clause is not None and clause.dep_ == "advcl":
        marker = next((c for c in clause.children if c.dep_ == "mark"
                       and c.lower_ in ("after", "since")), None)  # "came after X killed"
    if marker is None:
        return False
    verb = marker.head if marker.dep_ == "prep" else marker.head.head
    return verb.lemma_.lower() in ctx.cues.sequel_verbs and verb.i < marker.i


@_register("dated_background", "scope")
def background_time(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "had previously claimed", and "in March" in a story without a date: a clause set
    before the story's own days that nothing dates there is background.

    With a publication date a clause's own date ("last week", "in May") dates it to its own
    time (coding/dates.py); without one, a story of several sentences drops a clause set "in
    March" or "last week". A lone sentence is its own news but for a relative clause in it set
    months or years before.
    """
    story = sum(1 for _ in ctx.doc.sents) > 2  # several sentences have a now of their own
    if dated_background(ctx.sent, ctx.published, trigger=cand.token,
                        speech=ctx.cues.speech_verbs, story=story):
        return True
    node = cand.token if cand.token.pos_ in ("VERB", "AUX") else _clause_verb(cand.token)
    for _ in range(4):
        if node is None:
            return False
        auxes = {c.lower_ for c in node.children if c.dep_ == "aux"}
        if "had" in auxes and any(c.dep_ == "advmod" and c.lower_ in ctx.cues.earlier_adverbs
                                  for c in node.children):
            return True
        if node.dep_ not in ("ccomp", "xcomp", "conj"):
            return False
        node = node.head
    return False


@_register("first_time", "scope")
def first_time(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "it was the first time a leader had dissolved parliament since 1992": a comparison
    that retells the news as a record; the happening itself is told in its own clause.

    Only a pluperfect: in "the first time Ghana has warned of reprisals" the present perfect
    may be the only telling of the warning.
    """
    verb = cand.token if cand.token.pos_ in ("VERB", "AUX") else _clause_verb(cand.token)
    return verb is not None and verb.dep_ in ("relcl", "acl") and any(
        c.dep_ == "aux" and c.lower_ == "had" for c in verb.children) and \
        verb.head.lemma_.lower() == "time" and any(
            c.dep_ == "amod" and c.lower_ in ctx.cues.ranking_words for c in verb.head.children)


def _since(token: Token) -> list[Token]:
    """The "since" that introduces the trigger's phrase or clause."""
    if token.dep_ == "pobj" and token.head.lower_ == "since":
        return [token.head]
    verb = token if token.pos_ in ("VERB", "AUX") else _clause_verb(token)
    if verb is None:
        return []
    return [c for c in verb.children if c.dep_ in ("mark", "advmod") and c.lower_ == "since"
            and c.i < verb.i]


def _remember_attack(cand: Candidate, ctx: SentenceContext) -> None:
    if cand.entry.type == "ASSAULT":
        ctx.told.add(cand.token.i)  # its killings are its toll ("toll_of_told_attack")


@_register("standing_presence", "trigger")
def standing_presence(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "troops stationed in the region", "the unit is based near the port": a presence
    described, no deployment ("stationed along the border on Monday" is one)."""
    token = cand.token
    if cand.entry.type != "MOBILIZE" or token.lemma_.lower() not in ctx.cues.presence_verbs \
            or token.tag_ != "VBN" or any(t.ent_type_ in ("DATE", "TIME") for t in token.subtree):
        return False
    return token.dep_ in ("acl", "amod") or any(
        c.dep_ == "auxpass" and c.lower_ in ("is", "are", "remain", "remains")
        for c in token.children)


@_register("set_of_happenings", "trigger")
def set_of_happenings(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "some of the country's deadliest bombings", "raids on convoys have increased": a ranked
    set of happenings, or one whose number changes, is no one happening."""
    token = cand.token
    if token.pos_ != "NOUN" or token.tag_ != "NNS":
        return False
    if any(c.tag_ == "JJS" or (c.dep_ == "amod" and any(
            g.dep_ == "advmod" and g.lower_ == "most" for g in c.children))
           for c in token.children):
        return True
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in ctx.cues.trend_verbs


@_register("press_conference", "roles")
def press_conference(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "the ministry held a joint press conference": a statement to reporters is no
    consultation between two sides."""
    token = cand.token
    heads = [token, *(c for c in token.children if c.dep_ == "dobj")]
    return cand.entry.type == "CONSULT" and any(
        c.dep_ in ("compound", "amod") and c.lower_ in ctx.cues.media_modifiers
        for h in heads for c in h.children)


@_register("medical_emergency", "roles")
def medical_emergency(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "an emergency was declared at the hospital", "a health emergency": a medical emergency
    restricts nobody."""
    token = cand.token
    if cand.entry.mode != "martial-law":
        return False
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")
               and c.lemma_.lower() == "emergency"]
    medical = ctx.cues.medical_words
    return any(c.lower_ in medical for o in objects for c in o.children
               if c.dep_ in ("compound", "amod")) or (bool(objects) and any(
                   g.dep_ == "pobj" and g.lemma_.lower() in medical
                   for c in token.children if c.dep_ == "prep" and c.lower_ in ("at", "in")
                   for g in c.children))


@_register("met_with_reaction", "roles")
def met_with_reaction(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "the plan met with criticism": a reaction that something meets is no meeting."""
    token = cand.token
    return cand.entry.type == "CONSULT" and token.lemma_.lower() == "meet" and any(
        g.dep_ == "pobj" and g.lemma_.lower() in ctx.cues.reaction_nouns
        for c in token.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children)


@_register("rule_text", "roles")
def rule_text(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "the charter says the governor must step down": a rule text states an obligation; no
    one requests anything."""
    source = cand.roles.source
    return cand.entry.type == "REQUEST" and source is not None and \
        source.lemma_.lower() in ctx.cues.rule_texts


@_register("anaphoric_mention", "roles", on_drop=_remember_attack)
def anaphoric_mention(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "the shooting", "responded to the threat": a definite bare noun refers back to an
    event already coded.

    Not when the story has told no attack yet and the sentence is about it ("The bombing left
    12 dead", but not "arrested in connection with the attack").
    """
    return _anaphoric(cand.token, cand.entry, cand.roles) and (
        ctx.attacked or cand.entry.type != "ASSAULT"
        or cand.token.dep_ not in ("nsubj", "nsubjpass"))


@_register("forecast_warning", "roles")
def forecast_warning(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "analysts warned that the conflict could spread": a forecast by no actor, no threat."""
    source = cand.roles.source
    return cand.entry.type == "THREATEN" and cand.entry.lemma in ("warn", "warning") and \
        source is not None and source.pos_ == "NOUN" and not ctx.is_actor(source)


@_register("generic_doer", "roles")
def generic_doer(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "to kill anyone who cooperated with the government": a doer who is nobody in
    particular."""
    source = cand.roles.source
    return source is not None and source.lower_ in ctx.cues.generic_pronouns


@_register("one_body_meeting", "roles")
def one_body_meeting(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "the cabinet met to discuss the budget": one body meeting consults no second party."""
    target = cand.roles.target
    return cand.entry.type == "CONSULT" and (target is None or not ctx.is_actor(target)) and \
        _one_body(cand.roles.source, ctx.cues)


@_register("abstract_target", "roles")
def abstract_target(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "the battle against the water crisis": force against no one is a metaphor."""
    target = cand.roles.target
    return cand.entry.type == "ASSAULT" and target is not None and \
        target.lemma_.lower() in ctx.cues.abstract_targets


@_register("unnamed_dyad", "roles")
def unnamed_dyad(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "local traders denigrated the new rules": a CAMEO-layer verb between sides that name
    nobody; the layer's broad verbs code only between two named actors, as PETRARCH does."""
    return cand.entry.dyadic and not (names_actor(cand.roles.source)
                                      and names_actor(cand.roles.target))


@_register("accident", "roles")
def accident(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "floods killed 40 people", "killed when a bus plunged into a ravine": nobody's attack."""
    return cand.entry.type == "ASSAULT" and cand.entry.pos == "VERB" and _accidental(
        cand.token, ctx.cues)


@_register("nobody_inaction", "roles")
def nobody_inaction(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "inaction" with no actor named: nobody's failure to act is no event."""
    source = cand.roles.source
    return cand.entry.negative and (source is None or not ctx.is_actor(source))


@_register("public_appeal", "roles")
def public_appeal(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "appealed to the public to donate blood", "urged residents to stay calm": an appeal to
    everyone is advice, not a request to an actor."""
    target = cand.roles.target
    return cand.entry.type == "REQUEST" and target is not None and \
        target.lemma_.lower() in ctx.cues.public_nouns and not any(
            c.dep_ in ("amod", "compound", "poss") for c in target.children)


@_register("imperative", "roles")
def imperative(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "Release the prisoners!", a chant of "Arrest the general": a command quoted or shouted
    asks for the act; it does not report it."""
    del ctx
    token = cand.token
    if token.pos_ != "VERB" or token.tag_ != "VB" or \
            token.dep_ not in ("ROOT", "ccomp", "xcomp") or any(
                c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark", "neg")
                for c in token.children):
        return False
    before = [t for t in token.sent if t.i < token.i and not t.is_space]
    return not before or before[-1].text in ('"', "\u201c", ":", "'", "\u2018")


@_register("readied_deployment", "recoded")
def readied_deployment(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "troops were deployed to attack": the deployment is coded already, the attack is
    only readied."""
    verb = readied_for(cand, ctx.cues)
    return verb is not None and verb.i in ctx.kinds


@_register("toll_of_told_attack", "told")
def toll_of_told_attack(cand: Candidate, ctx: SentenceContext) -> bool:
    """ "the attack killed three policemen": a killing by an attack told before is its toll.

    The sentence then codes nothing of its own, and its toll completes the earlier attack.
    """
    return cand.entry.type == "ASSAULT" and cand.token.lemma_.lower() in ctx.cues.kill_words \
        and _by_told(cand, ctx.told)


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


def _possessed(token: Token, kinds: Mapping[int, str], cues: Cues) -> bool:
    """Is the noun trigger something held ("had millions of dollars of donations") rather
    than an act, its verb of having not being a trigger itself ("had talks" is one)?"""
    if token.pos_ != "NOUN":
        return False
    node = token
    while node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ in (
            "NOUN", "NUM"):
        node = node.head.head  # "millions of dollars of donations"
    return node.dep_ == "dobj" and node.head.i not in kinds and \
        node.head.lemma_.lower() in cues.possession_verbs and not any(
            c.dep_ == "prt" for c in node.head.children)  # "held off the attack" is no holding


def _accidental(verb: Token, cues: Cues) -> bool:
    """ "A fire killed 100 people", "killed in a road accident", "hit by a storm", "killed
    when a bus plunged into a ravine": harm done by a disaster or an accident is nobody's
    attack. The cause is the subject, the passive's agent or "in" phrase, or a "when" clause
    of an accident."""
    causes = cues.natural_causes
    if verb.dep_ in ("advcl", "conj") and verb.tag_ == "VBG" and verb.head.pos_ == "VERB" and \
            _accidental(verb.head, cues):
        return True  # "the quake struck the valley, destroying homes": the quake destroyed them
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
                child.lemma_.lower() in cues.accident_verbs or any(
                    g.dep_ == "nsubj" and g.lemma_.lower() in causes for g in child.children)):
            return True
    return False


def _one_body(source: Token | None, cues: Cues) -> bool:
    """Is the source a single deliberative body ("Israel's cabinet"), so a meeting of it is
    internal business rather than a consultation between two actors?"""
    return source is not None and source.tag_ in ("NN", "NNP") and not source.conjuncts and \
        source.lemma_.lower() in cues.deliberative_bodies


def _denied(token: Token, cues: Cues) -> bool:
    """ "rejected the accusations": the accusation is the thing denied, reported before."""
    return (token.lemma_.lower() in cues.accusation_nouns
            and token.dep_ in ("dobj", "nsubjpass")
            and token.head.lemma_.lower() in cues.denial_verbs)


def _opinion(token: Token, cues: Cues) -> bool:
    """ "They agree with the minister that ...": an opinion shared, no act agreed. An
    agreement has a content ("to hold talks", "on a ceasefire", "a deal") or no "with"."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in cues.opinion_verbs:
        return False
    deps = {c.dep_ for c in token.children}
    preps = {c.lower_ for c in token.children if c.dep_ == "prep"}
    return "with" in preps and not preps & {"on", "upon", "to"} and not deps & {
        "xcomp", "dobj"}


def _by_told(found: Candidate, told: set[int]) -> bool:
    """ "The attack killed three policemen", "three were killed in the attack": a killing done
    by an attack told before is that attack's toll, not a second attack. The sentence then
    codes nothing of its own, and its toll completes the earlier attack."""
    verb = found.token
    if found.roles.source is not None and found.roles.source.i in told:
        return True
    if any(c.dep_ == "nsubj" and c.i in told for c in verb.children):
        return True  # the attack noun is the subject, though never the attacker (roles.py)
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

