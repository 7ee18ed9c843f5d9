"""The live monitor (DESIGN.md `monitor`): one process that polls, codes, alerts and serves.

`run_monitor` is what `flashpoint monitor` runs; `config` reads the TOML file of channels and
watchlists; `channels` holds the plugin hook spec and the built-in channels; `delivery` sends
each alert once per channel and level and remembers it in the store.
"""

from __future__ import annotations

from flashpoint.monitor.channels import AlertMessage, Channel, build_channels
from flashpoint.monitor.config import MonitorConfig, load_config
from flashpoint.monitor.delivery import deliver, send_test
from flashpoint.monitor.process import Monitor, build_monitor_app, run_monitor

__all__ = [
    "AlertMessage",
    "Channel",
    "Monitor",
    "MonitorConfig",
    "build_channels",
    "build_monitor_app",
    "deliver",
    "load_config",
    "run_monitor",
    "send_test",
]
