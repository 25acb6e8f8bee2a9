"""kg.store.kgstore: a persistent store of per-document named graphs, and the CLI commands over it.

The articles are invented (Orla Fenwick, the Brindle towns, Carrowmere) and built as Extractions
by hand, so only the CLI round trip at the end pays for spaCy."""
from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import store_held
from factories import make_extraction, prov
from kg.errors import KgError
from kg.graph.graphfile import load_graph
from kg.graph.rdf import document_graph_iri, document_iri, to_dataset
from kg.model import DateValue, Entity, Extraction, Fact, Role, Statement
from kg.store.engine import to_oxigraph
from kg.store.kgstore import STORE_MARKER, KgStore, is_store, oxigraph_path, save
from kg.store.query import curated_queries, run
from kg.store.results import format_result
from kg.store.sparql import bind

TESTS = Path(__file__).resolve().parent
KG = [sys.executable, "-m", "kg.cli"]


def article(i: int, variant: int = 0) -> Extraction:
    """Brindle <i>'s dock story.  Orla Fenwick, Pim Asquith, the Ministry of Harbours and
    Carrowmere are in every article, so the same triples sit in many named graphs.  Variant 1
    is the same article read again after an edit: Asquith questions the plan, and the fact that
    Fenwick heads the town is gone."""
    town = f"Brindle {i}"
    s1 = f"Harbour Warden Orla Fenwick opened the {town} Dock Authority in {town}, Carrowmere, on March 3."
    s2 = f"Councillor Pim Asquith {'praised' if variant == 0 else 'questioned'} the plan at a meeting in {town}."
    s3 = "The Ministry of Harbours, based in Carrowmere, runs the authority."
    s4 = "Raiders from Gull Island attacked the old pier."
    text = " ".join([s1, s2, s3, s4])
    ex = make_extraction(f"brindle-{i}", text, title=f"Dock opens in {town}", date="2021-03-04", entities=[Entity("orla", "Person", "Orla Fenwick", {"Fenwick"}), Entity("warden", "Position", "Harbour Warden"),
              Entity("pim", "Person", "Pim Asquith", {"Asquith"}), Entity("town", "City", town),
              Entity("region", "Region", "Carrowmere"), Entity("ministry", "GovernmentBody", "Ministry of Harbours"),
              Entity("dock", "GovernmentBody", f"{town} Dock Authority"), Entity("meeting", "Meeting", "meeting"),
              Entity("attack", "Attack", "attack"), Entity("raiders", "Group", "Raiders from Gull Island")])
    at = partial(prov, document=ex.document.id, within=text, confidence=0.85)

    ex.facts += [
        Fact("orla", "holdsPosition", "warden", at(s1, rule="title-before-name", confidence=0.9)),
        Fact("dock", "basedIn", "town", at(s1, rule="opened-in")),
        Fact("town", "locatedIn", "region", at(s1, rule="place-apposition")),
        Fact("pim", "participatesIn", "meeting", at(s2, rule="event-participant", confidence=0.8)),
        Fact("meeting", "occursIn", "town", at(s2, rule="event-in-place", confidence=0.8)),
        Fact("meeting", "occursOn", DateValue("2021-03-03"), at(s1, rule="event-on-date", confidence=0.7)),
        Fact("ministry", "basedIn", "region", at(s3, rule="based-in-apposition")),
        Fact("dock", "subOrganizationOf", "ministry", at(s3, rule="runs")),
        Fact("attack", "perpetratedBy", "raiders", at(s4, rule="attacked-by", confidence=0.75)),
        # an event without a date beside one with a date breaks rdflib's ORDER BY STR(?date)
        Fact("attack", "occursOn", DateValue("2021-03-02"), at(s4, rule="event-on-date", confidence=0.6)),
    ]
    if variant == 0:
        ex.facts.append(Fact("orla", "heads", "town", at(s1, rule="opened-in", confidence=0.6)))
    quote = "the plan is sound" if variant == 0 else "the plan is rushed"
    ex.statements.append(Statement("pim", quote, at(s2, rule="reported-speech")))
    return ex


