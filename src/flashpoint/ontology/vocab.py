"""Typed lookups over the ontology: PLOVER types and modes, CAMEO codes, quad class, Goldstein.

The ontology is data (`ontology/data/cameo.csv`, `plover.yaml`, `overrides.yaml`); this module only
loads it lazily through `datafiles.load`, indexes it once and answers lookups. It holds no coding
logic: which word is which event belongs to `coding`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from flashpoint import datafiles
from flashpoint.errors import NotFound

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
QuadClass = Literal[1, 2, 3, 4]
PloverBasis = Literal["table", "parent", "root", "inferred", "none"]

CAMEO_SCHEMA = "cameo/1"
PLOVER_SCHEMA = "plover/1"
OVERRIDES_SCHEMA = "type-overrides/1"
INTENT_SCHEMA = "cameo-intent/1"

_CODE = r"^\d{2,4}$"


class _CameoRow(BaseModel):
    """One row of cameo.csv (CSV cells arrive as strings, so numbers are coerced)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=_CODE)
    label: str = Field(min_length=1)
    root: str = Field(pattern=r"^\d{2}$")
    quad_class: QuadClass
    goldstein: float = Field(ge=-10.0, le=10.0)
    plover_type: EventType | None = None
    plover_mode: str | None = None
    plover_context: str | None = None
    plover_basis: PloverBasis

    @field_validator("quad_class", mode="before")
    @classmethod
    def _quad_from_text(cls, value: object) -> object:
        # a CSV cell is text; the Literal only accepts the int
        return int(value) if isinstance(value, str) and value.isdigit() else value


class _Mode(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z_\-]*$")
    origin: Literal["plover-2021", "flashpoint"]
    description: str


class _PloverEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: EventType
    description: str
    default_cameo: str = Field(pattern=_CODE)
    cameo_roots: list[str]
    quad_class: QuadClass
    goldstein: float = Field(ge=-10.0, le=10.0)
    modes: list[_Mode]


