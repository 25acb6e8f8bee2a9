"""Measures written back into the RDF, so SPARQL can sort and filter by them.

Each entity gets one kg:degreeCentrality, kg:betweennessCentrality, kg:pageRank,
kg:eigenvectorCentrality and kg:closenessCentrality (xsd:double) and one kg:community
(xsd:integer); values written before are removed first, so annotating twice leaves one of each.
Positions are measured as nodes of the graph but carry no measure: the ontology gives measures
to entities (persons, bodies, places, events, groups) only.

>>> from kg.model import Document, Entity, Extraction, Fact, Provenance
>>> from kg.graph.rdf import to_graph
>>> ex = Extraction(Document("d", "Ada heads the Board.", "d.txt"))
>>> ex.entities = {"a": Entity("a", "Person", "Ada"), "b": Entity("b", "Organization", "Board")}
>>> ex.facts = [Fact("a", "heads", "b", Provenance("d", "Ada heads the Board.", 0, 20, "r", 0.9))]
>>> g = annotate(to_graph([ex]))
>>> sorted(str(o) for o in g.objects(None, V.pageRank))
['0.5', '0.5']
"""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.explore import analytics, network
from kg.graph.vocab import V

__all__ = ["PROPERTIES", "Annotation", "measure_all", "annotate"]

# measure name → the ontology's property for it
PROPERTIES = {
    "degree": "degreeCentrality",
    "betweenness": "betweennessCentrality",
    "pagerank": "pageRank",
    "eigenvector": "eigenvectorCentrality",
    "closeness": "closenessCentrality",
}


@dataclass
class Annotation:
    """Every measure of every node, the community numbers, and notes on any estimate.

    >>> Annotation({}, {}).notes
    []
    """

    measures: dict[str, analytics.Measure]
    community: dict
    notes: list[str] = field(default_factory=list)


def measure_all(G: nx.Graph) -> Annotation:
    """The five measures and the Louvain communities of ``G``.

    >>> a = measure_all(nx.Graph([("a", "b"), ("b", "c")]))
    >>> a.measures["betweenness"].values["b"], a.community["a"]
    (1.0, 1)
    """
    simple = analytics.simple_graph(G)
    measures = {name: analytics.measure(simple, name) for name in analytics.MEASURES}
    community = analytics.community_numbers(analytics.communities(simple))
    return Annotation(measures, community, [m.note for m in measures.values() if m.note])


def _is_entity(cls: str) -> bool:
    return "Entity" in V.superclasses.get(cls, ())


def annotate(graph: rdflib.Graph, measured: Annotation | None = None) -> rdflib.Graph:
    """Write the measures onto each entity of ``graph`` (in place) and return it; ``measured``
    is :func:`measure_all` of its entity graph, computed here when not given.

    A Dataset (read from TriG or N-Quads) is measured as the union of its graphs and gets the
    measures in its default graph.
    """
    # a Dataset's facts sit in its named graphs; measures go to the default graph
    union = rdflib.Dataset(store=graph.store, default_union=True) if isinstance(graph, rdflib.Dataset) else graph
    G = network.entity_graph(union)
    if measured is None:
        measured = measure_all(G)
    terms = [V.term(p) for p in PROPERTIES.values()] + [V.community, V.measure]
    for p in terms:
        graph.remove((None, p, None))
    for node, data in G.nodes(data=True):
        if not _is_entity(data.get("cls", "")):
            continue
        subject = URIRef(node)
        for name, prop in PROPERTIES.items():
            graph.add((subject, V.term(prop), Literal(float(measured.measures[name].values[node]), datatype=XSD.double)))
        graph.add((subject, V.community, Literal(int(measured.community[node]), datatype=XSD.integer)))
    return graph
