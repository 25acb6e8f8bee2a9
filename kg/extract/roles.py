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
  "Jane Roe replaced John Doe as head of the Board" → both hold it, Doe's role former (successions)
  "John Doe was dismissed as head of the Board"  → heads the Board; holdsPosition; former (departures)
and the shapes of wire copy:
  "interior minister Jane Roe", "police spokesman Jane Roe"          (lower-case titles)
  "Prime Minister Dr Jane Roe"                   → "Prime Minister"; Dr is the name's
  "Officers Jane Roe and John Doe"               → each holds "Officer"
  "party leader and Vice Chancellor Jane Roe"    → both titles
  "Jane Roe has been appointed as the country's Defense Minister", "appointed Jane Roe to serve
  as director general of the Agency", "Velland Mining named Jane Roe its chief executive",
  "Jane Roe, who has served as defence minister", "Jane Roe has been deputy director of the
  Bureau" (a deputy works for the body), "the new finance minister is Jane Roe", "the term of
  Jane Roe as chairman of the Board", "Jane Roe will take the helm at the Board"

Each role read is also kept as a Role (kg.model) with its status ("former Minister X" is
former, "acting head" acting, "President-elect" designate, else current), its start and end
when the text gives them ("since 2017", "from 2012 to 2016"), and the role it took over.

>>> from kg.nlp import load
>>> from kg.extract import extract
>>> from kg.model import Document
>>> text = "Minister of Finance Jane Roe spoke."
>>> ex = extract(Document("d", text, "d"), load()(text))
>>> sorted((ex.entities[f.subject].label, f.predicate, ex.entities[f.object].label) for f in ex.facts)
[('Jane Roe', 'heads', 'Ministry of Finance'), ('Jane Roe', 'holdsPosition', 'Minister of Finance')]
"""
from __future__ import annotations

import re

from kg.extract import rules
from kg.extract.context import Context, period_date
from kg.extract.lexicon import (ACTING, APPOINT_VERBS, AS_VERBS, BODY_OF_TITLE, DEPUTY_WORDS, DESIGNATE, DISMISS_VERBS,
                                LEADER_HEADS, LEADING_TITLES, LEAVE_VERBS, MEMBER_HEADS, NAME_HONORIFICS, PAST,
                                REPLACE_VERBS, TITLE_FORMS, TITLE_HEADS, TITLE_PLURALS, TITLE_QUALIFIERS, TITLE_WORDS)
from kg.model import Role

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
        elif tok.lower_ == "and" and tokens and tokens[0].text[:1].isupper() and j > sent_start \
                and doc[j - 1].text[:1].isupper() and ctx.entity_at(j - 1) is None and doc[j - 1].pos_ == "PROPN":
            pass  # "Energy and Mines Minister Ana Reis"
        elif not (tok.text[:1].isupper() and tok.pos_ in {"PROPN", "ADJ", "NOUN"} or _lower_title_word(tok)):
            break
        tokens.insert(0, tok)
        j -= 1
    # the phrase starts at a title word, a named body or place, or a word qualifying a title
    # ("Transport Minister"), never at a bare link word nor at "Former" (the role's status)
    while tokens and (tokens[0].lower_ in LINKS | PAST or (ctx.entity_at(tokens[0].i) is None and tokens[0].lower_ not in TITLE_FORMS | TITLE_QUALIFIERS
                                                   and not (len(tokens) > 1 and _head(tokens[1]))
                                                   and not (tokens[0].text.islower() and _lower_title_word(tokens[0]))
                                                   and not (len(tokens) > 1 and tokens[1].lower_ == "and"))):
        tokens = tokens[1:]
    # "Foreign Minister Dr Ana Reis": a word of address before the name is the name's, not the
    # title's; so is a capitalised word that is no title word right after the title's head
    # ("Secretary General Anders [Fogh Velland]", where the model cut the name short)
    while len(tokens) > 1 and (tokens[-1].lower_ in NAME_HONORIFICS and any(_head(t) for t in tokens[:-1])
                               or _head(tokens[-2]) and tokens[-1].lower_ not in TITLE_FORMS | TITLE_QUALIFIERS | LINKS
                               and ctx.entity_at(tokens[-1].i) is None and tokens[-1].pos_ == "PROPN"):
        tokens = tokens[:-1]
    # a title word of its own, not one inside a name ("Harbour Guard Command")
    if not any(_head(t) and ctx.entity_at(t.i) is None for t in tokens):
        return []
    if tokens and tokens[-1].lower_ in LINKS - {"the"}:
        return []  # "Representative for [Velland Affairs]": what follows is the title's object, not a name
    # "interior minister Ana Reis" is a lower-case title; lower-case words before a capitalised
    # title ("nominal party Chairman Ana Reis") are not part of it
    lower = [k for k, t in enumerate(tokens) if t.text.islower() and t.lower_ not in LINKS | {"and"} and ctx.entity_at(t.i) is None]
    if lower and any(_head(t) and t.text[:1].isupper() for t in tokens[lower[-1] + 1:]):
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


def _head(tok) -> str | None:
    """The title head a word is, in the singular ("Officers" → officer), or None."""
    word = tok.lower_
    return word if word in TITLE_HEADS else TITLE_PLURALS.get(word)


def _singular(tok) -> str:
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


def _read_title(ctx: Context, tokens: list):
    """(position label, the title's head word, the body or place it names or None)."""
    heads = [k for k, t in enumerate(tokens) if _head(t) and ctx.entity_at(t.i) is None]
    h = heads[-1] if tokens[heads[-1]].lower_ != "general" or len(heads) == 1 else heads[-2]
    head_word = _head(tokens[h])
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
        label = " ".join(_singular(t) for t in tokens)
    return label, _rank([t.lower_ for t in tokens], head_word), body


_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "'s", "’s"}


