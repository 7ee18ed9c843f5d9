"""Scoring with score.py's definitions: figures, confusion, per-label counts, worst misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.evaluate import (
    Confusion,
    Figure,
    LabelCounts,
    Miss,
    PredictedEvent,
    SeedCheck,
    Violation,
    evaluate,
    read_gold,
    read_predictions,
    score,
)
from flashpoint.evaluate.score import india_labels, penta_of
from flashpoint.records import ActorRef, Article, Event, Fatalities, Span

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold"


def _score(task: str, name: str | None = None, errors: int = 0):  # type: ignore[no-untyped-def]
    name = name or task
    suffix = ".gold.yaml" if task == "seed" else ".gold.jsonl"
    return score(task, read_gold(GOLD / f"{name}{suffix}"),
                 read_predictions(GOLD / f"{name}.pred.jsonl"), errors=errors)


def _event(type_: str, modality: str = "asserted", *, cameo: str | None = None,
           mode: str | None = None, sector: str | None = None, killed: int | None = None,
           killed_min: int | None = None, confidence: float = 0.5) -> Event:
    return Event(
        event_id="e", doc_id="d", sentence=0, evidence=Span("x", 0, 1), type=type_, mode=mode,
        cameo=cameo, quad_class=None, goldstein=None, modality=modality,
        source=ActorRef("they", sector=sector), target=None, reported_by=None, location=None,
        date=None, fatalities=Fatalities(killed=killed, killed_min=killed_min),
        confidence=confidence)


def test_evaluate_plover_figures() -> None:
    result = _score("plover")
    assert {name: (f.value, f.hits, f.total) for name, f in result.figures.items()} == {
        "recall ACCUSE": (1.0, 1, 1), "recall AGREE": (1.0, 1, 1), "recall AID": (0.0, 0, 1),
        "recall ASSAULT": (0.0, 0, 1), "recall REJECT": (1.0, 1, 1),
        "recall REQUEST": (1.0, 1, 1),
        "records with the gold type found": (4 / 6, 4, 6),
        "source country right, where type found": (0.75, 3, 4),
        "target country right, where type found": (pytest.approx(1 / 3), 1, 3),
        "type micro P": (pytest.approx(4 / 6), None, None),
        "type micro R": (pytest.approx(4 / 6), None, None),
        "plover type micro-F1": (pytest.approx(4 / 6), None, None)}
    assert result.headline.name == "plover type micro-F1"
    assert (result.records, result.predicted) == (6, 7)  # the event for another doc is ignored


def test_evaluate_plover_maps_05_labels_to_2021() -> None:
    # DEMAND->REQUEST, FIGHT->ASSAULT, DISAPPROVE->ACCUSE: gold rows use 2021 names only
    confusion = _score("plover").confusion
    assert confusion == Confusion(
        rows=("ACCUSE", "AGREE", "AID", "ASSAULT", "REJECT", "REQUEST"),
        columns=("ACCUSE", "AGREE", "MOBILIZE", "REJECT", "REQUEST", "none"),
        cells={"ACCUSE": {"ACCUSE": 1}, "AGREE": {"AGREE": 1}, "AID": {"none": 1},
               "ASSAULT": {"MOBILIZE": 1}, "REJECT": {"REJECT": 1},
               "REQUEST": {"REQUEST": 1}})


def test_evaluate_plover_per_type_counts() -> None:
    per_label = _score("plover").per_label
    assert per_label["REQUEST"] == LabelCounts("REQUEST", tp=1, fp=0, fn=0)
    assert per_label["ASSAULT"] == LabelCounts("ASSAULT", tp=0, fp=0, fn=1)  # negated: not a hit
    assert per_label["PROTEST"] == LabelCounts("PROTEST", tp=0, fp=1, fn=0)


def test_evaluate_conflibert_figures_and_confusion() -> None:
    result = _score("conflibert")
    assert {n: round(f.value, 3) for n, f in result.figures.items()} == {
        "class 0 F1": 1.0, "class 1 F1": 1.0, "class 2 F1": 0.0, "class 3 F1": 0.667,
        "class 4 F1": 0.667, "no event predicted": 0.167, "accuracy": 0.667,
        "penta macro-F1": 0.667}
    assert result.confusion == Confusion(
        rows=("0", "1", "2", "3", "4"), columns=("0", "1", "3", "4", "none"),
        cells={"0": {"0": 1}, "1": {"1": 1}, "2": {"none": 1}, "3": {"4": 1, "3": 1},
               "4": {"4": 1}})


@pytest.mark.parametrize(("event", "penta"), [
    (_event("SANCTION", cameo="163"), "4"),  # the CAMEO root wins over the type
    (_event("SANCTION"), "3"),
    (_event("REQUEST", cameo=""), "0"),
    (_event("CONSULT", cameo="99"), "1"),  # an unknown root falls back to the type
])
def test_evaluate_penta_class_from_cameo_root_else_type(event: Event, penta: str) -> None:
    assert penta_of(event) == penta


@pytest.mark.parametrize(("events", "labels"), [
    ([_event("COERCE", mode="arrest", sector="POL")], {"ANY_ACTION", "ARREST"}),
    ([_event("ASSAULT", sector="POL", killed=1)], {"ANY_ACTION", "KILL", "FORCE"}),
    ([_event("ASSAULT", sector="POL", killed_min=2)], {"ANY_ACTION", "KILL", "FORCE"}),
    ([_event("COERCE", "negated", mode="arrest", sector="POL")], {"FAIL"}),
    ([_event("ASSAULT", sector="MIL", killed=3)], set()),  # not the police
    ([_event("CONSULT", sector="POL")], {"ANY_ACTION"}),
])
def test_evaluate_india_labels_from_police_events(events: list[Event], labels: set[str]) -> None:
    assert india_labels(events) == labels


def test_evaluate_india_figures() -> None:
    result = _score("india")
    assert result.per_label["FORCE"] == LabelCounts("FORCE", tp=1, fp=1, fn=1)
    assert result.headline.name == "india macro-F1 (KILL, ARREST, FAIL, FORCE)"
    assert result.headline.value == pytest.approx((2 / 3 + 2 / 3 + 1 + 0.5) / 4)


def test_evaluate_gva_takes_the_max_over_asserted_assaults() -> None:
    result = _score("gva", errors=10)
    assert {n: f.value for n, f in result.figures.items()} == pytest.approx({
        "killed exact": 0.8, "killed MAE": 0.2, "injured exact": 0.6, "injured MAE": 0.4,
        "gva killed+injured exact": 0.7})
    # gv-5's only event is a PROTEST, so both counts default to 0: off by 2, the worst miss
    assert [(m.record_id, m.gold, m.predicted, m.severity) for m in result.misses] == [
        ("gv-5", ("killed=1", "injured=1"), ("killed=0", "injured=0"), 2.0),
        ("gv-2", ("killed=0", "injured=2"), ("killed=0", "injured=1"), 1.0)]


def test_evaluate_petr2_root_and_dyad_recall() -> None:
    result = _score("petr2")
    assert [(f.name, f.hits, f.total) for f in result.figures.values()] == [
        ("CAMEO root recall", 2, 3), ("root + source/target country recall", 1, 3)]


def test_evaluate_seed_core_events_and_must_not() -> None:
    result = _score("seed", "harbour-standoff")
    assert result.seed_checks[2] == SeedCheck(
        "S3", False, "COERCE", "negated", "Peru has not arrested any of the trawler's crew")
    assert [c.found for c in result.seed_checks] == [True, True, False, True]
    assert result.violations == (
        Violation("asserted airstrike", "an airstrike on a supply barge"),
        Violation("event from furniture or forecast", "Comments: 0"))
    assert result.headline == Figure("seed core events", 0.75, 3, 4)


def test_evaluate_errors_lists_the_worst_misses_first() -> None:
    misses = _score("conflibert", errors=2).misses
    # cb-4 is class 3 predicted as 4 (one step); cb-5 has no prediction (counts as one step)
    assert misses == (
        Miss("cb-4", "Canada announced new sanctions against three shipping firms.", ("3",),
             ("4",), (PredictedEvent("SANCTION", "asserted", "announced new sanctions",
                                     source=None, confidence=0.7),), 1.0),
        Miss("cb-5", "Relief convoys reached the besieged district on Friday.", ("2",),
             ("none",), (), 1.0))


def test_evaluate_plover_miss_shows_the_predicted_events() -> None:
    (worst,) = _score("plover", errors=1).misses
    assert (worst.record_id, worst.gold, worst.predicted) == ("pl-3", ("ASSAULT",), ("MOBILIZE",))
    assert [(e.type, e.modality, e.evidence) for e in worst.events] == [
        ("MOBILIZE", "asserted", "Kenyan troops")]


def test_evaluate_codes_every_record_once_and_scores() -> None:
    calls: list[list[Article]] = []
    predictions = read_predictions(GOLD / "india.pred.jsonl")

    def coder(articles: list[Article]) -> list[Event]:
        calls.append(articles)
        return predictions

    result = evaluate(GOLD / "india.gold.jsonl", "india", coder, errors=1)
    assert [[a.doc_id for a in batch] for batch in calls] == [
        ["in-1", "in-2", "in-3", "in-4", "in-5", "in-6"]]
    assert calls[0][1] == Article(doc_id="in-2",
                                  text="Officers opened fire on the crowd, killing two men.",
                                  published=read_gold(GOLD / "india.gold.jsonl")[1].date)
    assert result.gold_path == str(GOLD / "india.gold.jsonl")
    assert result.headline.value == pytest.approx(0.7083333)
    assert [m.record_id for m in result.misses] == ["in-6"]  # 3 wrong labels, 2 of them core


def test_evaluate_limit_keeps_the_first_records() -> None:
    seen: list[str] = []

    def coder(articles: list[Article]) -> list[Event]:
        seen.extend(a.doc_id for a in articles)
        return []

    result = evaluate(GOLD / "gva.gold.jsonl", "gva", coder, limit=2)
    assert (seen, result.records) == (["gv-1", "gv-2"], 2)
    assert result.headline.value == 0.25  # gv-1 and gv-2 have nonzero counts; 0 is predicted


def test_evaluate_seed_codes_the_seed_article() -> None:
    seen: list[Article] = []

    def coder(articles: list[Article]) -> list[Event]:
        seen.extend(articles)
        return read_predictions(GOLD / "harbour-standoff.pred.jsonl")

    result = evaluate(GOLD / "harbour-standoff.gold.yaml", "seed", coder)
    assert [a.doc_id for a in seen] == ["harbour-standoff"]
    assert seen[0].text.startswith("Coast guard vessels from Peru and Chile")
    assert (result.headline.hits, result.headline.total, len(result.violations)) == (3, 4, 2)


def test_evaluate_reliability_bins_count_right_events() -> None:
    """Each non-negated event lands in its confidence bin, right when its type is gold."""
    from flashpoint.evaluate.score import reliability, share_right

    bins = reliability([(0.95, True), (0.85, False), (0.82, True), (0.45, False), (1.0, True)])
    assert [(b.low, b.events, b.right) for b in bins if b.events] == [
        (0.4, 1, 0), (0.8, 2, 1), (0.9, 2, 2)]
    assert share_right(bins, at_least=0.8) == (3, 4)
    result = _score("plover")
    assert sum(b.events for b in result.reliability) == sum(
        1 for e in read_predictions(GOLD / "plover.pred.jsonl")
        if e.doc_id in {r.id for r in read_gold(GOLD / "plover.gold.jsonl")}
        and e.modality != "negated")
