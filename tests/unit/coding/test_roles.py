"""Who did what to whom: the role rules on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Doc

from flashpoint.coding.coder import code_doc
from flashpoint.coding.cues import load_cues
from flashpoint.coding.lexicon import load_lexicon
from flashpoint.coding.syntax import np_span, subject_of
from flashpoint.records import EventMention

PUBLISHED = date(2024, 5, 14)


def _code(nlp, text: str) -> list[EventMention]:  # type: ignore[no-untyped-def]
    return code_doc(nlp(text), doc_id="t", published=PUBLISHED, lexicon=load_lexicon(),
                    cues=load_cues())


def _sources(mentions: list[EventMention], kind: str) -> list[str | None]:
    return [m.source_text or (m.source.text if m.source else None)
            for m in mentions if m.type == kind]


def test_roles_people_in_a_country_keep_their_place(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Ethnic Serbs in northern Kosovo are demanding new local elections.")
    subject = next(t for t in doc if t.dep_ == "nsubj")
    assert np_span(subject).text == "Ethnic Serbs in northern Kosovo"


def test_roles_a_locative_phrase_is_no_part_of_other_actors(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Police in Lagos arrested twelve protesters on Monday.")
    subject = next(t for t in doc if t.dep_ == "nsubj")
    assert np_span(subject).text == "Police"


def test_roles_participle_parsed_as_subject_gives_way_to_its_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parse the model sometimes produces for "The agency working in Sudan said ...":
    # the participle as the subject of "said" and the noun as the participle's own subject
    words = ["The", "agency", "working", "in", "Sudan", "said", "it", "would", "leave"]
    doc = Doc(nlp.vocab, words=words, heads=[1, 2, 5, 2, 3, 5, 8, 8, 5],
              deps=["det", "nsubj", "nsubj", "prep", "pobj", "ROOT", "nsubj", "aux", "ccomp"],
              tags=["DT", "NN", "VBG", "IN", "NNP", "VBD", "PRP", "MD", "VB"],
              pos=["DET", "NOUN", "VERB", "ADP", "PROPN", "VERB", "PRON", "AUX", "VERB"])
    subject = subject_of(doc[5])
    assert subject is not None and subject.text == "agency"


def test_roles_members_from_an_organisation_act_for_it(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _sources(_code(nlp, "Young activists from the Awami League staged a protest "
                                "outside the election commission."), "PROTEST")
    assert found and found[0] == "the Awami League"


def test_roles_possessive_pronoun_points_to_the_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _sources(_code(nlp, "The World Health Organization repeated its demand that "
                                "Israel open the crossings."), "REQUEST")
    assert "The World Health Organization" in found


def test_roles_repeated_light_verb_keeps_the_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _sources(_code(nlp, "Turkey reimposed a curfew in three southeastern towns."),
                     "COERCE")
    assert found == ["Turkey"]


def test_roles_visitor_is_the_one_who_travels(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _sources(_code(nlp, "The Egyptian foreign minister arrived in Damascus on a "
                                "two-day visit."), "CONSULT")
    assert found == ["The Egyptian foreign minister"]


def test_roles_crackdown_on_protests_is_not_a_protest_by_police(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions = _code(nlp, "Police cracked down on the protests in Dhaka.")
    assert "Police" not in _sources(mentions, "PROTEST")


def test_roles_passive_agent_hung_on_a_higher_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _sources(_code(nlp, "The former governor has been accused of stealing millions in "
                                "state funds, much of it believed lost, by Transparency "
                                "International."), "ACCUSE")
    assert found == ["Transparency International"]


def test_roles_who_wounds_in_an_attack_attacked(nlp) -> None:  # type: ignore[no-untyped-def]
    """The subject of an active "wounded/killed X in an attack" is the attacker; the passive
    "were killed in an attack" names no attacker."""
    assert _sources(_code(nlp, "Separatist Rebels wounded three Indian soldiers in a grenade "
                               "attack in Srinagar."), "ASSAULT") == ["Separatist Rebels"]
    assert _sources(_code(nlp, "Three soldiers were killed in a grenade attack in Srinagar."),
                    "ASSAULT") == [None]


def test_roles_a_side_of_the_fighting_is_the_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions = _code(nlp, "Government Troops recaptured the town after heavy fighting "
                          "with Islamist Rebels.")
    fighting = [m for m in mentions if m.trigger is not None and m.trigger.text == "fighting"]
    assert _sources(fighting, "ASSAULT") == ["Government Troops"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Indian and Pakistani troops exchanged fire along the Line of Control.",
     [("ASSAULT", "Indian troops", "Pakistani troops")]),
    # the wounded fought the militants, so the militants' fire hit them (#19)
    ("Two soldiers were wounded in an exchange of fire with militants in Kupwara.",
     [("ASSAULT", "militants", "Two soldiers")]),
    ("Security forces arrested 15 suspected militants in raids across Punjab.",
     [("COERCE", "Security forces", "15 suspected militants")]),
    ("Police arrested a man on Wednesday in the fatal shooting of a woman in Miami.",
     [("COERCE", "Police", "a man"), ("ASSAULT", None, "a woman")]),
    ("A first contingent of Nepalese peacekeepers arrived in Juba on Tuesday.",
     [("RETREAT", "Juba", "A first contingent of Nepalese peacekeepers")]),
    ("Russian troops arrived in Belarus on Monday.", [("MOBILIZE", "Russian troops", "Belarus")]),
])
def test_roles_exchanges_of_fire_and_raids_that_arrest(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    """Fire exchanged is one mutual attack between the two sides; raids in which people are
    arrested are the arrest, not a second, actorless attack; the shooting someone is arrested
    in is the crime, its own event; peacekeepers arriving are let in by the place they
    arrive in, troops arriving are deployed there."""
    mentions = _code(nlp, text)
    assert [(m.type, m.source_text or (m.source.text if m.source else None),
             m.target_text or (m.target.text if m.target else None)) for m in mentions] == expected


def test_roles_an_elided_passive_has_no_agent_in_its_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "five were killed and 11 others wounded in the ambush": "11 others" were wounded,
    they did not ambush."""
    mentions = _code(nlp, "Five soldiers were killed and 11 others wounded in the ambush.")
    assert [(m.type, m.source.text if m.source else None) for m in mentions] == [
        ("ASSAULT", None)]
    assert (mentions[0].fatalities.killed, mentions[0].fatalities.injured) == (5, 11)


