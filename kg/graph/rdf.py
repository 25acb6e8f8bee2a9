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

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS, XSD
from rdflib.plugins.stores.memory import SimpleMemory

from kg.graph.vocab import V
from kg.model import ROOT_CLASS, DateValue, Entity, Extraction, Fact
from kg.text import inline

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


# a document's or a common name's slug is asked for again and again: made once (up to a bound)
_slug = functools.lru_cache(maxsize=1 << 16)(slug)


def document_iri(doc_id: str) -> URIRef:
    return V.instances[f"doc/{_slug(doc_id)}"]


def entity_iri(entity: Entity, doc_id: str, of: URIRef | None = None) -> URIRef:
    """Named things are one node across documents by class and fullest name (and country, for a
    body with a generic name: ``Entity.scope``); events belong to
    the document that reports them; a position is one node per title and the node ``of`` it
    belongs to (its body or place, else its holder; ``Entity.of``), or per title and document
    when it has none.

    >>> from kg.model import Entity
    >>> president = Entity("e2", "Position", "President")
    >>> str(entity_iri(president, "d1", _named_iri("person", "ada")))[len(V.instances):]
    'position/president/person/ada'
    >>> str(entity_iri(president, "d1"))[len(V.instances):]
    'position/president/doc/d1'
    >>> str(entity_iri(Entity("e3", "GovernmentBody", "Cabinet", scope="Velland"), "d1"))[len(V.instances):]
    'organization/cabinet/in/velland'
    """
    root = ROOT_CLASS.get(entity.cls, entity.cls).lower()
    if root == "event":
        return V.instances[f"event/{_slug(doc_id)}/{_slug(entity.label)}"]
    if root == "position":
        owner = str(of or document_iri(doc_id))[len(str(V.instances)):]
        return V.instances[f"position/{_slug(entity.label)}/{owner}"]
    if entity.scope:
        # a generic name ("Interior Ministry") is one node per country (``Entity.scope``)
        return V.instances[f"{root}/{_slug(entity.label)}/in/{_slug(entity.scope)}"]
    return _named_iri(root, entity.label)


@functools.lru_cache(maxsize=1 << 16)
def _named_iri(root: str, label: str) -> URIRef:
    # One object for a node named in many articles: a graph's indexes compare keys by identity
    # first, and only call rdflib's (Python) __eq__ on keys that are equal but not the same.
    return V.instances[f"{root}/{_slug(label)}"]


def _object_term(fact: Fact, iris: dict[str, URIRef]):
    if isinstance(fact.object, DateValue):
        dtype = XSD.date if fact.object.is_full else XSD.gMonthDay
        return Literal(fact.object.value, datatype=dtype)
    if fact.object_is_entity:
        return iris[fact.object]
    return Literal(inline(fact.object))


def _assertion_iri(doc_id: str, s, p, o, fact: Fact) -> URIRef:
    key = "\x1f".join([doc_id, str(s), str(p), str(o), str(fact.provenance.start), fact.provenance.rule])
    return V.instances[f"assertion/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"]


def bind_prefixes(graph: Graph) -> Graph:
    graph.bind("kg", V.namespace)
    graph.bind("kgid", V.instances)
    for prefix, ns in (("skos", SKOS), ("prov", PROV), ("dcterms", DCTERMS), ("xsd", XSD)):
        graph.bind(prefix, ns)
    return graph


class _OneGraphStore(SimpleMemory):
    """rdflib's SimpleMemory, whose answers are read out before they are handed on, as the
    default store's are: a caller may change the graph while walking them (SPARQL's DELETE
    WHERE does), where SimpleMemory's own generators would see their dictionaries change."""

    def triples(self, triple_pattern, context=None):
        return iter(list(super().triples(triple_pattern, context)))

    def __len__(self, context=None) -> int:
        """Counted from the subject index: SimpleMemory walks every triple to count them, 2 s
        for a 2,000-article graph, which ``kg build``'s summary paid.

        >>> from rdflib import Graph, URIRef
        >>> g = Graph(store=_OneGraphStore())
        >>> for o in ("urn:o1", "urn:o2", "urn:o2"):
        ...     _ = g.add((URIRef("urn:s"), URIRef("urn:p"), URIRef(o)))
        >>> len(g), len(list(g))
        (2, 2)
        """
        return sum(len(objects) for po in self._SimpleMemory__spo.values() for objects in po.values())


