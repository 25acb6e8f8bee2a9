"""Time on the page (kg.explore.history, page.py, page.js): an entity's role history in its side
panel, and a date control that shows the graph as it stood on a chosen day.

The graph is hand-made Turtle about an invented harbour: Tomas Quell is harbour master until an
article calls him former, Ilse Marn takes over from him (after a deputy post years before), and a
later article names Edda Voss as current holder too, a conflict.
"""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS

from kg.explore.analytics import centrality
from kg.explore.history import Tenure, read
from kg.explore.network import entity_graph
from kg.explore.page import render
from test_page import open_page, page_data

KG = "https://w3id.org/kg-news/id/"
HEAD = """
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://w3id.org/kg-news/id/> .

:doc-a1 a kg:Document ; rdfs:label "news/a1.txt" ; kg:sourcePath "news/a1.txt" ;
    dcterms:title "Brenn harbour gets a master" ; dcterms:date "2024-01-10"^^xsd:date .
:doc-a2 a kg:Document ; rdfs:label "news/a2.txt" ; kg:sourcePath "news/a2.txt" ;
    dcterms:title "New master for Brenn" ; dcterms:date "2024-06-01"^^xsd:date .
:doc-a3 a kg:Document ; rdfs:label "news/a3.txt" ; kg:sourcePath "news/a3.txt" ; dcterms:date "2025-02-01"^^xsd:date .

:quell a kg:Person ; rdfs:label "Tomas Quell" .
:marn a kg:Person ; rdfs:label "Ilse Marn" .
:voss a kg:Person ; rdfs:label "Edda Voss" .
:master a kg:Position ; rdfs:label "harbour master of Brenn" .
:deputy a kg:Position ; rdfs:label "deputy harbour master" .
:board a kg:GovernmentBody ; rdfs:label "Brenn Harbour Board" .
:brenn a kg:City ; rdfs:label "Brenn" .
:dock-meeting a kg:Meeting ; rdfs:label "dock meeting" ; kg:occursOn "2024-05-25"^^xsd:date .
:pier-fire a kg:Attack ; rdfs:label "pier fire" ; kg:occursOn "2025-01-20"^^xsd:date .
:vote a kg:Meeting ; rdfs:label "harbour vote" .

:quell kg:holdsPosition :master ; kg:heads :board ; kg:participatesIn :vote .
:marn kg:holdsPosition :master, :deputy ; kg:heads :board ; kg:participatesIn :dock-meeting .
:voss kg:holdsPosition :master .
:pier-fire kg:occursIn :brenn .

:s1 a kg:Assertion ; rdf:subject :quell ; rdf:predicate kg:holdsPosition ; rdf:object :master ; kg:sourceDocument :doc-a1 .
:s2 a kg:Assertion ; rdf:subject :quell ; rdf:predicate kg:heads ; rdf:object :board ; kg:sourceDocument :doc-a1 .
:s3 a kg:Assertion ; rdf:subject :marn ; rdf:predicate kg:holdsPosition ; rdf:object :master ; kg:sourceDocument :doc-a2 .
:s4 a kg:Assertion ; rdf:subject :marn ; rdf:predicate kg:heads ; rdf:object :board ; kg:sourceDocument :doc-a2 .
:s5 a kg:Assertion ; rdf:subject :marn ; rdf:predicate kg:participatesIn ; rdf:object :dock-meeting ; kg:sourceDocument :doc-a2 .
:s6 a kg:Assertion ; rdf:subject :marn ; rdf:predicate kg:holdsPosition ; rdf:object :deputy ; kg:sourceDocument :doc-a3 .
:s7 a kg:Assertion ; rdf:subject :voss ; rdf:predicate kg:holdsPosition ; rdf:object :master ; kg:sourceDocument :doc-a3 .
:s8 a kg:Assertion ; rdf:subject :pier-fire ; rdf:predicate kg:occursIn ; rdf:object :brenn ; kg:sourceDocument :doc-a3 .

:r1 a kg:Role ; org:member :quell ; org:role :master ; org:organization :board ; kg:roleStatus "current" ; kg:sourceDocument :doc-a1 .
:r2 a kg:Role ; org:member :quell ; org:role :master ; org:organization :board ; kg:roleStatus "former" ; kg:sourceDocument :doc-a2 .
:r3 a kg:Role ; org:member :marn ; org:role :master ; org:organization :board ; kg:roleStatus "current" ;
    org:memberDuring :r3-during ; kg:replaces :r2 ; kg:sourceDocument :doc-a2 .
:r3-during a time:Interval ; time:hasBeginning :r3-start .
:r3-start a time:Instant ; time:inXSDDate "2024-05-20"^^xsd:date .
:r4 a kg:Role ; org:member :marn ; org:role :master ; org:organization :board ; kg:roleStatus "current" ; kg:sourceDocument :doc-a3 .
:r5 a kg:Role ; org:member :marn ; org:role :deputy ; kg:roleStatus "former" ; org:memberDuring :r5-during ; kg:sourceDocument :doc-a3 .
:r5-during a time:Interval ; time:hasBeginning :r5-start ; time:hasEnd :r5-end .
:r5-start a time:Instant ; time:inXSDgYear "2021"^^xsd:gYear .
:r5-end a time:Instant ; time:inXSDgYear "2023"^^xsd:gYear .
:r6 a kg:Role ; org:member :voss ; org:role :master ; kg:roleStatus "current" ; kg:sourceDocument :doc-a3 .
"""
TENURES = """
:t-quell a kg:Tenure ; org:member :quell ; org:role :master ; org:organization :board ; kg:roleStatus "former" ;
    kg:knownFrom "2024-01-10"^^xsd:date ; kg:knownUntil "2024-01-10"^^xsd:date ;
    kg:endNoLaterThan "2024-06-01"^^xsd:date ; kg:evidence :r1, :r2 .
:t-marn a kg:Tenure ; org:member :marn ; org:role :master ; org:organization :board ; kg:roleStatus "current" ;
    org:memberDuring :r3-during ; kg:knownFrom "2024-05-20"^^xsd:date ; kg:knownUntil "2025-02-01"^^xsd:date ;
    kg:evidence :r3, :r4 ; kg:replaces :t-quell .
:t-deputy a kg:Tenure ; org:member :marn ; org:role :deputy ; kg:roleStatus "former" ; org:memberDuring :r5-during ;
    kg:knownFrom "2021-01-01"^^xsd:date ; kg:knownUntil "2023-12-31"^^xsd:date ; kg:evidence :r5 .
:t-voss a kg:Tenure ; org:member :voss ; org:role :master ; kg:roleStatus "current" ;
    kg:knownFrom "2025-02-01"^^xsd:date ; kg:knownUntil "2025-02-01"^^xsd:date ; kg:evidence :r6 .
:c1 a kg:Conflict ; kg:conflictingTenure :t-marn, :t-voss ; org:role :master ; kg:sourceDocument :doc-a2, :doc-a3 .
"""


