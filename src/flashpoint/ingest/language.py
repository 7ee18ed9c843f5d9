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
    """Load the model once per process (it takes ~0.2 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" when it has no letters."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    label, _score = _identifier().classify(sample)
    return str(label)
