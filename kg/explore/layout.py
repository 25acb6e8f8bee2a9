"""Positions computed ahead for a page too large for the browser to lay out (``kg.explore.page``):
a seeded force layout in numpy.

>>> import networkx as nx
>>> layout(nx.path_graph(2)) == layout(nx.path_graph(2))
True
"""
from __future__ import annotations

import math
from typing import NamedTuple

import networkx as nx

__all__ = ["layout", "overview", "Overview"]


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
    if n == 2:
        # Most components of a news corpus are pairs (143 of 168 on CoNLL04 dev's page): no need
        # for a hundred rounds of forces to put two dots one label apart.
        return {nodes[0]: (-60.0, 0.0), nodes[1]: (60.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v})
    ends = np.array(pairs, dtype=np.intp).reshape(-1, 2)
    if iterations is None:
        # About 1.2e8 pair evaluations in all: 100 rounds up to 1,100 nodes, 30 at 2,000.
        iterations = max(12, min(100, int(1.2e8 / (n * n))))
        # A small community settles in far fewer rounds, and a news corpus has a hundred of them
        # (143 on CoNLL04 dev: 1.5 s at 100 rounds each).
        if n < 50:
            iterations = 40
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


# Gaps between discs, in vis pixels: wide enough that two communities read as two groups at the
# first view (a gap of 0.5 k, 45 px, left them looking like one disc on CoNLL04 dev).
COMMUNITY_GAP = 70.0
COMPONENT_GAP = 110.0
# A node's own room inside its disc: its dot (at most 40 px across) and the start of its label.
NODE_PAD = 30.0
# Isolates, when shown, sit in a grid under the picture, one row of a class after another.
TRAY_STEP = (170.0, 60.0)


class Overview(NamedTuple):
    """Where everything goes at the first view: ``positions`` of every node (isolates in a grid
    under the picture), the ``isolates`` (no fact with another entity) by root class, and one disc
    (x, y, radius, members) per community of three or more, to outline it."""

    positions: dict
    isolates: dict[str, list]
    discs: list[tuple[float, float, float, int]]


def _disc(pos: dict) -> tuple[float, float, float]:
    """The centre and radius of the smallest disc about the centroid that holds ``pos``."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    r = max(math.hypot(x - cx, y - cy) for x, y in zip(xs, ys))
    return cx, cy, r + NODE_PAD


def _separate(centres, radii, gap: float, rounds: int = 300):
    """Push discs apart until none overlaps another (with ``gap`` between), keeping their order."""
    import numpy as np

    xy = np.array(centres, dtype=float).reshape(-1, 2)
    r = np.array(radii, dtype=float)
    if len(r) < 2:
        return xy
    need = r[:, None] + r[None, :] + gap
    np.fill_diagonal(need, 0.0)
    for _ in range(rounds):
        d = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((d ** 2).sum(axis=2))
        np.fill_diagonal(dist, 1e9)
        short = need - dist
        if (short <= 1e-6).all():
            break
        push = np.where(short > 0, short / 2 / np.maximum(dist, 1e-6), 0.0)
        # Two discs on one spot: nudge them apart along a fixed direction.
        d[dist < 1e-6] = (1.0, 0.5)
        xy += (d * push[:, :, None]).sum(axis=1)
    return xy


def _component(G: nx.Graph, parts: list[list], seed: int) -> tuple[dict, list]:
    """Positions of one connected component: each community laid out on its own, then the
    communities placed as discs by a force layout of the community graph and pushed apart."""
    if len(parts) == 1:
        pos = layout(G, seed=seed)
        return pos, [(*_disc(pos), len(pos))]
    inner = [layout(G.subgraph(p), seed=seed) for p in parts]
    discs = [_disc(pos) for pos in inner]
    of = {v: i for i, p in enumerate(parts) for v in p}
    meta = nx.Graph()
    meta.add_nodes_from(range(len(parts)))
    meta.add_edges_from((of[u], of[v]) for u, v in G.edges() if of[u] != of[v])
    start = layout(meta, seed=seed)
    # The meta layout spaces discs about 90 px apart; spread it to the discs' real size first.
    spread = 2 * max(d[2] for d in discs) / 90.0
    centres = _separate([(start[i][0] * spread, start[i][1] * spread) for i in range(len(parts))],
                        [d[2] for d in discs], COMMUNITY_GAP)
    pos, placed = {}, []
    for i, p in enumerate(parts):
        cx, cy, r = discs[i]
        ox, oy = centres[i][0] - cx, centres[i][1] - cy
        for v in p:
            pos[v] = (inner[i][v][0] + ox, inner[i][v][1] + oy)
        placed.append((float(centres[i][0]), float(centres[i][1]), r, len(p)))
    return pos, placed


def _pack(discs: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Centres for discs given as (radius, _) largest first: the first at the origin, each next
    at the first free spot on a widening ellipse around it (wider than tall, like a screen)."""
    import numpy as np

    placed_xy = np.zeros((0, 2))
    placed_r = np.zeros(0)
    out = []
    # Discs come largest first, so the next free spot is never far inside the last one found:
    # the search resumes there instead of from the centre (8 s → 0.1 s on CoNLL04 dev's page).
    rho_start = 0.0
    for r, _ in discs:
        if not len(placed_r):
            spot = (0.0, 0.0)
        else:
            spot = None
            rho = rho_start
            while spot is None:
                count = max(8, int(2 * math.pi * rho / max(r, 30.0)))
                angle = np.linspace(0, 2 * math.pi, count, endpoint=False)
                cand = np.stack([1.5 * rho * np.cos(angle), rho * np.sin(angle)], axis=1)
                d = np.sqrt(((cand[:, None, :] - placed_xy[None, :, :]) ** 2).sum(axis=2))
                free = (d >= placed_r[None, :] + r + COMPONENT_GAP).all(axis=1)
                if free.any():
                    # Of the free spots on this ring, the nearest the centre: the top and bottom
                    # fill before the sides, so the picture grows as an ellipse, not as a band.
                    near = np.where(free, (cand ** 2).sum(axis=1), np.inf)
                    spot = tuple(cand[int(np.argmin(near))])
                    rho_start = max(0.0, rho - 2 * r)
                rho += max(r, 30.0) / 2
        out.append(spot)
        placed_xy = np.vstack([placed_xy, [spot]])
        placed_r = np.append(placed_r, r)
    return out


