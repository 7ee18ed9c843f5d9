"""Alert channels as plugins: a hook spec, the built-in webhook, e-mail and Atom channels.

A channel type is a factory `(name, options) -> Channel`; plugins offer types through the
`flashpoint_channel_types` hook (pluggy, as Datasette and pytest grow), registered under the
`flashpoint` entry-point group, and the built-ins below are registered the same way, so a
desk's own channel (a chat room, a pager) needs no change here (STYLE.md section 4).

A channel's `send` either delivers the message or raises `DeliveryError` after its own
retries; whether a message was already sent is the delivery log's business, not the
channel's.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Protocol, TypeVar

import httpx
import pluggy
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from flashpoint import __version__
from flashpoint.errors import ConfigError, DeliveryError

PROJECT = "flashpoint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
SIGNATURE_HEADER = "X-Flashpoint-Signature"


@dataclass(frozen=True, slots=True)
class AlertMessage:
    """What every channel sends: a subject, a plain-text body with links, and the JSON form."""

    alert_id: str
    level: str
    subject: str
    text: str
    links: tuple[str, ...]
    payload: Mapping[str, Any] = field(default_factory=dict)
    previous_level: str | None = None
    test: bool = False


class Channel(Protocol):
    """A configured destination for alerts."""

    name: str
    type: str

    def send(self, message: AlertMessage) -> None:
        """Deliver `message`, or raise `DeliveryError` once retries are spent."""


ChannelFactory = Callable[[str, Mapping[str, Any]], Channel]


class ChannelSpec:
    """The hooks a channel plugin implements."""

    @hookspec
    def flashpoint_channel_types(self) -> Mapping[str, ChannelFactory]:  # type: ignore[empty-body]
        """Channel types this plugin provides, as {type name: factory(name, options)}."""


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    type: str


_M = TypeVar("_M", bound=BaseModel)


def _options(model: type[_M], name: str, options: Mapping[str, Any]) -> _M:
    try:
        return model.model_validate(dict(options))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise ConfigError(key=f"channels.{name}.{where}", reason=str(first.get("msg"))) from exc


class WebhookOptions(_Options):
    """`type = "webhook"`: a JSON POST, signed with HMAC-SHA256 when `secret` is set."""

    url: str = Field(pattern=r"^https?://")
    secret: str | None = None
    retries: int = Field(default=3, ge=0, le=10)
    backoff: float = Field(default=2.0, ge=0)  # seconds before the first retry, then doubled
    timeout: float = Field(default=10.0, gt=0)


def sign(secret: str, body: bytes) -> str:
    """The signature header value of `body`: `sha256=<hex HMAC>`; receivers recompute it."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookChannel:
    """POSTs the alert as JSON; 2xx is delivered, anything else is retried with backoff."""

    type = "webhook"

    def __init__(self, name: str, options: Mapping[str, Any],
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.name = name
        self.options = _options(WebhookOptions, name, options)
        self._sleep = sleep

    def send(self, message: AlertMessage) -> None:
        """POST the message; retry on network errors and non-2xx answers."""
        body = json.dumps({"alert_id": message.alert_id, "level": message.level,
                           "previous_level": message.previous_level,
                           "subject": message.subject, "text": message.text,
                           "links": list(message.links), "test": message.test,
                           "alert": dict(message.payload)}, default=str).encode()
        headers = {"Content-Type": "application/json",
                   "User-Agent": f"flashpoint/{__version__}"}
        if self.options.secret:
            headers[SIGNATURE_HEADER] = sign(self.options.secret, body)
        reason = ""
        for attempt in range(self.options.retries + 1):
            if attempt:
                self._sleep(self.options.backoff * 2 ** (attempt - 1))
            try:
                answer = httpx.post(self.options.url, content=body, headers=headers,
                                    timeout=self.options.timeout)
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}: {exc}"
                continue
            if 200 <= answer.status_code < 300:
                return
            reason = f"HTTP {answer.status_code}"
        raise DeliveryError(channel=self.name, reason=(
            f"{reason} from {self.options.url} after {self.options.retries + 1} attempts"))


class EmailOptions(_Options):
    """`type = "email"`: one message per alert over SMTP (stdlib smtplib)."""

    host: str
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    ssl: bool = False
    username: str | None = None
    password: str | None = None
    sender: str
    to: tuple[str, ...] = Field(min_length=1)
    timeout: float = Field(default=20.0, gt=0)
    retries: int = Field(default=2, ge=0, le=10)
    backoff: float = Field(default=2.0, ge=0)


