"""The package root exports exactly its documented public API, and every name resolves."""

from __future__ import annotations

import subprocess
import sys

import flashpoint


def test_public_api_all_is_sorted_and_complete() -> None:
    assert flashpoint.__all__ == sorted(flashpoint.__all__)
    assert set(flashpoint.__all__) == set(flashpoint._EXPORTS) | {"__version__"}
    for name in flashpoint.__all__:
        assert getattr(flashpoint, name) is not None, name


def test_public_api_import_is_light() -> None:
    # `import flashpoint` must not load spaCy or DuckDB (STYLE.md: no import-time work)
    code = "import sys, flashpoint; print('spacy' in sys.modules, 'duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def test_public_api_codes_a_text() -> None:
    import datetime

    events = flashpoint.code_text(
        "Gunmen killed 12 villagers in Zamfara state on Sunday, police said.",
        date=datetime.date(2024, 3, 12))
    assert [(e.type, e.modality, e.fatalities.killed, e.date.value if e.date else None)
            for e in events] == [("ASSAULT", "asserted", 12, "2024-03-10")]
    assert events[0].reported_by is not None and events[0].reported_by.sector == "POL"
