"""A SPARQL server over HTTP (kg/store/endpoint.py), against a real ``oxigraph serve``: answers as
the embedded store gives them, the Graph Store Protocol calls, and one-line errors for a server
that is down, hangs, fails or refuses writes."""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from factories import free_port, news_extraction
from kg.errors import KgError
from kg.graph import nquads
from kg.store.endpoint import Endpoint, routes
from kg.store.kgstore import KgStore
from servers import failing_proxy, oxigraph_server, silent_server

LABELS = "SELECT ?e ?label WHERE { ?e a kg:Person ; rdfs:label ?label } ORDER BY ?label"
DATES = "SELECT ?event ?day WHERE { ?event kg:occursOn ?day } ORDER BY ?day"
TITLES = "SELECT ?d ?title ?date WHERE { ?d a kg:Document ; dcterms:title ?title ; dcterms:date ?date }"
CONSTRUCT = "CONSTRUCT { ?e rdfs:label ?label } WHERE { ?e a kg:Person ; rdfs:label ?label }"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A server holding the news article's graph, and a kg store holding the same article.  The
    client alone, so the article goes in by a plain PUT, and the server shows its one graph in its
    default graph (with one article, no triple is in two graphs to be counted twice)."""
    where = tmp_path_factory.mktemp("endpoint")
    article = nquads.article_graph(news_extraction())
    with oxigraph_server(where / "db", union_default_graph=True) as url, KgStore.create(where / "kb", [news_extraction()]) as kb:
        Endpoint(url).put_graph(article.name, article.ntriples())
        yield Endpoint(url), kb


@pytest.mark.parametrize("sparql", [LABELS, DATES, TITLES, "ASK { ?p a kg:Person }", "ASK { ?p a kg:Treaty }"])
def test_a_server_answers_as_the_embedded_store_does(served, sparql):
    endpoint, kb = served
    remote, local = endpoint.query(sparql), kb.query(sparql)
    assert (remote.type, remote.vars, remote.rows, remote.boolean) == (local.type, local.vars, local.rows, local.boolean)
    assert remote.rows or remote.type == "ASK"


def test_terms_come_back_as_rdflib_terms_with_their_datatypes(served):
    endpoint, _ = served
    days = endpoint.query(DATES).column("day")
    assert sorted(d.datatype.rsplit("#", 1)[1] for d in days) == ["date", "gMonthDay"]
    names = endpoint.query(LABELS).column("label")
    assert Literal("Marta Kovac") in names and all(n.datatype is None and n.language is None for n in names)


def test_a_construct_answer_is_the_embedded_store_s_graph(served):
    endpoint, kb = served
    remote, local = endpoint.query(CONSTRUCT), kb.query(CONSTRUCT)
    assert remote.type == "CONSTRUCT" and set(remote.graph) == set(local.graph) and len(remote.graph) == 2


def test_bindings_fix_a_variable(served):
    endpoint, _ = served
    found = endpoint.query(LABELS, {"label": Literal("Zhakip Asanov")})
    assert [str(row[1]) for row in found.rows] == ["Zhakip Asanov"]


def test_a_broken_query_is_placed_in_the_user_s_own_lines(served):
    endpoint, kb = served
    sparql = "SELECT ?s\nWHERE { ?s ?p }"
    with pytest.raises(KgError) as remote:
        endpoint.query(sparql)
    with pytest.raises(KgError) as local:
        kb.query(sparql)
    assert str(remote.value) == str(local.value)
    assert str(remote.value).startswith("SPARQL syntax error at line 2, column 16")


@pytest.mark.parametrize("sparql, says", [
    ("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SPARQL SERVICE refused"),
    ("DELETE WHERE { ?s ?p ?o }", r"SPARQL update \(DELETE\) refused"),
])
def test_calls_out_and_updates_are_refused_before_anything_is_sent(sparql, says):
    # nothing listens on the port: a request sent would say "connection refused" instead
    with pytest.raises(KgError, match=says):
        Endpoint(f"http://127.0.0.1:{free_port()}/").query(sparql)


def test_a_graph_is_put_replaced_and_deleted(tmp_path):
    with oxigraph_server(tmp_path / "db", union_default_graph=True) as url:
        endpoint = Endpoint(url)
        endpoint.put_graph("urn:g", '<urn:a> <urn:b> "one" .\n')
        endpoint.put_graph("urn:g", '<urn:a> <urn:b> "two" .\n')
        endpoint.post_dataset('<urn:c> <urn:b> "three" <urn:h> .\n')
        rows = endpoint.query("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g").rows
        assert rows == [(URIRef("urn:g"), Literal("two")), (URIRef("urn:h"), Literal("three"))]
        assert endpoint.delete_graph("urn:g") and not endpoint.delete_graph("urn:g")
        assert not endpoint.query("ASK { GRAPH <urn:g> { ?s ?p ?o } }").boolean
        endpoint.update('INSERT DATA { GRAPH <urn:h> { <urn:d> rdfs:label "four" } }')
        assert endpoint.query("ASK { <urn:d> rdfs:label 'four' }").boolean
        with pytest.raises(KgError, match=r"^http://127.0.0.1:\d+/store\?graph=urn%3Ag refused the data: .*line 1"):
            endpoint.put_graph("urn:g", "<urn:a> <urn:b> .\n")


@pytest.mark.parametrize("url, store", [
    ("http://db:7878/", "http://db:7878/store"),
    ("http://db:7878/query", "http://db:7878/store"),
    ("https://db/kg/query", "https://db/kg/store"),
    ("http://db:8890/sparql", "http://db:8890/sparql-graph-crud"),
])
def test_the_routes_come_from_one_url(url, store):
    assert routes(url).store == store


def test_a_port_nothing_listens_on_is_one_line():
    port = free_port()
    with pytest.raises(KgError) as err:
        Endpoint(f"http://127.0.0.1:{port}/").query("ASK {}")
    assert str(err.value) == f"cannot reach http://127.0.0.1:{port}/query: connection refused"


def test_a_server_that_never_answers_times_out():
    with silent_server() as url, pytest.raises(KgError) as err:
        Endpoint(url, timeout=0.3).query("ASK {}")
    assert str(err.value) == f"cannot reach {url}query: no answer within 0.3 s"


def test_a_failing_server_is_named_with_its_status_and_first_line():
    with failing_proxy(None, status=500) as url, pytest.raises(KgError) as err:
        Endpoint(url).query("ASK {}")
    assert str(err.value) == f"{url}query answered 500 Internal Server Error: the disk is full"


@pytest.mark.parametrize("status", [401, 403, 405])
def test_a_server_that_refuses_writes_says_so(status):
    with failing_proxy(None, status=status, message="read-only") as url, pytest.raises(KgError) as err:
        Endpoint(url).put_graph("urn:g", "")
    assert str(err.value).startswith(f"{url}store?graph=urn%3Ag refuses writes ({status} ")
    assert str(err.value).endswith(": read-only)")
