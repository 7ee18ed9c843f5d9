"""Reading a TABARI/PETRARCH verb dictionary into trigger entries (the CAMEO verb layer).

PETRARCH's verb dictionary (format: PETRARCH's `dictionaries.rst`) groups synonymous verbs in
blocks with a default CAMEO code and lists patterns under them: `- * (FOR AID) [023]` is "the
verb with a `for aid` phrase", `- &MILITARY * [154]` "the verb with a military subject". This
module turns each verb and pattern into a `Trigger` of the lexicon's schema, so the coder's own
matcher (objects, particle, preposition, subject) reads them: the pattern's first noun after
the verb becomes `objects`, its first prepositional phrase `with_prep` and `prep_objects`, a
particle (`OUT`, `UP`) `particle`, a noun before the verb `subjects`. Modifiers inside braces
(`{FINANCIAL AID}`) are reduced to their head, second prepositional phrases are dropped, and
PETRARCH's verb-verb combinations and transformations are not read: the layer approximates the
dictionary, it does not re-implement PETRARCH.

Codes: the first code of `[a:b]` is the event; `[:b]` (the subject undergoes the act, "faced
trial") becomes a `hosted` entry, whose source and target trade places. Null patterns (`[---]`)
and patterns whose code PLOVER has no type for (CAMEO 01, statements) keep the verb's default
code off that object (`not_objects`) but code nothing themselves.

A user's own dictionary (`flashpoint code --verbs FILE`, `read_verb_dictionary(own_codes=...)`)
is read the same way, but its codes are the user's: an entry keeps the dictionary's code
verbatim (`own_code`, so no recoding replaces it), even a code CAMEO does not define (TABARI
files still carry WEIS codes such as 223); the PLOVER type an event needs comes from the
code's nearest CAMEO ancestor, else from what the bundled lexicon says the verb is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

from flashpoint.coding.lexicon import VERB_SCHEMA, Trigger, VerbPattern
from flashpoint.errors import DataFileError, NotFound
from flashpoint.ontology import vocab

# words that follow a verb as its particle rather than its object ("set OUT", "put FORWARD")
PARTICLES = frozenset({"out", "up", "off", "down", "away", "back", "over", "forward", "aside",
                       "ahead", "in", "on", "apart", "together", "around", "through"})
PREPOSITIONS = frozenset({"for", "with", "to", "against", "on", "in", "into", "at", "from",
                          "of", "by", "about", "over", "under", "upon", "behind", "before",
                          "after", "between", "toward", "towards", "across", "through",
                          "along", "onto", "within", "without", "among", "near"})
# "sent aid TO Ecuador": PETRARCH takes the actor in the verb phrase as the target; the
# recipient's preposition is the one our roles do not already read as a target
TARGET_PREPS = ["to"]
CONFIDENCE_VERB = 0.4  # a verb's block code alone: broad ("face", "set"), so a low prior
CONFIDENCE_PATTERN = 0.5  # a verb with the pattern's noun or phrase
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")
_CODE = re.compile(r"\[([^\]]*)\]")
_WORD = re.compile(r"^[a-z][a-z\-]*$")
_MARKERS = frozenset({"$", "+", "%", "^"})


@dataclass
class _Block:
    code: str | None
    verbs: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # lemma,
    # own code, the rest of a multi-word verb ("+MEET_WITH": "with")
    patterns: list[str] = field(default_factory=list)


NAMING_ENTITIES = frozenset({"GPE", "NORP", "ORG", "PERSON"})


def names_actor(token: Token | None) -> bool:
    """Does the argument name someone ("Peru", "Peruvian troops", "Peru's navy"), as the
    actors of PETRARCH's dictionaries do, rather than only a kind of people ("the people",
    "businessmen")? The layer's broad verbs code only between two such arguments."""
    if token is None:
        return False
    return token.ent_type_ in NAMING_ENTITIES or any(
        c.dep_ in ("compound", "amod", "poss", "nmod") and c.ent_type_ in NAMING_ENTITIES
        for c in token.children)


