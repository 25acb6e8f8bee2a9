"""kg/graph/timeline.py: every article's roles reconciled into tenures, successions and conflicts."""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from factories import make_extraction, prov
from kg.graph import timeline
from kg.graph.rdf import to_graph
from kg.graph.timeline import RoleEvidence, holders_on, in_order, one_holder, reconcile
from kg.graph.vocab import V
from kg.model import DateValue, Entity, Role

MAYOR = "Mayor of Lindby"


def ev(role, person, date, status="current", position="lindby-mayor", post=MAYOR, **kw) -> RoleEvidence:
    return RoleEvidence(role, person, position, post, f"doc-{role}", date, status, **kw)


def tenure_of(tl, person, position="lindby-mayor"):
    (t,) = [t for t in tl.tenures if t.person == person and t.position == position]
    return t


# ---------------------------------------------------------------- one person's post across articles


def test_one_post_in_three_articles_is_one_tenure_with_three_pieces_of_evidence():
    tl = reconcile([ev("r1", "ada", "2026-01-05"), ev("r2", "ada", "2026-02-01"), ev("r3", "ada", "2026-03-01")])
    (t,) = tl.tenures
    assert [e.role for e in t.evidence] == ["r1", "r2", "r3"]
    assert (t.status, t.known_from, t.known_until, t.end_no_later_than) == ("current", "2026-01-05", "2026-03-01", None)


def test_a_later_former_closes_a_role_an_earlier_article_called_current():
    t = tenure_of(reconcile([ev("r1", "ada", "2026-01-05"), ev("r2", "ada", "2026-02-09", "former"),
                             ev("r3", "ada", "2026-04-01", "former")]), "ada")
    assert (t.status, t.known_until, t.end_no_later_than) == ("former", "2026-01-05", "2026-02-09")


def test_an_earlier_former_does_not_close_a_role_a_later_article_calls_current():
    t = tenure_of(reconcile([ev("r1", "ada", "2026-01-05", "former"), ev("r2", "ada", "2026-02-09")]), "ada")
    assert (t.status, t.known_from, t.known_until, t.end_no_later_than) == ("current", "2026-02-09", "2026-02-09", None)


def test_statuses_reconcile_by_article_date_not_by_the_order_given():
    forwards = [ev("r1", "ada", "2026-01-05", "designate"), ev("r2", "ada", "2026-02-01", "acting")]
    assert reconcile(forwards).tenures[0].status == "acting"
    assert reconcile(forwards[::-1]).tenures[0].status == "acting"


def test_on_one_date_former_says_more_than_current():
    t = tenure_of(reconcile([ev("r1", "ada", "2026-01-05"), ev("r2", "ada", "2026-01-05", "former")]), "ada")
    assert t.status == "former"


def test_an_explicit_date_beats_an_inferred_one():
    t = tenure_of(reconcile([ev("r1", "ada", "2026-01-05", start="2025-11-03"),
                             ev("r2", "ada", "2026-03-01", "former", end="2026-02")]), "ada")
    assert (t.known_from, t.known_until, t.end_no_later_than) == ("2025-11-03", "2026-02-01", None)
    assert (t.start, t.end, t.status) == ("2025-11-03", "2026-02", "former")


def test_the_most_precise_explicit_start_wins():
    t = tenure_of(reconcile([ev("r1", "ada", "2027-05-20", "former", start="2024", end="2027"),
                             ev("r2", "ada", "2024-03-12", start="2024-03-11")]), "ada")
    assert (t.start, t.known_from, t.known_until) == ("2024-03-11", "2024-03-11", "2027-01-01")


def test_a_designate_or_former_article_alone_gives_no_known_window():
    assert tenure_of(reconcile([ev("r1", "ada", "2026-01-05", "designate")]), "ada").window is None
    t = tenure_of(reconcile([ev("r1", "ada", "2026-01-05", "former")]), "ada")
    assert (t.window, t.end_no_later_than) == (None, "2026-01-05")


