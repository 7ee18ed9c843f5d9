"""The monitor's TOML file: poll interval, dashboard address, alert channels and watchlists.

One file (`--config`, default `flashpoint.toml` in the working folder when present) says
where alerts go and which ones matter. Each `[channels.<name>]` table names a channel `type`
(a built-in or a plugin's) and its options, which the channel type validates. Watchlists say
which dyads, actors and places a desk cares about, each with the lowest level worth sending.
With no watchlist at all, every alert is sent. Secrets can stay out of the file: any option
`x_env = "NAME"` reads option `x` from the environment variable NAME at load time.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from flashpoint.analysis.alerts import LEVELS, Alert
from flashpoint.errors import ConfigError

Level = Literal["watch", "warning", "critical"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DyadWatch(_Strict):
    """A pair of actor ids or ISO3 countries, evaluated after every poll that touches it."""

    a: str
    b: str
    level: Level = "watch"


class ActorWatch(_Strict):
    """An actor id (or ISO3 country) on either side of an alert's dyad."""

    actor: str
    level: Level = "watch"


class PlaceWatch(_Strict):
    """A country (ISO3) or place name where an alert's driving incidents happened."""

    place: str
    level: Level = "watch"


class Watchlists(_Strict):
    """What a desk cares about; an alert is sent when any entry matches at its level."""

    dyads: tuple[DyadWatch, ...] = ()
    actors: tuple[ActorWatch, ...] = ()
    places: tuple[PlaceWatch, ...] = ()

    @property
    def empty(self) -> bool:
        """No watchlist at all: every alert counts."""
        return not (self.dyads or self.actors or self.places)

    def wants(self, alert: Alert) -> bool:
        """Whether `alert` is worth sending: it matches an entry at or above its level."""
        if self.empty:
            return True

        def at(level: Level) -> bool:
            return alert.rank >= LEVELS.index(level) + 1

        sides = {alert.a, alert.b}
        return (
            any(at(w.level) and {w.a, w.b} == sides for w in self.dyads)
            or any(at(w.level) and w.actor in sides for w in self.actors)
            or any(at(w.level) and any(w.place in (d.country, d.place) for d in alert.drivers)
                   for w in self.places)
        )


class MonitorSection(_Strict):
    """`[monitor]`: schedule and presentation."""

    every: str = "15m"
    by: Literal["day", "week", "month"] = "week"
    dashboard_url: str | None = None  # where links in alerts point; default: this server
    snapshot_every: float = Field(default=30.0, ge=0)  # seconds between reader snapshots


class MonitorConfig(_Strict):
    """The whole file, validated; `channels` keeps each table's raw options for its type."""

    monitor: MonitorSection = MonitorSection()
    channels: dict[str, dict[str, Any]] = {}
    watch: Watchlists = Watchlists()


def _resolve_env(options: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Replace `x_env = "NAME"` by `x = $NAME`, so secrets need not sit in the file."""
    out: dict[str, Any] = {}
    for key, value in options.items():
        if key.endswith("_env") and isinstance(value, str):
            name = key.removesuffix("_env")
            if value not in os.environ:
                raise ConfigError(key=f"{where}.{key}", reason=(
                    f"environment variable {value} is not set"))
            out[name] = os.environ[value]
        else:
            out[key] = value
    return out


def load_config(path: str | Path | None) -> MonitorConfig:
    """Read and validate the TOML file at `path`; None gives the defaults (no channels).

    A mistyped key, an unknown level or an unset `*_env` variable is a `ConfigError` that
    names the key.
    """
    if path is None:
        return MonitorConfig()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(key=str(path), reason=f"cannot read the config: {exc}") from exc
    channels = data.get("channels", {})
    if not isinstance(channels, dict) or not all(isinstance(v, dict) for v in channels.values()):
        raise ConfigError(key=f"{path}: channels", reason=(
            "each channel is a table such as [channels.desk] with a `type`"))
    data["channels"] = {name: _resolve_env(options, f"channels.{name}")
                        for name, options in channels.items()}
    try:
        return MonitorConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise ConfigError(key=f"{path}: {where}", reason=str(first.get("msg"))) from exc


def default_config_path() -> Path | None:
    """`flashpoint.toml` in the working folder, if there is one."""
    path = Path("flashpoint.toml")
    return path if path.is_file() else None