def singular(word: str) -> str:
    """The dictionary writes nouns as they appear ("SANCTIONS", "RALLIES"); the parser's lemma
    is singular. Regular plurals only, as PETRARCH generates them."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _forms(word: str) -> list[str]:
    word = word.lower().strip("_")
    return sorted({word, singular(word)})


def _code(text: str) -> tuple[str, bool] | None:
    """(code, hosted) of a `[...]` block; None when it is the null code `---`."""
    first, _, second = text.strip().partition(":")
    if re.fullmatch(r"\d{2,4}", first.strip()):
        return first.strip(), False
    if not first.strip() and re.fullmatch(r"\d{2,4}", second.strip()):
        return second.strip(), True
    return None


def _plover(code: str) -> tuple[str, str, str | None] | None:
    """(code, PLOVER type, mode) for a CAMEO code, falling back to its parent codes; None
    when PLOVER has no type for it (CAMEO 01, public statements)."""
    for candidate in (code, code[:3], code[:2]):
        try:
            info = vocab.cameo_info(candidate)
        except NotFound:
            continue
        if info.plover_type is None:
            return None
        mode = info.mode if vocab.check_mode(info.plover_type, info.mode) else None
        return candidate, info.plover_type, mode
    return None


# (code, PLOVER type, mode) for a dictionary code and the verb it codes, or None: not coded
Coding = Callable[[str, str], "tuple[str, str, str | None] | None"]
# the bundled lexicon's (type, mode) for a verb lemma, for user codes CAMEO does not define
TypeOf = Callable[[str], "tuple[str, str | None] | None"]


def _cameo_coding(code: str, verb: str) -> tuple[str, str, str | None] | None:
    del verb  # CAMEO codes say the type themselves
    return _plover(code)


def _ancestor(code: str) -> str | None:
    """The code itself or its nearest parent that the CAMEO codebook defines ("0874" ->
    "0874", "1717" -> "171", "903" -> None)."""
    for candidate in (code[:4], code[:3], code[:2]):
        if len(candidate) >= 2 and candidate in vocab.cameo_codes():
            return candidate
    return None


def nearest_cameo(code: str | None, event_type: str) -> str:
    """A CAMEO code the ontology knows for an event's code, for its quad class and Goldstein
    value: the code's nearest CAMEO ancestor, else the PLOVER type's default code (a user
    dictionary's own code such as WEIS 223 has neither in CAMEO's table)."""
    found = _ancestor(code) if code else None
    return found if found is not None else vocab.plover_type(event_type).default_cameo


def own_coding(type_of: TypeOf) -> Coding:
    """The coding of a user's dictionary: its code kept as written, typed by the code's
    nearest CAMEO ancestor or, when CAMEO has none, by the verb's type in `type_of`."""
    def coding(code: str, verb: str) -> tuple[str, str, str | None] | None:
        parent = _ancestor(code)
        if parent is not None:
            found = _plover(parent)
            return (code, found[1], found[2]) if found is not None else None
        typed = type_of(verb)
        return (code, *typed) if typed is not None else None
    return coding


def _head_words(token: str, synsets: dict[str, list[str]]) -> list[str]:
    """The head noun(s) of one pattern element: a word, `A/B` alternatives, a synset or a
    braced phrase (its last word)."""
    token = token.strip("{}")
    if not token:
        return []
    last = token.replace("_", " ").split()[-1] if token.strip() else ""
    words: list[str] = []
    for alt in last.split("/"):
        if alt.startswith("&"):
            words += [w for phrase in synsets.get(alt.upper(), []) for w in _forms(phrase)]
        elif alt and alt not in _MARKERS and "*" not in alt:
            words += _forms(alt)
    return sorted({w for w in words if _WORD.match(w)})


def _pattern_fields(body: str, synsets: dict[str, list[str]]) -> dict[str, object] | None:
    """The Trigger constraints of one pattern body (what lies between `-` and the code)."""
    tokens = [t for t in _TOKEN.findall(body) if t not in _MARKERS]
    if tokens.count("*") != 1:
        return None
    star = tokens.index("*")
    before, after = tokens[:star], tokens[star + 1:]
    fields: dict[str, object] = {}
    nouns = [t for t in before if not t.startswith("(")]
    if nouns:
        subjects = _head_words(nouns[-1], synsets)
        if not subjects:
            return None
        fields["subjects"] = subjects
    if after and not after[0].startswith(("(", "{", "&")) and after[0].lower() in PARTICLES \
            and len(after) > 1:
        fields["particle"] = after[0].lower()
        after = after[1:]
    nouns = [t for t in after if not t.startswith("(")]
    if nouns:
        objects = _head_words(nouns[0], synsets)
        if not objects:
            return None
        fields["objects"] = objects
    phrases = [_TOKEN.findall(t[1:-1]) for t in after if t.startswith("(")]
    if phrases and phrases[0]:
        preps = [p.lower() for p in phrases[0][0].split("/") if p.lower() in PREPOSITIONS]
        if not preps:
            return None
        fields["with_prep"] = preps
        heads = [w for t in phrases[0][1:] for w in _head_words(t, synsets)]
        if heads:
            fields["prep_objects"] = heads
    return fields or None


