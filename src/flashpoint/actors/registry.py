"""The actor registry: countries, sector nouns, named organisations and office holders, as data.

Owns the pydantic models of `actors/data/*`, loading them (and analysts' own files) through
`datafiles.load`, the checks across files (unique ids, one alias never pointing at two actors
over overlapping dates) and the alias index the resolver walks. It does not parse text beyond
splitting a name into tokens; `resolve.py` turns a mention into an actor.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypedDict

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from flashpoint import datafiles
from flashpoint.actors import cameo as cameo_codes
from flashpoint.actors.dictionary import Dated, DictEntry, Layer, read_tsv
from flashpoint.errors import DataFileError

Sector = Literal["GOV", "MIL", "POL", "JUD", "LEG", "OPP", "REB", "CVL", "MED", "BUS", "EDU",
                 "REL", "HLH", "NGO", "IGO", "REF"]
Kind = Literal["country", "demonym", "seat", "org", "person", "sector", "coded"]

SCHEMAS: dict[str, str] = {
    "countries": "actor-countries/1",
    "sectors": "actor-sectors/1",
    "orgs": "actor-orgs/1",
    "office_holders": "actor-office-holders/1",
    "dictionary": "actor-dictionary/1",
}
BUILTIN_FILES: dict[str, str] = {
    "countries": "countries.csv",
    "sectors": "sectors.yaml",
    "orgs": "orgs.yaml",
    "office_holders": "office_holders.csv",
}
_ISO3 = r"^[A-Z]{3}$"
_ACTOR = r"^([A-Z]{3}\.[A-Z]{3}|[A-Z0-9][A-Z0-9_]*)$"
# "U.S." and "U.N." lose their dots; "'s" stays a token of its own so possessives can be seen.
_TOKEN = re.compile(r"'s\b|[^\W_]+")
_DOTS = re.compile(r"(?<=\w)\.(?=\w|\b)")


def tokens(text: str) -> tuple[str, ...]:
    """Split a name into lookup tokens with their case kept (acronyms are matched by case)."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(_TOKEN.findall(_DOTS.sub("", text)))


def _is_acronym(alias: str) -> bool:
    """Short all-capital aliases ("US", "AA", "IS") match only in capitals, never "us" or "is"."""
    letters = [ch for ch in alias if ch.isalpha()]
    return bool(letters) and alias.upper() == alias and len(letters) <= 5


def _split_list(value: object) -> object:
    """CSV list cells are `a|b|c`; an empty cell is an empty list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split("|") if part.strip()]
    return value


class CountryRow(BaseModel):
    """One row of `countries.csv`: names, demonyms and seats of government of one country."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    iso3: str = Field(pattern=_ISO3)
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    seats: list[str] = Field(default_factory=list)

    _lists = field_validator("aliases", "demonyms", "seats", mode="before")(_split_list)


class SectorGroup(BaseModel):
    """A group of nouns naming one sector in `sectors.yaml`.

    `rank` settles phrases with two sector nouns: the higher rank wins and, on a tie, the later
    noun (the head) does, so "army officials" is MIL and "government troops" MIL too.
    `unnamed` marks armed actors named only by what they do ("gunmen"): they become UNKNOWN.
    A null `sector` marks heads ("leaders", "spokesman") that take their actor from a modifier.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    sector: Sector | None
    label: str | None = None
    rank: int = Field(default=1, ge=0, le=2)
    unnamed: bool = False
    terms: list[str] = Field(min_length=1)


class Role(Dated):
    """What an organisation is over a period: the Taliban are AFG.GOV from 2021-08-15."""

    sector: Sector
    country: str | None = Field(default=None, pattern=_ISO3)
    actor: str | None = Field(default=None, pattern=_ACTOR)
    name: str | None = None


class OrgEntry(Dated):
    """A named organisation in `orgs.yaml`; `roles` override country/sector for their dates.

    `local_aliases` apply only where the mention's country context matches ("Islamic State" in
    Afghanistan is ISKP); `from`/`until` bound the organisation's existence.
    """

    id: str = Field(pattern=r"^[A-Z0-9][A-Z0-9_]*$")
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    local_aliases: dict[str, list[str]] = Field(default_factory=dict)
    country: str | None = Field(default=None, pattern=_ISO3)
    sector: Sector
    roles: list[Role] = Field(default_factory=list)

    @field_validator("local_aliases")
    @classmethod
    def _local_keys(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        bad = [k for k in value if not re.match(_ISO3, k)]
        if bad:
            raise ValueError(f"local_aliases keys must be ISO3 codes, not {bad}")
        return value


class OfficeRow(Dated):
    """One term of one office holder in `office_holders.csv`."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    country: str = Field(pattern=_ISO3)
    sector: Sector
    office: str = Field(min_length=1)

    _lists = field_validator("aliases", mode="before")(_split_list)


