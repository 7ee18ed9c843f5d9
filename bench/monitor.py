"""The live monitor under load: articles coded per second while the API answers, and its p95.

Runs `flashpoint monitor`'s app in-process (uvicorn on a free loopback port, the poll loop
in its thread) over a fresh store and a loopback RSS feed that publishes `--batch` generated
wire reports every `--interval` seconds until `--articles` are out. Meanwhile `--clients`
threads keep asking the API what a dashboard and scripts ask (events, summary, alerts,
timeline, live). Prints the articles per second the monitor sustained (first publication to
last article coded) and the API's latency percentiles over the same time. With
`--clients 0` it measures the monitor alone, for comparison. A benchmark, not a test.

    .venv/bin/python bench/monitor.py [--articles 120] [--batch 10] [--clients 4]
"""

from __future__ import annotations

import argparse
import platform
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import uvicorn

from flashpoint.monitor.config import MonitorConfig, MonitorSection
from flashpoint.monitor.process import build_monitor_app
from flashpoint.pipeline import load_coder

SIDES = [("Ethiopian", "Eritrean"), ("Sudanese", "Chadian"), ("Armenian", "Azerbaijani"),
         ("Thai", "Cambodian"), ("Colombian", "Venezuelan"), ("Kenyan", "Somali")]
TOWNS = ["the northern crossing", "a river town", "the border market", "a hill post",
         "the old airfield", "a village near the frontier"]
SHAPES = [
    "{a} soldiers killed {n} {b} soldiers in a clash near {town} on {day}, officials said.",
    "{a} troops fired on {b} soldiers near {town} on {day}, wounding {n}.",
    "{a} and {b} officials met in the capital on {day} to discuss the border.",
    "{a} police arrested {n} {b} nationals near {town} on {day}, a spokesman said.",
]
FILLER = ("Residents said the area was calm by evening. Aid groups asked both sides to "
          "let monitors in. Neither government commented on the report.")
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ENDPOINTS = ["/api/events?limit=50", "/api/summary", "/api/alerts", "/api/timeline",
             "/api/live?after=0", "/api/dyads?top=10"]


def _article(n: int) -> str:
    a, b = SIDES[n % len(SIDES)]
    lines = [SHAPES[(n + k) % len(SHAPES)].format(a=a, b=b, n=2 + (n + k) % 5,
                                                  town=TOWNS[(n * 3 + k) % len(TOWNS)],
                                                  day=DAYS[(n + k) % 7])
             for k in range(3)]
    body = " ".join(lines) + f" {FILLER} (Report {n}.)"
    return (f"<html><head><title>Report {n}</title></head><body><article><h1>Report {n}"
            f"</h1><p>{body}</p></article></body></html>")


class Feed:
    """A feed that publishes generated articles in batches."""

    def __init__(self) -> None:
        self.published: list[tuple[int, datetime]] = []
        self.lock = threading.Lock()

    def publish(self, count: int) -> None:
        with self.lock:
            start = len(self.published)
            now = datetime.now(UTC)
            self.published += [(start + i, now) for i in range(count)]

    def rss(self, base: str, sites: list[str]) -> bytes:
        with self.lock:
            items = list(self.published)
        entries = "".join(
            f"<item><title>Report {n}</title><link>{sites[n % len(sites)]}/a/{n}</link>"
            f"<guid>{sites[n % len(sites)]}/a/{n}</guid><pubDate>"
            f"{(when - timedelta(hours=1)).strftime('%a, %d %b %Y %H:%M:%S')}"
            " +0000</pubDate></item>" for n, when in items)
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>'
                f"<link>{base}/</link><description>bench</description>{entries}</channel>"
                "</rss>").encode()


