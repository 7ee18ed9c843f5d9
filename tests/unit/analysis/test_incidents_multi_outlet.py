"""Multi-outlet articles written for the project: coded, clustered and scored pairwise (#19).

tests/data/incidents/ holds three happenings told by two or three outlets and near-misses
that must stay apart (same country and week, same type and day elsewhere, undated pages).
"""

from __future__ import annotations

from pathlib import Path

from flashpoint.evaluate.incidents import PairCounts, evaluate_incidents
from flashpoint.pipeline import Coder

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "incidents"


def test_incidents_multi_outlet_fixtures_join_only_the_same_happening(coder: Coder) -> None:
    result = evaluate_incidents(FIXTURES / "gold.jsonl", coder.code_articles,
                                pages=FIXTURES / "pages.jsonl")

    assert (result.articles, result.clusters) == (13, 3)
    assert result.false_joins == ()
    # bo-1/bo-2, ke-1/ke-2 and cm-1/cm-2 are joined; cm-3 is undated and stays apart
    assert result.article_pairs == PairCounts(hits=3, predicted=3, gold=5)
    assert result.event_pairs == PairCounts(hits=3, predicted=3, gold=5)


def test_incidents_eval_split_keeps_pairs_of_kept_articles(coder: Coder) -> None:
    tune = evaluate_incidents(FIXTURES / "gold.jsonl", coder.code_articles,
                              pages=FIXTURES / "pages.jsonl", split="tune")
    check = evaluate_incidents(FIXTURES / "gold.jsonl", coder.code_articles,
                               pages=FIXTURES / "pages.jsonl", split="check")

    assert tune.articles + check.articles == 13
    assert tune.article_pairs.gold + check.article_pairs.gold <= 5