def to_graph(extractions: Iterable[Extraction], min_confidence: float = 0.0) -> Graph:
    """All extractions as one graph; facts below ``min_confidence`` are left out.

    The graph is kept in rdflib's SimpleMemory store: one graph needs none of the bookkeeping of
    contexts that the default store does for every triple, which made adding a triple take
    twice as long and a quarter more memory (bench/README.md); the Turtle written is the same."""
    graph = bind_prefixes(Graph(store=_OneGraphStore()))
    labels: dict[URIRef, Literal] = {}
    # Straight into the store: Graph.add checks that each term is an rdflib Node, which every
    # term ``triples`` makes is, and those checks were a third of the cost of adding a triple.
    add = graph.store.add
    for ex in extractions:
        for triple in triples(ex, min_confidence, labels):
            add(triple, graph, False)
    for node, label in labels.items():
        add((node, RDFS.label, label), graph, False)
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
    labels: dict[URIRef, Literal] = {}
    add = graph.add
    for triple in triples(ex, min_confidence, labels):
        add(triple)
    for node, label in labels.items():
        graph.set((node, RDFS.label, label))


# The ontology's terms and the literals that recur in every article (offsets, rule names,
# confidences), made once: building a term is a good part of the cost of a triple.
_term = functools.cache(V.term)
_ints: dict[int, Literal] = {}
_rules: dict[str, Literal] = {}
_confidences: dict[float, Literal] = {}


def _int(value: int) -> Literal:
    found = _ints.get(value)
    if found is None:
        found = _ints[value] = Literal(value)
    return found


def _rule(value: str) -> Literal:
    found = _rules.get(value)
    if found is None:
        found = _rules[value] = Literal(value)
    return found


@functools.lru_cache(maxsize=1 << 16)
def _name(text: str) -> Literal:
    # a name recurs across articles: one object for it, as for its node (_named_iri)
    return Literal(inline(text))


def _sentence(text: str, made: dict[str, Literal]) -> Literal:
    # a sentence recurs in the assertions of each fact read from it, within one article only:
    # kept per article (``made``), so that no store of every sentence grows with the corpus
    found = made.get(text)
    if found is None:
        found = made[text] = Literal(inline(text))
    return found


def _confidence(value: float) -> Literal:
    found = _confidences.get(value)
    if found is None:
        found = _confidences[value] = Literal(Decimal(str(round(value, 3))), datatype=XSD.decimal)
    return found


_external = functools.cache(V.external)
# a role's start or end as an OWL-Time instant: the property by the value's precision
_IN_XSD = {"date": ("time:inXSDDate", XSD.date), "gYearMonth": ("time:inXSDgYearMonth", XSD.gYearMonth),
           "gYear": ("time:inXSDgYear", XSD.gYear)}


def role_iri(doc_id: str, key: str) -> URIRef:
    """A role node belongs to the article that states it (as an event does)."""
    return V.instances[f"role/{_slug(doc_id)}/{key}"]


def _role_triples(ex: Extraction, min_confidence: float, iris: dict, add, sentences: dict) -> None:
    """Each Role as an org:Membership (kg/model.py Role; ontology/kg.ttl, roles as things)."""
    doc = ex.document
    doc_node = document_iri(doc.id)
    kept = {r.key for r in ex.roles if r.person in iris and r.position in iris
            and r.provenance is not None and r.provenance.confidence >= min_confidence}
    for r in ex.roles:
        if r.key not in kept:
            continue
        node, prov = role_iri(doc.id, r.key), r.provenance
        add((node, RDF.type, _term("Role")))
        add((node, RDF.type, _external("org:Membership")))
        add((node, _external("org:member"), iris[r.person]))
        add((node, _external("org:role"), iris[r.position]))
        if r.organization in iris:
            add((node, _external("org:organization"), iris[r.organization]))
        if r.place in iris:
            add((node, _term("rolePlace"), iris[r.place]))
        add((node, _term("roleStatus"), _rule(r.status)))
        if r.replaces in kept:
            add((node, _term("replaces"), role_iri(doc.id, r.replaces)))
        if r.start is not None or r.end is not None:
            interval = V.instances[f"role/{_slug(doc.id)}/{r.key}/during"]
            add((node, _external("org:memberDuring"), interval))
            add((interval, RDF.type, _external("time:Interval")))
            for edge, value, name in (("time:hasBeginning", r.start, "start"), ("time:hasEnd", r.end, "end")):
                if value is None:
                    continue
                instant = V.instances[f"role/{_slug(doc.id)}/{r.key}/{name}"]
                prop, dtype = _IN_XSD.get(value.kind, _IN_XSD["date"])
                add((interval, _external(edge), instant))
                add((instant, RDF.type, _external("time:Instant")))
                add((instant, _external(prop), Literal(value.value, datatype=dtype)))
        add((node, _term("sourceDocument"), doc_node))
        add((node, _term("sentence"), _sentence(prov.sentence, sentences)))
        add((node, _term("startChar"), _int(prov.start)))
        add((node, _term("endChar"), _int(prov.end)))
        add((node, _term("rule"), _rule(prov.rule)))
        add((node, _term("confidence"), _confidence(prov.confidence)))


