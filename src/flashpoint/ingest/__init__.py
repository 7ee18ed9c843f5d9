"""Ingest: reading sources, boilerplate removal, metadata, language, and duplicate detection.

It turns files, JSON Lines, URLs, feeds and WARC archives into `Article`s (or `Problem`s); it
does not parse language or code events. Names load on first use, so reading a text file
does not import the HTML, feed and archive libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Deduplicator": "flashpoint.ingest.dedup",
    "Extracted": "flashpoint.ingest.clean",
    "FeedEntry": "flashpoint.ingest.feeds",
    "FeedResult": "flashpoint.ingest.feeds",
    "Fetcher": "flashpoint.ingest.fetch",
    "MAX_BYTES": "flashpoint.ingest.build",
    "USER_AGENT": "flashpoint.ingest.fetch",
    "clean_text": "flashpoint.ingest.clean",
    "content_hash": "flashpoint.ingest.clean",
    "detect_language": "flashpoint.ingest.language",
    "extract_html": "flashpoint.ingest.clean",
    "fetch_url": "flashpoint.ingest.fetch",
    "read_feed": "flashpoint.ingest.feeds",
    "read_jsonl": "flashpoint.ingest.readers",
    "read_sources": "flashpoint.ingest.readers",
    "read_warc": "flashpoint.ingest.warc",
    "signature": "flashpoint.ingest.dedup",
}

__all__ = [
    "MAX_BYTES",
    "USER_AGENT",
    "Deduplicator",
    "Extracted",
    "FeedEntry",
    "FeedResult",
    "Fetcher",
    "clean_text",
    "content_hash",
    "detect_language",
    "extract_html",
    "fetch_url",
    "read_feed",
    "read_jsonl",
    "read_sources",
    "read_warc",
    "signature",
]

if TYPE_CHECKING:
    from flashpoint.ingest.build import MAX_BYTES
    from flashpoint.ingest.clean import Extracted, clean_text, content_hash, extract_html
    from flashpoint.ingest.dedup import Deduplicator, signature
    from flashpoint.ingest.feeds import FeedEntry, FeedResult, read_feed
    from flashpoint.ingest.fetch import USER_AGENT, Fetcher, fetch_url
    from flashpoint.ingest.language import detect_language
    from flashpoint.ingest.readers import read_jsonl, read_sources
    from flashpoint.ingest.warc import read_warc


def __getattr__(name: str) -> Any:
    """Import public names on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'flashpoint.ingest' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
