"""When an event happened, from the sentence's date expressions and the publication date.

"on Sunday" is the last Sunday on or before publication; "yesterday", "two days ago",
"a few days ago", "last week", "earlier this month", "overnight"; explicit dates ("March 3",
"3 March 2024", "in March", "in 2014") resolve against the publication date, preferring the
past; a year alone gets year precision, and a year still to come dates no event. "last
weekend" is the Saturday before. Without any date expression an event takes the publication
date with `basis: publication`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from flashpoint.coding.fatalities import NUMBER_WORDS
from flashpoint.records import DatePrecision, EventDate

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
_AGO = re.compile(r"\b(a|an|one|two|three|four|five|six|seven|ten|eight|nine|a few|few|several|"
                  r"\d+)\s+(day|week|month|year)s?\s+ago\b")
_EXPLICIT = re.compile(
    r"\b(?:(\d{1,2})\s+(" + "|".join(MONTHS) + r")|(" + "|".join(MONTHS)
    + r")\s+(\d{1,2})(?:st|nd|rd|th)?)(?:,?\s+(\d{4}))?\b"
)
_MONTH_ONLY = re.compile(r"\b(?:in\s+)?(" + "|".join(MONTHS) + r")(?:\s+(\d{4}))?\b")
_YEAR = re.compile(r"^(?:in\s+)?(?:(?:early|late|mid|the\s+(?:spring|summer|autumn|fall|winter)"
                   r"\s+of)[\s-]+)?(1[6-9]\d\d|20\d\d)$")
_WEEKEND = re.compile(r"\bweekend\b")
# dependencies that open a clause of their own, with its own time
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "acl", "parataxis",
                         "pcomp", "csubj"})


def _ago(expr: str, published: date) -> EventDate | None:
    match = _AGO.search(expr)
    if not match:
        return None
    amount_text, unit = match.group(1), match.group(2)
    vague = amount_text in ("a few", "few", "several")
    amount = 3 if vague else (int(amount_text) if amount_text.isdigit()
                              else NUMBER_WORDS.get(amount_text, 1))
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * amount
    precision: DatePrecision = "week" if vague or unit == "week" else (
        "day" if unit == "day" else "month")
    if unit == "year":
        precision = "year"
    return EventDate((published - timedelta(days=days)).isoformat(), precision, "relative")


def _explicit(expr: str, published: date | None) -> EventDate | None:
    match = _EXPLICIT.search(expr)
    if match:
        day = int(match.group(1) or match.group(4))
        month = MONTHS.index(match.group(2) or match.group(3)) + 1
        year = int(match.group(5)) if match.group(5) else None
        if year is None:
            if published is None:
                return None
            year = published.year
            if (month, day) > (published.month, published.day):
                year -= 1
        try:
            return EventDate(date(year, month, day).isoformat(), "day", "explicit")
        except ValueError:
            return None
    match = _MONTH_ONLY.search(expr)
    if match:
        month = MONTHS.index(match.group(1)) + 1
        year = int(match.group(2)) if match.group(2) else (published.year if published else None)
        if year is None:
            return None
        if not match.group(2) and published is not None and month > published.month:
            year -= 1
        return EventDate(date(year, month, 1).isoformat(), "month", "explicit")
    match = _YEAR.search(expr.strip())
    if match:  # "in 2014", "late 2019": a year alone; a year still to come dates no event
        year = int(match.group(1))
        if published is not None and year > published.year:
            return None
        return EventDate(date(year, 1, 1).isoformat(), "year", "explicit")
    return None


def _relative(expr: str, published: date) -> EventDate | None:
    def back(days: int, precision: DatePrecision = "day") -> EventDate:
        return EventDate((published - timedelta(days=days)).isoformat(), precision, "relative")

    if "yesterday" in expr or "overnight" in expr or "last night" in expr:
        return back(1)
    if re.search(r"\b(today|this morning|this afternoon|this evening|tonight)\b", expr):
        return back(0)
    for i, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", expr):
            delta = (published.weekday() - i) % 7
            if "last" in expr and delta == 0:
                delta = 7
            return back(delta)
    if _WEEKEND.search(expr):  # "last weekend", "over the weekend": the Saturday before
        # (on a Sunday, yesterday; on a Saturday, a week ago)
        saturday = 1 if published.weekday() == 6 else (published.weekday() - 5) % 7 or 7
        return back(saturday, "week")
    if re.search(r"\b(this week|earlier this week)\b", expr):  # since Monday, before today
        return back(min(3, max(published.weekday(), 1)), "week")
    if re.search(r"\b(recent days|past few days|last few days|past week|recently)\b", expr):
        return back(3, "week")
    if "last week" in expr:
        return back(7, "week")
    if re.search(r"\b(this month|earlier this month|past month)\b", expr):
        return back(10, "month")
    if "last month" in expr:
        return back(30, "month")
    if "last year" in expr:
        return back(365, "year")
    return None


def _dates_a_toll_update(ent: SpacySpan) -> bool:
    """ "The death toll from Tuesday's attack rose to 12 on Friday": Friday is when the toll
    changed, not when the attack happened."""
    head = ent.root.head
    if head.dep_ == "prep":
        head = head.head
    return head.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in ("toll", "tally", "count") for c in head.children)


def resolve_date(sent: SpacySpan, published: date | None, *, trigger: Token | None = None,
                 speech: frozenset[str] = frozenset()) -> EventDate | None:
    """The date of an event in `sent`, from its DATE/TIME entities and the publication date.

    With a `trigger`, the date comes from the happening's own clause first ("severed ties in
    2016 and have held talks since last year": two dates for two events), then from the clauses
    it hangs on, and never from a verb of saying (`speech`) above it: in "police said on
    Thursday that gunmen attacked the base" Thursday is when it was said. A "since" that bounds
    a superlative ("the worst attack since 2014") dates nothing."""
    dateline_end = int(sent.doc.user_data.get("flashpoint_dateline_end", 0))
    ents = [ent for ent in sent.ents if ent.label_ in ("DATE", "TIME")
            and ent.start_char >= dateline_end  # the dateline dates the filing, not the event
            and not _dates_a_toll_update(ent) and not _bounds_a_superlative(ent)]
    if trigger is not None:
        ents = _by_clause(ents, trigger, speech)
    exprs = [ent.text.lower() for ent in ents]
    text = sent.text.lower()
    if "overnight" in text or "recent days" in text:
        exprs.append("overnight" if "overnight" in text else "recent days")
    for expr in exprs:
        found = _explicit(expr, published)
        if found is None and published is not None:
            found = _ago(expr, published) or _relative(expr, published)
        if found is not None:
            return found
    if published is not None:
        return EventDate(published.isoformat(), "week", "publication")
    return None


def _clause_head(token: Token) -> Token:
    """The verb (or the root) of the clause `token` stands in."""
    node = token
    for _ in range(30):
        if (node.pos_ in ("VERB", "AUX") and node.dep_ in CLAUSE_DEPS) or node.dep_ == "ROOT" \
                or node.head.i == node.i:
            return node
        node = node.head
    return node


def _by_clause(ents: list[SpacySpan], trigger: Token,
               speech: frozenset[str]) -> list[SpacySpan]:
    """`ents` in the order they may date `trigger`: its own phrase and clause, then the clauses
    above it (coordination, adverbial clauses), then the clauses it governs, then the rest of
    the sentence; a date on a verb of saying whose reported content holds the trigger is
    dropped."""
    return [ent for _, ent in _ranked(ents, trigger, speech)]


def _ranked(ents: list[SpacySpan], trigger: Token,
            speech: frozenset[str]) -> list[tuple[int, SpacySpan]]:
    """`_by_clause` with each entity's rank: 0 its own phrase, 1.. its own clause and the
    clauses above it, 10 a clause it governs, 20 the rest of the sentence."""
    own = _clause_head(trigger)
    chain = [own]
    node = own
    for _ in range(8):
        if node.dep_ == "ROOT" or node.head.i == node.i:
            break
        node = _clause_head(node.head)
        chain.append(node)
    said = [above for below, above in pairwise(chain) if above.lemma_.lower() in speech
            and below.head.i == above.i and below.dep_ in ("ccomp", "parataxis")]
    ranked: list[tuple[int, int, SpacySpan]] = []
    for ent in ents:
        head = _clause_head(ent.root)
        if any(head.i == s.i for s in said):
            continue  # "said on Thursday": when it was said
        if _in_relative(head, trigger, chain):
            continue  # "X, who took office in June, pledged ...", "will return the trucks seized
            # last month": a relative clause tells its own time (but "protests, which began on
            # 1 May" dates the protests)
        if head.i == own.i:  # "Sunday's bombing" before another date of the clause
            rank = 0 if trigger.is_ancestor(ent.root) else 1
        elif any(head.i == c.i for c in chain):
            rank = 1 + [c.i for c in chain].index(head.i)
        elif own.is_ancestor(head):
            rank = 10  # "stormed the offices after the arrest of their leader on Tuesday"
        else:
            rank = 20
        ranked.append((rank, ent.start, ent))
    return [(rank, ent) for rank, _, ent in sorted(ranked, key=lambda r: (r[0], r[1]))]


def _with_prep(ent: SpacySpan) -> str:
    """The expression with the preposition that governs it ("in March", not "March 3")."""
    prep = ent.root.head
    text = ent.text.lower()
    if prep.dep_ == "prep" and prep.i == ent.start - 1:
        return f"{prep.lower_} {text}"
    return text


# an earlier time by its words alone, in a sentence of its own: a year, a decade, "ago", "last"
_LONG_AGO = re.compile(r"\b(?:1[6-9]\d\d|20\d\d|(?:1[6-9]|20)\d0s|(?:months|years) ago|"
                       r"(?:a|one) year ago|last (?:month|year))\b")


def _earlier_subordinate(sent: SpacySpan, trigger: Token, speech: frozenset[str]) -> bool:
    """ "lifted a curfew that was imposed six months ago after clashes", "two men suspected of
    bombing an airliner in 1988": in a sentence of its own, a relative clause or a reduced
    one set at an earlier time tells the background of the sentence's news."""
    node = _clause_head(trigger)
    subordinate = False
    for _ in range(8):
        if node.dep_ in ("relcl", "acl"):
            subordinate = True
            break
        if node.dep_ == "ROOT" or node.head.i == node.i:
            break
        node = _clause_head(node.head)
    if not subordinate:
        return False
    ents = [ent for ent in sent.ents if ent.label_ == "DATE" and not _bounds_a_superlative(ent)]
    return any(rank < 10 and _LONG_AGO.search(ent.text.lower())
               for rank, ent in _ranked(ents, trigger, speech))


