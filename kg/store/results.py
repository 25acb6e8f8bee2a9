"""A query's answer (:class:`QueryResult`) and how it prints: a table, or the SPARQL 1.1 results
formats CSV, TSV and JSON; a graph answer as Turtle or JSON-LD.

>>> print(format_result(QueryResult("ASK", boolean=False)), end="")
false
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KgError
from kg.graph.prefixes import shorten
from kg.graph.terms import term_text

RESULT_FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class QueryResult:
    """A query's answer, read out of rdflib so it can be printed more than once.

    ``type`` is SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE; ``rows`` hold rdflib terms, None
    where a variable is unbound; ``graph`` is set for CONSTRUCT and DESCRIBE.

    >>> QueryResult("ASK", boolean=True).boolean
    True
    """

    type: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    namespaces: dict[str, URIRef] = field(default_factory=dict)

    def column(self, name: str) -> list[Node | None]:
        """One variable's values, row by row."""
        i = self.vars.index(name)
        return [row[i] for row in self.rows]


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The answer as text ending in one newline: ``table``, ``csv``, ``tsv`` or ``json`` (SPARQL 1.1
    results formats for the last three); a CONSTRUCT or DESCRIBE answer is a graph: Turtle for
    ``table``, JSON-LD for ``json``.

    >>> print(format_result(QueryResult("ASK", boolean=True), "json"), end="")
    {
      "head": {},
      "boolean": true
    }
    """
    if fmt not in RESULT_FORMATS:
        raise KgError(f"unknown result format {fmt!r} (use {', '.join(RESULT_FORMATS)})")
    check_format(result.type, fmt)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        text = _jsonld(result) if fmt == "json" else _turtle(result)
    elif result.type == "UPDATE":
        text = "update done"
    elif result.type == "ASK":
        if fmt == "json":
            text = json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2)
        else:
            text = "true" if result.boolean else "false"
    else:
        text = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json}[fmt](result)
    # Callers print or write this as it is; a missing or doubled final newline shows in a terminal.
    return text.rstrip("\r\n") + ("\r\n" if fmt == "csv" and result.type == "SELECT" else "\n")


def check_format(form: str, fmt: str) -> None:
    """KgError when a query of ``form`` (``query_form``) cannot be printed as ``fmt``.

    >>> check_format("CONSTRUCT", "csv")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: a CONSTRUCT answer is a graph: --format table prints it as Turtle, json as JSON-LD (csv is for SELECT)
    """
    if form in ("CONSTRUCT", "DESCRIBE") and fmt in ("csv", "tsv"):
        raise KgError(f"a {form} answer is a graph: --format table prints it as Turtle, json as JSON-LD "
                      f"({fmt} is for SELECT)")


def _answer_graph(result: QueryResult) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, ns in result.namespaces.items():
        graph.bind(prefix, ns)
    for triple in result.graph or ():
        graph.add(triple)
    return graph


def _turtle(result: QueryResult) -> str:
    return _answer_graph(result).serialize(format="turtle")


def _jsonld(result: QueryResult) -> str:
    graph = _answer_graph(result)
    terms = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    used = {p: str(ns) for p, ns in result.namespaces.items() if any(t.startswith(ns) for t in terms)}
    return graph.serialize(format="json-ld", context=used, indent=2, ensure_ascii=False)


def _width(text: str) -> int:
    # Wide (CJK) characters take two columns, combining marks none.
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _table(result: QueryResult) -> str:
    header = list(result.vars)
    body = [[shorten(v, result.namespaces) for v in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in body]
    n = len(body)
    out.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(out)


def _csv(result: QueryResult) -> str:
    # rdflib's writer: the same bytes kg's own csv.writer gave (CRLF line ends, as the SPARQL CSV
    # format asks; "_:" before a blank node; an unbound variable empty), on every curated query.
    answer = Result("SELECT")
    answer.vars = [Variable(v) for v in result.vars]
    answer.bindings = [{Variable(v): t for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
    return answer.serialize(format="csv").decode("utf-8")


# kg's own TSV: rdflib (7.6) reads the SPARQL TSV results format but has no writer for it.
def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    return term_text(term)


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines += ["\t".join(_tsv_term(v) for v in row) for row in result.rows]
    return "\n".join(lines) + "\n"


# kg's own JSON: rdflib's writer gives the same document, but on one line with "results" before
# "head" (and through orjson, spaced its own way, where that is installed); kg prints it indented,
# head first, for a reader at a terminal, and the same on every machine.
def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _json(result: QueryResult) -> str:
    bindings = [
        {var: _json_term(v) for var, v in zip(result.vars, row) if v is not None}
        for row in result.rows
    ]
    doc = {"head": {"vars": result.vars}, "results": {"bindings": bindings}}
    return json.dumps(doc, indent=2, ensure_ascii=False)
