"""kg.page: the page works offline, shows the whole graph, and runs nothing an article says."""
from __future__ import annotations

import re

import networkx as nx
import pytest

from kg.analytics import centrality, entity_graph
from kg.model import Document, Entity, Extraction, Fact, Provenance
from kg.page import CLASS_COLOURS, render
from kg.rdf import to_graph

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>window.pwned=1</script>"
LINK = '<a href="javascript:window.pwned=2">x</a>'  # "href" flips pyvis's template to innerHTML
SENTENCE = f'{SCRIPT} said "{IMG}" & left.'


def hostile_graph() -> nx.MultiDiGraph:
    ex = Extraction(Document("d1", SENTENCE, "d1.txt"))
    for e in [
        Entity("img", "Person", IMG, {LINK}),
        Entity("script", "Person", SCRIPT),
        Entity("ada", "Person", "Ada Lovelace"),
        Entity("board", "GovernmentBody", "Board"),
        Entity("tarvel", "City", "Tarvel"),
    ]:
        ex.entities[e.key] = e
    p = Provenance("d1", SENTENCE, 0, len(SENTENCE), "test", 0.9)
    ex.facts = [
        Fact("img", "memberOf", "board", p),
        Fact("script", "worksFor", "board", p),
        Fact("ada", "heads", "board", p),
        Fact("board", "basedIn", "tarvel", p),
        Fact("img", "killed", "script", p),
    ]
    return entity_graph(to_graph([ex]))


@pytest.fixture
def page_file(tmp_path):
    G = hostile_graph()
    return G, render(G, centrality(G), tmp_path / "graph.html", title=f"News {IMG}")


def open_page(page, path):
    """Load ``path`` and collect what it asked for and complained about."""
    seen = {"requests": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    # Should anything try the network anyway, fail it here instead of reaching the internet.
    page.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
    page.goto(path.as_uri())
    page.wait_for_function("typeof network === 'object' && network !== null")
    return seen


# ---------------------------------------------------------------- the HTML as text


def test_html_has_no_external_resources(page_file):
    _, path = page_file
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", text, re.I)
    assert "cdn.jsdelivr" not in text and "cdnjs" not in text
    assert "<script src" not in text


def test_article_text_never_appears_as_markup(page_file):
    _, path = page_file
    text = path.read_text(encoding="utf-8")
    assert IMG not in text
    assert "<script>window.pwned" not in text
    assert "<a href=\"javascript" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text  # in the table and the heading
    # The page's own two closing tags, and not one from the labels.
    assert text.count("</script>") == 2


def test_legend_lists_only_classes_present(page_file):
    _, path = page_file
    legend = re.search(r'<ul class="legend" id="legend">(.*?)</ul>', path.read_text(), re.S).group(1)
    assert re.findall(r"</span>(\w+) \((\d+)\)</li>", legend) == [
        ("Person", "3"), ("GovernmentBody", "1"), ("City", "1")]
    assert CLASS_COLOURS["Person"] in legend


def test_rewriting_replaces_the_old_page_whole(page_file, tmp_path):
    G, path = page_file
    render(nx.MultiDiGraph(), [], path)
    assert "Ada Lovelace" not in path.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]


# ---------------------------------------------------------------- in the browser


@pytest.mark.browser
def test_page_loads_offline_with_every_node_and_edge(browser_page, page_file):
    G, path = page_file
    seen = open_page(browser_page, path)
    assert seen["requests"] == [path.as_uri()]
    assert seen["errors"] == []
    assert browser_page.evaluate("network.body.data.nodes.length") == G.number_of_nodes()
    assert browser_page.evaluate("network.body.data.edges.length") == G.number_of_edges()
    assert browser_page.evaluate("network.body.data.edges.get().map(e => e.label).sort()") == sorted(
        d["predicate"] for _, _, d in G.edges(data=True))
    assert browser_page.locator("#legend li").count() == 3


@pytest.mark.browser
def test_hostile_labels_are_text_and_run_nothing(browser_page, page_file):
    G, path = page_file
    seen = open_page(browser_page, path)
    browser_page.wait_for_timeout(300)  # let an onerror handler fire, were there an <img>
    assert seen["dialogs"] == []
    assert browser_page.evaluate("typeof window.pwned") == "undefined"
    assert browser_page.evaluate("document.querySelectorAll('img, a[href]').length") == 0
    labels = browser_page.evaluate("network.body.data.nodes.get().map(n => n.label)")
    assert sorted(labels) == sorted(d["label"] for _, d in G.nodes(data=True))
    assert IMG in labels and SCRIPT in labels
    cells = browser_page.locator("#central td").all_inner_texts()
    assert IMG in cells and SCRIPT in cells
    assert browser_page.title() == f"News {IMG}"
    # Tooltips are elements holding text, so even vis versions that take HTML titles show text.
    tips = browser_page.evaluate("network.body.data.nodes.get().map(n => [n.label, n.title.textContent, "
                                 "n.title.children.length])")
    tip = {label: (text, children) for label, text, children in tips}
    assert tip[IMG][1] == 0 and tip[IMG][0].startswith(IMG + "\nPerson") and LINK in tip[IMG][0]
    edge_tips = browser_page.evaluate("network.body.data.edges.get().map(e => e.title.textContent)")
    assert all(SENTENCE in t for t in edge_tips)


@pytest.mark.browser
def test_hovering_a_node_shows_its_label_as_text(browser_page, page_file):
    G, path = page_file
    seen = open_page(browser_page, path)
    node = next(n for n, d in G.nodes(data=True) if d["label"] == IMG)
    # Freeze the layout so the node is still where we point when the hover delay ends.
    browser_page.evaluate("network.setOptions({physics: false})")
    x, y = browser_page.evaluate(
        """id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
                   const r = document.getElementById('mynetwork').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node,
    )
    browser_page.mouse.move(x + 1, y + 1)
    tooltip = browser_page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith(IMG)
    assert tooltip.locator("img").count() == 0
    assert seen["dialogs"] == [] and seen["errors"] == []


@pytest.mark.browser
def test_empty_graph_page_loads(browser_page, tmp_path):
    path = render(nx.MultiDiGraph(), [], tmp_path / "empty.html")
    seen = open_page(browser_page, path)
    assert browser_page.evaluate("network.body.data.nodes.length") == 0
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]
