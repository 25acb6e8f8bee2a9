"""kg's prefixes (kg:, kgid:, rdfs:, skos:, ...), declared for every query, and an IRI written
with them as ``prefix:name`` where that reads back.

>>> from kg.graph.vocab import V
>>> shorten(V.heads, prefixes())
'kg:heads'
"""
from __future__ import annotations

import re
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.vocab import V
from kg.text import visible

# A prefixed name's local part that SPARQL and Turtle read back as written (PN_LOCAL without
# backslash escapes): a table's kgid:person/ada-bell did not parse, "/" may not stand there
# unescaped, and rdflib 7.6 reads kgid:person\/ada-bell as an IRI holding the backslash.
_PN_CHARS_U = ("A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
               "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f\u2040"
_LOCAL_NAME = re.compile(
    rf"(?:[{_PN_CHARS_U}:0-9]|%[0-9A-Fa-f]{{2}})(?:(?:[{_PN_CHARS}.:]|%[0-9A-Fa-f]{{2}})*(?:[{_PN_CHARS}:]|%[0-9A-Fa-f]{{2}}))?"
)


@lru_cache(maxsize=1)
def _ontology_prefixes() -> tuple[tuple[str, URIRef], ...]:
    # A Graph binds rdflib's own list of prefixes (brick, csvw, ...) unless told not to; only the
    # ontology file's own declarations are wanted.
    g = Graph(bind_namespaces="none").parse(V.path, format="turtle")
    found = {prefix: URIRef(ns) for prefix, ns in g.namespaces() if prefix}
    found["kgid"] = URIRef(str(V.instances))
    return tuple(sorted(found.items()))


def prefixes() -> dict[str, URIRef]:
    """The prefixes every query may use without declaring them.

    >>> sorted(p for p in prefixes() if p.startswith("kg"))
    ['kg', 'kgid']
    """
    return dict(_ontology_prefixes())


def display_namespaces(graph: Graph) -> dict[str, URIRef]:
    ns = prefixes()
    taken = set(ns.values())
    for prefix, uri in graph.namespaces():
        if prefix and prefix not in ns and URIRef(uri) not in taken:
            ns[prefix] = URIRef(uri)
    return ns


def shorten(term: Node | None, namespaces: dict[str, URIRef]) -> str:
    """How a term reads in a table: a literal's text, an IRI as prefix:name where a prefix fits.

    >>> shorten(V.heads, prefixes())
    'kg:heads'
    >>> shorten(V.instances["person/ada-bell"], prefixes())
    '<https://w3id.org/kg-news/id/person/ada-bell>'
    >>> shorten(Literal("two\\nlines"), {})
    'two\\\\nlines'
    """
    if term is None:
        return ""
    if isinstance(term, Literal):
        return visible(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    text = visible(str(term))  # an IRI may hold U+202E, which reorders a row
    best = ""
    for prefix, ns in namespaces.items():
        if text.startswith(ns) and _LOCAL_NAME.fullmatch(text, len(ns)) and \
                len(ns) > len(namespaces.get(best, "")):
            best = prefix
    return f"{best}:{text[len(namespaces[best]):]}" if best else f"<{text}>"