class EmailChannel:
    """Sends a plain-text e-mail; connection failures are retried with backoff."""

    type = "email"

    def __init__(self, name: str, options: Mapping[str, Any],
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.name = name
        self.options = _options(EmailOptions, name, options)
        self._sleep = sleep

    def _message(self, message: AlertMessage) -> EmailMessage:
        mail = EmailMessage()
        mail["Subject"] = message.subject
        mail["From"] = self.options.sender
        mail["To"] = ", ".join(self.options.to)
        mail["X-Flashpoint-Alert"] = message.alert_id
        mail.set_content(message.text + "\n\n" + "\n".join(message.links) + "\n")
        return mail

    def _deliver(self, mail: EmailMessage) -> None:
        o = self.options
        smtp: smtplib.SMTP = (smtplib.SMTP_SSL(o.host, o.port, timeout=o.timeout,
                                               context=ssl.create_default_context())
                              if o.ssl else smtplib.SMTP(o.host, o.port, timeout=o.timeout))
        with smtp:
            if o.starttls and not o.ssl:
                smtp.starttls(context=ssl.create_default_context())
            if o.username:
                smtp.login(o.username, o.password or "")
            smtp.send_message(mail)

    def send(self, message: AlertMessage) -> None:
        """Send the mail to every address in `to`."""
        mail = self._message(message)
        reason = ""
        for attempt in range(self.options.retries + 1):
            if attempt:
                self._sleep(self.options.backoff * 2 ** (attempt - 1))
            try:
                self._deliver(mail)
                return
            except (OSError, smtplib.SMTPException) as exc:
                reason = f"{type(exc).__name__}: {exc}"
        raise DeliveryError(channel=self.name, reason=(
            f"{reason} via {self.options.host}:{self.options.port}"))


class AtomChannel:
    """The Atom feed at /alerts.atom: sending records the alert as an entry of the feed.

    Feed readers pull; the delivery log's 'sent' row for this channel is what puts an alert
    in the feed, so an alert enters it once, and again only when its level rises.
    """

    type = "atom"

    def __init__(self, name: str, options: Mapping[str, Any]) -> None:
        self.name = name
        _options(_Options, name, options)

    def send(self, message: AlertMessage) -> None:
        """Nothing to push: the feed is served from the delivery log."""


class BuiltinChannels:
    """The channel types that ship with flashpoint, registered like any plugin."""

    @hookimpl
    def flashpoint_channel_types(self) -> Mapping[str, ChannelFactory]:
        """webhook, email and atom."""
        return {"webhook": WebhookChannel, "email": EmailChannel, "atom": AtomChannel}


def plugin_manager(*, entry_points: bool = True) -> pluggy.PluginManager:
    """The built-ins plus every installed `flashpoint` entry-point plugin."""
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(ChannelSpec)
    manager.register(BuiltinChannels(), name="flashpoint.builtin_channels")
    if entry_points:
        manager.load_setuptools_entrypoints(PROJECT)
    return manager


def channel_types(manager: pluggy.PluginManager | None = None) -> dict[str, ChannelFactory]:
    """Every channel type on offer; a name offered twice is a `ConfigError`."""
    manager = manager or plugin_manager()
    found: dict[str, ChannelFactory] = {}
    for offered in manager.hook.flashpoint_channel_types():
        for name, factory in offered.items():
            if name in found and found[name] is not factory:
                raise ConfigError(key=f"channel type {name}", reason=(
                    "offered by two plugins; uninstall one"))
            found[name] = factory
    return found


def build_channels(config: Mapping[str, Mapping[str, Any]], *,
                   manager: pluggy.PluginManager | None = None) -> list[Channel]:
    """The channels a config's `[channels.*]` tables describe, validated, in name order."""
    types = channel_types(manager)
    channels: list[Channel] = []
    for name, options in sorted(config.items()):
        kind = options.get("type")
        if kind not in types:
            raise ConfigError(key=f"channels.{name}.type", reason=(
                f"{kind!r} is no channel type; choose one of {', '.join(sorted(types))}"))
        channels.append(types[kind](name, options))
    return channels
