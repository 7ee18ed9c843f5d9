"""Response and request schemas of the HTTP API: the OpenAPI description is built from these.

Event fields mirror the DESIGN.md event record exactly, so a client reads the same JSON from
`flashpoint code`, an export and `/api/events`. Models hold shapes only; `service` fills them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

Day = date  # a field called `date` would shadow the type inside a class body
_STRICT = ConfigDict(extra="forbid")
MAX_TEXT_CHARS = 1_000_000


class ErrorBody(BaseModel):
    """Every error: what happened, its stable code (docs/errors.md) and the HTTP status."""

    ok: Literal[False] = False
    error: str
    code: str
    status: int


class SpanModel(BaseModel):
    text: str
    start: int
    end: int


class ActorRefModel(BaseModel):
    text: str | None
    actor: str | None = None
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    cameo: str | None = None  # CAMEO actor code (docs/formats.md); not kept by the store
    chain: list[str] | None = None  # mentions a reference was resolved through


class PlaceModel(BaseModel):
    text: str | None
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None


class EventDateModel(BaseModel):
    value: str | None
    precision: str | None = None
    basis: str | None = None


class FatalitiesModel(BaseModel):
    killed: int | None = None
    killed_min: int | None = None
    injured: int | None = None
    injured_min: int | None = None


class EventModel(BaseModel):
    """The DESIGN.md event record."""

    event_id: str
    doc_id: str
    sentence: int
    evidence: SpanModel
    type: str
    mode: str | None
    cameo: str | None
    quad_class: int | None
    goldstein: float | None
    modality: str
    source: ActorRefModel | None
    target: ActorRefModel | None
    reported_by: ActorRefModel | None
    location: PlaceModel | None
    date: EventDateModel | None
    fatalities: FatalitiesModel
    confidence: float
    coder: str
    trigger: SpanModel | None = None
    mentions: list[SpanModel] = []  # every mention of the happening in its document (#19)


class Paging(BaseModel):
    """Where a page sits: `next_offset` is null on the last page."""

    limit: int
    offset: int
    next_offset: int | None


class EventPage(Paging):
    ok: Literal[True] = True
    items: list[EventModel]


class EventOne(BaseModel):
    ok: Literal[True] = True
    event: EventModel


class ArticleSummary(BaseModel):
    """An article without its text (lists stay small); `chars` is the text's length."""

    doc_id: str
    title: str | None
    url: str | None
    publisher: str | None
    published: date | None
    language: str | None
    source: str | None
    content_hash: str | None
    duplicate_of: str | None
    fetched_at: str | None
    chars: int


class ArticlePage(Paging):
    ok: Literal[True] = True
    items: list[ArticleSummary]


class ArticleOne(BaseModel):
    """One article with its cleaned text (event offsets point into it) and its events."""

    ok: Literal[True] = True
    article: ArticleSummary
    text: str
    events: list[EventModel]


class IncidentModel(BaseModel):
    incident_id: str
    type: str | None = None
    first_date: date | None = None
    last_date: date | None = None
    source_actor: str | None = None
    target_actor: str | None = None
    country: str | None = None
    killed: int | None = None
    injured: int | None = None
    n_events: int | None = None
    n_sources: int | None = None
    lat: float | None = None
    lon: float | None = None


class IncidentPage(Paging):
    ok: Literal[True] = True
    items: list[IncidentModel]


class DyadPointModel(BaseModel):
    """One period of a dyad's series (an incident reported many times counts once)."""

    period: date
    n_events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    goldstein_sum: float
    goldstein_mean: float | None
    killed: int
    injured: int


class TrendModel(BaseModel):
    measure: str
    slope: float
    p_value: float
    mean: float
    relative_slope: float
    n_periods: int
    label: str


class DriverModel(BaseModel):
    """An incident inside an alert's window, with the sentences that report it."""

    incident_id: str
    type: str
    date: str | None
    killed: int | None
    injured: int | None
    n_sources: int
    event_ids: list[str]
    evidence: list[str]
    severity: float
    country: str | None = None
    place: str | None = None


class AlertModel(BaseModel):
    """An escalation window on a dyad, with its numbers, drivers and a plain explanation."""

    alert_id: str
    a: str
    b: str
    by: str
    start: date
    end: date
    alarm: date
    n_periods: int
    baseline: float
    observed: float
    ratio: float
    z: float
    p_value: float
    n_incidents: int
    drivers: list[DriverModel]
    explanation: str
    level: Literal["watch", "warning", "critical"] = "watch"


