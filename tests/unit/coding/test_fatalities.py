"""Fatality and injury counts from numerals, number words and vague quantities."""

from __future__ import annotations

import pytest

from flashpoint.coding.cues import load_cues
from flashpoint.coding.fatalities import later_toll, read_toll
from flashpoint.records import Fatalities


@pytest.mark.parametrize(("text", "killed", "killed_min", "injured"), [
    ("Three soldiers were killed in the ambush.", 3, 3, None),
    ("Several soldiers have been killed and dozens injured.", None, 2, None),
    ("At least 14 people were killed in the blast.", None, 14, None),
    ("The attack left three soldiers dead.", 3, 3, None),
    ("Police shot dead at least seven protesters.", None, 7, None),
    ("The bombing killed 9 people and wounded 23.", 9, 9, 23),
    ("A policeman was killed when the convoy was hit.", 1, 1, None),
    ("The death toll rose to 31 on Friday.", 31, 31, None),
    ("Two dozen villagers died in the fighting.", 24, 24, None),
    ("Police: 2 dead, 3 injured in Dayton shooting.", 2, 2, 3),
    ("Teen dead after double shooting near Elm Street.", 1, 1, None),
    # "leave" with a participle or "dead": who is left so was hurt
    ("Clashes between rebels and troops left three dead.", 3, 3, None),
    ("The explosion left 12 people dead and 30 wounded.", 12, 12, 30),
    ("The blast left 40 people injured in the market.", None, None, 40),
    ("A car bomb killed five people, leaving 23 injured.", 5, 5, 23),
    # "killed and 30 wounded": the elided passive counts its own
    ("At least 12 people were killed and 30 wounded when a car bomb exploded.", None, 12, 30),
    ("Four people were killed and one injured when a gunman opened fire.", 4, 4, 1),
])
def test_fatalities_counts(nlp, text, killed, killed_min, injured) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    record = read_toll(next(iter(doc.sents)), load_cues()).as_record()
    assert (record.killed, record.killed_min, record.injured) == (killed, killed_min, injured)


@pytest.mark.parametrize(("text", "killed", "injured"), [
    # a shot victim is injured unless told dead
    ("A 44-year-old cook was shot in the leg outside a pharmacy.", None, 1),
    ("Five people were shot, one fatally, at a birthday party.", 1, 4),
    ("Three men were shot and one of them died at the scene.", 1, 2),
    ("A woman was shot and killed in her driveway on Tuesday.", 1, None),
    ("A woman died after she was shot in her driveway.", 1, None),
    ("The boy accidentally shot himself in the hand while cleaning a rifle.", None, 1),
    ("A cashier was killed and another clerk was shot in the shoulder.", 1, 1),
    # ages, names, coordination and "no one"
    ("Two 15-year-olds were rushed to the hospital after being shot.", None, 2),
    ("Jones and a second teenager were shot near the park.", None, 2),
    ("Nobody was injured in the shooting.", None, 0),
    ("The driver was fatally wounded in the crossfire.", 1, None),
    # headlines drop the auxiliary
    ("Teen shot and killed outside a corner store", 1, None),
    ("3 people shot near downtown bar", None, 3),
    # nouns that name the dead, and being taken to hospital
    ("Detectives charged a man in the slaying of a 24-year-old mother.", 1, None),
    ("Six people were hospitalized after gunfire erupted at the festival.", None, 6),
    ("The gunman fired twice, striking a bystander in the leg.", None, 1),
    # a wound named by its weapon: whoever bears it was shot or stabbed
    ("Two men suffered gunshot wounds in the shooting.", None, 2),
    ("A courier was found with a gunshot wound after neighbours called the police.", None, 1),
    ("The victim sustained a fatal gunshot wound to the head.", 1, None),
    ("The veteran still suffers from old wounds.", None, None),
])
def test_fatalities_gun_violence(nlp, text, killed, injured) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    record = read_toll(next(iter(doc.sents)), load_cues()).as_record()
    assert (record.killed, record.injured) == (killed, injured)


@pytest.mark.parametrize("text", [
    "In 2014, 412 people were killed in the city.",
    "Eleven people were killed and 40 wounded in shootings across the city over the weekend.",
    "Photo: 21 Image 3 of 9 The store was closed on Monday.",
    "The shell hit a school near the border.",
])
def test_fatalities_not_an_incident_toll(nlp, text) -> None:  # type: ignore[no-untyped-def]
    """Tallies over a period, page furniture and things hit are no incident's dead or hurt."""
    doc = nlp(text)
    record = read_toll(next(iter(doc.sents)), load_cues()).as_record()
    assert (record.killed, record.injured) == (None, None)


