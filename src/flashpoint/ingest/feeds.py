"""RSS and Atom feeds: which article URLs a feed lists, fetched with conditional requests.

It owns reading a feed (from a URL or a file) into entries, and remembering its ETag and
Last-Modified so the next poll can be a cheap 304; fetching the entries' pages is `fetch`'s job.
feedparser only ever sees bytes we fetched: it is never allowed to open URLs itself.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import feedparser

from flashpoint.errors import FlashpointError, TooLarge, UnreadableRecord, UnsupportedFormat
from flashpoint.ingest.build import MAX_BYTES
from flashpoint.ingest.fetch import FEED_TYPES, Fetcher
from flashpoint.records import Article, Problem

_TAGS = re.compile(r"<[^>]+>")
# Some servers label feeds as HTML or plain text; the parser decides if it is really a feed.
_FEED_ACCEPT = FEED_TYPES | {"text/html", "text/plain"}


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: the article's URL and what the feed says about it."""

    url: str
    title: str | None = None
    summary: str | None = None
    published: date | None = None
    entry_id: str | None = None


@dataclass(frozen=True, slots=True)
class FeedResult:
    """A polled feed: entries, validators for the next conditional request, and problems."""

    source: str
    entries: tuple[FeedEntry, ...] = ()
    etag: str | None = None
    modified: str | None = None
    problems: tuple[Problem, ...] = ()
    not_modified: bool = False
    fetched_at: str | None = None
    title: str | None = field(default=None)


def _plain(value: object) -> str | None:
    """Feed text without markup (feedparser has already sanitised it)."""
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(_TAGS.sub(" ", value)).split())
    return text or None


def _entry_date(entry: Any) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if isinstance(parsed, time.struct_time):
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def parse_feed(body: bytes, *, source: str) -> tuple[list[FeedEntry], list[Problem], str | None]:
    """Entries of a feed document; links that are not http(s) become problems, not entries."""
    parsed = feedparser.parse(body, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = str(parsed.get("bozo_exception") or "no RSS or Atom entries found")
        raise UnsupportedFormat(doc_id=source, reason=f"not a readable feed: {reason}")
    entries: list[FeedEntry] = []
    problems: list[Problem] = []
    for number, entry in enumerate(parsed.entries, 1):
        link = str(entry.get("link") or "").strip()
        if not link.lower().startswith(("http://", "https://")):
            error = UnreadableRecord(doc_id=f"{source}#{number}", reason=(
                f"feed entry has no http(s) link ({link[:60]!r})"))
            problems.append(Problem(f"{source}#{number}", error.code, str(error)))
            continue
        entries.append(FeedEntry(
            url=link, title=_plain(entry.get("title")), summary=_plain(entry.get("summary")),
            published=_entry_date(entry), entry_id=entry.get("id"),
        ))
    return entries, problems, _plain(parsed.feed.get("title"))


def _read_body(source: str | Path, fetcher: Fetcher, etag: str | None,
               modified: str | None) -> tuple[bytes, FeedResult]:
    if isinstance(source, str) and source.lower().startswith(("http://", "https://")):
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        fetched = fetcher.get(source, accept=_FEED_ACCEPT, headers=headers)
        return fetched.body, FeedResult(
            source=source, etag=fetched.etag or etag, modified=fetched.last_modified or modified,
            not_modified=fetched.not_modified, fetched_at=fetched.fetched_at)
    path = Path(source)
    size = path.stat().st_size
    if size > fetcher.max_bytes:
        raise TooLarge(doc_id=str(path), size=size, limit=fetcher.max_bytes)
    return path.read_bytes(), FeedResult(source=str(path))


def read_feed(
    source: str | Path,
    *,
    etag: str | None = None,
    modified: str | None = None,
    fetcher: Fetcher | None = None,
    max_bytes: int = MAX_BYTES,
) -> FeedResult:
    """Poll a feed URL (conditionally, with `etag`/`modified`) or read a feed file.

    Never raises for a bad feed: the failure is in `problems`. On 304 `not_modified` is True,
    `entries` is empty and the validators are kept for the next poll.
    """
    own = fetcher is None
    fetcher = fetcher or Fetcher(max_bytes=max_bytes)
    try:
        body, result = _read_body(source, fetcher, etag, modified)
        if result.not_modified:
            return result
        entries, problems, title = parse_feed(body, source=result.source)
    except FlashpointError as exc:
        return FeedResult(source=str(source), etag=etag, modified=modified,
                          problems=(Problem(str(source), exc.code, str(exc)),))
    except OSError as exc:
        error = UnreadableRecord(doc_id=str(source), reason=str(exc))
        return FeedResult(source=str(source), etag=etag, modified=modified,
                          problems=(Problem(str(source), error.code, str(error)),))
    finally:
        if own:
            fetcher.close()
    return FeedResult(source=result.source, entries=tuple(entries), etag=result.etag,
                      modified=result.modified, problems=tuple(problems),
                      fetched_at=result.fetched_at, title=title)


def feed_articles(result: FeedResult, fetcher: Fetcher) -> Iterator[Article | Problem]:
    """Fetch every entry's page; the feed's date fills in where the page gives none."""
    yield from result.problems
    for entry in result.entries:
        item = fetcher.fetch(entry.url)
        if isinstance(item, Article) and item.published is None and entry.published:
            item = replace(item, published=entry.published)
        yield item
