"""Roles: the titles people hold and the bodies and places they lead, from the words around
their names.

Shapes read (each has a regression test in tests/test_extract_rules.py):
  "Prosecutor General Jane Roe"                 → holdsPosition "Prosecutor General"
  "Minister of Finance Jane Roe"                → heads Ministry of Finance; holdsPosition
  "Border Service Chairman Jane Roe"            → heads Border Service; holdsPosition
  "Akim of the Tarvel region Jane Roe"          → heads Tarvel region; holdsPosition
  "Jane Roe, the Governor of Tarvel,"           → heads Tarvel; holdsPosition
  "Jane Roe, a spokesman for the Border Service" → worksFor Border Service; holdsPosition
  "Jane Roe was named Minister of Finance"      → heads Ministry of Finance; holdsPosition
  "Jane Roe will take over as head of the Board" → heads the Board; holdsPosition

>>> from kg.nlp import load
>>> from kg.extract import extract
>>> from kg.model import Document
>>> text = "Minister of Finance Jane Roe spoke."
>>> ex = extract(Document("d", text, "d"), load()(text))
>>> sorted((ex.entities[f.subject].label, f.predicate, ex.entities[f.object].label) for f in ex.facts)
[('Jane Roe', 'heads', 'Ministry of Finance'), ('Jane Roe', 'holdsPosition', 'Minister of Finance')]
"""
from __future__ import annotations

from kg.extract import rules
from kg.extract.context import Context
from kg.extract.lexicon import (APPOINT_VERBS, AS_VERBS, BODY_OF_TITLE, LEADER_HEADS, MEMBER_HEADS, PAST,
                                TITLE_HEADS, TITLE_WORDS)

LINKS = {"of", "for", "the", "at"}


def _title_before(ctx: Context, start: int) -> list:
    """The title phrase that ends right before a name, or [] when there is none."""
    doc = ctx.doc
    sent_start = doc[start].sent.start
    tokens = []
    j = start - 1
    while j >= sent_start:
        tok, ent = doc[j], ctx.entity_at(j)
        if ent is not None:
            if ent.root_class == "Person":
                break
        elif tok.lower_ in LINKS:
            pass
        elif not (tok.text[:1].isupper() and tok.pos_ in {"PROPN", "ADJ", "NOUN"}):
            break
        tokens.insert(0, tok)
        j -= 1
    if any(t.lower_ in PAST for t in tokens) or (j >= sent_start and doc[j].lower_ in PAST):
        return []  # "former Minister X" holds nothing now
    # the phrase starts at a title word, a named body or place, or a word qualifying a title
    # ("Transport Minister"), never at a bare link word
    while tokens and (tokens[0].lower_ in LINKS or (ctx.entity_at(tokens[0].i) is None and tokens[0].lower_ not in TITLE_WORDS
                                                   and not (len(tokens) > 1 and tokens[1].lower_ in TITLE_HEADS))):
        tokens = tokens[1:]
    # a title word of its own, not one inside a name ("Harbour Guard Command")
    if not any(t.lower_ in TITLE_HEADS and t.text[:1].isupper() and ctx.entity_at(t.i) is None for t in tokens):
        return []
    return tokens


def _read_title(ctx: Context, tokens: list):
    """(position label, the title's head word, the body or place it names or None)."""
    heads = [k for k, t in enumerate(tokens) if t.lower_ in TITLE_HEADS and ctx.entity_at(t.i) is None]
    h = heads[-1] if tokens[heads[-1]].lower_ != "general" or len(heads) == 1 else heads[-2]
    head_word = tokens[h].lower_
    body = None
    before = [t for t in tokens[:h] if ctx.entity_at(t.i) is not None]
    after = tokens[h + 1:]
    while after and after[0].lower_ in TITLE_WORDS and ctx.entity_at(after[0].i) is None:
        after = after[1:]  # "Prosecutor General of X": skip the rest of the title
    if after and after[0].lower_ in {"of", "for", "at"}:
        rest = [t for t in after[1:] if t.lower_ != "the"] if (after[1] if len(after) > 1 else after[0]).lower_ == "the" else after[1:]
        body = ctx.entity_in(rest)
        if body is None and rest and head_word in BODY_OF_TITLE:
            # "Minister of Finance": the Ministry of Finance, named or not elsewhere in the text
            name = f"{BODY_OF_TITLE[head_word]} of {ctx.doc[rest[0].i:rest[-1].i + 1].text}"
            body = ctx.add_entity("GovernmentBody", name)
    elif tokens[:h]:
        body = ctx.entity_in(before) if before else None
        if body is not None and body.root_class not in {"Organization", "Location"}:
            body = None
        if head_word in BODY_OF_TITLE and (body is None or body.cls == "Organization"):
            # "Transport Minister X" heads the Transport Ministry, whatever the model made of "Transport"
            words = [t for t in tokens[:h] if t.lower_ not in TITLE_WORDS or ctx.entity_at(t.i) is not None]
            if words and not any(ctx.entity_at(t.i) is not None and ctx.entity_at(t.i).cls != "Organization" for t in words):
                name = f"{ctx.doc[words[0].i:words[-1].i + 1].text} {BODY_OF_TITLE[head_word]}"
                for t in words:  # "Transport" was only ever the title's qualifier, not a body
                    qualifier = ctx.entity_at(t.i)
                    if qualifier is not None and all(m.token_start >= tokens[0].i and m.token_end <= tokens[-1].i + 1
                                                     for m in qualifier.mentions):
                        ctx.remove_entity(qualifier.key)
                body = ctx.add_entity("GovernmentBody", name)
    label = ctx.doc[tokens[0].i:tokens[-1].i + 1].text
    return label, head_word, body


