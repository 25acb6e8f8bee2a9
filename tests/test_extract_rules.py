"""One regression test per extraction rule, on sentences written for the purpose: each asserts
the exact facts the rule reads, so a rule that starts over- or under-reading fails here."""
from __future__ import annotations

import pytest

from kg.extract import extract, rules
from kg.model import DateValue, Document


@pytest.fixture(scope="module")
def read(nlp):
    def _read(text: str, date: str | None = None):
        ex = extract(Document("t", text, "t.txt", date=date), nlp(text))

        def name(obj):
            return obj.value if isinstance(obj, DateValue) else ex.entities[obj].label

        facts = {(ex.entities[f.subject].label, f.predicate, name(f.object)) for f in ex.facts}
        return ex, facts

    return _read


def classes(ex):
    return {e.label: e.cls for e in ex.entities.values()}


# ---------------------------------------------------------------- roles

def test_title_before_name_gives_position_only(read):
    _, facts = read("Prosecutor General Amira Dossova opened the inquiry.")
    assert facts == {("Amira Dossova", "holdsPosition", "Prosecutor General")}


def test_minister_of_x_heads_the_ministry(read):
    ex, facts = read("Minister of Energy Farid Omarov spoke to reporters.")
    assert facts == {("Farid Omarov", "holdsPosition", "Minister of Energy"),
                     ("Farid Omarov", "heads", "Ministry of Energy")}
    assert classes(ex)["Ministry of Energy"] == "GovernmentBody"


def test_x_minister_heads_the_x_ministry_and_joins_its_other_name(read):
    ex, facts = read("Transport Minister Lena Ortiz said the Ministry of Transport will pay.")
    assert ("Lena Ortiz", "heads", "Ministry of Transport") in facts
    assert ("Lena Ortiz", "holdsPosition", "Transport Minister") in facts
    assert [e.label for e in ex.entities.values() if e.root_class == "Organization"] == ["Ministry of Transport"]


def test_body_and_title_before_name(read):
    ex, facts = read("Customs Committee Chairman Oleg Sarin presented the figures.")
    assert facts == {("Oleg Sarin", "holdsPosition", "Customs Committee Chairman"),
                     ("Oleg Sarin", "heads", "Customs Committee")}
    assert classes(ex)["Oleg Sarin"] == "Person"


def test_title_of_place_heads_the_place(read):
    ex, facts = read("Governor of the Varna region Petar Kolev presented the plan.")
    assert facts == {("Petar Kolev", "holdsPosition", "Governor of the Varna region"),
                     ("Petar Kolev", "heads", "Varna region")}
    assert classes(ex)["Varna region"] == "Region"


def test_place_then_title_before_name(read):
    _, facts = read("Springfield Mayor Laura Kent cut the ribbon.")
    assert facts == {("Laura Kent", "holdsPosition", "Springfield Mayor"),
                     ("Laura Kent", "heads", "Springfield")}


def test_apposition_spokesman_for_body(read):
    _, facts = read("Carlos Mendes, a spokesman for the Atlantic Shipping Company, declined to comment.")
    assert facts == {("Carlos Mendes", "holdsPosition", "spokesman for the Atlantic Shipping Company"),
                     ("Carlos Mendes", "worksFor", "Atlantic Shipping Company")}


def test_former_title_is_kept_with_status_former(read):
    # roles as things: the plain facts stay for a former role; its Role says former
    ex, facts = read("Former Minister of Energy Farid Omarov spoke to reporters.")
    assert facts == {("Farid Omarov", "holdsPosition", "Minister of Energy"),
                     ("Farid Omarov", "heads", "Ministry of Energy")}
    assert [r.status for r in ex.roles] == ["former"]


# ---------------------------------------------------------------- events

def test_chaired_meeting_of_body_with_place_and_date(read):
    ex, facts = read("Prime Minister Daniyar Ospanov chaired a meeting of the Defence Council "
                     "in the Ridgeview government house March 14.")
    meeting = next(e.label for e in ex.entities.values() if e.cls == "Meeting")
    assert facts == {
        ("Daniyar Ospanov", "holdsPosition", "Prime Minister"),
        ("Daniyar Ospanov", "chairs", meeting),
        ("Daniyar Ospanov", "chairs", "Defence Council"),
        ("Defence Council", "participatesIn", meeting),
        (meeting, "occursIn", "Ridgeview"),
        (meeting, "occursOn", "--03-14"),
    }


