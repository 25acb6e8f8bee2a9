"""kg.analytics on a small hand-built extraction: which nodes and edges, who is central."""
from __future__ import annotations

import csv
import os

import networkx as nx
import numpy as np
import pytest

from kg.files import write_text as atomic_write_text
from kg.analytics import (
    CentralityRow,
    _pagerank,
    centrality,
    entity_graph,
    write_centrality_csv,
)
from kg.model import DateValue, Document, Entity, Extraction, Fact, Provenance, Statement
from kg.rdf import document_iri, entity_iri, to_graph

S1 = "Ada, who chairs the Board and belongs to the Club, lives in Tarvel."
S2 = "Bob works for the Board."
S3 = "The attack in Tarvel on 5 June 2016 was carried out by the group."
S_LATE = "Later, Ada was again named head of the Board."


def prov(sentence: str, start: int = 0, confidence: float = 0.9) -> Provenance:
    return Provenance("d1", sentence, start, start + len(sentence), "test", confidence)


def extraction() -> Extraction:
    ex = Extraction(Document("d1", S1 + " " + S2 + " " + S3, "d1.txt"))
    for e in [
        Entity("ada", "Person", "Ada Lovelace", {"Ada", "Lovelace"}),
        Entity("bob", "Person", "Bob"),
        Entity("board", "GovernmentBody", "Board"),
        Entity("club", "Organization", "Club"),
        Entity("tarvel", "City", "Tarvel"),
        Entity("chair", "Position", "Chair"),
        Entity("attack", "Attack", "the attack"),
        Entity("group", "Group", "the group"),
    ]:
        ex.entities[e.key] = e
    ex.facts = [
        # Read twice: one edge, carrying the sentence read first.
        Fact("ada", "heads", "board", prov(S_LATE, start=500)),
        Fact("ada", "heads", "board", prov(S1, start=0)),
        Fact("ada", "memberOf", "club", prov(S1)),
        Fact("ada", "livesIn", "tarvel", prov(S1)),
        Fact("ada", "holdsPosition", "chair", prov(S1)),
        Fact("bob", "worksFor", "board", prov(S2, start=70)),
        Fact("attack", "occursIn", "tarvel", prov(S3, start=95)),
        Fact("attack", "occursOn", DateValue("2016-06-05"), prov(S3, start=95)),
        Fact("attack", "perpetratedBy", "group", prov(S3, start=95)),
        Fact("ada", "about", "taxes", prov(S1), object_is_entity=False),
    ]
    ex.statements = [Statement("ada", "We will win.", prov(S1))]
    return ex


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return entity_graph(to_graph([extraction()]))


def iri(key: str) -> str:
    ex = extraction()
    return str(entity_iri(ex.entities[key], ex.document.id))


def labelled_edges(G):
    return {(G.nodes[u]["label"], d["predicate"], G.nodes[v]["label"]) for u, v, d in G.edges(data=True)}


def test_a_node_per_entity_and_nothing_else(G):
    assert set(G.nodes) == {iri(k) for k in extraction().entities}
    assert str(document_iri("d1")) not in G
    assert all("/assertion/" not in n and "/statement/" not in n for n in G.nodes)


def test_node_attributes(G):
    ada = G.nodes[iri("ada")]
    assert (ada["label"], ada["cls"], ada["root"]) == ("Ada Lovelace", "Person", "Person")
    assert ada["alt_labels"] == ["Ada", "Lovelace"]
    assert "Ada Lovelace heads Board" in ada["facts"]
    assert "Ada Lovelace about taxes" in ada["facts"]
    assert (G.nodes[iri("board")]["cls"], G.nodes[iri("board")]["root"]) == ("GovernmentBody", "Organization")
    assert (G.nodes[iri("tarvel")]["cls"], G.nodes[iri("tarvel")]["root"]) == ("City", "Location")
    assert (G.nodes[iri("chair")]["cls"], G.nodes[iri("chair")]["root"]) == ("Position", "Position")
    assert (G.nodes[iri("attack")]["cls"], G.nodes[iri("attack")]["root"]) == ("Attack", "Event")


def test_literal_facts_are_listed_not_drawn(G):
    assert "the attack occursOn 2016-06-05" in G.nodes[iri("attack")]["facts"]
    assert all(d["predicate"] not in ("occursOn", "about") for _, _, d in G.edges(data=True))


def test_an_edge_per_fact_between_entities(G):
    assert labelled_edges(G) == {
        ("Ada Lovelace", "heads", "Board"),
        ("Ada Lovelace", "memberOf", "Club"),
        ("Ada Lovelace", "livesIn", "Tarvel"),
        ("Ada Lovelace", "holdsPosition", "Chair"),
        ("Bob", "worksFor", "Board"),
        ("the attack", "occursIn", "Tarvel"),
        ("the attack", "perpetratedBy", "the group"),
    }
    assert G.number_of_edges() == 7


