"""Network measures over the entity graph: who is central in what the articles report.

The RDF graph mixes entities with provenance (documents, assertions, statements); these
functions first project it to entities and the facts between them, then measure that.

>>> from kg.model import Document, Entity, Extraction, Fact, Provenance
>>> from kg.rdf import to_graph
>>> ex = Extraction(Document("d", "Ada heads the Board.", "d.txt"))
>>> ex.entities = {"a": Entity("a", "Person", "Ada"), "b": Entity("b", "Organization", "Board")}
>>> ex.facts = [Fact("a", "heads", "b", Provenance("d", "Ada heads the Board.", 0, 20, "r", 0.9))]
>>> G = entity_graph(to_graph([ex]))
>>> [(G.nodes[u]["label"], d["predicate"], G.nodes[v]["label"]) for u, v, d in G.edges(data=True)]
[('Ada', 'heads', 'Board')]
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.files import write_text
from kg.vocab import V

__all__ = [
    "ROOT_CLASSES",
    "FACT_PREDICATES",
    "CentralityRow",
    "entity_graph",
    "centrality",
    "write_centrality_csv",
]

ROOT_CLASSES = ("Person", "Organization", "Location", "Event", "Group", "Position")

# The contract's fact predicates.  Provenance links such as mentionedIn also join entities to
# things, but they say where a fact was read, not what the article reports.
FACT_PREDICATES = (
    "chairs", "heads", "holdsPosition", "memberOf", "worksFor", "participatesIn", "occursIn",
    "occursOn", "locatedIn", "basedIn", "subOrganizationOf", "perpetratedBy", "about",
    "livesIn", "killed",
)

CSV_HEADER = ("iri", "label", "class", "degree", "betweenness", "pagerank")


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


def _first_sentences(graph: rdflib.Graph) -> dict[tuple, str]:
    """(s, p, o) → the sentence of its earliest assertion in reading order."""
    found: dict[tuple, tuple] = {}
    for a in graph.subjects(RDF.type, V.Assertion):
        key = (graph.value(a, RDF.subject), graph.value(a, RDF.predicate), graph.value(a, RDF.object))
        start = graph.value(a, V.startChar)
        rank = (str(graph.value(a, V.sourceDocument) or ""), start.toPython() if start is not None else 0,
                str(graph.value(a, V.sentence) or ""))
        if key not in found or rank < found[key]:
            found[key] = rank
    return {key: rank[2] for key, rank in found.items()}


def entity_graph(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """A node per entity keyed by IRI string, an edge per fact between two entities.

    Node attributes: ``label``, ``cls`` (most specific kg class), ``root`` (one of
    :data:`ROOT_CLASSES`), ``alt_labels`` (sorted list) and ``facts`` (sorted short sentences,
    literal-valued facts such as ``occursOn`` dates included).  Edge attributes: ``predicate``
    (local name) and ``sentence`` (from the fact's earliest assertion); the edge key is the
    predicate, so a fact read twice is one edge.

    >>> from kg.model import Document, Entity, Extraction
    >>> from kg.rdf import to_graph
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

    sentences = _first_sentences(graph)
    for name in FACT_PREDICATES:
        p = V.term(name)
        for s, o in graph.subject_objects(p):
            if s not in labels:
                continue
            if o in labels:
                text = f"{labels[s]} {name} {labels[o]}"
                G.add_edge(str(s), str(o), key=name, predicate=name, sentence=sentences.get((s, p, o), ""))
                G.nodes[str(o)]["facts"].append(text)
            elif isinstance(o, Literal):
                text = f"{labels[s]} {name} {o}"
            else:
                continue
            G.nodes[str(s)]["facts"].append(text)
    for _, data in G.nodes(data=True):
        data["facts"] = sorted(set(data["facts"]))
    return G


@dataclass(frozen=True)
class CentralityRow:
    """One entity's centrality scores.

    >>> CentralityRow("kgid:x", "X", "Person", 1, 0.0, 0.5).pagerank
    0.5
    """

    iri: str
    label: str
    cls: str
    degree: int
    betweenness: float
    pagerank: float


def _pagerank(G: nx.Graph, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6) -> dict:
    """PageRank of an undirected graph by power iteration, as networkx's pure-Python version.

    ``nx.pagerank`` needs SciPy since networkx 3.0, a large dependency for graphs of a few
    thousand nodes; this is the same iteration (uniform teleport, dangling mass spread evenly).

    >>> pr = _pagerank(nx.star_graph(3))
    >>> round(pr[0], 4), round(pr[1], 4)
    (0.4797, 0.1734)
    """
    n = len(G)
    if n == 0:
        return {}
    x = dict.fromkeys(G, 1.0 / n)
    dangling = [v for v in G if G.degree(v) == 0]
    for _ in range(max_iter):
        last = x
        base = (alpha * sum(last[v] for v in dangling) + 1.0 - alpha) / n
        x = dict.fromkeys(G, base)
        for v in G:
            if G.degree(v):
                share = alpha * last[v] / G.degree(v)
                for nbr in G[v]:
                    x[nbr] += share
        if sum(abs(x[v] - last[v]) for v in G) < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def centrality(G: nx.Graph) -> list[CentralityRow]:
    """Degree (distinct neighbours), normalised betweenness and PageRank of every node,
    measured on the undirected simple view of ``G``, best PageRank first.

    Direction is dropped because an article's choice of subject ("X heads Y" or "Y is headed
    by X") says nothing about which of the two matters more.

    >>> G = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("c", "hub")])
    >>> [(r.label, r.degree) for r in centrality(G)][:2]
    [('hub', 3), ('a', 1)]
    """
    simple = nx.Graph()
    # Inserting in a fixed order keeps the power iteration, and so the floats, the same each run.
    simple.add_nodes_from(sorted(G.nodes))
    simple.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in G.edges() if u != v))
    if simple.number_of_nodes() == 0:
        return []
    pagerank = _pagerank(simple)
    betweenness = nx.betweenness_centrality(simple)
    rows = [
        CentralityRow(
            iri=str(n),
            label=str(G.nodes[n].get("label", n)),
            cls=str(G.nodes[n].get("cls", "")),
            degree=simple.degree(n),
            betweenness=betweenness[n],
            pagerank=pagerank[n],
        )
        for n in simple.nodes
    ]
    # Rounding before comparing lets nodes in symmetric positions tie and fall back to label order.
    rows.sort(key=lambda r: (-round(r.pagerank, 12), r.label, r.iri))
    return rows


def write_centrality_csv(rows: list[CentralityRow], path: str | os.PathLike) -> Path:
    """Write rows as CSV with header ``iri,label,class,degree,betweenness,pagerank``.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "centrality.csv"
    >>> print(write_centrality_csv(centrality(nx.Graph([("a", "b")])), out).read_text(), end="")
    iri,label,class,degree,betweenness,pagerank
    a,a,,1,0,0.5
    b,b,,1,0,0.5
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow([r.iri, r.label, r.cls, r.degree, f"{r.betweenness:.6g}", f"{r.pagerank:.6g}"])
    return write_text(path, buffer.getvalue())
