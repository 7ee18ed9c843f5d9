"""The gazetteer's disk cache: a cached gazetteer is the built one, and anything off rebuilds."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from flashpoint.geo import cache
from flashpoint.geo.gazetteer import Gazetteer, load_gazetteer, name_key


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    return load_gazetteer()


def _builder(gaz: Gazetteer) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> Gazetteer:
        calls.append(1)
        return gaz

    return calls, build


def _state(gaz: Gazetteer) -> dict[str, object]:
    """Everything but the lock, as plain values: arrays as bytes, entries as a list."""
    out: dict[str, object] = {}
    for key, value in vars(gaz).items():
        if key == "_entries":
            out[key] = list(value)
        elif key != "_lock":
            out[key] = value.tobytes() if isinstance(value, array) else value
    return out


def test_geo_cache_round_trip_equals_the_build(built: Gazetteer, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", str(tmp_path))
    calls, build = _builder(built)
    first = cache.cached(build)
    again = cache.cached(build)
    assert calls == [1] and first is built and again is not built
    assert [p.name for p in tmp_path.iterdir()] == [f"gazetteer-{cache.cache_key()}.pickle"]
    assert _state(again) == _state(built)
    for name in ("Mombasa", "Rift Valley", "Kenya", "Valparaíso"):
        assert again.lookup(name_key(name)) == built.lookup(name_key(name)), name
    assert again.names_in("KEN") == built.names_in("KEN")


def test_geo_cache_rebuilds_a_corrupt_file(built: Gazetteer, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", str(tmp_path))
    (tmp_path / f"gazetteer-{cache.cache_key()}.pickle").write_bytes(b"\x80\x05truncated")
    calls, build = _builder(built)
    assert cache.cached(build) is built and calls == [1]
    assert _state(cache.cached(build)) == _state(built) and calls == [1]


def test_geo_cache_off_and_unwritable(built: Gazetteer, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", "off")
    calls, build = _builder(built)
    assert cache.diskcache.cache_dir() is None
    assert cache.cached(build) is built and cache.cached(build) is built and calls == [1, 1]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", str(blocker / "cache"))
    assert cache.cached(build) is built and calls == [1, 1, 1]


def test_geo_cache_key_changes_with_the_data(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    before = cache.cache_key()
    changed = tmp_path / "additions.csv"
    original = cache.datafiles.package_data("geo", "additions.csv")
    changed.write_bytes(original.read_bytes() + b"\n")
    real = cache.datafiles.package_data
    monkeypatch.setattr(cache.datafiles, "package_data",
                        lambda part, name: changed if name == "additions.csv" else real(part, name))
    assert cache.cache_key() != before
