"""When a role holds: its status (current, former, acting, designate) from the words of its
title and those next to it, and its start and end from the date phrases hung on it, resolved
against the article's date.

>>> from kg.nlp import load
>>> doc = load()("Former Minister of Finance Jane Roe spoke.")
>>> _status_word(doc[0], doc)
'former'
"""
from __future__ import annotations

import re

from kg.extract.context import Context, period_date
from kg.extract.lexicon import ACTING, APPOINT_VERBS, DESIGNATE, PAST

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


def role_status(ctx: Context, person, evidence) -> str:
    """A role's status from the words of its title and those next to it: the title's own words
    and their modifiers, up to three words before it ("the former", "ex-") and a hyphenated
    word after it ("-elect").  Former beats designate beats acting beats current."""
    doc = ctx.doc
    title = sorted({t.i: t for t in evidence if ctx.token_entity.get(t.i) != person.key
                    and t.pos_ not in {"VERB", "AUX"}}.values(), key=lambda t: t.i)
    words = list(title) + [c for t in title for c in t.children if c.dep_ in {"amod", "advmod", "compound", "npadvmod"}]
    if title:
        j = title[0].i - 1
        while j >= 0 and title[0].i - j <= 3 and doc.sent_start(j) == doc.sent_start(title[0].i):
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


def role_dates(ctx: Context, anchors) -> tuple:
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


def verb_status(verb) -> str | None:
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