def test_roles_root_noun_with_a_past_verb_is_its_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Bolivian farmers resorted to throwing rocks during the blockades.")
    thrower = next(t for t in doc if t.lower_ == "throwing")
    subject = subject_of(thrower)
    assert subject is not None and np_span(subject).text == "Bolivian farmers"


def test_roles_the_injured_did_not_shoot(nlp) -> None:  # type: ignore[no-untyped-def]
    """"were injured in a drive-by shooting": the passive subject is a victim, not the
    shooter; a controlled infinitive ("were forced to retreat") still inherits it."""
    assert _sources(_code(nlp, "Four Teenagers were injured in a drive-by shooting near a "
                               "bus stop."), "ASSAULT") == [None]
    doc = nlp("The Rebels were forced to retreat from the town.")
    retreat = next(t for t in doc if t.lower_ == "retreat")
    subject = subject_of(retreat)
    assert subject is not None and subject.lower_ == "rebels"


def test_roles_responsible_for_a_rise_in_attacks(nlp) -> None:  # type: ignore[no-untyped-def]
    """"X responsible for the rise in attacks": the climb through "the rise in" reaches the
    frame that names the perpetrator."""
    found = _sources(_code(nlp, "Officials blamed Lashkar Militants responsible for the "
                                "rise in attacks on police posts."), "ASSAULT")
    assert found == ["Lashkar Militants"]


def test_roles_the_militants_are_the_ones_named_before(nlp) -> None:  # type: ignore[no-untyped-def]
    """A bare "the militants" refers to the fuller earlier mention; "the militants" with no
    earlier mention stays as written."""
    mentions = _code(nlp, "Al-Shabaab militants attacked a police station in Mandera on "
                          "Monday. On Tuesday the militants ambushed a convoy near Wajir.")
    assert _sources(mentions, "ASSAULT") == ["Al-Shabaab militants", "Al-Shabaab militants"]
    alone = _code(nlp, "On Tuesday the militants ambushed a convoy near Wajir.")
    assert _sources(alone, "ASSAULT") == ["the militants"]