def harbour(tenures: bool = True) -> Graph:
    """The invented harbour's graph, with its kg:Tenure nodes, or as an older graph without them."""
    return Graph().parse(data=HEAD + (TENURES if tenures else ""), format="turtle")


def node(name: str) -> str:
    return KG + name


@pytest.fixture
def harbour_page(tmp_path):
    graph = harbour()
    G = entity_graph(graph)
    return G, render(G, centrality(G), tmp_path / "g.html", timeline=read(graph))


# ---------------------------------------------------------------- kg.explore.history


def test_tenures_are_read_with_their_dates_sources_and_conflicts():
    timeline = read(harbour())
    assert timeline.reconciled
    found = {t.iri.rsplit("/", 1)[-1]: t for t in timeline.tenures}
    assert sorted(found) == ["t-deputy", "t-marn", "t-quell", "t-voss"]
    marn = found["t-marn"]
    assert (marn.person_label, marn.post_label, marn.organization_label, marn.status) == (
        "Ilse Marn", "harbour master of Brenn", "Brenn Harbour Board", "current")
    assert (marn.start, marn.end, marn.when, marn.window) == ("2024-05-20", "", "since 2024-05-20", ("2024-05-20", ""))
    assert [(s.title, s.document, s.date) for s in marn.sources] == [
        ("New master for Brenn", "news/a2.txt", "2024-06-01"), ("", "news/a3.txt", "2025-02-01")]
    assert marn.replaces == node("t-quell")
    assert marn.conflicts == [node("t-voss")] and found["t-voss"].conflicts == [node("t-marn")]
    assert [s.date for s in marn.conflict_sources] == ["2024-06-01", "2025-02-01"]
    quell = found["t-quell"]
    assert quell.when == "known from 2024-01-10, ended by 2024-06-01"
    assert quell.window == ("2024-01-10", "2024-05-31")
    assert found["t-deputy"].when == "2021 – 2023" and found["t-deputy"].window == ("2021-01-01", "2023-12-31")
    assert timeline.event_dates == {node("dock-meeting"): "2024-05-25", node("pier-fire"): "2025-01-20"}


