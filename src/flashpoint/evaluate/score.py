"""Scoring coded events against gold records, with exactly the definitions of the project's
reference scorer (`../shared/tools/score.py`), so both give the same figures on the same input.

Owns the figures, the per-label counts, the confusion table and the list of worst misses; it
neither reads files nor codes text, and it never prints (report.py renders a result).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from flashpoint.evaluate.gold import GoldActor, GoldEvent, GoldRecord, check_task
from flashpoint.records import ActorRef, Event

PLOVER_05_TO_2021: Mapping[str, str] = {
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
ROOT_TO_PENTA: Mapping[str, str] = {
    **{f"{i:02d}": "0" for i in (1, 2)}, **{f"{i:02d}": "1" for i in (3, 4, 5)},
    **{f"{i:02d}": "2" for i in (6, 7, 8)}, **{f"{i:02d}": "3" for i in range(9, 14)},
    **{f"{i:02d}": "4" for i in range(14, 21)}}
# PLOVER type -> penta class, used when an event carries no CAMEO code
TYPE_TO_PENTA: Mapping[str, str] = {
    "AGREE": "1", "CONSULT": "1", "SUPPORT": "1", "CONCEDE": "2", "COOPERATE": "2", "AID": "2",
    "RETREAT": "2", "REQUEST": "0", "ACCUSE": "3", "REJECT": "3", "THREATEN": "3",
    "PROTEST": "4", "SANCTION": "3", "MOBILIZE": "4", "COERCE": "4", "ASSAULT": "4"}
INDIA_LABELS: tuple[str, ...] = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
INDIA_CORE: tuple[str, ...] = ("KILL", "ARREST", "FAIL", "FORCE")
NONE = "none"  # the predicted label of a record with no (non-negated) event


@dataclass(frozen=True, slots=True)
class Figure:
    """One named figure; `hits`/`total` are set where it is a count ratio (`12/40 = 0.300`)."""

    name: str
    value: float
    hits: int | None = None
    total: int | None = None


@dataclass(frozen=True, slots=True)
class LabelCounts:
    """True positives, false positives and false negatives of one gold label or type."""

    label: str
    tp: int
    fp: int
    fn: int


@dataclass(frozen=True, slots=True)
class Confusion:
    """Gold label (row) x predicted label (column) counts; `none` = nothing predicted."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[str, Mapping[str, int]]


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """What a user needs to see of a predicted event when reading a miss."""

    type: str
    modality: str
    evidence: str
    mode: str | None = None
    source: str | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold record the coder got wrong, ranked by `severity` (bigger is worse)."""

    record_id: str
    text: str
    gold: tuple[str, ...]
    predicted: tuple[str, ...]  # the labels the scorer derived from the events
    events: tuple[PredictedEvent, ...]
    severity: float


@dataclass(frozen=True, slots=True)
class SeedCheck:
    """One core (`must`) seed event and whether a predicted event matched it."""

    event_id: str
    found: bool
    type: str
    modality: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Violation:
    """A predicted event that breaks one of the seed's must-not rules."""

    rule: str
    evidence: str


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """Events whose confidence lies in [low, high) and how many of them were right."""

    low: float
    high: float
    events: int
    right: int


@dataclass(frozen=True, slots=True)
class EvalResult:
    """Everything one scoring run found; report.py renders it as text or JSON."""

    task: str
    records: int
    predicted: int  # predicted events scored (those whose doc_id is a gold id; all for seed)
    figures: Mapping[str, Figure]  # in the order score.py prints them
    headline: Figure
    per_label: Mapping[str, LabelCounts] = field(default_factory=dict)
    confusion: Confusion | None = None
    misses: tuple[Miss, ...] = ()
    seed_checks: tuple[SeedCheck, ...] = ()
    violations: tuple[Violation, ...] = ()
    skipped: int = 0  # gold records left out as unscorable (conflibert without a label)
    gold_path: str | None = None
    split: str = "all"  # tune, check or all (split.py)
    reliability: tuple[ReliabilityBin, ...] = ()  # plover, conflibert: is confidence honest?


Scorer = Callable[[Sequence[GoldRecord], Sequence[Event], int], EvalResult]


