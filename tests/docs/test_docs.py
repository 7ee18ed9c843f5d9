"""Docs stay true to the code: generated references are fresh, data files are documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_docs_generated_references_are_fresh() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "gendocs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_docs_every_data_file_is_documented() -> None:
    text = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    files = [p for p in (ROOT / "src" / "flashpoint").glob("*/data/*") if p.is_file()]
    assert files
    missing = [str(p.relative_to(ROOT / "src" / "flashpoint")) for p in files
               if p.name not in text]
    assert missing == []


def test_docs_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "\ndemo:" in makefile and "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
