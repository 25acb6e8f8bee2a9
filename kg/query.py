"""Read a graph file, run SPARQL over it, print the answer as a table, CSV, TSV or JSON.

The ontology's prefixes (kg:, kgid:, rdfs:, skos:, ...) are declared for every query, and the
curated questions in ``ontology/queries/`` are plain ``.rq`` files any SPARQL tool can run.

>>> from kg.model import Document, Entity, Extraction
>>> from kg.rdf import to_graph
>>> ex = Extraction(Document("d1", "Ada spoke.", "d1.txt"))
>>> ex.entities["e1"] = Entity("e1", "Person", "Ada")
>>> result = run(to_graph([ex]), "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name }")
>>> print(format_result(result, "table"), end="")
name
----
Ada
(1 row)
"""
from __future__ import annotations

import csv
import io
import json
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pyparsing import ParseException
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.processor import prepareUpdate
from rdflib.term import Node

from kg.errors import KgError, one_line
from kg.text import visible
from kg.vocab import QUERIES_DIR, V

# Suffix → rdflib parser; the quad formats load into a Dataset.
GRAPH_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
}
_QUAD_FORMATS = {"trig", "nquads"}

RESULT_FORMATS = ("table", "csv", "tsv", "json")

# What may stand before the query form: whitespace, comments, PREFIX and BASE declarations.
PROLOGUE = re.compile(
    r"(?:\s+|#[^\n]*(?:\n|$)|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE
)
_UPDATE_VERB = re.compile(
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# What in a query is not code, as SPARQL's grammar reads it: strings (the long forms first), IRIs,
# a backslash escape in a prefixed name (``ex:a\#b`` is a name, not a comment), comments.
_NOT_CODE = re.compile(
    r'"""(?:(?:"|"")?(?:[^"\\]|\\[tbnrf\\"\']))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\[tbnrf\\\"']))*'''"
    r'|"(?:[^"\\\n\r]|\\[tbnrf\\"\'])*"'
    r"|'(?:[^'\\\n\r]|\\[tbnrf\\\"'])*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|\\."
    r"|#[^\n\r]*"
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_QUERY_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\uffff]+)")
# A prefixed name's local part that SPARQL and Turtle read back as written (PN_LOCAL without
# backslash escapes): a table's kgid:person/ada-bell did not parse, "/" may not stand there
# unescaped, and rdflib 7.6 reads kgid:person\/ada-bell as an IRI holding the backslash.
_PN_CHARS_U = ("A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
               "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f\u2040"
_LOCAL_NAME = re.compile(
    rf"(?:[{_PN_CHARS_U}:0-9]|%[0-9A-Fa-f]{{2}})(?:(?:[{_PN_CHARS}.:]|%[0-9A-Fa-f]{{2}})*(?:[{_PN_CHARS}:]|%[0-9A-Fa-f]{{2}}))?"
)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


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


# ---------------------------------------------------------------- reading graphs


def load_graph(path: str | Path) -> Graph:
    """The graph in ``path``, its format chosen by the suffix; .trig and .nq give a Dataset
    whose default graph is the union of its named graphs.

    >>> load_graph("missing.ttl")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: cannot read graph missing.ttl: no such file
    """
    path = Path(path)
    fmt = GRAPH_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(GRAPH_FORMATS)
        raise KgError(f"cannot read graph {path}: unknown suffix {path.suffix!r} (use one of {known})")
    if not path.exists():
        raise KgError(f"cannot read graph {path}: no such file")
    if path.is_dir():
        raise KgError(f"cannot read graph {path}: it is a directory")
    graph: Graph = Dataset(default_union=True) if fmt in _QUAD_FORMATS else Graph()
    try:
        with path.open("rb") as f:
            graph.parse(file=f, format=fmt)
    except Exception as e:  # rdflib's parsers raise anything from SAXParseException to UnicodeDecodeError
        raise KgError(f"cannot read graph {path}: {_parse_reason(e, fmt)}") from None
    return graph


# rdflib reads Turtle and TriG with its Notation3 parser, whose messages can speak of N3:
# "this is not rdf" in a .ttl file gave "Keyword 'this' was ancient N3. Now use @forSome ...".
_N3_SPEAK = re.compile(r"N3|@for(?:All|Some)|obsolete|Turtle mode|formula|keywords", re.IGNORECASE)


def _parse_reason(e: Exception, fmt: str = "turtle") -> str:
    """Why a graph file did not parse, on one line, in the words of its format.

    >>> from rdflib.plugins.parsers.notation3 import BadSyntax
    >>> _parse_reason(BadSyntax("", 0, "this is not rdf", 0, "Keyword 'this' was ancient N3."))
    'line 1: not Turtle (is it an RDF file?)'
    """
    why = getattr(e, "_why", None)
    if why is not None and hasattr(e, "lines"):  # notation3's BadSyntax: its str() quotes raw bytes
        if _N3_SPEAK.search(why):
            why = f"not {'TriG' if fmt == 'trig' else 'Turtle'} (is it an RDF file?)"
        return f"line {e.lines + 1}: {why}"
    if isinstance(e, UnicodeDecodeError):
        return "not UTF-8 text"
    return one_line(f"{type(e).__name__}: {e}" if not str(e) else str(e))


# ---------------------------------------------------------------- running queries


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


def query_form(sparql: str) -> str:
    """The first word after the prologue (comments, PREFIX, BASE), upper-cased: SELECT, ASK,
    CONSTRUCT, DESCRIBE, or an update's verb.

    >>> query_form("# who?\\nPREFIX ex: <urn:ex#>\\ndescribe ex:a")
    'DESCRIBE'
    """
    word = re.match(r"[A-Za-z]*", sparql[PROLOGUE.match(sparql).end():])
    return word.group(0).upper()


def update_verb(sparql: str) -> str | None:
    """The verb when ``sparql`` is a SPARQL update (INSERT, DELETE, CLEAR, ...), else None.

    >>> update_verb("PREFIX ex: <urn:ex#>\\ndelete where { ?s ?p ?o }"), update_verb("ASK {}")
    ('DELETE', None)
    """
    verb = _UPDATE_VERB.match(sparql, PROLOGUE.match(sparql).end())
    return verb.group(1).upper() if verb else None


def refusal(verb: str) -> str:
    """What kg says when a read-only run is handed an update."""
    return f"SPARQL update ({verb}) refused: only SELECT, ASK, CONSTRUCT and DESCRIBE queries are run"


def code(sparql: str) -> str:
    """``sparql`` with its strings, IRIs and comments blanked out: what is left holds the
    keywords and variables, so a word found there is one the engine reads as such.

    >>> code('SELECT ?s { ?s rdfs:label "SERVICE" } # SERVICE')
    'SELECT ?s { ?s rdfs:label   }  '
    """
    return _NOT_CODE.sub(lambda m: "_" if m.group(0).startswith("\\") else " ", sparql)


def _has_keyword(sparql: str, word: str) -> bool:
    # Not a part of a name (ex:service, ?service, service:x, a-service, "..."@service).  SPARQL 1.1
    # lets \u escapes stand anywhere in a query (rdflib reads them, Oxigraph 0.5 does not): a
    # keyword counts if either reading has it.
    pattern = re.compile(rf"(?<![\w:?$@\\-]){word}(?![\w:-])", re.IGNORECASE)
    unescaped = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    return any(pattern.search(code(text)) for text in {sparql, unescaped})


def calls_out(sparql: str) -> str | None:
    """The keyword that would make the engine fetch a URL the query names: SERVICE (a query sent
    to another endpoint) or LOAD (an update reading a document), else None.

    >>> calls_out("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    'SERVICE'
    >>> calls_out("SELECT ?service { ?service a kg:Service ; rdfs:comment 'no SERVICE' }") is None
    True
    """
    for word in ("SERVICE", "LOAD"):
        if _has_keyword(sparql, word):
            return word
    return None


def check_calls(sparql: str, allow: bool = False) -> None:
    """KgError unless ``allow`` when ``sparql`` would make kg fetch a URL it names: any query or
    web page that reaches kg could otherwise make it call machines behind it."""
    word = None if allow else calls_out(sparql)
    if word is not None:
        raise KgError(f"SPARQL {word} refused: kg does not fetch the URLs a query names "
                      f"unless started with --allow-service")


def variables(sparql: str) -> list[str]:
    """The variables a query names, in order of first use.

    >>> variables('SELECT ?name WHERE { ?p rdfs:label ?name ; kg:note "?x" }')
    ['name', 'p']
    """
    return list(dict.fromkeys(_QUERY_VARIABLE.findall(code(sparql))))


def parse_binding(text: str) -> tuple[str, Node]:
    """``NAME=VALUE`` from the command line: VALUE in angle brackets is an IRI, anything else a
    plain string.

    >>> parse_binding('person=Marta Kovac')
    ('person', rdflib.term.Literal('Marta Kovac'))
    >>> parse_binding("x=<urn:ex#a>")[1]
    rdflib.term.URIRef('urn:ex#a')
    """
    name, eq, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not eq or not _VARIABLE.fullmatch(name):
        raise KgError(f"--bind takes NAME=VALUE (a variable name, then its value), not {text!r}")
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        iri = value[1:-1]
        if any(c in iri for c in '<>"{}|^`\\ ') or any(ord(c) < 0x21 for c in iri):
            raise KgError(f"--bind {name}: {value} is not an IRI")
        return name, URIRef(iri)
    return name, Literal(value)


def bind(sparql: str, bindings: dict[str, Node] | None) -> str:
    """``sparql`` with each variable fixed to a value: ``VALUES ?name { value }`` at the head of
    its first WHERE clause, where the engine joins it first.  A query that counts in a subquery
    and names the results outside it (the curated questions about one person) writes its outer
    clause without the WHERE keyword, so the value reaches the subquery: SPARQL evaluates a
    subquery on its own, and no engine here would carry a value into one.  Text, not rdflib's
    initBindings or Oxigraph's substitutions, so both engines answer the same query the same way
    (Oxigraph's substitution also left its join order as if the variable were free: 4x slower on
    a large store).

    >>> print(bind("SELECT ?n WHERE { ?p rdfs:label ?n }", {"n": Literal('Ada "A" Bell')}))
    SELECT ?n WHERE { VALUES ?n { "Ada \\"A\\" Bell" } ?p rdfs:label ?n }
    """
    if not bindings:
        return sparql
    if update_verb(sparql) is not None:
        raise KgError("--bind works on queries, not updates")
    named = variables(sparql)
    for name in bindings:
        if name not in named:  # a VALUES for it would add a column, or change nothing, silently
            have = ", ".join(f"?{v}" for v in named) or "none"
            raise KgError(f"--bind {name}: the query has no variable ?{name} (its variables: {have})")
    start = PROLOGUE.match(sparql).end()
    # a CONSTRUCT template comes before WHERE; "SELECT * { ... }" has no WHERE keyword
    where = _WHERE.search(sparql, start) or re.compile(r"\{").search(sparql, start)
    if where is None:
        raise KgError("--bind: the query has no WHERE clause to bind in")
    values = " ".join(f"VALUES ?{name} {{ {_sparql_term(term)} }}" for name, term in bindings.items())
    return f"{sparql[:where.end()]} {values}{sparql[where.end():]}"


def _sparql_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    text = '"' + "".join(_ESCAPES.get(c, c) for c in str(term)) + '"'
    if isinstance(term, Literal) and term.language:
        return f"{text}@{term.language}"
    if isinstance(term, Literal) and term.datatype is not None and term.datatype != XSD.string:
        return f"{text}^^<{term.datatype}>"
    return text


def prepare(sparql: str):
    """``sparql`` parsed by rdflib with kg's prefixes, or a one-line KgError saying where it is
    wrong (an update is refused).

    >>> prepare("SELECT ?s WHERE { ?s ?p }")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: SPARQL syntax error at line 1, column 19 near '?s ?p }': Expected SelectQuery
    """
    try:
        return prepareQuery(sparql, initNs=prefixes())
    except ParseException as e:
        # A regex over the prologue, not a second parse, tells an update from a broken query:
        # rdflib's update grammar reports every error at line 1, column 1.
        verb = update_verb(sparql)
        raise KgError(refusal(verb) if verb else _syntax_message(e)) from None
    except Exception as e:  # rdflib raises bare Exception for an undeclared prefix
        raise KgError(_prepare_message(e)) from None


def run(graph: Graph, sparql: str, allow_update: bool = False, bindings: dict[str, Node] | None = None,
        allow_service: bool = False) -> QueryResult:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; updates only with ``allow_update``.
    rdflib checks the query (its messages say where a mistake is) and an in-memory Oxigraph copy
    of the graph answers it: the curated queries' nested subqueries took rdflib minutes on a
    400-article graph, the copy seconds.  ``bindings`` as ``kg query --bind`` (see ``bind``);
    SERVICE and LOAD only with ``allow_service`` (see ``check_calls``).

    >>> run(Graph(), "ASK { ?s ?p ?o }").boolean
    False
    >>> run(Graph(), "CLEAR ALL")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: SPARQL update (CLEAR) refused: only SELECT, ASK, CONSTRUCT and DESCRIBE queries are run
    """
    sparql = bind(sparql, bindings)
    if allow_update and update_verb(sparql) is not None:
        check_calls(sparql, allow_service)
        return _update(graph, sparql, prefixes(), allow_service)
    prepare(sparql)  # refuses an update, says where a broken query is wrong
    from kg import store  # the store's engine; imported here because kg.store builds on this module

    return store.answer(store.in_memory(graph), sparql, None, display_namespaces(graph), allow_service)


def _update(graph: Graph, sparql: str, ns: dict[str, URIRef], allow_service: bool = False) -> QueryResult:
    try:
        prepared = prepareUpdate(sparql, initNs=ns)
    except ParseException as e:
        raise KgError(_syntax_message(e)) from None
    except Exception as e:
        raise KgError(_prepare_message(e)) from None
    import rdflib.plugins.sparql as rdflib_sparql

    # rdflib fetches the graphs an update's USING names, from the web or a file:// path, unless
    # this switch of its own is off; LOAD and SERVICE are refused before (check_calls).
    loading = rdflib_sparql.SPARQL_LOAD_GRAPHS
    rdflib_sparql.SPARQL_LOAD_GRAPHS = allow_service
    try:
        graph.update(prepared)
    except Exception as e:
        raise KgError(f"SPARQL update failed: {one_line(e)}") from None
    finally:
        rdflib_sparql.SPARQL_LOAD_GRAPHS = loading
    return QueryResult("UPDATE", namespaces=display_namespaces(graph))


def _prepare_message(e: Exception) -> str:
    unknown = re.fullmatch(r"Unknown namespace prefix\s*:\s*(\S*)", str(e).strip())
    if unknown:
        return f"SPARQL error: unknown prefix {unknown.group(1)}: (declare it with PREFIX)"
    return f"SPARQL error: {one_line(e)}"


def _syntax_message(e: ParseException) -> str:
    near = e.line[e.col - 1 : e.col + 19].strip() if e.line else ""
    where = f"SPARQL syntax error at line {e.lineno}, column {e.col}"
    if near:
        where += f" near {near!r}"
    return one_line(f"{where}: {e.msg}", limit=300)


def display_namespaces(graph: Graph) -> dict[str, URIRef]:
    ns = prefixes()
    taken = set(ns.values())
    for prefix, uri in graph.namespaces():
        if prefix and prefix not in ns and URIRef(uri) not in taken:
            ns[prefix] = URIRef(uri)
    return ns


# ---------------------------------------------------------------- curated queries


def curated_queries() -> dict[str, Path]:
    """The curated questions shipped in ``ontology/queries``, by name.

    >>> "who-heads-what" in curated_queries()
    True
    """
    return {p.stem: p for p in sorted(QUERIES_DIR.glob("*.rq"))}


def question(sparql: str) -> str:
    """The question a query answers: the first line of its leading ``#`` comment.

    >>> question("# Who heads what?\\n# One row per person.\\nSELECT * {}")
    'Who heads what?'
    """
    first = sparql.lstrip().splitlines()[0] if sparql.strip() else ""
    return first.lstrip("#").strip() if first.startswith("#") else ""


# ---------------------------------------------------------------- printing answers


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


def _plain(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _csv(result: QueryResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)  # CRLF line ends, as the SPARQL CSV format asks
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow([_plain(v) for v in row])
    return buf.getvalue()


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        return f"<{term}>"
    text = '"' + "".join(_ESCAPES.get(c, c) for c in str(term)) + '"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype and term.datatype != XSD.string:
        return f"{text}^^<{term.datatype}>"
    return text


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines += ["\t".join(_tsv_term(v) for v in row) for row in result.rows]
    return "\n".join(lines) + "\n"


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


def within(seconds: float | None, work, *args):
    """``work(*args)``, or KgError when it takes longer than ``seconds`` (None or 0: no limit).
    The work runs in a daemon thread, so a query that never ends cannot keep kg alive.

    >>> within(5, sum, [1, 2])
    3
    >>> import time
    >>> within(0.05, time.sleep, 1)
    Traceback (most recent call last):
    ...
    kg.errors.KgError: the query did not finish within 0.05 s (raise --timeout, or 0 for no limit)
    """
    if not seconds:
        return work(*args)
    box: dict = {}

    def target():
        try:
            box["value"] = work(*args)
        except BaseException as err:  # handed to the caller's thread below
            box["error"] = err

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(min(seconds, threading.TIMEOUT_MAX))  # 1e300 s is no limit, not an OverflowError
    if worker.is_alive():
        raise KgError(f"the query did not finish within {seconds:g} s (raise --timeout, or 0 for no limit)")
    if "error" in box:
        raise box["error"]
    return box["value"]


def save_graph(graph: Graph, path: str | Path) -> Path:
    """Write a graph back in the format its suffix names, by replacement (kg.files)."""
    from kg.files import replacing

    path = Path(path)
    with replacing(path) as tmp:
        # rdflib's N-Triples writer warned on stderr, after kg's own line, when no encoding was given
        graph.serialize(tmp, format=GRAPH_FORMATS[path.suffix.lower()], encoding="utf-8")
    return path
