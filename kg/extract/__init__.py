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

from kg.extract import events, relations, roles
from kg.extract.classify import settle_classes
from kg.extract.context import Context
from kg.extract.mentions import find_mentions
from kg.extract.resolve import cluster
from kg.model import Document, Extraction


def extract(document: Document, doc) -> Extraction:
    """Everything kg reads from one document; ``doc`` is spaCy's parse of ``document.text``."""
    ctx = Context(document, doc)
    for entity in cluster(settle_classes(doc, find_mentions(doc))):
        entity.key = ctx.new_key()
        ctx.entities[entity.key] = entity
        for m in entity.mentions:
            for i in range(m.token_start, m.token_end):
                ctx.token_entity[i] = entity.key
    roles.read_roles(ctx)
    events.read_events(ctx)
    relations.read_relations(ctx)
    return ctx.extraction()