def test_histories_are_in_date_order_for_a_person_and_a_post():
    by_node = read(harbour()).by_node()
    assert [t.post_label for t in by_node[node("marn")]] == ["deputy harbour master", "harbour master of Brenn"]
    assert [t.person_label for t in by_node[node("master")]] == ["Tomas Quell", "Ilse Marn", "Edda Voss"]
    assert [t.person_label for t in by_node[node("board")]] == ["Tomas Quell", "Ilse Marn"]


def test_role_windows_join_a_person_to_the_post_and_the_body():
    windows = read(harbour()).windows()
    assert windows[(node("quell"), node("master"))] == [("2024-01-10", "2024-05-31")]
    assert windows[(node("quell"), node("board"))] == [("2024-01-10", "2024-05-31")]
    assert windows[(node("marn"), node("deputy"))] == [("2021-01-01", "2023-12-31")]
    assert windows[(node("voss"), node("master"))] == [("2025-02-01", "")]


@pytest.mark.parametrize("kwargs,window", [
    ({"status": "former"}, None),                                       # known only as former
    ({"status": "designate", "known_from": "2024-02-01"}, None),        # not begun
    ({"status": "designate", "start": "2024-03"}, ("2024-03-01", "")),
    ({"status": "current", "known_from": "2024-02-01"}, ("2024-02-01", "")),
    ({"status": "current"}, ("", "")),                                  # undated: any day
    ({"status": "former", "start": "2025", "end_by": "2024-06-01"}, None),  # ended before it began
])
def test_window_of_a_tenure(kwargs, window):
    assert Tenure("t", "p", "P", "q", "Q", **kwargs).window == window


def test_an_older_graph_lists_each_articles_roles_as_stated():
    timeline = read(harbour(tenures=False))
    assert not timeline.reconciled
    quell = timeline.by_node()[node("quell")]
    assert [(t.status, t.when, [s.date for s in t.sources]) for t in quell] == [
        ("current", "known from 2024-01-10", ["2024-01-10"]),
        ("former", "known from 2024-06-01, ended by 2024-06-01", ["2024-06-01"])]
    assert [t.window for t in quell] == [("2024-01-10", ""), None]
    assert len(timeline.tenures) == 6


# ---------------------------------------------------------------- the page's data


def test_the_page_carries_histories_windows_and_event_dates(harbour_page):
    G, path = harbour_page
    data = page_data(path)
    kind, listed = data["history"][node("master")]
    history = [dict(zip(data["roleFields"], data["roles"][i])) for i in listed]
    assert kind == "holders"
    assert [(r["who"], r["status"], r["when"]) for r in history] == [
        ("Tomas Quell", "former", "known from 2024-01-10, ended by 2024-06-01"),
        ("Ilse Marn", "current", "since 2024-05-20"),
        ("Edda Voss", "current", "known from 2025-02-01")]
    marn = history[1]
    assert marn["rep"] == "Tomas Quell" and marn["conf"] == ["Edda Voss"] and marn["at"] == "Brenn Harbour Board"
    assert [data["roleSources"][i] for i in marn["src"]] == [["New master for Brenn", "2024-06-01"],
                                                              ["a3.txt", "2025-02-01"]]
    assert [data["history"][node(n)][0] for n in ("marn", "board", "deputy")] == ["held", "in", "holders"]
    assert data["reconciled"] is True
    edge = {(e["from"], e["to"], e["label"]): e["id"] for e in data["edges"]}
    when = data["roleWhen"]
    assert when[edge[(node("quell"), node("board"), "heads")]] == [["2024-01-10", "2024-05-31"]]
    assert when[edge[(node("marn"), node("master"), "holdsPosition")]] == [["2024-05-20", ""]]
    # A fact that is no role's keeps to the article rule alone.
    assert edge[(node("marn"), node("dock-meeting"), "participatesIn")] not in when
    assert data["eventDate"] == {node("dock-meeting"): "2024-05-25", node("pier-fire"): "2025-01-20"}
    text = path.read_text()
    assert 'id="as-of" type="date" min="2024-01-10" max="2025-02-01"' in text
    assert '<p id="as-of-shown" role="status">all dates</p>' in text


