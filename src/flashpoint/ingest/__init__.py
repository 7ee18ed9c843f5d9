"""Ingest: reading sources, boilerplate removal, metadata, language, and duplicate detection.

It turns files, JSON Lines, URLs, feeds and WARC archives into `Article`s (or `Problem`s); it
does not parse language or code events.
"""

from flashpoint.ingest.build import MAX_BYTES
from flashpoint.ingest.clean import Extracted, clean_text, content_hash, extract_html
from flashpoint.ingest.dedup import Deduplicator, signature
from flashpoint.ingest.feeds import FeedEntry, FeedResult, read_feed
from flashpoint.ingest.fetch import USER_AGENT, Fetcher, fetch_url
from flashpoint.ingest.language import detect_language
from flashpoint.ingest.readers import read_jsonl, read_sources
from flashpoint.ingest.warc import read_warc

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
