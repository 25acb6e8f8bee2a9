"""The timeline questions of ``kg timeline`` and ``kg conflicts`` as library calls: each runs a
curated query (ontology/queries/) over the tenures and conflicts kg derives across articles
(kg/graph/timeline.py), on a graph file or a kg store, and returns its answer
(``kg.store.results.format_result`` prints it as a table, CSV or JSON).

    print(format_result(post_holders("output/graph.ttl", "Interior Minister of Velland")))
    print(format_result(person_history("kb/", "Tomas Veld"), "csv"))

>>> conflicts("missing.ttl")
Traceback (most recent call last):
...
kg.errors.KgError: cannot read graph missing.ttl: no such file
"""
from __future__ import annotations

import os
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import XSD

from kg.errors import KgError
from kg.graph.graphfile import load_graph
from kg.store.folder import names_store
from kg.store.kgstore import KgStore
from kg.store.query import curated_queries, run
from kg.store.results import QueryResult


def _answer(where: str | os.PathLike, sparql: str, bindings: dict | None = None) -> QueryResult:
    """``sparql`` answered by the graph file or store at ``where``, as ``kg query`` answers it."""
    path = Path(where)
    if names_store(path):
        with KgStore(path, create=False) as kb:
            return kb.query(sparql, bindings)
    return run(load_graph(path), sparql, bindings=bindings)


def _curated(where, name: str, bindings: dict | None = None) -> QueryResult:
    return _answer(where, curated_queries()[name].read_text(encoding="utf-8"), bindings)


def _people(where, name: str) -> list[str]:
    """The labels of the people ``name`` names (their label or another name, any case)."""
    rows = _answer(where, "SELECT DISTINCT ?label WHERE { ?n a kg:Person ; rdfs:label ?label ; "
                          "rdfs:label|skos:altLabel ?name FILTER (LCASE(STR(?name)) = LCASE(STR(?given))) } "
                          "ORDER BY ?label", {"given": Literal(name)}).rows
    return [str(r[0]) for r in rows]


def person_history(where, person: str) -> QueryResult:
    """The posts one person held, in date order (tenures-of-a-person.rq); ``person`` is a
    person's name or another name of theirs that names no one else."""
    found = _people(where, person)
    if not found:
        raise KgError(f"no person named {person!r} in {where}")
    if len(found) > 1:
        raise KgError(f"{person!r} names {len(found)} people in {where}: {', '.join(found)} (give the full name)")
    return _curated(where, "tenures-of-a-person", {"person": Literal(found[0])})


def post_holders(where, post: str, place: str | None = None) -> QueryResult:
    """The holders of a post in the order they held it (succession-of-a-post.rq); ``post`` is
    a position's label in any case, ``place`` keeps the posts of that place."""
    bindings = {"post": Literal(post)}
    if place:
        bindings["place"] = Literal(place)
    result = _curated(where, "succession-of-a-post", bindings)
    if not result.rows:  # every post with a holder has a row: none means no such post
        raise KgError(f"no post named {post!r}{f' in {place}' if place else ''} in {where}")
    return result


def holders_on(where, post: str, day: str) -> QueryResult:
    """Who held a post on a day, an ISO date (who-held-post-on-date.rq)."""
    post_holders(where, post)  # an unknown post is an error, not "no holder that day"
    return _curated(where, "who-held-post-on-date", {"post": Literal(post), "date": Literal(day, datatype=XSD.date)})


def events(where, place: str | None = None, start: str | None = None, end: str | None = None) -> QueryResult:
    """Attacks and meetings in date order (events-in-order.rq), in ``place`` (or a place within
    it) and from ``start`` to ``end`` (ISO dates) when given."""
    given = {"place": place, "from": start, "to": end}
    return _curated(where, "events-in-order", {k: Literal(v) for k, v in given.items() if v})


def conflicts(where) -> QueryResult:
    """The posts that articles give two current holders at once (conflicting-holders.rq)."""
    return _curated(where, "conflicting-holders")