def score(task: str, gold: Sequence[GoldRecord], events: Sequence[Event], *,
          errors: int = 0) -> EvalResult:
    """Score `events` against `gold` for `task`, keeping the `errors` worst misses.

    Checks first that the gold carries what the task needs (`check_task`), so a scorer never
    meets a record it cannot score; records the task skips are counted in `skipped`.
    """
    kept = check_task(gold, task)
    result = _scorer(task)(kept, events, errors)
    return dataclasses.replace(result, skipped=len(gold) - len(kept))


def _scorer(task: str) -> Scorer:
    if task == "realnews":
        # realnews.py builds on this module's helpers, so it is imported when first used
        from flashpoint.evaluate.realnews import score_realnews

        return score_realnews
    return SCORERS[task]


def reliability(judged: Iterable[tuple[float, bool]], *,
                edges: Sequence[float] = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01),
                ) -> tuple[ReliabilityBin, ...]:
    """Bin (confidence, right) pairs: a calibrated coder is right about as often as it says."""
    counts = [[0, 0] for _ in edges[:-1]]
    for confidence, right in judged:
        k = next(i for i in range(len(edges) - 1) if confidence < edges[i + 1] or
                 i == len(edges) - 2)
        counts[k][0] += 1
        counts[k][1] += right
    return tuple(ReliabilityBin(edges[i], min(edges[i + 1], 1.0), n, ok)
                 for i, (n, ok) in enumerate(counts))


def share_right(bins: Iterable[ReliabilityBin], *, at_least: float) -> tuple[int, int]:
    """(right, events) among events with confidence >= `at_least`."""
    kept = [b for b in bins if b.low >= at_least]
    return sum(b.right for b in kept), sum(b.events for b in kept)


# --- helpers shared with score.py ---------------------------------------------------------

def _by_doc(events: Iterable[Event]) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        found[str(event.doc_id)].append(event)
    return found


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def actor_country(actor: ActorRef | None) -> str | None:
    """The ISO-3 country of an actor: its `country`, else its CAMEO code's country slot, else
    the prefix of an `ISO3.SECTOR` id."""
    if actor is None:
        return None
    if actor.country:
        return actor.country
    if actor.cameo and actor.cameo[:3] != "---":  # the CAMEO code's country slot
        return actor.cameo[:3]
    match = re.match(r"^([A-Z]{3})(\.|$)", actor.actor or "")
    return match.group(1) if match else None


def penta_of(event: Event) -> str | None:
    """Penta class from the CAMEO root, else from the PLOVER type."""
    return ROOT_TO_PENTA.get(str(event.cameo or "")[:2]) or TYPE_TO_PENTA.get(event.type)


def plover_type(code: str | None) -> str:
    """A gold PLOVER 0.5 label in 2021 terms."""
    return PLOVER_05_TO_2021.get(code or "", code or "")


def _not_negated(events: Iterable[Event]) -> list[Event]:
    return [e for e in events if e.modality != "negated"]


def _by_confidence(events: Iterable[Event]) -> list[Event]:
    # stable, like score.py's list.sort: ties keep the coder's order
    return sorted(events, key=lambda e: -(e.confidence or 0))


def india_labels(events: Iterable[Event]) -> set[str]:
    """Police-event labels implied by predicted events (source sector POL)."""
    out: set[str] = set()
    for event in events:
        if event.source is None or event.source.sector != "POL":
            continue
        if event.modality == "negated":
            out.add("FAIL")
            continue
        out.add("ANY_ACTION")
        mode, toll = event.mode or "", event.fatalities
        if event.type == "ASSAULT" and ((toll.killed or 0) > 0 or (toll.killed_min or 0) > 0):
            out.add("KILL")
        if event.type == "COERCE" and "arrest" in mode:
            out.add("ARREST")
        if event.type in ("ASSAULT", "COERCE") and "arrest" not in mode:
            out.add("FORCE")
    return out


def _shown(events: Iterable[Event]) -> tuple[PredictedEvent, ...]:
    return tuple(PredictedEvent(
        type=e.type, modality=e.modality, evidence=e.evidence.text, mode=e.mode,
        source=e.source.actor if e.source else None, confidence=e.confidence) for e in events)


