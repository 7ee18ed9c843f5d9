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

from spacy.tokens import Span as SpacySpan

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


def resolve_date(sent: SpacySpan, published: date | None) -> EventDate | None:
    """The date of events in `sent`, from its DATE/TIME entities and the publication date."""
    dateline_end = int(sent.doc.user_data.get("flashpoint_dateline_end", 0))
    exprs = [ent.text.lower() for ent in sent.ents if ent.label_ in ("DATE", "TIME")
             and ent.start_char >= dateline_end  # the dateline dates the filing, not the event
             and not _dates_a_toll_update(ent)]
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
