"""Reading our fixture articles and their hand-coded expected events, and matching them."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from flashpoint.records import Event

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
MUTUAL = frozenset({"AGREE", "CONSULT", "COOPERATE", "AID"})


@dataclass(frozen=True)
class Fixture:
    """One article (or JSONL record) with its expected events."""

    name: str
    path: Path
    doc_id: str | None
    published: date
    events: tuple[dict[str, Any], ...]
    not_events: tuple[str, ...]


def load_fixtures() -> list[Fixture]:
    """Every fixture in tests/data/articles, JSONL records one by one."""
    out: list[Fixture] = []
    for expected in sorted(ARTICLES.glob("*.expected.yaml")):
        stem = expected.name.removesuffix(".expected.yaml")
        doc = yaml.safe_load(expected.read_text(encoding="utf-8"))
        if "records" in doc:
            for rec in doc["records"]:
                out.append(Fixture(f"{stem}:{rec['id']}", ARTICLES / f"{stem}.jsonl", rec["id"],
                                   rec["date"], tuple(rec.get("events") or ()),
                                   tuple(rec.get("not_events") or ())))
            continue
        path = next(p for p in ARTICLES.glob(f"{stem}.*") if not p.name.endswith(".yaml"))
        out.append(Fixture(stem, path, None, doc["date"], tuple(doc.get("events") or ()),
                           tuple(doc.get("not_events") or ())))
    return out


@functools.lru_cache(maxsize=1)
def coded() -> dict[str, list[Event]]:
    """All fixtures coded once through the public batch API, by fixture name."""
    from flashpoint.ingest import read_sources
    from flashpoint.pipeline import load_coder
    from flashpoint.records import Article

    fixtures = load_fixtures()
    out: dict[str, list[Event]] = {}
    for fixture in fixtures:
        items = [a for a in read_sources([fixture.path], default_date=fixture.published)
                 if isinstance(a, Article) and (fixture.doc_id is None
                                                or a.doc_id == fixture.doc_id)]
        out[fixture.name] = load_coder().code_articles(items)
    return out


def _actor(ref: Any) -> str | None:
    return ref.actor if ref is not None else None


def same_happening(event: Event, expected: dict[str, Any]) -> bool:
    """Type, modality and sentence agree."""
    return (event.type == expected["type"] and event.modality == expected["modality"]
            and expected["evidence"] in event.evidence.text)


def dyad_right(event: Event, expected: dict[str, Any]) -> bool:
    """Source and target actors agree (either order for mutual types)."""
    pair = (_actor(event.source), _actor(event.target))
    want = (expected.get("source"), expected.get("target"))
    return pair == want or (expected["type"] in MUTUAL and pair == want[::-1])


def source_right(event: Event, expected: dict[str, Any]) -> bool:
    """The source actor agrees (either side for mutual types)."""
    want = expected.get("source")
    if expected["type"] in MUTUAL:
        return want in (_actor(event.source), _actor(event.target))
    return _actor(event.source) == want


def toll_right(event: Event, expected: dict[str, Any]) -> bool:
    """Killed and injured, exact and lower bounds, agree."""
    f = event.fatalities
    return (f.killed, f.killed_min, f.injured, f.injured_min) == (
        expected.get("killed"), expected.get("killed_min"), expected.get("injured"),
        expected.get("injured_min"))
