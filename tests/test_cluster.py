"""kg build --shards (kg/cluster.py): on a 2-worker local Dask cluster, the same quads as the build
in one process and as a kg store holds per article graph; a worker killed mid-partition is
retried; an unreachable scheduler is one line and leaves nothing behind."""
from __future__ import annotations

import json
import os
import shutil
import socket
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import assert_one_line_error
from kg import cluster, pipeline
from kg.errors import KgError
from kg.graph import nquads, shards
from kg.store import kgstore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import wire  # noqa: E402  (bench/ is not a package)

pytestmark = pytest.mark.slow  # a cluster's start-up alone is a few seconds

ARTICLES = 50


@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    path = tmp_path_factory.mktemp("feed") / "wire.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(wire.articles(ARTICLES, seed=16)):
            f.write(json.dumps({"id": f"wire-{i:02d}", "date": f"2024-{i % 12 + 1:02d}-10", "text": text}) + "\n")
    return path


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local) as client:
        yield client


@pytest.fixture(scope="module")
def one_process(feed, tmp_path_factory):
    folder = tmp_path_factory.mktemp("one") / "shards"
    done = cluster.build_shards([feed], folder, partition_size=10)
    return folder, done


def quads(folder: Path) -> set[str]:
    """Every quad of the parts the folder's manifest lists."""
    return {line for part in shards.read_manifest(folder)
            for article in nquads.read_shard(folder / part.file) for line in article.nquads().splitlines()}


def test_a_cluster_build_writes_the_quads_of_one_process(feed, client, one_process, tmp_path):
    one, built = one_process
    # partitions of another size on the cluster: the labels settle the same whatever the split
    done = cluster.build_shards([feed], tmp_path / "shards", cluster=client, partition_size=7)
    assert quads(tmp_path / "shards") == quads(one)
    assert len(quads(one)) == built.quads == done.quads > 20 * ARTICLES
    assert [a for part in shards.read_manifest(tmp_path / "shards") for a in part.articles] == \
        [f"wire-{i:02d}" for i in range(ARTICLES)]
    assert [p.name for p in (tmp_path / "shards").iterdir() if not p.name.startswith("part-")] == ["manifest.json"]
    assert (done.entities, done.facts) == (built.entities, built.facts)


def test_each_article_graph_holds_what_a_kg_store_keeps_of_it(feed, one_process, tmp_path):
    one, _ = one_process
    pipeline.build_into_store([feed], tmp_path / "kb")
    articles = [article for part in shards.read_manifest(one) for article in nquads.read_shard(one / part.file)]
    with kgstore.KgStore(tmp_path / "kb", create=False) as kb:
        store = kb._open_store()
        assert sorted(str(g.value) for g in store.named_graphs()) == sorted(a.name for a in articles)
        for article in articles:
            kept = {f"{q.subject} {q.predicate} {q.object} ."
                    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(article.name))}
            extra = [line.split(" ", 2)[1] for line in set(article.lines) - kept]
            assert sorted(p.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for p in extra) == ["graphDigest>", "wasDerivedFrom>"]


def _die_once_in(marker: str) -> None:
    """On a worker: its next partition holding wire-21 ends the worker's process, once (the
    marker file says it happened), before any of the partition's Extractions are written."""
    import kg.cluster

    parse = kg.cluster.in_zones

    def dying(documents, *args):
        if any(d.id == "wire-21" for d in documents) and not os.path.exists(marker):
            Path(marker).touch()
            os._exit(1)
        return parse(documents, *args)

    kg.cluster.in_zones = dying


def _restore() -> None:
    import kg.cluster
    import kg.extract.parallel

    kg.cluster.in_zones = kg.extract.parallel.in_zones


def test_a_worker_killed_mid_partition_is_retried_and_the_shards_are_the_same(feed, client, one_process, tmp_path):
    one, _ = one_process
    marker = tmp_path / "killed"
    client.run(_die_once_in, str(marker))
    try:
        cluster.build_shards([feed], tmp_path / "shards", cluster=client, partition_size=10)
    finally:
        client.run(_restore)
    assert marker.exists()  # a worker did die
    assert quads(tmp_path / "shards") == quads(one)


def test_an_unreachable_scheduler_is_one_line_and_leaves_no_folder(feed, run_kg, tmp_path):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    line = assert_one_line_error(run_kg("build", feed, "--shards", tmp_path / "shards",
                                        "--cluster", f"tcp://127.0.0.1:{port}"))
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in line
    assert not (tmp_path / "shards").exists()


