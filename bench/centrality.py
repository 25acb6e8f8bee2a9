"""Seconds and peak memory of each centrality measure and of Louvain on graphs shaped like kg's
entity graph, at growing sizes.

    .venv/bin/python bench/centrality.py                          # 1,000, 10,000 and 100,000 nodes
    .venv/bin/python bench/centrality.py --sizes 1000,2000,4000 --exact-betweenness

The graphs (``entity_like``) mimic what articles give: most entities sit in one large part where a
few hubs (an office everyone works for, a meeting many attend) gather much of the edges, and the
rest come in small pieces of two to five (a person and the town they live in) that touch nothing
else.  The large part is a Holme-Kim power-law graph with triad closure (``powerlaw_cluster_graph``,
two edges per new node, p = 0.1) over 80 % of the nodes.

Each measure runs in a forked child process, so that its peak memory can be read on its own: the
child's resident-set high-water mark (VmHWM) minus its resident size when it started, i.e. the
memory the measure added on top of the graph.  The functions timed are kg's own
(``kg.explore.analytics``), with the sampling they choose by size; ``--exact-betweenness`` adds exact
betweenness too, which is how ``EXACT_LIMIT`` was chosen.  Run by hand, never as a test.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from kg.explore import analytics  # noqa: E402


def entity_like(n: int, seed: int = 1) -> nx.Graph:
    """A graph of ``n`` nodes: a power-law part of 80 % of them, the rest in pieces of 2-5.

    >>> G = entity_like(100)
    >>> len(G), nx.number_connected_components(G) > 1
    (100, True)
    """
    rng = random.Random(seed)
    giant = int(n * 0.8)
    G = nx.powerlaw_cluster_graph(giant, 2, 0.1, seed=seed)
    nxt = giant
    while nxt < n:
        size = min(rng.randint(2, 5), n - nxt)
        piece = list(range(nxt, nxt + size))
        G.add_node(piece[0])
        G.add_edges_from((piece[0], v) for v in piece[1:])
        nxt += size
    return analytics.simple_graph(G)


def _kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _child(G, name: str, out) -> None:
    start = _kb("VmRSS")
    t0 = time.perf_counter()
    if name == "louvain":
        parts = analytics.communities(G)
        note = f"{len(parts):,} communities, largest {len(parts[0]):,}"
    elif name == "betweenness (exact)":
        nx.betweenness_centrality(G)
        note = "exact"
    else:
        note = analytics.measure(G, name).note
    seconds = time.perf_counter() - t0
    out.send((seconds, (_kb("VmHWM") - start) / 1024, note))
    out.close()


def run(G, name: str) -> tuple[float, float, str]:
    """(seconds, peak MB added, note) of one measure, in a forked child."""
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(G, name, send))
    p.start()
    result = recv.recv()
    p.join()
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="node counts, comma-separated")
    ap.add_argument("--measures", default=",".join((*analytics.MEASURES, "louvain")))
    ap.add_argument("--exact-betweenness", action="store_true", help="also time exact betweenness")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    names = args.measures.split(",")
    if args.exact_betweenness:
        names.insert(names.index("betweenness") + 1 if "betweenness" in names else 0, "betweenness (exact)")
    print(f"EXACT_LIMIT {analytics.EXACT_LIMIT:,} nodes, SAMPLES {analytics.SAMPLES}", file=sys.stderr)
    print("| nodes | edges | measure | seconds | peak MB | note |")
    print("|---:|---:|---|---:|---:|---|")
    for n in (int(x) for x in args.sizes.split(",")):
        t0 = time.perf_counter()
        G = entity_like(n, args.seed)
        print(f"built {n:,} nodes in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        for name in names:
            seconds, mb, note = run(G, name)
            print(f"| {n:,} | {G.number_of_edges():,} | {name} | {seconds:.2f} | {mb:.0f} | {note} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
