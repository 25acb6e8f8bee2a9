"""Scope: the country a body with a generic name belongs to, so that the "Interior Ministry" of
one country and that of another stay two nodes when a corpus is built as one.

A name is generic when every word of it is a common word of bodies' names ("Interior Ministry",
"Security Council", "the Cabinet", "Ministry of Foreign Affairs", "National Police"); a name
that holds a place or a proper name ("Tarvel Harbour Board") is one body wherever it is read.
The country is, first to last:
  the one the name itself gives ("the Velland Interior Ministry", "Interior Ministry of Velland"),
  the one the text puts before it ("Velland's Interior Ministry", "the Vellandic Cabinet") or
  after it ("the Cabinet of Velland"),
  a country the body is based in (relations' basedIn facts),
  the article's country: the country its places, demonyms and headline name most often, at
  least twice and over twice as often as any other (on the 24 real articles: 19 right, 2 wrong,
  3 none; the most named alone, 19 right and 5 wrong);
else none: the body is one node by its name across the articles that give no country, as
before (two articles' "Ministry of Fisheries" with no country in either are taken for one).
Only ``Entity.scope`` changes: labels, facts and scoring stay as they were; rdf.entity_iri puts
the scope in the node's IRI and link.py groups names per scope.

>>> generic_core("Jordanian Interior Ministry"), generic_core("Security Council of Russia")
(('Interior Ministry', 'Jordan'), ('Security Council', 'Russia'))
>>> generic_core("Tarvel Harbour Board") is None
True
"""
from __future__ import annotations

import functools
import re
from collections import Counter

from kg.extract.context import Context
from kg.extract.countries import DEMONYMS, country_named, country_of
from kg.extract.lexicon import GENERIC_BODY_WORDS, GOVERNMENT_WORDS, ORG_WORDS, TITLE_WORDS
from kg.model import Entity

_WORDS = GENERIC_BODY_WORDS | GOVERNMENT_WORDS | ORG_WORDS | TITLE_WORDS | {"of", "for", "and", "the", "&", "on"}
MIN_MENTIONS = 2
DEMONYM_WORDS = {d.title() for d in DEMONYMS}
_DEMONYMS_LOWER = {d.lower() for d in DEMONYM_WORDS}  # looked up in the Parse's lower-case column
_SPLIT = re.compile(r"[\s\-]+")


def is_generic(name: str) -> bool:
    """Is every word of a body's name a common word ("Foreign Intelligence Service")?"""
    words = [w for w in _SPLIT.split(name.replace("\u2019", "'").lower().strip(" .,")) if w]
    return bool(words) and all(w in _WORDS or w.rstrip("'s") in _WORDS for w in words)


# a body's label is read here and again in linking (983 calls, 135 labels on 200 wire articles)
@functools.lru_cache(maxsize=1 << 16)
def generic_core(label: str) -> tuple[str, str | None] | None:
    """(the generic part of a body's name, the country the name gives or None), or None when
    the name is not generic: "Velland's Cabinet" → ("Cabinet", "Velland")."""
    text = re.sub(r"^the\s+", "", label.replace("\u2019", "'").strip(), flags=re.I)
    words = text.split()
    # a country or demonym first: "Jordanian Interior Ministry", "Jordan's Cabinet", "U.S. Senate"
    for k in (3, 2, 1):
        if len(words) > k:
            head = " ".join(words[:k])
            country = country_of(head[:-2] if head.endswith("'s") else head)
            if country:
                rest = " ".join(words[k:])
                return (rest, country) if is_generic(rest) else None
    # " of (the) <country>" last: "Security Council of Russia"
    m = re.match(r"(.+?) (?:of|for) (?:the )?(.+)$", text)
    if m and (country := country_named(m.group(2))) and is_generic(m.group(1)):
        return m.group(1), country
    return (text, None) if is_generic(text) else None


def article_country(entities, title: str | None = None, demonyms=()) -> str | None:
    """The country an article is about: the one its places and ``demonyms`` (the text's
    adjectives of nationality, (word, offset)) name most often, each mention once and the
    headline's names once more; the first named on a tie; None when it names none."""
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for word, start in demonyms:
        if country := country_of(word):
            counts[country] += 1
            first[country] = min(first.get(country, 1 << 30), start)
    for e in entities:
        if e.root_class != "Location":
            continue
        country = country_named(e.label) or next(filter(None, map(country_named, sorted(e.alt_labels))), None)
        if country:
            counts[country] += max(1, len(e.mentions))
            first[country] = min([first.get(country, 1 << 30)] + [m.start for m in e.mentions])
    for word in _title_words(title):
        if country := country_of(word):
            counts[country] += 1
            first.setdefault(country, -1)
    ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))
    if not ranked or counts[ranked[0]] < MIN_MENTIONS or (len(ranked) > 1 and counts[ranked[1]] * 2 > counts[ranked[0]]):
        return None
    return ranked[0]


def countries_named(entities, title: str | None = None) -> set[str]:
    """Every country an article's places or headline name."""
    named = {country_named(e.label) for e in entities if e.root_class == "Location"}
    named |= {country_of(word) for word in _title_words(title)}
    return named - {None}


def _title_words(title: str | None) -> list[str]:
    words = re.findall(r"[A-Z][\w.'’-]*", title or "")
    out = []
    for k in (1, 2, 3):
        out += [" ".join(words[i:i + k]).rstrip("'’s").rstrip("’'") for i in range(len(words) - k + 1)]
    return out


def _stated(ctx: Context, body: Entity) -> str | None:
    """The country the text puts right before or after a mention of ``body``."""
    doc = ctx.doc
    for m in body.mentions:
        i = m.token_start - 1
        if i >= 0 and doc[i].lower_ in {"'s", "’s", "'"}:
            i -= 1  # "Velland's Cabinet"
        if i >= 0 and (country := _country_at(ctx, i)):
            return country
        j = m.token_end
        if j + 1 < len(doc) and doc[j].lower_ == "of":
            j += 1 + (doc[j + 1].lower_ == "the")
            if j < len(doc) and (country := _country_at(ctx, j)):
                return country
    return None


def _country_at(ctx: Context, i: int) -> str | None:
    ent = ctx.entity_at(i)
    if ent is not None:
        return country_named(ent.label) if ent.root_class == "Location" else None
    tok = ctx.doc[i]
    return country_of(tok.text) if tok.text[:1].isupper() else None


def scope_bodies(ctx: Context) -> None:
    """Give each body with a generic name its country (``Entity.scope``) where one is known."""
    bodies = [e for e in ctx.entities.values() if e.root_class == "Organization"]
    based = {f.subject: ctx.entities[f.object] for f in ctx.facts
             if f.predicate == "basedIn" and f.object in ctx.entities}
    article: list = []
    for body in bodies:
        core = generic_core(body.label)
        if core is None:
            continue
        place = based.get(body.key)
        country = core[1] or _stated(ctx, body) or (country_named(place.label) if place is not None else None)
        if country is None:
            if not article:  # once a document, and only for one with a body to scope
                article.append(document_country(ctx))
            country = article[0]
        body.scope = country


def document_country(ctx: Context) -> str | None:
    """``article_country`` of the document ``ctx`` reads."""
    demonyms = [(t.text, t.idx) for t in ctx.doc.having("lower_", _DEMONYMS_LOWER) if t.text in DEMONYM_WORDS]
    return article_country(ctx.entities.values(), ctx.document.title, demonyms)
