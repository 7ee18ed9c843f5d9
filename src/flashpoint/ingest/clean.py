"""Cleaning scraped pages into codable text: furniture lines out, title apart, HTML extracted.

It owns boilerplate removal (a data-driven line filter for plain text, trafilatura for HTML) and
page metadata; it does not detect duplicates or parse language. Furniture patterns are data in
`ingest/data/furniture.yaml` so analysts can add a site's quirks without code.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from datetime import date
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pydantic import BaseModel, ConfigDict, field_validator

from flashpoint import datafiles
from flashpoint.ingest.language import detect_language

if TYPE_CHECKING:  # plain text needs no HTML extractor: trafilatura loads with the first page
    from trafilatura.settings import Document

log = logging.getLogger(__name__)

SCHEMA = "furniture/1"
# A Markdown ATX heading on one line: "# Title", "## Title ##".
_HEADING = re.compile(r"#{1,6}[ \t]+([^\n]*?)[ \t]*#*")
_BLANKS = re.compile(r"\n\s*\n\s*")
_SPACES = re.compile(r"[ \t\u00a0]+")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


class FurniturePattern(BaseModel):
    """One kind of page furniture: a regex matched against a whole line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:  # pydantic reports ValueErrors with the entry named
            raise ValueError(f"bad regular expression: {exc}") from exc
        return value


@functools.lru_cache(maxsize=8)
def furniture_pattern(path: Path | None = None) -> re.Pattern[str]:
    """All furniture patterns of a data file as one case-insensitive alternation."""
    data = datafiles.load(path or datafiles.package_data("ingest", "furniture.yaml"),
                          schema=SCHEMA, model=FurniturePattern)
    return re.compile("|".join(f"(?:{entry.pattern})" for entry in data.entries), re.I)


def furniture_version() -> str:
    """The version of the bundled furniture file, for the `runs` table."""
    path = datafiles.package_data("ingest", "furniture.yaml")
    return datafiles.load(path, schema=SCHEMA, model=FurniturePattern).version


def normalise(text: str) -> str:
    """Lower case with whitespace collapsed: what the content hash and shingles see."""
    return " ".join(text.lower().split())


def content_hash(text: str) -> str:
    """sha256 of the normalised text, so re-spaced or re-cased copies share a key."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def _paragraphs(text: str) -> list[str]:
    """Split into paragraphs (blank-line separated), each a list of tidy non-empty lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for block in _BLANKS.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        out.append("\n".join(line for line in lines if line))
    return [p for p in out if p]


def _heading(paragraph: str) -> str | None:
    """The text of a one-line Markdown heading ("# Floods in Sindh"), else None."""
    match = _HEADING.fullmatch(paragraph)
    return match.group(1).strip() if match else None


def strip_furniture(text: str, *, pattern: re.Pattern[str] | None = None) -> list[str]:
    """The text's paragraphs with every furniture line removed."""
    pattern = pattern or furniture_pattern()
    kept = []
    for para in _paragraphs(text):
        lines = [line for line in para.split("\n") if not pattern.fullmatch(line)]
        if lines:
            kept.append("\n".join(lines))
    return kept


def clean_text(text: str, *, pattern: re.Pattern[str] | None = None) -> tuple[str, str | None]:
    """Clean scraped plain text; return (text, title) with the title taken out of the text.

    Plain text has a title only when it says so, with a Markdown heading as its first
    paragraph ("# Floods cut roads in Sindh"). A short first line is not taken for one: a lead
    sentence ending in a quote, a bracket or "?" looked like a headline, was never coded, and
    made two articles with the same body exact duplicates (#20).
    """
    paras = strip_furniture(text, pattern=pattern)
    heading = _heading(paras[0]) if paras else None
    if heading is None:
        return "\n\n".join(paras), None
    if len(paras) == 1:  # a heading alone is all the text there is
        return heading, None
    return "\n\n".join(paras[1:]), heading


class Extracted(NamedTuple):
    """What a page yields: main text and metadata (None where the page does not say)."""

    text: str
    title: str | None
    published: date | None
    publisher: str | None
    url: str | None
    language: str | None


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _publication_date(html: str, url: str | None, found: str | None) -> date | None:
    """trafilatura's date, else htmldate's original-date search (fast mode, no URL guessing)."""
    import htmldate

    if found:
        return _parse_date(found)
    try:
        value = htmldate.find_date(html, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError) as exc:  # htmldate rejects some broken trees
        log.debug("htmldate failed on %s: %s", url, exc)
        return None
    return _parse_date(value)


def _body(html: str, url: str | None) -> tuple[str, Document | None]:
    """Main text by trafilatura; precision first, then recall for pages precision empties."""
    import trafilatura
    from trafilatura.settings import Document

    doc: Document | None = None
    for precision in (True, False):
        found = trafilatura.bare_extraction(html, url=url, include_comments=False,
                                            with_metadata=True, favor_precision=precision,
                                            favor_recall=not precision)
        doc = found if isinstance(found, Document) else None
        if doc is not None and doc.text and doc.text.strip():
            return doc.text, doc
    return "", doc


def extract_html(html: str, url: str | None = None) -> Extracted:
    """Extract an HTML page's article text and metadata, without nav, comments or cookie text.

    Broken or truncated markup still yields what lxml can recover; the text is empty only if
    nothing article-like is left.
    """
    raw, doc = _body(html, url)
    paras = strip_furniture(raw.replace("\n", "\n\n"))
    title = _headline(html, doc.title if doc else None)
    if paras and title and paras[0].lower() == title.lower():
        paras = paras[1:]  # trafilatura keeps the <h1>; the title lives in its own field
    text = "\n\n".join(paras)
    return Extracted(
        text=text,
        title=title,
        published=_publication_date(html, url, doc.date if doc else None),
        publisher=(doc.sitename or None) if doc else None,
        url=(doc.url or url) if doc else url,
        language=detect_language(text) if text else None,
    )


def _headline(html: str, title: str | None) -> str | None:
    """The page's <h1> when trafilatura's title is a cut-down form of it.

    trafilatura splits <title> at separators (" | ", " - ", ";", ","), so a headline such as
    "X killed in Y, Z hurled at W" loses its second half; the <h1> has it whole.
    """
    match = _H1.search(html)
    if match is None:
        return title
    h1 = " ".join(unescape(_TAG.sub(" ", match.group(1))).split())
    if h1 and (title is None or h1.lower().startswith(title.lower())):
        return h1
    return title
