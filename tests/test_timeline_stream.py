"""The example stream (examples/velland-cabinet/, five dated articles of our own) as one timeline:
the tenures kg build writes, who held each post when, in which order, and the one conflict."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, URIRef

from kg import pipeline
from kg.graph import timeline
from kg.graph.vocab import V

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
STREAM = ROOT / "examples" / "velland-cabinet"
ARTICLES = sorted(STREAM.glob("*.md"))

INTERIOR = "Interior Minister of Velland"
FINANCE = "Finance Minister of Velland"
POLICE = "director of the Velland Police Service"


@pytest.fixture(scope="module")
def built():
    return pipeline.build([STREAM])


@pytest.fixture(scope="module")
def stream(built):
    return timeline.reconcile(timeline.read_evidence(built.graph))


def label(graph, node) -> str:
    return str(graph.value(URIRef(node), RDFS.label))


def tenures(built, stream, post: str) -> list[tuple]:
    """(person, status, known from, known until, end no later than) of a post's tenures, in order."""
    g = built.graph
    return [(label(g, t.person), t.status, t.known_from, t.known_until, t.end_no_later_than)
            for t in timeline.in_order(t for t in stream.tenures if t.post == post)]


def test_the_stream_is_five_dated_articles():
    assert len(ARTICLES) == 5


def test_build_writes_the_tenures_beside_the_facts(built, stream):
    g = built.graph
    written = set(g.subjects(RDF.type, V.Tenure))
    assert written == {URIRef(t.iri) for t in stream.tenures}
    assert len(written) == 9  # 3 interior ministers, 2 finance ministers, 2 police directors, a prime minister, an ambassador


def test_the_interior_ministers_in_order(built, stream):
    assert tenures(built, stream, INTERIOR) == [
        ("Mira Kask", "former", None, None, "2026-01-13"),  # replaced on 12 January, article of the 13th
        ("Tomas Veld", "former", "2026-01-12", "2026-03-09", None),  # appointed and dismissed "on Monday"
        ("Lena Roos", "current", "2026-03-09", "2026-03-20", None),
    ]


def test_the_finance_ministers_in_order(built, stream):
    assert tenures(built, stream, FINANCE) == [
        ("Irene Falk", "former", "2026-01-13", "2026-01-13", "2026-02-17"),  # the reshuffle article closes her
        ("Petra Holm", "current", "2026-02-16", "2026-03-24", None),
    ]


@pytest.mark.parametrize("post, when, holders", [
    (INTERIOR, "2026-01-01", []),
    (INTERIOR, "2026-01-12", ["Tomas Veld"]),
    (INTERIOR, "2026-02-20", ["Tomas Veld"]),
    (INTERIOR, "2026-03-09", ["Tomas Veld", "Lena Roos"]),  # the day one left and the other came
    (INTERIOR, "2026-03-15", ["Lena Roos"]),
    (INTERIOR, "2026-06-01", ["Lena Roos"]),
    (FINANCE, "2026-01-20", ["Irene Falk"]),
    (FINANCE, "2026-02-17", ["Petra Holm"]),
    (FINANCE, "2026-03-01", ["Petra Holm"]),
    (POLICE, "2025-06-01", ["Jonas Lind"]),
    (POLICE, "2026-03-20", ["Jonas Lind", "Karin Dahl"]),  # the conflict
])
def test_holder_of_each_post_on_a_date(built, stream, post, when, holders):
    (position,) = {t.position for t in stream.tenures if t.post == post}
    assert [label(built.graph, t.person) for t in timeline.holders_on(stream.tenures, position, when)] == holders


def test_the_one_conflict_is_the_two_police_directors(built, stream):
    (conflict,) = stream.conflicts
    g = built.graph
    people = sorted(label(g, t.person) for t in stream.tenures if t.iri in conflict.tenures)
    assert people == ["Jonas Lind", "Karin Dahl"]
    assert sorted(label(g, d) for d in conflict.documents) == [
        "examples/velland-cabinet/2026-03-20-korvik-attack.md", "examples/velland-cabinet/2026-03-24-follow-up.md"]


# ---------------------------------------------------------------- the curated queries and the CLI


@pytest.fixture(scope="module")
def graph_file(built, tmp_path_factory):
    path = tmp_path_factory.mktemp("stream") / "graph.ttl"
    built.graph.serialize(path, format="turtle")
    return path


def rows(result, *columns) -> list[tuple]:
    at = [result.vars.index(c) for c in columns]
    return [tuple(None if r[i] is None else str(r[i]) for i in at) for r in result.rows]


def articles(cell: str) -> list[str]:
    """The file names of a row's articles, as the query lists them: oldest first."""
    return [a.rsplit("/", 1)[1] for a in cell.split()]