def overview(G: nx.Graph, parts: list[list], seed: int = 1) -> Overview:
    """The first view of ``G`` (kg.explore.page): isolated nodes folded out, each connected
    component laid out with its communities (``parts``, Louvain's, largest first) apart, and the
    components packed largest first from the centre out.  The same graph gives the same picture.

    >>> G = nx.Graph([(0, 1), (1, 2), (2, 0), (3, 4)]); G.add_node(5)
    >>> o = overview(G, [[0, 1, 2], [3, 4], [5]])
    >>> sorted(o.positions) == [0, 1, 2, 3, 4, 5] and o.isolates
    {'': [5]}
    >>> len(o.discs)  # the triangle's community is outlined; the pair is too small to be
    1
    """
    simple = nx.Graph()
    simple.add_nodes_from(G.nodes)
    simple.add_edges_from((u, v) for u, v in G.edges() if u != v)
    lone = [v for v in simple if simple.degree(v) == 0]
    simple.remove_nodes_from(lone)
    of = {v: i for i, p in enumerate(parts) for v in p}
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(simple)), key=lambda c: (-len(c), str(c[0])))
    laid = []
    for comp in comps:
        groups: dict[int, list] = {}
        for v in comp:
            groups.setdefault(of.get(v, -1), []).append(v)
        inner = sorted(groups.values(), key=lambda p: (-len(p), str(p[0])))
        laid.append(_component(simple.subgraph(comp), inner, seed))
    outer = [_disc(pos) for pos, _ in laid]
    spots = _pack([(d[2], 0) for d in outer])
    positions, discs = {}, []
    for (pos, comm), (cx, cy, _), (sx, sy) in zip(laid, outer, spots):
        ox, oy = sx - cx, sy - cy
        positions.update({v: (round(x + ox, 1), round(y + oy, 1)) for v, (x, y) in pos.items()})
        discs += [(round(x + ox, 1), round(y + oy, 1), round(r, 1), n) for x, y, r, n in comm if n >= 3]
    isolates: dict[str, list] = {}
    for v in sorted(lone, key=lambda v: (str(G.nodes[v].get("root", "")), str(G.nodes[v].get("label", v)), str(v))):
        isolates.setdefault(str(G.nodes[v].get("root", "")), []).append(v)
    # Each class's isolates in a block a little wider than tall, the blocks side by side under
    # the picture: shown from the tray, a block fills the screen and its labels fit (one row as
    # wide as the picture left 85 places on CoNLL04 dev at the overview's scale, mostly unlabelled).
    bottom = max((y for _, y in positions.values()), default=0.0) + 3 * TRAY_STEP[1]
    left = min((x for x, _ in positions.values()), default=0.0)
    for members in isolates.values():
        columns = max(1, math.ceil(math.sqrt(1.6 * len(members))))
        for i, v in enumerate(members):
            positions[v] = (round(left + (i % columns) * TRAY_STEP[0], 1),
                            round(bottom + (i // columns) * TRAY_STEP[1], 1))
        left += (columns + 1) * TRAY_STEP[0]
    return Overview(positions, isolates, discs)
