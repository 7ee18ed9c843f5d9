"""Ingest and dedup throughput: HTML pages through `read_sources`, then MinHash dedup (issue #5).

Writes `--pages` synthetic news pages (several site layouts, with navigation, sidebars,
cookie banners, scripts and footers around the story) into a temporary folder and times
`read_sources` over it: decoding, trafilatura extraction, metadata, language and hashing, with
no coding. Then it passes `--articles` synthetic articles, about 10 % of them planted near
copies of earlier ones (new dateline, a changed word, sometimes the last sentence dropped),
through `Deduplicator.check` + `add` as the runner does, and prints articles/s and the near
duplicates found against those planted. The text is generated from templates, seeded, so
runs are repeatable. A benchmark, not a test.

    .venv/bin/python bench/ingest.py [--pages 1000] [--articles 10000] [--seed 5]
"""

from __future__ import annotations

import argparse
import platform
import random
import tempfile
import time
from pathlib import Path

from flashpoint.ingest.clean import content_hash
from flashpoint.ingest.dedup import Deduplicator, shingles
from flashpoint.ingest.readers import read_sources
from flashpoint.records import Article

CITIES = ["Nairobi", "Kampala", "Dodoma", "Kigali", "Bujumbura", "Juba", "Khartoum", "Addis Ababa",
          "Mogadishu", "Djibouti", "Asmara", "Lusaka", "Harare", "Maputo", "Lilongwe", "Goma",
          "Bamako", "Niamey", "Ouagadougou", "Dakar", "Conakry", "Freetown", "Monrovia", "Accra",
          "Lome", "Cotonou", "Abuja", "Yaounde", "Bangui", "Ndjamena", "Tripoli", "Tunis"]
ACTORS = ["police", "soldiers", "the army", "rebels", "gunmen", "protesters", "students",
          "traders", "opposition supporters", "border guards", "customs officers",
          "the interior ministry", "the electoral commission", "militia fighters",
          "the finance minister", "union leaders", "farmers", "aid workers", "doctors",
          "local officials", "the governor", "election observers", "villagers", "miners"]
ACTIONS = ["clashed with", "arrested", "met", "accused", "attacked", "negotiated with",
           "demonstrated against", "detained", "criticised", "signed an agreement with",
           "fired on", "warned", "thanked", "evacuated", "blockaded", "released",
           "sued", "praised", "questioned", "surrounded"]
PLACES = ["the main market", "a checkpoint on the northern road", "the district hospital",
          "the central prison", "a refugee camp", "the parliament building", "the port",
          "a gold mine", "the university campus", "a village near the border", "the airport",
          "the regional council offices", "a police station", "the old town", "a river crossing"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SOURCES = ["a police spokesman said", "witnesses said", "officials said", "a local radio "
           "station reported", "residents told reporters", "the ministry said in a statement",
           "a hospital doctor said", "a senior official said on condition of anonymity",
           "an opposition lawmaker said", "a United Nations agency said"]
TEMPLATES = [
    "{Actor} {action} {actor2} at {place} on {day}, {source}.",
    "At least {n} people were hurt when {actor} {action} {actor2} near {place}, {source}.",
    "{Actor} said they had {action} {actor2} after {m} days of tension around {place}.",
    "The incident followed a dispute over {topic} that began in {month}, {source}.",
    "{Actor} denied that they had {action} {actor2}, calling the reports {adjective}.",
    "Talks between {actor} and {actor2} are expected to resume on {day} in {city}.",
    "{n} people were detained and {m} were later released without charge, {source}.",
    "The government of {city} province said it would send {n} more officers to {place}.",
    "Prices of {topic} have risen by {n} percent since {month}, according to {actor}.",
    "{Actor} called for calm and urged {actor2} to respect the {adjective} agreement.",
]
TOPICS = ["fuel", "maize", "land titles", "grazing rights", "water", "school fees", "bread",
          "mining licences", "cooking gas", "road tolls", "fishing quotas", "electricity"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ADJECTIVES = ["false", "baseless", "fragile", "long-awaited", "provisional", "disputed",
              "misleading", "regional", "historic", "temporary"]


def sentence(rng: random.Random) -> str:
    """One templated news sentence."""
    actor, actor2 = rng.sample(ACTORS, 2)
    text = rng.choice(TEMPLATES).format(
        Actor=actor[0].upper() + actor[1:], actor=actor, actor2=actor2,
        action=rng.choice(ACTIONS), place=rng.choice(PLACES), day=rng.choice(DAYS),
        source=rng.choice(SOURCES), n=rng.randint(2, 300), m=rng.randint(2, 40),
        topic=rng.choice(TOPICS), month=rng.choice(MONTHS), adjective=rng.choice(ADJECTIVES),
        city=rng.choice(CITIES))
    return text


def story(rng: random.Random) -> tuple[str, list[str]]:
    """A headline and 4-7 paragraphs of 1-3 sentences (about 200 words), with a dateline."""
    city = rng.choice(CITIES)
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(1, 3)))
                  for _ in range(rng.randint(4, 7))]
    paragraphs[0] = f"{city.upper()}, {rng.choice(MONTHS)} {rng.randint(1, 28)} - {paragraphs[0]}"
    headline = sentence(rng).split(",")[0].rstrip(".")
    return headline, paragraphs


