"""kg/extract/scope.py: a body with a generic name ("Interior Ministry", "the Cabinet") belongs to
a country, so two countries' bodies of one name stay two nodes when articles are built as one
corpus; a body with a name of its own stays one node everywhere.  Sentences written for the
purpose, invented people, countries no evaluation text is about."""
from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.link import link
from kg.extract.scope import article_country, generic_core, is_generic
from kg.graph import rdf
from kg.model import Document, Entity


def _body(ex, label):
    return next(e for e in ex.entities.values() if e.label == label)


@pytest.fixture(scope="module")
def read(nlp):
    def run(text, doc_id="t", title=None):
        return extract(Document(doc_id, text, f"{doc_id}.txt", title=title), nlp(text))
    return run


@pytest.mark.parametrize("name, generic", [
    ("Interior Ministry", True), ("Ministry of Foreign Affairs", True), ("Security Council", True),
    ("Cabinet", True), ("National Police", True), ("Labour Party", True), ("Tarvel Harbour Board", False),
    ("Halloway Bank", False), ("Velland Research Centre", False)])
def test_a_generic_name_is_made_of_common_words_only(name, generic):
    assert is_generic(name) is generic


def test_a_country_in_the_name_is_its_scope_and_the_rest_its_generic_part():
    assert generic_core("Chilean Interior Ministry") == ("Interior Ministry", "Chile")
    assert generic_core("Estonia's Cabinet") == ("Cabinet", "Estonia")
    assert generic_core("Security Council of Portugal") == ("Security Council", "Portugal")
    assert generic_core("Chilean Harbour Board of Tarvel") is None


def test_a_possessive_country_scopes_the_body(read):
    ex = read("Portugal's Interior Ministry said Marit Oskarsen would lead the inquiry.")
    assert _body(ex, "Interior Ministry").scope == "Portugal"


def test_a_demonym_before_the_body_scopes_it(read):
    ex = read("The Estonian Security Council met on Monday, and Tobias Grell spoke.")
    assert {e.scope for e in ex.entities.values() if e.root_class == "Organization"} == {"Estonia"}


def test_the_article_country_scopes_a_bare_generic_body(read):
    ex = read("Chile held a vote on Monday. The Cabinet approved the budget, Chilean officials said. "
              "Tobias Grell said Chile would borrow less.")
    assert _body(ex, "Cabinet").scope == "Chile"


def test_without_a_country_the_body_has_no_scope(read):
    ex = read("The Cabinet approved the budget on Monday, Tobias Grell said.")
    assert _body(ex, "Cabinet").scope is None


def test_a_body_with_a_name_of_its_own_has_no_scope(read):
    ex = read("Halloway Bank cut its rates in Chile, Tobias Grell said.")
    assert _body(ex, "Halloway Bank").scope is None


def test_the_article_country_needs_a_clear_lead():
    chile = Entity("e1", "Country", "Chile")
    kenya = Entity("e2", "Country", "Kenya")
    assert article_country([chile, kenya]) is None  # once each: no country the article is about
    assert article_country([chile, kenya], "Chilean vote", [("Chilean", 40)]) == "Chile"


def test_two_countries_bodies_of_one_name_are_two_nodes_and_one_country_s_are_one(read):
    a = read("Portugal's Interior Ministry opened an inquiry, Tobias Grell said.", "a")
    b = read("Estonia's Interior Ministry opened an inquiry, Marit Oskarsen said.", "b")
    c = read("The Portuguese Interior Ministry closed the inquiry, Ruben Halloway said.", "c")
    graph = rdf.to_graph(link([a, b, c]))
    nodes = {str(s).rsplit("/id/", 1)[-1] for s in graph.subjects() if "/organization/" in str(s)}
    # the fullest of one country's names labels its node
    assert nodes == {"organization/portuguese-interior-ministry/in/portugal", "organization/interior-ministry/in/estonia"}
