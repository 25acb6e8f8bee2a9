"""SPARQL over an rdflib graph: checked by rdflib, answered by an in-memory Oxigraph copy
(``kg.store.engine``), within a time limit; updates in rdflib; the curated questions.

The ontology's prefixes (kg:, kgid:, rdfs:, skos:, ...) are declared for every query, and the
curated questions in ``ontology/queries/`` are plain ``.rq`` files any SPARQL tool can run.

>>> from kg.model import Document, Entity, Extraction
>>> from kg.graph.rdf import to_graph
>>> from kg.store.results import format_result
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

import threading
from pathlib import Path

from pyparsing import ParseException
from rdflib import Graph, URIRef
from rdflib.plugins.sparql.processor import prepareUpdate
from rdflib.term import Node

from kg.errors import KgError, one_line
from kg.graph.prefixes import display_namespaces, prefixes
from kg.graph.vocab import PROV, QUERIES_DIR
from kg.store import engine
from kg.store.endpoint import Endpoint
from kg.store.folder import names_endpoint
from kg.store.results import QueryResult
from kg.store.sparql import bind, check_calls, prepare, rdflib_error_message, rdflib_syntax_message, update_verb


def run(graph: Graph | str, sparql: str, allow_update: bool = False, bindings: dict[str, Node] | None = None,
        allow_service: bool = False, timeout: float | None = None) -> QueryResult:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; updates only with ``allow_update``.
    rdflib checks the query (its messages say where a mistake is) and an in-memory Oxigraph copy
    of the graph answers it: the curated queries' nested subqueries took rdflib minutes on a
    400-article graph, the copy seconds.  ``bindings`` as ``kg query --bind`` (see ``bind``);
    SERVICE and LOAD only with ``allow_service`` (see ``check_calls``).

    ``graph`` may instead be a SPARQL server's URL (``kg.store.endpoint.routes``): the server
    answers, with the same prefixes, bindings and refusals, in the same QueryResult; ``timeout``
    seconds for it to answer (None: ``Endpoint``'s default; 0: no limit).  A server changes only through ``kg
    load``, ``add`` and ``remove``, so no update is sent to it.

        run("http://127.0.0.1:7878/", "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name }")

    >>> run(Graph(), "ASK { ?s ?p ?o }").boolean
    False
    >>> run(Graph(), "CLEAR ALL")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: SPARQL update (CLEAR) refused: only SELECT, ASK, CONSTRUCT and DESCRIBE queries are run
    """
    if isinstance(graph, str):
        return _remote(graph, sparql, allow_update, bindings, allow_service, timeout)
    sparql = bind(sparql, bindings)
    if allow_update and update_verb(sparql) is not None:
        check_calls(sparql, allow_service)
        return _update(graph, sparql, prefixes(), allow_service)
    prepare(sparql)  # refuses an update, says where a broken query is wrong
    return engine.answer(engine.in_memory(graph), sparql, None, display_namespaces(graph), allow_service)


def _remote(url: str, sparql: str, allow_update: bool, bindings: dict[str, Node] | None, allow_service: bool,
            timeout: float | None) -> QueryResult:
    if not names_endpoint(url):
        raise KgError(f"{url} is not a graph: give an rdflib Graph or a SPARQL server's http:// or https:// URL")
    if allow_update and update_verb(sparql) is not None:
        raise KgError(REMOTE_UPDATE)
    return _endpoint(url, timeout).query(sparql, bindings, allow_service)


def _endpoint(url: str, timeout: float | None) -> Endpoint:
    """The server at ``url``, ``timeout`` seconds to answer (None: Endpoint's default; 0: no limit)."""
    return Endpoint(url) if timeout is None else Endpoint(url, timeout=timeout or None)


def hidden_articles(url: str, timeout: float | None = None) -> str | None:
    """Why a server's empty answer may be wrong, or None: it holds article graphs (each says it
    was derived from its document) that a query without GRAPH does not see, because its default
    graph holds no copy of them (kg load and kg add --endpoint write one) and is not their union.

        hidden_articles("http://127.0.0.1:7878/")  # None on a server kg filled
    """
    said = f"?g <{PROV.wasDerivedFrom}> ?d"
    endpoint = _endpoint(url, timeout)
    if endpoint.query(f"ASK {{ GRAPH ?g {{ {said} }} }}").boolean and not endpoint.query(f"ASK {{ {said} }}").boolean:
        return (f"{url} holds article graphs that a query without GRAPH does not see: kg load and kg add "
                "--endpoint keep a copy of them in the default graph, which this server lacks")
    return None


REMOTE_UPDATE = ("--update works on graph files; a SPARQL server changes only through kg load, add and remove "
                 "(which keep its derived graph right)")


def _update(graph: Graph, sparql: str, ns: dict[str, URIRef], allow_service: bool = False) -> QueryResult:
    try:
        prepared = prepareUpdate(sparql, initNs=ns)
    except ParseException as e:
        raise KgError(rdflib_syntax_message(e)) from None
    except Exception as e:
        raise KgError(rdflib_error_message(e)) from None
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
