"""Statements: who said what, as kg:Statement nodes (speaker, quote, where it stands).

Shapes read (each has a regression test in tests/test_statements.py):
  “Quote,” Jane Roe said.   “Quote,” said Jane Roe.        → quote-after
  Jane Roe said: “Quote.”   Jane Roe said, “Quote.”        → quote-before
  “Quote,” she added.       “Quote,” the Governor said.    → quote-after, speaker through coref
  “One,” she said. “Two.”                                  → quote-continued: "Two" is hers too
  Jane Roe said that the bridge would open.                → reported-speech "the bridge would open"
  According to Jane Roe, the bridge will open.             → according-to "the bridge will open"

Quotes pair curly or straight marks within one paragraph and may hold several sentences.  The
speaker must be the grammatical subject of the verb of saying and must be a person the text
names (or that coref tied to one); a spokesman, a ministry or an unresolved pronoun gives no
statement, since a wrong speaker is worse than none.

>>> from kg.nlp import load
>>> from kg.extract import extract
>>> from kg.model import Document
>>> text = "“The bridge is safe,” Mayor Ines Kovar said."
>>> ex = extract(Document("d", text, "d"), load()(text))
>>> [(ex.entities[s.speaker].label, s.quote) for s in ex.statements]
[('Ines Kovar', 'The bridge is safe')]
"""
from __future__ import annotations

from kg.extract import rules
from kg.extract.rules import STATEMENT
from kg.extract.context import Context
from kg.extract.coref import ATTRIBUTION_VERBS, PERSON_NOUNS, in_quote, quote_spans
from kg.model import Provenance, Statement

# Lexicon words (to move to lexicon.py):
# Verbs whose clause complement is what the subject asserted: "X noted that ...".  Verbs of
# ordering or asking ("X urged the ministry to act") report no claim and are left out.
REPORT_VERBS = {
    "say", "tell", "note", "stress", "add", "emphasise", "emphasize", "conclude", "warn",
    "explain", "state", "declare", "announce", "insist", "remark", "claim", "argue", "assert",
    "reiterate", "acknowledge", "admit", "confirm", "recall", "observe", "write", "report",
    "maintain", "predict", "concede", "complain",
}

# kg:speaker ranges over kg:Person in the ontology and shapes: "the ministry said" is left out
# until the contract lets an organisation speak.
SPEAKER_CLASSES = {"Person"}
SENTENCE_END = {".", "!", "?"}


def _speaker(ctx: Context, subject):
    """The person a subject token names, or None: the subject's own head (or its apposition)
    must name them, so "a spokesman for Jane Roe" is nobody kg knows."""
    if subject is None or any(c.dep_ == "conj" for c in subject.children):
        return None  # "A and B said" quotes two people at once
    ent = ctx.entity_at(subject.i)
    if ent is None and subject.lemma_.lower() in PERSON_NOUNS:
        # "the spokesman, Jane Roe, said": an apposition names the same person
        named = {e.key: e for c in subject.children if c.dep_ == "appos" and (e := ctx.entity_at(c.i))}
        ent = next(iter(named.values())) if len(named) == 1 else None
    return ent if ent is not None and ent.root_class in SPEAKER_CLASSES else None


def _subject(verb, allowed=None):
    """The one nominal subject of a verb, inherited from the verb it is conjoined to."""
    while True:
        subs = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subs:
            if len(subs) != 1 or (allowed is not None and subs[0].i not in allowed):
                return None
            return subs[0]
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return None
        verb = verb.head


def _trim(tokens: list) -> list:
    """Tokens without the punctuation and line breaks at either end."""
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens


def _negated(verb) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _quote_text(text: str, a: int, b: int) -> str:
    # the comma before the closing mark belongs to the attribution ("“Yes,” she said")
    return " ".join(text[a + 1:b].split()).rstrip(",;: ").strip()


def _tokens_between(doc, start: int, end: int) -> list:
    return [t for t in doc if start <= t.idx and t.idx + len(t) <= end]


