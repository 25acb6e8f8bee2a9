"""An article's graph as lines of N-Triples and N-Quads: the form the shards of a cluster build
take on disk and what kg writes of an article to a SPARQL server (kg/store/remote.py).

In a kg store the statement naming an article graph's document sits in the default graph (the
store keeps the union of its articles there too).  Here it sits inside the article's own graph,
with a digest of the graph's content: replacing the graph on a server then replaces everything
said about the article at once, and a load run again can tell an article the server holds with
the same content from one it must send.

>>> from kg.model import Document, Entity, Extraction
>>> ex = Extraction(Document("d1", "Ada spoke.", "d1.txt"))
>>> ex.entities["e1"] = Entity("e1", "Person", "Ada")
>>> article = article_graph(ex)
>>> article.document, article.name.rsplit("/", 1)[1], len(article.digest)
('d1', 'd1', 64)
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal

from kg.errors import KgError, one_line
from kg.graph.rdf import add_extraction, document_graph_iri, document_iri
from kg.graph.terms import term_text
from kg.graph.vocab import PROV, RDFS, V
from kg.model import Extraction

_DIGEST = f"<{V.graphDigest}>"
_DERIVED_FROM = f"<{PROV.wasDerivedFrom}>"
_LABEL = f"<{RDFS.label}>"
_DOCUMENTS = str(document_iri("x"))[:-1]  # the IRIs of documents start so


@dataclass(frozen=True)
class ArticleGraph:
    """One article's graph: its document id, the graph's IRI, its N-Triples lines (sorted, the
    digest's own line among them) and the digest of the others."""

    document: str
    name: str
    lines: tuple[str, ...]
    digest: str

    def ntriples(self) -> str:
        """The graph as an N-Triples document: the body of a Graph Store Protocol PUT."""
        return "".join(f"{line}\n" for line in self.lines)

    def union_ntriples(self) -> str:
        """The lines but the digest, which is about the graph and stays in it alone: the
        article's part of the union copy a kg store or server keeps in its default graph."""
        return "".join(f"{line}\n" for line in self.lines if not _is_digest(line))

    def nquads(self) -> str:
        """The graph's lines as N-Quads, each in the article's graph: a shard's part."""
        graph = f" <{self.name}> ."
        return "".join(f"{line[:-2]}{graph}\n" for line in self.lines)


def _is_digest(line: str) -> bool:
    return f" {_DIGEST} " in line


def _digest(lines: Iterable[str]) -> str:
    return hashlib.sha256("".join(f"{line}\n" for line in sorted(lines)).encode("utf-8")).hexdigest()


def from_lines(document: str, name: str, lines: Iterable[str]) -> ArticleGraph:
    """An ArticleGraph of N-Triples ``lines`` (its digest line, if any, is made afresh)."""
    kept = {line for line in lines if not _is_digest(line)}
    digest = _digest(kept)
    kept.add(f"<{name}> {_DIGEST} {term_text(Literal(digest))} .")
    return ArticleGraph(document, name, tuple(sorted(kept)), digest)


def article_graph(ex: Extraction, min_confidence: float = 0.0) -> ArticleGraph:
    """The graph ``kg.graph.rdf.add_document_graph`` makes of an article (the facts a kg store
    keeps under its name), with the statement of its source document inside it."""
    graph = Graph()
    add_extraction(graph, ex, min_confidence)
    name = document_graph_iri(ex.document.id)
    graph.add((name, PROV.wasDerivedFrom, document_iri(ex.document.id)))
    lines = (f"{term_text(s)} {term_text(p)} {term_text(o)} ." for s, p, o in graph)
    return from_lines(ex.document.id, str(name), lines)


def write_shard(path: str | os.PathLike, articles: Iterable[ArticleGraph]) -> int:
    """``articles`` as one N-Quads file, written beside ``path`` and renamed into place, so a
    worker that dies leaves no half shard.  Returns the quads written.

        write_shard("shards/part-00000.nq", graphs)
    """
    path = Path(path)
    scratch = path.with_name(f".{path.name}.part")
    count = 0
    with open(scratch, "w", encoding="utf-8", newline="\n") as out:
        for article in articles:
            out.write(article.nquads())
            count += len(article.lines)
    os.replace(scratch, path)
    return count


def read_shard(path: str | os.PathLike) -> Iterator[ArticleGraph]:
    """The article graphs of an N-Quads shard, in the order they were written.  A quad outside
    an article graph, or a graph that names no document, is a KgError: not a shard kg wrote."""
    by_graph: dict[str, list[str]] = {}
    documents: dict[str, str] = {}  # graph → its document's IRI
    labels: dict[tuple[str, str], str] = {}  # (graph, document IRI) → the document's id
    try:
        for quad in ox.parse(path=os.fspath(path), format=ox.RdfFormat.N_QUADS):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                raise KgError(f"{path} is not a kg shard: a triple outside any article graph")
            name, subject, predicate = quad.graph_name.value, quad.subject, str(quad.predicate)
            by_graph.setdefault(name, []).append(f"{subject} {predicate} {quad.object} .")
            if predicate == _DERIVED_FROM and subject.value == name:
                documents[name] = quad.object.value
            elif predicate == _LABEL and subject.value.startswith(_DOCUMENTS):
                labels[name, subject.value] = quad.object.value
    except (OSError, SyntaxError, ValueError) as err:
        raise KgError(f"cannot read shard {path}: {one_line(err)}") from None
    for name, lines in by_graph.items():
        document = labels.get((name, documents.get(name, "")))
        if document is None:
            raise KgError(f"{path} is not a kg shard: graph <{name}> names no document")
        yield from_lines(document, name, lines)
