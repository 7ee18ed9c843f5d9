"""What the HTTP routes ask of the library: store reads, analyses and writes, as API models.

Owns the one open `Store` of a server (`flashpoint serve` is the file's only writer), turning
records into response models, paging, and serialising writes. It holds no SQL (STYLE.md 2.7)
and no rules of its own: the numbers come from `Store` and `flashpoint.analysis`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from flashpoint.analysis import Alert
from flashpoint.analysis.monitor import active_dyads, dyad_report, scan_alerts
from flashpoint.api import models
from flashpoint.api.live import LiveLog
from flashpoint.api.problems import WritesDisabled
from flashpoint.errors import FlashpointError
from flashpoint.records import Article, Event
from flashpoint.store.db import Store
from flashpoint.store.holder import Holding
from flashpoint.store.overview import ActorEdge

if TYPE_CHECKING:
    from flashpoint.pipeline import Coder

log = logging.getLogger(__name__)
T = TypeVar("T")
Period = Literal["day", "week", "month"]
# Cached analyses are dropped after every write; a few keys cover the dashboard's calls.
_CACHE_KEYS = 64


def event_model(event: Event) -> models.EventModel:
    """The API form of an event: the DESIGN.md record."""
    return models.EventModel.model_validate(event.to_dict())


def article_summary(article: Article) -> models.ArticleSummary:
    """An article's metadata, without the text."""
    data = asdict(article)
    text = data.pop("text")
    return models.ArticleSummary(**data, chars=len(text))


def alert_model(alert: Alert) -> models.AlertModel:
    """An alert with its detector numbers, drivers and explanation."""
    w = alert.window
    return models.AlertModel(
        alert_id=alert.alert_id, a=alert.a, b=alert.b, by=alert.by, start=alert.start,
        end=alert.end, alarm=w.alarm, n_periods=w.n_periods, baseline=w.baseline_rate,
        observed=w.observed_rate, ratio=w.ratio, z=w.z, p_value=w.p_value,
        n_incidents=alert.n_incidents,
        drivers=[models.DriverModel(
            incident_id=d.incident_id, type=d.type, date=d.date, killed=d.killed,
            injured=d.injured, n_sources=d.n_sources, event_ids=list(d.event_ids),
            evidence=list(d.evidence), severity=d.severity, country=d.country,
            place=d.place) for d in alert.drivers],
        explanation=alert.explain(), level=alert.level,
    )


def _page_bounds(n_found: int, limit: int, offset: int) -> int | None:
    # Callers fetch limit + 1 rows: one more than asked means there is a next page.
    return offset + limit if n_found > limit else None