def _worst(misses: Iterable[Miss], n: int) -> tuple[Miss, ...]:
    # sorted() is stable, so equally bad misses stay in gold-file order
    return tuple(sorted(misses, key=lambda m: -m.severity)[:max(n, 0)])


def _confusion(pairs: Iterable[tuple[str, str]]) -> Confusion:
    cells: dict[str, Counter[str]] = defaultdict(Counter)
    for gold_label, predicted in pairs:
        cells[gold_label][predicted] += 1
    columns = [*sorted({c for row in cells.values() for c in row} - {NONE}), NONE]
    return Confusion(rows=tuple(sorted(cells)), columns=tuple(columns),
                     cells={k: dict(v) for k, v in sorted(cells.items())})


def _ratio(name: str, hits: int, total: int) -> Figure:
    # score.py divides by the count itself; an empty gold set gives 0.0 here, not a crash
    return Figure(name, hits / total if total else 0.0, hits, total)


def _figures(*figures: Figure) -> dict[str, Figure]:
    return {f.name: f for f in figures}


# --- tasks ----------------------------------------------------------------------------------

def _countries(actors: Sequence[GoldActor] | None) -> set[str]:
    """The plain ISO-3 country codes among a gold event's actors (sectored codes left out)."""
    return {a.code for a in actors or () if a.code and re.fullmatch(r"[A-Z]{3}", a.code)}


def score_plover(gold: Sequence[GoldRecord], events: Sequence[Event],
                 errors: int = 0) -> EvalResult:
    """PLOVER type micro-F1 over per-record type sets (gold 0.5 labels mapped to 2021)."""
    by_doc = _by_doc(events)
    tp = fp = fn = hit = src_ok = src_n = tgt_ok = tgt_n = 0
    per_type: Counter[str] = Counter()
    per_type_hit: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    pairs: list[tuple[str, str]] = []
    misses: list[Miss] = []
    judged: list[tuple[float, bool]] = []
    for record in gold:
        gold_events = record.events or ()
        gt = {plover_type(ev.event_code) for ev in gold_events}
        evs = _not_negated(by_doc.get(record.id, []))
        pt = {e.type for e in evs}
        judged += [(e.confidence, e.type in gt) for e in evs]
        tp += len(gt & pt)
        fp += len(pt - gt)
        fn += len(gt - pt)
        false_pos.update(pt - gt)
        top = _by_confidence(evs)[0].type if evs else NONE
        for t in gt:
            per_type[t] += 1
            per_type_hit[t] += t in pt
            pairs.append((t, t if t in pt else top))
        hit += bool(gt & pt)
        # source (target) country: for gold events whose type was found, does a predicted
        # event of that type carry one of the gold source (target) countries?
        for ev in gold_events:
            t = plover_type(ev.event_code)
            if t not in pt:
                continue
            gsrc = _countries(ev.source)
            gtgt = _countries(ev.target)
            src_n += bool(gsrc)
            src_ok += bool(gsrc) and any(actor_country(e.source) in gsrc
                                         for e in evs if e.type == t)
            tgt_n += bool(gtgt)
            tgt_ok += bool(gtgt) and any(actor_country(e.target) in gtgt
                                         for e in evs if e.type == t)
        if gt != pt:
            misses.append(Miss(record.id, record.text, tuple(sorted(gt)), tuple(sorted(pt)),
                               _shown(evs), float(len(gt - pt) * 2 + len(pt - gt))))
    p, r, f = _prf(tp, fp, fn)
    figures = _figures(
        *(_ratio(f"recall {t}", per_type_hit[t], per_type[t]) for t in sorted(per_type)),
        _ratio("records with the gold type found", hit, len(gold)),
        Figure("source country right, where type found", src_ok / max(src_n, 1), src_ok, src_n),
        Figure("target country right, where type found", tgt_ok / max(tgt_n, 1), tgt_ok, tgt_n),
        Figure("type micro P", p), Figure("type micro R", r), Figure("plover type micro-F1", f))
    labels = sorted(set(per_type) | set(false_pos))
    return EvalResult(
        task="plover", records=len(gold), predicted=_scored(gold, by_doc), figures=figures,
        headline=figures["plover type micro-F1"],
        per_label={t: LabelCounts(t, per_type_hit[t], false_pos[t], per_type[t] - per_type_hit[t])
                   for t in labels},
        confusion=_confusion(pairs), misses=_worst(misses, errors),
        reliability=reliability(judged))