def can_date(expr: str, published: date | None) -> bool:
    """Does the date expression resolve to a date ("in 2019" always, "in late August" or
    "on Friday" only against a publication date)?"""
    text = expr.lower()
    return _explicit(text, published) is not None or (published is not None and (
        _ago(text, published) or _relative(text, published)) is not None)


# an expression that is earlier than a story's own days by its words, when the story has no
# date to resolve it against: a month without its year, "last week", "three weeks ago"
_EARLIER = re.compile(r"\b(?:(?:in|early|late|mid)[\s-]+(?:" + "|".join(MONTHS) + r")|"
                      r"last (?:week|month|year)|earlier this (?:month|year)|"
                      r"previous (?:week|month|year)|(?:weeks|months|years) ago|"
                      r"(?:a|one) (?:week|month|year) ago)\b")


def dated_background(sent: SpacySpan, published: date | None, *, trigger: Token,
                     speech: frozenset[str] = frozenset(), story: bool = True) -> bool:
    """Is the happening's own clause set before the story's own days where nothing can date
    it there?

    With a publication date nothing is: `resolve_date` dates "last week", "in May" or "on 2
    March" to its own time with its own precision. Without one, a `story` (several sentences
    with news of their own) still has its own days, and a clause set "in March" or "last week"
    is background that cannot be dated; a lone sentence ("Last week, rebels shelled the port")
    is its own news, but for a relative clause in it set months or years before."""
    if published is not None:
        return False  # `resolve_date` dates it to its own time, with its own precision
    if not story:
        return _earlier_subordinate(sent, trigger, speech)
    dateline_end = int(sent.doc.user_data.get("flashpoint_dateline_end", 0))
    ents = [ent for ent in sent.ents if ent.label_ in ("DATE", "TIME")
            and ent.start_char >= dateline_end and not _dates_a_toll_update(ent)
            and not _bounds_a_superlative(ent)]
    own = [ent for rank, ent in _ranked(ents, trigger, speech) if rank < 10]
    for ent in own:
        expr = ent.text.lower()
        if _explicit(expr, None) is not None:
            return False  # "in 2019", "March 3, 2019": dated to its own time
        if _EARLIER.search(_with_prep(ent)):
            return True
    return False


