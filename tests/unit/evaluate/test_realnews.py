"""The realnews task: reading gold and texts from two files, and score.py's figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flashpoint.errors import GoldFormatError
from flashpoint.evaluate import (
    LabelCounts,
    Violation,
    evaluate,
    load_gold,
    pages_beside,
    read_predictions,
    read_realnews,
    render_text,
    score,
)
from flashpoint.records import Article, Event

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold"


def _result(errors: int = 0):  # type: ignore[no-untyped-def]
    return score("realnews", read_realnews(GOLD / "realnews.gold.jsonl"),
                 read_predictions(GOLD / "realnews.pred.jsonl"), errors=errors)


def test_realnews_reads_texts_and_dates_from_the_pages_file() -> None:
    records = read_realnews(GOLD / "realnews.gold.jsonl")
    assert [(r.id, r.date.isoformat() if r.date else None, r.text.split(".")[0])
            for r in records] == [
        ("rn-1", "2025-03-10", "Gunmen stormed a customs post near Tulcea on Saturday, killing "
                               "three guards"),
        ("rn-2", None, "Ghana and Togo held talks in Lome on border security"),
        ("rn-3", "2025-06-02", "Farmers blocked the ring road around Quito for a second day")]
    first = records[0].events or ()
    assert [(e.event_code, [a.code for a in e.source or ()], e.modality, e.fatalities)
            for e in first] == [("ASSAULT", ["UNKNOWN"], "asserted", 3),
                                ("COERCE", ["ROU.POL"], "asserted", None),
                                ("SANCTION", ["ROU.GOV"], "future", None)]


def test_realnews_figures() -> None:
    result = _result()
    assert {name: (round(f.value, 3), f.hits, f.total) for name, f in result.figures.items()} == {
        "articles": (3.0, 3, None), "gold key events": (7.0, 7, None),
        "predicted events": (8.0, 8, None), "predicted per key event": (1.143, None, None),
        "predicted events that match a key event": (0.75, 6, 8),
        "modality right, matched": (0.833, 5, 6),
        "date right, matched with a gold date": (0.667, 2, 3),
        "killed right, matched with a gold toll": (1.0, 1, 1),
        "must-not violations": (1.0, 1, 2),
        "realnews key-event recall (type + source)": (0.857, 6, 7)}
    assert result.headline.name == "realnews key-event recall (type + source)"
    # the 2019 raid is a fact-coded event inside a background phrase; the analysts' forecast
    # is coded future, so it is kept apart and breaks nothing
    assert result.violations == (Violation(
        "rn-1: ASSAULT asserted on 'raid'", "in 2019 a similar raid closed the post for a month"),)


def test_realnews_per_type_counts() -> None:
    per_label = _result().per_label
    # COERCE for imposed sanctions counts as the gold SANCTION; symmetric talks in either order
    assert per_label["SANCTION"] == LabelCounts("SANCTION", tp=2, fp=0, fn=0)
    assert per_label["CONSULT"] == LabelCounts("CONSULT", tp=1, fp=0, fn=0)
    assert per_label["ASSAULT"] == LabelCounts("ASSAULT", tp=1, fp=1, fn=0)
    assert per_label["ACCUSE"] == LabelCounts("ACCUSE", tp=0, fp=0, fn=1)
    assert per_label["THREATEN"] == LabelCounts("THREATEN", tp=0, fp=1, fn=0)


def test_realnews_misses_name_the_lost_events_and_the_broken_must_nots() -> None:
    misses = _result(errors=5).misses
    assert [(m.record_id, m.gold, m.text, m.severity) for m in misses] == [
        ("rn-3", ("ACCUSE ECU.GOV->ECU.CVL asserted",), "The government condemned the blockade.",
         2.0),
        ("rn-1", ("must-not rn-1: ASSAULT asserted on 'raid'",),
         "in 2019 a similar raid closed the post for a month", 1.0)]
    text = render_text(_result(errors=1))
    assert "per type (P = tp / (tp + fp), R = tp / (tp + fn))" in text
    assert text[-3:-1] == ["- rn-3: gold ACCUSE ECU.GOV->ECU.CVL asserted; predicted PROTEST",
                           "    text: The government condemned the blockade."]


def test_realnews_evaluate_on_the_check_split() -> None:
    predictions = read_predictions(GOLD / "realnews.pred.jsonl")

    def coder(articles: list[Article]) -> list[Event]:
        asked = {a.doc_id for a in articles}
        return [e for e in predictions if e.doc_id in asked]

    check = evaluate(GOLD / "realnews.gold.jsonl", "realnews", coder, split="check")
    assert (check.records, check.headline.hits, check.headline.total) == (2, 4, 5)  # rn-1, rn-3
    tune = evaluate(GOLD / "realnews.gold.jsonl", "realnews", coder, split="tune")
    assert (tune.records, tune.headline.hits, tune.headline.total) == (1, 2, 2)  # rn-2


def test_pages_beside_names() -> None:
    assert pages_beside(Path("/x/gold.dev.jsonl")) == Path("/x/pages.dev.jsonl")
    assert pages_beside(Path("/x/realnews.gold.jsonl")) == Path("/x/realnews.pages.jsonl")
    assert pages_beside(Path("/x/mine.jsonl")) == Path("/x/mine.pages.jsonl")


def test_realnews_text_in_the_gold_line_needs_no_pages_file(tmp_path: Path) -> None:
    gold = tmp_path / "own.jsonl"
    gold.write_text(json.dumps({
        "id": "a1", "text": "Riot police in Tbilisi detained forty protesters.", "date": None,
        "events": [{"type": "COERCE", "source": "GEO.POL", "target": "GEO.CVL",
                    "modality": "asserted", "evidence": "detained forty protesters"}],
        "must_not": []}) + "\n", encoding="utf-8")
    records = load_gold(gold, "realnews")
    assert [(r.id, r.text) for r in records] == [
        ("a1", "Riot police in Tbilisi detained forty protesters.")]


def test_realnews_without_texts_names_the_missing_pages_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.x.jsonl"
    gold.write_text(json.dumps({"id": "a1", "events": [], "must_not": []}) + "\n",
                    encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"pages\.x\.jsonl is missing"):
        read_realnews(gold)
    pages = tmp_path / "texts.jsonl"
    pages.write_text(json.dumps({"id": "a2", "text": "Another article."}) + "\n",
                     encoding="utf-8")
    with pytest.raises(GoldFormatError, match="line 1: no text for article 'a1'"):
        read_realnews(gold, pages)