def triples(ex: Extraction, min_confidence: float = 0.0, labels: dict | None = None) -> list[tuple]:
    """The triples one extraction states.  The entities' ``rdfs:label`` triples go into
    ``labels`` (node → label) instead when it is given: a node named in several places takes
    one label, the last given, as ``Graph.set`` would.

    >>> from kg.model import Document, Entity, Extraction
    >>> ex = Extraction(Document("d1", "Ada spoke.", "d1.txt"))
    >>> ex.entities["e1"] = Entity("e1", "Person", "Ada")
    >>> labels = {}
    >>> len(triples(ex, labels=labels)), [str(v) for v in labels.values()]
    (6, ['Ada'])
    """
    out: list[tuple] = []
    add = out.append
    doc = ex.document
    doc_node = document_iri(doc.id)
    add((doc_node, RDF.type, _term("Document")))
    add((doc_node, RDFS.label, Literal(inline(doc.id))))
    add((doc_node, _term("sourcePath"), Literal(inline(doc.source))))
    add((doc_node, _term("textDigest"), Literal(doc.digest)))
    if doc.title:
        add((doc_node, DCTERMS.title, Literal(inline(doc.title))))
    if doc.date:
        add((doc_node, DCTERMS.date, Literal(doc.date, datatype=XSD.date)))
    if doc.dateline:
        add((doc_node, _term("dateline"), Literal(inline(doc.dateline))))

    mentioned_in = _term("mentionedIn")
    iris: dict[str, URIRef] = {}
    # positions last: their IRIs take the IRI of the body or holder they belong to
    for key, entity in sorted(ex.entities.items(), key=lambda item: item[1].of is not None):
        node = iris[key] = entity_iri(entity, doc.id, iris.get(entity.of))
        add((node, RDF.type, _term(entity.cls)))
        label = _name(entity.label)
        if labels is None:
            add((node, RDFS.label, label))
        else:
            labels[node] = label
        for alt in sorted(entity.alt_labels - {entity.label}):
            add((node, SKOS.altLabel, _name(alt)))
        if entity.root_class != "Position":
            add((node, mentioned_in, doc_node))

    assertion, source, sentence = _term("Assertion"), _term("sourceDocument"), _term("sentence")
    sentences: dict[str, Literal] = {}
    start_char, end_char, rule, confidence = _term("startChar"), _term("endChar"), _term("rule"), _term("confidence")
    for fact in ex.facts:
        prov = fact.provenance
        if prov.confidence < min_confidence:
            continue
        s, p, o = iris[fact.subject], _term(fact.predicate), _object_term(fact, iris)
        a = _assertion_iri(doc.id, s, p, o, fact)
        add((s, p, o))
        add((a, RDF.type, assertion))
        add((a, RDF.subject, s))
        add((a, RDF.predicate, p))
        add((a, RDF.object, o))
        add((a, source, doc_node))
        add((a, sentence, _sentence(prov.sentence, sentences)))
        add((a, start_char, _int(prov.start)))
        add((a, end_char, _int(prov.end)))
        add((a, rule, _rule(prov.rule)))
        add((a, confidence, _confidence(prov.confidence)))

    if ex.roles:
        _role_triples(ex, min_confidence, iris, add, sentences)

    if ex.statements:
        statement, speaker, quote = _term("Statement"), _term("speaker"), _term("quote")
    for i, st in enumerate(ex.statements):
        node = V.instances[f"statement/{_slug(doc.id)}/{i}"]
        add((node, RDF.type, statement))
        add((node, speaker, iris[st.speaker]))
        add((node, quote, Literal(inline(st.quote))))
        add((node, source, doc_node))
        add((node, sentence, _sentence(st.provenance.sentence, sentences)))
        add((node, start_char, _int(st.provenance.start)))
        add((node, end_char, _int(st.provenance.end)))
    return out
