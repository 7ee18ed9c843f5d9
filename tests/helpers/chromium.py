"""What the browser tests share: Debian's Chromium, its flags, Playwright, a free port."""

from __future__ import annotations

import importlib.util
import socket
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def playwright_sync_api() -> Any:
    """Playwright's sync API, or a clean skip when Chromium or Playwright is missing."""
    if not CHROMIUM.is_file():
        pytest.skip("/usr/bin/chromium is missing; run tools/install-browser.sh")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("playwright is not installed (pip install playwright)")
    import playwright.sync_api

    return playwright.sync_api
