"""Measures written back into the RDF (kg.explore.annotate, `kg central --annotate`), and the `kg central`
and `kg communities` commands over a small graph of invented names."""
from __future__ import annotations

import json
import os

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from conftest import assert_one_line_error
from factories import iri, make_extraction, prov
from kg.explore import analytics, network
from kg.explore.annotate import PROPERTIES, annotate, measure_all
from kg.graph.rdf import to_dataset, to_graph
from kg.graph.vocab import V
from kg.model import Entity, Extraction, Fact
from kg.store import query, validate

S1 = "Chair Rena Doll opened the Quay Forum with Pell Arno and Sid Voss."
S2 = "Pell Arno and Sid Voss work for the Salt Office, which Rena Doll heads."
S3 = "Nils Ober lives in Carrow."
S4 = "Rena Doll and Uma Kell are members of the Dock Union."


def extraction() -> Extraction:
    return make_extraction("d1", f"{S1} {S2} {S3} {S4}", entities=[
        Entity("rena", "Person", "Rena Doll"),
        Entity("pell", "Person", "Pell Arno"),
        Entity("sid", "Person", "Sid Voss"),
        Entity("forum", "Meeting", "Quay Forum"),
        Entity("office", "GovernmentBody", "Salt Office"),
        Entity("chair", "Position", "Chair"),
        Entity("nils", "Person", "Nils Ober"),
        Entity("carrow", "City", "Carrow"),
        Entity("union", "Organization", "Dock Union"),
        Entity("uma", "Person", "Uma Kell"),
    ], facts=[
        Fact("rena", "chairs", "forum", prov(S1)),
        Fact("pell", "participatesIn", "forum", prov(S1)),
        Fact("sid", "participatesIn", "forum", prov(S1)),
        Fact("rena", "holdsPosition", "chair", prov(S1)),
        Fact("pell", "worksFor", "office", prov(S2)),
        Fact("sid", "worksFor", "office", prov(S2)),
        Fact("rena", "heads", "office", prov(S2)),
        Fact("nils", "livesIn", "carrow", prov(S3)),
        Fact("rena", "memberOf", "union", prov(S4)),
        Fact("uma", "memberOf", "union", prov(S4)),
    ])


# Only read for the IRIs kg gives its entities.
ARTICLE = extraction()


@pytest.fixture
def graph_file(tmp_path):
    path = tmp_path / "graph.ttl"
    to_graph([extraction()]).serialize(path, format="turtle")
    return path


# ---------------------------------------------------------------- annotate()


def test_every_entity_gets_one_typed_value_of_each_measure():
    g = annotate(to_graph([extraction()]))
    entities = {iri(k, ARTICLE) for k in ("rena", "pell", "sid", "forum", "office", "nils", "carrow", "union", "uma")}
    for prop in [*PROPERTIES.values(), "community"]:
        subjects = [str(s) for s in g.subjects(V.term(prop), None)]
        assert sorted(subjects) == sorted(entities), prop  # one each; the Position gets none
    for name, prop in PROPERTIES.items():
        assert {o.datatype for o in g.objects(None, V.term(prop))} == {XSD.double}, name
    assert {o.datatype for o in g.objects(None, V.community)} == {XSD.integer}


def test_values_are_the_measures_of_the_entity_graph():
    g = to_graph([extraction()])
    G = network.entity_graph(g)
    measured = measure_all(G)
    annotate(g, measured)
    rena = URIRef(iri("rena", ARTICLE))
    assert g.value(rena, V.pageRank).toPython() == pytest.approx(measured.measures["pagerank"].values[iri("rena", ARTICLE)])
    assert g.value(rena, V.degreeCentrality).toPython() == pytest.approx(4 / 9)  # 4 neighbours of 9 others
    community = {k: g.value(URIRef(iri(k, ARTICLE)), V.community) for k in
                 ("forum", "office", "pell", "sid", "rena", "union", "uma", "nils", "carrow")}
    # the forum and the office with their staff; Rena with her union; Nils and his town
    assert community == {**dict.fromkeys(("forum", "office", "pell", "sid"), Literal(1, datatype=XSD.integer)),
                         **dict.fromkeys(("rena", "union", "uma"), Literal(2, datatype=XSD.integer)),
                         **dict.fromkeys(("nils", "carrow"), Literal(3, datatype=XSD.integer))}


def test_annotating_again_replaces_the_old_values():
    g = to_graph([extraction()])
    g.add((URIRef(iri("rena", ARTICLE)), V.pageRank, Literal(99.0)))
    annotate(g)
    once = set(g)
    annotate(g)
    assert set(g) == once
    assert Literal(99.0) not in set(g.objects(None, V.pageRank))


def test_the_annotated_graph_still_conforms():
    report = validate.validate(annotate(to_graph([extraction()])))
    assert report.conforms, report.messages


