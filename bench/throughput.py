"""Throughput of `flashpoint code` against spaCy alone, same model, same components.

Prints words/s for spaCy's `nlp.pipe` over the bundled corpus, words/s for the whole coder
(parse + coding + resolution) with the rules alone (`--no-model`) and with the learned layer
scoring every sentence (#15), and their ratios to spaCy alone (goals: >= 0.75 for the rules,
>= 0.6 with the model). A benchmark, not a test.

    .venv/bin/python bench/throughput.py [--repeat 3] [PATH ...]

`--end-to-end` instead measures as a new user would (#18): fresh processes, start-up included,
on 300+ varied documents of at most 4,000 characters (paragraphs of the bundled articles, and
of ../shared/realnews when present, recombined): spaCy alone in one process (the full model)
against `flashpoint code --workers 1` and `--workers 2`, with the peak memory of each process.

    .venv/bin/python bench/throughput.py --end-to-end [--docs 320] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
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
    parser.add_argument("--end-to-end", action="store_true",
                        help="fresh processes with start-up: spaCy alone vs flashpoint code")
    parser.add_argument("--docs", type=int, default=320, help="documents, with --end-to-end")
    parser.add_argument("--workers", default="1,2", help="worker counts, with --end-to-end")
    args = parser.parse_args()
    if args.end_to_end:
        end_to_end(args.docs, [int(w) for w in args.workers.split(",")])
        return
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


SPACY_ALONE = """
import json, sys, spacy
from flashpoint.nlp.pipeline import DEFAULT_MODEL
nlp = spacy.load(DEFAULT_MODEL)
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
for doc in nlp.pipe(texts, batch_size=32):
    pass
"""


def varied_corpus(docs: int, seed: int = 18) -> list[dict[str, str]]:
    """`docs` different documents of at most 4,000 characters: paragraphs of 2-4 source
    articles, shuffled and recombined, each with a date so relative dates resolve."""
    sources = [ROOT / "data" / "sample", ROOT / "tests" / "data" / "articles"]
    realnews = ROOT.parent / "shared" / "realnews" / "pages.dev.jsonl"
    if realnews.is_file():
        sources.append(realnews)
    paragraphs = [p.strip() for a in read_sources(sources) if isinstance(a, Article)
                  for p in a.text.replace("\r", "").split("\n") if len(p.strip()) > 40]
    rng = random.Random(seed)
    out = []
    for i in range(docs):
        text = ""
        for paragraph in rng.sample(paragraphs, 30):
            if len(text) + len(paragraph) + 2 > 4000:
                break
            text += paragraph + "\n\n"
        out.append({"id": f"bench-{i:05d}", "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    "text": text.strip()})
    return out


def _timed(cmd: list[str]) -> tuple[float, list[int]]:
    """Wall seconds of `cmd` and the peak resident memory (bytes) of each of its processes."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks: dict[int, int] = {}
    done = threading.Event()

    def watch() -> None:
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            for p in tree:
                try:
                    peaks[p.pid] = max(peaks.get(p.pid, 0), p.memory_info().rss)
                except psutil.Error:
                    continue
            done.wait(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    code = proc.wait()
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    if code != 0:
        raise SystemExit(f"{cmd[:3]} exited with {code}")
    return seconds, list(peaks.values())


def end_to_end(docs: int, workers: list[int]) -> None:
    """Fresh processes, start-up included: spaCy alone vs `flashpoint code --workers N`."""
    corpus = varied_corpus(docs)
    words = sum(len(d["text"].split()) for d in corpus)
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(d) + "\n" for d in corpus), encoding="utf-8")
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
        print(f"corpus: {len(corpus)} documents, {words} words, "
              f"{sum(len(d['text']) for d in corpus) // len(corpus)} characters on average")
        seconds, peaks = _timed([sys.executable, "-c", SPACY_ALONE, str(path)])
        base = words / seconds
        print(f"spaCy alone, 1 process:     {seconds:6.1f} s {base:8.0f} words/s   "
              f"peak {max(peaks) / 2**20:5.0f} MiB")
        for n in workers:
            out = Path(tmp) / f"events-{n}.jsonl"
            seconds, peaks = _timed([str(bin_dir / "flashpoint"), "code", str(path), "-o",
                                     str(out), "--workers", str(n)])
            rate = words / seconds
            events = sum(1 for _ in out.open(encoding="utf-8"))
            mib = ", ".join(f"{p / 2**20:.0f}" for p in sorted(peaks, reverse=True))
            print(f"flashpoint code --workers {n}: {seconds:6.1f} s {rate:8.0f} words/s   "
                  f"ratio {rate / base:4.2f}   {events} events   peak MiB per process: {mib}")
        print("goal: --workers 2 >= 1.6 x spaCy alone")


if __name__ == "__main__":
    main()