def articles(start: int, stop: int, variant: int = 0) -> list[Extraction]:
    return [article(i, variant) for i in range(start, stop)]


def quad_lines(kb: KgStore) -> set[str]:
    return {str(q) for q in kb.quads()}


def graph_lines(ex: Extraction) -> tuple[str, frozenset[str]]:
    """A document's named graph as the store should hold it: its name and its triples."""
    ds = to_dataset([ex])
    name = document_graph_iri(ex.document.id)
    triples = frozenset(" ".join(str(to_oxigraph(t)) for t in triple) for triple in ds.graph(name))
    return str(to_oxigraph(name)), triples


def stored_graphs(kb: KgStore) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for q in kb.quads():
        if not isinstance(q.graph_name, ox.DefaultGraph):
            found.setdefault(str(q.graph_name), set()).add(f"{q.subject} {q.predicate} {q.object}")
    return {name: frozenset(lines) for name, lines in found.items()}


# ---------------------------------------------------------------- create, open, add


def test_a_new_store_is_a_marked_folder_that_outlives_the_process(tmp_path):
    path = tmp_path / "kb"
    assert not is_store(path)
    with KgStore(path) as kb:
        assert len(kb) == 0 and kb.documents() == []
        added = kb.add(articles(0, 2))
    assert (added.documents, added.replaced) == (2, 0)
    assert json.loads((path / STORE_MARKER).read_text()) == {"format": "kg-store", "version": 1}
    assert oxigraph_path(path).is_dir() and is_store(path)
    with KgStore(path, create=False) as kb:
        assert kb.documents() == [document_iri("brindle-0"), document_iri("brindle-1")]
        assert len(kb.graph_names()) == 2


def test_a_query_sees_each_triple_once_however_many_articles_state_it(tmp_path):
    # Oxigraph 0.5's union default graph would give Orla Fenwick once per article
    with KgStore(tmp_path / "kb") as kb:
        kb.add(articles(0, 3))
        people = kb.query("SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name }")
        assert sorted(str(r[0]) for r in people.rows) == ["Orla Fenwick", "Pim Asquith"]
        stated = kb.query("SELECT (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?p kg:holdsPosition ?x } }")
        assert int(stated.rows[0][0]) == 3


def test_adding_the_same_articles_twice_changes_nothing(tmp_path):
    with KgStore(tmp_path / "kb") as kb:
        kb.add(articles(0, 3))
        before, count = quad_lines(kb), len(kb)
        again = kb.add(articles(0, 3))
        assert again.replaced == 3
        assert len(kb) == count
        assert quad_lines(kb) == before


def test_a_dataset_and_extractions_give_the_same_store(tmp_path):
    exs = articles(0, 3)
    with KgStore(tmp_path / "a") as a, KgStore(tmp_path / "b") as b:
        a.add(exs)
        b.add(to_dataset(exs))
        assert quad_lines(a) == quad_lines(b)
        # and the store hands back what to_dataset made, without its union copy
        theirs = to_dataset(exs)
        mine = a.dataset()
        for g in theirs.graphs():
            assert set(mine.graph(g.identifier)) == set(g), g.identifier
        assert len(list(mine.graphs())) == len([g for g in theirs.graphs() if len(g)])


