"""Articles on a SPARQL server (kg/store/remote.py) against a real ``oxigraph serve``: shards
loaded (in bulk into an empty server, one PUT per article after), loaded again unchanged, an
edited article replaced, one removed, the derived data as the embedded store derives it, and a
server that fails half-way or is not there; ``kg remove`` on an embedded store too."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import URIRef

from conftest import assert_one_line_error
from factories import free_port, make_extraction, prov
from kg.errors import KgError
from kg.graph import nquads
from kg.graph.rdf import document_graph_iri
from kg.graph.shards import Part, write_manifest
from kg.model import Entity, Extraction, Fact, Role
from kg.store import remote
from kg.store.endpoint import Endpoint
from kg.store.kgstore import KgStore
from kg.store.query import curated_queries
from servers import failing_proxy, oxigraph_server
from test_store import _normalise, article, articles

RANKS = "SELECT ?e ?rank WHERE { ?e kg:pageRank ?rank }"
TENURES = "SELECT ?t ?p ?o WHERE { ?t a kg:Tenure ; ?p ?o FILTER (!isBlank(?o)) }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
# the default graph's triples, blank nodes aside: the union copy and the derived data
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (!isBlank(?s) && !isBlank(?o) && ?p != kg:graphDigest) }"


def chair_article(doc: str, person: str, date: str, status: str = "current") -> Extraction:
    """``person`` called the (current or former) Chair of the Kelp Board on ``date``: two current
    chairs on one day are a conflict, a later "former" closes a tenure."""
    text = f"Chair {person} of the Kelp Board spoke."
    at = prov(text, document=doc, rule="test-rule")
    ex = make_extraction(doc, text, date=date, entities=[
        Entity("p", "Person", person), Entity("chair", "Position", "Chair"),
        Entity("kelp", "GovernmentBody", "Kelp Board"),
    ], facts=[Fact("p", "holdsPosition", "chair", at), Fact("p", "heads", "kelp", at)])
    ex.roles = [Role("r1", "p", "chair", organization="kelp", status=status, provenance=at)]
    return ex


def corpus() -> list[Extraction]:
    return articles(0, 3) + [chair_article("kelp-1", "Zora Quill", "2022-05-01"),
                             chair_article("kelp-2", "Aldo Bream", "2022-05-01"),
                             chair_article("kelp-3", "Zora Quill", "2022-09-01", "former")]


def write_shards(folder: Path, extractions: list[Extraction], per_part: int = 2) -> Path:
    """``extractions`` as shards of ``per_part`` articles and their manifest, as a cluster build writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for i in range(0, len(extractions), per_part):
        graphs = [nquads.article_graph(ex) for ex in extractions[i:i + per_part]]
        name = f"part-{i // per_part:05d}.nq"
        quads = nquads.write_shard(folder / name, graphs)
        parts.append(Part(name, tuple(g.document for g in graphs), quads))
    write_manifest(folder, parts)
    return folder


def rows(result) -> Counter:
    return Counter(result.rows)


def server_articles(endpoint: Endpoint) -> dict[str, set[str]]:
    """Each article graph on the server → its N-Triples lines."""
    found: dict[str, set[str]] = {}
    for g, s, p, o in endpoint.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows:
        found.setdefault(str(g), set()).add(" ".join(t.n3() for t in (s, p, o)) + " .")
    return found


