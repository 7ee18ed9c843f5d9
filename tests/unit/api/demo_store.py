"""A small demo store written through `Store.write_batch`, for the API and browser tests.

Wire-style articles we wrote (January to September 2024) on five dyads. Afghanistan/Pakistan
is mostly cooperative until August, then turns to weekly cross-border fire, so the detector
has an escalation to find. Every event's evidence is a sentence of its article, at its real
offsets, and places carry coordinates for the map. One article title carries markup, which
the dashboard must show as text.

`build_demo_store(path)` first tries the real pipeline (`flashpoint run data/sample`) when
asked to, and falls back to these records when the coder is not usable.
"""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flashpoint.analysis.monitor import refresh_incidents
from flashpoint.records import ActorRef, Article, Event, EventDate, Fatalities, Place, Span
from flashpoint.store import Store

ROOT = Path(__file__).resolve().parents[3]
HOSTILE_TITLE = "Border talks <script>window.__pwned=1</script><img src=x onerror=alert(1)>"


@dataclass(frozen=True)
class _Actor:
    id: str
    text: str
    country: str
    sector: str
    name: str


@dataclass(frozen=True)
class _Site:
    name: str
    country: str
    lat: float
    lon: float


A = {
    "PAK.MIL": _Actor("PAK.MIL", "Pakistani troops", "PAK", "MIL", "Pakistan Army"),
    "PAK.GOV": _Actor("PAK.GOV", "Islamabad", "PAK", "GOV", "Government of Pakistan"),
    "AFG.MIL": _Actor("AFG.MIL", "Afghan border forces", "AFG", "MIL", "Afghan forces"),
    "AFG.GOV": _Actor("AFG.GOV", "Kabul", "AFG", "GOV", "Government of Afghanistan"),
    "RUS.MIL": _Actor("RUS.MIL", "Russian forces", "RUS", "MIL", "Russian Armed Forces"),
    "UKR.MIL": _Actor("UKR.MIL", "Ukrainian troops", "UKR", "MIL", "Armed Forces of Ukraine"),
    "UKR.CVL": _Actor("UKR.CVL", "residents", "UKR", "CVL", "Ukrainian civilians"),
    "JNIM": _Actor("JNIM", "JNIM fighters", "MLI", "REB", "Jama'at Nusrat al-Islam wal-Muslimin"),
    "BFA.MIL": _Actor("BFA.MIL", "Burkinabe soldiers", "BFA", "MIL", "Burkina Faso Army"),
    "M23": _Actor("M23", "M23 rebels", "COD", "REB", "March 23 Movement"),
    "COD.MIL": _Actor("COD.MIL", "Congolese troops", "COD", "MIL", "FARDC"),
    "IND.MIL": _Actor("IND.MIL", "Indian soldiers", "IND", "MIL", "Indian Army"),
}
S = {
    "torkham": _Site("Torkham", "PAK", 34.107, 71.094),
    "chaman": _Site("Chaman", "PAK", 30.921, 66.452),
    "kurram": _Site("Kurram", "PAK", 33.73, 70.10),
    "kunar": _Site("Kunar", "AFG", 34.85, 71.10),
    "kharkiv": _Site("Kharkiv", "UKR", 49.99, 36.23),
    "odesa": _Site("Odesa", "UKR", 46.48, 30.72),
    "tougan": _Site("Tougan", "BFA", 13.07, -3.07),
    "goma": _Site("Goma", "COD", -1.68, 29.22),
    "kupwara": _Site("Kupwara", "IND", 34.53, 74.26),
}
# type: (template, quad class, Goldstein, CAMEO root, mode)
KINDS = {
    "ASSAULT": ("{src} fired mortar shells at {tgt} near {place}, killing {k} people.",
                4, -10.0, "19", "heavy-weapons"),
    "COERCE": ("{src} closed the crossing at {place} to {tgt} traffic.", 4, -5.0, "17",
               "block"),
    "THREATEN": ("{src} warned {tgt} of retaliation over the shelling near {place}.", 3,
                 -4.4, "13", None),
    "ACCUSE": ("{src} accused {tgt} of sheltering militants near {place}.", 3, -2.0, "11",
               None),
    "CONSULT": ("{src} met {tgt} at {place} to discuss trade and patients crossing.", 1,
                1.0, "04", "meet"),
    "AGREE": ("{src} and {tgt} signed a protocol on transit trade at {place}.", 1, 4.0,
              "05", None),
    "AID": ("{src} sent flood relief supplies to {tgt} near {place}.", 2, 7.4, "07",
            "humanitarian"),
}
FILLER = ("Officials gave no further details.", "The report could not be independently "
          "verified.", "Traffic resumed later in the day.", "Local elders called for calm.")


def _ref(actor: _Actor) -> ActorRef:
    return ActorRef(actor.text, actor.id, actor.country, actor.sector, actor.name)


