"""Parallel coding (#18): two worker processes give exactly what one process gives, in order."""

from __future__ import annotations

import json
from pathlib import Path

from flashpoint import runner
from flashpoint.ingest.readers import read_sources
from flashpoint.parallel import TASK_ARTICLES, code_parallel
from flashpoint.pipeline import Coder
from flashpoint.records import Article, Event
from flashpoint.store.db import Store

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


def _articles() -> list[Article]:
    return [a for a in read_sources([ARTICLES]) if isinstance(a, Article)]


def test_fixture_corpus_is_big_enough_for_the_pool() -> None:
    # fewer than two tasks would be coded in the parent, and the tests below would not compare
    # the pool with one process at all
    assert len(_articles()) > 2 * TASK_ARTICLES


def test_code_paths_two_workers_equal_one(coder: Coder) -> None:
    one: list[Event] = []
    two: list[Event] = []
    first = runner.code_paths([ARTICLES], emit=one.append, coder=coder, workers=1)
    second = runner.code_paths([ARTICLES], emit=two.append, coder=coder, workers=2)
    assert len(one) > 20
    assert [e.to_dict() for e in two] == [e.to_dict() for e in one]
    assert (second.read, second.events, second.problems) == (
        first.read, first.events, first.problems)


def test_code_parallel_keeps_input_order_with_small_tasks(coder: Coder) -> None:
    articles = _articles()
    serial = [(a.doc_id, [e.event_id for e in events], problem)
              for a, events, problem in coder.code_checked(articles)]
    pooled = [(a.doc_id, [e.event_id for e in events], problem)
              for a, events, problem in code_parallel(coder, articles, workers=2,
                                                      task_articles=3)]
    assert pooled == serial


def test_a_text_too_long_is_the_same_problem_with_workers(coder: Coder) -> None:
    articles = _articles()
    long = Article(doc_id="too-long", text="The army shelled the border town. " * 40)
    small = Coder(nlp=coder.nlp, lexicon=coder.lexicon, cues=coder.cues, max_chars=1000)
    inputs = [*articles[:5], long, *articles[5:12]]
    serial = [(a.doc_id, len(events), problem) for a, events, problem in
              small.code_checked(inputs)]
    pooled = [(a.doc_id, len(events), problem) for a, events, problem in
              code_parallel(small, inputs, workers=2, task_articles=4)]
    assert pooled == serial
    assert [p.code for _, _, p in pooled if p is not None] == ["E211"]


def test_run_with_two_workers_stores_the_same_events(coder: Coder, tmp_path: Path) -> None:
    stored = []
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.duckdb") as store:
            summary = runner.run([ARTICLES], store=store, coder=coder, workers=workers)
            events = sorted(json.dumps(e.to_dict(), sort_keys=True) for e in store.events())
            stored.append((summary.coded, summary.events, events))
    assert stored[1] == stored[0]
    assert stored[0][1] > 20


def test_ingest_then_run_with_two_workers_codes_every_pending_article(
        coder: Coder, tmp_path: Path) -> None:
    with Store.open(tmp_path / "direct.duckdb") as store:
        runner.run([ARTICLES], store=store, coder=coder, workers=1)
        direct = sorted(json.dumps(e.to_dict(), sort_keys=True) for e in store.events())
    with Store.open(tmp_path / "pending.duckdb") as store:
        ingested = runner.run([ARTICLES], store=store, coder=coder, code=False)
        pending = [a.content_hash for a in store.pending_articles(page=3)]
        assert len(pending) == len(set(pending)) == ingested.pending > 2 * TASK_ARTICLES
        summary = runner.run([], store=store, coder=coder, workers=2)
        assert (summary.coded, list(store.pending_articles())) == (ingested.pending, [])
        stored = sorted(json.dumps(e.to_dict(), sort_keys=True) for e in store.events())
    assert stored == direct
