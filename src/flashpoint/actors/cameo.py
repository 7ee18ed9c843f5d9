"""CAMEO actor codes: our actor ids to CAMEO's (`PAK.MIL` -> `PAKMIL`) and back.

GDELT-shaped exports, PETRARCH-style evaluation and the field's dictionaries speak CAMEO actor
codes: a country slot (ISO3, a few CAMEO exceptions, or a code for actors above states such as
`IGO`) followed by 3-letter role codes. The tables are data (`actors/data/cameo.yaml`,
documented both ways in docs/formats.md); this module only reads and writes codes.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from flashpoint import datafiles
from flashpoint.records import ActorRef

SCHEMA = "actor-cameo/1"
NULL = "---"
# Religious and ethnic role codes describe; an armed role after them decides ("~MUSUAF").
_ARMED = frozenset({"REB", "MIL"})


class CameoRow(BaseModel):
    """One line of the mapping table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["country", "sector", "role", "slot"]
    ours: str | None
    cameo: str = Field(pattern=r"^[A-Z]{3}([A-Z]{3})?$")


@dataclass(frozen=True, slots=True)
class Tables:
    """The mapping, indexed for both directions."""

    country_out: dict[str, str]
    country_in: dict[str, str]
    sector_out: dict[str, str]
    role_in: dict[str, str | None]
    slot_in: dict[str, str | None]


@functools.lru_cache(maxsize=1)
def tables() -> Tables:
    """The bundled mapping table, loaded once."""
    rows = datafiles.load(datafiles.package_data("actors", "cameo.yaml"), schema=SCHEMA,
                          model=CameoRow).entries
    country_out = {r.ours: r.cameo for r in rows if r.kind == "country" and r.ours}
    sector_out: dict[str, str] = {}
    for r in rows:
        if r.kind == "sector" and r.ours:
            sector_out.setdefault(r.ours, r.cameo)
    return Tables(
        country_out=country_out,
        country_in={v: k for k, v in country_out.items()},
        sector_out=sector_out,
        role_in={r.cameo: r.ours for r in rows if r.kind == "role"},
        slot_in={r.cameo: r.ours for r in rows if r.kind == "slot"},
    )


def parse_code(code: str) -> tuple[str | None, str | None]:
    """A CAMEO actor code as (country slot, our sector).

    `PAKMIL` -> (PAK, MIL); `USAGUM` -> (GUM, None); `IGOUNO` -> (IGO, IGO); `---GOV` ->
    (None, GOV); `ELI` -> (None, None); a code of an unknown (or invented) country keeps its
    slot: `ARNGOV` -> (ARN, GOV).
    """
    t = tables()
    code = code.upper()
    if code[:6] in t.country_in:
        slot: str | None = t.country_in[code[:6]]
        rest = code[6:]
    elif code[:3] == NULL or (code[:3] in t.role_in and code[:3] not in t.slot_in):
        slot, rest = None, code[3:] if code[:3] == NULL else code
    else:
        slot, rest = t.country_in.get(code[:3], code[:3]), code[3:]
    if slot in t.slot_in:
        return slot, t.slot_in[slot]
    mapped = [t.role_in[rest[i:i + 3]] for i in range(0, len(rest), 3)
              if rest[i:i + 3] in t.role_in]
    sectors = [s for s in mapped if s]
    if not sectors:
        return slot, None
    if sectors[0] == "REL":
        armed = [s for s in sectors if s in _ARMED]
        if armed:
            return slot, armed[0]
    return slot, sectors[0]


def country_code(iso3: str) -> str:
    """Our ISO3 as CAMEO writes it (`XKX` -> `KSV`)."""
    return tables().country_out.get(iso3, iso3)


def sector_code(sector: str | None) -> str:
    """Our sector as a CAMEO role code (`POL` -> `COP`), "" for none."""
    return tables().sector_out.get(sector or "", "")


def derive(actor: str | None, country: str | None, sector: str | None) -> str | None:
    """The CAMEO code of an actor from its country and sector alone.

    A country with a sector is both (`PAKMIL`); an actor above states keeps its slot (`IGO`,
    `IMG`); a sector with no country gets CAMEO's null country (`---COP`); nothing known, None.
    """
    role = sector_code(sector)
    if country is None:
        return NULL + role if role else None
    if country in tables().slot_in:
        own = tables().slot_in[country]
        return country if sector in (None, own) else country + role
    del actor  # the id adds nothing a country and sector do not say
    return country_code(country) + role


def consistent(code: str, country: str | None) -> bool:
    """Whether a code's country slot agrees with the actor's country."""
    slot, _ = parse_code(code)
    return slot == country or (country is None and slot is None)


def with_cameo(ref: ActorRef | None) -> ActorRef | None:
    """The actor with its CAMEO code: the one the registry gave when it still fits the
    country (a later step may have completed it), else derived from country and sector."""
    if ref is None:
        return None
    if ref.cameo and consistent(ref.cameo, ref.country):
        return ref
    code = derive(ref.actor, ref.country, ref.sector)
    return ref if code == ref.cameo else dataclasses.replace(ref, cameo=code)