def test_a_role_fact_held_on_any_day_carries_no_window(tmp_path):
    graph = harbour(tenures=False)
    graph.remove((None, DCTERMS.date, None))  # undated articles: Quell's current role has no bounds
    G = entity_graph(graph)
    data = page_data(render(G, [], tmp_path / "g.html", timeline=read(graph)))
    edge = {(e["from"], e["to"]): e["id"] for e in data["edges"]}
    assert edge[(node("quell"), node("master"))] not in data["roleWhen"]
    assert data["roleWhen"][edge[(node("marn"), node("deputy"))]] == [["2021-01-01", "2023-12-31"]]


def test_a_page_without_a_timeline_has_no_history(tmp_path):
    G = entity_graph(harbour())
    data = page_data(render(G, [], tmp_path / "g.html"))
    assert (data["roles"], data["roleSources"], data["history"], data["roleWhen"], data["eventDate"]) == (
        [], [], {}, {}, {})


def test_kg_page_of_a_graph_file_reads_its_tenures(tmp_path, run_kg):
    source = tmp_path / "harbour.ttl"
    harbour().serialize(source, format="turtle")
    code, _, err = run_kg("page", source, "-o", tmp_path / "h.html")
    assert code == 0, err
    data = page_data(tmp_path / "h.html")
    post = data["roleFields"].index("post")
    assert [data["roles"][i][post] for i in data["history"][node("marn")][1]] == [
        "deputy harbour master", "harbour master of Brenn"]


# ---------------------------------------------------------------- in the browser

HIDDEN_EDGES = "network.body.data.edges.get().filter(e => e.hidden).length"
SHOWN_EDGES = """network.body.data.edges.get().filter(e => !e.hidden)
    .map(e => network.body.data.nodes.get(e.from).label + ' ' + e.label + ' ' + network.body.data.nodes.get(e.to).label)
    .sort()"""
SHOWN_NODES = "network.body.data.nodes.get().filter(n => !n.hidden).map(n => n.label).sort()"


def choose(page, day: str) -> None:
    page.fill("#as-of", day)


@pytest.mark.browser
def test_the_date_control_shows_the_graph_as_it_stood(browser_page, harbour_page):
    G, path = harbour_page
    seen = open_page(browser_page, path)
    everything = browser_page.evaluate(SHOWN_EDGES)
    assert len(everything) == G.number_of_edges()
    assert browser_page.locator("#as-of-shown").inner_text() == "all dates"

    choose(browser_page, "2024-03-01")
    assert browser_page.locator("#as-of-shown").inner_text() == "as it stood on 2024-03-01"
    # Quell's tenure holds; Marn's facts come from later articles; the undated vote stays.
    assert browser_page.evaluate(SHOWN_EDGES) == [
        "Tomas Quell heads Brenn Harbour Board", "Tomas Quell holdsPosition harbour master of Brenn",
        "Tomas Quell participatesIn harbour vote"]
    assert browser_page.evaluate(SHOWN_NODES) == [
        "Brenn Harbour Board", "Tomas Quell", "harbour master of Brenn", "harbour vote"]

    choose(browser_page, "2024-07-01")
    # Quell ended by 2024-06-01; Marn took over on 2024-05-20, as the 2024-06-01 article says.
    assert browser_page.evaluate(SHOWN_EDGES) == [
        "Ilse Marn heads Brenn Harbour Board", "Ilse Marn holdsPosition harbour master of Brenn",
        "Ilse Marn participatesIn dock meeting", "Tomas Quell participatesIn harbour vote"]

    choose(browser_page, "2025-03-01")
    # The deputy post (2021-2023) is over; the fire has happened; Voss is named too (a conflict).
    assert browser_page.evaluate(SHOWN_EDGES) == [
        "Edda Voss holdsPosition harbour master of Brenn", "Ilse Marn heads Brenn Harbour Board",
        "Ilse Marn holdsPosition harbour master of Brenn", "Ilse Marn participatesIn dock meeting",
        "Tomas Quell participatesIn harbour vote", "pier fire occursIn Brenn"]
    assert "deputy harbour master" not in browser_page.evaluate(SHOWN_NODES)

    browser_page.click("#all-dates")
    assert browser_page.evaluate(SHOWN_EDGES) == everything
    assert browser_page.evaluate(HIDDEN_EDGES) == 0
    assert browser_page.locator("#as-of-shown").inner_text() == "all dates"
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]


