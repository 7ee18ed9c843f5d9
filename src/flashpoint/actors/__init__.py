"""Actors: the time-aware registry (data files) and the resolver from a mention and a date."""

from flashpoint.actors.registry import ActorRow, Registry, registry_rows
from flashpoint.actors.resolve import (
    check_registry_file,
    explain_actor,
    load_registry,
    resolve_actor,
)

__all__ = [
    "ActorRow",
    "Registry",
    "check_registry_file",
    "explain_actor",
    "load_registry",
    "registry_rows",
    "resolve_actor",
]
