"""Title phrases: the words of a title before a name or after a verb, the position they name
(its label and head word), the body or place they are of, and the facts and Role a title gives
its holder (``role_facts``, the one way every role is recorded).

>>> LINKS >= {"of", "for"}
True
"""
from __future__ import annotations


from kg.extract import rules
from kg.extract.context import Context
from kg.extract.lexicon import (BODY_OF_TITLE, DEPUTY_WORDS, LEADER_HEADS, LEADING_TITLES, MEMBER_HEADS, NAME_HONORIFICS,
                                PAST, TITLE_FORMS, TITLE_HEADS, TITLE_OR_QUALIFIER_FORM, TITLE_PLURALS, TITLE_QUALIFIERS,
                                TITLE_WORDS)
from kg.extract.role_time import role_dates, role_status
from kg.model import Role

LINKS = {"of", "for", "the", "at"}


def title_before(ctx: Context, start: int) -> list:
    """The title phrase that ends right before a name, or [] when there is none."""
    doc = ctx.doc
    sent_start = doc.sent_start(start)
    tokens = []
    j = start - 1
    while j >= sent_start:
        tok, ent = doc[j], ctx.entity_at(j)
        if ent is not None:
            if ent.root_class == "Person":
                break
        elif tok.lower_ in LINKS:
            pass
        elif tok.lower_ == "and" and tokens and tokens[0].text[:1].isupper() and j > sent_start \
                and doc[j - 1].text[:1].isupper() and ctx.entity_at(j - 1) is None and doc[j - 1].pos_ == "PROPN":
            pass  # "Energy and Mines Minister Ana Reis"
        elif not (tok.text[:1].isupper() and tok.pos_ in {"PROPN", "ADJ", "NOUN"} or _lower_title_word(tok)):
            break
        tokens.insert(0, tok)
        j -= 1
    # the phrase starts at a title word, a named body or place, or a word qualifying a title
    # ("Transport Minister"), never at a bare link word nor at "Former" (the role's status)
    while tokens and (tokens[0].lower_ in LINKS | PAST or (ctx.entity_at(tokens[0].i) is None and tokens[0].lower_ not in TITLE_OR_QUALIFIER_FORM
                                                   and not (len(tokens) > 1 and title_head(tokens[1]))
                                                   and not (tokens[0].text.islower() and _lower_title_word(tokens[0]))
                                                   and not (len(tokens) > 1 and tokens[1].lower_ == "and"))):
        tokens = tokens[1:]
    # "Foreign Minister Dr Ana Reis": a word of address before the name is the name's, not the
    # title's; so is a capitalised word that is no title word right after the title's head
    # ("Secretary General Marten [Hoel Velland]", where the model cut the name short)
    while len(tokens) > 1 and (tokens[-1].lower_ in NAME_HONORIFICS and any(title_head(t) for t in tokens[:-1])
                               or title_head(tokens[-2]) and tokens[-1].lower_ not in TITLE_OR_QUALIFIER_FORM | LINKS
                               and ctx.entity_at(tokens[-1].i) is None and tokens[-1].pos_ == "PROPN"):
        tokens = tokens[:-1]
    # a title word of its own, not one inside a name ("Harbour Guard Command")
    if not any(title_head(t) and ctx.entity_at(t.i) is None for t in tokens):
        return []
    if tokens and tokens[-1].lower_ in LINKS - {"the"}:
        return []  # "Representative for [Velland Affairs]": what follows is the title's object, not a name
    # "interior minister Ana Reis" is a lower-case title; lower-case words before a capitalised
    # title ("nominal party Chairman Ana Reis") are not part of it
    lower = [k for k, t in enumerate(tokens) if t.text.islower() and t.lower_ not in LINKS | {"and"} and ctx.entity_at(t.i) is None]
    if lower and any(title_head(t) and t.text[:1].isupper() for t in tokens[lower[-1] + 1:]):
        tokens = tokens[lower[-1] + 1:]
    return tokens


def _lower_title_word(tok) -> bool:
    """A lower-case word that may stand in a title before a name: "interior minister Ana Reis",
    "police spokesman Ana Reis", "officers Ana Reis and Tomas Vidal"."""
    return tok.text.islower() and tok.pos_ in {"PROPN", "ADJ", "NOUN", "VERB"} and \
        (tok.lower_ in TITLE_FORMS or tok.lower_ in TITLE_QUALIFIERS
         # "prosecution director Ana Reis": a noun qualifying a lower-case title word
         or tok.dep_ == "compound" and tok.pos_ == "NOUN" and tok.head.i > tok.i and tok.head.text.islower()
         and tok.head.lower_ in TITLE_FORMS)


