"""A store or a graph file out as Turtle, N-Triples, TriG, N-Quads or JSON-LD.

Quad formats (TriG, N-Quads, JSON-LD, which can name graphs) keep each document's named graph
and the default graph's statements about them, so a reader can still ask which article states a
fact; triple formats (Turtle, N-Triples) hold the union of all graphs, each triple once.  The
ontology (``ontology/kg.ttl``) is left out unless asked for; in a quad format it goes into a
named graph of its own, named by the ontology's IRI.

Oxigraph's serialisers write the files: they stream, so a million-triple store is written
without an rdflib graph of it in memory.

Example (not a doctest: it writes a file)::

    export("kb/", "trig", "all.trig")                  # store → TriG, named graphs kept
    export("output/graph.ttl", "nt", ontology=True)    # file → N-Triples on stdout
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg import store
from kg.errors import KgError, one_line
from kg.files import replacing
from kg.query import GRAPH_FORMATS, prefixes
from kg.vocab import V

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = frozenset({"trig", "nq", "jsonld"})
_READ = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def format_for(path: str | os.PathLike) -> str | None:
    """The export format a file name asks for, by its suffix.

    >>> format_for("all.trig"), format_for("notes.txt")
    ('trig', None)
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def export(source: str | os.PathLike, fmt: str | None = None, out: str | os.PathLike | None = None,
           ontology: bool = False) -> int:
    """Write ``source`` (a store folder or a graph file) as ``fmt`` to ``out`` (stdout when None);
    returns how many triples or quads were written.  ``fmt`` defaults to what ``out``'s suffix
    says.  The file is written beside ``out`` and renamed over it, so a failed export leaves an
    existing ``out`` as it was.

        export("kb/", out="all.nq")   # 1234
    """
    fmt = _choose_format(fmt, out)
    source = Path(source)
    if store.is_store(source):
        with store.KgStore(source, create=False) as kb:
            return _write(_statements(kb, None, fmt, ontology), fmt, out)
    if source.is_dir():
        raise KgError(f"{source} is not a kg store (no {store.STORE_MARKER})")
    quads = _read_file(source)
    return _write(_statements(None, quads, fmt, ontology), fmt, out)


def _choose_format(fmt: str | None, out) -> str:
    wanted = format_for(out) if out is not None else None
    if fmt is None:
        if wanted is None:
            raise KgError(f"give --format ({', '.join(FORMATS)}) or an -o file with one of those suffixes")
        return wanted
    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    if wanted is not None and wanted != fmt:
        # kg query and other tools pick the parser by suffix: such a file would not read back
        raise KgError(f"-o {out} says .{wanted} but --format is {fmt}")
    return fmt


def _read_file(path: Path) -> list[ox.Quad]:
    reader = GRAPH_FORMATS.get(path.suffix.lower())
    if reader is None:
        raise KgError(f"cannot read graph {path}: unknown suffix {path.suffix!r} (use one of {', '.join(GRAPH_FORMATS)})")
    if not path.exists():
        raise KgError(f"cannot read graph {path}: no such file (nor a kg store)")
    if path.is_dir():
        raise KgError(f"{path} is not a kg store (no {store.STORE_MARKER})")
    try:
        return list(ox.parse(path=str(path), format=_READ[reader], base_iri=path.resolve().as_uri()))
    except SyntaxError as err:
        raise KgError(f"cannot read graph {path}: {one_line(err)}") from None
    except (OSError, ValueError) as err:
        raise KgError(f"cannot read graph {path}: {one_line(getattr(err, 'strerror', None) or err)}") from None


def _ontology_triples() -> list[ox.Triple]:
    try:
        return [q.triple for q in ox.parse(path=str(V.path), format=ox.RdfFormat.TURTLE)]
    except (OSError, SyntaxError) as err:
        raise KgError(f"cannot read ontology {V.path}: {one_line(err)}") from None


def _statements(kb, quads: list[ox.Quad] | None, fmt: str, ontology: bool) -> Iterator:
    """What ``fmt`` holds of a store (``kb``) or of a file's ``quads``: quads with the named
    graphs for a quad format, else the union's triples, each once."""
    extra = _ontology_triples() if ontology else []
    if fmt in QUAD_FORMATS:
        yield from (kb.quads() if kb is not None else quads)
        name = ox.NamedNode(str(V.ontology_iri))
        yield from (ox.Quad(t.subject, t.predicate, t.object, name) for t in extra)
        return
    seen = set(extra)
    yield from extra
    if kb is not None:  # the store's union is a graph already: no triple comes twice
        yield from (t for t in kb.triples() if t not in seen)
        return
    for q in quads:
        t = q.triple
        if t not in seen:
            seen.add(t)
            yield t


def _write(items: Iterable, fmt: str, out) -> int:
    count = 0

    def counted():
        nonlocal count
        for item in items:
            count += 1
            yield item

    names = {k: str(v) for k, v in prefixes().items()}
    if out is None:
        sys.stdout.flush()
        ox.serialize(counted(), sys.stdout.buffer, FORMATS[fmt], prefixes=names)
        sys.stdout.buffer.flush()
        return count
    out = Path(out)
    if out.is_dir():
        raise KgError(f"cannot write {out}: it is a directory")
    try:
        with replacing(out) as tmp:
            ox.serialize(counted(), str(tmp), FORMATS[fmt], prefixes=names)
    except OSError as err:
        raise KgError(f"cannot write {out}: {err.strerror or one_line(err)}") from None
    return count
