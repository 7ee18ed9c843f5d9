"""The DuckDB store: schema, migrations, idempotent writes, reads and exports.

Other parts use `Store` and never see SQL or a connection (STYLE.md 2.7).
"""

from __future__ import annotations

from flashpoint.store.db import ActorRow, IncidentRow, Run, Store, WriteCounts
from flashpoint.store.export import EXPORT_FORMATS, export
from flashpoint.store.queries import DyadCount, DyadPoint, Summary

__all__ = [
    "EXPORT_FORMATS",
    "ActorRow",
    "DyadCount",
    "DyadPoint",
    "IncidentRow",
    "Run",
    "Store",
    "Summary",
    "WriteCounts",
    "export",
]
