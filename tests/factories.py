"""Hand-built inputs for the tests: provenance, extractions and entity IRIs, made one way.

conftest.py imports these too; a test module takes them with ``from factories import ...``.
"""
from __future__ import annotations

import socket
from collections.abc import Iterable
from functools import partial

from kg.graph.rdf import entity_iri
from kg.model import DateValue, Document, Entity, Extraction, Fact, Provenance, Statement


def prov(sentence: str, *, document: str = "d1", start: int = 0, end: int | None = None,
         within: str | None = None, rule: str = "test", confidence: float = 0.9) -> Provenance:
    """Where a fact was read: ``sentence`` at ``start`` (or where it first stands ``within`` a text),
    ending ``end`` or at its own length.

    >>> prov("Ada spoke.", within="Hi. Ada spoke.", rule="said")
    Provenance(document='d1', sentence='Ada spoke.', start=4, end=14, rule='said', confidence=0.9)
    """
    if within is not None:
        start = within.index(sentence)
    return Provenance(document, sentence, start, start + len(sentence) if end is None else end, rule, confidence)


def make_extraction(doc_id: str = "d1", text: str = "", *, source: str | None = None, title: str | None = None,
                    date: str | None = None, dateline: str | None = None, entities: Iterable[Entity] = (),
                    facts: Iterable[Fact] = (), statements: Iterable[Statement] = ()) -> Extraction:
    """One article's extraction, its entities keyed by their own keys; the source is ``<doc_id>.txt``
    unless given.

    >>> make_extraction("d1", "Bob.", entities=[Entity("bob", "Person", "Bob")]).entities["bob"].label
    'Bob'
    """
    ex = Extraction(Document(doc_id, text, f"{doc_id}.txt" if source is None else source,
                             title=title, date=date, dateline=dateline))
    ex.entities = {e.key: e for e in entities}
    ex.facts = list(facts)
    ex.statements = list(statements)
    return ex


def iri(key: str, *extractions: Extraction) -> str:
    """The IRI kg gives the entity ``key`` of the first of ``extractions`` that has one.

    >>> iri("bob", make_extraction("d1", entities=[Entity("bob", "Person", "Bob")])).endswith("/person/bob")
    True
    """
    for ex in extractions:
        if key in ex.entities:
            return str(entity_iri(ex.entities[key], ex.document.id))
    raise KeyError(key)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for servers a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# A short article of our own, with one fact of most kinds, for the query, store and CLI tests.
NEWS_TEXT = (
    "President Marta Kovac, chairman of the Harbour Council, chaired a meeting in Lindby "
    "on June 5. Prosecutor General Zhakip Asanov presented a report during the meeting. "
    "The attacks in Tarvel were carried out by followers of a movement. "
    "The Harbour Bureau was created under the Harbour Council. "
    "The Harbour Council is based in Lindby. "
    "Lindby, the largest city of Moldavia, welcomed it. "
    "Kovac said the port would reopen."
)


# Where a phrase of TEXT was read, by a rule with a confidence.
news_prov = partial(prov, document="news-1", within=NEWS_TEXT)


def news_extraction() -> Extraction:
    """NEWS_TEXT's entities, facts and one statement, as extraction would read them."""
    ex = make_extraction("news-1", NEWS_TEXT, title="Council meets", date="2016-06-06", dateline="LINDBY", entities=[
        Entity("kovac", "Person", "Marta Kovac", {"Kovac"}),
        Entity("council", "GovernmentBody", "Harbour Council"),
        Entity("asanov", "Person", "Zhakip Asanov"),
        Entity("pg", "Position", "Prosecutor General"),
        Entity("meeting", "Meeting", "meeting"),
        Entity("lindby", "City", "Lindby"),
        Entity("tarvel", "City", "Tarvel"),
        Entity("attacks", "Attack", "attacks"),
        Entity("followers", "Group", "followers of a movement"),
        Entity("bureau", "GovernmentBody", "Harbour Bureau"),
        Entity("moldavia", "Country", "Moldavia"),
    ])
    s1 = "President Marta Kovac, chairman of the Harbour Council, chaired a meeting in Lindby on June 5."
    s2 = "Prosecutor General Zhakip Asanov presented a report during the meeting."
    s3 = "The attacks in Tarvel were carried out by followers of a movement."
    ex.facts = [
        Fact("kovac", "heads", "council", news_prov(s1, rule="title-of-org", confidence=0.9)),
        Fact("kovac", "chairs", "meeting", news_prov(s1, rule="verb-chair", confidence=0.8)),
        Fact("meeting", "occursIn", "lindby", news_prov(s1, rule="event-in-place", confidence=0.7)),
        Fact("meeting", "occursOn", DateValue("--06-05"), news_prov(s1, rule="event-on-date", confidence=0.7)),
        Fact("asanov", "holdsPosition", "pg", news_prov(s2, rule="title-before-name", confidence=0.85)),
        Fact("asanov", "participatesIn", "meeting", news_prov(s2, rule="during-event", confidence=0.6)),
        Fact("attacks", "occursIn", "tarvel", news_prov(s3, rule="event-in-place", confidence=0.7)),
        Fact("attacks", "occursOn", DateValue("2016-06-05"), news_prov(s3, rule="event-on-date", confidence=0.7)),
        Fact("attacks", "perpetratedBy", "followers", news_prov(s3, rule="carried-out-by", confidence=0.75)),
        Fact("bureau", "subOrganizationOf", "council", news_prov("The Harbour Bureau was created under the Harbour Council.", rule="created-under", confidence=0.8)),
        Fact("council", "basedIn", "lindby", news_prov("The Harbour Council is based in Lindby.", rule="based-in-verb", confidence=0.85)),
        Fact("lindby", "locatedIn", "moldavia", news_prov("Lindby, the largest city of Moldavia, welcomed it.", rule="place-apposition", confidence=0.8)),
    ]
    said = "Kovac said the port would reopen."
    ex.statements = [Statement("kovac", "the port would reopen", news_prov(said, rule="reported-speech", confidence=0.75))]
    return ex