def score_conflibert(gold: Sequence[GoldRecord], events: Sequence[Event],
                     errors: int = 0) -> EvalResult:
    """Penta-class macro-F1 of the top-confidence non-negated event per record."""
    by_doc = _by_doc(events)
    y: list[str] = []
    yhat: list[str | None] = []
    misses: list[Miss] = []
    judged: list[tuple[float, bool]] = []
    for record in gold:
        evs = _by_confidence(_not_negated(by_doc.get(record.id, [])))
        predicted = penta_of(evs[0]) if evs else NONE
        judged += [(e.confidence, penta_of(e) == record.labels[0]) for e in evs]
        y.append(record.labels[0])
        yhat.append(predicted)
        if predicted != record.labels[0]:
            misses.append(Miss(record.id, record.text, (record.labels[0],),
                               (predicted or "?",), _shown(evs),
                               _class_distance(record.labels[0], predicted)))
    acc = sum(a == b for a, b in zip(y, yhat, strict=True)) / len(y) if y else 0.0
    f1s: list[float] = []
    figures: dict[str, Figure] = {}
    per_label: dict[str, LabelCounts] = {}
    for c in sorted(set(y)):
        tp = sum(a == c and b == c for a, b in zip(y, yhat, strict=True))
        fp = sum(a != c and b == c for a, b in zip(y, yhat, strict=True))
        fn = sum(a == c and b != c for a, b in zip(y, yhat, strict=True))
        f = _prf(tp, fp, fn)[2]
        f1s.append(f)
        figures[f"class {c} F1"] = Figure(f"class {c} F1", f)
        per_label[c] = LabelCounts(c, tp, fp, fn)
    macro = sum(f1s) / len(f1s) if f1s else 0.0
    figures.update(_figures(_ratio("no event predicted", yhat.count(NONE), len(y)),
                            Figure("accuracy", acc), Figure("penta macro-F1", macro)))
    return EvalResult(
        task="conflibert", records=len(gold), predicted=_scored(gold, by_doc), figures=figures,
        headline=figures["penta macro-F1"], per_label=per_label,
        confusion=_confusion((a, b or "?") for a, b in zip(y, yhat, strict=True)),
        misses=_worst(misses, errors), reliability=reliability(judged))


def _class_distance(gold_class: str, predicted: str | None) -> float:
    # classes run from statements (0) to material conflict (4): confusing 1 with 4 is worse
    # than 3 with 4; no prediction at all counts as one step
    if predicted is not None and predicted.isdigit() and gold_class.isdigit():
        return float(abs(int(gold_class) - int(predicted)))
    return 1.0


def score_india(gold: Sequence[GoldRecord], events: Sequence[Event],
                errors: int = 0) -> EvalResult:
    """Per-label P/R/F1 of police labels derived from events; macro-F1 over the core four."""
    by_doc = _by_doc(events)
    predicted = {record.id: india_labels(by_doc.get(record.id, [])) for record in gold}
    figures: dict[str, Figure] = {}
    per_label: dict[str, LabelCounts] = {}
    f1s: dict[str, float] = {}
    for lab in INDIA_LABELS:
        tp = fp = fn = 0
        for record in gold:
            ph = lab in predicted[record.id]
            gh = lab in record.labels
            tp += ph and gh
            fp += ph and not gh
            fn += gh and not ph
        p, r, f = _prf(tp, fp, fn)
        f1s[lab] = f
        per_label[lab] = LabelCounts(lab, tp, fp, fn)
        figures.update(_figures(Figure(f"{lab} P", p), Figure(f"{lab} R", r),
                                Figure(f"{lab} F1", f)))
    core = [f1s[k] for k in INDIA_CORE]
    name = "india macro-F1 (KILL, ARREST, FAIL, FORCE)"
    figures[name] = Figure(name, sum(core) / 4)
    misses = []
    for record in gold:
        gold_set = set(record.labels) & set(INDIA_LABELS)
        wrong = gold_set ^ predicted[record.id]
        if wrong:
            # a wrong core label costs more than a wrong ANY_ACTION
            misses.append(Miss(record.id, record.text, tuple(sorted(gold_set)),
                               tuple(sorted(predicted[record.id])),
                               _shown(by_doc.get(record.id, [])),
                               float(sum(2 if lab in INDIA_CORE else 1 for lab in wrong))))
    return EvalResult(
        task="india", records=len(gold), predicted=_scored(gold, by_doc), figures=figures,
        headline=figures[name], per_label=per_label, misses=_worst(misses, errors))


