"""The tune/check split: a fixed hash of the record id, and evaluation on one part."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from flashpoint.errors import ConfigError
from flashpoint.evaluate import (
    evaluate,
    evaluate_splits,
    in_part,
    in_split,
    read_gold,
    read_predictions,
    read_seed,
    select,
    split_of,
)
from flashpoint.records import Article, Event

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold"


def test_split_of_is_the_announced_formula_on_known_ids() -> None:
    # pinned: the other tools filter gold files with this exact cut, so it must never drift
    assert [split_of(i) for i in ("pl-1", "pl-2", "rd-001", "E1", "E2", "rn-2")] == [
        "tune", "check", "check", "tune", "check", "tune"]
    bucket = int(hashlib.sha256(b"rd-001").hexdigest()[:8], 16) % 100
    assert bucket >= 60  # so rd-001 is check by the formula itself, not only by the code


def test_split_of_puts_about_sixty_percent_in_tune() -> None:
    ids = [f"doc-{n}" for n in range(5000)]
    share = sum(split_of(i) == "tune" for i in ids) / len(ids)
    assert 0.58 < share < 0.62
    assert [split_of(i) for i in ids] == [split_of(i) for i in ids]  # no hidden state


def test_in_split_all_holds_everything_and_unknown_is_refused() -> None:
    assert in_split("pl-2", "all") and in_split("pl-2", "check") and not in_split("pl-2", "tune")
    with pytest.raises(ConfigError, match="unknown split 'dev'"):
        in_split("pl-2", "dev")


def test_select_keeps_the_file_order() -> None:
    ids = ["pl-6", "pl-1", "pl-5", "pl-3", "pl-2"]
    assert select(ids, "check", key=str) == ["pl-6", "pl-5", "pl-2"]
    assert select(ids, "tune", key=str) == ["pl-1", "pl-3"]


class _Recorder:
    """A coder that returns the hand-coded predictions and remembers what it was asked."""

    def __init__(self, pred: Path) -> None:
        self.events = read_predictions(pred)
        self.calls: list[list[str]] = []

    def __call__(self, articles: list[Article]) -> list[Event]:
        self.calls.append([a.doc_id for a in articles])
        asked = {a.doc_id for a in articles}
        return [e for e in self.events if e.doc_id in asked]


def test_evaluate_on_one_split_codes_and_scores_only_its_records() -> None:
    coder = _Recorder(GOLD / "plover.pred.jsonl")
    result = evaluate(GOLD / "plover.gold.jsonl", "plover", coder, split="tune")
    assert coder.calls == [["pl-1", "pl-3"]]
    assert (result.split, result.records) == ("tune", 2)
    check = evaluate(GOLD / "plover.gold.jsonl", "plover", coder, split="check")
    assert coder.calls[-1] == ["pl-2", "pl-4", "pl-5", "pl-6"]
    assert (check.split, check.records) == ("check", 4)


def test_evaluate_splits_codes_once_and_matches_single_split_runs() -> None:
    coder = _Recorder(GOLD / "plover.pred.jsonl")
    both = evaluate_splits(GOLD / "plover.gold.jsonl", "plover", coder)
    assert coder.calls == [["pl-1", "pl-2", "pl-3", "pl-4", "pl-5", "pl-6"]]
    for split in ("tune", "check"):
        alone = evaluate(GOLD / "plover.gold.jsonl", "plover", coder, split=split)
        assert both[split] == alone


def test_evaluate_refuses_an_unknown_split_before_coding() -> None:
    coder = _Recorder(GOLD / "plover.pred.jsonl")
    with pytest.raises(ConfigError):
        evaluate(GOLD / "plover.gold.jsonl", "plover", coder, split="held-out")
    assert coder.calls == []


def test_a_seed_file_is_split_by_its_core_event_ids() -> None:
    record = read_seed(GOLD / "harbour-standoff.gold.yaml")
    tune, check = (in_part([record], "seed", s)[0] for s in ("tune", "check"))
    assert [e.event_id for e in tune.events or ()] == ["S1", "S2", "S4", "S5"]  # S4: not core
    assert [e.event_id for e in check.events or ()] == ["S3", "S4"]
    assert tune.text == check.text == record.text


def test_a_sentence_file_is_split_by_record_id() -> None:
    records = read_gold(GOLD / "india.gold.jsonl")
    assert [r.id for r in in_part(records, "india", "check")] == ["in-2", "in-3"]
    assert [r.id for r in in_part(records, "india", "all")] == [r.id for r in records]
