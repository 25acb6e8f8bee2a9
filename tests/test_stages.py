"""The stage contract of kg/extract/__init__.py (``STAGES``) against the stages: each touches
only the Context fields it declares, reads every field it declares reading, and writes every
field it declares writing."""
from __future__ import annotations

from dataclasses import fields

import pytest

from kg.extract import STAGES, Context, recognise
from kg.model import Document

FIELDS = {f.name for f in fields(Context)}

# Written for the purpose: a title, a pronoun speaker, a dated meeting of a body, a body in a
# place, a body named after its place, a quote and a pair only the relation model links.
TEXT = ("Harbour Minister Rita Halloway chaired a meeting of the Velland Harbour Council on May 2. "
        "“The pier is safe,” she said. Transport Minister Tobias Grell attended. "
        "Voters in Ostrava backed the Ostrava Harbour Board. "
        "Doctors at the Velland Research Centre in Ostrava built a lens. "
        "Marit Oskarsen, a lawyer who works for Halloway Bank, declined to comment.")


class Watched(Context):
    """A Context that notes which of its fields are looked up."""

    def __getattribute__(self, name):
        if name in FIELDS:
            object.__getattribute__(self, "touched").add(name)
        return object.__getattribute__(self, name)


def _state(ctx: Context) -> dict:
    entities = {k: (e.cls, e.label, frozenset(e.alt_labels), e.of) for k, e in ctx.entities.items()}
    return {"entities": entities, "token_entity": dict(ctx.token_entity), "facts": list(ctx.facts),
            "statements": list(ctx.statements), "roles": list(ctx.roles)}


@pytest.fixture(scope="module")
def runs(nlp):
    """Per stage: (fields it looked up, fields it changed), stages run in order on TEXT."""
    first = recognise(Document("t", TEXT, "t"), nlp(TEXT))
    ctx = Watched.__new__(Watched)
    object.__setattr__(ctx, "touched", set())
    ctx.__init__(**{f: getattr(first, f) for f in FIELDS})
    out = {}
    for stage in STAGES:
        before = _state(ctx)
        object.__setattr__(ctx, "touched", set())
        stage.run(ctx)
        touched = set(object.__getattribute__(ctx, "touched"))
        after = _state(ctx)
        out[stage.name] = (touched, {f for f in before if before[f] != after[f]})
    return out


@pytest.mark.parametrize("stage", STAGES, ids=[s.name for s in STAGES])
def test_a_stage_keeps_to_its_contract(runs, stage):
    touched, changed = runs[stage.name]
    assert stage.reads | stage.writes <= FIELDS
    assert touched <= stage.reads | stage.writes, "looks up a field it does not declare"
    assert changed <= stage.writes, "changes a field it does not declare writing"
    assert stage.reads <= touched, "declares reading a field it never looks up"


def test_every_declared_write_happens(runs):
    # TEXT has a shape for each: roles drops the qualifier of "Transport Minister" from
    # token_entity, relations gives the Harbour Board its alt label "Ostrava Harbour Board"
    for stage in STAGES:
        assert stage.writes <= runs[stage.name][1], stage.name
