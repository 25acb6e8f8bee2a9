"""The entity network of an RDF graph: what the measures (``kg.explore.analytics``), the paths
(``kg.explore.connections``) and the page read.  The graph mixes entities with provenance
(documents, assertions, statements); this projects it to entities and the facts between them.

>>> from kg.model import Document, Entity, Extraction, Fact, Provenance
>>> from kg.graph.rdf import to_graph
>>> ex = Extraction(Document("d", "Ada heads the Board.", "d.txt"))
>>> ex.entities = {"a": Entity("a", "Person", "Ada"), "b": Entity("b", "Organization", "Board")}
>>> ex.facts = [Fact("a", "heads", "b", Provenance("d", "Ada heads the Board.", 0, 20, "r", 0.9))]
>>> G = entity_graph(to_graph([ex]))
>>> [(G.nodes[u]["label"], d["predicate"], G.nodes[v]["label"]) for u, v, d in G.edges(data=True)]
[('Ada', 'heads', 'Board')]
"""
from __future__ import annotations

import networkx as nx
import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kg.errors import KgError
from kg.graph.vocab import FACT_PREDICATES, ROOT_CLASSES, V

__all__ = ["entity_graph", "node_classes", "of_class", "article_count", "document_name"]


def _local(term) -> str:
    return str(term)[len(str(V.namespace)):]


def _entity_classes(types: set[str]) -> tuple[str, str] | None:
    """The most specific entity class among ``types`` and its root, or None for a non-entity.

    The deepest class has the most superclasses; ties (one IRI typed City by one article and
    Region by another) go to the alphabetically first so that runs agree.
    """
    candidates = [t for t in types if set(V.superclasses.get(t, ())) & set(ROOT_CLASSES)]
    if not candidates:
        return None
    cls = min(candidates, key=lambda t: (-len(V.superclasses[t]), t))
    root = min(set(V.superclasses[cls]) & set(ROOT_CLASSES))
    return cls, root


def document_name(graph: rdflib.Graph, doc) -> str:
    """A document as it reads to a user: its source path, or label, or IRI."""
    return str(graph.value(doc, V.sourcePath) or graph.value(doc, RDFS.label) or doc)


def _first_evidence(graph: rdflib.Graph) -> dict[tuple, tuple[str, str, list[str], float]]:
    """(s, p, o) → (sentence, document) of its earliest assertion in reading order, every
    document that asserts it and its highest confidence; a document as its source path (or label,
    or IRI) reads to a user."""
    found: dict[tuple, tuple] = {}
    docs: dict[tuple, set] = {}
    best: dict[tuple, float] = {}
    for a in graph.subjects(RDF.type, V.Assertion):
        key = (graph.value(a, RDF.subject), graph.value(a, RDF.predicate), graph.value(a, RDF.object))
        start = graph.value(a, V.startChar)
        doc = graph.value(a, V.sourceDocument)
        rank = (str(doc or ""), start.toPython() if start is not None else 0,
                str(graph.value(a, V.sentence) or ""), doc)
        if key not in found or rank < found[key]:
            found[key] = rank
        if doc is not None:
            docs.setdefault(key, set()).add(doc)
        confidence = graph.value(a, V.confidence)
        if confidence is not None:
            best[key] = max(best.get(key, 0.0), float(confidence.toPython()))
    names = {doc: document_name(graph, doc) for doc in {d for ds in docs.values() for d in ds}}
    return {key: (rank[2], names.get(rank[3], ""), sorted(names[d] for d in docs.get(key, ())),
                  best.get(key, 1.0))
            for key, rank in found.items()}


