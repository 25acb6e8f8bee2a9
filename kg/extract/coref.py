"""References: the words that point back to a person without naming them, so that later stages
(statements above all) see who is meant.

Shapes read (each has a regression test in tests/test_statements.py):
  "Jane Roe arrived. She said ..."    → "She" is Jane Roe: a he/she subject of a speech verb
                                         takes the most recent person subject, when no other
                                         person stands between or competes as a speaker
  "the President", "the head of state" → the one person the document gives that title, when
                                         there is exactly one

Only ``ctx.token_entity`` is written: no alt labels (a pronoun or a bare title is no name) and
no facts.

>>> from kg.nlp import load
>>> from kg.extract import extract
>>> from kg.model import Document
>>> text = "Mayor Ines Kovar opened the bridge. She said it was safe."
>>> ex = extract(Document("d", text, "d"), load()(text))
>>> [ex.entities[s.speaker].label for s in ex.statements]
['Ines Kovar']
"""
from __future__ import annotations

import re

from kg.extract.context import Context, norm
from kg.extract.lexicon import ORG_WORDS, SPEECH_VERBS, TITLE_HEADS, TITLE_WORDS

# Lexicon words (to move to lexicon.py):
# Verbs that introduce a quote or report speech: "he added", "concluded X", "she told reporters".
ATTRIBUTION_VERBS = (SPEECH_VERBS - {"thank", "express"}) | {
    "reply", "respond", "answer", "recall", "admit", "acknowledge", "argue", "claim", "comment",
    "observe", "promise", "reiterate", "assert", "continue", "write", "tweet", "confirm", "predict",
    "complain", "concede", "caution", "recount", "vow", "pledge", "maintain", "point",
}
# Pronouns that can stand for one named person; plural and neuter ones never do.
PERSON_PRONOUNS = {"he", "she"}
# Singular nouns naming an unnamed person: a subject "the official said" is a speaker kg cannot
# name, so it makes a pronoun after it ambiguous.
PERSON_NOUNS = TITLE_HEADS | {"man", "woman", "boy", "girl", "witness", "resident", "victim",
                              "suspect", "source", "father", "mother", "son", "daughter", "wife",
                              "husband", "student", "teacher", "doctor", "driver", "worker",
                              "farmer", "soldier", "policeman", "policewoman", "neighbour",
                              "neighbor", "activist", "expert"}
# Title heads that "the head of state" can stand for.
HEAD_OF_STATE = {"president", "king", "queen", "emperor", "empress", "monarch", "sultan", "emir",
                 "tsar", "shah"}
# Words that make a different office of the same head word: a Vice President is not "the
# President", a Deputy Minister not "the Minister".
RANK_WORDS = {"vice", "deputy", "prime", "first", "acting", "assistant", "associate", "under",
              "lieutenant", "chief", "senior", "junior", "interim"}

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
LOOKBACK = 3  # sentences before the pronoun's own that may hold its antecedent


# Only the marks are visited, not every character: 0.070 → 0.018 s CPU for the two calls on each of
# 200 wire articles (coref's and statements').
_QUOTE_MARK = re.compile('[\u201c\u201d"]')


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(opening, closing) character offsets of the quotation marks that pair up within one
    paragraph; an unclosed quote (the first paragraph of a quote that runs on) has none.

    >>> quote_spans('He said “Yes.” She said "No" and "Maybe".')
    [(8, 13), (24, 27), (33, 39)]
    """
    spans = []
    pos = 0
    for para in text.split("\n"):
        opening = None
        straight = []
        for mark in _QUOTE_MARK.finditer(para):
            ch, i = mark.group(), pos + mark.start()
            if ch == '"':
                straight.append(i)
            elif ch == "\u201c":
                opening = i  # a second opening mark restarts: the first never closed
            elif opening is not None:
                spans.append((opening, i))
                opening = None
        if len(straight) % 2 == 0:  # an odd count leaves no way to tell which marks pair
            spans += list(zip(straight[::2], straight[1::2]))
        pos += len(para) + 1
    return sorted(spans)


def in_quote(spans, char: int) -> bool:
    return any(a <= char <= b for a, b in spans)


# ---------------------------------------------------------------- bare titles

def _title_key(words: list[str]):
    """(head word, rank words, other words) of a title's words before any "of"."""
    heads = [k for k, w in enumerate(words) if w in TITLE_HEADS]
    if not heads:
        return None
    h = heads[-1] if words[heads[-1]] != "general" or len(heads) == 1 else heads[-2]
    rest = words[:h] + words[h + 1:]
    return words[h], frozenset(w for w in rest if w in RANK_WORDS), {w for w in rest if w not in RANK_WORDS}


