"""Roles as things (kg/extract/roles.py, kg.model.Role): each role read keeps its status, its
start and end when the text gives them, and whose role it took over; sentences written for the
purpose, with invented names."""
from __future__ import annotations

import pytest
from rdflib import Literal

from kg.extract import extract
from kg.extract.context import period_date
from kg.graph.rdf import to_graph
from kg.graph.timeline import add_timeline
from kg.graph.vocab import QUERIES_DIR
from kg.model import Document
from kg.store.query import run
from kg.store.validate import validate


@pytest.fixture(scope="module")
def roles(nlp):
    """text → [(person, position, status, start, end, label of the person whose role it took over)]."""
    def _roles(text: str, date: str | None = "2019-06-10"):
        ex = extract(Document("t", text, "t.txt", date=date), nlp(text))
        label = {k: e.label for k, e in ex.entities.items()}
        by_key = {r.key: r for r in ex.roles}
        return sorted((label[r.person], label[r.position], r.status, r.start and r.start.value, r.end and r.end.value,
                       label[by_key[r.replaces].person] if r.replaces else None) for r in ex.roles)
    return _roles


@pytest.mark.parametrize("text, status", [
    ("Former Governor Petar Kolev opened the bridge.", "former"),
    ("Ex-Governor Petar Kolev opened the bridge.", "former"),
    ("The then-Governor Petar Kolev opened the bridge.", "former"),
    ("The late Governor Petar Kolev opened the bridge.", "former"),
    ("Petar Kolev, the outgoing governor of Tarvel, opened the bridge.", "former"),
    ("Acting Governor Petar Kolev opened the bridge.", "acting"),
    ("Petar Kolev, the interim director of the Velland Institute, opened the bridge.", "acting"),
    ("Petar Kolev will take over as head of the Velland Institute.", "designate"),
    ("Governor Petar Kolev opened the bridge.", "current"),
])
def test_a_role_keeps_its_status(roles, text, status):
    assert [r[2] for r in roles(text)] == [status]


@pytest.mark.parametrize("text", [
    "Late on Monday Governor Petar Kolev opened the bridge.",
    "The mayor spoke and then Governor Petar Kolev opened the bridge.",
])
def test_late_and_then_as_plain_adverbs_say_nothing_of_a_role(roles, text):
    assert [r[2] for r in roles(text)] == ["current"]


def test_dates_of_a_role(roles):
    assert roles("Lena Ortiz served as mayor of the city of Ostrava from 2008 to 2012.") == [
        ("Lena Ortiz", "mayor of Ostrava", "former", "2008", "2012", None)]
    assert roles("Anna Berg, the director of the Velland Institute since March, retired.")[0][3:5] == ("2019-03", None)
    # a month still to come, with "since", is last year's
    assert roles("Anna Berg, the director of the Velland Institute since August, retired.")[0][3] == "2018-08"
    # how long says nothing of when
    assert roles("Anna Berg, the director of the Velland Institute for eight years, retired.")[0][3:5] == (None, None)


def test_period_dates_are_as_precise_as_the_text():
    assert [period_date(t, "2019-06-10").value for t in ("early 2017", "June 2016", "May 3, 2015", "last year")] == \
        ["2017", "2016-06", "2015-05-03", "2018"]
    assert period_date("March") is None  # no year given and no article date to take it from


@pytest.mark.parametrize("text", [
    "Anna Berg replaced David Morel as head of the Velland Institute.",
    "Anna Berg succeeds David Morel as head of the Velland Institute.",
    "David Morel, who was replaced by Anna Berg as head of the Velland Institute, left.",
    "Anna Berg was named head of the Velland Institute, replacing David Morel.",
    "Anna Berg was named head of the Velland Institute in place of David Morel.",
    "Anna Berg, the new head of the Velland Institute, takes over from David Morel.",
    "David Morel, the head of the Velland Institute, spoke. Morel was making way for Anna Berg, the board said.",
])
def test_successions_give_both_the_role_and_the_new_one_replaces_the_old(roles, text):
    found = {(r[0], r[2], r[5]) for r in roles(text) if r[1] == "head of the Velland Institute" or r[1].startswith("Head of")}
    assert ("David Morel", "former", None) in found
    assert ("Anna Berg", "current", "David Morel") in found


