"""Actor and place coding figures (issue #4), on PLOVER GSR dev and on our own fixtures.

PLOVER GSR (../shared/gold, skipped when absent): for gold events whose type the coder found,
is the source country right, is the target country right, and, where the gold names the event's
place, does the coded location carry that name. Fixtures (tests/data/articles): for expected events
found by type, modality and sentence, the share with the exact source actor, target actor,
location country and event date.

    .venv/bin/python bench/actors_places.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from flashpoint.pipeline import code_articles
from flashpoint.records import Article, Event

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold" / "plover_gsr_cameo.dev.jsonl"
PLOVER_05 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT",
             "INVESTIGATE": "ACCUSE"}


def _country(ref: object) -> str | None:
    if ref is None:
        return None
    country = getattr(ref, "country", None)
    actor = getattr(ref, "actor", None) or ""
    match = re.match(r"^([A-Z]{3})(\.|$)", actor)
    return country or (match.group(1) if match else None)


def plover() -> None:
    records = [json.loads(line) for line in GOLD.open() if line.strip()]
    events = code_articles([Article(doc_id=r["id"], text=r["text"]) for r in records])
    by_doc: dict[str, list[Event]] = {}
    for event in events:
        if event.modality != "negated":
            by_doc.setdefault(event.doc_id, []).append(event)
    tally: Counter[str] = Counter()
    for record in records:
        for gold in record["events"]:
            kind = PLOVER_05.get(gold["event_code"], gold["event_code"])
            found = [e for e in by_doc.get(record["id"], []) if e.type == kind]
            if not found:
                continue
            for side in ("source", "target"):
                codes = {a.get("code") for a in gold.get(side) or []
                         if re.fullmatch(r"[A-Z]{3}", a.get("code") or "")}
                if codes:
                    tally[f"{side} n"] += 1
                    tally[f"{side} ok"] += any(_country(getattr(e, side)) in codes
                                               for e in found)
            place = (gold.get("location") or {}).get("name")
            if place:
                tally["location n"] += 1
                tally["location ok"] += any(
                    e.location is not None and place.lower() in {
                        (e.location.name or "").lower(), (e.location.text or "").lower()}
                    for e in found)
    print(f"PLOVER GSR dev ({len(records)} sentences), where the gold type is found:")
    for side, what in (("source", "country"), ("target", "country"), ("location", "name")):
        n, ok = tally[f"{side} n"], tally[f"{side} ok"]
        print(f"  {side} {what} right: {ok}/{n} = {ok / max(n, 1):.3f}")


def fixtures() -> None:
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from fixtures import coded, load_fixtures, same_happening  # type: ignore[import-not-found]

    tally: Counter[str] = Counter()
    for fixture in load_fixtures():
        for expected in fixture.events:
            found = [e for e in coded()[fixture.name] if same_happening(e, expected)]
            tally["expected"] += 1
            if not found:
                continue
            tally["found"] += 1
            tally["source"] += any((e.source.actor if e.source else None)
                                   == expected.get("source") for e in found)
            tally["target"] += any((e.target.actor if e.target else None)
                                   == expected.get("target") for e in found)
            tally["location"] += any((e.location.country if e.location else None)
                                     == expected.get("location_country") for e in found)
            want_day = expected.get("event_date")
            tally["date"] += want_day is None or any(
                e.date is not None and e.date.value == str(want_day) for e in found)
    n = tally["found"]
    print(f"Fixtures: {n} of {tally['expected']} expected events found; of those, right:")
    for key in ("source", "target", "location", "date"):
        print(f"  {key}: {tally[key]}/{n} = {tally[key] / max(n, 1):.3f}")


if __name__ == "__main__":
    if GOLD.is_file():
        plover()
    else:
        print("../shared/gold is not here: PLOVER figures skipped")
    fixtures()
