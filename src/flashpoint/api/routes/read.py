"""GET routes: articles, events, incidents, dyads, alerts, actors, runs, and dashboard feeds.

Each route validates its parameters and calls one `Service` method; no logic lives here.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from flashpoint.api import models
from flashpoint.api.routes.common import (
    ACTOR_ID,
    ERRORS,
    KEY,
    ActorId,
    Country,
    Limit,
    Offset,
    Svc,
)
from flashpoint.records import EventType, Modality

router = APIRouter(prefix="/api", responses=ERRORS)
Since = Annotated[date | None, Query(description="first day, inclusive (YYYY-MM-DD)")]
Until = Annotated[date | None, Query(description="last day, inclusive (YYYY-MM-DD)")]
By = Annotated[Literal["day", "week", "month"], Query(description="period of the series")]


@router.get("/health", tags=["meta"])
def health(svc: Svc) -> models.Health:
    """Whether the server is up, which store it holds, and whether writes are on."""
    return models.Health(store=svc.store.path, read_only=svc.store.read_only,
                         writes=svc.writes_enabled, live=svc.live.active)


@router.get("/live", tags=["meta"])
def live(svc: Svc, after: Annotated[int, Query(ge=0, le=2**53, description=(
        "the last sequence number seen; 0 on first call"))] = 0) -> models.LiveFeed:
    """What a running monitor added after poll `after`: new events and alert ids per poll.

    The dashboard calls this every few seconds and marks what came after the number it saw
    when the page opened.
    """
    return svc.live_feed(after)


@router.get("/summary", tags=["overview"])
def summary(svc: Svc) -> models.SummaryModel:
    """Articles by status, events by type and modality, and the busiest actor pairs."""
    return svc.summary()


@router.get("/timeline", tags=["overview"])
def timeline(svc: Svc, since: Since = None, until: Until = None) -> models.Timeline:
    """Events per day by quad class."""
    return svc.timeline(since=since, until=until)


@router.get("/articles", tags=["articles"])
def articles(
    svc: Svc, limit: Limit = 50, offset: Offset = 0,
    status: Annotated[Literal["coded", "duplicate", "not_coded"] | None, Query()] = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
    since: Since = None, until: Until = None,
) -> models.ArticlePage:
    """Article metadata by publication date, a page at a time (text: /api/articles/{key})."""
    return svc.articles(limit=limit, offset=offset, status=status, language=language,
                        since=since, until=until)


@router.get("/articles/{key:path}", tags=["articles"])
def article(svc: Svc, key: Annotated[str, Path(pattern=KEY)]) -> models.ArticleOne:
    """One article, by content hash or doc id, with its cleaned text and its events."""
    return svc.article(key)


@router.get("/events", tags=["events"])
def events(
    svc: Svc, limit: Limit = 50, offset: Offset = 0,
    type: Annotated[EventType | None, Query(description="PLOVER event type")] = None,
    actor: ActorId = None, country: Country = None,
    modality: Annotated[Modality | None, Query()] = None,
    since: Since = None, until: Until = None,
    doc_id: Annotated[str | None, Query(pattern=KEY)] = None,
) -> models.EventPage:
    """Events (the DESIGN.md record) matching every filter given, oldest first.

    `actor` matches the source or target actor id, `country` the source or target country.
    """
    return svc.events(limit=limit, offset=offset, type=type, actor=actor, country=country,
                      modality=modality, since=since, until=until, doc_id=doc_id)


@router.get("/events/{event_id}", tags=["events"])
def event(svc: Svc, event_id: Annotated[str, Path(pattern=KEY)]) -> models.EventOne:
    """One event by id."""
    return svc.event(event_id)


@router.get("/incidents", tags=["incidents"])
def incidents(svc: Svc, limit: Limit = 50, offset: Offset = 0, since: Since = None,
              until: Until = None, country: Country = None) -> models.IncidentPage:
    """Incidents (one happening, however many outlets reported it), by first date."""
    return svc.incidents(limit=limit, offset=offset, since=since, until=until,
                         country=country)


@router.get("/map", tags=["incidents"])
def incident_map(svc: Svc, since: Since = None, until: Until = None,
                 limit: Annotated[int, Query(ge=1, le=10_000, description=(
                     "at most this many: the gravest (most killed, then most sources)"))] = 2000,
                 ) -> models.MapIncidents:
    """Incidents with coordinates, for the map, by first date; a busy period keeps the
    `limit` gravest, since a browser cannot draw a hundred thousand markers (#18)."""
    return svc.map_incidents(since=since, until=until, limit=limit)


@router.get("/dyads", tags=["dyads"])
def dyads(svc: Svc, top: Annotated[int, Query(ge=1, le=100)] = 10) -> models.DyadList:
    """The most active country pairs (asserted events between two countries)."""
    return svc.dyads(top=top)


@router.get("/dyads/{a}/{b}", tags=["dyads"])
def dyad(
    svc: Svc, a: Annotated[str, Path(pattern=ACTOR_ID, description="actor id or ISO3")],
    b: Annotated[str, Path(pattern=ACTOR_ID, description="actor id or ISO3")],
    by: By = "week", since: Since = None, until: Until = None,
) -> models.DyadReportModel:
    """A dyad's series (either direction), its trend, and the alerts raised on it."""
    return svc.dyad(a, b, by=by, since=since, until=until)


@router.get("/alerts", tags=["dyads"])
def alerts(svc: Svc, by: By = "week", since: Since = None,
           top: Annotated[int, Query(ge=1, le=50, description="dyads scanned")] = 10
           ) -> models.AlertList:
    """Escalation alerts on the most active dyads, newest first, each explained."""
    return svc.alerts(by=by, since=since, top=top)


@router.get("/network", tags=["dyads"])
def network(svc: Svc, since: Since = None, until: Until = None,
            modality: Annotated[Modality, Query()] = "asserted",
            top: Annotated[int, Query(ge=1, le=500, description="edges kept")] = 150
            ) -> models.Network:
    """Who acts on whom in a period; edges carry cooperation and conflict counts."""
    return svc.network(since=since, until=until, modality=modality, top=top)


@router.get("/actors", tags=["actors"])
def actors(
    svc: Svc, q: Annotated[str | None, Query(min_length=1, max_length=200,
                                             pattern=r"^[^\x00-\x1f\x7f]+$")] = None,
    on: Annotated[date | None, Query(description="resolve as of this day")] = None,
    limit: Limit = 50,
) -> models.ActorLookup:
    """Look an actor up: registry entries matching `q`, and how the resolver reads `q`."""
    return svc.actors(q=q, on=on, limit=limit)


@router.get("/runs", tags=["runs"])
def runs(svc: Svc) -> models.RunList:
    """Every run (what ran, coder and data versions, counts), newest first."""
    return svc.runs()


@router.get("/runs/{run_id}/problems", tags=["runs"])
def run_problems(svc: Svc, run_id: Annotated[str, Path(pattern=KEY)]) -> models.ProblemList:
    """The records a run could not read or code, and why."""
    return svc.problems(run_id)
