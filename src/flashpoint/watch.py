"""Watching feeds: poll a list of RSS/Atom feeds on a schedule and run what is new (issue #5).

It owns the polling loop, the per-feed memory (validators and entry URLs already taken) and
the one-line-per-poll log. It does not fetch, parse, code or store anything itself: feeds are
read by `ingest.feeds.read_feed` and new entries go through `runner.run`, which skips articles
the store already holds (content hash), so nothing is ever coded twice.

The feed memory lives in a JSON file beside the database (`<db>.feeds.json`), not in DuckDB:
the store's schema belongs to the `store` part (STYLE.md 2.7, every line of SQL there), and
this memory is only an optimisation. Losing it costs re-fetching a feed's current entries,
which the runner then skips as already stored; it never costs a second coding.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal, TypedDict

from flashpoint.errors import (
    CodingFailed,
    ConfigError,
    DuplicateRecord,
    NotCoded,
    StoreError,
    TextTooLong,
)
from flashpoint.ingest.feeds import FeedEntry, read_feed
from flashpoint.ingest.fetch import Fetcher
from flashpoint.pipeline import Coder
from flashpoint.runner import run
from flashpoint.store.db import Store

STATE_SCHEMA = "feed-state/1"
MAX_ATTEMPTS = 3  # polls an entry's page is tried before it is given up (then logged, skipped)
SEEN_DAYS = 60  # a URL gone from its feed this long is forgotten; the store still skips it
_EVERY = re.compile(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?")
# Problems that mean "read and stored, just not coded": the entry is done, not failed.
_HANDLED = frozenset({DuplicateRecord.code, NotCoded.code, CodingFailed.code, TextTooLong.code})

Status = Literal["ok", "not-modified", "error"]
Log = Callable[[str], object]


def parse_every(text: str) -> float:
    """Seconds in a poll interval such as "15m", "30s", "2h" or "1h30m"."""
    value = text.strip().lower()
    match = _EVERY.fullmatch(value)
    if not value or match is None or not any(match.groups()):
        raise ConfigError(key="--every", reason=(
            f"{text!r} is not an interval; use hours, minutes and seconds such as 15m, 30s, "
            "2h or 1h30m"))
    hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    if total <= 0:
        raise ConfigError(key="--every", reason=f"{text!r} is no time at all; use e.g. 15m")
    return total


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs and feed file paths listed one per line; `#` comments and blanks ignored.

    Relative file paths are taken from the list's own folder, so the list works from any
    working directory; a path or URL listed twice is polled once.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeError) as exc:
        raise ConfigError(key=str(path), reason=f"cannot read the feed list: {exc}") from exc
    feeds: dict[str, None] = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.lower().startswith(("http://", "https://")):
            line = str((path.parent / line).resolve())
        feeds.setdefault(line, None)
    if not feeds:
        raise ConfigError(key=str(path), reason=(
            "the feed list names no feeds; put one feed URL or feed file per line"))
    return list(feeds)


def state_path(db: str | Path) -> Path | None:
    """Where the feed memory of database `db` lives; None for an in-memory store."""
    return None if str(db) == ":memory:" else Path(f"{db}.feeds.json")


class Pending(TypedDict):
    """A page that failed: how often it was tried, and the feed's date for it."""

    attempts: int
    published: str | None  # ISO date


@dataclass
class FeedMemory:
    """What one feed's last polls left: validators, entries taken, pages still to retry."""

    etag: str | None = None
    modified: str | None = None
    seen: dict[str, str] = field(default_factory=dict)  # entry URL -> when it was taken
    pending: dict[str, Pending] = field(default_factory=dict)  # entry URL -> retry record


