"""One event per happening in an article, and background kept out (issue #19)."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.coding.document import merge_document, reconcile_tolls
from flashpoint.records import ActorRef, Article, Event, EventDate, Fatalities, Span

PUBLISHED = date(2025, 3, 19)  # a Wednesday

ARTICLE = """Suicide bomber kills nine at army checkpoint in northern Mali

A suicide bomber struck an army checkpoint near Gao on Tuesday, killing at least nine \
soldiers, the army said.

Militants also stormed a village near Menaka on Tuesday, residents said.

Last month, gunmen abducted 20 traders on a highway near Gao.

In 2019, the army launched an offensive in the region.

Gunmen also attacked a bus near Gao on 2 March, police said.
"""


def test_headline_and_lead_are_one_attack_and_background_keeps_its_date(coder) -> None:  # type: ignore[no-untyped-def]
    events = coder.code_articles([Article(doc_id="mali", text=ARTICLE, published=PUBLISHED)])
    summary = [(e.sentence, e.type, e.source.actor if e.source else None,
                e.target.text if e.target else None, e.date.value if e.date else None,
                e.fatalities.killed) for e in events]
    assert summary == [
        (1, "ASSAULT", "UNKNOWN", "at least nine soldiers", "2025-03-18", 9),  # headline + lead
        (2, "ASSAULT", "UNKNOWN", "a village", "2025-03-18", None),  # another place, apart
        (3, "ASSAULT", "UNKNOWN", "20 traders", "2025-02-17", None),  # dated to its own month
        (4, "ASSAULT", "MLI.MIL", None, "2019-01-01", None),  # and year
        (5, "ASSAULT", "UNKNOWN", "a bus", "2025-03-02", None),  # and day
    ]
    # the merged attack keeps both its mentions, in text order; the others their own one
    assert [[m.text.split()[0] for m in e.mentions] for e in events] == [
        ["Suicide", "A"], ["Militants"], ["Last"], ["In"], ["Gunmen"]]
    assert all(ARTICLE[m.start:m.end] == m.text for e in events for m in e.mentions)


def test_tolls_keep_the_highest_firm_count_and_the_highest_bound() -> None:
    assert reconcile_tolls([Fatalities(killed_min=21), Fatalities(killed=25, killed_min=25)]) \
        == Fatalities(killed=25, killed_min=25)
    assert reconcile_tolls([Fatalities(killed=12, killed_min=12, injured=4),
                            Fatalities(killed_min=30)]) \
        == Fatalities(killed=12, killed_min=30, injured=4, injured_min=4)


def test_merging_nothing_is_nothing() -> None:
    assert merge_document([], PUBLISHED) == []


def test_forces_named_without_a_country_are_the_country_of_the_story(coder) -> None:  # type: ignore[no-untyped-def]
    text = ("Troops clash with rebels near Goma\n\n"
            "Heavy fighting broke out near Goma in eastern Congo on Monday, residents said.\n\n"
            "Security forces arrested 14 people in Bukavu on Tuesday, police said.")
    events = coder.code_articles([Article(doc_id="drc", text=text, published=PUBLISHED)])
    arrests = [(e.source.actor, e.source.country) for e in events
               if e.type == "COERCE" and e.source]
    assert arrests == [("COD.MIL", "COD")]


def test_a_surname_is_the_person_named_in_full_before(coder) -> None:  # type: ignore[no-untyped-def]
    text = ("Chilean President Gabriel Boric met Argentine President Javier Milei in Santiago "
            "on Monday.\n\nLater on Monday, Boric criticised the opposition for blocking the "
            "pension reform.")
    events = coder.code_articles([Article(doc_id="cl", text=text, published=PUBLISHED)])
    assert sorted((e.type, e.source.text, e.source.actor, e.target.actor if e.target else None)
                  for e in events if e.source) == [
        ("ACCUSE", "Boric", "CHL.GOV", "CHL.OPP"),  # the opposition: the story's country's
        ("CONSULT", "Argentine President Javier Milei", "ARG.GOV", "CHL.GOV"),
        ("CONSULT", "Chilean President Gabriel Boric", "CHL.GOV", "ARG.GOV"),
    ]


def test_a_plural_noun_names_several_happenings_and_joins_none(coder) -> None:  # type: ignore[no-untyped-def]
    text = ("Somalia has seen a wave of bombings in several towns in recent weeks.\n\n"
            "On Tuesday, militants attacked a police station in Beledweyne, killing four "
            "officers, police said.\n")
    events = coder.code_articles([Article(doc_id="so", text=text, published=PUBLISHED)])
    assert [(e.sentence, e.type, len(e.mentions)) for e in events] == [
        (0, "ASSAULT", 1), (1, "ASSAULT", 1)]


TOLL_ARTICLE = """Bomber kills at least 21 at a market in Maiduguri

A suicide bomber struck a crowded market in Maiduguri on Tuesday, killing at least 21 people, \
police said on Wednesday.

The death toll from the bombing rose to 25 on Thursday, hospital officials said.

