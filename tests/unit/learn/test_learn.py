"""The learned layer (#15): label mapping, the tune/check split, deterministic training,
the bundled corpus and model, and how scores veto, supply and calibrate rule events."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from flashpoint.evaluate.gold import read_gold
from flashpoint.evaluate.split import split_of
from flashpoint.learn.examples import Example, cats, event_type, label_names
from flashpoint.learn.model import load_model, sentence_features, train_model
from flashpoint.learn.score import LayerSettings, LearnedLayer, load_layer, quad_class
from flashpoint.learn.train import CORPUS, gold_examples

ROOT = Path(__file__).resolve().parents[3]
TYPES = label_names()[:16]


@pytest.mark.issue(15)
@pytest.mark.parametrize(("code", "scheme", "expected"), [
    ("ASSAULT", "PLOVER", "ASSAULT"),
    ("DEMAND", "PLOVER-0.5b1", "REQUEST"),  # PLOVER 0.5 names as the reference scorer maps them
    ("FIGHT", "PLOVER-0.5b1", "ASSAULT"),
    ("190", "CAMEO", "ASSAULT"),
    ("0874", "CAMEO", "RETREAT"),
    ("010", "CAMEO", None),  # a public statement is no PLOVER event
    ("4", "PentaClass(0-4)", None),  # no type in a five-class label
])
def test_learn_event_type_maps_gold_labels(code: str, scheme: str, expected: str | None) -> None:
    assert event_type(code, scheme) == expected


@pytest.mark.issue(15)
@pytest.mark.parametrize("split", ["tune", "check", "all"])
def test_learn_training_takes_only_the_split_asked(split: str) -> None:
    records = read_gold(CORPUS)[:200]
    chosen = gold_examples(records, split)  # type: ignore[arg-type]
    assert [ex.id for ex in chosen] == [r.id for r in records
                                       if split == "all" or split_of(r.id) == split]


@pytest.mark.issue(15)
def test_learn_cats_mark_types_and_quads() -> None:
    example = Example(id="x", text="Troops shelled the port.", types=frozenset({"ASSAULT"}))
    labels = cats(example, label_names())
    assert {k for k, v in labels.items() if v == 1.0} == {"ASSAULT", "QUAD4"}
    assert len(labels) == 20


@pytest.mark.issue(15)
def test_learn_bundled_corpus_covers_types_modalities_and_negatives() -> None:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    events = [e for r in records for e in r["events"]]
    assert len(records) >= 3000
    assert {e["event_code"] for e in events} == set(TYPES)
    assert {e["modality"] for e in events} == {"asserted", "negated", "alleged", "hypothetical",
                                               "future"}
    assert {r["meta"]["register"] for r in records} >= {"wire", "official", "local", "editorial",
                                                        "sport", "business", "metaphor"}
    assert sum(1 for r in records if not r["events"]) >= 400
    assert len(gold_examples(read_gold(CORPUS))) == len(records)


@pytest.mark.issue(15)
@pytest.mark.slow
def test_learn_corpus_regenerates_identically(tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    subprocess.run([sys.executable, str(ROOT / "tools" / "gen_corpus.py"), "-o", str(out)],
                   check=True)
    assert out.read_bytes() == CORPUS.read_bytes()


def test_learn_features_replace_names_with_their_kind(nlp: Language) -> None:
    doc = nlp("Chilean police arrested 14 students in Valparaiso on Friday.")
    assert sentence_features(doc) == (
        "_norp police arrest _num student in _gpe on _date root_arrest root_arrest_student "
        "root_arrest_in root_arrest_on")


SMALL = [
    ("Peruvian police arrested nine miners in Arequipa.", {"COERCE"}),
    ("Police detained two reporters outside the court in Lima.", {"COERCE"}),
    ("Rebels shelled an army base near Gao.", {"ASSAULT"}),
    ("Gunmen attacked a bus on the road to Mopti.", {"ASSAULT"}),
    ("Malawi and Zambia signed a water-sharing treaty.", {"AGREE"}),
    ("The two neighbours agreed on a truce late on Sunday.", {"AGREE"}),
    ("The striker scored twice in the derby.", set()),
    ("Coffee prices rose for a third week.", set()),
]


@pytest.mark.issue(15)
def test_learn_training_is_deterministic_and_learns(tmp_path: Path) -> None:
    examples = [Example(id=str(k), text=text, types=frozenset(types))
                for k, (text, types) in enumerate(SMALL)]
    first = train_model(examples, tmp_path / "a", epochs=20, length=2**12)
    second = train_model(examples, tmp_path / "b", epochs=20, length=2**12)
    assert first.digest == second.digest
    assert (first.examples, first.positives["COERCE"], first.positives["QUAD4"]) == (8, 2, 4)
    scores = load_model(tmp_path / "a").predict_texts(["Police arrested nine miners in Lima."])
    assert max(TYPES, key=lambda t: scores[0][t]) == "COERCE"


SETTINGS = LayerSettings(veto_below=0.05, veto_other=0.8, veto_silent=0.02, supply_above=0.9,
                         confidence_weight=0.5)


@pytest.mark.issue(15)
@pytest.mark.parametrize(("score", "vetoed"), [
    ({"ASSAULT": 0.01, "PROTEST": 0.95}, True),  # another type is sure: the rule is vetoed
    ({"ASSAULT": 0.01, "PROTEST": 0.5}, False),  # the model is unsure of everything
    ({"ASSAULT": 0.3, "PROTEST": 0.95}, False),  # the rule's type is plausible
    ({"ASSAULT": 0.01, "PROTEST": 0.015}, True),  # no type at all: sport, markets, metaphor
])
def test_learn_veto_needs_a_strong_contradiction(score: dict[str, float], vetoed: bool) -> None:
    layer = LearnedLayer(model=load_model(), settings=SETTINGS)
    full = {t: 0.0 for t in TYPES} | score
    assert layer.vetoes("ASSAULT", full) is vetoed


@pytest.mark.issue(15)
def test_learn_supplied_type_and_quad_class() -> None:
    layer = LearnedLayer(model=load_model(), settings=SETTINGS)
    sure = {t: 0.0 for t in TYPES} | {"SANCTION": 0.95, "QUAD4": 0.9, "QUAD3": 0.2}
    unsure = {t: 0.0 for t in TYPES} | {"SANCTION": 0.6}
    assert (layer.supplied_type(sure), layer.supplied_type(unsure)) == ("SANCTION", None)
    assert quad_class(sure) == 4


@pytest.mark.issue(15)
def test_learn_bundled_layer_scores_sentences(nlp: Language) -> None:
    layer = load_layer()
    doc = nlp("Ugandan troops shelled rebel positions near Gulu on Monday. "
              "The goalkeeper saved a penalty in the cup final.")
    attack, sport = layer.sentence_scores(doc)
    assert max(TYPES, key=lambda t: attack[t]) == "ASSAULT"
    assert attack["ASSAULT"] > 0.5 > max(sport[t] for t in TYPES)


@pytest.mark.issue(15)
def test_learn_layer_vetoes_and_calibrates_rule_mentions(nlp: Language) -> None:
    from flashpoint.coding.coder import code_doc
    from flashpoint.coding.cues import load_cues
    from flashpoint.coding.lexicon import load_lexicon

    cues = load_cues()
    doc = nlp("Bolivian police arrested twelve miners in Potosi on Tuesday.")
    mentions = code_doc(doc, doc_id="t", published=None, lexicon=load_lexicon(), cues=cues)
    model = load_model()
    score = model.predict(doc.sents)[0]

    def layer(**changes: float) -> LearnedLayer:
        base = {"veto_below": 0.0, "veto_other": 1.0, "veto_silent": 0.0, "supply_above": 1.01,
                "confidence_weight": 0.0}
        return LearnedLayer(model=model, settings=LayerSettings(**(base | changes)))

    def adjusted(**changes: float) -> list[tuple[str, float]]:
        return [(m.type, m.confidence) for m in layer(**changes).adjust(
            doc, mentions, doc_id="t", cues=cues, is_actor=lambda t: t.pos_ == "PROPN"
            or t.lemma_ == "police")]

    assert layer().idle
    assert adjusted() == [(m.type, m.confidence) for m in mentions] == [("COERCE", 0.9)]
    assert adjusted(veto_silent=1.0) == []  # nothing is sure enough: everything goes
    assert adjusted(confidence_weight=1.0) == [("COERCE", round(min(score["COERCE"], 0.99), 3))]
