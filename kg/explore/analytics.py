"""Network measures over the entity graph (``kg.explore.network``): who is central in what the
articles report.  Five
centralities (:data:`MEASURES`, each a function returning a :class:`Measure`), Louvain
communities, and the ranked table of :func:`centrality`.  How two entities connect is
``kg.explore.connections``; writing the measures back into the RDF is ``kg.explore.annotate``.

>>> G = nx.Graph([("a", "b"), ("b", "c")])
>>> max(pagerank(G).values, key=pagerank(G).values.get)
'b'
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np

from kg.errors import KgError
from kg.explore.network import of_class
from kg.files import write_text
from kg.graph.pagerank import page_rank
from kg.text import visible

__all__ = [
    "CentralityRow",
    "centrality",
    "write_centrality_csv",
]

CSV_HEADER = ("iri", "label", "class", "degree", "betweenness", "pagerank")


@dataclass(frozen=True)
class CentralityRow:
    """One entity's centrality scores; ``eigenvector``, ``closeness`` and ``community`` are
    None unless they were measured.

    >>> CentralityRow("kgid:x", "X", "Person", 1, 0.0, 0.5).pagerank
    0.5
    """

    iri: str
    label: str
    cls: str
    degree: int
    betweenness: float
    pagerank: float
    eigenvector: float | None = None
    closeness: float | None = None
    community: int | None = None


def _pagerank(G: nx.Graph) -> dict:
    """PageRank of an undirected simple graph, node → rank (``kg.graph.pagerank``, which the
    store's ranks use too).

    >>> pr = _pagerank(nx.star_graph(3))
    >>> round(pr[0], 4), round(pr[1], 4)
    (0.4797, 0.1734)
    """
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in G.edges()], dtype=np.int64).reshape(-1, 2)
    return dict(zip(nodes, page_rank(len(nodes), edges[:, 0], edges[:, 1]).tolist()))


# ---------------------------------------------------------------- measures

MEASURES = ("degree", "betweenness", "pagerank", "eigenvector", "closeness")

# Past this many nodes betweenness and closeness are estimated from SAMPLES source nodes: exact
# betweenness grows with nodes × edges, and took 2.3 s at 1,000 nodes, 11 s at 2,000 and 58 s at
# 4,000 on the shared 2-core development machine, while 500 sources take 5 s at 4,000
# (bench/centrality.py; figures in bench/README.md).
EXACT_LIMIT = 2000
SAMPLES = 500
SEED = 42


@dataclass
class Measure:
    """One measure's value for every node, and a note when it was estimated or fell back.

    >>> Measure({"a": 1.0}).note
    ''
    """

    values: dict
    note: str = ""


def simple_graph(G: nx.Graph) -> nx.Graph:
    """The undirected simple view the measures work on: one edge per pair of neighbours, no
    self-loops, nodes and edges inserted in sorted order so every run gives the same floats.

    Direction is dropped because an article's choice of subject ("X heads Y" or "Y is headed
    by X") says nothing about which of the two matters more.

    >>> sorted(simple_graph(nx.MultiDiGraph([("b", "a"), ("a", "b"), ("a", "a")])).edges)
    [('a', 'b')]
    """
    if not G.is_directed() and not G.is_multigraph() and nx.number_of_selfloops(G) == 0 \
            and list(G) == sorted(G, key=str):
        return G
    simple = nx.Graph()
    simple.add_nodes_from(sorted(G.nodes, key=str))
    pairs = {((u, v) if str(u) <= str(v) else (v, u)) for u, v in G.edges() if u != v}
    simple.add_edges_from(sorted(pairs, key=lambda e: (str(e[0]), str(e[1]))))
    return simple


def degree(G: nx.Graph) -> Measure:
    """Degree centrality: the share of the other nodes a node has a fact with.

    >>> degree(nx.star_graph(3)).values
    {0: 1.0, 1: 0.3333333333333333, 2: 0.3333333333333333, 3: 0.3333333333333333}
    """
    return Measure(nx.degree_centrality(simple_graph(G)) if len(G) else {})


def betweenness(G: nx.Graph, limit: int | None = None, samples: int | None = None, seed: int = SEED) -> Measure:
    """Normalised betweenness; past ``limit`` nodes (default :data:`EXACT_LIMIT`), estimated
    from ``samples`` (default :data:`SAMPLES`) source nodes drawn with a fixed seed (Brandes
    and Pich), and the note says so.

    >>> betweenness(nx.path_graph(3)).values
    {0: 0.0, 1: 1.0, 2: 0.0}
    >>> betweenness(nx.path_graph(30), limit=20, samples=10).note
    'betweenness sampled from 10 of 30 nodes'
    """
    limit, samples = limit or EXACT_LIMIT, samples or SAMPLES
    simple = simple_graph(G)
    n = len(simple)
    if n <= limit or samples >= n:
        return Measure(nx.betweenness_centrality(simple))
    values = nx.betweenness_centrality(simple, k=samples, seed=seed)
    return Measure(values, f"betweenness sampled from {samples:,} of {n:,} nodes")


def pagerank(G: nx.Graph) -> Measure:
    """PageRank (damping 0.85) of the undirected simple view.

    >>> {n: round(v, 4) for n, v in pagerank(nx.path_graph(3)).values.items()}
    {0: 0.2568, 1: 0.4865, 2: 0.2568}
    """
    return Measure(_pagerank(simple_graph(G)))


def eigenvector(G: nx.Graph, max_iter: int = 1000) -> Measure:
    """Eigenvector centrality (unit length) of the undirected simple view.

    On a graph of several parts the principal eigenvector lives on one part, and the power
    iteration can crawl when two parts have nearly the same leading eigenvalue.  If it does not
    converge in ``max_iter`` steps, each part is measured alone and weighted by the square root
    of its share of the nodes (a lone node gets 0; the whole has unit length again), and the
    note says so.

    >>> {n: round(v, 4) for n, v in eigenvector(nx.path_graph(3)).values.items()}
    {0: 0.5, 1: 0.7071, 2: 0.5}
    >>> m = eigenvector(nx.Graph([(0, 1), (0, 2), (0, 3), (4, 5), (5, 6), (6, 4)]), max_iter=20)
    >>> m.note
    'eigenvector centrality did not converge on the whole graph; measured per part (2 parts)'
    >>> round(m.values[0], 4), round(m.values[4], 4)
    (0.5345, 0.378)
    """
    simple = simple_graph(G)
    if len(simple) == 0:
        return Measure({})
    try:
        return Measure(nx.eigenvector_centrality(simple, max_iter=max_iter))
    except nx.PowerIterationFailedConvergence:
        pass
    n = len(simple)
    values: dict = {}
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    for part in parts:
        weight = (len(part) / n) ** 0.5
        if len(part) == 1:  # no neighbours, no share of anyone's centrality: 0, as networkx gives it
            values.update(dict.fromkeys(part, 0.0))
        elif len(part) == 2:
            values.update(dict.fromkeys(part, weight / 2 ** 0.5))
        else:
            local = _eigenvector_of_connected(simple.subgraph(part), max_iter)
            values.update({v: weight * x for v, x in local.items()})
    norm = sum(x * x for x in values.values()) ** 0.5 or 1.0
    note = f"eigenvector centrality did not converge on the whole graph; measured per part ({len(parts):,} parts)"
    return Measure({v: values[v] / norm for v in simple}, note)


def _eigenvector_of_connected(G: nx.Graph, max_iter: int) -> dict:
    """Within one connected part the shifted power iteration always converges, if slowly; a
    part small enough is solved outright instead."""
    if len(G) <= 500:
        import numpy as np

        nodes = list(G)
        vals, vecs = np.linalg.eigh(nx.to_numpy_array(G, nodelist=nodes))
        top = np.abs(vecs[:, np.argmax(vals)])  # Perron: one sign throughout
        return dict(zip(nodes, (top / np.linalg.norm(top)).tolist()))
    return nx.eigenvector_centrality(G, max_iter=max_iter * 100, tol=1e-5)


def closeness(G: nx.Graph, limit: int | None = None, samples: int | None = None, seed: int = SEED) -> Measure:
    """Closeness centrality, scaled for graphs of several parts as networkx does by default
    (Wasserman and Faust: a node's closeness within its part times the part's share of the
    graph).  Past ``limit`` nodes, a part larger than ``samples`` nodes is measured from
    ``samples`` of its nodes drawn with a fixed seed (Eppstein and Wang: a node's mean distance to
    the sampled nodes stands for its mean distance to all), and the note says so.

    >>> closeness(nx.path_graph(3)).values
    {0: 0.6666666666666666, 1: 1.0, 2: 0.6666666666666666}
    >>> closeness(nx.path_graph(30), limit=20, samples=10).note
    'closeness estimated from 10 of 30 nodes'
    """
    import random

    limit, samples = limit or EXACT_LIMIT, samples or SAMPLES
    simple = simple_graph(G)
    n = len(simple)
    if n <= limit:
        return Measure(nx.closeness_centrality(simple))
    rng = random.Random(seed)
    values: dict = {}
    sampled = 0
    for part in sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c)))):
        r = len(part)
        if r == 1:
            values[next(iter(part))] = 0.0
            continue
        ordered = sorted(part, key=str)
        sources = ordered if r <= samples else rng.sample(ordered, samples)
        total = dict.fromkeys(part, 0)
        for s in sources:
            # on the whole graph, not a subgraph view: the search stays in s's part anyway, and a
            # view checks every neighbour it hands out, which made this several times slower
            for v, d in nx.single_source_shortest_path_length(simple, s).items():
                total[v] += d
        if r > samples:
            sampled += samples
        for v in part:
            # mean distance to the others: exact sum / (r-1), or the sample mean scaled the same way
            mean = total[v] / (r - 1) if r <= samples else total[v] * r / (samples * (r - 1))
            values[v] = (1.0 / mean if mean > 0 else 0.0) * (r - 1) / (n - 1)
    note = f"closeness estimated from {sampled:,} of {n:,} nodes" if sampled else ""
    return Measure({v: values[v] for v in simple}, note)


_MEASURE_FUNCTIONS = {"degree": degree, "betweenness": betweenness, "pagerank": pagerank,
                      "eigenvector": eigenvector, "closeness": closeness}


def measure(G: nx.Graph, name: str) -> Measure:
    """One of :data:`MEASURES` by name.

    >>> measure(nx.path_graph(2), "degree").values
    {0: 1.0, 1: 1.0}
    """
    if name not in _MEASURE_FUNCTIONS:
        raise KgError(f"unknown measure {name!r} (use one of {', '.join(MEASURES)})")
    return _MEASURE_FUNCTIONS[name](G)


def communities(G: nx.Graph, seed: int = SEED) -> list[list]:
    """Louvain communities of the undirected simple view (fixed seed), largest first; each a
    sorted list of nodes, ties between equal sizes broken by their first node.  A node with no
    facts is a community of its own.

    >>> communities(nx.Graph([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)]))
    [[0, 1, 2], [3, 4, 5]]
    """
    simple = simple_graph(G)
    found = nx.community.louvain_communities(simple, seed=seed) if len(simple) else []
    parts = [sorted(c, key=str) for c in found]
    parts.sort(key=lambda c: (-len(c), str(c[0])))
    return parts


def community_numbers(parts: list[list]) -> dict:
    """Node → its community's number, counted from 1 (the largest).

    >>> community_numbers([["a", "b"], ["c"]])
    {'a': 1, 'b': 1, 'c': 2}
    """
    return {v: i for i, part in enumerate(parts, start=1) for v in part}


def centrality(G: nx.Graph, by: str = "pagerank", extra: dict[str, Measure] | None = None) -> list[CentralityRow]:
    """Degree (distinct neighbours), normalised betweenness and PageRank of every node, measured
    on :func:`simple_graph`, highest ``by`` first (ties by label).  ``extra`` measures already
    computed ("eigenvector", "closeness", "community" → node values) fill the optional fields.

    >>> G = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("c", "hub")])
    >>> [(r.label, r.degree) for r in centrality(G)][:2]
    [('hub', 3), ('a', 1)]
    """
    extra = dict(extra or {})
    simple = simple_graph(G)
    if simple.number_of_nodes() == 0:
        return []
    base = {name: extra.pop(name).values if name in extra else measure(simple, name).values
            for name in ("betweenness", "pagerank")}
    if by in ("eigenvector", "closeness") and by not in extra:
        extra[by] = measure(simple, by)
    optional = {name: (m.values if isinstance(m, Measure) else m) for name, m in extra.items()
                if name in ("eigenvector", "closeness", "community")}
    rows = [
        CentralityRow(
            iri=str(n),
            label=str(G.nodes[n].get("label", n)),
            cls=str(G.nodes[n].get("cls", "")),
            degree=simple.degree(n),
            betweenness=base["betweenness"][n],
            pagerank=base["pagerank"][n],
            **{name: values.get(n) for name, values in optional.items()},
        )
        for n in simple.nodes
    ]
    # Rounding before comparing lets nodes in symmetric positions tie and fall back to label order.
    rows.sort(key=lambda r: (-round(getattr(r, by) or 0.0, 12), r.label, r.iri))
    return rows


def ranking(G: nx.MultiDiGraph, by: str = "pagerank", cls: str | None = None,
            top: int | None = None) -> tuple[list[CentralityRow], list[str]]:
    """The ``top`` entities by measure ``by``, only those of class ``cls`` (subclasses included)
    if given, and the notes of any measure that was estimated rather than computed exactly.

    >>> G = nx.MultiDiGraph([("hub", "a"), ("hub", "b")])
    >>> rows, notes = ranking(G, by="degree", top=1)
    >>> [r.label for r in rows], notes
    (['hub'], [])
    """
    wanted = of_class(G, cls) if cls else None  # an unknown class fails before minutes of measuring
    simple = simple_graph(G)
    names = ["betweenness", "pagerank"] + ([by] if by in ("eigenvector", "closeness") else [])
    measured = {name: measure(simple, name) for name in names}
    rows = centrality(G, by=by, extra=measured)
    if wanted is not None:
        rows = [r for r in rows if r.iri in wanted]
    return rows[:top], [m.note for m in measured.values() if m.note]


def format_rows(rows: list[CentralityRow], by: str = "pagerank", fmt: str = "table") -> str:
    """Rows as an aligned table, CSV or JSON: degree, betweenness and PageRank always, and the
    ``by`` measure when it is another.

    >>> print(format_rows([CentralityRow("kgid:x", "X", "Person", 2, 0.5, 0.25)], fmt="csv"), end="")
    iri,label,class,degree,betweenness,pagerank
    kgid:x,X,Person,2,0.5,0.25
    """
    columns = ["degree", "betweenness", "pagerank"] + ([by] if by in ("eigenvector", "closeness") else [])
    if fmt == "json":
        import json

        return json.dumps([{"iri": r.iri, "label": r.label, "class": r.cls, **{c: getattr(r, c) for c in columns}}
                           for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["iri", "label", "class", *columns])
        writer.writerows([r.iri, r.label, r.cls, *(getattr(r, c) for c in columns)] for r in rows)
        return buffer.getvalue()
    labels = [visible(r.label) for r in rows]  # a graph file's label may hold U+202E or a newline
    width = max((len(label) for label in labels), default=5)
    lines = [f"{'label':<{width}}  {'class':<14} " + " ".join(f"{c:>11}" if c != "degree" else f"{c:>6}"
                                                              for c in columns)]
    for r, label in zip(rows, labels):
        cells = [f"{r.degree:>6}"] + [f"{getattr(r, c):>11.4f}" for c in columns[1:]]
        lines.append(f"{label:<{width}}  {r.cls:<14} " + " ".join(cells))
    return "\n".join(lines) + "\n"


def write_centrality_csv(rows: list[CentralityRow], path: str | os.PathLike) -> Path:
    """Write rows as CSV with header ``iri,label,class,degree,betweenness,pagerank``.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "centrality.csv"
    >>> print(write_centrality_csv(centrality(nx.Graph([("a", "b")])), out).read_text(), end="")
    iri,label,class,degree,betweenness,pagerank
    a,a,,1,0,0.5
    b,b,,1,0,0.5
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow([r.iri, r.label, r.cls, r.degree, f"{r.betweenness:.6g}", f"{r.pagerank:.6g}"])
    return write_text(path, buffer.getvalue())