def test_edge_sentence_comes_from_the_first_assertion(G):
    (data,) = G.get_edge_data(iri("ada"), iri("board")).values()
    assert data["sentence"] == S1
    (data,) = G.get_edge_data(iri("bob"), iri("board")).values()
    assert data["sentence"] == S2


def test_most_specific_class_is_chosen_the_same_way_every_time():
    docs = []
    for doc_id, cls in (("d1", "City"), ("d2", "Region")):
        ex = Extraction(Document(doc_id, "Tarvel.", f"{doc_id}.txt"))
        ex.entities["a"] = Entity("a", cls, "Tarvel")
        docs.append(ex)
    for order in (docs, docs[::-1]):
        G = entity_graph(to_graph(order))
        (data,) = [d for _, d in G.nodes(data=True)]
        assert (data["cls"], data["root"]) == ("City", "Location")


def test_hub_has_the_highest_pagerank(G):
    rows = centrality(G)
    assert len(rows) == G.number_of_nodes()
    assert rows[0].label == "Ada Lovelace"
    assert rows[0].pagerank > rows[1].pagerank
    assert [r.pagerank for r in rows] == sorted((r.pagerank for r in rows), reverse=True)
    by_label = {r.label: r for r in rows}
    assert by_label["Ada Lovelace"].degree == 4
    assert by_label["Board"].degree == 2  # Ada's two "heads" readings are one neighbour
    assert by_label["Bob"].betweenness == 0.0
    assert by_label["Board"].betweenness > 0.0
    assert by_label["Board"].cls == "GovernmentBody"
    assert pytest.approx(sum(r.pagerank for r in rows)) == 1.0


def test_pagerank_matches_the_google_matrix():
    G = nx.Graph([(0, 1), (0, 2), (0, 3), (3, 4), (4, 5), (5, 3)])
    G.add_node(6)  # dangling: its mass is spread evenly
    M = nx.google_matrix(G, nodelist=sorted(G))
    values, vectors = np.linalg.eig(M.T)
    principal = np.real(vectors[:, np.argmax(np.real(values))])
    expected = principal / principal.sum()
    got = _pagerank(G)
    assert [got[n] for n in sorted(G)] == pytest.approx(list(expected), abs=1e-5)  # nx.pagerank's own tolerance


def test_centrality_is_deterministic_and_breaks_ties_by_label():
    edges = [("hub", leaf) for leaf in ("c", "a", "d", "b")]
    forward = nx.MultiDiGraph(edges)
    backward = nx.MultiDiGraph(edges[::-1])
    for n in forward:
        forward.nodes[n]["label"] = backward.nodes[n]["label"] = n.upper()
    rows = centrality(forward)
    assert rows == centrality(backward)
    assert [r.label for r in rows] == ["HUB", "A", "B", "C", "D"]


def test_centrality_of_nothing():
    assert centrality(nx.MultiDiGraph()) == []


def test_self_loops_do_not_count():
    rows = centrality(nx.MultiDiGraph([("a", "a"), ("a", "b")]))
    assert {r.iri: r.degree for r in rows} == {"a": 1, "b": 1}


def test_csv(G, tmp_path):
    rows = centrality(G)
    out = tmp_path / "centrality.csv"
    assert write_centrality_csv(rows, out) == out
    with out.open(newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    assert table[0] == ["iri", "label", "class", "degree", "betweenness", "pagerank"]
    assert len(table) == 1 + len(rows)
    assert table[1][:4] == [iri("ada"), "Ada Lovelace", "Person", "4"]
    assert float(table[1][5]) == pytest.approx(rows[0].pagerank, rel=1e-5)
    assert [float(r[5]) for r in table[1:]] == sorted((float(r[5]) for r in table[1:]), reverse=True)


def test_csv_quotes_awkward_labels(tmp_path):
    row = CentralityRow("x", 'Smith, "Jr"\nand co', "Person", 0, 0.0, 1.0)
    out = write_centrality_csv([row], tmp_path / "c.csv")
    with out.open(newline="", encoding="utf-8") as f:
        assert list(csv.reader(f))[1] == ["x", 'Smith, "Jr"\nand co', "Person", "0", "0", "1"]


def test_csv_of_nothing(tmp_path):
    out = write_centrality_csv([], tmp_path / "c.csv")
    assert out.read_text() == "iri,label,class,degree,betweenness,pagerank\n"


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path):
    out = tmp_path / "c.csv"
    out.write_text("old")
    atomic_write_text(out, "new")
    assert out.read_text() == "new"
    assert os.listdir(tmp_path) == ["c.csv"]
    assert out.stat().st_mode & 0o777 == 0o644


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    out = tmp_path / "c.csv"
    out.write_text("old")
    with pytest.raises(TypeError):
        atomic_write_text(out, None)  # type: ignore[arg-type]
    assert out.read_text() == "old"
    assert os.listdir(tmp_path) == ["c.csv"]