def _story(n: int, day: date, kind: str, src: str, tgt: str, site: str, killed: int,
           rng: random.Random, publisher: str) -> tuple[Article, Event]:
    template, quad, goldstein, cameo, mode = KINDS[kind]
    s, t, place = A[src], A[tgt], S[site]
    sentence = template.format(src=s.text, tgt=t.text, place=place.name, k=killed)
    sentence = sentence[0].upper() + sentence[1:]
    lead = f"{place.name.upper()}, {day:%b} {day.day} - "
    text = lead + sentence + " " + rng.choice(FILLER) + "\n\n" + rng.choice(FILLER)
    doc_id = f"{publisher.split()[0].lower()}-{day:%Y%m%d}-{n:03d}"
    start = len(lead)
    digest = hashlib.sha256(text.encode()).hexdigest()
    title = HOSTILE_TITLE if n == 3 else f"{kind.title()}: {s.name} and {t.name}"
    article = Article(
        doc_id=doc_id, text=text, title=title, url=f"https://news.example.org/{doc_id}",
        publisher=publisher, published=day, language="en", source="tests/demo",
        content_hash=digest, fetched_at=f"{day.isoformat()}T12:00:00Z")
    trigger_word = sentence.split()[len(s.text.split())]
    trigger_at = text.index(trigger_word, start)
    event = Event(
        event_id=hashlib.sha1(f"{doc_id}|{start}|{kind}".encode()).hexdigest()[:16],
        doc_id=doc_id, sentence=0, evidence=Span(sentence, start, start + len(sentence)),
        type=kind, mode=mode, cameo=cameo, quad_class=quad, goldstein=goldstein,
        modality="asserted", source=_ref(s), target=_ref(t), reported_by=None,
        location=Place(place.name, place.name, place.country, None, place.lat, place.lon,
                       "city"),
        date=EventDate(day.isoformat(), "day", "explicit"),
        fatalities=Fatalities(killed or None, killed or None, None, None),
        confidence=0.8, coder="rules/demo",
        trigger=Span(trigger_word, trigger_at, trigger_at + len(trigger_word)))
    return article, event


def demo_records() -> tuple[list[Article], list[Event]]:
    """The demo corpus: articles and their events, the same on every call."""
    rng = random.Random(20240101)
    articles: list[Article] = []
    events: list[Event] = []
    start = date(2024, 1, 1)
    publishers = ("Frontier Wire", "Kabul Ledger", "Indus Daily", "Steppe News", "Sahel Post")
    for week in range(38):
        monday = start + timedelta(weeks=week)
        plan: list[tuple[str, str, str, str, int]] = []
        if week < 31:  # AFG-PAK: talks and trade, a stray accusation now and then
            plan.append((rng.choice(["CONSULT", "AGREE", "AID", "CONSULT"]), "PAK.GOV",
                         "AFG.GOV", rng.choice(["torkham", "chaman"]), 0))
            if week % 9 == 4:
                plan.append(("ACCUSE", "PAK.GOV", "AFG.GOV", "kurram", 0))
        else:  # from August: cross-border fire every week
            for _ in range(rng.randint(3, 5)):
                kind = rng.choice(["ASSAULT", "ASSAULT", "THREATEN", "COERCE"])
                src, tgt = rng.choice([("PAK.MIL", "AFG.MIL"), ("AFG.MIL", "PAK.MIL")])
                plan.append((kind, src, tgt, rng.choice(["kurram", "kunar", "torkham"]),
                             rng.randint(1, 9) if kind == "ASSAULT" else 0))
        if week % 2 == 0:
            plan.append(("ASSAULT", "RUS.MIL", "UKR.CVL", rng.choice(["kharkiv", "odesa"]),
                         rng.randint(1, 6)))
            plan.append(("ASSAULT", "UKR.MIL", "RUS.MIL", "kharkiv", rng.randint(0, 3)))
        if week % 5 == 2:
            plan.append(("ASSAULT", "JNIM", "BFA.MIL", "tougan", rng.randint(4, 12)))
        if week % 4 == 1:
            plan.append(("ASSAULT", "M23", "COD.MIL", "goma", rng.randint(1, 5)))
        if week % 6 == 3:
            plan.append(("ACCUSE", "IND.MIL", "PAK.MIL", "kupwara", 0))
        for i, (kind, src, tgt, site, killed) in enumerate(plan):
            day = monday + timedelta(days=(i * 2 + week) % 7)
            article, event = _story(len(articles), day, kind, src, tgt, site, killed, rng,
                                    publishers[(week + i) % len(publishers)])
            articles.append(article)
            events.append(event)
    return articles, events


def write_demo(store: Store) -> None:
    """Write the demo corpus, its actor snapshot and incidents into `store`."""
    articles, events = demo_records()
    run_id = store.start_run("demo", "rules/demo", {"demo": "1"})
    for i in range(0, len(articles), 25):
        store.write_batch(run_id, articles[i:i + 25], events[i:i + 25], [])
    store.replace_actors([
        {"id": a.id, "name": a.name, "country": a.country, "sector": a.sector,
         "from": None, "until": None, "aliases": [a.text]} for a in A.values()])
    n_incidents = refresh_incidents(store)
    store.finish_run(run_id, {"read": len(articles), "events": len(events),
                              "incidents": n_incidents})


def build_demo_store(path: Path, *, try_pipeline: bool = False, timeout: float = 240) -> str:
    """Build a demo store at `path`; returns "pipeline" or "records", whichever made it.

    With `try_pipeline`, runs `flashpoint run data/sample` first, and keeps its store only if
    the run succeeds and codes some events.
    """
    if try_pipeline:
        command = [str(Path(sys.executable).with_name("flashpoint")), "run",
                   str(ROOT / "data" / "sample"), "--db", str(path)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
        if done.returncode == 0:
            with Store.open(path, read_only=True) as store:
                if store.events(limit=1):
                    return "pipeline"
        path.unlink(missing_ok=True)
        Path(str(path) + ".wal").unlink(missing_ok=True)
    with Store.open(path) as store:
        write_demo(store)
    return "records"
