"""Positions as nodes: a bare title ("President") is one node per holder, so it joins no two
people and tops no ranking; a post of a named body or place is one node per title and body."""
from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from factories import make_extraction, prov
from kg.graph.rdf import to_graph
from kg.graph.vocab import V
from kg.model import Entity, Fact


def build(run_kg, tmp_path, articles: dict[str, str]):
    """``kg build`` of the articles (name → text); the graph file."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    assert run_kg("build", folder, "--out", tmp_path / "out").returncode == 0
    return tmp_path / "out" / "graph.ttl"


def positions_held(graph_file) -> dict[str, set[str]]:
    """Holder's label → the IRIs of the positions they hold."""
    g = Graph().parse(graph_file)
    return {str(g.value(person, RDFS.label)): {str(pos) for pos in g.objects(person, V.holdsPosition)}
            for person in set(g.subjects(V.holdsPosition, None))}


@pytest.mark.slow
def test_two_countries_foreign_ministers_are_not_joined_by_their_title(tmp_path, run_kg):
    graph = build(run_kg, tmp_path, {
        "marovia": "The government of Marovia said on Monday that Foreign Minister Orla Venkman "
                   "would fly to Tessaly for talks on fishing rights.",
        "ostrelia": "Foreign Minister Piet Dravid of Ostrelia told reporters in Kalvo that the "
                    "northern border would stay open.",
    })
    held = positions_held(graph)
    assert len(held["Orla Venkman"]) == len(held["Piet Dravid"]) == 1
    assert held["Orla Venkman"] != held["Piet Dravid"]
    code, _, err = run_kg("path", graph, "Orla Venkman", "Piet Dravid")
    assert code == 1
    assert err.startswith("kg: no path between Orla Venkman and Piet Dravid")


@pytest.mark.slow
def test_a_title_many_people_hold_does_not_top_the_ranking(tmp_path, run_kg):
    names = ["Anna Kovra", "Bruno Telm", "Cilla Varn", "Dario Pesk", "Edda Morl", "Falk Ondry", "Greta Suln"]
    towns = ["Dunmere", "Ashby Vale", "Corrin", "Elst", "Frayholm", "Gannet Bay", "Hollin"]
    graph = build(run_kg, tmp_path, {f"a{i}": f"President {name} opened a new library in {town} on Tuesday."
                             for i, (name, town) in enumerate(zip(names, towns))})
    for measure in ("pagerank", "degree", "betweenness"):
        code, out, _ = run_kg("central", graph, "--measure", measure, "--top", "3", "--format", "csv")
        assert code == 0
        rows = list(csv.DictReader(io.StringIO(out)))
        # the shared title is no hub; the people and towns (each linked to little else since the
        # relation model no longer gives a titled person a home) may tie behind it
        assert len(rows) == 3 and "Position" not in {r["class"] for r in rows}, (measure, rows)


@pytest.mark.slow
def test_a_post_of_a_named_body_is_one_node_and_a_holders_bare_title_is_theirs_across_articles(tmp_path, run_kg):
    graph = build(run_kg, tmp_path, {
        "one": "Minister of Fisheries Orla Venkman spoke to reporters.",
        "two": "Minister of Fisheries Piet Dravid opened the new harbour.",
        "three": "President Mara Ostrel met farmers in Lesk.",
        "four": "President Mara Ostrel spoke to reporters in Brenn.",
    })
    held = positions_held(graph)
    assert held["Orla Venkman"] == held["Piet Dravid"]
    assert len(held["Mara Ostrel"]) == 1


def test_a_position_tied_to_no_one_stays_in_its_document():
    text = "Chair Ida Penn spoke."
    ex = make_extraction("d1", text, entities=[Entity("ida", "Person", "Ida Penn"), Entity("chair", "Position", "Chair")],
                         facts=[Fact("ida", "holdsPosition", "chair", prov(text))])
    assert (None, V.holdsPosition, V.instances["position/chair/doc/d1"]) in to_graph([ex])