def test_a_folder_with_other_files_is_refused_and_kept(feed, run_kg, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    line = assert_one_line_error(run_kg("build", feed, "--shards", tmp_path))
    assert "holds files that are not kg shards (notes.txt)" in line
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_bad_input_leaves_no_folder_and_a_previous_build_unfinished(one_process, run_kg, tmp_path):
    assert_one_line_error(run_kg("build", tmp_path / "missing.txt", "--shards", tmp_path / "shards"))
    assert not (tmp_path / "shards").exists()
    previous = shutil.copytree(one_process[0], tmp_path / "previous")
    assert_one_line_error(run_kg("build", tmp_path / "missing.txt", "--shards", previous))
    with pytest.raises(KgError, match="no manifest.json in .*: not a finished kg build"):
        shards.read_manifest(previous)


@pytest.mark.parametrize("argv, says", [
    (["--cluster", "local:2"], "--cluster writes shards: give --shards DIR too"),
    (["--shards", "{dir}", "--cluster", "local:0"], "--cluster local:N takes 1 or more workers"),
    (["--shards", "{dir}", "--cluster", "scheduler:8786"], "--cluster takes local:N or a scheduler's address"),
    (["--shards", "{dir}", "--store", "{dir}/kb"], "--shards writes only shards: not with --store or --out"),
])
def test_cluster_options_that_cannot_work_are_one_line(feed, run_kg, tmp_path, argv, says):
    line = assert_one_line_error(run_kg("build", feed, *(a.format(dir=tmp_path / "shards") for a in argv)))
    assert says in line
    assert not (tmp_path / "shards").exists()


def test_bad_input_is_refused_before_a_cluster_starts(run_kg, tmp_path):
    line = assert_one_line_error(run_kg("build", tmp_path / "missing.txt", "--shards", tmp_path / "shards",
                                        "--cluster", "local:2"))
    assert "missing.txt" in line and not (tmp_path / "shards").exists()


def test_fifty_articles_built_on_the_cluster_and_loaded_into_a_server_answer_as_a_kg_store_does(feed, client, tmp_path):
    """Issue 16's whole path: the cluster's shards into a real ``oxigraph serve``, every curated
    query over HTTP against the embedded store built from the same articles in one process; one
    article loaded again changes nothing; one removed takes its facts with it on both."""
    from collections import Counter

    from kg.store import remote
    from kg.store.endpoint import Endpoint
    from kg.store.query import curated_queries
    from servers import oxigraph_server
    from test_store import _normalise

    cluster.build_shards([feed], tmp_path / "shards", cluster=client)
    pipeline.build_into_store([feed], tmp_path / "kb")
    every = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (?p != kg:graphDigest) }"
    graphs = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with oxigraph_server(tmp_path / "db") as url, \
            kgstore.KgStore(tmp_path / "kb", create=False) as kb:
        endpoint = Endpoint(url)
        loaded = remote.load(tmp_path / "shards", endpoint)
        assert (loaded.loaded, loaded.skipped, loaded.held) == (ARTICLES, 0, ARTICLES)
        for name, path in sorted(curated_queries().items()):
            text = path.read_text(encoding="utf-8")
            concatenated = "GROUP_CONCAT" in text
            norm = lambda r: Counter(tuple(_normalise(v, concatenated) for v in row) for row in r.rows)  # noqa: E731
            over_http, embedded = endpoint.query(text), kb.query(text)
            assert over_http.vars == embedded.vars, name
            assert norm(over_http) == norm(embedded), name
        assert Counter(endpoint.query(every).rows) == Counter(kb.query(every).rows)

        # one article's shard loaded again: skipped by its digest, nothing on the server moves
        first = shards.read_manifest(tmp_path / "shards")[0]
        one = next(nquads.read_shard(tmp_path / "shards" / first.file))
        (tmp_path / "again").mkdir()
        quads = nquads.write_shard(tmp_path / "again" / shards.part_name(0), [one])
        shards.write_manifest(tmp_path / "again", [shards.Part(shards.part_name(0), (one.document,), quads)])
        before = endpoint.query(graphs).rows
        again = remote.load(tmp_path / "again", endpoint)
        assert (again.loaded, again.replaced, again.skipped, again.held) == (0, 0, 1, ARTICLES)
        assert endpoint.query(graphs).rows == before

        # one removed: its graph and the facts only it stated are gone, as from the store
        gone = "wire-07"
        held = f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} ?g prov:wasDerivedFrom ?d . ?d rdfs:label '{gone}' }}"
        assert endpoint.query(held).boolean
        assert remote.remove(gone, endpoint) > 0
        kb.remove(gone)
        assert not endpoint.query(held).boolean
        assert endpoint.query(graphs).rows[0][0].toPython() < before[0][0].toPython()
        assert Counter(endpoint.query(every).rows) == Counter(kb.query(every).rows)