def test_succession_of_a_post(graph_file):
    from kg.store import timelines

    result = timelines.post_holders(graph_file, "interior minister", place="Velland")
    assert rows(result, "position", "holder", "status", "from", "until", "endedBy", "replaced") == [
        (INTERIOR, "Mira Kask", "former", None, None, "2026-01-13", None),
        (INTERIOR, "Tomas Veld", "former", "2026-01-12", "2026-03-09", "2026-03-09", "Mira Kask"),
        (INTERIOR, "Lena Roos", "current", "2026-03-09", "2026-03-20", None, "Tomas Veld"),
    ]
    assert articles(str(result.rows[1][result.vars.index("articles")])) == [
        "2026-01-13-interior-minister.md", "2026-02-17-reshuffle.md", "2026-03-10-dismissal.md",
        "2026-03-24-follow-up.md"]


@pytest.mark.parametrize("post, when, holders", [
    ("Interior Minister of Velland", "2026-01-01", []),
    ("interior minister", "2026-02-20", ["Tomas Veld"]),
    ("interior minister", "2026-03-09", ["Tomas Veld", "Lena Roos"]),
    ("interior minister", "2026-06-01", ["Lena Roos"]),
    ("finance minister", "2026-01-20", ["Irene Falk"]),
    ("finance minister", "2026-02-17", ["Petra Holm"]),
    ("director of the Velland Police Service", "2025-06-01", ["Jonas Lind"]),
    ("director of the Velland Police Service", "2026-03-20", ["Jonas Lind", "Karin Dahl"]),
])
def test_who_held_post_on_date_agrees_with_the_reconciliation(built, stream, graph_file, post, when, holders):
    from kg.store import timelines

    assert [h for (h,) in rows(timelines.holders_on(graph_file, post, when), "holder")] == holders
    (position,) = {t.position for t in stream.tenures if t.post.lower().startswith(post.lower())}
    assert [label(built.graph, t.person) for t in timeline.holders_on(stream.tenures, position, when)] == holders


def test_tenures_of_a_person(graph_file):
    from kg.store import timelines

    result = timelines.person_history(graph_file, "Irene Falk")
    assert rows(result, "position", "where", "status", "from", "until", "noLater") == [
        (FINANCE, "Velland", "former", "2026-01-13", "2026-01-13", "2026-02-17"),
        ("ambassador", None, "current", "2026-02-17", "2026-02-17", None),
    ]


def test_conflicting_holders(graph_file):
    from kg.store import timelines

    result = timelines.conflicts(graph_file)
    assert rows(result, "position", "holder", "from", "until", "other", "otherFrom", "otherUntil") == [
        (POLICE, "Jonas Lind", "2025-01-01", "2026-03-24", "Karin Dahl", "2026-03-20", "2026-03-20")]
    assert articles(str(result.rows[0][-1])) == ["2026-03-20-korvik-attack.md", "2026-03-24-follow-up.md"]


def test_events_in_order(graph_file):
    from kg.store import timelines

    everything = rows(timelines.events(graph_file), "day", "event", "where", "participants", "perpetrators")
    assert everything == [
        ("2026-03-19", "attack in Korvik on March 19", "Korvik", None, "Red Dawn Front"),
        ("2026-03-20", "meeting of Security Council on March 20", None, "Lena Roos, Security Council", None),
    ]
    assert [r[1] for r in rows(timelines.events(graph_file, place="korvik"), "day", "event")] == ["attack in Korvik on March 19"]
    assert [r[0] for r in rows(timelines.events(graph_file, start="2026-03-20"), "day")] == ["2026-03-20"]
    assert rows(timelines.events(graph_file, end="2026-03-18"), "day") == []


def test_kg_timeline_and_kg_conflicts_print_what_the_library_answers(run_kg, graph_file):
    code, out, err = run_kg("timeline", graph_file, "--post", "interior minister", "--place", "Velland", "--format", "csv")
    assert (code, err) == (0, "")
    assert [line.split(",")[1] for line in out.splitlines()[1:]] == ["Mira Kask", "Tomas Veld", "Lena Roos"]
    code, out, _ = run_kg("timeline", graph_file, "Veld")  # another name of one person
    assert code == 0 and out.splitlines()[2].startswith("Tomas Veld  Interior Minister of Velland")
    assert out.endswith("(1 row)\n")
    code, out, _ = run_kg("timeline", graph_file, "--events", "--from", "2026-03-01", "--to", "2026-03-19",
                          "--format", "json")
    assert code == 0 and '"attack in Korvik on March 19"' in out and "Security Council" not in out
    code, out, _ = run_kg("conflicts", graph_file)
    assert code == 0 and "Jonas Lind" in out and "Karin Dahl" in out and out.endswith("(1 row)\n")


