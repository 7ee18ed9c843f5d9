"""No third-party text in the repository: ../shared/tools/leak_check.py must report nothing.

The gold sets, the real-news excerpts and the seed page may be read at run time, never copied
into code, docstrings, tests, data files or docs (their licences forbid it, and a rule written
around a dev sentence only fits that sentence). The checker reports every run of 8+ words that
a tracked file shares with one of those texts. Skips where ../shared or git is absent (an
outside user's checkout, a source archive).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT.parent / "shared" / "tools" / "leak_check.py"


@pytest.mark.slow
def test_no_passage_of_gold_or_seed_text_is_copied_into_the_repository() -> None:
    if not CHECKER.is_file() or not (ROOT.parent / "shared" / "gold").is_dir():
        pytest.skip("../shared (gold data and its leak checker) is not present")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the checker reads the tracked files from git")
    run = subprocess.run([sys.executable, str(CHECKER), "--root", str(ROOT)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.stdout.strip().splitlines()[-1:] == [
        "0 copied passage(s) of 8+ words from gold or seed texts"], run.stdout + run.stderr
    assert run.returncode == 0, run.stdout + run.stderr
