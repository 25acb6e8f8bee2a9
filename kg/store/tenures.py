"""The timeline a kg store derives and keeps current: the tenures and conflicts of
kg/graph/timeline.py, reconciled from the roles of every article it holds.

Like the ranks (kg/store/measures.py) they are derived data, held in the default graph only and
dropped and rewritten whenever articles change.  Unlike the ranks they are rewritten in the very
transaction that adds the articles (``KgStore.add``): a later article calling a minister "former"
closes the tenure in the same commit that stores the article, so no reader ever sees the article
without its consequence, and adding it twice reconciles the same roles into the same tenures.

>>> from_quads(ox.Store(), [], [])
[]
"""
from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS, RDFS

from kg.graph import timeline
from kg.graph.vocab import V
from kg.store.engine import to_oxigraph, to_rdflib

# the W3C terms of a role, from the ontology's prefixes (kg.graph.vocab), not spelled out here
_MEMBER, _ROLE, _ORGANIZATION, _DURING, _BEGINNING, _END = (V.external(t) for t in (
    "org:member", "org:role", "org:organization", "org:memberDuring", "time:hasBeginning", "time:hasEnd"))

# What kg.graph.timeline.read_evidence reads, from each article's graph: its role nodes (only the
# properties it reads: with the sentences and offsets too, turning a 1,000-article store's
# evidence into rdflib took 11 s instead of 2), their intervals and instants, their positions'
# labels and the article's date.
_EVIDENCE = f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  GRAPH ?g {{
    {{ ?s a <{V.Role}> ; ?p ?o
      FILTER (?p IN (<{RDF.type}>, <{_MEMBER}>, <{_ROLE}>, <{_ORGANIZATION}>, <{V.rolePlace}>,
                     <{V.roleStatus}>, <{V.replaces}>, <{_DURING}>, <{V.sourceDocument}>)) }}
    UNION {{ ?r a <{V.Role}> ; <{_DURING}> ?s . ?s ?p ?o }}
    UNION {{ ?r a <{V.Role}> ; <{_DURING}> ?i . ?i <{_BEGINNING}>|<{_END}> ?s . ?s ?p ?o }}
    UNION {{ ?r a <{V.Role}> ; <{_ROLE}> ?s . ?s <{RDFS.label}> ?o BIND (<{RDFS.label}> AS ?p) }}
    UNION {{ ?s a <{V.Document}> ; <{DCTERMS.date}> ?o BIND (<{DCTERMS.date}> AS ?p) }}
  }}
  %s
}}"""

# The SPARQL update that drops them all, in the default graph, instants and intervals before the
# tenures that lead to them.
DROP = " ;\n".join([
    f"DELETE {{ ?x ?p ?o }} WHERE {{ ?t a <{V.Tenure}> ; <{_DURING}> ?i . "
    f"?i <{_BEGINNING}>|<{_END}> ?x . ?x ?p ?o }}",
    f"DELETE {{ ?i ?p ?o }} WHERE {{ ?t a <{V.Tenure}> ; <{_DURING}> ?i . ?i ?p ?o }}",
    f"DELETE WHERE {{ ?t a <{V.Tenure}> ; ?p ?o }}",
    f"DELETE WHERE {{ ?c a <{V.Conflict}> ; ?p ?o }}",
])


def _evidence(store: ox.Store, graph: Graph, leave_out: Iterable[ox.NamedNode] = ()) -> None:
    names = ", ".join(str(n) for n in leave_out)
    query = _EVIDENCE % (f"FILTER (?g NOT IN ({names}))" if names else "")
    for t in store.query(query):
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))


def evidence_query() -> str:
    """A CONSTRUCT of what the timeline is reconciled from, out of every article graph of a
    store or SPARQL server: its answer is what ``from_evidence`` takes.

    >>> evidence_query().lstrip().startswith("CONSTRUCT")
    True
    """
    return _EVIDENCE % ""


def from_evidence(graph: Graph) -> list[ox.Quad]:
    """The timeline reconciled from the roles in ``graph`` (what ``evidence_query`` gives), as
    default-graph quads.

    >>> from_evidence(Graph())
    []
    """
    result = timeline.reconcile(timeline.read_evidence(graph))
    return [ox.Quad(*map(to_oxigraph, t)) for t in timeline.timeline_triples(result)]


def from_quads(store: ox.Store, new: list[ox.Quad], replaced: Iterable[ox.NamedNode]) -> list[ox.Quad]:
    """The timeline of the store once ``new`` (quads of article graphs) replaces the graphs
    ``replaced`` names: the roles of every other stored article and those of the new ones,
    reconciled, as default-graph quads.  ``store`` is read, not changed."""
    graph = Graph()
    _evidence(store, graph, replaced)
    if new:
        incoming = ox.Store()
        incoming.extend(new)
        _evidence(incoming, graph)
    return from_evidence(graph)


def refresh(store: ox.Store) -> None:
    """Reconcile every stored article's roles afresh: the old timeline out, the new one in, one
    transaction (a store bulk-loaded by ``KgStore.create``, or made before kg kept tenures)."""
    quads = from_quads(store, [], [])
    lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    store.update(DROP + (f" ;\nINSERT DATA {{\n{lines}\n}}" if lines else ""))
