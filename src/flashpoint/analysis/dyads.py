"""Dyad series: what passed between two actors, period by period, and which way it trends.

This module owns the pure-Python series over `Event` records (for small sets and tests) and the
trend fit. It holds no SQL: `Store.dyad_series` computes the same rows for big stores, and
`rows_from_points` turns its points into `DyadRow`s so the rest of `analysis` sees one shape.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Protocol

from scipy import stats  # type: ignore[import-untyped, unused-ignore]

from flashpoint.errors import ConfigError
from flashpoint.records import MODALITIES, ActorRef, Event

Period = Literal["day", "week", "month"]
Measure = Literal["conflict", "hostility", "killed"]
TrendLabel = Literal["deteriorating", "improving", "stable"]
PERIODS: tuple[str, ...] = ("day", "week", "month")


@dataclass(frozen=True, slots=True)
class DyadRow:
    """One period of a dyad's series; an incident reported many times counts once.

    `period` is the first day of the period (Mondays for weeks, the 1st for months).
    `goldstein_mean` is None for a period with no scored event.
    """

    period: date
    n_q1: int
    n_q2: int
    n_q3: int
    n_q4: int
    goldstein_sum: float
    goldstein_mean: float | None
    killed: int
    injured: int
    n_events: int = 0

    @property
    def conflict(self) -> int:
        """Verbal plus material conflict (quad classes 3 and 4): the escalation measure."""
        return self.n_q3 + self.n_q4


class DyadPointLike(Protocol):
    """The shape of `store.queries.DyadPoint`, named here so analysis need not import it."""

    @property
    def period(self) -> date: ...
    @property
    def n_events(self) -> int: ...
    @property
    def quad1(self) -> int: ...
    @property
    def quad2(self) -> int: ...
    @property
    def quad3(self) -> int: ...
    @property
    def quad4(self) -> int: ...
    @property
    def goldstein_sum(self) -> float: ...
    @property
    def goldstein_mean(self) -> float | None: ...
    @property
    def killed(self) -> int: ...
    @property
    def injured(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Trend:
    """A least-squares line through a dyad's intensity, and what it says.

    `slope` is in intensity units per period; `relative_slope` divides it by the mean so that
    dyads of different sizes compare. The label needs both a slope significant at `alpha`
    (t-test on the slope) and a change of at least `min_relative` of the mean per period, so a
    big, busy dyad does not read as "deteriorating" because of a negligible but certain slope.
    """

    measure: str
    slope: float
    intercept: float
    p_value: float
    mean: float
    relative_slope: float
    n_periods: int
    label: TrendLabel


def rows_from_points(points: Iterable[DyadPointLike]) -> list[DyadRow]:
    """`DyadRow`s from the store's `DyadPoint`s, so detection works on either source."""
    return [
        DyadRow(p.period, p.quad1, p.quad2, p.quad3, p.quad4, p.goldstein_sum,
                p.goldstein_mean, p.killed, p.injured, p.n_events)
        for p in points
    ]


def period_start(day: date, by: Period) -> date:
    """The first day of the period holding `day` (weeks start on Monday, as in DuckDB)."""
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    raise ConfigError(key="by", reason=f"{by!r} is not one of {', '.join(PERIODS)}")


def next_period(start: date, by: Period) -> date:
    """The first day of the period after the one starting on `start`."""
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    raise ConfigError(key="by", reason=f"{by!r} is not one of {', '.join(PERIODS)}")


def period_end(start: date, by: Period) -> date:
    """The last day of the period starting on `start`."""
    return next_period(start, by) - timedelta(days=1)


def matches(ref: ActorRef | None, key: str) -> bool:
    """Whether an actor reference is `key`, by actor id or by country."""
    return ref is not None and key in (ref.actor, ref.country)


def involves(event: Event, a: str, b: str) -> bool:
    """Whether the event passes between `a` and `b`, in either direction."""
    return (matches(event.source, a) and matches(event.target, b)) or (
        matches(event.source, b) and matches(event.target, a))


def dyad_series(
    events: Iterable[Event], a: str, b: str, *, by: Period = "week",
    modality: str = "asserted", incidents: Mapping[str, str] | None = None,
    since: date | None = None, until: date | None = None,
) -> list[DyadRow]:
    """Events between `a` and `b` (either direction) per period, empty periods as zeros.

    With `incidents` (`{event_id: incident_id}`), the events of one incident count once, so
    ten outlets reporting one bombing do not read as ten bombings. The unit keeps its
    earliest date, the quad class and Goldstein value of its most confident event, and the
    largest toll reported (exact or lower bound), the same rule `Store.dyad_series` applies in
    SQL so both give the same rows. Undated events cannot be placed in a period and are left
    out. `since`/`until` (inclusive) also fix the range of periods returned.
    """
    if by not in PERIODS:
        raise ConfigError(key="by", reason=f"{by!r} is not one of {', '.join(PERIODS)}")
    units: dict[str, list[tuple[date, Event]]] = defaultdict(list)
    for event in events:
        day = event_day(event)
        if (day is None or event.modality != modality or not involves(event, a, b)
                or (since is not None and day < since) or (until is not None and day > until)):
            continue
        key = incidents.get(event.event_id) if incidents else None
        units[key or f"event:{event.event_id}"].append((day, event))
    per_period: dict[date, list[tuple[int | None, float | None, int, int]]] = defaultdict(list)
    for members in units.values():
        lead = max(members, key=lambda m: (m[1].confidence, m[1].event_id))[1]
        killed = max((_toll(e.fatalities.killed, e.fatalities.killed_min) for _, e in members))
        injured = max((_toll(e.fatalities.injured, e.fatalities.injured_min)
                       for _, e in members))
        first = min(day for day, _ in members)
        per_period[period_start(first, by)].append(
            (lead.quad_class, lead.goldstein, killed, injured))
    return _fill(per_period, by, since, until)


