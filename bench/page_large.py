"""How long kg.explore.page.render takes, and how soon the page is usable in headless Chromium, for
synthetic entity graphs of 1,000 / 5,000 / 20,000 nodes.  Run by hand:

    .venv/bin/python bench/page_large.py                 # 1000 5000 20000
    .venv/bin/python bench/page_large.py --sizes 5000 --uncapped   # also draw every node
    .venv/bin/python bench/page_large.py --sizes 2000 --screenshot /tmp/p.png
    .venv/bin/python bench/page_large.py --sizes 5000 --timeline  # with dated articles and tenures

For each size it prints: render() seconds (communities and layout included), page size, the
labels drawn at the first view and how many overlap another (bench/page_labels.py measures
both), seconds from navigation until the page marks itself ready (data-ready, set after the
first drawing), until it is usable (then a search answered and the side panel filled), and one
full redraw of the canvas in milliseconds (what a pan or zoom costs).  The graph is a
preferential-attachment graph (two links per new node) with a few isolated entities, names and
sentences invented.  ``--timeline`` gives every fact one of 200 articles dated over six years,
every person-to-body fact a tenure (half of them former) and every meeting a date, so the page
carries the role histories and the date control's data as well.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.explore.analytics import CentralityRow  # noqa: E402
from kg.explore.history import History, Source, Tenure  # noqa: E402
from kg.explore.page import MAX_NODES, render  # noqa: E402
from page_labels import measure  # noqa: E402

CLASSES = [("Person", "Person"), ("GovernmentBody", "Organization"), ("City", "Location"),
           ("Meeting", "Event"), ("Organization", "Organization")]
PREDICATES = ["worksFor", "memberOf", "heads", "locatedIn", "participatesIn"]
SYLLABLES = ["ka", "ri", "vo", "len", "tor", "mi", "sa", "dun", "el", "qua", "bri", "zo"]
CHROMIUM = "/usr/bin/chromium"


def synthetic(n: int, seed: int = 1) -> tuple[nx.MultiDiGraph, list[CentralityRow]]:
    """An entity graph shaped like network.entity_graph's, and rows with cheap measures
    (exact betweenness on 20,000 nodes would take longer than everything else together)."""
    rnd = random.Random(seed)
    skeleton = nx.barabasi_albert_graph(n, 2, seed=seed)
    # News graphs have entities in no fact; one in fifty here, for the tray.
    skeleton.remove_edges_from([e for i in range(0, n, 50) for e in list(skeleton.edges(i))])
    G = nx.MultiDiGraph()
    for i in skeleton:
        cls, root = CLASSES[i % len(CLASSES)]
        name = "".join(rnd.choice(SYLLABLES) for _ in range(3)).title() + f" {i}"
        G.add_node(f"kgid:n{i}", label=name, cls=cls, root=root, alt_labels=[f"N{i}"], facts=[])
    for u, v in skeleton.edges():
        p = PREDICATES[(u + v) % len(PREDICATES)]
        a, b = f"kgid:n{u}", f"kgid:n{v}"
        G.add_edge(a, b, key=p, predicate=p,
                   sentence=f"{G.nodes[a]['label']} met {G.nodes[b]['label']} on a Tuesday.")
        G.nodes[a]["facts"].append(f"{G.nodes[a]['label']} {p} {G.nodes[b]['label']}")
    degree = dict(skeleton.degree())
    total = sum(degree.values()) or 1
    rows = [CentralityRow(f"kgid:n{i}", G.nodes[f"kgid:n{i}"]["label"], G.nodes[f"kgid:n{i}"]["cls"],
                          degree[i], degree[i] / n, degree[i] / total) for i in skeleton]
    return G, rows


def with_timeline(G: nx.MultiDiGraph, seed: int = 1) -> History:
    """Dates ``G``'s facts (each to one of 200 articles over 2020-2025) and returns a timeline:
    a tenure per person-to-body fact, half of them former, and a date per meeting."""
    rnd = random.Random(seed)
    days = sorted(f"{2020 + rnd.randrange(6)}-{1 + rnd.randrange(12):02}-{1 + rnd.randrange(28):02}" for _ in range(200))
    G.graph["dates"] = {f"news/a{i}.txt": day for i, day in enumerate(days)}
    tenures, events = [], {}
    for u, v, data in G.edges(data=True):
        i = rnd.randrange(len(days))
        data["document"], data["documents"] = f"news/a{i}.txt", [f"news/a{i}.txt"]
        if G.nodes[u]["cls"] == "Person" and G.nodes[v]["root"] == "Organization":
            ended = days[min(i + 40, len(days) - 1)] if rnd.random() < 0.5 else ""
            tenures.append(Tenure(f"t{len(tenures)}", u, G.nodes[u]["label"], v, G.nodes[v]["label"],
                                  status="former" if ended else "current", known_from=days[i],
                                  known_until=days[i], end_by=ended,
                                  sources=[Source(f"Article {i}", f"news/a{i}.txt", days[i])]))
    for n, data in G.nodes(data=True):
        if data["cls"] == "Meeting":
            events[n] = days[rnd.randrange(len(days))]
    return History(tenures, True, events)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--uncapped", action="store_true", help=f"also draw every node, past {MAX_NODES}")
    ap.add_argument("--screenshot", help="save a PNG of the last page")
    ap.add_argument("--timeline", action="store_true", help="dated articles, tenures and event dates too")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="kg-page-bench-"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        print(f"{'nodes':>7} {'drawn':>6} {'render s':>9} {'html MB':>8} {'labels':>7} {'overlap':>8} "
              f"{'ready s':>8} {'usable s':>9} {'redraw ms':>10}")
        for n in args.sizes:
            G, rows = synthetic(n)
            timeline = with_timeline(G) if args.timeline else None
            for cap in ([MAX_NODES, n] if args.uncapped and n > MAX_NODES else [MAX_NODES]):
                path = out / f"g{n}-{cap}.html"
                t = time.perf_counter()
                render(G, rows, path, max_nodes=cap, timeline=timeline)
                rendered = time.perf_counter() - t
                r = measure(browser, path, Path(args.screenshot) if args.screenshot else None)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.set_default_timeout(300_000)
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-ready=true]", state="attached")
                drawn = page.evaluate("network.body.nodeIndices.length")
                # One synchronous full redraw: the cost of every frame while panning or zooming.
                redraw = min(page.evaluate("""() => { const t = performance.now();
                    network.renderer._redraw(); return performance.now() - t; }""") for _ in range(3))
                share = r["overlapping"] / r["drawn"] if r["drawn"] else 0.0
                print(f"{n:>7} {drawn:>6} {rendered:>9.2f} {path.stat().st_size / 1e6:>8.1f} {r['drawn']:>7} "
                      f"{share:>8.1%} {r['ready']:>8.2f} {r['ready'] + r['answer']:>9.2f} {redraw:>10.1f}", flush=True)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
