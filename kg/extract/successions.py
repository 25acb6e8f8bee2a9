"""Roles that change hands: one person taking another's post ("X replaced Y as minister", "Y was
replaced by X", "making way for", "succeeds", "takes over from", "in place of") and posts left
after "as" ("dismissed as", "resigned as", "stepped down as"): the one who leaves holds a former
role, the new holder's Role replaces it.

>>> from kg.extract import entities_of
>>> from kg.nlp import load
>>> ctx = entities_of("Anna Berg replaced David Morel as head of the Velland Institute.", load())
>>> successions(ctx)
>>> sorted((ctx.entities[r.person].label, r.status) for r in ctx.roles)
[('Anna Berg', 'current'), ('David Morel', 'former')]
"""
from __future__ import annotations


from kg.extract import rules
from kg.extract.context import Context, period_date
from kg.extract.lexicon import DISMISS_VERBS, LEADER_HEADS, LEAVE_VERBS, REPLACE_VERBS, TITLE_HEADS
from kg.extract.role_time import role_status, verb_status
from kg.extract.titles import head_word, role_facts, title_noun, title_noun_facts
from kg.model import Role

def _subject(ctx: Context, verb):
    """The person a verb is about: its subject, the name a relative clause ("X, who replaced
    Y") or a participle ("X, replacing Y") hangs on, or the subject of the clause a participle
    or infinitive belongs to ("X was named minister, replacing Y")."""
    for _ in range(4):
        subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None and subj.tag_ not in {"WP", "WDT"}:
            return _person(ctx, subj)
        if verb.dep_ in {"relcl", "acl"}:
            return _person(ctx, verb.head)
        if subj is not None or verb.dep_ not in {"advcl", "xcomp", "conj"} or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _person(ctx: Context, tok):
    ent = ctx.entity_at(tok.i)
    return ent if ent is not None and ent.root_class == "Person" else None


def _objects(tok, dep: str, word: str | None = None) -> list:
    """The objects of ``tok``'s preposition ``word`` (dep "pobj"), or its children of ``dep``."""
    if word is None:
        return [c for c in tok.children if c.dep_ == dep]
    return [o for c in tok.children if c.dep_ in {"prep", "agent"} and c.lower_ == word for o in c.children if o.dep_ == "pobj"]


def _succession(ctx: Context, verb) -> tuple | None:
    """(new holder, old holder) a verb says took a role over, or None: "X replaced Y", "Y was
    replaced by X", "X succeeds Y", "Y ... making way for X", "X takes over from Y", "X was
    named in place of Y"."""
    subject = _subject(ctx, verb)
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    others: list = []
    if verb.lemma_ in REPLACE_VERBS:
        others = _objects(verb, "agent", "by") if passive else _objects(verb, "dobj")
        if passive:
            return (next((p for o in others if (p := _person(ctx, o))), None), subject)
    elif verb.lemma_ == "make" and any(c.lower_ == "way" for c in _objects(verb, "dobj")):
        ways = [c for c in _objects(verb, "dobj") if c.lower_ == "way"]
        new = next((p for t in [verb] + ways for o in _objects(t, "", "for") if (p := _person(ctx, o))), None)
        return new, subject
    elif verb.lemma_ == "take" and any(c.lower_ == "over" for c in verb.children):
        others = _objects(verb, "", "from")
    else:
        # "in place of Y" hangs on the verb or on the title after it ("named chairman in place of Y")
        places = [t for t in verb.subtree if t.lower_ == "place" and t.dep_ == "pobj" and t.head.lower_ == "in"
                  and next(a for a in t.ancestors if a.pos_ in {"VERB", "AUX"}).i == verb.i]
        others = [o for place in places for o in _objects(place, "", "of")]
    return subject, next((p for o in others if (p := _person(ctx, o))), None)


def _roles_in(ctx: Context, person, sent_start: int | None, taken: bool = False) -> list[Role]:
    """The roles a person was given in the sentence starting at ``sent_start`` (None: anywhere
    in the document), not former ones; ``taken``: only those the sentence gives as new ("was
    named minister", "the new minister"), not the post the new holder leaves ("X, the current
    director of the agency, will replace Y at the ministry")."""
    found = []
    for r in ctx.roles:
        # a post one holds alone (minister, head, chairman) is taken over; "a lawyer" is not
        if r.person != person.key or r.status == "former" or head_word(ctx.entities[r.position].label) not in LEADER_HEADS:
            continue
        span = ctx.doc.char_span(r.provenance.start, r.provenance.end, alignment_mode="expand")
        if sent_start is not None and ctx.doc.sent_start(span.start) != sent_start:
            continue
        if taken and r.provenance.rule != rules.APPOINTMENT_VERB.name and r.status != "designate" \
                and not any(t.lower_ in {"new", "next", "incoming"} for t in span):
            continue
        found.append(r)
    return found


def _body_taken_over(ctx: Context, verb) -> tuple | None:
    """"X took over the Velland Institute from Y", "X took over the ministry of youth from Y":
    (label, head word, body, tokens) of leading that body ("Minister of youth" for a ministry,
    else "head of" it), or None."""
    for obj in _objects(verb, "dobj"):
        body = ctx.entity_at(obj.i)
        words = [t for t in obj.subtree if t.dep_ != "det"]
        if body is None and obj.lower_ == "ministry" and len(words) > 2 and words[1].lower_ == "of":
            body = ctx.add_entity("GovernmentBody", ctx.doc[words[0].i:words[-1].i + 1].text)
        if body is None or body.root_class != "Organization":
            continue
        rest = body.label.split(" ", 1)
        if rest[0].lower() == "ministry" and len(rest) > 1:
            return f"Minister {rest[1]}", "minister", body, words
        return f"head of {body.label}", "head", body, words
    return None


