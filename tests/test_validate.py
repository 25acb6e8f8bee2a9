"""kg.store.validate and ontology/shapes.ttl: a graph kg writes conforms; each broken rule is named."""
from __future__ import annotations

from functools import partial

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from factories import make_extraction, prov
from kg.errors import KgError
from kg.graph.rdf import to_graph
from kg.graph.vocab import SHAPES_FILE, V
from kg.model import DateValue, Entity, Extraction, Fact, Role
from kg.store.validate import ValidationReport, validate

TEXT = "Harbour Council chairman Marta Kovac chaired a meeting in Lindby on June 5."


# Where a fact of TEXT was read; start and end may be given.
read = partial(prov, TEXT, document="news-1", rule="title-of-org", end=47)


def extraction(*facts: tuple[str, str, object], entities: dict[str, str] | None = None, **prov_args) -> Extraction:
    """An extraction of the named entities (key → class; the label is the key) and facts."""
    return make_extraction("news-1", TEXT, title="Council meets", date="2016-06-06",
                           entities=[Entity(key, cls, key, {key.upper()}) for key, cls in (entities or {}).items()],
                           facts=[Fact(s, p, o, read(**prov_args)) for s, p, o in facts])


def good_extraction() -> Extraction:
    ex = extraction(
        ("Kovac", "heads", "Harbour Council"),
        ("Kovac", "chairs", "meeting"),
        ("Kovac", "holdsPosition", "President"),
        ("meeting", "occursIn", "Lindby"),
        ("meeting", "occursOn", DateValue("--06-05")),
        ("Harbour Council", "basedIn", "Lindby"),
        entities={"Kovac": "Person", "Harbour Council": "GovernmentBody", "meeting": "Meeting",
                  "Lindby": "City", "President": "Position"},
    )
    ex.statements = []
    return ex


def good_graph() -> Graph:
    return to_graph([good_extraction()])


def node(g: Graph, label: str) -> URIRef:
    return next(g.subjects(RDFS.label, Literal(label)))


def assert_violation(report: ValidationReport, *words: str) -> str:
    """The one message that holds every word, so a test checks which rule broke, not merely that one did."""
    assert report.conforms is False
    hits = [m for m in report.messages if all(w in m for w in words)]
    assert hits, f"no message with {words}: {report.messages}"
    return hits[0]


# ---------------------------------------------------------------- what conforms


def test_a_graph_kg_writes_conforms():
    report = validate(good_graph())
    assert report.messages == []
    assert report.conforms is True


def test_confidence_made_from_a_float_conforms():
    # to_graph builds Literal(0.9, datatype=xsd:decimal), whose Python value is a float; pyshacl
    # alone would call that no decimal.
    g = good_graph()
    a = next(g.subjects(RDF.type, V.Assertion))
    g.set((a, V.confidence, Literal(0.25, datatype=XSD.decimal)))
    assert validate(g).conforms


def test_a_graph_file_is_validated(tmp_path):
    path = tmp_path / "graph.ttl"
    good_graph().serialize(path, format="turtle")
    assert validate(path).conforms
    assert validate(str(path)).conforms


def test_a_store_is_validated(tmp_path, capsys):
    from kg import cli
    from kg.store.kgstore import KgStore

    KgStore.create(tmp_path / "kb", [good_extraction()]).close()
    assert validate(tmp_path / "kb").conforms
    assert cli.main(["validate", str(tmp_path / "kb")]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'kb'} conforms to ontology/shapes.ttl\n"
    # a folder name that is not there reads as a store that is not there, not as a bad suffix
    assert cli.main(["validate", str(tmp_path / "gone")]) == 2
    assert capsys.readouterr().err == f"kg: error: no such store: {tmp_path / 'gone'}\n"


def test_named_graphs_are_validated_together(tmp_path):
    ds = Dataset()
    named = ds.graph(V.instances["graph/one"])
    g = good_graph()
    for t in g:
        named.add(t)
    named.add((node(g, "Kovac"), RDFS.label, Literal("Kovac again")))
    path = tmp_path / "graph.trig"
    ds.serialize(path, format="trig")
    assert_violation(validate(path), "Kovac", "rdfs:label")


def test_subclass_instances_are_checked_as_their_root_class():
    # No data triple says the City is a Location: the ontology's subClassOf has to be seen.
    g = good_graph()
    g.add((node(g, "Lindby"), RDFS.label, Literal("Nur-Sultan")))
    assert_violation(validate(g), "Lindby", "rdfs:label")


