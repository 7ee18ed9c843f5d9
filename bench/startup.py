"""Start-up of `flashpoint code`: time to the first event against a bare `spacy.load`.

Each round starts two fresh processes, in turn: `python -c "import spacy; spacy.load(MODEL)"`
(wall time to exit) and `flashpoint code one.txt` (wall time until its first event line reaches
stdout). Both pay for the interpreter and spaCy; what `code` adds is its own imports, the
lexicon, cues and registries, reading and coding one short article. A warm-up pair runs
first, so the gazetteer's disk cache (flashpoint.geo.cache) is in place, as it is for every
run after a user's first. Prints the median of each and their ratio (goal: <= 1.3). A
benchmark, not a test; the machine should be otherwise idle.

    .venv/bin/python bench/startup.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from flashpoint.nlp.pipeline import DEFAULT_MODEL

BIN = Path(sys.executable).parent
ARTICLE = ("VALPARAISO, April 3 - Navy patrol boats fired warning shots at two fishing trawlers "
           "off the coast of Valparaiso on Thursday, the port authority said. Three crew "
           "members were detained and taken ashore for questioning.\n")


def bare_load(model: str) -> float:
    """Seconds for a fresh interpreter to import spaCy, load `model` and exit."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import spacy; spacy.load({model!r})"], check=True)
    return time.perf_counter() - start


def first_event(path: Path) -> float:
    """Seconds from starting `flashpoint code path` to its first event on stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "flashpoint"), "code", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    seconds = time.perf_counter() - start
    proc.communicate()
    if not line.startswith("{"):
        raise SystemExit(f"flashpoint code wrote no event (exit {proc.returncode})")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="pairs of processes to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text(ARTICLE, encoding="utf-8")
        bare_load(DEFAULT_MODEL)  # warm the OS file cache for both alike
        first_event(one)  # ... and the gazetteer cache
        bare, code = [], []
        for _ in range(args.rounds):
            bare.append(bare_load(DEFAULT_MODEL))
            code.append(first_event(one))
    b, c = statistics.median(bare), statistics.median(code)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")
    print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {args.rounds} rounds, model "
          f"{DEFAULT_MODEL}")
    print(f"bare spacy.load:              median {b:.2f} s  (runs: "
          f"{', '.join(f'{x:.2f}' for x in bare)})")
    print(f"flashpoint code, first event: median {c:.2f} s  (runs: "
          f"{', '.join(f'{x:.2f}' for x in code)})")
    print(f"ratio: {c / b:.2f} (goal <= 1.3)")


if __name__ == "__main__":
    main()
