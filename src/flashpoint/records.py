"""The stable records that pass between the parts: articles in, events out.

Every command, the store, the API and the exports use these shapes (DESIGN.md, "The event
record"). They are frozen so a record cannot change after it is made; `to_dict` gives the JSON
form, with every field present and null where unknown.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
Modality = Literal["asserted", "negated", "alleged", "hypothetical", "future"]
Precision = Literal["point", "city", "district", "admin1", "region", "country"]
DatePrecision = Literal["day", "week", "month", "year"]
DateBasis = Literal["explicit", "relative", "publication"]

EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]
MODALITIES: tuple[str, ...] = Modality.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned document ready to be coded; `text` is what offsets point into."""

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    language: str | None = None
    source: str | None = None  # where it came from: path, URL, feed, WARC record id
    content_hash: str | None = None
    duplicate_of: str | None = None
    fetched_at: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the cleaned article text, with character offsets into it."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as written (`text`) and as resolved (`actor` id, country, sector, name).

    `cameo` is its CAMEO actor code (`PAKMIL`, `IGOUNO`); `chain` the mentions a pronoun or a
    definite description ("the group") was resolved through, nearest first. Both are optional,
    so records written before they existed still load.
    """

    text: str | None
    actor: str | None = None
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    cameo: str | None = None
    chain: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A place as written and as resolved against the gazetteer."""

    text: str | None
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: Precision | None = None


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, how precisely, and how we know (`basis`)."""

    value: str | None
    precision: DatePrecision | None = None
    basis: DateBasis | None = None


@dataclass(frozen=True, slots=True)
class Fatalities:
    """Exact counts where the text gives them; `*_min` lower bounds ("several" => 2)."""

    killed: int | None = None
    killed_min: int | None = None
    injured: int | None = None
    injured_min: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: the DESIGN.md event record."""

    event_id: str
    doc_id: str
    sentence: int
    evidence: Span
    type: str
    mode: str | None
    cameo: str | None
    quad_class: int | None
    goldstein: float | None
    modality: str
    source: ActorRef | None
    target: ActorRef | None
    reported_by: ActorRef | None
    location: Place | None
    date: EventDate | None
    fatalities: Fatalities = field(default_factory=Fatalities)
    confidence: float = 0.5
    coder: str = "rules"
    trigger: Span | None = None
    # Every sentence of the document that reports this happening, in text order (#19): the
    # headline, the lead and "the attack ..." later on merge into one event.
    mentions: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, every field present."""
        data = dataclasses.asdict(self)
        data["mentions"] = list(data["mentions"])  # as JSON and the store give it back
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Rebuild an event from its JSON form (store rows, JSONL files)."""
        def opt(kind: type[Any], value: Any) -> Any:
            if not isinstance(value, dict):
                return None
            if isinstance(value.get("chain"), list):
                value = {**value, "chain": tuple(value["chain"])}
            return kind(**value)

        return cls(
            event_id=data["event_id"], doc_id=data["doc_id"], sentence=data["sentence"],
            evidence=Span(**data["evidence"]), type=data["type"], mode=data.get("mode"),
            cameo=data.get("cameo"), quad_class=data.get("quad_class"),
            goldstein=data.get("goldstein"), modality=data["modality"],
            source=opt(ActorRef, data.get("source")), target=opt(ActorRef, data.get("target")),
            reported_by=opt(ActorRef, data.get("reported_by")),
            location=opt(Place, data.get("location")), date=opt(EventDate, data.get("date")),
            fatalities=opt(Fatalities, data.get("fatalities")) or Fatalities(),
            confidence=data.get("confidence", 0.5), coder=data.get("coder", "rules"),
            trigger=opt(Span, data.get("trigger")),
            mentions=tuple(Span(**m) for m in data.get("mentions") or () if isinstance(m, dict)),
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that could not be read or coded: which one, the error code, and why."""

    doc_id: str
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.doc_id}: [{self.code}] {self.reason}"


@dataclass(frozen=True, slots=True)
class EventMention:
    """An event as the coder found it in one sentence, before actors and places are resolved.

    Arguments are spans of the article text; `source_hint`/`target_hint` carry what the coder
    knows without the registry (a pronoun's antecedent text, "UNKNOWN" for unnamed attackers).
    """

    doc_id: str
    sentence: int
    evidence: Span
    trigger: Span
    type: str
    mode: str | None
    cameo: str
    modality: str
    source: Span | None
    target: Span | None
    reported_by: Span | None
    location: Span | None
    date: EventDate | None
    fatalities: Fatalities
    confidence: float
    source_text: str | None = None  # what to resolve when it differs from the span ("its troops")
    target_text: str | None = None
    implied_source: str | None = None  # the sector that does it when nobody is named (POL)
    source_office: str | None = None  # "Serbian President" of an unknown person: the fallback
    target_office: str | None = None
    source_chain: tuple[str, ...] | None = None  # "the group" -> the named actor it refers to
    target_chain: tuple[str, ...] | None = None
