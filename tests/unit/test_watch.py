"""Watching feeds against a real HTTP server on 127.0.0.1: new entries only, bad feeds survived,
and a restart that resumes from the state file without coding anything twice (issue #5)."""

from __future__ import annotations

import dataclasses
import json
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from local_http import QuietHandler, send, serve

from flashpoint.errors import ConfigError
from flashpoint.ingest.fetch import Fetcher
from flashpoint.pipeline import Coder
from flashpoint.store.db import Store
from flashpoint.watch import (
    MAX_ATTEMPTS,
    FeedState,
    parse_every,
    poll_once,
    read_feed_list,
    state_path,
    watch,
)

STORIES = {
    "/news/kisumu-protest.html": (
        "Protest over fuel prices in Kisumu",
        "KISUMU, March 11 - Traders blocked the main road into Kisumu on Monday to protest "
        "against a rise in fuel prices, police said. Officers fired tear gas to clear the "
        "barricades after the crowd set tyres alight near the bus station. The county "
        "commissioner said talks with the traders' association would resume on Wednesday."),
    "/news/border-talks.html": (
        "Ministers meet over border crossing",
        "ARUSHA, March 11 - The foreign ministers of Kenya and Tanzania met in Arusha on "
        "Monday to discuss the reopening of a border crossing closed since January, officials "
        "said. Both governments agreed to set up a joint committee on cross-border trade, a "
        "statement from the Tanzanian foreign ministry said."),
}


def _page(title: str, text: str) -> bytes:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            "<body><nav><a href='/'>Home</a> | <a href='/africa'>Africa</a></nav><article>"
            f"<h1>{title}</h1><p>{text}</p></article><footer>© Lakeside Wire. All rights "
            "reserved.</footer></body></html>").encode()


def _rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{STORIES[p][0]}</title><link>{base}{p}</link><guid>{p}</guid>"
        "<pubDate>Mon, 11 Mar 2024 09:00:00 GMT</pubDate></item>" if p in STORIES else
        f"<item><title>Gone</title><link>{base}{p}</link></item>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Lakeside Wire</title><link>{base}/</link><description>East Africa"
            f"</description>{items}</channel></rss>").encode()