def _after(ctx: Context, spans, close: int):
    """(speaker, verb, last token) of "…,” she said." right after a closing mark, or None."""
    text = ctx.document.text
    para_end = text.find("\n", close)
    para_end = len(text) if para_end < 0 else para_end
    window = []
    for t in _tokens_between(ctx.doc, close + 1, para_end):
        if in_quote(spans, t.idx):
            break  # the next quote starts: no attribution here
        window.append(t)
        if t.text in SENTENCE_END:
            break
    verbs = [t for t in window if t.pos_ == "VERB" and t.lemma_.lower() in ATTRIBUTION_VERBS]
    if not verbs or _negated(verbs[0]):
        return None
    verb = verbs[0]
    ids = {t.i for t in window}
    subject = _subject(verb, ids)
    if subject is None:
        return None
    # nothing but the subject may stand between the quote and the verb: "“…,” she said", "“…,”
    # said Jane Roe"; else the verb belongs to some other clause
    subject_ids = {t.i for t in subject.subtree}
    if any(t.i not in subject_ids and not t.is_punct for t in window if t.i < verb.i):
        return None
    if subject.i > verb.i and any(t.i not in subject_ids and not t.is_punct for t in window if verb.i < t.i < subject.i):
        return None
    speaker = _speaker(ctx, subject)
    if speaker is None:
        return None
    last = window[-1] if window[-1].text in SENTENCE_END else max([verb] + list(subject.subtree), key=lambda t: t.i)
    return speaker, verb, last


def _before(ctx: Context, spans, opening: int):
    """(speaker, verb, first token) of "Jane Roe said: “…" right before an opening mark, or None."""
    text = ctx.document.text
    j = opening - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0 or text[j] not in ":,":
        return None
    para_start = text.rfind("\n", 0, opening) + 1
    window = [t for t in _tokens_between(ctx.doc, para_start, j + 1) if not in_quote(spans, t.idx)]
    for k in range(len(window) - 1, -1, -1):
        if window[k].text in SENTENCE_END:
            window = window[k + 1:]
            break
    verbs = [t for t in window if t.pos_ == "VERB" and t.lemma_.lower() in ATTRIBUTION_VERBS]
    if not verbs or _negated(verbs[-1]):
        return None
    verb = verbs[-1]
    # after the verb only a short adjunct may come ("said on Monday:", "told reporters:")
    if any(t.pos_ in {"VERB", "AUX"} for t in window if t.i > verb.i):
        return None
    subject = _subject(verb, {t.i for t in window})
    if subject is None or subject.i > verb.i:
        return None
    speaker = _speaker(ctx, subject)
    if speaker is None:
        return None
    return speaker, verb, min(subject.subtree, key=lambda t: t.i)


def _provenance(ctx: Context, start: int, end: int, rule: rules.Rule, confidence: float) -> Provenance:
    text = ctx.document.text
    return Provenance(ctx.document.id, " ".join(text[start:end].split()), start, end, rule.name, confidence)


def _confidence(ctx: Context, subject_tok, rule: rules.Rule) -> float:
    """The rule's confidence, less when the speaker came through a pronoun or a bare title
    than by name."""
    base = rule.confidence[STATEMENT]
    ent = ctx.entity_at(subject_tok.i)
    if ent is None:
        return base  # named in an apposition
    named = any(m.token_start <= subject_tok.i < m.token_end for m in ent.mentions)
    return base if named else round(base - 0.1, 2)


def _starts_sentence(text: str, opening: int) -> bool:
    """Whether a quote opens its paragraph or a new sentence; one inside a sentence ("called
    it “a disaster”") is a phrase the writer borrowed, not a statement on its own."""
    before = text[:opening].rstrip(" \t")
    if not before or before[-1] in "\n.!?":
        return True
    return before[-1] in "\u201d\"" and before[-2:-1] in {".", "!", "?"}


def direct_quotes(ctx: Context, spans, claimed: set) -> None:
    text = ctx.document.text
    turn = None  # (speaker, end char) of the last attributed quote, for the quote that follows it
    for opening, close in spans:
        quote = _quote_text(text, opening, close)
        if len(quote.split()) < 2:
            turn = None
            continue  # a scare-quoted word is no statement
        starts_sentence = _starts_sentence(text, opening)
        found = _after(ctx, spans, close) if starts_sentence else None
        if found is not None:
            speaker, verb, last = found
            end = last.idx + len(last)
            subj = _subject(verb)
            ctx.statements.append(Statement(speaker.key, quote, _provenance(
                ctx, opening, end, rules.QUOTE_AFTER, _confidence(ctx, subj, rules.QUOTE_AFTER))))
            claimed.add(verb.i)
            turn = (speaker, end)
            continue
        found = _before(ctx, spans, opening)
        if found is not None:
            speaker, verb, first = found
            end = close + 1
            subj = _subject(verb)
            ctx.statements.append(Statement(speaker.key, quote, _provenance(
                ctx, first.idx, end, rules.QUOTE_BEFORE, _confidence(ctx, subj, rules.QUOTE_BEFORE))))
            claimed.add(verb.i)
            turn = (speaker, end)
            continue
        # “A,” she said. “B.” — B is still hers, when nothing but space stands between
        if turn is not None and starts_sentence and not text[turn[1]:opening].strip() \
                and _after_nothing(ctx, spans, close):
            ctx.statements.append(Statement(turn[0].key, quote, _provenance(
                ctx, opening, close + 1, rules.QUOTE_CONTINUED, rules.QUOTE_CONTINUED.confidence[STATEMENT])))
            turn = (turn[0], close + 1)
            continue
        turn = None