def score_gva(gold: Sequence[GoldRecord], events: Sequence[Event],
              errors: int = 0) -> EvalResult:
    """Exact match and MAE of killed/injured: the max over non-negated ASSAULT events, else 0."""
    by_doc = _by_doc(events)
    exact_k = exact_i = ae_k = ae_i = 0
    misses: list[Miss] = []
    for record in gold:
        ev = (record.events or ())[0]
        gk, gi = ev.fatalities or 0, ev.injured or 0  # check_task guarantees both are set
        evs = [e for e in by_doc.get(record.id, [])
               if e.type == "ASSAULT" and e.modality != "negated"]
        k = max([e.fatalities.killed or 0 for e in evs] or [0])
        i = max([e.fatalities.injured or 0 for e in evs] or [0])
        exact_k += k == gk
        exact_i += i == gi
        ae_k += abs(k - gk)
        ae_i += abs(i - gi)
        if k != gk or i != gi:
            misses.append(Miss(record.id, record.text, (f"killed={gk}", f"injured={gi}"),
                               (f"killed={k}", f"injured={i}"), _shown(evs),
                               float(abs(k - gk) + abs(i - gi))))
    n = len(gold)
    d = max(n, 1)
    figures = _figures(
        Figure("killed exact", exact_k / d), Figure("killed MAE", ae_k / d),
        Figure("injured exact", exact_i / d), Figure("injured MAE", ae_i / d),
        Figure("gva killed+injured exact", (exact_k + exact_i) / (2 * d)))
    return EvalResult(
        task="gva", records=n, predicted=_scored(gold, by_doc), figures=figures,
        headline=figures["gva killed+injured exact"], misses=_worst(misses, errors))


def score_petr2(gold: Sequence[GoldRecord], events: Sequence[Event],
                errors: int = 0) -> EvalResult:
    """Recall of gold CAMEO roots, and of roots with the right source and target country."""
    by_doc = _by_doc(events)
    root_hit = dyad_hit = n = 0
    misses: list[Miss] = []
    roots: Counter[str] = Counter()
    roots_hit: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    for record in gold:
        evs = _not_negated(by_doc.get(record.id, []))
        lost: list[str] = []
        severity = 0.0
        gold_roots = {(ev.event_code or "")[:2] for ev in record.events or ()}
        extra.update(r for r in (str(e.cameo or "")[:2] for e in evs)
                     if r and r not in gold_roots)
        for ev in record.events or ():
            n += 1
            root = (ev.event_code or "")[:2]
            roots[root] += 1
            cand = [e for e in evs if str(e.cameo or "")[:2] == root]
            dyad = False
            if cand:
                root_hit += 1
                roots_hit[root] += 1
                # score.py reads `code` with a "" default; a null code counts as "" here
                gs = {(a.code or "")[:3] for a in ev.source or ()}
                gt = {(a.code or "")[:3] for a in ev.target or ()}
                dyad = any(actor_country(e.source) in gs and actor_country(e.target) in gt
                           for e in cand)
                dyad_hit += dyad
            if not dyad:
                lost.append(ev.event_code or "")
                severity += 1.0 if cand else 2.0
        if lost:
            misses.append(Miss(record.id, record.text, tuple(lost),
                               tuple(str(e.cameo) for e in evs), _shown(evs), severity))
    figures = _figures(_ratio("CAMEO root recall", root_hit, n),
                       _ratio("root + source/target country recall", dyad_hit, n))
    return EvalResult(
        task="petr2", records=len(gold), predicted=_scored(gold, by_doc), figures=figures,
        headline=figures["root + source/target country recall"],
        per_label={r: LabelCounts(r, roots_hit[r], extra[r], roots[r] - roots_hit[r])
                   for r in sorted(set(roots) | set(extra))},
        misses=_worst(misses, errors))