# ---------------------------------------------------------------- nodes


def test_a_person_with_two_labels_does_not_conform():
    g = good_graph()
    g.add((node(g, "Kovac"), RDFS.label, Literal("K. Kovac")))
    message = assert_violation(validate(g), "rdfs:label", "exactly one")
    assert '"Kovac"' in message and '"K. Kovac"' in message
    assert "\n" not in message


def test_a_label_that_turns_text_around_is_quoted_escaped():
    g = good_graph()
    g.add((node(g, "Kovac"), RDFS.label, Literal("Kovac\u202e evil")))
    message = assert_violation(validate(g), "rdfs:label", "exactly one")
    assert '"Kovac\\u202e evil"' in message and "\u202e" not in message


def test_a_label_must_be_a_plain_string():
    g = good_graph()
    lindby = node(g, "Lindby")
    g.set((lindby, RDFS.label, Literal(7)))
    assert_violation(validate(g), "rdfs:label", "plain string", "xsd:integer")


def test_an_entity_must_be_mentioned_in_a_document():
    g = good_graph()
    g.remove((node(g, "Harbour Council"), V.mentionedIn, None))
    assert_violation(validate(g), "Harbour Council", "kg:mentionedIn")


def test_mentioned_in_must_point_to_a_document():
    g = good_graph()
    council = node(g, "Harbour Council")
    g.set((council, V.mentionedIn, node(g, "Lindby")))
    assert_violation(validate(g), "Harbour Council", "kg:mentionedIn", "(got Lindby)")


def test_a_position_needs_its_label_but_no_mention():
    g = good_graph()
    president = node(g, "President")
    assert (president, V.mentionedIn, None) not in g
    assert validate(g).conforms
    g.remove((president, RDFS.label, None))
    assert_violation(validate(g), "<https://w3id.org/kg-news/id/position/", "rdfs:label")


def test_a_statement_needs_a_person_speaking():
    ex = extraction(entities={"Kovac": "Person", "Lindby": "City"})
    from kg.model import Statement
    ex.statements = [Statement("Kovac", "We will act.", read())]
    g = to_graph([ex])
    assert validate(g).conforms
    ex.statements = [Statement("Lindby", "We will act.", read())]
    assert_violation(validate(to_graph([ex])), "kg:speaker", "kg:Person", "(got Lindby)")


# ---------------------------------------------------------------- assertions


def test_an_assertion_without_a_rule_does_not_conform():
    g = good_graph()
    a = next(g.subjects(V.rule, Literal("title-of-org")))
    g.remove((a, V.rule, None))
    message = assert_violation(validate(g), "kg:rule")
    assert message.startswith("assertion ")  # named by the fact it records


@pytest.mark.parametrize("prop", ["sourceDocument", "sentence", "confidence", "startChar", "endChar"])
def test_an_assertion_needs_each_provenance_field(prop):
    g = good_graph()
    a = next(g.subjects(RDF.type, V.Assertion))
    g.remove((a, V.term(prop), None))
    assert_violation(validate(g), f"kg:{prop}", "exactly one")


@pytest.mark.parametrize("prop", ["subject", "predicate", "object"])
def test_an_assertion_records_exactly_one_triple(prop):
    g = good_graph()
    a = next(g.subjects(RDF.type, V.Assertion))
    g.add((a, RDF[prop], V.instances["person/someone-else"]))
    assert_violation(validate(g), f"rdf:{prop}", "exactly one")


def test_confidence_above_1_does_not_conform():
    ex = extraction(("Kovac", "heads", "Harbour Council"),
                    entities={"Kovac": "Person", "Harbour Council": "Organization"}, confidence=1.5)
    assert_violation(validate(to_graph([ex])), "kg:confidence", "from 0 to 1", '(got "1.5"^^xsd:decimal)')


def test_confidence_below_0_does_not_conform():
    # to_graph drops facts below min_confidence, so the negative value is written by hand.
    g = good_graph()
    a = next(g.subjects(RDF.type, V.Assertion))
    g.set((a, V.confidence, Literal("-0.1", datatype=XSD.decimal)))
    assert_violation(validate(g), "kg:confidence", "from 0 to 1")


def test_confidence_is_a_decimal():
    g = good_graph()
    a = next(g.subjects(RDF.type, V.Assertion))
    g.set((a, V.confidence, Literal("high")))
    assert_violation(validate(g), "kg:confidence", '(got "high")')


