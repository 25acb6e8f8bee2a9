"""kg.explore.page on large graphs, in headless Chromium: laid out ahead, drawn, capped past the limit."""
from __future__ import annotations

import re

import networkx as nx
import pytest

from kg.explore.analytics import CentralityRow
from kg.explore.page import LARGE_NODES, MAX_NODES, render
from test_page import open_page

SYLLABLES = ["ta", "ven", "ro", "mik", "sel", "du", "an", "quor"]


def synthetic(n: int) -> tuple[nx.MultiDiGraph, list[CentralityRow]]:
    """An invented entity graph of ``n`` nodes (preferential attachment) and cheap measures."""
    skeleton = nx.barabasi_albert_graph(n, 2, seed=5)
    G = nx.MultiDiGraph()
    for i in skeleton:
        name = "".join(SYLLABLES[(i >> s) % len(SYLLABLES)] for s in (0, 3, 6)).title() + f" {i}"
        G.add_node(f"n{i}", label=name, cls=("Person", "City")[i % 2], root=("Person", "Location")[i % 2],
                   alt_labels=[], facts=[])
    for u, v in skeleton.edges():
        G.add_edge(f"n{u}", f"n{v}", key="memberOf", predicate="memberOf", sentence=f"Node {u} joined {v}.")
    degree = dict(skeleton.degree())
    rows = [CentralityRow(f"n{i}", G.nodes[f"n{i}"]["label"], G.nodes[f"n{i}"]["cls"], d, 0.0, d / (4 * n))
            for i, d in degree.items()]
    return G, rows


@pytest.mark.slow
@pytest.mark.browser
def test_large_graph_is_drawn_whole_from_computed_positions(browser_page, tmp_path):
    n = LARGE_NODES + 100
    G, rows = synthetic(n)
    path = render(G, rows, tmp_path / "mid.html")
    seen = open_page(browser_page, path)
    assert browser_page.evaluate("network.body.data.nodes.length") == n
    assert browser_page.evaluate("network.body.data.edges.length") == G.number_of_edges()
    assert browser_page.evaluate("network.physics.options.enabled") is False
    assert browser_page.locator("#notice").count() == 0
    # Edge labels are off at the overview; a found node's facts, and only those, show theirs.
    font = "network.edgesHandler.options.font.size"
    assert browser_page.evaluate("network.getScale()") < 0.6 and browser_page.evaluate(font) == 0
    browser_page.fill("#search", G.nodes["n7"]["label"])
    browser_page.press("#search", "Enter")
    browser_page.wait_for_function("() => network.getScale() > 1")
    browser_page.wait_for_function("() => network.kgEdgeLabels.length > 0")
    labelled = browser_page.evaluate("network.kgEdgeLabels.map(e => network.body.data.edges.get(e))"
                                     ".map(e => [e.from, e.to])")
    assert all("n7" in pair for pair in labelled)
    assert len(labelled) == len(G.in_edges("n7")) + len(G.out_edges("n7"))
    assert browser_page.evaluate("network.body.data.edges.get().every(e => e.label === 'memberOf')")
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]


@pytest.mark.slow
@pytest.mark.browser
def test_five_thousand_nodes_render_capped_and_say_so(browser_page, tmp_path):
    n = 5000
    G, rows = synthetic(n)
    path = render(G, rows, tmp_path / "big.html")
    browser_page.set_default_timeout(120_000)  # a bound for "it finishes", not a speed target
    seen = open_page(browser_page, path)
    drawn = browser_page.evaluate("network.body.data.nodes.get().map(n => n.id)")
    assert len(drawn) == MAX_NODES < n
    # The ones drawn are the most central: every node left out ranks no higher than any drawn.
    pagerank = {r.iri: r.pagerank for r in rows}
    assert max(pagerank[v] for v in G if v not in set(drawn)) <= min(pagerank[v] for v in drawn)
    notice = browser_page.locator("#notice")
    assert notice.is_visible()
    assert notice.inner_text() == f"showing the {MAX_NODES:,} most central of {n:,} entities (by PageRank)"
    # Still interactive: search finds a drawn node.
    target = drawn[-1]
    browser_page.fill("#search", G.nodes[target]["label"])
    browser_page.press("#search", "Enter")
    assert browser_page.evaluate("network.getSelectedNodes()") == [target]
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]
    assert re.search(r"\b5,000\b", path.read_text())
