"""Fetching pages and feeds from a real HTTP server on 127.0.0.1 (issue #5)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler

import pytest
from local_http import QuietHandler, send, serve

from flashpoint.ingest import USER_AGENT, Fetcher, fetch_url, read_feed, read_sources
from flashpoint.ingest.clean import content_hash
from flashpoint.records import Article, Problem

STORY = ("<p>MAPUTO, July 4 - Insurgents attacked a village in Cabo Delgado province on "
         "Wednesday, burning dozens of homes, local officials said.</p><p>Residents fled to "
         "the district capital, the officials said.</p>")
TEXT = ("MAPUTO, July 4 - Insurgents attacked a village in Cabo Delgado province on Wednesday, "
        "burning dozens of homes, local officials said.\n\nResidents fled to the district "
        "capital, the officials said.")
PAGE = ("<html><head><meta charset='utf-8'><title>Village attacked in Cabo Delgado</title>"
        "</head><body><nav>Home | Africa</nav><article><h1>Village attacked in Cabo Delgado</h1>"
        f"{STORY}</article></body></html>").encode()
LATIN1 = ("<html><head><title>Arrest in São Tomé</title></head><body><article><p>SÃO TOMÉ, "
          "May 2 - Police arrested José Mendes, a former minister, on Thursday over the theft of "
          "public funds, prosecutors said.</p><p>He denied the charges.</p></article></body>"
          "</html>").encode("iso-8859-1")


def _feed(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>{base}/</link>
<description>Test feed</description>
<item><title>Village attacked</title><link>{base}/page</link><guid>story-1</guid>
<description>Insurgents attacked a village.</description>
<pubDate>Thu, 04 Jul 2024 08:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/missing</link></item>
</channel></rss>""".encode()


@dataclass
class Server:
    """A loopback HTTP server whose routes the tests define; it records every request."""

    base: str
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)


Route = Callable[[BaseHTTPRequestHandler, Server], None]


def _routes(server: Server) -> dict[str, Route]:
    html = {"Content-Type": "text/html; charset=utf-8"}

    def flaky(h: BaseHTTPRequestHandler, s: Server) -> None:
        if s.hits["/flaky"] < 3:
            send(h, 503, b"busy", {"Content-Type": "text/plain"})
        else:
            send(h, 200, PAGE, html)

    def feed(h: BaseHTTPRequestHandler, s: Server) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            send(h, 304, headers={"ETag": '"v1"'}, length=False)
        else:
            send(h, 200, _feed(s.base), {"Content-Type": "application/rss+xml", "ETag": '"v1"',
                                         "Last-Modified": "Thu, 04 Jul 2024 09:00:00 GMT"})

    def slow(h: BaseHTTPRequestHandler, s: Server) -> None:
        time.sleep(1.5)
        send(h, 200, PAGE, html)

    def unbounded(h: BaseHTTPRequestHandler, s: Server) -> None:
        # no Content-Length: the client must count while streaming and stop
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        try:
            for _ in range(400):
                h.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def trickle(h: BaseHTTPRequestHandler, s: Server) -> None:
        # a byte every 50 ms: each read is quick, the whole response would take 10 s
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        try:
            for byte in PAGE[:200]:
                h.wfile.write(bytes([byte]))
                h.wfile.flush()
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return {
        "/page": lambda h, s: send(h, 200, PAGE, html),
        "/trickle": trickle,
        "/plain": lambda h, s: send(h, 200, TEXT.encode(), {"Content-Type": "text/plain"}),
        "/latin1": lambda h, s: send(h, 200, LATIN1,
                                     {"Content-Type": "text/html; charset=ISO-8859-1"}),
        "/missing": lambda h, s: send(h, 404, b"no", {"Content-Type": "text/plain"}),
        "/broken": lambda h, s: send(h, 500, b"oops", {"Content-Type": "text/plain"}),
        "/flaky": flaky,
        "/slow": slow,
        "/loop": lambda h, s: send(h, 302, headers={"Location": "/loop"}),
        "/moved": lambda h, s: send(h, 301, headers={"Location": "/page"}),
        "/huge": lambda h, s: send(h, 200, b"<p>" + b"x" * 3_000_000 + b"</p>", html),
        "/unbounded": unbounded,
        "/image": lambda h, s: send(h, 200, b"\x89PNG\r\n", {"Content-Type": "image/png"}),
        "/feed.xml": feed,
    }


