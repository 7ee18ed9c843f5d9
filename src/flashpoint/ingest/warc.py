"""WARC archives (.warc, .warc.gz) of crawled pages, read with warcio.

It owns picking the HTML and plain-text `response` records out of an archive; requests,
metadata, error pages and images are skipped silently, since crawls are full of them.
Each Article's doc_id and source are the WARC-Record-ID, its url the WARC-Target-URI.
An archive cut off in the middle of a record (a crawl killed mid-write, a partial download)
gives a Problem for the cut record rather than losing it silently (#20).
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
    missing = getattr(record.raw_stream, "limit", 0) or 0  # warcio's LimitReader: bytes unread
    if missing > 0:
        raise UnreadableRecord(doc_id=record_id, reason=(
            f"the record is cut off ({missing} of its bytes are missing); the archive is "
            "truncated"))
    url = record.rec_headers.get_header("WARC-Target-URI") or record_id
    return Fetched(url=url, final_url=url, status=status, media_type=media_type,
                   content_type=content_type, body=body, etag=None, last_modified=None,
                   fetched_at=_fetched_at(record.rec_headers.get_header("WARC-Date")) or "")


def read_warc(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Article | Problem]:
    """Articles from the HTML/text responses of a WARC file, one Problem per bad record."""
    path = Path(path)
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for number, record in enumerate(records, 1):
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
            return
        tail = _unread_tail(stream, records.member_info)
    if tail:
        error = UnreadableRecord(doc_id=str(path), reason=(
            f"the archive ends in a cut-off record ({tail} bytes after the last whole one); "
            "it is truncated"))
        yield Problem(str(path), error.code, str(error))


def _unread_tail(stream: Any, member: tuple[int, int] | None) -> int:
    """Bytes after the last record warcio read that are not just the closing blank lines.

    A gzipped archive cut inside its last record yields no record for it at all; what is
    left over after the last whole record is the only trace.
    """
    end = sum(member) if member else 0
    stream.seek(0, 2)
    size = int(stream.tell())
    if size <= end:
        return 0
    stream.seek(end)
    rest = stream.read(64)
    return 0 if size - end <= len(rest) and not rest.strip() else size - end

