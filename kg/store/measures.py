"""The measures a kg store derives and keeps current for its queries: every entity's PageRank
(``kg:pageRank``, the numbers ``kg central`` gives) and, for the few people connected to many
things, how many things they share with each other person (what most-connected-people.rq counts),
counted ahead.  ``refresh`` replaces them after every change; they are no part of the dataset.

>>> [t.value.rsplit("#", 1)[1] for t in terms()]
['pageRank', 'connectionOf', 'connectedTo', 'sharedCount']
"""
from __future__ import annotations

import numpy as np
import pyoxigraph as ox
from rdflib import RDF
from rdflib.namespace import XSD

from kg.graph.pagerank import page_rank
from kg.graph.vocab import FACT_PREDICATES, ROOT_CLASSES, V


def terms() -> tuple[ox.NamedNode, ...]:
    """The predicates of what the store derives and keeps for its queries: the rank first, then
    the connections counted ahead."""
    return tuple(ox.NamedNode(str(V.term(t))) for t in ("pageRank", "connectionOf", "connectedTo", "sharedCount"))


# What makes two people connected in most-connected-people.rq: a thing both have one of these about.
CONNECTING_PREDICATES = ("heads", "chairs", "memberOf", "worksFor", "participatesIn", "livesIn", "killed", "about")
# People connected to more things than this get their pair counts kept ahead.  At a million
# triples (bench/store_queries.py) counting took Oxigraph ~180 ms for the person connected to the
# most things and under 50 ms for the 50th; the limit keeps the counts of the few hubs whose
# counting is slow, a few thousand pairs, instead of millions for everyone.
CONNECTION_LIMIT = 200


def _entity_classes() -> list[str]:
    """The classes whose members are the entities ranked: every subclass of a root class."""
    return [cls for cls in sorted(V.superclasses) if set(V.superclasses[cls]) & set(ROOT_CLASSES)]


def source_query() -> str:
    """A CONSTRUCT of all that ``quads`` reads of a store's union graph (the entities' types and
    the facts between things), to fill a scratch store with when the articles sit elsewhere (a
    SPARQL server: kg/store/remote.py).

    >>> source_query().startswith("CONSTRUCT")
    True
    """
    classes = ", ".join(f"<{V.term(c)}>" for c in sorted({*_entity_classes(), "Person"}))
    predicates = ", ".join(f"<{V.term(p)}>" for p in sorted({*FACT_PREDICATES, *CONNECTING_PREDICATES}))
    return (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ ?s a ?o FILTER (?o IN ({classes})) BIND (<{RDF.type}> AS ?p) }} "
            f"UNION {{ ?s ?p ?o FILTER (?p IN ({predicates})) }} }}")


def _entity_network(store: ox.Store) -> tuple[list, np.ndarray, np.ndarray]:
    """The union graph's entities (sorted by IRI) and its facts between two of them, as index
    pairs, each unordered pair once: the undirected simple view ``kg central`` measures."""
    default, rdf_type = ox.DefaultGraph(), ox.NamedNode(str(RDF.type))
    nodes = set()
    for cls in _entity_classes():
        nodes.update(q.subject for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(V.term(cls))), default)
                     if isinstance(q.subject, ox.NamedNode))
    order = sorted(nodes, key=lambda n: n.value)
    index = {n: i for i, n in enumerate(order)}
    pairs = set()
    for name in FACT_PREDICATES:
        for q in store.quads_for_pattern(None, ox.NamedNode(str(V.term(name))), None, default):
            a, b = index.get(q.subject), index.get(q.object)
            if a is not None and b is not None and a != b:
                pairs.add((a, b) if a < b else (b, a))
    edges = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    return order, edges[:, 0], edges[:, 1]


def rank_quads(store: ox.Store) -> list[ox.Quad]:
    """``<entity> kg:pageRank "rank"^^xsd:double`` for every entity of the store's union graph.

    >>> rank_quads(ox.Store())
    []
    """
    nodes, u, v = _entity_network(store)
    rank = page_rank(len(nodes), u, v)
    term, double = terms()[0], ox.NamedNode(str(XSD.double))
    return [ox.Quad(node, term, ox.Literal(repr(float(r)), datatype=double)) for node, r in zip(nodes, rank)]


def connection_counts(store: ox.Store, limit: int | None = None) -> dict[tuple, int]:
    """(person, other person) → how many distinct things both have a fact about, for every person
    connected to more than ``limit`` things (``CONNECTION_LIMIT``; by ``CONNECTING_PREDICATES``) and every other person
    sharing at least one: what most-connected-people.rq counts, counted ahead.

    >>> connection_counts(ox.Store())
    {}
    """
    limit = CONNECTION_LIMIT if limit is None else limit
    default, rdf_type = ox.DefaultGraph(), ox.NamedNode(str(RDF.type))
    people = {q.subject for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(V.Person)), default)}
    things: dict = {}
    holders: dict = {}
    for name in CONNECTING_PREDICATES:
        for q in store.quads_for_pattern(None, ox.NamedNode(str(V.term(name))), None, default):
            if q.subject in people:
                things.setdefault(q.subject, set()).add(q.object)
                holders.setdefault(q.object, set()).add(q.subject)
    counts: dict[tuple, int] = {}
    for person, own in things.items():
        if len(own) <= limit:
            continue
        shared: dict = {}
        for x in own:
            for other in holders[x]:
                shared[other] = shared.get(other, 0) + 1
        shared.pop(person, None)
        counts.update(((person, other), n) for other, n in shared.items())
    return counts


def connection_quads(store: ox.Store) -> list[ox.Quad]:
    """``connection_counts`` as quads: a blank node with connectionOf, connectedTo, sharedCount.

    >>> connection_quads(ox.Store())
    []
    """
    of, to, count = terms()[1:]
    integer = ox.NamedNode(str(XSD.integer))
    quads = []
    for (person, other), n in connection_counts(store).items():
        node = ox.BlankNode()
        quads += [ox.Quad(node, of, person), ox.Quad(node, to, other),
                  ox.Quad(node, count, ox.Literal(str(n), datatype=integer))]
    return quads


# The SPARQL update that drops them all: kg add sends it in the transaction that changes the graphs.
DROP = " ;\n".join(f"DELETE WHERE {{ ?e {t} ?x }}" for t in terms())


def quads(store: ox.Store) -> list[ox.Quad]:
    """The ranks and the hubs' connection counts of the store's union graph, as default-graph quads.

    >>> quads(ox.Store())
    []
    """
    return rank_quads(store) + connection_quads(store)


def refresh(store: ox.Store) -> None:
    """Rank every entity and count the hubs' connections afresh (the old measures out, the new
    in, one transaction each way), then let RocksDB compact: the curated queries read ranks and labels of a few entities at random
    places, and on a store just loaded or added to they ran 1.2-2x slower before compaction."""
    store.update(DROP)
    store.extend(quads(store))
    store.optimize()
