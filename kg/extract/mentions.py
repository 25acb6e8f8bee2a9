"""Mentions: the spans of a parsed document that name a person, body or place.

Starts from spaCy's named entities, then mends what the small model gets wrong at the edges:
titles are cut off names, a body glued to a title and a name is split, "X region" and
"X presidential residence" keep their kind, and organisation names the model missed are found
by their head words ("... Bureau for Migration").

>>> from kg.nlp import load
>>> doc = load()("Prosecutor General Jane Roe visited the Varna region.")
>>> [(m.text, m.cls) for m in find_mentions(doc)]
[('Jane Roe', 'Person'), ('Varna region', 'Region')]
"""
from __future__ import annotations

from kg.extract.claims import is_acronym
from kg.extract.context import parse_of
from kg.extract.lexicon import (ACTING, ADJECTIVE_ENDINGS, BODY_OR_TITLE_FORM, BODY_OR_TITLE_WORD, BUILDING_WORDS,
                                CITY_WORDS, DESIGNATE, EVENT_NAME_WORDS, FACILITY_WORDS, GOVERNMENT_WORDS,
                                NAME_HONORIFICS, ORG_WORDS, PAST, PLACE_KIND_WORDS, REGION_WORDS, SITE_WORDS,
                                SURNAME_BUILDING_WORDS, TITLE_FORM_OR_HONORIFIC, TITLE_HEAD_FORM,
                                TITLE_HEAD_OR_HONORIFIC, TITLE_HEADS, TITLE_OR_HONORIFIC, TITLE_PLURALS, TITLE_WORDS)
from kg.model import Mention

NER_CLASS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Location", "LOC": "Location",
             "FAC": "Building"}
CONNECTORS = {"of", "for", "and", "&"}
SEPARATE_ENTS = {"GPE", "LOC", "PERSON", "DATE", "CARDINAL", "TIME"}
# "former", "acting", "incoming": words of a role's status ("then" and "late" say other things too)
STATUS_WORDS = (PAST | ACTING | DESIGNATE) - {"then", "late"}


def _is_cap(tok) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha or tok.text in {"&"}


def _trim(tokens: list) -> list:
    # "Former Ostrel Police Chief ...": a word of a role's status is no part of a body's name
    while tokens and (tokens[0].dep_ == "det" or tokens[0].lower_ in {"the", "a", "an"} | STATUS_WORDS
                      or tokens[0].is_punct):
        tokens = tokens[1:]
    if len(tokens) > 1 and _after_prefix(tokens[0]):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].tag_ == "POS" or tokens[-1].lower_ in {"'s", "’s"}):
        tokens = tokens[:-1]
    return tokens


def _after_prefix(tok) -> bool:
    """"the anti-Tarvel Unity Party", "a pro-Velland group": the word after a prefix's hyphen
    belongs to the adjective, not to the name after it (the real set read a party so)."""
    return tok.i >= 2 and tok.nbor(-1).text == "-" and not tok.nbor(-1).whitespace_ \
        and tok.nbor(-2).text.islower() and not tok.nbor(-2).whitespace_


def _mention(doc, tokens, cls: str, ner: str) -> Mention:
    # the text from the first token to the last, cut from the document's (Parse.text), not
    # joined anew from a new Span's tokens (9 µs a mention)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return Mention(doc.text[start:end], start, end, cls, ner, sent=0,
                   token_start=tokens[0].i, token_end=tokens[-1].i + 1)


def _class_by_words(tokens, default: str) -> str:
    """The class an organisation's or place's head word gives it: the last word before any
    "of/for" tail ("Council" in "Supreme Council of X")."""
    head = tokens[-2] if len(tokens) > 1 and tokens[-1].like_num else tokens[-1]  # "X Airport 2"
    for tok in tokens[1:]:
        if tok.lower_ in CONNECTORS - {"and", "&"}:
            head = tok.nbor(-1)
            break
    last = head.lower_
    # "the Tarvelic State" after an adjective is a polity or a movement, not a province: a
    # province is named by a proper noun ("Ostrel State")
    if last == "state" and head.i > tokens[0].i and head.nbor(-1).lower_.endswith(ADJECTIVE_ENDINGS):
        return default
    if last in REGION_WORDS:
        return "Region"
    if last in CITY_WORDS:
        return "City"
    if last in GOVERNMENT_WORDS:
        return "GovernmentBody"
    if last in ORG_WORDS:
        return "Organization"
    if last in BUILDING_WORDS:
        return "Building"
    if last in FACILITY_WORDS:
        return "Facility"
    return default