def test_presenters_during_the_meeting_take_part(read):
    ex, facts = read("Interior Minister Ana Reis chaired a meeting of the Defence Council on May 2. "
                     "Tomas Vidal and Ines Matos presented reports during the meeting.")
    meetings = [e for e in ex.entities.values() if e.cls == "Meeting"]
    assert len(meetings) == 1
    assert {(s, p) for s, p, o in facts if o == meetings[0].label and p == "participatesIn"} == {
        ("Tomas Vidal", "participatesIn"), ("Ines Matos", "participatesIn"), ("Defence Council", "participatesIn")}


def test_attack_in_place_on_date(read):
    ex, facts = read("The March 9 bombing in Port Selim wounded four people.")
    attack = next(e for e in ex.entities.values() if e.cls == "Attack")
    assert facts == {(attack.label, "occursIn", "Port Selim"), (attack.label, "occursOn", "--03-09")}


def test_date_takes_the_year_of_the_document(read):
    _, facts = read("The March 9 bombing in Port Selim wounded four people.", date="2024-03-10")
    assert {o for _, p, o in facts if p == "occursOn"} == {"2024-03-09"}


def test_meeting_about_attack_and_one_node_per_event(read):
    ex, facts = read("The council held a meeting in Ostrava on June 3 to assess the June 1 shooting in Brno. "
                     "The shooting shocked the country.")
    events = {e.cls: e.label for e in ex.entities.values() if e.root_class == "Event"}
    assert set(events) == {"Meeting", "Attack"}
    assert (events["Meeting"], "about", events["Attack"]) in facts
    assert (events["Attack"], "occursIn", "Brno") in facts


def test_unanchored_event_word_makes_no_node(read):
    ex, facts = read("Attacks and meetings are common in politics.")
    assert not [e for e in ex.entities.values() if e.root_class == "Event"]
    assert facts == set()


# ---------------------------------------------------------------- bodies and places

def test_created_under_gives_sub_organization(read):
    _, facts = read("A Maritime Inspection Bureau should be created under the Ministry of Defence.")
    assert facts == {("Maritime Inspection Bureau", "subOrganizationOf", "Ministry of Defence")}


def test_body_named_after_a_named_place_is_based_there(read):
    _, facts = read("The Supreme Court of Moldavia ruled on Monday. Moldavia is small.")
    assert ("Supreme Court of Moldavia", "basedIn", "Moldavia") in facts


# ---------------------------------------------------------------- typing and resolution

def test_surname_resolves_to_full_name_and_is_a_person(read):
    ex, _ = read("President Anton Varga arrived. Varga thanked the crowd. Later Varga noted the costs.")
    people = [e for e in ex.entities.values() if e.root_class == "Person"]
    assert [(p.label, sorted(p.alt_labels)) for p in people] == [
        ("Anton Varga", ["President Anton Varga", "Varga"])]


def test_title_alone_is_not_a_person(read):
    ex, _ = read("The Akim said the roads would reopen.")
    assert not [e for e in ex.entities.values() if e.root_class == "Person"]


def test_in_x_makes_a_place(read):
    ex, _ = read("Two people were hurt in Ostrava on Monday.")
    assert classes(ex).get("Ostrava") == "Location"


def test_named_residence_is_a_building(read):
    ex, _ = read("The talks were held in the Blue Dome presidential residence.")
    assert classes(ex).get("Blue Dome") == "Building"


def test_removing_a_qualifier_entity_never_reuses_its_key(read):
    # "Transport" is dropped as a title's qualifier; entities made after it must not take its key
    ex, facts = read("Mayor Ana Kent opened a hub, joined by Transport Minister Lena Ortiz. "
                     "A shooting near the Ostrava station on April 2 injured two people.")
    assert "Ostrava" in {e.label for e in ex.entities.values()}
    positions = {(s, o) for s, p, o in facts if p == "holdsPosition"}
    assert positions == {("Ana Kent", "Mayor"), ("Lena Ortiz", "Transport Minister")}
    assert {e.cls for e in ex.entities.values() if e.label == "Transport Minister"} == {"Position"}


# ---------------------------------------------------------------- relations between people, bodies, places