def test_roles_fighting_broke_out_between_two_sides(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "Fighting broke out between X and Y": the parser hangs "between" on the verb, but the
    sides are the fighting's."""
    mentions = _code(nlp, "Fighting broke out between rebels and government troops in the "
                          "north.")
    assert [(m.type, m.source.text if m.source else None, m.target.text if m.target else None)
            for m in mentions] == [("ASSAULT", "rebels", "government troops")]


def test_roles_the_town_of_a_name_is_that_place(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "near the town of Kidal": the name after a generic place noun is the place, even when
    the tagger reads it as a nationality (as it reads "Kidal")."""
    mentions = _code(nlp, "A car bombing near the town of Kidal on Friday killed two "
                          "policemen.")
    assert [(m.type, m.location.text if m.location else None) for m in mentions] == [
        ("ASSAULT", "Kidal")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The UN urged both sides to withdraw their forces from the border.",
     ("REQUEST", "The UN", "both sides")),
    ("A federal judge ordered the former governor to appear in court on Monday.",
     ("REQUEST", "A federal judge", "the former governor")),
    ("Britain is providing satellite images and military intelligence to Kenya.",
     ("AID", "Britain", "Kenya")),
])
def test_roles_whom_an_act_is_addressed_to(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    """The one urged or ordered is the target, not whoever the urged act is aimed at; a "to"
    the parser labels dative after a long object still names the recipient."""
    mentions = _code(nlp, text)
    assert [(m.type, m.source.text if m.source else None, m.target.text if m.target else None)
            for m in mentions] == [expected]


def _targets(mentions: list[EventMention], kind: str) -> list[str | None]:
    return [m.target_text or (m.target.text if m.target else None)
            for m in mentions if m.type == kind]


@pytest.mark.parametrize(("text", "kind", "target"), [
    # the author of a thing acted on, after "from" or "by"
    ("Kenya rejected a fresh offer from Uganda for direct talks.", "REJECT", "Uganda"),
    ("The rebels violated a ban by President Kagame.", "REJECT", "President Kagame"),
    # a named actor modifying the thing: the whole phrase, which the resolver reads as its
    # owner's (test_targets.py), so that "a Somali army post" stays the army's
    ("The rebels rejected a Chilean peace plan.", "REJECT", "a Chilean peace plan"),
    # an offer's content says whom it is for
    ("Chile has offered to hand over to Peru two of its nationals.", "AGREE", "Peru"),
])
def test_roles_a_things_owner_is_the_target(nlp, text, kind, target) -> None:  # type: ignore[no-untyped-def]
    assert _targets(_code(nlp, text), kind) == [target]


@pytest.mark.parametrize(("text", "kind", "source", "chain"), [
    # a bare definite noun for an organisation: the named organisation before it
    ("The Sahel Liberation Front attacked an army convoy near Gao on Monday. The group later "
     "threatened to attack the town of Kidal.", "THREATEN", "The Sahel Liberation Front",
     ("The group", "The Sahel Liberation Front")),
    # a bare definite office noun: the earlier mention of it that says whose it is
    ("Kenya's foreign ministry summoned the Ugandan ambassador on Monday. The ministry accused "
     "Uganda of arming the rebels.", "ACCUSE", "Kenya's foreign ministry",
     ("The ministry", "Kenya's foreign ministry")),
])
def test_roles_definite_descriptions_refer_back(nlp, text, kind, source, chain) -> None:  # type: ignore[no-untyped-def]
    mentions = _code(nlp, text)
    last = max(m.sentence for m in mentions)  # the second sentence's act
    found = [(m.source.text if m.source else None, m.source_chain)
             for m in mentions if m.type == kind and m.sentence == last]
    assert found == [(source, chain)]


@pytest.mark.issue(19)
@pytest.mark.parametrize(("text", "source", "target"), [
    # a building or site before the attack noun is what was hit, not who attacked
    ("Two worshippers were killed in a mosque bombing in Kano on Sunday.", None,
     "Two worshippers"),
    ("No group has claimed responsibility for the market bombing in Maiduguri.", None,
     "market"),
    ("The checkpoint attack near Diffa was the third this month.", None, "checkpoint"),
    # a force before it is still the attacker
    ("A Chadian raid on the camp killed four fighters.", "Chadian", "four fighters"),
])
def test_roles_a_site_before_an_attack_noun_is_the_target(nlp, text, source, target) -> None:  # type: ignore[no-untyped-def]
    attacks = [m for m in _code(nlp, text) if m.type == "ASSAULT"]
    assert [(m.source_text or (m.source.text if m.source else None),
             m.target.text if m.target else None) for m in attacks] == [(source, target)]


@pytest.mark.issue(19)
@pytest.mark.parametrize(("text", "reporter"), [
    ("According to army officers, bandits raided a cattle market near Diffa.",
     "army officers"),
    ("Militants attacked a police post in Diffa, according to a police statement.",
     "a police statement"),
    ("The gunmen, a local official said, attacked the bus station in Diffa.",
     "a local official"),
    ("Troops killed 14 insurgents near Diffa, state radio reported, citing military sources.",
     "state radio"),
    ("Five protesters were shot dead in Omdurman, according to a doctors' union.",
     "a doctors' union"),
    ("Troops killed 14 insurgents near Diffa, the defence ministry said.",
     "the defence ministry"),
])
def test_roles_reported_by_covers_the_clause(nlp, text, reporter) -> None:  # type: ignore[no-untyped-def]
    mentions = [m for m in _code(nlp, text) if m.type == "ASSAULT"]
    assert [m.reported_by.text if m.reported_by else None for m in mentions] == [reporter]


@pytest.mark.issue(19)
@pytest.mark.parametrize(("text", "source", "target"), [
    # the side the dead fought killed them; the victims are never the source
    ("Three rebels were killed in an encounter with Colombian troops in Cauca.",
     "Colombian troops", "Three rebels"),
    ("Two soldiers died in a clash with Wagner fighters near Mopti.", "Wagner fighters",
     "Two soldiers"),
    ("Four policemen were wounded in a gunfight with Ansaru gunmen in Zamfara.",
     "Ansaru gunmen", "Four policemen"),
    # "engaged" an armed group is fighting it, not talking to it
    ("Nigerian troops engaged the Ansaru gunmen near Birnin Gwari.", "Nigerian troops",
     "the Ansaru gunmen"),
])
def test_roles_fights_the_victims_died_in(nlp, text, source, target) -> None:  # type: ignore[no-untyped-def]
    attacks = [m for m in _code(nlp, text) if m.type == "ASSAULT"]
    assert [(m.source_text or (m.source.text if m.source else None),
             m.target.text if m.target else None) for m in attacks] == [(source, target)]


@pytest.mark.issue(19)
@pytest.mark.parametrize(("text", "source"), [
    # an attack that kills is no actor; only the attacker its phrase names is
    ("The bombing of a Kano mosque killed 21 worshippers.", None),
    ("Bombing of Kano mosque kills 21 worshippers", None),
    ("The explosion in the Kano market killed nine traders.", None),
])
def test_roles_an_attack_that_kills_is_not_the_attacker(nlp, text, source) -> None:  # type: ignore[no-untyped-def]
    attacks = [m for m in _code(nlp, text) if m.type == "ASSAULT"]
    assert attacks and [m.source_text or (m.source.text if m.source else None)
                        for m in attacks] == [source] * len(attacks)


@pytest.mark.issue(19)
def test_roles_a_pronoun_reporter_is_the_speaker_named_before(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Colonel Amadou Diallo briefed reporters in Bamako. He said that militants attacked "
            "the base at Boni from three sides.")
    attacks = [m for m in _code(nlp, text) if m.type == "ASSAULT"]
    assert [m.reported_by.text if m.reported_by else None for m in attacks] == [
        "Colonel Amadou Diallo"]


@pytest.mark.issue(19)
def test_roles_a_noun_phrase_never_runs_over_a_line_break(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("AFRICA\nM23 fighters seized a hill above Goma.")
    subject = next(t for t in doc if t.dep_ == "nsubj")
    assert np_span(subject).text == "M23 fighters"


@pytest.mark.issue(19)
def test_roles_the_dead_are_never_the_attackers_of_the_fight(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions = _code(nlp, "Two Malian soldiers died in fierce fighting near Kidal on Sunday.")
    assert [m.source_text or (m.source.text if m.source else None)
            for m in mentions if m.type == "ASSAULT"] == [None]
