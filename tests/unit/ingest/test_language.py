"""Language labels from py3langid."""

from __future__ import annotations

import pytest

from flashpoint.ingest import detect_language


@pytest.mark.parametrize(("text", "expected"), [
    ("Rebels attacked the town on Sunday, killing three soldiers, the army said.", "en"),
    ("Les rebelles ont attaqué la ville dimanche, tuant trois soldats, a indiqué l'armée.", "fr"),
    ("Los rebeldes atacaron la ciudad el domingo y mataron a tres soldados, dijo el ejército.",
     "es"),
    ("12 345 -- 2024", "und"),
    ("", "und"),
])
def test_ingest_language_is_detected(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.issue(20)
@pytest.mark.parametrize("text", [
    "Police arrested ten protesters in Nairobi on Friday.",
    "Troops killed six gunmen in Zamfara state.",
    "Protesters marched in Lima.",
    "Soldiers shot two men in Goma.",
])
def test_ingest_short_english_is_not_taken_for_another_language(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.issue(20)
@pytest.mark.parametrize(("text", "expected"), [
    ("La policía detuvo a diez manifestantes en Lima el viernes.", "es"),
    ("Die Polizei nahm zehn Demonstranten fest.", "de"),
    ("Les soldats ont tué six hommes.", "fr"),
    ("Polisi iliwakamata waandamanaji kumi.", "sw"),
])
def test_ingest_short_text_in_another_language_keeps_its_label(text: str,
                                                               expected: str) -> None:
    assert detect_language(text) == expected
