"""Relations between bodies and places that the text states plainly.

Shapes read:
  "The Border Bureau should be created under the Ministry of Y" → subOrganizationOf
  "the Supreme Council of Tarvel" (a body named after a place the text names) → basedIn
"""
from __future__ import annotations

from kg.extract.context import Context, norm
from kg.extract.lexicon import CREATE_VERBS
from kg.extract.relation_model import read_with_model


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
        core, _, where = body.label.rpartition(" of ")
        place = places.get(norm(where))
        if place is not None and body.mentions:
            m = body.mentions[0]
            body.alt_labels.add(core)  # "Supreme Court of X" is also called "the Supreme Court"
            ctx.fact(body, "basedIn", place, list(ctx.doc[m.token_start:m.token_end]), "body-of-place", 0.6)


def place_comma_place(ctx: Context) -> None:
    """"Jamestown, N.Y." and "Lyon, France": a place, a comma, a larger place.  Lists of places
    ("Israel, Germany and Peru") are not this shape, so a comma or "and" after the second, or a
    comma before the first, rules it out."""
    doc = ctx.doc
    for place in [e for e in ctx.entities.values() if e.root_class == "Location"]:
        for m in place.mentions:
            end = m.token_end
            if end + 1 >= len(doc) or doc[end].text != "," or doc[end].sent != doc[m.token_start].sent:
                continue
            outer = ctx.entity_at(end + 1)
            if outer is None or outer.root_class != "Location" or outer.key == place.key:
                continue
            outer_end = end + 1
            while outer_end < len(doc) and ctx.token_entity.get(outer_end) == outer.key:
                outer_end += 1
            after = doc[outer_end].lower_ if outer_end < len(doc) else ""
            before = doc[m.token_start - 1].text if m.token_start > 0 else ""
            if after in {",", "and", "or", "&"} or before == ",":
                continue
            place.alt_labels.add(doc[m.token_start:outer_end].text.rstrip("."))
            ctx.fact(place, "locatedIn", outer, list(doc[m.token_start:outer_end]), "place-comma-place", 0.8)


def read_relations(ctx: Context, use_model: bool = True) -> None:
    under_verbs(ctx)
    bodies_of_places(ctx)
    place_comma_place(ctx)
    if use_model:
        read_with_model(ctx)
