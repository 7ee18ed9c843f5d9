"""Analysis: incidents across sources, dyad series, escalation detection and alerts.

Pure functions over `records.Event` and `DyadRow`s; no SQL and no storage details (the store
provides `Store.dyad_series` with the same row shape, see `rows_from_points`).
"""

from __future__ import annotations

from flashpoint.analysis.alerts import Alert, Driver, raise_alerts
from flashpoint.analysis.dyads import (
    DyadRow,
    Trend,
    counts_by_modality,
    dyad_series,
    rows_from_points,
    trend,
)
from flashpoint.analysis.escalation import (
    BacktestResult,
    EscalationParams,
    EscalationWindow,
    ScenarioResult,
    backtest,
    detect_escalation,
)
from flashpoint.analysis.incidents import (
    Incident,
    IncidentParams,
    cluster_incidents,
    credible_toll,
    incident_mapping,
)

__all__ = [
    "Alert",
    "BacktestResult",
    "Driver",
    "DyadRow",
    "EscalationParams",
    "EscalationWindow",
    "Incident",
    "IncidentParams",
    "ScenarioResult",
    "Trend",
    "backtest",
    "cluster_incidents",
    "counts_by_modality",
    "credible_toll",
    "detect_escalation",
    "dyad_series",
    "incident_mapping",
    "raise_alerts",
    "rows_from_points",
    "trend",
]
