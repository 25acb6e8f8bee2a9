"""kg.explore.page at the first view and on demand, in headless Chromium: labels only where they
fit, isolates folded into the tray, the side panel of one entity, the article and confidence
filters.  The label boxes are measured by bench/page_labels.py's own script."""
from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pytest

from factories import make_extraction, prov
from kg.explore.analytics import centrality
from kg.explore.layout import overview
from kg.explore.network import entity_graph
from kg.explore.page import render
from kg.graph.rdf import to_graph
from kg.model import Entity, Fact
from test_page import IMG, SENTENCE, hostile_graph, node_of, open_page, page_data
from test_page_large import synthetic

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from page_labels import BOXES_JS  # noqa: E402


def with_isolates(n: int, lone: int) -> tuple[nx.MultiDiGraph, list]:
    """``synthetic(n)`` and ``lone`` invented places in no fact."""
    G, rows = synthetic(n)
    for i in range(lone):
        G.add_node(f"lone{i}", label=f"Vessmark {i}", cls="City", root="Location", alt_labels=[], facts=[])
    return G, centrality(G)


# ---------------------------------------------------------------- the layout, in Python


def test_overview_folds_isolates_and_keeps_communities_apart():
    G, _ = with_isolates(120, 4)
    parts = [sorted(c) for c in nx.community.louvain_communities(nx.Graph(G.to_undirected()), seed=1)]
    view = overview(G, parts)
    assert view == overview(G, parts)  # the same graph, the same picture
    assert view.isolates == {"Location": [f"lone{i}" for i in range(4)]}
    assert set(view.positions) == set(G)
    # Every outlined community's disc holds its members and meets no other disc.
    for i, (x, y, r, _) in enumerate(view.discs):
        for x2, y2, r2, _ in view.discs[i + 1:]:
            assert ((x - x2) ** 2 + (y - y2) ** 2) ** 0.5 >= r + r2
    # The folded isolates sit under the picture, not among it.
    lowest = max(y for v, (_, y) in view.positions.items() if not v.startswith("lone"))
    assert all(view.positions[f"lone{i}"][1] > lowest for i in range(4))


def test_components_are_packed_largest_in_the_middle():
    G = nx.Graph()
    nx.add_path(G, range(30))
    for k in range(5):
        G.add_edge(f"a{k}", f"b{k}")
    parts = [list(range(30))] + [[f"a{k}", f"b{k}"] for k in range(5)]
    pos = overview(G, parts).positions
    centre = [sum(pos[v][i] for v in G) / len(G) for i in (0, 1)]

    def dist(v):
        return ((pos[v][0] - centre[0]) ** 2 + (pos[v][1] - centre[1]) ** 2) ** 0.5
    big = sum(dist(v) for v in range(30)) / 30
    assert big < min(dist(f"a{k}") for k in range(5))


# ---------------------------------------------------------------- in the browser


def label_boxes(page) -> dict:
    return page.evaluate(BOXES_JS)


@pytest.mark.slow
@pytest.mark.browser
def test_first_view_draws_central_labels_and_none_overlaps(browser_page, tmp_path):
    G, rows = with_isolates(500, 10)
    path = render(G, rows, tmp_path / "g.html")
    browser_page.set_viewport_size({"width": 1280, "height": 800})
    seen = open_page(browser_page, path)
    first = label_boxes(browser_page)
    assert first["drawn"] >= 20 and first["overlapping"] == 0
    drawn = [lab["id"] for lab in browser_page.evaluate("network.kgLabels")]
    # The most central entity is always labelled, and labels go most central first.
    assert drawn[0] == rows[0].iri
    rank = {r.iri: i for i, r in enumerate(rows)}
    assert [rank[v] for v in drawn] == sorted(rank[v] for v in drawn)
    # Zoomed in, more labels fit, and still none overlaps.
    browser_page.evaluate("network.moveTo({scale: network.getScale() * 4})")
    browser_page.wait_for_timeout(100)
    closer = label_boxes(browser_page)
    assert closer["overlapping"] == 0
    shown = {lab["id"] for lab in browser_page.evaluate("network.kgLabels")}
    assert shown - set(drawn)
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]


@pytest.mark.browser
def test_isolates_are_folded_into_a_counted_tray(browser_page, tmp_path):
    G, rows = with_isolates(30, 3)
    path = render(G, rows, tmp_path / "g.html")
    seen = open_page(browser_page, path)
    button = browser_page.locator('#tray button[data-root="Location"]')
    assert button.inner_text() == "3 unlinked places"
    visible = "network.body.nodeIndices.slice().sort()"
    lone = sorted(f"lone{i}" for i in range(3))
    assert not set(lone) & set(browser_page.evaluate(visible))
    assert len(browser_page.evaluate(visible)) == 30
    button.click()
    assert set(lone) <= set(browser_page.evaluate(visible))
    assert button.get_attribute("aria-pressed") == "true"
    button.click()
    assert not set(lone) & set(browser_page.evaluate(visible))
    # A search finds a folded entity and unfolds its group.
    browser_page.fill("#search", "Vessmark 2")
    browser_page.press("#search", "Enter")
    assert browser_page.evaluate("network.getSelectedNodes()") == ["lone2"]
    assert "lone2" in browser_page.evaluate(visible) and button.get_attribute("aria-pressed") == "true"
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]


