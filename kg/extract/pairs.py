"""Candidate entity pairs within a sentence and the features a relation model reads.

Features never contain names: they are the classes of the two entities, the dependency path
between their heads and the words around and between them, so a model learns "X, an engineer
at Y" rather than who X is.

>>> from kg.nlp import load
>>> from kg.extract import entities_of
>>> ctx = entities_of("Jane Roe, a lawyer at Bexley Bank, spoke.", load())
>>> [(a.label, b.label, kind) for a, b, kind, *_ in candidate_pairs(ctx)]
[('Jane Roe', 'Bexley Bank', 'Work_For')]
"""
from __future__ import annotations

from kg.extract.context import Context, Parse, parse_of
from kg.extract.lexicon import TITLE_WORDS

# Which relation an ordered pair of classes can hold, and the property that states it.
KINDS = {
    ("Person", "Organization"): "Work_For",
    ("Person", "Location"): "Live_In",
    ("Location", "Location"): "Located_In",
    ("Organization", "Location"): "OrgBased_In",
    ("Person", "Person"): "Kill",
}
PREDICATE = {"Work_For": "worksFor", "Live_In": "livesIn", "Located_In": "locatedIn",
             "OrgBased_In": "basedIn", "Kill": "killed"}
MAX_GAP = 25  # tokens; farther pairs in one sentence are rarely related and cost time


def _path(doc: Parse, a, b) -> tuple[list, list]:
    """Tokens from a up to the lowest common ancestor, and from b up to it."""
    up_a, up_b = doc.up(a), doc.up(b)
    ids_b = {t.i for t in up_b}
    for k, tok in enumerate(up_a):
        if tok.i in ids_b:
            return up_a[: k + 1], up_b[: [t.i for t in up_b].index(tok.i)]
    return up_a, up_b


def _kind_word(doc, span) -> str:
    """The body or place word a name ends in ("Bank", "University", "County"), else its shape."""
    from kg.extract.lexicon import ORG_WORDS, PLACE_KIND_WORDS

    last = doc[span[1] - 1].text.lower()
    if last in ORG_WORDS or last in PLACE_KIND_WORDS:
        return last
    return "abbr" if "." in last or doc[span[1] - 1].is_upper else "name"


