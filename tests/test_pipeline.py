"""kg.pipeline: the library API a notebook calls, on two small wire-style articles written for
these tests.  spaCy runs once per build; the two builds every test shares are made once."""
from __future__ import annotations

import gc
import os
import shutil
import subprocess

import pytest
import rdflib  # rdflib.XSD, not a global XSD: pytest probes module globals and XSD warns
from rdflib import RDF, Graph, Literal
from rdflib.namespace import DCTERMS, RDFS, SKOS

from factories import make_extraction
from kg import pipeline
from kg.errors import KgError
from kg.explore import page
from kg.extract import parallel
from kg.graph import rdf
from kg.graph.vocab import FACT_PREDICATES, V
from kg.model import Document, Entity
from kg.store import query, results

HARBOR = """\
Kellmarsh Council Reviews Harbor Attack

KELLMARSH – President Anton Kessel chaired a meeting of the Maritime Defence Council in Kellmarsh on March 4 to assess the March 2 attack in Port Arvel. Minister of Water Resources Lidia Varga presented a report during the meeting.

Harbor pilot Oren Batu said the Ministry of Water Resources would rebuild the pier.

Get The Kellmarsh Post stories sent directly to you! Sign up for our newsletter.
"""

# Quotes, angle brackets, backslashes and markup in the file name, the title and a fact's
# sentence: each ends up in an IRI or a literal, and none may break the Turtle.
QUAY_NAME = 'quay "<pier>" \\ note.md'
QUAY_TITLE = 'Quay Board <script>alert("x")</script> \\ Meets'
INJECTION = "<img src=x onerror=alert(1)>"
QUAY = f"""\
---
title: '{QUAY_TITLE}'
date: 2021-04-10
---
PORT ARVEL, April 9 — Mayor Petra "Pip" O'Neil chaired a meeting of the Quay Board in Port Arvel on April 9 under a banner reading {INJECTION} beside a sign marked C:\\temp\\quay.

Deputy Mayor Ilan Sorel presented a report during the meeting.
"""

