"""PageRank of an undirected graph given as index pairs: the one power iteration behind ``kg
central`` (kg.explore.analytics) and the ranks a kg store keeps (kg.store.measures).

networkx's own ``nx.pagerank`` needs SciPy since networkx 3.0, a large dependency for graphs of a
few thousand nodes; this is the same iteration (uniform teleport, dangling mass spread evenly) in
numpy, so that a store of a million triples is ranked in well under a second.

>>> import numpy as np
>>> [round(float(x), 4) for x in page_rank(4, np.array([0, 0, 0]), np.array([1, 2, 3]))]
[0.4797, 0.1734, 0.1734, 0.1734]
"""
from __future__ import annotations

import numpy as np

__all__ = ["page_rank"]


def page_rank(n: int, u: np.ndarray, v: np.ndarray, alpha: float = 0.85, max_iter: int = 100,
              tol: float = 1.0e-6) -> np.ndarray:
    """PageRank of an undirected graph of ``n`` nodes with edges ``u[i]``–``v[i]`` (each edge
    once), indexed as the nodes are.

    >>> page_rank(2, np.array([0]), np.array([1])).tolist()
    [0.5, 0.5]
    """
    if n == 0:
        return np.zeros(0)
    src, dst = np.concatenate([u, v]), np.concatenate([v, u])
    degree = np.bincount(src, minlength=n).astype(float)
    dangling = degree == 0
    x = np.full(n, 1.0 / n)
    # Each step shrinks the change by at least alpha, so 100 steps always get below tol: the loop
    # ends by its test, not by its count.
    for _ in range(max_iter):
        base = (alpha * x[dangling].sum() + 1.0 - alpha) / n
        share = np.divide(alpha * x, degree, out=np.zeros(n), where=~dangling)
        last, x = x, base + np.bincount(dst, weights=share[src], minlength=n)
        if np.abs(x - last).sum() < n * tol:
            break
    return x