def test_place_comma_place_is_located_in_and_one_name(read):
    ex, facts = read("The plant in Brandon, Manitoba, closed on Friday.")
    assert ("Brandon", "locatedIn", "Manitoba") in facts
    assert "Brandon, Manitoba" in next(e.alt_labels for e in ex.entities.values() if e.label == "Brandon")


def test_a_list_of_places_is_not_located_in(read):
    _, facts = read("Delegates came from Peru, Chile and Bolivia.")
    assert not [f for f in facts if f[1] == "locatedIn"]


def test_person_of_place_lives_there(read):
    _, facts = read("Marta Kovac, 50, of Springfield, was hurt in the blast.")
    assert ("Marta Kovac", "livesIn", "Springfield") in facts


@pytest.mark.parametrize("text, person, place", [
    ("Anna Berg was born in Lyon in 1950.", "Anna Berg", "Lyon"),
    ("Ruben Halloway, born in Brno, won the race.", "Ruben Halloway", "Brno"),
    ("Tobias Grell is a native of Ostrava.", "Tobias Grell", "Ostrava"),
    ("Ines Varga, a resident of Ostrava, found the boat.", "Ines Varga", "Ostrava"),
    ("Anna Berg, a Lyon resident, won the race.", "Anna Berg", "Lyon"),
    ("Police visited Anna Berg's Lyon home.", "Anna Berg", "Lyon"),
    ("Anna Berg died at her home in Lyon on Monday.", "Anna Berg", "Lyon"),
    ("Anna Berg won the race in her hometown of Lyon.", "Anna Berg", "Lyon"),
    ("Ruben Halloway won the vote in his native Velland.", "Ruben Halloway", "Velland"),
])
def test_where_a_person_was_born_or_lives_is_their_home(read, text, person, place):
    _, facts = read(text)
    assert (person, "livesIn", place) in facts


def test_a_home_word_about_someone_else_gives_no_home(read):
    # the hometown is the place's, not the speaker's; a birth date names no place
    _, facts = read("Anna Berg said Lyon was the hometown of the company.")
    assert not [f for f in facts if f[1] == "livesIn"]
    _, facts = read("Ruben Halloway, born on 3 May 1950, won the race in Brno.")
    assert ("Ruben Halloway", "livesIn", "Brno") not in facts


# Shapes the relation model reads too in these sentences: the facts of the rule itself are checked.
@pytest.mark.parametrize("text, rule, fact", [
    ("Anna Berg is from Lyon.", rules.PERSON_HOME, ("Anna Berg", "livesIn", "Lyon")),
    ("Ines Varga, a lawyer and a resident of Ostrava, won the race.", rules.PERSON_HOME,
     ("Ines Varga", "livesIn", "Ostrava")),
    ("The contract went to Halloway Shipping Corp. of Lyon.", rules.BODY_IN_PLACE,
     ("Halloway Shipping Corp.", "basedIn", "Lyon")),
    ("Workers at Grell Mining Co. of Ostrava went on strike.", rules.BODY_IN_PLACE,
     ("Grell Mining Co.", "basedIn", "Ostrava")),
])
def test_rule_reads_its_shape(read, text, rule, fact):
    ex, _ = read(text)
    assert {(ex.entities[f.subject].label, f.predicate, ex.entities[f.object].label) for f in ex.facts
            if f.provenance.rule == rule.name} == {fact}


def test_body_named_with_a_nations_adjective_is_based_in_the_nation_the_text_names(read):
    _, facts = read("The Estonian Foreign Ministry said Estonia would send aid.")
    assert ("Estonian Foreign Ministry", "basedIn", "Estonia") in facts
    # another nation named: no basedIn
    _, facts = read("The Kenyan Government spoke of Namibia.")
    assert not [f for f in facts if f[1] == "basedIn"]


def test_person_at_body_works_for_it(read):
    _, facts = read("In the field of optics, Lena Ortiz at the Institute of Optics has made progress.")
    assert ("Lena Ortiz", "worksFor", "Institute of Optics") in facts


def test_who_runs_body_heads_it(read):
    _, facts = read("Tomas Vidal, who runs the Harbour Mining Company, spoke.")
    assert ("Tomas Vidal", "heads", "Harbour Mining Company") in facts


def test_body_apposition_with_place_is_based_there(read):
    _, facts = read("Bexley Holdings, a Hong Kong building firm, won the contract.")
    assert ("Bexley Holdings", "basedIn", "Hong Kong") in facts