@dataclass
class FeedState:
    """Every feed's memory, loaded from and saved to the JSON file beside the database."""

    path: Path | None = None
    feeds: dict[str, FeedMemory] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None) -> FeedState:
        """The saved state, or an empty one when there is no file yet."""
        if path is None or not Path(path).exists():
            return cls(Path(path) if path else None)
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("schema") != STATE_SCHEMA:
                raise ValueError(f"schema {data.get('schema')!r}, expected {STATE_SCHEMA!r}")
            feeds = {str(feed): FeedMemory(
                etag=memory.get("etag"), modified=memory.get("modified"),
                seen=dict(memory.get("seen", {})), pending=dict(memory.get("pending", {})))
                for feed, memory in data["feeds"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(key=str(path), reason=(
                f"the feed state file is unreadable ({exc}); delete it to start afresh: "
                "feeds are then re-read but nothing already stored is coded again")) from exc
        return cls(path, feeds)

    def memory(self, feed: str) -> FeedMemory:
        """The memory of `feed`, created empty on first use."""
        return self.feeds.setdefault(feed, FeedMemory())

    def save(self) -> None:
        """Write the state atomically (temp file + rename), so a kill never leaves half a file."""
        if self.path is None:
            return
        data = {"schema": STATE_SCHEMA, "feeds": {
            feed: {"etag": m.etag, "modified": m.modified, "seen": m.seen,
                   "pending": m.pending}
            for feed, m in self.feeds.items()}}
        handle, temp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp",
                                        dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


@dataclass
class FeedPoll:
    """What one poll of one feed gave: status, entries listed and new, what was coded."""

    feed: str
    status: Status
    reason: str = ""
    entries: int = 0
    new: int = 0
    coded: int = 0
    already_stored: int = 0
    events: int = 0
    failed: list[str] = field(default_factory=list)  # "url: reason" of pages not read

    def line(self) -> str:
        """The feed's log line."""
        if self.status == "error":
            return f"error {self.feed}: {self.reason}"
        text = (f"{self.status} {self.feed}: {self.entries} entries, {self.new} new, "
                f"{self.coded} coded, {self.already_stored} already stored, {self.events} events")
        return text + (f", {_count(len(self.failed), 'page')} failed" if self.failed else "")


@dataclass
class PollResult:
    """One poll of every feed."""

    started: datetime
    feeds: list[FeedPoll] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        """Feeds that ended with `status`."""
        return sum(poll.status == status for poll in self.feeds)

    @property
    def new(self) -> int:
        """New entries taken from all feeds."""
        return sum(poll.new for poll in self.feeds)

    @property
    def events(self) -> int:
        """Events coded in this poll."""
        return sum(poll.events for poll in self.feeds)

    def line(self, number: int | None = None) -> str:
        """The poll's one log line."""
        stamp = self.started.strftime("%Y-%m-%dT%H:%M:%SZ")
        label = f"poll {number}" if number is not None else "poll"
        failed = sum(len(poll.failed) for poll in self.feeds)
        return (f"{stamp} {label}: {_count(len(self.feeds), 'feed')} ({self.count('ok')} ok, "
                f"{self.count('not-modified')} not modified, {self.count('error')} failed), "
                f"{self.new} new, {sum(p.coded for p in self.feeds)} coded, {self.events} "
                f"events" + (f", {_count(failed, 'page')} failed" if failed else "")
                + f", {self.seconds:.1f} s")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _now() -> datetime:
    return datetime.now(UTC)


def _take(memory: FeedMemory, entries: Sequence[FeedEntry]) -> list[tuple[str, date | None]]:
    """New entry URLs (not seen, not pending) and the pending ones to retry, with feed dates."""
    wanted: dict[str, date | None] = {}
    for url, info in memory.pending.items():
        published = info["published"]
        wanted[url] = date.fromisoformat(published) if published else None
    for entry in entries:
        if entry.url not in memory.seen:
            wanted.setdefault(entry.url, entry.published)
    return list(wanted.items())


def _code(poll: FeedPoll, memory: FeedMemory, taken: list[tuple[str, date | None]], *,
          store: Store, coder: Coder | None, now: str, incidents: bool = True) -> None:
    """Run the taken entries, one run per feed date (it fills in pages that give none)."""
    def by_date(item: tuple[str, date | None]) -> str:
        return item[1].isoformat() if item[1] else ""

    for _, group in itertools.groupby(sorted(taken, key=by_date), key=by_date):
        items = list(group)
        summary = run([url for url, _ in items], store=store, default_date=items[0][1],
                      coder=coder, command="watch", incidents=incidents)
        poll.coded += summary.coded
        poll.already_stored += summary.already_stored
        poll.events += summary.events
        failures = {p.doc_id: f"[{p.code}] {p.reason.removeprefix(f'{p.doc_id}: ')}"
                    for p in summary.problems if p.code not in _HANDLED}
        for url, published in items:
            if url not in failures:
                memory.pending.pop(url, None)
                memory.seen[url] = now
                continue
            attempts = memory.pending[url]["attempts"] + 1 if url in memory.pending else 1
            poll.failed.append(f"{url}: {failures[url]}")
            if attempts >= MAX_ATTEMPTS:  # given up: logged once more, then left alone
                memory.pending.pop(url, None)
                memory.seen[url] = now
            else:
                memory.pending[url] = Pending(
                    attempts=attempts, published=published.isoformat() if published else None)


def _forget_old(memory: FeedMemory, entries: Sequence[FeedEntry], now: datetime) -> None:
    """Drop seen URLs the feed no longer lists, once old, so the file does not grow forever."""
    listed = {entry.url for entry in entries}
    cutoff = (now - timedelta(days=SEEN_DAYS)).isoformat()
    memory.seen = {url: when for url, when in memory.seen.items()
                   if url in listed or when >= cutoff}


def _poll_feed(feed: str, memory: FeedMemory, *, store: Store, coder: Coder | None,
               fetcher: Fetcher, now: datetime, incidents: bool = True) -> FeedPoll:
    result = read_feed(feed, etag=memory.etag, modified=memory.modified, fetcher=fetcher)
    feed_problems = [p for p in result.problems if p.doc_id in (feed, result.source)]
    if feed_problems and not result.entries:
        problem = feed_problems[0]
        reason = problem.reason.removeprefix(f"{problem.doc_id}: ")  # the line names the feed
        poll = FeedPoll(feed, "error", reason=f"[{problem.code}] {reason}")
    elif result.not_modified:
        poll = FeedPoll(feed, "not-modified")
    else:
        poll = FeedPoll(feed, "ok", entries=len(result.entries))
        memory.etag, memory.modified = result.etag, result.modified
        _forget_old(memory, result.entries, now)
    taken = _take(memory, result.entries)
    poll.new = sum(url not in memory.pending for url, _ in taken)
    for url, published in taken:  # until its run ends, an entry is pending: an interrupted
        memory.pending.setdefault(url, Pending(  # poll leaves it to retry, not forgotten (#20)
            attempts=0, published=published.isoformat() if published else None))
    if taken:  # no run at all (and no `runs` row) when nothing is new
        _code(poll, memory, taken, store=store, coder=coder, now=now.isoformat(),
              incidents=incidents)
    return poll


def poll_once(feeds: Iterable[str], *, store: Store, state: FeedState,
              coder: Coder | None = None, fetcher: Fetcher | None = None,
              incidents: bool = True) -> PollResult:
    """Poll each feed once (conditionally), run its new entries, and remember what was taken.

    `incidents=False` leaves incidents to the caller (`flashpoint monitor` updates them
    incrementally, #17).

    A feed that is down or is not a feed gives an "error" line and the others go on. The
    state is saved after each feed, and also when a poll is interrupted (Ctrl-C): entries
    whose run did not finish are saved as pending, so a restart retries them (#20).
    """
    started, clock = _now(), time.monotonic()
    result = PollResult(started)
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        for feed in feeds:
            try:
                result.feeds.append(_poll_feed(feed, state.memory(feed), store=store,
                                               coder=coder, fetcher=fetcher, now=started,
                                               incidents=incidents))
            finally:
                state.save()
    finally:
        if own:
            fetcher.close()
    result.seconds = time.monotonic() - clock
    return result


def _stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


@dataclass
class WatchSummary:
    """What a watch did before it stopped."""

    polls: int = 0
    new: int = 0
    events: int = 0


def watch(feeds_path: str | Path, *, db: str | Path, every: float,
          stop: threading.Event | None = None, log: Log = _stderr,
          max_polls: int | None = None, coder: Coder | None = None,
          fetcher: Fetcher | None = None) -> WatchSummary:
    """Poll the feeds listed in `feeds_path` every `every` seconds until `stop` is set.

    Logs one line per poll, plus one per failed feed or page with its reason. The feed list
    is re-read before each poll, so feeds can be added without a restart. The store is opened
    only for a poll, so other commands can read it in between; a store held by another
    process skips that poll. KeyboardInterrupt is left to the caller: the state is saved
    after every feed and the store is closed on the way out, so a restart resumes cleanly.
    """
    stop = stop or threading.Event()
    feeds = read_feed_list(feeds_path)  # a bad list fails now, not at the first poll
    state = FeedState.load(state_path(db))
    summary = WatchSummary()
    while not stop.is_set():
        clock = time.monotonic()
        with contextlib.suppress(ConfigError):  # an edited list with a typo: keep the old one
            feeds = read_feed_list(feeds_path)
        summary.polls += 1
        try:
            with Store.open(db) as store:
                result = poll_once(feeds, store=store, state=state, coder=coder,
                                   fetcher=fetcher)
        except StoreError as exc:
            log(f"{_now():%Y-%m-%dT%H:%M:%SZ} poll {summary.polls}: skipped, "
                f"[{exc.code}] {exc}")
        else:
            summary.new += result.new
            summary.events += result.events
            log(result.line(summary.polls))
            for poll in result.feeds:
                if poll.status == "error":
                    log(f"  {poll.line()}")
                for failure in poll.failed:
                    log(f"  page failed {failure}")
        if max_polls is not None and summary.polls >= max_polls:
            break
        stop.wait(max(0.0, every - (time.monotonic() - clock)))
    return summary