def _from_entity(doc, span) -> list[Mention]:
    tokens = _trim(doc.tokens[span.start:span.end])
    cls = NER_CLASS.get(span.label_)
    if not tokens or cls is None or all(t.lower_ in TITLE_OR_HONORIFIC for t in tokens):
        return []  # "the President" alone is a title, whatever kind the model gives it
    if tokens[-1].lower_ in EVENT_NAME_WORDS and len(tokens) > 1:
        return []  # "the Tarvel-Velland War" is an event, not a place (events.py reads events)
    out: list[Mention] = []
    if cls == "Location" and any(t.text == "," for t in tokens[1:-1]):
        # "Brandon, Manitoba" read as one place: two places, the second holding the first
        parts, part = [], []
        for t in tokens + [None]:
            if t is None or t.text == ",":
                if part:
                    parts.append(part)
                part = []
            else:
                part.append(t)
        return [_mention(doc, p, _class_by_words(p, "Location"), span.label_) for p in parts]
    # "the Aral region", "Springfield city": the model often stops before the place word, and
    # may even call the name a person.
    nxt = tokens[-1].nbor(1) if tokens[-1].i + 1 < len(tokens[-1].doc) else None
    # ... but "the Central Tarvelian province of Ostrel" describes the province named after "of"
    described = tokens[-1].lower_.endswith(ADJECTIVE_ENDINGS) and nxt is not None and nxt.i + 1 < len(nxt.doc) \
        and nxt.nbor(1).lower_ == "of"
    if nxt is not None and nxt.lower_ in PLACE_KIND_WORDS and nxt.pos_ != "VERB" and not described:
        tokens = tokens + [nxt]
        return [_mention(doc, tokens, _class_by_words(tokens, "Location"), span.label_)]
    if cls == "Person":
        if all(t.lower_ in BODY_OR_TITLE_FORM for t in tokens):
            return []  # "Chief Cabinet Secretary": "Cabinet" read as a person is a title's word
        if len(tokens) > 1 and tokens[-1].text.istitle() \
                and tokens[-1].lower_ in (BUILDING_WORDS | FACILITY_WORDS) - SURNAME_BUILDING_WORDS:
            return [_mention(doc, tokens, _class_by_words(tokens, "Building"), span.label_)]  # "the Velmar Palace"
        owner = next((k for k, t in enumerate(tokens[1:-1], 1) if t.tag_ == "POS" or t.lower_ in {"'s", "’s"}), None)
        if owner is not None and tokens[-1].lower_ in ORG_WORDS:
            # "Ana Reis's Cabinet" read as one person: a person, and the body that is hers
            return [_mention(doc, tokens[:owner], "Person", span.label_),
                    _mention(doc, tokens[owner + 1:], _class_by_words(tokens[owner + 1:], "Organization"), "ORG")]
        tokens = _name_before_span(tokens)
        # "Border Service Chairman Jane Roe" as one PERSON span: the body before the
        # title is a mention of its own; the title itself is no part of any name.
        heads = [i for i, t in enumerate(tokens) if t.lower_ in TITLE_HEAD_OR_HONORIFIC or t.lower_ in TITLE_PLURALS]
        if heads and heads[-1] < len(tokens) - 1:
            before = tokens[: heads[-1]]
            while before and before[-1].lower_ in TITLE_FORM_OR_HONORIFIC:
                before = before[:-1]
            if before and before[-1].lower_ in ORG_WORDS:
                out.append(_mention(doc, before, _class_by_words(before, "Organization"), "ORG"))
                tokens = tokens[heads[-1] + 1:]
            elif not before:
                tokens = tokens[heads[-1] + 1:]
            # else a title-like word inside a name: "Martin Luther King Jr." stays whole
        while tokens and tokens[0].lower_ in TITLE_FORM_OR_HONORIFIC:
            tokens = tokens[1:]
        if tokens and tokens[0].lower_ in {"of", "for"}:
            # "the 23rd President of the Republic" read as a person: a title, and a place
            place = _trim(tokens[1:])
            if place:
                out.append(_mention(doc, place, _class_by_words(place, "Location"), "GPE"))
            return out
        if not tokens or all(t.lower_ in TITLE_WORDS for t in tokens):
            return out  # "Akim" alone is a title, not a person
    else:
        # "Fire Department Capt", "Highway Patrol Officer Ana Reis": a title after a body's
        # word ends the body's name
        cut = next((k for k, t in enumerate(tokens) if k and t.lower_ in TITLE_HEADS and t.text[:1].isupper()
                    and tokens[k - 1].lower_ in ORG_WORDS), None)
        if cut is not None:
            tokens = tokens[:cut]
        cls = _class_by_words(tokens, cls)
    out.append(_mention(doc, tokens, cls, span.label_))
    return out