def test_place_first_in_a_body_name_is_where_it_is_based(read):
    # the model reads "U.S." as a place of its own and "Congress" as the body
    ex, facts = read("Varga came under fire since the U.S. Congress last month passed two resolutions.")
    assert ("Congress", "basedIn", "U.S.") in facts
    assert "U.S. Congress" in next(e.alt_labels for e in ex.entities.values() if e.label == "Congress")


def test_place_inside_a_body_name_is_where_it_is_based(read):
    # here the model reads "U.S. Senate" as one name; the place is named on its own elsewhere
    ex, facts = read("The U.S. Senate voted. Voters in the U.S. were surprised.")
    assert ("U.S. Senate", "basedIn", "U.S.") in facts
    assert "Senate" in next(e.alt_labels for e in ex.entities.values() if e.label == "U.S. Senate")


def test_name_with_honorific_is_another_name(read):
    ex, _ = read("Mrs. Parks refused to give up her seat.")
    assert any("Mrs. Parks" in e.alt_labels | {e.label} for e in ex.entities.values() if e.root_class == "Person")


def test_relation_model_reads_a_killing(read):
    _, facts = read("Anton Varga was assassinated by Tomas Vidal in 1901.")
    assert ("Tomas Vidal", "killed", "Anton Varga") in facts
    assert ("Anton Varga", "killed", "Tomas Vidal") not in facts


def test_named_minister_of_x(read):
    _, facts = read("Anna Berg was named Minister of Finance on Monday.")
    assert facts == {("Anna Berg", "holdsPosition", "Minister of Finance"),
                     ("Anna Berg", "heads", "Ministry of Finance")}


def test_take_over_as_head_of_body(read):
    _, facts = read("Tomas Vidal will take over as head of the Harbour Board.")
    assert facts == {("Tomas Vidal", "holdsPosition", "head of the Harbour Board"),
                     ("Tomas Vidal", "heads", "Harbour Board")}


def test_appointed_chairman_of_body(read):
    _, facts = read("Lena Ortiz was appointed chairman of the Customs Committee.")
    assert facts == {("Lena Ortiz", "holdsPosition", "chairman of the Customs Committee"),
                     ("Lena Ortiz", "heads", "Customs Committee")}


def test_largest_city_of_country(read):
    ex, facts = read("Ostrava, the largest city of Moldavia, hosted the fair.")
    assert facts == {("Ostrava", "locatedIn", "Moldavia")}
    assert classes(ex)["Ostrava"] == "Location"


def test_port_on_a_sea(read):
    ex, facts = read("Port Selim, a port on the Black Sea, was closed.")
    assert ("Port Selim", "locatedIn", "Black Sea") in facts
    assert classes(ex)["Port Selim"] != "Person"


def test_headquartered_in(read):
    _, facts = read("Bexley Bank, headquartered in Ostrava, reported losses.")
    assert ("Bexley Bank", "basedIn", "Ostrava") in facts


def test_killed_passive_relative_clause(read):
    _, facts = read("Anton Varga, who was shot by Tomas Vidal, died.")
    assert ("Tomas Vidal", "killed", "Anton Varga") in facts
    assert ("Anton Varga", "killed", "Tomas Vidal") not in facts


def test_killed_active_and_not_when_negated(read):
    _, facts = read("Tomas Vidal stabbed Anton Varga. Marta Kovac did not kill Lena Ortiz.")
    assert ("Tomas Vidal", "killed", "Anton Varga") in facts
    assert ("Marta Kovac", "killed", "Lena Ortiz") not in facts


def test_title_word_inside_a_name_is_no_title(read):
    ex, _ = read("Martin Luther King Jr. spoke in Memphis.")
    people = [e for e in ex.entities.values() if e.root_class == "Person"]
    assert [p.label for p in people] == ["Martin Luther King Jr."]


def test_title_after_a_body_word_ends_the_body_name(read):
    ex, facts = read("Harbour Fire Department Capt. Ana Reis said the blaze was out.")
    bodies = [e.label for e in ex.entities.values() if e.root_class == "Organization"]
    assert bodies == ["Harbour Fire Department"]


