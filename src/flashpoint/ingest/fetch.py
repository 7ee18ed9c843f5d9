"""Fetching news pages over HTTP with httpx, politely and within limits (issue #5).

It owns the network side of ingest: timeouts, a size cap enforced while streaming, allowed
content types, a redirect limit, retries with backoff on 5xx and timeouts, a descriptive
User-Agent and a per-host delay. It does not clean or extract (see `build`, `clean`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from flashpoint.errors import FetchError, FlashpointError, TooLarge, UnsupportedFormat
from flashpoint.ingest.build import MAX_BYTES, article_from_html, article_from_text, now_iso
from flashpoint.ingest.encoding import decode_html
from flashpoint.records import Article, Problem

USER_AGENT = "flashpoint/0.1 (+https://github.com/flashpoint)"
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml"})
TIMEOUT = 10.0  # seconds for connecting and for each read
DEADLINE = 60.0  # seconds for a whole response: a server trickling bytes never times out a read
RETRIES = 2
BACKOFF = 0.5  # seconds before the first retry; doubles each time
MAX_REDIRECTS = 5
HOST_DELAY = 1.0  # seconds between two requests to one host, so a feed never hammers a site
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_MAX_RETRY_AFTER = 30.0


@dataclass(frozen=True, slots=True)
class Fetched:
    """One HTTP response, read whole (within the cap)."""

    url: str  # the address asked for
    final_url: str  # after redirects
    status: int
    media_type: str  # "text/html", lower case, without parameters
    content_type: str  # the raw header, charset included
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: str

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request."""
        return self.status == 304


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _retry_after(response: httpx.Response, default: float) -> float:
    value = response.headers.get("retry-after", "")
    return min(float(value), _MAX_RETRY_AFTER) if value.isdigit() else default


class Fetcher:
    """An HTTP client with flashpoint's limits; reuse one for a batch so host delays apply."""

    def __init__(
        self,
        *,
        client: httpx.Client | None = None,
        timeout: float = TIMEOUT,
        max_bytes: int = MAX_BYTES,
        user_agent: str = USER_AGENT,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        max_redirects: int = MAX_REDIRECTS,
        host_delay: float = HOST_DELAY,
        deadline: float = DEADLINE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._own_client = client is None
        self.client = client or httpx.Client(max_redirects=max_redirects)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.retries = retries
        self.backoff = backoff
        self.host_delay = host_delay
        self.deadline = deadline
        self._sleep = sleep
        self._last_request: dict[str, float] = {}

    def close(self) -> None:
        """Close the client if this Fetcher made it."""
        if self._own_client:
            self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last_request.get(host)
        if last is not None:
            wait = self.host_delay - (time.monotonic() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = time.monotonic()

    def get(self, url: str, *, accept: Collection[str] = PAGE_TYPES | FEED_TYPES,
            headers: Mapping[str, str] | None = None) -> Fetched:
        """GET `url` with retries; raises FetchError, TooLarge or UnsupportedFormat."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(doc_id=url, reason="only http:// and https:// URLs are fetched")
        attempt = 0
        while True:
            self._wait_for_host(url)
            try:
                return self._get_once(url, accept, headers or {})
            except _Retry as retry:
                if attempt >= self.retries:
                    raise FetchError(doc_id=url, reason=(
                        f"{retry.reason} (gave up after {attempt + 1} attempts)")) from retry
                self._sleep(retry.wait if retry.wait is not None
                            else self.backoff * 2 ** attempt)
                attempt += 1

    def _get_once(self, url: str, accept: Collection[str], headers: Mapping[str, str]) -> Fetched:
        request_headers = {"User-Agent": self.user_agent, **headers}
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=request_headers, timeout=self.timeout,
                                    follow_redirects=True) as response:
                return self._read(url, response, accept, started)
        except httpx.TooManyRedirects as exc:
            raise FetchError(doc_id=url, reason=f"too many redirects: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out after {self.timeout} s ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:  # connection refused, reset, protocol errors
            raise _Retry(f"network error: {type(exc).__name__}: {exc}") from exc
        except httpx.InvalidURL as exc:
            raise FetchError(doc_id=url, reason=f"invalid URL: {exc}") from exc

    def _read(self, url: str, response: httpx.Response, accept: Collection[str],
              started: float) -> Fetched:
        status = response.status_code
        if status in _RETRY_STATUSES:
            raise _Retry(f"HTTP {status} {response.reason_phrase}",
                         _retry_after(response, self.backoff))
        if status >= 400:
            raise FetchError(doc_id=url, reason=f"HTTP {status} {response.reason_phrase}")
        content_type = response.headers.get("content-type", "")
        media_type = _media_type(content_type)
        if status != 304 and media_type not in accept:
            raise UnsupportedFormat(doc_id=url, reason=(
                f"content type {media_type or '(none)'!r}; expected one of "
                f"{', '.join(sorted(accept))}"))
        body = self._body(url, response, started)
        return Fetched(
            url=url, final_url=str(response.url), status=status, media_type=media_type,
            content_type=content_type, body=body, etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"), fetched_at=now_iso(),
        )

    def _body(self, url: str, response: httpx.Response, started: float) -> bytes:
        """Stream the body, stopping as soon as it passes the cap (declared or actual) or the
        response has taken longer than the deadline (#20: a byte a second held a run)."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise TooLarge(doc_id=url, size=int(declared), limit=self.max_bytes)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise TooLarge(doc_id=url, size=size, limit=self.max_bytes)
            if time.monotonic() - started > self.deadline:
                raise FetchError(doc_id=url, reason=(
                    f"the response took over {self.deadline:g} s ({size} bytes so far); "
                    "the server is too slow"))
            chunks.append(chunk)
        return b"".join(chunks)

    def fetch(self, url: str) -> Article | Problem:
        """Fetch one page as an Article, or the Problem that stopped it."""
        try:
            return article_from_response(self.get(url, accept=PAGE_TYPES))
        except FlashpointError as exc:
            return Problem(url, exc.code, str(exc))


class _Retry(Exception):
    """A failure worth another attempt (5xx, 429, timeout, network); `wait` overrides backoff."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def article_from_response(fetched: Fetched, *, doc_id: str | None = None,
                          source: str | None = None) -> Article:
    """Decode and extract a fetched page (HTML or plain text) into an Article."""
    doc_id = doc_id or fetched.url
    source = source or fetched.url
    fetched_at = fetched.fetched_at or None
    text = decode_html(fetched.body, doc_id=doc_id, content_type=fetched.content_type)
    if fetched.media_type == "text/plain":
        return article_from_text(doc_id, text, url=fetched.final_url, source=source,
                                 fetched_at=fetched_at)
    return article_from_html(doc_id, text, url=fetched.final_url, source=source,
                             fetched_at=fetched_at)


def fetch_url(
    url: str,
    *,
    client: httpx.Client | None = None,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    user_agent: str = USER_AGENT,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    max_redirects: int = MAX_REDIRECTS,
) -> Article | Problem:
    """Fetch one page as an Article or a Problem; for many pages reuse a `Fetcher`.

    `max_redirects` applies only to the client made here; a given client keeps its own.
    """
    with Fetcher(client=client, timeout=timeout, max_bytes=max_bytes, user_agent=user_agent,
                 retries=retries, backoff=backoff, max_redirects=max_redirects) as fetcher:
        return fetcher.fetch(url)
