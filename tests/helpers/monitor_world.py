"""A small world for the monitor tests: a store with history, a feed, a webhook, an SMTP box.

The store holds half a year of Ethiopia/Eritrea border events we made up: a quiet baseline,
then a surge over the last two weeks, so the detector has an open escalation window that
new reports land in. The feed server publishes our own wire-style articles, more of them
between polls. The webhook receiver and the SMTP server (aiosmtpd) record what they get.
All of it listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler
from typing import Any

from local_http import QuietHandler, send, serve

from flashpoint.analysis.monitor import refresh_incidents
from flashpoint.records import ActorRef, Article, Event, EventDate, Fatalities, Place, Span
from flashpoint.store import Store

ETH = ActorRef("Ethiopian soldiers", "ETH.MIL", "ETH", "MIL", "Ethiopian army")
ERI = ActorRef("Eritrean soldiers", "ERI.MIL", "ERI", "MIL", "Eritrean army")
# Border towns, far enough apart (> 30 km) that reports from each are separate incidents.
TOWNS = [("Zalambessa", 14.52, 39.38), ("Badme", 14.73, 37.81), ("Humera", 14.29, 36.61),
         ("Bure", 12.62, 42.27), ("Alitena", 14.61, 39.56), ("Tsorona", 14.83, 39.08),
         ("Rama", 14.40, 38.83), ("Omhajer", 14.32, 36.62)]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Articles the feed publishes: sentence shapes the rule coder reads as ETH.MIL -> ERI.MIL.
NEWS = [
    "Ethiopian soldiers killed {n} Eritrean soldiers in a clash near {town} on {weekday}, "
    "officials said. Residents said the firing lasted for most of the night.",
    "Ethiopian troops fired on Eritrean soldiers near {town} on {weekday}, wounding {n}, "
    "local officials said. The border region has been tense for weeks.",
]


def _event(n: int, day: date, town: tuple[str, float, float], killed: int
           ) -> tuple[Article, Event]:
    name, lat, lon = town
    sentence = (f"Ethiopian soldiers attacked Eritrean soldiers near {name}, killing "
                f"{killed} of them.")
    text = f"{name.upper()} - {sentence} Officials on both sides gave no further details."
    doc_id = f"history-{day.isoformat()}-{n:03d}"
    start = len(name) + 3
    article = Article(
        doc_id=doc_id, text=text, title=f"Border clash near {name}", url=None,
        publisher=f"Wire {n % 3}", published=day, language="en", source="tests/history",
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        fetched_at=f"{day.isoformat()}T12:00:00Z")
    event = Event(
        event_id=hashlib.sha1(f"{doc_id}|ASSAULT".encode()).hexdigest()[:16], doc_id=doc_id,
        sentence=0, evidence=Span(sentence, start, start + len(sentence)), type="ASSAULT",
        mode=None, cameo="19", quad_class=4, goldstein=-10.0, modality="asserted",
        source=ETH, target=ERI, reported_by=None,
        location=Place(name, name, "ERI", None, lat, lon, "city"),
        date=EventDate(day.isoformat(), "day", "explicit"),
        fatalities=Fatalities(killed, killed, None, None), confidence=0.8, coder="rules/test")
    return article, event


def seed_history(store: Store, today: date) -> int:
    """Write the history: one clash a month for half a year, then a surge in the last 2 weeks.

    Returns the number of events written.
    """
    records: list[tuple[Article, Event]] = []
    for week in range(26, 2, -4):  # the quiet baseline
        day = today - timedelta(weeks=week)
        records.append(_event(len(records), day, TOWNS[week % len(TOWNS)], 1))
    for offset in range(14, 0, -1):  # the surge: one clash nearly every day
        if offset % 3 == 0:
            continue
        day = today - timedelta(days=offset)
        records.append(_event(len(records), day, TOWNS[offset % len(TOWNS)], 2))
    run_id = store.start_run("history", "rules/test", {"test": "1"})
    store.write_batch(run_id, [a for a, _ in records], [e for _, e in records], [])
    refresh_incidents(store)
    store.finish_run(run_id, {"events": len(records)}, "finished")
    return len(records)


class FeedSite:
    """An RSS feed and its article pages; `publish` adds an article before the next poll."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, datetime]] = []  # (slug, html, published)
        self.lock = threading.Lock()

    def publish(self, n: int, *, town: int, when: datetime | None = None) -> str:
        """Add article `n` (its text from NEWS) and return its slug."""
        when = when or datetime.now(UTC)
        name = TOWNS[town % len(TOWNS)][0]
        weekday = WEEKDAYS[(when.weekday() - 1) % 7]
        body = NEWS[n % len(NEWS)].format(n=2 + n % 4, town=name, weekday=weekday)
        slug = f"border-{n:03d}"
        html = (f"<html><head><title>Border report {n}</title></head><body><article>"
                f"<h1>Border report {n}</h1><p>{body}</p><p>Aid groups asked both "
                f"governments to let monitors into the area.</p></article></body></html>")
        with self.lock:
            self.items.append((slug, html, when))
        return slug

    def rss(self, base: str) -> bytes:
        with self.lock:
            items = list(self.items)
        entries = "".join(
            f"<item><title>Border report {slug}</title><link>{base}/news/{slug}</link>"
            f"<guid>{base}/news/{slug}</guid>"
            f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
            for slug, _, when in items)
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Border wire</title>'
                f"<link>{base}/</link><description>test</description>{entries}"
                f"</channel></rss>").encode()

    def page(self, slug: str) -> bytes | None:
        with self.lock:
            for known, html, _ in self.items:
                if known == slug:
                    return html.encode()
        return None


@contextlib.contextmanager
def serve_feed(site: FeedSite) -> Iterator[str]:
    """Serve `site` on loopback; yields the feed URL."""
    box: dict[str, str] = {}

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            if self.path == "/feed.xml":
                send(self, 200, site.rss(box["base"]), {"Content-Type": "application/rss+xml"})
                return
            page = site.page(self.path.removeprefix("/news/"))
            if page is None:
                send(self, 404, b"not found")
            else:
                send(self, 200, page, {"Content-Type": "text/html; charset=utf-8"})

    with serve(Handler) as base:
        box["base"] = base
        yield f"{base}/feed.xml"


class Inbox:
    """What a loopback receiver got, thread-safe."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.lock = threading.Lock()

    def add(self, item: Any) -> None:
        with self.lock:
            self.items.append(item)

    def snapshot(self) -> list[Any]:
        with self.lock:
            return list(self.items)


@contextlib.contextmanager
def serve_webhook(inbox: Inbox, *, fail_first: int = 0) -> Iterator[str]:
    """A webhook receiver storing (headers, body bytes, JSON); the first `fail_first` POSTs
    are answered 503, to exercise retries."""
    counter = {"n": 0}

    class Handler(QuietHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            counter["n"] += 1
            if counter["n"] <= fail_first:
                send(self, 503, b"busy")
                return
            inbox.add((dict(self.headers), body, json.loads(body)))
            send(self, 204)

    handler: type[BaseHTTPRequestHandler] = Handler
    with serve(handler) as base:
        yield f"{base}/hook"


@contextlib.contextmanager
def serve_smtp(inbox: Inbox) -> Iterator[int]:
    """An aiosmtpd server on loopback storing parsed messages; yields its port."""
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            message: Message = message_from_bytes(envelope.content)
            inbox.add((list(envelope.rcpt_tos), message))
            return "250 OK"

    with socket.socket() as probe:  # aiosmtpd checks its port by connecting: no port 0
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()