def test_character_offsets_are_ordered_non_negative_integers():
    facts = [("Kovac", "heads", "Harbour Council")]
    ents = {"Kovac": "Person", "Harbour Council": "Organization"}
    assert validate(to_graph([extraction(*facts, entities=ents, start=5, end=5)])).conforms
    assert_violation(validate(to_graph([extraction(*facts, entities=ents, start=9, end=4)])),
                     "kg:startChar", "up to kg:endChar")
    assert_violation(validate(to_graph([extraction(*facts, entities=ents, start=-1, end=4)])),
                     "kg:startChar", "(got \"-1\"^^xsd:integer)")
    g = good_graph()
    a = next(g.subjects(RDF.type, V.Assertion))
    g.set((a, V.endChar, Literal("47")))
    assert_violation(validate(g), "kg:endChar", "integer")


def test_an_assertion_must_record_a_fact_the_graph_asserts():
    g = good_graph()
    g.remove((node(g, "Kovac"), V.heads, None))
    assert_violation(validate(g), "assertion ", "[Kovac heads Harbour Council]", "does not assert")


# ---------------------------------------------------------------- facts: subject and object classes

ALL = {"P": "Person", "P2": "Person", "Org": "Organization", "Gov": "GovernmentBody", "Loc": "Location",
       "Country": "Country", "Region": "Region", "City": "City", "Building": "Building",
       "Facility": "Facility", "Event": "Event", "Attack": "Attack", "Meeting": "Meeting", "Group": "Group",
       "Post": "Position"}

# property, (subject, object) pairs that conform, pairs whose object is wrong, pairs whose subject is wrong
CONTRACT = [
    ("heads", [("P", "Gov"), ("P", "Region"), ("P", "Country")], [("P", "P2"), ("P", "Meeting")], [("Org", "Gov")]),
    ("chairs", [("P", "Meeting"), ("P", "Org")], [("P", "City"), ("P", "Attack")], [("Group", "Meeting")]),
    ("holdsPosition", [("P", "Post")], [("P", "Org")], [("Org", "Post")]),
    ("memberOf", [("P", "Org"), ("P", "Gov")], [("P", "P2")], [("Org", "Gov")]),
    ("worksFor", [("P", "Gov")], [("P", "City")], [("Group", "Org")]),
    ("participatesIn", [("P", "Meeting"), ("Org", "Event"), ("Group", "Attack")], [("P", "City")], [("City", "Meeting")]),
    ("occursIn", [("Attack", "City"), ("Meeting", "Building"), ("Event", "Facility")], [("Meeting", "Org")], [("P", "City")]),
    ("locatedIn", [("City", "Country"), ("Gov", "City"), ("Building", "City")], [("City", "Org")], [("P", "City")]),
    ("basedIn", [("Gov", "City")], [("Org", "P")], [("P", "City")]),
    ("subOrganizationOf", [("Gov", "Org")], [("Gov", "Loc")], [("P", "Org")]),
    ("perpetratedBy", [("Attack", "Group"), ("Attack", "Org"), ("Attack", "P")], [("Attack", "City")], [("Meeting", "Group")]),
    ("livesIn", [("P", "City")], [("P", "Org")], [("Org", "City")]),
    ("killed", [("P", "P2")], [("P", "Org")], [("Group", "P")]),
]


def fact_graph(prop: str, s: str, o: str) -> Graph:
    return to_graph([extraction((s, prop, o), entities={s: ALL[s], o: ALL[o]})])


@pytest.mark.parametrize("prop, good", [(p, pair) for p, goods, _, _ in CONTRACT for pair in goods])
def test_contract_fact_conforms(prop, good):
    report = validate(fact_graph(prop, *good))
    assert report.conforms, report.messages


@pytest.mark.parametrize("prop, bad", [(p, pair) for p, _, bads, _ in CONTRACT for pair in bads])
def test_contract_fact_with_wrong_object_class(prop, bad):
    s, o = bad
    message = assert_violation(validate(fact_graph(prop, s, o)), f"kg:{prop}", "must point to", f"(got {o})")
    assert message.startswith(f"{s}: kg:{prop}: ")


@pytest.mark.parametrize("prop, bad", [(p, pair) for p, _, _, bads in CONTRACT for pair in bads])
def test_contract_fact_with_wrong_subject_class(prop, bad):
    s, o = bad
    message = assert_violation(validate(fact_graph(prop, s, o)), f"the subject of kg:{prop}")
    assert message.startswith(f"{s}: ")


