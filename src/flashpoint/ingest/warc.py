"""WARC archives (.warc, .warc.gz) of crawled pages, read with warcio.

It owns picking the HTML and plain-text `response` records out of an archive; requests,
metadata, error pages and images are skipped silently, since crawls are full of them.
Each Article's doc_id and source are the WARC-Record-ID, its url the WARC-Target-URI.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from flashpoint.errors import FlashpointError, TooLarge, UnreadableRecord
from flashpoint.ingest.build import MAX_BYTES
from flashpoint.ingest.fetch import PAGE_TYPES, Fetched, article_from_response
from flashpoint.records import Article, Problem


def _fetched_at(value: str | None) -> str | None:
    """WARC-Date in our ISO form (it is already ISO 8601, usually with a Z)."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat(timespec="seconds")
    except ValueError:
        return value


def _response(record: Any, record_id: str, max_bytes: int) -> Fetched | None:
    """The record as a fetched page, or None if it is not a 2xx HTML or text response."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = int(record.http_headers.get_statuscode() or 0)
    content_type = record.http_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if not 200 <= status < 300 or media_type not in PAGE_TYPES:
        return None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        raise TooLarge(doc_id=record_id, size=len(body), limit=max_bytes)
    url = record.rec_headers.get_header("WARC-Target-URI") or record_id
    return Fetched(url=url, final_url=url, status=status, media_type=media_type,
                   content_type=content_type, body=body, etag=None, last_modified=None,
                   fetched_at=_fetched_at(record.rec_headers.get_header("WARC-Date")) or "")


def read_warc(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Article | Problem]:
    """Articles from the HTML/text responses of a WARC file, one Problem per bad record."""
    path = Path(path)
    with path.open("rb") as stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), 1):
                if record.format != "warc":  # warcio would read any text as a legacy ARC file
                    raise ArchiveLoadFailed(f"record {number} is {record.format}, not WARC")
                record_id = record.rec_headers.get_header("WARC-Record-ID") or f"{path}#{number}"
                try:
                    fetched = _response(record, record_id, max_bytes)
                    if fetched is not None:
                        yield article_from_response(fetched, doc_id=record_id, source=record_id)
                except FlashpointError as exc:
                    yield Problem(record_id, exc.code, str(exc))
        except ArchiveLoadFailed as exc:
            error = UnreadableRecord(doc_id=str(path), reason=f"not a readable WARC: {exc}")
            yield Problem(str(path), error.code, str(error))

