"""The learned type model: a spaCy bag-of-n-grams text classifier over PLOVER types and quads.

Owns training (deterministic: fixed seeds, fixed order, so the same examples give the same
model), saving, loading and prediction. It reads a sentence the bundled pipeline has already
parsed, as lemmas with names, numbers and dates replaced by their kind ("_gpe troops _verb
shell _org position"), plus its main verb and object: a corpus written from frames with many
names would otherwise teach the names, and real news would meet unseen ones. Scoring costs
a bag-of-n-grams look-up per sentence, on CPU. Deciding what to do with the scores is
`learn/score.py`'s job.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example as SpacyExample
from spacy.util import minibatch
from thinc.api import fix_random_seed

from flashpoint.errors import ModelError
from flashpoint.learn.examples import Example, cats, label_names
from flashpoint.nlp import load_pipeline

MODEL_NAME = "flashpoint-types"
BUNDLED = Path(__file__).parent / "data" / "model"
SEED = 15


# entity kinds that stand for a name, number or date in the features
_KINDS = {"GPE": "_gpe", "NORP": "_norp", "PERSON": "_person", "ORG": "_org", "LOC": "_loc",
          "FAC": "_fac", "DATE": "_date", "TIME": "_date", "CARDINAL": "_num", "QUANTITY": "_num",
          "MONEY": "_money", "PERCENT": "_num", "ORDINAL": "_num", "EVENT": "_event"}


def sentence_features(sent: Span | Doc) -> str:
    """The text the classifier reads for one parsed sentence (see the module docstring)."""
    words: list[str] = []
    for token in sent:
        if token.is_punct or token.is_space:
            continue
        kind = _KINDS.get(token.ent_type_) or ("_name" if token.pos_ == "PROPN" else None) or (
            "_num" if token.like_num else None)
        if kind is None:
            words.append(token.lemma_.lower())
        elif not words or words[-1] != kind:
            words.append(kind)  # "Prime Minister Ana Silva" is one _person
    roots = [t for t in sent if t.dep_ == "ROOT"]
    for root in roots:
        words.append(f"root_{root.lemma_.lower()}")
        for child in root.children:
            if child.dep_ in ("dobj", "ccomp", "xcomp", "prep", "prt"):
                words.append(f"root_{root.lemma_.lower()}_{child.lemma_.lower()}")
                if child.dep_ in ("ccomp", "xcomp"):
                    words.append(f"root_{child.lemma_.lower()}")
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class TrainReport:
    """What a training run used and produced."""

    examples: int
    positives: dict[str, int]
    epochs: int
    path: Path
    digest: str  # sha256 of the saved weights: same input, same digest


def _blank(labels: Sequence[str], *, ngram: int, length: int) -> Language:
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat_multilabel", config={
        "threshold": 0.5,
        "model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False,
                  "ngram_size": ngram, "no_output_layer": False, "length": length}})
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]
    nlp.meta["name"] = MODEL_NAME
    return nlp


def train_model(examples: Sequence[Example], output: str | Path, *, epochs: int = 12,
                ngram: int = 2, length: int = 2**16, seed: int = SEED) -> TrainReport:
    """Train the type model on `examples` and save it to `output` (a folder).

    Deterministic: the seed fixes thinc's initialisation and the shuffling order.
    """
    fix_random_seed(seed)
    labels = label_names()
    nlp = _blank(labels, ngram=ngram, length=length)
    parser = load_pipeline()
    texts = [sentence_features(doc) for doc in parser.pipe((ex.text for ex in examples),
                                                            batch_size=64)]
    data = [SpacyExample.from_dict(nlp.make_doc(text), {"cats": cats(ex, labels)})
            for text, ex in zip(texts, examples, strict=True)]
    optimizer = nlp.initialize(lambda: data)
    order = random.Random(seed)
    for _ in range(epochs):
        order.shuffle(data)
        for batch in minibatch(data, size=16):  # type: ignore[no-untyped-call]
            nlp.update(batch, sgd=optimizer, losses={})
    out = Path(output)
    # the classifier reads hashed n-grams only; the string table would carry training words
    nlp.to_disk(out, exclude=["vocab"])
    positives = {label: sum(1 for ex in examples if label in ex.types | ex.quads)
                 for label in labels}
    (out / "training.json").write_text(json.dumps(
        {"examples": len(examples), "positives": positives, "epochs": epochs, "ngram": ngram,
         "length": length, "seed": seed}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return TrainReport(examples=len(examples), positives=positives, epochs=epochs, path=out,
                       digest=weights_digest(out))


def weights_digest(path: str | Path) -> str:
    """sha256 of the model's weights file, for the model card and reproducibility checks."""
    return hashlib.sha256((Path(path) / "textcat_multilabel" / "model").read_bytes()).hexdigest()


@dataclass(frozen=True)
class TypeModel:
    """A loaded type model; `predict` scores sentences."""

    nlp: Language
    path: Path

    def predict(self, sents: Iterable[Span | Doc], *, batch_size: int = 256
                ) -> list[dict[str, float]]:
        """Per parsed sentence, the probability of each PLOVER type and quad label."""
        return [dict(doc.cats) for doc in self.nlp.pipe(
            (sentence_features(sent) for sent in sents), batch_size=batch_size)]

    def predict_texts(self, texts: Iterable[str]) -> list[dict[str, float]]:
        """Per text, parsed with the bundled pipeline, the scores of `predict`."""
        return self.predict(load_pipeline().pipe(texts, batch_size=64))


@functools.lru_cache(maxsize=4)
def load_model(path: str | Path = BUNDLED) -> TypeModel:
    """Load a model folder written by `train_model` (the bundled one by default), once."""
    folder = Path(path)
    if not (folder / "config.cfg").is_file():
        raise ModelError(model=str(folder), reason="no trained model here; run `flashpoint train`")
    try:
        nlp = spacy.load(folder)
    except (OSError, ValueError) as exc:
        raise ModelError(model=str(folder), reason=str(exc)) from exc
    return TypeModel(nlp=nlp, path=folder)
