"""kg.explore.connections and `kg path`: finding entities by name and the chain of facts between two of them."""
from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest

from kg import cli
from kg.errors import KgError
from kg.explore import connections
from kg.explore.analytics import entity_graph
from kg.graph.rdf import entity_iri, to_graph
from kg.model import Document, Entity, Extraction, Fact, Provenance

S_HEADS = "Mira Quell heads the Harbor Board."
S_WORKS = "Oskar Quell works for the Harbor Board."
S_CLUB = "Mira Quell and Tove Brann belong to the Lantern Club."
S_LIVES = "Ivo Sarn lives in Velmora."


def prov(doc: str, sentence: str) -> Provenance:
    return Provenance(doc, sentence, 0, len(sentence), "test", 0.9)


def extractions() -> list[Extraction]:
    one = Extraction(Document("one", f"{S_HEADS} {S_WORKS}", "news/one.txt"))
    one.entities = {
        "mira": Entity("mira", "Person", "Mira Quell", {"Quell"}),
        "oskar": Entity("oskar", "Person", "Oskar Quell", {"Quell", "Ossi"}),
        "board": Entity("board", "GovernmentBody", "Harbor Board"),
    }
    one.facts = [Fact("mira", "heads", "board", prov("one", S_HEADS)),
                 Fact("oskar", "worksFor", "board", prov("one", S_WORKS))]
    two = Extraction(Document("two", f"{S_CLUB} {S_LIVES}", "news/two.txt"))
    two.entities = {
        "mira": Entity("mira", "Person", "Mira Quell"),
        "tove": Entity("tove", "Person", "Tove Brann"),
        "club": Entity("club", "Organization", "Lantern Club"),
        "ivo": Entity("ivo", "Person", "Ivo Sarn"),
        "velmora": Entity("velmora", "City", "Velmora"),
        "velmora-fc": Entity("velmora-fc", "Organization", "Velmora"),
    }
    two.facts = [Fact("mira", "memberOf", "club", prov("two", S_CLUB)),
                 Fact("tove", "memberOf", "club", prov("two", S_CLUB)),
                 Fact("ivo", "livesIn", "velmora", prov("two", S_LIVES))]
    return [one, two]


def iri(key: str) -> str:
    for ex in extractions():
        if key in ex.entities:
            return str(entity_iri(ex.entities[key], ex.document.id))
    raise KeyError(key)


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return entity_graph(to_graph(extractions()))


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("paths") / "graph.ttl"
    to_graph(extractions()).serialize(path, format="turtle")
    return path


def test_found_by_exact_label_then_any_case_then_alternative_label_then_iri(G):
    assert connections.find_entity(G, "Mira Quell") == iri("mira")
    assert connections.find_entity(G, "mira quell") == iri("mira")
    assert connections.find_entity(G, "ossi") == iri("oskar")
    assert connections.find_entity(G, iri("tove")) == iri("tove")


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
    assert (found.source, found.target) == (iri("oskar"), iri("tove"))
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


def test_kg_path_prints_the_chain(graph_file, capsys):
    assert cli.main(["path", str(graph_file), "Oskar Quell", "tove brann"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Oskar Quell and Tove Brann are 4 facts apart:"
    assert out[-2] == "4. Tove Brann --memberOf--> Lantern Club"


def one_line(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


def test_kg_path_with_no_path_says_so_and_exits_1(graph_file, capsys):
    assert cli.main(["path", str(graph_file), "Ivo Sarn", "Mira Quell"]) == 1
    assert one_line(capsys) == f"kg: no path between Ivo Sarn and Mira Quell: no chain of facts in {graph_file} joins them"


@pytest.mark.parametrize("name, expected", [
    ("Nobody Here", "kg: error: no entity named 'Nobody Here'"),
    ("Quell", "kg: error: 'Quell' is ambiguous: it names 2 entities"),
])
def test_kg_path_with_a_bad_name_is_one_error_line(graph_file, capsys, name, expected):
    assert cli.main(["path", str(graph_file), name, "Mira Quell"]) == 2
    assert one_line(capsys).startswith(expected)


def test_kg_path_as_a_process_has_no_traceback(graph_file):
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "path", str(graph_file), "Quell", "Ivo Sarn"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == "" and len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr


def test_labels_of_a_foreign_graph_cannot_turn_the_output_around(tmp_path, capsys):
    # U+202E would show the rest of the line backwards; a newline would start a false line
    path = tmp_path / "foreign.ttl"
    path.write_text("""@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:x:ada> a kg:Person ; rdfs:label "Ada \\u202eBell" ; kg:heads <urn:x:tide> .
<urn:x:tide> a kg:GovernmentBody ; rdfs:label "Tide\\nBoard" .
""", encoding="utf-8")
    assert cli.main(["path", str(path), "Ada \u202eBell", "Tide\nBoard"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Ada \\u202eBell and Tide\\nBoard are 1 fact apart:",
        "1. Ada \\u202eBell --heads--> Tide\\nBoard",
        "   (no sentence recorded)"]
    assert cli.main(["communities", str(path)]) == 0
    assert "\\u202e" in capsys.readouterr().out
