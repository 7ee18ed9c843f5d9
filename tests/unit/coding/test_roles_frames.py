"""Who did it to whom in paraphrased frames (#16): sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.pipeline import code_text
from flashpoint.records import Event

D = date(2024, 5, 14)


def _pairs(events: list[Event], kind: str) -> list[tuple[str | None, str | None]]:
    return [(e.source.actor if e.source else None, e.target.actor if e.target else None)
            for e in events if e.type == kind]


@pytest.mark.issue(16)
@pytest.mark.parametrize(("text", "kind", "pairs"), [
    # a document's participle is said by whoever issued it
    ("Amnesty International issued a statement calling on the Zambian government to free "
     "the detained editors.", "REQUEST", [("AMNESTY", "ZMB.GOV")]),
    ("Human Rights Watch put out a report accusing the Tunisian police of torture.",
     "ACCUSE", [("HRW", "TUN.POL")]),
    # a state the subject is in: "remained on alert"
    ("Kenyan troops remained on alert along the frontier.", "MOBILIZE", [("KEN.MIL", None)]),
    # a passive agreement "between" two sides is theirs
    ("It was agreed between Kenya and Uganda that both sides would reopen the border.",
     "AGREE", [("KEN.GOV", "UGA")]),
    # a speech act's author after "from", on the noun or on a verb that receives it
    ("The decree drew immediate condemnation from the Kenyan opposition.", "ACCUSE",
     [("KEN.OPP", None)]),
    # harm done in an attack its own participle's "by" attributes
    ("Three schools were destroyed in an attack staged by Boko Haram fighters.",
     "ASSAULT", [("BOKO_HARAM", "NGA.EDU")]),
    # forces deployed with no one said to send them are who mobilises
    ("Thousands of Kenyan troops were deployed to contain the riots.", "MOBILIZE",
     [("KEN.MIL", None)]),
    # the side that fought before an active deed is its doer
    ("Al-Shabaab fighters overran a Somali army post after a fierce firefight.", "ASSAULT",
     [("ALSHABAAB", "SOM.MIL"), ("ALSHABAAB", None)]),
    # a mediator is no party; the effort's frame gives its author
    ("President Ruto launched a mediation effort between Ethiopia and Eritrea.", "CONSULT",
     [("KEN.GOV", "ETH")]),
])
def test_roles_sources_in_paraphrased_frames(text: str, kind: str,
                                             pairs: list[tuple[str | None, str | None]]) -> None:
    assert _pairs(code_text(text, date=D), kind) == pairs


@pytest.mark.issue(16)
def test_roles_joining_someone_for_talks_consults_them() -> None:
    events = code_text("The Kenyan foreign minister joined his Ugandan counterpart for talks "
                       "in Kampala.", date=D)
    assert _pairs(events, "CONSULT") == [("KEN.GOV", "UGA"), ("UGA.GOV", "KEN.GOV")]


@pytest.mark.issue(16)
@pytest.mark.parametrize(("text", "kind", "pairs"), [
    # the country a threatened attack would hit, not the attack itself
    ("Hezbollah threatened to resume rocket attacks in Israel.", "THREATEN",
     [("HEZBOLLAH", "ISR")]),
    # a thing's author after "from", or a participle's "by" agent, is the target
    ("The Malian government finally conceded to demands from Ivorian strikers.", "CONCEDE",
     [("MLI.GOV", "CIV.CVL")]),
    ("Turkish police prevented a march organised by Kurdish students.", "COERCE",
     [("TUR.POL", "TUR.EDU")]),
    # a complaint is aimed at whoever did what it is about, not at whom it is made to
    ("Kenya complained to the African Union over Somali air strikes.", "ACCUSE",
     [("KEN.GOV", "SOM")]),
    # a place or thing the threatened act is aimed at stands for its owner
    ("Serbia threatened to cut off power to the Bosnian town of Gorazde.", "THREATEN",
     [("SRB.GOV", "BIH")]),
    # a post near a town the parser reads as a person: the gazetteer places it
    ("Rebels attacked a police post near Gao on Sunday.", "ASSAULT",
     [("UNKNOWN", "MLI.POL")]),
])
def test_roles_targets_in_paraphrased_frames(text: str, kind: str,
                                             pairs: list[tuple[str | None, str | None]]) -> None:
    assert _pairs(code_text(text, date=D), kind) == pairs
