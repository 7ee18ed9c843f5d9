"""The built-in registry's disk cache across checkouts: its Phoenix layer is read by path."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from flashpoint import datafiles
from flashpoint.actors import resolve


@pytest.fixture
def clean_caches() -> Iterator[None]:
    resolve.phoenix_layer.cache_clear()
    resolve._load.cache_clear()
    yield
    resolve.phoenix_layer.cache_clear()
    resolve._load.cache_clear()


def _layer_at(monkeypatch: pytest.MonkeyPatch, copy: Path) -> None:
    """Point the package's Phoenix file at `copy`, as another checkout of the package would."""
    real = datafiles.package_data

    def package_data(part: str, name: str) -> Path:
        return copy if (part, name) == ("actors", resolve.PHOENIX) else real(part, name)

    monkeypatch.setattr(resolve.datafiles, "package_data", package_data)
    resolve.phoenix_layer.cache_clear()
    resolve._load.cache_clear()


def test_registry_cache_of_a_removed_checkout_is_not_reused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_caches: None) -> None:
    bundled = datafiles.package_data("actors", resolve.PHOENIX)
    if not bundled.is_file():
        pytest.skip("no bundled Phoenix layer in this install")
    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", str(tmp_path / "cache"))
    first, second = tmp_path / "one" / resolve.PHOENIX, tmp_path / "two" / resolve.PHOENIX
    for copy in (first, second):
        copy.parent.mkdir()
        shutil.copyfile(bundled, copy)

    _layer_at(monkeypatch, first)
    built = resolve._load(())
    assert built.layer is not None and built.layer.path == first
    shutil.rmtree(first.parent)  # that checkout is gone; its pickle stays in the cache

    _layer_at(monkeypatch, second)
    again = resolve._load(())
    assert again.layer is not None and again.layer.path == second
    # a look-up that reaches the layer reads the file that is there
    assert again.lookup_layer(("no", "such", "alias", "anywhere")) == ()