def _status_word(tok, doc) -> str | None:
    """The status a word gives the title it stands by, if any ("late" and "then" only in
    "the late X", "then-X": lexicon.PAST)."""
    word = tok.lower_
    if word in {"late", "then"}:
        before = doc[tok.i - 1].lower_ if tok.i > 0 else ""
        after = doc[tok.i + 1].text if tok.i + 1 < len(doc) else ""
        if before not in _DETERMINERS and not (word == "then" and after in {"-", "–"}):
            return None
    if word in PAST:
        return "former"
    if word in DESIGNATE:
        return "designate"
    if word in ACTING:
        return "acting"
    return None


def _status(ctx: Context, person, evidence) -> str:
    """A role's status from the words of its title and those next to it: the title's own words
    and their modifiers, up to three words before it ("the former", "ex-") and a hyphenated
    word after it ("-elect").  Former beats designate beats acting beats current."""
    doc = ctx.doc
    title = sorted({t.i: t for t in evidence if ctx.token_entity.get(t.i) != person.key
                    and t.pos_ not in {"VERB", "AUX"}}.values(), key=lambda t: t.i)
    words = list(title) + [c for t in title for c in t.children if c.dep_ in {"amod", "advmod", "compound", "npadvmod"}]
    if title:
        j = title[0].i - 1
        while j >= 0 and title[0].i - j <= 3 and doc[j].sent.start == title[0].sent.start:
            if doc[j].lower_ not in _DETERMINERS | {"-", "–"} and _status_word(doc[j], doc) is None:
                break
            words.append(doc[j])
            j -= 1
        end = title[-1].i
        if end + 2 < len(doc) and doc[end + 1].text in {"-", "–"}:
            words.append(doc[end + 2])
    found = {_status_word(t, doc) for t in words} - {None}
    return next((s for s in ("former", "designate", "acting") if s in found), "current")


