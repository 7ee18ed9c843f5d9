"""Alert delivery: each new alert, or one whose level rose, goes once to each channel.

This module owns the rule "once per channel and level" and keeps its memory in the store
(`alert_log`, `alert_deliveries`), so a restarted monitor never sends an alert twice. It does
not decide what is alarming (`analysis.alerts`) nor how a channel talks (`channels`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

from flashpoint.analysis.alerts import LEVELS, Alert
from flashpoint.api.service import alert_model
from flashpoint.errors import DeliveryError
from flashpoint.monitor.channels import AlertMessage, Channel
from flashpoint.monitor.config import Watchlists
from flashpoint.store.db import Store

log = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    """What one delivery cycle did: alerts seen, messages sent and failures (channel, reason)."""

    alerts: int = 0
    wanted: int = 0
    sent: list[tuple[str, str]] = field(default_factory=list)  # (alert_id, channel)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (+ reason)


def alert_links(alert: Alert, dashboard_url: str) -> tuple[str, ...]:
    """Links into the dashboard: the dyad's page, then each driving incident's lead event."""
    base = dashboard_url.rstrip("/") + "/"
    links = [f"{base}#/dyad/{quote(alert.a)}/{quote(alert.b)}?by={alert.by}"]
    links += [f"{base}#/event/{quote(d.event_ids[0])}" for d in alert.drivers if d.event_ids]
    return tuple(links)


def alert_message(alert: Alert, dashboard_url: str, *, previous_rank: int | None = None
                  ) -> AlertMessage:
    """The message every channel sends for `alert`."""
    rose = previous_rank is not None and previous_rank < alert.rank
    subject = (f"[flashpoint {alert.level}] {alert.a}–{alert.b} escalation since "
               f"{alert.start.isoformat()}" + (" (level rose)" if rose else ""))
    return AlertMessage(
        alert_id=alert.alert_id, level=alert.level, subject=subject, text=alert.explain(),
        links=alert_links(alert, dashboard_url),
        payload=alert_model(alert).model_dump(mode="json"),
        previous_level=LEVELS[previous_rank - 1] if previous_rank else None)


def deliver(store: Store, alerts: Iterable[Alert], channels: Sequence[Channel], *,
            watch: Watchlists, dashboard_url: str) -> DeliveryReport:
    """Record `alerts` and send each wanted one to every channel that has not had it yet.

    An alert is sent on a channel when that channel never got it, or got it at a lower level.
    A channel that fails (after its own retries) is recorded as failed and tried again on the
    next cycle; the other channels go on.
    """
    report = DeliveryReport()
    for alert in alerts:
        report.alerts += 1
        payload = alert_model(alert).model_dump(mode="json")
        store.record_alert(alert_id=alert.alert_id, a=alert.a, b=alert.b, period=alert.by,
                           start_day=alert.start, end_day=alert.end, level=alert.level,
                           rank=alert.rank, explanation=alert.explain(), payload=payload)
        if not watch.wants(alert):
            continue
        report.wanted += 1
        for channel in channels:
            sent = store.delivered_rank(alert.alert_id, channel.name)
            if sent is not None and sent >= alert.rank:
                continue
            message = alert_message(alert, dashboard_url, previous_rank=sent)
            try:
                channel.send(message)
            except DeliveryError as exc:
                log.warning("%s", exc)
                store.record_delivery(alert_id=alert.alert_id, channel=channel.name,
                                      rank=alert.rank, sent=False, attempts=1, error=str(exc))
                report.failed.append((alert.alert_id, channel.name, str(exc)))
                continue
            store.record_delivery(alert_id=alert.alert_id, channel=channel.name,
                                  rank=alert.rank, sent=True, attempts=1)
            report.sent.append((alert.alert_id, channel.name))
    return report


def retry_failed(store: Store, channels: Sequence[Channel], *, dashboard_url: str
                 ) -> DeliveryReport:
    """Send again what failed on a channel earlier, from the alert as it was recorded.

    A failed channel is retried on every cycle, whether or not new reports touched the
    alert, until it takes the message (or a higher level supersedes it).
    """
    report = DeliveryReport()
    failed = store.failed_deliveries()
    if not failed:
        return report
    rows = {row.alert_id: row for row in store.alert_log(limit=10_000)}
    by_name = {channel.name: channel for channel in channels}
    base = dashboard_url.rstrip("/") + "/"
    for alert_id, name, rank in failed:
        row, channel = rows.get(alert_id), by_name.get(name)
        if row is None or channel is None or row.rank != rank:
            continue  # a channel since removed, or a level since raised: deliver() handles it
        links = [f"{base}#/dyad/{quote(row.a)}/{quote(row.b)}?by={row.period}"]
        links += [f"{base}#/event/{quote(str(d['event_ids'][0]))}"
                  for d in row.payload.get("drivers", []) if d.get("event_ids")]
        message = AlertMessage(
            alert_id=alert_id, level=row.level, text=row.explanation, links=tuple(links),
            subject=(f"[flashpoint {row.level}] {row.a}–{row.b} escalation since "
                     f"{row.start_day.isoformat()}"), payload=row.payload)
        try:
            channel.send(message)
        except DeliveryError as exc:
            store.record_delivery(alert_id=alert_id, channel=name, rank=rank, sent=False,
                                  attempts=1, error=str(exc))
            report.failed.append((alert_id, name, str(exc)))
            continue
        store.record_delivery(alert_id=alert_id, channel=name, rank=rank, sent=True,
                              attempts=1)
        report.sent.append((alert_id, name))
    return report


def test_message(dashboard_url: str) -> AlertMessage:
    """The message `flashpoint alerts test` sends: clearly a test, with a working link."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return AlertMessage(
        alert_id=f"test-{stamp}", level="watch", subject="[flashpoint test] alert channel check",
        text=(f"This is a test message sent by `flashpoint alerts test` at {stamp}. If you "
              "read it, this channel will receive escalation alerts."),
        links=(dashboard_url.rstrip("/") + "/",), payload={}, test=True)


def send_test(channels: Sequence[Channel], dashboard_url: str) -> list[tuple[str, str | None]]:
    """Send a test message to every channel: (channel name, None or the failure) each."""
    message = test_message(dashboard_url)
    results: list[tuple[str, str | None]] = []
    for channel in channels:
        try:
            channel.send(message)
        except DeliveryError as exc:
            results.append((channel.name, str(exc)))
        else:
            results.append((channel.name, None))
    return results