def entity_graph(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """A node per entity keyed by IRI string, an edge per fact between two entities.

    ``G.graph["dates"]`` maps a document (named as on the edges) to its ISO date, where it has one.
    Node attributes: ``label``, ``cls`` (most specific kg class), ``root`` (one of
    :data:`ROOT_CLASSES`), ``alt_labels`` (sorted list) and ``facts`` (sorted short sentences,
    literal-valued facts such as ``occursOn`` dates included).  Edge attributes: ``predicate``
    (local name), ``sentence`` and ``document`` (from the fact's earliest assertion, the document
    as its source path), ``documents`` (every document asserting it) and ``confidence`` (its
    highest); the edge key is the predicate, so a fact read twice is one edge.

    >>> from kg.model import Document, Entity, Extraction
    >>> from kg.graph.rdf import to_graph
    >>> ex = Extraction(Document("d", "Ada spoke.", "d.txt"))
    >>> ex.entities["a"] = Entity("a", "City", "Tarvel")
    >>> G = entity_graph(to_graph([ex]))
    >>> [(d["cls"], d["root"]) for _, d in G.nodes(data=True)]
    [('City', 'Location')]
    """
    G = nx.MultiDiGraph()
    types: dict[URIRef, set[str]] = {}
    for s, o in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(o).startswith(str(V.namespace)):
            types.setdefault(s, set()).add(_local(o))

    labels: dict[URIRef, str] = {}
    for node in sorted(types):
        classes = _entity_classes(types[node])
        if classes is None:
            continue
        names = sorted(str(x) for x in graph.objects(node, RDFS.label))
        labels[node] = names[0] if names else str(node).rsplit("/", 1)[-1]
        G.add_node(
            str(node),
            label=labels[node],
            cls=classes[0],
            root=classes[1],
            alt_labels=sorted(str(x) for x in graph.objects(node, SKOS.altLabel)),
            facts=[],
        )

    evidence = _first_evidence(graph)
    for name in FACT_PREDICATES:
        p = V.term(name)
        for s, o in graph.subject_objects(p):
            if s not in labels:
                continue
            if o in labels:
                text = f"{labels[s]} {name} {labels[o]}"
                sentence, document, documents, confidence = evidence.get((s, p, o), ("", "", [], 1.0))
                G.add_edge(str(s), str(o), key=name, predicate=name, sentence=sentence, document=document,
                           documents=documents, confidence=confidence)
                G.nodes[str(o)]["facts"].append(text)
            elif isinstance(o, Literal):
                text = f"{labels[s]} {name} {o}"
            else:
                continue
            G.nodes[str(s)]["facts"].append(text)
    for _, data in G.nodes(data=True):
        data["facts"] = sorted(set(data["facts"]))
    G.graph["dates"] = {document_name(graph, doc): str(date) for doc in graph.subjects(RDF.type, V.Document)
                        for date in [graph.value(doc, DCTERMS.date)] if date is not None}
    return G


def node_classes() -> list[str]:
    """The classes ``--class`` accepts: every kg class an entity-graph node can belong to.

    >>> {"Person", "City", "Location", "Entity"} <= set(node_classes())
    True
    """
    found = set()
    for name, supers in V.superclasses.items():
        if supers & set(ROOT_CLASSES):
            found |= supers
    return sorted(c for c in found if c in V.terms)


def of_class(G: nx.Graph, name: str) -> set:
    """The nodes of class ``name`` or one of its subclasses; ``name`` is a kg class local name
    (case does not matter).

    >>> G = nx.Graph()
    >>> G.add_node("t", cls="City"); G.add_node("a", cls="Person")
    >>> of_class(G, "location")
    {'t'}
    """
    valid = node_classes()
    match = [c for c in valid if c == name] or [c for c in valid if c.casefold() == name.casefold()]
    if not match:
        raise KgError(f"unknown class {name!r} (use one of {', '.join(valid)})")
    cls = match[0]
    return {n for n, d in G.nodes(data=True) if cls in V.superclasses.get(d.get("cls", ""), ())}


def article_count(graph: rdflib.Graph) -> int:
    """How many articles (``kg:Document``) ``graph`` was read from.

    >>> from kg.model import Document, Extraction
    >>> from kg.graph.rdf import to_graph
    >>> article_count(to_graph([Extraction(Document("d", "Ada spoke.", "d.txt"))]))
    1
    """
    return len(set(graph.subjects(RDF.type, V.Document)))