# Prepositions that bound a role in time: "minister since 2017", "served from 2012 to 2016".
_STARTS, _ENDS = {"since", "from"}, {"until", "till", "to", "through"}
_RANGE = re.compile(r"\s*(?:-|–|\bto\b|\buntil\b|\band\b)\s*")


def _dates(ctx: Context, anchors) -> tuple:
    """(start, end) of a role from the DATE phrases hung on its title or verb: "since early
    2017", "from 2012 to 2016", "until March", "in 2006-2015", "appointed in 2012"; a duration
    ("for eight years") gives none."""
    start = end = None
    today = ctx.document.date
    for tok in anchors:
        for prep in (c for c in tok.children if c.dep_ == "prep"):
            for obj in (c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ == "DATE"):
                text = " ".join(t.text for t in obj.subtree)
                parts = _RANGE.split(text) if prep.lower_ in {"in", "between", "from"} else [text]
                word = prep.lower_
                if len(parts) == 2 and all(period_date(p) for p in parts):
                    start, end = period_date(parts[0], today, past=True), period_date(parts[1], today)
                elif word in _STARTS or (word in {"in", "on"} and (APPOINT_VERBS | {"take", "become"}) & {tok.lemma_, tok.head.lemma_}):
                    start = period_date(text, today, past=True) or start
                    # "from 2012 to 2016": the "to" phrase hangs on "from"'s object or on "from"
                    for to in (c for t in (prep, obj) for c in t.children if c.dep_ == "prep" and c.lower_ in _ENDS):
                        end = next((period_date(" ".join(t.text for t in o.subtree), today)
                                    for o in to.children if o.dep_ == "pobj"), end)
                elif word in _ENDS:
                    end = period_date(text, today) or end
    return start, end


def _head_word(label: str) -> str:
    """The word of a position's label that carries its meaning (its last title head)."""
    words = [w for w in label.lower().split() if w in TITLE_HEADS]
    return words[-1] if words else label.lower().split()[-1]


def _role_facts(ctx: Context, person, label: str, head_word: str, body, evidence, rule: rules.Rule,
                status: str | None = None) -> Role:
    """The facts of one role (holdsPosition, and heads/memberOf/worksFor its body) and its Role;
    ``status`` None: decided from the evidence and the words next to it (_status)."""
    # the post of that body or place, else this holder's own: a bare "Foreign Minister" says
    # nothing that ties two people holding it in two countries to each other
    position = ctx.add_entity("Position", label, of=body if body is not None else person)
    ctx.fact(person, "holdsPosition", position, evidence, rule)
    role = ctx.role(person, position, body, status or _status(ctx, person, evidence), evidence, rule)
    start, end = _dates(ctx, [t for t in evidence if ctx.token_entity.get(t.i) != person.key])
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


def _split_titles(ctx: Context, tokens: list) -> list[list]:
    """"Chief of the Harbour Police Director General Ana Reis": a title naming its body, then a
    second title of the same person; each is read on its own."""
    for k, tok in enumerate(tokens[1:-1], 1):
        ent, nxt = ctx.entity_at(tok.i), tokens[k + 1]
        if ent is not None and ctx.entity_at(nxt.i) is None and _head(nxt) \
                and any(t.lower_ in {"of", "for", "at"} for t in tokens[:k]) and any(_head(t) for t in tokens[:k]):
            return [tokens[:k + 1]] + _split_titles(ctx, tokens[k + 1:])
    return [tokens]


def _conjoined_people(ctx: Context, m) -> list:
    """The people joined by "and" to the name of ``m``: "Officers Ana Reis and Tomas Vidal"."""
    found, j, doc = [], m.token_end, ctx.doc
    while j + 1 < len(doc) and doc[j].lower_ in {",", "and"}:
        j += 1 + (doc[j].text == "," and doc[j + 1].lower_ == "and")
        ent = ctx.entity_at(j) if j < len(doc) else None
        if ent is None or ent.root_class != "Person":
            break
        found.append((ent, doc[j]))
        while j < len(doc) and ctx.entity_at(j) is ent:
            j += 1
    return found


