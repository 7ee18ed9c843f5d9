"""Progress for long runs: a bar on a terminal, plain log lines elsewhere (CI, pipes)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

Report = Callable[[int, int, float], None]
LOG_EVERY_SECONDS = 10.0


@contextlib.contextmanager
def progress_reporter(console: Console, total: int | None = None) -> Iterator[Report]:
    """Yield a callback taking (documents, events, seconds) that shows progress."""
    if console.is_terminal:
        columns = (TextColumn("{task.fields[docs]} docs"), BarColumn(),
                   TextColumn("{task.fields[events]} events"),
                   TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(),
                   TextColumn("left"), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("coding", total=total, docs=0, events=0, rate=0.0)

            def update(docs: int, events: int, seconds: float) -> None:
                bar.update(task, completed=docs, docs=docs, events=events,
                           rate=docs / seconds if seconds else 0.0)

            yield update
        return
    last = [time.monotonic()]

    def log(docs: int, events: int, seconds: float) -> None:
        if time.monotonic() - last[0] >= LOG_EVERY_SECONDS:
            last[0] = time.monotonic()
            rate = docs / seconds if seconds else 0.0
            left = f", about {(total - docs) / rate:.0f}s left" if total and rate else ""
            console.print(f"progress: {docs} documents, {events} events, {rate:.1f} docs/s{left}")

    yield log
