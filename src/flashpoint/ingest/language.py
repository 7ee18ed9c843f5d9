"""Language identification for ingested articles with py3langid (its model ships in the wheel).

It owns the language label only; which languages get coded is the runner's choice.
"""

from __future__ import annotations

import functools
from typing import Any

UNDETERMINED = "und"  # ISO 639-2 for "no linguistic content to judge"
_SAMPLE_CHARS = 5000  # the first few paragraphs decide; classifying megabytes adds nothing


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
    # What LanguageIdentifier.from_model_file does with the same tables.
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output,
                              tk_row=row)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" when it has no letters."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    label, _score = _identifier().classify(sample)
    return str(label)
