"""kg.explore.connections and `kg path`: finding entities by name and the chain of facts between two of them."""
from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest

from conftest import assert_one_line_error
from factories import iri, make_extraction, prov
from kg.errors import KgError
from kg.explore import connections
from kg.explore.network import entity_graph
from kg.graph.rdf import to_graph
from kg.model import Entity, Extraction, Fact

S_HEADS = "Mira Quell heads the Harbor Board."
S_WORKS = "Oskar Quell works for the Harbor Board."
S_CLUB = "Mira Quell and Tove Brann belong to the Lantern Club."
S_LIVES = "Ivo Sarn lives in Velmora."


def extractions() -> list[Extraction]:
    one = make_extraction("one", f"{S_HEADS} {S_WORKS}", source="news/one.txt", entities=[
        Entity("mira", "Person", "Mira Quell", {"Quell"}),
        Entity("oskar", "Person", "Oskar Quell", {"Quell", "Ossi"}),
        Entity("board", "GovernmentBody", "Harbor Board"),
    ], facts=[Fact("mira", "heads", "board", prov(S_HEADS, document="one")),
              Fact("oskar", "worksFor", "board", prov(S_WORKS, document="one"))])
    two = make_extraction("two", f"{S_CLUB} {S_LIVES}", source="news/two.txt", entities=[
        Entity("mira", "Person", "Mira Quell"),
        Entity("tove", "Person", "Tove Brann"),
        Entity("club", "Organization", "Lantern Club"),
        Entity("ivo", "Person", "Ivo Sarn"),
        Entity("velmora", "City", "Velmora"),
        Entity("velmora-fc", "Organization", "Velmora"),
    ], facts=[Fact("mira", "memberOf", "club", prov(S_CLUB, document="two")),
              Fact("tove", "memberOf", "club", prov(S_CLUB, document="two")),
              Fact("ivo", "livesIn", "velmora", prov(S_LIVES, document="two"))])
    return [one, two]


# Only read for the IRIs kg gives their entities.
ARTICLES = extractions()


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return entity_graph(to_graph(extractions()))


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("paths") / "graph.ttl"
    to_graph(extractions()).serialize(path, format="turtle")
    return path


def test_found_by_exact_label_then_any_case_then_alternative_label_then_iri(G):
    assert connections.find_entity(G, "Mira Quell") == iri("mira", *ARTICLES)
    assert connections.find_entity(G, "mira quell") == iri("mira", *ARTICLES)
    assert connections.find_entity(G, "ossi") == iri("oskar", *ARTICLES)
    assert connections.find_entity(G, iri("tove", *ARTICLES)) == iri("tove", *ARTICLES)


def test_an_alternative_label_two_entities_share_is_ambiguous(G):
    with pytest.raises(KgError) as err:
        connections.find_entity(G, "Quell")
    message = str(err.value)
    assert message.startswith("'Quell' is ambiguous: it names 2 entities:")
    assert "Mira Quell (Person" in message and "Oskar Quell (Person" in message and "\n" not in message


def test_one_label_on_two_classes_is_ambiguous(G):
    with pytest.raises(KgError, match=r"'Velmora' is ambiguous.*City.*Organization"):
        connections.find_entity(G, "Velmora")


def test_an_unknown_name_suggests_labels_like_it(G):
    with pytest.raises(KgError, match=r"no entity named 'Tove' .*did you mean 'Tove Brann'\?"):
        connections.find_entity(G, "Tove")
    with pytest.raises(KgError, match="none has a label like it"):
        connections.find_entity(G, "Zzyzx")


def test_the_chain_reads_each_fact_its_own_way_with_its_sentence_and_document(G):
    found = connections.connect(G, "Oskar Quell", "Tove Brann")
    assert (found.source, found.target) == (iri("oskar", *ARTICLES), iri("tove", *ARTICLES))
    assert [(s.subject_label, s.predicate, s.object_label, s.sentence, s.document) for s in found.steps] == [
        ("Oskar Quell", "worksFor", "Harbor Board", S_WORKS, "news/one.txt"),
        ("Mira Quell", "heads", "Harbor Board", S_HEADS, "news/one.txt"),
        ("Mira Quell", "memberOf", "Lantern Club", S_CLUB, "news/two.txt"),
        ("Tove Brann", "memberOf", "Lantern Club", S_CLUB, "news/two.txt"),
    ]
    back = connections.connect(G, "Tove Brann", "Oskar Quell")
    assert [s.predicate for s in back.steps] == ["memberOf", "memberOf", "heads", "worksFor"]


def test_the_chain_as_text(G):
    text = connections.format_path(connections.connect(G, "Oskar Quell", "Mira Quell"))
    assert text.splitlines() == [
        "Oskar Quell and Mira Quell are 2 facts apart:",
        "1. Oskar Quell --worksFor--> Harbor Board",
        f'   "{S_WORKS}" (news/one.txt)',
        "2. Mira Quell --heads--> Harbor Board",
        f'   "{S_HEADS}" (news/one.txt)',
    ]


def test_no_path_and_the_same_entity(G):
    assert connections.connect(G, "Ivo Sarn", "Mira Quell") is None
    same = connections.connect(G, "Ossi", "Oskar Quell")
    assert same.steps == [] and connections.format_path(same) == "Oskar Quell and Oskar Quell are one entity"


# ---------------------------------------------------------------- kg path


def test_kg_path_prints_the_chain(graph_file, run_kg):
    code, out, _ = run_kg("path", graph_file, "Oskar Quell", "tove brann")
    assert code == 0
    out = out.splitlines()
    assert out[0] == "Oskar Quell and Tove Brann are 4 facts apart:"
    assert out[-2] == "4. Tove Brann --memberOf--> Lantern Club"


def test_kg_path_with_no_path_says_so_and_exits_1(graph_file, run_kg):
    assert run_kg("path", graph_file, "Ivo Sarn", "Mira Quell") == (
        1, "", f"kg: no path between Ivo Sarn and Mira Quell: no chain of facts in {graph_file} joins them\n")


@pytest.mark.parametrize("name, expected", [
    ("Nobody Here", "kg: error: no entity named 'Nobody Here'"),
    ("Quell", "kg: error: 'Quell' is ambiguous: it names 2 entities"),
])
def test_kg_path_with_a_bad_name_is_one_error_line(graph_file, run_kg, name, expected):
    assert assert_one_line_error(run_kg("path", graph_file, name, "Mira Quell")).startswith(expected)


@pytest.mark.slow
def test_kg_path_as_a_process_has_no_traceback(graph_file):
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "path", str(graph_file), "Quell", "Ivo Sarn"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == "" and len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr


def test_labels_of_a_foreign_graph_cannot_turn_the_output_around(tmp_path, run_kg):
    # U+202E would show the rest of the line backwards; a newline would start a false line
    path = tmp_path / "foreign.ttl"
    path.write_text("""@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:x:ada> a kg:Person ; rdfs:label "Ada \\u202eBell" ; kg:heads <urn:x:tide> .
<urn:x:tide> a kg:GovernmentBody ; rdfs:label "Tide\\nBoard" .
""", encoding="utf-8")
    code, out, _ = run_kg("path", path, "Ada \u202eBell", "Tide\nBoard")
    assert code == 0
    assert out.splitlines() == [
        "Ada \\u202eBell and Tide\\nBoard are 1 fact apart:",
        "1. Ada \\u202eBell --heads--> Tide\\nBoard",
        "   (no sentence recorded)"]
    code, out, _ = run_kg("communities", path)
    assert code == 0
    assert "\\u202e" in out