def title_head(tok) -> str | None:
    """The title head a word is, in the singular ("Officers" → officer), or None."""
    word = tok.lower_
    return word if word in TITLE_HEADS else TITLE_PLURALS.get(word)


def singular(tok) -> str:
    word = TITLE_PLURALS.get(tok.lower_)
    if word is None:
        return tok.text
    return word.capitalize() if tok.text[:1].isupper() else word


def _rank(words: list[str], head_word: str) -> str:
    """The head word that says how a title's holder stands to its body: a deputy's title
    ("Deputy Director of the Bureau") does not lead it; "chief executive" and "managing
    director" lead whatever their last word says."""
    if any(w in DEPUTY_WORDS for w in words):
        return "deputy"
    if any(pair in LEADING_TITLES for pair in zip(words, words[1:])):
        return "chief"
    return head_word


def read_title(ctx: Context, tokens: list):
    """(position label, the title's head word, the body or place it names or None)."""
    heads = [k for k, t in enumerate(tokens) if title_head(t) and ctx.entity_at(t.i) is None]
    h = heads[-1] if tokens[heads[-1]].lower_ != "general" or len(heads) == 1 else heads[-2]
    head_word = title_head(tokens[h])
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
        if body is not None and any(ctx.entity_at(t.i) is None and t.lower_ not in TITLE_WORDS
                                    for t in tokens[before[-1].i - tokens[0].i + 1:h]):
            body = None  # "Velland prosecution director": the director of no body named here
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
                # a lower-case "home minister" heads a ministry only where the text names one
                body = ctx.find("Organization", name) if tokens[h].text.islower() else ctx.add_entity("GovernmentBody", name)
    label = ctx.doc[tokens[0].i:tokens[-1].i + 1].text
    if tokens[h].lower_ in TITLE_PLURALS:  # "Officers Ana Reis and Tomas Vidal": each is an officer
        label = " ".join(singular(t) for t in tokens)
    return label, _rank([t.lower_ for t in tokens], head_word), body


def head_word(label: str) -> str:
    """The word of a position's label that carries its meaning (its last title head)."""
    words = [w for w in label.lower().split() if w in TITLE_HEADS]
    return words[-1] if words else label.lower().split()[-1]


def role_facts(ctx: Context, person, label: str, head_word: str, body, evidence, rule: rules.Rule,
                status: str | None = None) -> Role:
    """The facts of one role (holdsPosition, and heads/memberOf/worksFor its body) and its Role;
    ``status`` None: decided from the evidence and the words next to it (role_status)."""
    # the post of that body or place, else this holder's own: a bare "Foreign Minister" says
    # nothing that ties two people holding it in two countries to each other
    position = ctx.add_entity("Position", label, of=body if body is not None else person)
    ctx.fact(person, "holdsPosition", position, evidence, rule)
    role = ctx.role(person, position, body, status or role_status(ctx, person, evidence), evidence, rule)
    start, end = role_dates(ctx, [t for t in evidence if ctx.token_entity.get(t.i) != person.key])
    role.start, role.end = start or role.start, end or role.end
    if body is None:
        return role
    if head_word in LEADER_HEADS:
        ctx.fact(person, "heads", body, evidence, rule)
    elif head_word in MEMBER_HEADS and body.root_class == "Organization":
        ctx.fact(person, "memberOf", body, evidence, rule)
    elif body.root_class == "Organization":
        ctx.fact(person, "worksFor", body, evidence, rule)
    return role


def body_words(ctx: Context, prep) -> list:
    """The words after a title's "of/for/at" up to the end of the body they name, not into a
    list that follows ("Chief of Staff of the Office Ana Reis, Security Council Secretary ...")."""
    words = []
    for t in sorted(prep.subtree, key=lambda t: t.i):
        if t.i <= prep.i:
            continue
        if t.text in {",", ";", "("} or t.dep_ in {"cc", "appos", "relcl"} or \
                (ent := ctx.entity_at(t.i)) is not None and ent.root_class == "Person":
            break
        words.append(t)
    return words


def _label(tokens: list, noun) -> str:
    """A title's words as its label: the articles and possessives before the title noun are
    no part of it, those inside its body's name are ("chairman of the Customs Committee")."""
    kept = [t for t in sorted(set(tokens), key=lambda t: t.i) if t.i > noun.i or t.dep_ not in {"det", "poss", "case"}]
    # the text's own spacing between neighbours ("state-run"), one space across a gap
    return "".join(singular(t) + (t.whitespace_ if nxt is not None and nxt.i == t.i + 1 else " ")
                   for t, nxt in zip(kept, kept[1:] + [None])).strip()


