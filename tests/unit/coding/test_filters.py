"""The coder's named stages and filters: each filter fires on a sentence written for it, and
switching it off by name changes what the coder finds."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.coding.coder import STAGES, code_doc
from flashpoint.coding.cues import load_cues
from flashpoint.coding.filters import FILTERS, PHASES, Filter, SentenceFilter
from flashpoint.coding.lexicon import load_lexicon
from flashpoint.errors import UnknownName

PUBLISHED = date(2024, 3, 12)
Found = list[tuple[int, str, str, str, str | None, str | None]]


def _code(nlp, text: str, off: frozenset[str] = frozenset()) -> Found:  # type: ignore[no-untyped-def]
    """(sentence, type, modality, trigger, source, target) of every mention."""
    mentions = code_doc(nlp(text), doc_id="t", published=PUBLISHED, lexicon=load_lexicon(),
                        cues=load_cues(), disabled=off)
    return [(m.sentence, m.type, m.modality, m.trigger.text, m.source.text if m.source else None,
             m.target.text if m.target else None) for m in mentions]


# (filter, sentence, what the coder finds with it, what switching it off adds)
CASES: list[tuple[str, str, Found, Found]] = [
    ("question", "Will the army shell the border villages again?", [],
     [(0, "THREATEN", "asserted", "shell", "the army", "the border villages")]),
    ("denied_accusation", "The army dismissed the accusations by the rights group.", [],
     [(0, "ACCUSE", "asserted", "accusations", "the rights group", None)]),
    ("shared_opinion",
     "Opposition leaders agree with the finance minister that the budget is too small.", [],
     [(0, "AGREE", "asserted", "agree", "Opposition leaders", "the finance minister")]),
    ("demand_voiced_by_protest", "Nurses marched through Nairobi to demand higher pay.",
     [(0, "PROTEST", "asserted", "marched", "Nurses", None)],
     [(0, "REQUEST", "asserted", "demand", "Nurses", "higher pay")]),
    ("possession", "The charity had $5 million of unspent aid.", [],
     [(0, "AID", "asserted", "aid", None, None)]),
    ("photo_caption",
     "Riot police detain a protester in Quito on Friday. Photo: Maria Lopez/AFP", [],
     [(0, "COERCE", "asserted", "detain", "Riot police", "a protester")]),
    ("related_story",
     "Villagers fled the town on Sunday.\n\nRELATED:\nTroops kill six rebels in the north\n\n"
     "The camp lies near the border.", [],
     [(2, "ASSAULT", "asserted", "kill", "Troops", "six rebels")]),
    ("used_to", "The militia used to attack convoys on the northern road.", [],
     [(0, "ASSAULT", "asserted", "attack", "The militia", "the northern road")]),
    ("campaign_total", "The militia has seized dozens of fishing boats since January.", [],
     [(0, "COERCE", "asserted", "seized", "The militia", "dozens of fishing boats")]),
    ("comment_request", "The defence ministry did not respond to a request for comment.", [],
     [(0, "REQUEST", "negated", "request", None, None)]),
    ("earlier_event",
     "It was the deadliest attack since a car bomb killed 40 people near the market.", [],
     [(0, "ASSAULT", "asserted", "killed", None, "40 people")]),
    ("sequel_background", "It came a day after a roadside bomb killed three soldiers near Gao.",
     [], [(0, "ASSAULT", "asserted", "killed", None, "three soldiers")]),
    ("dated_background", "The army had previously detained the rebel commander in Goma.", [],
     [(0, "COERCE", "asserted", "detained", "The army", "the rebel commander")]),
    ("first_time",
     "It was the first time a Thai prime minister had dissolved parliament since 1992.", [],
     [(0, "COERCE", "asserted", "dissolved", "a Thai prime minister", None)]),
    ("set_of_happenings", "The province has seen some of the country's deadliest bombings.", [],
     [(0, "ASSAULT", "asserted", "bombings", "the country", None)]),
    ("press_conference", "The foreign ministry held a joint press conference in Nairobi.", [],
     [(0, "CONSULT", "asserted", "held", "The foreign ministry", None)]),
    ("medical_emergency", "An emergency was declared at the city hospital.", [],
     [(0, "COERCE", "asserted", "declared", None, "An emergency")]),
    ("met_with_reaction", "The reform plan met with resistance from the unions.", [],
     [(0, "CONSULT", "asserted", "met", "The reform plan", "resistance")]),
    ("rule_text", "The charter says the governor must resign if the assembly votes against him.",
     [], [(0, "REQUEST", "asserted", "says", "The charter", None)]),
    ("standing_presence", "Some 5,000 French troops stationed in Chad will stay.", [],
     [(0, "MOBILIZE", "asserted", "stationed", "Some 5,000 French troops", None)]),
    ("clause_scope", "The envoy urged the rebels to release the hostages.",
     [(0, "REQUEST", "asserted", "urged", "The envoy", "the rebels")],
     [(0, "RETREAT", "asserted", "release", "the rebels", "the hostages")]),
    ("threat_content", "The militia threatened the villagers and burned their houses.",
     [(0, "THREATEN", "asserted", "threatened", "The militia", "the villagers")],
     [(0, "ASSAULT", "asserted", "burned", "The militia", None)]),
    ("anaphoric_mention",
     "Gunmen killed two guards in Mombasa on Monday. The governor condemned the attack.",
     [(0, "ASSAULT", "asserted", "killed", "Gunmen", "two guards"),
      (1, "ACCUSE", "asserted", "condemned", "The governor", "the attack")],
     [(1, "ASSAULT", "asserted", "attack", None, None)]),
    ("forecast_warning", "Economists warned that the unrest could spread to the coast.", [],
     [(0, "THREATEN", "asserted", "warned", "Economists", None)]),
    ("generic_doer", "The rebels vowed to punish anyone who attacks their fighters.", [],
     [(0, "ASSAULT", "asserted", "attacks", "anyone", "their fighters")]),
    ("one_body_meeting", "The cabinet met on Sunday to discuss the budget.", [],
     [(0, "CONSULT", "asserted", "met", "The cabinet", None),
      (0, "CONSULT", "asserted", "discuss", "The cabinet", "the budget")]),
    ("abstract_target", "The government launched an assault on corruption.", [],
     [(0, "ASSAULT", "asserted", "launched", "The government", "corruption")]),
    ("unnamed_dyad", "Local traders denigrated the new market rules.", [],
     [(0, "ACCUSE", "asserted", "denigrated", "Local traders", "the new market rules")]),
    ("accident", "Floods killed 40 people in Assam on Tuesday.", [],
     [(0, "ASSAULT", "asserted", "killed", "Floods", "40 people")]),
    ("nobody_inaction", "There has been gross negligence.", [],
     [(0, "COERCE", "negated", "negligence", None, None)]),
    ("public_appeal", "The governor urged residents to stay indoors during the curfew.", [],
     [(0, "REQUEST", "asserted", "urged", "The governor", "residents")]),
    ("imperative", '"Arrest the general!" the crowd shouted.', [],
     [(0, "COERCE", "asserted", "Arrest", None, "the general")]),
    ("readied_deployment", "Troops were deployed to attack the rebel camp.",
     [(0, "MOBILIZE", "asserted", "deployed", "Troops", None)],
     [(0, "MOBILIZE", "asserted", "deployed", "Troops", "the rebel camp")]),
    ("toll_of_told_attack",
     "Militants stormed a police post in Tillaberi on Friday. The attack killed three officers.",
     [(0, "ASSAULT", "asserted", "stormed", "Militants", "a police post")],
     [(1, "ASSAULT", "asserted", "killed", None, "three officers")]),
]


@pytest.mark.parametrize(("name", "text", "kept", "added"), CASES, ids=[c[0] for c in CASES])
def test_coding_filter_fires_and_can_be_switched_off(nlp, name, text, kept, added) -> None:  # type: ignore[no-untyped-def]
    assert _code(nlp, text) == kept
    assert sorted(_code(nlp, text, frozenset({name})), key=repr) == sorted(kept + added, key=repr)


def test_coding_every_filter_has_a_case() -> None:
    assert sorted(c[0] for c in CASES) == sorted(FILTERS)


def test_coding_filters_are_named_phased_and_described() -> None:
    for name, found in FILTERS.items():
        assert found.name == name
        assert found.description  # the docstring's first line, listed in the docs
        if isinstance(found, Filter):
            assert found.phase in PHASES
        else:
            assert isinstance(found, SentenceFilter)


def test_coding_stages_run_in_order() -> None:
    assert [name for name, _ in STAGES] == [
        "triggers", "constructions", "filters", "merge", "assembly"]


def test_coding_unknown_filter_name_is_refused(nlp) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownName, match="'acident'"):
        _code(nlp, "Floods killed 40 people.", frozenset({"acident"}))


def test_coding_coder_takes_disabled_filters(coder) -> None:  # type: ignore[no-untyped-def]
    from flashpoint.pipeline import Coder
    from flashpoint.records import Article

    text = "Floods killed 40 people in Assam on Tuesday."
    ablated = Coder(nlp=coder.nlp, lexicon=coder.lexicon, cues=coder.cues,
                    disabled_filters=frozenset({"accident"}))
    assert coder.code_articles([Article(doc_id="t", text=text)]) == []
    assert [e.type for e in ablated.code_articles([Article(doc_id="t", text=text)])] == [
        "ASSAULT"]


def test_coding_every_stage_and_filter_is_documented() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[3] / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name in [*FILTERS, *(stage for stage, _ in STAGES)]:
        assert f"| `{name}` |" in text, name


@pytest.mark.parametrize(("text", "expected"), [
    ("More than 900 people have been killed in the war, a monitoring group said.", []),
    ("The rebels have shelled the port for weeks.", []),
    ("Gunmen have killed five villagers since Monday.",
     [(0, "ASSAULT", "asserted", "killed", "Gunmen", "five villagers")]),
    ("As many as 30 people have been killed in a raid on a market.",
     [(0, "ASSAULT", "asserted", "raid", None, "As many as 30 people")]),
])
def test_coding_campaign_totals_but_not_the_news(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert _code(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Weeks of unrest that has killed more than 200 people have shaken the capital.", []),
    ("The war, which has killed thousands of people, entered its fourth year.", []),
    ("Clashes in the north have killed at least 20 people, officials said.",
     [(0, "ASSAULT", "asserted", "Clashes", None, "at least 20 people")]),
    ("Fighting has killed 12 people since Monday.",
     [(0, "ASSAULT", "asserted", "Fighting", None, "12 people")]),
])
def test_coding_a_conflict_that_has_killed_is_a_total(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    """A perfect clause whose subject is a long conflict, or weeks of one, sums it up (#19)."""
    assert _code(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The quake struck the valley on Monday, destroying hundreds of homes.", []),
    ("Militants stormed the valley on Monday, destroying hundreds of homes.",
     [(0, "ASSAULT", "asserted", "stormed", "Militants", "the valley"),
      (0, "ASSAULT", "asserted", "destroying", "Militants", "hundreds of homes")]),
])
def test_coding_what_a_disaster_destroys_is_no_attack(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert _code(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Demonstrators gathered outside the ministry, some engaging in scuffles with police.", []),
    ("The two sides engaged in talks in Doha on Monday.",
     [(0, "CONSULT", "asserted", "engaged", "The two sides", None)]),
    ("The prime minister met with the opposition leader on Sunday.",
     [(0, "CONSULT", "asserted", "met", "The prime minister", "the opposition leader")]),
    ("Raids on aid convoys have increased in recent months.", []),
    ("The unit remains based near the port.", []),
    ("The ministry of health declared a health emergency.", []),
    ("The president has declared a state of emergency in the capital.",
     [(0, "COERCE", "asserted", "declared", "The president", "the capital")]),
])
def test_coding_states_and_light_verbs_are_no_events(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    """ "engaging in scuffles" is no talk; a trend, a garrison and a health emergency are
    states (#19)."""
    assert _code(nlp, text) == expected


def test_coding_background_of_an_undated_story_is_dropped_but_a_lone_sentence_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    story = ("Rebels shelled Goma on Sunday. Ten people died. In March, gunmen killed a judge "
             "in Beni. Last week, the army arrested a general.")
    lone = "In March, gunmen killed a judge in Beni."

    def undated(text: str) -> Found:
        mentions = code_doc(nlp(text), doc_id="t", published=None, lexicon=load_lexicon(),
                            cues=load_cues())
        return [(m.sentence, m.type, m.modality, m.trigger.text,
                 m.source.text if m.source else None, m.target.text if m.target else None)
                for m in mentions]

    assert undated(story) == [(0, "ASSAULT", "asserted", "shelled", "Rebels", "Goma")]
    assert undated(lone) == [(0, "ASSAULT", "asserted", "killed", "gunmen", "a judge")]


@pytest.mark.parametrize(("text", "background"), [
    ("Kenya lifted a curfew in Lamu that was imposed six months ago after deadly clashes there.",
     ("ASSAULT", "clashes")),
    ("Libya offered to hand over two men suspected of bombing an airliner in 1989.",
     ("ASSAULT", "bombing")),
])
def test_coding_an_earlier_relative_clause_is_background(nlp, text, background) -> None:  # type: ignore[no-untyped-def]
    """In a sentence of its own, a relative clause set months or years before is the
    background of the sentence's news (#19)."""
    def types(off: frozenset[str]) -> list[tuple[str, str]]:
        mentions = code_doc(nlp(text), doc_id="t", published=None, lexicon=load_lexicon(),
                            cues=load_cues(), disabled=off)
        return [(m.type, m.trigger.text) for m in mentions]

    kept = types(frozenset())
    assert background not in kept and len(kept) == 1
    assert types(frozenset({"dated_background"})) == [*kept, background]


@pytest.mark.parametrize("text", [
    "Also read: Troops kill six rebels in the north",
    "Soldiers search a bombed house in Marawi. (AP Photo/Juan Cruz)",
])
def test_coding_caption_and_link_lines_code_nothing(nlp, text) -> None:  # type: ignore[no-untyped-def]
    assert _code(nlp, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("It was the deadliest attack since a car bomb killed 40 people in 2019.",
     [(0, "ASSAULT", "asserted", "killed", None, "40 people")]),
    ("Protests have continued since police shot a student on Friday.",
     [(0, "PROTEST", "asserted", "Protests", None, None),
      (0, "ASSAULT", "asserted", "shot", "police", "a student")]),
])
def test_coding_since_is_background_only_after_a_ranking(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert _code(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Rebels launched attacks targeting two villages near Beni on Sunday.",
     [(0, "ASSAULT", "asserted", "launched", "Rebels", "two villages")]),
    ("The ministry condemned drone strikes targeting a market in Kidal.",
     [(0, "ACCUSE", "asserted", "condemned", "The ministry", "drone strikes"),
      (0, "ASSAULT", "asserted", "strikes", None, "a market")]),
])
def test_coding_a_participle_on_its_event_noun_is_one_happening(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert _code(nlp, text) == expected


def test_coding_an_appeal_to_an_actor_is_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _code(nlp, "The envoy urged the rebel leaders to return to the talks.") == [
        (0, "REQUEST", "asserted", "urged", "The envoy", "the rebel leaders")]


def test_coding_used_for_a_purpose_is_no_habit(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _code(nlp, "Police used tear gas to disperse the crowd.") == [
        (0, "COERCE", "asserted", "used", "Police", None),
        (0, "COERCE", "asserted", "disperse", "Police", "the crowd")]
