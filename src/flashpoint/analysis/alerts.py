"""Alerts: escalation windows turned into statements an analyst can check.

This module owns what an alert says: the dyad, the window, the baseline and the change, and
the incidents that drove it with their evidence sentences. It does not know where events are
kept: `raise_alerts` takes the events as a sequence or as a callable over a date range (a
`Store` method, an API client), so it runs the same over a list in a test and a big store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flashpoint.analysis.dyads import DyadRow, Period, event_day, involves, period_end
from flashpoint.analysis.escalation import EscalationParams, EscalationWindow, detect_escalation
from flashpoint.analysis.incidents import Incident, IncidentParams, cluster_incidents
from flashpoint.records import Event

EventsBetween = Callable[[date, date], Iterable[Event]]
_MEASURE_NOUNS = {"conflict": "conflict events", "hostility": "hostility points",
                  "killed": "deaths"}
_EVIDENCE_CHARS = 160
# Alert levels, lowest first; an alert's rank is its index + 1 (1 watch .. 3 critical).
LEVELS: tuple[str, ...] = ("watch", "warning", "critical")
# A level is reached by either test: how far above its baseline the dyad ran, or how many
# died in the incidents that drive it. The detector alarms near 2x (its tuned shift), so
# "warning" asks for a clearly larger surge or a deadly one.
_LEVEL_RATIO = {"critical": 4.0, "warning": 2.5}
_LEVEL_KILLED = {"critical": 25, "warning": 5}
# Module-level defaults: the params are frozen, so sharing one instance is safe.
_ESCALATION = EscalationParams()
_INCIDENTS = IncidentParams()


@dataclass(frozen=True, slots=True)
class Driver:
    """An incident inside an alert's window, ranked by severity (deaths, wounded, hostility)."""

    incident_id: str
    type: str
    date: str | None
    killed: int | None
    injured: int | None
    n_sources: int
    event_ids: tuple[str, ...]
    evidence: tuple[str, ...]
    severity: float
    country: str | None = None
    place: str | None = None

    @classmethod
    def from_incident(cls, incident: Incident) -> Driver:
        """The alert's view of an incident: ids, toll, and the sentences that report it."""
        killed = incident.killed if incident.killed is not None else incident.killed_min
        injured = incident.injured if incident.injured is not None else incident.injured_min
        return cls(incident.incident_id, incident.type,
                   incident.date.value if incident.date else None, killed, injured,
                   incident.n_sources, incident.event_ids, incident.evidence,
                   incident.severity,
                   incident.location.country if incident.location else None,
                   incident.location.name if incident.location else None)

    def describe(self) -> str:
        """"2024-03-10 ASSAULT, 12 killed, 3 sources: "first evidence sentence"."""
        parts = [f"{self.date or 'undated'} {self.type}"]
        if self.killed:
            parts.append(f"{self.killed} killed")
        if self.injured:
            parts.append(f"{self.injured} injured")
        parts.append(f"{self.n_sources} source{'s' if self.n_sources != 1 else ''}")
        text = ", ".join(parts)
        if self.evidence:
            quote = _shorten(self.evidence[0])
            text += f': "{quote}"'
        return text


