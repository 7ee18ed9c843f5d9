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
