"""The seed page, coded by `flashpoint code` and scored by the project's own scorer.

Skips without ../shared (the seed page is third-party text and not in the repository).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from flashpoint.runner import code_paths


def test_seed_page_core_events_and_no_must_not(shared_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.jsonl"
    import json

    with out.open("w") as fh:
        code_paths([shared_dir / "seed" / "afghan-inaction.txt"],
                   emit=lambda e: fh.write(json.dumps(e.to_dict()) + "\n"))
    scored = subprocess.run(
        [sys.executable, str(shared_dir / "tools" / "score.py"), "seed",
         str(shared_dir / "seed" / "afghan-inaction.gold.yaml"), str(out)],
        capture_output=True, text=True, check=True)
    match = re.search(r"seed: (\d+)/(\d+) core events, (\d+) must-not", scored.stdout)
    assert match, scored.stdout
    found, total, violations = map(int, match.groups())
    assert (violations, total) == (0, 11), scored.stdout
    assert found >= 10, scored.stdout
