"""Records for the store tests: a small Kenya/Somalia wire story, its events and batches.

Kept importable (not a conftest) so the subprocess in the kill test can build the very same
batches as the test that checks them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flashpoint.records import (
    ActorRef,
    Article,
    Event,
    EventDate,
    Fatalities,
    Place,
    Problem,
    Span,
)
from flashpoint.store import Store

KEN_MIL = ActorRef("Kenyan troops", "KEN.MIL", "KEN", "MIL", "Kenya Defence Forces")
SHB = ActorRef("al-Shabaab fighters", "SHB", "SOM", "REB", "al-Shabaab")
SOM_GOV = ActorRef("Somalia's government", "SOM.GOV", "SOM", "GOV", None)
ETH_GOV = ActorRef("Ethiopian officials", "ETH.GOV", "ETH", "GOV", None)


def article(n: int, *, published: date = date(2023, 3, 1), duplicate_of: str | None = None,
            language: str = "en") -> Article:
    """Article number `n`: a short text with its own hash."""
    text = f"Report {n}. Kenyan troops clashed with al-Shabaab fighters near Mandera."
    return Article(
        doc_id=f"doc-{n}", text=text, title=f"Clash near Mandera ({n})",
        url=f"https://news.example/{n}", publisher="Example Wire", published=published,
        language=language, source=f"feed/{n}.json", content_hash=f"hash-{n:04d}",
        duplicate_of=duplicate_of, fetched_at="2023-03-02T10:00:00Z",
    )


def event(doc_id: str, n: int, *, type: str = "ASSAULT", quad_class: int | None = 4,
          goldstein: float | None = -10.0, modality: str = "asserted",
          source: ActorRef | None = SHB, target: ActorRef | None = KEN_MIL,
          day: date | None = date(2023, 3, 6), killed: int | None = None,
          injured_min: int | None = None, confidence: float = 0.8) -> Event:
    """Event `n` of `doc_id`, every part filled unless told otherwise."""
    return Event(
        event_id=f"{doc_id}-e{n}", doc_id=doc_id, sentence=n,
        evidence=Span("al-Shabaab fighters attacked a Kenyan patrol", 10 * n, 10 * n + 44),
        type=type, mode="small-arms", cameo="19", quad_class=quad_class, goldstein=goldstein,
        modality=modality, source=source, target=target,
        reported_by=ActorRef("police", "KEN.GOV", "KEN", "GOV", None),
        location=Place("near Mandera", "Mandera", "KEN", "Mandera", 3.94, 41.86, "city"),
        date=None if day is None else EventDate(day.isoformat(), "day", "explicit"),
        fatalities=Fatalities(killed, killed, None, injured_min),
        confidence=confidence, coder="rules/0.3.0", trigger=Span("attacked", 10 * n + 20,
                                                                   10 * n + 28),
    )


def sparse_event(doc_id: str) -> Event:
    """An event with every optional part missing, which must round-trip as None."""
    return Event(
        event_id=f"{doc_id}-sparse", doc_id=doc_id, sentence=0, evidence=Span("x", 0, 1),
        type="CONSULT", mode=None, cameo=None, quad_class=None, goldstein=None,
        modality="hypothetical", source=None, target=None, reported_by=None, location=None,
        date=None,
    )


def batches(n_batches: int = 3, per_batch: int = 4) -> list[tuple[list[Article], list[Event],
                                                                   list[Problem]]]:
    """Batches of articles with two events each and one problem per batch."""
    out = []
    for b in range(n_batches):
        articles = [article(b * per_batch + i,
                            published=date(2023, 3, 1) + timedelta(days=b * per_batch + i))
                    for i in range(per_batch)]
        events = [
            event(a.doc_id, k, day=date(2023, 3, 1) + timedelta(days=b * per_batch + i),
                  killed=i + k)
            for i, a in enumerate(articles) for k in (1, 2)
        ]
        problems = [Problem(f"bad-{b}", "E101", "cannot read: truncated JSON")]
        out.append((articles, events, problems))
    return out


def dump(store: Store) -> dict[str, Any]:
    """Everything a run leaves behind except run timestamps, to compare two stores whole."""
    runs = [(run.run_id, run.command, run.coder, run.data_versions, run.counts, run.status)
            for run in store.runs()]
    return {
        "articles": store.articles(),
        "statuses": store.summary().articles_by_status,
        "events": store.events(),
        "problems": store.problems(),
        "runs": runs,
        "minhashes": list(store.minhashes()),
    }


def write_all(store: Store, run_id: str, data: list[tuple[list[Article], list[Event],
                                                          list[Problem]]]) -> None:
    """Write every batch with a minhash per article, as the ingest loop would."""
    for articles, events, problems in data:
        store.write_batch(run_id, articles, events, problems,
                          minhashes={a.content_hash or "": a.doc_id.encode() for a in articles})


def big_batch() -> list[tuple[list[Article], list[Event], list[Problem]]]:
    """One batch large enough that a kill sent right before it lands inside it."""
    return [([], [event(f"big-{i}", k) for i in range(5000) for k in range(4)], [])]
