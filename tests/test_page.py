"""kg.explore.page: the page works offline, shows the whole graph, and runs nothing an article says."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from factories import make_extraction, prov
from kg import cli, pipeline
from kg.errors import KgError
from kg.explore.analytics import CentralityRow, centrality
from kg.explore.network import entity_graph
from kg.explore.page import CLASS_COLOURS, render
from kg.graph.rdf import to_graph
from kg.model import Entity, Extraction, Fact

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>window.pwned=1</script>"
LINK = '<a href="javascript:window.pwned=2">x</a>'  # "href" flips pyvis's template to innerHTML
SENTENCE = f'{SCRIPT} said "{IMG}" & left.'


def hostile_extraction() -> Extraction:
    p = prov(SENTENCE)
    return make_extraction("d1", SENTENCE, entities=[
        Entity("img", "Person", IMG, {LINK}),
        Entity("script", "Person", SCRIPT),
        Entity("ada", "Person", "Ada Lovelace", {"Countess Ada"}),
        Entity("board", "GovernmentBody", "Board"),
        Entity("tarvel", "City", "Tarvel"),
    ], facts=[
        Fact("img", "memberOf", "board", p),
        Fact("script", "worksFor", "board", p),
        Fact("ada", "heads", "board", p),
        Fact("board", "basedIn", "tarvel", p),
        Fact("img", "killed", "script", p),
    ])


def hostile_graph() -> nx.MultiDiGraph:
    return entity_graph(to_graph([hostile_extraction()]))


def page_data(path) -> dict:
    """The graph as the page's script receives it: the JSON data block."""
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', path.read_text(), re.S)
    return json.loads(block.group(1))


def node_of(G, label: str) -> str:
    return next(n for n, d in G.nodes(data=True) if d["label"] == label)


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
    page.wait_for_function("() => typeof network === 'object' && network !== null")
    page.wait_for_selector("body[data-ready=true]", state="attached")
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
    # The page's own three closing tags (vis, data, kg's script), and not one from the labels.
    assert text.count("</script>") == 3


def test_legend_lists_only_classes_present(page_file):
    _, path = page_file
    legend = re.search(r'<ul class="legend" id="legend">(.*?)</ul>', path.read_text(), re.S).group(1)
    assert re.findall(r"</span>(\w+) \((\d+)\)</label></li>", legend) == [
        ("Person", "3"), ("GovernmentBody", "1"), ("City", "1")]
    assert CLASS_COLOURS["Person"] in legend


def test_rewriting_replaces_the_old_page_whole(page_file, tmp_path):
    G, path = page_file
    render(nx.MultiDiGraph(), [], path)
    assert "Ada Lovelace" not in path.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]


def three_nodes() -> tuple[nx.MultiDiGraph, list[CentralityRow]]:
    """Each measure crowns a different node: a by degree, b by betweenness, c by PageRank."""
    G = nx.MultiDiGraph()
    for key, label in [("a", "Orla Quint"), ("b", "Brisk Harbour"), ("c", "Cedar Council")]:
        G.add_node(key, label=label, cls="Person", root="Person", alt_labels=[], facts=[])
    rows = [CentralityRow("a", "Orla Quint", "Person", 5, 0.0, 0.1),
            CentralityRow("b", "Brisk Harbour", "Person", 1, 0.9, 0.2),
            CentralityRow("c", "Cedar Council", "Person", 2, 0.1, 0.5)]
    return G, rows


@pytest.mark.parametrize("size_by,biggest,header", [
    ("pagerank", "c", "PageRank"), ("betweenness", "b", "Betweenness"), ("degree", "a", "Degree")])
def test_nodes_are_sized_and_ranked_by_the_chosen_measure(tmp_path, size_by, biggest, header):
    G, rows = three_nodes()
    path = render(G, rows, tmp_path / "g.html", size_by=size_by)
    sizes = {n["id"]: n["size"] for n in page_data(path)["nodes"]}
    assert max(sizes, key=sizes.get) == biggest and sizes[biggest] == 40
    assert len(set(sizes.values())) == 3
    text = path.read_text()
    assert f"<th>{header}</th>" in text
    first = re.search(r'<tbody>\n<tr><td><button type="button" class="entity" data-node="[^"]*">(.*?)</button>',
                      text).group(1)
    assert first == G.nodes[biggest]["label"]


