"""The monitor process: poll feeds, code, update incidents and alerts, deliver, and serve.

One process owns the store (DESIGN.md `monitor`; STYLE.md "one writer, many readers"): a
thread polls the feeds every interval through `watch.poll_once` (same feed memory file, so
`watch` and `monitor` resume each other), folds the new events into incidents incrementally,
re-evaluates only the dyads they touch, records and delivers alerts, and tells the dashboard
through `/api/live`. uvicorn serves the API and dashboard from the same store in the same
process. Ctrl-C stops the server, then the loop (after the feed in progress), then the store.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from flashpoint.analysis.alerts import Alert
from flashpoint.analysis.dyads import event_day, involves
from flashpoint.analysis.monitor import dyad_report, touched_dyads, update_incidents
from flashpoint.api.app import LOOPBACK_HOSTS, create_app, is_loopback
from flashpoint.api.service import Service
from flashpoint.errors import ConfigError, FlashpointError
from flashpoint.monitor.channels import Channel, build_channels
from flashpoint.monitor.config import MonitorConfig
from flashpoint.monitor.delivery import DeliveryReport, deliver, retry_failed
from flashpoint.records import Event
from flashpoint.watch import FeedState, PollResult, poll_once, read_feed_list, state_path

if TYPE_CHECKING:
    from fastapi import FastAPI

    from flashpoint.ingest.fetch import Fetcher
    from flashpoint.pipeline import Coder

log = logging.getLogger(__name__)
Log = Callable[[str], object]


@dataclass
class CycleReport:
    """One monitor cycle: the feed poll, what it added, alerts raised and deliveries."""

    poll: PollResult
    events: list[Event] = field(default_factory=list)
    incidents: int = 0
    dyads: int = 0
    alerts: list[Alert] = field(default_factory=list)
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    def line(self, number: int) -> str:
        """The cycle's log line: the poll's, then what the monitor made of it."""
        sent = len(self.delivery.sent)
        failed = len(self.delivery.failed)
        return (f"{self.poll.line(number)}; {self.incidents} incidents updated, "
                f"{self.dyads} dyads checked, {len(self.alerts)} alerts, {sent} sent"
                + (f", {failed} deliveries failed" if failed else ""))


def alerts_from(store_alerts: Sequence[Alert], new: Sequence[Event]) -> list[Alert]:
    """The alerts whose window holds a new event of their dyad: what this poll raised.

    Windows long closed that no new event falls in are history, not news, and are not sent.
    """
    chosen = []
    for alert in store_alerts:
        for event in new:
            day = event_day(event)
            if day is not None and alert.start <= day <= alert.end and involves(
                    event, alert.a, alert.b):
                chosen.append(alert)
                break
    return chosen


class Monitor:
    """The poll loop over one `Service` (and so one open store)."""

    def __init__(self, service: Service, feeds_path: str | Path, *, config: MonitorConfig,
                 every: float, dashboard_url: str, channels: Sequence[Channel] = (),
                 coder: Coder | None = None, fetcher: Fetcher | None = None,
                 log_line: Log = log.info) -> None:
        """Watch the feeds listed in `feeds_path` into `service`'s store."""
        self.service = service
        self.feeds_path = Path(feeds_path)
        self.feeds = read_feed_list(self.feeds_path)  # a bad list fails now
        self.config = config
        self.every = every
        self.dashboard_url = dashboard_url
        self.channels = list(channels)
        self.coder = coder
        self.fetcher = fetcher
        self.log_line = log_line
        self.state = FeedState.load(state_path(service.store.path))
        self.cycles = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _load_coder(self) -> Coder:
        if self.coder is None:
            from flashpoint.pipeline import load_coder

            self.coder = load_coder()
        return self.coder

    def cycle(self) -> CycleReport:
        """Poll once and carry the news through: incidents, dyads, alerts, delivery, live."""
        store = self.service.store
        with contextlib.suppress(ConfigError):  # an edited list with a typo: keep the old one
            self.feeds = read_feed_list(self.feeds_path)
        coder = self._load_coder()
        with self.service.write_lock:
            before = {run.run_id for run in store.runs()}
            poll = poll_once(self.feeds, store=store, state=self.state, coder=coder,
                             fetcher=self.fetcher, incidents=False)
            run_ids = [run.run_id for run in store.runs() if run.run_id not in before]
            report = CycleReport(poll, events=store.run_events(run_ids) if run_ids else [])
            if report.events:
                report.incidents = update_incidents(store, report.events).written
                watched = [(w.a, w.b) for w in self.config.watch.dyads]
                dyads = touched_dyads(report.events, also=watched)
                report.dyads = len(dyads)
                raised = [alert for a, b in dyads
                          for alert in dyad_report(store, a, b, by=self.config.monitor.by).alerts]
                report.alerts = alerts_from(raised, report.events)
            self.service.invalidate()
            if report.events or report.alerts:
                self.service.live.append(tuple(e.event_id for e in report.events),
                                         tuple(a.alert_id for a in report.alerts),
                                         sum(p.coded for p in poll.feeds))
            if self.service.holding is not None:
                self.service.holding.refresh(changed=bool(run_ids))
        # Delivery may wait on slow channels; it needs no lock, as only this thread sends.
        retried = retry_failed(store, self.channels, dashboard_url=self.dashboard_url)
        report.delivery = deliver(store, report.alerts, self.channels,
                                  watch=self.config.watch, dashboard_url=self.dashboard_url)
        report.delivery.sent[:0] = retried.sent
        report.delivery.failed[:0] = retried.failed
        return report

    def _log_cycle(self, report: CycleReport) -> None:
        self.log_line(report.line(self.cycles))
        for feed in report.poll.feeds:
            if feed.status == "error":
                self.log_line(f"  {feed.line()}")
            for failure in feed.failed:
                self.log_line(f"  page failed {failure}")
        for alert_id, channel, reason in report.delivery.failed:
            self.log_line(f"  delivery failed {alert_id} -> {channel}: {reason}")

    def loop(self, *, max_cycles: int | None = None) -> None:
        """Run cycles every `every` seconds until `stop` (or `max_cycles`)."""
        while not self._stop.is_set():
            clock = time.monotonic()
            self.cycles += 1
            try:
                self._log_cycle(self.cycle())
            except FlashpointError as exc:
                self.log_line(f"{_stamp()} poll {self.cycles}: failed, [{exc.code}] {exc}")
            except Exception as exc:  # a long-running loop must outlive one bad poll
                log.exception("monitor cycle %d failed", self.cycles)
                self.log_line(f"{_stamp()} poll {self.cycles}: failed, [E000] internal error, "
                              f"please report: {exc!r}")
            if max_cycles is not None and self.cycles >= max_cycles:
                break
            self._stop.wait(max(0.0, self.every - (time.monotonic() - clock)))

    def start(self) -> None:
        """Run the loop in a background thread."""
        self._thread = threading.Thread(target=self.loop, name="flashpoint-monitor",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the loop to stop and wait for the cycle in progress to end."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        self.state.save()


def _stamp() -> str:
    return f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}"