class Service:
    """One server's view of its store: reads, cached analyses, and serialised writes."""

    def __init__(self, store: Store, *, token: str | None) -> None:
        """Serve `store`; writes are on only with a `token` and a store opened for writing."""
        self.store = store
        self.token = token
        self._write_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cache: dict[tuple[object, ...], object] = {}
        self._coder: Coder | None = None
        self._closed = False
        self.live = LiveLog()
        # Called after every write (under the write lock): the holder refreshes its snapshot.
        self.after_write: Callable[[], None] | None = None
        # Called before the store closes: a monitor stops its poll loop here.
        self.on_close: list[Callable[[], None]] = []
        # Called once the server has started: a monitor starts its poll loop here.
        self.on_start: list[Callable[[], None]] = []
        self.holding: Holding | None = None

    @property
    def write_lock(self) -> threading.Lock:
        """Held by whoever writes to the store: the API's write routes or the monitor."""
        return self._write_lock

    def invalidate(self) -> None:
        """Forget cached analyses: the store changed under them."""
        with self._cache_lock:
            self._cache.clear()

    def live_feed(self, after: int) -> models.LiveFeed:
        """What the monitor added after sequence number `after`, with the events themselves."""
        seq, entries = self.live.after(after)
        updates = []
        for entry in entries:
            found = self.store.events_with_ids(list(entry.event_ids))
            updates.append(models.LiveUpdate(
                seq=entry.seq, at=entry.at, events=[event_model(e) for e in found],
                alert_ids=list(entry.alert_ids), articles=entry.articles))
        return models.LiveFeed(seq=seq, live=self.live.active, updates=updates)

    @property
    def writes_enabled(self) -> bool:
        """Whether the write endpoints accept work."""
        return self.token is not None and not self.store.read_only

    def close(self) -> None:
        """Release the store (and its file lock) until `reopen`; `on_close` callbacks first."""
        for callback in self.on_close:
            callback()
        self.store.close()
        self._closed = True

    def reopen(self) -> None:
        """Open the store again after `close` (an app started a second time)."""
        if self._closed:
            self.store = Store.open(self.store.path, read_only=self.store.read_only)
            self._closed = False

    # -- reads -------------------------------------------------------------------------

    def events(self, *, limit: int, offset: int, type: str | None = None,
               actor: str | None = None, country: str | None = None,
               modality: str | None = None, since: date | None = None,
               until: date | None = None, doc_id: str | None = None) -> models.EventPage:
        """One page of events matching every filter, oldest first."""
        found = self.store.events(type=type, actor=actor, country=country, modality=modality,
                                  since=since, until=until, doc_id=doc_id, limit=limit + 1,
                                  offset=offset)
        return models.EventPage(items=[event_model(e) for e in found[:limit]], limit=limit,
                                offset=offset,
                                next_offset=_page_bounds(len(found), limit, offset))

    def event(self, event_id: str) -> models.EventOne:
        """One event (EventNotFound otherwise)."""
        return models.EventOne(event=event_model(self.store.get_event(event_id)))

    def articles(self, *, limit: int, offset: int, status: str | None = None,
                 language: str | None = None, since: date | None = None,
                 until: date | None = None) -> models.ArticlePage:
        """One page of article metadata."""
        found = self.store.articles(status=status, language=language, since=since,
                                    until=until, limit=limit + 1, offset=offset)
        return models.ArticlePage(items=[article_summary(a) for a in found[:limit]],
                                  limit=limit, offset=offset,
                                  next_offset=_page_bounds(len(found), limit, offset))

    def article(self, key: str) -> models.ArticleOne:
        """An article's text and events, by content hash or doc id."""
        article = self.store.get_article(key)
        events = self.store.events(doc_id=article.doc_id)
        return models.ArticleOne(article=article_summary(article), text=article.text,
                                 events=[event_model(e) for e in events])

    def incidents(self, *, limit: int, offset: int, since: date | None = None,
                  until: date | None = None, country: str | None = None
                  ) -> models.IncidentPage:
        """One page of incidents, by first date."""
        page = self.store.incident_page(since=since, until=until, country=country,
                                        limit=limit + 1, offset=offset)
        return models.IncidentPage(items=[models.IncidentModel.model_validate(r)
                                          for r in page[:limit]],
                                   limit=limit, offset=offset,
                                   next_offset=_page_bounds(len(page), limit, offset))

    def map_incidents(self, *, since: date | None = None, until: date | None = None,
                      limit: int = 2000) -> models.MapIncidents:
        """Incidents that have coordinates, for the map: the `limit` gravest, by date."""
        rows = self.store.incident_page(since=since, until=until, placed=True, limit=limit,
                                        gravest=True)
        return models.MapIncidents(items=[models.IncidentModel.model_validate(r)
                                          for r in rows])

    def summary(self) -> models.SummaryModel:
        """Counts for the front page."""
        s = self.store.summary(top=10)
        return models.SummaryModel(
            articles_by_status=s.articles_by_status, events_by_type=s.events_by_type,
            events_by_modality=s.events_by_modality,
            top_actor_pairs=[models.DyadCountModel(a=d.a, b=d.b, n_events=d.n_events)
                             for d in s.top_dyads])

    def timeline(self, *, since: date | None = None, until: date | None = None
                 ) -> models.Timeline:
        """Events per day by quad class (undated events are left out)."""
        return models.Timeline(items=[
            models.DayCounts(day=d.day, quad1=d.quad1, quad2=d.quad2, quad3=d.quad3,
                             quad4=d.quad4, other=d.other)
            for d in self.store.timeline(since=since, until=until)])

    def network(self, *, since: date | None = None, until: date | None = None,
                modality: str = "asserted", top: int = 150) -> models.Network:
        """Who acts on whom in a period: directed actor edges, coloured by quad class.

        A node is labelled by the name its last edge's first event gives it (its id when
        none), and counts the events of its edges among the `top` kept.
        """
        nodes: dict[str, models.NetworkNode] = {}
        out: list[models.NetworkEdge] = []
        for edge in self.store.actor_edges(since=since, until=until, modality=modality,
                                           top=top):
            out.append(_edge(edge))
            for key, name, country in ((edge.source, edge.source_name, edge.source_country),
                                       (edge.target, edge.target_name, edge.target_country)):
                node = nodes.get(key)
                n = (node.n_events if node else 0) + edge.n_events
                nodes[key] = models.NetworkNode(id=key, label=name or key, country=country,
                                                n_events=n)
        return models.Network(since=since, until=until, nodes=sorted(
            nodes.values(), key=lambda n: n.id), edges=out)

    def dyads(self, *, top: int) -> models.DyadList:
        """The most active country pairs."""
        return models.DyadList(items=[models.DyadCountModel(a=a, b=b, n_events=n)
                                      for a, b, n in self._cached(
                                          ("dyads", top), lambda: active_dyads(
                                              self.store, top=top))])

    def dyad(self, a: str, b: str, *, by: Period, since: date | None = None,
             until: date | None = None) -> models.DyadReportModel:
        """A dyad's series, trend and alerts."""
        report = self._cached(("dyad", a, b, by, since, until), lambda: dyad_report(
            self.store, a, b, by=by, since=since, until=until))
        t = report.trend
        trend = models.TrendModel(
            measure=t.measure, slope=t.slope, p_value=t.p_value, mean=t.mean,
            relative_slope=t.relative_slope, n_periods=t.n_periods, label=str(t.label),
        ) if report.rows else None
        return models.DyadReportModel(
            a=a, b=b, by=by, trend=trend, alerts=[alert_model(x) for x in report.alerts],
            series=[models.DyadPointModel(
                period=r.period, n_events=r.n_events, quad1=r.n_q1, quad2=r.n_q2,
                quad3=r.n_q3, quad4=r.n_q4, goldstein_sum=r.goldstein_sum,
                goldstein_mean=r.goldstein_mean, killed=r.killed, injured=r.injured)
                for r in report.rows])

    def alerts(self, *, by: Period, since: date | None, top: int) -> models.AlertList:
        """Alerts on the most active country pairs, newest first."""
        found = self._cached(("alerts", by, since, top), lambda: scan_alerts(
            self.store, by=by, since=since, top=top))
        return models.AlertList(items=[alert_model(x) for x in found])

    def actors(self, *, q: str | None, on: date | None, limit: int) -> models.ActorLookup:
        """Registry rows matching `q` (id, name or alias), and how the resolver reads `q`."""
        needle = (q or "").casefold()
        rows = [r for r in self.store.actors() if not needle or needle in r["id"].casefold()
                or needle in (r["name"] or "").casefold()
                or any(needle in alias.casefold() for alias in r["aliases"])]
        resolved, steps, why = _resolve(q, on)
        return models.ActorLookup(
            q=q, on=on, resolved=resolved, steps=steps, resolver=why,
            items=[models.ActorModel(id=r["id"], name=r["name"], country=r["country"],
                                     sector=r["sector"], valid_from=r["from"],
                                     valid_until=r["until"], aliases=r["aliases"])
                   for r in rows[:limit]])

    def runs(self) -> models.RunList:
        """Every run, newest first."""
        return models.RunList(items=[models.RunModel.model_validate(
            {**asdict(run), "started": _utc(run.started), "finished": _utc(run.finished)})
            for run in reversed(self.store.runs())])

    def problems(self, run_id: str) -> models.ProblemList:
        """The problems one run recorded."""
        return models.ProblemList(items=[models.ProblemModel(**asdict(p))
                                         for p in self.store.problems(run_id)])

    def _cached(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        with self._cache_lock:
            if key in self._cache:
                return self._cache[key]  # type: ignore[return-value]
        value = compute()
        with self._cache_lock:
            if len(self._cache) >= _CACHE_KEYS:
                self._cache.clear()
            self._cache[key] = value
        return value

    # -- writes --------------------------------------------------------------------------

    def ingest(self, request: models.IngestRequest) -> models.IngestResult:
        """Code one text or one URL into the store, as a run of its own."""
        if request.url is not None:
            return self._run([request.url], command="api ingest-url",
                             default_date=request.date)
        record = {"id": request.doc_id or _text_id(request.text or ""), "text": request.text,
                  "title": request.title, "publisher": request.publisher,
                  "date": request.date.isoformat() if request.date else None}
        with tempfile.TemporaryDirectory(prefix="flashpoint-api-") as folder:
            path = Path(folder) / "ingest.jsonl"
            path.write_text(json.dumps({k: v for k, v in record.items() if v is not None})
                            + "\n", encoding="utf-8")
            return self._run([path], command="api ingest-text", default_date=request.date)

    def poll_feed(self, request: models.FeedPollRequest) -> models.IngestResult:
        """Fetch a feed and code the pages of its entries that are new."""
        return self._run([request.url], command="api poll-feed", default_date=None)

    def _run(self, paths: Sequence[str | Path], *, command: str,
             default_date: date | None) -> models.IngestResult:
        if not self.writes_enabled:
            raise WritesDisabled()
        from flashpoint.runner import run

        with self._write_lock:
            summary = run(paths, store=self.store, coder=self._load_coder(),
                          default_date=default_date, command=command)
            self.invalidate()
            if self.after_write is not None:
                self.after_write()
        return models.IngestResult(
            run_id=summary.run_id, read=summary.read, coded=summary.coded,
            already_stored=summary.already_stored, duplicates=summary.duplicates,
            events=summary.events, incidents=summary.incidents,
            problems=[models.ProblemModel(**asdict(p)) for p in summary.problems])

    def _load_coder(self) -> Coder:
        # The spaCy pipeline takes seconds to load: do it on the first write, then keep it.
        if self._coder is None:
            from flashpoint.pipeline import load_coder

            self._coder = load_coder()
        return self._coder



def _edge(edge: ActorEdge) -> models.NetworkEdge:
    coop, conflict = edge.cooperation, edge.conflict
    tone: Literal["cooperation", "conflict", "mixed"] = (
        "conflict" if conflict > coop else "cooperation" if coop > conflict else "mixed")
    return models.NetworkEdge(
        source=edge.source, target=edge.target, n_events=edge.n_events, cooperation=coop,
        conflict=conflict, tone=tone,
        goldstein_mean=edge.goldstein_sum / edge.n_scored if edge.n_scored else None)


def _utc(moment: datetime | None) -> datetime | None:
    # The store keeps UTC without a zone; RFC 3339 (OpenAPI date-time) needs one.
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def _text_id(text: str) -> str:
    return "api-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _resolve(q: str | None, on: date | None
             ) -> tuple[models.ActorRefModel | None, list[str], str | None]:
    """How the actor resolver reads `q`; it may be absent while that part is being built."""
    if not q:
        return None, [], "no query"
    if importlib.util.find_spec("flashpoint.actors.resolve") is None:
        return None, [], "the actor resolver is not installed"
    from flashpoint.actors import resolve

    try:
        ref = resolve.resolve_actor(q, on=on)
        steps = resolve.explain_actor(q, on=on)
    except FlashpointError as error:
        # A broken registry file must not take the lookup endpoint down; say why instead.
        log.warning("actor resolver failed for %r: %s", q, error)
        return None, [], f"[{error.code}] {error}"
    return models.ActorRefModel.model_validate(asdict(ref)), steps, None
