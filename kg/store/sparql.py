"""SPARQL as text: the query form, updates and calls out told apart, values bound, rdflib's
parse as the check that says where a query is wrong.

>>> query_form("ask { ?s ?p ?o }")
'ASK'
"""
from __future__ import annotations

import re

from pyparsing import ParseException
from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from kg.errors import KgError, one_line
from kg.graph.prefixes import prefixes
from kg.graph.terms import term_text

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
    values = " ".join(f"VALUES ?{name} {{ {term_text(term)} }}" for name, term in bindings.items())
    return f"{sparql[:where.end()]} {values}{sparql[where.end():]}"


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
        raise KgError(refusal(verb) if verb else rdflib_syntax_message(e)) from None
    except Exception as e:  # rdflib raises bare Exception for an undeclared prefix
        raise KgError(rdflib_error_message(e)) from None


def rdflib_error_message(e: Exception) -> str:
    """What rdflib's other refusals of a query or update say, on one line.

    >>> rdflib_error_message(Exception("Unknown namespace prefix : ex"))
    'SPARQL error: unknown prefix ex: (declare it with PREFIX)'
    """
    unknown = re.fullmatch(r"Unknown namespace prefix\s*:\s*(\S*)", str(e).strip())
    if unknown:
        return f"SPARQL error: unknown prefix {unknown.group(1)}: (declare it with PREFIX)"
    return f"SPARQL error: {one_line(e)}"


def rdflib_syntax_message(e: ParseException) -> str:
    """rdflib's parse error on one line: where, the text there, what it expected (see ``prepare``)."""
    near = e.line[e.col - 1 : e.col + 19].strip() if e.line else ""
    where = f"SPARQL syntax error at line {e.lineno}, column {e.col}"
    if near:
        where += f" near {near!r}"
    return one_line(f"{where}: {e.msg}", limit=300)
