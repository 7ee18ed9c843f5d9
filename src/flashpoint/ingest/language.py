"""Language identification for ingested articles with py3langid (its model ships in the wheel).

It owns the language label only; which languages get coded is the runner's choice.

A character n-gram model is unreliable on one short sentence: "Police arrested ten protesters
in Nairobi on Friday." reads as Nigerian Pidgin to it, and news one-liners came out as Shona or
Galician and were stored uncoded (#20). So a label is trusted only when the text is at least
MIN_CHARS long and the model's probability for its best language is at least MIN_CONFIDENCE;
below either, a text the model finds at least EN_SHARE likely to be English is labelled "en",
since English is what we code and a wrong "en" costs only a parse that finds no event, while a
wrong other label loses the article's events. Text in other languages keeps its label: Spanish,
German, French or Swahili sentences of the same length give English well under 0.01.
"""

from __future__ import annotations

import functools
from typing import Any

UNDETERMINED = "und"  # ISO 639-2 for "no linguistic content to judge"
_SAMPLE_CHARS = 5000  # the first few paragraphs decide; classifying megabytes adds nothing
MIN_CHARS = 200  # shorter texts: the label is a guess (a headline, one sentence)
MIN_CONFIDENCE = 0.9  # normalised probability of the best language
EN_SHARE = 0.1  # an untrusted label yields to English at this probability of English


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    """Load the model once per process. Unpacking its LZMA file takes 0.5-2 s, so the unpacked
    tables go to the disk cache (`flashpoint.diskcache`), keyed by py3langid's version."""
    from importlib import metadata

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import load_model

    from flashpoint import diskcache

    path = MODEL_DIR / MODEL_FILE
    key = diskcache.digest(metadata.version("py3langid"), str(path.stat().st_size))
    ptc, pc, classes, nextmove, row, output = diskcache.cached(
        "langid", key, lambda: load_model(path))
    # What LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True) does with them.
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output,
                              norm_probs=True, tk_row=row)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" when it has no letters.

    Short or unsure guesses fall back to English when English is plausible (module docstring).
    """
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    ranked = _identifier().rank(sample)
    label, confidence = str(ranked[0][0]), float(ranked[0][1])
    if len(sample.strip()) >= MIN_CHARS and confidence >= MIN_CONFIDENCE:
        return label
    english = next((float(p) for lang, p in ranked if lang == "en"), 0.0)
    return "en" if english >= EN_SHARE else label
