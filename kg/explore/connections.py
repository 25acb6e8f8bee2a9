"""How two entities connect: the shortest chain of facts between them, each with its sentence.

Entities are found by name (:func:`find_entity`); the chain is a shortest path over the entity
graph with direction dropped, but each fact is told the way the article read it.

>>> G = nx.MultiDiGraph()
>>> G.add_node("x:ada", label="Ada", cls="Person", alt_labels=[])
>>> G.add_node("x:board", label="Board", cls="Organization", alt_labels=[])
>>> G.add_node("x:bob", label="Bob", cls="Person", alt_labels=[])
>>> G.add_edge("x:ada", "x:board", key="heads", predicate="heads", sentence="Ada heads the Board.", document="d.txt")
'heads'
>>> G.add_edge("x:bob", "x:board", key="worksFor", predicate="worksFor", sentence="Bob works there.", document="d.txt")
'worksFor'
>>> print(format_path(connect(G, "ada", "Bob")))
Ada and Bob are 2 facts apart:
1. Ada --heads--> Board
   "Ada heads the Board." (d.txt)
2. Bob --worksFor--> Board
   "Bob works there." (d.txt)
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

import networkx as nx

from kg.errors import KgError, plural
from kg.explore.analytics import simple_graph
from kg.text import visible

__all__ = ["Step", "Connection", "find_entity", "connect", "format_path"]

MAX_CANDIDATES = 5


@dataclass(frozen=True)
class Step:
    """One fact on a path, in the direction it was read, with where it was read.

    >>> Step("x:a", "Ada", "heads", "x:b", "Board", "Ada heads the Board.", "d.txt").predicate
    'heads'
    """

    subject: str
    subject_label: str
    predicate: str
    object: str
    object_label: str
    sentence: str
    document: str


def _describe(G: nx.Graph, nodes) -> str:
    shown = [f"{G.nodes[n].get('label', n)} ({G.nodes[n].get('cls', '')}, {n})" for n in sorted(nodes)[:MAX_CANDIDATES]]
    more = len(nodes) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def find_entity(G: nx.Graph, name: str) -> str:
    """The node ``name`` names: its IRI, else the one node labelled exactly so, else
    case-insensitively, else by an alternative label (skos:altLabel); several at one step, or
    none at all, is an error naming the candidates.

    >>> G = nx.Graph()
    >>> G.add_node("x:1", label="Ada Lovelace", cls="Person", alt_labels=["Ada"])
    >>> find_entity(G, "ada")
    'x:1'
    >>> find_entity(G, "Bob")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: no entity named 'Bob' (the graph has 1 entity; none has a label like it)
    """
    if name in G:
        return name
    key = name.casefold()
    steps = (
        lambda d: d.get("label") == name,
        lambda d: str(d.get("label", "")).casefold() == key,
        lambda d: any(a == name for a in d.get("alt_labels", ())),
        lambda d: any(str(a).casefold() == key for a in d.get("alt_labels", ())),
    )
    for matches in steps:
        found = [n for n, d in G.nodes(data=True) if matches(d)]
        if len(found) == 1:
            return found[0]
        if found:
            raise KgError(f"{name!r} is ambiguous: it names {len(found)} entities: {_describe(G, found)}; "
                          f"give the IRI instead")
    labels = {str(d.get("label", n)): n for n, d in G.nodes(data=True)}
    # a part of a name ("Ada" for "Ada Lovelace") first, then near spellings
    close = sorted(label for label in labels if key in label.casefold())[:MAX_CANDIDATES]
    close = close or difflib.get_close_matches(name, list(labels), n=MAX_CANDIDATES, cutoff=0.6)
    hint = f"did you mean {', '.join(repr(c) for c in close)}?" if close else "none has a label like it"
    raise KgError(f"no entity named {name!r} (the graph has {plural(len(G), 'entity', 'entities')}; {hint})")


def _fact(G: nx.MultiDiGraph, u, v) -> Step:
    """The fact joining neighbours u and v: one read from u to v if there is any, the first
    predicate alphabetically, so the chain reads forwards where it can."""
    for s, o in ((u, v), (v, u)):
        edges = G.get_edge_data(s, o) if G.has_edge(s, o) else None
        if edges:
            data = min(edges.values(), key=lambda d: str(d.get("predicate", "")))
            return Step(str(s), str(G.nodes[s].get("label", s)), str(data.get("predicate", "")),
                        str(o), str(G.nodes[o].get("label", o)),
                        str(data.get("sentence", "")), str(data.get("document", "")))
    raise AssertionError(f"{u} and {v} are not neighbours")


@dataclass(frozen=True)
class Connection:
    """The entities at both ends and the facts between them (none when they are one entity).

    >>> Connection("x:a", "Ada", "x:a", "Ada", []).steps
    []
    """

    source: str
    source_label: str
    target: str
    target_label: str
    steps: list[Step]


def connect(G: nx.MultiDiGraph, a: str, b: str) -> Connection | None:
    """The facts on a shortest path from the entity ``a`` names to the one ``b`` names
    (:func:`find_entity`), with direction ignored; None when no path joins them.

    >>> G = nx.MultiDiGraph([("x", "y"), ("z", "w")])
    >>> connect(G, "x", "z") is None
    True
    """
    source, target = find_entity(G, a), find_entity(G, b)
    try:
        nodes = nx.shortest_path(simple_graph(G), source, target)
    except nx.NetworkXNoPath:
        return None
    label = lambda n: str(G.nodes[n].get("label", n))  # noqa: E731
    return Connection(str(source), label(source), str(target), label(target),
                      [_fact(G, u, v) for u, v in zip(nodes, nodes[1:])])


def format_path(found: Connection) -> str:
    """The chain as numbered facts, each followed by its sentence and document.

    >>> print(format_path(Connection("x:a", "Ada", "x:a", "Ada", [])))
    Ada and Ada are one entity
    """
    # a graph file's label or sentence may hold U+202E or a newline: shown as escapes
    first, last, steps = visible(found.source_label), visible(found.target_label), found.steps
    if not steps:
        return f"{first} and {last} are one entity"
    lines = [f"{first} and {last} are {len(steps)} fact{'s' if len(steps) != 1 else ''} apart:"]
    for i, s in enumerate(steps, start=1):
        lines.append(f"{i}. {visible(s.subject_label)} --{s.predicate}--> {visible(s.object_label)}")
        where = f" ({visible(s.document)})" if s.document else ""
        lines.append(f"   \"{visible(s.sentence)}\"{where}" if s.sentence else f"   (no sentence recorded){where}")
    return "\n".join(lines)
