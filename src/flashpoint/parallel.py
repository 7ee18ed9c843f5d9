"""Parse and code with several processes, the output identical to one process, in input order.

The parent reads the articles and hands them out in small batches to a pool of worker
processes, each with its own copy of the coder; results come back in submission order. The
parent keeps at most a few batches per worker in flight, so memory does not grow with the
input, and everything that writes (the store, the output file) stays in the parent.

On Linux the workers are forked from the parent after the coder is loaded, so they start at
once and share the model's memory until they write to it; elsewhere each worker unpickles
the coder. An input of one batch or less is coded in the parent: a pool would cost more than
it saves (`flashpoint code one.txt` starts as fast as before).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from flashpoint.pipeline import Coded, Coder
from flashpoint.records import Article, Event, Problem

# Articles per task: small enough that the last tasks balance across workers, large enough
# that spaCy batches well and the pickling overhead is small next to the parse.
TASK_ARTICLES = 8
# Tasks in flight per worker: one being coded, one queued so a worker never waits for the parent.
IN_FLIGHT = 2

_WORKER: dict[str, Coder] = {}  # in a worker: the coder its initializer received


def default_workers() -> int:
    """The cores this process may run on (the `--workers` default)."""
    sched = getattr(os, "sched_getaffinity", None)
    if sched is not None:
        return max(1, len(sched(0)))
    return max(1, os.cpu_count() or 1)


def code_parallel(coder: Coder, articles: Iterable[Article], *,
                  workers: int | None = None,
                  task_articles: int = TASK_ARTICLES) -> Iterator[Coded]:
    """`coder.code_checked(articles)` with `workers` processes: the same tuples, same order.

    `workers=None` uses every core; 1 codes in this process.
    """
    workers = default_workers() if workers is None else max(1, workers)
    stream = iter(articles)
    first = list(itertools.islice(stream, task_articles))
    if workers == 1 or len(first) < task_articles:
        yield from coder.code_checked(itertools.chain(first, stream))
        return
    second = list(itertools.islice(stream, task_articles))
    if not second:
        yield from coder.code_checked(first)
        return
    tasks = itertools.chain([first, second], _batches(stream, task_articles))
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    pending: deque[tuple[list[Article], Future[list[tuple[list[Event], Problem | None]]]]] = \
        deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_start_worker, initargs=(coder,)) as pool:
        for batch in tasks:
            pending.append((batch, pool.submit(_code_batch, batch)))
            if len(pending) >= workers * IN_FLIGHT:
                yield from _collect(pending.popleft())
        while pending:
            yield from _collect(pending.popleft())


def _batches(stream: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(itertools.islice(stream, size)):
        yield batch


def _collect(item: tuple[list[Article],
                         Future[list[tuple[list[Event], Problem | None]]]]) -> Iterator[Coded]:
    """The articles of one task with the events the worker found; waits for the worker."""
    batch, future = item
    for article, (events, problem) in zip(batch, future.result(), strict=True):
        yield article, events, problem


def _start_worker(coder: Coder) -> None:
    _WORKER["coder"] = coder


def _code_batch(articles: list[Article]) -> list[tuple[list[Event], Problem | None]]:
    """In a worker: code one task; the articles stay with the parent, only events return."""
    coder = _WORKER["coder"]  # set by the pool's initializer before any task
    return [(events, problem) for _, events, problem in coder.code_checked(articles)]