def test_unknown_measure_is_a_clear_error(tmp_path):
    G, rows = three_nodes()
    with pytest.raises(KgError, match="pagerank, betweenness, degree"):
        render(G, rows, tmp_path / "g.html", size_by="eigen")
    assert not (tmp_path / "g.html").exists()


def test_size_by_on_the_command_line(tmp_path, capsys):
    assert cli.parser().parse_args(["build", "x", "--size-by", "degree"]).size_by == "degree"
    assert cli.parser().parse_args(["build", "x"]).size_by == "pagerank"
    assert cli.main(["build", str(tmp_path), "--size-by", "eigen"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--size-by" in err and "Traceback" not in err


def test_write_outputs_passes_size_by_to_the_page(tmp_path):
    result = pipeline.BuildResult(graph=to_graph([hostile_extraction()]), extractions=[hostile_extraction()])
    pipeline.write_outputs(result, tmp_path, size_by="degree")
    assert "<th>Degree</th>" in (tmp_path / "graph.html").read_text()


def test_tooltips_hold_labels_class_facts_and_source_sentences(page_file):
    G, path = page_file
    data = page_data(path)
    tips = {n["label"]: n["title"] for n in data["nodes"]}
    ada = tips["Ada Lovelace"].split("\n")
    assert ada[:3] == ["Ada Lovelace", "Person", "Also: Countess Ada"]
    assert "• Ada Lovelace heads Board" in ada
    assert f"“{SENTENCE}”" in ada
    tarvel = tips["Tarvel"]
    assert "City (Location)" in tarvel and "Board basedIn Tarvel" in tarvel


def test_filters_list_the_properties_present(page_file):
    G, path = page_file
    props = re.search(r'<ul class="legend" id="properties">(.*?)</ul>', path.read_text(), re.S).group(1)
    assert re.findall(r'data-property="(\w+)">\1 \((\d+)\)', props) == [
        ("basedIn", "1"), ("heads", "1"), ("killed", "1"), ("memberOf", "1"), ("worksFor", "1")]
    assert sorted(page_data(path)["prop"].values()) == sorted(d["predicate"] for *_, d in G.edges(data=True))


def test_the_header_counts_the_articles_and_entities(tmp_path):
    G, rows = three_nodes()
    text = render(G, rows, tmp_path / "g.html", articles=2).read_text()
    assert '<header><h1>kg knowledge graph</h1><p id="counts">2 articles · 3 entities · 0 facts</p>' in text
    assert '<p id="counts">3 entities · 0 facts</p>' in render(G, rows, tmp_path / "g.html").read_text()


@pytest.fixture
def hostile_sources(tmp_path):
    """The hostile article as a graph file and as a store; and the page kg build draws of it."""
    from kg.store.kgstore import KgStore

    to_graph([hostile_extraction()]).serialize(tmp_path / "graph.ttl", format="turtle")
    KgStore.create(tmp_path / "kb", [hostile_extraction()]).close()
    result = pipeline.BuildResult(graph=to_graph([hostile_extraction()]), extractions=[hostile_extraction()])
    built = pipeline.write_outputs(result, tmp_path / "out")["graph.html"]
    return tmp_path / "graph.ttl", tmp_path / "kb", built


def test_kg_page_draws_a_graph_file_or_a_store_as_kg_build_does(hostile_sources, tmp_path, capsys):
    *sources, built = hostile_sources
    assert '<p id="counts">1 article · 5 entities · 5 facts</p>' in built.read_text()
    for source in sources:
        out = tmp_path / f"{source.name}.html"
        assert cli.main(["page", str(source), "-o", str(out)]) == 0
        assert capsys.readouterr().out == (f"wrote {out}\n"
                                           f"open {out.resolve().as_uri()} in a browser to explore the graph\n")
        assert page_data(out)["nodes"] == page_data(built)["nodes"]
        assert '<p id="counts">1 article · 5 entities · 5 facts</p>' in out.read_text()


def test_kg_page_will_not_write_over_a_folder(hostile_sources, tmp_path, capsys):
    assert cli.main(["page", str(hostile_sources[0]), "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"kg: error: cannot write {tmp_path}: it is a folder (give -o FILE.html)\n"


def test_past_the_limit_only_the_most_central_are_drawn_and_the_page_says_so(tmp_path):
    G, rows = three_nodes()
    path = render(G, rows, tmp_path / "g.html", size_by="betweenness", max_nodes=2)
    assert sorted(n["id"] for n in page_data(path)["nodes"]) == ["b", "c"]
    assert '<p id="notice" role="status">showing the 2 most central of 3 entities (by Betweenness)</p>' \
        in path.read_text()
    assert 'id="notice"' not in render(G, rows, tmp_path / "all.html", max_nodes=3).read_text()


def test_every_graph_comes_with_positions_and_no_physics(tmp_path, monkeypatch):
    import kg.explore.page

    G = nx.MultiDiGraph()
    for i in range(12):
        G.add_node(f"n{i}", label=f"Node {i}", cls="City", root="Location", alt_labels=[], facts=[])
        if i:
            G.add_edge(f"n{i - 1}", f"n{i}", key="locatedIn", predicate="locatedIn", sentence="")
    data = page_data(render(G, [], tmp_path / "g.html"))
    assert data["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert "hideEdgesOnDrag" not in data["options"]["interaction"]
    monkeypatch.setattr(kg.explore.page, "LARGE_NODES", 10)
    large = page_data(render(G, [], tmp_path / "large.html"))
    assert large["options"]["interaction"]["hideEdgesOnDrag"] is True
    assert [n["x"] for n in large["nodes"]] == [n["x"] for n in data["nodes"]]


def test_layout_is_deterministic_and_spreads_nodes():
    from kg.explore.layout import layout

    G = nx.barabasi_albert_graph(400, 2, seed=3)
    pos = layout(G)
    assert pos == layout(G)
    points = {(round(x), round(y)) for x, y in pos.values()}
    assert len(points) == 400  # no two nodes on top of each other
    # Neighbours sit closer than nodes picked at random.
    def dist(u, v):
        return ((pos[u][0] - pos[v][0]) ** 2 + (pos[u][1] - pos[v][1]) ** 2) ** 0.5
    near = sum(dist(u, v) for u, v in G.edges()) / G.number_of_edges()
    far = sum(dist(u, (u * 7919 + 13) % 400) for u in G) / 400
    assert near < far / 2


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
def test_the_header_shows_how_many_articles_the_page_draws(browser_page, hostile_sources):
    built = hostile_sources[-1]
    seen = open_page(browser_page, built)
    assert browser_page.locator("header #counts").inner_text() == "1 article · 5 entities · 5 facts"
    assert browser_page.locator("header #counts").is_visible()
    assert seen["errors"] == []


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


def node_point(page, node):
    """Where ``node`` is drawn, in page coordinates."""
    return page.evaluate(
        """id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
                   const r = document.getElementById('mynetwork').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node,
    )


def search_for(page, text):
    page.fill("#search", text)
    page.press("#search", "Enter")


@pytest.mark.browser
def test_search_focuses_and_selects_the_node(browser_page, page_file):
    G, path = page_file
    seen = open_page(browser_page, path)
    ada = node_of(G, "Ada Lovelace")
    search_for(browser_page, "ada LOVELACE")
    assert browser_page.evaluate("network.getSelectedNodes()") == [ada]
    assert browser_page.locator("#search-status").inner_text() == "found: Ada Lovelace"
    # The view moves to it: after the focus animation the node sits at the canvas centre.
    browser_page.wait_for_timeout(600)
    x, y = node_point(browser_page, ada)
    box = browser_page.locator("#mynetwork").bounding_box()
    assert abs(x - (box["x"] + box["width"] / 2)) < 5 and abs(y - (box["y"] + box["height"] / 2)) < 5
    # An alternative label finds it too, and so does the button instead of Enter.
    search_for(browser_page, "tarvel")
    assert browser_page.evaluate("network.getSelectedNodes()") == [node_of(G, "Tarvel")]
    browser_page.fill("#search", "countess")
    browser_page.click("#search-form button")
    assert browser_page.evaluate("network.getSelectedNodes()") == [ada]
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]


@pytest.mark.browser
def test_search_says_when_nothing_matches_and_shows_the_query_as_text(browser_page, page_file):
    G, path = page_file
    seen = open_page(browser_page, path)
    search_for(browser_page, "Zebulon Nowhere")
    assert browser_page.locator("#search-status").inner_text() == "not found: Zebulon Nowhere"
    assert browser_page.evaluate("network.getSelectedNodes()") == []
    search_for(browser_page, "<img src=y onerror=window.pwned=3>zz")
    browser_page.wait_for_timeout(200)
    assert browser_page.locator("#search-status").inner_text() == "not found: <img src=y onerror=window.pwned=3>zz"
    assert browser_page.evaluate("typeof window.pwned") == "undefined"
    # A label full of markup is found like any other, and shown as the text it is.
    search_for(browser_page, "onerror=alert")
    assert browser_page.evaluate("network.getSelectedNodes()") == [node_of(G, IMG)]
    assert browser_page.locator("#search-status").inner_text() == f"found: {IMG}"
    assert browser_page.evaluate("document.querySelectorAll('img').length") == 0
    assert seen["errors"] == [] and seen["dialogs"] == []


@pytest.mark.browser
def test_class_and_property_filters_hide_and_show(browser_page, page_file):
    G, path = page_file
    seen = open_page(browser_page, path)
    hidden_nodes = "network.body.data.nodes.get().filter(n => n.hidden).map(n => n.label).sort()"
    hidden_edges = "network.body.data.edges.get().filter(e => e.hidden).map(e => e.label).sort()"
    browser_page.uncheck('#legend input[data-class="Person"]')
    assert browser_page.evaluate(hidden_nodes) == sorted([IMG, SCRIPT, "Ada Lovelace"])
    # Every edge with a person at either end goes with them; Board basedIn Tarvel stays.
    assert browser_page.evaluate(hidden_edges) == ["heads", "killed", "memberOf", "worksFor"]
    # Search does not jump to a node the reader has filtered out.
    search_for(browser_page, "Ada")
    assert "hidden" in browser_page.locator("#search-status").inner_text()
    browser_page.check('#legend input[data-class="Person"]')
    assert browser_page.evaluate(hidden_nodes) == []
    browser_page.uncheck('#properties input[data-property="basedIn"]')
    assert browser_page.evaluate(hidden_edges) == ["basedIn"]
    assert browser_page.evaluate(hidden_nodes) == []
    assert seen["errors"] == []


@pytest.mark.browser
def test_clicking_a_node_highlights_its_neighbourhood(browser_page, page_file):
    G, path = page_file
    seen = open_page(browser_page, path)
    x, y = node_point(browser_page, node_of(G, "Tarvel"))
    before = browser_page.evaluate("network.canvas.frame.canvas.toDataURL()")
    browser_page.mouse.click(x, y)
    browser_page.wait_for_function("() => network.kgNear !== null && network.kgNear !== undefined")
    # The neighbourhood is drawn over a veil; its facts, and only those, are labelled.
    labels = {node_of(G, "Tarvel"), node_of(G, "Board")}
    assert set(browser_page.evaluate("network.kgNear")) == labels
    browser_page.wait_for_function("() => network.kgEdgeLabels.length > 0")
    assert browser_page.evaluate("network.kgEdgeLabels.map(e => network.body.data.edges.get(e).label)") == ["basedIn"]
    assert {lab["id"] for lab in browser_page.evaluate("network.kgLabels")} <= labels
    assert browser_page.evaluate("network.canvas.frame.canvas.toDataURL()") != before
    # A click on empty canvas lifts the veil and the fact labels.
    box = browser_page.locator("#mynetwork").bounding_box()
    points = [node_point(browser_page, n) for n in G]
    corner = (box["x"] + 3, box["y"] + 3)
    assert all(abs(px - corner[0]) + abs(py - corner[1]) > 60 for px, py in points)
    browser_page.mouse.click(*corner)
    browser_page.wait_for_function("() => network.kgNear === null && network.kgEdgeLabels.length === 0")
    assert seen["errors"] == []
