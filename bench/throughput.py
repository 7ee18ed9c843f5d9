"""Throughput of `flashpoint code` against spaCy alone, same model, same components.

Prints words/s for spaCy's `nlp.pipe` over the bundled corpus, words/s for the whole coder
(parse + coding + resolution) with the rules alone (`--no-model`) and with the learned layer
scoring every sentence (#15), and their ratios to spaCy alone (goals: >= 0.75 for the rules,
>= 0.6 with the model). A benchmark, not a test.

    .venv/bin/python bench/throughput.py [--repeat 3] [PATH ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import time
from pathlib import Path

from flashpoint.ingest.readers import read_sources
from flashpoint.learn.score import load_layer
from flashpoint.pipeline import Coder, load_coder
from flashpoint.records import Article

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "data" / "sample")])
    parser.add_argument("--repeat", type=int, default=3, help="copies of the corpus to code")
    args = parser.parse_args()
    articles = [a for a in read_sources(args.paths) if isinstance(a, Article)] * args.repeat
    words = sum(len(a.text.split()) for a in articles)
    coder = load_coder(learned=False)
    layer = load_layer()
    # the layer as shipped may switch some uses off; blending confidence makes it score every
    # sentence, so the figure is the model's full cost
    scoring = dataclasses.replace(layer, settings=layer.settings.model_copy(
        update={"confidence_weight": max(layer.settings.confidence_weight, 0.01)}))
    learned = dataclasses.replace(coder, layer=scoring, _actor_cache={})
    nlp = coder.nlp
    list(nlp.pipe([a.text for a in articles[:5]]))  # warm up every path alike
    coder.code_articles(articles[:5])
    learned.code_articles(articles[:5])

    start = time.perf_counter()
    for _ in nlp.pipe([a.text for a in articles], batch_size=coder.batch_size):
        pass
    spacy_rate = words / (time.perf_counter() - start)
    rules_rate, events = _rate(coder, articles, words)
    model_rate, _ = _rate(learned, articles, words)

    print(f"machine: {platform.machine()} {platform.python_version()}, components {nlp.pipe_names}")
    print(f"corpus: {len(articles)} articles, {words} words, {len(events)} events")
    print(f"spaCy alone:           {spacy_rate:10.0f} words/s")
    print(f"flashpoint --no-model: {rules_rate:10.0f} words/s")
    print(f"flashpoint with model: {model_rate:10.0f} words/s")
    print(f"ratio, rules alone:    {rules_rate / spacy_rate:10.2f} (goal >= 0.75)")
    print(f"ratio, with model:     {model_rate / spacy_rate:10.2f} (goal >= 0.6)")


def _rate(coder: Coder, articles: list[Article], words: int) -> tuple[float, list[object]]:
    start = time.perf_counter()
    events: list[object] = list(coder.code_articles(articles))
    return words / (time.perf_counter() - start), events


if __name__ == "__main__":
    main()
