"""Reading gold files: the common JSONL schema, the seed-style YAML, and task checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flashpoint.errors import ConfigError, GoldFormatError
from flashpoint.evaluate import (
    GoldActor,
    GoldEvent,
    GoldRecord,
    check_task,
    read_gold,
    read_predictions,
)
from flashpoint.records import Article

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold"
GOOD = ('{"id": "a", "dataset": "t", "text": "Troops crossed the river.", "date": null, '
        '"events": null, "labels": [], "meta": {}}')


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_evaluate_reads_a_whole_common_schema_record() -> None:
    records = read_gold(GOLD / "plover.gold.jsonl")
    assert [r.id for r in records] == ["pl-1", "pl-2", "pl-3", "pl-4", "pl-5", "pl-6"]
    first = records[0]
    raw_event = first.events[0].raw if first.events else {}
    assert first == GoldRecord(
        id="pl-1", dataset="flashpoint-tests",
        text="Chile and Argentina agreed on Tuesday to reopen two mountain border crossings.",
        date=date(2024, 2, 6),
        events=(GoldEvent(
            event_code="AGREE", event_scheme="PLOVER-0.5b1",
            source=(GoldActor("Chile", "CHL", None, {"text": "Chile", "code": "CHL",
                                                     "sector": None}),
                    GoldActor("Argentina", "ARG", None, {"text": "Argentina", "code": "ARG",
                                                         "sector": None})),
            target=(), fatalities=None, injured=None, evidence="agreed to reopen",
            raw=raw_event),),
        labels=("AGREE",), meta={"note": "compound actor"},
        path=str(GOLD / "plover.gold.jsonl"), line=1)
    assert raw_event["reciprocal"] is True  # dataset-specific fields stay reachable


def test_evaluate_builds_the_article_the_coder_reads() -> None:
    record = read_gold(GOLD / "india.gold.jsonl")[0]
    assert record.to_article() == Article(
        doc_id="in-1", text="Police arrested 14 people after the clashes in the old city.",
        published=date(2023, 8, 2))


@pytest.mark.parametrize(("bad", "reason"), [
    ("{not json", "not JSON"),
    ('["a list"]', "expected a JSON object"),
    ('{"dataset": "t", "text": "x", "labels": []}', "id must be a string"),
    (GOOD.replace('"text": "Troops crossed the river."', '"text": "  "'), "non-empty"),
    (GOOD.replace('"date": null', '"date": "12/03/2024"'), "YYYY-MM-DD"),
    (GOOD.replace('"date": null', '"date": "2024-02-30"'), "not a calendar date"),
    (GOOD.replace('"events": null', '"events": {}'), "events must be a list"),
    (GOOD.replace('"labels": []', '"labels": "KILL"'), "labels must be a list"),
    (GOOD.replace('"events": null', '"events": [{"event_code": "X"}]'), "event_scheme"),
    (GOOD.replace('"events": null', '"events": [{"event_scheme": "G", "fatalities": -1}]'),
     "fatalities must be a non-negative integer"),
    (GOOD.replace('"events": null', '"events": [{"event_scheme": "G", "injured": true}]'),
     "injured must be a non-negative integer"),
    (GOOD.replace('"events": null', '"events": [{"event_scheme": "G", "source": "PER"}]'),
     "source must be a list"),
])
def test_evaluate_rejects_a_malformed_line_with_its_number(
        tmp_path: Path, bad: str, reason: str) -> None:
    path = _write(tmp_path, GOOD, "", bad)
    with pytest.raises(GoldFormatError) as caught:
        read_gold(path)
    assert caught.value.code == "E701"
    assert caught.value.fields["line"] == 3  # blank lines count, as in an editor
    assert reason in caught.value.fields["reason"]
    assert str(path) in str(caught.value)


def test_evaluate_rejects_a_duplicate_id(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match=r"duplicate id 'a' \(first on line 1\)"):
        read_gold(_write(tmp_path, GOOD, GOOD))


def test_evaluate_rejects_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(GOOD.encode() + b"\n" + b'{"id": "\xff"}\n')
    with pytest.raises(GoldFormatError, match="line 2: not UTF-8"):
        read_gold(path)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.jsonl", None, "line 0: cannot read"),
    ("empty.jsonl", "\n\n", "line 0: no records"),
])
def test_evaluate_rejects_unusable_files(
        tmp_path: Path, name: str, content: str | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(GoldFormatError, match=message):
        read_gold(path)


def test_evaluate_reads_a_seed_yaml_with_its_sibling_text() -> None:
    (record,) = read_gold(GOLD / "harbour-standoff.gold.yaml")
    assert (record.id, record.dataset, record.date) == (
        "harbour-standoff", "seed", date(2024, 3, 12))
    raw = (GOLD / "harbour-standoff.txt").read_text(encoding="utf-8")
    # read as `flashpoint code` reads a page: the furniture line is gone, the story kept
    assert "Comments: 0" in raw and "Comments: 0" not in record.text
    assert record.text.strip() == raw.replace("Comments: 0", "").strip()
    assert record.labels == ("S1", "S2", "S3", "S5")  # the core (must) events
    events = record.events or ()
    assert [(e.event_id, e.event_code, e.modality, e.must) for e in events] == [
        ("S1", "ASSAULT", "alleged", True), ("S2", "ACCUSE", "asserted", True),
        ("S3", "COERCE", "negated", True), ("S4", "ASSAULT", "alleged", False),
        ("S5", "AGREE", "asserted", True)]
    assert events[4].source == (GoldActor(None, "PER.GOV"), GoldActor(None, "CHL.GOV"))
    assert (events[0].fatalities, events[2].mode) == (0, "arrest")


def test_evaluate_seed_yaml_may_carry_its_own_text(tmp_path: Path) -> None:
    path = tmp_path / "own.gold.yaml"
    path.write_text("text: Rebels shelled the depot.\nevents:\n  - id: A\n"
                    "    evidence: Rebels shelled the depot\n    source: UNKNOWN\n"
                    "    type: ASSAULT\n    modality: asserted\n    must: true\n")
    (record,) = read_gold(path)
    assert (record.id, record.text, record.labels) == ("own", "Rebels shelled the depot.", ("A",))


def test_evaluate_seed_yaml_error_names_the_event_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.gold.yaml"
    path.write_text("text: Some text.\nevents:\n  - id: A\n    evidence: x\n    source: UNKNOWN\n"
                    "    type: ASSAULT\n    modality: asserted\n"
                    "  - id: B\n    evidence: y\n    source: UNKNOWN\n"
                    "    type: SHOUT\n    modality: asserted\n")
    with pytest.raises(GoldFormatError, match=r"line 8: events\[1\]\.type 'SHOUT' is not a PLOVER"):
        read_gold(path)


def test_evaluate_seed_yaml_without_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "lonely.gold.yaml"
    path.write_text("events: []\n")
    with pytest.raises(GoldFormatError, match="no `text:` key and no article beside it"):
        read_gold(path)


def test_evaluate_check_task_rejects_gva_gold_without_counts() -> None:
    records = read_gold(GOLD / "plover.gold.jsonl")  # fatalities/injured are null there
    with pytest.raises(GoldFormatError, match="line 1: record 'pl-1' cannot be scored for gva"):
        check_task(records, "gva")


def test_evaluate_check_task_skips_conflibert_records_without_a_class(tmp_path: Path) -> None:
    spans_only = GOOD.replace('"id": "a"', '"id": "b"')
    labelled = GOOD.replace('"labels": []', '"labels": ["4"]')
    records = read_gold(_write(tmp_path, spans_only, labelled))
    assert [r.id for r in check_task(records, "conflibert")] == ["a"]


def test_evaluate_check_task_rejects_an_unknown_task() -> None:
    with pytest.raises(ConfigError, match="unknown task 'acled'"):
        check_task(read_gold(GOLD / "plover.gold.jsonl"), "acled")


def test_evaluate_reads_predictions_as_events() -> None:
    events = read_predictions(GOLD / "gva.pred.jsonl")
    assert [(e.doc_id, e.type, e.modality, e.fatalities.killed) for e in events] == [
        ("gv-1", "ASSAULT", "asserted", 1), ("gv-2", "ASSAULT", "asserted", None),
        ("gv-2", "ASSAULT", "negated", None), ("gv-3", "ASSAULT", "asserted", 1),
        ("gv-3", "ASSAULT", "asserted", 3), ("gv-5", "PROTEST", "asserted", 1)]
