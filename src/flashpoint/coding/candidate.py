"""What the coder's stages pass along: one trigger being read, and the sentence it is read in.

A `Candidate` is a trigger with what the stages learned about it (scope, roles, toll); a
`SentenceContext` holds what every filter may consult. Neither does any reading itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from flashpoint.coding.cues import Cues
from flashpoint.coding.lexicon import Trigger
from flashpoint.coding.modality import Scope
from flashpoint.coding.roles import Roles
from flashpoint.records import Fatalities

Triggers = list[tuple[Token, Trigger]]


@dataclass(slots=True)
class Candidate:
    """One trigger and its reading; `scope` and `roles` stay empty until their stage reads
    them, so a filter of an earlier phase must not consult them."""

    token: Token
    entry: Trigger
    scope: Scope = field(default_factory=Scope)
    roles: Roles = field(default_factory=Roles)
    fatalities: Fatalities = field(default_factory=Fatalities)
    aimed_at: Token | None = None  # "an attempt to assassinate X": the attempted act


@dataclass(slots=True)
class SentenceContext:
    """The sentence being coded and what the filters need to know about it."""

    doc: Doc
    sent: SpacySpan
    cues: Cues
    is_actor: Callable[[Token], bool]
    attacked: bool = True  # has the story told an attack before this sentence?
    kinds: dict[int, str] = field(default_factory=dict)  # trigger token -> its event type
    told: set[int] = field(default_factory=set)  # "the attack": nouns that refer back to one
    published: date | None = None  # the article's date, against which background is told