@contextmanager
def serve_feed(feed: Feed, n_sites: int) -> Iterator[str]:
    """The feed, and its articles spread over `n_sites` loopback "sites" (ports): the
    fetcher waits a second between two pages of one site, as it should with real ones."""
    box: dict[str, str] = {}
    sites: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/feed.xml":
                body, kind = feed.rss(box["base"], sites), "application/rss+xml"
            else:
                body, kind = _article(int(self.path.rsplit("/", 1)[-1])).encode(), "text/html"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(n_sites + 1)]
    for httpd in servers:
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
    box["base"] = f"http://127.0.0.1:{servers[0].server_address[1]}"
    sites += [f"http://127.0.0.1:{httpd.server_address[1]}" for httpd in servers[1:]]
    try:
        yield box["base"] + "/feed.xml"
    finally:
        for httpd in servers:
            httpd.shutdown()
            httpd.server_close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _client(base: str, stop: threading.Event, latencies: list[float], errors: list[str]
            ) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        i = 0
        while not stop.is_set():
            path = ENDPOINTS[i % len(ENDPOINTS)]
            i += 1
            clock = time.perf_counter()
            answer = client.get(path)
            latencies.append(time.perf_counter() - clock)
            if answer.status_code != 200:
                errors.append(f"{path}: {answer.status_code}")


def _stored(base: str) -> dict[str, int]:
    """Articles stored by status; near-duplicates of earlier reports are stored, not coded."""
    summary = httpx.get(f"{base}/api/summary", timeout=30).json()
    counts: dict[str, int] = summary["articles_by_status"]
    return counts


def run(args: argparse.Namespace) -> None:
    coder = load_coder()  # loaded before the clock starts, as a running monitor has it
    feed = Feed()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder, serve_feed(feed, args.sites) as feed_url:
        feeds = Path(folder) / "feeds.txt"
        feeds.write_text(feed_url + "\n", encoding="utf-8")
        config = MonitorConfig(monitor=MonitorSection(snapshot_every=args.snapshot_every))
        app, monitor = build_monitor_app(feeds, db=Path(folder) / "bench.duckdb",
                                         config=config, every=args.every, port=port,
                                         coder=coder, log_line=lambda line: None)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        stop = threading.Event()
        latencies: list[float] = []
        errors: list[str] = []
        clients = [threading.Thread(target=_client, args=(base, stop, latencies, errors),
                                    daemon=True) for _ in range(args.clients)]
        for client in clients:
            client.start()
        started = time.monotonic()
        published = 0
        next_batch = started
        while True:
            now = time.monotonic()
            if published < args.articles and now >= next_batch:
                count = min(args.batch, args.articles - published)
                feed.publish(count)
                published += count
                next_batch = now + args.interval
            if published >= args.articles and sum(_stored(base).values()) >= args.articles:
                break
            if now - started > args.timeout:
                print(f"timed out with {sum(_stored(base).values())} of {args.articles} "
                      "articles taken")
                break
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        stored = _stored(base)
        taken = sum(stored.values())
        coded = stored.get("coded", 0)
        stop.set()
        for client in clients:
            client.join()
        server.should_exit = True
        thread.join(timeout=60)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{datetime.now(UTC):%Y-%m-%d}")
    print(f"articles: {taken} taken ({coded} coded, {taken - coded} near-duplicates stored) "
          f"in {elapsed:.1f} s (published {args.batch} every {args.interval:g} s from "
          f"{args.sites} sites, polled every {args.every:g} s): {taken / elapsed:.2f} "
          f"articles/s sustained, {monitor.cycles} polls")
    if latencies:
        ordered = sorted(latencies)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(f"API while coding: {len(latencies)} requests from {args.clients} clients "
              f"({len(latencies) / elapsed:.1f}/s), median "
              f"{statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
              f"max {ordered[-1] * 1000:.0f} ms, {len(errors)} errors")
    else:
        print("API while coding: no clients")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--every", type=float, default=1.0, help="poll interval, seconds")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--sites", type=int, default=8, help="sites the articles come from")
    parser.add_argument("--snapshot-every", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=900.0)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
