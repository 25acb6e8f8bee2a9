"""kg.extract.link: one node for one person, body or place across articles.  Extractions are built by
hand here (no spaCy), then turned into RDF to see which entities end up as one node."""
from __future__ import annotations

import copy
import os

from rdflib import Literal
from rdflib.namespace import RDFS, SKOS

from factories import make_extraction, prov
from kg.extract.link import link
from kg.graph import rdf
from kg.graph.vocab import V
from kg.model import Entity, Extraction, Fact

# A headline that names Chile (kg.extract.scope.countries_named): a bare surname joins a full
# name of another article only when both articles name a common country.
ABOUT_CHILE = "Chilean ports reopen, Chile says"


def article(doc_id: str, *entities: tuple[str, str], title: str | None = ABOUT_CHILE) -> Extraction:
    """An extraction with entities e1, e2, ... of the given (class, label), by default of an
    article about Chile."""
    return make_extraction(doc_id, title=title,
                           entities=[Entity(f"e{i}", cls, label) for i, (cls, label) in enumerate(entities, 1)])


def labels(extractions) -> list[list[str]]:
    return [[e.label for e in ex.entities.values()] for ex in extractions]


def nodes_labelled(graph, label: str) -> set:
    return set(graph.subjects(RDFS.label, Literal(label))) | set(graph.subjects(SKOS.altLabel, Literal(label)))


# ---------------------------------------------------------------- people


def test_a_surname_alone_becomes_the_one_full_name_with_that_surname():
    a = article("quay", ("Person", "Teodor Varga"), ("Location", "Dornholt"))
    b = article("ferry", ("Person", "Varga"), ("Location", "Oslavik"))
    la, lb = link([a, b])
    assert lb.entities["e1"].label == "Teodor Varga"
    assert lb.entities["e1"].alt_labels == {"Varga"}
    assert la.entities["e1"].label == "Teodor Varga"


def test_linked_people_are_one_node_mentioned_in_both_articles():
    a = article("quay", ("Person", "Teodor Varga"))
    b = article("ferry", ("Person", "Varga"))
    graph = rdf.to_graph(link([a, b]))
    [node] = nodes_labelled(graph, "Varga")
    assert set(graph.objects(node, V.mentionedIn)) == {rdf.document_iri("quay"), rdf.document_iri("ferry")}
    assert set(graph.objects(node, RDFS.label)) == {Literal("Teodor Varga")}


def test_two_different_people_with_one_surname_keep_a_bare_surname_apart():
    a = article("quay", ("Person", "Teodor Varga"))
    b = article("trade", ("Person", "Lidia Varga"))
    c = article("ferry", ("Person", "Varga"))
    linked = link([a, b, c])
    assert labels(linked) == [["Teodor Varga"], ["Lidia Varga"], ["Varga"]]
    graph = rdf.to_graph(linked)
    # three nodes: which Varga the ferry article meant is not known
    assert len({n for label in ("Teodor Varga", "Lidia Varga", "Varga") for n in nodes_labelled(graph, label)}) == 3


def test_a_bare_surname_is_not_joined_to_a_full_name_of_an_article_naming_other_countries():
    a = article("quay", ("Person", "Teodor Varga"), title="Kenyan ports reopen, Kenya says")
    b = article("ferry", ("Person", "Varga"))
    c = article("dock", ("Person", "Varga"), title="Ports reopen")  # no country at all
    linked = link([a, b, c])
    assert labels(linked) == [["Teodor Varga"], ["Varga"], ["Varga"]]


def test_a_full_name_is_joined_across_articles_about_different_countries():
    linked = link([article("a", ("Person", "Teodor B. Varga"), title="Kenyan ports reopen, Kenya says"),
                   article("b", ("Person", "Teodor Varga"))])
    assert labels(linked) == [["Teodor B. Varga"]] * 2


def test_across_articles_a_fuller_name_adds_words_in_the_middle_not_before_the_given_name():
    linked = link([article("a", ("Person", "Ilse Teodor Varga")), article("b", ("Person", "Teodor Varga"))])
    assert labels(linked) == [["Ilse Teodor Varga"], ["Teodor Varga"]]
    linked = link([article("a", ("Person", "Dr. Teodor Bela Varga")), article("b", ("Person", "Teodor Varga"))])
    assert labels(linked) == [["Dr. Teodor Bela Varga"]] * 2


def test_a_given_name_alone_is_not_taken_for_a_surname():
    linked = link([article("a", ("Person", "Teodor Varga")), article("b", ("Person", "Teodor"))])
    assert labels(linked) == [["Teodor Varga"], ["Teodor"]]


def test_a_name_and_its_fuller_forms_end_at_the_fullest():
    linked = link([article("a", ("Person", "Varga")), article("b", ("Person", "Teodor Varga")),
                   article("c", ("Person", "Teodor B. Varga"))])
    assert labels(linked) == [["Teodor B. Varga"]] * 3


# ---------------------------------------------------------------- bodies and places


def test_a_ministry_named_both_ways_in_two_articles_is_one_body():
    a = article("a", ("GovernmentBody", "Transport Ministry"))
    b = article("b", ("GovernmentBody", "Ministry of Transport"))
    la, lb = link([a, b])
    assert la.entities["e1"].label == lb.entities["e1"].label == "Ministry of Transport"
    assert la.entities["e1"].alt_labels == {"Transport Ministry"}
    graph = rdf.to_graph([la, lb])
    assert nodes_labelled(graph, "Transport Ministry") == nodes_labelled(graph, "Ministry of Transport")
    assert len(nodes_labelled(graph, "Ministry of Transport")) == 1


