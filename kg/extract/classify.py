"""Entity typing: settle each name's class by votes across the whole document.

The small model types the same surname PERSON in one sentence and ORG in the next.  Each mention
votes with spaCy's label and with cues around it (a title before it, "in X", a verb only people
use, a body word in the name), and every mention of a name takes the class its name won.

>>> from kg.nlp import load
>>> from kg.extract.mentions import find_mentions
>>> doc = load()("Governor Jane Roe spoke in Ostrava. Roe noted the plan. Later Roe said more.")
>>> sorted({(m.text, m.cls) for m in settle_classes(doc, find_mentions(doc))})
[('Jane Roe', 'Person'), ('Ostrava', 'Location'), ('Roe', 'Person')]
"""
from __future__ import annotations

from collections import Counter, defaultdict

from kg.extract.claims import is_company
from kg.extract.context import norm, parse_of
from kg.extract.lexicon import (BUILDING_WORDS, DEMONYM_ENDINGS, HOME_NOUNS, ORG_NOUNS_AFTER, ORG_WORDS,
                                PERSONAL_SPEECH_VERBS, PLACE_NOUNS, SITE_WORDS, TITLE_HEAD_OR_HONORIFIC)
from kg.model import Mention, ROOT_CLASS

# The classes a name can win, each with its subclasses (kg.model.ROOT_CLASS): a mention's class
# is one of these, and votes go to its family.
FAMILIES = ("Person", "Organization", "Location")
FAMILY = {**{f: f for f in FAMILIES}, **{cls: root for cls, root in ROOT_CLASS.items() if root in FAMILIES}}
PLACE_PREPOSITIONS = {"in", "at", "near", "across", "throughout", "outside", "inside"}


def _descriptor(doc, m: Mention) -> str | None:
    """"X presidential residence", "X airport": the common noun after a name that says its kind."""
    j = m.token_end
    while j < len(doc) and doc[j].pos_ == "ADJ" and doc[j].text.islower():
        j += 1
    if j < len(doc) and doc[j].text.lower() in SITE_WORDS and doc[j].text.islower():
        return "Building" if doc[j].text.lower() in BUILDING_WORDS else "Facility"
    return None


def _org_word(doc, m: Mention) -> bool:
    return any(t.text.lower() in ORG_WORDS for t in doc.tokens[m.token_start:m.token_end])


def mention_votes(doc, m: Mention) -> Counter:
    """The votes one mention casts, by class family (and the subclass cue it carries)."""
    doc = parse_of(doc)
    votes: Counter = Counter()
    votes[FAMILY[m.cls]] += 1
    if m.cls not in {"Person", "Organization", "Location"} or (m.cls == "Organization" and _org_word(doc, m)):
        votes[FAMILY[m.cls]] += 3  # its own words name the kind: "... Ministry", "... region"
    if _descriptor(doc, m):
        votes["Location"] += 3
    head = doc.root(m.token_start, m.token_end)
    prev = doc[m.token_start - 1] if m.token_start > 0 else None
    if prev is not None and prev.text.lower() in TITLE_HEAD_OR_HONORIFIC and prev.text[:1].isupper():
        votes["Person"] += 3
    if head.dep_ == "pobj" and head.head.text.lower() in PLACE_PREPOSITIONS and m.cls in {"Organization", "Person"}:
        votes["Location"] += 1.5
    if head.dep_ == "nsubj" and head.head.lemma_ in PERSONAL_SPEECH_VERBS:
        votes["Person"] += 1.5
    # "Tarvel, the largest city of Y", "Tarvel, a port on Y": the apposed noun says it is a place
    if any(c.dep_ == "appos" and c.lemma_.lower() in PLACE_NOUNS for c in head.children):
        votes["Location"] += 3
    # "the province of Tarvel", "the capital, Tarvel": a place noun the name is said to be (the
    # parser may read the second as a list: a conjunct)
    before = [t for t in doc.tokens[max(0, m.token_start - 3):m.token_start] if not t.is_space]
    if len(before) >= 2 and before[-1].lower_ in {"of", ","} and before[-2].lemma_.lower() in PLACE_NOUNS \
            and before[-2].text.islower() and (before[-1].lower_ == "of" or head.dep_ in {"appos", "conj"}):
        votes["Location"] += 3
    # "a native of Tarvel", "her home in Tarvel", "a Tarvel resident": where someone is from is a
    # place (kg's recogniser typed such names Person after an apposed "a resident of")
    if head.dep_ == "pobj" and head.head.lower_ in {"of", "in"} and head.head.head.lemma_.lower() in HOME_NOUNS \
            or head.dep_ in {"compound", "nmod"} and head.head.lemma_.lower() in HOME_NOUNS - {"citizen"}:
        votes["Location"] += 3
    # "Marta Kovac, 50, of ...": only people are given an age after their name
    after = doc.tokens[m.token_end:m.token_end + 3]
    if len(after) == 3 and after[0].text == "," and after[1].like_num and after[2].text == "," \
            and after[1].text.isdigit() and 1 <= int(after[1].text) <= 120:
        votes["Person"] += 3
    return votes


