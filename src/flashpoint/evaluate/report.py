"""Rendering an evaluation result: plain-text lines and JSON.

The figure lines use score.py's exact wording and number formats, so a user can put
`flashpoint eval` output beside `score.py` output and compare line by line; the confusion table
and the worst misses follow after a blank line. Owns presentation only, no scoring.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence

from flashpoint.evaluate.gold import JSONValue
from flashpoint.evaluate.score import (
    INDIA_LABELS,
    Confusion,
    EvalResult,
    Figure,
    LabelCounts,
    Miss,
    ReliabilityBin,
    share_right,
)

_EVIDENCE_WIDTH = 100
# what per_label counts, by task
_LABEL_NAME: Mapping[str, str] = {"conflibert": "class", "india": "label", "petr2": "CAMEO root"}


def render_figures(result: EvalResult) -> list[str]:
    """The figure lines exactly as score.py prints them; the last line is the headline."""
    return _FIGURE_LINES[result.task](result)


def render_text(result: EvalResult) -> list[str]:
    """Figures, then the confusion table (plover, conflibert) and the worst misses, if any."""
    lines = render_figures(result)
    if result.skipped:
        lines += [f"({result.skipped} gold records without what {result.task} scores left out)"]
    if result.split != "all":
        unit = "core events" if result.task == "seed" else "records"
        lines += [f"(split {result.split}: the {unit} whose id hashes into it; "
                  "docs/accuracy.md)"]
    if result.per_label:
        lines += ["", f"per {_LABEL_NAME.get(result.task, 'type')} "
                      "(P = tp / (tp + fp), R = tp / (tp + fn))"]
        lines += render_per_label(result.per_label)
    if result.confusion is not None:
        lines += ["", f"confusion (rows: gold, columns: predicted top; {result.records} records)"]
        lines += render_confusion(result.confusion)
    if result.reliability:
        lines += ["", "reliability (an event is right when its type, or class, is the gold one)"]
        lines += render_reliability(result.reliability)
    if result.misses:
        lines += ["", f"worst {len(result.misses)} misses"]
        for miss in result.misses:
            lines += render_miss(miss)
    return lines


def render_per_label(per_label: Mapping[str, LabelCounts]) -> list[str]:
    """Gold count, true and false positives, precision and recall of each type or label."""
    width = max([len(k) for k in per_label] + [5]) + 1
    lines = ["label".ljust(width) + "  gold    tp    fp      P      R"]
    for label, c in per_label.items():
        p = f"{c.tp / (c.tp + c.fp):.3f}" if c.tp + c.fp else "-"
        r = f"{c.tp / (c.tp + c.fn):.3f}" if c.tp + c.fn else "-"
        lines.append(f"{label.ljust(width)}{c.tp + c.fn:6d}{c.tp:6d}{c.fp:6d}{p:>7}{r:>7}")
    return lines


def render_confusion(confusion: Confusion) -> list[str]:
    """A fixed-width gold x predicted table; zero cells print as '.' so errors stand out."""
    width = max([len(c) for c in (*confusion.rows, *confusion.columns)] + [4]) + 1
    lines = ["gold".ljust(width) + "".join(c.rjust(width) for c in confusion.columns)]
    for row in confusion.rows:
        cells = confusion.cells.get(row, {})
        lines.append(row.ljust(width) + "".join(
            str(cells.get(c, 0) or ".").rjust(width) for c in confusion.columns))
    return lines


def render_reliability(bins: Sequence[ReliabilityBin]) -> list[str]:
    """Confidence bins with the share of events right, then the >= 0.8 line of issue #3."""
    lines = ["confidence  events  right  share"]
    for b in bins:
        share = f"{b.right / b.events:.2f}" if b.events else "-"
        lines.append(f"{b.low:.1f}-{b.high:.1f}  {b.events:7d} {b.right:6d}  {share:>5}")
    right, total = share_right(bins, at_least=0.8)
    lines.append(f"confidence >= 0.8: {right}/{total} right = {right / max(total, 1):.3f}")
    return lines


def render_miss(miss: Miss) -> list[str]:
    """One miss: record id, gold vs predicted labels, the text, then each predicted event."""
    lines = [f"- {miss.record_id}: gold {', '.join(miss.gold) or '-'}; "
             f"predicted {', '.join(miss.predicted) or '-'}",
             f"    text: {_clip(miss.text)}"]
    for event in miss.events:
        mode = f"/{event.mode}" if event.mode else ""
        lines.append(f"    event: {event.type}{mode} {event.modality} "
                     f"source={event.source or '-'}: {_clip(event.evidence)}")
    if not miss.events:
        lines.append("    event: (none)")
    return lines


