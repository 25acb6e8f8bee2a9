"""kg.store.query: loading graph files, running SPARQL, printing answers, the curated questions."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from factories import make_extraction
from factories import news_extraction as build_extraction
from kg.errors import KgError
from kg.graph.graphfile import GRAPH_FORMATS, load_graph
from kg.graph.prefixes import prefixes
from kg.graph.rdf import to_graph
from kg.graph.vocab import V
from kg.model import Entity, Fact, Provenance
from kg.store.query import curated_queries, question, run
from kg.store.results import QueryResult, format_result
from kg.text import inline


@pytest.fixture
def graph() -> Graph:
    return to_graph([build_extraction()])


def labels(result: QueryResult, var: str) -> list[str]:
    return [str(v) for v in result.column(var)]


# ---------------------------------------------------------------- run: answers


def test_who_heads_the_security_council(graph):
    result = run(graph, """
        SELECT ?name WHERE {
            ?p kg:heads ?org . ?org rdfs:label "Harbour Council" . ?p rdfs:label ?name
        }""")
    assert result.type == "SELECT"
    assert result.vars == ["name"]
    assert labels(result, "name") == ["Marta Kovac"]


def test_predeclared_prefixes_cover_the_ontology_and_instances():
    ns = prefixes()
    for prefix in ("kg", "kgid", "rdf", "rdfs", "owl", "xsd", "skos", "prov", "dcterms", "org", "schema", "sem"):
        assert prefix in ns, prefix
    assert ns["kg"] == URIRef(str(V.namespace))
    assert ns["kgid"] == URIRef(str(V.instances))
    assert (ns["rdfs"], ns["owl"], ns["skos"], ns["xsd"], ns["prov"], ns["dcterms"]) == (
        URIRef(str(RDFS)), URIRef(str(OWL)), URIRef(str(SKOS)), URIRef(str(XSD)), URIRef(str(PROV)), URIRef(str(DCTERMS)))
    # rdflib binds its own long list (brick, csvw, ...) on every Graph; only the ontology's are wanted.
    assert "brick" not in ns


def test_query_may_redeclare_a_prefix(graph):
    kg_ns = str(V.namespace)
    result = run(graph, f"PREFIX k: <{kg_ns}> PREFIX kg: <{kg_ns}nothing-> "
                        "SELECT ?p WHERE { ?p k:heads ?o } ")
    assert len(result.rows) == 1
    assert not run(graph, "PREFIX kg: <urn:other#> ASK { ?p kg:heads ?o }").boolean


def test_ask(graph):
    assert run(graph, "ASK { ?p kg:holdsPosition ?pos }").boolean is True
    assert run(graph, "ASK { ?p kg:killed ?q }").boolean is False


def test_construct_prints_turtle_that_parses(graph):
    result = run(graph, "CONSTRUCT { ?o kg:headedBy ?p } WHERE { ?p kg:heads ?o }")
    assert result.type == "CONSTRUCT"
    text = format_result(result, "table")
    back = Graph().parse(data=text, format="turtle")
    assert len(back) == 1
    s, p, o = next(iter(back))
    assert graph.value(s, RDFS.label) == Literal("Harbour Council")
    assert graph.value(o, RDFS.label) == Literal("Marta Kovac")
    assert "@prefix kg:" in text  # prefixes from the ontology, not ns1:
    assert Graph().parse(data=format_result(result, "json"), format="json-ld").isomorphic(back)


def test_describe_prints_turtle_about_the_node(graph):
    result = run(graph, 'DESCRIBE ?p WHERE { ?p rdfs:label "Zhakip Asanov" }')
    assert result.type == "DESCRIBE"
    back = Graph().parse(data=format_result(result), format="turtle")
    person = next(back.subjects(RDFS.label, Literal("Zhakip Asanov")))
    assert (person, RDF.type, V.Person) in back
    assert (person, V.holdsPosition, None) in back


def test_unbound_values_are_empty(graph):
    result = run(graph, """
        SELECT ?event ?date WHERE { ?e a kg:Meeting ; rdfs:label ?event . OPTIONAL { ?e kg:nothing ?date } }""")
    assert result.rows == [(Literal("meeting"), None)]
    assert format_result(result, "csv").splitlines()[1] == "meeting,"
    assert json.loads(format_result(result, "json"))["results"]["bindings"] == [
        {"event": {"type": "literal", "value": "meeting"}}]


# ---------------------------------------------------------------- run: errors


@pytest.mark.parametrize("query, line, column", [
    ("SELEC ?x WHERE { ?x ?p ?o }", 1, 1),
    ("SELECT ?x\nWHERE { ?x ?p ?o }\nLIMIT ten", 3, 1),
    ("SELECT ?x WHERE { ?x ?p }", 1, 19),
])
def test_syntax_error_names_line_and_column(graph, query, line, column):
    with pytest.raises(KgError) as err:
        run(graph, query)
    message = str(err.value)
    assert message.startswith(f"SPARQL syntax error at line {line}, column {column}")
    assert "\n" not in message


def test_undeclared_prefix_is_a_one_line_error(graph):
    with pytest.raises(KgError, match=r"unknown prefix foo:"):
        run(graph, "SELECT ?x WHERE { ?x a foo:Bar }")


@pytest.mark.parametrize("update", [
    'INSERT DATA { kgid:x rdfs:label "x" }',
    "DELETE WHERE { ?s ?p ?o }",
    "# tidy up\nPREFIX ex: <urn:ex#>\n  delete { ?s ?p ?o } where { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP DEFAULT",
    "LOAD <file:///etc/hostname>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused(graph, update):
    before = len(graph)
    with pytest.raises(KgError, match=r"SPARQL update \(\w+\) refused"):
        run(graph, update)
    assert len(graph) == before


def test_update_runs_when_allowed(graph):
    result = run(graph, 'INSERT DATA { kgid:x a kg:Person ; rdfs:label "X" }', allow_update=True)
    assert result.type == "UPDATE"
    assert labels(run(graph, 'SELECT ?n WHERE { ?p a kg:Person ; rdfs:label ?n FILTER(?n = "X") }'), "n") == ["X"]
    run(graph, "DELETE WHERE { ?p kg:heads ?o }", allow_update=True)
    assert not run(graph, "ASK { ?p kg:heads ?o }").boolean


def test_broken_update_is_a_syntax_error_when_allowed(graph):
    with pytest.raises(KgError, match=r"^SPARQL syntax error at line \d+, column \d+"):
        run(graph, "INSERT DATA { kgid:x rdfs:label }", allow_update=True)


# ---------------------------------------------------------------- format_result


def head_query(graph) -> QueryResult:
    return run(graph, """
        SELECT ?person ?org ?kind ?p WHERE {
            ?p kg:heads ?o . ?p rdfs:label ?person . ?o rdfs:label ?org ; a ?kind
        }""")


def test_table_shows_labels_and_short_iris_in_aligned_columns(graph):
    text = format_result(run(graph, """
        SELECT ?person ?what ?kind ?node WHERE {
            ?node kg:participatesIn|kg:heads ?x . ?node rdfs:label ?person . ?x rdfs:label ?what ; a ?kind
        } ORDER BY ?person"""), "table")
    lines = text.splitlines()
    assert lines[0].split() == ["person", "what", "kind", "node"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[-1] == "(2 rows)"
    rows = lines[2:-1]
    assert [r.split("  ")[0].strip() for r in rows] == ["Marta Kovac", "Zhakip Asanov"]
    assert "https://w3id.org/kg-news/ontology" not in text and '"' not in text
    nodes = [next(graph.subjects(RDFS.label, Literal(name))) for name in ("Marta Kovac", "Zhakip Asanov")]
    # kgid:person/... would not parse back in a query ("/" may not stand in a prefixed name)
    short = [f"<{n}>" for n in nodes]
    # Each cell starts where its header starts.
    for column, values in (("what", ["Harbour Council", "meeting"]),
                           ("kind", ["kg:GovernmentBody", "kg:Meeting"]),
                           ("node", short)):
        at = lines[0].index(column)
        assert [r[at:].split("  ")[0] for r in rows] == values
        assert all(r[at - 2:at] == "  " for r in rows)


def test_table_keeps_one_line_per_row_when_labels_hold_newlines():
    g = Graph()
    g.add((V.instances["person/x"], RDFS.label, Literal("two\nlines\tand tab")))
    text = format_result(run(g, "SELECT ?l WHERE { ?s rdfs:label ?l }"), "table")
    assert text.splitlines()[2] == "two\\nlines\\tand tab"


def test_csv_parses_with_the_csv_module(graph):
    result = head_query(graph)
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows[0] == ["person", "org", "kind", "p"]
    assert rows[1][:3] == ["Marta Kovac", "Harbour Council", str(V.GovernmentBody)]
    assert rows[1][3] == str(next(graph.subjects(RDFS.label, Literal("Marta Kovac"))))
    assert len(rows) == 2


def test_csv_quotes_commas_quotes_and_newlines():
    g = Graph()
    tricky = 'a, "b"\nc'
    g.add((V.instances["person/x"], RDFS.label, Literal(tricky)))
    rows = list(csv.reader(io.StringIO(format_result(run(g, "SELECT ?l { ?s rdfs:label ?l }"), "csv"), newline="")))
    assert rows == [["l"], [tricky]]


def test_tsv_holds_rdf_terms(graph):
    result = run(graph, """
        SELECT ?event ?date ?e WHERE { ?e a kg:Attack ; rdfs:label ?event ; kg:occursOn ?date }""")
    lines = format_result(result, "tsv").splitlines()
    assert lines[0].split("\t") == ["?event", "?date", "?e"]
    event, date, node = lines[1].split("\t")
    assert event == '"attacks"'
    assert date == f'"2016-06-05"^^<{XSD.date}>'
    assert node.startswith("<") and node.endswith(">")
    assert URIRef(node[1:-1]) in set(graph.subjects(RDF.type, V.Attack))


def test_tsv_escapes_tabs_and_newlines():
    g = Graph()
    g.add((V.instances["person/x"], RDFS.label, Literal('a\tb\nc"d\\')))
    lines = format_result(run(g, "SELECT ?l { ?s rdfs:label ?l }"), "tsv").splitlines()
    assert lines == ["?l", '"a\\tb\\nc\\"d\\\\"']


def test_a_tsv_term_read_back_as_sparql_finds_its_own_row():
    g = Graph()
    labels_ = [Literal('a\tb\nc"d\\'), Literal("Vlora", lang="sq"), Literal(7)]
    for i, label in enumerate(labels_):
        g.add((V.instances[f"person/x{i}"], RDFS.label, label))
    cells = format_result(run(g, "SELECT ?l { ?s rdfs:label ?l } ORDER BY ?s"), "tsv").splitlines()[1:]
    assert len(cells) == 3
    for i, cell in enumerate(cells):
        assert run(g, f"SELECT ?s {{ ?s rdfs:label {cell} }}").rows == [(V.instances[f"person/x{i}"],)]


def test_json_is_sparql_results_json(graph):
    doc = json.loads(format_result(head_query(graph), "json"))
    assert doc["head"]["vars"] == ["person", "org", "kind", "p"]
    [binding] = doc["results"]["bindings"]
    assert binding["person"] == {"type": "literal", "value": "Marta Kovac"}
    assert binding["kind"] == {"type": "uri", "value": str(V.GovernmentBody)}
    assert binding["p"]["type"] == "uri"

    dated = json.loads(format_result(run(graph, "SELECT ?d { ?e a kg:Meeting ; kg:occursOn ?d }"), "json"))
    assert dated["results"]["bindings"] == [
        {"d": {"type": "literal", "value": "--06-05", "datatype": str(XSD.gMonthDay)}}]


def test_json_language_tags_and_blank_nodes():
    g = Graph().parse(data='[] <urn:p> "Астана"@kk .', format="turtle")
    [b] = json.loads(format_result(run(g, "SELECT ?s ?o { ?s ?p ?o }"), "json"))["results"]["bindings"]
    assert b["o"] == {"type": "literal", "value": "Астана", "xml:lang": "kk"}
    assert b["s"]["type"] == "bnode"


def test_ask_in_every_format(graph):
    yes = run(graph, "ASK { ?p kg:heads ?o }")
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}
    assert format_result(yes, "table") == "true\n"
    assert format_result(run(graph, "ASK { ?p kg:killed ?o }"), "csv") == "false\n"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_every_answer_ends_in_exactly_one_newline(graph, fmt):
    graphs = ["CONSTRUCT { ?p kg:heads ?o } WHERE { ?p kg:heads ?o }"] if fmt in ("table", "json") else []
    for query in ["SELECT ?p { ?p kg:heads ?o }", "SELECT ?p { ?p kg:killed ?o }", "ASK { ?s ?p ?o }"] + graphs:
        text = format_result(run(graph, query), fmt)
        assert text.endswith("\n") and not text.endswith("\n\n") and not text.endswith("\r\n\r\n"), (query, text)


def test_unknown_format_is_refused(graph):
    with pytest.raises(KgError, match="unknown result format 'xml'"):
        format_result(head_query(graph), "xml")


# ---------------------------------------------------------------- load_graph


@pytest.mark.parametrize("suffix", sorted(GRAPH_FORMATS))
def test_load_graph_reads_every_suffix(graph, tmp_path, suffix):
    fmt = GRAPH_FORMATS[suffix]
    path = tmp_path / f"graph{suffix}"
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        named = ds.graph(V.instances["graph/news-1"])
        for t in graph:
            named.add(t)
        ds.serialize(path, format=fmt)
    else:
        graph.serialize(path, format=fmt)
    loaded = load_graph(path)
    assert isinstance(loaded, Dataset) == (fmt in ("trig", "nquads"))
    assert len(loaded) == len(graph)
    # Named graphs are queried as one default graph.
    assert labels(run(loaded, "SELECT ?n { ?p kg:heads ?o ; rdfs:label ?n }"), "n") == ["Marta Kovac"]


@pytest.mark.parametrize("name, content, reason", [
    ("missing.ttl", None, r"no such file"),
    ("bad.ttl", '@prefix ex: <urn:ex#> .\nex:a ex:b "open .\n', r"line 2: .*string"),
    ("bad.nt", "<urn:a> <urn:b> .\n", r"Invalid line"),
    ("bad.jsonld", '{"@id": ', r"Expecting value"),
    ("bad.rdf", "<rdf:RDF", r"unclosed token"),
    ("binary.ttl", b"\x89PNG\x00\xff\xfe", r"not UTF-8"),
    ("graph.csv", "a,b\n", r"unknown suffix '\.csv'"),
])
def test_unreadable_graph_is_a_one_line_kg_error(tmp_path, name, content, reason):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(KgError) as err:
        load_graph(path)
    message = str(err.value)
    assert message.startswith(f"cannot read graph {path}: ")
    assert re.search(reason, message), message
    assert "\n" not in message


def test_directory_is_not_a_graph(tmp_path):
    (tmp_path / "g.ttl").mkdir()
    with pytest.raises(KgError, match="directory"):
        load_graph(tmp_path / "g.ttl")


# ---------------------------------------------------------------- curated queries

EXPECTED = {
    "who-heads-what": [("Marta Kovac", "Harbour Council", V.GovernmentBody)],
    # who-holds-which-position reads the tenures kg derives from role nodes: tests/test_roles.py
    "events-by-place-and-date": [
        ("meeting", V.Meeting, "Lindby", Literal("--06-05", datatype=XSD.gMonthDay), "news-1"),
        ("attacks", V.Attack, "Tarvel", Literal("2016-06-05", datatype=XSD.date), "news-1"),
    ],
    "who-took-part": [("Zhakip Asanov", V.Person, "meeting", "Lindby")],
    "bodies-under-bodies": [("Harbour Bureau", "Harbour Council")],
    "bodies-by-place": [("Harbour Council", "Lindby")],
    "places-within-places": [("Lindby", "Moldavia")],
    "attacks-and-perpetrators": [("attacks", "followers of a movement", "Tarvel")],
    "who-said-what": [("Marta Kovac", "the port would reopen", "news-1")],
    # both were at the meeting: one chaired it, the other took part
    "most-connected-people": [("Marta Kovac", "Zhakip Asanov", Literal(1)), ("Zhakip Asanov", "Marta Kovac", Literal(1))],
}


def as_python(row):
    return tuple(str(v) if isinstance(v, Literal) and v.datatype is None else v for v in row)


# The timeline questions read the tenures kg build derives across articles: their exact rows, and
# roqet's second opinion, on the example stream (tests/test_timeline_stream.py).
# read the tenures kg derives across articles (tests/test_timeline*.py, tests/test_roles.py)
TIMELINE = ["conflicting-holders", "events-in-order", "succession-of-a-post", "tenures-of-a-person",
            "who-held-post-on-date", "who-holds-which-position"]


def test_the_curated_queries_are_there():
    assert set(curated_queries()) == set(EXPECTED) | {"facts-with-sources", "which-articles-state-a-fact"} | set(TIMELINE)
    assert len(curated_queries()) >= 12


def test_which_articles_state_a_fact(graph):
    result = run(graph, curated_queries()["which-articles-state-a-fact"].read_text())
    rows = {(str(r[0]), r[1], str(r[2])): (int(r[3]), str(r[4])) for r in result.rows}
    assert rows[("Marta Kovac", V.heads, "Harbour Council")] == (1, "news-1")
    assert rows[("meeting", V.occursOn, "--06-05")] == (1, "news-1")
    assert len(rows) == len(build_extraction().facts)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_curated_query_answers(graph, name):
    result = run(graph, curated_queries()[name].read_text())
    assert [as_python(r) for r in result.rows] == EXPECTED[name]


def test_facts_with_sources(graph):
    result = run(graph, curated_queries()["facts-with-sources"].read_text())
    assert result.vars == ["subject", "predicate", "object", "sentence", "rule", "confidence", "document"]
    rows = {(str(r[0]), r[1], str(r[2])): r for r in result.rows}
    assert len(result.rows) == len(build_extraction().facts)
    heads = rows[("Marta Kovac", V.heads, "Harbour Council")]
    assert str(heads[3]).startswith("President Marta Kovac, chairman of the Harbour Council")
    assert (str(heads[4]), float(heads[5].toPython()), str(heads[6])) == ("title-of-org", 0.9, "news-1")
    assert str(heads[5]) == "0.9"
    # A date is shown as its value, not dropped for want of a label.
    assert ("meeting", V.occursOn, "--06-05") in rows


@pytest.mark.parametrize("name", sorted(EXPECTED) + ["facts-with-sources", "which-articles-state-a-fact"] + TIMELINE)
def test_curated_query_says_its_question_and_declares_the_ontology_prefixes(name):
    text = curated_queries()[name].read_text()
    assert text.startswith("# ")
    assert question(text).endswith("?")
    # The files declare their prefixes so any SPARQL tool can run them; they must agree with kg's.
    declared = dict(re.findall(r"^PREFIX\s+(\w*):\s*<([^>]*)>", text, re.MULTILINE | re.IGNORECASE))
    assert declared, "declares no prefixes"
    for prefix, iri in declared.items():
        assert prefixes()[prefix] == URIRef(iri), prefix


@pytest.mark.parametrize("cls", sorted(c for c, sup in V.superclasses.items() if "Event" in sup))
def test_events_query_finds_every_kind_of_event(cls):
    ex = make_extraction("d", "x", entities=[Entity("e", cls, f"a {cls}")])
    result = run(to_graph([ex]), curated_queries()["events-by-place-and-date"].read_text())
    assert [(str(r[0]), r[1]) for r in result.rows] == [(f"a {cls}", V.term(cls))]


def need_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        # On CI a missing tool would mean the cross-check silently stopped checking anything.
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is not installed")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED) + ["facts-with-sources", "which-articles-state-a-fact"])
def test_curated_query_gives_the_same_answer_in_roqet(graph, tmp_path, name):
    # The .rq files promise to run in any SPARQL tool; rasqal's roqet is a second opinion.
    roqet = need_tool("roqet")
    data = tmp_path / "graph.ttl"
    graph.serialize(data, format="turtle")
    query = curated_queries()[name]
    # rasqal 0.9.33 cannot parse FILTER NOT EXISTS; OPTIONAL and !BOUND say the same to it (and
    # would run 100x slower in Oxigraph, which pushes the person into NOT EXISTS but not into OPTIONAL)
    theirs_text = re.sub(r"FILTER NOT EXISTS \{ (\?\w+)([^{}]*)\}", r"OPTIONAL { \1\2} FILTER (!BOUND(\1))",
                        query.read_text())
    rq = tmp_path / query.name
    rq.write_text(theirs_text)
    done = subprocess.run([roqet, "-q", "-r", "csv", "-D", str(data), str(rq)], capture_output=True, text=True)
    # roqet exits 2 after any aggregate query (even a bare COUNT) while printing right results
    assert done.returncode == 0 or (done.returncode == 2 and "GROUP BY" in query.read_text()
                                    and "error" not in done.stderr.lower()), done.stderr
    out = done.stdout
    theirs = list(csv.reader(io.StringIO(out)))
    ours = list(csv.reader(io.StringIO(format_result(run(graph, query.read_text()), "csv"))))
    assert len(ours) > 1
    assert theirs[0] == ours[0]
    assert sorted(theirs[1:]) == sorted(ours[1:])


# ---------------------------------------------------------------- Turtle that other tools read

NASTY = [
    'He said "no" and left',
    "ends with a quote\"",
    '"""triple quoted"""',
    "'''single triple'''",
    "<script>alert('x')</script> & <b>",
    "<img src=x onerror=alert(1)>",
    "back\\slash \\u0041 \\n not a newline \\",
    "two\nlines\r\nand a\ttab",
    "Нур-Султан 北京 مرحبا 🙂",
]


@pytest.fixture
def nasty_graph() -> Graph:
    ex = make_extraction("doc <1> \"quoted\"", "text", source="in\\put.txt", title='A "title"\nwith <tags>',
                         entities=[Entity(f"p{i}", "Person", label, {label + " (alt)"}) for i, label in enumerate(NASTY)])
    ex.facts.append(Fact("p0", "killed", "p5", Provenance("d", NASTY[7] + NASTY[4], 0, 3, 'rule "x"', 0.5)))
    return to_graph([ex])


def person_labels(g: Graph) -> set[str]:
    return {str(o) for s in g.subjects(RDF.type, V.Person) for o in g.objects(s, RDFS.label)}


def test_turtle_with_nasty_labels_parses_back_with_rdflib(nasty_graph, tmp_path):
    path = tmp_path / "nasty.ttl"
    path.write_text(nasty_graph.serialize(format="turtle"), encoding="utf-8")
    back = Graph().parse(path, format="turtle")
    assert person_labels(back) == {inline(label) for label in NASTY}  # on one line
    assert len(back) == len(nasty_graph)
    assert back.isomorphic(nasty_graph)


def test_turtle_with_nasty_labels_parses_with_rapper(nasty_graph, tmp_path):
    rapper = need_tool("rapper")
    path = tmp_path / "nasty.ttl"
    path.write_text(nasty_graph.serialize(format="turtle"), encoding="utf-8")
    check = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert f"returned {len(nasty_graph)} triples" in check.stderr
    # What rapper reads must be the same strings, not merely something that parses.
    nt = subprocess.run([rapper, "-q", "-i", "turtle", "-o", "ntriples", str(path)],
                        capture_output=True, text=True, check=True).stdout
    assert person_labels(Graph().parse(data=nt, format="nt")) == {inline(label) for label in NASTY}


def test_events_query_orders_events_with_and_without_dates():
    # one event with a date and place, one with neither: rdflib used to fail comparing them
    ex = build_extraction()
    ex.entities["talks"] = Entity("talks", "Meeting", "talks")
    result = run(to_graph([ex]), curated_queries()["events-by-place-and-date"].read_text())
    assert [str(r[0]) for r in result.rows] == ["talks", "meeting", "attacks"]


# ---------------------------------------------------------------- binding a variable


def test_bind_fixes_a_variable_to_a_string_or_an_iri(graph):
    from kg.store.sparql import bind, parse_binding

    text = "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name }"
    assert labels(run(graph, bind(text, dict([parse_binding("name=Marta Kovac")]))), "name") == ["Marta Kovac"]
    kovac = next(graph.subjects(RDFS.label, Literal("Marta Kovac")))
    assert labels(run(graph, bind(text, dict([parse_binding(f"p=<{kovac}>")]))), "name") == ["Marta Kovac"]
    tricky = 'a "quoted"\\ name\n'
    assert run(graph, bind(text, {"name": Literal(tricky)})).rows == []  # escaped, so still a query
    # the notebook's way: run binds them itself
    assert labels(run(graph, text, bindings={"name": Literal("Marta Kovac")}), "name") == ["Marta Kovac"]


def test_bind_goes_into_the_where_clause_not_a_construct_template(graph):
    from kg.store.sparql import bind

    text = "CONSTRUCT { ?p kg:heads ?o } WHERE { ?p kg:heads ?o ; rdfs:label ?n }"
    assert len(run(graph, bind(text, {"n": Literal("Marta Kovac")})).graph) == 1
    assert len(run(graph, bind(text, {"n": Literal("Zhakip Asanov")})).graph) == 0


@pytest.mark.parametrize("name, variable", [("which-articles-state-a-fact", "subject"),
                                            ("most-connected-people", "person")])
def test_bind_reaches_the_subquery_that_counts_in_the_curated_questions_about_one_person(graph, name, variable):
    # The outer SELECT of these queries has no WHERE keyword, so the value lands in the subquery
    # that counts; in the outer clause it would count for everyone and only then pick the rows.
    from kg.store.sparql import bind

    text = curated_queries()[name].read_text()
    bound = bind(text, {variable: Literal("Marta Kovac")})
    assert bound.index(f'VALUES ?{variable} {{ "Marta Kovac" }}') > bound.index("{ SELECT")
    rows = run(graph, bound).rows
    assert rows and {str(r[0]) for r in rows} == {"Marta Kovac"}
    assert run(graph, bind(text, {variable: Literal("Nobody Atall")})).rows == []


@pytest.mark.parametrize("text, verb", [("PREFIX ex: <urn:ex#>\n# x\n delete where { ?s ?p ?o }", "DELETE"),
                                        ("SELECT * { ?s ?p ?o }", None), ("with <urn:g> DELETE {} WHERE {}", "WITH")])
def test_update_verb(text, verb):
    from kg.store.sparql import update_verb

    assert update_verb(text) == verb


@pytest.mark.parametrize("sparql, word", [
    ("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("select * { {} service silent ?endpoint { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * { ?s ?p ?o.SERVICE<http://127.0.0.1:9/>{} }", "SERVICE"),
    ("SELECT * { ?s ex:a\\#b ?o SERVICE <http://127.0.0.1:9/> {} }", "SERVICE"),  # \# is no comment
    ("SELECT * { \\u0053ERVICE <http://127.0.0.1:9/> {} }", "SERVICE"),
    ('SELECT * { ?s ?p """a""""\nSERVICE <http://127.0.0.1:9/> {} }', "SERVICE"),  # the string ends at """
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
    ("SELECT ?service { ?service a ex:Service ; ex:note 'SERVICE' }", None),
    ('SELECT * { ?s ex:service <urn:SERVICE> ; ex:n """SERVICE <x> {}""" } # SERVICE <x> {}', None),
    ("PREFIX service: <urn:x#> SELECT * { ?s service:load ?o ; ex:a-service ?b }", None),
])
def test_calls_out_finds_the_keyword_where_the_engine_would(sparql, word):
    from kg.store.sparql import calls_out

    assert calls_out(sparql) == word


def test_a_foreign_graph_cannot_disguise_a_table_row(tmp_path):
    # U+202E would show "Ada Bell" backwards from there on, and a newline would start a false row
    path = tmp_path / "foreign.ttl"
    path.write_text('<urn:x:a> <urn:x:name> "Ada \\u202eBell\\nforged row" .\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg.cli", "query", str(path), "SELECT ?n { ?s ?p ?n }"],
                          capture_output=True, text=True)
    assert done.stdout.splitlines() == ["n", "-" * 26, "Ada \\u202eBell\\nforged row", "(1 row)"]
