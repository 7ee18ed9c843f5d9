"""flashpoint: raw news pages in, coded political-conflict events and escalation alerts out."""

from __future__ import annotations

__version__ = "0.1.0"