class _Override(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cameo: str = Field(pattern=_CODE)
    type: EventType
    reason: str = Field(min_length=1)


class _Intent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    act: str = Field(pattern=_CODE)
    intent: str = Field(pattern=_CODE)
    refusal: str | None = Field(default=None, pattern=_CODE)
    label: str | None = None


@dataclass(frozen=True, slots=True)
class CameoCode:
    """A CAMEO code with its label, root, quad class, Goldstein value and PLOVER mapping.

    `plover_type` is None for CAMEO 01 (public statements), which PLOVER does not code.
    `plover_basis` says where the mapping comes from: a row of CAMEO2PLOVER-2021 (`table`), the
    parent code (`parent`), the root's x0 code (`root`), or our reading of the PLOVER manual
    (`inferred`, CAMEO 02 appeals as REQUEST).
    """

    code: str
    label: str
    root: str
    quad_class: QuadClass
    goldstein: float
    plover_type: EventType | None
    mode: str | None
    context: str | None
    plover_basis: PloverBasis


@dataclass(frozen=True, slots=True)
class PloverType:
    """A PLOVER event type with its allowed modes and default CAMEO code, quad class, Goldstein."""

    name: EventType
    description: str
    modes: tuple[str, ...]
    default_cameo: str
    cameo_roots: tuple[str, ...]
    quad_class: QuadClass
    goldstein: float


@functools.cache
def _cameo() -> dict[str, CameoCode]:
    data = datafiles.load(datafiles.package_data("ontology", "cameo.csv"),
                          schema=CAMEO_SCHEMA, model=_CameoRow)
    return {
        row.code: CameoCode(row.code, row.label, row.root, row.quad_class, row.goldstein,
                            row.plover_type, row.plover_mode, row.plover_context, row.plover_basis)
        for row in data.entries
    }


@functools.cache
def _plover() -> dict[str, PloverType]:
    data = datafiles.load(datafiles.package_data("ontology", "plover.yaml"),
                          schema=PLOVER_SCHEMA, model=_PloverEntry)
    return {
        e.name: PloverType(e.name, e.description, tuple(m.name for m in e.modes),
                           e.default_cameo, tuple(e.cameo_roots), e.quad_class, e.goldstein)
        for e in data.entries
    }


@functools.cache
def _overrides() -> dict[str, frozenset[str]]:
    data = datafiles.load(datafiles.package_data("ontology", "overrides.yaml"),
                          schema=OVERRIDES_SCHEMA, model=_Override)
    found: dict[str, set[str]] = {}
    for entry in data.entries:
        found.setdefault(entry.cameo, set()).add(entry.type)
    return {code: frozenset(types) for code, types in found.items()}


@functools.cache
def _intents() -> dict[str, _Intent]:
    data = datafiles.load(datafiles.package_data("ontology", "intent.yaml"),
                          schema=INTENT_SCHEMA, model=_Intent)
    return {entry.act: entry for entry in data.entries}


def _intent_entry(code: str) -> _Intent | None:
    table = _intents()
    for size in range(len(code), 1, -1):
        found = table.get(code[:size])
        if found is not None:
            return found
    return None


def intent_code(code: str) -> str | None:
    """The CAMEO code for announcing the act `code` ("will release" -> 0353), if CAMEO has one.

    Announced cooperation is 03 (express intent), announced force or coercion is 13
    (threaten); the longest matching prefix in ontology/data/intent.yaml decides.
    """
    entry = _intent_entry(code)
    return entry.intent if entry is not None else None


def refusal_code(code: str) -> str | None:
    """The CAMEO code for announcing that one will not do the cooperative act `code`
    ("will not release" -> 1243, decline to release); None for acts CAMEO has no refusal for."""
    entry = _intent_entry(code)
    return entry.refusal if entry is not None else None


def cameo_info(code: str) -> CameoCode:
    """Everything the ontology knows about one CAMEO code ("19", "190", "0874")."""
    info = _cameo().get(code)
    if info is None:
        raise NotFound(what="CAMEO code", key=code)
    return info


def cameo_codes() -> tuple[str, ...]:
    """Every CAMEO code in the ontology, roots included, in codebook order."""
    return tuple(_cameo())


def quad_class(code: str) -> QuadClass:
    """The quad class of a CAMEO code: 1 verbal and 2 material cooperation, 3 verbal and
    4 material conflict."""
    return cameo_info(code).quad_class


def goldstein(code: str) -> float:
    """The Goldstein (1992) conflict-cooperation weight of a CAMEO code, -10.0 to 10.0."""
    return cameo_info(code).goldstein


def plover_type(name: str) -> PloverType:
    """One PLOVER event type by name ("ASSAULT")."""
    found = _plover().get(name)
    if found is None:
        raise NotFound(what="PLOVER event type", key=name)
    return found


def event_types() -> tuple[str, ...]:
    """The 16 PLOVER event type names, in the order of the PLOVER manual."""
    return tuple(name for name in get_args(EventType) if name in _plover())


def check_mode(type_name: str, mode: str | None) -> bool:
    """Whether `mode` is declared for the event type; no mode is always allowed."""
    if mode is None:
        return True
    found = _plover().get(type_name)
    return found is not None and mode in found.modes


def allowed_types(code: str) -> frozenset[str]:
    """The PLOVER types an event with this CAMEO code may carry: the CAMEO2PLOVER-2021 type plus
    flashpoint's documented overrides (`ontology/data/overrides.yaml`)."""
    info = cameo_info(code)
    base = {info.plover_type} if info.plover_type is not None else set()
    return frozenset(base) | _overrides().get(code, frozenset())


def data_versions() -> dict[str, str]:
    """The version of each ontology data file, for the `runs` table and the coder string."""
    versions: dict[str, str] = {}
    for name, schema, model in (("cameo.csv", CAMEO_SCHEMA, _CameoRow),
                                ("plover.yaml", PLOVER_SCHEMA, _PloverEntry),
                                ("overrides.yaml", OVERRIDES_SCHEMA, _Override),
                                ("intent.yaml", INTENT_SCHEMA, _Intent)):
        path = datafiles.package_data("ontology", name)
        versions[path.stem] = datafiles.load(path, schema=schema, model=model).version
    return versions