@dataclass
class Server:
    """The loopback news site; it counts hits per path."""

    base: str = ""
    hits: dict[str, int] = field(default_factory=dict)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A news site with feeds (one honouring If-None-Match, one ignoring it), a feed that
    answers 500, one that is garbage, and the article pages."""
    site = Server()
    rss = {"Content-Type": "application/rss+xml"}

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            if self.path == "/feed.xml":
                if self.headers.get("If-None-Match") == '"v1"':
                    send(self, 304, headers={"ETag": '"v1"'})
                else:
                    send(self, 200, _rss(site.base, list(STORIES)), {**rss, "ETag": '"v1"'})
            elif self.path == "/plain-feed.xml":  # no validators: every poll is a full 200
                send(self, 200, _rss(site.base, list(STORIES)), rss)
            elif self.path == "/gone-feed.xml":
                send(self, 200, _rss(site.base, ["/news/gone.html"]), rss)
            elif self.path == "/down.xml":
                send(self, 500, b"internal error", {"Content-Type": "text/plain"})
            elif self.path == "/garbage.xml":
                send(self, 200, b"<rss><<<&&& this is not a feed \x00\x01", rss)
            elif self.path in STORIES:
                send(self, 200, _page(*STORIES[self.path]),
                     {"Content-Type": "text/html; charset=utf-8"})
            else:
                send(self, 404, b"not found", {"Content-Type": "text/plain"})

    with serve(Handler) as base:
        site.base = base
        yield site


@pytest.fixture()
def fetcher() -> Iterator[Fetcher]:
    """A feed fetcher without politeness delays or retries, so the tests stay quick."""
    with Fetcher(host_delay=0.0, retries=0, timeout=5.0) as client:
        yield client


def _counts(store: Store) -> tuple[int, int, int]:
    return len(store.articles()), len(store.events()), len(store.runs())


def test_watch_second_poll_and_restart_code_nothing_new(server: Server, tmp_db: Path,
                                                        fetcher: Fetcher) -> None:
    feed = f"{server.base}/feed.xml"
    with Store.open(tmp_db) as store:
        state = FeedState.load(state_path(tmp_db))
        first = poll_once([feed], store=store, state=state, fetcher=fetcher)
        after_first = _counts(store)
        second = poll_once([feed], store=store, state=state, fetcher=fetcher)
        assert _counts(store) == after_first
    assert first.feeds[0].line().startswith(f"ok {feed}: 2 entries, 2 new, 2 coded, 0 already")
    assert after_first[:2] == (2, first.events) and first.events > 0
    assert second.feeds[0].line() == (f"not-modified {feed}: 0 entries, 0 new, 0 coded, "
                                      "0 already stored, 0 events")

    restarted = FeedState.load(state_path(tmp_db))  # a new process: memory from the file only
    assert restarted.memory(feed).etag == '"v1"'
    assert sorted(restarted.memory(feed).seen) == [f"{server.base}{p}" for p in sorted(STORIES)]
    with Store.open(tmp_db) as store:
        third = poll_once([feed], store=store, state=restarted, fetcher=fetcher)
        assert _counts(store) == after_first
    assert (third.feeds[0].status, third.new, third.events) == ("not-modified", 0, 0)


def test_watch_seen_entries_are_not_fetched_again(server: Server, tmp_db: Path,
                                                  fetcher: Fetcher) -> None:
    feed = f"{server.base}/plain-feed.xml"
    with Store.open(tmp_db) as store:
        state = FeedState.load(state_path(tmp_db))
        poll_once([feed], store=store, state=state, fetcher=fetcher)
        hits = dict(server.hits)
        counts = _counts(store)
        again = poll_once([feed], store=store, state=FeedState.load(state_path(tmp_db)),
                          fetcher=fetcher)
        assert _counts(store) == counts
    assert (again.feeds[0].status, again.feeds[0].entries, again.new) == ("ok", 2, 0)
    assert {p: server.hits[p] - hits.get(p, 0) for p in STORIES} == dict.fromkeys(STORIES, 0)


def test_watch_bad_feeds_give_error_lines_and_the_good_feed_goes_on(
        server: Server, tmp_db: Path, fetcher: Fetcher) -> None:
    feeds = [f"{server.base}/down.xml", f"{server.base}/garbage.xml", f"{server.base}/feed.xml"]
    with Store.open(tmp_db) as store:
        result = poll_once(feeds, store=store, state=FeedState(), fetcher=fetcher)
    lines = [poll.line() for poll in result.feeds]
    assert lines[0] == (f"error {feeds[0]}: [E110] fetch failed: HTTP 500 Internal Server "
                        "Error (gave up after 1 attempts)")
    # the parser's own words follow (expat's position of the first bad token)
    assert lines[1].startswith(f"error {feeds[1]}: [E102] unsupported input: not a readable "
                               "feed: ")
    assert lines[2] == (f"ok {feeds[2]}: 2 entries, 2 new, 2 coded, 0 already stored, "
                        f"{result.events} events")
    assert result.events > 0
    assert "3 feeds (1 ok, 0 not modified, 2 failed), 2 new, 2 coded" in result.line()


def test_watch_loop_logs_one_line_per_poll_and_second_poll_has_nothing_new(
        server: Server, tmp_db: Path, tmp_path: Path, fetcher: Fetcher) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# East Africa\n\n{server.base}/feed.xml\n{server.base}/down.xml\n")
    lines: list[str] = []
    summary = watch(feeds, db=tmp_db, every=0.0, max_polls=2, log=lines.append,
                    fetcher=fetcher)
    assert len(lines) == 4  # poll line + the failed feed's line, twice
    assert "poll 1: 2 feeds (1 ok, 0 not modified, 1 failed), 2 new, 2 coded" in lines[0]
    assert lines[1].startswith(f"  error {server.base}/down.xml: [E110] fetch failed: HTTP 500")
    assert "poll 2: 2 feeds (0 ok, 1 not modified, 1 failed), 0 new, 0 coded, 0 events" in (
        lines[2])
    assert (summary.polls, summary.new) == (2, 2)
    assert json.loads(Path(f"{tmp_db}.feeds.json").read_text())["schema"] == "feed-state/1"


def test_watch_stop_wakes_the_sleep_at_once(server: Server, tmp_db: Path, tmp_path: Path,
                                            fetcher: Fetcher) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.base}/down.xml\n")
    stop = threading.Event()
    lines: list[str] = []

    def log(line: str) -> None:
        lines.append(line)
        stop.set()  # as Ctrl-C's handler or a service manager would, mid-sleep

    started = time.monotonic()
    summary = watch(feeds, db=tmp_db, every=3600.0, stop=stop, log=log, fetcher=fetcher)
    assert time.monotonic() - started < 10.0
    assert summary.polls == 1


def test_watch_failed_page_is_retried_then_given_up(server: Server, tmp_db: Path,
                                                    fetcher: Fetcher) -> None:
    feed = f"{server.base}/gone-feed.xml"
    state = FeedState.load(state_path(tmp_db))
    with Store.open(tmp_db) as store:
        polls = [poll_once([feed], store=store, state=state, fetcher=fetcher).feeds[0]
                 for _ in range(MAX_ATTEMPTS + 1)]
    assert [len(poll.failed) for poll in polls] == [1] * MAX_ATTEMPTS + [0]
    assert [poll.new for poll in polls] == [1] + [0] * MAX_ATTEMPTS
    assert polls[0].failed == [f"{server.base}/news/gone.html: [E110] fetch failed: "
                               "HTTP 404 Not Found"]
    assert state.memory(feed).pending == {}
    assert list(state.memory(feed).seen) == [f"{server.base}/news/gone.html"]


@pytest.mark.parametrize(("text", "seconds"), [
    ("15m", 900.0), ("30s", 30.0), ("2h", 7200.0), ("1h30m", 5400.0), (" 1m30s ", 90.0),
    ("0.5h", 1800.0), ("1H", 3600.0),
])
def test_watch_parse_every(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "m", "15 minutes", "30m1h", "0s", "-5m", "1d"])
def test_watch_parse_every_rejects_bad_intervals(text: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_every(text)
    assert error.value.code == "E401"
    assert str(error.value).startswith("bad setting '--every': ")


def test_watch_feed_list_skips_comments_blanks_and_repeats(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("# wires\nhttps://example.org/rss\n\n  https://example.org/rss  \n"
                    "local/saved.rss\n")
    assert read_feed_list(path) == ["https://example.org/rss",
                                    str(tmp_path / "local" / "saved.rss")]


@pytest.mark.parametrize("content", ["", "# only a comment\n\n"])
def test_watch_empty_feed_list_is_a_config_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text(content)
    with pytest.raises(ConfigError, match="names no feeds"):
        read_feed_list(path)


def test_watch_corrupt_state_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb.feeds.json"
    path.write_text("{half a file")
    with pytest.raises(ConfigError, match="delete it to start afresh"):
        FeedState.load(path)


def test_watch_state_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb.feeds.json"
    state = FeedState(path)
    memory = state.memory("https://example.org/rss")
    memory.etag, memory.seen = '"abc"', {"https://example.org/a": "2024-03-11T09:00:00+00:00"}
    state.save()
    assert FeedState.load(path) == state
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind


@pytest.fixture()
def interrupting_site() -> Iterator[Server]:
    """A feed of both stories whose second page, once asked for, interrupts the test's main
    thread as Ctrl-C would (SIGINT), while the poll is running."""
    site = Server()

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            if self.path == "/feed.xml":
                send(self, 200, _rss(site.base, list(STORIES)),
                     {"Content-Type": "application/rss+xml", "ETag": '"v1"'})
            elif self.path in STORIES:
                if self.path == list(STORIES)[1] and site.hits[self.path] == 1:
                    signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
                send(self, 200, _page(*STORIES[self.path]),
                     {"Content-Type": "text/html; charset=utf-8"})
            else:
                send(self, 404, b"not found", {"Content-Type": "text/plain"})

    with serve(Handler) as base:
        site.base = base
        yield site


@pytest.mark.issue(20)
def test_watch_ctrl_c_mid_poll_saves_what_is_left_to_do(interrupting_site: Server,
                                                         tmp_db: Path,
                                                         fetcher: Fetcher) -> None:
    feed = f"{interrupting_site.base}/feed.xml"
    urls = sorted(f"{interrupting_site.base}{p}" for p in STORIES)
    with Store.open(tmp_db) as store, pytest.raises(KeyboardInterrupt):
        poll_once([feed], store=store, state=FeedState.load(state_path(tmp_db)),
                  fetcher=fetcher)
    restarted = FeedState.load(state_path(tmp_db))  # what a restart reads
    assert sorted(restarted.memory(feed).pending) == urls
    with Store.open(tmp_db) as store:
        again = poll_once([feed], store=store, state=restarted, fetcher=fetcher)
        assert len(store.articles()) == 2
    assert (again.feeds[0].coded, restarted.memory(feed).pending) == (2, {})
    assert sorted(restarted.memory(feed).seen) == urls


@pytest.mark.issue(20)
def test_watch_a_poison_page_does_not_stop_the_poll(server: Server, tmp_db: Path,
                                                    fetcher: Fetcher, coder: Coder) -> None:
    # a coder whose limit both stories exceed stands in for a page too long to parse
    tiny = dataclasses.replace(coder, max_chars=200)
    feed = f"{server.base}/plain-feed.xml"
    with Store.open(tmp_db) as store:
        result = poll_once([feed], store=store, state=FeedState.load(state_path(tmp_db)),
                           coder=tiny, fetcher=fetcher)
        statuses = sorted(store.summary().articles_by_status.items())
    assert statuses == [("not_coded", 2)]
    assert (result.feeds[0].status, result.feeds[0].failed) == ("ok", [])
