"""Extractions → an rdflib Graph under the ontology.  IRIs are minted here and only here.

Each fact is asserted as a plain triple, and beside it a ``kg:Assertion`` records the document,
sentence, character offsets, rule and confidence it came from.

>>> from kg.model import Document, Entity, Extraction
>>> ex = Extraction(Document("d1", "Ada spoke.", "d1.txt"))
>>> ex.entities["e1"] = Entity("e1", "Person", "Ada")
>>> g = to_graph([ex])
>>> sorted(str(o) for o in g.objects(None, RDFS.label))
['Ada', 'd1']
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS, XSD

from kg.clean import strip_control
from kg.model import DateValue, Entity, Extraction, Fact, ROOT_CLASS
from kg.vocab import V

_PLAIN = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")


def slug(text: str) -> str:
    """A readable, IRI-safe local name; a hash keeps names apart that the slug would merge.

    >>> slug("Anton Varga")
    'anton-varga'
    >>> slug('<img src=x onerror=alert(1)>').startswith('img-src-x-onerror-alert-1-')
    True
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if _PLAIN.fullmatch(text):
        return text.lower().replace(" ", "-")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60] or "x"
    return f"{base}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"


def document_iri(doc_id: str) -> URIRef:
    return V.instances[f"doc/{slug(doc_id)}"]


def entity_iri(entity: Entity, doc_id: str) -> URIRef:
    """Named things are one node across documents by class and fullest name; events belong to
    the document that reports them."""
    root = ROOT_CLASS.get(entity.cls, entity.cls).lower()
    if root == "event":
        return V.instances[f"event/{slug(doc_id)}/{slug(entity.label)}"]
    return V.instances[f"{root}/{slug(entity.label)}"]


def _object_term(fact: Fact, iris: dict[str, URIRef]):
    if isinstance(fact.object, DateValue):
        dtype = XSD.date if fact.object.is_full else XSD.gMonthDay
        return Literal(fact.object.value, datatype=dtype)
    if fact.object_is_entity:
        return iris[fact.object]
    return Literal(strip_control(fact.object))


def _assertion_iri(doc_id: str, s, p, o, fact: Fact) -> URIRef:
    key = "\x1f".join([doc_id, str(s), str(p), str(o), str(fact.provenance.start), fact.provenance.rule])
    return V.instances[f"assertion/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"]


def bind_prefixes(graph: Graph) -> Graph:
    graph.bind("kg", V.namespace)
    graph.bind("kgid", V.instances)
    for prefix, ns in (("skos", SKOS), ("prov", PROV), ("dcterms", DCTERMS), ("xsd", XSD)):
        graph.bind(prefix, ns)
    return graph


def to_graph(extractions: Iterable[Extraction], min_confidence: float = 0.0) -> Graph:
    """All extractions as one graph; facts below ``min_confidence`` are left out."""
    graph = bind_prefixes(Graph())
    for ex in extractions:
        add_extraction(graph, ex, min_confidence)
    return graph


def document_graph_iri(doc_id: str) -> URIRef:
    """The named graph holding what one document states."""
    return V.instances[f"graph/{slug(doc_id)}"]


def to_dataset(extractions: Iterable[Extraction], min_confidence: float = 0.0) -> Dataset:
    """Each document's facts in a named graph of its own, so a user can ask which articles state
    a fact; the default graph says, in PROV-O, which document each named graph came from.

    >>> from kg.model import Document, Entity, Extraction
    >>> ex = Extraction(Document("d1", "Ada spoke.", "d1.txt"))
    >>> ex.entities["e1"] = Entity("e1", "Person", "Ada")
    >>> ds = to_dataset([ex])
    >>> sorted(str(g.identifier).rsplit("/", 1)[-1] for g in ds.graphs() if len(g))
    ['d1', 'urn:x-rdflib:default']
    """
    ds = Dataset()
    bind_prefixes(ds)
    for ex in extractions:
        add_document_graph(ds, ex, min_confidence)
    return ds


def add_document_graph(ds: Dataset, ex: Extraction, min_confidence: float = 0.0) -> URIRef:
    name = document_graph_iri(ex.document.id)
    add_extraction(ds.graph(name), ex, min_confidence)
    ds.add((name, PROV.wasDerivedFrom, document_iri(ex.document.id)))
    return name


def add_extraction(graph: Graph, ex: Extraction, min_confidence: float = 0.0) -> None:
    doc = ex.document
    doc_node = document_iri(doc.id)
    graph.add((doc_node, RDF.type, V.Document))
    graph.add((doc_node, RDFS.label, Literal(strip_control(doc.id))))
    graph.add((doc_node, V.sourcePath, Literal(strip_control(doc.source))))
    if doc.title:
        graph.add((doc_node, DCTERMS.title, Literal(strip_control(doc.title))))
    if doc.date:
        graph.add((doc_node, DCTERMS.date, Literal(doc.date, datatype=XSD.date)))
    if doc.dateline:
        graph.add((doc_node, V.dateline, Literal(strip_control(doc.dateline))))

    iris: dict[str, URIRef] = {}
    for key, entity in ex.entities.items():
        node = iris[key] = entity_iri(entity, doc.id)
        graph.add((node, RDF.type, V.term(entity.cls)))
        graph.set((node, RDFS.label, Literal(strip_control(entity.label))))
        for alt in sorted(entity.alt_labels - {entity.label}):
            graph.add((node, SKOS.altLabel, Literal(strip_control(alt))))
        if entity.root_class != "Position":
            graph.add((node, V.mentionedIn, doc_node))

    for fact in ex.facts:
        prov = fact.provenance
        if prov.confidence < min_confidence:
            continue
        s, p, o = iris[fact.subject], V.term(fact.predicate), _object_term(fact, iris)
        graph.add((s, p, o))
        a = _assertion_iri(doc.id, s, p, o, fact)
        graph.add((a, RDF.type, V.Assertion))
        graph.add((a, RDF.subject, s))
        graph.add((a, RDF.predicate, p))
        graph.add((a, RDF.object, o))
        graph.add((a, V.sourceDocument, doc_node))
        graph.add((a, V.sentence, Literal(strip_control(prov.sentence))))
        graph.add((a, V.startChar, Literal(prov.start)))
        graph.add((a, V.endChar, Literal(prov.end)))
        graph.add((a, V.rule, Literal(prov.rule)))
        graph.add((a, V.confidence, Literal(Decimal(str(round(prov.confidence, 3))), datatype=XSD.decimal)))

    for i, st in enumerate(ex.statements):
        node = V.instances[f"statement/{slug(doc.id)}/{i}"]
        graph.add((node, RDF.type, V.Statement))
        graph.add((node, V.speaker, iris[st.speaker]))
        graph.add((node, V.quote, Literal(strip_control(st.quote))))
        graph.add((node, V.sourceDocument, doc_node))
        graph.add((node, V.sentence, Literal(strip_control(st.provenance.sentence))))
        graph.add((node, V.startChar, Literal(st.provenance.start)))
        graph.add((node, V.endChar, Literal(st.provenance.end)))