def counts_by_modality(
    events: Iterable[Event], a: str, b: str, *, by: Period = "week",
    incidents: Mapping[str, str] | None = None,
    since: date | None = None, until: date | None = None,
) -> dict[str, list[DyadRow]]:
    """One series per modality over the same periods, so denials and claims sit beside facts.

    Alleged, negated and hypothetical events never enter the asserted series (an "alleged
    shelling" is not evidence of shelling), but an analyst wants to see a surge of
    accusations too; this keeps them apart and aligned.
    """
    pool = [e for e in events if event_day(e) is not None and involves(e, a, b)]
    days = [d for e in pool if (d := event_day(e)) is not None]
    lo = since if since is not None else (min(days) if days else None)
    hi = until if until is not None else (max(days) if days else None)
    return {m: dyad_series(pool, a, b, by=by, modality=m, incidents=incidents, since=lo,
                           until=hi) for m in MODALITIES}


def intensity(rows: Sequence[DyadRow], measure: Measure = "conflict") -> list[float]:
    """The conflict intensity per period: conflict events, hostility (-Goldstein) or deaths.

    Hostility is the negated Goldstein sum floored at zero: a cooperative period scores 0
    rather than a negative intensity, which no count model can take.
    """
    if measure == "conflict":
        return [float(r.conflict) for r in rows]
    if measure == "killed":
        return [float(r.killed) for r in rows]
    if measure == "hostility":
        return [max(0.0, -r.goldstein_sum) for r in rows]
    raise ConfigError(key="measure", reason=f"{measure!r} is not conflict, hostility or killed")


def trend(rows: Sequence[DyadRow], *, measure: Measure = "conflict", alpha: float = 0.05,
          min_relative: float = 0.02) -> Trend:
    """Fit intensity = intercept + slope * period index and label the direction."""
    y = intensity(rows, measure)
    n = len(y)
    mean = sum(y) / n if n else 0.0
    if n < 3:
        return Trend(measure, 0.0, mean, 1.0, mean, 0.0, n, "stable")
    x_mean = (n - 1) / 2
    sxx = sum((i - x_mean) ** 2 for i in range(n))
    slope = sum((i - x_mean) * (v - mean) for i, v in enumerate(y)) / sxx
    intercept = mean - slope * x_mean
    residual = sum((v - intercept - slope * i) ** 2 for i, v in enumerate(y))
    if residual <= 1e-12:
        p_value = 0.0 if abs(slope) > 1e-12 else 1.0
    else:
        t_stat = slope / math.sqrt(residual / (n - 2) / sxx)
        p_value = float(2 * stats.t.sf(abs(t_stat), n - 2))
    relative = slope / mean if mean > 0 else 0.0
    label: TrendLabel = "stable"
    if p_value < alpha and abs(relative) >= min_relative:
        label = "deteriorating" if slope > 0 else "improving"
    return Trend(measure, slope, intercept, p_value, mean, relative, n, label)


def event_day(event: Event) -> date | None:
    """The event's day, or None when undated or dated only to a month or year."""
    if event.date is None or not event.date.value:
        return None
    try:
        return date.fromisoformat(event.date.value[:10])
    except ValueError:
        return None  # a month-only date ("2023-03") has no day to place in a week


def _toll(exact: int | None, lower: int | None) -> int:
    return exact if exact is not None else (lower or 0)


def _fill(per_period: Mapping[date, list[tuple[int | None, float | None, int, int]]],
          by: Period, since: date | None, until: date | None) -> list[DyadRow]:
    if not per_period and (since is None or until is None):
        return []
    lo = period_start(since if since is not None else min(per_period), by)
    hi = period_start(until if until is not None else max(per_period), by)
    rows: list[DyadRow] = []
    current = lo
    while current <= hi:
        units = per_period.get(current, [])
        quads = [q for q, _, _, _ in units]
        scores = [g for _, g, _, _ in units if g is not None]
        rows.append(DyadRow(
            period=current, n_q1=quads.count(1), n_q2=quads.count(2), n_q3=quads.count(3),
            n_q4=quads.count(4), goldstein_sum=float(sum(scores)),
            goldstein_mean=sum(scores) / len(scores) if scores else None,
            killed=sum(k for _, _, k, _ in units), injured=sum(i for _, _, _, i in units),
            n_events=len(units)))
        current = next_period(current, by)
    return rows