# "a school located in Tank district": a participle that only places its noun has no time of
# its own, so a date the parser hangs on it belongs to the clause above
_PLACING = frozenset({"locate", "situate", "base", "station", "house", "position"})


def _in_relative(head: Token, trigger: Token, chain: list[Token]) -> bool:
    """Is the clause `head` inside a relative clause (or a reduced one) that is neither on
    the trigger's own chain nor about the trigger itself?"""
    on_chain = {c.i for c in chain}
    node = head
    for _ in range(8):
        if node.i in on_chain:
            return False
        if (node.dep_ == "relcl" or (node.dep_ == "acl" and node.tag_ == "VBN"
                                     and node.lemma_.lower() not in _PLACING)) and \
                node.head.i != trigger.i:
            return True
        if node.dep_ == "ROOT" or node.head.i == node.i:
            return False
        node = node.head
    return False


def _bounds_a_superlative(ent: SpacySpan) -> bool:
    """ "the deadliest attack since 2014", "its first coup since 1993": the year bounds
    a comparison; the happening itself is new."""
    prep = ent.root.head
    if prep.lower_ != "since" or prep.dep_ != "prep":
        return False
    node = prep.head
    for _ in range(4):
        phrases = [node, *(c for c in node.children if c.dep_ in ("dobj", "attr", "nsubj"))]
        if any(g.tag_ == "JJS" or g.lower_ in ("first", "last")
               for p in phrases for g in p.children) or node.tag_ == "JJS" or \
                node.lower_ == "first":  # "staged its first coup since 1993"
            return True
        if node.head.i == node.i:
            break
        node = node.head
    return False
