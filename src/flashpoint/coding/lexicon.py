"""The trigger lexicon: which words start an event, of what PLOVER type, mode and CAMEO code.

Data, not code: `coding/data/triggers.yaml` (schema `triggers/1`) lists verbal and nominal
triggers; analysts add their own with `--data-dir`. Under them lies a fallback layer,
`coding/data/cameo_verbs.yaml`, converted from PETRARCH2's CAMEO verb dictionary
(`coding/verbdict.py`): it is only consulted for verbs our own triggers do not know, so it
adds the field's verb patterns without overriding a sense the lexicon chose. This module only
loads and indexes them.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from flashpoint import datafiles


class Trigger(BaseModel):
    """One trigger entry.

    `lemma` is one spaCy lemma (lower case). Optional constraints narrow it: `particle` (a verb
    particle, "hand *over*"), `objects` (the direct object's lemma must be one of these, for
    light-verb phrases such as "take action" or "fire weapons"), `with_prep` (the trigger must
    govern one of these prepositions, "call *for*", or a clause it opens, "called *for* the
    army to withdraw"; with `prep_objects`, that preposition's
    object must be one of these lemmas, "take *to the streets*"). `target_preps` name
    prepositions whose object is the target ("attack *on* X", "sanctions *against* X"); the
    direct object is always a
    target candidate for verbs. `not_modifiers` rule out a sense by its modifiers ("a *hunger*
    strike" is no attack) and `not_objects` by its object ("released a *statement*"). `bare`
    verbs match only without a direct or passive object ("police *fired* to disperse the mob",
    not "*fired* the minister"); `transitive` verbs match only with one ("*returned* the
    fossils to China", not "*returned* to Kabul"); `infinitive` verbs match only with a
    to-infinitive complement ("*ordered* the army to withdraw", not "ordered an inquiry").
    `implied_source` is the sector that does the act when the text names nobody: an arrest,
    a detention or a lathi charge is the police's even in the passive. A `hosted` act is
    done by the place that receives the subject ("peacekeepers *arrived* in Sierra Leone":
    Sierra Leone lets them in), so source and target trade places.
    `negative` words name an act that did not happen ("police *inaction*"): the event is coded
    negated, and only when an actor is named ("inaction of the police", "police apathy").
    A `dyadic` entry codes only between two named actors, source and target, as PETRARCH
    codes (its `require_dyad`): the CAMEO verb layer's entries are all dyadic, since a broad
    verb ("face", "set") is an event only between actors. An `own_code` entry comes from the
    user's own verb dictionary (`--verbs`): its `cameo` is the user's code, which no recoding
    replaces.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    lemma: str = Field(pattern=r"^[a-z][a-z\-]*$")
    pos: Literal["VERB", "NOUN"]
    cameo: str = Field(pattern=r"^\d{2,4}$")
    type: Literal[
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    ]
    mode: str | None = None
    particle: str | None = None
    objects: list[str] | None = None
    with_prep: list[str] | None = None
    prep_objects: list[str] | None = None
    target_preps: list[str] = Field(default_factory=list)
    not_modifiers: list[str] | None = None
    not_objects: list[str] | None = None
    subjects: list[str] | None = None
    modifiers: list[str] | None = None
    bare: bool = False
    transitive: bool = False
    infinitive: bool = False
    hosted: bool = False
    negative: bool = False
    implied_source: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    confidence: float = Field(default=0.7, ge=0.0, le=1.0)
    dyadic: bool = False
    own_code: bool = False
    note: str | None = None


SCHEMA = "triggers/1"
VERB_SCHEMA = "cameo-verbs/1"


class VerbPattern(BaseModel):
    """One pattern of the CAMEO verb layer, shared by a block of synonymous verbs.

    The fields are the `Trigger` fields the converted dictionary uses (`coding/verbdict.py`):
    one line per pattern rather than per verb keeps the bundled file small.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    verbs: list[str] = Field(min_length=1)  # lemmas, each checked by Trigger's pattern
    cameo: str = Field(pattern=r"^\d{2,4}$")
    type: str
    mode: str | None = None
    particle: str | None = None
    objects: list[str] | None = None
    with_prep: list[str] | None = None
    prep_objects: list[str] | None = None
    not_objects: list[str] | None = None
    subjects: list[str] | None = None
    target_preps: list[str] = Field(default_factory=list)
    hosted: bool = False
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)

    def triggers(self) -> list[Trigger]:
        """One trigger entry per verb of the block."""
        fields = self.model_dump(exclude={"verbs"}, exclude_none=True)
        first = Trigger.model_validate({"lemma": self.verbs[0], "pos": "VERB", "dyadic": True,
                                         **fields})
        return [first, *(first.model_copy(update={"lemma": verb}) for verb in self.verbs[1:])]


def _constraints(entry: Trigger) -> int:
    return (bool(entry.particle) + bool(entry.objects) + bool(entry.with_prep)
            + bool(entry.prep_objects) + entry.bare + entry.transitive + entry.infinitive
            + bool(entry.modifiers) + bool(entry.subjects))


def _index(entries: list[Trigger]) -> dict[tuple[str, str], list[Trigger]]:
    index: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for entry in entries:
        index[(entry.lemma, entry.pos)].append(entry)
    for items in index.values():
        items.sort(key=lambda t: -_constraints(t))  # "take action" before a bare "take"
    return index


class Lexicon:
    """Triggers indexed by (lemma, pos) for the coder's inner loop, with the fallback layer
    (`layer`) as a lexicon of its own, holding only verbs the triggers do not list: the coder
    reads a sentence with it only when the triggers code nothing there, so the layer never
    competes with, or swallows, an event our own lexicon codes (consulted word by word it cut
    PLOVER precision 0.818 -> 0.673 on the tune split)."""

    def __init__(self, entries: list[Trigger], versions: list[str],
                 fallback: list[Trigger] | None = None) -> None:
        self.entries = entries
        self.versions = versions
        self._index = _index(entries)
        # a verb our triggers list is left to them, with the senses they rule out ("returned
        # to Kabul" is no return of property): the layer speaks only for verbs we do not know
        unknown = [t for t in fallback or [] if (t.lemma, t.pos) not in self._index]
        self.layer: Lexicon | None = Lexicon(unknown, []) if unknown else None

    def lookup(self, lemma: str, pos: str) -> list[Trigger]:
        """Candidate entries for a token, most constrained first."""
        return self._index.get((lemma, pos), [])


def load_lexicon(extra: list[Path] | None = None, *, verb_layer: bool = True,
                 verbs: list[Path] | None = None) -> Lexicon:
    """The bundled triggers plus any user files (which load after, and so win on ties), over
    the CAMEO verb layer unless `verb_layer` is off. `verbs` are the user's own TABARI/PETRARCH
    verb dictionaries (`--verbs`): for each verb they list, they replace our entries
    (coding/verbdict.py, `with_user_verbs`).

    Validating the layer's 38k verbs takes about a second, paid by every `flashpoint code`
    before its first event; the built lexicon is kept in the disk cache (flashpoint.diskcache),
    keyed on the bytes of every file it reads and of this module.
    """
    from flashpoint import diskcache

    paths = [datafiles.package_data("coding", "triggers.yaml"), *(extra or [])]
    layer = datafiles.package_data("coding", "cameo_verbs.yaml") if verb_layer else None
    own = [Path(p) for p in verbs or ()]
    key = diskcache.digest(Path(__file__).read_bytes(), *(p.read_bytes() for p in paths),
                           layer.read_bytes() if layer else b"", *(str(p) for p in paths),
                           *(p.read_bytes() for p in own),
                           (Path(__file__).parent / "verbdict.py").read_bytes() if own else b"")
    return diskcache.cached("lexicon", key, lambda: _build_lexicon(paths, layer, own))


def _build_lexicon(paths: list[Path], layer_path: Path | None,
                   verbs: list[Path] | None = None) -> Lexicon:
    entries: list[Trigger] = []
    versions: list[str] = []
    for path in paths:
        data = datafiles.load(path, schema=SCHEMA, model=Trigger)
        entries.extend(data.entries)
        versions.append(f"{path.stem}@{data.version}")
    fallback: list[Trigger] = []
    if layer_path is not None:
        layer = datafiles.load(layer_path, schema=VERB_SCHEMA, model=VerbPattern)
        fallback.extend(t for pattern in layer.entries for t in pattern.triggers())
        versions.append(f"{layer_path.stem}@{layer.version}")
    if verbs:
        from flashpoint.coding.verbdict import with_user_verbs
        entries = with_user_verbs(entries, verbs, known=fallback)
        versions += [f"{p.name}@user" for p in verbs]
    return Lexicon(entries, versions, fallback)
