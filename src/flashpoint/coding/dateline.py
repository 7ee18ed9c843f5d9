"""Wire-story datelines ("TORKHAM, Pakistan, Aug 12 - ..."): where a story was filed.

The dateline is not part of the first sentence's grammar, so its words must never become an
actor; its place gives the article's country context and a last-resort event location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z'.\- ]{2,40}?)"          # BAMAKO, DERA ISMAIL KHAN
    r"(?:,\s*(?P<region>[A-Z][A-Za-z'.\- ]{2,40}?))?"   # , Pakistan
    r"(?:,?\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"  # , Aug 12
    r"\s*(?:\((?:[A-Za-z ]+)\)\s*)?[-–—]{1,2}\s+"      # (Reuters) -
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline's extent in the text and its parts."""

    end: int
    place: str
    region: str | None
    date_text: str | None


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of `text`, if there is one."""
    match = _DATELINE.match(text)
    if match is None:
        return None
    place = match.group("place").strip()
    return Dateline(match.end(), place.title() if place.isupper() else place,
                    match.group("region"), match.group("date"))


def mask_dateline(text: str) -> str:
    """`text` with its dateline blanked out, same length, so the parser never sees it and
    offsets into the article stay right."""
    dateline = find_dateline(text)
    if dateline is None:
        return text
    return " " * dateline.end + text[dateline.end:]