def titles_before_names(ctx: Context) -> None:
    for person in [e for e in ctx.entities.values() if e.root_class == "Person"]:
        for m in person.mentions:
            tokens = _title_before(ctx, m.token_start)
            if not tokens:
                continue
            person.alt_labels.add(ctx.doc[tokens[0].i:m.token_end].text)
            name = list(ctx.doc[m.token_start:m.token_end])
            parts = _split_titles(ctx, tokens)
            if tokens[0].i > 1 and ctx.doc[tokens[0].i - 1].lower_ == "and":
                # "party leader and Vice Chancellor Ana Reis": two titles of one name
                parts = [p for p in [_title_before(ctx, tokens[0].i - 1)] if p] + parts
            for part in parts:
                label, head_word, body = _read_title(ctx, part)
                _role_facts(ctx, person, label, head_word, body, part + name, rules.TITLE_BEFORE_NAME)
                if any(t.lower_ in TITLE_PLURALS for t in part):
                    for other, tok in _conjoined_people(ctx, m):
                        _role_facts(ctx, other, label, head_word, body, part + [tok], rules.PLURAL_TITLE)


def _body_words(ctx: Context, prep) -> list:
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


def appositions(ctx: Context) -> None:
    """"Jane Roe, the Governor of Tarvel," and "the Governor of Tarvel, Jane Roe"."""
    for person in [e for e in ctx.entities.values() if e.root_class == "Person"]:
        for m in person.mentions:
            root = ctx.doc[m.token_start:m.token_end].root
            nouns = [c for c in root.children if c.dep_ == "appos"]
            nouns += [c for n in nouns for c in n.conjuncts if c.i > n.i]  # "X, head of Y and deputy head of Z"
            if root.dep_ == "appos" and (root.head.i > root.i or ctx.doc[m.token_start - 1].text == ","):
                # "the Governor of Tarvel, Jane Roe"; not "... as Deputy Constable, Harbour Chief
                # Jane Roe", whose own title stands before her name
                nouns.append(root.head)
                # "the spokesman of the Harbour Police, Ana Reis,": the parser hangs the name on
                # the body; the title is the noun the body's "of" belongs to
                if ctx.entity_at(root.head.i) is not None and root.head.dep_ == "pobj" and root.head.head.dep_ == "prep" \
                        and ctx.doc[m.token_start - 1].text == ",":
                    nouns.append(root.head.head.head)
            for noun in nouns:
                if not _head(noun) or ctx.entity_at(noun.i) is not None:
                    continue
                # a title with a name of its own is the next item of a list, not this one's title
                if any((e := ctx.entity_at(t.i)) is not None and e.root_class == "Person" and e is not person
                       for t in noun.subtree):
                    continue
                _title_noun_facts(ctx, person, noun, [root], rules.APPOSITION)


def _label(tokens: list, noun) -> str:
    """A title's words as its label: the articles and possessives before the title noun are
    no part of it, those inside its body's name are ("chairman of the Customs Committee")."""
    kept = [t for t in sorted(set(tokens), key=lambda t: t.i) if t.i > noun.i or t.dep_ not in {"det", "poss", "case"}]
    # the text's own spacing between neighbours ("state-run"), one space across a gap
    return "".join(_singular(t) + (t.whitespace_ if nxt is not None and nxt.i == t.i + 1 else " ")
                   for t, nxt in zip(kept, kept[1:] + [None])).strip()