def _not_found(handler: BaseHTTPRequestHandler, server: Server) -> None:
    send(handler, 404)


@pytest.fixture()
def server() -> Iterator[Server]:
    """A real HTTP server on a free loopback port, in a thread, stopped after the test."""
    state = Server(base="")
    routes = _routes(state)

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers)))
            state.hits[self.path] = state.hits.get(self.path, 0) + 1
            routes.get(self.path, _not_found)(self, state)

    with serve(Handler) as base:
        state.base = base
        yield state


def _fetcher(**options: object) -> Fetcher:
    settings: dict[str, object] = {"host_delay": 0.0, "backoff": 0.01, "timeout": 5.0}
    settings.update(options)
    return Fetcher(**settings)  # type: ignore[arg-type]


def test_ingest_fetch_page_gives_a_clean_article(server: Server) -> None:
    with _fetcher() as fetcher:
        article = fetcher.fetch(f"{server.base}/page")
    assert isinstance(article, Article)
    assert article.fetched_at is not None
    assert article == Article(
        doc_id=f"{server.base}/page", text=TEXT, title="Village attacked in Cabo Delgado",
        # trafilatura names the host as publisher when the page names no site
        url=f"{server.base}/page", publisher=server.base.removeprefix("http://"),
        published=None, language="en",
        source=f"{server.base}/page", content_hash=content_hash(TEXT),
        fetched_at=article.fetched_at)


def test_ingest_fetch_sends_a_descriptive_user_agent(server: Server) -> None:
    fetch_url(f"{server.base}/page")
    assert server.requests[0][1]["User-Agent"] == USER_AGENT == (
        "flashpoint/0.1 (+https://github.com/flashpoint)")


def test_ingest_fetch_plain_text_page(server: Server) -> None:
    article = fetch_url(f"{server.base}/plain")
    assert isinstance(article, Article)
    assert (article.text, article.url) == (TEXT, f"{server.base}/plain")


def test_ingest_fetch_decodes_a_declared_legacy_charset(server: Server) -> None:
    article = fetch_url(f"{server.base}/latin1")
    assert isinstance(article, Article)
    assert "Police arrested José Mendes" in article.text


def test_ingest_fetch_follows_a_redirect(server: Server) -> None:
    article = fetch_url(f"{server.base}/moved")
    assert isinstance(article, Article)
    assert (article.doc_id, article.url) == (f"{server.base}/moved", f"{server.base}/page")


@pytest.mark.parametrize(("path", "code", "words"), [
    ("/missing", "E110", "HTTP 404 Not Found"),
    ("/loop", "E110", "too many redirects"),
    ("/image", "E102", "content type 'image/png'"),
    ("/huge", "E104", "3000007 bytes is over the 1000000-byte limit"),
    ("/unbounded", "E104", "over the 1000000-byte limit"),
])
def test_ingest_fetch_failures_are_problems(server: Server, path: str, code: str,
                                            words: str) -> None:
    with _fetcher(max_bytes=1_000_000) as fetcher:
        item = fetcher.fetch(server.base + path)
    assert isinstance(item, Problem)
    assert (item.doc_id, item.code) == (server.base + path, code)
    assert words in item.reason


def test_ingest_fetch_does_not_retry_a_404(server: Server) -> None:
    with _fetcher(retries=3) as fetcher:
        fetcher.fetch(f"{server.base}/missing")
    assert server.hits["/missing"] == 1