def features(doc, span_a, span_b, kind: str, between_entities: tuple[str, ...] = ()) -> list[str]:
    """Features of the ordered pair (a, b) of spans (token index ranges) in one sentence;
    ``between_entities`` are the classes of the entities named between them."""
    doc = parse_of(doc)
    a, b = doc.root(*span_a), doc.root(*span_b)
    first, second = sorted([span_a, span_b])
    between = doc.tokens[first[1]:second[0]]
    order = "ab" if span_a[0] < span_b[0] else "ba"
    feats = [f"k={kind}", f"k={kind}|o={order}"]
    lemmas = [t.lemma_.lower() for t in between if not t.is_space]
    gap = len(lemmas)
    feats.append(f"k={kind}|gap={min(gap, 6) if gap < 6 else (10 if gap < 10 else 20)}")
    for w in lemmas[:12]:
        feats.append(f"k={kind}|b={w}")
    for w1, w2 in zip(lemmas, lemmas[1:]):
        feats.append(f"k={kind}|bb={w1}_{w2}")
    if lemmas:
        feats.append(f"k={kind}|b0={lemmas[0]}")
        feats.append(f"k={kind}|b-1={lemmas[-1]}")
    else:
        feats.append(f"k={kind}|adjacent")
    # the sentence's edges, not the document's: CoNLL04 gives one sentence a document, an
    # article many, and a name opening a sentence must read alike in both
    start = doc.sent_start(first[0])
    before = doc[first[0] - 1].lemma_.lower() if first[0] > start else "<s>"
    after = doc[second[1]].lemma_.lower() if second[1] < len(doc) and doc.sent_start(second[1]) == start else "</s>"
    feats += [f"k={kind}|pre={before}", f"k={kind}|post={after}"]
    up, down = _path(doc, a, b)
    deps = [f"{t.dep_}^" for t in up[:-1]] + [up[-1].lemma_.lower() if up[-1] not in (a, b) else "*"] + \
        [f"{t.dep_}v" for t in reversed(down)]
    if len(deps) <= 7:
        feats.append(f"k={kind}|path={' '.join(deps)}")
        feats.append(f"k={kind}|dpath={' '.join(d for d in deps if d.endswith(('^', 'v')))}")
    for t in up[1:] + down[1:]:
        if t not in (a, b):
            feats.append(f"k={kind}|pw={t.lemma_.lower()}")
    feats.append(f"k={kind}|lca={up[-1].lemma_.lower() if up[-1] not in (a, b) else up[-1].dep_}")
    feats.append(f"k={kind}|adep={a.dep_}|bdep={b.dep_}")
    feats.append(f"k={kind}|ahead={a.head.lemma_.lower()}")
    feats.append(f"k={kind}|bhead={b.head.lemma_.lower()}")
    feats.append(f"k={kind}|aw={_kind_word(doc, span_a)}")
    feats.append(f"k={kind}|bw={_kind_word(doc, span_b)}")
    # "A, B and C presented": names in one list are rarely related to each other
    n = len(between_entities)
    feats.append(f"k={kind}|nents={min(n, 2)}")
    for cls in sorted(set(between_entities)):
        feats.append(f"k={kind}|ent_between={cls}")
    # the recogniser's own kind of each name (GPE, LOC, FAC, NORP...), the word before each
    # ("in X", "of X", "from X") and a title before a person ("Mayor X", "the X Ambassador")
    feats.append(f"k={kind}|ne={a.ent_type_ or '-'}_{b.ent_type_ or '-'}")
    for side, span in (("a", span_a), ("b", span_b)):
        word = doc[span[0] - 1].lower_ if span[0] > start else "<s>"
        feats.append(f"k={kind}|{side}pre={word}")
        if span[0] > start and word.rstrip(".") in TITLE_WORDS:
            feats.append(f"k={kind}|{side}titled")
        if span[1] < len(doc) and doc[span[1]].tag_ == "POS":
            feats.append(f"k={kind}|{side}poss")
    if coordinated(doc, span_a, span_b):
        feats.append(f"k={kind}|coordinated")
    return feats


def coordinated(doc, span_a, span_b) -> bool:
    """Are the two names items of one list ("Peru, Chile and Bolivia")?"""
    doc = parse_of(doc)
    a, b = doc.root(*span_a), doc.root(*span_b)
    return a.dep_ == "conj" and a.head == b or b.dep_ == "conj" and b.head == a or \
        (a.dep_ == "conj" and b.dep_ == "conj" and a.head == b.head)


def _across_reported_speech(doc, span_a, span_b) -> bool:
    """"X said the forum would meet in Y": what a clause reports says nothing of how its
    speaker relates to the things in it, so a path through a clausal complement links nothing.

    >>> from kg.nlp import load
    >>> doc = load()("Ana Reis said the forum would meet in Porto.")
    >>> _across_reported_speech(doc, (0, 2), (8, 9))
    True
    """
    doc = parse_of(doc)
    up, down = _path(doc, doc.root(*span_a), doc.root(*span_b))
    return any(t.dep_ == "ccomp" for t in up[:-1] + down)


def candidate_pairs(ctx: Context):
    """(subject entity, object entity, relation kind, subject span, object span, classes of the
    entities between them) for each
    ordered pair of different entities mentioned in one sentence whose classes can relate."""
    doc = ctx.doc
    by_sent: dict[int, list] = {}
    for ent in ctx.entities.values():
        for m in ent.mentions:
            by_sent.setdefault(doc.sent_start(m.token_start), []).append((ent, (m.token_start, m.token_end)))
    for items in by_sent.values():
        for ea, sa in items:
            for eb, sb in items:
                if ea.key == eb.key or abs(sa[0] - sb[0]) > MAX_GAP:
                    continue
                kind = KINDS.get((ea.root_class, eb.root_class))
                if kind and not _across_reported_speech(doc, sa, sb):
                    lo, hi = min(sa[1], sb[1]), max(sa[0], sb[0])
                    between = tuple(e.root_class for e, s in items if lo <= s[0] and s[1] <= hi)
                    yield ea, eb, kind, sa, sb, between
