"""Offline gazetteer and place resolution: from a place as written to a coded `Place`.

Importing this package loads nothing; the gazetteer is built on the first lookup.
"""

from flashpoint.geo.gazetteer import Gazetteer, load_gazetteer
from flashpoint.geo.resolve import find_places, resolve_place

__all__ = ["Gazetteer", "find_places", "load_gazetteer", "resolve_place"]
