"""Events stated in other words than "the June 5 attacks in X" (helper D, issue 13): attacks
read from verbs, perpetrators named by "claimed by" / "carried out by" / "X claimed the
attack", places and dates from the clause of harm, and meetings between named parties.
Every sentence is invented for the test."""
from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import DateValue, Document


@pytest.fixture(scope="module")
def read(nlp):
    def _read(text: str):
        ex = extract(Document("t", text, "t.txt"), nlp(text))

        def name(obj):
            return obj.value if isinstance(obj, DateValue) else ex.entities[obj].label

        facts = {(ex.entities[f.subject].label, f.predicate, name(f.object)) for f in ex.facts}
        events = {e.label: e.cls for e in ex.entities.values() if e.root_class == "Event"}
        return ex, facts, events

    return _read


def _about(facts, predicate):
    return {(s, o) for s, p, o in facts if p == predicate}


def test_attack_read_from_its_verb(read):
    ex, facts, events = read("Velland rebels ambushed a police convoy in Ostrava on 4 May.")
    assert list(events.values()) == ["Attack"]
    (label,) = events
    assert label.startswith("ambush")
    assert _about(facts, "occursIn") == {(label, "Ostrava")}
    assert _about(facts, "occursOn") == {(label, "--05-04")}
    assert _about(facts, "perpetratedBy") == {(label, "Velland rebels")}
    assert {e.label: e.cls for e in ex.entities.values()}["Velland rebels"] == "Group"


def test_a_killing_by_armed_men_is_an_attack(read):
    _, facts, events = read("Gunmen shot dead two police officers in Ostrava on 3 May.")
    (label,) = events
    assert events[label] == "Attack"
    assert _about(facts, "occursIn") == {(label, "Ostrava")}
    assert _about(facts, "occursOn") == {(label, "--05-03")}
    _, facts, events = read("On Saturday, masked gunmen in Ostrava killed a judge.")
    (label,) = events
    assert _about(facts, "occursIn") == {(label, "Ostrava")}


def test_attacks_of_two_weekdays_are_two_attacks(read):
    _, _, events = read("A bomb attack in Velland killed six people on Sunday. "
                        "On Saturday, masked gunmen in Velland killed a judge.")
    assert sorted(events) == ["bomb attack in Velland on Sunday", "killing in Velland on Saturday"]


def test_a_killing_by_a_named_person_is_a_kill_fact_not_an_attack(read):
    _, facts, events = read("Tobias Grell killed Anna Novak in Ostrava on 3 May.")
    assert events == {}
    assert ("Tobias Grell", "killed", "Anna Novak") in facts


def test_an_attack_that_kills_people_somewhere(read):
    _, facts, events = read("The explosion killed six people in Ostrava on 3 May.")
    (label,) = events
    assert _about(facts, "occursIn") == {(label, "Ostrava")}
    assert _about(facts, "occursOn") == {(label, "--05-03")}
    _, facts, events = read("A Red Hand Brigade ambush kills 25 troops in Velland.")
    (label,) = events
    assert _about(facts, "occursIn") == {(label, "Velland")}
    assert _about(facts, "perpetratedBy") == {(label, "Red Hand Brigade")}


@pytest.mark.parametrize("text", [
    "Tobias Grell attacked the budget plan of the Velland Harbour Board.",
    # a named person attacking is most often words: an attack needs arms ("gunmen", a group)
    "Senator Anna Novak attacked the budget in a speech in Ostrava on 3 May.",
])
def test_a_verb_of_attack_that_reports_no_attack(read, text):
    _, facts, events = read(text)
    assert events == {}
    assert not _about(facts, "perpetratedBy")


def test_attack_claimed_by_a_body_in_the_clause_of_harm(read):
    _, facts, events = read("Six people were killed at the market of Velland on May 3, "
                            "in an attack claimed by the Red Hand Brigade.")
    (label,) = events
    assert _about(facts, "perpetratedBy") == {(label, "Red Hand Brigade")}
    assert _about(facts, "occursIn") == {(label, "Velland")}
    assert _about(facts, "occursOn") == {(label, "--05-03")}


def test_attack_carried_out_by(read):
    _, facts, events = read("The May 3 bombing in Ostrava was carried out by the Red Hand Brigade.")
    (label,) = events
    assert _about(facts, "perpetratedBy") == {(label, "Red Hand Brigade")}


def test_who_claimed_the_attack(read):
    _, facts, events = read("The Red Hand Brigade claimed the May 3 attack in Ostrava.")
    (label,) = events
    assert _about(facts, "perpetratedBy") == {(label, "Red Hand Brigade")}


@pytest.mark.parametrize("text", [
    "The Red Hand Brigade claimed responsibility for the May 3 bombing in Ostrava.",
    "Police blamed the Red Hand Brigade, which claimed the May 3 attack in Ostrava.",
])
def test_who_claimed_responsibility(read, text):
    _, facts, events = read(text)
    (label,) = events
    assert _about(facts, "perpetratedBy") == {(label, "Red Hand Brigade")}


def test_masked_gunmen_name_no_group(read):
    ex, facts, _ = read("The May 3 attack in Ostrava was carried out by masked gunmen.")
    assert not _about(facts, "perpetratedBy")
    assert "Group" not in {e.cls for e in ex.entities.values()}


def test_a_place_and_the_place_it_lies_in(read):
    _, facts, events = read("The May 3 attack in Velland's Tarvel district killed two people.")
    (label,) = events
    assert _about(facts, "occursIn") == {(label, "Tarvel district"), (label, "Velland")}


