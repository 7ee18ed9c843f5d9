"""Training examples for the learned layer: gold records (docs/gold-format.md) to labelled texts.

Owns the mapping from a gold file's labels to the model's: a PLOVER type (PLOVER 2021, or
PLOVER 0.5 renamed as the reference scorer does), or a CAMEO code through the ontology's
CAMEO-to-PLOVER table. Reading gold files is `learn/train.py`'s job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flashpoint.errors import NotFound
from flashpoint.ontology import vocab

# PLOVER 0.5 names that PLOVER 2021 merged, as ../shared/tools/score.py maps them
PLOVER_05_TO_2021 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT",
                     "INVESTIGATE": "ACCUSE"}
QUAD_LABELS = ("QUAD1", "QUAD2", "QUAD3", "QUAD4")


@dataclass(frozen=True, slots=True)
class Example:
    """One training text with its PLOVER types (empty: no event) and quad classes."""

    id: str
    text: str
    types: frozenset[str]

    @property
    def quads(self) -> frozenset[str]:
        """The quad-class labels of the example's types."""
        return frozenset(f"QUAD{vocab.plover_type(t).quad_class}" for t in self.types)


def event_type(code: str | None, scheme: str) -> str | None:
    """The PLOVER type of one gold event label, or None when its scheme names none."""
    code = (code or "").strip()
    scheme = scheme.upper()
    if scheme.startswith("PLOVER"):
        code = PLOVER_05_TO_2021.get(code, code)
        return code if code in vocab.event_types() else None
    if scheme == "CAMEO" and code.isdigit():
        try:
            return vocab.cameo_info(code).plover_type
        except NotFound:
            return None  # a code outside the codebook
    return None


def typed_scheme(scheme: str) -> bool:
    """Whether labels of this scheme map to PLOVER types (so an unmapped one is no event)."""
    return scheme.upper() == "CAMEO" or scheme.upper().startswith("PLOVER")


def label_names() -> tuple[str, ...]:
    """The model's labels: the 16 PLOVER types, then the four quad classes."""
    return (*vocab.event_types(), *QUAD_LABELS)


def cats(example: Example, labels: Sequence[str]) -> dict[str, float]:
    """The example's labels as spaCy `cats` (1.0 present, 0.0 absent)."""
    present = example.types | example.quads
    return {label: 1.0 if label in present else 0.0 for label in labels}
