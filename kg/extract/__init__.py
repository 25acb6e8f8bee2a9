"""Extraction: one parsed document → entities and facts, stage by stage.

    recognise (mentions → classify → resolve) → roles → coref → events → relations → model
    → statements

Each stage after ``recognise`` reads what earlier ones wrote to the Context; ``STAGES`` says
which fields, and tests/test_stages.py holds the stages to it.

>>> from kg.nlp import load
>>> from kg.model import Document
>>> text = "Prosecutor General Jane Roe spoke in Ostrava."
>>> ex = extract(Document("d", text, "d"), load()(text))
>>> sorted((e.label, e.cls) for e in ex.entities.values())
[('Jane Roe', 'Person'), ('Ostrava', 'Location'), ('Prosecutor General', 'Position')]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kg.extract import coref, events, relations, roles, statements
from kg.extract.classify import settle_classes
from kg.extract.context import Context, parse_of
from kg.extract.mentions import find_mentions, titled_form
from kg.extract.relation_model import read_with_model
from kg.extract.resolve import cluster
from kg.model import Document, Extraction


@dataclass(frozen=True)
class Stage:
    """One stage after ``recognise``, with the Context fields it reads and writes."""

    name: str
    run: Callable[[Context], None]
    reads: frozenset[str]
    writes: frozenset[str]


def _stage(name: str, run, reads: str, writes: str) -> Stage:
    return Stage(name, run, frozenset(reads.split()), frozenset(writes.split()))


# In order; ``recognise`` before them writes entities and token_entity.  Every stage reads doc;
# one writing facts reads document (its id, in each fact's provenance).
STAGES = (
    # titles, appositions, appointments, successions: holdsPosition/heads/memberOf/worksFor facts
    # and a Role for each (status, dates, whose role it took over), Position and GovernmentBody entities; drops a word that was only a title's qualifier (and its tokens)
    _stage("roles", roles.read_roles, "document doc entities token_entity", "facts entities token_entity roles"),
    # "she", "the President" → a person's tokens; who holds which title comes from roles' facts
    _stage("coref", coref.resolve_references, "document doc entities token_entity facts", "token_entity"),
    # Attack and Meeting entities (their trigger words their tokens) and their facts; the
    # document's date gives a year to "June 5"
    _stage("events", events.read_events, "document doc entities token_entity", "entities token_entity facts"),
    # rule facts between bodies, places and people, and alt labels ("Supreme Court")
    _stage("relations", relations.read_relations, "document doc entities token_entity", "facts entities"),
    # the pairs no rule linked; a body in someone's title is theirs (roles' facts)
    _stage("model", read_with_model, "document doc entities facts", "facts"),
    # who said what; coref's pronouns and titles are speakers too
    _stage("statements", statements.read_statements, "document doc entities token_entity", "statements"),
)


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
    for stage in STAGES:
        if use_model or stage.run is not read_with_model:
            stage.run(ctx)
    return ctx


def extract(document: Document, doc) -> Extraction:
    """Everything kg reads from one document; ``doc`` is spaCy's parse of ``document.text``."""
    return read(document, doc).extraction()