@dataclass(frozen=True, slots=True)
class Alert:
    """An escalation between two actors that explains itself (`explain`).

    `start`/`end` are the first and last days of the window; the numbers come from the
    detector's `window`, the evidence from `drivers` (top incidents by severity) out of the
    `n_incidents` conflict incidents found in the window.
    """

    alert_id: str
    a: str
    b: str
    by: Period
    start: date
    end: date
    window: EscalationWindow
    drivers: tuple[Driver, ...]
    n_incidents: int

    @property
    def baseline(self) -> float:
        """Expected intensity per period before the change."""
        return self.window.baseline_rate

    @property
    def observed(self) -> float:
        """Intensity per period inside the window."""
        return self.window.observed_rate

    @property
    def ratio(self) -> float:
        """How many times the baseline the window ran."""
        return self.window.ratio

    @property
    def killed(self) -> int:
        """Deaths in the incidents cited (the credible figure of each)."""
        return sum(d.killed or 0 for d in self.drivers)

    @property
    def rank(self) -> int:
        """The level as a number, 1 (watch) to 3 (critical); it only matters that it rises."""
        for rank, level in ((3, "critical"), (2, "warning")):
            if self.ratio >= _LEVEL_RATIO[level] or self.killed >= _LEVEL_KILLED[level]:
                return rank
        return 1

    @property
    def level(self) -> str:
        """watch, warning or critical (see `rank`)."""
        return LEVELS[self.rank - 1]

    def explain(self) -> str:
        """One paragraph: who, when, how far above the baseline, how sure, and the evidence."""
        w = self.window
        unit = self.by
        noun = _MEASURE_NOUNS.get(w.measure, w.measure)
        span = f"{w.n_periods} {unit}{'s' if w.n_periods != 1 else ''}"
        text = (
            f"{self.a}–{self.b} escalated over the {span} from {self.start.isoformat()} to "
            f"{self.end.isoformat()}: {w.observed_total:g} {noun} ({w.observed_rate:.1f} a "
            f"{unit}) against a baseline of {w.baseline_rate:.1f} a {unit} over the previous "
            f"{w.baseline_periods} {unit}s, {w.ratio:.1f} times the usual level (z = {w.z:.1f},"
            f" p = {w.p_value:.1g}; CUSUM score {w.llr:.1f}, alarm in the {unit} of "
            f"{w.alarm.isoformat()})."
        )
        if self.drivers:
            shown = "; ".join(d.describe() for d in self.drivers)
            text += f" Driving it, of {self.n_incidents} incidents in the window: {shown}."
        else:
            text += " No coded incident in the window was found to cite."
        return text


def raise_alerts(
    rows: Sequence[DyadRow], events: EventsBetween | Iterable[Event], *, a: str, b: str,
    by: Period = "week", params: EscalationParams = _ESCALATION,
    incident_params: IncidentParams = _INCIDENTS, modality: str = "asserted",
    top: int = 3, windows: Sequence[EscalationWindow] | None = None,
) -> list[Alert]:
    """Detect escalation windows in `rows` and explain each with the incidents inside it.

    `events` is either all the dyad's events or a callable `(first_day, last_day) -> events`
    asked once per window (inclusive days), so a store need only load what an alert cites.
    Only conflict events (quad class 3 or 4) of `modality` between `a` and `b` count as
    drivers; they are merged into incidents first so one attack told by ten outlets is cited
    once, with all its evidence. `windows` are the detector's windows over `rows` when the
    caller has them already (it runs in tens of milliseconds on a daily series).
    """
    pool = None if callable(events) else list(events)
    alerts: list[Alert] = []
    if windows is None:
        windows = detect_escalation(rows, params=params)
    for window in windows:
        first, last = window.start, period_end(window.end, by)
        found = events(first, last) if callable(events) else _between(pool or [], first, last)
        conflict = [e for e in found if e.quad_class in (3, 4) and e.modality == modality
                    and involves(e, a, b)]
        incidents = cluster_incidents(conflict, params=incident_params)
        ranked = sorted(incidents, key=lambda i: (-i.severity, -i.n_sources,
                                                  i.date.value if i.date else "", i.incident_id))
        alert_id = hashlib.sha1(f"{a}|{b}|{by}|{first}|{window.alarm}".encode()).hexdigest()
        alerts.append(Alert(
            alert_id=f"alert-{alert_id[:16]}", a=a, b=b, by=by, start=first, end=last,
            window=window, drivers=tuple(Driver.from_incident(i) for i in ranked[:top]),
            n_incidents=len(incidents)))
    return alerts


def _between(events: Iterable[Event], first: date, last: date) -> list[Event]:
    return [e for e in events if (day := event_day(e)) is not None and first <= day <= last]


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _EVIDENCE_CHARS:
        return text
    return text[:_EVIDENCE_CHARS].rsplit(" ", 1)[0] + " …"
