"""Generated corpora for the reliability suite: good, bad, duplicate and poison documents.

Every text is written here from templates (our own wording, invented places and numbers), so
a seed gives a different but repeatable mix. `expected_inputs` says which inputs are readable
and what each should become, so tests can check "every readable input is stored exactly once".
Kept importable (not a conftest), so a subprocess can build the very same corpus.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

import duckdb

PLACES = ["Mopti", "Gao", "Kidal", "Bunia", "Goma", "Beni", "Maiduguri", "Kano", "Jos",
          "Marawi", "Cotabato", "Arauca", "Tumaco", "Juba", "Malakal"]
ACTORS = ["Soldiers", "Police", "Militia fighters", "Gunmen", "Rebels", "Protesters"]
ACTS = ["attacked a checkpoint near {place}, killing {n} people",
        "arrested {n} men in {place}",
        "fired on a crowd in {place}, wounding {n} people",
        "clashed with villagers outside {place}, leaving {n} dead"]
DAYS = ["on Monday", "on Tuesday", "on Friday", "overnight"]
SOURCES = ["a local official said", "the army said", "witnesses said", "police said"]
FRENCH = ("Des hommes armés ont attaqué un poste de contrôle près de {place} lundi, tuant {n} "
          "personnes, selon un responsable local.")


def story(rng: random.Random, *, sentences: int = 3) -> str:
    """A short wire-style story of our own, one sentence per paragraph."""
    out = []
    for _ in range(sentences):
        act = rng.choice(ACTS).format(place=rng.choice(PLACES), n=rng.randint(2, 40))
        out.append(f"{rng.choice(ACTORS)} {act} {rng.choice(DAYS)}, {rng.choice(SOURCES)}.")
    return "\n\n".join(out)


@dataclass(frozen=True)
class Corpus:
    """The files written and what each readable input should become."""

    paths: list[Path]
    readable: dict[str, str]  # doc_id -> expected status: coded, duplicate, not_coded
    unreadable: list[str]  # doc ids (file:line or path) that must be reported as problems


def make_corpus(folder: Path, *, seed: int, poison_chars: int, long_chars: int) -> Corpus:
    """Write a mixed corpus under `folder`.

    `poison_chars` is the length of the document that must be stored but not coded (over the
    coder's limit); `long_chars` of one that must be parsed in chunks (over the chunk size).
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    records: list[dict[str, object]] = []
    readable: dict[str, str] = {}
    for i in range(rng.randint(3, 5)):
        doc_id = f"s{seed}-good-{i}"
        records.append({"id": doc_id, "text": story(rng), "date": f"2024-04-{10 + i:02d}"})
        readable[doc_id] = "coded"
    original = records[rng.randrange(len(records))]
    for j in range(2):  # wire copies: the same text under other ids
        copy_id = f"s{seed}-copy-{j}"
        records.append({"id": copy_id, "text": original["text"], "date": original["date"]})
        readable[copy_id] = "coded"
    records.append({"id": original["id"], "text": original["text"],
                    "date": original["date"]})  # the same record again: stored once
    records.append({"id": f"s{seed}-fr", "text": FRENCH.format(place=rng.choice(PLACES),
                                                                n=rng.randint(2, 9)),
                    "date": "2024-04-20"})
    readable[f"s{seed}-fr"] = "not_coded"
    poison = ("Crowds gathered in the square. " * (poison_chars // 31 + 1))[:poison_chars]
    records.append({"id": f"s{seed}-poison", "text": poison, "date": "2024-04-21"})
    readable[f"s{seed}-poison"] = "not_coded"
    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < long_chars:
        paragraphs.append(story(rng, sentences=2).replace("\n\n", " "))
    records.append({"id": f"s{seed}-long", "text": "\n\n".join(paragraphs),
                    "date": "2024-04-22"})
    readable[f"s{seed}-long"] = "coded"
    rng.shuffle(records)
    first: dict[object, object] = {}
    for record in records:  # whichever copy comes first is the original
        if first.setdefault(record["text"], record["id"]) != record["id"]:
            readable[str(record["id"])] = "duplicate"
    good = folder / "wire.jsonl"
    lines = [json.dumps(r) for r in records]
    bad_line = rng.randrange(len(lines) + 1)
    lines.insert(bad_line, '{"id": "broken", "text": "no closing')
    lines.append(json.dumps({"id": f"s{seed}-notext", "body": "no text field"}))
    good.write_text("\n".join(lines) + "\n", encoding="utf-8")
    binary = folder / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = folder / "latin1.txt"
    latin.write_bytes("Des soldats ont tué trois hommes à Gao.".encode("latin-1"))
    page = folder / "page.html"
    page.write_text(
        "<html><head><title>Clashes near Kidal</title></head><body><article><p>"
        + story(rng).replace("\n\n", "</p><p>") + "</p></article></body></html>",
        encoding="utf-8")
    readable[str(page)] = "coded"
    unreadable = [f"{good}:{bad_line + 1}", str(binary), str(latin),
                  f"s{seed}-notext"]
    return Corpus([good, binary, latin, page], readable, unreadable)


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """The store's content that a rerun must reproduce (run ids and timings left out)."""
    queries = {
        "articles": "SELECT content_hash, doc_id, status, duplicate_of FROM articles ORDER BY 1",
        "events": "SELECT event_id, doc_id, content_hash, type, modality, incident_id "
                  "FROM events ORDER BY 1",
        "incidents": "SELECT * FROM incidents ORDER BY 1",
    }
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        con.close()
