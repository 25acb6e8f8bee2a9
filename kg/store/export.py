"""A store or a graph file out as Turtle, N-Triples, TriG, N-Quads or JSON-LD.

Quad formats (TriG, N-Quads, JSON-LD, which can name graphs) keep each document's named graph
and the default graph's statements about them, so a reader can still ask which article states a
fact; triple formats (Turtle, N-Triples) hold the union of all graphs, each triple once.  The
ontology (``ontology/kg.ttl``) is left out unless asked for; in a quad format it goes into a
named graph of its own, named by the ontology's IRI.  A store's own derived data is left out
and ``note`` says so: each entity's ``kg:pageRank`` (unless ``measures``; in a quad format it
joins the default graph, where the store keeps it) and the connection counts kept ahead for
most-connected-people.rq (a cache of the facts, never exported).

Oxigraph's serialisers write the files: they stream, so a million-triple store is written
without an rdflib graph of it in memory.

Example (not a doctest: it writes a file)::

    export("kb/", "trig", "all.trig")                  # store → TriG, named graphs kept
    export("output/graph.ttl", "nt", ontology=True)    # file → N-Triples on stdout
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, one_line
from kg.files import replacing
from kg.graph.graphfile import GRAPH_FORMATS
from kg.graph.prefixes import prefixes
from kg.graph.vocab import V
from kg.store import engine, kgstore

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
           ontology: bool = False, measures: bool = False, note: Callable[[str], None] | None = None) -> int:
    """Write ``source`` (a store folder or a graph file) as ``fmt`` to ``out`` (stdout when None);
    returns how many triples or quads were written.  ``fmt`` defaults to what ``out``'s suffix
    says, and to Turtle on stdout.  The file is written beside ``out`` and renamed over it, so a
    failed export leaves an existing ``out`` as it was.  ``measures``: a store's ``kg:pageRank``
    values too; ``note`` is told what of a store was left out.

        export("kb/", out="all.nq")   # 1234
    """
    fmt = _choose_format(fmt, out)
    source = Path(source)
    # a name with no suffix that is not there is taken for a store, as everywhere in kg
    if kgstore.is_store(source) or (not source.suffix and not source.exists()):
        with kgstore.KgStore(source, create=False) as kb:
            ranks = _ranks(kb)
            n = _write(_statements(kb, None, fmt, ontology, ranks if measures else []), fmt, out)
            if note is not None:
                _note_left_out(kb, [] if measures else ranks, note)
            return n
    if source.is_dir():
        raise KgError(f"{source} is not a kg store (no {kgstore.STORE_MARKER})")
    quads = _read_file(source)
    return _write(_statements(None, quads, fmt, ontology), fmt, out)


def _ranks(kb) -> list[ox.Triple]:
    """The ``kg:pageRank`` a store keeps on each entity (``KgStore.triples`` leaves them out)."""
    rows = kb.query(f"SELECT ?e ?r WHERE {{ ?e {V.pageRank.n3()} ?r }} ORDER BY ?e").rows
    rank = ox.NamedNode(str(V.pageRank))
    return [ox.Triple(engine.to_oxigraph(e), rank, engine.to_oxigraph(r)) for e, r in rows]


def _note_left_out(kb, ranks: list[ox.Triple], note: Callable[[str], None]) -> None:
    """Tell ``note`` what of the store the export did not write, and why."""
    if ranks:
        note(f"left out kg:pageRank on {len(ranks):,} entities, which the store derives from the facts "
             "(--measures includes it)")
    (row,) = kb.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c {V.connectionOf.n3()} ?p }}").rows
    if int(row[0]):
        note(f"left out {int(row[0]):,} connection counts the store keeps for its queries "
             "(a cache of the facts, rebuilt by every kg add)")


def _choose_format(fmt: str | None, out) -> str:
    wanted = format_for(out) if out is not None else None
    if fmt is None:
        if out is None:
            return "ttl"  # stdout: the format people read, and the one kg build writes
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
        raise KgError(f"{path} is not a kg store (no {kgstore.STORE_MARKER})")
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


def _statements(kb, quads: list[ox.Quad] | None, fmt: str, ontology: bool,
                ranks: list[ox.Triple] = ()) -> Iterator:
    """What ``fmt`` holds of a store (``kb``) or of a file's ``quads``: quads with the named
    graphs for a quad format, else the union's triples, each once; ``ranks``, a store's
    kg:pageRank triples, in the default graph."""
    extra = _ontology_triples() if ontology else []
    if fmt in QUAD_FORMATS:
        yield from (kb.quads() if kb is not None else quads)
        yield from (ox.Quad(t.subject, t.predicate, t.object) for t in ranks)
        name = ox.NamedNode(str(V.ontology_iri))
        yield from (ox.Quad(t.subject, t.predicate, t.object, name) for t in extra)
        return
    seen = set(extra)
    yield from extra
    if kb is not None:  # the store's union is a graph already: no triple comes twice
        yield from (t for t in kb.triples() if t not in seen)
        yield from ranks
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
