"""Extraction: one parsed document → entities and facts, stage by stage.

    mentions → classify → resolve → roles → events → relations

>>> from kg.nlp import load
>>> from kg.model import Document
>>> text = "Prosecutor General Jane Roe spoke in Ostrava."
>>> ex = extract(Document("d", text, "d"), load()(text))
>>> sorted((e.label, e.cls) for e in ex.entities.values())
[('Jane Roe', 'Person'), ('Ostrava', 'Location'), ('Prosecutor General', 'Position')]
"""
from __future__ import annotations

from kg.extract import coref, events, relations, roles, statements
from kg.extract.classify import settle_classes
from kg.extract.context import Context, parse_of
from kg.extract.mentions import find_mentions, titled_form
from kg.extract.resolve import cluster
from kg.model import Document, Extraction


def recognise(document: Document, doc) -> Context:
    """The first stages: mentions, their classes, and one entity per real thing."""
    doc = parse_of(doc)
    ctx = Context(document, doc)
    for entity in cluster(settle_classes(doc, find_mentions(doc))):
        entity.key = ctx.new_key()
        ctx.entities[entity.key] = entity
        for m in entity.mentions:
            if m.nested:
                continue
            for i in range(m.token_start, m.token_end):
                ctx.token_entity[i] = entity.key
            if entity.root_class == "Person" and (titled := titled_form(doc, m)):
                entity.alt_labels.add(titled)
    return ctx


def entities_of(text: str, nlp) -> Context:
    """Shorthand for tests and training: a Context with the entities of ``text``."""
    return recognise(Document("t", text, "t"), nlp(text))


def read(document: Document, doc, use_model: bool = True) -> Context:
    """All stages; without ``use_model`` the statistical relation model is left out (so that
    training sees exactly the entities and rule facts that inference will)."""
    ctx = recognise(document, doc)
    roles.read_roles(ctx)
    coref.resolve_references(ctx)
    events.read_events(ctx)
    relations.read_relations(ctx, use_model=use_model)
    statements.read_statements(ctx)
    return ctx


def extract(document: Document, doc) -> Extraction:
    """Everything kg reads from one document; ``doc`` is spaCy's parse of ``document.text``."""
    return read(document, doc).extraction()
