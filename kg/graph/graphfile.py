"""Graph files: an RDF file read into rdflib by its suffix, and written back the same way.

>>> import tempfile
>>> g = Graph().parse(data="<urn:a> <urn:b> <urn:c> .", format="nt")
>>> len(load_graph(save_graph(g, Path(tempfile.mkdtemp()) / "g.nt")))
1
"""
from __future__ import annotations

import re
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import KgError, one_line
from kg.files import replacing

# Suffix → rdflib parser; the quad formats load into a Dataset.
GRAPH_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
}
_QUAD_FORMATS = {"trig", "nquads"}


def load_graph(path: str | Path) -> Graph:
    """The graph in ``path``, its format chosen by the suffix; .trig and .nq give a Dataset
    whose default graph is the union of its named graphs.

    >>> load_graph("missing.ttl")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: cannot read graph missing.ttl: no such file
    """
    path = Path(path)
    fmt = GRAPH_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(GRAPH_FORMATS)
        raise KgError(f"cannot read graph {path}: unknown suffix {path.suffix!r} (use one of {known})")
    if not path.exists():
        raise KgError(f"cannot read graph {path}: no such file")
    if path.is_dir():
        raise KgError(f"cannot read graph {path}: it is a directory")
    graph: Graph = Dataset(default_union=True) if fmt in _QUAD_FORMATS else Graph()
    try:
        with path.open("rb") as f:
            graph.parse(file=f, format=fmt)
    except Exception as e:  # rdflib's parsers raise anything from SAXParseException to UnicodeDecodeError
        raise KgError(f"cannot read graph {path}: {_parse_reason(e, fmt)}") from None
    return graph


# rdflib reads Turtle and TriG with its Notation3 parser, whose messages can speak of N3:
# "this is not rdf" in a .ttl file gave "Keyword 'this' was ancient N3. Now use @forSome ...".
_N3_SPEAK = re.compile(r"N3|@for(?:All|Some)|obsolete|Turtle mode|formula|keywords", re.IGNORECASE)


def _parse_reason(e: Exception, fmt: str = "turtle") -> str:
    """Why a graph file did not parse, on one line, in the words of its format.

    >>> from rdflib.plugins.parsers.notation3 import BadSyntax
    >>> _parse_reason(BadSyntax("", 0, "this is not rdf", 0, "Keyword 'this' was ancient N3."))
    'line 1: not Turtle (is it an RDF file?)'
    """
    why = getattr(e, "_why", None)
    if why is not None and hasattr(e, "lines"):  # notation3's BadSyntax: its str() quotes raw bytes
        if _N3_SPEAK.search(why):
            why = f"not {'TriG' if fmt == 'trig' else 'Turtle'} (is it an RDF file?)"
        return f"line {e.lines + 1}: {why}"
    if isinstance(e, UnicodeDecodeError):
        return "not UTF-8 text"
    return one_line(f"{type(e).__name__}: {e}" if not str(e) else str(e))


def save_graph(graph: Graph, path: str | Path) -> Path:
    """Write a graph back in the format its suffix names, by replacement (kg.files)."""
    path = Path(path)
    with replacing(path) as tmp:
        # rdflib's N-Triples writer warned on stderr, after kg's own line, when no encoding was given
        graph.serialize(tmp, format=GRAPH_FORMATS[path.suffix.lower()], encoding="utf-8")
    return path