def test_a_siege_laid_to_a_place(read):
    _, facts, events = read("Rebels laid siege to Velland city for five months.")
    (label,) = events
    assert _about(facts, "occursIn") == {(label, "Velland city")}


def test_the_clause_of_a_murder_gives_its_place_and_date(read):
    _, facts, events = read("Two women were accused of murdering Ruben Halloway at the departure hall "
                            "of the airport in Ostrava at 9am on May 3.")
    (label,) = events
    assert events[label] == "Attack"
    assert _about(facts, "occursIn") == {(label, "Ostrava")}
    assert _about(facts, "occursOn") == {(label, "--05-03")}


def test_a_place_named_before_a_shooting_tagged_as_a_verb(read):
    _, facts, events = read("The mayor has been briefed on the Velland police shooting.")
    (label,) = events
    assert _about(facts, "occursIn") == {(label, "Velland")}


def test_one_town_named_at_two_grains_is_one_attack(read):
    _, facts, events = read("The attack in Velland city on 3 May killed two people. "
                            "Police said the attack on Velland was repelled.")
    (label,) = events
    # and one place: "Velland city" and "Velland" in one article are one node (resolve.place_key)
    assert _about(facts, "occursIn") == {(label, "Velland city")}


def test_events_spoken_of_at_large_join_no_event(read):
    ex, _, events = read("The May 3 bombing in Ostrava killed two people. "
                         "The army has since carried out air strikes and raids.")
    (label,) = events
    event = next(e for e in ex.entities.values() if e.label == label)
    assert not {"air strikes", "raids"} & event.alt_labels


def test_talks_with_a_counterpart_are_one_meeting_of_both(read):
    _, facts, events = read("Marit Oskarsen held talks with her counterpart Tobias Grell on Monday.")
    assert list(events.values()) == ["Meeting"]
    (label,) = events
    assert _about(facts, "participatesIn") == {("Marit Oskarsen", label), ("Tobias Grell", label)}


@pytest.mark.parametrize("text", [
    "Anna Novak and Tobias Grell met in Ostrava on 3 May.",
    "Talks between Anna Novak and Tobias Grell ended on 3 May.",
])
def test_two_people_meeting(read, text):
    _, facts, events = read(text)
    (label,) = events
    assert events[label] == "Meeting"
    assert _about(facts, "participatesIn") == {("Anna Novak", label), ("Tobias Grell", label)}


def test_each_call_on_someone_is_a_meeting_of_its_own(read):
    _, facts, events = read("Prime Minister Marit Oskarsen called on President Tobias Grell. "
                            "Later Foreign Minister Ines Varga separately called on President Tobias Grell.")
    assert len(events) == 2
    pairs = _about(facts, "participatesIn")
    assert {who for who, _ in pairs} == {"Marit Oskarsen", "Tobias Grell", "Ines Varga"}
    assert len({meeting for who, meeting in pairs if who == "Tobias Grell"}) == 2


@pytest.mark.parametrize("text", ["Marit Oskarsen called on the Velland Harbour Board to act.",
                                  "Anna Novak called on President Tobias Grell to resign."])
def test_calling_on_someone_to_act_is_no_meeting(read, text):
    _, _, events = read(text)
    assert events == {}


def test_everyone_attending_the_meeting(read):
    _, facts, events = read("Ruben Halloway met with members of the Velland Harbour Council on 3 May. "
                            "Attending the meeting were Anna Novak, Tobias Grell and Ines Varga.")
    (label,) = events
    people = {who for who, _ in _about(facts, "participatesIn")}
    assert {"Ruben Halloway", "Anna Novak", "Tobias Grell", "Ines Varga"} <= people


# ---------------------------------------------------------------- places within places

@pytest.mark.parametrize("text, inner, outer", [
    ("Floods cut the road to Velland's Tarvel district.", "Tarvel district", "Velland"),
    ("Floods cut the road to the Tarvel district of Velland.", "Tarvel district", "Velland"),
    ("Floods cut the road to Tarvel district in Velland.", "Tarvel district", "Velland"),
    ("He lives in Velland's Marten-Kloss neighborhood.", "Marten-Kloss", "Velland"),
    # "including" lists places that lie in the place of "across" or "in" before it
    ("Soldiers paraded across Velland, including in Ostrava, on Saturday.", "Ostrava", "Velland"),
    ("New police chiefs were named in five provinces across Velland, including the port city Ostrava.",
     "Ostrava", "Velland"),
])
def test_a_place_hung_on_a_place_lies_in_it(read, text, inner, outer):
    _, facts, _ = read(text)
    assert _about(facts, "locatedIn") == {(inner, outer)}


def test_a_place_phrase_not_next_to_the_place_nests_nothing(read):
    # "34 in Velland, 31 in Ostrava": counts by place, not a place in a place
    _, facts, _ = read("Officials said 782 were hurt: 34 in Velland, 31 in Ostrava, 19 in Czechia.")
    assert not _about(facts, "locatedIn")


def test_the_province_of_x_in_a_list_names_x_and_holds_nothing(read):
    _, facts, _ = read("Police chiefs in Ostrava, the southern province of Czechia, were changed.")
    assert not _about(facts, "locatedIn")
    _, facts, _ = read("Ostrava, the largest city of Czechia, voted.")
    assert _about(facts, "locatedIn") == {("Ostrava", "Czechia")}


def test_including_after_a_place_not_of_a_place_phrase_nests_nothing(read):
    _, facts, _ = read("Velland, including its allies, rejected the plan.")
    assert not _about(facts, "locatedIn")