def _position_keys(ctx: Context) -> dict[str, list]:
    """Person key → title keys of the positions the document gives them."""
    held: dict[str, list] = {}
    for f in ctx.facts:
        if f.predicate != "holdsPosition" or not f.object_is_entity or f.object not in ctx.entities:
            continue
        words = ctx.entities[f.object].label.lower().split()
        for link in ("of", "for", "at"):
            if link in words:
                words = words[:words.index(link)]
        all_words = set(ctx.entities[f.object].label.lower().replace(",", " ").split())
        if (key := _title_key(words)) is not None:
            held.setdefault(f.subject, []).append((key, all_words))
    return held


def _bare_title(ctx: Context, tok):
    """(tokens, head words, rank words, other words) of a bare title headed by ``tok``: "the
    President", "the Prime Minister", "the head of state".  None when it may be someone else's
    title: one followed by a name or an "of" phrase, or qualified by a word outside TITLE_WORDS
    ("the Russian president")."""
    if tok.tag_ not in {"NN", "NNP"} or ctx.entity_at(tok.i) is not None:
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return None
    if tok.dep_ in {"compound", "appos"} or any(c.dep_ == "appos" for c in tok.children):
        return None  # "the President, Jane Roe," is the roles stage's
    if tok.i + 1 < len(ctx.doc):
        nxt = ctx.doc[tok.i + 1]
        if nxt.pos_ == "PROPN" or ctx.entity_at(nxt.i) is not None:
            return None
    preps = [c for c in tok.rights if c.dep_ == "prep"]
    if tok.lower_ == "head":
        objs = [c for p in preps if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
        if objs and objs[0].lower_ == "state" and not list(objs[0].children):
            return [tok, objs[0].head, objs[0]], HEAD_OF_STATE, frozenset(), set()
        return None
    if tok.lower_ not in TITLE_HEADS or preps:
        return None
    mods = [c for c in tok.lefts if c.dep_ in {"compound", "amod"}]
    if any(m.lower_ not in TITLE_WORDS or ctx.entity_at(m.i) is not None for m in mods):
        return None
    head, ranks, others = _title_key([m.lower_ for m in mods] + [tok.lower_])
    return mods + [tok], {head}, ranks, others


def resolve_titles(ctx: Context, spans) -> None:
    held = _position_keys(ctx)
    for tok in ctx.doc.having("lower_", TITLE_HEADS):  # _bare_title reads no other word
        if in_quote(spans, tok.idx):
            continue  # a speaker's "the President" may be someone the text never names
        found = _bare_title(ctx, tok)
        if found is None:
            continue
        tokens, heads, ranks, others = found
        people = {person for person, keys in held.items()
                  if person in ctx.entities and ctx.entities[person].root_class == "Person"
                  and any(k[0] in heads and k[1] == ranks and others <= words for k, words in keys)}
        if len(people) == 1:
            person = people.pop()
            for t in tokens:
                ctx.token_entity[t.i] = person


# ---------------------------------------------------------------- pronouns

def _clause_role(tok):
    """The dependency a phrase fills, seen through conjunctions and appositions."""
    while tok.dep_ in {"conj", "appos", "compound"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _is_speech(verb) -> bool:
    return verb.pos_ in {"VERB", "AUX"} and verb.lemma_.lower() in ATTRIBUTION_VERBS


def _maybe_person(ent) -> bool:
    """Whether an entity typed as some organisation may be a person the model mistyped: a bare
    name, with no word like "Ministry" or "Bank" in it.  As a subject it may be who "he" is."""
    return ent.cls == "Organization" and not set(norm(ent.label).split()) & ORG_WORDS


def _mentions(ctx: Context, spans, tokens) -> list[dict]:
    """The people named or pointed at among ``tokens``, outside quotes, in order: one entry per
    run of tokens of one person, and one (key None) per singular "the official"-like subject."""
    out: list[dict] = []
    for tok in tokens:
        if tok.is_punct or in_quote(spans, tok.idx):
            continue
        ent = ctx.entity_at(tok.i)
        role = _clause_role(tok)
        if ent is not None and (ent.root_class == "Person" or (role.dep_ in SUBJECT_DEPS and _maybe_person(ent))):
            key = ent.key
        elif (tok.dep_ in SUBJECT_DEPS and tok.tag_ in {"NN", "NNP"} and ent is None
              and tok.lemma_.lower() in PERSON_NOUNS):
            key = None
        else:
            continue
        subject = role.dep_ in SUBJECT_DEPS
        speaker = (subject and _is_speech(role.head)) or (
            role.dep_ == "pobj" and role.head.lower_ == "to" and role.head.head.lower_ == "according")
        prev = out[-1] if out else None
        if prev and key is not None and prev["key"] == key and prev["end"] == tok.i - 1:
            prev["end"] = tok.i
            prev["subject"] |= subject
            prev["speaker"] |= speaker
            continue
        out.append({"key": key, "start": tok.i, "end": tok.i, "sent": ctx.doc.sent_start(tok.i),
                    "subject": subject, "speaker": speaker})
    return out


def _antecedent(ctx: Context, spans, pronoun, sentences, said_as: dict) -> str | None:
    """The person a he/she subject stands for, or None unless the text leaves one choice."""
    own = next(k for k, s in enumerate(sentences) if s.start <= pronoun.i < s.end)
    # sentences wholly inside a quote are the speaker's words, not the narrative's
    told = [s for s in sentences[:own]
            if any(not t.is_punct and not in_quote(spans, t.idx) for t in s)][-LOOKBACK:]
    tokens = [t for s in told for t in s] + list(ctx.doc[sentences[own].start:pronoun.i])
    mentions = _mentions(ctx, spans, tokens)
    subjects = [m for m in mentions if m["subject"]]
    if not subjects:
        # "According to Jane Roe, ... . “...,” she said.": the one person the sentence before names
        last = told[-1].start if told else sentences[own].start
        keys = {m["key"] for m in mentions if m["start"] >= last}
        key = keys.pop() if len(keys) == 1 else None
        return key if key is not None and said_as.get(key, {pronoun.lower_}) == {pronoun.lower_} else None
    ante = subjects[-1]
    key = ante["key"]
    if key is None or ctx.entities[key].root_class != "Person":
        return None  # an unnamed person, or a name the model typed as a body: no one to point to
    if any(m["key"] != key and m["start"] > ante["end"] for m in mentions):
        return None  # a nearer person, even as an object: recency and subjecthood disagree
    if any(m["key"] != key and m["subject"] and m["sent"] == ante["sent"] for m in subjects):
        return None  # "A and B arrived"
    if any(m["key"] != key and m["speaker"] for m in mentions):
        return None  # another speaker in the exchange: without gender, "she" could be either
    if said_as.get(key, {pronoun.lower_}) != {pronoun.lower_}:
        return None  # the text called this person otherwise before: the pronoun is someone else
    return key


def resolve_pronouns(ctx: Context, spans) -> None:
    sentences = list(ctx.doc.sents)
    said_as: dict[str, set] = {}
    for tok in ctx.doc.having("lower_", PERSON_PRONOUNS):
        if (tok.dep_ not in SUBJECT_DEPS or not _is_speech(tok.head)
                or in_quote(spans, tok.idx) or ctx.entity_at(tok.i) is not None):
            continue
        key = _antecedent(ctx, spans, tok, sentences, said_as)
        if key is not None:
            ctx.token_entity[tok.i] = key
            said_as.setdefault(key, set()).add(tok.lower_)


def resolve_references(ctx: Context) -> None:
    spans = quote_spans(ctx.document.text)
    resolve_titles(ctx, spans)
    resolve_pronouns(ctx, spans)