@pytest.mark.browser
def test_the_step_slider_walks_the_article_dates(browser_page, harbour_page):
    G, path = harbour_page
    seen = open_page(browser_page, path)
    slider = browser_page.locator("#as-of-step")
    assert slider.get_attribute("max") == "3" and slider.input_value() == "3"
    slider.fill("1")
    assert browser_page.locator("#as-of").input_value() == "2024-06-01"
    assert browser_page.locator("#as-of-shown").inner_text() == "as it stood on 2024-06-01"
    assert "Ilse Marn holdsPosition harbour master of Brenn" in browser_page.evaluate(SHOWN_EDGES)
    choose(browser_page, "2024-12-31")
    assert slider.input_value() == "1"
    slider.fill("3")
    assert browser_page.locator("#as-of").input_value() == ""
    assert browser_page.evaluate(HIDDEN_EDGES) == 0
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]


@pytest.mark.browser
def test_the_panel_lists_the_role_history_in_order(browser_page, harbour_page):
    G, path = harbour_page
    seen = open_page(browser_page, path)
    browser_page.fill("#search", "Ilse Marn")
    browser_page.press("#search", "Enter")
    panel = browser_page.locator("#panel")
    assert panel.locator("h3").first.inner_text() == "Role history (2)"
    tenures = panel.locator(".history > li")
    assert tenures.locator(".holder").all_inner_texts() == [
        "deputy harbour master", "harbour master of Brenn (Brenn Harbour Board)"]
    assert tenures.locator(".when").all_inner_texts() == ["former · 2021 – 2023", "current · since 2024-05-20"]
    assert tenures.nth(1).locator(".replaces").inner_text() == "replaced Tomas Quell"
    assert tenures.nth(1).get_attribute("data-conflict") == "true"
    assert tenures.nth(0).get_attribute("data-conflict") is None
    assert tenures.nth(1).locator(".conflict").inner_text() == (
        "⚠ conflict: also named current holder: Edda Voss (New master for Brenn (2024-06-01); a3.txt (2025-02-01))")
    assert tenures.nth(1).locator(".src").inner_text() == "New master for Brenn (2024-06-01); a3.txt (2025-02-01)"
    # On a chosen day the tenures held then are marked.
    choose(browser_page, "2024-07-01")
    assert tenures.nth(1).locator(".held").inner_text() == "held on 2024-07-01"
    assert [tenures.nth(i).get_attribute("data-held") for i in range(2)] == [None, "true"]
    choose(browser_page, "2022-07-01")
    assert [tenures.nth(i).get_attribute("data-held") for i in range(2)] == ["true", None]
    browser_page.click("#all-dates")
    assert panel.locator(".held").count() == 0
    # A post lists its holders in order.
    browser_page.fill("#search", "harbour master of Brenn")
    browser_page.press("#search", "Enter")
    assert panel.locator("h2").inner_text() == "harbour master of Brenn"
    assert panel.locator(".history .holder").all_inner_texts() == ["Tomas Quell", "Ilse Marn", "Edda Voss"]
    assert panel.locator(".history .when").all_inner_texts() == [
        "former · known from 2024-01-10, ended by 2024-06-01", "current · since 2024-05-20",
        "current · known from 2025-02-01"]
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]


@pytest.mark.browser
def test_an_older_graph_lists_the_roles_each_article_states(browser_page, tmp_path):
    graph = harbour(tenures=False)
    G = entity_graph(graph)
    path = render(G, centrality(G), tmp_path / "old.html", timeline=read(graph))
    seen = open_page(browser_page, path)
    browser_page.fill("#search", "Tomas Quell")
    browser_page.press("#search", "Enter")
    panel = browser_page.locator("#panel")
    assert panel.locator("h3").first.inner_text() == "Roles as each article states them (2)"
    assert panel.locator(".history .when").all_inner_texts() == [
        "current · known from 2024-01-10", "former · known from 2024-06-01, ended by 2024-06-01"]
    assert panel.locator(".history .src").all_inner_texts() == [
        "Brenn harbour gets a master (2024-01-10)", "New master for Brenn (2024-06-01)"]
    assert seen["errors"] == [] and seen["requests"] == [path.as_uri()]
