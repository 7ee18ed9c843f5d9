"""Reading sources into Articles: files, folders, JSON Lines, URLs, feeds and WARC archives.

It owns finding records and turning each into an `Article` or one `Problem`; it does not dedup
(see `dedup`) or code. Nothing raises out of `read_sources` for one bad record: every failure
becomes a `Problem(doc_id, code, reason)` and the batch goes on (STYLE.md 2.4).
"""

from __future__ import annotations

import errno
import gzip
import json
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Literal

from flashpoint.errors import (
    FlashpointError,
    TooLarge,
    UnreadableRecord,
    UnsupportedFormat,
)
from flashpoint.ingest.build import MAX_BYTES, article_from_html, article_from_text
from flashpoint.ingest.encoding import decode_html, decode_text, looks_binary
from flashpoint.ingest.fetch import FEED_TYPES, Fetcher, article_from_response
from flashpoint.records import Article, Problem

log = logging.getLogger(__name__)

Kind = Literal["txt", "html", "jsonl", "warc", "feed"]
Item = Article | Problem
# Longest suffix first so "x.jsonl.gz" is JSON Lines, not an unknown ".gz".
SUFFIXES: dict[str, Kind] = {
    ".jsonl.gz": "jsonl", ".warc.gz": "warc", ".jsonl": "jsonl", ".json": "jsonl",
    ".txt": "txt", ".html": "html", ".htm": "html", ".warc": "warc", ".rss": "feed",
    ".atom": "feed",
}
_RECORD_FIELDS = ("title", "url", "publisher")


def kind_of(path: str | Path) -> Kind | None:
    """The reader a file name calls for, or None for files we do not read."""
    name = Path(path).name.lower()
    return next((kind for suffix, kind in SUFFIXES.items() if name.endswith(suffix)), None)


def problem(error: FlashpointError, doc_id: str) -> Problem:
    """The Problem row for an error about `doc_id`."""
    return Problem(doc_id, error.code, str(error))


def _guarded(doc_id: str, items: Iterator[Item]) -> Iterator[Item]:
    """Yield from a reader, turning whatever escapes it into one Problem for `doc_id`."""
    try:
        yield from items
    except FlashpointError as exc:
        yield problem(exc, doc_id)
    except (OSError, EOFError, UnicodeError, ValueError) as exc:  # truncated gzip, I/O trouble
        yield problem(UnreadableRecord(doc_id=doc_id, reason=str(exc) or type(exc).__name__),
                      doc_id)
    except Exception as exc:  # the batch must go on; the traceback goes to the log
        log.exception("internal error reading %s", doc_id)
        yield Problem(doc_id, FlashpointError.code,
                      str(FlashpointError(detail=f"{type(exc).__name__}: {exc}")))


def _read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing by size before reading anything into memory."""
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLarge(doc_id=str(path), size=size, limit=max_bytes)
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)  # the file may have grown since stat
    if len(data) > max_bytes:
        raise TooLarge(doc_id=str(path), size=len(data), limit=max_bytes)
    return data


def read_text_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Article:
    """A .txt file as an Article (doc_id and source: the path as given)."""
    path = Path(path)
    text = decode_text(_read_limited(path, max_bytes), doc_id=str(path))
    return article_from_text(str(path), text, source=str(path))


def read_html_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Article:
    """An .html file as an Article, decoded by its declared charset if it is not UTF-8."""
    path = Path(path)
    html = decode_html(_read_limited(path, max_bytes), doc_id=str(path))
    return article_from_html(str(path), html, source=str(path))


def parse_date(value: object, *, doc_id: str) -> date | None:
    """A record's `date`: ISO date or datetime (only the day is kept), or None if absent."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise UnreadableRecord(doc_id=doc_id, reason=(
        f"bad date {value!r}; expected an ISO date such as 2024-05-12"))