def _name_before_span(tokens: list) -> list:
    """"Secretary General Marten [Hoel Velland]": the model left a first name out of the span;
    one capitalised word that is no title word, between a title and the name, is the name's."""
    doc, first = tokens[0].doc, tokens[0].i
    if first >= 2:
        prev, title = doc[first - 1], doc[first - 2]
        if prev.pos_ == "PROPN" and _is_cap(prev) and not prev.ent_type_ and title.text[:1].isupper() \
                and prev.lower_ not in TITLE_FORM_OR_HONORIFIC | NAME_HONORIFICS | ORG_WORDS \
                and title.lower_ in TITLE_HEADS and prev.sent.start <= first - 2:
            return [prev] + tokens
    return tokens


def _org_by_head_word(doc) -> list[Mention]:
    """Capitalised names ending in a body word, with "of/for/and" tails:
    "the Maritime Bureau for Inspection", "Ministry of Labour and Social Welfare"."""
    found = []
    for tok in doc.having("lower_", ORG_WORDS):
        if not _is_cap(tok):
            continue
        sent = doc.sent(tok.i)
        start = tok.i
        # leftwards over the name, but not into a place or person the model named on its own:
        # "Havana Radio Network" is a network in Havana, not one called "Havana Radio".
        while start > sent.start and _is_cap(doc[start - 1]) and doc[start - 1].pos_ in {"PROPN", "ADJ", "NOUN"} \
                and doc[start - 1].lower_ not in TITLE_HEADS and doc[start - 1].ent_type_ not in SEPARATE_ENTS \
                and not _after_prefix(doc[start - 1]) and doc[start - 1].lower_ not in STATUS_WORDS:
            start -= 1
        end = tok.i + 1
        tail = False
        while end < sent.end - 1 and doc[end].lower_ in CONNECTORS:
            # "and" continues a name only inside an of-tail ("Ministry of Labour and Welfare");
            # "the University and the College" are two bodies
            if doc[end].lower_ in {"and", "&"} and (not tail or doc[end + 1].lower_ == "the"):
                break
            tail = True
            j = end + 1
            if j < sent.end and doc[j].lower_ == "the":
                j += 1
            k = j
            while k < sent.end and _is_cap(doc[k]) and doc[k].lower_ not in TITLE_HEADS and doc[k].ent_type_ != "DATE":
                k += 1
            if k == j:
                break
            if k < sent.end and k > j and doc[k].lower_ in PLACE_KIND_WORDS and doc[k].text.islower():
                k += 1  # "Administration of the Tarvel region": the place word ends the name
            end = k
        tokens = doc.tokens[start:end]
        if len(tokens) > 1 or tok.ent_type_ == "ORG":
            found.append(_mention(doc, tokens, _class_by_words([tok], "Organization"), "ORG"))
    return found