def test_fatalities_shot_victim_who_died_later(nlp) -> None:  # type: ignore[no-untyped-def]
    """"The victim was shot" is a death when the story says the victim died."""
    doc = nlp("A man was shot on Elm Street on Sunday night. He died at the hospital.")
    record = read_toll(next(iter(doc.sents)), load_cues()).as_record()
    assert (record.killed, record.injured) == (1, None)


def test_fatalities_fatal_shooting_takes_story_deaths(nlp) -> None:  # type: ignore[no-untyped-def]
    """"a fatal shooting" with no victim named is as deadly as the story says."""
    doc = nlp("Police are investigating a fatal shooting on Oak Street. "
              "A 30-year-old man was pronounced dead at the scene.")
    record = read_toll(next(iter(doc.sents)), load_cues()).as_record()
    assert record.killed == 1


@pytest.mark.issue(19)
@pytest.mark.parametrize(("text", "killed", "killed_min"), [
    # a bound or a range is recorded as the figure given: its low end
    ("More than 40 villagers were killed when gunmen raided Dogon Daji.", None, 40),
    ("Over 30 miners died when the tunnel was blown up.", None, 30),
    ("Between 10 and 15 people were killed when gunmen raided the village.", None, 10),
    ("Bandits raided the market, killing 10 to 15 traders.", None, 10),
    ("As many as 57 people were killed in the shelling of the camp.", 57, 57),
])
def test_fatalities_bounds_and_ranges_keep_the_figure_given(nlp, text, killed, killed_min) -> None:  # type: ignore[no-untyped-def]
    record = read_toll(next(iter(nlp(text).sents)), load_cues()).as_record()
    assert (record.killed, record.killed_min) == (killed, killed_min)


@pytest.mark.issue(19)
@pytest.mark.parametrize(("later", "expected"), [
    # an update raises the figure; a plain count only fills what was open
    ("The death toll rose to 25 on Wednesday.", Fatalities(25, 25, None, 11)),
    ("Nine people died in the attack.", Fatalities(None, 21, None, 11)),
    # the attackers' dead belong to the return fire, not to this attack
    ("Two attackers were also killed.", Fatalities(None, 21, None, 11)),
    ("Four gunmen were killed.", Fatalities(None, 21, None, 11)),
])
def test_fatalities_later_toll_updates_but_never_counts_the_attackers(nlp, later, expected) -> None:  # type: ignore[no-untyped-def]
    own = Fatalities(killed=None, killed_min=21, injured=None, injured_min=11)
    toll = read_toll(next(iter(nlp(later).sents)), load_cues())
    assert later_toll(own, toll, load_cues()) == expected


def test_fatalities_later_toll_fills_an_open_count(nlp) -> None:  # type: ignore[no-untyped-def]
    toll = read_toll(next(iter(nlp("Three of the wounded later died in hospital.").sents)),
                     load_cues())
    assert later_toll(Fatalities(), toll, load_cues()) == Fatalities(3, 3, None, None)


@pytest.mark.issue(19)
@pytest.mark.parametrize("text", [
    "Over 3,000 villagers have died throughout the region since the rains ended.",
    "Thousands of civilians have been killed in the conflict.",
    "Some 300 people were killed during the insurgency.",
    # the toll of the earlier happening a "since" dates: background, not this incident's
    "It was the deadliest attack on the capital since March 2009, when gunmen killed 12 guards.",
    "These are the first casualties on the border since October 1981 when rebels shot four "
    "soldiers dead.",
])
def test_fatalities_a_campaign_toll_is_no_incident_toll(nlp, text) -> None:  # type: ignore[no-untyped-def]
    record = read_toll(next(iter(nlp(text).sents)), load_cues()).as_record()
    assert record == Fatalities()


def test_fatalities_an_estimated_toll_is_no_update(nlp) -> None:  # type: ignore[no-untyped-def]
    """Only a rising toll replaces a figure; an estimate of some other toll only fills."""
    toll = read_toll(next(iter(nlp("Researchers estimate the death toll at 90,000.").sents)),
                     load_cues())
    own = Fatalities(killed=57, killed_min=57)
    assert (toll.update, later_toll(own, toll, load_cues())) == (False, own)


