"""The CAMEO verb layer: reading a PETRARCH verb dictionary and coding with it where our
own triggers are silent. The dictionary below is written for these tests in PETRARCH's format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flashpoint.coding.coder import code_doc
from flashpoint.coding.cues import load_cues
from flashpoint.coding.lexicon import Lexicon, Trigger, load_lexicon
from flashpoint.coding.verbdict import (
    nearest_cameo,
    read_verb_dictionary,
    singular,
    to_patterns,
)

DICTIONARY = """\
# a small verb dictionary in PETRARCH's format
&ARMY
+TROOPS
+SOLDIER

####### VERB PATTERNS #######

---  HURRY   [---]  ---
HURRY {HURRIES HURRYING HURRIED }
DISPATCH
- * &ARMY (TO BORDER)                                [154]         # HURRY
- * RELIEF                                           [073]         # HURRY
- * (FOR {FINANCIAL AID})                            [0231]        # HURRY

---  CONFRONT   [040]  ---
+CONFER_WITH {+CONFERS_WITH +CONFERRED_WITH}
CONFRONT
- * QUESTIONS                                        [---]         # CONFRONT
- * COMMENT                                          [010]         # CONFRONT
- * RETRIAL                                          [:173]        # CONFRONT
- POLICE *                                           [175]         # CONFRONT
"""


@pytest.fixture()
def verbs(tmp_path: Path) -> list[Trigger]:
    path = tmp_path / "verbs.txt"
    path.write_text(DICTIONARY, encoding="utf-8")
    return read_verb_dictionary(path)


def _entry(lemma: str, cameo: str, **fields: object) -> Trigger:
    return Trigger.model_validate({"lemma": lemma, "pos": "VERB", "cameo": cameo,
                                   "target_preps": ["to"], **fields})


def test_verbdict_reads_blocks_patterns_and_codes(verbs: list[Trigger]) -> None:
    mobilize = {"type": "MOBILIZE", "mode": "troops", "objects": ["soldier", "troop", "troops"],
                "with_prep": ["to"], "prep_objects": ["border"], "confidence": 0.5}
    relief = {"type": "AID", "objects": ["relief"], "confidence": 0.5}
    appeal = {"type": "REQUEST", "mode": "assist", "with_prep": ["for"], "prep_objects": ["aid"],
              "confidence": 0.5}
    assert verbs == [
        _entry("hurry", "154", **mobilize), _entry("dispatch", "154", **mobilize),
        _entry("hurry", "073", **relief), _entry("dispatch", "073", **relief),
        _entry("hurry", "0231", **appeal), _entry("dispatch", "0231", **appeal),
        # "[:173]": the subject undergoes the act, so source and target trade places
        _entry("confront", "173", type="COERCE", mode="arrest", objects=["retrial"], hosted=True,
               confidence=0.5),
        _entry("confront", "175", type="ASSAULT", subjects=["police"], confidence=0.5),
        # the null pattern and the statement (CAMEO 01, no PLOVER type) keep the block
        # code off their objects
        _entry("confront", "040", type="CONSULT", not_objects=["comment", "question",
                                                               "questions"], confidence=0.4),
        # a multi-word verb keeps its preposition; the block code is the verb's own; a bare
        # preposition says least, so it goes last
        _entry("confer", "040", type="CONSULT", with_prep=["with"], confidence=0.5),
    ]


def test_verbdict_folds_synonyms_into_one_pattern(verbs: list[Trigger]) -> None:
    patterns = to_patterns(verbs)
    assert [p.verbs for p in patterns][:3] == [["hurry", "dispatch"]] * 3
    assert [t for p in patterns for t in p.triggers()] == [
        t.model_copy(update={"dyadic": True}) for t in verbs]


@pytest.mark.parametrize(("word", "lemma"), [
    ("sanctions", "sanction"), ("rallies", "rally"), ("witnesses", "witness"),
    ("crisis", "crisis"), ("talks", "talk"), ("press", "press")])
def test_verbdict_singular_of_dictionary_nouns(word: str, lemma: str) -> None:
    assert singular(word) == lemma


def _code(nlp, text: str, lexicon: Lexicon) -> list[tuple[str, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    mentions = code_doc(nlp(text), doc_id="t", published=date(2024, 5, 2), lexicon=lexicon,
                        cues=load_cues())
    return [(m.type, m.cameo, m.source.text if m.source else None,
             m.target.text if m.target else None) for m in mentions]


def test_verbdict_layer_codes_between_two_actors_where_ours_are_silent(nlp, verbs) -> None:  # type: ignore[no-untyped-def]
    own = load_lexicon(verb_layer=False)
    lexicon = Lexicon(own.entries, own.versions, [
        t.model_copy(update={"dyadic": True}) for t in verbs])
    text = "Peru hurried relief to Ecuador."
    assert _code(nlp, text, own) == []
    assert _code(nlp, text, lexicon) == [("AID", "073", "Peru", "Ecuador")]
    # a verb of the layer codes only between two named actors
    assert _code(nlp, "Peru hurried relief to the valley.", lexicon) == []
    # a sentence our own triggers code is left to them
    assert _code(nlp, "Peru hurried relief to Ecuador and attacked Chile.", lexicon) == [
        ("ASSAULT", "190", "Peru", "Chile")]


def test_verbdict_bundled_layer_loads_under_the_triggers() -> None:
    lexicon = load_lexicon()
    assert lexicon.layer is not None
    assert [v.split("@")[0] for v in lexicon.versions] == ["triggers", "cameo_verbs"]
    assert lexicon.lookup("rush", "VERB") == []  # not ours: only the layer knows it
    assert {t.cameo for t in lexicon.layer.lookup("rush", "VERB")} >= {"073", "154"}


# a user's own dictionary in the TABARI style: WEIS-era codes CAMEO does not define (223),
# a CAMEO code below a defined parent (1717 -> 171), a header in XML comments
OWN_DICTIONARY = """\
<!-- A TEST DICTIONARY -->
<!-- codes -- mostly WEIS --- not CAMEO -->