def test_person_span_that_is_a_title_of_a_place_is_no_person(nlp):
    # the small model sometimes reads "the 25th President of the X" as a PERSON; force that
    # reading here so the repair is tested whatever the model does on this sentence
    from spacy.tokens import Span

    from kg.extract.mentions import find_mentions

    doc = nlp("In 1843, the 25th President of the Northern Republic, Anton Varga, was born.")
    start = next(t.i for t in doc if t.text == "President")
    end = next(t.i for t in doc if t.text == "Republic") + 1
    doc.ents = [Span(doc, start, end, label="PERSON")]
    assert [(m.text, m.cls) for m in find_mentions(doc)] == [("Northern Republic", "Region")]


def test_place_after_a_title_of_is_not_a_name(read):
    ex, facts = read("In 1843, the 25th President of the United States, Anton Varga, was born in Lindby.")
    assert classes(ex)["United States"] == "Location"
    assert ("Anton Varga", "heads", "United States") in facts


def test_body_in_place(read):
    _, facts = read("Scientists at the Optics Research Centre in Ostrava are working on a new lens.")
    assert ("Optics Research Centre", "basedIn", "Ostrava") in facts


def test_title_word_inside_a_body_name_is_no_title_phrase(read):
    # "Command" names the body; no title stands before the person, and nothing breaks
    ex, facts = read("Officers of the Northern Guard Command Lena Ortiz and Tomas Vidal met.")
    assert not [f for f in facts if f[1] == "heads"]
    # the plural title is each one's ("Officer of ..."), never a "Command..." title
    assert {f[2] for f in facts if f[1] == "holdsPosition"} <= {"Officer of the Northern Guard Command"}


def test_name_before_a_place_word_is_a_place_unseen_by_the_model(nlp):
    # whatever the recogniser makes of "Selvar", "the Selvar region" names a region
    from kg.extract.mentions import find_mentions

    doc = nlp("The Akim of the Selvar region Ana Reis spoke.")
    doc.ents = [e for e in doc.ents if "Selvar" not in e.text]
    assert ("Selvar region", "Region") in [(m.text, m.cls) for m in find_mentions(doc)]


# ---------------------------------------------------------------- role shapes of wire copy, title/name edges (B)

def test_lower_case_title_before_name(read):
    _, facts = read("Lawmakers moved to censure interior minister Darya Velkova on Tuesday.")
    assert ("Darya Velkova", "holdsPosition", "interior minister") in facts
    # a lower-case title makes no ministry the text does not name
    assert not [f for f in facts if f[1] == "heads"]



def test_lower_case_words_before_a_capitalised_title_are_not_part_of_it(read):
    _, facts = read("Under the deal, Transport Minister Edda Morrow was installed as executive party chairman.")
    assert ("Edda Morrow", "holdsPosition", "Transport Minister") in facts
    assert ("Edda Morrow", "holdsPosition", "executive party chairman") in facts


def test_honorific_between_title_and_name_belongs_to_the_name(read):
    _, facts = read("Prime Minister Sheikh Amina Rahel met Foreign Minister Dr Tarek Oskar in Velland.")
    positions = {(p, o) for p, pred, o in facts if pred == "holdsPosition"}
    assert ("Amina Rahel", "Prime Minister") in positions
    assert ("Tarek Oskar", "Foreign Minister") in positions


def test_first_name_left_out_of_the_span_is_the_names_not_the_titles(read):
    ex, facts = read("Secretary General Marten Hoel Velland opened the summit.")
    assert {f[2] for f in facts if f[1] == "holdsPosition"} == {"Secretary General"}


def test_plural_title_before_names_joined_by_and(read):
    ex, facts = read("The mayor thanked Officers Ruben Halloway and Tobias Grell.")
    assert ("Ruben Halloway", "holdsPosition", "Officer") in facts
    assert ("Tobias Grell", "holdsPosition", "Officer") in facts
    assert {e.label for e in ex.entities.values() if e.cls == "Person"} == {"Ruben Halloway", "Tobias Grell"}


def test_title_word_read_as_a_person_is_no_person(read):
    ex, facts = read("Chief Cabinet Secretary Yoshiro Tarvo, who was reappointed, announced the lineup.")
    assert ("Yoshiro Tarvo", "holdsPosition", "Chief Cabinet Secretary") in facts
    assert [e.label for e in ex.entities.values() if e.cls == "Person"] == ["Yoshiro Tarvo"]