@pytest.mark.issue(19)
@pytest.mark.parametrize(("text", "expected"), [
    # compound number words, which the parser splits into two tokens
    ("Twenty-one miners were killed when the shaft was bombed.", Fatalities(21, 21)),
    ("Thirty two soldiers died in the ambush near Kidal.", Fatalities(32, 32)),
    # "twelve more": more victims, not a lower bound
    ("Twelve more were wounded, the governor said.", Fatalities(None, None, 12, 12)),
    # headlines: a count with its own state word, or right after the harm verb
    ("Blast kills 12 in northern Mali market", Fatalities(12, 12)),
    ("12 killed as bomb rips through Peshawar market", Fatalities(12, 12)),
    ("Bomb Blast Kills Eight, Injures 20 In Quetta", Fatalities(8, 8, 20, 20)),
    ("Mogadishu hotel blast: 21 killed, 33 injured", Fatalities(21, 21, 33, 33)),
    ("Attack on Hodeidah port leaves 5 dead, 9 wounded", Fatalities(5, 5, 9, 9)),
    ("Three soldiers among 11 dead in Burkina ambush", Fatalities(11, 11)),
    ("Suicide attack kills 14, including attacker, in Somalia", Fatalities(14, 14)),
    # "N dead and M wounded": two counts, two states, never one sum
    ("Three dead and 14 wounded after gunmen storm hotel in Burkina Faso",
     Fatalities(3, 3, 14, 14)),
    # a total told with the victims after it: the total, not total plus parts
    ("The attack killed four people, two policemen and two civilians.", Fatalities(4, 4)),
    ("Two soldiers and a civilian were killed near the dam.", Fatalities(3, 3)),
    # "since" an attack (not a date) is this attack: its toll stands
    ("Since the attack, which killed 30 people, the market has stayed closed.",
     Fatalities(30, 30)),
    # a total that includes the bomber is kept as the figure given
    ("The bomber blew himself up at a checkpoint, killing seven people including himself.",
     Fatalities(7, 7)),
    # injuries borne, and the wounded who later died
    ("At least 40 people sustained injuries in the explosion.", Fatalities(None, None, None, 40)),
    ("Two of the wounded succumbed to their wounds on Tuesday.", Fatalities(2, 2)),
    ("Nine soldiers who were badly injured later succumbed to their injuries.",
     Fatalities(9, 9)),
    ("The veteran suffered old injuries to his back.", Fatalities()),
])
def test_fatalities_news_constructions(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    record = read_toll(next(iter(nlp(text).sents)), load_cues()).as_record()
    assert record == expected


@pytest.mark.issue(19)
@pytest.mark.parametrize(("text", "killed"), [
    # no side named as the killer: the attackers among the dead are the return fire's toll
    ("Two soldiers and five militants were killed in the clash.", 2),
    ("The assault left nine soldiers and four attackers dead.", 9),
    # a side named as the killer: the attackers are its victims
    ("Police killed two gunmen and an accomplice.", 3),
])
def test_fatalities_coordinated_attackers_are_kept_apart(nlp, text, killed) -> None:  # type: ignore[no-untyped-def]
    record = read_toll(next(iter(nlp(text).sents)), load_cues()).as_record()
    assert record.killed == killed


@pytest.mark.parametrize("text", [
    "Route 9 wounded veterans memorial was closed for repairs.",
    "Flight 17 killed engines over the lake and glided home.",
])
def test_fatalities_a_number_that_names_is_no_count(nlp, text) -> None:  # type: ignore[no-untyped-def]
    record = read_toll(next(iter(nlp(text).sents)), load_cues()).as_record()
    assert record == Fatalities()


@pytest.mark.parametrize(("text", "expected"), [
    # a coordinated "pronounced dead" shares its subject with the verb before it
    ("A second guard suffered burns to his arms and was pronounced dead in Kano.",
     Fatalities(1, 1)),
    ("The cashier was taken to a clinic but was pronounced dead soon after arrival.",
     Fatalities(1, 1)),
    # ages in months are people too
    ("An 18-month-old is dead after a shooting in Port Harcourt.", Fatalities(1, 1)),
    # negated harm: zero, never one
    ("The driver was not hurt.", Fatalities(None, None, 0, 0)),
    ("The guard did not suffer any injuries.", Fatalities(None, None, 0, 0)),
    ('"Her life was not in danger, nor did she sustain serious injury," the sergeant wrote.',
     Fatalities(None, None, 0, 0)),
    ("No soldiers were killed in the raid.", Fatalities(0, 0)),
    # whoever a shooting is of was shot; a film has no toll
    ("Police are still looking into the shootings of four people outside a bar.",
     Fatalities(None, None, 4, 4)),
    ("The shooting of the film ended in Accra last week.", Fatalities()),
])
def test_fatalities_pronounced_dead_ages_and_negation(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    record = read_toll(next(iter(nlp(text).sents)), load_cues()).as_record()
    assert record == expected