def assert_whole(endpoint: Endpoint, extractions: list[Extraction]) -> None:
    """Every article on the server holds exactly its graph: none is there in part."""
    expected = {a.name: set(a.lines) for a in map(nquads.article_graph, extractions)}
    for name, lines in server_articles(endpoint).items():
        assert lines == expected[name], name


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The corpus loaded from shards into a server (in bulk, two requests), and in a kg store."""
    work = tmp_path_factory.mktemp("remote")
    shards = write_shards(work / "shards", corpus())
    with oxigraph_server(work / "db") as url, KgStore.create(work / "kb", corpus()) as kb:
        endpoint = Endpoint(url)
        done = remote.load(shards, endpoint, chunk_quads=200)
        yield endpoint, kb, shards, done


def test_a_load_puts_every_article_in_its_own_graph(loaded):
    endpoint, _, _, done = loaded
    assert (done.loaded, done.replaced, done.skipped, done.held) == (6, 0, 0, 6)
    assert_whole(endpoint, corpus())
    assert len(server_articles(endpoint)) == 6
    assert str(done).startswith(f"loaded 6 articles into {endpoint.url} (0 replaced, 0 unchanged, ")


@pytest.mark.parametrize("name", sorted(curated_queries()))
def test_every_curated_query_gives_the_server_the_rows_of_the_embedded_store(loaded, name):
    endpoint, kb, _, _ = loaded
    text = curated_queries()[name].read_text(encoding="utf-8")
    concatenated = "GROUP_CONCAT" in text
    norm = lambda r: Counter(tuple(_normalise(v, concatenated) for v in row) for row in r.rows)  # noqa: E731
    remote_rows, local_rows = endpoint.query(text), kb.query(text)
    assert remote_rows.vars == local_rows.vars
    assert norm(remote_rows) == norm(local_rows)


@pytest.mark.parametrize("sparql", [RANKS, TENURES, ALL])
def test_the_default_graph_and_the_derived_data_are_the_embedded_store_s(loaded, sparql):
    endpoint, kb, _, _ = loaded
    assert rows(endpoint.query(sparql)) == rows(kb.query(sparql))
    assert endpoint.query(sparql).rows


def test_a_second_load_skips_every_article_and_changes_nothing(loaded):
    endpoint, _, shards, _ = loaded
    before = endpoint.query(COUNT).rows
    again = remote.load(shards, endpoint)
    assert (again.loaded, again.replaced, again.skipped, again.quads) == (0, 0, 6, 0)
    assert endpoint.query(COUNT).rows == before


def test_an_edited_article_replaces_its_graph_and_the_derived_data(tmp_path):
    edited = [article(0, variant=1)] + corpus()[1:3]
    with oxigraph_server(tmp_path / "db") as url, KgStore.create(tmp_path / "kb", edited) as kb:
        endpoint = Endpoint(url)
        remote.load(write_shards(tmp_path / "first", corpus()[:3]), endpoint)
        done = remote.load(write_shards(tmp_path / "second", [article(0, variant=1), article(1)]), endpoint)
        assert (done.loaded, done.replaced, done.skipped, done.held) == (0, 1, 1, 3)
        assert_whole(endpoint, edited)
        for sparql in (RANKS, ALL):
            assert rows(endpoint.query(sparql)) == rows(kb.query(sparql))


def test_remove_takes_the_article_out_and_recomputes_the_derived_data(tmp_path):
    with oxigraph_server(tmp_path / "db") as url, KgStore.create(tmp_path / "kb", corpus()) as kb:
        endpoint = Endpoint(url)
        remote.load(write_shards(tmp_path / "shards", corpus()), endpoint)
        kelp = str(document_graph_iri("kelp-3"))
        assert remote.remove("kelp-3", endpoint) == 5
        kb.remove("kelp-3")
        assert kelp not in server_articles(endpoint)
        assert not endpoint.query("ASK { ?d rdfs:label 'kelp-3' }").boolean
        for sparql in (RANKS, TENURES, ALL):
            assert rows(endpoint.query(sparql)) == rows(kb.query(sparql))
        with pytest.raises(KgError, match=rf"^{url} holds no document 'kelp-3'$"):
            remote.remove("kelp-3", endpoint)


def test_a_folder_without_a_manifest_is_refused(tmp_path):
    shards = write_shards(tmp_path / "shards", corpus()[:2])
    (shards / "manifest.json").unlink()
    with pytest.raises(KgError, match="no manifest.json in .*: not a finished kg build"):
        remote.load(shards, Endpoint(f"http://127.0.0.1:{free_port()}/"))


def test_a_server_that_is_not_there_is_one_line(tmp_path):
    port = free_port()
    with pytest.raises(KgError) as err:
        remote.load(write_shards(tmp_path / "shards", corpus()[:2]), Endpoint(f"http://127.0.0.1:{port}/"))
    assert str(err.value) == f"cannot reach http://127.0.0.1:{port}/query: connection refused"


@pytest.mark.parametrize("held, after", [(0, 2), (2, 3)], ids=["bulk", "put"])
def test_a_load_the_server_fails_half_way_leaves_whole_articles_and_a_second_run_finishes(tmp_path, held, after):
    # bulk: the digests query and the first chunk pass, the second chunk fails;
    # put: the digests query and two PUTs pass, the third PUT fails
    shards = write_shards(tmp_path / "shards", corpus())
    with oxigraph_server(tmp_path / "db") as url:
        endpoint = Endpoint(url)
        if held:
            remote.load(write_shards(tmp_path / "some", corpus()[:held]), endpoint)
        with failing_proxy(url, after=after) as broken, pytest.raises(KgError) as err:
            remote.load(shards, Endpoint(broken), chunk_quads=200)
        assert str(err.value) == f"{broken}{'update' if held else 'store'} answered 500 Internal Server Error: " \
            "the disk is full"
        there = server_articles(endpoint)
        assert held < len(there) < len(corpus())
        assert_whole(endpoint, corpus())
        done = remote.load(shards, endpoint)
        assert done.skipped == len(there) and done.loaded == len(corpus()) - len(there)
        assert_whole(endpoint, corpus())
        assert len(server_articles(endpoint)) == len(corpus())


def test_a_server_that_shows_its_graphs_in_its_default_graph_is_refused(tmp_path):
    with oxigraph_server(tmp_path / "db", union_default_graph=True) as url, pytest.raises(KgError) as err:
        remote.load(write_shards(tmp_path / "shards", corpus()[:2]), Endpoint(url))
    assert str(err.value).startswith(f"{url} shows its named graphs in its default graph (oxigraph serve "
                                     "--union-default-graph)")


# ---------------------------------------------------------------- kg remove on a store


def test_kg_remove_takes_an_article_out_of_a_store(tmp_path, run_kg):
    with KgStore.create(tmp_path / "kb", corpus()) as kb:
        shared_before = kb.query("ASK { ?p a kg:Person ; rdfs:label 'Orla Fenwick' }").boolean
    code, out, _ = run_kg("remove", "brindle-1", "--store", tmp_path / "kb")
    assert code == 0 and out.startswith("removed brindle-1 (") and out.rstrip().endswith("it holds 5 documents")
    with KgStore(tmp_path / "kb", create=False) as kb, \
            KgStore.create(tmp_path / "fresh", [ex for ex in corpus() if ex.document.id != "brindle-1"]) as fresh:
        assert URIRef(str(document_graph_iri("brindle-1"))) not in kb.graph_names()
        assert shared_before and kb.query("ASK { ?p a kg:Person ; rdfs:label 'Orla Fenwick' }").boolean
        assert set(kb.quads()) == set(fresh.quads())  # as if it had never been added
        for sparql in (RANKS, TENURES, ALL):
            assert rows(kb.query(sparql)) == rows(fresh.query(sparql))
    error = assert_one_line_error(run_kg("remove", "brindle-1", "--store", tmp_path / "kb"))
    assert error == f"kg: error: store {tmp_path / 'kb'} holds no document 'brindle-1'"


def test_kg_load_and_remove_on_a_server(tmp_path, run_kg):
    shards = write_shards(tmp_path / "shards", corpus()[:3])
    with oxigraph_server(tmp_path / "db") as url:
        code, out, _ = run_kg("load", shards, "--endpoint", url)
        assert code == 0 and out.startswith(f"loaded 3 articles into {url} (0 replaced, 0 unchanged, ")
        code, out, _ = run_kg("remove", "brindle-2", "--endpoint", url)
        assert (code, out) == (0, f"removed brindle-2 from {url}; it holds 2 articles\n")
        error = assert_one_line_error(run_kg("remove", "brindle-2", "--endpoint", url))
        assert error == f"kg: error: {url} holds no document 'brindle-2'"
    assert_one_line_error(run_kg("remove", "brindle-2"))
    assert_one_line_error(run_kg("load", shards, "--endpoint", f"http://127.0.0.1:{free_port()}/"))


@pytest.mark.slow
def test_kg_add_to_a_server_gives_what_kg_add_to_a_store_gives(tmp_path, run_kg, monkeypatch):
    monkeypatch.chdir(tmp_path)  # document ids are paths relative to it
    Path("bridge.txt").write_text("Mayor Lida Porvic opened the Tannery Bridge in Ostrel on Monday.", encoding="utf-8")
    Path("later.txt").write_text("Mayor Lida Porvic met Governor Anselm Rook in Vell on Friday.", encoding="utf-8")
    assert run_kg("build", "bridge.txt", "--store", "kb").returncode == 0
    assert run_kg("add", "later.txt", "--store", "kb").returncode == 0
    with oxigraph_server(tmp_path / "db") as url:
        assert run_kg("add", "bridge.txt", "--endpoint", url).returncode == 0
        code, out, _ = run_kg("add", "bridge.txt", "later.txt", "--endpoint", url)
        assert code == 0 and out.startswith("skipped bridge.txt (unchanged)\nadded later.txt\n")
        assert re.search(rf"\nloaded 1 article into {url} \(0 replaced, 1 unchanged, \d+ quads\); it holds 2 articles\n$", out)
        endpoint = Endpoint(url)
        with KgStore(tmp_path / "kb", create=False) as kb:
            for sparql in (RANKS, ALL):
                assert rows(endpoint.query(sparql)) == rows(kb.query(sparql))
        assert_one_line_error(run_kg("add", "later.txt", "--endpoint", url, "--store", "kb"))
