"""The rule coder on short wire-style sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.coding.coder import code_doc
from flashpoint.coding.cues import load_cues
from flashpoint.coding.lexicon import load_lexicon
from flashpoint.records import EventMention

PUBLISHED = date(2024, 3, 12)  # a Tuesday


def _code(nlp, text: str) -> list[EventMention]:  # type: ignore[no-untyped-def]
    return code_doc(nlp(text), doc_id="t", published=PUBLISHED, lexicon=load_lexicon(),
                    cues=load_cues())


def _summary(mentions: list[EventMention]) -> set[tuple[str, str, str | None, str | None]]:
    return {(m.type, m.modality, m.source.text if m.source else None,
             m.target.text if m.target else None) for m in mentions}


@pytest.mark.parametrize(("text", "expected"), [
    ("Police in Kano have yet to arrest the suspects.",
     ("COERCE", "negated", "Police", "the suspects")),
    ("The government failed to take action against the smugglers.",
     ("COERCE", "negated", "The government", "the smugglers")),
    ("Four police officers were killed by bandits in Zamfara on Sunday.",
     ("ASSAULT", "asserted", "bandits", "Four police officers")),
    ("If the rebels attack the town, the army will respond.",
     ("ASSAULT", "hypothetical", "the rebels", "the town")),
])
def test_coding_modality_and_roles(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in _summary(_code(nlp, text))


def test_coding_blame_makes_the_blamed_event_alleged(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _summary(_code(nlp, "Villagers blamed the army for a purported drone strike."))
    assert ("ACCUSE", "asserted", "Villagers", "the army") in found
    assert any(t == "ASSAULT" and m == "alleged" and s == "the army" for t, m, s, _ in found)
    assert not any(t == "ASSAULT" and m == "asserted" for t, m, _, _ in found)


def test_coding_threatened_to_is_a_threat_not_an_attack(nlp) -> None:  # type: ignore[no-untyped-def]
    types = {m.type for m in _code(nlp, "Iran threatened to attack the tankers.")}
    assert types == {"THREATEN"}


def test_coding_ultimatum_is_a_threat(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions = _code(nlp, "The junta told the protesters to leave the square or face arrest.")
    threats = [m for m in mentions if m.type == "THREATEN"]
    assert [m.source.text if m.source else None for m in threats] == ["The junta"]
    assert not [m for m in mentions if m.type == "COERCE" and m.modality == "asserted"]


def test_coding_pronoun_takes_the_previous_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Kenya hosted a round of talks on Monday. It urged the rebels to accept a truce."
    requests = [m for m in _code(nlp, text) if m.type == "REQUEST"]
    assert [(m.source.text if m.source else None) for m in requests] == ["Kenya"]


@pytest.mark.parametrize("text", [
    "Will the army attack the rebels before the rains?",
    "It will be a challenge for the new government to deal with the unrest.",
])
def test_coding_questions_and_forecasts_yield_nothing(nlp, text) -> None:  # type: ignore[no-untyped-def]
    assert _code(nlp, text) == []


def test_coding_reported_speech_keeps_the_reporter(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions = _code(nlp, "Officials said militants attacked a convoy near Gao on Monday.")
    attack = next(m for m in mentions if m.type == "ASSAULT")
    assert (attack.modality, attack.reported_by.text if attack.reported_by else None,
            attack.date.value if attack.date else None) == ("asserted", "Officials", "2024-03-11")


def test_coding_toll_attaches_to_the_attack(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Gunmen stormed a village in Plateau state, killing at least 12 people and "
            "wounding seven others.")
    attacks = [m for m in _code(nlp, text) if m.type == "ASSAULT"]
    assert len(attacks) == 1
    f = attacks[0].fatalities
    assert (f.killed, f.killed_min, f.injured, f.injured_min) == (None, 12, 7, 7)
    assert attacks[0].mode == "firearms"