def build_monitor_app(feeds_path: str | Path, *, db: str | Path, config: MonitorConfig,
                      every: float, host: str = "127.0.0.1", port: int = 8000,
                      token: str | None = None, coder: Coder | None = None,
                      fetcher: Fetcher | None = None, log_line: Log = log.info
                      ) -> tuple[FastAPI, Monitor]:
    """The app (holding the store as "monitor") and its monitor, started with the server.

    The loop starts when the server has started and stops before the store closes.
    """
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    dashboard = config.monitor.dashboard_url or url
    channels = build_channels(config.channels)
    atom = next((c.name for c in channels if c.type == "atom"), None)
    hosts = list(LOOPBACK_HOSTS) if is_loopback(host) else None
    app = create_app(db, token=token, allowed_hosts=hosts, holder="monitor", public_url=url,
                     snapshot_every=config.monitor.snapshot_every, atom_channel=atom)
    service: Service = app.state.service
    service.live.active = True
    monitor = Monitor(service, feeds_path, config=config, every=every, dashboard_url=dashboard,
                      channels=channels, coder=coder, fetcher=fetcher, log_line=log_line)
    service.on_close.append(monitor.stop)
    service.on_start.append(monitor.start)
    return app, monitor


def run_monitor(feeds_path: str | Path, *, db: str | Path, config: MonitorConfig,
                every: float, host: str = "127.0.0.1", port: int = 8000,
                token: str | None = None, log_line: Log = log.info) -> int:
    """Run the monitor and its server until Ctrl-C; returns the cycles run.

    Raises `StoreLocked`/`StoreHeld` before binding when another process holds the store.
    """
    import uvicorn

    app, monitor = build_monitor_app(feeds_path, db=db, config=config, every=every, host=host,
                                     port=port, token=token, log_line=log_line)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                           server_header=False, proxy_headers=False))
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    return monitor.cycles