def _mods(ctx: Context, noun) -> list:
    """The words before a title noun that belong to the title: "deputy director", "Tarvel
    police chief", "executive party chairman"; not "new" or "its"."""
    mods = []
    for c in noun.lefts:
        if c.dep_ in {"compound", "amod", "nmod"} and (c.lower_ in TITLE_WORDS | TITLE_QUALIFIERS | DEPUTY_WORDS
                                                      or c.lower_ in LEADING_WORDS):
            mods += [t for t in c.subtree if t.dep_ not in {"det", "poss", "case", "punct"}]
    return sorted(set(mods), key=lambda t: t.i)


LEADING_WORDS = {w for pair in LEADING_TITLES for w in pair}


# qualifiers of "minister" that name no ministry: "prime minister", "first minister"
NOT_OF_A_MINISTRY = {"prime", "first", "acting", "chief", "senior", "state", "cabinet", "party"}


def _noun_head(noun, mods) -> str:
    """"director general": the title's head is "director", "general" only ranks it."""
    if noun.lower_ == "general" and mods and mods[-1].lower_ in TITLE_HEADS:
        return mods[-1].lower_
    return title_head(noun) or noun.lower_


def title_noun(ctx: Context, noun, appointer=None) -> tuple:
    """A title noun in a clause about a person ("named Minister of Finance", "as head of the
    Board", "appointed as the country's defence minister"): the position it names and the body
    or place after "of", else the body its qualifiers name ("Interior Minister" → Interior
    Ministry), else the company that made the appointment ("Velland Mining named her its chief
    executive"): (label, head word, body or place or None, its tokens)."""
    mods = _mods(ctx, noun)
    head = _noun_head(noun, mods)
    tokens, body = mods + [noun], None
    for prep in (c for c in noun.rights if c.dep_ == "prep" and c.lower_ in {"of", "for", "at", "with"}):
        objs = body_words(ctx, prep)
        body = ctx.entity_in(objs)
        words = [t for t in objs if t.dep_ != "det"]
        if body is None and words and head in BODY_OF_TITLE and words[0].text[:1].isupper():
            # "named Minister of Finance"; not a lower-case "minister of state for legal affairs"
            body = ctx.add_entity("GovernmentBody", f"{BODY_OF_TITLE[head]} of {ctx.doc[words[0].i:words[-1].i + 1].text}")
        if body is not None and body is ctx.entity_in(objs):
            # the body's own name, not the words around it ("at its partner Velland Motors")
            tokens += [prep] + [t for t in objs if ctx.entity_at(t.i) is body
                                or t.dep_ == "det" and ctx.entity_at(t.head.i) is body]
        elif body is not None:  # "Minister of Finance": a body named by the title alone
            tokens += [prep] + objs
        elif prep.lower_ in {"of", "for"} and words and all(t.text.islower() and t.is_alpha or t.text == "-"
                                                            or t.lower_ in LINKS for t in objs):
            # a lower-case post's own words ("minister of education")
            tokens += [prep] + objs
        if body is not None:
            break
    if body is None and mods:
        # a named body or place right before the title's own words: "Velland Bank chairman"
        k = len(mods) - 1
        while k >= 0 and mods[k].lower_ in TITLE_WORDS and ctx.entity_at(mods[k].i) is None:
            k -= 1
        ent = ctx.entity_at(mods[k].i) if k >= 0 else None
        words = [t for t in mods if t.lower_ not in DEPUTY_WORDS | NOT_OF_A_MINISTRY]
        if ent is not None and ent.root_class in {"Organization", "Location"}:
            body = ent
        elif head in BODY_OF_TITLE and k < 0 and words and len(words) == len(mods) - sum(
                t.lower_ in DEPUTY_WORDS | {"acting"} for t in mods):
            # "appointed as defence minister": the Defence Ministry, as "Defence Minister Ana Reis" gives
            body = ctx.find("Organization", f"{' '.join(t.text for t in words)} {BODY_OF_TITLE[head]}")
    if body is None and appointer is not None and any(c.lower_ in {"its", "their"} for c in noun.lefts):
        body = appointer
    return _label(tokens, noun), _rank([t.lower_ for t in tokens], head), body, tokens


def title_noun_facts(ctx: Context, person, noun, evidence, rule: rules.Rule, appointer=None,
                      status: str | None = None) -> Role:
    label, head_word, body, tokens = title_noun(ctx, noun, appointer)
    return role_facts(ctx, person, label, head_word, body, evidence + tokens, rule, status)
