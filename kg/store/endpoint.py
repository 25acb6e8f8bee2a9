"""A SPARQL 1.1 server over HTTP: queries answered as the embedded store answers them (a
``kg.store.results.QueryResult`` of rdflib terms), and the Graph Store Protocol calls that put,
delete and bulk-load graphs.  The standard library speaks HTTP; every failure is one KgError line
naming the URL and the cause.

The user gives one URL; the routes of each call come from it (``routes``): Oxigraph's server
(``oxigraph serve``) answers at ``query``, ``update`` and ``store`` under its base URL, Virtuoso
at ``sparql`` and ``sparql-graph-crud``.

>>> routes("http://db:7878/").store
'http://db:7878/store'
"""
from __future__ import annotations

import http.client
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import KgError, one_line
from kg.graph.prefixes import prefixes
from kg.store.engine import read_answer, syntax_message
from kg.store.results import QueryResult
from kg.store.sparql import bind, check_calls, query_form, refusal, update_verb

# The paths of each server's query, update and Graph Store Protocol routes, under its base URL.
SERVERS = {
    "oxigraph": ("query", "update", "store"),
    "virtuoso": ("sparql", "sparql", "sparql-graph-crud"),
}
# The last path segment of a query URL a user may give instead of the base URL, and whose it is.
_QUERY_ROUTES = {routes[0]: server for server, routes in SERVERS.items()}

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"
_FORM = "application/x-www-form-urlencoded"
_ERROR_AT = re.compile(r"error at (\d+):(\d+): ")
# Writes the server refuses, rather than fails: not allowed, or not allowed to this client.
_REFUSED = (401, 403, 405)


@dataclass(frozen=True)
class Routes:
    """Where one server answers queries, updates and Graph Store Protocol calls."""

    query: str
    update: str
    store: str


def routes(url: str) -> Routes:
    """The routes of the server at ``url``: its base URL (Oxigraph's routes), or its query
    route itself (``…/query`` for Oxigraph, ``…/sparql`` for Virtuoso and ``kg serve``).

    >>> routes("http://db:8890/sparql")
    Routes(query='http://db:8890/sparql', update='http://db:8890/sparql', store='http://db:8890/sparql-graph-crud')
    >>> routes("http://db:7878").query
    'http://db:7878/query'
    >>> routes("db:7878")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: db:7878 is not an http:// or https:// URL
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise KgError(f"{url} is not an http:// or https:// URL")
    head, _, last = parts.path.rpartition("/")
    server = _QUERY_ROUTES.get(last)
    base = f"{parts.scheme}://{parts.netloc}{head if server else parts.path.rstrip('/')}/"
    return Routes(*(base + path for path in SERVERS[server or "oxigraph"]))


def _prologue() -> str:
    # kg's prefixes declared on one line, so that a server's "error at LINE:COLUMN" is one line
    # below the user's own line.
    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in sorted(prefixes().items())) + "\n"


class Endpoint:
    """A SPARQL server at ``url`` (see ``routes``); ``timeout`` seconds for each call to answer.

        Endpoint("http://127.0.0.1:7878/").query("ASK { ?s ?p ?o }").boolean
    """

    def __init__(self, url: str, timeout: float = 60.0):
        self.url = url
        self.routes = routes(url)
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    # ------------------------------------------------------------ queries

    def query(self, sparql: str, bindings: dict | None = None, allow_service: bool = False) -> QueryResult:
        """A SELECT, ASK, CONSTRUCT or DESCRIBE query answered by the server, as
        ``kg.store.kgstore.KgStore.query`` answers it: kg's prefixes declared, ``bindings`` fixed
        (``kg.store.sparql.bind``), SERVICE refused unless ``allow_service``."""
        verb = update_verb(sparql)
        if verb is not None:
            raise KgError(refusal(verb))
        sparql = bind(sparql, bindings)
        check_calls(sparql, allow_service)
        form = query_form(sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return read_answer(self.triples(sparql), form, prefixes())
        answer = self._ask(sparql, RESULTS_JSON)
        try:
            found = ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON)
            if form == "ASK" and isinstance(found, ox.QuerySolutions):
                return _ask_as_select(found)
            return read_answer(found, form, prefixes())
        except (SyntaxError, ValueError) as err:
            raise KgError(f"{self.routes.query} answered with no SPARQL JSON results: {one_line(err)}") from None

    def triples(self, sparql: str) -> list[ox.Triple]:
        """A CONSTRUCT or DESCRIBE query's answer as Oxigraph's triples: what a scratch
        ``ox.Store`` takes without a detour through rdflib's terms (SERVICE refused)."""
        check_calls(sparql)
        answer = self._ask(sparql, N_TRIPLES)
        try:
            return list(ox.parse(answer, format=ox.RdfFormat.N_TRIPLES))
        except (SyntaxError, ValueError) as err:
            raise KgError(f"{self.routes.query} answered with no N-Triples: {one_line(err)}") from None

    def _ask(self, sparql: str, accept: str) -> bytes:
        body = urllib.parse.urlencode({"query": _prologue() + sparql}).encode("utf-8")
        try:
            return self._call("POST", self.routes.query, body, _FORM, accept)
        except _BadRequest as err:
            raise KgError(_query_error(err.first_line, sparql, self.routes.query)) from None

    def update(self, sparql: str) -> None:
        """A SPARQL update, run by the server (kg's prefixes declared)."""
        body = urllib.parse.urlencode({"update": _prologue() + sparql}).encode("utf-8")
        try:
            self._call("POST", self.routes.update, body, _FORM, write=True)
        except _BadRequest as err:
            raise KgError(f"{self.routes.update} refused the update: {err.first_line}") from None

    # ------------------------------------------------------------ Graph Store Protocol

    def graph_url(self, name: str) -> str:
        """The Graph Store Protocol URL of the graph ``name``."""
        return f"{self.routes.store}?{urllib.parse.urlencode({'graph': name})}"

    def put_graph(self, name: str, ntriples: str, timeout: float | None = None) -> None:
        """Replace the graph ``name`` with the N-Triples document ``ntriples``: one request the
        server applies whole (the Graph Store Protocol's PUT)."""
        self._write("PUT", self.graph_url(name), ntriples.encode("utf-8"), N_TRIPLES, timeout)

    def delete_graph(self, name: str) -> bool:
        """Drop the graph ``name``; False when the server has no such graph."""
        try:
            self._write("DELETE", self.graph_url(name), None, None)
        except _NotFound:
            return False
        return True

    def post_dataset(self, nquads: str, timeout: float | None = None) -> None:
        """Add the N-Quads document ``nquads`` to the server's dataset (Oxigraph's ``POST store``)."""
        self._write("POST", self.routes.store, nquads.encode("utf-8"), N_QUADS, timeout)

    # ------------------------------------------------------------ HTTP

    def _write(self, method: str, url: str, body: bytes | None, content_type: str | None,
               timeout: float | None = None) -> None:
        try:
            self._call(method, url, body, content_type, write=True, timeout=timeout)
        except _BadRequest as err:
            raise KgError(f"{url} refused the data: {err.first_line}") from None

    def _call(self, method: str, url: str, body: bytes | None, content_type: str | None,
              accept: str | None = None, write: bool = False, timeout: float | None = None) -> bytes:
        headers = {"Content-Type": f"{content_type}; charset=utf-8"} if content_type else {}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        seconds = timeout or self.timeout
        try:
            with urllib.request.urlopen(request, timeout=seconds) as response:
                return response.read()
        except urllib.error.HTTPError as err:
            first = _first_line(err)
            if err.code == 400:
                raise _BadRequest(first) from None
            if err.code == 404 and method == "DELETE":
                raise _NotFound(first) from None
            said = f"{err.code} {err.reason}" + (f": {first}" if first else "")
            if write and err.code in _REFUSED:
                raise KgError(f"{url} refuses writes ({said})") from None
            raise KgError(f"{url} answered {said}") from None
        except urllib.error.URLError as err:
            raise KgError(f"cannot reach {url}: {_cause(err.reason, seconds)}") from None
        except (OSError, http.client.HTTPException) as err:  # a timeout or a dropped connection mid-answer
            raise KgError(f"cannot reach {url}: {_cause(err, seconds)}") from None


