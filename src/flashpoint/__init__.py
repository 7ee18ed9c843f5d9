"""flashpoint: raw news pages in, coded political-conflict events and escalation alerts out.

The public API is the names in `__all__`; they load on first use so `import flashpoint` stays
fast (spaCy and DuckDB are imported only when a coder or a store is asked for).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "ActorRef": "flashpoint.records",
    "Article": "flashpoint.records",
    "Coder": "flashpoint.pipeline",
    "DataFileError": "flashpoint.errors",
    "Event": "flashpoint.records",
    "EventDate": "flashpoint.records",
    "Fatalities": "flashpoint.records",
    "FlashpointError": "flashpoint.errors",
    "InputError": "flashpoint.errors",
    "Place": "flashpoint.records",
    "Problem": "flashpoint.records",
    "RunSummary": "flashpoint.runner",
    "Span": "flashpoint.records",
    "Store": "flashpoint.store.db",
    "StoreError": "flashpoint.errors",
    "code_articles": "flashpoint.pipeline",
    "code_paths": "flashpoint.runner",
    "code_text": "flashpoint.pipeline",
    "code_texts": "flashpoint.pipeline",
    "load_coder": "flashpoint.pipeline",
    "open_store": "flashpoint.store.db",
    "run": "flashpoint.runner",
}

__all__ = [
    "ActorRef",
    "Article",
    "Coder",
    "DataFileError",
    "Event",
    "EventDate",
    "Fatalities",
    "FlashpointError",
    "InputError",
    "Place",
    "Problem",
    "RunSummary",
    "Span",
    "Store",
    "StoreError",
    "__version__",
    "code_articles",
    "code_paths",
    "code_text",
    "code_texts",
    "load_coder",
    "open_store",
    "run",
]

if TYPE_CHECKING:
    from flashpoint.errors import DataFileError, FlashpointError, InputError, StoreError
    from flashpoint.pipeline import Coder, code_articles, code_text, code_texts, load_coder
    from flashpoint.records import (
        ActorRef,
        Article,
        Event,
        EventDate,
        Fatalities,
        Place,
        Problem,
        Span,
    )
    from flashpoint.runner import RunSummary, code_paths, run
    from flashpoint.store.db import Store, open_store


def __getattr__(name: str) -> Any:
    """Import public names on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'flashpoint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
