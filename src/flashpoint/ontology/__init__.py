"""The event ontology as data: PLOVER types and modes, CAMEO codes, quad classes, Goldstein values.

Lookups only (`flashpoint.ontology.vocab`); no coding logic lives here.
"""

from __future__ import annotations

from flashpoint.ontology.vocab import (
    CameoCode,
    EventType,
    PloverType,
    QuadClass,
    allowed_types,
    cameo_codes,
    cameo_info,
    check_mode,
    data_versions,
    event_types,
    goldstein,
    intent_code,
    plover_type,
    quad_class,
    refusal_code,
)

__all__ = [
    "CameoCode",
    "EventType",
    "PloverType",
    "QuadClass",
    "allowed_types",
    "cameo_codes",
    "cameo_info",
    "check_mode",
    "data_versions",
    "event_types",
    "goldstein",
    "intent_code",
    "plover_type",
    "quad_class",
    "refusal_code",
]