def _defined_acronyms(doc) -> list[Mention]:
    """"the Velland Front for Unity in the South (VFUS)": a run of capitalised words whose
    initials the acronym in brackets after it spells is one name, whatever pieces the model cut
    it into, and the acronym names the same thing wherever it stands in the text.  Such a name
    is a body, unless its head word says it is a place ("... International Airport 2 (TIA2)").

    >>> from kg.nlp import load
    >>> doc = load()("VFUS denied it. The Velland Front for Unity in the South (VFUS) spoke.")
    >>> [(m.text, m.cls) for m in _defined_acronyms(doc)]
    [('Velland Front for Unity in the South', 'Organization'), ('VFUS', 'Organization'), ('VFUS', 'Organization')]
    """
    doc = parse_of(doc)
    found: list[Mention] = []
    defined: dict[str, str] = {}
    for tok in doc:
        if tok.text != "(" or tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")":
            continue
        short = doc[tok.i + 1].text
        if not (2 <= len(short) <= 8 and short.isalnum() and any(c.isupper() or c.isdigit() for c in short)):
            continue
        first = doc.sent_start(tok.i)
        for start in range(tok.i - 1, max(first, tok.i - 10) - 1, -1):
            words = doc.tokens[start:tok.i]
            if not (_is_cap(words[0]) or words[0].like_num) or words[0].ent_type_ in {"DATE", "CARDINAL", "PERSON"}:
                continue
            if is_acronym(short.lower(), " ".join(w.lower_ for w in words)):
                place = words[0].ent_type_ in {"GPE", "LOC"} and words[0].ent_iob_ == "B"
                if place and all(w.ent_type_ == words[0].ent_type_ and w.ent_iob_ == "I" for w in words[1:]):
                    break  # the model's own place: "the Velland Islands (VI)"
                cls = _class_by_words(words, "Organization")
                found.append(_mention(doc, words, cls, "ACRONYM"))
                defined[short] = cls
                break
    if defined:
        found += [_mention(doc, [t], defined[t.text], "ACRONYM") for t in doc if t.text in defined]
    return found


def _names_after_titles(doc) -> list[Mention]:
    """Names the model missed after a title: "Central Bank Governor Ana Reis", "Minister of
    Trade Ana Reis".  The name is the last two capitalised words of the run after the title (one
    when the run has one, three with a middle initial)."""
    found = []
    for tok in doc.having("lower_", TITLE_HEAD_FORM):
        if not tok.text[:1].isupper() or tok.ent_type_ == "PERSON":
            continue  # "King" in "Martin Luther King" is a name, not a title
        end = doc.sent_end(tok.i)
        j = tok.i + 1
        while j < end and doc[j].lower_ in TITLE_WORDS and doc[j].text[:1].isupper():
            j += 1
        run = []
        # "Governor of the Varna region Petar Kolev": a place word may stand inside the run
        while j < end and (_is_cap(doc[j]) or doc[j].lower_ in {"of", "for", "the"} or doc[j].lower_ in PLACE_KIND_WORDS
                                    or (doc[j].text[-1:] == "." and len(doc[j]) == 2)):
            run.append(doc[j])
            j += 1
        if j < end and doc[j].text.islower() and doc[j].pos_ in {"NOUN", "PROPN"}:
            continue  # "Akim of the Tarvel region": the capitals name a place, not a person
        names = [t for t in run if t.pos_ == "PROPN" or t.text[-1:] == "."]
        if not run or not names or run[-1] is not names[-1] or run[-1].lower_ in BODY_OR_TITLE_WORD:
            continue
        k = 1 if len(run) == 1 else 3 if len(run) >= 3 and run[-2].text.endswith(".") else 2
        if len(run) <= 4 and all(_is_cap(t) and t.lower_ not in BODY_OR_TITLE_FORM and not t.ent_type_ for t in run):
            k = len(run)  # "Lawyers Tan Vel Orr and ...": a run of names alone is one name
        name = run[-k:]
        if any(t.lower_ in CONNECTORS or t.lower_ == "the" or t.lower_ in BODY_OR_TITLE_WORD for t in name):
            name = name[-1:]
        # the model's own person, or its place ("President of the United States"), stands
        if any(t.ent_type_ in {"PERSON", "GPE", "LOC", "FAC", "NORP", "DATE"} for t in name) or name[-1].lower_ in ORG_WORDS:
            continue
        found.append(_mention(doc, name, "Person", "TITLE"))
    return found


