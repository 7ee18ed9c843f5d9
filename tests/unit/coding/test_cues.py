"""The cue lists as a typed model: a list the file lacks, or one no rule reads, fails at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.coding.cues import Cues, load_cues
from flashpoint.datafiles import package_data
from flashpoint.errors import DataFileError, UnknownName


def _write(tmp_path: Path, old: str, new: str) -> Path:
    text = package_data("coding", "cues.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "cues.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_cues_every_field_is_filled_from_the_bundled_file() -> None:
    cues = load_cues()
    assert all(words for _, words in cues.items())
    assert "kill" in cues.kill_words
    assert "artillery" in cues.mode_words("heavy-weapons")


def test_cues_unknown_list_name_fails_at_load(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: kill_words", "name: kill_wrods")
    with pytest.raises(DataFileError, match=r"kill_wrods.*kill_words are missing"):
        load_cues(path)


def test_cues_lookup_by_unknown_name_raises() -> None:
    with pytest.raises(UnknownName, match="'kill_wrods'"):
        load_cues().get("kill_wrods")


def test_cues_fields_are_lower_case_sets() -> None:
    assert Cues.model_fields["kill_words"].annotation == frozenset[str]
    assert load_cues().reciprocal_types == frozenset({"agree", "consult", "cooperate", "aid"})