def test_list_of_titled_names_is_not_one_apposition(read):
    _, facts = read("Attending were Harbour Council Speaker Tobias Grell, Chief of Staff of the Presidential Office "
                    "Marit Oskarsen, Security Council Secretary Ana Reis and Interior Minister Tomas Vidal.")
    assert {o for s, p, o in facts if s == "Tobias Grell" and p == "holdsPosition"} == {"Harbour Council Speaker"}
    assert ("Tobias Grell", "heads", "Harbour Council") in facts
    assert ("Marit Oskarsen", "heads", "Presidential Office") in facts
    assert not [f for f in facts if f[2] in {"Marit Oskarsen", "Ana Reis", "Tomas Vidal"}]





def test_copula_with_a_deputy_title_works_for_the_body(read):
    _, facts = read(rules.COPULA_TITLE.example)
    assert ("Marit Oskarsen", "holdsPosition", "deputy director of the Velland Institute") in facts
    assert ("Marit Oskarsen", "worksFor", "Velland Institute") in facts
    assert not [f for f in facts if f[1] == "heads"]


@pytest.mark.parametrize("sentence, fact", [
    ("The statement was released by presidential press secretary Ilmar Tarvik.",
     ("Ilmar Tarvik", "holdsPosition", "presidential press secretary")),
    ("Tobias Grell has been appointed as the country's Defense Minister.",
     ("Tobias Grell", "holdsPosition", "Defense Minister")),
    ("Ruben Halloway, who has served as Velland's defense minister, will head the Tarvel Academy.",
     ("Ruben Halloway", "holdsPosition", "defense minister")),
    ("Ilgar Sobirin has been appointed as acting head of Administration of the Tarvel region.",
     ("Ilgar Sobirin", "heads", "Administration of the Tarvel region")),
    (rules.APPOINTED_OBJECT.example, ("Tobias Grell", "holdsPosition", "director general of the Tarvel Water Agency")),
    (rules.APPOINTED_OBJECT.example, ("Tobias Grell", "heads", "Tarvel Water Agency")),
    ("Police arrested Velland Bank DGM Akhtar Oskarsson on Monday.",
     ("Akhtar Oskarsson", "holdsPosition", "Velland Bank DGM")),
    ("Police arrested Velland Bank DGM Akhtar Oskarsson on Monday.", ("Akhtar Oskarsson", "worksFor", "Velland Bank")),
    (rules.PERSON_AS_TITLE.example, ("Tobias Grell", "holdsPosition", "chairman of the Velland Trust")),
    (rules.AT_THE_HELM.example, ("Marit Oskarsen", "heads", "Tarvel Shipping Company")),
    ("And the new finance minister is Joren Tarvel, a rising star.", ("Joren Tarvel", "holdsPosition", "finance minister")),
    ("The spokesperson of the Velland State Police Command, Victor Osku, explained the stance.",
     ("Victor Osku", "worksFor", "Velland State Police Command")),
    ("On April 5, Tarvel prosecution director Omar Velid closed the case.",
     ("Omar Velid", "holdsPosition", "prosecution director")),
    ("Ana Reis replaced Tomas Vidal as minister of state for legal affairs.",
     ("Tomas Vidal", "holdsPosition", "minister of state for legal affairs")),
    ("Irina Sol and Mark Tenn were appointed as police chiefs in Velland.", ("Mark Tenn", "holdsPosition", "police chief")),
    ("Lawyers Arvo Tann and Mirel Ostrova represented the two women.", ("Mirel Ostrova", "holdsPosition", "Lawyer")),
    ("The news was welcomed by conservative party leader and Vice Chancellor Wilhelm Tarvik.",
     ("Wilhelm Tarvik", "holdsPosition", "party leader")),
    ("The news was welcomed by conservative party leader and Vice Chancellor Wilhelm Tarvik.",
     ("Wilhelm Tarvik", "holdsPosition", "Vice Chancellor")),
    ("Jumbo Osk, head of the Velland Protection Service and previously deputy chairman of the Tarvel Committee, spoke.",
     ("Jumbo Osk", "holdsPosition", "deputy chairman of the Tarvel Committee")),
    ("Rahim Tovar was appointed as the top executive of the state-run bank on Thursday.",
     ("Rahim Tovar", "holdsPosition", "top executive of the state-run bank")),
    ("Five buildings were destroyed, said Environment and Harbours Minister Emre Tarvo.",
     ("Emre Tarvo", "holdsPosition", "Environment and Harbours Minister")),
    ("Kadir Tavel, previously minister of state for foreign affairs, was appointed minister of state for legal affairs.",
     ("Kadir Tavel", "holdsPosition", "minister of state for foreign affairs")),
    ("Lotte Tarvel spoke first. Tarvel has been deputy director of the Velland Bureau since February.",
     ("Lotte Tarvel", "holdsPosition", "deputy director of the Velland Bureau")),
])
def test_role_shapes_of_wire_copy(read, sentence, fact):
    _, facts = read(sentence)
    assert fact in facts