def test_adding_an_edited_article_replaces_its_graph_and_only_its_graph(tmp_path):
    with KgStore(tmp_path / "kb") as kb:
        kb.add(articles(0, 2))
        kb.add([article(0, variant=1)])
        graphs = stored_graphs(kb)
        assert graphs[graph_lines(article(0, 1))[0]] == graph_lines(article(0, 1))[1]
        assert graphs[graph_lines(article(1))[0]] == graph_lines(article(1))[1]
        ask = "ASK { kgid:person\\/orla-fenwick kg:heads kgid:location\\/brindle-%d }"
        assert kb.query(ask % 0).boolean is False  # gone from the union with the old graph
        assert kb.query(ask % 1).boolean is True   # brindle-1 still says it
        quotes = kb.query("SELECT ?q WHERE { ?s kg:quote ?q }")
        assert sorted(str(r[0]) for r in quotes.rows) == ["the plan is rushed", "the plan is sound"]
        # shared triples survive: brindle-1 still states them after brindle-0's graph is replaced
        assert kb.query("ASK { ?p rdfs:label 'Orla Fenwick' ; skos:altLabel 'Fenwick' }").boolean


def test_create_fills_a_new_store_in_bulk_with_the_same_content(tmp_path):
    exs = articles(0, 4)
    kb = KgStore.create(tmp_path / "bulk", exs)
    with kb, KgStore(tmp_path / "tx") as tx:
        tx.add(exs)
        assert kb.created.documents == 4
        assert quad_lines(kb) == quad_lines(tx)
        assert len(kb) == len(tx)
    assert oct((tmp_path / "bulk").stat().st_mode & 0o777) != oct(0o700)  # not mkdtemp's private mode


def test_save_creates_then_adds(tmp_path):
    kb, added = save(tmp_path / "kb", articles(0, 2))
    kb.close()
    kb, again = save(tmp_path / "kb", articles(1, 3))
    with kb:
        assert (added.documents, again.documents, again.replaced) == (2, 2, 1)
        assert len(kb.documents()) == 3


# ---------------------------------------------------------------- refusing


