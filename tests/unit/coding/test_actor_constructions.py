"""Who acts and on whom in news constructions (#16 items 3-4, #19 items 4 and 6): sentences
written for these tests."""

from __future__ import annotations

from flashpoint.coding.syntax import fuller_mention
from flashpoint.records import Article


def _events(coder, text: str):  # type: ignore[no-untyped-def]
    return coder.code_articles([Article(doc_id="t", text=text)])


def _dyads(coder, text: str, kind: str) -> list[tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(e.source.actor if e.source else None, e.target.actor if e.target else None)
            for e in _events(coder, text) if e.type == kind]


def test_a_short_name_is_the_person_its_fuller_mention_names(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Uruguayan President Rosa Campos arrived in Lima on Monday. "
              "Later, Campos imposed a curfew on the capital.")
    short = [t for t in doc if t.text == "Campos"][-1]
    fuller = fuller_mention(short)
    assert fuller is not None and fuller.text == "Uruguayan President Rosa Campos"
    alone = nlp("Campos imposed a curfew on the capital.")
    assert fuller_mention(alone[0]) is None


def test_a_short_name_takes_the_office_of_its_fuller_mention(coder) -> None:  # type: ignore[no-untyped-def]
    text = ("Uruguayan President Rosa Campos arrived in Lima on Monday. "
            "Later, Campos imposed a curfew on the capital.")
    sources = [e.source.actor for e in _events(coder, text) if e.type == "COERCE" and e.source]
    assert sources == ["URY.GOV"]


def test_a_restriction_with_no_target_falls_on_the_country_s_people(coder) -> None:  # type: ignore[no-untyped-def]
    assert _dyads(coder, "Ecuador's president declared a state of emergency on Tuesday.",
                  "COERCE") == [("ECU.GOV", "ECU.CVL")]
    # a body above states lays nothing on a people of its own
    assert _dyads(coder, "The European Union imposed restrictions on Tuesday.",
                  "COERCE") == [("EU", None)]


def test_the_purpose_clause_names_whom_an_act_is_for(coder) -> None:  # type: ignore[no-untyped-def]
    text = ("Ugandan farmers began a hunger strike outside the ministry to demand the return "
            "of land seized by Ugandan army units.")
    assert ("UGA.CVL", "UGA.MIL") in _dyads(coder, text, "PROTEST")
    opened = _events(coder, "Kenya reopened the border bridge to allow the delivery of maize "
                            "to Somalia, where drought persists.")
    assert {(e.source.actor if e.source else None, e.target.country if e.target else None)
            for e in opened if e.type == "RETREAT"} == {("KEN.GOV", "SOM")}


def test_a_reporter_named_short_or_by_a_sector_is_resolved(coder) -> None:  # type: ignore[no-untyped-def]
    text = ("Uruguayan Interior Minister Rosa Campos visited Rivera on Monday. "
            "Police killed two smugglers near the border, Campos said.")
    shot = [e for e in _events(coder, text) if e.type == "ASSAULT"]
    assert [e.reported_by.actor if e.reported_by else None for e in shot] == ["URY.GOV"]
    abducted = [e for e in _events(coder, "Gunmen abducted six teachers in Zamfara on Sunday, "
                                          "a police spokesman said.") if e.type == "ASSAULT"]
    assert [(e.reported_by.text, e.reported_by.actor) if e.reported_by else None
            for e in abducted] == [("a police spokesman", "NGA.POL")]