def result_to_dict(result: EvalResult) -> dict[str, JSONValue]:
    """The JSON form: every field of the result, figures keyed by their score.py names."""
    data: dict[str, JSONValue] = json.loads(json.dumps(dataclasses.asdict(result)))
    lines: list[JSONValue] = [*render_figures(result)]
    data["figure_lines"] = lines
    return data


def render_json(result: EvalResult) -> str:
    """The result as one indented JSON document."""
    return json.dumps(result_to_dict(result), indent=2, ensure_ascii=False)


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EVIDENCE_WIDTH else flat[:_EVIDENCE_WIDTH - 3] + "..."


def _count(figure: Figure) -> str:
    return f"{figure.hits}/{figure.total}"


def _plover(result: EvalResult) -> list[str]:
    fig = result.figures
    lines = [f"recall {f.name.removeprefix('recall '):10s} {f.hits or 0:4d}/{f.total or 0:<4d}"
             for f in fig.values() if f.name.startswith("recall ")]
    found = fig["records with the gold type found"]
    source = fig["source country right, where type found"]
    target = fig["target country right, where type found"]
    return [*lines,
            f"records with the gold type found: {_count(found)} = {found.value:.3f}",
            f"source country right, where type found: {_count(source)} = {source.value:.3f}",
            f"target country right, where type found: {_count(target)} = {target.value:.3f}",
            f"type micro P {fig['type micro P'].value:.3f} R {fig['type micro R'].value:.3f}",
            f"plover type micro-F1 {fig['plover type micro-F1'].value:.3f}"]


def _conflibert(result: EvalResult) -> list[str]:
    fig = result.figures
    lines = [f"{f.name} {f.value:.3f}" for f in fig.values() if f.name.startswith("class ")]
    return [*lines, f"no event predicted: {_count(fig['no event predicted'])}",
            f"accuracy {fig['accuracy'].value:.3f}",
            f"penta macro-F1 {fig['penta macro-F1'].value:.3f}"]


def _india(result: EvalResult) -> list[str]:
    fig = result.figures
    lines = [f"{lab:10s} P {fig[f'{lab} P'].value:.3f} R {fig[f'{lab} R'].value:.3f} "
             f"F1 {fig[f'{lab} F1'].value:.3f}" for lab in INDIA_LABELS]
    return [*lines, f"{result.headline.name} {result.headline.value:.3f}"]


def _gva(result: EvalResult) -> list[str]:
    fig = result.figures
    return [f"{what} exact {fig[f'{what} exact'].value:.3f} MAE {fig[f'{what} MAE'].value:.3f}"
            for what in ("killed", "injured")] + [
        f"gva killed+injured exact {fig['gva killed+injured exact'].value:.3f}"]


def _petr2(result: EvalResult) -> list[str]:
    return [f"{f.name} {_count(f)} = {f.value:.3f}" for f in result.figures.values()]


def _realnews(result: EvalResult) -> list[str]:
    fig = result.figures
    n_gold, n_pred = fig["gold key events"].hits or 0, fig["predicted events"].hits or 0
    matched, bad = fig["predicted events that match a key event"], fig["must-not violations"]
    lines = [f"must-not {v.rule} in: {v.evidence[:70]}" for v in result.violations]
    lines += [f"articles {result.records}, gold key events {n_gold}, predicted events {n_pred} "
              f"({fig['predicted per key event'].value:.2f} per key event)",
              f"predicted events that match a key event: {_count(matched)} = "
              f"{matched.value:.3f} (a lower bound on precision)"]
    lines += [f"{name}: {_count(fig[name])} = {fig[name].value:.3f}" for name in (
        "modality right, matched", "date right, matched with a gold date",
        "killed right, matched with a gold toll")]
    head = result.headline
    return [*lines, f"must-not violations: {bad.hits} of {bad.total} phrases",
            f"{head.name} {_count(head)} = {head.value:.3f}"]


def _seed(result: EvalResult) -> list[str]:
    lines = [f"{c.event_id:4s} {'found' if c.found else 'MISSING'}  {c.type} {c.modality}  "
             f"{c.evidence[:70]}" for c in result.seed_checks]
    lines += [f"must-not: {v.rule}: {v.evidence[:80]}" for v in result.violations]
    core = result.figures["seed core events"]
    return [*lines, f"seed: {_count(core)} core events, {len(result.violations)} must-not "
                    f"violations, {result.predicted} events in all"]


_FIGURE_LINES: Mapping[str, Callable[[EvalResult], list[str]]] = {
    "plover": _plover, "conflibert": _conflibert, "india": _india, "gva": _gva,
    "petr2": _petr2, "realnews": _realnews, "seed": _seed,
}
