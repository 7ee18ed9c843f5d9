"""The trigger lexicon: which words start an event, of what PLOVER type, mode and CAMEO code.

Data, not code: `coding/data/triggers.yaml` (schema `triggers/1`) lists verbal and nominal
triggers; analysts add their own with `--data-dir`. This module only loads and indexes them.
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
    note: str | None = None


SCHEMA = "triggers/1"


class Lexicon:
    """Triggers indexed by (lemma, pos) for the coder's inner loop."""

    def __init__(self, entries: list[Trigger], versions: list[str]) -> None:
        self.entries = entries
        self.versions = versions
        self._index: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        for entry in entries:
            self._index[(entry.lemma, entry.pos)].append(entry)
        # most constrained entries first: "take action" before a bare "take"
        for items in self._index.values():
            items.sort(key=lambda t: -(bool(t.particle) + bool(t.objects) + bool(t.with_prep)
                                       + bool(t.prep_objects)
                                       + t.bare + t.transitive + t.infinitive
                                       + bool(t.modifiers)
                                       + bool(t.subjects)))

    def lookup(self, lemma: str, pos: str) -> list[Trigger]:
        """Candidate entries for a token, most constrained first."""
        return self._index.get((lemma, pos), [])


def load_lexicon(extra: list[Path] | None = None) -> Lexicon:
    """The bundled triggers plus any user files (which load after, and so win on ties)."""
    paths = [datafiles.package_data("coding", "triggers.yaml"), *(extra or [])]
    entries: list[Trigger] = []
    versions: list[str] = []
    for path in paths:
        data = datafiles.load(path, schema=SCHEMA, model=Trigger)
        entries.extend(data.entries)
        versions.append(f"{path.stem}@{data.version}")
    return Lexicon(entries, versions)
