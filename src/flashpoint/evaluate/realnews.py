"""The real-news set: whole articles, their key events and their must-not phrases.

Sentence sets say whether the coder reads one sentence right; real articles also test what it
must leave alone (background, plans, page furniture). The set comes as two files: the gold
(`{"id", "events", "must_not"}` per article) and the article texts (`{"id", "text", "date"}`
per article, `pages.*.jsonl` beside `gold.*.jsonl`). Scoring follows `task_realnews` of
`../shared/tools/score.py` definition for definition: key-event recall on type and source,
then modality, date and toll among the matched events, and must-not violations.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from flashpoint.errors import GoldFormatError
from flashpoint.evaluate.gold import GoldActor, GoldEvent, GoldRecord, JSONValue
from flashpoint.evaluate.score import (
    EvalResult,
    Figure,
    LabelCounts,
    Miss,
    Violation,
    _by_doc,
    _shown,
    _worst,
    actor_country,
    overlaps,
)
from flashpoint.records import ActorRef, Event

# events coded once whoever is named first: the source may be either side
SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# the CAMEO table maps "impose sanctions" to COERCE, so either type is accepted for the other
SAME_TYPE: Mapping[str, frozenset[str]] = {
    "SANCTION": frozenset({"SANCTION", "COERCE"}), "COERCE": frozenset({"COERCE", "SANCTION"})}
# an event in one of these is kept apart from the facts, so it is never a must-not violation
_UNREAL = ("negated", "hypothetical", "future")
HEADLINE = "realnews key-event recall (type + source)"


def pages_beside(gold_path: str | Path) -> Path:
    """The texts file that goes with a realnews gold file: `gold.X.jsonl` -> `pages.X.jsonl`,
    `X.gold.jsonl` -> `X.pages.jsonl`, anything else `NAME.pages.jsonl`."""
    path = Path(gold_path)
    name = path.name
    if name.startswith("gold."):
        return path.with_name("pages." + name.removeprefix("gold."))
    if ".gold." in name:
        return path.with_name(name.replace(".gold.", ".pages.", 1))
    return path.with_name(f"{path.stem}.pages{path.suffix}")


def read_realnews(gold_path: str | Path, pages_path: str | Path | None = None,
                  ) -> list[GoldRecord]:
    """Read a realnews gold file, each article's text from its line or from the pages file.

    `pages_path` defaults to `pages_beside(gold_path)`. A `GoldFormatError` names the file and
    line of the first malformed article or of an article whose text is nowhere.
    """
    gold_path = Path(gold_path)
    lines = _jsonl(gold_path)
    pages: dict[str, Mapping[str, JSONValue]] = {}
    if any(not isinstance(obj.get("text"), str) for _, obj in lines):
        pages_file = Path(pages_path) if pages_path is not None else pages_beside(gold_path)
        if not pages_file.is_file():
            raise GoldFormatError(path=gold_path, line=0, reason=(
                f"the articles' texts are not in the file and {pages_file} is missing; "
                "pass the texts file (--pages)"))
        pages = {str(obj.get("id")): obj for _, obj in _jsonl(pages_file)}
    records: list[GoldRecord] = []
    seen: set[str] = set()
    for number, obj in lines:
        record_id = obj.get("id")
        page = pages.get(str(record_id), obj)
        text, events = page.get("text"), obj.get("events")
        if not isinstance(record_id, str) or not record_id or record_id in seen:
            raise GoldFormatError(path=gold_path, line=number,
                                  reason="id must be a non-empty string, unique in the file")
        if not isinstance(text, str) or not text.strip():
            raise GoldFormatError(path=gold_path, line=number,
                                  reason=f"no text for article {record_id!r}")
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise GoldFormatError(path=gold_path, line=number,
                                  reason="events must be a list of objects")
        seen.add(record_id)
        published = page.get("date")
        records.append(GoldRecord(
            id=record_id, dataset="realnews", text=text,
            date=_iso_date(published, gold_path, number),
            events=tuple(_event(e, gold_path, number) for e in events if isinstance(e, dict)),
            labels=(), meta={"must_not": obj.get("must_not") or [], "url": page.get("url")},
            path=str(gold_path), line=number))
    if not records:
        raise GoldFormatError(path=gold_path, line=0, reason="no articles; is this the file?")
    return records


def score_realnews(gold: Sequence[GoldRecord], events: Sequence[Event],
                   errors: int = 0) -> EvalResult:
    """Key events found (type + source), their modality, date and toll, and must-not breaks."""
    by_doc = _by_doc(events)
    n_gold = found = mod_ok = date_n = date_ok = kill_n = kill_ok = n_pred = matched = 0
    gold_n: Counter[str] = Counter()
    gold_hit: Counter[str] = Counter()
    pred_extra: Counter[str] = Counter()
    violations: list[Violation] = []
    misses: list[Miss] = []
    phrases = 0
    for record in gold:
        evs = by_doc.get(record.id, [])
        n_pred += len(evs)
        used: set[int] = set()
        lost: list[GoldEvent] = []
        for ge in record.events or ():
            if ge.raw.get("key") is False:
                continue  # background the annotator listed but does not require
            n_gold += 1
            gold_n[ge.event_code or ""] += 1
            pick = _match(ge, evs, used)
            if pick is None:
                lost.append(ge)
                continue
            e = evs[pick]
            used.add(pick)
            found += 1
            gold_hit[ge.event_code or ""] += 1
            mod_ok += e.modality in {ge.modality, *_strings(ge.raw.get("alt_mod"))}
            gold_date = ge.raw.get("date")
            if gold_date:
                date_n += 1
                date_ok += _day(e) == gold_date
            if ge.fatalities is not None:
                kill_n += 1
                toll = e.fatalities
                kill_ok += (toll.killed if toll.killed is not None
                            else toll.killed_min or 0) == ge.fatalities
        matched += len(used)
        pred_extra.update(e.type for i, e in enumerate(evs) if i not in used)
        must_not = _must_not(record)
        phrases += len(must_not)
        broken = [v for v in (_violation(record.id, p, evs) for p in must_not) if v]
        violations += broken
        if lost or broken:
            misses.append(Miss(
                record.id, " | ".join(ge.evidence or "" for ge in lost) or broken[0].evidence,
                (*(_label(ge) for ge in lost), *(f"must-not {v.rule}" for v in broken)),
                tuple(sorted(e.type for e in evs)),
                _shown(evs), 2.0 * len(lost) + len(broken)))
    types = sorted(set(gold_n) | set(pred_extra))
    figures = {f.name: f for f in (
        Figure("articles", float(len(gold)), len(gold)),
        Figure("gold key events", float(n_gold), n_gold),
        Figure("predicted events", float(n_pred), n_pred),
        Figure("predicted per key event", n_pred / max(n_gold, 1)),
        Figure("predicted events that match a key event", matched / max(n_pred, 1),
               matched, n_pred),
        Figure("modality right, matched", mod_ok / max(found, 1), mod_ok, found),
        Figure("date right, matched with a gold date", date_ok / max(date_n, 1), date_ok,
               date_n),
        Figure("killed right, matched with a gold toll", kill_ok / max(kill_n, 1), kill_ok,
               kill_n),
        Figure("must-not violations", float(len(violations)), len(violations), phrases),
        Figure(HEADLINE, found / n_gold if n_gold else 0.0, found, n_gold))}
    return EvalResult(
        task="realnews", records=len(gold), predicted=n_pred, figures=figures,
        headline=figures[HEADLINE],
        per_label={t: LabelCounts(t, gold_hit[t], pred_extra[t], gold_n[t] - gold_hit[t])
                   for t in types},
        misses=_worst(misses, errors), violations=tuple(violations))


def gold_actors(codes: Iterable[str]) -> set[str]:
    """Gold actor ids as the keys predictions are compared on: a country, or a group id."""
    out: set[str] = set()
    for code in codes:
        match = re.match(r"^([A-Z]{3})(\.|$)", code)
        out.add(match.group(1) if match else code)
    return out


def predicted_actor(actor: ActorRef | None) -> str | None:
    """A predicted actor as a comparison key: its country, else its id; UNKNOWN stays."""
    if actor is None:
        return None
    if actor.actor in (None, "UNKNOWN") and not actor.country:
        return "UNKNOWN" if actor.actor == "UNKNOWN" else None
    return actor_country(actor) or actor.actor


def source_right(ge: GoldEvent, event: Event) -> bool:
    """The predicted source is a gold source (UNKNOWN accepts an unnamed one; a symmetric
    event may name either side first)."""
    sources = gold_actors(a.code or "" for a in ge.source or ())
    targets = gold_actors(a.code or "" for a in ge.target or ())
    mine = predicted_actor(event.source)
    if "UNKNOWN" in sources and (mine in (None, "UNKNOWN") or (
            event.source is not None and event.source.actor == "UNKNOWN")):
        return True
    if mine in sources:
        return True
    return ge.event_code in SYMMETRIC and mine is not None and mine in targets


def _match(ge: GoldEvent, evs: Sequence[Event], used: set[int]) -> int | None:
    """The unused prediction for a gold event: right type and source, the same modality and
    then the same date preferred (score.py's order)."""
    code = ge.event_code or ""
    types = SAME_TYPE.get(code, frozenset({code})) | set(_strings(ge.raw.get("alt_types")))
    cands = [i for i, e in enumerate(evs) if i not in used and e.type in types
             and source_right(ge, e)]
    if not cands:
        return None
    gold_date = ge.raw.get("date")
    cands.sort(key=lambda i: (evs[i].modality != ge.modality,
                              _day(evs[i]) != gold_date))
    return cands[0]


def _day(event: Event) -> str | None:
    return event.date.value if event.date else None


def _violation(record_id: str, phrase: str, evs: Sequence[Event]) -> Violation | None:
    """The first real event whose trigger lies in a must-not phrase of its evidence, if any."""
    for e in evs:
        trigger = (e.trigger.text if e.trigger else "").lower()
        evidence = e.evidence.text.lower()
        d = e.date
        if not trigger or e.modality in _UNREAL or (
                d is not None and d.basis in ("explicit", "relative")
                and d.precision in ("year", "month")):
            continue  # kept apart as unreal, or dated to its own (background) time
        if trigger in phrase and (phrase in evidence or evidence in phrase
                                  or overlaps(phrase, evidence)):
            return Violation(f"{record_id}: {e.type} {e.modality} on '{trigger}'", phrase)
    return None


def _must_not(record: GoldRecord) -> list[str]:
    found = record.meta.get("must_not")
    items = found if isinstance(found, list) else []
    out = []
    for item in items:
        if isinstance(item, dict):
            text = item.get("text") or item.get("ev") or ""
            out.append(str(text).lower())
    return out


def _label(ge: GoldEvent) -> str:
    source = "/".join(a.code or "-" for a in ge.source or ()) or "-"
    target = "/".join(a.code or "-" for a in ge.target or ()) or "-"
    return f"{ge.event_code} {source}->{target} {ge.modality}"


def _strings(value: JSONValue) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _jsonl(path: Path) -> list[tuple[int, dict[str, JSONValue]]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GoldFormatError(path=path, line=0, reason=f"cannot read: {exc.strerror}") from exc
    out: list[tuple[int, dict[str, JSONValue]]] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GoldFormatError(path=path, line=number, reason=f"not JSON: {exc}") from None
        if not isinstance(obj, dict):
            raise GoldFormatError(path=path, line=number, reason="expected a JSON object")
        out.append((number, obj))
    return out


def _iso_date(value: JSONValue, path: Path, line: int) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise GoldFormatError(path=path, line=line,
                              reason=f"date must be 'YYYY-MM-DD' or null, got {value!r}") from None


def _event(obj: Mapping[str, JSONValue], path: Path, line: int) -> GoldEvent:
    kind, modality = obj.get("type"), obj.get("modality")
    if not isinstance(kind, str) or not isinstance(modality, str):
        raise GoldFormatError(path=path, line=line, reason="every event needs a type and a "
                              "modality")
    return GoldEvent(
        event_code=kind, event_scheme="PLOVER", source=_actors(obj.get("source")),
        target=_actors(obj.get("target")), fatalities=_toll(obj.get("killed")),
        injured=_toll(obj.get("injured")), modality=modality,
        evidence=str(obj.get("evidence") or ""), raw=obj)


def _actors(value: JSONValue) -> tuple[GoldActor, ...]:
    codes = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(GoldActor(text=None, code=str(c)) for c in codes if c is not None)


def _toll(value: JSONValue) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