def record_to_article(record: object, *, where: str, source: str) -> Article:
    """One JSON record `{"id", "text"|"html", "date"?, "title"?, "url"?, "publisher"?}`."""
    if not isinstance(record, dict):
        raise UnreadableRecord(doc_id=where, reason=(
            f"expected a JSON object, got {type(record).__name__}"))
    raw_id = record.get("id")
    if raw_id is not None and not isinstance(raw_id, str | int):
        raise UnreadableRecord(doc_id=where, reason="`id` must be a string or a number")
    doc_id = str(raw_id) if raw_id not in (None, "") else where
    meta: dict[str, Any] = {}
    for name in _RECORD_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise UnreadableRecord(doc_id=doc_id, reason=f"`{name}` must be a string")
        meta[name] = value or None
    published = parse_date(record.get("date"), doc_id=doc_id)
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str):
        return article_from_text(doc_id, text, published=published, source=source, **meta)
    if isinstance(html, str):
        return article_from_html(doc_id, html, published=published, source=source, **meta)
    raise UnreadableRecord(doc_id=doc_id, reason="record has no `text` or `html` string")


def _open_lines(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]  # GzipFile is a BinaryIO
    return path.open("rb")


def _skip_rest_of_line(handle: IO[bytes], chunk: bytes, max_bytes: int) -> int:
    """Read past an over-long line without holding it; returns its length."""
    size = len(chunk)
    while chunk and not chunk.endswith(b"\n"):
        chunk = handle.readline(max_bytes)
        size += len(chunk)
    return size


def _json_line(raw: bytes, where: str, source: str) -> Item:
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return problem(UnreadableRecord(doc_id=where, reason=(
            f"not valid UTF-8 (byte {exc.start})")), where)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return problem(UnreadableRecord(doc_id=where, reason=f"line is not JSON: {exc}"), where)
    doc_id = str(record.get("id") or where) if isinstance(record, dict) else where
    try:
        return record_to_article(record, where=where, source=source)
    except FlashpointError as exc:
        return problem(exc, doc_id)