def _after_nothing(ctx: Context, spans, close: int) -> bool:
    """Whether the quote ends its paragraph or is followed straight by another quote."""
    text = ctx.document.text
    rest = text[close + 1:].split("\n", 1)[0].strip()
    return not rest or rest[0] in "\u201c\""


def _claim(clause) -> list:
    """The tokens of a reported clause, without a finite verb the parser hung on it that can
    only be the speaker's next act: in "X said the plan had been approved and thanked the staff"
    "thanked" cannot share "had been", so it is X's."""
    has_aux = any(c.dep_ in {"aux", "auxpass"} for c in clause.children)
    drop = set()
    for c in clause.children:
        if (c.dep_ == "conj" and has_aux and c.tag_ in {"VBD", "VBZ", "VBP"}
                and not any(g.dep_ in {"nsubj", "nsubjpass", "expl"} for g in c.children)):
            drop |= {t.i for t in c.subtree}
            drop |= {t.i for t in clause.children if t.dep_ == "cc" and t.i < c.i}
    return [t for t in clause.subtree if t.i not in drop]


def reported_speech(ctx: Context, spans, claimed: set) -> None:
    """"Jane Roe said that the bridge would open": the clause is the quote."""
    text = ctx.document.text
    for verb in ctx.doc.having("lemma_", REPORT_VERBS, lower=True):
        if (verb.pos_ != "VERB" or verb.i in claimed
                or in_quote(spans, verb.idx) or _negated(verb)):
            continue
        clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
        if not clauses:
            continue
        clause = clauses[0]
        if not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in clause.children):
            continue  # "said to wait" reports no claim
        tokens = _trim(sorted(_claim(clause), key=lambda t: t.i))
        if tokens and tokens[0].dep_ == "mark":
            tokens = _trim(tokens[1:])
        if len(tokens) < 3 or in_quote(spans, tokens[0].idx) or in_quote(spans, tokens[-1].idx):
            continue  # a quoted sentence is the direct-quote rules' to attribute
        subject = _subject(verb)
        speaker = _speaker(ctx, subject)
        if speaker is None:
            continue
        start = min([subject.idx, verb.idx] + [t.idx for t in subject.subtree])
        end = tokens[-1].idx + len(tokens[-1])
        quote = " ".join(text[tokens[0].idx:end].split())
        ctx.statements.append(Statement(speaker.key, quote, _provenance(
            ctx, start, end, rules.REPORTED_SPEECH, _confidence(ctx, subject, rules.REPORTED_SPEECH))))


def according_to(ctx: Context, spans) -> None:
    """"According to Jane Roe, the bridge will open": the rest of the clause is the quote."""
    text = ctx.document.text
    named: dict = {}  # each "according" of rules.ACCORDING_TO's pattern → the names after its "to"
    for acc, _, who in rules.matches(ctx.doc, rules.ACCORDING_TO):
        named.setdefault(acc, []).append(who)
    for acc, objs in named.items():
        if in_quote(spans, acc.idx):
            continue
        speaker = _speaker(ctx, objs[0]) if len(objs) == 1 else None
        if speaker is None:
            continue
        clause = acc.head
        while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
            clause = clause.head  # "the bridge, according to X, will open": the whole clause
        phrase = sorted(acc.subtree, key=lambda t: t.i)
        tokens = _trim([t for t in sorted(clause.subtree, key=lambda t: t.i) if t not in phrase])
        if len(tokens) < 3 or any(in_quote(spans, t.idx) for t in tokens):
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        cut, resume = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
        if start < cut:
            # "the bridge, according to Jane Roe, will open": the words on either side
            quote = f"{text[start:cut].rstrip(' ,')} {text[resume:end].lstrip(' ,')}".strip()
        else:
            quote = text[start:end]
        quote = " ".join(quote.split())
        start, end = min(start, cut), max(end, resume)
        ctx.statements.append(Statement(speaker.key, quote, _provenance(
            ctx, start, end, rules.ACCORDING_TO, _confidence(ctx, objs[0], rules.ACCORDING_TO))))


def read_statements(ctx: Context) -> None:
    spans = quote_spans(ctx.document.text)
    claimed: set[int] = set()
    direct_quotes(ctx, spans, claimed)
    reported_speech(ctx, spans, claimed)
    according_to(ctx, spans)
    seen = set()
    kept = []
    for st in ctx.statements:
        if (st.speaker, st.quote) not in seen and st.speaker in ctx.entities:
            seen.add((st.speaker, st.quote))
            kept.append(st)
    ctx.statements[:] = kept
