"""Making an `Article` from text or HTML that every reader shares (files, JSONL, URLs, WARC).

It owns the order of the steps (clean, title, language, hash) and the empty-text rule; where
the text came from is the readers' business.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from flashpoint.errors import EmptyText, UnreadableRecord
from flashpoint.ingest.clean import clean_text, content_hash, extract_html
from flashpoint.ingest.language import detect_language
from flashpoint.records import Article

MAX_BYTES = 20_000_000  # one record; a news page is rarely over 2 MB even with inline scripts
# libxml2 stops building a tree this deep, so trafilatura finds no text in such a page
MAX_HTML_DEPTH = 255
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})


def safe_url(url: str | None) -> str | None:
    """`url` if it is an http(s) address, else None.

    A record's or page's "url" becomes the dashboard's link to the original page, so a
    `javascript:` or `data:` address must never be stored as one (#20).
    """
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


def html_depth(html: str) -> int:
    """The deepest element nesting in `html` (void elements and self-closing tags aside)."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def now_iso() -> str:
    """The current UTC time as ISO 8601, for `Article.fetched_at`."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def article_from_text(
    doc_id: str,
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    published: date | None = None,
    source: str | None = None,
    fetched_at: str | None = None,
) -> Article:
    """Clean scraped plain text into an Article; a given title wins over a detected one."""
    cleaned, found_title = clean_text(text)
    if not cleaned.strip():
        raise EmptyText(doc_id=doc_id)
    return Article(
        doc_id=doc_id, text=cleaned, title=title or found_title, url=safe_url(url),
        publisher=publisher,
        published=published, language=detect_language(cleaned), source=source,
        content_hash=content_hash(cleaned), fetched_at=fetched_at,
    )


def article_from_html(
    doc_id: str,
    html: str,
    *,
    title: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    published: date | None = None,
    source: str | None = None,
    fetched_at: str | None = None,
) -> Article:
    """Extract an HTML page into an Article; metadata given by the caller wins over the page's.

    The URL is the exception: the page's canonical link beats the address it was fetched from,
    so tracking-parameter variants of one story share a URL.
    """
    page = extract_html(html, url=url)
    if not page.text.strip():
        depth = html_depth(html)
        if depth > MAX_HTML_DEPTH:  # not empty: unreadable to the parser (#20)
            raise UnreadableRecord(doc_id=doc_id, reason=(
                f"HTML nested {depth} elements deep, over the parser's {MAX_HTML_DEPTH}; "
                "no text could be extracted"))
        raise EmptyText(doc_id=doc_id)
    return Article(
        doc_id=doc_id, text=page.text, title=title or page.title,
        url=safe_url(page.url) or safe_url(url),
        publisher=publisher or page.publisher, published=published or page.published,
        language=page.language, source=source, content_hash=content_hash(page.text),
        fetched_at=fetched_at,
    )
