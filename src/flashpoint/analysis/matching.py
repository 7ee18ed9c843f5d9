"""Matching: whether two coded events may describe the same happening (#19).

This module owns the pairwise rules that incidents are built from (type family, modality,
actors and country, place, date window, toll) and the thresholds behind them. It does not
cluster or merge: `incidents.py` does, with these rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from flashpoint.errors import ConfigError
from flashpoint.records import ActorRef, Event, EventDate, Fatalities, Place

ARMED_SECTORS = frozenset({"MIL", "REB"})
# Modalities that may describe one happening: a wire reports it as fact, a paper attributes it.
_FACTUAL = frozenset({"asserted", "alleged"})
_FINE_PLACES = frozenset({"point", "city", "district"})
# Half-width, in days, of what a date of each precision may mean ("last week" is +-3 days).
DATE_SLACK = {"day": 0, "week": 3, "month": 15, "year": 183}
_EARTH_KM = 6371.0088
_FIRM_PRECISIONS = frozenset({"day", "week"})
# A date taken from the article's own date ("no date in the text") means on or shortly before
# publication: its slack reaches back only, never after the article appeared.


@dataclass(frozen=True, slots=True)
class IncidentParams:
    """Thresholds for deciding that two events describe the same happening.

    - `max_km`: two places with fine-grained coordinates (point/city/district) further apart
      than this are different happenings. 30 km keeps neighbouring towns apart while allowing
      for a city-centre geocode against a district centroid.
    - `window_days`: dates further apart than this (plus the slack of imprecise dates: a
      week-precise date adds 3 days, a month 15) are different happenings. Wires often date
      an overnight attack to either day, hence 1 day by default.
    - `max_toll_ratio` and `toll_slack`: two exact death tolls are compatible when the larger
      is at most `ratio` times the smaller *or* they differ by at most `slack`; early reports
      undercount ("1 killed" becomes "3 killed"), but 3 and 40 are two incidents.
    - `outlier_ratio`: when picking the credible toll, an exact figure above this multiple of
      the median exact figure is treated as a misreading (a cumulative toll, a wrong sentence).
    - `compatible_types`: groups of PLOVER types that may describe one happening; within a
      type, modes must agree unless the type is in `any_mode_types` (ASSAULT: outlets call the
      same attack a bombing, a blast or a shelling).
    - `swapped_roles`: also accept source and target swapped, because each side's press
      blames the other for the same border clash.
    """

    max_km: float = 30.0
    window_days: int = 1
    max_toll_ratio: float = 2.0
    toll_slack: int = 3
    outlier_ratio: float = 2.0
    compatible_types: tuple[tuple[str, ...], ...] = ()
    any_mode_types: tuple[str, ...] = ("ASSAULT",)
    swapped_roles: bool = True

    def __post_init__(self) -> None:
        if self.max_km < 0 or self.window_days < 0 or self.toll_slack < 0:
            raise ConfigError(key="IncidentParams", reason="distances and windows must be >= 0")
        if self.max_toll_ratio < 1 or self.outlier_ratio < 1:
            raise ConfigError(key="IncidentParams", reason="ratios must be >= 1")


def neighbour_days(params: IncidentParams) -> int:
    """How many days apart two firmly dated events of one incident can be at most."""
    return params.window_days + 2 * max(DATE_SLACK[p] for p in _FIRM_PRECISIONS)


def firm_day(event: Event) -> date | None:
    """The day of an event dated to a day or a week; None for an undated or vaguer one."""
    if not firm_date(event) or event.date is None or event.date.value is None:
        return None
    return parse_date(event.date.value)


def same_happening(a: Event, b: Event, *, params: IncidentParams = IncidentParams()) -> bool:
    """Whether two events may describe one happening (type, actors, place, date, toll).

    Two events of one article need more: both places must be known and agree. One article
    naming two attacks of the same type (in two cities, or vaguely) reports two happenings;
    only the same attack told twice, at the same named place, merges.
    """
    if a.event_id == b.event_id:
        return True
    if not (types_compatible(a, b, params)
            and _dates_compatible(a.date, b.date, params.window_days)):
        return False
    if a.doc_id == b.doc_id:
        if not _places_named_alike(a.location, b.location, params):
            return False
    elif not _anchored(a, b, params):
        return False
    return (
        _modalities_compatible(a.modality, b.modality)
        and _roles_compatible(a, b, params.swapped_roles)
        and places_compatible(a.location, b.location, max_km=params.max_km)
        and tolls_compatible(a.fatalities, b.fatalities, params)
    )


def _anchored(a: Event, b: Event, params: IncidentParams) -> bool:
    """Positive evidence that two articles' events are one happening, not just no conflict.

    They must share a country or a named actor (an event naming neither joins nothing), and
    both carry a firm date (a day, or a week at worst). A missing date fits any day and a
    month fits thirty, so on those grounds alone reports of attacks weeks or years apart in
    one capital would join: such an event stays with its own article's mentions.
    """
    return firm_date(a) and firm_date(b) and not happening_keys(a).isdisjoint(
        happening_keys(b))


def happening_keys(event: Event) -> frozenset[str]:
    """The countries and named actors an event is about (place, source, target)."""
    loc, src, tgt = event.location, event.source, event.target
    return frozenset(key for key in (
        loc.country if loc else None,
        src.country if src else None, src.actor if src else None,
        tgt.country if tgt else None, tgt.actor if tgt else None,
    ) if key and key != "UNKNOWN")


def firm_date(event: Event) -> bool:
    """Dated to a day or a week: close enough to tell two happenings apart by date."""
    return event.date is not None and bool(event.date.value) \
        and (event.date.precision or "day") in _FIRM_PRECISIONS


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def places_compatible(p: Place | None, q: Place | None, *, max_km: float) -> bool:
    """Whether two resolved places can be the same spot, at the coarser of their precisions.

    A missing place is compatible with anything: most wire sentences name no place. A
    country-level place carries a centroid, so distance is used only when both are
    fine-grained; otherwise they must agree on whatever both name (country, admin1, name).
    """
    if p is None or q is None:
        return True
    if p.country and q.country and p.country != q.country:
        return False
    if _fine(p) and _fine(q):
        if p.lat is not None and p.lon is not None and q.lat is not None and q.lon is not None:
            return haversine_km(p.lat, p.lon, q.lat, q.lon) <= max_km
        if p.name and q.name:
            return p.name.casefold() == q.name.casefold()
    if p.admin1 and q.admin1:
        return p.admin1.casefold() == q.admin1.casefold()
    return True


def _fine(place: Place) -> bool:
    if place.precision is None:
        return place.lat is not None or place.name is not None
    return place.precision in _FINE_PLACES


def _places_named_alike(p: Place | None, q: Place | None, params: IncidentParams) -> bool:
    if p is None or q is None or not (_fine(p) and _fine(q)):
        return False
    return places_compatible(p, q, max_km=params.max_km)


def types_compatible(a: Event, b: Event, params: IncidentParams) -> bool:
    if a.type != b.type:
        return any(a.type in group and b.type in group for group in params.compatible_types)
    if a.type in params.any_mode_types:
        return True
    return a.mode is None or b.mode is None or a.mode == b.mode


def _modalities_compatible(m: str, n: str) -> bool:
    return m == n or (m in _FACTUAL and n in _FACTUAL)


def _armed(ref: ActorRef) -> bool:
    return ref.actor == "UNKNOWN" or ref.sector in ARMED_SECTORS


def _actors_compatible(x: ActorRef | None, y: ActorRef | None) -> bool:
    """Same id or same country; an unnamed attacker ("gunmen") may be any armed actor."""
    if x is None or y is None or (x.actor is None and x.country is None) \
            or (y.actor is None and y.country is None):
        return True
    if x.actor is not None and x.actor == y.actor:
        return True
    if x.actor == "UNKNOWN" or y.actor == "UNKNOWN":
        return _armed(x) and _armed(y)
    return x.country is not None and x.country == y.country


def _roles_compatible(a: Event, b: Event, swapped: bool) -> bool:
    if _actors_compatible(a.source, b.source) and _actors_compatible(a.target, b.target):
        return True
    return swapped and _actors_compatible(a.source, b.target) \
        and _actors_compatible(a.target, b.source)


def _dates_compatible(x: EventDate | None, y: EventDate | None, window_days: int) -> bool:
    dx = parse_date(x.value) if x and x.value else None
    dy = parse_date(y.value) if y and y.value else None
    if dx is None or dy is None or x is None or y is None:
        return True
    (back_x, ahead_x), (back_y, ahead_y) = date_slack(x), date_slack(y)
    gap = max((dy - timedelta(days=back_y)) - (dx + timedelta(days=ahead_x)),
              (dx - timedelta(days=back_x)) - (dy + timedelta(days=ahead_y)))
    return gap.days <= window_days


def date_slack(value: EventDate) -> tuple[int, int]:
    """Days a date may lie before and after its value: both ways by its precision, only
    before for a date taken from the article's own date."""
    slack = DATE_SLACK.get(value.precision or "day", 0)
    return (slack, 0) if value.basis == "publication" else (slack, slack)


def tolls_compatible(f: Fatalities, g: Fatalities, params: IncidentParams) -> bool:
    """Exact tolls must be close; an "at least N" must not exceed the other's exact figure.

    Only deaths are checked: injury counts vary too much between early and late reports.
    """
    def close(small: int, large: int) -> bool:
        return large - small <= params.toll_slack or large <= params.max_toll_ratio * small

    if f.killed is not None and g.killed is not None:
        return close(min(f.killed, g.killed), max(f.killed, g.killed))
    for bound, exact in ((f.killed_min, g.killed), (g.killed_min, f.killed)):
        if bound is not None and exact is not None and bound > exact and not close(exact, bound):
            return False
    return True


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        # A partial value ("2023-03") from a month-precise date: its first day.
        parts = value.split("-")
        if len(parts) >= 2 and all(p.isdigit() for p in parts[:2]):
            return date(int(parts[0]), int(parts[1]), 1)
        return date(int(parts[0]), 1, 1) if parts[0].isdigit() else None
