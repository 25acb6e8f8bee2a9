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
