"""Cue word lists for the clause rules (negation, allegation, modality, attribution) as data.

`cues.yaml` holds named lists of lemmas; `Cues` gives each list a field, so a rule reads
`cues.kill_words` and a misspelt name fails in mypy, and a list the file lacks, or a name it
has that no rule reads, fails at load with the file and the name (E402), never as a silently
empty set.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from flashpoint import datafiles
from flashpoint.errors import DataFileError, UnknownName

SCHEMA = "cues/1"
MODES = ("suicide", "aerial", "explosion", "heavy-weapons", "firearms")


class CueList(BaseModel):
    """One named list of lemmas (or short phrases) that a rule consults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    words: list[str]


class Cues(BaseModel):
    """Every cue list, one field each (lower case; cues.yaml says what each one serves)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    # modality: negation, allegation, hypothesis, future, intent (coding/modality.py)
    negating_verbs: frozenset[str]
    negating_nouns: frozenset[str]
    negating_adjectives: frozenset[str]
    negatable_heads: frozenset[str]
    negating_preps: frozenset[str]
    negating_dets: frozenset[str]
    alleging_modifiers: frozenset[str]
    alleging_adverbs: frozenset[str]
    alleging_nouns: frozenset[str]
    alleging_heads: frozenset[str]
    hearsay_verbs: frozenset[str]
    grounds_heads: frozenset[str]
    judging_verbs: frozenset[str]
    habitual_adverbs: frozenset[str]
    representative_nouns: frozenset[str]
    partitive_nouns: frozenset[str]
    hypothetical_aux: frozenset[str]
    fact_marks: frozenset[str]
    hypothetical_marks: frozenset[str]
    future_aux: frozenset[str]
    future_heads: frozenset[str]
    intent_heads: frozenset[str]
    future_modifiers: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    guarding_verbs: frozenset[str]
    # constructions and filters of the coder (coding/constructions.py, coding/filters.py)
    obligation_aux: frozenset[str]
    demand_speech_verbs: frozenset[str]
    peacekeeping_words: frozenset[str]
    joint_activity_nouns: frozenset[str]
    abstract_targets: frozenset[str]
    generic_heads: frozenset[str]
    purpose_heads: frozenset[str]
    denial_verbs: frozenset[str]
    accusation_nouns: frozenset[str]
    opinion_verbs: frozenset[str]
    expelling_verbs: frozenset[str]
    leaving_verbs: frozenset[str]
    expelled_people: frozenset[str]
    refusing_verbs: frozenset[str]
    hypothetical_heads: frozenset[str]
    entitlement_nouns: frozenset[str]
    content_heads: frozenset[str]
    dobj_content_heads: frozenset[str]
    deliberative_bodies: frozenset[str]
    background_preps: frozenset[str]
    readying_verbs: frozenset[str]
    attempt_words: frozenset[str]
    prospect_nouns: frozenset[str]
    possession_verbs: frozenset[str]
    reporting_heads: frozenset[str]
    speech_verbs: frozenset[str]
    reciprocal_verbs: frozenset[str]
    permitting_verbs: frozenset[str]
    arresting_operations: frozenset[str]
    sequel_verbs: frozenset[str]
    presence_verbs: frozenset[str]
    reaction_nouns: frozenset[str]
    rule_texts: frozenset[str]
    trend_verbs: frozenset[str]
    media_modifiers: frozenset[str]
    medical_words: frozenset[str]
    # roles (coding/roles.py)
    reciprocal_types: frozenset[str]
    perpetrator_heads: frozenset[str]
    ultimatum_objects: frozenset[str]
    definite_anaphors: frozenset[str]
    group_anaphors: frozenset[str]
    anaphors: frozenset[str]
    speaker_pronouns: frozenset[str]
    light_verbs: frozenset[str]
    # ASSAULT modes, accidents, settings
    mode_suicide: frozenset[str]
    mode_aerial: frozenset[str]
    mode_explosion: frozenset[str]
    natural_causes: frozenset[str]
    accident_verbs: frozenset[str]
    setting_preps: frozenset[str]
    occurrence_verbs: frozenset[str]
    generic_pronouns: frozenset[str]
    place_nouns: frozenset[str]
    intensity_adjectives: frozenset[str]
    mode_heavy_weapons: frozenset[str]
    mode_firearms: frozenset[str]
    object_control: frozenset[str]
    ultimatum_heads: frozenset[str]
    facility_nouns: frozenset[str]
    fight_nouns: frozenset[str]
    combat_deeds: frozenset[str]
    attack_nouns: frozenset[str]
    statement_nouns: frozenset[str]
    state_verbs: frozenset[str]
    # tolls (coding/fatalities.py)
    kill_words: frozenset[str]
    non_human: frozenset[str]
    injure_words: frozenset[str]
    hit_words: frozenset[str]
    to_death_verbs: frozenset[str]
    wound_kinds: frozenset[str]
    wound_bearing_verbs: frozenset[str]
    fatal_modifiers: frozenset[str]
    person_hit_words: frozenset[str]
    hospitalize_words: frozenset[str]
    hospital_transport_verbs: frozenset[str]
    death_nouns: frozenset[str]
    fatal_incident_nouns: frozenset[str]
    person_nouns: frozenset[str]
    other_victim_markers: frozenset[str]
    attacker_nouns: frozenset[str]
    injury_nouns: frozenset[str]
    succumb_verbs: frozenset[str]
    hit_nouns: frozenset[str]
    # aggregates and campaign totals (coding/filters.py)
    period_nouns: frozenset[str]
    conflict_nouns: frozenset[str]
    vague_quantities: frozenset[str]
    recent_time_words: frozenset[str]
    ranking_words: frozenset[str]
    comment_nouns: frozenset[str]
    public_nouns: frozenset[str]
    earlier_adverbs: frozenset[str]
    enduring_conflicts: frozenset[str]

    def get(self, name: str, default: object = None) -> frozenset[str]:
        """The list called `name`, for rules that look lists up by name.

        Unlike a dict's, this look-up never falls back to `default` (kept for the old
        signature): an unknown name raises E403, so a typo cannot silently disable a rule.
        """
        del default
        if name not in type(self).model_fields:
            raise UnknownName(kind="cue list", name=name,
                              known=", ".join(sorted(type(self).model_fields)))
        words: frozenset[str] = getattr(self, name)
        return words

    def items(self) -> list[tuple[str, frozenset[str]]]:
        """Every list with its name, in field order."""
        return [(name, getattr(self, name)) for name in type(self).model_fields]

    def mode_words(self, mode: str) -> frozenset[str]:
        """The words that name an ASSAULT mode ("heavy-weapons": artillery, mortar, ...)."""
        if mode not in MODES:
            raise UnknownName(kind="ASSAULT mode", name=mode, known=", ".join(MODES))
        return self.get(f"mode_{mode.replace('-', '_')}")


def build_cues(entries: tuple[CueList, ...], path: Path) -> Cues:
    """The typed lists from a file's entries: entries of one name are joined, words lowered;
    a name no field has, or a field no entry fills, is a DataFileError naming both."""
    lists: dict[str, frozenset[str]] = {}
    for cue in entries:
        lists[cue.name] = lists.get(cue.name, frozenset()) | frozenset(
            w.lower() for w in cue.words)
    fields = Cues.model_fields
    unknown = sorted(set(lists) - set(fields))
    missing = sorted(set(fields) - set(lists))
    if unknown or missing:
        raise DataFileError(path=path, reason="; ".join(filter(None, (
            f"no rule reads the cue list(s) {', '.join(unknown)}" if unknown else "",
            f"the cue list(s) {', '.join(missing)} are missing" if missing else "",
        ))) + " (each list is a field of coding/cues.py Cues)")
    try:
        return Cues.model_validate(lists)
    except ValidationError as exc:  # only a wrong type can get here
        raise DataFileError(path=path, reason=str(exc.errors()[0]["msg"])) from exc


@functools.lru_cache(maxsize=8)
def load_cues(path: Path | None = None) -> Cues:
    """The cue lists; the bundled file unless `path` is given."""
    where = path or datafiles.package_data("coding", "cues.yaml")
    data = datafiles.load(where, schema=SCHEMA, model=CueList)
    return build_cues(data.entries, where)


def cues_version() -> str:
    """The bundled cue file's version, for the coder string."""
    path = datafiles.package_data("coding", "cues.yaml")
    return datafiles.load(path, schema=SCHEMA, model=CueList).version