def _ask_as_select(found: ox.QuerySolutions) -> QueryResult:
    """An ASK answered as a SELECT: Virtuoso 7 sends one row of ``__ASK_RETVAL``, 1 or 0, in
    JSON and XML alike (tests/servers.py, virtuoso_server)."""
    rows = [solution[0] for solution in found]
    return QueryResult("ASK", boolean=bool(rows and rows[0] is not None and rows[0].value == "1"),
                       namespaces=prefixes())


class _BadRequest(Exception):
    """A 400 answer: what was sent is wrong, and the caller knows what it sent."""

    def __init__(self, first_line: str):
        super().__init__(first_line)
        self.first_line = first_line


class _NotFound(Exception):
    """A 404 answer to a DELETE: no such graph."""


def _first_line(err: urllib.error.HTTPError) -> str:
    try:
        text = err.read(4096).decode("utf-8", errors="replace")
    except (OSError, http.client.HTTPException):
        text = ""
    finally:
        err.close()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return one_line(lines[0]) if lines else ""


def _cause(reason, seconds: float) -> str:
    """Why a request got no answer, in words.

    >>> _cause(ConnectionRefusedError(111, "Connection refused"), 60)
    'connection refused'
    >>> _cause(TimeoutError("timed out"), 2.5)
    'no answer within 2.5 s'
    """
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError):
        return f"no answer within {seconds:g} s"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    if isinstance(reason, (ConnectionResetError, http.client.RemoteDisconnected)):
        return "the server closed the connection"
    return one_line(getattr(reason, "strerror", None) or reason)


def _query_error(first_line: str, sparql: str, url: str) -> str:
    """A server's refusal of a query, as kg says it: Oxigraph's "error at LINE:COLUMN: …" counted
    in the user's lines (the prologue kg sent before them taken off)."""
    m = _ERROR_AT.match(first_line)
    if m and int(m.group(1)) > 1:
        return syntax_message(f"error at {int(m.group(1)) - 1}:{m.group(2)}: {first_line[m.end():]}", sparql)
    return f"{url} refused the query: {first_line}"
