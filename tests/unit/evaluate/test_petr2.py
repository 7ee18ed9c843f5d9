"""`--task petr2` codes with the validation dictionaries found beside the gold folder."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from flashpoint.evaluate.petr2 import Petr2Dictionaries, petr2_dictionaries

ACTORS = "KELDORIA\n\t[KLD]\nVARNHOLM_MINISTRY\n\t[VRNGOV]\n"
AGENTS = "COASTGUARD {} [~MILNAV]\n"
VERBS = "--- SALUTE  [051] ---\nSALUTE\n"


@pytest.fixture()
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "gold").mkdir()
    return tmp_path


def test_petr2_dictionaries_beside_the_gold_folder(shared: Path) -> None:
    folder = shared / "reference" / "petrarch"
    folder.mkdir(parents=True)
    for name, text in (("actors", ACTORS), ("agents", AGENTS), ("verbs", VERBS)):
        (folder / f"PETR.Validate.{name}.txt").write_text(text, encoding="utf-8")
    found = petr2_dictionaries(shared / "gold" / "unittest.dev.jsonl")
    assert found is not None
    assert found.verbs == (folder / "PETR.Validate.verbs.txt",)
    assert [p.parent for p in found.actors] == [shared / "cache"]
    entries = yaml.safe_load(found.actors[0].read_text(encoding="utf-8"))["entries"]
    assert sorted(e["code"] for e in entries) == ["KLD", "VRNGOV", "~MILNAV"]
    # converted once: a second call finds the same registry
    assert petr2_dictionaries(shared / "gold" / "unittest.dev.jsonl") == found
    assert isinstance(found, Petr2Dictionaries)


def test_petr2_dictionaries_absent(shared: Path) -> None:
    assert petr2_dictionaries(shared / "gold" / "unittest.dev.jsonl") is None
