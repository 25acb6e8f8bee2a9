"""Organisation relations read by rules (kg/extract/relations.py, "E: organisation relations"):
where a body is based, and which body holds which.  Sentences written for the purpose with
invented names."""
from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Document


@pytest.fixture(scope="module")
def read(nlp):
    def run(text):
        ex = extract(Document("t", text, "t.txt"), nlp(text))
        return {(ex.entities[f.subject].label, f.predicate, ex.entities[f.object].label)
                for f in ex.facts if f.object_is_entity and f.provenance.rule != "relation-model"}
    return run


def test_a_place_based_owner_in_apposition_is_based_there_and_owns_the_other(read):
    facts = read("Grell Holdings, the Tarvel-based owner of Halloway Bank, agreed to the deal.")
    assert ("Grell Holdings", "basedIn", "Tarvel") in facts
    assert ("Halloway Bank", "subOrganizationOf", "Grell Holdings") in facts


def test_place_based_before_the_name(read):
    assert ("Halloway Bank", "basedIn", "Tarvel") in read("The Tarvel-based Halloway Bank cut its rates.")


def test_a_town_and_its_country_before_based_are_both_where_the_body_is(read):
    facts = read("Grell Holdings, the Tarvel, Velland-based company that controls Halloway Bank Inc., agreed.")
    assert {("Grell Holdings", "basedIn", "Tarvel"), ("Grell Holdings", "basedIn", "Velland")} <= facts
    assert ("Halloway Bank Inc.", "subOrganizationOf", "Grell Holdings") in facts


def test_a_lower_case_word_before_based_is_no_place(read):
    facts = read("Halloway Bank, a web-based lender, cut its rates.")
    assert not any(p == "basedIn" for _, p, _ in facts)


@pytest.mark.parametrize("text", [
    "Halloway Bank, owned by Grell Holdings, cut its rates.",
    "Halloway Bank, which is owned by Grell Holdings, cut its rates.",
    "Grell Holdings owns Halloway Bank.",
    "Halloway Bank is owned by Grell Holdings.",
    "Halloway Bank, a subsidiary of Grell Holdings, cut its rates.",
    "Grell Holdings, the majority owner of Halloway Bank, agreed to the deal.",
])
def test_shapes_of_holding(read, text):
    assert ("Halloway Bank", "subOrganizationOf", "Grell Holdings") in read(text)


def test_a_unit_named_with_its_owner_s_possessive(read):
    facts = read("Marit Oskarsen is president of Ostmere Motor Co, Grell Holdings's Velland unit.")
    assert ("Ostmere Motor Co", "subOrganizationOf", "Grell Holdings") in facts


def test_an_owner_that_is_a_person_makes_no_sub_organization(read):
    facts = read("Halloway Bank, owned by Marit Oskarsen, cut its rates.")
    assert not any(p == "subOrganizationOf" for _, p, _ in facts)


def test_a_place_s_body_is_based_there(read):
    assert ("Grell Bank", "basedIn", "Velland") in read("Velland's Grell Bank cut its rates.")
