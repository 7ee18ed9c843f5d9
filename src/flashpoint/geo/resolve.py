"""Place resolution: from a place as written (and the article's country) to a `Place`.

Owns the matching rules: exact keys first, capitalisation as in the source, country context,
and a guarded fuzzy fallback. It does not parse; the coder hands it phrase or sentence text.

Disambiguation rule, in order:
1. Only places whose spelling matches the text's capitalisation count ("police" is not Police,
   Poland); `the` and a trailing possessive are stripped first.
2. An admin area named like a town of the same country yields to the town ("Kabul" the city,
   not the province; "Peshawar", not Peshawar District).
3. With a context country, places in it win, unless a place elsewhere is over 100 times more
   populous (a Pakistani hamlet called "Delhi" does not beat Delhi).
4. Otherwise curated additions beat countries, which beat towns and admin areas; among those
   the most populous wins only if it has at least twice the population of the runner-up.
   "Hyderabad" alone is Hyderabad, India (7.0M against 1.9M); two villages of similar size
   give None rather than a coin toss.
5. Fuzzy matching (Jaro-Winkler >= 0.95 on the folded name) runs only when exact matching
   found nothing and a context country is given, and only over that country's places.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from flashpoint import datafiles
from flashpoint.geo.gazetteer import Entry, Gazetteer, IgnoreRow, load_gazetteer, name_key
from flashpoint.records import Place

_TOKEN = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_DETERMINER = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_EDGES = " \t\n\"'“”‘’()[]{},.;:!?"
_SENTENCE_END = ".!?\"“”"

MAX_NAME_TOKENS = 6  # the longest names we scan for ("Saint Vincent and the Grenadines")
DOMINANCE = 2.0  # rule 4: the winner's population over the runner-up's
CONTEXT_OVERRIDE = 100.0  # rule 3: how much bigger a place abroad must be to beat context
FUZZY_MIN = 0.95  # below this Jaro-Winkler score, lookalike names are different places
FUZZY_MIN_LENGTH = 5  # short names are too close to each other to fuzz at all
# a lone word scanned from running text must be a town of this size, unless the context
# country agrees: small GeoNames villages are named after every common word
SCAN_MIN_POPULATION = 15_000


@dataclass(frozen=True, slots=True)
class _Match:
    entry: Entry
    context_agrees: bool


def resolve_place(text: str, *, context_country: str | None = None) -> Place | None:
    """The place a phrase names, or None if nothing credible matches.

    `context_country` (ISO 3166-1 alpha-3) is the article's country; it picks between
    namesakes. "Hyderabad, Sindh" style qualifiers work as a context too.
    """
    context = context_country.upper() if context_country else None
    return _resolve_cached(text, context)


def find_places(text: str, *, context_country: str | None = None) -> list[tuple[int, int, Place]]:
    """Every credible place mention in a sentence or phrase, as (start, end, place).

    Matching is leftmost-longest ("Dera Ismail Khan" is one place, not "Khan"), so spans never
    overlap; they come back in text order. Lone words are held to a stricter standard than
    `resolve_place`: not sentence-initial, and a sizeable town or in the context country.
    """
    context = context_country.upper() if context_country else None
    gaz = load_gazetteer()
    tokens = list(_TOKEN.finditer(text))
    found: list[tuple[int, int, Place]] = []
    i = 0
    while i < len(tokens):
        hit = _scan_at(gaz, text, tokens, i, context)
        if hit is None:
            i += 1
            continue
        j, place = hit
        found.append((tokens[i].start(), tokens[j].end(), place))
        i = j + 1
    return found


def _scan_at(gaz: Gazetteer, text: str, tokens: list[re.Match[str]], i: int,
             context: str | None) -> tuple[int, Place] | None:
    first = tokens[i].group()
    if not first[0].isupper() or first.lower() == "the":
        return None
    for j in range(min(i + MAX_NAME_TOKENS, len(tokens)) - 1, i - 1, -1):
        span = text[tokens[i].start():tokens[j].end()]
        if name_key(span) not in gaz:
            continue
        match = _match(span, context)
        if match is None:
            continue
        if j == i and not _credible_word(match, _sentence_initial(text, tokens[i].start())):
            continue
        return j, _to_place(span, match, context)
    return None


def _credible_word(match: _Match, initial: bool) -> bool:
    """Rule for a lone scanned word: towns need size or context; none may open a sentence."""
    if match.entry.kind in ("addition", "country"):
        return True
    if initial and not match.context_agrees:
        return False  # "Police said ...", "Split decisions ..."
    return match.context_agrees or match.entry.population >= SCAN_MIN_POPULATION


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_END


@functools.lru_cache(maxsize=65536)
def _resolve_cached(text: str, context: str | None) -> Place | None:
    """Resolution is called per event and names repeat across articles: cache the answers."""
    written = text.strip()
    head, _, qualifier = written.partition(",")
    if qualifier.strip():
        # "Hyderabad, Sindh" / "Police, Poland": the qualifier sets the country context
        where = _match(qualifier, context)
        if where is not None and where.entry.country:
            found = _match(head, where.entry.country)
            return _to_place(written, found, where.entry.country) if found else None
    match = _match(written, context) or (_fuzzy(written, context) if context else None)
    return _to_place(written, match, context) if match else None


def _core(text: str) -> str:
    """Strip surrounding punctuation, a leading determiner and a trailing possessive."""
    core = _DETERMINER.sub("", text.strip(_EDGES))
    return _POSSESSIVE.sub("", core).strip(_EDGES)


def _match(text: str, context: str | None) -> _Match | None:
    core = _core(text)
    if not core or core in _ignored():
        return None
    words = _TOKEN.findall(core)
    if not any(w[0].isupper() for w in words):
        return None
    gaz = load_gazetteer()
    candidates = [e for e in gaz.lookup(name_key(core)) if _cased_like(words, e)]
    return _choose(_drop_namesake_admins(candidates), context)


def _cased_like(words: list[str], entry: Entry) -> bool:
    """The text's lower-case words must be lower-case in one of the place's spellings.

    "Dera Ismail Khan" and "Pak-Afghan border" match, "Dera Ismail khan" and "mobile" do not.
    """
    lower = {w for w in words if not w[0].isupper()}
    if not lower:
        return True
    key = name_key(" ".join(words))
    for form in entry.forms:
        if name_key(form) == key and lower <= {w for w in _TOKEN.findall(form)}:
            return True
    return False


def _drop_namesake_admins(entries: list[Entry]) -> list[Entry]:
    towns = {e.country for e in entries if e.kind == "city"}
    return [e for e in entries if not (e.kind == "admin" and e.country in towns)]


def _countries(entry: Entry) -> tuple[str, ...]:
    if entry.countries:
        return entry.countries
    return (entry.country,) if entry.country else ()


def _rank(entry: Entry) -> tuple[int, int]:
    return entry.tier, -entry.population


def _choose(entries: list[Entry], context: str | None) -> _Match | None:
    if not entries:
        return None
    if context:
        inside = [e for e in entries if context in _countries(e)]
        if inside:
            best = min(inside, key=_rank)
            outside = [e for e in entries if context not in _countries(e)]
            biggest = max((e.population for e in outside), default=0)
            if biggest <= CONTEXT_OVERRIDE * max(best.population, 1000):
                return _Match(best, context_agrees=True)
    ranked = sorted(entries, key=_rank)
    best = ranked[0]
    if len(ranked) > 1:
        runner_up = ranked[1]
        if best.tier == runner_up.tier and best.population < DOMINANCE * runner_up.population:
            return None  # rule 4: too close to call without context
    return _Match(best, context_agrees=context is not None and context in _countries(best))


def _fuzzy(text: str, context: str) -> _Match | None:
    """Rule 5: a near-identical spelling of a place in the context country."""
    core = _core(text)
    key = name_key(core)
    if len(key) < FUZZY_MIN_LENGTH or not any(c.isupper() for c in core[:1]):
        return None
    gaz = load_gazetteer()
    best: tuple[float, int, Entry] | None = None
    for other, entry_id in gaz.names_in(context):
        if other[0] != key[0] or abs(len(other) - len(key)) > 2:
            continue
        score = jaro_winkler(key, other)
        if score >= FUZZY_MIN:
            entry = gaz.entry(entry_id)
            if context in _countries(entry) and (
                    best is None or (score, entry.population) > (best[0], best[1])):
                best = (score, entry.population, entry)
    return _Match(best[2], context_agrees=True) if best else None


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity in [0, 1]; it forgives one slip in a long name, as transliterations
    of Urdu, Pashto and Arabic names need ("Miram Shah" / "Miran Shah")."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(len(a), len(b)) // 2 - 1
    used = [False] * len(b)
    a_hits: list[str] = []
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not used[j] and b[j] == ch:
                used[j] = True
                a_hits.append(ch)
                break
    if not a_hits:
        return 0.0
    b_hits = [b[j] for j in range(len(b)) if used[j]]
    transpositions = sum(x != y for x, y in zip(a_hits, b_hits, strict=True)) / 2
    m = len(a_hits)
    jaro = (m / len(a) + m / len(b) + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def _to_place(written: str, match: _Match, context: str | None) -> Place:
    entry = match.entry
    country = entry.country
    if country is None and context in entry.countries:
        country = context  # a crossing or border belt, seen from the article's side
    return Place(
        text=written.strip(), name=entry.name, country=country, admin1=entry.admin1,
        lat=entry.lat, lon=entry.lon, precision=entry.precision,
    )


@functools.cache
def _ignored() -> frozenset[str]:
    """Capitalised words that name places but, in news text, nearly always mean something else."""
    rows = datafiles.load(datafiles.package_data("geo", "ignore.csv"),
                          schema="gazetteer-ignore/1", model=IgnoreRow).entries
    return frozenset(row.word for row in rows)
