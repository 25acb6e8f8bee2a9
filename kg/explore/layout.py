"""Positions computed ahead for a page too large for the browser to lay out (``kg.explore.page``):
a seeded force layout in numpy.

>>> import networkx as nx
>>> layout(nx.path_graph(2)) == layout(nx.path_graph(2))
True
"""
from __future__ import annotations

import math

import networkx as nx

__all__ = ["layout"]


def layout(G: nx.Graph, seed: int = 1, iterations: int | None = None) -> dict:
    """Force-directed positions (Fruchterman–Reingold) of ``G``'s nodes, in vis pixels.

    ``nx.spring_layout`` needs SciPy past 500 nodes and a dense n×n×2 array below that; this is
    the same model in numpy with the repulsion computed in blocks of rows, so memory stays at a
    few megabytes, and with the number of iterations cut as the graph grows.  The same graph and
    seed always give the same positions.

    >>> pos = layout(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and abs(pos[0][0] - pos[1][0]) + abs(pos[0][1] - pos[1][1]) > 10
    True
    """
    import numpy as np

    nodes = list(G.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v})
    ends = np.array(pairs, dtype=np.intp).reshape(-1, 2)
    if iterations is None:
        # About 1.2e8 pair evaluations in all: 100 rounds up to 1,100 nodes, 30 at 2,000.
        iterations = max(12, min(100, int(1.2e8 / (n * n))))
    rng = np.random.default_rng(seed)
    x, y = (rng.random(n, dtype=np.float32) for _ in range(2))
    k2 = np.float32(1.0 / n)  # the optimal distance k squared, for nodes in the unit square
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cool = temperature / (iterations + 1)
    block = max(1, 1_000_000 // n)
    tail, head = ends[:, 0], ends[:, 1]
    for _ in range(iterations):
        dx_all = np.empty(n, dtype=np.float32)
        dy_all = np.empty(n, dtype=np.float32)
        for start in range(0, n, block):
            stop = min(n, start + block)
            dx = x[start:stop, None] - x[None, :]
            dy = y[start:stop, None] - y[None, :]
            w = dx * dx
            w += dy * dy
            np.maximum(w, np.float32(1e-8), out=w)
            np.divide(k2, w, out=w)  # repulsion k²/d along the unit vector: delta · k²/d²
            dx *= w
            dy *= w
            dx_all[start:stop] = dx.sum(axis=1)
            dy_all[start:stop] = dy.sum(axis=1)
        if len(ends):
            ex, ey = x[tail] - x[head], y[tail] - y[head]
            pull = np.sqrt(ex * ex + ey * ey) / np.float32(k)  # attraction d²/k along the edge
            ex *= pull
            ey *= pull
            dx_all -= np.bincount(tail, ex, minlength=n).astype(np.float32)
            dx_all += np.bincount(head, ex, minlength=n).astype(np.float32)
            dy_all -= np.bincount(tail, ey, minlength=n).astype(np.float32)
            dy_all += np.bincount(head, ey, minlength=n).astype(np.float32)
        # A weak pull to the centre keeps small components and lone nodes from drifting off.
        gravity = np.float32(0.5 * n * k)
        dx_all -= (x - x.mean()) * gravity
        dy_all -= (y - y.mean()) * gravity
        length = np.sqrt(dx_all * dx_all + dy_all * dy_all)
        np.maximum(length, np.float32(1e-9), out=length)
        step = np.minimum(length, np.float32(temperature)) / length
        x += dx_all * step
        y += dy_all * step
        temperature -= cool
    # One optimal distance k becomes about 90 px, a comfortable gap between labelled dots.
    scale = 90.0 / k
    x, y = (x - x.mean()) * scale, (y - y.mean()) * scale
    return {v: (round(float(x[i]), 1), round(float(y[i]), 1)) for i, v in enumerate(nodes)}