@pytest.mark.parametrize("args, message", [
    (["Nobody Known"], "no person named 'Nobody Known' in"),
    (["--post", "harbour master"], "no post named 'harbour master' in"),
    (["--post", "interior minister", "--place", "Tarvel"], "no post named 'interior minister' in Tarvel in"),
    ([], "give one of: a person's name, --post POST, --events"),
    (["Tomas Veld", "--events"], "give one of a person and --events, not both"),
    (["Tomas Veld", "--place", "Velland"], "--place goes with --post or --events"),
    (["--post", "interior minister", "--from", "2026-01-01"], "--from and --to go with --events"),
    (["--events", "--from", "March"], "argument --from: takes a date as YYYY-MM-DD, not 'March'"),
])
def test_kg_timeline_errors_are_one_line(run_kg, graph_file, args, message):
    from conftest import assert_one_line_error

    assert message in assert_one_line_error(run_kg("timeline", graph_file, *args))


def test_kg_conflicts_of_a_missing_graph_is_one_line(run_kg, tmp_path):
    from conftest import assert_one_line_error

    assert "cannot read graph" in assert_one_line_error(run_kg("conflicts", tmp_path / "missing.ttl"))


# ---------------------------------------------------------------- a store keeps its timeline current


def dismissal(built):
    return [ex for ex in built.extractions if ex.document.id.endswith("2026-03-10-dismissal.md")]


def before_dismissal(built):
    return [ex for ex in built.extractions if ex.document.id < dismissal(built)[0].document.id]


def veld(where) -> list[tuple]:
    from kg.store import timelines

    return rows(timelines.person_history(where, "Tomas Veld"), "status", "start", "end", "from", "until", "noLater")


def test_kg_add_of_a_later_article_closes_a_tenure_and_adding_it_again_changes_nothing(built, tmp_path):
    from kg.store.kgstore import KgStore

    with KgStore.create(tmp_path / "kb", before_dismissal(built)) as kb:
        pass
    # two articles call him current: known until the later one's date, open-ended
    assert veld(tmp_path / "kb") == [("current", "2026-01-12", None, "2026-01-12", "2026-02-17", None)]
    with KgStore(tmp_path / "kb", create=False) as kb:
        kb.add(dismissal(built))
        once = sorted(map(str, kb.quads()))
        kb.add(dismissal(built))
        assert sorted(map(str, kb.quads())) == once
    assert veld(tmp_path / "kb") == [("former", "2026-01-12", "2026-03-09", "2026-01-12", "2026-03-09", None)]


def test_the_timeline_is_rewritten_in_the_transaction_that_adds_the_article(built, tmp_path, monkeypatch):
    from kg.errors import KgError
    from kg.store import kgstore

    with kgstore.KgStore.create(tmp_path / "kb", before_dismissal(built)) as kb:
        def crash(store):
            raise OSError("disk gone after the transaction")

        # the ranks are refreshed after the add's one transaction: failing there, the article
        # and its consequence for the timeline are in, or neither would be
        monkeypatch.setattr(kgstore.measures, "refresh", crash)
        with pytest.raises(KgError):
            kb.add(dismissal(built))
    monkeypatch.undo()
    assert veld(tmp_path / "kb")[0][:3] == ("former", "2026-01-12", "2026-03-09")


def test_a_store_of_the_stream_answers_as_its_graph_file(built, graph_file, tmp_path):
    from kg.store import timelines
    from kg.store.kgstore import KgStore

    KgStore.create(tmp_path / "kb", built.extractions).close()
    for ask in (lambda w: timelines.post_holders(w, "interior minister"), timelines.conflicts,
                lambda w: timelines.person_history(w, "Irene Falk"), timelines.events,
                lambda w: timelines.holders_on(w, "director of the Velland Police Service", "2026-03-20")):
        stored, filed = ask(tmp_path / "kb"), ask(graph_file)
        assert stored.vars == filed.vars
        assert stored.rows == filed.rows  # names and articles in one order too, not as GROUP_CONCAT met them


def test_the_page_of_the_stream_lists_each_posts_holders_in_order(built, tmp_path):
    """The page of a real build (not a hand-made graph) carries the reconciled history: the
    interior post's panel lists its three holders in order, and the dismissed one as former."""
    from test_page import page_data

    data = page_data(pipeline.write_page(built.graph, tmp_path / "stream.html"))
    assert data["reconciled"] is True
    (post,) = [n["id"] for n in data["nodes"] if n["label"] == INTERIOR]
    kind, listed = data["history"][post]
    rows = [dict(zip(data["roleFields"], data["roles"][i])) for i in listed]
    assert kind == "holders"
    assert [(r["who"], r["status"]) for r in rows] == [
        ("Mira Kask", "former"), ("Tomas Veld", "former"), ("Lena Roos", "current")]
