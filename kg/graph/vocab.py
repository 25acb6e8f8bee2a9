"""The ontology's terms, read from ``ontology/kg.ttl``: the only place code gets IRIs from.

>>> from kg.graph.vocab import V
>>> str(V.heads).endswith("#heads")
True
>>> V.noSuchTerm
Traceback (most recent call last):
...
AttributeError: kg ontology declares no term 'noSuchTerm'
"""
from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from rdflib import OWL, RDF, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS, XSD  # noqa: F401  (re-exported)

# KG_ONTOLOGY_DIR, else the copy an installed wheel carries (kg/ontology), else the checkout's.
_HERE = Path(__file__).resolve().parent.parent  # the kg package folder
ONTOLOGY_DIR = Path(os.environ.get("KG_ONTOLOGY_DIR")
                    or next((d for d in (_HERE / "ontology", _HERE.parent / "ontology") if (d / "kg.ttl").exists()),
                            _HERE.parent / "ontology"))
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ONTOLOGY_DIR / "queries"


# The classes whose members are entities: the nodes of kg.explore.analytics' entity graph and of
# the network a store ranks (kg.store.kgstore).
ROOT_CLASSES = ("Person", "Organization", "Location", "Event", "Group", "Position")

# The contract's fact predicates.  Provenance links such as mentionedIn also join entities to
# things, but they say where a fact was read, not what the article reports.
FACT_PREDICATES = (
    "chairs", "heads", "holdsPosition", "memberOf", "worksFor", "participatesIn", "occursIn",
    "occursOn", "locatedIn", "basedIn", "subOrganizationOf", "perpetratedBy", "about",
    "livesIn", "killed",
)


class Vocabulary:
    """Attribute access to declared terms; an undeclared name is an error, not a silent IRI."""

    def __init__(self, path: Path = ONTOLOGY_FILE):
        self.path = path

    @cached_property
    def graph(self) -> Graph:
        return Graph().parse(self.path, format="turtle")

    @cached_property
    def ontology_iri(self) -> URIRef:
        return next(iter(self.graph.subjects(RDF.type, OWL.Ontology)))

    @cached_property
    def namespace(self) -> Namespace:
        return Namespace(str(self.ontology_iri) + "#")

    @cached_property
    def instances(self) -> Namespace:
        """Where entity IRIs are minted: a sibling of the ontology IRI."""
        return Namespace(str(self.ontology_iri).rsplit("/", 1)[0] + "/id/")

    @cached_property
    def terms(self) -> set[str]:
        ns = str(self.namespace)
        return {str(s)[len(ns):] for s in self.graph.subjects() if str(s).startswith(ns)}

    @cached_property
    def superclasses(self) -> dict[str, set[str]]:
        """Local name → all kg superclasses (itself included)."""
        ns = str(self.namespace)
        direct: dict[str, set[str]] = {}
        for sub, sup in self.graph.subject_objects(RDFS.subClassOf):
            if str(sub).startswith(ns) and str(sup).startswith(ns):
                direct.setdefault(str(sub)[len(ns):], set()).add(str(sup)[len(ns):])
        out = {}
        for name in self.terms:
            seen, todo = {name}, [name]
            while todo:
                for parent in direct.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            out[name] = seen
        return out

    @cached_property
    def _declared(self) -> set[URIRef]:
        return set(self.graph.subjects())

    @cached_property
    def _prefixes(self) -> dict[str, str]:
        # read once: listing the graph's prefixes on every call made reading the 2,393 roles of
        # 500 wire articles for the page take 1.14 s instead of 0.46 s
        return {prefix: str(ns) for prefix, ns in self.graph.namespaces()}

    def external(self, curie: str) -> URIRef:
        """A W3C term kg writes as it is ("org:member"), by a prefix ``kg.ttl`` binds; the term
        must be listed there too, so the ontology file stays the one place IRIs come from.

        >>> str(V.external("org:member"))
        'http://www.w3.org/ns/org#member'
        >>> V.external("org:noSuchTerm")
        Traceback (most recent call last):
        ...
        AttributeError: kg ontology lists no term 'org:noSuchTerm'
        """
        prefix, _, local = curie.partition(":")
        ns = self._prefixes.get(prefix)
        iri = URIRef(ns + local) if ns is not None else None
        if iri is None or iri not in self._declared:
            raise AttributeError(f"kg ontology lists no term {curie!r}")
        return iri

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self.terms:
            raise AttributeError(f"kg ontology declares no term {name!r}")
        return self.namespace[name]

    def term(self, name: str) -> URIRef:
        return getattr(self, name)


V = Vocabulary()
