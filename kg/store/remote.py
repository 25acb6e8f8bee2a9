"""Articles on a SPARQL server (``kg.store.endpoint``): a cluster build's shards loaded, articles
added and removed, and the derived data recomputed after each.

The server holds what a kg store holds (kg/store/kgstore.py): each article in a named graph of
its own (``kg.graph.nquads.ArticleGraph``: its facts, its document, and a digest of its
content), and in the default graph a copy of every article's triples (the digest lines aside)
with the ranks, connection counts, tenures and conflicts derived from them (kg/store/measures.py,
kg/store/tenures.py).  The copy is there for the reason the store keeps one: Oxigraph 0.5's
``--union-default-graph`` is a bag, so over three articles naming the same attack
attacks-and-perpetrators.rq gave each row 9 times where the store gives it 3 (a join of two
patterns each matched thrice).  So the server is run *without* that option, and every write is
one SPARQL update (one transaction on Oxigraph) that changes an article's graph and its part of
the copy together; a first load into an empty server goes by the server's bulk path.

Example (not a doctest: it needs a server)::

    print(load("out/shards/", Endpoint("http://127.0.0.1:7878/")))
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, plural
from kg.graph import nquads
from kg.graph.rdf import document_graph_iri
from kg.graph.shards import MANIFEST, read_manifest
from kg.graph.vocab import V
from kg.model import Extraction
from kg.store import measures, tenures
from kg.store.endpoint import Endpoint
from kg.store.kgstore import TEXT_DIGESTS, drop_graph, insert_data

# The quads of one bulk request on a first load: whole articles up to this many (their union
# copy besides).  Oxigraph applies a POST to its store in one transaction (a request of 100,000
# quads whose last line was malformed left nothing behind), held in memory until it commits.  Of
# 1,000 test articles (167,000 quads) a whole load took 16.7 s in chunks of 10,000, 14.2 s of
# 50,000, 13.1 s of 200,000 (on a busy machine).  Sent alone, the 334,000 quads with the copy
# went in at 36,000 a second; one update per article took 5,300 a second.  Oxigraph's
# ``?no_transaction`` POST took half the time of the transaction, but a request cut short leaves
# part of an article, which a load run again would then skip by its digest line.
CHUNK_QUADS = 50_000


@dataclass
class Loaded:
    """What a load or add did on a server: articles new to it, articles it held with other
    content (replaced), articles it held unchanged (skipped), the quads sent, and the articles
    it holds afterwards."""

    url: str
    loaded: int = 0
    replaced: int = 0
    skipped: int = 0
    quads: int = 0
    held: int = 0

    def __str__(self) -> str:
        return (f"loaded {plural(self.loaded + self.replaced, 'article')} into {self.url} ({self.replaced} replaced, "
                f"{self.skipped} unchanged, {plural(self.quads, 'quad')}); it holds {plural(self.held, 'article')}")


def graph_digests(endpoint: Endpoint) -> dict[str, str]:
    """Each article graph the server holds → its ``kg:graphDigest``, in one query."""
    rows = endpoint.query(f"SELECT ?g ?digest WHERE {{ GRAPH ?g {{ ?g <{V.graphDigest}> ?digest }} }}").rows
    return {str(g): str(digest) for g, digest in rows}


def text_digests(endpoint: Endpoint) -> dict[str, str]:
    """Document id → digest of its text, as ``KgStore.digests`` gives them: what ``kg add``
    compares to skip unchanged articles."""
    rows = endpoint.query(TEXT_DIGESTS).rows
    return {str(doc): str(digest) if digest is not None else "" for doc, digest in rows}


def shard_files(folder: str | os.PathLike) -> list[Path]:
    """The shards the manifest of ``folder`` lists (``kg.graph.shards.read_manifest``), in order;
    a KgError when there is no manifest (the build did not finish) or a shard it lists is missing."""
    folder = Path(folder)
    files = [folder / part.file for part in read_manifest(folder)]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise KgError(f"{folder} lacks {', '.join(missing[:3])}, which {MANIFEST} lists")
    return files


def load(shards: str | os.PathLike, endpoint: Endpoint, chunk_quads: int = CHUNK_QUADS) -> Loaded:
    """The articles of a cluster build's shards onto the server, then the derived data
    recomputed.  Articles the server holds with the same digest are skipped, so a load that
    stopped can be run again and finishes the job.  A server that holds no article yet takes
    them by its bulk path (``POST`` of whole articles, ``chunk_quads`` at a time, each request
    applied whole); otherwise each article is one update.  Either way every article is on the
    server entirely or not at all."""
    files = shard_files(shards)
    articles = (article for path in files for article in nquads.read_shard(path))
    return _send(articles, endpoint, chunk_quads, always_refresh=True)


def add(extractions: Iterable[Extraction], endpoint: Endpoint, min_confidence: float = 0.0) -> Loaded:
    """Articles onto the server, one update each (replacing what the server held under the
    article's name), then the derived data recomputed; an article held with the same content is
    skipped.  ``kg add PATH... --endpoint URL`` (``kg.pipeline.build_into_endpoint``)."""
    return _send((nquads.article_graph(ex, min_confidence) for ex in extractions), endpoint)


def _send(articles: Iterable[nquads.ArticleGraph], endpoint: Endpoint, chunk_quads: int = 0,
          always_refresh: bool = False) -> Loaded:
    """``articles`` onto the server, those it holds with the same digest skipped: in bulk
    (``chunk_quads`` at a time, when given) into a server that holds none yet, else one update
    each; then the derived data recomputed (after any change, or ``always_refresh``)."""
    held = graph_digests(endpoint)
    _check_layout(endpoint, held)
    bulk = not held and chunk_quads > 0
    empty = not held
    done = Loaded(endpoint.url)
    chunk: list[nquads.ArticleGraph] = []
    chunked = 0  # the quads in chunk

    def send_chunk():
        nonlocal chunked
        if chunk:
            endpoint.post_dataset("".join(a.nquads() + a.union_ntriples() for a in chunk))
            chunk.clear()
            chunked = 0

    for article in articles:
        if held.get(article.name) == article.digest:
            done.skipped += 1
            continue
        again = article.name in held  # held by the server, or sent earlier in this run
        done.replaced += again
        done.loaded += not again
        done.quads += len(article.lines)
        if bulk and not again:
            chunk.append(article)
            chunked += len(article.lines)
            if chunked >= chunk_quads:
                send_chunk()
        else:
            send_chunk()  # an article twice in the shards: the later one replaces the earlier
            _write(endpoint, article, again)
        held[article.name] = article.digest
    send_chunk()
    if empty and held:
        _check_layout(endpoint, held)
    if always_refresh or done.loaded or done.replaced:
        refresh(endpoint)
    done.held = len(held)
    return done


def remove(document: str, endpoint: Endpoint) -> int:
    """Take the article with id ``document`` off the server (one update: its graph and its part
    of the union copy), then recompute the derived data.  Returns the articles the server holds
    afterwards; KgError when it holds no such article."""
    name = str(document_graph_iri(document))
    held = graph_digests(endpoint)
    if name not in held:
        raise KgError(f"{endpoint.url} holds no document {document!r}")
    _check_layout(endpoint, held)
    endpoint.update(" ;\n".join(drop_graph(ox.NamedNode(name))))
    refresh(endpoint)
    return len(held) - 1


def refresh(endpoint: Endpoint) -> int:
    """Recompute the derived data from the server's articles and rewrite it in one update: the
    ranks and connection counts (kg/store/measures.py) over a scratch in-memory store of what they
    read, the timeline (kg/store/tenures.py) from the roles of every article graph.  Returns the
    triples written."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in endpoint.triples(measures.source_query()))
    derived = measures.quads(scratch) + tenures.from_evidence(endpoint.query(tenures.evidence_query()).graph)
    endpoint.update(" ;\n".join([tenures.DROP, measures.DROP, *insert_data(derived)]))
    return len(derived)


def _write(endpoint: Endpoint, article: nquads.ArticleGraph, held: bool) -> None:
    """One article's graph and its part of the union copy in one update, after the graph it
    replaces (``held``) and that graph's part of the copy are gone."""
    ops = drop_graph(ox.NamedNode(article.name)) if held else []
    ops.append(f"INSERT DATA {{\nGRAPH <{article.name}> {{\n{article.ntriples()}}}\n{article.union_ntriples()}}}")
    endpoint.update(" ;\n".join(ops))


def _check_layout(endpoint: Endpoint, held: dict[str, str]) -> None:
    """KgError when the server shows its named graphs in its default graph, where kg keeps the
    union copy: every fact would count twice or more.  Told by a digest line, which only an
    article's own graph holds."""
    if held and endpoint.query(f"ASK {{ ?g <{V.graphDigest}> ?digest }}").boolean:
        raise KgError(f"{endpoint.url} shows its named graphs in its default graph (oxigraph serve "
                      "--union-default-graph): kg keeps the union there itself; serve it without that option")