def test_the_role_of_the_one_replaced_is_one_former_role_with_its_dates(roles):
    assert roles("David Morel, head of the Velland Institute since March 2015, was replaced by Anna Berg.") == [
        ("Anna Berg", "head of the Velland Institute", "current", None, None, "David Morel"),
        ("David Morel", "head of the Velland Institute", "former", "2015-03", None, None)]


def test_taking_over_a_body_from_someone_is_leading_it(roles):
    assert roles("Anna Berg took over the ministry of fisheries from David Morel.") == [
        ("Anna Berg", "Minister of fisheries", "current", None, None, "David Morel"),
        ("David Morel", "Minister of fisheries", "former", None, None, None)]


@pytest.mark.parametrize("text, status, end", [
    ("The board dismissed David Morel as head of the Velland Institute.", "former", None),
    ("David Morel was sacked as head of the Velland Institute on Friday.", "former", "2019-06-07"),
    ("A decree ended the powers of David Morel as head of the Velland Institute.", "former", None),
    ("A decree terminating the powers of David Morel as head of the Velland Institute was signed.", "former", None),
    ("David Morel resigned as head of the Velland Institute in 2016.", "former", "2016"),
    ("David Morel will step down as head of the Velland Institute.", "current", None),
    ("David Morel did not resign as head of the Velland Institute.", None, None),
])
def test_a_post_left_is_a_former_role(roles, text, status, end):
    found = [(r[2], r[4]) for r in roles(text) if r[0] == "David Morel" and r[1] == "head of the Velland Institute"]
    assert found == ([(status, end)] if status else [])


def test_no_succession_without_a_role_or_with_a_job_that_is_not_a_post(roles):
    assert roles("Anna Berg replaced David Morel on the team.") == []
    assert [r[:3] for r in roles("David Morel was replaced by Anna Berg, a lawyer.")] == [
        ("Anna Berg", "lawyer", "current")]


def test_role_history_in_the_graph(nlp):
    """Two articles: appointed, then former; the curated query shows both with status and dates."""
    texts = {"a": ("Lena Ortiz was appointed director of the Velland Institute in March 2015.", "2015-03-20"),
             "b": ("Lena Ortiz, the former director of the Velland Institute from 2015 to 2019, spoke.",
                   "2020-02-01")}
    exs = [extract(Document(k, t, f"{k}.txt", date=d), nlp(t)) for k, (t, d) in texts.items()]
    graph = to_graph(exs)
    add_timeline(graph)
    assert validate(graph).conforms
    result = run(graph, (QUERIES_DIR / "who-holds-which-position.rq").read_text(encoding="utf-8"))
    rows = [tuple(str(v) if v is not None else None for v in row) for row in result.rows]
    # one row for the post across both articles: held from March 2015 by the first, former by the second
    assert rows == [("Lena Ortiz", "director of the Velland Institute", "former", "2015-03-01", "2019-01-01", None, None)]


def _two_articles(nlp):
    texts = {"a": "Anna Berg was named head of the Velland Institute, replacing David Morel."}
    return [extract(Document(k, t, f"{k}.txt", date="2019-06-10"), nlp(t)) for k, t in texts.items()]


def test_a_role_status_outside_the_four_does_not_conform(nlp):

    from kg.graph.vocab import V

    graph = to_graph(_two_articles(nlp))
    role = next(graph.subjects(V.roleStatus, Literal("former")))
    graph.set((role, V.roleStatus, Literal("retired")))
    report = validate(graph)
    assert not report.conforms
    assert any("kg:roleStatus" in m for m in report.messages)


def test_role_nodes_sit_in_their_article_graph_with_the_replaced_role(nlp):
    from kg.graph.rdf import document_graph_iri, to_dataset
    from kg.graph.vocab import V

    ds = to_dataset(_two_articles(nlp))
    article = ds.graph(document_graph_iri("a"))
    roles = set(article.subjects(V.roleStatus, None))
    assert len(roles) == 2
    (new, old), = article.subject_objects(V.replaces)
    assert {new, old} == roles