Two attackers were also killed when soldiers opened fire on them, according to the army.
"""


@pytest.mark.issue(19)
def test_an_updated_toll_raises_the_merged_attack_and_attackers_stay_apart(coder) -> None:  # type: ignore[no-untyped-def]
    """The toll update gives 25 (not "at least 21"); "said on Wednesday" does not date the
    bombing; the two dead attackers are the soldiers' return fire, with a toll of their own,
    on the day of the attack the story tells."""
    events = coder.code_articles([Article(doc_id="market", text=TOLL_ARTICLE,
                                          published=date(2025, 3, 20))])
    summary = [(e.sentence, e.type, e.source.actor if e.source else None,
                e.target.text if e.target else None, e.date.value if e.date else None,
                e.fatalities, e.reported_by.text if e.reported_by else None, len(e.mentions))
               for e in events]
    assert summary == [
        (1, "ASSAULT", "UNKNOWN", "at least 21 people", "2025-03-18", Fatalities(25, 25),
         "police", 2),
        (3, "ASSAULT", "NGA.MIL", "Two attackers", "2025-03-18", Fatalities(2, 2), "the army", 1),
    ]


STORY_ARTICLE = """Gunmen attacked a police post in Diffa overnight, officials said on Friday.

Soldiers at the post fought back until the gunmen fled.

Two suspects were arrested at a roadblock.

In 2021, gunmen stormed the same post.
"""


@pytest.mark.issue(19)
def test_undated_acts_of_the_story_take_its_day_and_background_keeps_its_own(coder) -> None:  # type: ignore[no-untyped-def]
    events = coder.code_articles([Article(doc_id="diffa", text=STORY_ARTICLE,
                                          published=date(2025, 3, 21))])
    assert [(e.sentence, e.type, e.date) for e in events] == [
        (0, "ASSAULT", EventDate("2025-03-20", "day", "relative")),  # "overnight"
        (1, "ASSAULT", EventDate("2025-03-20", "day", "relative")),  # the soldiers' fight
        (2, "COERCE", EventDate("2025-03-20", "day", "relative")),
        (3, "ASSAULT", EventDate("2021-01-01", "year", "explicit")),  # background
    ]


CLAIM_ARTICLE = """Gunmen attacked an army post near Menaka on Sunday, killing 12 soldiers.

On Monday, JNIM claimed responsibility for the attack.

Separately, gunmen attacked a convoy near Gao on Sunday.

No group has claimed responsibility for the ambush.
"""


@pytest.mark.issue(19)
def test_a_claim_of_responsibility_joins_the_attack_and_names_its_source(coder) -> None:  # type: ignore[no-untyped-def]
    """The claimant is the source of the attack it claims; a claim nobody made joins nothing
    and names nobody."""
    events = coder.code_articles([Article(doc_id="menaka", text=CLAIM_ARTICLE,
                                          published=date(2025, 3, 18))])
    assert [(e.sentence, e.source.actor if e.source else None, e.fatalities.killed,
             len(e.mentions)) for e in events if e.type == "ASSAULT"] == [
        (0, "JNIM", 12, 2),
        (2, "UNKNOWN", None, 1),
    ]


NAMED_ARTICLE = """ISWAP fighters kill nine soldiers in Borno
Gunmen killed nine soldiers in an attack on a military base in Borno state on Tuesday, \
the army said.

Troops repelled the attackers, killing four of them.
"""


@pytest.mark.issue(19)
def test_an_unnamed_attacker_is_the_headlines_group_but_the_return_fire_stays(coder) -> None:  # type: ignore[no-untyped-def]
    """The headline (one line above the lead) names the group, the lead says "gunmen": one
    attack by the group, with both mentions; the troops' return fire is another event."""
    events = coder.code_articles([Article(doc_id="borno", text=NAMED_ARTICLE,
                                          published=PUBLISHED)])
    assert [(e.sentence, e.source.actor if e.source else None,
             e.target.actor if e.target else None, e.fatalities.killed,
             [m.text.split()[0] for m in e.mentions]) for e in events] == [
        (0, "ISWAP", "NGA.MIL", 9, ["ISWAP", "Gunmen"]),
        (2, "NGA.MIL", None, 4, ["Troops"]),
    ]


def _event(event_id: str, sentence: int, start: int, text: str, *, type_: str = "CONSULT",
           source: ActorRef | None = None, target: ActorRef | None = None) -> Event:
    span = Span(text, start, start + len(text))
    return Event(event_id=event_id, doc_id="d", sentence=sentence, evidence=span, type=type_,
                 mode=None, cameo=None, quad_class=None, goldstein=None, modality="asserted",
                 source=source, target=target, reported_by=None, location=None,
                 date=EventDate("2025-03-19", "day", "publication"), trigger=span)


@pytest.mark.issue(19)
def test_a_plural_of_one_act_joins_but_a_plural_of_attacks_does_not() -> None:
    """ "Talks" are one meeting; "attacks" are several happenings and join none."""
    sudan = ActorRef(text="Sudan", actor="SDN.GOV", country="SDN", sector="GOV")
    chad = ActorRef(text="Chad", actor="TCD.GOV", country="TCD", sector="GOV")
    talks = [_event("a", 0, 0, "talks", source=sudan, target=chad),
             _event("b", 2, 40, "talks")]
    assert [len(e.mentions) for e in merge_document(talks, PUBLISHED, several={"b"})] == [2]
    attacks = [_event("c", 0, 0, "attack", type_="ASSAULT", source=None, target=chad),
               _event("d", 2, 40, "attacks", type_="ASSAULT")]
    assert [len(e.mentions) for e in merge_document(attacks, PUBLISHED, several={"d"})] \
        == [1, 1]

