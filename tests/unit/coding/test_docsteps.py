"""Document steps (coding/docsteps.py): decisions on an article's merged events."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from flashpoint.coding.docsteps import DOCUMENT_STEPS
from flashpoint.errors import UnknownName
from flashpoint.records import Article


def _events(coder, text: str) -> list[tuple[int, str, str | None]]:  # type: ignore[no-untyped-def]
    events = coder.code_articles([Article(doc_id="t", text=text, published=date(2025, 3, 4))])
    return [(e.sentence, e.type, e.source and e.source.actor) for e in events]


def _without(coder, name: str):  # type: ignore[no-untyped-def]
    return dataclasses.replace(coder, disabled_filters=frozenset({name}))


@pytest.mark.parametrize(("text", "kept", "every"), [
    # an article: what names no doer and has no source to infer is background, not coded
    ("Witnesses heard explosions near the harbour late on Sunday. The port reopened the next "
     "morning.", [], [(0, "ASSAULT", None)]),
    ("The minister resigned on Friday after an inquiry into the contract. Roads into the "
     "capital were blocked on Monday.",
     [(0, "RETREAT", None)],
     [(0, "RETREAT", None), (0, "ACCUSE", None), (1, "PROTEST", None)]),
    # a lone sentence with a source: the event with the source is its news
    ("Jordan closed its border crossing after clashes near the frontier on Sunday.",
     [(0, "COERCE", "JOR.GOV")], [(0, "COERCE", "JOR.GOV"), (0, "ASSAULT", None)]),
    # a lone sentence that gives no source keeps its event, the source left open
    ("Talks on the border dispute were held in Nairobi on Monday.",
     [(0, "CONSULT", None)], [(0, "CONSULT", None)]),
])
def test_docsteps_no_source_drops_events_that_name_no_doer(coder, text, kept, every) -> None:  # type: ignore[no-untyped-def]
    assert _events(coder, text) == kept
    assert _events(_without(coder, "no_source"), text) == every


def test_docsteps_a_misspelt_step_is_refused(coder) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownName, match="no_sauce"):
        _without(coder, "no_sauce")


def test_docsteps_every_step_is_documented() -> None:
    text = (Path(__file__).parents[3] / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name in DOCUMENT_STEPS:
        assert f"| `{name}` |" in text, name