def _mods(ctx: Context, noun) -> list:
    """The words before a title noun that belong to the title: "deputy director", "Istanbul
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
    return _head(noun) or noun.lower_


def _title_noun(ctx: Context, noun, appointer=None) -> tuple:
    """A title noun in a clause about a person ("named Minister of Finance", "as head of the
    Board", "appointed as the country's defence minister"): the position it names and the body
    or place after "of", else the body its qualifiers name ("Interior Minister" → Interior
    Ministry), else the company that made the appointment ("Velland Mining named her its chief
    executive"): (label, head word, body or place or None, its tokens)."""
    mods = _mods(ctx, noun)
    head = _noun_head(noun, mods)
    tokens, body = mods + [noun], None
    for prep in (c for c in noun.rights if c.dep_ == "prep" and c.lower_ in {"of", "for", "at", "with"}):
        objs = _body_words(ctx, prep)
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


def _title_noun_facts(ctx: Context, person, noun, evidence, rule: rules.Rule, appointer=None,
                      status: str | None = None) -> Role:
    label, head_word, body, tokens = _title_noun(ctx, noun, appointer)
    return _role_facts(ctx, person, label, head_word, body, evidence + tokens, rule, status)


def _verb_status(verb) -> str | None:
    """What an appointment verb says of the role's time: "formerly served as" and "had served
    as" are former, "will take over as" and "was nominated" designate; else the title decides."""
    aux = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if any(c.lower_ in PAST for c in verb.children) or "had" in aux:
        return "former"
    if aux & {"will", "'ll", "would"} or verb.lemma_ in {"nominate", "designate"}:
        return "designate"
    if verb.lemma_ in {"serve", "work", "act"} and verb.tag_ == "VBD" and not aux & {"has", "have"}:
        return "former"
    return None


def _persons(ctx: Context, tokens) -> list:
    out = []
    for tok in tokens:
        if tok.lower_ in {"who", "that"} and tok.head.dep_ == "relcl":
            tok = tok.head.head  # "Ana Reis, who was named chairman": the name the clause is about
        for name in (tok, *tok.conjuncts):  # "Ana Reis and Tomas Vidal were named ..."
            ent = ctx.entity_at(name.i) or _by_surname(ctx, name)
            if ent is not None and ent.root_class == "Person" and all(ent is not e for e, _ in out):
                out.append((ent, name))
    return out


def _by_surname(ctx: Context, tok):
    """"Reis has been deputy director": a bare surname the model did not tag, of the one person
    the text named in full (roles run before coref joins such names)."""
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.ent_type_:
        return None
    found = [e for e in ctx.entities.values() if e.root_class == "Person" and " " in e.label
             and e.label.rsplit(" ", 1)[1] == tok.text]
    return found[0] if len(found) == 1 else None


def _as_nouns(verb) -> list:
    """The title nouns a verb gives through "as": "appointed as chairman", "served as head"."""
    return [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for o in c.children if o.dep_ == "pobj"]


def _complements(verb) -> list:
    """The title nouns an appointment verb gives: "named chairman", "appointed as chairman",
    "appointed X to serve as chairman", "named X to be its chairman"."""
    nouns = [c for c in verb.children if c.dep_ in {"oprd", "attr"}] + _as_nouns(verb)
    for c in verb.children:
        if c.dep_ in {"xcomp", "ccomp"}:
            if c.pos_ in {"VERB", "AUX"}:
                nouns += [o for o in c.children if o.dep_ in {"attr", "oprd"}] + _as_nouns(c)
            else:
                nouns.append(c)
    return nouns


def appointments(ctx: Context) -> None:
    """"Anna Berg was named Minister of Finance", "Lena Ortiz was appointed chairman of the
    Board", "Tomas Vidal will take over as head of the Board"; and the shapes of wire copy:
    "Velland Mining named Anna Berg its chief executive", "appointed Anna Berg to serve as
    director general of the Agency", "Anna Berg, who has served as defence minister", "Anna
    Berg is the deputy director of the Bureau"."""
    for verb in ctx.doc:
        if (reader := WORD_READERS.get(verb.lower_)) is not None:
            reader(ctx, verb)
            continue
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        appointer = None
        if verb.lemma_ in APPOINT_VERBS:
            subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
            nouns = _complements(verb)
            rule = rules.APPOINTMENT_VERB
            if not subjects:
                # active: "Velland Mining named Anna Berg chief executive"; the name may hang
                # off the title noun ("named [Anna Berg] chief executive")
                subjects = [c for c in verb.children if c.dep_ in {"dobj", "npadvmod"}] + \
                    [c for n in nouns for c in n.children if c.dep_ in {"nmod", "compound", "appos"}]
                doer = ctx.entity_in([c for c in verb.children if c.dep_ == "nsubj"])
                appointer = doer if doer is not None and doer.cls == "Organization" else None
                rule = rules.APPOINTED_OBJECT
        elif verb.lemma_ in AS_VERBS | {"become", "be"}:
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            nouns = _as_nouns(verb)
            rule = rules.APPOINTMENT_VERB
            if verb.lemma_ in {"become", "be"}:
                nouns += [c for c in verb.children if c.dep_ == "attr"]
                rule = rules.COPULA_TITLE if verb.lemma_ == "be" else rule
            if verb.lemma_ == "be" and not _persons(ctx, subjects):
                # "the new finance minister is Ana Reis": the title the subject, the name after
                subjects, nouns = [c for c in verb.children if c.dep_ == "attr"], subjects
        else:
            continue
        if any(c.lower_ in {"not", "n't", "never"} for c in verb.children):
            continue
        nouns += [c for n in nouns for c in n.conjuncts if c.i > n.i]  # "chairman of X and deputy head of Y"
        for person, subj in _persons(ctx, subjects):
            for noun in nouns:
                if (noun.lower_ in TITLE_HEADS or noun.lower_ in TITLE_PLURALS) and ctx.entity_at(noun.i) is None \
                        and noun.i != subj.i:
                    _title_noun_facts(ctx, person, noun, [subj, verb], rule, appointer, _verb_status(verb))


def person_as_title(ctx: Context, prep) -> None:
    """"the powers of Ana Reis as chairman of the Board", "confirmed Ana Reis as chief
    executive": a name right before "as" and a title."""
    if prep.i == 0:
        return
    j = prep.i - 1 - (ctx.doc[prep.i - 1].text == ",")
    person = ctx.entity_at(j)
    if person is None or person.root_class != "Person" or ctx.entity_at(j + 1) is person:
        return
    if prep.head.lemma_ in DISMISS_VERBS | LEAVE_VERBS | REPLACE_VERBS:
        return  # "dismissed Ana Reis as chairman", "succeeds Ana Reis as chairman": departures, successions
    # "the decree terminating the powers of Ana Reis as chairman": a post left
    left = any(a.lemma_ in DISMISS_VERBS | LEAVE_VERBS for a in prep.ancestors)
    for noun in (c for c in prep.children if c.dep_ == "pobj"):
        if _head(noun) and ctx.entity_at(noun.i) is None:
            _title_noun_facts(ctx, person, noun, [ctx.doc[j], prep], rules.PERSON_AS_TITLE, status="former" if left else None)


def at_the_helm(ctx: Context, helm) -> None:
    """"Ana Reis will take the helm at the Alliance", "Ana Reis, at the helm of the Bank":
    the head of that body."""
    owner = helm.head if helm.dep_ in {"dobj", "pobj"} else None
    if owner is not None and owner.dep_ == "prep":
        owner = owner.head
    if owner is None:
        return
    body_words = [t for c in list(helm.children) + list(owner.children)
                  if c.dep_ == "prep" and c.lower_ in {"of", "at"} and c.i > helm.i for t in _body_words(ctx, c)]
    body = ctx.entity_in(body_words)
    subjects = [c for c in owner.children if c.dep_ in {"nsubj", "nsubjpass"}] or ([owner] if owner.dep_ != "prep" else [])
    if body is None or body.root_class != "Organization":
        return
    for person, subj in _persons(ctx, subjects):
        _role_facts(ctx, person, f"head of {body.label}", "head", body, [subj, helm], rules.AT_THE_HELM)


# the word shapes read_roles hands to a reader of their own, in its one pass over the words
WORD_READERS = {"as": person_as_title, "helm": at_the_helm}


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
        if r.person != person.key or r.status == "former" or _head_word(ctx.entities[r.position].label) not in LEADER_HEADS:
            continue
        span = ctx.doc.char_span(r.provenance.start, r.provenance.end, alignment_mode="expand")
        if sent_start is not None and ctx.doc[span.start].sent.start != sent_start:
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
        if ctx.doc[span.start].sent.start != sent_start:
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
    in_place = {ctx.doc.sent_start(t.i) for t in ctx.doc if t.lower_ == "place" and t.i > 0 and ctx.doc[t.i - 1].lower_ == "in"}
    for verb in ctx.doc:
        if verb.pos_ not in {"VERB", "AUX"} or any(c.lower_ in {"not", "n't", "never"} for c in verb.children):
            continue
        if verb.lemma_ not in REPLACE_VERBS | {"make", "take"} and ctx.doc.sent_start(verb.i) not in in_place:
            continue
        found = _succession(ctx, verb)
        if found is None or None in found or found[0] is found[1]:
            continue
        new, old = found
        evidence = [verb] + [t for t in verb.sent if ctx.token_entity.get(t.i) in {new.key, old.key}]
        nouns = [o for o in _objects(verb, "", "as") if o.lower_ in TITLE_HEADS and ctx.entity_at(o.i) is None]
        taken = _body_taken_over(ctx, verb) if verb.lemma_ == "take" else None
        if nouns:
            title = _title_noun(ctx, nouns[0])
        elif taken is not None:
            title = taken
        else:
            sent, given = verb.sent.start, []
            for person, where, taken in ((new, sent, True), (old, sent, False), (old, None, False)):
                given = given or _roles_in(ctx, person, where, taken)
            labels = {ctx.entities[r.position].label for r in given}
            if len(labels) != 1:
                continue  # none, or several: which of them changed hands is not said
            r = given[0]
            body = ctx.entities.get(r.organization or r.place or "")
            label = ctx.entities[r.position].label
            title = (label, _head_word(label), body, [])
        label, head_word, body, tokens = title
        before = _role_facts(ctx, old, label, head_word, body, evidence + tokens, rules.SUCCESSION, "former")
        _merge_into(ctx, before, verb.sent.start)
        status = _verb_status(verb) or _status(ctx, new, tokens)  # "as acting head"; never the old one's "former"
        after = _role_facts(ctx, new, label, head_word, body, evidence + tokens, rules.SUCCESSION, status)
        if after.replaces is None:
            after.replaces = before.key


def departures(ctx: Context) -> None:
    """A post someone leaves, named after "as": "X was dismissed as head of Y", "the decree
    terminating the powers of X as chairman of Y", "X resigned as mayor", "X stepped down as
    head of Y": a former role ("will step down as": still current)."""
    for verb in ctx.doc:
        lemma = verb.lemma_
        if lemma not in DISMISS_VERBS | LEAVE_VERBS or any(c.lower_ in {"not", "n't", "never"} for c in verb.children):
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
            role = _title_noun_facts(ctx, person, nouns[0], [verb] + names, rules.DEPARTURE, status=status)
            if status == "former":  # "resigned as mayor in 2016": when it ended
                for o in _objects(verb, "", "in") + _objects(verb, "", "on"):
                    if o.ent_type_ == "DATE":
                        role.end = period_date(" ".join(t.text for t in o.subtree), ctx.document.date) or role.end


def read_roles(ctx: Context) -> None:
    titles_before_names(ctx)
    appositions(ctx)
    appointments(ctx)
    # after the readers above: a succession passes on a role they read in its sentence
    departures(ctx)
    successions(ctx)