@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    (folder / "harbor.txt").write_text(HARBOR, encoding="utf-8")
    (folder / QUAY_NAME).write_text(QUAY, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def result(articles):
    return pipeline.build([articles])


@pytest.fixture(scope="module")
def rebuilt(articles):
    return pipeline.build([articles])


def label_of(graph: Graph, node) -> str:
    return str(graph.value(node, RDFS.label))


def node(graph: Graph, label: str, cls: str):
    nodes = [s for s in graph.subjects(RDFS.label, Literal(label)) if (s, RDF.type, V.term(cls)) in graph]
    assert len(nodes) == 1, f"{label!r} as {cls}: {nodes}"
    return nodes[0]


def fact_triples(graph: Graph):
    return [(s, p, o) for s, p, o in graph if p in {V.term(n) for n in FACT_PREDICATES}]


# ---------------------------------------------------------------- what the articles say


@pytest.mark.slow
def test_both_articles_are_documents(result):
    assert result.documents == 2
    # outside the working folder, an article's id is its absolute path
    assert sorted(ex.document.id.rsplit("/", 1)[-1] for ex in result.extractions) == ["harbor.txt", QUAY_NAME]
    assert len(set(result.graph.subjects(RDF.type, V.Document))) == 2


@pytest.mark.slow
def test_title_before_a_name_is_a_position_not_part_of_the_name(result):
    g = result.graph
    kessel = node(g, "Anton Kessel", "Person")
    assert Literal("President Anton Kessel") in set(g.objects(kessel, SKOS.altLabel))
    assert {label_of(g, p) for p in g.objects(kessel, V.holdsPosition)} == {"President"}


@pytest.mark.slow
def test_minister_of_a_ministry_heads_it(result):
    g = result.graph
    varga = node(g, "Lidia Varga", "Person")
    ministry = node(g, "Ministry of Water Resources", "GovernmentBody")
    assert (varga, V.heads, ministry) in g


@pytest.mark.slow
def test_chair_of_a_meeting(result):
    g = result.graph
    kessel = node(g, "Anton Kessel", "Person")
    meetings = [m for m in g.objects(kessel, V.chairs) if (m, RDF.type, V.Meeting) in g]
    assert len(meetings) == 1
    assert (meetings[0], V.occursOn, Literal("--03-04", datatype=rdflib.XSD.gMonthDay)) in g


@pytest.mark.slow
def test_attack_in_a_city_on_a_date(result):
    g = result.graph
    [attack] = g.subjects(RDF.type, V.Attack)
    assert {label_of(g, o) for o in g.objects(attack, V.occursIn)} == {"Port Arvel"}
    assert (attack, V.occursOn, Literal("--03-02", datatype=rdflib.XSD.gMonthDay)) in g


@pytest.mark.slow
def test_front_matter_date_gives_events_their_year(result):
    g = result.graph
    dates = {o for m in g.subjects(RDF.type, V.Meeting) for o in g.objects(m, V.occursOn)}
    assert Literal("2021-04-09", datatype=rdflib.XSD.date) in dates


@pytest.mark.slow
def test_a_place_named_in_two_articles_is_one_node_mentioned_in_both(result):
    g = result.graph
    ports = {s for s in g.subjects(RDFS.label, Literal("Port Arvel"))}
    assert len(ports) == 1
    assert len(set(g.objects(ports.pop(), V.mentionedIn))) == 2


@pytest.mark.slow
def test_footer_and_dateline_are_metadata_not_entities(result):
    g = result.graph
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert not any("Kellmarsh Post" in label for label in labels)
    harbor = next(ex for ex in result.extractions if ex.document.id.endswith("/harbor.txt"))
    assert harbor.document.dateline == "Kellmarsh"
    assert harbor.document.text.startswith("President Anton Kessel")


# ---------------------------------------------------------------- IRIs and Turtle


@pytest.mark.slow
def test_iris_are_the_same_across_two_builds(result, rebuilt):
    assert set(result.graph.subjects()) == set(rebuilt.graph.subjects())
    # every triple, assertion IRIs and all: a rebuild must diff clean
    assert set(result.graph) == set(rebuilt.graph)


@pytest.mark.slow
def test_turtle_with_quotes_brackets_and_backslashes_parses_back_unchanged(result, tmp_path):
    path = tmp_path / "graph.ttl"
    result.graph.serialize(path, format="turtle")
    back = Graph().parse(path, format="turtle")
    assert set(back) == set(result.graph)
    # the hostile strings really went through the serializer, intact
    assert Literal(QUAY_TITLE) in set(back.objects(None, DCTERMS.title))
    assert any(str(label).endswith("/" + QUAY_NAME) for label in back.objects(None, RDFS.label))
    sentences = [str(o) for o in back.objects(None, V.sentence)]
    assert any(INJECTION in s and 'Petra "Pip" O\'Neil' in s for s in sentences)


def test_hostile_entity_labels_round_trip_through_turtle(tmp_path):
    # labels no parse would produce today, but a later extractor might: IRIs and literals must hold
    hostile = ['Ana "Q" <b>\\ Reis', INJECTION, "Tab\there", "Bell\x07 Inc", "Ünïcödé Ōrg", "a}b{c|d^e`f"]
    ex = make_extraction('d "1" <x>', "Text.", source="d.txt", title="T \\ <b>",
                         entities=[Entity(f"e{i}", "Organization", label) for i, label in enumerate(hostile)])
    graph = rdf.to_graph([ex])
    path = tmp_path / "g.ttl"
    graph.serialize(path, format="turtle")
    back = Graph().parse(path, format="turtle")
    assert set(back) == set(graph)
    labels = {str(o) for o in back.objects(None, RDFS.label)}
    assert {'Ana "Q" <b>\\ Reis', INJECTION, "Tab here", "Bell Inc", "Ünïcödé Ōrg"} <= labels
    for s in back.subjects():
        assert not any(c in str(s) for c in '<>"{}|^`\\ '), s


# U+202E turns the rest of a line around on screen; U+2028 and a newline end a table's row.
DISGUISES = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u2028\u2029\n\t\r"
WRAPPED = """\
---
title: "Quay \u202eTROPER\u202c Notes"
---
PORT ARVEL – Mayor Petra Nol\u202een chaired a meeting of the Quay Board in Port Arvel on April 9,
said the\u2028harbour\tmaster.

Deputy Mayor Ilan\u200f Sorel presented a report during the meeting.
"""


@pytest.mark.slow
def test_labels_and_literals_hold_no_break_or_direction_mark(tmp_path):
    (tmp_path / "wrapped.txt").write_text(WRAPPED, encoding="utf-8")
    graph = pipeline.build([tmp_path]).graph
    literals = [str(o) for o in graph.objects() if isinstance(o, Literal)]
    assert literals and not [t for t in literals if any(c in t for c in DISGUISES)]
    assert "Quay TROPER Notes" in literals
    assert any("Petra Nolen" in t for t in literals), literals  # the name read as one name
    assert any("on April 9, said the harbour master." in t for t in literals)  # a wrapped sentence: spaces
    # and the table kg query prints: one line per row, nothing that turns text around
    found = query.run(graph, "SELECT ?t WHERE { ?s ?p ?t FILTER(isLiteral(?t)) }")
    table = results.format_result(found)
    assert not any(c in table for c in DISGUISES.replace("\n", ""))
    assert len(table.splitlines()) == len(found.rows) + 3  # header, rule, rows, count


RAPPER = "/usr/bin/rapper"


@pytest.mark.slow
def test_rapper_accepts_the_turtle(result, tmp_path):
    if not os.access(RAPPER, os.X_OK):
        reason = f"no {RAPPER} (apt-get install raptor2-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    path = tmp_path / "graph.ttl"
    result.graph.serialize(path, format="turtle")
    proc = subprocess.run([RAPPER, "-i", "turtle", "-c", str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr.lower(), proc.stderr
    assert f"returned {len(result.graph)} triples" in proc.stderr


# ---------------------------------------------------------------- provenance


@pytest.mark.slow
def test_every_fact_triple_has_a_complete_assertion(result):
    g = result.graph
    facts = fact_triples(g)
    assert len(facts) >= 10
    for s, p, o in facts:
        assertions = set(g.subjects(RDF.subject, s)) & set(g.subjects(RDF.predicate, p)) & set(g.subjects(RDF.object, o))
        assert assertions, f"no Assertion for {s} {p} {o}"
        for a in assertions:
            assert (a, RDF.type, V.Assertion) in g
            for prop in (V.sourceDocument, V.sentence, V.startChar, V.endChar, V.rule, V.confidence):
                assert g.value(a, prop) is not None, f"{a} lacks {prop}"
            assert 0.0 < float(g.value(a, V.confidence)) <= 1.0


@pytest.mark.slow
def test_every_assertion_states_a_triple_of_the_graph(result):
    g = result.graph
    for a in g.subjects(RDF.type, V.Assertion):
        assert (g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object)) in g


@pytest.mark.slow
def test_assertion_offsets_point_into_the_sentence_of_the_document(result):
    g = result.graph
    texts = {rdf.document_iri(ex.document.id): ex.document.text for ex in result.extractions}
    checked = 0
    for a in g.subjects(RDF.type, V.Assertion):
        text = texts[g.value(a, V.sourceDocument)]
        sentence = str(g.value(a, V.sentence))
        start, end = int(g.value(a, V.startChar)), int(g.value(a, V.endChar))
        assert 0 <= start < end <= len(text)
        assert sentence in text
        assert text[start:end] in sentence, (text[start:end], sentence)
        checked += 1
    assert checked >= 10


@pytest.mark.slow
def test_min_confidence_drops_facts_but_keeps_entities(articles, result):
    strict = pipeline.build([articles], min_confidence=0.99)
    assert fact_triples(strict.graph) == []
    assert not set(strict.graph.subjects(RDF.type, V.Assertion))
    assert set(strict.graph.subjects(RDF.type, V.Person)) == set(result.graph.subjects(RDF.type, V.Person))


@pytest.mark.slow
def test_min_confidence_keeps_facts_at_or_above_it(result):
    confidences = sorted({f.provenance.confidence for ex in result.extractions for f in ex.facts})
    assert len(confidences) >= 2, "the articles should give facts of different confidence"
    cut = confidences[1]
    graph = rdf.to_graph(result.extractions, min_confidence=cut)
    kept = {float(graph.value(a, V.confidence)) for a in graph.subjects(RDF.type, V.Assertion)}
    assert kept and min(kept) >= cut
    assert len(fact_triples(graph)) < len(fact_triples(result.graph))


@pytest.mark.slow
def test_fact_objects_have_the_kind_their_property_needs():
    # "Interior Minister X": a later stage drops "Interior" as an entity; the entities found
    # after that must not take over the keys of ones found before.
    text = ("Interior Minister Oskar Brenn presented a report during the meeting of the Harbor Board "
            "in Port Arvel on May 6. President Mira Toll chaired the meeting.")
    extraction = parallel.extract_documents([Document("brenn", text, "brenn.txt")])[0]
    g = rdf.to_graph([extraction])
    ranges = {V.holdsPosition: {V.Position}, V.chairs: {V.GovernmentBody, V.Organization, V.Meeting},
              V.heads: {V.GovernmentBody, V.Organization, V.City, V.Location, V.Country, V.Region}}
    for p, allowed in ranges.items():
        for s, o in g.subject_objects(p):
            assert set(g.objects(o, RDF.type)) & allowed, f"{label_of(g, s)} {p} {label_of(g, o)}"
    assert {label_of(g, o) for o in g.objects(node(g, "Oskar Brenn", "Person"), V.holdsPosition)} == {"Interior Minister"}


# ---------------------------------------------------------------- writing outputs


@pytest.mark.slow
def test_write_outputs_writes_the_three_files(result, tmp_path):
    written = pipeline.write_outputs(result, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(pipeline.OUTPUT_FILES)
    assert set(written) == set(pipeline.OUTPUT_FILES)
    assert set(Graph().parse(written["graph.ttl"], format="turtle")) == set(result.graph)
    assert "<html" in written["graph.html"].read_text(encoding="utf-8").lower()
    assert written["centrality.csv"].read_text(encoding="utf-8").count("\n") >= 5


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def old_outputs(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in pipeline.OUTPUT_FILES:
        (out / name).write_text(f"old {name}\n", encoding="utf-8")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("error", [RuntimeError("renderer broke"), OSError(28, "No space left on device")])
def test_write_outputs_is_all_or_nothing(result, old_outputs, monkeypatch, error):
    before = snapshot(old_outputs)

    def broken_render(*args, **kwargs):
        raise error

    monkeypatch.setattr(page, "render", broken_render)
    # a full disk is the user's environment (one KgError line); anything else is a bug and surfaces
    with pytest.raises(KgError if isinstance(error, OSError) else RuntimeError):
        pipeline.write_outputs(result, old_outputs)
    assert snapshot(old_outputs) == before
    assert not [p for p in old_outputs.iterdir() if p.name.startswith(".kg-build-")]


@pytest.mark.slow
def test_failed_write_leaves_no_new_folder(result, tmp_path, monkeypatch):
    monkeypatch.setattr(page, "render", lambda *a, **k: (_ for _ in ()).throw(OSError(13, "Permission denied")))
    with pytest.raises(KgError):
        pipeline.write_outputs(result, tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists()


@pytest.mark.slow
def test_folder_in_the_way_of_an_output_is_refused_before_anything_is_replaced(result, old_outputs):
    (old_outputs / "centrality.csv").unlink()
    (old_outputs / "centrality.csv").mkdir()
    before = snapshot(old_outputs)
    with pytest.raises(KgError, match="centrality.csv"):
        pipeline.write_outputs(result, old_outputs)
    assert snapshot(old_outputs) == before
    assert (old_outputs / "centrality.csv").is_dir()


@pytest.mark.slow
def test_output_path_that_is_a_file_is_one_error(result, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    with pytest.raises(KgError, match="output folder"):
        pipeline.write_outputs(result, blocker)
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder\n"


@pytest.mark.slow
def test_summary_counts_documents_entities_facts_and_top_entities(result):
    text = pipeline.summary(result)
    lines = text.splitlines()
    assert lines[0] == "documents: 2"
    assert any(line.startswith("entities: ") and "Person" in line for line in lines)
    assert any(line.startswith("facts: ") and "chairs" in line for line in lines)
    assert any(line.startswith("top entities: ") and "pagerank" in line for line in lines)


@pytest.mark.slow
def test_bad_input_is_refused_before_spacy_runs(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text("Mayor Ilan Sorel spoke.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")

    def no_parse(*args, **kwargs):
        raise AssertionError("spaCy ran on a build that was bound to fail")

    monkeypatch.setattr(pipeline.nlp, "load", no_parse)
    with pytest.raises(KgError, match="binary"):
        pipeline.build([tmp_path], strict=True)
    with pytest.raises(KgError, match="binary"):
        pipeline.build([tmp_path / "bad.txt", tmp_path / "good.txt"])  # named alone: it must read


@pytest.mark.slow
def test_copying_the_folder_elsewhere_gives_the_same_graph(articles, tmp_path, monkeypatch):
    # IRIs come from names and document ids, and ids from paths relative to the working folder
    copy = shutil.copytree(articles, tmp_path / "elsewhere")
    monkeypatch.chdir(articles)
    result = pipeline.build(["."])
    monkeypatch.chdir(copy)
    other = pipeline.build(["."])
    sources = {V.sourcePath}
    strip = lambda g: {t for t in g if t[1] not in sources}  # noqa: E731
    assert strip(other.graph) == strip(result.graph)


# ---------------------------------------------------------------- a build straight into a store


@pytest.fixture(scope="module")
def spilled(articles):
    return pipeline.build([articles], graph=False)


@pytest.mark.slow
def test_a_build_without_a_graph_reads_back_the_same_linked_extractions(result, spilled):
    assert spilled.graph is None and isinstance(spilled.extractions, pipeline.Spilled)
    assert list(spilled.extractions) == result.extractions
    assert list(spilled.extractions) == result.extractions  # walked twice, the same twice
    assert spilled.extractions[-1] == result.extractions[-1]
    assert (spilled.entities, spilled.facts) == (result.entities, result.facts)
    lines = pipeline.summary(spilled).splitlines()
    assert lines[0] == "documents: 2" and not any(line.startswith("triples: ") for line in lines)


@pytest.mark.slow
def test_a_store_holds_the_same_quads_whether_the_build_kept_a_graph_or_not(result, spilled, tmp_path):
    from kg.store import kgstore

    with_graph, _ = kgstore.save(tmp_path / "a", result.extractions)
    streamed, _ = kgstore.save(tmp_path / "b", spilled.extractions)
    with with_graph, streamed:
        quads = sorted(map(str, with_graph.quads()))
        assert len(quads) > 100 and quads == sorted(map(str, streamed.quads()))


@pytest.mark.slow
def test_build_into_store_makes_a_store_and_its_files_in_one_call(articles, tmp_path, monkeypatch):
    from kg.store import kgstore

    monkeypatch.chdir(articles)
    seen = []
    done = pipeline.build_into_store(["harbor.txt"], tmp_path / "kb", out_dir=tmp_path / "out", on_built=seen.append)
    assert seen == [done.result] and done.result.documents == 1
    assert (done.added.documents, done.added.replaced, done.unchanged) == (1, 0, 0)
    assert set(done.written) == set(pipeline.OUTPUT_FILES) and all(p.is_file() for p in done.written.values())
    with kgstore.KgStore(tmp_path / "kb", create=False) as kb:  # closed by the call: free to open
        assert [str(d) for d in kb.documents()] == [str(rdf.document_iri("harbor.txt"))]
        assert (done.documents, done.triples) == (1, len(kb))
    assert str(done) == f"stored 1 document in {tmp_path / 'kb'} (0 replaced); it holds 1 document, {done.triples} triples"


@pytest.mark.slow
def test_build_into_store_again_with_the_same_article_skips_it(articles, tmp_path, monkeypatch):
    monkeypatch.chdir(articles)
    first = pipeline.build_into_store(["harbor.txt"], tmp_path / "kb")
    again = pipeline.build_into_store(["harbor.txt"], tmp_path / "kb", create=False)
    assert [str(change) for change in again.result.changes] == ["skipped harbor.txt (unchanged)"]
    assert (again.result.documents, again.added.documents, again.unchanged) == (0, 0, 1)
    assert (again.documents, again.triples) == (first.documents, first.triples) and not again.written
    assert str(again).endswith("(0 replaced, 1 unchanged); it holds 1 document, " f"{first.triples} triples")


@pytest.mark.slow
def test_build_into_store_adds_only_to_a_store_that_exists(articles, tmp_path):
    with pytest.raises(KgError, match="^no kg store at .*: make one with kg build PATH"):
        pipeline.build_into_store([articles], tmp_path / "kb", create=False)
    assert not (tmp_path / "kb").exists()


@pytest.mark.slow
def test_kg_add_gives_a_surname_alone_the_full_name_the_store_has(tmp_path, capsys, monkeypatch):
    from kg import cli
    from kg.store import kgstore

    monkeypatch.chdir(tmp_path)
    (tmp_path / "first.txt").write_text(
        "President Maren Oskarby chaired a meeting of the Harbour Council in Tallowmere on June 10.\n", encoding="utf-8")
    (tmp_path / "later.txt").write_text(
        "Oskarby thanked the rescue workers in Brennick for their courage.\n", encoding="utf-8")
    assert cli.main(["build", str(tmp_path / "first.txt"), "--store", str(tmp_path / "kb")]) == 0
    assert cli.main(["add", str(tmp_path / "later.txt"), "--store", str(tmp_path / "kb")]) == 0
    capsys.readouterr()
    with kgstore.KgStore(tmp_path / "kb", create=False) as kb:
        people = kb.query("SELECT DISTINCT ?p ?label WHERE { ?p a kg:Person ; rdfs:label ?label }").rows
        assert [str(label) for _, label in people] == ["Maren Oskarby"]  # no second node "Oskarby"
        [(node, _)] = people
        assert (node, SKOS.altLabel, Literal("Oskarby")) in kb.dataset()
        assert set(kb.dataset().objects(node, V.mentionedIn)) == {rdf.document_iri("first.txt"), rdf.document_iri("later.txt")}


@pytest.mark.slow
def test_two_processes_give_the_extractions_of_one_in_the_same_order():
    # batches of one article, so that the worker and this process each parse some of them
    texts = [f"Mayor Edda Quillan{i} opened the bridge in Sorvik on May {i + 1}." for i in range(6)]
    docs = [Document(f"d{i}", text, f"d{i}.txt") for i, text in enumerate(texts)]
    one = parallel.extract_documents(docs, processes=1, batch_size=1)
    two = parallel.extract_documents(docs, processes=2, batch_size=1)
    assert [ex.document.id for ex in two] == [f"d{i}" for i in range(6)]
    assert two == one


@pytest.mark.slow
def test_a_build_freezes_what_lived_before_it_and_thaws_it_after(articles, monkeypatch):
    frozen_while_reading = []

    def extracted(*args):
        frozen_while_reading.append(gc.get_freeze_count())
        return parallel.extracted(*args)

    monkeypatch.setattr(pipeline, "extracted", extracted)
    before = gc.get_freeze_count()
    pipeline.build([articles])
    assert frozen_while_reading[0] > before and gc.get_freeze_count() == before
    gc.freeze()  # the caller's own freeze (before a fork, say) is theirs: left as it is
    try:
        mine = gc.get_freeze_count()
        pipeline.build([articles])
        assert frozen_while_reading[1] == gc.get_freeze_count() == mine
    finally:
        gc.unfreeze()


def test_batches_keep_every_document_once_in_order_and_shrink_at_the_end():
    batches = [len(b) for b in parallel.guided_batches(range(1000), 32, 2)]
    assert [d for b in parallel.guided_batches(range(1000), 32, 2) for d in b] == list(range(1000))
    assert batches[0] == 32 and max(batches) == 32
    # the last batches are small, so that no process waits long for another's last one
    assert batches[-3:] == sorted(batches[-3:], reverse=True) and max(batches[-3:]) <= parallel._SMALLEST_BATCH
    assert [len(b) for b in parallel.guided_batches(range(5), 1, 2)] == [1] * 5