def _read_blocks(lines: Iterable[str]) -> tuple[list[_Block], dict[str, list[str]]]:
    synsets: dict[str, list[str]] = {}
    blocks: list[_Block] = []
    current_set: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip() or line.startswith("~"):
            continue
        if line.startswith("&"):
            current_set = line.split()[0].rstrip("_").upper()
            synsets[current_set] = []
        elif line.startswith("+") and current_set is not None and not blocks:
            synsets[current_set].append(line[1:].strip())
        elif line.startswith("---"):
            current_set = None
            found = _CODE.search(line)
            parsed = _code(found.group(1)) if found else None
            blocks.append(_Block(code=parsed[0] if parsed and not parsed[1] else None))
        elif blocks and line.lstrip().startswith("-"):
            blocks[-1].patterns.append(line.lstrip()[1:].strip())
        elif blocks:
            blocks[-1].verbs.append(_verb(line))
    return blocks, synsets


def _verb(line: str) -> tuple[str, str | None, str | None]:
    found = _CODE.search(line)
    parsed = _code(found.group(1)) if found else None
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
    words = head[0].lower().split("_") if head else [""]
    marked = [k for k, w in enumerate(words) if w.startswith("+")]
    if marked and marked[0] > 0:
        return "", None, None  # "WIRE_+TAP": the parser rarely finds pre-compound verbs
    words = [w.lstrip("+") for w in words]
    rest = words[1] if len(words) == 2 else None
    if len(words) > 2:
        return "", None, None
    return words[0], parsed[0] if parsed and not parsed[1] else None, rest


def _compound(verb: str, code: str, rest: str, coding: Coding = _cameo_coding,
              own: bool = False) -> Trigger | None:
    """ "+MEET_WITH", "+CALL_OFF", "+TAKE_LEAVE": the verb with its particle, preposition or
    object."""
    found = coding(code, verb)
    if found is None or not _WORD.match(rest):
        return None
    fields: dict[str, object] = {}
    if rest in PARTICLES and rest not in ("on", "in", "over", "through"):
        fields["particle"] = rest
    elif rest in PREPOSITIONS:
        fields["with_prep"] = [rest]
    else:
        fields["objects"] = _forms(rest)
    return _trigger(verb, found, CONFIDENCE_PATTERN, {**fields, "own_code": own})


def _trigger(verb: str, coded: tuple[str, str, str | None], confidence: float,
             fields: dict[str, object]) -> Trigger:
    return Trigger.model_validate({
        "lemma": verb, "pos": "VERB", "cameo": coded[0], "type": coded[1], "mode": coded[2],
        "target_preps": TARGET_PREPS, "confidence": confidence, **fields})


def _block_triggers(block: _Block, synsets: dict[str, list[str]],
                    coding: Coding = _cameo_coding, own: bool = False) -> list[Trigger]:
    out: list[Trigger] = []
    blocked: set[str] = set()  # objects of null or uncodable patterns
    verbs = [v for v, _, rest in block.verbs if v and rest is None and _WORD.match(v)]
    for pattern in block.patterns:
        found = _CODE.search(pattern)
        body = pattern[:found.start()] if found else pattern
        fields = _pattern_fields(body, synsets)
        if fields is None:
            continue
        parsed = _code(found.group(1)) if found else None
        coded = [(verb, coding(parsed[0], verb) if parsed else None) for verb in verbs]
        if not any(c for _, c in coded):
            if set(fields) == {"objects"}:
                blocked.update(str(o) for o in fields["objects"])  # type: ignore[attr-defined]
            continue
        for verb, typed_pattern in coded:
            if typed_pattern is not None:
                out.append(_trigger(verb, typed_pattern, CONFIDENCE_PATTERN,
                                    {**fields, "hosted": bool(parsed and parsed[1]),
                                     "own_code": own}))
    for verb, own_code, rest in block.verbs:
        code = own_code or block.code
        if not verb or not _WORD.match(verb) or code is None:
            continue
        if rest is not None:
            compound = _compound(verb, code, rest, coding, own)
            out += [compound] if compound is not None else []
            continue
        typed = coding(code, verb)
        if typed is not None:
            out.append(_trigger(verb, typed, CONFIDENCE_VERB,
                                {"not_objects": sorted(blocked) or None, "own_code": own}))
    return out