ActorRow = TypedDict(
    "ActorRow",
    {"id": str, "name": str | None, "country": str | None, "sector": str | None,
     "from": date | None, "until": date | None, "aliases": list[str]},
)


@dataclass(frozen=True, slots=True)
class Target:
    """What one alias points at, with its dates; the resolver's unit of lookup."""

    kind: Kind
    ref: str  # org id, ISO3, person name or sector code
    country: str | None
    sector: str | None
    name: str | None
    valid_from: date | None = None
    until: date | None = None
    case: tuple[str, ...] | None = None  # exact tokens an acronym must show
    local: str | None = None  # ISO3 context a local alias needs
    rank: int = 1
    unnamed: bool = False
    roles: tuple[Role, ...] = ()
    origin: str = ""
    cameo: str | None = None  # the CAMEO code a dictionary gives (agents: `~COP`, `NGO~`)
    order: tuple[int, int] | None = None  # a dictionary's (entry, role); defaults come last

    def active(self, on: date) -> bool:
        """Whether this target exists on `on`."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.until is None or on <= self.until)


@dataclass(frozen=True, slots=True)
class Tier:
    """Entries loaded from one set of files (the built-in data, or the user's files)."""

    countries: tuple[CountryRow, ...] = ()
    sectors: tuple[SectorGroup, ...] = ()
    orgs: tuple[OrgEntry, ...] = ()
    people: tuple[OfficeRow, ...] = ()
    origins: dict[int, str] = field(default_factory=dict)  # id(entry) -> file path
    versions: dict[str, str] = field(default_factory=dict)
    coded: tuple[DictEntry, ...] = ()


@dataclass(frozen=True, eq=False)
class Registry:
    """The merged registry and its alias index; hashed by identity so lookups can be cached."""

    countries: dict[str, CountryRow]
    orgs: dict[str, OrgEntry]
    people: tuple[OfficeRow, ...]
    sectors: tuple[SectorGroup, ...]
    index: dict[tuple[str, ...], tuple[Target, ...]]
    max_len: int
    versions: dict[str, str]
    overrides: tuple[str, ...] = ()
    coded: tuple[DictEntry, ...] = ()
    layer: Layer | None = None  # the bundled Phoenix dictionaries, below everything else
    # a memo of layer lookups: not part of what the registry says, so not compared
    _layer_hits: dict[tuple[str, ...], tuple[Target, ...]] = field(default_factory=dict,
                                                                   compare=False)

    def lookup(self, key: tuple[str, ...]) -> tuple[Target, ...]:
        """Every target of an alias key (casefolded tokens); the layer only where the
        registry's own files say nothing about the alias."""
        found = self.index.get(key)
        return found if found is not None else self.lookup_layer(key)

    def lookup_own(self, key: tuple[str, ...]) -> tuple[Target, ...]:
        """Targets from the registry's own files (built-in and the user's)."""
        return self.index.get(key, ())

    def lookup_layer(self, key: tuple[str, ...]) -> tuple[Target, ...]:
        """Targets from the bundled dictionary layer, for aliases our own files lack."""
        if self.layer is None or key in self.index:
            return ()
        hit = self._layer_hits.get(key)
        if hit is None:
            origin = str(self.layer.path)
            hit = tuple(t for i, entry in self.layer.lookup(key)
                        for name in entry.names if _key(name) == key
                        for t in _case(name, entry_targets(entry, i, origin)))
            self._layer_hits[key] = hit
        return hit


def schema_of(path: Path) -> str:
    """The `schema:` header of a YAML or CSV data file, or "" if it has none."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".csv", ".tsv"):
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line[1:].partition(":")
            if key.strip() == "schema":
                return value.strip()
        return ""
    doc = yaml.load(text, Loader=datafiles.SAFE_LOADER)
    return str(doc.get("schema", "")) if isinstance(doc, dict) else ""


def read_tier(paths: Iterable[Path]) -> Tier:
    """Load and validate files of any actor schema, telling them apart by their header."""
    countries: list[CountryRow] = []
    sectors: list[SectorGroup] = []
    orgs: list[OrgEntry] = []
    people: list[OfficeRow] = []
    coded: list[DictEntry] = []
    origins: dict[int, str] = {}
    versions: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise DataFileError(path=path, reason="file not found")
        found = schema_of(path)
        kind = next((k for k, s in SCHEMAS.items() if s.split("/")[0] == found.split("/")[0]), "")
        if not kind:
            raise DataFileError(path=path, reason=(
                f"schema {found!r} is not an actor schema; use one of {sorted(SCHEMAS.values())}"))
        schema = SCHEMAS[kind]
        loaded: datafiles.DataFile[Any]
        if kind == "dictionary" and path.suffix == ".tsv":
            entries_read = read_tsv(path)
            coded.extend(entries_read)
            versions[str(path)] = "1"
            origins.update({id(entry): str(path) for entry in entries_read})
            continue
        if kind == "dictionary":
            loaded = datafiles.load(path, schema=schema, model=DictEntry)
            coded.extend(loaded.entries)
        elif kind == "countries":
            loaded = datafiles.load(path, schema=schema, model=CountryRow)
            countries.extend(loaded.entries)
        elif kind == "sectors":
            loaded = datafiles.load(path, schema=schema, model=SectorGroup)
            sectors.extend(loaded.entries)
        elif kind == "orgs":
            loaded = datafiles.load(path, schema=schema, model=OrgEntry)
            orgs.extend(loaded.entries)
        else:
            loaded = datafiles.load(path, schema=schema, model=OfficeRow)
            people.extend(loaded.entries)
        versions[str(path)] = loaded.version
        entries = loaded.entries
        origins.update({id(entry): str(path) for entry in entries})
    return Tier(tuple(countries), tuple(sectors), tuple(orgs), tuple(people), origins, versions,
                tuple(coded))


_DEFAULT = 1_000_000  # a default code's place after every dated role


def entry_targets(entry: DictEntry, index: int, origin: str) -> list[Target]:
    """What one dictionary entry's names point at: one target per dated role, then the default.

    An agent (`POLICE [~COP]`) is a sector noun; a bare 3-letter code is a country (real or
    invented: `ARN`); a longer code is a coded actor (`PAKMIL`, `IGOUNO`); `---` is nobody.
    """
    name = entry.names[0]
    if entry.is_agent:
        code = entry.code or ""
        slot, sector = cameo_codes.parse_code(cameo_codes.NULL + code.strip("~"))
        del slot
        return [Target("sector", sector or "", None, sector, name, origin=origin, cameo=code)]
    out: list[Target] = []
    dated = [(r.code, r.valid_from, r.until, k) for k, r in enumerate(entry.roles)]
    default = [(entry.code, None, None, _DEFAULT)] if entry.code else []
    for code, start, until, k in [*dated, *default]:
        if code is None:
            continue
        order = (index, k)
        if code == cameo_codes.NULL:
            out.append(Target("coded", code, None, None, name, start, until, origin=origin,
                              order=order))
            continue
        slot, sector = cameo_codes.parse_code(code)
        if len(code) == 3 and slot == code and sector is None:
            out.append(Target("country", code, code, None, name, start, until, origin=origin,
                              cameo=code, order=order))
        else:
            out.append(Target("coded", code, slot, sector, name, start, until, origin=origin,
                              cameo=code, order=order))
    return out


def _key(alias: str) -> tuple[str, ...]:
    return tuple(t.casefold() for t in tokens(alias))


def _case(alias: str, targets: list[Target]) -> list[Target]:
    """Short capitalised names ("UN", "PLO") match only in capitals."""
    if not _is_acronym(alias):
        return targets
    toks = tokens(alias)
    return [_with_case(t, toks) for t in targets]


def _plural(demonym: str) -> str | None:
    """"Afghans", "Pakistanis": plural demonyms name the country's people as well."""
    if demonym.endswith(("ese", "ss", "sh", "ch", "s")) or " " in demonym:
        return None
    return demonym + "s" if demonym[-1] in "aeinoy" else None


def _alias_targets(tier: Tier) -> Iterator[tuple[str, Target]]:
    """Every (alias, target) pair a tier defines."""
    for c in tier.countries:
        origin = tier.origins.get(id(c), "")
        for alias in [c.name, *c.aliases]:
            yield alias, Target("country", c.iso3, c.iso3, None, c.name, origin=origin)
        for alias in c.demonyms:
            yield alias, Target("demonym", c.iso3, c.iso3, None, c.name, origin=origin)
            plural = _plural(alias)
            if plural:
                yield plural, Target("demonym", c.iso3, c.iso3, None, c.name, origin=origin)
        for alias in c.seats:
            yield alias, Target("seat", c.iso3, c.iso3, "GOV", c.name, origin=origin)
    for g in tier.sectors:
        for term in g.terms:
            yield term, Target("sector", g.sector or "", None, g.sector, g.label, rank=g.rank,
                               unnamed=g.unnamed, origin=tier.origins.get(id(g), ""))
    for o in tier.orgs:
        origin = tier.origins.get(id(o), "")
        base = Target("org", o.id, o.country, o.sector, o.name, o.valid_from, o.until,
                      roles=tuple(o.roles), origin=origin)
        # An id like "TTP" is also how texts name it; "AL_JAZEERA" is not.
        own = [o.id] if "_" not in o.id else []
        for alias in dict.fromkeys([*own, o.name, *o.aliases]):
            yield alias, base
        for iso3, aliases in o.local_aliases.items():
            for alias in aliases:
                yield alias, Target("org", o.id, o.country, o.sector, o.name, o.valid_from,
                                    o.until, local=iso3, roles=tuple(o.roles), origin=origin)
    for p in tier.people:
        origin = tier.origins.get(id(p), "")
        for alias in dict.fromkeys([p.name, *p.aliases]):
            yield alias, Target("person", p.name, p.country, p.sector, p.name, p.valid_from,
                                p.until, origin=origin)
    for i, entry in enumerate(tier.coded):
        targets = entry_targets(entry, i, tier.origins.get(id(entry), ""))
        for alias in entry.names:
            for target in targets:
                yield alias, target


def _keyed(pairs: Iterable[tuple[str, Target]]) -> dict[tuple[str, ...], list[Target]]:
    index: dict[tuple[str, ...], list[Target]] = defaultdict(list)
    for alias, target in pairs:
        toks = tokens(alias)
        if not toks:
            continue
        if _is_acronym(alias):
            target = _with_case(target, toks)
        index[tuple(t.casefold() for t in toks)].append(target)
    return index


def _with_case(target: Target, toks: tuple[str, ...]) -> Target:
    return Target(target.kind, target.ref, target.country, target.sector, target.name,
                  target.valid_from, target.until, toks, target.local, target.rank,
                  target.unnamed, target.roles, target.origin, target.cameo, target.order)


def _identity(target: Target) -> tuple[str, str, str | None]:
    """Two targets are the same actor when kind and ref agree (a person's several terms)."""
    kind = "country" if target.kind in ("country", "demonym") else target.kind
    return kind, target.ref, target.sector if target.kind in ("seat", "person") else None


def _overlap(a: Target, b: Target) -> bool:
    lo_a, lo_b = a.valid_from or date.min, b.valid_from or date.min
    hi_a, hi_b = a.until or date.max, b.until or date.max
    return lo_a <= hi_b and lo_b <= hi_a


def alias_conflicts(index: dict[tuple[str, ...], list[Target]]) -> list[str]:
    """Aliases that point at two different actors over overlapping dates (same context)."""
    problems: list[str] = []
    for key, targets in index.items():
        seen: set[str] = set()
        for i, a in enumerate(targets):
            for b in targets[i + 1:]:
                if (a.local != b.local or a.case != b.case or _identity(a) == _identity(b)
                        or not _overlap(a, b) or (a.order is not None and b.order is not None)):
                    continue
                line = (f"alias {' '.join(key)!r} means both {a.kind} {a.ref} ({a.origin}) and "
                        f"{b.kind} {b.ref} ({b.origin}) over overlapping dates")
                if line not in seen:
                    seen.add(line)
                    problems.append(line)
    return problems


def tier_problems(tier: Tier, known_countries: Iterable[str] = ()) -> list[str]:
    """Checks across one tier's files: unique ids, known countries, alias conflicts."""
    problems: list[str] = []
    for what, ids in (("org id", [o.id for o in tier.orgs]),
                      ("country", [c.iso3 for c in tier.countries])):
        counts: dict[str, int] = defaultdict(int)
        for key in ids:
            counts[key] += 1
        problems += [f"{what} {key} is defined {n} times" for key, n in counts.items() if n > 1]
    countries = {c.iso3 for c in tier.countries} | set(known_countries)
    for o in tier.orgs:
        used = {o.country, *(r.country for r in o.roles), *o.local_aliases}
        problems += [f"org {o.id} ({tier.origins.get(id(o), '')}): unknown country {c}"
                     for c in sorted(u for u in used if u and u not in countries)]
        roles = sorted(o.roles, key=lambda r: r.valid_from or date.min)
        for a, b in itertools.pairwise(roles):
            if a.until is None or (b.valid_from is not None and b.valid_from <= a.until):
                problems.append(f"org {o.id}: roles from {a.valid_from} and {b.valid_from} overlap")
    problems += [f"office holder {p.name} ({tier.origins.get(id(p), '')}): unknown country "
                 f"{p.country}" for p in tier.people if p.country not in countries]
    return problems + alias_conflicts(_keyed(_alias_targets(tier)))


def merge(builtin: Tier, user: Tier, layer: Layer | None = None) -> Registry:
    """Join the built-in tier with the user's; user entries win, and each win is recorded.

    A user org replaces the built-in org with its id, a user office holder every built-in term
    of that person, a user country the built-in row; any alias the user defines hides the
    built-in meanings of that alias.
    """
    overrides: list[str] = []
    user_orgs = {o.id for o in user.orgs}
    user_people = {p.name for p in user.people}
    user_iso = {c.iso3 for c in user.countries}
    overrides += [f"user org {i} replaces the built-in entry" for i in sorted(user_orgs)
                  if any(o.id == i for o in builtin.orgs)]
    overrides += [f"user office holder {n} replaces the built-in terms" for n in sorted(user_people)
                  if any(p.name == n for p in builtin.people)]
    kept = Tier(
        tuple(c for c in builtin.countries if c.iso3 not in user_iso), builtin.sectors,
        tuple(o for o in builtin.orgs if o.id not in user_orgs),
        tuple(p for p in builtin.people if p.name not in user_people), builtin.origins,
        coded=builtin.coded)
    index = _keyed(_alias_targets(kept))
    for key, targets in _keyed(_alias_targets(user)).items():
        if key in index:
            overrides.append(f"user alias {' '.join(key)!r} hides its built-in meanings")
        index[key] = targets
    countries = {c.iso3: c for c in (*kept.countries, *user.countries)}
    orgs = {o.id: o for o in (*kept.orgs, *user.orgs)}
    return Registry(
        countries=countries, orgs=orgs, people=(*kept.people, *user.people),
        sectors=(*kept.sectors, *user.sectors),
        index={k: tuple(v) for k, v in index.items()},
        max_len=max(max((len(k) for k in index), default=1),
                    layer.max_len() if layer is not None else 1),
        versions={**builtin.versions, **user.versions}, overrides=tuple(overrides),
        coded=(*kept.coded, *user.coded), layer=layer)


def builtin_paths() -> list[Path]:
    """The bundled registry files, in load order."""
    return [datafiles.package_data("actors", name) for name in BUILTIN_FILES.values()]


def registry_rows(registry: Registry) -> list[ActorRow]:
    """A snapshot of the registry for the store's `actors` table: one row per actor period."""
    rows: list[ActorRow] = []
    for c in sorted(registry.countries.values(), key=lambda c: c.iso3):
        rows.append({"id": c.iso3, "name": c.name, "country": c.iso3, "sector": None,
                     "from": None, "until": None,
                     "aliases": [*c.aliases, *c.demonyms, *c.seats]})
    for o in sorted(registry.orgs.values(), key=lambda o: o.id):
        aliases = [*o.aliases, *(a for v in o.local_aliases.values() for a in v)]
        rows.append({"id": o.id, "name": o.name, "country": o.country, "sector": o.sector,
                     "from": o.valid_from, "until": o.until, "aliases": aliases})
        for r in o.roles:
            rows.append({"id": r.actor or o.id, "name": r.name or o.name,
                         "country": r.country or o.country, "sector": r.sector,
                         "from": r.valid_from, "until": r.until, "aliases": [o.name, *aliases]})
    for p in registry.people:
        rows.append({"id": f"{p.country}.{p.sector}", "name": p.name, "country": p.country,
                     "sector": p.sector, "from": p.valid_from, "until": p.until,
                     "aliases": list(p.aliases)})
    for i, entry in enumerate(registry.coded):
        for t in entry_targets(entry, i, ""):
            if t.kind != "sector" and t.ref != cameo_codes.NULL:
                rows.append({"id": t.ref, "name": t.name, "country": t.country,
                             "sector": t.sector, "from": t.valid_from, "until": t.until,
                             "aliases": list(entry.names[1:])})
    return rows


def check_tiers(builtin: Tier, user: Tier, user_paths: Sequence[Path]) -> None:
    """Raise a DataFileError naming the file when either tier fails the cross-file checks."""
    for tier, where, known in ((builtin, "built-in actor registry", ()),
                               (user, ", ".join(map(str, user_paths)),
                                [c.iso3 for c in builtin.countries])):
        problems = tier_problems(tier, known)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise DataFileError(path=where, reason=problems[0] + more)