class AlertList(BaseModel):
    ok: Literal[True] = True
    items: list[AlertModel]


class DyadReportModel(BaseModel):
    ok: Literal[True] = True
    a: str
    b: str
    by: str
    series: list[DyadPointModel]
    trend: TrendModel | None
    alerts: list[AlertModel]


class DyadCountModel(BaseModel):
    a: str
    b: str
    n_events: int


class DyadList(BaseModel):
    ok: Literal[True] = True
    items: list[DyadCountModel]


class SummaryModel(BaseModel):
    ok: Literal[True] = True
    articles_by_status: dict[str, int]
    events_by_type: dict[str, int]
    events_by_modality: dict[str, int]
    top_actor_pairs: list[DyadCountModel]


class DayCounts(BaseModel):
    """Events on one day by quad class (1 verbal coop, 2 material coop, 3 verbal conflict,
    4 material conflict); `other` has no quad class."""

    day: date
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    other: int


class Timeline(BaseModel):
    ok: Literal[True] = True
    items: list[DayCounts]


class NetworkNode(BaseModel):
    id: str
    label: str
    country: str | None
    n_events: int


class NetworkEdge(BaseModel):
    """Who acts on whom: `source` did `n_events` events to `target`."""

    source: str
    target: str
    n_events: int
    cooperation: int
    conflict: int
    goldstein_mean: float | None
    tone: Literal["cooperation", "conflict", "mixed"]


class Network(BaseModel):
    ok: Literal[True] = True
    since: date | None
    until: date | None
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class MapIncidents(BaseModel):
    ok: Literal[True] = True
    items: list[IncidentModel]


class ActorModel(BaseModel):
    id: str
    name: str | None
    country: str | None
    sector: str | None
    valid_from: date | None
    valid_until: date | None
    aliases: list[str]


class ActorLookup(BaseModel):
    """Registry entries matching `q`, and (when the resolver is there) how `q` resolves."""

    ok: Literal[True] = True
    q: str | None
    on: date | None
    resolved: ActorRefModel | None
    steps: list[str]
    resolver: str | None = Field(description="why no resolution is given, if none is")
    items: list[ActorModel]


class ProblemModel(BaseModel):
    doc_id: str
    code: str
    reason: str


class RunModel(BaseModel):
    run_id: str
    started: datetime
    finished: datetime | None
    command: str
    coder: str | None
    data_versions: dict[str, str]
    counts: dict[str, JsonValue]
    status: str


class RunList(BaseModel):
    ok: Literal[True] = True
    items: list[RunModel]


class ProblemList(BaseModel):
    ok: Literal[True] = True
    items: list[ProblemModel]


class Health(BaseModel):
    ok: Literal[True] = True
    store: str
    read_only: bool
    writes: bool
    live: bool = False  # a monitor feeds /api/live with what each poll added


class LiveUpdate(BaseModel):
    """What one monitor poll added: its sequence number, time, new events and alerts."""

    seq: int
    at: datetime
    events: list[EventModel]
    alert_ids: list[str]
    articles: int


class LiveFeed(BaseModel):
    """Updates after the `after` sequence number; `seq` is the newest, to ask from next."""

    ok: Literal[True] = True
    seq: int
    live: bool
    updates: list[LiveUpdate]


class IngestRequest(BaseModel):
    """Either `text` (plain text, cleaned like a .txt file) or `url` (fetched), not both."""

    model_config = _STRICT

    text: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT_CHARS)
    url: str | None = Field(default=None, pattern=r"^https?://[^\s]{1,2000}$")
    doc_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$")
    title: str | None = Field(default=None, max_length=1000)
    publisher: str | None = Field(default=None, max_length=300)
    date: Day | None = Field(default=None, description="publication date, YYYY-MM-DD")

    @model_validator(mode="after")
    def _one_source(self) -> IngestRequest:
        if (self.text is None) == (self.url is None):
            raise ValueError("give exactly one of `text` or `url`")
        return self


class FeedPollRequest(BaseModel):
    """A feed (RSS/Atom) URL; each entry's page is fetched and coded."""

    model_config = _STRICT

    url: str = Field(pattern=r"^https?://[^\s]{1,2000}$")


class IngestResult(BaseModel):
    ok: Literal[True] = True
    run_id: str
    read: int
    coded: int
    already_stored: int
    duplicates: int
    events: int
    incidents: int
    problems: list[ProblemModel]
