"""RDF terms written out and carried between rdflib and Oxigraph: one line of N-Triples (and of
SPARQL) for a term, rdflib terms as pyoxigraph's and back.  The store, the shards a cluster build
writes and the HTTP bodies sent to a SPARQL server all write terms here.

>>> term_text(URIRef("urn:x"))
'<urn:x>'
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import KgError

ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_XSD_STRING = str(XSD.string)


def term_text(term: Node) -> str:
    """A term as SPARQL, Turtle and N-Triples write it, always on one line (rdflib's ``n3()``
    puts a literal holding a line break in triple quotes, over several lines, which would break
    a row of SPARQL TSV): what ``--bind`` puts in a query and TSV results print.

    >>> term_text(Literal("two\\nlines", lang="en")), term_text(URIRef("urn:x")), term_text(Literal(5))
    ('"two\\\\nlines"@en', '<urn:x>', '"5"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = '"' + "".join(ESCAPES.get(c, c) for c in str(term)) + '"'
    if isinstance(term, Literal) and term.language:
        return f"{text}@{term.language}"
    if isinstance(term, Literal) and term.datatype is not None and term.datatype != XSD.string:
        return f"{text}^^<{term.datatype}>"
    return text


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term.

    >>> to_oxigraph(Literal("Ada"))
    <Literal value=Ada datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    """
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
    except ValueError as err:  # an IRI or language tag Oxigraph finds invalid
        raise KgError(f"cannot store {term_text(term)}: {err}") from None
    raise KgError(f"cannot store {term!r}: not an RDF term")


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term; None for an unbound value or the default graph.

    >>> to_rdflib(ox.Literal("5", datatype=ox.NamedNode(str(XSD.integer)))).toPython()
    5
    """
    if term is None or isinstance(term, ox.DefaultGraph):
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # rdflib writes a plain string with no datatype; xsd:string would make it a different term
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise KgError(f"cannot show {term}: RDF-star triple terms are not supported")