def test_ingest_fetch_retries_a_500_then_gives_up(server: Server) -> None:
    with _fetcher(retries=2) as fetcher:
        item = fetcher.fetch(f"{server.base}/broken")
    assert isinstance(item, Problem)
    assert item.reason.endswith("HTTP 500 Internal Server Error (gave up after 3 attempts)")
    assert server.hits["/broken"] == 3


def test_ingest_fetch_retry_succeeds_after_503s(server: Server) -> None:
    with _fetcher(retries=3) as fetcher:
        article = fetcher.fetch(f"{server.base}/flaky")
    assert isinstance(article, Article)
    assert server.hits["/flaky"] == 3


def test_ingest_fetch_times_out_on_a_slow_server(server: Server) -> None:
    started = time.monotonic()
    with _fetcher(timeout=0.2, retries=1) as fetcher:
        item = fetcher.fetch(f"{server.base}/slow")
    assert isinstance(item, Problem)
    assert (item.code, "timed out after 0.2 s" in item.reason) == ("E110", True)
    assert time.monotonic() - started < 1.4  # two short attempts, not the server's 1.5 s


def test_ingest_fetch_waits_between_requests_to_one_host(server: Server) -> None:
    waits: list[float] = []
    with _fetcher(host_delay=5.0, sleep=waits.append) as fetcher:
        fetcher.fetch(f"{server.base}/page")
        fetcher.fetch(f"{server.base}/plain")
    assert len(waits) == 1
    assert 4.0 < waits[0] <= 5.0


def test_ingest_fetch_refuses_other_schemes() -> None:
    item = fetch_url("file:///etc/passwd")
    assert isinstance(item, Problem)
    assert (item.code, "only http:// and https://" in item.reason) == ("E110", True)


def test_ingest_feed_entries_and_conditional_poll(server: Server) -> None:
    with _fetcher() as fetcher:
        first = read_feed(f"{server.base}/feed.xml", fetcher=fetcher)
        again = read_feed(f"{server.base}/feed.xml", etag=first.etag, modified=first.modified,
                          fetcher=fetcher)
    assert [(e.url, e.title, e.published, e.entry_id) for e in first.entries] == [
        (f"{server.base}/page", "Village attacked", date(2024, 7, 4), "story-1"),
        (f"{server.base}/missing", "Gone", None, None)]
    assert (first.etag, first.modified, first.title) == (
        '"v1"', "Thu, 04 Jul 2024 09:00:00 GMT", "Example Wire")
    assert (again.not_modified, again.entries, again.etag) == (True, (), '"v1"')
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'


def test_ingest_feed_problem_when_not_a_feed(server: Server) -> None:
    with _fetcher() as fetcher:
        result = read_feed(f"{server.base}/missing", fetcher=fetcher)
    assert (result.entries, [p.code for p in result.problems]) == ((), ["E110"])


def test_ingest_read_sources_fetches_urls_and_feed_entries(server: Server) -> None:
    with _fetcher() as fetcher:
        items = list(read_sources([f"{server.base}/page", f"{server.base}/feed.xml"],
                                  fetcher=fetcher))
    assert [(i.doc_id, type(i).__name__) for i in items] == [
        (f"{server.base}/page", "Article"),
        (f"{server.base}/page", "Article"),
        (f"{server.base}/missing", "Problem"),
    ]
    # the page gives no date, so the feed's date is used
    assert [getattr(i, "published", None) for i in items] == [None, date(2024, 7, 4), None]


@pytest.mark.issue(20)
def test_ingest_fetch_gives_up_on_a_server_that_trickles(server: Server) -> None:
    started = time.monotonic()
    with _fetcher(deadline=0.5, retries=2) as fetcher:
        item = fetcher.fetch(f"{server.base}/trickle")
    assert isinstance(item, Problem) and item.code == "E110"
    assert "took over 0.5 s" in item.reason
    assert time.monotonic() - started < 3.0 and server.hits["/trickle"] == 1  # no retry