def read_verb_dictionary(path: str | Path, *, own_codes: TypeOf | None = None
                         ) -> list[Trigger]:
    """Every verb and pattern of a PETRARCH verb dictionary that PLOVER has a type for, as
    trigger entries, patterns with a bare preposition last; duplicates (one verb listed in
    two blocks with the same pattern) once.

    With `own_codes` (the bundled lexicon's type of a verb), the file is a user's own
    dictionary: entries keep its codes as written (`own_code`), typed as `own_coding` says."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DataFileError(path=path, reason=str(exc)) from exc
    if "---" not in text:
        raise DataFileError(path=path, reason="no verb block (`--- NAME [code] ---`) found")
    blocks, synsets = _read_blocks(_xml_comment_free(text.splitlines()))
    coding = own_coding(own_codes) if own_codes is not None else _cameo_coding
    seen: set[str] = set()
    out: list[Trigger] = []
    for block in blocks:
        for entry in _block_triggers(block, synsets, coding, own_codes is not None):
            key = entry.model_dump_json(exclude={"confidence"})
            if key not in seen:
                seen.add(key)
                out.append(entry)
    return sorted(out, key=_bare_preposition)


def _xml_comment_free(lines: Iterable[str]) -> list[str]:
    """Lines outside `<!-- ... -->` comments, which TABARI-era files use for their header."""
    out: list[str] = []
    inside = False
    for line in lines:
        kept = ""
        while line:
            if inside:
                end = line.find("-->")
                if end < 0:
                    line = ""
                    break
                inside, line = False, line[end + 3:]
            else:
                start = line.find("<!--")
                if start < 0:
                    kept, line = kept + line, ""
                else:
                    kept, inside, line = kept + line[:start], True, line[start + 4:]
        out.append(kept)
    return out


def _bare_preposition(entry: Trigger) -> bool:
    """ "* (TO)" says less than "* RELIEF": of two patterns a verb matches with as many
    constraints, the one naming a noun goes first (the lexicon tries entries in order)."""
    return bool(entry.with_prep) and not entry.prep_objects and not entry.objects


def to_patterns(entries: Iterable[Trigger]) -> list[VerbPattern]:
    """Entries that differ only in their verb, folded into one pattern with a verb list
    (the dictionary's blocks), in first-seen order."""
    grouped: dict[str, list[str]] = {}
    fields: dict[str, dict[str, object]] = {}
    for entry in entries:
        data = entry.model_dump(exclude={"lemma", "pos"}, exclude_defaults=True)
        key = json.dumps(data, sort_keys=True)
        fields.setdefault(key, data)
        verbs = grouped.setdefault(key, [])
        if entry.lemma not in verbs:
            verbs.append(entry.lemma)
    return [VerbPattern.model_validate({"verbs": verbs, **fields[key]})
            for key, verbs in grouped.items()]


def verbs_to_yaml(entries: Iterable[Trigger], header: dict[str, str]) -> str:
    """The verb layer's YAML layout (schema `cameo-verbs/1`), one pattern per line, with
    `header` (source, licence notice) kept as top-level keys."""
    lines = [f"schema: {VERB_SCHEMA}", "version: 1"]
    for key, value in header.items():
        lines.append(f"{key}: |" if "\n" in value else f"{key}: {json.dumps(value)}")
        if "\n" in value:
            lines += [f"  {v}".rstrip() for v in value.splitlines()]
    lines.append("entries:")
    for pattern in to_patterns(entries):
        data = pattern.model_dump(exclude_defaults=True)
        lines.append(f"  - {json.dumps(data, separators=(', ', ': '))}")
    return "\n".join(lines) + "\n"


def verb_type(entries: Iterable[Trigger]) -> TypeOf:
    """The bundled lexicon's (type, mode) of a verb lemma: its least constrained verb entry
    ("attack" -> ASSAULT), the verb's own sense rather than a light-verb phrase's."""
    found: dict[str, tuple[str, str | None]] = {}
    for entry in entries:
        if entry.pos == "VERB" and (entry.lemma not in found or not (
                entry.objects or entry.with_prep or entry.particle or entry.subjects)):
            found[entry.lemma] = (entry.type, entry.mode)
    return found.get


def with_user_verbs(entries: list[Trigger], paths: Iterable[Path],
                    known: Iterable[Trigger] = ()) -> list[Trigger]:
    """The lexicon's entries with the user's verb dictionaries on top: a verb a user file lists
    is coded by that file alone, with its own codes (as PETRARCH codes with the dictionary it
    is given); every other verb, and every noun trigger, stays ours. A code CAMEO does not
    define takes the verb's type from our triggers, else from `known` (the CAMEO verb layer)."""
    own: list[Trigger] = []
    ours, layer = verb_type(entries), verb_type(known)

    def type_of(verb: str) -> tuple[str, str | None] | None:
        return ours(verb) or layer(verb)

    for path in paths:
        own += read_verb_dictionary(path, own_codes=type_of)
    listed = {(t.lemma, t.pos) for t in own}
    return [t for t in entries if (t.lemma, t.pos) not in listed] + own