def _nav(rng: random.Random) -> str:
    links = rng.sample(["Home", "World", "Africa", "Politics", "Business", "Sport", "Opinion",
                        "Video", "Weather", "Subscribe", "Contact"], 7)
    return "".join(f"<li><a href='/{word.lower()}'>{word}</a></li>" for word in links)


def page(rng: random.Random, number: int) -> str:
    """One news page in one of three site layouts, with page furniture around the story."""
    headline, paragraphs = story(rng)
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    related = "".join(f"<li><a href='/story/{rng.randint(1, 9999)}'>{sentence(rng)[:60]}</a>"
                      "</li>" for _ in range(4))
    head = (f"<head><meta charset='utf-8'><title>{headline} | Lakeside Wire</title>"
            f"<meta property='article:published_time' content='{date}T08:00:00Z'>"
            "<script>window.dataLayer=[];function track(){return 1}</script>"
            "<style>body{font-family:serif}.ad{height:250px}</style></head>")
    cookie = ("<div class='cookie-banner'>We use cookies to improve your experience. "
              "<button>Accept all</button></div>")
    footer = ("<footer><p>© 2024 Lakeside Wire Ltd. All rights reserved.</p><ul><li>"
              "<a href='/privacy'>Privacy</a></li><li><a href='/terms'>Terms</a></li></ul>"
              "</footer>")
    layout = number % 3
    if layout == 0:  # modern: semantic tags
        main = (f"<article><h1>{headline}</h1><time datetime='{date}'>{date}</time>"
                f"<p class='byline'>By Staff Reporter</p>{body}</article>"
                f"<aside><h2>Related</h2><ul>{related}</ul></aside>")
    elif layout == 1:  # CMS: nested divs with class names
        main = (f"<div id='wrapper'><div class='story-header'><h1>{headline}</h1>"
                f"<span class='date'>{date}</span></div><div class='ad'>Advertisement</div>"
                f"<div class='story-body'>{body}</div><div class='share'>Share: Facebook | "
                f"X | WhatsApp</div><div class='most-read'><ul>{related}</ul></div></div>")
    else:  # old: table layout
        main = (f"<table><tr><td class='left'><ul>{related}</ul></td><td class='content'>"
                f"<h2>{headline}</h2><font size='2'>{date}</font>{body}</td></tr></table>")
    return (f"<!doctype html><html lang='en'>{head}<body>{cookie}<header><ul>{_nav(rng)}</ul>"
            f"</header>{main}{footer}</body></html>")


FURNITURE = ("cookies", "All rights reserved", "Share:", "Advertisement", "Subscribe", "Related")