def test_a_folder_that_is_not_a_store_is_refused_and_left_alone(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("buy rope", encoding="utf-8")
    with pytest.raises(KgError, match=r"notes is not a kg store \(no kg-store.json\)$"):
        KgStore(folder)
    with pytest.raises(KgError, match="not a kg store"):
        KgStore.create(folder, articles(0, 1))
    assert sorted(p.name for p in folder.iterdir()) == ["todo.txt"]
    with pytest.raises(KgError, match="^no such store: "):
        KgStore(tmp_path / "absent", create=False)
    assert not (tmp_path / "absent").exists()
    with pytest.raises(KgError, match="is not a kg store"):
        KgStore(folder / "todo.txt")


def test_a_marker_of_another_kind_or_version_is_refused(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / STORE_MARKER).write_text('{"format": "photo-album"}', encoding="utf-8")
    with pytest.raises(KgError, match="kg-store.json is not a kg store marker"):
        KgStore(other)
    newer = tmp_path / "newer"
    KgStore(newer).close()
    (newer / STORE_MARKER).write_text('{"format": "kg-store", "version": 2}', encoding="utf-8")
    with pytest.raises(KgError, match="format version 2; this kg reads version 1"):
        KgStore(newer)


@pytest.mark.slow
def test_a_store_open_in_another_process_is_refused(tmp_path):
    path = tmp_path / "kb"
    KgStore(path).close()
    with store_held(path):
        with pytest.raises(KgError, match=f"^store {path} is in use by another process$"):
            KgStore(path)
        proc = subprocess.run([*KG, "query", str(path), "ASK { ?s ?p ?o }"], capture_output=True, text=True, timeout=60)
        assert (proc.returncode, proc.stdout) == (2, "")
        assert proc.stderr == f"kg: error: store {path} is in use by another process\n"
    with KgStore(path, create=False) as kb:  # free again once the other process is done
        assert len(kb) == 0


def test_queries_that_are_updates_or_broken_are_one_line_errors(tmp_path):
    with KgStore(tmp_path / "kb") as kb:
        kb.add(articles(0, 1))
        with pytest.raises(KgError, match=r"^SPARQL update \(DELETE\) refused"):
            kb.query("PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }")
        where = r"^SPARQL syntax error at line 2, column 14 after 'WHERE \{ \?s \?p': expected one of "
        with pytest.raises(KgError, match=where):
            kb.query("SELECT *\nWHERE { ?s ?p")
        with pytest.raises(KgError, match=r"^SPARQL error: unknown prefix nope: \(declare it with PREFIX\)$"):
            kb.query("SELECT * WHERE { ?s nope:x ?o }")
        assert len(kb) > 0  # nothing was deleted


# ---------------------------------------------------------------- the same answers as rdflib


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The same three articles in a store and, through a TriG file, in rdflib."""
    work = tmp_path_factory.mktemp("both")
    exs = articles(0, 3) + [article(3, variant=1)]
    trig = work / "all.trig"
    to_dataset(exs).serialize(trig, format="trig")
    kb = KgStore.create(work / "kb", exs)
    yield kb, load_graph(trig)
    kb.close()


def _normalise(value, concatenated: bool):
    # GROUP_CONCAT's order is the engine's own; the set of items is what both must agree on
    if concatenated and value is not None and ", " in str(value):
        return ", ".join(sorted(str(value).split(", ")))
    return value


@pytest.mark.parametrize("name", sorted(curated_queries()))
def test_every_curated_query_gives_the_store_the_same_rows_as_rdflib(both, name):
    kb, graph = both
    text = curated_queries()[name].read_text(encoding="utf-8")
    mine, theirs = kb.query(text), run(graph, text)
    assert mine.vars == theirs.vars
    concatenated = "GROUP_CONCAT" in text
    norm = lambda r: Counter(tuple(_normalise(v, concatenated) for v in row) for row in r.rows)  # noqa: E731
    assert norm(mine) == norm(theirs)
    assert format_result(mine, "csv").count("\r\n") == format_result(theirs, "csv").count("\r\n")


@pytest.mark.parametrize("name", ["who-heads-what", "facts-with-sources",
                                  "events-by-place-and-date", "who-took-part", "who-said-what"])
def test_the_curated_comparison_has_something_to_compare(both, name):
    kb, _ = both
    assert kb.query(curated_queries()[name].read_text(encoding="utf-8")).rows


def test_ask_construct_and_describe_agree_with_rdflib(both):
    kb, graph = both
    for text in ["ASK { ?p kg:holdsPosition ?x }", "ASK { ?p kg:killed ?x }"]:
        assert kb.query(text).boolean == run(graph, text).boolean
    construct = "CONSTRUCT { ?p kg:heads ?x } WHERE { ?p kg:heads ?x }"
    mine = kb.query(construct)
    assert mine.type == "CONSTRUCT" and len(mine.graph) == 3
    assert set(mine.graph) == set(run(graph, construct).graph)
    described = kb.query("DESCRIBE <https://w3id.org/kg-news/id/person/pim-asquith>")
    assert described.type == "DESCRIBE"
    assert "Pim Asquith" in format_result(described)


def test_json_output_of_a_store_query_is_sparql_results_json(both):
    kb, graph = both
    text = curated_queries()["who-holds-which-position"].read_text(encoding="utf-8")
    assert json.loads(format_result(kb.query(text), "json")) == json.loads(format_result(run(graph, text), "json"))


# ---------------------------------------------------------------- killed half-way

ADD_AND_BE_KILLED = """
import sys
sys.path.insert(0, sys.argv[1])
from test_store import article, articles
from kg.store.kgstore import KgStore

kb = KgStore(sys.argv[2], create=False)
real = kb._store


class Announcing:
    # says when Oxigraph's transaction starts, so the test can kill the process inside it
    def __getattr__(self, name):
        return getattr(real, name)

    def update(self, text):
        print("committing", flush=True)
        real.update(text)


kb._store = Announcing()
kb.add(articles(0, 20, variant=1) + articles(20, 400))
print("done", flush=True)
"""


@pytest.mark.slow
def test_an_add_killed_half_way_leaves_the_store_as_it_was(tmp_path):
    path = tmp_path / "kb"
    with KgStore.create(path, articles(0, 20)) as kb:
        before = quad_lines(kb)
    proc = subprocess.Popen([sys.executable, "-c", ADD_AND_BE_KILLED, str(TESTS), str(path)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "committing"
        time.sleep(0.5)  # well inside the transaction, which takes seconds for 400 articles
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL  # killed, not finished: the case under test happened
    with KgStore(path, create=False) as kb:
        graphs = stored_graphs(kb)
        number = {str(to_oxigraph(document_graph_iri(f"brindle-{i}"))): i for i in range(400)}
        # no document half-written: each graph there is one version of its article, whole
        for name, lines in graphs.items():
            i = number[name]
            assert lines in (graph_lines(article(i))[1], graph_lines(article(i, 1))[1]), name
        assert quad_lines(kb) == before  # and in fact the whole run is undone
        kb.add([article(20)])  # the store still takes writes after the crash
        assert len(kb.documents()) == 21


CREATE_AND_BE_KILLED = """
import sys
sys.path.insert(0, sys.argv[1])
from test_store import articles
from kg.store.kgstore import KgStore

print("creating", flush=True)
KgStore.create(sys.argv[2], articles(0, 1500))
print("done", flush=True)
"""


@pytest.mark.slow
def test_a_create_killed_half_way_leaves_no_store_and_no_debris_after_the_next(tmp_path):
    path = tmp_path / "kb"
    proc = subprocess.Popen([sys.executable, "-c", CREATE_AND_BE_KILLED, str(TESTS), str(path)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "creating"
        # killed once its scratch store is being written: a fixed second was too short on a
        # loaded machine (no scratch yet, so nothing was proven)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any(tmp_path.glob(".kb.kg-new-*")):
            time.sleep(0.05)
        time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kb.kg-new-")]  # it was under way
    with KgStore.create(path, articles(0, 1)) as kb:
        assert len(kb.documents()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb"]  # the dead run's scratch is gone


# ---------------------------------------------------------------- the CLI

VELMORA = """\
Velmora Port Board Meets

VELMORA – Governor Maren Tolliver chaired a meeting of the Velmora Port Board in Velmora on May 12. Minister of Canals Oskar Brenn presented a report during the meeting.
"""

QUESSANT = """\
Rail Line Opens In Quessant

QUESSANT, May 14 — Governor Maren Tolliver opened the new rail line in Quessant. Mayor Lida Porvic chaired a meeting of the Quessant City Council on May 14.
"""


def holds(stdout: str) -> str:
    return [line for line in stdout.splitlines() if line.startswith("stored ")][-1].split("; ")[-1]


@pytest.mark.slow
def test_cli_build_add_query_export_round_trip(tmp_path, monkeypatch, run_kg):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "first").mkdir()
    (tmp_path / "first" / "velmora.txt").write_text(VELMORA, encoding="utf-8")
    (tmp_path / "quessant.txt").write_text(QUESSANT, encoding="utf-8")
    built = run_kg("build", "first", "--store", "kb")
    assert built.returncode == 0, built.stderr
    assert "stored 1 document in kb (0 replaced)" in built.stdout
    assert is_store(tmp_path / "kb") and not (tmp_path / "output").exists()  # --store alone: no files

    added = run_kg("add", "quessant.txt", "first/velmora.txt", "--store", "kb")
    assert added.returncode == 0, added.stderr
    # velmora again, unchanged: skipped, neither parsed again nor doubled
    assert added.stdout.startswith("added quessant.txt\nskipped first/velmora.txt (unchanged)\n")
    assert "stored 1 document in kb (0 replaced, 1 unchanged)" in added.stdout
    assert holds(added.stdout).startswith("it holds 2 documents, ")

    q = Path(curated_queries()["who-holds-which-position"])
    from_store = run_kg("query", "kb", "--file", q, "--format", "csv")
    assert from_store.returncode == 0, from_store.stderr
    table = list(csv.reader(io.StringIO(from_store.stdout)))
    assert table[0] == ["person", "position", "status", "from", "until", "endedBy", "replaced"]
    # in both articles, one post: one tenure, current (neither article is dated)
    assert [r for r in table if r[:2] == ["Maren Tolliver", "Governor"]] == \
        [["Maren Tolliver", "Governor", "current", "", "", "", ""]]
    tenures = Path(curated_queries()["tenures-of-a-person"])
    history = run_kg("query", "kb", "--file", tenures, "--format", "csv", "--bind", "person=Maren Tolliver")
    assert list(csv.DictReader(io.StringIO(history.stdout)))[0]["articles"] == "first/velmora.txt quessant.txt"

    exported = run_kg("export", "kb", "-o", "all.trig")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("wrote ") and exported.stdout.endswith(" quads to all.trig\n")
    from_file = format_result(run(load_graph(tmp_path / "all.trig"), q.read_text(encoding="utf-8")), "csv")
    # rdflib over the export agrees with Oxigraph on the rows; their order differs, since the store
    # lists people by the ranks it keeps and the export, which leaves ranks out, by name
    assert sorted(from_file.replace("\r\n", "\n").splitlines()) == sorted(from_store.stdout.splitlines())


@pytest.mark.slow
@pytest.mark.parametrize("args, message", [
    (["add", "notes/a.txt", "--store", "notes"], "notes is not a kg store (no kg-store.json)"),
    (["add", "notes/a.txt", "--store", "kb"], "no kg store at kb: make one with kg build PATH... --store kb"),
    (["build", "notes", "--store", "notes"], "notes is not a kg store (no kg-store.json)"),
    (["query", "notes", "ASK {}"], "notes is not a kg store (no kg-store.json)"),
    (["query", "kb", "ASK {}"], "no such store: kb"),
])
def test_cli_store_mistakes_are_one_line_errors_before_any_parsing(tmp_path, monkeypatch, run_kg, args, message):
    from kg import pipeline

    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("Mayor Lida Porvic spoke.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: pytest.fail("parsed articles for a store it then refused"))
    assert run_kg(*args) == (2, "", f"kg: error: {message}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]  # nothing made on the way


@pytest.mark.slow
def test_adding_one_file_of_a_built_folder_replaces_its_article(tmp_path, run_kg):
    # `kg build news/` and `kg add news/2024/a.txt` must name the article alike
    news = tmp_path / "news" / "2024"
    news.mkdir(parents=True)
    (news / "a.txt").write_text("Minister of Energy Farid Omarov opened the plant in Ostrava.", encoding="utf-8")
    assert run_kg("build", tmp_path / "news", "--store", tmp_path / "kb").returncode == 0
    with KgStore(tmp_path / "kb", create=False) as kb:
        before = (len(kb), sorted(kb.documents()))
    assert run_kg("add", news / "a.txt", "--store", tmp_path / "kb").returncode == 0
    with KgStore(tmp_path / "kb", create=False) as kb:
        assert (len(kb), sorted(kb.documents())) == before


# ---------------------------------------------------------------- ranks kept for the curated queries

RANK = "https://w3id.org/kg-news/ontology#pageRank"


def stored_ranks(kb: KgStore) -> dict[str, float]:
    rows = kb.query(f"SELECT ?e ?r WHERE {{ ?e <{RANK}> ?r }}").rows
    assert len(rows) == len({str(e) for e, _ in rows})  # one rank an entity
    return {str(e): float(r) for e, r in rows}


def central_ranks(kb: KgStore) -> dict[str, float]:
    from kg.explore.analytics import centrality
    from kg.explore.network import entity_graph

    return {row.iri: row.pagerank for row in centrality(entity_graph(kb.dataset()))}


@pytest.mark.slow
def test_the_store_ranks_every_entity_as_kg_central_does_and_keeps_it_up_to_date(tmp_path):
    with KgStore.create(tmp_path / "kb", articles(0, 2)) as kb:
        first = stored_ranks(kb)
        assert first.keys() == central_ranks(kb).keys()
        assert all(abs(first[e] - r) < 1e-9 for e, r in central_ranks(kb).items())
        kb.add(articles(2, 4) + [article(0, variant=1)])
        now = stored_ranks(kb)
        assert now.keys() == central_ranks(kb).keys() and len(now) > len(first)
        assert all(abs(now[e] - r) < 1e-9 for e, r in central_ranks(kb).items())
        assert abs(sum(now.values()) - 1) < 1e-9
        # ranks are the store's own, derived: the dataset and exports hold what the articles say
        assert not [q for q in kb.quads() if q.predicate.value == RANK]


def test_a_store_without_ranks_gets_them_back_when_opened(tmp_path):
    KgStore.create(tmp_path / "kb", articles(0, 2)).close()
    raw = ox.Store(str(oxigraph_path(tmp_path / "kb")))  # as after an add killed before ranking
    raw.update(f"DELETE WHERE {{ ?e <{RANK}> ?r }}")
    del raw
    with KgStore(tmp_path / "kb", create=False) as kb:
        assert stored_ranks(kb).keys() == central_ranks(kb).keys()


CONNECTED = """SELECT ?p ?q (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?p a kg:Person . ?q a kg:Person .
  VALUES ?r { kg:heads kg:chairs kg:memberOf kg:worksFor kg:participatesIn kg:livesIn kg:killed kg:about }
  VALUES ?s { kg:heads kg:chairs kg:memberOf kg:worksFor kg:participatesIn kg:livesIn kg:killed kg:about }
  ?p ?r ?x . ?q ?s ?x . FILTER (?p != ?q) } GROUP BY ?p ?q"""
KEPT = "SELECT ?p ?q ?n WHERE { ?c kg:connectionOf ?p ; kg:connectedTo ?q ; kg:sharedCount ?n }"


def club_article(i: int) -> Extraction:
    """Three invented people and the clubs they belong to: Tamsin Roe in clubs 0..i, Ivo Marsh in
    the even ones and club i+1, Kit Dunlevy heading club i, so the counts change as articles come."""
    text = f"Tamsin Roe, Ivo Marsh and Kit Dunlevy met at Club {i}."
    met = prov(text, document=f"club-{i}")
    people = [Entity(key, "Person", label) for key, label in (("tam", "Tamsin Roe"), ("ivo", "Ivo Marsh"), ("kit", "Kit Dunlevy"))]
    clubs = [Entity(f"c{c}", "Organization", f"Club {c}") for c in range(i + 2)]
    facts = [Fact("tam", "memberOf", f"c{c}", met) for c in range(i + 1)]
    facts += [Fact("ivo", "memberOf", f"c{c}", met) for c in range(0, i + 2, 2)] + [Fact("ivo", "worksFor", f"c{i + 1}", met)]
    facts.append(Fact("kit", "heads", f"c{i}", met))
    return make_extraction(f"club-{i}", text, date="2022-01-02", entities=people + clubs, facts=facts)


def pair_counts(kb: KgStore, sparql: str) -> dict[tuple[str, str], int]:
    return {(str(p), str(q)): int(n) for p, q, n in kb.query(sparql).rows}


def test_the_store_keeps_the_hubs_shared_counts_as_counted_and_refreshes_them(tmp_path, monkeypatch):
    import kg.store.measures

    monkeypatch.setattr(kg.store.measures, "CONNECTION_LIMIT", 2)  # the people in three clubs or more
    with KgStore.create(tmp_path / "kb", [club_article(2)]) as kb:
        counted, kept = pair_counts(kb, CONNECTED), pair_counts(kb, KEPT)
        hubs = {p for p, _ in kept}
        assert kept and kept == {(p, q): n for (p, q), n in counted.items() if p in hubs}
        kb.add([club_article(4)])
        now, again = pair_counts(kb, CONNECTED), pair_counts(kb, KEPT)
        assert now != counted and again != kept
        assert again == {(p, q): n for (p, q), n in now.items() if p in {p for p, _ in again}}
        # derived, like the ranks: not in the dataset nor in exports
        assert not [q for q in kb.quads() if "connect" in q.predicate.value or "sharedCount" in q.predicate.value]
        # the curated query reads them for hubs and gives what counting gives on a graph file
        text = curated_queries()["most-connected-people"].read_text()
        ds = kb.dataset()
        people = [r[0] for r in kb.query("SELECT DISTINCT ?n WHERE { ?p a kg:Person ; rdfs:label ?n }").rows]
        assert any(str(kb.query(f"SELECT ?p WHERE {{ ?p rdfs:label {n.n3()} }}").rows[0][0]) in hubs for n in people)
        for name in people:
            ours = kb.query(text, {"person": name}).rows
            assert sorted(ours) == sorted(run(ds, bind(text, {"person": name})).rows)


def ranked_article() -> Extraction:
    """Zora Quill heads three bodies and Aldo Bream holds one post: Quill ranks first although
    Bream comes first by name."""
    text = "Chair Zora Quill heads the Kelp Board, the Tide Office and the Reef Trust; Clerk Aldo Bream spoke."
    at = prov(text, document="ranked", rule="test-rule")
    ex = make_extraction("ranked", text, date="2022-05-01", entities=[
        Entity("zora", "Person", "Zora Quill"), Entity("aldo", "Person", "Aldo Bream"),
        Entity("chair", "Position", "Chair"), Entity("clerk", "Position", "Clerk"),
        Entity("kelp", "GovernmentBody", "Kelp Board"), Entity("tide", "GovernmentBody", "Tide Office"),
        Entity("reef", "GovernmentBody", "Reef Trust"),
    ], facts=[Fact("zora", "holdsPosition", "chair", at), Fact("aldo", "holdsPosition", "clerk", at),
              Fact("zora", "heads", "kelp", at), Fact("zora", "heads", "tide", at), Fact("zora", "heads", "reef", at)])
    # each post a role node too, as kg's extraction records every role (who-holds-which-position reads them)
    ex.roles = [Role("r1", "zora", "chair", provenance=at), Role("r2", "aldo", "clerk", provenance=at)]
    return ex


def test_curated_lists_put_the_highest_ranked_first_in_a_store_and_names_first_without_ranks(tmp_path):
    text = curated_queries()["who-holds-which-position"].read_text(encoding="utf-8")
    with KgStore.create(tmp_path / "kb", [ranked_article()]) as kb:
        ranked = [tuple(map(str, r[:2])) for r in kb.query(text).rows]
    assert ranked == [("Zora Quill", "Chair"), ("Aldo Bream", "Clerk")]
    from kg.graph.rdf import to_graph
    from kg.graph.timeline import add_timeline
    graph = to_graph([ranked_article()])
    add_timeline(graph)
    unranked = [tuple(map(str, r[:2])) for r in run(graph, text).rows]
    assert unranked == [("Aldo Bream", "Clerk"), ("Zora Quill", "Chair")]


def test_bound_queries_answer_for_one_person_in_the_store_and_in_rdflib(both):
    from rdflib import Literal

    kb, graph = both
    text = curated_queries()["which-articles-state-a-fact"].read_text(encoding="utf-8")
    mine = kb.query(text, {"subject": Literal("Pim Asquith")})
    from kg.store.sparql import bind
    theirs = run(graph, bind(text, {"subject": Literal("Pim Asquith")}))
    assert {str(r[0]) for r in mine.rows} == {"Pim Asquith"}
    assert Counter(tuple(_normalise(v, True) for v in r) for r in mine.rows) == \
        Counter(tuple(_normalise(v, True) for v in r) for r in theirs.rows)
    everyone = kb.query(text).rows
    assert len(mine.rows) < len(everyone)
