"""The learned layer beside the rules: the type model's scores applied to the rule coder's mentions.

Owns three uses of the scores, each with a threshold in `learn/data/layer.yaml` chosen on the
tune split: a rule event whose type the model strongly contradicts is vetoed; a sentence the
rules leave silent, where the model is sure of a type, gets an event on its main verb (roles
and modality from the rule coder's own functions); and every event's `confidence` blends the
rule's with the model's score for its type. It does not find triggers or roles of its own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from flashpoint import datafiles
from flashpoint.coding.assembly import argument_span
from flashpoint.coding.cues import Cues
from flashpoint.coding.lexicon import Trigger
from flashpoint.coding.modality import detect_scope
from flashpoint.coding.roles import find_roles
from flashpoint.errors import ModelError
from flashpoint.learn.model import BUNDLED, TypeModel, load_model
from flashpoint.ontology import vocab
from flashpoint.records import EventMention, Fatalities, Span

SCHEMA = "learned-layer/1"
SETTINGS = Path(__file__).parent / "data" / "layer.yaml"


class LayerSettings(BaseModel):
    """The layer's thresholds (see layer.yaml for what each one does)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    veto_below: float = Field(ge=0.0, le=1.0)
    veto_other: float = Field(ge=0.0, le=1.0)
    veto_silent: float = Field(ge=0.0, le=1.0)
    supply_above: float = Field(ge=0.0, le=1.01)
    confidence_weight: float = Field(ge=0.0, le=1.0)


def load_settings(path: str | Path = SETTINGS) -> LayerSettings:
    """The layer settings from a `learned-layer/1` file (the bundled one by default)."""
    return datafiles.load(path, schema=SCHEMA, model=LayerSettings).entries[0]


@dataclass(frozen=True)
class LearnedLayer:
    """The type model and how its scores are used.

    `model` may be the model's folder: it is then loaded on first use, so a layer whose
    settings switch every use off never pays the model's load (a second spaCy pipeline) at
    start-up.
    """

    model: TypeModel | Path
    settings: LayerSettings

    @property
    def scorer(self) -> TypeModel:
        """The loaded type model (loaded once per folder by `load_model`)."""
        return self.model if isinstance(self.model, TypeModel) else load_model(self.model)

    def sentence_scores(self, doc: Doc) -> list[dict[str, float]]:
        """The model's scores for every sentence of `doc`, in order."""
        return self.scorer.predict(doc.sents)

    def adjust(self, doc: Doc, mentions: list[EventMention], *, doc_id: str,
               cues: Cues, is_actor: Callable[[Token], bool]
               ) -> list[EventMention]:
        """The rule coder's mentions of `doc`, vetoed, completed and calibrated."""
        if self.idle:
            return mentions
        sents = list(doc.sents)
        scores = self.sentence_scores(doc)
        kept = [self._calibrated(m, scores[m.sentence]) for m in mentions
                if not self.vetoes(m.type, scores[m.sentence])]
        coded = {m.sentence for m in mentions}
        for number, (sent, score) in enumerate(zip(sents, scores, strict=True)):
            if number in coded:
                continue
            best = self.supplied_type(score)
            if best is None or sent.text.rstrip().endswith("?"):
                continue
            found = supply(sent, number, best, score[best], cues=cues, is_actor=is_actor,
                           doc_id=doc_id)
            if found is not None:
                kept.append(found)
        kept.sort(key=lambda m: (m.sentence, m.trigger.start))
        return kept

    @property
    def idle(self) -> bool:
        """Whether the settings switch every use off (the scores would change nothing)."""
        s = self.settings
        return s.veto_below == 0.0 and s.veto_silent == 0.0 and s.supply_above > 1.0 and \
            s.confidence_weight == 0.0

    def vetoes(self, type_name: str, score: dict[str, float]) -> bool:
        """Whether the model strongly contradicts a rule event's type: another type is sure
        while this one is not, or the sentence looks like no event at all (sport, markets)."""
        other = max(v for k, v in score.items() if k != type_name and not k.startswith("QUAD"))
        own = score.get(type_name, 0.0)
        return (own < self.settings.veto_below and other >= self.settings.veto_other) or \
            max(own, other) < self.settings.veto_silent

    def supplied_type(self, score: dict[str, float]) -> str | None:
        """The type the model is sure enough of to code a sentence the rules left silent."""
        best = max(vocab.event_types(), key=lambda t: score.get(t, 0.0))
        return best if score.get(best, 0.0) >= self.settings.supply_above else None

    def _calibrated(self, mention: EventMention, score: dict[str, float]) -> EventMention:
        w = self.settings.confidence_weight
        blended = (1 - w) * mention.confidence + w * score.get(mention.type, 0.0)
        return dataclasses.replace(mention, confidence=round(min(max(blended, 0.05), 0.99), 3))