--- STORM  [223] ---
STORM
- * OFFICES  [1717]

--- RENEW  [064] ---
RENEW
- * FRIENDSHIP  [051]
"""


@pytest.fixture()
def own_path(tmp_path: Path) -> Path:
    path = tmp_path / "own.verbs.txt"
    path.write_text(OWN_DICTIONARY, encoding="utf-8")
    return path


def test_verbdict_own_dictionary_keeps_its_codes(own_path: Path) -> None:
    types = {"storm": ("ASSAULT", None)}
    found = read_verb_dictionary(own_path, own_codes=types.get)
    assert [(t.lemma, t.cameo, t.type, t.objects, t.own_code) for t in found] == [
        ("storm", "1717", "COERCE", ["office", "offices"], True),
        # 223 is no CAMEO code: the type is what the bundled lexicon says "storm" is
        ("storm", "223", "ASSAULT", None, True),
        ("renew", "051", "SUPPORT", ["friendship"], True),
        ("renew", "064", "COOPERATE", None, True),
    ]
    # a code with neither a CAMEO ancestor nor a typed verb is left out
    assert [t.lemma for t in read_verb_dictionary(own_path, own_codes=lambda verb: None)
            if t.cameo == "223"] == []


def test_verbdict_nearest_cameo_of_a_user_code() -> None:
    assert nearest_cameo("1717", "COERCE") == "171"
    assert nearest_cameo("0874", "RETREAT") == "0874"
    assert nearest_cameo("223", "ASSAULT") == "190"  # no ancestor: the type's default code


def test_verbdict_user_verbs_replace_ours_and_survive_recoding(nlp, own_path: Path) -> None:  # type: ignore[no-untyped-def]
    ours = load_lexicon(verb_layer=False)
    lexicon = load_lexicon(verb_layer=False, verbs=[own_path])
    assert [v.split("@")[0] for v in lexicon.versions] == ["triggers", "own.verbs.txt"]
    assert {t.cameo for t in lexicon.lookup("storm", "VERB")} == {"1717", "223"}
    assert ours.lookup("storm", "VERB") != lexicon.lookup("storm", "VERB")
    assert _code(nlp, "Chilean troops stormed the offices of the Peruvian consulate.",
                 lexicon) == [("COERCE", "1717", "Chilean troops", None)]
    # "is about to renew ties" is the renewal in the user's dictionary, not an announced
    # intent (CAMEO 03), as the bundled lexicon would code it
    assert _code(nlp, "Peru is about to renew ties with Bolivia.", lexicon) == [
        ("COOPERATE", "064", "Peru", "Bolivia")]


def test_verbdict_user_verb_finds_its_target_in_the_verb_phrase(nlp, own_path: Path) -> None:  # type: ignore[no-untyped-def]
    lexicon = load_lexicon(verb_layer=False, verbs=[own_path])
    # the object names no actor: the first actor inside the verb phrase is the target, as
    # PETRARCH codes with the dictionaries such a file is written for
    assert _code(nlp, "Peru renewed the old spirit of friendship with Bolivia.", lexicon) == [
        ("COOPERATE", "064", "Peru", "Bolivia")]
    # not one inside a clause the verb governs
    assert _code(nlp, "Peru renewed its friendship after Bolivia opened the border.",
                 lexicon)[0] == ("SUPPORT", "051", "Peru", None)
    # coordinated sources are one event each, also for a mutual act
    mentions = code_doc(nlp("Chile and Peru renewed ties with Bolivia."), doc_id="t",
                        published=date(2024, 5, 2), lexicon=lexicon, cues=load_cues())
    assert [(m.cameo, m.source_text or (m.source.text if m.source else None),
             m.target.text if m.target else None) for m in mentions] == [
        ("064", "Chile", "Bolivia"), ("064", "Peru", "Bolivia")]