def test_lower_case_post_of_state_makes_no_ministry(read):
    _, facts = read("Ana Reis replaced Tomas Vidal as minister of state for legal affairs.")
    assert not [f for f in facts if f[1] == "heads"]
    assert ("Tomas Vidal", "holdsPosition", "minister") not in facts


def test_title_after_a_place_and_a_qualifier_heads_no_place(read):
    _, facts = read("On April 5, Tarvel prosecution director Omar Velid closed the case.")
    assert not [f for f in facts if f[1] == "heads"]


def test_title_ending_in_for_makes_its_object_no_holder(read):
    _, facts = read("Special Representative for Coastal Protection, Fisheries and Transport Pavel Tarvik attended.")
    assert not [f for f in facts if f[2].endswith(" for")]


def test_apposition_after_a_name_with_its_own_title_is_not_its_title(read):
    _, facts = read("While Harbour Chief Mira Tass has been appointed as Deputy Chief Constable, "
                    "former Dock Chief Oren Vale has been appointed as the harbour police chief.")
    assert not [f for f in facts if f[0] == "Oren Vale" and "Constable" in f[2]]
# ---------------------------------------------------------------- relation model gates (C)

def test_relation_model_reads_no_killing_where_the_sentence_speaks_of_none(read):
    _, facts = read("President Marit Oskarsen received President Tomas Vidal at the airport.")
    assert not {f for f in facts if f[1] == "killed"}


def test_relation_model_gives_no_home_to_an_official_by_his_title(read):
    _, facts = read("Velland's Prime Minister Anton Varga congratulated Tomas Vidal on his victory.")
    assert facts == {("Anton Varga", "holdsPosition", "Prime Minister")}
    # where the sentence says where they were born, the title does not stand in the way
    _, facts = read("Governor Ruben Halloway was born in Ostrava.")
    assert ("Ruben Halloway", "livesIn", "Ostrava") in facts


def test_relation_model_makes_a_party_member_not_an_employee(read):
    _, facts = read("Ruben Halloway, a senior figure in the Velland Unity Party, spoke on Monday.")
    assert ("Ruben Halloway", "memberOf", "Velland Unity Party") in facts
    assert ("Ruben Halloway", "worksFor", "Velland Unity Party") not in facts


# ---------------------------------------------------------------- typing and non-names (C)

def test_currency_and_abbreviation_of_a_common_noun_are_no_entities(read):
    ex, _ = read("The Tarvelese delegation paid USD 300 million for closed-circuit television (CCTV) cameras.")
    assert classes(ex) == {}
    ex, _ = read("The Tarvelese envoy paid KRW 300 million.")
    assert classes(ex) == {}


def test_a_newspaper_is_an_organisation_whatever_its_name(read):
    ex, _ = read("The Oskar Berg newspaper printed the names. Oskar Berg said nothing more.")
    assert classes(ex) == {"Oskar Berg": "Organization"}


def test_the_province_of_x_is_a_place(read):
    ex, _ = read("Ruben Halloway was born in the province of Moravan, where Halloway still lives.")
    assert classes(ex)["Moravan"] == "Location"


# ---------------------------------------------------------------- one node per thing, typing (issue 13)

def test_place_named_with_and_without_its_kind_word_is_one_place(read):
    ex, _ = read("A bomb went off at a market in Torvan state on Monday. Officials in Torvan said ten people died.")
    assert [e.label for e in ex.entities.values() if e.root_class == "Location"] == ["Torvan state"]
    # a region is often named after its seat: the two stay apart
    ex, _ = read("Governor Ana Reis of the Velna region visited the city of Velna on Monday.")
    assert sorted(e.label for e in ex.entities.values() if e.root_class == "Location") == ["Velna", "Velna region"]