def _scored(gold: Sequence[GoldRecord], by_doc: Mapping[str, list[Event]]) -> int:
    return sum(len(by_doc.get(record.id, [])) for record in gold)


def overlaps(a: str, b: str) -> bool:
    """Whether two evidence strings are the same passage: containment or 60% shared words."""
    a, b = re.sub(r"\W+", " ", a.lower()), re.sub(r"\W+", " ", b.lower())
    return a.strip() in b or b.strip() in a or len(set(a.split()) & set(b.split())) >= 0.6 * min(
        len(a.split()), len(b.split()))


def _asserted_taliban_arrest(event: Event) -> bool:
    return (event.type == "COERCE" and event.modality != "negated"
            and actor_country(event.source) == "AFG"
            and re.search(r"arrest|action", event.evidence.text) is not None)


def _asserted_airstrike(event: Event) -> bool:
    return (event.type == "ASSAULT" and "airstrike" in event.evidence.text
            and event.modality == "asserted")


def _furniture_or_forecast(event: Event) -> bool:
    return re.search(r"fbpx|Comments: 0|email address|huge challenge",
                     event.evidence.text) is not None


# score.py's must-not checks, written for the seed page (afghan-inaction); the names are the
# words score.py prints, so the two outputs line up
SEED_MUST_NOT: tuple[tuple[str, Callable[[Event], bool]], ...] = (
    ("asserted Taliban action/arrest", _asserted_taliban_arrest),
    ("asserted airstrike", _asserted_airstrike),
    ("event from furniture or forecast", _furniture_or_forecast),
)


def _seed_match(gold_event: GoldEvent, event: Event) -> bool:
    if event.type != gold_event.event_code or event.modality != gold_event.modality:
        return False
    if not overlaps(event.evidence.text, gold_event.evidence or ""):
        return False
    codes = {a.code for a in gold_event.source or ()}
    actor = event.source.actor if event.source else None
    raw_source = gold_event.raw.get("source")
    if isinstance(raw_source, str):
        return (raw_source in ("UNKNOWN", "ISKP") or actor in codes
                or actor_country(event.source) == raw_source[:3])
    # a list of acceptable ids: score.py's wildcard and country fallback never apply to it
    return actor in codes


def score_seed(gold: Sequence[GoldRecord], events: Sequence[Event],
               errors: int = 0) -> EvalResult:
    """Core (`must`) seed events found, and must-not violations, over all predicted events."""
    checks: list[SeedCheck] = []
    misses: list[Miss] = []
    for ge in (ev for record in gold for ev in record.events or () if ev.must):
        found = any(_seed_match(ge, e) for e in events)
        checks.append(SeedCheck(ge.event_id or "", found, ge.event_code or "",
                                ge.modality or "", ge.evidence or ""))
        if not found:
            near = [e for e in events if overlaps(e.evidence.text, ge.evidence or "")]
            misses.append(Miss(
                ge.event_id or "", ge.evidence or "",
                (f"{ge.event_code} {ge.modality}", *(a.code or "" for a in ge.source or ())),
                tuple(f"{e.type} {e.modality}" for e in near), _shown(near), 2.0))
    broken_by = [(rule, e) for e in events for rule, broken in SEED_MUST_NOT if broken(e)]
    violations = [Violation(rule, e.evidence.text) for rule, e in broken_by]
    misses.extend(Miss("must-not", e.evidence.text, (rule,), (f"{e.type} {e.modality}",),
                       _shown([e]), 1.0) for rule, e in broken_by)
    ok = sum(c.found for c in checks)
    figures = _figures(_ratio("seed core events", ok, len(checks)),
                       Figure("must-not violations", float(len(violations))),
                       Figure("events in all", float(len(events))))
    return EvalResult(
        task="seed", records=len(gold), predicted=len(events), figures=figures,
        headline=figures["seed core events"], misses=_worst(misses, errors),
        seed_checks=tuple(checks), violations=tuple(violations))


SCORERS: dict[str, Scorer] = {
    "plover": score_plover, "conflibert": score_conflibert, "india": score_india,
    "gva": score_gva, "petr2": score_petr2, "seed": score_seed,
}