def _conjoined_names(doc) -> list[Mention]:
    """"Tomas Vidal and Ines Matos presented": a bare proper name joined by "and" to a person's
    name is a person too."""
    found = []
    for span in doc.ents:
        if span.label_ != "PERSON":
            continue
        for conj in (c for c in span.root.children if c.dep_ == "conj"):
            name = [c for c in conj.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [conj]
            if conj.pos_ == "PROPN" and not conj.ent_type_ and 2 <= len(name) <= 3 and \
                    all(_is_cap(t) and t.lower_ not in BODY_OR_TITLE_WORD for t in name):
                found.append(_mention(doc, name, "Person", "CONJ"))
    return found


def _named_buildings(doc) -> list[Mention]:
    """"the Blue Dome presidential residence", "the Old Town station": a capitalised name
    before a lower-case building word names that building."""
    found = []
    for tok in doc.having("lower_", SITE_WORDS):
        if not tok.text.islower():
            continue
        first = doc.sent_start(tok.i)
        j = tok.i
        while j > first and doc[j - 1].text.islower() and doc[j - 1].pos_ in {"ADJ", "NOUN"}:
            j -= 1
        end = j
        while j > first and _is_cap(doc[j - 1]) and doc[j - 1].pos_ == "PROPN" and not doc[j - 1].ent_type_:
            j -= 1
        if j < end and j > first and doc[j - 1].lower_ == "the":
            cls = "Building" if tok.lower_ in BUILDING_WORDS else "Facility"
            found.append(_mention(doc, doc.tokens[j:end], cls, "FAC"))
    return found


def _capitalised_buildings(doc) -> list[Mention]:
    """"the old Ostrel Palace", "Velland Cathedral": proper nouns the model left unnamed, before
    a capitalised building word, name that building (the real set has a palace so)."""
    doc = parse_of(doc)
    found = []
    for tok in doc:
        if not (tok.text.istitle() and tok.lower_ in (BUILDING_WORDS | FACILITY_WORDS) - SURNAME_BUILDING_WORDS) \
                or tok.ent_type_:
            continue
        j = tok.i
        first = doc.sent_start(tok.i)
        while j > first and _is_cap(doc[j - 1]) and doc[j - 1].pos_ == "PROPN" and not doc[j - 1].ent_type_ \
                and doc[j - 1].lower_ not in TITLE_WORDS | ORG_WORDS:
            j -= 1
        if j < tok.i and (j == first or not _is_cap(doc[j - 1])):
            found.append(_mention(doc, doc.tokens[j:tok.i + 1], _class_by_words([tok], "Building"), "FAC"))
    return found


def _places_after_kind(doc) -> list[Mention]:
    """"the southern province of Ostrel", "the town of Velna": proper nouns the model left
    unnamed after a lower-case place word and "of" name a place of that kind."""
    doc = parse_of(doc)
    found = []
    for tok in doc:
        if not (tok.text.islower() and tok.lower_ in REGION_WORDS | CITY_WORDS) or tok.i + 2 >= len(doc) \
                or doc[tok.i + 1].lower_ != "of":
            continue
        j = k = tok.i + 2
        while k < doc.sent_end(tok.i) and _is_cap(doc[k]) and doc[k].pos_ == "PROPN" and not doc[k].ent_type_:
            k += 1
        if k > j:
            found.append(_mention(doc, doc.tokens[j:k], _class_by_words([tok], "Location"), "PLACE"))
    return found


def _places_inside(doc, mentions: list[Mention]) -> list[Mention]:
    """"the Institute of Zoology of Ostrava" names a body and, inside it, a place: the place is
    a mention too, nested in the body's, so "based in" can be read between them."""
    nested = []
    for m in mentions:
        if m.cls not in {"Organization", "GovernmentBody"}:
            continue
        tokens = doc.tokens[m.token_start:m.token_end]
        for k, tok in enumerate(tokens[:-1]):
            if tok.lower_ not in {"of", "in"}:
                continue
            j = k + 1 + (tokens[k + 1].lower_ == "the")
            run = []
            while j < len(tokens) and tokens[j].ent_type_ in {"GPE", "LOC"}:
                run.append(tokens[j])
                j += 1
            if run and j == len(tokens):
                nested.append(_mention(doc, run, "Location", "NESTED"))
    for n in nested:
        n.nested = True
    return nested


def _named_regions(doc) -> list[Mention]:
    """"the Varna region", "Selvar province": a capitalised name before a lower-case place word
    is that place, whether or not the model saw it."""
    found = []
    for tok in doc.having("lower_", PLACE_KIND_WORDS):
        if not tok.text.islower():
            continue
        first = doc.sent_start(tok.i)
        if tok.i == first:
            continue
        j = tok.i
        while j > first and _is_cap(doc[j - 1]) and doc[j - 1].pos_ == "PROPN" \
                and doc[j - 1].lower_ not in TITLE_WORDS and doc[j - 1].ent_type_ in {"", "GPE", "LOC", "ORG", "NORP"}:
            j -= 1
        if j < tok.i and (j == first or doc[j - 1].text[:1].islower() or not doc[j - 1].is_alpha):
            found.append(_mention(doc, doc.tokens[j:tok.i + 1], _class_by_words([tok], "Location"), "PLACE"))
    return found


def _based_places(doc) -> list[Mention]:
    """"the Tarvel-based company", "a New Arvel-based bank": the capitalised name before
    "-based" is a place, whether or not the model saw it (the model typed none of the two such
    places of the 24 real articles)."""
    found = []
    if "-based" not in doc.text:  # most articles have none: no walk over their tokens
        return found
    for tok in doc:
        if tok.lower_ != "based" or tok.i < 2 or doc[tok.i - 1].text != "-" or doc[tok.i - 2].whitespace_:
            continue
        j = tok.i - 1
        first = doc.sent_start(tok.i - 2)
        while j > first and _is_cap(doc[j - 1]) and doc[j - 1].pos_ != "DET" \
                and doc[j - 1].lower_ not in BODY_OR_TITLE_WORD \
                and (j == tok.i - 1 or doc[j - 1].whitespace_):
            j -= 1
        if j < tok.i - 1:
            found.append(_mention(doc, doc.tokens[j:tok.i - 1], "Location", "PLACE"))
            # "the Tarvel, Velland-based company": a town before its country
            k = j - 1
            while k > first and doc[k].text == "," and _is_cap(doc[k - 1]) and doc[k - 1].pos_ == "PROPN":
                found.append(_mention(doc, [doc[k - 1]], "Location", "PLACE"))
                k -= 2
    return found


def find_mentions(doc) -> list[Mention]:
    """Non-overlapping mentions in text order; a longer span wins over one it covers."""
    doc = parse_of(doc)
    candidates: list[Mention] = []
    for span in doc.ents:
        candidates += _from_entity(doc, span)
    candidates += _org_by_head_word(doc)
    candidates += _names_after_titles(doc) + _conjoined_names(doc) + _named_buildings(doc) + _named_regions(doc)
    candidates += _based_places(doc) + _defined_acronyms(doc) + _capitalised_buildings(doc) + _places_after_kind(doc)
    kept: list[Mention] = []
    taken: set[int] = set()
    # a name read after a title beats the model's guess; otherwise the longer span wins, and of
    # two alike the one an acronym defines
    for m in sorted(candidates, key=lambda m: (m.ner not in {"TITLE", "CONJ"}, -(m.token_end - m.token_start),
                                               m.ner != "ACRONYM", m.token_start)):
        span = set(range(m.token_start, m.token_end))
        if span & taken:
            continue
        taken |= span
        kept.append(m)
    kept += _places_inside(doc, kept)
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    for m in kept:
        m.sent = sent_index[doc.sent_start(m.token_start)]
    return sorted(kept, key=lambda m: m.token_start)


def titled_form(doc, m: Mention) -> str | None:
    """A person's name with the title or honorific the text puts before it, as another name
    for them: "President Lincoln", "Mrs. Parks", "Gen. Ana Reis".

    >>> from kg.nlp import load
    >>> doc = load()("Mrs. Parks spoke.")
    >>> titled_form(doc, find_mentions(doc)[0])
    'Mrs. Parks'
    """
    doc = parse_of(doc)
    j = m.token_start
    first = doc.sent_start(m.token_start)
    while j > first and doc[j - 1].text[:1].isupper() and \
            doc[j - 1].lower_ in TITLE_OR_HONORIFIC:
        j -= 1
    return doc[j:m.token_end].text if j < m.token_start else None
