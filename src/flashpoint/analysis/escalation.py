"""Escalation: flag a dyad whose conflict intensity rises beyond its own history.

This module owns the detector (a count-model CUSUM against a trailing baseline) and its
backtest on synthetic series with known change points. It sees only `DyadRow`s, never the
store or the events; `alerts` turns its windows into explained alerts.

Method, per period t (docs/analysis.md has the figures):

1. Baseline. The mean `mu0` (floored at `min_rate`) of the previous `baseline_periods`
   periods' intensity. If their variance exceeds 1.25 times the mean, the counts
   are overdispersed and a negative binomial of size `k = mean^2 / (var - mean)` replaces the
   Poisson, so a volatile dyad needs a bigger surge to alarm than a steady one.
2. Test. A one-sided CUSUM of the log-likelihood ratio of "rate = shift * mu0" against
   "rate = mu0": `S_t = max(0, S_{t-1} + log f(x_t; shift*mu0) - log f(x_t; mu0))`. This is
   Page's test, the sequentially optimal detector of a step change of that size; smaller
   and larger steps are still found, a little later or sooner.
3. Freeze. While `S > 0` the baseline stays the one from before the run began, so a slow
   surge cannot become its own baseline.
4. Alarm. When `S` exceeds `threshold` the dyad alarms; the window runs from the period the
   run began (the CUSUM's change-point estimate) to the last period before `S` falls back
   to zero, `max_window` periods after the alarm (then `S` restarts at zero against a fresh
   baseline: the new level is the dyad's history now), or the end of the series.

The window's p-value is the count model's upper tail of the window total under the baseline.
It is conditional on a window the detector chose, so it is a measure of size, not a corrected
test; the decision is the CUSUM score against `threshold`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Literal

import numpy as np
from scipy import stats  # type: ignore[import-untyped, unused-ignore]

from flashpoint.analysis.dyads import DyadRow, Measure, intensity
from flashpoint.errors import ConfigError

# Variance/mean above which the baseline is fitted as a negative binomial. Poisson samples of
# 26 often show 1.2-1.3 by chance, but missing real overdispersion costs more: on the backtest,
# 1.25 gave fewer false alarms than 1.5 on both Poisson and NB(k=3) series (docs/analysis.md).
_OVERDISPERSED = 1.25


@dataclass(frozen=True, slots=True)
class EscalationParams:
    """Detector settings; defaults tuned by `backtest` for weekly series (docs/analysis.md).

    - `measure`: what counts as intensity ("conflict" = quad 3+4 events or incidents).
    - `baseline_periods`: trailing periods the baseline is estimated from (26 weeks).
    - `min_history`: periods needed before any test (a new dyad has no history to exceed).
    - `shift`: the rate ratio the CUSUM is tuned for (x2).
    - `threshold`: the CUSUM alarm level, in log-likelihood units; higher means fewer false
      alarms and later detection.
    - `min_rate`: floor of the baseline rate, so a dyad silent for months does not alarm on
      its first incident.
    - `max_window`: periods after the alarm at which a still-open window is closed and the
      baseline re-estimated, so a lasting new level raises a fresh alert a quarter later
      only if it keeps rising, and a baseline misjudged early cannot hold a window open.
    - `min_observed`: the fewest intensity units a window must hold to be reported.
    - `overdispersion`: "auto" fits a negative binomial when the baseline is overdispersed;
      "poisson" never does.
    """

    measure: Measure = "conflict"
    baseline_periods: int = 26
    min_history: int = 12
    shift: float = 2.0
    threshold: float = 6.0
    min_rate: float = 0.25
    min_observed: int = 3
    max_window: int = 13
    overdispersion: Literal["auto", "poisson"] = "auto"

    def __post_init__(self) -> None:
        if self.shift <= 1 or self.threshold <= 0 or self.min_rate <= 0:
            raise ConfigError(key="EscalationParams",
                              reason="shift must be > 1, threshold and min_rate > 0")
        if self.min_history < 2 or self.baseline_periods < self.min_history:
            raise ConfigError(key="EscalationParams",
                              reason="need 2 <= min_history <= baseline_periods")
        if self.overdispersion not in ("auto", "poisson"):
            raise ConfigError(key="overdispersion", reason="must be 'auto' or 'poisson'")


@dataclass(frozen=True, slots=True)
class EscalationWindow:
    """A stretch of periods where a dyad ran above its own baseline, and by how much.

    `start`/`end` are the first days of the first and last periods; `alarm` is the period
    the CUSUM crossed its threshold (`alarm - start` is the time it took to be sure). Rates
    are per period; `baseline_periods` is how many periods the baseline came from.
    `dispersion` is the negative binomial size, None for Poisson.
    """

    start: date
    end: date
    alarm: date
    start_index: int
    end_index: int
    alarm_index: int
    n_periods: int
    baseline_rate: float
    baseline_periods: int
    observed_rate: float
    observed_total: float
    expected_total: float
    ratio: float
    llr: float
    z: float
    p_value: float
    dispersion: float | None
    measure: str


@dataclass(frozen=True, slots=True)
class _Baseline:
    rate: float
    n_periods: int
    size: float | None  # negative binomial size k; None means Poisson


def detect_escalation(rows: Sequence[DyadRow], *,
                      params: EscalationParams = EscalationParams()) -> list[EscalationWindow]:
    """Windows where the dyad's intensity rose beyond its baseline (see the module docstring).

    `rows` must be consecutive periods, oldest first, as `dyad_series` returns them.
    """
    return _scan(intensity(rows, params.measure), [r.period for r in rows], params)


def _scan(x: Sequence[float], periods: Sequence[date],
          params: EscalationParams) -> list[EscalationWindow]:
    windows: list[EscalationWindow] = []
    score, peak = 0.0, 0.0
    run_start: int | None = None
    alarm: int | None = None
    base = _Baseline(params.min_rate, 0, None)
    for t in range(params.min_history, len(x)):
        if run_start is None:
            base = _baseline(x[max(0, t - params.baseline_periods):t], params)
        score = max(0.0, score + _llr(x[t], base, params.shift))
        if score > 0 and run_start is None:
            run_start, peak = t, 0.0
        peak = max(peak, score)
        if score > params.threshold and alarm is None:
            alarm = t
        if run_start is not None and alarm is not None and t - alarm + 1 >= params.max_window:
            windows.append(_window(x, periods, run_start, t, alarm, base, peak, params))
            score, run_start, alarm = 0.0, None, None
        elif score == 0 and run_start is not None:
            if alarm is not None:
                windows.append(_window(x, periods, run_start, t - 1, alarm, base, peak, params))
            run_start, alarm = None, None
    if run_start is not None and alarm is not None:
        windows.append(_window(x, periods, run_start, len(x) - 1, alarm, base, peak, params))
    return [w for w in windows if w.observed_total >= params.min_observed]


def _baseline(history: Sequence[float], params: EscalationParams) -> _Baseline:
    n = len(history)
    mean = sum(history) / n if n else 0.0
    rate = max(mean, params.min_rate)
    if params.overdispersion == "poisson" or n < params.min_history:
        return _Baseline(rate, n, None)
    var = sum((v - mean) ** 2 for v in history) / (n - 1)
    if mean > 0 and var > _OVERDISPERSED * mean:
        return _Baseline(rate, n, max(mean * mean / (var - mean), 0.5))
    return _Baseline(rate, n, None)


def _logpmf(x: float, mu: float, size: float | None) -> float:
    """Poisson or negative binomial log-probability, written for real x (hostility scores)."""
    if size is None:
        return x * math.log(mu) - mu - math.lgamma(x + 1)
    return (math.lgamma(x + size) - math.lgamma(size) - math.lgamma(x + 1)
            + size * math.log(size / (size + mu)) + x * math.log(mu / (size + mu)))


def _llr(x: float, base: _Baseline, shift: float) -> float:
    return _logpmf(x, shift * base.rate, base.size) - _logpmf(x, base.rate, base.size)


def _window(x: Sequence[float], periods: Sequence[date], start: int, end: int, alarm: int,
            base: _Baseline, peak: float, params: EscalationParams) -> EscalationWindow:
    n = end - start + 1
    observed = float(sum(x[start:end + 1]))
    expected = base.rate * n
    # Variance of a sum of n independent periods: n*mu*(1 + mu/k) for the negative binomial.
    var = expected * (1 + base.rate / base.size) if base.size else expected
    if base.size is None:
        p_value = float(stats.poisson.sf(math.ceil(observed) - 1, expected))
    else:
        total_size = base.size * n
        p_value = float(stats.nbinom.sf(math.ceil(observed) - 1, total_size,
                                        total_size / (total_size + expected)))
    return EscalationWindow(
        start=periods[start], end=periods[end], alarm=periods[alarm], start_index=start,
        end_index=end, alarm_index=alarm, n_periods=n, baseline_rate=base.rate,
        baseline_periods=base.n_periods,
        observed_rate=observed / n, observed_total=observed, expected_total=expected,
        ratio=observed / expected, llr=peak, z=(observed - expected) / math.sqrt(var),
        p_value=p_value, dispersion=base.size, measure=params.measure)


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """How the detector did on one kind of synthetic series.

    For step scenarios, `detected` is the share of series alarmed within `max_delay` periods
    of the change and `delays` summarise `alarm - change` over those; false alarms count
    alarms before the change. For the null scenario (`multiplier` 1) every alarm is false.
    """

    name: str
    multiplier: float
    n_series: int
    detected: float
    median_delay: float | None
    mean_delay: float | None
    p90_delay: float | None
    false_alarms_per_year: float


@dataclass(frozen=True, slots=True)
class BacktestResult:
    """Backtest figures for one parameter set on seeded synthetic series."""

    params: EscalationParams
    base_rate: float
    n_periods: int
    change_at: int
    periods_per_year: int
    dispersion: float | None
    seed: int
    scenarios: tuple[ScenarioResult, ...]


def synthetic_series(rng: np.random.Generator, *, n_periods: int, base_rate: float,
                     multiplier: float = 1.0, change_at: int | None = None,
                     dispersion: float | None = None) -> list[DyadRow]:
    """Weekly conflict counts stepping from `base_rate` to `base_rate * multiplier`.

    With `dispersion` k the counts are gamma-Poisson (negative binomial, variance
    mu + mu^2/k), the overdispersion real dyads show.
    """
    rates = np.full(n_periods, base_rate)
    if change_at is not None:
        rates[change_at:] *= multiplier
    if dispersion is not None:
        rates = rng.gamma(dispersion, rates / dispersion)
    counts = rng.poisson(rates)
    start = date(2020, 1, 6)  # a Monday, as week periods are
    return [DyadRow(start + timedelta(weeks=i), 0, 0, 0, int(c), -10.0 * int(c),
                    -10.0 if c else None, 0, 0, int(c)) for i, c in enumerate(counts)]


def backtest(*, params: EscalationParams = EscalationParams(), n_series: int = 300,
             n_periods: int = 156, base_rate: float = 3.0, change_at: int = 104,
             multipliers: Sequence[float] = (2.0, 3.0), dispersion: float | None = None,
             max_delay: int = 26, periods_per_year: int = 52, seed: int = 7) -> BacktestResult:
    """Run the detector on seeded synthetic series with and without a known step up.

    Each scenario draws `n_series` series from one numpy Generator seeded with `seed`, so
    the figures are reproducible. Null series give false alarms per year of monitoring
    (periods after `min_history`); step series give detection share and delay in periods.
    """
    if params.measure != "conflict":
        raise ConfigError(key="measure", reason="the backtest simulates conflict counts")
    rng = np.random.default_rng(seed)
    scenarios = [_null_scenario(rng, params, n_series, n_periods, base_rate, dispersion,
                                periods_per_year)]
    for multiplier in multipliers:
        scenarios.append(_step_scenario(rng, params, n_series, n_periods, base_rate, change_at,
                                        multiplier, dispersion, max_delay, periods_per_year))
    return BacktestResult(params, base_rate, n_periods, change_at, periods_per_year,
                          dispersion, seed, tuple(scenarios))


def _null_scenario(rng: np.random.Generator, params: EscalationParams, n_series: int,
                   n_periods: int, base_rate: float, dispersion: float | None,
                   periods_per_year: int) -> ScenarioResult:
    alarms = 0
    for _ in range(n_series):
        rows = synthetic_series(rng, n_periods=n_periods, base_rate=base_rate,
                                dispersion=dispersion)
        alarms += len(detect_escalation(rows, params=params))
    years = n_series * (n_periods - params.min_history) / periods_per_year
    return ScenarioResult("no change", 1.0, n_series, 0.0, None, None, None, alarms / years)


def _step_scenario(rng: np.random.Generator, params: EscalationParams, n_series: int,
                   n_periods: int, base_rate: float, change_at: int, multiplier: float,
                   dispersion: float | None, max_delay: int,
                   periods_per_year: int) -> ScenarioResult:
    delays: list[int] = []
    false_alarms = 0
    for _ in range(n_series):
        rows = synthetic_series(rng, n_periods=n_periods, base_rate=base_rate,
                                multiplier=multiplier, change_at=change_at,
                                dispersion=dispersion)
        found = detect_escalation(rows, params=params)
        false_alarms += sum(1 for w in found if w.alarm_index < change_at)
        late = [w.alarm_index - change_at for w in found
                if change_at <= w.alarm_index <= change_at + max_delay]
        # A window opened before the change may carry it: its alarm falls after the change.
        if late:
            delays.append(min(late))
    years = n_series * (change_at - params.min_history) / periods_per_year
    ordered = sorted(delays)
    return ScenarioResult(
        f"step x{multiplier:g}", multiplier, n_series, len(delays) / n_series,
        float(median(ordered)) if ordered else None,
        sum(ordered) / len(ordered) if ordered else None,
        float(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]) if ordered else None,
        false_alarms / years)
