"""kg.explore.analytics on a small hand-built extraction: which nodes and edges, who is central."""
from __future__ import annotations

import csv
import os

import networkx as nx
import numpy as np
import pytest

from factories import iri, make_extraction, prov
from kg.explore.analytics import CentralityRow, _pagerank, centrality, write_centrality_csv
from kg.explore.network import entity_graph
from kg.files import write_text as atomic_write_text
from kg.graph.rdf import document_iri, to_graph
from kg.model import DateValue, Entity, Extraction, Fact, Statement

S1 = "Ada, who chairs the Board and belongs to the Club, lives in Tarvel."
S2 = "Bob works for the Board."
S3 = "The attack in Tarvel on 5 June 2016 was carried out by the group."
S_LATE = "Later, Ada was again named head of the Board."


def extraction() -> Extraction:
    return make_extraction("d1", S1 + " " + S2 + " " + S3, entities=[
        Entity("ada", "Person", "Ada Lovelace", {"Ada", "Lovelace"}),
        Entity("bob", "Person", "Bob"),
        Entity("board", "GovernmentBody", "Board"),
        Entity("club", "Organization", "Club"),
        Entity("tarvel", "City", "Tarvel"),
        Entity("chair", "Position", "Chair"),
        Entity("attack", "Attack", "the attack"),
        Entity("group", "Group", "the group"),
    ], facts=[
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
    ], statements=[Statement("ada", "We will win.", prov(S1))])


# Only read for the IRIs kg gives its entities.
ARTICLE = extraction()


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return entity_graph(to_graph([extraction()]))


def labelled_edges(G):
    return {(G.nodes[u]["label"], d["predicate"], G.nodes[v]["label"]) for u, v, d in G.edges(data=True)}


def test_a_node_per_entity_and_nothing_else(G):
    assert set(G.nodes) == {iri(k, ARTICLE) for k in extraction().entities}
    assert str(document_iri("d1")) not in G
    assert all("/assertion/" not in n and "/statement/" not in n for n in G.nodes)


def test_node_attributes(G):
    ada = G.nodes[iri("ada", ARTICLE)]
    assert (ada["label"], ada["cls"], ada["root"]) == ("Ada Lovelace", "Person", "Person")
    assert ada["alt_labels"] == ["Ada", "Lovelace"]
    assert "Ada Lovelace heads Board" in ada["facts"]
    assert "Ada Lovelace about taxes" in ada["facts"]
    assert (G.nodes[iri("board", ARTICLE)]["cls"], G.nodes[iri("board", ARTICLE)]["root"]) == ("GovernmentBody", "Organization")
    assert (G.nodes[iri("tarvel", ARTICLE)]["cls"], G.nodes[iri("tarvel", ARTICLE)]["root"]) == ("City", "Location")
    assert (G.nodes[iri("chair", ARTICLE)]["cls"], G.nodes[iri("chair", ARTICLE)]["root"]) == ("Position", "Position")
    assert (G.nodes[iri("attack", ARTICLE)]["cls"], G.nodes[iri("attack", ARTICLE)]["root"]) == ("Attack", "Event")


def test_literal_facts_are_listed_not_drawn(G):
    assert "the attack occursOn 2016-06-05" in G.nodes[iri("attack", ARTICLE)]["facts"]
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
    (data,) = G.get_edge_data(iri("ada", ARTICLE), iri("board", ARTICLE)).values()
    assert data["sentence"] == S1
    (data,) = G.get_edge_data(iri("bob", ARTICLE), iri("board", ARTICLE)).values()
    assert data["sentence"] == S2


def test_most_specific_class_is_chosen_the_same_way_every_time():
    docs = []
    for doc_id, cls in (("d1", "City"), ("d2", "Region")):
        docs.append(make_extraction(doc_id, "Tarvel.", entities=[Entity("a", cls, "Tarvel")]))
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
    assert table[1][:4] == [iri("ada", ARTICLE), "Ada Lovelace", "Person", "4"]
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


# ---------------------------------------------------------------- the five measures, communities

from kg.errors import KgError  # noqa: E402
from kg.explore import analytics, network  # noqa: E402

# Krackhardt's kite: each measure crowns a different node, so a mixed-up measure shows.
# 3 has the most neighbours, 7 lies between the kite and its tail, 5 and 6 are nearest to all.
KITE = nx.krackhardt_kite_graph()


def ranking(measure: analytics.Measure) -> list:
    return sorted(measure.values, key=lambda n: (-round(measure.values[n], 12), n))


def test_each_measure_crowns_its_own_node_of_the_kite():
    assert ranking(analytics.degree(KITE))[:1] == [3]
    assert ranking(analytics.betweenness(KITE))[:1] == [7]
    assert ranking(analytics.closeness(KITE))[:2] == [5, 6]
    assert ranking(analytics.eigenvector(KITE))[:1] == [3]
    assert ranking(analytics.pagerank(KITE))[:1] == [3]
    assert ranking(analytics.betweenness(KITE))[-1] in (0, 2, 9)  # leaves of the kite and tail: no one passes through


