"""Hand-built inputs for the tests: provenance, extractions and entity IRIs, made one way.

conftest.py imports these too; a test module takes them with ``from factories import ...``.
"""
from __future__ import annotations

from collections.abc import Iterable

from kg.graph.rdf import entity_iri
from kg.model import Document, Entity, Extraction, Fact, Provenance, Statement


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
