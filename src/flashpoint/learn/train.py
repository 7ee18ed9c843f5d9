"""`flashpoint train`: the type model rebuilt from gold files (docs/gold-format.md).

Owns turning gold records into examples and choosing which records train: with `split`, only
the records whose id hashes into that part (the same tune/check split as the accuracy
protocol, so a model trained on tune can still be checked on check). Records labelled in a
scheme with no PLOVER type (penta classes, police labels) are left out; a record annotated
with no event is a negative example.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from flashpoint.evaluate.gold import GoldRecord, read_gold
from flashpoint.evaluate.split import in_split
from flashpoint.learn.examples import Example, event_type, typed_scheme
from flashpoint.learn.model import TrainReport, train_model

Split = Literal["tune", "check", "all"]
CORPUS = Path(__file__).parent / "data" / "corpus.jsonl"


def record_example(record: GoldRecord) -> Example | None:
    """The example a gold record gives, or None when it has no usable label."""
    if record.events is None or not all(typed_scheme(e.event_scheme) for e in record.events):
        return None
    types = frozenset(t for t in (event_type(e.event_code, e.event_scheme)
                                  for e in record.events) if t is not None)
    return Example(id=record.id, text=record.text, types=types)


def gold_examples(records: Iterable[GoldRecord], split: Split = "all") -> list[Example]:
    """Every usable example of the records in `split`, in order."""
    chosen = (r for r in records if in_split(r.id, split))
    return [ex for ex in (record_example(r) for r in chosen) if ex is not None]


def train(paths: Sequence[str | Path], output: str | Path, *, split: Split = "all",
          corpus: bool = True, epochs: int = 12) -> TrainReport:
    """Train the type model on the gold files at `paths` (only their `split` part), after the
    project's own corpus (whole) unless `corpus` is False."""
    examples = gold_examples(read_gold(CORPUS)) if corpus else []
    examples += [ex for path in paths for ex in gold_examples(read_gold(path), split)]
    return train_model(examples, output, epochs=epochs)
