"""`kg serve` as a user runs it: a real `kg serve` process over a small store, queried over HTTP on
127.0.0.1 with urllib and SPARQLWrapper; bad starts end as exit code 2 and one line.

The store is written here with pyoxigraph (two articles, each in a named graph of its own, and
PROV-O links in the default graph), with names we made up."""
from __future__ import annotations

import csv
import gc
import io
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib

from conftest import assert_one_line_error
from factories import free_port
from kg.errors import KgError
from kg.store import serve as kg_serve

KG = [sys.executable, "-m", "kg.cli"]
REPO = Path(__file__).resolve().parents[1]
WHO_HEADS_WHAT = (REPO / "ontology" / "queries" / "who-heads-what.rq").read_text(encoding="utf-8")

PREFIXES = """\
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix kgid: <https://w3id.org/kg-news/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""
TRIG = PREFIXES + """
kgid:graph\\/tarn-1 prov:wasDerivedFrom kgid:doc\\/tarn-1 .
kgid:graph\\/tarn-2 prov:wasDerivedFrom kgid:doc\\/tarn-2 .

kgid:graph\\/tarn-1 {
  kgid:person\\/mara-velk a kg:Person ; rdfs:label "Mara Velk" ; kg:heads kgid:body\\/tarn-water-board .
  kgid:body\\/tarn-water-board a kg:GovernmentBody ; rdfs:label "Tarn Water Board" .
}
kgid:graph\\/tarn-2 {
  kgid:person\\/mara-velk a kg:Person ; rdfs:label "Mara Velk" ; kg:heads kgid:body\\/tarn-water-board .
  kgid:person\\/osk-brandel a kg:Person ; rdfs:label "Osk Brandel" ; kg:heads kgid:body\\/ministry-of-lanterns .
  kgid:body\\/ministry-of-lanterns a kg:Ministry ; rdfs:label "Ministry of Lanterns" .
}
"""
HEADS = """PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?body WHERE { ?p kg:heads ?b ; rdfs:label ?person . ?b rdfs:label ?body } ORDER BY ?person"""
EXPECTED = [("Mara Velk", "Tarn Water Board"), ("Osk Brandel", "Ministry of Lanterns")]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
IN_ARTICLES = 13  # quads in the named graphs of TRIG
START_WAIT = 10.0


def make_store(folder: Path, trig: str = TRIG) -> Path:
    from rdflib import Dataset

    from kg.store.kgstore import KgStore

    data = Dataset()
    data.parse(data=trig, format="trig")
    KgStore.create(folder, data).close()
    gc.collect()  # pyoxigraph lets the database (and its write lock) go when the Store is freed
    return folder


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _sigint_as_from_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Server:
    """A `kg serve` process; stdout and stderr go to files so no pipe ever fills."""

    def __init__(self, store: Path, tmp: Path, *extra: str):
        self.store, self.port = store, free_port()
        self.out, self.err = tmp / f"serve-{self.port}.out", tmp / f"serve-{self.port}.err"
        with self.out.open("w") as out, self.err.open("w") as err:
            # As from a terminal: a suite started in the background (`make test &`) hands its
            # children SIGINT ignored, and kg serve would then rightly ignore Ctrl-C too.
            self.proc = subprocess.Popen([*KG, "serve", str(store), "--port", str(self.port), *extra],
                                         stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                         preexec_fn=_sigint_as_from_a_terminal)
        self.url = f"http://127.0.0.1:{self.port}/sparql"

    def wait_ready(self) -> str:
        """The start-up line, once the endpoint answers (at most START_WAIT seconds)."""
        deadline = time.monotonic() + START_WAIT
        while time.monotonic() < deadline:
            line = self.out.read_text()
            if self.proc.poll() is not None:
                pytest.fail(f"kg serve exited with {self.proc.returncode}: {self.err.read_text()}")
            if line.endswith("\n") and answers(self.port):
                return line
            time.sleep(0.05)
        pytest.fail(f"kg serve did not answer within {START_WAIT} s: {self.err.read_text()}")

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                # kg gives Oxigraph 5 s (STOP_TIMEOUT) before killing it; 10 s was once too
                # little at a load average of 9 on 2 cores
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    srv = Server(make_store(tmp / "kb"), tmp)
    try:
        srv.line = srv.wait_ready()
        yield srv
    finally:
        srv.stop()


def http(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, content type, body text); an HTTP error is an answer, not an exception."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read().decode("utf-8")


def get(server, query: str, accept: str):
    return http(server.url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})


def json_rows(body: str) -> list[tuple[str, ...]]:
    doc = json.loads(body)
    names = doc["head"]["vars"]
    return [tuple(b[n]["value"] for n in names) for b in doc["results"]["bindings"]]


def count(server) -> int:
    status, _, body = get(server, COUNT, "application/sparql-results+json")
    assert status == 200, body
    return int(json_rows(body)[0][0])


# --- a running server --------------------------------------------------------------------------

@pytest.mark.slow
def test_start_up_line_names_the_real_endpoint(server):
    assert server.line == f"serving {server.store} read-only at {server.url} (Ctrl-C to stop)\n"


@pytest.mark.slow
def test_get_returns_sparql_json(server):
    status, ctype, body = get(server, HEADS, "application/sparql-results+json")
    assert status == 200, body
    assert ctype.startswith("application/sparql-results+json")
    assert json.loads(body)["head"]["vars"] == ["person", "body"]
    assert json_rows(body) == EXPECTED


@pytest.mark.slow
def test_a_fact_two_articles_state_is_one_answer(server):
    # both articles say Mara Velk heads the Tarn Water Board: one row, not one per article
    assert EXPECTED[0] in json_rows(get(server, HEADS, "application/sparql-results+json")[2])
    assert json_rows(get(server, HEADS, "application/sparql-results+json")[2]).count(EXPECTED[0]) == 1


@pytest.mark.slow
def test_post_with_a_sparql_query_body(server):
    status, ctype, body = http(server.url, data=HEADS.encode("utf-8"), method="POST",
                               headers={"Content-Type": "application/sparql-query",
                                        "Accept": "application/sparql-results+json"})
    assert status == 200, body
    assert json_rows(body) == EXPECTED


@pytest.mark.slow
def test_post_as_a_form(server):
    status, _, body = http(server.url, data=urllib.parse.urlencode({"query": HEADS}).encode(), method="POST",
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Accept": "application/sparql-results+json"})
    assert status == 200, body
    assert json_rows(body) == EXPECTED


@pytest.mark.slow
def test_results_as_xml(server):
    status, ctype, body = get(server, HEADS, "application/sparql-results+xml")
    assert status == 200 and ctype.startswith("application/sparql-results+xml"), (status, ctype)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    rows = [tuple(r.find(f"r:binding[@name='{n}']/r:literal", ns).text for n in ("person", "body"))
            for r in ET.fromstring(body).iterfind("r:results/r:result", ns)]
    assert rows == EXPECTED


@pytest.mark.slow
def test_results_as_csv(server):
    status, ctype, body = get(server, HEADS, "text/csv")
    assert status == 200 and ctype.startswith("text/csv"), (status, ctype)
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["person", "body"]
    assert [tuple(r) for r in rows[1:]] == EXPECTED


@pytest.mark.slow
def test_results_as_tsv(server):
    status, ctype, body = get(server, HEADS, "text/tab-separated-values")
    assert status == 200 and ctype.startswith("text/tab-separated-values"), (status, ctype)
    lines = body.splitlines()
    assert lines[0] == "?person\t?body"
    assert lines[1:] == [f'"{p}"\t"{b}"' for p, b in EXPECTED]


@pytest.mark.slow
def test_ask(server):
    status, _, body = get(server, 'ASK { ?p <http://www.w3.org/2000/01/rdf-schema#label> "Osk Brandel" }',
                          "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.slow
def test_construct_returns_turtle(server):
    query = """PREFIX kg: <https://w3id.org/kg-news/ontology#>
    CONSTRUCT { ?p kg:heads ?b } WHERE { ?p kg:heads ?b }"""
    status, ctype, body = get(server, query, "text/turtle")
    assert status == 200 and ctype.startswith("text/turtle"), (status, ctype)
    graph = rdflib.Graph().parse(data=body, format="turtle")
    heads = rdflib.URIRef("https://w3id.org/kg-news/ontology#heads")
    mara = rdflib.URIRef("https://w3id.org/kg-news/id/person/mara-velk")
    assert len(graph) == 2
    assert graph.value(mara, heads) == rdflib.URIRef("https://w3id.org/kg-news/id/body/tarn-water-board")


@pytest.mark.slow
def test_sparqlwrapper_runs_a_curated_query(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server.url)
    client.setQuery(WHO_HEADS_WHAT)  # names no graph: the default graph is the union of the articles
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    got = {(r["person"]["value"], r["heads"]["value"], r["kind"]["value"].rsplit("#", 1)[1]) for r in rows}
    assert got == {("Mara Velk", "Tarn Water Board", "GovernmentBody"),
                   ("Osk Brandel", "Ministry of Lanterns", "Ministry")}


@pytest.mark.slow
def test_named_graphs_tell_which_article(server):
    query = """PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?doc WHERE { GRAPH ?g { ?p rdfs:label "Osk Brandel" } ?g prov:wasDerivedFrom ?doc }"""
    status, _, body = get(server, query, "application/sparql-results+json")
    assert status == 200, body
    assert json_rows(body) == [("https://w3id.org/kg-news/id/doc/tarn-2",)]


@pytest.mark.slow
def test_a_syntax_error_is_a_400_that_says_where(server):
    status, _, body = get(server, "SELECT ?x WHERE { ?x ", "application/sparql-results+json")
    assert status == 400
    # where, in the user's own query, on one line (Oxigraph's own answer listed its grammar)
    assert body.startswith("SPARQL syntax error at line 1, column 22 after 'ELECT ?x WHERE { ?x': expected one of"), body
    assert body.count("\n") == 1 and "\\u{" not in body, body


@pytest.mark.slow
def test_updates_are_refused_and_nothing_changes(server):
    before = count(server)
    assert before == IN_ARTICLES
    insert = ('INSERT DATA { GRAPH <https://w3id.org/kg-news/id/graph/x> '
              '{ <https://w3id.org/kg-news/id/person/x> <http://www.w3.org/2000/01/rdf-schema#label> "Intruder" } }')
    attempts = [
        dict(data=insert.encode(), headers={"Content-Type": "application/sparql-update"}),
        dict(data=urllib.parse.urlencode({"update": insert}).encode(),
             headers={"Content-Type": "application/x-www-form-urlencoded"}),
    ]
    for attempt in attempts:
        for path in ("/sparql", "/update"):
            status, _, body = http(server.url.replace("/sparql", path), method="POST", **attempt)
            assert 400 <= status < 500, (path, status, body)
    # the Graph Store Protocol's writes too
    status, _, _ = http(server.url.replace("/sparql", "/store?default"), method="PUT",
                        data=b"<urn:a> <urn:b> <urn:c> .", headers={"Content-Type": "text/turtle"})
    assert 400 <= status < 500
    status, _, _ = http(server.url.replace("/sparql", "/store?graph=https://w3id.org/kg-news/id/graph/tarn-1"),
                        method="DELETE")
    assert 400 <= status < 500
    assert count(server) == before
    status, _, body = get(server, 'ASK { ?s ?p "Intruder" }', "application/sparql-results+json")
    assert json.loads(body)["boolean"] is False


@pytest.mark.slow
def test_sparqlwrapper_update_is_refused(server):
    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(server.url)
    client.setMethod(POST)
    client.setQuery("CLEAR ALL")
    with pytest.raises(Exception) as caught:
        client.query()
    assert "403" in str(caught.value) or "read-only" in str(caught.value)
    assert count(server) == IN_ARTICLES


@pytest.mark.slow
def test_kg_prefixes_need_no_declaration(server):
    # as in kg query: kg:, kgid:, rdfs: ... are declared for every query the endpoint answers
    query = 'SELECT ?body WHERE { kgid:person\\/mara-velk kg:heads ?b . ?b rdfs:label ?body }'
    status, _, body = get(server, query, "application/sparql-results+json")
    assert status == 200, body
    assert json_rows(body) == [("Tarn Water Board",)]


def service_query(url: str) -> str:
    return f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?s ?p ?x }} }}"


@pytest.mark.slow
def test_service_is_refused_and_nothing_is_sent(server, recorder):
    query = service_query(recorder.url)
    attempts = [  # a GET (any web page can send one), a form, a query body
        dict(url=server.url + "?" + urllib.parse.urlencode({"query": query})),
        dict(url=server.url, method="POST", data=urllib.parse.urlencode({"query": query}).encode(),
             headers={"Content-Type": "application/x-www-form-urlencoded"}),
        dict(url=server.url.replace("/sparql", "/query"), method="POST", data=query.encode(),
             headers={"Content-Type": "application/sparql-query; charset=utf-8"}),
    ]
    for attempt in attempts:
        status, ctype, body = http(**attempt)
        assert (status, ctype) == (400, "text/plain; charset=utf-8"), (status, body)
        assert body == ("SPARQL SERVICE refused: kg does not fetch the URLs a query names "
                        "unless started with --allow-service\n")
    assert recorder.requests == []


@pytest.mark.slow
def test_service_is_followed_when_allowed(tmp_path, recorder):
    srv = Server(make_store(tmp_path / "kb"), tmp_path, "--allow-service")
    try:
        srv.wait_ready()
        status, _, body = get(srv, service_query(recorder.url), "application/sparql-results+json")
        assert status == 200, body
        assert json_rows(body) == [("from the recorder",)]
        assert len(recorder.requests) == 1
    finally:
        srv.stop()


# --- start and stop ----------------------------------------------------------------------------

def run(*args, timeout=20) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_kg_and_the_server(tmp_path, sig):
    srv = Server(make_store(tmp_path / "kb"), tmp_path)
    try:
        srv.wait_ready()
        assert srv.stop(sig) == 0, srv.err.read_text()
        assert not answers(srv.port)  # the Oxigraph child is gone too: nothing listens any more
        assert "Traceback" not in srv.err.read_text()
    finally:
        srv.stop(signal.SIGKILL)


@pytest.mark.slow
def test_a_port_already_taken(tmp_path):
    store = make_store(tmp_path / "kb")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run("serve", store, "--port", port)
    assert assert_one_line_error(proc) == f"kg: error: port {port} is already in use"


def test_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("not a store")
    assert "is not a kg store" in assert_one_line_error(run("serve", tmp_path, "--port", free_port()))
    assert "no such store" in assert_one_line_error(run("serve", tmp_path / "missing", "--port", free_port()))


@pytest.mark.slow
def test_a_marker_of_another_kind(tmp_path):
    store = make_store(tmp_path / "kb")
    (store / "kg-store.json").write_text('{"format": "something-else", "version": 1}')
    assert "is not a kg store" in assert_one_line_error(run("serve", store, "--port", free_port()))
    (store / "kg-store.json").write_text("{not json")
    assert "is not a kg store" in assert_one_line_error(run("serve", store, "--port", free_port()))


def test_a_store_of_another_version_is_refused_as_kg_query_refuses_it(tmp_path):
    store = make_store(tmp_path / "kb")
    (store / "kg-store.json").write_text('{"format": "kg-store", "version": 2}')
    message = "format version 2; this kg reads version 1"
    assert message in assert_one_line_error(run("serve", store, "--port", free_port()))
    assert message in assert_one_line_error(run("query", store, "ASK {}"))


@pytest.mark.slow
def test_a_store_open_for_writing_is_refused(tmp_path):
    # Oxigraph's read-only server would start anyway and serve a snapshot; kg refuses instead.
    store = make_store(tmp_path / "kb")
    writer = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, pyoxigraph; s = pyoxigraph.Store(path=sys.argv[1]); print('open', flush=True); sys.stdin.read()",
         str(store / "oxigraph")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "open\n"
        line = assert_one_line_error(run("serve", store, "--port", free_port()))
        assert line == (f"kg: error: store {store} is open for writing by another process "
                        f"(pid {writer.pid}); serve it once that has finished")
    finally:
        writer.stdin.close()
        writer.wait(10)
    # once the writer has gone, the same store serves
    srv = Server(store, tmp_path)
    try:
        srv.wait_ready()
    finally:
        srv.stop()


@pytest.mark.slow
def test_a_writer_that_opens_the_store_while_serving_is_reported(tmp_path):
    store = make_store(tmp_path / "kb")
    srv = Server(store, tmp_path)
    writer = None
    try:
        srv.wait_ready()
        writer = subprocess.Popen(
            [sys.executable, "-c",
             "import sys, pyoxigraph; s = pyoxigraph.Store(path=sys.argv[1]); print('open', flush=True); sys.stdin.read()",
             str(store / "oxigraph")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline() == "open\n"
        deadline = time.monotonic() + 6
        while "being written" not in srv.err.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        warning = srv.err.read_text()
        assert f"kg: warning: store {store} is being written by another process (pid {writer.pid})" in warning
        assert "restart kg serve" in warning
        assert count(srv) == IN_ARTICLES  # still serving
    finally:
        if writer is not None:
            writer.stdin.close()
            writer.wait(10)
        srv.stop()


@pytest.mark.slow
def test_a_marker_without_a_database_is_said_as_kg_query_says_it(tmp_path):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "kg-store.json").write_text('{"format": "kg-store", "version": 1}')
    line = assert_one_line_error(run("serve", tmp_path / "kb", "--port", free_port()))
    assert line == f"kg: error: {tmp_path / 'kb'} is not a usable kg store: no Oxigraph database in {tmp_path / 'kb' / 'oxigraph'}"


@pytest.mark.slow
def test_a_server_that_dies_at_start(tmp_path):
    store = make_store(tmp_path / "kb")
    (store / "oxigraph" / "CURRENT").write_text("MANIFEST-999999\n")  # a damaged database
    line = assert_one_line_error(run("serve", store, "--port", free_port()))
    assert line.startswith("kg: error: the SPARQL server could not start: ")
    assert "MANIFEST-999999" in line


def test_loopback_is_the_default_address():
    from kg.cli import parser

    args = parser().parse_args(["serve", "kb"])
    assert (args.host, args.port) == ("127.0.0.1", 7878)


def test_the_server_program_is_found_or_named(tmp_path, monkeypatch):
    assert Path(kg_serve.find_server()).name.startswith("oxigraph")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(KgError, match="pip install"):
        kg_serve.find_server()
