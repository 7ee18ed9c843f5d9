"""Throughput of `flashpoint code` against spaCy alone, same model, same components.

Prints words/s for spaCy's `nlp.pipe` over the bundled corpus, words/s for the whole coder
(parse + coding + resolution), and their ratio (goal: >= 0.75). A benchmark, not a test.

    .venv/bin/python bench/throughput.py [--repeat 3] [PATH ...]
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from flashpoint.ingest.readers import read_sources
from flashpoint.pipeline import load_coder
from flashpoint.records import Article

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "data" / "sample")])
    parser.add_argument("--repeat", type=int, default=3, help="copies of the corpus to code")
    args = parser.parse_args()
    articles = [a for a in read_sources(args.paths) if isinstance(a, Article)] * args.repeat
    words = sum(len(a.text.split()) for a in articles)
    coder = load_coder()
    nlp = coder.nlp
    list(nlp.pipe([a.text for a in articles[:5]]))  # warm up both paths alike
    coder.code_articles(articles[:5])

    start = time.perf_counter()
    for _ in nlp.pipe([a.text for a in articles], batch_size=coder.batch_size):
        pass
    spacy_seconds = time.perf_counter() - start

    start = time.perf_counter()
    events = coder.code_articles(articles)
    coder_seconds = time.perf_counter() - start

    spacy_rate, coder_rate = words / spacy_seconds, words / coder_seconds
    print(f"machine: {platform.machine()} {platform.python_version()}, components {nlp.pipe_names}")
    print(f"corpus: {len(articles)} articles, {words} words, {len(events)} events")
    print(f"spaCy alone:      {spacy_rate:10.0f} words/s")
    print(f"flashpoint code:  {coder_rate:10.0f} words/s")
    print(f"ratio:            {coder_rate / spacy_rate:10.2f} (goal >= 0.75)")


if __name__ == "__main__":
    main()