def bench_ingest(pages: int, rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for number in range(pages):
            (Path(folder) / f"page-{number:05d}.html").write_text(page(rng, number),
                                                                  encoding="utf-8")
        size = sum(p.stat().st_size for p in Path(folder).iterdir())
        # warm-up: the first page loads trafilatura's and the language detector's models
        list(read_sources(sorted(Path(folder).iterdir())[:10]))
        started = time.perf_counter()
        items = list(read_sources([folder]))
        seconds = time.perf_counter() - started
    articles = [item for item in items if isinstance(item, Article)]
    words = sum(len(a.text.split()) for a in articles)
    leaked = sum(any(mark in a.text for mark in FURNITURE) for a in articles)
    print(f"ingest: {pages} HTML pages ({size / pages / 1024:.1f} KiB each), "
          f"{len(articles)} articles, {len(items) - len(articles)} problems, "
          f"{words / max(len(articles), 1):.0f} words each, furniture kept in {leaked}")
    print(f"  read_sources: {seconds:.1f} s, {len(items) / seconds:.0f} articles/s")


def near_copy(text: str, rng: random.Random) -> str:
    """A second outlet's copy: new dateline, one word changed, maybe the last sentence cut."""
    dateline, _, rest = text.partition(" - ")
    copy = f"{rng.choice(CITIES).upper()} ({dateline.split(',')[0].title()}) - {rest}"
    copy = copy.replace(" said", " reported", 1)
    if rng.random() < 0.5 and copy.count(". ") > 6:
        copy = copy[:copy.rstrip(".").rfind(". ") + 1]
    return copy


def jaccard(one: str, two: str) -> float:
    """The exact 5-gram Jaccard similarity that MinHash estimates."""
    first, second = set(shingles(one)), set(shingles(two))
    return len(first & second) / len(first | second)


# exact Jaccard bands of planted copies: clearly above, just above, below the threshold
BANDS = ((0.9, 1.01, "[0.9, 1]"), (0.8, 0.9, "[0.8, 0.9)"), (0.0, 0.8, "[0, 0.8)"))


def bench_dedup(count: int, rng: random.Random) -> None:
    texts: list[tuple[str, str, float | None]] = []  # key, text, exact Jaccard if planted
    originals: list[str] = []
    for number in range(count):
        if number > 50 and rng.random() < 0.10:
            original = rng.choice(originals)  # copies of copies would blur the count
            copy = near_copy(original, rng)
            texts.append((f"a{number}", copy, jaccard(copy, original)))
        else:
            texts.append((f"a{number}", "\n\n".join(story(rng)[1]), None))
            originals.append(texts[-1][1])
    articles = [(Article(doc_id=key, text=text, content_hash=content_hash(text)), planted)
                for key, text, planted in texts]
    dedup = Deduplicator()
    found: list[float | None] = []  # the planted Jaccard (None: an original) of each hit
    started = time.perf_counter()
    for article, planted in articles:
        if dedup.check(article) is not None:
            found.append(planted)
        else:  # as the runner does: only new articles are remembered
            dedup.add(article.content_hash or article.doc_id, article.text)
    seconds = time.perf_counter() - started
    planted_all = [p for _, p in articles if p is not None]
    words = sum(len(a.text.split()) for a, _ in articles) / len(articles)
    print(f"dedup: {count} articles ({words:.0f} words each), {len(planted_all)} planted near "
          f"copies, threshold {dedup.threshold}")
    print(f"  check + add: {seconds:.1f} s, {count / seconds:.0f} articles/s")
    hits = [p for p in found if p is not None]
    print(f"  near duplicates found: {len(hits)} of {len(planted_all)} planted "
          f"({len(hits) / max(len(planted_all), 1):.1%}); false alarms among originals: "
          f"{len(found) - len(hits)}")
    for low, high, label in BANDS:
        band = [p for p in planted_all if low <= p < high]
        caught = sum(low <= p < high for p in hits)
        print(f"  planted copies with exact 5-gram Jaccard in {label}: "
              f"{caught} of {len(band)} found")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    bench_ingest(args.pages, random.Random(args.seed))
    bench_dedup(args.articles, random.Random(args.seed + 1))


if __name__ == "__main__":
    main()