def _role_facts(ctx: Context, person, label: str, head_word: str, body, evidence, rule: rules.Rule) -> None:
    # the post of that body or place, else this holder's own: a bare "Foreign Minister" says
    # nothing that ties two people holding it in two countries to each other
    position = ctx.add_entity("Position", label, of=body if body is not None else person)
    ctx.fact(person, "holdsPosition", position, evidence, rule)
    if body is None:
        return
    if head_word in LEADER_HEADS:
        ctx.fact(person, "heads", body, evidence, rule)
    elif head_word in MEMBER_HEADS and body.root_class == "Organization":
        ctx.fact(person, "memberOf", body, evidence, rule)
    elif body.root_class == "Organization":
        ctx.fact(person, "worksFor", body, evidence, rule)


def titles_before_names(ctx: Context) -> None:
    for person in [e for e in ctx.entities.values() if e.root_class == "Person"]:
        for m in person.mentions:
            tokens = _title_before(ctx, m.token_start)
            if not tokens:
                continue
            label, head_word, body = _read_title(ctx, tokens)
            person.alt_labels.add(ctx.doc[tokens[0].i:m.token_end].text)
            _role_facts(ctx, person, label, head_word, body, tokens + list(ctx.doc[m.token_start:m.token_end]),
                        rules.TITLE_BEFORE_NAME)


def appositions(ctx: Context) -> None:
    """"Jane Roe, the Governor of Tarvel," and "the Governor of Tarvel, Jane Roe"."""
    for person in [e for e in ctx.entities.values() if e.root_class == "Person"]:
        for m in person.mentions:
            root = ctx.doc[m.token_start:m.token_end].root
            nouns = [c for c in root.children if c.dep_ == "appos"]
            if root.dep_ == "appos":
                nouns.append(root.head)
            for noun in nouns:
                if noun.lower_ not in TITLE_HEADS or ctx.entity_at(noun.i) is not None:
                    continue
                if any(c.lower_ in PAST for c in noun.children):
                    continue
                mods = [c for c in noun.lefts if c.dep_ in {"compound", "amod"} and c.lower_ in TITLE_WORDS]
                preps = [c for c in noun.rights if c.dep_ == "prep" and c.lower_ in {"of", "for", "at", "with"}]
                body = None
                tokens = mods + [noun]
                for prep in preps:
                    objs = [t for t in prep.subtree if t.i != prep.i]
                    body = ctx.entity_in(objs)
                    if body is not None:
                        tokens += [prep] + objs
                        break
                label = " ".join(t.text for t in sorted(tokens, key=lambda t: t.i) if t.dep_ != "det")
                _role_facts(ctx, person, label, noun.lower_, body, tokens + [root], rules.APPOSITION)


def _title_noun_facts(ctx: Context, person, noun, evidence, rule: rules.Rule) -> None:
    """A title noun in a clause about a person ("named Minister of Finance", "as head of the
    Board"): the position it names and the body or place after "of"."""
    mods = [c for c in noun.lefts if c.dep_ in {"compound", "amod"} and c.lower_ in TITLE_WORDS]
    tokens, body = mods + [noun], None
    for prep in (c for c in noun.rights if c.dep_ == "prep" and c.lower_ in {"of", "for", "at"}):
        objs = [t for t in prep.subtree if t.i != prep.i]
        body = ctx.entity_in(objs)
        if body is None and objs and noun.lower_ in BODY_OF_TITLE:
            words = [t for t in objs if t.dep_ != "det"]
            body = ctx.add_entity("GovernmentBody", f"{BODY_OF_TITLE[noun.lower_]} of {ctx.doc[words[0].i:words[-1].i + 1].text}")
        if body is not None:
            tokens += [prep] + objs
            break
    label = " ".join(t.text for t in sorted(tokens, key=lambda t: t.i) if t.dep_ != "det")
    _role_facts(ctx, person, label, noun.lower_, body, evidence + tokens, rule)


def appointments(ctx: Context) -> None:
    """"Anna Berg was named Minister of Finance", "Lena Ortiz was appointed chairman of the
    Board", "Tomas Vidal will take over as head of the Board"."""
    for verb in ctx.doc:
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        if verb.lemma_ in APPOINT_VERBS:
            subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
            nouns = [c for c in verb.children if c.dep_ in {"oprd", "attr", "xcomp"}]
        elif verb.lemma_ in AS_VERBS | {"become"}:
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            nouns = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for o in c.children if o.dep_ == "pobj"]
            if verb.lemma_ == "become":
                nouns += [c for c in verb.children if c.dep_ == "attr"]
        else:
            continue
        if any(c.lower_ in PAST | {"not", "n't", "never"} for c in verb.children):
            continue
        for subj in subjects:
            person = ctx.entity_at(subj.i)
            if person is None or person.root_class != "Person":
                continue
            for noun in nouns:
                if noun.lower_ in TITLE_HEADS and ctx.entity_at(noun.i) is None:
                    _title_noun_facts(ctx, person, noun, [subj, verb], rules.APPOINTMENT_VERB)


def read_roles(ctx: Context) -> None:
    titles_before_names(ctx)
    appositions(ctx)
    appointments(ctx)