def test_sparql_sorts_by_page_rank():
    g = annotate(to_graph([extraction()]))
    result = query.run(g, "SELECT ?name ?pr WHERE { ?e kg:pageRank ?pr ; rdfs:label ?name } ORDER BY DESC(?pr)")
    names = [str(row[0]) for row in result.rows]
    ranks = [row[1].toPython() for row in result.rows]
    assert names[0] == "Rena Doll" and names[-1] == "Uma Kell"
    assert ranks == sorted(ranks, reverse=True) and len(set(names)) == 9
    expected = [r.pagerank for r in analytics.centrality(network.entity_graph(g)) if r.cls != "Position"]
    assert ranks == pytest.approx(expected)


def test_a_dataset_is_annotated_in_its_default_graph():
    ds = annotate(to_dataset([extraction()]))
    assert len(set(ds.subjects(V.pageRank, None))) == 9
    assert report_conforms(ds)


def report_conforms(g) -> bool:
    return validate.validate(g).conforms


# ---------------------------------------------------------------- kg central


def test_kg_central_annotate_rewrites_the_file_and_it_validates(graph_file, run_kg):
    code, out, _ = run_kg("central", graph_file, "--annotate")
    assert code == 0
    assert out.startswith(f"annotated {graph_file}: measures on 9 entities (of 10 nodes)")
    assert os.listdir(graph_file.parent) == ["graph.ttl"]  # no temporary file left beside it
    assert run_kg("validate", graph_file).returncode == 0
    sparql = "SELECT ?name WHERE { ?e kg:pageRank ?pr ; rdfs:label ?name } ORDER BY DESC(?pr) LIMIT 1"
    code, out, _ = run_kg("query", graph_file, sparql, "--format", "csv")
    assert code == 0
    assert out.splitlines() == ["name", "Rena Doll"]
    before = graph_file.read_bytes()
    assert run_kg("central", graph_file, "--annotate").returncode == 0
    assert graph_file.read_bytes() == before  # same values, no second copy


def test_kg_central_by_measure_and_class_as_json(graph_file, run_kg):
    code, out, _ = run_kg("central", graph_file, "--measure", "betweenness", "--class", "Person", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["label"] for r in rows] == ["Rena Doll", "Pell Arno", "Sid Voss", "Nils Ober", "Uma Kell"]
    assert set(rows[0]) == {"iri", "label", "class", "degree", "betweenness", "pagerank"}


def test_kg_central_closeness_adds_its_column(graph_file, run_kg):
    code, out, _ = run_kg("central", graph_file, "--measure", "closeness", "--top", "2", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "iri,label,class,degree,betweenness,pagerank,closeness"
    assert [line.split(",")[1] for line in lines[1:]] == ["Rena Doll", "Quay Forum"]


def test_kg_central_with_an_unknown_class(graph_file, run_kg):
    line = assert_one_line_error(run_kg("central", graph_file, "--class", "Persn"))
    assert "unknown class 'Persn'" in line and "Person" in line and "GovernmentBody" in line


def test_kg_central_with_an_unknown_measure(graph_file, run_kg):
    assert "--measure" in assert_one_line_error(run_kg("central", graph_file, "--measure", "fame"))


def test_kg_central_reads_a_store_but_will_not_annotate_it(tmp_path, run_kg):
    from kg.store.kgstore import KgStore

    KgStore.create(tmp_path / "kb", [extraction()]).close()
    code, out, _ = run_kg("central", tmp_path / "kb", "--top", "1", "--format", "csv")
    assert code == 0
    assert out.splitlines()[1].split(",")[1] == "Rena Doll"
    assert "--annotate rewrites graph files" in assert_one_line_error(run_kg("central", tmp_path / "kb", "--annotate"))


def test_kg_communities_lists_members_most_central_first(graph_file, run_kg):
    code, out, _ = run_kg("communities", graph_file)
    assert code == 0
    out = out.splitlines()
    assert out == [
        "3 communities (Louvain, seed 42); members most central first",
        "1. (4) Quay Forum, Salt Office, Pell Arno, Sid Voss",
        "2. (4) Rena Doll, Dock Union, Uma Kell, Chair",
        "3. (2) Carrow, Nils Ober",
    ]


def test_kg_communities_header_says_how_many_top_lets_through(graph_file, run_kg):
    # "3 communities" above two lines read as if one had gone missing
    code, out, _ = run_kg("communities", graph_file, "--top", "2")
    assert code == 0
    out = out.splitlines()
    assert out[0] == "3 communities (Louvain, seed 42), the 2 largest listed; members most central first"
    assert [line.split(".")[0] for line in out[1:]] == ["1", "2"]


def test_kg_central_says_when_betweenness_is_sampled(graph_file, run_kg, monkeypatch):
    monkeypatch.setattr(analytics, "EXACT_LIMIT", 4)
    monkeypatch.setattr(analytics, "SAMPLES", 3)
    code, out, err = run_kg("central", graph_file, "--measure", "betweenness", "--top", "1")
    assert code == 0
    assert err == "kg: note: betweenness sampled from 3 of 10 nodes\n"
    assert len(out.splitlines()) == 2