def test_an_undated_article_counts_for_status_but_gives_no_day():
    t = tenure_of(reconcile([ev("r1", "ada", None, "former"), ev("r2", "ada", "2026-01-05")]), "ada")
    assert (t.status, t.window) == ("current", ("2026-01-05", "2026-01-05"))


# ---------------------------------------------------------------- successions


def test_a_successor_links_tenures_and_closes_the_old_one_at_its_date():
    tl = reconcile([ev("r1", "ada", "2026-01-05"), ev("r2", "bo", "2026-02-10", start="2026-02-09", replaces="r3"),
                    ev("r3", "ada", "2026-02-10", "current")])
    ada, bo = tenure_of(tl, "ada"), tenure_of(tl, "bo")
    assert bo.replaces == (ada.iri,)
    assert (ada.status, ada.end_no_later_than) == ("former", "2026-02-10")
    assert [t.person for t in in_order(tl.tenures)] == ["ada", "bo"]


def test_the_one_taken_over_comes_first_though_only_its_end_is_known():
    tl = reconcile([ev("r1", "ada", "2026-01-13", "former"),
                    ev("r2", "bo", "2026-01-13", start="2026-01-12", replaces="r1"),
                    ev("r3", "cy", "2026-03-10", start="2026-03-09")])
    assert [t.person for t in in_order(tl.tenures)] == ["ada", "bo", "cy"]


def test_holder_on_a_date():
    tl = reconcile([ev("r1", "ada", "2026-01-05", start="2026-01-02"),
                    ev("r2", "ada", "2026-02-01"),
                    ev("r3", "bo", "2026-03-02", start="2026-02-27", replaces="r4"),
                    ev("r4", "ada", "2026-03-02", "former")])
    who = {d: [t.person for t in holders_on(tl.tenures, "lindby-mayor", d)]
           for d in ("2025-12-31", "2026-01-02", "2026-02-15", "2026-02-27", "2026-06-01")}
    # mid-February: ada's known window ended on 1 February, but she is not known to have left
    # before 2 March; from 27 February bo holds it, and after his last article still does
    assert who == {"2025-12-31": [], "2026-01-02": ["ada"], "2026-02-15": ["ada"], "2026-02-27": ["bo"],
                   "2026-06-01": ["bo"]}


def test_no_holder_after_a_known_end():
    tl = reconcile([ev("r1", "ada", "2026-01-05"), ev("r2", "ada", "2026-02-09", "former")])
    assert [t.person for t in holders_on(tl.tenures, "lindby-mayor", "2026-01-20")] == ["ada"]
    assert holders_on(tl.tenures, "lindby-mayor", "2026-03-01") == []


# ---------------------------------------------------------------- conflicts


def test_two_current_holders_of_a_one_holder_post_at_once_conflict():
    tl = reconcile([ev("r1", "ada", "2026-03-20"), ev("r2", "bo", "2026-03-24", start="2025")])
    (c,) = tl.conflicts
    assert set(c.tenures) == {tenure_of(tl, "ada").iri, tenure_of(tl, "bo").iri}
    assert (c.position, c.documents) == ("lindby-mayor", ("doc-r1", "doc-r2"))
    assert sorted(t.person for t in holders_on(tl.tenures, "lindby-mayor", "2026-03-20")) == ["ada", "bo"]


@pytest.mark.parametrize("why, evidence", [
    ("one replaced the other", [ev("r1", "ada", "2026-03-20"), ev("r2", "bo", "2026-03-24", start="2025", replaces="r3"),
                                ev("r3", "ada", "2026-03-24", "former")]),
    ("their known times do not meet", [ev("r1", "ada", "2026-03-20"), ev("r2", "bo", "2026-03-24")]),
    ("a post of many holders", [ev("r1", "ada", "2026-03-20", post="member of the Lindby council"),
                                ev("r2", "bo", "2026-03-20", post="member of the Lindby council")]),
    ("a deputy's post", [ev("r1", "ada", "2026-03-20", post="deputy mayor"), ev("r2", "bo", "2026-03-20", post="deputy mayor")]),
    ("one of them is only designate", [ev("r1", "ada", "2026-03-20"), ev("r2", "bo", "2026-03-20", "designate")]),
    ("one article names both", [RoleEvidence("r1", "ada", "lindby-mayor", MAYOR, "doc-1", "2026-03-20"),
                                RoleEvidence("r2", "bo", "lindby-mayor", MAYOR, "doc-1", "2026-03-20")]),
])
def test_no_conflict_when(why, evidence):
    assert reconcile(evidence).conflicts == [], why


