"""Alert delivery: once per channel and level, remembered in the store, over real loopback
servers (a webhook receiver and aiosmtpd); channels as plugins; the TOML config (#17)."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pytest
from monitor_world import Inbox, seed_history, serve_smtp, serve_webhook

from flashpoint.analysis.alerts import Alert
from flashpoint.analysis.monitor import dyad_report
from flashpoint.errors import ConfigError, DeliveryError
from flashpoint.monitor.channels import (
    SIGNATURE_HEADER,
    AlertMessage,
    WebhookChannel,
    build_channels,
    hookimpl,
    plugin_manager,
)
from flashpoint.monitor.config import ActorWatch, Watchlists, load_config
from flashpoint.monitor.delivery import alert_links, deliver, retry_failed, send_test
from flashpoint.store import Store

pytestmark = pytest.mark.issue(17)
TODAY = date(2025, 6, 18)
DASHBOARD = "http://127.0.0.1:8000/"


def _alert(store: Store) -> Alert:
    seed_history(store, TODAY)
    return dyad_report(store, "ERI", "ETH").alerts[-1]


def _no_sleep(seconds: float) -> None:
    pass


def _channels(hook: str, smtp_port: int, *, secret: str | None = "desk-secret"
              ) -> list[Any]:
    config: dict[str, dict[str, Any]] = {
        "hook": {"type": "webhook", "url": hook, "retries": 2, "backoff": 0},
        "mail": {"type": "email", "host": "127.0.0.1", "port": smtp_port, "starttls": False,
                 "sender": "monitor@example.org", "to": ["desk@example.org"]},
        "feed": {"type": "atom"},
    }
    if secret:
        config["hook"]["secret"] = secret
    return build_channels(config)


def test_delivery_sends_once_per_channel_and_remembers_across_restarts(tmp_path: Path) -> None:
    hooks, mails = Inbox(), Inbox()
    db = tmp_path / "desk.duckdb"
    with serve_webhook(hooks) as hook, serve_smtp(mails) as port:
        channels = _channels(hook, port)
        with Store.open(db) as store:
            alert = _alert(store)
            first = deliver(store, [alert], channels, watch=Watchlists(),
                            dashboard_url=DASHBOARD)
            again = deliver(store, [alert], channels, watch=Watchlists(),
                            dashboard_url=DASHBOARD)
        with Store.open(db) as store:  # a restarted monitor
            after_restart = deliver(store, [alert], channels, watch=Watchlists(),
                                    dashboard_url=DASHBOARD)
            log = store.deliveries()
    assert sorted(first.sent) == [(alert.alert_id, "feed"), (alert.alert_id, "hook"),
                                  (alert.alert_id, "mail")]
    assert (again.sent, after_restart.sent) == ([], [])
    assert log == [(alert.alert_id, name, alert.rank, "sent", 1)
                   for name in ("feed", "hook", "mail")]
    [(headers, body, payload)] = hooks.snapshot()
    expected = "sha256=" + hmac.new(b"desk-secret", body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == expected
    assert (payload["alert_id"], payload["level"], payload["text"]) == (
        alert.alert_id, alert.level, alert.explain())
    assert payload["links"] == list(alert_links(alert, DASHBOARD))
    assert payload["links"][0] == f"{DASHBOARD}#/dyad/ERI/ETH?by=week"
    [(to, mail)] = mails.snapshot()
    assert to == ["desk@example.org"]
    assert mail["X-Flashpoint-Alert"] == alert.alert_id
    assert alert.explain().split(":")[0] in mail.get_payload(decode=True).decode()


def test_delivery_sends_again_when_the_level_rises(tmp_path: Path) -> None:
    hooks = Inbox()
    with serve_webhook(hooks) as hook, Store.open(tmp_path / "d.duckdb") as store:
        alert = _alert(store)
        calm = dataclasses.replace(
            alert, window=dataclasses.replace(alert.window, ratio=2.0),
            drivers=tuple(dataclasses.replace(d, killed=0) for d in alert.drivers))
        channels = build_channels({"hook": {"type": "webhook", "url": hook}})
        for version in (calm, calm, alert, alert):
            deliver(store, [version], channels, watch=Watchlists(), dashboard_url=DASHBOARD)
        logged = store.alert_log()
    got = [(p["level"], p["previous_level"]) for _, _, p in hooks.snapshot()]
    assert got == [("watch", None), ("critical", "watch")]
    assert [(r.alert_id, r.level) for r in logged] == [(alert.alert_id, "critical")]


def test_delivery_watchlist_holds_back_unwanted_alerts(tmp_path: Path) -> None:
    hooks = Inbox()
    with serve_webhook(hooks) as hook, Store.open(tmp_path / "d.duckdb") as store:
        alert = _alert(store)
        channels = build_channels({"hook": {"type": "webhook", "url": hook}})
        report = deliver(store, [alert], channels, dashboard_url=DASHBOARD,
                         watch=Watchlists(actors=(ActorWatch(actor="SOM"),)))
        logged = [r.alert_id for r in store.alert_log()]
    assert (report.alerts, report.wanted, report.sent, hooks.snapshot()) == (1, 0, [], [])
    assert logged == [alert.alert_id]  # recorded all the same, for the dashboard


def test_delivery_webhook_retries_then_delivers(tmp_path: Path) -> None:
    hooks = Inbox()
    waits: list[float] = []
    with serve_webhook(hooks, fail_first=2) as hook:
        channel = WebhookChannel("hook", {"type": "webhook", "url": hook, "retries": 3,
                                          "backoff": 0.5}, sleep=waits.append)
        channel.send(AlertMessage("a-1", "watch", "subject", "text", ()))
    assert (len(hooks.snapshot()), waits) == (1, [0.5, 1.0])


def test_delivery_failure_is_recorded_and_retried_next_cycle(tmp_path: Path) -> None:
    hooks = Inbox()
    with serve_webhook(hooks, fail_first=3) as hook, Store.open(tmp_path / "d.duckdb") as store:
        alert = _alert(store)
        channel = WebhookChannel("hook", {"type": "webhook", "url": hook, "retries": 2,
                                          "backoff": 0}, sleep=_no_sleep)
        first = deliver(store, [alert], [channel], watch=Watchlists(), dashboard_url=DASHBOARD)
        pending = store.failed_deliveries()
        # The next cycle retries it although no new report touched the alert.
        second = retry_failed(store, [channel], dashboard_url=DASHBOARD)
        third = deliver(store, [alert], [channel], watch=Watchlists(), dashboard_url=DASHBOARD)
        log = store.deliveries()
        after = store.failed_deliveries()
    assert [(a, c) for a, c, _ in first.failed] == [(alert.alert_id, "hook")]
    assert "HTTP 503" in first.failed[0][2]
    assert pending == [(alert.alert_id, "hook", alert.rank)]
    assert (second.sent, third.sent, after) == ([(alert.alert_id, "hook")], [], [])
    assert log == [(alert.alert_id, "hook", alert.rank, "sent", 2)]
    [(_, _, payload)] = hooks.snapshot()
    assert (payload["alert_id"], payload["text"], payload["links"]) == (
        alert.alert_id, alert.explain(), list(alert_links(alert, DASHBOARD)))


def test_delivery_alerts_test_reports_each_channel() -> None:
    hooks, mails = Inbox(), Inbox()
    with serve_webhook(hooks) as hook, serve_smtp(mails) as port:
        channels = _channels(hook, port, secret=None)
        dead = WebhookChannel("dead", {"type": "webhook", "url": "http://127.0.0.1:9/x",
                                       "retries": 0, "timeout": 2}, sleep=_no_sleep)
        results = send_test([*channels, dead], DASHBOARD)
    assert [(name, failure is None) for name, failure in results] == [
        ("feed", True), ("hook", True), ("mail", True), ("dead", False)]
    assert [p["test"] for _, _, p in hooks.snapshot()] == [True]
    assert SIGNATURE_HEADER not in hooks.snapshot()[0][0]
    assert [m["Subject"] for _, m in mails.snapshot()] == ["[flashpoint test] alert channel check"]


class _Pager:
    """A third-party channel type, as a plugin would ship it."""

    sent: ClassVar[list[str]] = []

    def __init__(self, name: str, options: Mapping[str, Any]) -> None:
        self.name, self.type = name, "pager"

    def send(self, message: AlertMessage) -> None:
        if message.level == "critical":
            raise DeliveryError(channel=self.name, reason="pager quota exceeded")
        self.sent.append(message.alert_id)


class _PagerPlugin:
    @hookimpl
    def flashpoint_channel_types(self) -> dict[str, Any]:
        return {"pager": _Pager}


def test_delivery_plugin_channel_type_is_used_like_a_builtin() -> None:
    manager = plugin_manager(entry_points=False)
    manager.register(_PagerPlugin())
    [pager] = build_channels({"night-desk": {"type": "pager"}}, manager=manager)
    pager.send(AlertMessage("a-9", "warning", "s", "t", ()))
    with pytest.raises(DeliveryError) as caught:
        pager.send(AlertMessage("a-10", "critical", "s", "t", ()))
    assert (_Pager.sent, caught.value.code) == (["a-9"], "E606")
    with pytest.raises(ConfigError, match="choose one of atom, email, webhook"):
        build_channels({"x": {"type": "sms"}}, manager=plugin_manager(entry_points=False))


def test_delivery_config_reads_channels_watchlists_and_env_secrets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "flashpoint.toml"
    path.write_text('[monitor]\nevery = "5m"\n\n[channels.hook]\ntype = "webhook"\n'
                    'url = "https://hooks.example.org/x"\nsecret_env = "DESK_SECRET"\n\n'
                    '[[watch.dyads]]\na = "ETH"\nb = "ERI"\nlevel = "warning"\n\n'
                    '[[watch.places]]\nplace = "Badme"\n', encoding="utf-8")
    monkeypatch.setenv("DESK_SECRET", "from-the-env")
    config = load_config(path)
    [channel] = build_channels(config.channels)
    assert (config.monitor.every, channel.options.secret) == ("5m", "from-the-env")
    assert [(w.a, w.b, w.level) for w in config.watch.dyads] == [("ETH", "ERI", "warning")]
    assert [(w.place, w.level) for w in config.watch.places] == [("Badme", "watch")]


@pytest.mark.parametrize(("text", "key"), [
    ('[[watch.actors]]\nactor = "ETH"\nlevel = "loud"\n', "watch.actors.0.level"),
    ('[monitor]\nevry = "5m"\n', "monitor.evry"),
    ('[channels.hook]\ntype = "webhook"\nurl = "ftp://x"\n', "channels.hook.url"),
    ('[channels.hook]\ntype = "webhook"\nurl = "https://x"\nsecret_env = "NOPE_UNSET"\n',
     "channels.hook.secret_env"),
])
def test_delivery_config_errors_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build_channels(load_config(path).channels)
    assert caught.value.code == "E401"
    assert key in str(caught.value)
