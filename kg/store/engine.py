"""The engine: Oxigraph (pyoxigraph) answering SPARQL with rdflib terms, for a store on disk or an
in-memory copy of a graph file; rdflib terms to Oxigraph's and back; Oxigraph's syntax errors
said in one line.

>>> answer(in_memory(Graph()), "ASK { ?s ?p ?o }").boolean
False
"""
from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import KgError, one_line
from kg.graph.prefixes import prefixes
from kg.graph.terms import to_oxigraph, to_rdflib  # noqa: F401  (the store's callers import them from here)
from kg.store.results import QueryResult
from kg.store.sparql import bind, check_calls, query_form, refusal, update_verb


def answer(store: ox.Store, sparql: str, bindings: dict | None = None, namespaces: dict | None = None,
           allow_service: bool = False):
    """``sparql`` (not an update) answered by Oxigraph over ``store``, as a ``kg.store.results.QueryResult``
    of rdflib terms; ``namespaces`` shorten IRIs when it is printed (default: kg's prefixes).
    SERVICE only with ``allow_service`` (``kg.store.sparql.check_calls``).

    >>> answer(ox.Store(), "ASK { ?s ?p ?o }").boolean
    False
    """
    ns = prefixes()
    shown = namespaces or ns
    verb = update_verb(sparql)
    if verb is not None:  # Oxigraph would read an update as a malformed query
        raise KgError(refusal(verb))
    sparql = bind(sparql, bindings)
    check_calls(sparql, allow_service)
    try:
        found = store.query(sparql, prefixes={k: str(v) for k, v in ns.items()})
    except SyntaxError as err:
        raise KgError(syntax_message(str(err), sparql)) from None
    except OSError as err:
        raise KgError(f"SPARQL query failed: {one_line(err)}") from None
    try:
        return read_answer(found, query_form(sparql), shown)
    except OSError as err:  # evaluation errors surface while the answer is read
        failed = f"SPARQL query failed: {one_line(err)}"
    # Raised here, with no reference to the answer left: pyoxigraph's answer belongs to the thread
    # that made it (kg.store.query.within's), and one dropped in another thread, with a traceback that
    # held it, printed a second line, a RuntimeError from Rust, after kg's own.
    del found
    raise KgError(failed)


def read_answer(found, form: str, shown: dict) -> QueryResult:
    """Oxigraph's answer (a boolean, solutions, or triples) read out in full as a QueryResult of
    rdflib terms: the embedded store's and a SPARQL server's answers alike (``form`` tells a
    DESCRIBE's triples from a CONSTRUCT's; ``shown`` are the namespaces printing shortens).

    >>> read_answer(ox.Store().query("ASK {}"), "ASK", {}).boolean
    True
    """
    cache: dict = {}

    def term(t):
        if t is None:
            return None
        known = cache.get(t)
        if known is None:
            known = cache[t] = to_rdflib(t)
        return known

    if isinstance(found, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(found), namespaces=shown)
    if isinstance(found, ox.QuerySolutions):
        names = [v.value for v in found.variables]
        width = range(len(names))
        rows = [tuple(term(sol[i]) for i in width) for sol in found]
        return QueryResult("SELECT", vars=names, rows=rows, namespaces=shown)
    graph = Graph(bind_namespaces="none")
    for t in found:
        graph.add((term(t.subject), term(t.predicate), term(t.object)))
    kind = "DESCRIBE" if form == "DESCRIBE" else "CONSTRUCT"
    return QueryResult(kind, graph=graph, namespaces=shown)


def in_memory(graph: Graph) -> ox.Store:
    """An in-memory Oxigraph copy of an rdflib graph, for querying a graph file at Oxigraph's
    speed: the curated queries' nested subqueries take rdflib minutes on a 400-article graph.
    A Dataset's named graphs are kept, and their union is also the default graph, as rdflib
    answers over a .trig file.

    >>> len(in_memory(Graph().parse(data="<urn:a> <urn:b> <urn:c> .", format="nt")))
    1
    """
    store = ox.Store()
    quads = []
    if isinstance(graph, Dataset):
        for s, p, o, g in graph.quads((None, None, None, None)):
            t = (to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
            quads.append(ox.Quad(*t))
            if isinstance(g, URIRef) and g != DATASET_DEFAULT_GRAPH_ID:
                quads.append(ox.Quad(*t, ox.NamedNode(str(g))))
    else:
        quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph]
    store.bulk_extend(quads)
    return store


_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
# Oxigraph lists the characters it would have taken as Rust ranges, a dozen lines of
# ['A' ..= 'Z' | '\u{00C0}'..='\u{00D6}' | ...] for where a name could start: kg keeps the words.
_CHAR_CLASS = re.compile(r"\[(?:'(?:\\.|[^'\\])*'|[^\]'])*\]")


def _expected(reason: str) -> str:
    r"""Oxigraph's "expected one of ..." without its character classes.

    >>> _expected("expected one of '(', 'a', ['A' ..= 'Z' | '\\u{00C0}'..='\\u{00D6}'], ['_']")
    "expected one of '(', 'a'"
    >>> _expected("expected one of [_]")
    'unexpected text'
    """
    head, sep, rest = reason.partition("expected one of ")
    if not sep or not _CHAR_CLASS.search(rest):
        return reason
    words = [w.strip() for w in _CHAR_CLASS.sub(",", rest).split(",") if w.strip()]
    return f"{head}expected one of {', '.join(words)}" if words else f"{head}unexpected text"


def syntax_message(message: str, sparql: str) -> str:
    """Oxigraph's "error at 1:25: expected ..." as kg says it.  Oxigraph's parser reports the
    furthest point it reached, so the text shown is what comes before that point.

    >>> syntax_message("error at 1:19: expected one of [_]", "SELECT * { ?s ?p }")
    "SPARQL syntax error at line 1, column 19 after 'SELECT * { ?s ?p }': unexpected text"
    """
    m = _ERROR_AT.match(message)
    if not m:
        return one_line(f"SPARQL syntax error: {message}", limit=300)
    line, col = int(m.group(1)), int(m.group(2))
    lines = sparql.splitlines()
    before = lines[line - 1][max(0, col - 21): col - 1] if 0 < line <= len(lines) else ""
    if "Prefix not found" in m.group(3):
        unknown = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", before)
        if unknown:
            return f"SPARQL error: unknown prefix {unknown.group(1) or ''}: (declare it with PREFIX)"
    where = f"SPARQL syntax error at line {line}, column {col}"
    if before.strip():
        where += f" after {before.strip()!r}"
    return one_line(f"{where}: {_expected(m.group(3))}", limit=300)