def test_a_short_body_name_joins_the_only_body_that_claims_it():
    linked = link([article("a", ("GovernmentBody", "Harbour Council of Vellmar")),
                   article("b", ("GovernmentBody", "Harbour Council"))])
    assert labels(linked) == [["Harbour Council of Vellmar"]] * 2


def test_a_short_body_name_two_bodies_claim_stays_apart():
    linked = link([article("a", ("GovernmentBody", "Harbour Council of Vellmar")),
                   article("b", ("GovernmentBody", "Harbour Council of Ostmere")),
                   article("c", ("GovernmentBody", "Harbour Council"))])
    assert labels(linked)[2] == ["Harbour Council"]


def test_places_are_one_node_by_name_but_a_longer_place_name_is_another_place():
    linked = link([article("a", ("City", "Port Arvel"), ("City", "the Juno Bay")),
                   article("b", ("City", "Arvel"), ("City", "Juno Bay"))])
    assert labels(linked) == [["Port Arvel", "Juno Bay"], ["Arvel", "Juno Bay"]]


def test_the_label_chosen_does_not_depend_on_the_order_of_articles():
    a = article("a", ("GovernmentBody", "Transport Ministry"), ("City", "JUNO BAY"))
    b = article("b", ("GovernmentBody", "Ministry of Transport"), ("City", "Juno Bay"))
    assert labels(link([a, b])) == labels(link([b, a]))[::-1] == [["Ministry of Transport", "Juno Bay"]] * 2


def test_a_label_already_in_the_graph_is_kept():
    # an article added to a store must not rename the node the store already has
    linked = link([article("b", ("GovernmentBody", "Ministry of Transport"))],
                  known=[("GovernmentBody", "Transport Ministry")])
    assert labels(linked) == [["Transport Ministry"]]


def test_a_surname_alone_takes_the_full_name_of_a_node_already_in_the_graph():
    linked = link([article("ferry", ("Person", "Varga"))], known=[("Person", "Teodor Varga")])
    assert labels(linked) == [["Teodor Varga"]]
    assert linked[0].entities["e1"].alt_labels == {"Varga"}


def test_people_and_bodies_of_one_name_stay_apart():
    linked = link([article("a", ("Person", "Teodor Varga")), article("b", ("GovernmentBody", "Varga"))])
    assert labels(linked) == [["Teodor Varga"], ["Varga"]]


# ---------------------------------------------------------------- what stays as it was


def test_keys_facts_and_the_input_are_left_as_they_were():
    a = article("quay", ("Person", "Teodor Varga"))
    b = article("ferry", ("Person", "Varga"), ("City", "Oslavik"))
    b.facts.append(Fact("e1", "livesIn", "e2", prov("s", document="ferry", rule="r")))
    before = copy.deepcopy([a, b])
    _, lb = link([a, b])
    assert [a, b] == before
    assert list(lb.entities) == ["e1", "e2"] and lb.facts == b.facts


def test_events_and_positions_are_not_linked():
    linked = link([article("a", ("Meeting", "meeting of Harbour Council"), ("Position", "Minister of Transport")),
                   article("b", ("Meeting", "meeting"), ("Position", "Minister"))])
    assert labels(linked) == [["meeting of Harbour Council", "Minister of Transport"], ["meeting", "Minister"]]


def test_names_counted_one_article_at_a_time_settle_as_link_does():
    from kg.extract.link import Names, relabel

    corpus = [article("a", ("Person", "Varga"), ("Organization", "Transport Ministry")),
              article("b", ("Person", "Anton Varga"), ("Organization", "Ministry of Transport")),
              article("c", ("City", "Juno Bay"), ("Person", "Edda Sorn"))]
    known = [("Person", "Edda Sorn-Lind"), ("City", "JUNO BAY")]
    names = Names()
    for ex in corpus:
        names.see(ex)
    labels = names.settle(known)
    assert [relabel(ex, labels) for ex in corpus] == link(corpus, known)
    assert names.settle() == names.settle()  # settling changes nothing it would need again
    assert labels[("Person", "varga")] == "Anton Varga"


def test_names_seen_in_parts_and_merged_in_order_are_those_seen_in_one_go():
    from kg.extract.link import Names

    corpus = [article("quay", ("Person", "Teodor Varga"), ("Location", "Dornholt")),
              article("trade", ("Person", "Lidia Varga"), title="Kenyan ports reopen, Kenya says"),
              article("ferry", ("Person", "Varga"), ("Location", "Dornholt")),
              article("dock", ("Person", "Varga"), ("Person", "Teodor Varga"), title="Ports reopen")]
    whole, first, rest = Names(), Names(), Names()
    for ex in corpus:
        whole.see(ex)
    first.see(corpus[0])
    for ex in corpus[1:]:
        rest.see(ex)
    first.merge(rest)
    assert (first.forms, first.contexts, first.person_docs) == (whole.forms, whole.contexts, whole.person_docs)
    assert first.settle() == whole.settle()


def test_what_names_hash_is_the_same_in_every_process():
    # a cluster's workers hash in processes of their own: Python's hash() of a str differs between them
    import subprocess
    import sys

    def hashed(seed: str) -> str:
        code = "from kg.extract.link import _hashed; print(_hashed(('Person', 'teodor varga')))"
        return subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, check=True).stdout

    assert hashed("1") == hashed("2") != ""
