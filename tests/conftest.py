"""The suite's only conftest: the spaCy pipeline and coder loaded once, stores, shared data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The pinned English pipeline, loaded once for the whole run."""
    from flashpoint.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def coder():  # type: ignore[no-untyped-def]
    """The default rule coder (model, lexicon, cues, registries)."""
    from flashpoint.pipeline import load_coder

    return load_coder()


@pytest.fixture()
def shared_dir() -> Path:
    """../shared (gold data, the seed page); tests that need it skip without it."""
    if not (SHARED / "seed" / "afghan-inaction.txt").is_file():
        pytest.skip("../shared is not present (it is there in CI, not for outside users)")
    return SHARED


@pytest.fixture()
def tmp_db(tmp_path: Path) -> Iterator[Path]:
    """A path for a fresh DuckDB store."""
    yield tmp_path / "test.duckdb"
