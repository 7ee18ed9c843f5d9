"""Escalation: a step up in conflict alarms; a flat Poisson series does not (seeded)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from flashpoint.analysis import DyadRow, EscalationParams, backtest, detect_escalation
from flashpoint.analysis.escalation import synthetic_series
from flashpoint.errors import ConfigError


def test_analysis_escalation_fires_on_a_step_up() -> None:
    rng = np.random.default_rng(11)
    rows = synthetic_series(rng, n_periods=80, base_rate=3.0, multiplier=3.0, change_at=52)

    windows = detect_escalation(rows)

    assert len(windows) == 1
    window = windows[0]
    assert 50 <= window.start_index <= 52 <= window.alarm_index <= 56
    assert window.start == rows[window.start_index].period
    assert window.alarm == rows[window.alarm_index].period
    assert 2.0 < window.baseline_rate < 4.0
    assert window.observed_rate > 2 * window.baseline_rate
    assert window.ratio == pytest.approx(window.observed_rate / window.baseline_rate)
    assert window.llr > EscalationParams().threshold
    assert window.z > 5 and window.p_value < 1e-6
    assert window.baseline_periods == 26


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_analysis_escalation_stays_quiet_on_a_flat_poisson_series(seed: int) -> None:
    rng = np.random.default_rng(seed)
    rows = synthetic_series(rng, n_periods=104, base_rate=3.0)

    assert detect_escalation(rows) == []


def test_analysis_escalation_needs_history_before_testing() -> None:
    rng = np.random.default_rng(3)
    rows = synthetic_series(rng, n_periods=30, base_rate=1.0, multiplier=10.0, change_at=0)

    windows = detect_escalation(rows)

    assert all(w.start_index >= EscalationParams().min_history for w in windows)


def test_analysis_escalation_first_incident_of_a_silent_dyad_is_not_an_alarm() -> None:
    rows = synthetic_series(np.random.default_rng(0), n_periods=40, base_rate=0.0)
    clash = DyadRow(rows[30].period, 0, 0, 0, 1, -10.0, -10.0, killed=2, injured=0, n_events=1)
    one_clash = [*rows[:30], clash, *rows[31:]]

    assert detect_escalation(one_clash) == []


def test_analysis_escalation_window_dates_follow_the_rows() -> None:
    rng = np.random.default_rng(11)
    rows = synthetic_series(rng, n_periods=80, base_rate=3.0, multiplier=3.0, change_at=52)

    window = detect_escalation(rows)[0]

    assert rows[0].period == date(2020, 1, 6)
    assert window.end == rows[window.end_index].period
    assert window.n_periods == window.end_index - window.start_index + 1


def test_analysis_backtest_reports_delay_and_false_alarms() -> None:
    result = backtest(n_series=60, seed=7)

    null, double, triple = result.scenarios
    assert (null.name, double.name, triple.name) == ("no change", "step x2", "step x3")
    assert null.false_alarms_per_year < 0.5
    assert double.detected > 0.85 and triple.detected > 0.9
    assert triple.median_delay is not None and double.median_delay is not None
    assert triple.median_delay <= double.median_delay <= 8
    assert backtest(n_series=60, seed=7) == result  # seeded: reproducible figures


@pytest.mark.parametrize(
    "kwargs",
    [dict(shift=1.0), dict(threshold=0.0), dict(min_history=1), dict(min_rate=0.0),
     dict(baseline_periods=4), dict(overdispersion="gamma")],
)
def test_analysis_escalation_params_are_checked(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        EscalationParams(**kwargs)  # type: ignore[arg-type]
