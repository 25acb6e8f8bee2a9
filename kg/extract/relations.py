"""Relations between bodies and places that the text states plainly.

Shapes read:
  "The Border Bureau should be created under the Ministry of Y" → subOrganizationOf
  "the Supreme Council of Tarvel" (a body named after a place the text names) → basedIn
"""
from __future__ import annotations

from kg.extract.context import Context, norm
from kg.extract.lexicon import CREATE_VERBS


def under_verbs(ctx: Context) -> None:
    for tok in ctx.doc:
        if tok.lower_ != "under" or tok.dep_ != "prep" or tok.head.lemma_ not in CREATE_VERBS:
            continue
        verb = tok.head
        parent = ctx.entity_in([t for t in tok.subtree if t.i != tok.i])
        for subj in [c for c in verb.children if c.dep_ in {"nsubjpass", "nsubj"}]:
            child = ctx.entity_at(subj.i)
            if child and parent and child.root_class == parent.root_class == "Organization":
                ctx.fact(child, "subOrganizationOf", parent, [subj, verb, tok] + list(tok.subtree),
                         "created-under", 0.8)


def bodies_of_places(ctx: Context) -> None:
    places = {norm(e.label): e for e in ctx.entities.values() if e.root_class == "Location"}
    for body in [e for e in ctx.entities.values() if e.root_class == "Organization"]:
        name = norm(body.label)
        if " of " not in name:
            continue
        place = places.get(name.rsplit(" of ", 1)[1].removeprefix("the "))
        if place is not None:
            m = body.mentions[0] if body.mentions else None
            if m is not None:
                ctx.fact(body, "basedIn", place, list(ctx.doc[m.token_start:m.token_end]), "body-of-place", 0.6)


def read_relations(ctx: Context) -> None:
    under_verbs(ctx)
    bodies_of_places(ctx)