def read_jsonl(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """JSON Lines records (plain or .gz), one Article or Problem per non-blank line.

    `max_bytes` caps each line, not the file: shards of a backfill are large by design, and
    they are streamed line by line. A record without `id` gets `file:line` as doc_id.
    """
    path = Path(path)
    if path.name.lower().endswith(".json") and _starts_with(path, b"["):
        yield from _read_json_array(path, max_bytes)
        return
    with _open_lines(path) as handle:
        for number, raw in enumerate(iter(lambda: handle.readline(max_bytes + 1), b""), 1):
            where = f"{path}:{number}"
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                size = _skip_rest_of_line(handle, raw, max_bytes)
                yield problem(TooLarge(doc_id=where, size=size, limit=max_bytes), where)
                continue
            if raw.strip():
                yield _json_line(raw, where, f"{path}:{number}")


def _starts_with(path: Path, prefix: bytes) -> bool:
    with path.open("rb") as handle:
        return handle.read(64).lstrip().startswith(prefix)


def _read_json_array(path: Path, max_bytes: int) -> Iterator[Item]:
    """A .json file holding one array of records (read whole, so capped by `max_bytes`)."""
    try:
        records = json.loads(decode_text(_read_limited(path, max_bytes), doc_id=str(path)))
    except json.JSONDecodeError as exc:
        yield problem(UnreadableRecord(doc_id=str(path), reason=f"not JSON: {exc}"), str(path))
        return
    for index, record in enumerate(records):
        where = f"{path}[{index}]"
        doc_id = str(record.get("id") or where) if isinstance(record, dict) else where
        try:
            yield record_to_article(record, where=where, source=str(path))
        except FlashpointError as exc:
            yield problem(exc, doc_id)


def _walk(folder: Path) -> Iterator[Path]:
    """Readable files under a folder, sorted so runs are repeatable; hidden ones are skipped."""
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if path.is_file() and not hidden and kind_of(path) is not None:
            yield path


def _unsupported(path: Path) -> Problem:
    with path.open("rb") as handle:
        head = handle.read(8192)
    if looks_binary(head):
        reason = "binary file (NUL bytes), not text"
    else:
        known = ", ".join(sorted(SUFFIXES))
        reason = f"unknown file type {path.suffix or '(no suffix)'!r}; expected one of {known}"
    return problem(UnsupportedFormat(doc_id=str(path), reason=reason), str(path))


def _read_url(url: str, fetcher: Fetcher) -> Iterator[Item]:
    """A page URL gives one Article; a feed URL gives one per entry (fetched in turn)."""
    from flashpoint.ingest.feeds import FeedResult, feed_articles, parse_feed

    fetched = fetcher.get(url)
    if fetched.media_type in FEED_TYPES:
        entries, problems, _title = parse_feed(fetched.body, source=url)
        yield from feed_articles(FeedResult(source=url, entries=tuple(entries),
                                            problems=tuple(problems)), fetcher)
        return
    yield article_from_response(fetched)


def _read_path(path: Path, kind: Kind, max_bytes: int, fetcher: Fetcher) -> Iterator[Item]:
    """Dispatch on the file kind; a generator, so errors surface inside `_guarded`."""
    # warcio and feedparser load with the first archive or feed, not for plain text.
    if kind == "txt":
        yield read_text_file(path, max_bytes=max_bytes)
    elif kind == "html":
        yield read_html_file(path, max_bytes=max_bytes)
    elif kind == "jsonl":
        yield from read_jsonl(path, max_bytes=max_bytes)
    elif kind == "warc":
        from flashpoint.ingest.warc import read_warc

        yield from read_warc(path, max_bytes=max_bytes)
    else:
        from flashpoint.ingest.feeds import feed_articles, read_feed

        yield from feed_articles(read_feed(path, fetcher=fetcher), fetcher)


def _items(source: str | Path, max_bytes: int, fetcher: Fetcher) -> Iterator[Item]:
    """Everything one command-line argument names: a URL, a file or a folder."""
    if isinstance(source, str) and source.lower().startswith(("http://", "https://")):
        yield from _guarded(source, _read_url(source, fetcher))
        return
    path = Path(source)
    if path.is_dir():
        for child in _walk(path):
            yield from _guarded(str(child), _read_path(child, kind_of(child) or "txt",
                                                       max_bytes, fetcher))
    elif path.is_file():
        kind = kind_of(path)
        if kind is None:
            yield _unsupported(path)
        else:
            yield from _guarded(str(path), _read_path(path, kind, max_bytes, fetcher))
    else:
        yield _not_a_file(path)


def _not_a_file(path: Path) -> Problem:
    """Why a path that is neither a file nor a folder cannot be read, said precisely (#20):
    a named pipe or device is not "missing", nor is a symbolic link that loops."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            reason = "a symbolic link that loops back on itself"
        elif path.is_symlink():
            reason = f"a symbolic link to {os.readlink(path)!r}, which does not exist"
        elif exc.errno == errno.EACCES:
            reason = "permission denied"
        else:
            reason = "no such file or directory"
        return problem(UnreadableRecord(doc_id=str(path), reason=reason), str(path))
    kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else (
        "a socket" if stat.S_ISSOCK(mode) else "a device")
    return problem(UnsupportedFormat(doc_id=str(path), reason=(
        f"{kind}, not a regular file; only files and folders are read")), str(path))


def read_sources(
    paths: Iterable[str | Path],
    *,
    default_date: date | None = None,
    max_bytes: int = MAX_BYTES,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | Problem]:
    """Read files, folders (recursively), JSON Lines, WARC files and http(s) URLs.

    Yields one Article per readable record and one Problem per failure; it never raises for
    a bad record. `default_date` fills `published` where the source gives no date. A file of
    feed URLs is not detected; call `read_feed` for each feed instead.
    """
    own = fetcher is None
    fetcher = fetcher or Fetcher(max_bytes=max_bytes)
    try:
        for source in paths:
            for item in _items(source, max_bytes, fetcher):
                if (isinstance(item, Article) and item.published is None
                        and default_date is not None):
                    item = replace(item, published=default_date)
                yield item
    finally:
        if own:
            fetcher.close()