def test_a_capitalised_city_is_part_of_the_name(read):
    ex, _ = read("Maria Olsen lives in Torvan City, the largest city in Torvan.")
    assert sorted(e.label for e in ex.entities.values() if e.root_class == "Location") == ["Torvan", "Torvan City"]


@pytest.mark.parametrize("sentence, expected", [
    # a company's name with its legal form claims the short name, and gives it its class
    ("Velmora Telecom Corp. agreed to buy a rival on Monday. Velmora Telecom said the deal closes in May.",
     {"Velmora Telecom Corp.": "Organization"}),
    # a noun after one mention types every mention (the model reads a person's name in all three)
    ("Kalu Maro gunmen attacked the village on Monday. The police said Kalu Maro had planned it. "
     "Witnesses blamed Kalu Maro.", {"Kalu Maro": "Organization"}),
    # ... but not after a possessive: the faction is the party's, in the place
    ("Crowds gathered in Ostrel on Monday. The party's Ostrel faction backed the plan.", {"Ostrel": "Location"}),
    # "the capital, X," is a place also where the parser reads a list
    ("Rebels control the capital, Ostrel, and large parts of the north.", {"Ostrel": "Location"}),
    # the word after a prefix's hyphen is no part of the name
    ("Voters backed the anti-Tarvel Unity Party on Sunday.", {"Unity Party": "Organization"}),
    # "Force" and "Gazette" end a body's name
    ("Officers of the Velland Reserve Police Force arrived. The decree was printed in the Ostrel Gazette.",
     {"Velland Reserve Police Force": "GovernmentBody", "Ostrel Gazette": "Organization"}),
    # a person's name with a possessive and a body word is the person and her body
    ("Ana Reis’s Cabinet met on Monday. Reis spoke.", {"Ana Reis": "Person", "Cabinet": "GovernmentBody"}),
    # a word of a role's status is no part of a body's name
    ("Former Ostrel Police Chief Ana Reis was appointed.", {"Ana Reis": "Person", "Ostrel Police": "GovernmentBody"}),
    # a war is no body, person or place
    ("Veterans of the Tarvel-Velland War marched in Ostrel.", {"Ostrel": "Location"}),
    # a name ending in a capitalised building word is that building, also where the model saw a person
    ("The oath was taken in the sumptuous 17th century Velmarde Palace in the capital.",
     {"Velmarde Palace": "Building"}),
    # ... but not a word that is a surname too
    ("Defence lawyer Tomas Hall spoke to reporters on Monday.", {"Tomas Hall": "Person"}),
    # an adjective before "province of X" describes the province X; it names none
    ("Police chiefs in the Central Tarvelian province of Ostreva were changed.", {"Ostreva": "Location"}),
])
def test_typing_shapes(read, sentence, expected):
    ex, _ = read(sentence)
    # every body and person named, and the places asked about (titles are another rule's)
    assert {label: cls for label, cls in classes(ex).items()
            if label in expected or cls not in {"Location", "Position"}} == expected


def test_a_name_its_acronym_defines_is_one_body_whatever_the_model_cut(read):
    ex, _ = read("The Velland Front for Unity in the South (VFUS) claimed the bombing. VFUS fighters fled.")
    front = [e for e in ex.entities.values() if e.root_class == "Organization"]
    assert [(e.label, e.alt_labels) for e in front] == [("Velland Front for Unity in the South", {"VFUS"})]
    ex, _ = read("The liberal Democracy 21 (D21) party joined the coalition.")
    assert [(e.label, e.alt_labels) for e in ex.entities.values()] == [("Democracy 21", {"D21"})]


def test_an_adjective_before_state_names_no_province(nlp):
    from kg.extract.mentions import find_mentions
    doc = nlp("Fighters loyal to the Tarvelic State attacked Ostrel State on Monday.")
    assert [(m.text, m.cls) for m in find_mentions(doc)] == [("Tarvelic State", "Location"), ("Ostrel State", "Region")]


def test_names_the_model_missed_before_a_building_word_and_after_a_place_word(nlp):
    from kg.extract.mentions import find_mentions
    doc = nlp("The oath was taken in the Velmarde Palace in the northern province of Ostrega.")
    doc.ents = []  # as if the model had seen neither
    assert [(m.text, m.cls) for m in find_mentions(doc)] == [("Velmarde Palace", "Building"), ("Ostrega", "Region")]
