"""Rendering results for people: run summaries and event tables (CLI output only)."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table

from flashpoint.analysis.monitor import DyadReport
from flashpoint.records import Event
from flashpoint.runner import RunSummary


def render_summary(summary: RunSummary, console: Console) -> None:
    """The run summary: records read and skipped, events by type and modality, top dyads."""
    for problem in summary.problems:
        console.print(f"[yellow]skipped[/] {problem}")
    console.print(
        f"run {summary.run_id}: {summary.read} articles read, {summary.coded} coded, "
        f"{summary.pending} stored to code later, "
        f"{summary.already_stored} already stored, {summary.duplicates} duplicates, "
        f"{summary.not_coded} not coded (language or length), "
        f"{summary.unreadable} unreadable; "
        f"{summary.events} events in {summary.seconds:.1f}s")
    table = Table(title="events by type and modality")
    modalities = sorted(summary.events_by_modality)
    table.add_column("type")
    for name in modalities:
        table.add_column(name, justify="right")
    by_pair: dict[tuple[str, str], int] = {}
    for key, value in summary.type_modality.items():
        by_pair[key] = value
    for type_ in sorted(summary.events_by_type):
        table.add_row(type_, *[str(by_pair.get((type_, m), 0)) for m in modalities])
    console.print(table)
    if summary.dyads:
        console.print("top dyads (asserted events):")
        for dyad, count in summary.dyads.most_common(8):
            console.print(f"  {dyad}: {count}")


def _row(event: Event) -> dict[str, object]:
    return {
        "date": event.date.value if event.date else None, "type": event.type,
        "mode": event.mode, "modality": event.modality,
        "source": event.source.actor if event.source else None,
        "target": event.target.actor if event.target else None,
        "killed": event.fatalities.killed, "location": (
            event.location.name or event.location.country) if event.location else None,
        "evidence": event.evidence.text, "event_id": event.event_id, "doc_id": event.doc_id,
    }


def render_events(events: Sequence[Event], fmt: str, out: TextIO) -> None:
    """Events as a table, JSON Lines or CSV."""
    if fmt == "json":
        for event in events:
            out.write(json.dumps(event.to_dict()) + "\n")
        return
    rows = [_row(e) for e in events]
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["event_id"])
        writer.writeheader()
        writer.writerows(rows)
        return
    table = Table(show_lines=False)
    for name in ("date", "type", "modality", "source", "target", "killed", "location",
                 "evidence"):
        table.add_column(name, overflow="fold", max_width=60 if name == "evidence" else None)
    for row in rows:
        table.add_row(*[("" if row[k] is None else str(row[k])) for k in (
            "date", "type", "modality", "source", "target", "killed", "location", "evidence")])
    Console(file=out, width=160).print(table)


def render_dyad(report: DyadReport, console: Console) -> None:
    """A dyad's series as a table, then its trend and alerts."""
    table = Table(title=f"{report.a} - {report.b} by {report.by} (incidents counted once)")
    for name in ("period", "verbal coop", "material coop", "verbal conflict",
                 "material conflict", "goldstein", "killed"):
        table.add_column(name, justify="right")
    for row in report.rows:
        table.add_row(row.period.isoformat(), str(row.n_q1), str(row.n_q2), str(row.n_q3),
                      str(row.n_q4), f"{row.goldstein_sum:.1f}", str(row.killed))
    console.print(table)
    t = report.trend
    console.print(f"trend: {t.label} (slope {t.slope:+.3f} conflict events per {report.by}, "
                  f"p={t.p_value:.3f})")
    for alert in report.alerts:
        console.print(alert.explain())


def render_incidents(rows: Sequence[Mapping[str, object]], console: Console,
                     reports: Mapping[str, Sequence[str]] | None = None) -> None:
    """Incidents as a table; with `reports`, who reported each (publishers or doc ids)."""
    table = Table()
    names = ("first_date", "type", "source_actor", "target_actor", "killed", "n_events",
             "n_sources", "incident_id")
    for name in (*names, *(("reports",) if reports is not None else ())):
        table.add_column(name)
    for row in rows:
        cells = ["" if row.get(k) is None else str(row.get(k)) for k in names]
        if reports is not None:
            cells.append(", ".join(reports.get(str(row.get("incident_id")), [])))
        table.add_row(*cells)
    console.print(table)
