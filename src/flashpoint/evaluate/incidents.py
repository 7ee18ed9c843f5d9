"""Scoring incidents: do reports of one happening from several outlets become one incident?

A realnews-style set marks articles about one happening with a shared `cluster` label in its
pages file (`{"id", "date", "outlet", "text", "cluster"}`). The articles are coded, their events
clustered exactly as `flashpoint run` does (`analysis.incidents.cluster_incidents`, which the
incremental update equals), and "same incident" is scored pairwise, at two levels:

- **article pairs**: two articles are linked when some incident holds events of both. Gold: they
  share a cluster label. This says whether a happening told by three outlets comes out as one
  incident, and whether unrelated articles are joined.
- **event pairs**: two predicted events of different articles in one incident. Each predicted
  event is aligned to a gold event of its article as the realnews scorer aligns them (type and
  source); two gold events are the same happening when their articles share a cluster and they
  have the same type, source and target. Recall counts every such gold pair, found or not.

Owns the scoring only; clustering lives in `analysis.incidents`, coding in `coding`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from flashpoint.analysis.incidents import Incident, IncidentParams, cluster_incidents
from flashpoint.errors import GoldFormatError
from flashpoint.evaluate.gold import GoldEvent, GoldRecord
from flashpoint.evaluate.realnews import _match, pages_beside, read_realnews
from flashpoint.evaluate.split import select
from flashpoint.records import Article, Event

Coder = Callable[[Sequence[Article]], Sequence[Event]]


@dataclass(frozen=True, slots=True)
class PairCounts:
    """Pairs linked by the clustering (`predicted`), in gold (`gold`) and in both (`hits`)."""

    hits: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 1.0


@dataclass(frozen=True, slots=True)
class IncidentScore:
    """Pairwise "same incident" figures, and the incidents that joined different happenings."""

    articles: int
    clusters: int
    incidents: int
    article_pairs: PairCounts
    event_pairs: PairCounts
    false_joins: tuple[tuple[str, ...], ...]  # doc ids of incidents joining unrelated articles
    split: str = "all"


def read_clusters(pages_path: str | Path) -> tuple[dict[str, str], dict[str, str]]:
    """`({doc_id: cluster}, {doc_id: outlet})` from a pages file; articles without a cluster
    label are their own happening and are left out of the first map."""
    clusters: dict[str, str] = {}
    outlets: dict[str, str] = {}
    path = Path(pages_path)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        obj = json.loads(line)
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            raise GoldFormatError(path=path, line=number, reason="each line needs an 'id'")
        if isinstance(obj.get("cluster"), str) and obj["cluster"]:
            clusters[obj["id"]] = obj["cluster"]
        if isinstance(obj.get("outlet"), str) and obj["outlet"]:
            outlets[obj["id"]] = obj["outlet"]
    return clusters, outlets


def evaluate_incidents(gold_path: str | Path, coder: Coder, *, split: str = "all",
                       pages: str | Path | None = None,
                       params: IncidentParams | None = None) -> IncidentScore:
    """Code the set's articles, cluster their events into incidents and score the pairs.

    `split` keeps the articles whose id hashes into tune or check (docs/accuracy.md); a pair
    counts when both its articles are kept.
    """
    pages_path = Path(pages) if pages is not None else pages_beside(gold_path)
    records = select(read_realnews(gold_path, pages_path), split, key=lambda r: r.id)
    clusters, outlets = read_clusters(pages_path)
    events = list(coder([record.to_article() for record in records]))
    incidents = cluster_incidents([e for e in events if e.modality != "negated"],
                                  params=params or IncidentParams(), publishers=outlets)
    return score_incidents(records, events, incidents, clusters, split=split)


def score_incidents(records: Sequence[GoldRecord], events: Sequence[Event],
                    incidents: Sequence[Incident], clusters: Mapping[str, str], *,
                    split: str = "all") -> IncidentScore:
    """Pairwise precision and recall of "same incident" over articles and over events."""
    ids = {record.id for record in records}
    linked = {pair for inc in incidents for pair in combinations(
        sorted(d for d in inc.doc_ids if d in ids), 2)}
    gold_links = {(a, b) for a, b in combinations(sorted(ids), 2)
                  if clusters.get(a) is not None and clusters.get(a) == clusters.get(b)}
    false_joins = tuple(sorted(
        tuple(d for d in inc.doc_ids if d in ids) for inc in incidents
        if any(pair not in gold_links for pair in combinations(
            sorted(d for d in inc.doc_ids if d in ids), 2))))
    return IncidentScore(
        articles=len(ids), clusters=len({clusters[i] for i in ids if i in clusters}),
        incidents=len(incidents),
        article_pairs=PairCounts(len(linked & gold_links), len(linked), len(gold_links)),
        event_pairs=_event_pairs(records, events, incidents, clusters),
        false_joins=false_joins, split=split)


def _happening(record: GoldRecord, index: int, event: GoldEvent,
               clusters: Mapping[str, str]) -> tuple[str, ...]:
    """The key two gold events of clustered articles share when they are one happening."""
    cluster = clusters.get(record.id)
    if cluster is None:
        return (record.id, str(index))
    raw = event.raw
    return (cluster, str(raw.get("type")), str(raw.get("source")), str(raw.get("target")))


def _event_pairs(records: Sequence[GoldRecord], events: Sequence[Event],
                 incidents: Sequence[Incident], clusters: Mapping[str, str]) -> PairCounts:
    by_doc: dict[str, list[Event]] = {}
    for event in events:
        by_doc.setdefault(event.doc_id, []).append(event)
    key_of: dict[str, tuple[str, ...]] = {}  # predicted event id -> its gold happening
    gold_keys: list[tuple[str, tuple[str, ...]]] = []  # (doc id, happening) per gold event
    for record in records:
        evs = by_doc.get(record.id, [])
        used: set[int] = set()
        for index, ge in enumerate(record.events or ()):
            key = _happening(record, index, ge, clusters)
            gold_keys.append((record.id, key))
            pick = _match(ge, evs, used)
            if pick is not None:
                used.add(pick)
                key_of[evs[pick].event_id] = key
    gold = {(da, db, a) for (da, a), (db, b) in combinations(sorted(set(gold_keys)), 2)
            if da != db and a == b}
    gold_pairs = len(gold)
    doc_of = {event.event_id: event.doc_id for event in events}
    predicted = 0
    hits: set[tuple[str, str, tuple[str, ...]]] = set()
    for inc in incidents:
        members = [e for e in inc.event_ids if e in doc_of]
        for x, y in combinations(members, 2):
            if doc_of[x] == doc_of[y]:
                continue
            predicted += 1
            if x in key_of and key_of[x] == key_of.get(y):
                first, second = sorted((doc_of[x], doc_of[y]))
                hits.add((first, second, key_of[x]))
    return PairCounts(len(hits), predicted, gold_pairs)


def render_incident_score(result: IncidentScore) -> list[str]:
    """The figures as text lines, then the incidents that joined unrelated articles."""
    a, e = result.article_pairs, result.event_pairs
    lines = [
        f"articles: {result.articles}, gold clusters: {result.clusters}, "
        f"incidents: {result.incidents}",
        f"article pairs in one incident: precision {a.hits}/{a.predicted} = "
        f"{a.precision:.3f}, recall {a.hits}/{a.gold} = {a.recall:.3f}",
        f"event pairs in one incident: precision {e.hits}/{e.predicted} = "
        f"{e.precision:.3f}, recall {e.hits}/{e.gold} = {e.recall:.3f}",
    ]
    if result.split != "all":
        lines.append(f"(split {result.split}: the articles whose id hashes into it)")
    if result.false_joins:
        lines += ["", "incidents joining articles of different happenings"]
        lines += ["  " + ", ".join(docs) for docs in result.false_joins]
    return lines


def incident_score_to_dict(result: IncidentScore) -> dict[str, object]:
    """The figures as a JSON-ready dict."""
    def pairs(c: PairCounts) -> dict[str, object]:
        return {"hits": c.hits, "predicted": c.predicted, "gold": c.gold,
                "precision": round(c.precision, 4), "recall": round(c.recall, 4)}

    return {"task": "incidents", "split": result.split, "articles": result.articles,
            "clusters": result.clusters, "incidents": result.incidents,
            "article_pairs": pairs(result.article_pairs),
            "event_pairs": pairs(result.event_pairs),
            "false_joins": [list(docs) for docs in result.false_joins]}