def _kind_noun_after(doc, m: Mention) -> bool:
    """"the Tarvel Front militants", "the Velland Herald newspaper", "the Tarvel Front (TF)
    group": a lower-case noun after the name (or after its acronym in brackets) saying it is a
    group, a paper or a firm.  Not after a possessive: "the party's Tarvel faction" is a faction in Tarvel."""
    if m.token_start > 0 and doc[m.token_start - 1].tag_ == "POS":
        return False
    j = m.token_end
    if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
        j += 3
    return j < len(doc) and doc[j].text.islower() and doc[j].lemma_.lower() in ORG_NOUNS_AFTER


def is_name(doc, m: Mention) -> bool:
    """Is the mention a name at all?  Not an adjective ("a North Velland official", "the
    Socialist bloc", "a Tarvelese delegation"), a currency before its amount ("KRW 300
    million") or an abbreviation of a common noun ("closed-circuit television (CCTV)").

    >>> from kg.nlp import load
    >>> doc = load()("The Tarvelese delegation paid USD 300 million for closed-circuit television (CCTV) cameras.")
    >>> from kg.extract.mentions import find_mentions
    >>> [m.text for m in find_mentions(doc) if is_name(doc, m)]
    []
    """
    doc = parse_of(doc)
    tokens = doc.tokens[m.token_start:m.token_end]
    if all(t.tag_ in {"JJ", "JJR", "JJS"} for t in tokens):
        return False
    last = tokens[-1]
    if len(tokens) == 1 and last.text.lower().endswith(DEMONYM_ENDINGS) and last.dep_ in {"amod", "compound"} \
            and last.head.i > last.i and last.head.pos_ in {"NOUN", "PROPN"}:
        return False
    nxt = doc[m.token_end] if m.token_end < len(doc) else None
    if len(tokens) == 1 and nxt is not None and nxt.like_num and not nxt.is_punct:
        return False
    prev = doc[m.token_start - 1] if m.token_start > 0 else None
    if len(tokens) == 1 and last.is_upper and prev is not None and prev.text == "(" and m.token_start >= 2 \
            and doc[m.token_start - 2].text.islower():
        return False
    return True


def settle_classes(doc, mentions: list[Mention]) -> list[Mention]:
    """Mentions with the class their name won; a mention's own subclass cue is kept.  Mentions
    that are no names (``is_name``) are left out."""
    doc = parse_of(doc)
    mentions = [m for m in mentions if m.nested or is_name(doc, m)]
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_name[norm(m.text)].append(m)
    totals: dict[str, Counter] = {name: sum((mention_votes(doc, m) for m in ms), Counter())
                                  for name, ms in by_name.items()}
    # A lone word that ends a person's full name is that person's surname; one that starts a
    # place name ("Ostrava" in "Ostrava region") is a place.
    people = {name for name, v in totals.items() if " " in name and v.most_common(1)[0][0] == "Person"}
    places = {name for name, ms in by_name.items() if any(FAMILY[m.cls] == "Location" and m.cls != "Location" for m in ms)}
    # "Velland Telecom" after "Velland Telecom AG": the company's name without its legal form (the
    # model read one such short name in the real set as a person's)
    companies = [name for name in totals if is_company(name)]
    for name, votes in totals.items():
        if any(c.startswith(name + " ") for c in companies):
            votes["Organization"] += 3 * len(by_name[name])
        # a noun after one mention says what the name is in all of them: the model read an armed
        # group "X" as a person in four sentences of a real article, once followed by "gunmen"
        if any(_kind_noun_after(doc, m) for m in by_name[name]):
            votes["Organization"] += 3 * len(by_name[name])
        if " " in name:
            continue
        hits = sum(1 for p in people if p.split()[-1] == name)
        votes["Person"] += 3 * hits * len(by_name[name])
        if any(p.split()[0] == name and p != name for p in places):
            votes["Location"] += 2 * len(by_name[name])
    for name, ms in by_name.items():
        family = max(totals[name].items(), key=lambda kv: (kv[1], kv[0] == FAMILY[ms[0].cls]))[0]
        specific = [m.cls for m in ms if FAMILY[m.cls] == family and m.cls != family]
        # "X presidential residence" makes X a building only when most of its mentions say so:
        # "the Springfield station" does not make Springfield a station.
        described = [d for m in ms if (d := _descriptor(doc, m))]
        descriptor = described[0] if family == "Location" and 2 * len(described) > len(ms) else None
        cls = Counter(specific).most_common(1)[0][0] if specific else (descriptor or family)
        for m in ms:
            m.cls = cls
    return mentions


__all__ = ["settle_classes", "mention_votes", "is_name", "ROOT_CLASS"]