def _merge_into(ctx: Context, former: Role, sent_start: int) -> None:
    """The replaced person's role read as current in the same sentence ("X, minister since 2017,
    was replaced by Y") is the one that ended: one former role, with its dates."""
    for r in [r for r in ctx.roles if r is not former and r.status == "current"
              and (r.person, r.position) == (former.person, former.position)]:
        span = ctx.doc.char_span(r.provenance.start, r.provenance.end, alignment_mode="expand")
        if ctx.doc.sent_start(span.start) != sent_start:
            continue
        former.start, former.end = former.start or r.start, former.end or r.end
        ctx.roles.remove(r)
        for other in ctx.roles:
            if other.replaces == r.key:
                other.replaces = former.key


def successions(ctx: Context) -> None:
    """One person taking another's role: both hold it, the one replaced as former, and the new
    holder's Role replaces the old one's.  The role is the "as" phrase of the verb ("X replaced
    Y as minister of education"), else the body taken over ("X took over the ministry of youth from Y"),
    else one of theirs read in the same sentence ("X, the new minister, replaced Y"), else the one
    role the person replaced holds in the article."""
    # sentences with "in place of": only their verbs are walked for it (one pass, not one per verb)
    in_place = {ctx.doc.sent_start(t.i) for t in ctx.doc.having("lower_", {"place"}) if t.i > 0 and ctx.doc[t.i - 1].lower_ == "in"}
    for verb in ctx.doc.having("pos_", {"VERB", "AUX"}):
        if any(c.lower_ in {"not", "n't", "never"} for c in verb.children):
            continue
        if verb.lemma_ not in REPLACE_VERBS | {"make", "take"} and ctx.doc.sent_start(verb.i) not in in_place:
            continue
        found = _succession(ctx, verb)
        if found is None or None in found or found[0] is found[1]:
            continue
        new, old = found
        evidence = [verb] + [t for t in ctx.doc.sent(verb.i) if ctx.token_entity.get(t.i) in {new.key, old.key}]
        nouns = [o for o in _objects(verb, "", "as") if o.lower_ in TITLE_HEADS and ctx.entity_at(o.i) is None]
        taken = _body_taken_over(ctx, verb) if verb.lemma_ == "take" else None
        if nouns:
            title = title_noun(ctx, nouns[0])
        elif taken is not None:
            title = taken
        else:
            sent, given = ctx.doc.sent_start(verb.i), []
            for person, where, taken in ((new, sent, True), (old, sent, False), (old, None, False)):
                given = given or _roles_in(ctx, person, where, taken)
            labels = {ctx.entities[r.position].label for r in given}
            if len(labels) != 1:
                continue  # none, or several: which of them changed hands is not said
            r = given[0]
            body = ctx.entities.get(r.organization or r.place or "")
            label = ctx.entities[r.position].label
            title = (label, head_word(label), body, [])
        label, head, body, tokens = title
        before = role_facts(ctx, old, label, head, body, evidence + tokens, rules.SUCCESSION, "former")
        _merge_into(ctx, before, ctx.doc.sent_start(verb.i))
        status = verb_status(verb) or role_status(ctx, new, tokens)  # "as acting head"; never the old one's "former"
        after = role_facts(ctx, new, label, head, body, evidence + tokens, rules.SUCCESSION, status)
        if after.replaces is None:
            after.replaces = before.key


def departures(ctx: Context) -> None:
    """A post someone leaves, named after "as": "X was dismissed as head of Y", "the decree
    terminating the powers of X as chairman of Y", "X resigned as mayor", "X stepped down as
    head of Y": a former role ("will step down as": still current)."""
    for verb in ctx.doc.having("lemma_", DISMISS_VERBS | LEAVE_VERBS):
        lemma = verb.lemma_
        if any(c.lower_ in {"not", "n't", "never"} for c in verb.children):
            continue
        if lemma == "step" and not any(c.lower_ == "down" for c in verb.children):
            continue
        nouns = [o for o in _objects(verb, "", "as") if o.lower_ in TITLE_HEADS and ctx.entity_at(o.i) is None]
        if not nouns:
            continue
        if lemma in LEAVE_VERBS:
            people = [c for c in verb.children if c.dep_ == "nsubj"]
        else:  # the one dismissed, or whose powers or duties are ended
            objs = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
            people = objs + [o for c in objs if ctx.entity_at(c.i) is None for o in _objects(c, "", "of")]
        aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
        status = "current" if aux & {"will", "'ll", "would"} else "former"
        for person in {p.key: p for t in people if (p := _person(ctx, t)) is not None}.values():
            names = [t for t in people if ctx.token_entity.get(t.i) == person.key]
            role = title_noun_facts(ctx, person, nouns[0], [verb] + names, rules.DEPARTURE, status=status)
            if status == "former":  # "resigned as mayor in 2016": when it ended
                for o in _objects(verb, "", "in") + _objects(verb, "", "on"):
                    if o.ent_type_ == "DATE":
                        role.end = period_date(" ".join(t.text for t in o.subtree), ctx.document.date) or role.end
