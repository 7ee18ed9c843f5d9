"""The disk cache: what comes back is what was built, and anything off means a rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint import diskcache
from flashpoint.ingest import language


def test_diskcache_builds_once_then_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", str(tmp_path))
    calls: list[str] = []

    def build() -> dict[str, list[int]]:
        calls.append("built")
        return {"kisumu": [3, 1], "arusha": [7]}

    first = diskcache.cached("towns", diskcache.digest("v1"), build)
    again = diskcache.cached("towns", diskcache.digest("v1"), build)
    other = diskcache.cached("towns", diskcache.digest("v2"), build)
    assert first == again == other == {"kisumu": [3, 1], "arusha": [7]}
    assert calls == ["built", "built"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"towns-{diskcache.digest(v)}.pickle" for v in ("v1", "v2"))


def test_diskcache_rebuilds_what_does_not_load(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", str(tmp_path))
    key = diskcache.digest("v1")
    (tmp_path / f"pair-{key}.pickle").write_bytes(b"not a pickle")
    assert diskcache.cached("pair", key, lambda: (1, 2)) == (1, 2)
    # A readable file whose content `load` rejects is rebuilt too.
    def triple(state: object) -> tuple[int, int, int]:
        a, b, c = state  # type: ignore[misc]  # the cached pair does not unpack into three
        return a, b, c

    assert diskcache.cached("pair", key, lambda: (3, 4, 5), load=triple) == (3, 4, 5)
    assert diskcache.cached("pair", key, lambda: (0, 0, 0), load=triple) == (3, 4, 5)


def test_diskcache_language_identifier_matches_the_model_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", str(tmp_path))
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    texts = ["The harbour master closed the port of Mombasa to tankers on Tuesday.",
             "Le maire de Dakar a fermé le marché central mardi matin.",
             "Die Polizei sperrte am Dienstag die Brücke über den Rhein.",
             "La policía cerró el puente principal de Rosario el martes."]
    for _ in range(2):  # built and written, then read back
        language._identifier.cache_clear()
        identifier = language._identifier()
        assert [identifier.classify(t) for t in texts] == [reference.classify(t) for t in texts]
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["langid"]
    language._identifier.cache_clear()


def test_diskcache_builtin_actor_registry_matches_a_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from flashpoint.actors import resolve

    monkeypatch.setenv("FLASHPOINT_CACHE_DIR", str(tmp_path))
    fresh = resolve._build(())
    mentions = ["the Kenyan police", "Tanzanian troops", "the mayor of Mombasa", "rebels"]
    for _ in range(2):  # built and written, then read back
        resolve._load.cache_clear()
        loaded = resolve.load_registry()
        assert [f.name for f in dataclasses.fields(fresh)  # memos (compare=False) aside
                if f.compare and getattr(loaded, f.name) != getattr(fresh, f.name)] == []
        assert [resolve.resolve_actor(m, registry=loaded) for m in mentions] == [
            resolve.resolve_actor(m, registry=fresh) for m in mentions]
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["actors"]
    resolve._load.cache_clear()