def test_measures_match_networkx_on_a_connected_graph():
    assert analytics.degree(KITE).values == nx.degree_centrality(KITE)
    assert analytics.betweenness(KITE).values == pytest.approx(nx.betweenness_centrality(KITE))
    assert analytics.closeness(KITE).values == pytest.approx(nx.closeness_centrality(KITE))
    assert analytics.eigenvector(KITE).values == pytest.approx(nx.eigenvector_centrality(KITE), abs=1e-4)
    assert all(not analytics.measure(KITE, name).note for name in analytics.MEASURES)


def test_unknown_measure_is_a_kg_error():
    with pytest.raises(KgError, match="unknown measure 'fame'"):
        analytics.measure(KITE, "fame")


def test_betweenness_is_sampled_past_the_limit_and_says_so():
    G = nx.star_graph(40)  # hub 0 and 40 leaves
    m = analytics.betweenness(G, limit=20, samples=10)
    assert m.note == "betweenness sampled from 10 of 41 nodes"
    assert ranking(m)[0] == 0 and m.values[0] > 0.5
    assert all(m.values[leaf] == 0.0 for leaf in range(1, 41))
    assert analytics.betweenness(G, limit=20, samples=10).values == m.values  # fixed seed
    assert analytics.betweenness(G, limit=100, samples=10).note == ""


def test_sampled_closeness_is_near_the_exact_one():
    G = nx.powerlaw_cluster_graph(300, 2, 0.1, seed=3)
    G.add_edge("lone-a", "lone-b")  # a small part: measured exactly even when sampling
    exact = nx.closeness_centrality(G)
    m = analytics.closeness(G, limit=100, samples=100)
    assert m.note == "closeness estimated from 100 of 302 nodes"
    assert max(abs(m.values[v] - exact[v]) / exact[v] for v in G) < 0.1
    assert set(ranking(m)[:5]) & set(sorted(exact, key=exact.get, reverse=True)[:5])
    assert m.values["lone-a"] == pytest.approx(exact["lone-a"])


def test_eigenvector_of_a_disconnected_graph_does_not_fail():
    G = nx.Graph([(0, 1), (0, 2), (0, 3), (4, 5), (5, 6), (6, 4)])
    G.add_node(7)
    m = analytics.eigenvector(G)  # converges: the triangle's eigenvalue wins
    assert m.note == ""
    assert ranking(m)[:3] == [4, 5, 6]
    slow = analytics.eigenvector(G, max_iter=5)
    assert "measured per part (3 parts)" in slow.note
    assert sum(v * v for v in slow.values.values()) == pytest.approx(1.0)
    assert ranking(slow)[0] == 0  # the star's centre: each part has its own leader now
    assert slow.values[7] == 0.0  # a lone node, as in the converged measure
    assert slow.values[0] / slow.values[4] == pytest.approx((4 / 3) ** 0.5 * (2 ** -0.5) / (3 ** -0.5))


def test_measures_of_nothing():
    for name in analytics.MEASURES:
        assert analytics.measure(nx.Graph(), name).values == {}
    assert analytics.communities(nx.Graph()) == []


def test_louvain_communities_are_numbered_largest_first_and_stable():
    edges = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (5, 6), (6, 3), (2, 3)]
    G = nx.Graph(edges)
    G.add_node(9)
    parts = analytics.communities(G)
    assert parts == [[3, 4, 5, 6], [0, 1, 2], [9]]
    assert analytics.communities(nx.Graph(edges[::-1] + [(9, 9)])) == parts
    assert analytics.community_numbers(parts) == {3: 1, 4: 1, 5: 1, 6: 1, 0: 2, 1: 2, 2: 2, 9: 3}


def test_centrality_ranks_by_the_chosen_measure(G):
    extra = {name: analytics.measure(G, name) for name in ("eigenvector", "closeness")}
    by_degree = analytics.centrality(G, by="degree")
    assert [r.degree for r in by_degree] == sorted((r.degree for r in by_degree), reverse=True)
    by_closeness = analytics.centrality(G, by="closeness", extra=extra)
    assert [r.closeness for r in by_closeness] == sorted((r.closeness for r in by_closeness), reverse=True)
    assert by_closeness[0].label == "Ada Lovelace"
    assert by_closeness[0].eigenvector == pytest.approx(extra["eigenvector"].values[iri("ada", ARTICLE)])
    assert analytics.centrality(G)[0].eigenvector is None  # measured only when asked for


def test_class_filter_takes_subclasses_and_any_case(G):
    assert network.of_class(G, "Organization") == {iri("board", ARTICLE), iri("club", ARTICLE)}
    assert network.of_class(G, "location") == {iri("tarvel", ARTICLE)}
    assert network.of_class(G, "Entity") == set(G.nodes) - {iri("chair", ARTICLE)}  # a Position is no kg:Entity


def test_unknown_class_names_the_valid_ones(G):
    with pytest.raises(KgError) as err:
        network.of_class(G, "Persn")
    assert "unknown class 'Persn'" in str(err.value) and "Person" in str(err.value)
    assert "\n" not in str(err.value)


def test_the_table_shows_a_label_that_turns_text_around_as_an_escape():
    from kg.explore.analytics import CentralityRow, format_rows

    table = format_rows([CentralityRow("urn:x:ada", "Ada \u202eBell\nforged", "Person", 1, 0.0, 0.5)])
    assert "\u202e" not in table and len(table.splitlines()) == 2
    assert table.splitlines()[1].startswith("Ada \\u202eBell\\nforged  Person")