def test_undated_articles_have_no_date_filter(tmp_path):
    G = hostile_graph()
    assert 'id="date-from"' not in render(G, [], tmp_path / "g.html").read_text()
    assert page_data(tmp_path / "g.html")["dates"] == [""]


def test_a_graph_of_isolates_alone_is_shown_not_folded(tmp_path):
    G = nx.MultiDiGraph()
    for i in range(3):
        G.add_node(f"p{i}", label=f"Orla {i}", cls="Person", root="Person", alt_labels=[], facts=[])
    data = page_data(render(G, [], tmp_path / "g.html"))
    assert data["tray"] == [] and not any(n.get("hidden") for n in data["nodes"])
    assert 'id="tray"' not in (tmp_path / "g.html").read_text()


@pytest.mark.browser
def test_the_panel_shows_one_entity_as_text(browser_page, tmp_path):
    G = hostile_graph()
    path = render(G, centrality(G), tmp_path / "g.html")
    seen = open_page(browser_page, path)
    browser_page.fill("#search", "Ada Lovelace")
    browser_page.press("#search", "Enter")
    panel = browser_page.locator("#panel")
    assert panel.is_visible() and panel.get_attribute("data-entity") == node_of(G, "Ada Lovelace")
    assert panel.locator("h2").inner_text() == "Ada Lovelace"
    assert panel.locator(".class").inner_text() == "Person"
    assert panel.locator(".names").inner_text() == "Also: Countess Ada"
    assert panel.locator(".roles").inner_text() == "Roles: heads (1)"
    assert panel.locator(".facts .fact").all_inner_texts() == ["Ada Lovelace heads Board"]
    assert panel.locator(".facts .sentence").all_inner_texts() == [f"“{SENTENCE}”"]
    assert panel.locator(".facts .src").all_inner_texts() == ["d1.txt · confidence 0.90"]
    assert panel.locator(".neighbours button").all_inner_texts() == ["Board"]
    # A neighbour opens its own panel: Board's facts name all four who link to it.
    panel.locator(".neighbours button").click()
    assert panel.locator("h2").inner_text() == "Board"
    assert sorted(panel.locator(".neighbours button").all_inner_texts()) == sorted(
        [IMG, "</script><script>window.pwned=1</script>", "Ada Lovelace", "Tarvel"])
    assert browser_page.evaluate("document.querySelectorAll('#panel img, #panel script').length") == 0
    assert browser_page.evaluate("typeof window.pwned") == "undefined"
    panel.locator(".close").click()
    assert not panel.is_visible()
    # The table of the most central opens a panel as well.
    browser_page.locator("#central button", has_text="Tarvel").click()
    assert panel.locator("h2").inner_text() == "Tarvel"
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]


def two_articles() -> nx.MultiDiGraph:
    """Three invented facts in two dated articles: one sure and one doubtful in the first."""
    one = "Marit Oskarsen heads the Tarvel Board."
    two = "Jon Velland works for the Tarvel Board."
    a = make_extraction("a1", one, date="2024-03-01", entities=[Entity("marit", "Person", "Marit Oskarsen"),
                                              Entity("board", "GovernmentBody", "Tarvel Board"),
                                              Entity("velland", "City", "Velland")], facts=[
        Fact("marit", "heads", "board", prov(one, document="a1", confidence=0.95)),
        Fact("board", "basedIn", "velland", prov(one, document="a1", confidence=0.4))])
    b = make_extraction("a2", two, date="2024-05-10", entities=[Entity("jon", "Person", "Jon Velland"),
                                             Entity("board", "GovernmentBody", "Tarvel Board")], facts=[
        Fact("jon", "worksFor", "board", prov(two, document="a2", confidence=0.8))])
    return entity_graph(to_graph([a, b]))


@pytest.mark.browser
def test_filters_by_article_date_and_confidence(browser_page, tmp_path):
    G = two_articles()
    path = render(G, centrality(G), tmp_path / "g.html", articles=2)
    seen = open_page(browser_page, path)
    assert browser_page.locator("#counts").inner_text() == "2 articles · 4 entities · 3 facts"
    options = browser_page.locator("#article option").all_inner_texts()
    assert options == ["all articles", "a1.txt (2)", "a2.txt (1)"]
    hidden = "network.body.data.nodes.get().filter(n => n.hidden).map(n => n.label).sort()"
    browser_page.select_option("#article", label="a2.txt (1)")
    assert browser_page.evaluate(hidden) == ["Marit Oskarsen", "Velland"]
    assert browser_page.locator("#filtered").inner_text() == "hidden by filters: 2 entities, 2 facts"
    browser_page.select_option("#article", value="")
    assert browser_page.evaluate(hidden) == []
    assert browser_page.locator("#filtered").inner_text() == ""
    assert browser_page.locator("#date-from").get_attribute("min") == "2024-03-01"
    browser_page.fill("#date-from", "2024-04-01")
    assert browser_page.evaluate(hidden) == ["Marit Oskarsen", "Velland"]
    browser_page.fill("#date-from", "")
    browser_page.fill("#date-to", "2024-04-01")
    assert browser_page.evaluate(hidden) == ["Jon Velland"]
    browser_page.fill("#date-to", "")
    browser_page.locator("#confidence").fill("0.5")
    assert browser_page.evaluate(hidden) == ["Velland"]
    assert browser_page.locator("#confidence-value").inner_text() == "0.50"
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]
