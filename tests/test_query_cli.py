"""kg query's guards: updates only with --update (and never on a store), a time limit."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import assert_one_line_error
from factories import news_extraction as build_extraction
from kg.graph.rdf import to_graph

KG = [sys.executable, "-m", "kg.cli"]
ROOT = Path(__file__).resolve().parents[1]
INSERT = 'INSERT DATA { kgid:added rdfs:label "Added" }'
ASK = 'ASK { kgid:added rdfs:label "Added" }'
# every triple against every triple against every triple: never ends on any real graph
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def kg(*args):
    """``kg ARGS...`` as a process of its own, for what only a process shows (conftest.py, ``run_kg``)."""
    return subprocess.run([*KG, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def graph_file(tmp_path) -> Path:
    path = tmp_path / "g.ttl"
    to_graph([build_extraction()]).serialize(path, format="turtle")
    return path


def test_update_is_refused_without_the_flag_and_the_file_is_unchanged(tmp_path, run_kg):
    path = graph_file(tmp_path)
    before = path.read_bytes()
    done = run_kg("query", str(path), INSERT)
    assert done.returncode == 2 and done.stderr.startswith("kg: error: SPARQL update (INSERT) refused")
    assert path.read_bytes() == before


def test_update_with_the_flag_rewrites_the_file(tmp_path, run_kg):
    path = graph_file(tmp_path)
    size = len(Graph().parse(path))
    done = run_kg("query", str(path), "--update", INSERT)
    assert done.returncode == 0, done.stderr
    assert len(Graph().parse(path)) == size + 1
    assert run_kg("query", str(path), ASK).stdout.strip() == "true"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_a_query_that_never_ends_is_stopped(tmp_path):
    done = kg("query", str(graph_file(tmp_path)), "--timeout", "1", ENDLESS)
    assert done.returncode == 2
    assert done.stderr == "kg: error: the query did not finish within 1 s (raise --timeout, or 0 for no limit)\n"


def test_update_on_a_store_is_refused(tmp_path, run_kg):
    from kg.store.kgstore import KgStore

    KgStore.create(tmp_path / "kb", [build_extraction()]).close()
    done = run_kg("query", str(tmp_path / "kb"), "--update", INSERT)
    assert done.returncode == 2 and "kg add" in done.stderr


def test_bind_asks_about_one_person_in_a_file_and_in_a_store(tmp_path, run_kg):
    from kg.store.kgstore import KgStore

    path = graph_file(tmp_path)
    KgStore.create(tmp_path / "kb", [build_extraction()]).close()
    q = ROOT / "ontology" / "queries" / "most-connected-people.rq"
    for where in (str(path), str(tmp_path / "kb")):
        done = run_kg("query", where, "--file", str(q), "--format", "csv", "--bind", "person=Zhakip Asanov")
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == ["person,other,shared", "Zhakip Asanov,Marta Kovac,1"]
        nobody = run_kg("query", where, "--file", str(q), "--format", "csv", "--bind", "person=Nobody Atall")
        assert nobody.stdout.splitlines() == ["person,other,shared"]


def test_a_malformed_bind_is_a_one_line_error(tmp_path, run_kg):
    path = graph_file(tmp_path)
    done = run_kg("query", str(path), "ASK { ?s ?p ?o }", "--bind", "no equals sign")
    assert done.returncode == 2
    assert done.stderr == "kg: error: --bind takes NAME=VALUE (a variable name, then its value), not 'no equals sign'\n"
    done = run_kg("query", str(path), "--update", INSERT, "--bind", "x=1")
    assert done.returncode == 2 and done.stderr == "kg: error: --bind works on queries, not updates\n"


def _rows(csv_text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(csv_text)))


@pytest.mark.slow
def test_a_graph_file_is_answered_by_oxigraph_with_the_rows_rdflib_gives(tmp_path, run_kg):
    # kg query answers a file through an in-memory Oxigraph copy; rdflib's own answer is the check
    from kg.graph.graphfile import load_graph
    from kg.store.query import curated_queries, run
    from kg.store.results import format_result

    path = graph_file(tmp_path)
    graph = load_graph(path)
    answered = 0
    for name, file in curated_queries().items():
        text = file.read_text(encoding="utf-8")
        done = run_kg("query", str(path), "--file", str(file), "--format", "csv")
        assert done.returncode == 0, (name, done.stderr)
        expected = format_result(run(graph, text), "csv")
        assert sorted(_rows(done.stdout)) == sorted(_rows(expected)), name
        answered += len(_rows(expected)) > 1
    assert answered >= 6  # most questions have rows on this graph, so the comparison says something


def test_a_trig_file_keeps_its_named_graphs_and_their_union(tmp_path, run_kg):
    path = tmp_path / "g.trig"
    path.write_text("<urn:x:a> { <urn:x:s> <urn:x:p> 'one' . }\n<urn:x:b> { <urn:x:s> <urn:x:p> 'two' . }\n",
                    encoding="utf-8")
    named = run_kg("query", str(path), "SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o", "--format", "csv")
    assert _rows(named.stdout) == [["g", "o"], ["urn:x:a", "one"], ["urn:x:b", "two"]], named.stderr
    union = run_kg("query", str(path), "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", "--format", "csv")
    assert _rows(union.stdout) == [["o"], ["one"], ["two"]], union.stderr


# --- SERVICE: kg fetches no URL a query names unless told to --------------------------------------

def service_query(url: str) -> str:
    return f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?s ?p ?x }} }}"


def graph_and_store(tmp_path) -> list[str]:
    from kg.store.kgstore import KgStore

    KgStore.create(tmp_path / "kb", [build_extraction()]).close()
    return [str(graph_file(tmp_path)), str(tmp_path / "kb")]


def test_service_is_refused_and_nothing_is_sent(tmp_path, recorder, run_kg):
    for where in graph_and_store(tmp_path):
        line = assert_one_line_error(run_kg("query", where, service_query(recorder.url)))
        assert line == ("kg: error: SPARQL SERVICE refused: kg does not fetch the URLs a query names "
                        "unless started with --allow-service")
        # lower case, after a dot with no space, spelt with a \u escape: the same keyword
        for disguised in ("SELECT ?x { ?s ?p ?o.service <%s> { ?a ?b ?x } }" % recorder.url,
                          "SELECT ?x { \\u0053ERVICE <%s> { ?a ?b ?x } }" % recorder.url):
            assert_one_line_error(run_kg("query", where, disguised))
    assert recorder.requests == []


def test_service_runs_when_allowed(tmp_path, recorder, run_kg):
    for n, where in enumerate(graph_and_store(tmp_path), start=1):
        done = run_kg("query", where, "--allow-service", "--format", "csv", service_query(recorder.url))
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == ["x", "from the recorder"]
        assert len(recorder.requests) == n


def test_an_endpoint_that_does_not_answer_is_one_line(tmp_path, run_kg):
    from factories import free_port

    dead = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    for where in graph_and_store(tmp_path):
        # Oxigraph's answer, dropped in another thread than the query's, printed a RuntimeError
        # from Rust as a second line
        line = assert_one_line_error(run_kg("query", where, "--allow-service", service_query(dead)))
        assert line.startswith("kg: error: SPARQL query failed: "), line


def test_an_update_fetches_nothing_without_the_flag(tmp_path, recorder, run_kg):
    path = graph_file(tmp_path)
    before = path.read_bytes()
    line = assert_one_line_error(run_kg("query", str(path), "--update", f"LOAD <{recorder.url}>"))
    assert line.startswith("kg: error: SPARQL LOAD refused")
    line = assert_one_line_error(run_kg("query", str(path), "--update",
                                    f"INSERT {{ ?s ?p ?x }} WHERE {{ ?s ?p ?o SERVICE <{recorder.url}> {{ ?a ?b ?x }} }}"))
    assert line.startswith("kg: error: SPARQL SERVICE refused")
    # rdflib reads the graphs USING names from the web unless told not to
    run_kg("query", str(path), "--update", f"INSERT {{ ?s ?p ?o }} USING <{recorder.url}> WHERE {{ ?s ?p ?o }}")
    assert recorder.requests == []
    assert path.read_bytes() == before


@pytest.mark.parametrize("seconds", ["-1", "nan", "inf", "soon"])
def test_a_time_limit_that_is_no_time_is_a_usage_error(tmp_path, seconds, run_kg):
    # -1 stopped every query at once; nan and inf ended in a traceback from threading
    line = assert_one_line_error(run_kg("query", str(graph_file(tmp_path)), ASK, "--timeout", seconds))
    assert line == f"kg: error: argument --timeout: takes a number of seconds, 0 or more, not {seconds!r}"


def test_bind_of_a_variable_the_query_lacks_names_the_ones_it_has(tmp_path, run_kg):
    for where in graph_and_store(tmp_path):
        line = assert_one_line_error(run_kg("query", where, "SELECT ?name WHERE { ?p rdfs:label ?name }",
                                        "--bind", "persn=Marta Kovac"))
        assert line == "kg: error: --bind persn: the query has no variable ?persn (its variables: ?name, ?p)"


def test_a_marker_without_a_database_is_no_store_and_stays_none(tmp_path, run_kg):
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "kg-store.json").write_text('{"format": "kg-store", "version": 1}\n')
    for command in (["query", str(folder), ASK], ["export", str(folder), "--format", "nt"], ["central", str(folder)]):
        line = assert_one_line_error(run_kg(*command))
        assert line == f"kg: error: {folder} is not a usable kg store: no Oxigraph database in {folder / 'oxigraph'}"
    assert [p.name for p in folder.iterdir()] == ["kg-store.json"]  # Oxigraph made no database


def test_a_build_output_folder_points_at_its_graph(tmp_path, run_kg):
    out = tmp_path / "output"
    out.mkdir()
    (out / "graph.ttl").write_text("")
    line = assert_one_line_error(run_kg("query", out, ASK))
    assert line == f"kg: error: {out} is the output of kg build, not a store: query its graph, {out / 'graph.ttl'}"


def test_an_iri_from_a_table_pastes_into_the_next_query(tmp_path, run_kg):
    for where in graph_and_store(tmp_path):
        table = run_kg("query", where, 'SELECT ?p WHERE { ?p rdfs:label "Marta Kovac" }').stdout
        iri = table.splitlines()[2]  # under the header and its rule
        done = run_kg("query", where, f"SELECT ?org WHERE {{ {iri} kg:heads ?o . ?o rdfs:label ?org }}")
        assert (done.returncode, done.stderr) == (0, ""), iri  # kgid:person/marta-kovac: a syntax error
        assert done.stdout.splitlines()[2] == "Harbour Council"


CONSTRUCT = "CONSTRUCT { ?p kg:heads ?o } WHERE { ?p kg:heads ?o }"


def test_construct_as_json_is_json_ld(tmp_path, run_kg):
    for where in graph_and_store(tmp_path):
        code, out, _ = run_kg("query", where, CONSTRUCT, "--format", "json")
        assert code == 0
        back = Graph().parse(data=out, format="json-ld")  # was Turtle whatever --format said
        assert [(s.split("/")[-1], o.split("/")[-1]) for s, _, o in back] == [("marta-kovac", "harbour-council")]


def test_construct_as_csv_says_which_formats_it_takes(tmp_path, run_kg):
    for where in graph_and_store(tmp_path):
        line = assert_one_line_error(run_kg("query", where, CONSTRUCT, "--format", "csv"))
        assert line == ("kg: error: a CONSTRUCT answer is a graph: --format table prints it as Turtle, "
                        "json as JSON-LD (csv is for SELECT)")


@pytest.mark.parametrize("name, content, reason", [
    # rdflib's Notation3 parser spoke of "ancient N3" and @forSome to a Turtle reader
    ("notes.ttl", b"this is not rdf, only notes.\n", "line 1: not Turtle (is it an RDF file?)"),
    # the parsers quoted the NUL itself
    ("nul.nt", b"<urn:x:a> <urn:x:b> oops\x00\n", "Invalid line: oops\\u0000"),
])
def test_a_file_that_is_not_rdf_is_one_clean_line(tmp_path, name, content, reason, run_kg):
    path = tmp_path / name
    path.write_bytes(content)
    done = run_kg("query", str(path), ASK)
    line = assert_one_line_error(done)
    assert reason in line and "N3" not in line
    assert not [c for c in done.stderr if ord(c) < 0x20 and c != "\n"], done.stderr


@pytest.mark.parametrize("suffix", [".nt", ".ttl", ".jsonld"])
def test_an_update_says_one_line_whatever_the_format(tmp_path, suffix):
    path = tmp_path / f"g{suffix}"
    path.write_text('<urn:x:a> <urn:x:b> "c" .\n' if suffix == ".nt" else "")
    if suffix != ".nt":
        Graph().parse(data='<urn:x:a> <urn:x:b> "c" .', format="nt").serialize(path, format=suffix.strip(".").replace("jsonld", "json-ld"))
    # a real process: pytest would keep a Python warning off an in-process run's stderr
    done = kg("query", str(path), "--update", "INSERT DATA { <urn:x:d> <urn:x:b> 'e' }")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr  # .nt: an rdflib UserWarning on stderr
    assert done.stdout == f"updated {path}: 2 triples\n"
