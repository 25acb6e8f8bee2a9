"""Check a graph against ``ontology/shapes.ttl``: one short line per thing that is wrong.

>>> from kg.model import Document, Entity, Extraction
>>> from kg.graph.rdf import to_graph
>>> ex = Extraction(Document("d1", "Ada spoke.", "d1.txt"))
>>> ex.entities["e1"] = Entity("e1", "Person", "Ada")
>>> validate(to_graph([ex])).conforms
True
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from kg.errors import KgError, one_line
from kg.graph.prefixes import prefixes, shorten
from kg.graph.vocab import SHAPES_FILE, V
from kg.store.source import load


@dataclass
class ValidationReport:
    """Whether the graph conforms, and why not: each message names the node, the property and
    the rule it breaks.

    >>> ValidationReport(True).messages
    []
    """

    conforms: bool
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if self.conforms:
            return "graph conforms to the kg shapes"
        return "\n".join([f"{len(self.messages)} violation(s):"] + self.messages)


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    try:
        return Graph().parse(SHAPES_FILE, format="turtle")
    except (OSError, SyntaxError) as e:
        raise KgError(f"cannot read shapes {SHAPES_FILE}: {one_line(e)}") from None


def validate(graph_or_path: Graph | str | Path) -> ValidationReport:
    """Validate a graph, the graph in a file (format from its suffix, as ``kg.graph.graphfile.load_graph``)
    or the union of a kg store's graphs (``kg.store.source.load``).

    >>> validate("missing.ttl")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: cannot read graph missing.ttl: no such file
    """
    source = graph_or_path if isinstance(graph_or_path, Graph) else load(graph_or_path)
    data = _normalised_copy(source)
    # No inference: sh:targetClass and sh:class already follow the ontology's rdfs:subClassOf once
    # it is mixed in, and RDFS would type every fact's object from rdfs:range, hiding the very
    # errors the class checks are there to find.
    conforms, results, _ = shacl_validate(
        data,
        shacl_graph=_shapes(),
        ont_graph=V.graph,
        inference="none",
        advanced=True,  # for the SPARQL target in shapes.ttl
        inplace=True,  # data is already our own copy
        allow_warnings=True,
    )
    messages = sorted({_message(results, r, data) for r in results.subjects(RDF.type, SH.ValidationResult)})
    return ValidationReport(bool(conforms), messages)


def _normalised_copy(source: Graph) -> Graph:
    """The triples of ``source`` (all graphs of a Dataset) in a fresh Graph, each typed literal
    rebuilt from its lexical form.

    rdflib keeps the Python value a literal was made from: ``Literal(0.9, datatype=XSD.decimal)``
    holds a float, which pyshacl's sh:datatype xsd:decimal rejects, though the same graph written to
    a file and read back conforms.  Validating the lexical forms checks what a file would hold.
    """
    out = Graph()
    triples = source.quads() if isinstance(source, Dataset) else ((s, p, o, None) for s, p, o in source)
    for s, p, o, _ in triples:
        if isinstance(o, Literal) and o.datatype is not None:
            o = Literal(str(o), datatype=o.datatype)
        out.add((s, p, o))
    for prefix, ns in source.namespaces():
        out.bind(prefix, ns, override=False)
    return out


def _message(results: Graph, result: Node, data: Graph) -> str:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    component = results.value(result, SH.sourceConstraintComponent)
    text = results.value(result, SH.resultMessage) or shorten(component, {"sh": URIRef(str(SH))})
    ns = prefixes()
    parts = [_describe(focus, data)]
    if isinstance(path, URIRef):
        parts.append(shorten(path, ns))
    line = ": ".join(parts) + f": {one_line(str(text))}"
    if value is not None and value != focus:
        line += f" (got {_term(value, data)})"
    elif component == SH.MaxCountConstraintComponent and isinstance(path, URIRef):
        line += " (got " + ", ".join(sorted(_term(v, data) for v in data.objects(focus, path))) + ")"
    severity = results.value(result, SH.resultSeverity)
    if severity is not None and severity != SH.Violation:
        line = f"[{shorten(severity, {'sh': URIRef(str(SH))})}] " + line
    return line


def _describe(node: Node | None, data: Graph) -> str:
    """A node as a reader knows it: its label, or for an assertion the fact it records."""
    ns = prefixes()
    if node is None:
        return "(nothing)"
    labels = sorted(str(label) for label in data.objects(node, RDFS.label))
    if labels:
        return one_line(labels[0], 60)
    if (node, RDF.type, V.Assertion) in data:
        s, p, o = (data.value(node, t) for t in (RDF.subject, RDF.predicate, RDF.object))
        fact = " ".join(_term(t, data) if t is not None else "?" for t in (s, p, o))
        return f"assertion {shorten(node, ns)} [{fact}]"
    return shorten(node, ns)


def _term(node: Node, data: Graph) -> str:
    return _literal(node) if isinstance(node, Literal) else _describe(node, data)


def _literal(value: Literal) -> str:
    text = f'"{one_line(str(value), 60)}"'
    if value.datatype is not None:
        text += f"^^{shorten(value.datatype, prefixes())}"
    elif value.language:
        text += f"@{value.language}"
    return text