def quad_class(score: dict[str, float]) -> int:
    """The sentence's most likely quad class (1 verbal and 2 material cooperation, 3 verbal and
    4 material conflict)."""
    return max((1, 2, 3, 4), key=lambda q: score.get(f"QUAD{q}", 0.0))


def _main_verb(sent: SpacySpan, speech: frozenset[str]) -> Token | None:
    """The verb the sentence is about: its root, or the clause a reporting verb introduces
    ("officials said troops withdrew": withdrew)."""
    root = sent.root
    if root.lemma_.lower() in speech:
        inner = [c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
        root = inner[0] if inner else root
    return root if root.pos_ == "VERB" else None


def supply(sent: SpacySpan, number: int, type_name: str, score: float, *,
           cues: Cues, is_actor: Callable[[Token], bool],
           doc_id: str) -> EventMention | None:
    """An event of `type_name` on the sentence's main verb, with the rule coder's roles and
    modality; None when the verb has no actor as its subject (no clear trigger)."""
    verb = _main_verb(sent, cues.get("speech_verbs", frozenset()) | {"say", "tell", "report"})
    if verb is None:
        return None
    plover = vocab.plover_type(type_name)
    lemma = verb.lemma_.lower()
    entry = Trigger(lemma=lemma if re.fullmatch(r"[a-z][a-z\-]*", lemma) else "x", pos="VERB",
                    cameo=plover.default_cameo, type=type_name,
                    confidence=score)
    scope = detect_scope(verb, cues=cues, trigger_type=lambda t: None)
    if scope.skip:
        return None
    roles = find_roles(verb, entry, scope, cues=cues, is_actor=is_actor)
    if roles.source is None or not is_actor(roles.source):
        return None
    lead = len(sent.text) - len(sent.text.lstrip())
    evidence = Span(sent.text.strip(), sent.start_char + lead,
                    sent.start_char + len(sent.text.rstrip()))
    return EventMention(
        doc_id=doc_id, sentence=number, evidence=evidence,
        trigger=Span(verb.text, verb.idx, verb.idx + len(verb.text)),
        type=type_name, mode=None, cameo=plover.default_cameo, modality=scope.modality,
        source=argument_span(sent.doc, roles.source), target=argument_span(sent.doc, roles.target),
        reported_by=argument_span(sent.doc, scope.reported_by), location=None, date=None,
        fatalities=Fatalities(), confidence=round(min(score, 0.99) * 0.8, 3))


def load_layer(model: str | Path = BUNDLED, settings: str | Path = SETTINGS) -> LearnedLayer:
    """The bundled (or a user-trained) model with its thresholds; the model itself is loaded
    only when a use is switched on (or on first use)."""
    found = load_settings(settings)
    if not (Path(model) / "config.cfg").is_file():
        raise ModelError(model=str(model), reason="no trained model here; run `flashpoint train`")
    layer = LearnedLayer(model=Path(model), settings=found)
    return layer if layer.idle else dataclasses.replace(layer, model=load_model(model))