@pytest.mark.parametrize("post, one", [("Interior Minister", True), ("chairman of the Harbour Council", True),
                                       ("head of the bureau", True), ("director", True), ("President", True),
                                       ("member", False), ("Deputy Prime Minister", False), ("spokesman", False),
                                       ("police officer", False), ("vice-president", False)])
def test_one_holder_posts_are_titles_that_head_something(post, one):
    assert one_holder(post) is one


# ---------------------------------------------------------------- read from a graph, written back


def stream():
    """Two articles of our own: Ada Brook appointed Mayor of Lindby, then called its former mayor
    when Bo Lund replaced her."""
    first = make_extraction("d1", "Ada Brook was appointed Mayor of Lindby on Monday.", date="2026-01-06", entities=[
        Entity("ada", "Person", "Ada Brook"), Entity("lindby", "City", "Lindby"),
        Entity("mayor", "Position", MAYOR, of="lindby")])
    first.roles = [Role("r1", "ada", "mayor", place="lindby", start=DateValue("2026-01-05"),
                        provenance=prov("Ada Brook was appointed Mayor of Lindby on Monday.", rule="appointment"))]
    text = "Bo Lund replaced Ada Brook as Mayor of Lindby."
    second = make_extraction("d2", text, date="2026-04-02", entities=[
        Entity("bo", "Person", "Bo Lund"), Entity("ada", "Person", "Ada Brook"), Entity("lindby", "City", "Lindby"),
        Entity("mayor", "Position", MAYOR, of="lindby")])
    second.roles = [Role("r1", "ada", "mayor", place="lindby", status="former", provenance=prov(text, rule="succession")),
                    Role("r2", "bo", "mayor", place="lindby", replaces="r1", provenance=prov(text, rule="succession"))]
    return [first, second]


def test_evidence_is_read_from_the_role_nodes_of_a_graph():
    evidence = timeline.read_evidence(to_graph(stream()))
    rows = sorted((e.role.rsplit("/", 2)[-2][:2], e.person.rsplit("/", 1)[1], e.post, e.date, e.status, e.start,
                   e.place.rsplit("/", 1)[1], bool(e.replaces)) for e in evidence)
    assert rows == [("d1", "ada-brook", MAYOR, "2026-01-06", "current", "2026-01-05", "lindby", False),
                    ("d2", "ada-brook", MAYOR, "2026-04-02", "former", None, "lindby", False),
                    ("d2", "bo-lund", MAYOR, "2026-04-02", "current", None, "lindby", True)]


def test_tenures_are_written_beside_the_facts_and_read_back_alike():
    graph = to_graph(stream())
    tl = timeline.add_timeline(graph)
    ada = URIRef(tenure_of(tl, str(V.instances["person/ada-brook"]), tl.tenures[0].position).iri)
    assert graph.value(ada, V.roleStatus) == Literal("former")
    assert str(graph.value(ada, V.knownFrom)) == "2026-01-05"
    assert str(graph.value(ada, V.endNoLaterThan)) == "2026-04-02"
    assert len(set(graph.objects(ada, V.evidence))) == 2
    (bo,) = graph.subjects(V.replaces, ada)
    assert graph.value(bo, V.external("org:member")) == V.instances["person/bo-lund"]
    # read again, the graph's own tenures change nothing: the roles are the only evidence
    before = len(graph)
    timeline.add_timeline(graph)
    assert len(graph) == before


def test_a_graph_with_tenures_conforms_to_the_shapes():
    from kg.store.validate import validate

    graph = to_graph(stream())
    timeline.add_timeline(graph)
    report = validate(graph)
    assert report.conforms, report.messages
