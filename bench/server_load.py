"""Loading kg's article graphs into a SPARQL server: quads per second by the server's own bulk
path and over HTTP (issue 16's load target).

    .venv/bin/python bench/server_load.py --work /tmp/me/load                  # 10,000 articles
    .venv/bin/python bench/server_load.py --work /tmp/me/load --articles 2000 --processes 1

It builds the shards once (``bench/wire.py`` template articles, one ``pipeline.build`` in this
process and its workers, each article's graph from ``kg.graph.nquads.article_graph``, parts of
``--per-shard`` articles written by ``nquads.write_shard``; kept in WORK/shards and reused when
run again with the same ``--articles`` and ``--seed``), then times, each on a new database:

- **(a) oxigraph load** — ``oxigraph load --location DB --file all.nq``, the server's own bulk
  path (the server not running);
- **(b) POST store** — into a running ``oxigraph serve``: one ``POST store`` of each shard's
  N-Quads (the Graph Store Protocol's "add to the dataset"), sent by ``kg.store.endpoint``;
- **(c) PUT per article** — the same server, one ``PUT store?graph=<article graph>`` of each
  article's N-Triples, sent by ``kg.store.endpoint`` (a connection each): what ``kg add
  --endpoint`` does;
- **(d) kg load** — ``kg load SHARDS --endpoint URL`` (``kg.store.remote.load``) into a new
  ``oxigraph serve`` without ``--union-default-graph``: the articles' graphs with the copy of their
  union kg keeps in the default graph (twice the quads sent), then the derived data; quads/s
  counts the articles' own quads, as the other rows do;
- **(e) Virtuoso PUT per article** (``--virtuoso``) — the same PUTs into a ``virtuoso-t`` on a
  new database, through ``/sparql-graph-crud-auth`` (tests/servers.py says why there);
- **(f) Virtuoso bulk loader** (``--virtuoso``) — Virtuoso's own bulk path for the file of (a):
  ``ld_dir`` and ``rdf_loader_run()`` through ``isql-vt``, then a checkpoint.

Every server's quad count is checked against the shards' afterwards.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the servers the tests start: one way to start them

import wire  # noqa: E402  (bench/ is not a package; its folder is on the path above)


def build_shards(work: Path, n: int, seed: int, processes: int, per_shard: int) -> dict:
    """The shards of ``n`` wire articles in WORK/shards, built by ``kg build --shards`` in this
    process (kg/cluster.py) unless there from the same ``n`` and ``seed``: what WORK/shards.json
    says of them (articles, quads, parts, build seconds)."""
    shards = work / "shards"
    record = work / "shards.json"
    if record.is_file() and (shards / "manifest.json").is_file():
        made = json.loads(record.read_text())
        if (made["articles"], made["seed"]) == (n, seed):
            return made
    from kg import cluster

    texts = work / "texts"
    shutil.rmtree(texts, ignore_errors=True)
    texts.mkdir(parents=True)
    for i, text in enumerate(wire.articles(n, seed)):
        (texts / f"wire-{i:05d}.txt").write_text(text, encoding="utf-8")
    done = cluster.build_shards([texts], shards, processes=processes, partition_size=per_shard)
    made = {"articles": n, "seed": seed, "quads": done.quads, "parts": [p.file for p in done.parts],
            "processes": processes, "build_seconds": round(done.seconds, 1)}  # the model's loading aside
    record.write_text(json.dumps(made, indent=2))
    return made


def _count(query_url: str) -> int:
    """The quads in article graphs (a new Virtuoso database has graphs of its own)."""
    from kg.graph.rdf import document_graph_iri

    articles = str(document_graph_iri("x"))[:-1]
    count = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{articles}")) }}'
    from kg.store.endpoint import Endpoint

    return int(Endpoint(query_url, timeout=600).query(count).rows[0][0])


def _joined(work: Path, parts: list[Path]) -> Path:
    """The shards joined in one file, WORK/all.nq: what (a) and (f) load."""
    joined = work / "all.nq"
    with open(joined, "wb") as out:
        for part in parts:
            out.write(part.read_bytes())
    return joined


def bulk_load(work: Path, joined: Path) -> float:
    """(a): seconds for ``oxigraph load`` of the shards joined in one file."""
    from kg.store.serve import find_server

    db = work / "db-bulk"
    shutil.rmtree(db, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([find_server(), "load", "--location", str(db), "--file", str(joined)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def post_shards(url: str, parts: list[Path]) -> float:
    """(b): seconds for one ``POST store`` of each shard."""
    from kg.store.endpoint import Endpoint

    server = Endpoint(url, timeout=3600)
    start = time.perf_counter()
    for part in parts:
        server.post_dataset(part.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def put_articles(url: str, parts: list[Path]) -> tuple[float, int]:
    """(c): seconds for one PUT of each article's graph, and the articles sent."""
    from kg.graph import nquads
    from kg.store.endpoint import Endpoint

    server = Endpoint(url)
    articles = [article for part in parts for article in nquads.read_shard(part)]
    start = time.perf_counter()
    for article in articles:
        server.put_graph(article.name, article.ntriples())
    return time.perf_counter() - start, len(articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="folder for texts, shards and databases")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--processes", type=int, default=2, help="for the build of the shards")
    parser.add_argument("--per-shard", type=int, default=1000, help="articles in one shard")
    parser.add_argument("--virtuoso", action="store_true", help="also (e) and (f): Virtuoso, PUT per article and its bulk loader")
    parser.add_argument("--steps", default="abcdef", help="the steps to time (default: all; e and f need --virtuoso)")
    args = parser.parse_args()
    from kg.store import remote
    from kg.store.endpoint import Endpoint
    from servers import oxigraph_server, virtuoso_server

    args.work.mkdir(parents=True, exist_ok=True)
    made = build_shards(args.work, args.articles, args.seed, args.processes, args.per_shard)
    parts = [args.work / "shards" / name for name in made["parts"]]
    quads = made["quads"]
    print(f"{made['articles']} articles, {quads} quads in {len(parts)} shards "
          f"(built in {made['build_seconds']} s with {made['processes']} processes, the model's loading aside)")
    rows = []

    def row(name: str, seconds: float, counted: int) -> None:
        ok = "" if counted == quads else f"  (server holds {counted}, not {quads})"
        rows.append((name, seconds))
        print(f"{name:<28} {seconds:8.1f} s {quads / seconds:10.0f} quads/s{ok}", flush=True)

    joined = _joined(args.work, parts)
    if "a" in args.steps:
        seconds = bulk_load(args.work, joined)
        with oxigraph_server(args.work / "db-bulk") as url:
            row("(a) oxigraph load", seconds, _count(url + "query"))
    if "b" in args.steps:
        subprocess.run(["rm", "-rf", str(args.work / "db-post")], check=True)
        with oxigraph_server(args.work / "db-post") as url:
            row("(b) POST store per shard", post_shards(url, parts), _count(url + "query"))
    if "c" in args.steps:
        subprocess.run(["rm", "-rf", str(args.work / "db-put")], check=True)
        with oxigraph_server(args.work / "db-put") as url:
            seconds, n = put_articles(url, parts)
            row("(c) PUT per article", seconds, _count(url + "query"))
            print(f"{'':<28} {n / seconds:8.1f} articles/s")
    if "d" in args.steps:
        subprocess.run(["rm", "-rf", str(args.work / "db-kg")], check=True)
        with oxigraph_server(args.work / "db-kg") as url:
            start = time.perf_counter()
            remote.load(args.work / "shards", Endpoint(url))
            row("(d) kg load --endpoint", time.perf_counter() - start, _count(url + "query"))
    if args.virtuoso and "e" in args.steps:
        subprocess.run(["rm", "-rf", str(args.work / "virtuoso")], check=True)
        with virtuoso_server(args.work / "virtuoso") as url:
            seconds, n = _virtuoso_puts(url, parts)
            row("(e) Virtuoso PUT per article", seconds, _count(url + "sparql"))
            print(f"{'':<28} {n / seconds:8.1f} articles/s")
    if args.virtuoso and "f" in args.steps:
        folder = args.work / "virtuoso-bulk"
        subprocess.run(["rm", "-rf", str(folder)], check=True)
        with virtuoso_server(folder) as url:
            row("(f) Virtuoso bulk loader", _virtuoso_bulk(folder, joined), _count(url + "sparql"))


def _virtuoso_puts(url: str, parts: list[Path]) -> tuple[float, int]:
    from kg.graph import nquads
    from servers import virtuoso_put

    # urllib answers the digest challenge afresh on each request: two round trips a PUT, as a
    # client without a nonce cache makes them.
    articles = [article for part in parts for article in nquads.read_shard(part)]
    start = time.perf_counter()
    for article in articles:
        virtuoso_put(url, article.name, article.ntriples())
    return time.perf_counter() - start, len(articles)


def _virtuoso_bulk(folder: Path, joined: Path) -> float:
    """(f): seconds for Virtuoso's own bulk path, ``ld_dir`` and ``rdf_loader_run()`` over SQL,
    then a checkpoint (what makes the load durable), on the same joined file as (a)."""
    from servers import virtuoso_sql

    (folder / joined.name).hardlink_to(joined)  # the loader reads only under the server's DirsAllowed
    start = time.perf_counter()
    virtuoso_sql(folder, f"ld_dir('.', '{joined.name}', 'urn:kg:unused');")  # N-Quads name their graphs
    virtuoso_sql(folder, "rdf_loader_run();")
    virtuoso_sql(folder, "checkpoint;")
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