def test_heads_pointing_to_a_date_does_not_conform():
    g = good_graph()
    g.add((node(g, "Kovac"), V.heads, Literal("2016-06-05", datatype=XSD.date)))
    message = assert_violation(validate(g), "Kovac", "kg:heads", "kg:Organization or a kg:Location")
    assert message.endswith('(got "2016-06-05"^^xsd:date)')


@pytest.mark.parametrize("value, ok", [
    (DateValue("--06-05"), True),
    (DateValue("2016-06-05"), True),
    (DateValue("--02-29"), True),
    (DateValue("--13-05"), False),
    (DateValue("--6-5"), False),
    (DateValue("2016-02-30"), False),
    ("June 5", False),
])
def test_occurs_on_is_a_date_or_a_month_and_day(value, ok):
    ex = extraction(("Meeting", "occursOn", value), entities={"Meeting": "Meeting"})
    if isinstance(value, str):
        ex.facts[0] = Fact("Meeting", "occursOn", value, read(), object_is_entity=False)
    report = validate(to_graph([ex]))
    if ok:
        assert report.conforms, report.messages
    else:
        assert_violation(report, "Meeting", "kg:occursOn", "xsd:gMonthDay")


def test_only_events_occur_on_dates():
    ex = extraction(("P", "occursOn", DateValue("--06-05")), entities={"P": "Person"})
    assert_violation(validate(to_graph([ex])), "P: ", "the subject of kg:occursOn")


# ---------------------------------------------------------------- tenures and conflicts across articles


def tenure_graph() -> tuple[Graph, URIRef]:
    """The good graph with Kovac's role as an article states it, and a tenure reconciled from it."""
    ex = good_extraction()
    ex.roles = [Role("r1", "Kovac", "President", provenance=read())]
    g = to_graph([ex])
    role = next(g.subjects(RDF.type, V.Role))
    tenure = V.instances["tenure/kovac/president"]
    for p, o in [(RDF.type, V.Tenure), (V.external("org:member"), node(g, "Kovac")),
                 (V.external("org:role"), node(g, "President")), (V.roleStatus, Literal("current")),
                 (V.knownFrom, Literal("2016-06-06", datatype=XSD.date)), (V.evidence, role)]:
        g.add((tenure, p, o))
    return g, tenure


def test_a_tenure_conforms_and_its_dates_are_days():
    g, tenure = tenure_graph()
    assert validate(g).conforms, validate(g).messages
    g.add((tenure, V.endNoLaterThan, Literal("2017")))
    assert_violation(validate(g), "kg:endNoLaterThan", "xsd:date")


def test_only_a_tenure_has_known_dates_and_evidence():
    g, _ = tenure_graph()
    g.add((node(g, "Kovac"), V.knownFrom, Literal("2016-06-06", datatype=XSD.date)))
    assert_violation(validate(g), "only a kg:Tenure")


def test_a_conflict_sets_two_tenures_against_each_other():
    g, tenure = tenure_graph()
    conflict = V.instances["conflict/president"]
    g.add((conflict, RDF.type, V.Conflict))
    g.add((conflict, V.conflictingTenure, tenure))
    assert_violation(validate(g), "kg:conflictingTenure", "exactly two")


# ---------------------------------------------------------------- the shapes file and the report


def test_every_property_with_a_domain_or_range_has_a_shape():
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    covered = set(shapes.objects(None, SH.path)) | set(shapes.objects(None, SH.targetSubjectsOf))
    constrained = {p for p in V.graph.subjects(RDFS.domain, None)} | {p for p in V.graph.subjects(RDFS.range, None)}
    missing = sorted(str(p) for p in constrained if str(p).startswith(str(V.namespace)) and p not in covered)
    assert missing == []


def test_messages_are_one_line_each_and_sorted():
    g = good_graph()
    kovac = node(g, "Kovac")
    g.add((kovac, RDFS.label, Literal("two\nlines")))
    g.add((kovac, V.heads, Literal("x")))
    report = validate(g)
    assert len(report.messages) == 2
    assert all("\n" not in m for m in report.messages)
    assert report.messages == sorted(report.messages)
    assert str(report).splitlines()[0] == "2 violation(s):"


@pytest.mark.parametrize("name, content", [
    ("missing.ttl", None),
    ("broken.ttl", "<urn:a> <urn:b> .\n"),
    ("graph.txt", "hello"),
])
def test_an_unreadable_graph_file_is_a_one_line_kg_error(tmp_path, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(KgError) as err:
        validate(path)
    assert str(err.value).startswith(f"cannot read graph {path}: ")
    assert "\n" not in str(err.value)
