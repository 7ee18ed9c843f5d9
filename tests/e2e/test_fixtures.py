"""Our own fixture articles, coded end to end and compared with their hand-coded events.

Each expected event must be found with its type, modality and sentence, its source actor and
its toll. Events the coder is known to miss are listed in KNOWN_MISSES with the reason, and
marked `xfail(strict=True)`: the day the coder gets them right, the test says so.
"""

from __future__ import annotations

import pytest
from fixtures import (  # type: ignore[import-not-found]
    coded,
    load_fixtures,
    same_happening,
    source_right,
    toll_right,
)

FIXTURES = load_fixtures()
KNOWN_MISSES: dict[str, str] = {
}
KNOWN_FALSE_EVENTS: dict[str, str] = {
}


def _cases() -> list[object]:
    cases: list[object] = []
    for fixture in FIXTURES:
        for i, expected in enumerate(fixture.events):
            case_id = f"{fixture.name}#{i}:{expected['type']}"
            marks = [pytest.mark.xfail(reason=KNOWN_MISSES[case_id], strict=True)] if (
                case_id in KNOWN_MISSES) else []
            cases.append(pytest.param(fixture.name, expected, id=case_id, marks=marks))
    return cases


@pytest.mark.parametrize(("name", "expected"), _cases())
def test_fixture_event_is_coded(name: str, expected: dict[str, object]) -> None:
    candidates = [e for e in coded()[name] if same_happening(e, expected)]
    assert candidates, f"no {expected['type']}/{expected['modality']} in {expected['evidence']!r}"
    assert any(source_right(e, expected) for e in candidates), [
        (e.source.actor if e.source else None) for e in candidates]
    assert any(toll_right(e, expected) and source_right(e, expected) for e in candidates), [
        e.fatalities for e in candidates]


@pytest.mark.parametrize("fixture", [
    pytest.param(f, id=f.name, marks=[pytest.mark.xfail(reason=KNOWN_FALSE_EVENTS[f.name],
                                                        strict=True)]
                 if f.name in KNOWN_FALSE_EVENTS else []) for f in FIXTURES])
def test_fixture_not_events_are_not_asserted(fixture: object) -> None:
    events = coded()[fixture.name]  # type: ignore[attr-defined]
    expected = fixture.events  # type: ignore[attr-defined]
    for text in fixture.not_events:  # type: ignore[attr-defined]
        # an asserted event from that text is wrong unless it is one the fixture expects
        wrong = [(e.type, e.trigger.text if e.trigger else None) for e in events
                 if text in e.evidence.text and e.modality == "asserted"
                 and not any(same_happening(e, x) for x in expected)]
        assert wrong == [], text
