"""What a GRAPH argument names, read into rdflib: a graph file, or a kg store folder whose graphs
are read as one (``kg central``, ``kg page``, ``kg validate`` and the other commands that take
either)."""
from __future__ import annotations

import os
from pathlib import Path

import rdflib

from kg.graph.graphfile import load_graph
from kg.store.engine import to_rdflib
from kg.store.folder import names_store
from kg.store.kgstore import KgStore


def load(path: str | os.PathLike) -> rdflib.Graph:
    """The graph in a graph file (any format ``kg.graph.graphfile.load_graph`` reads) or, for a folder,
    the union of a kg store's graphs.

    >>> load("missing.ttl")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: cannot read graph missing.ttl: no such file
    """
    where = Path(path)
    if names_store(where):
        graph = rdflib.Graph()
        with KgStore(where, create=False) as kb:
            for t in kb.triples():
                graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph
    return load_graph(where)
