"""What the extraction stages share while reading one document: the spaCy doc, the entities
found so far, which tokens name which entity, and the facts collected.

Stages take a Context and add to it; each stays testable on its own with a parsed sentence.
"""
from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field

from kg.model import DateValue, Document, Entity, Extraction, Fact, Provenance, Role, ROOT_CLASS


# Names are compared again and again (each entity's every label in each ``Context.find``, each
# mention in classify and resolve, every entity in linking): on 200 wire articles 29,053 name
# keys and 42,585 normal forms for 1,350 distinct names, so each is worked out once (bounded, as
# kg.graph.rdf's slugs).
_SPACES, _ARTICLE, _POSSESSIVE = re.compile(r"\s+"), re.compile(r"^(the|a|an) "), re.compile(r"'s?$")


@functools.lru_cache(maxsize=1 << 16)
def norm(text: str, punctuation: str = " .,;:") -> str:
    """The form names are compared in: lower case, no leading article, no possessive, none of
    ``punctuation`` at either end.

    >>> norm("The  Ministry of Health’s")
    'ministry of health'
    >>> norm("(the Ministry)"), norm("(the Ministry)", punctuation=" ()")
    ('(the ministry)', 'the ministry')
    """
    text = text.replace("\u2019", "'").lower().strip()
    text = _SPACES.sub(" ", text)
    text = _ARTICLE.sub("", text)
    return _POSSESSIVE.sub("", text).strip(punctuation)


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str, root: str) -> str:
    """The form two names of one thing share: "Ministry of Transport" and "Transport Ministry"
    are one body.

    >>> name_key("the Transport Ministry", "Organization") == name_key("Ministry of Transport", "Organization")
    True
    """
    from kg.extract.lexicon import ORG_WORDS

    key = norm(text)
    if root == "Organization":
        first, _, rest = key.partition(" of ")
        if rest and " " not in first and first in ORG_WORDS:
            return f"{rest} {first}"
    return key


class Parse:
    """A spaCy Doc whose Token objects are made once.  spaCy makes a new Token on every
    ``doc[i]`` and on every step of ``for tok in doc``; the stages walk a document some fifteen
    times and index it thousands of times (making each Token once cut extraction by a tenth).
    Everything else (slices, ``sents``) is the Doc's own; what the relation
    model asks of each pair of names again and again (their heads, the heads' ancestors, the
    sentence) is worked out once a document.

    >>> import spacy
    >>> parse = Parse(spacy.blank("en")("Ada spoke. Ada left."))
    >>> parse[0] is parse[0], [t.text for t in parse], parse[0:2].text, parse.root(0, 2).text
    (True, ['Ada', 'spoke', '.', 'Ada', 'left', '.'], 'Ada spoke', 'Ada')
    >>> [t.i for t in parse.having("lower_", {"ada", "left"})], parse.column("lower_")[:2]
    ([0, 3, 4], ['ada', 'spoke'])
    """

    __slots__ = ("doc", "tokens", "_text", "_ents", "_roots", "_up", "_sents", "_sent_of", "_sent_texts", "_columns",
                 "dep_matches")

    def __init__(self, doc):
        self.doc = doc
        self.tokens = list(doc)
        self._text: str | None = None
        self._ents: tuple | None = None
        self._roots: dict = {}
        self._up: dict = {}
        self._sents: list | None = None  # the sentences, and each token's sentence (its index)
        self._sent_of: list[int] = []
        self._sent_texts: dict[int, str] = {}
        self._columns: dict[tuple[str, bool], list[str]] = {}
        # every DependencyMatcher rule's matches, found in one pass (kg.extract.rules.matches)
        self.dep_matches: dict | None = None

    def __iter__(self):
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, i):
        return self.tokens[i] if isinstance(i, int) else self.doc[i]

    def __getattr__(self, name):
        return getattr(self.doc, name)

    @property
    def text(self) -> str:
        """The document's text (``doc.text``, which spaCy joins anew from every token on each call)."""
        if self._text is None:
            self._text = self.doc.text
        return self._text

    @property
    def ents(self) -> tuple:
        """The named entities (``doc.ents``, which spaCy makes anew on every call)."""
        if self._ents is None:
            self._ents = self.doc.ents
        return self._ents

    # spaCy makes a new string on every ``tok.lower_``, ``tok.lemma_`` or ``tok.pos_`` (0.2-0.4 µs),
    # and some fifteen rules walk every token of a document to test one of them first: read once
    # a document here, extraction of 200 wire articles took 1.33 s CPU instead of 1.61.
    def column(self, attr: str, lower: bool = False) -> list[str]:
        """Every token's ``attr`` (a string attribute: "lower_", "lemma_", "pos_", "text"), in
        lower case when ``lower``."""
        found = self._columns.get((attr, lower))
        if found is None:
            found = [getattr(t, attr) for t in self.tokens]
            if lower:
                found = [v.lower() for v in found]
            self._columns[(attr, lower)] = found
        return found

    def having(self, attr: str, values, lower: bool = False) -> list:
        """The tokens whose ``attr`` (in lower case when ``lower``) is one of ``values``, in order."""
        tokens = self.tokens
        return [tokens[i] for i, v in enumerate(self.column(attr, lower)) if v in values]

    def root(self, start: int, end: int):
        """The syntactic head of tokens ``start``..``end`` (``doc[start:end].root``)."""
        found = self._roots.get((start, end))
        if found is None:
            found = self._roots[(start, end)] = self.tokens[self.doc[start:end].root.i]
        return found

    def up(self, tok) -> list:
        """``tok`` and its ancestors, nearest first."""
        found = self._up.get(tok.i)
        if found is None:
            found = self._up[tok.i] = [tok] + [self.tokens[t.i] for t in tok.ancestors]
        return found

    # spaCy finds a token's sentence anew on every ``tok.sent``, walking the tokens back to its
    # start (3 µs a call on wire articles, 9 µs with its text): found once a document.
    def sent(self, i: int):
        """The sentence of token ``i`` (``doc[i].sent``)."""
        if self._sents is None:
            self._sents = list(self.doc.sents)
            self._sent_of = [0] * len(self.tokens)
            for k, sent in enumerate(self._sents):
                self._sent_of[sent.start:sent.end] = [k] * (sent.end - sent.start)
        return self._sents[self._sent_of[i]]

    def sent_start(self, i: int) -> int:
        """Where the sentence of token ``i`` starts (``doc[i].sent.start``)."""
        return self.sent(i).start

    def sent_end(self, i: int) -> int:
        """Where the sentence of token ``i`` ends (``doc[i].sent.end``)."""
        return self.sent(i).end

    def sent_text(self, i: int) -> str:
        """The text of the sentence of token ``i``, without the spaces around it."""
        sent = self.sent(i)
        found = self._sent_texts.get(sent.start)
        if found is None:
            found = self._sent_texts[sent.start] = sent.text.strip()
        return found


def parse_of(doc) -> Parse:
    return doc if isinstance(doc, Parse) else Parse(doc)


@dataclass
class Context:
    document: Document
    doc: object  # spacy.tokens.Doc
    entities: dict[str, Entity] = field(default_factory=dict)
    token_entity: dict[int, str] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    statements: list = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    # ---------------------------------------------------------------- entities
    def entity_at(self, i: int) -> Entity | None:
        key = self.token_entity.get(i)
        return self.entities.get(key) if key else None

    def entity_in(self, tokens) -> Entity | None:
        """The entity a phrase names: the one covering its syntactic head, else its first."""
        tokens = list(tokens)
        for tok in sorted(tokens, key=lambda t: (t.head in tokens, t.i)):
            if (ent := self.entity_at(tok.i)) is not None:
                return ent
        return None

    def named(self, tokens, classes) -> list[Entity]:
        """The entities of those root classes a phrase names, in order, each once."""
        out: list[Entity] = []
        for tok in tokens:
            ent = self.entity_at(tok.i)
            if ent is not None and ent.root_class in classes and ent not in out:
                out.append(ent)
        return out

    def find(self, root: str, label: str, of: str | None = None) -> Entity | None:
        key = name_key(label, root)
        for ent in self.entities.values():
            if ent.root_class == root and ent.of == of \
                    and key in {name_key(n, root) for n in ent.alt_labels | {ent.label}}:
                return ent
        return None

    def add_entity(self, cls: str, label: str, alt: set[str] | None = None, of: Entity | None = None) -> Entity:
        """The entity of that class and name (and, for a position, of that body or holder:
        ``Entity.of``), made if the document has none yet."""
        root = ROOT_CLASS.get(cls, cls)
        of_key = of.key if of is not None else None
        found = self.find(root, label, of_key)
        if found:
            found.alt_labels |= alt or set()
            return found
        key = self.new_key()
        ent = self.entities[key] = Entity(key=key, cls=cls, label=label, alt_labels=set(alt or ()), of=of_key)
        return ent

    def new_key(self) -> str:
        """A key no entity has had in this document (removals leave gaps, never reuse)."""
        self._last_key = getattr(self, "_last_key", 0) + 1
        while f"e{self._last_key}" in self.entities:
            self._last_key += 1
        return f"e{self._last_key}"

    def remove_entity(self, key: str) -> None:
        """Forget an entity a later stage showed to be no entity, with any facts about it."""
        self.entities.pop(key, None)
        self.token_entity = {i: k for i, k in self.token_entity.items() if k != key}
        self.facts = [f for f in self.facts if key not in (f.subject, f.object)]
        self.roles = [r for r in self.roles if key not in (r.person, r.position, r.organization, r.place)]

    # ---------------------------------------------------------------- facts
    def provenance(self, tokens, rule: str, confidence: float) -> Provenance:
        tokens = sorted(tokens, key=lambda t: t.i)
        return Provenance(self.document.id, self.doc.sent_text(tokens[0].i), tokens[0].idx,
                          tokens[-1].idx + len(tokens[-1]), rule, confidence)

    def fact(self, subject: Entity, predicate: str, obj, tokens, rule, confidence: float | None = None) -> None:
        """Record a fact read by ``rule`` (a kg.extract.rules.Rule) with the confidence its
        table gives that predicate, or ``confidence`` where the table leaves it to the rule;
        a repeat keeps the first evidence and the higher confidence."""
        if predicate not in rule.confidence:
            raise ValueError(f"rule {rule.name} reads no {predicate} (kg/extract/rules.py)")
        if confidence is None:
            confidence = rule.confidence[predicate]
        if isinstance(obj, Entity):
            if obj.key == subject.key:
                return
            value, is_entity = obj.key, True
        else:
            value, is_entity = obj, False
        prov = self.provenance(tokens, rule.name, confidence)
        for i, f in enumerate(self.facts):
            if (f.subject, f.predicate, f.object) == (subject.key, predicate, value):
                if confidence > f.provenance.confidence:
                    self.facts[i] = Fact(subject.key, predicate, value, prov, is_entity)
                return
        self.facts.append(Fact(subject.key, predicate, value, prov, is_entity))

    def role(self, person: Entity, position: Entity, body: Entity | None, status: str, tokens, rule) -> Role:
        """Record a role (kg.model.Role) read by ``rule``; the same person, position and status
        stated again is the role already recorded."""
        for r in self.roles:
            if (r.person, r.position, r.status) == (person.key, position.key, status):
                return r
        org = body.key if body is not None and body.root_class == "Organization" else None
        place = body.key if body is not None and body.root_class == "Location" else None
        prov = self.provenance(tokens, rule.name, rule.confidence["holdsPosition"])
        # keys are never reused: a role merged away (successions._merge_into) leaves a gap
        self._last_role = getattr(self, "_last_role", 0) + 1
        role = Role(f"r{self._last_role}", person.key, position.key, org, place, status, provenance=prov)
        self.roles.append(role)
        return role

    def extraction(self) -> Extraction:
        return Extraction(self.document, self.entities, self.facts, self.statements, self.roles)


def date_value(text: str, year: int | None = None) -> DateValue | None:
    """A DATE span's text as a DateValue, when it names a month and day.

    >>> date_value("June 5").value, date_value("5 June 2016").value
    ('--06-05', '2016-06-05')
    >>> date_value("June 5", year=2016).value
    '2016-06-05'
    >>> date_value("last week") is None
    True
    """
    from kg.extract.lexicon import MONTHS

    text = text.lower().replace(",", " ")
    m = re.search(r"\b([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?\b(?: (\d{4}))?", text)
    day_first = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?(?: (\d{4}))?", text)
    for match, month_group, day_group in ((m, 1, 2), (day_first, 2, 1)):
        if match and match.group(month_group) in MONTHS:
            month, day = MONTHS[match.group(month_group)], int(match.group(day_group))
            if not 1 <= day <= 31:
                continue
            y = match.group(3) or year
            return DateValue(f"{int(y):04d}-{month:02d}-{day:02d}" if y else f"--{month:02d}-{day:02d}")
    return None


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


# Hand parsing, not dateparser 1.5: on 15 phrases of role dates, dateparser read none of "early
# 2017", "mid-2017", "the end of 2015", "2006-2015", read the duration "eight years" as 2009, and
# took 0.56 s to import and ~97 ms a phrase against 65 µs here; both agree on the other ten.
def period_date(text: str, today: str | None = None, past: bool = False) -> DateValue | None:
    """A DATE span's text that starts or ends a role, as precise as the text is: a day, a month
    (``2017-03``) or a year (``2017``).  A month or day with no year takes the year of ``today``
    (the article's ISO date), the year before when ``past`` and that month is still to come;
    "last year", "this year", "last month" and a weekday count from ``today`` too.  Durations ("eight years") are None.

    >>> [period_date(t).value for t in ("early 2017", "March 2012", "June 5, 2016")]
    ['2017', '2012-03', '2016-06-05']
    >>> period_date("March", "2017-01-15").value, period_date("March", "2017-01-15", past=True).value
    ('2017-03', '2016-03')
    >>> period_date("last year", "2017-01-15").value, period_date("eight years", "2017-01-15")
    ('2016', None)
    >>> period_date("Monday", "2024-03-12").value  # a Tuesday: the day before
    '2024-03-11'
    """
    from kg.extract.lexicon import MONTHS, WEEKDAYS

    low = text.lower()
    this_year = int(today[:4]) if today else None
    years = _YEAR.findall(low)
    year = int(years[0]) if years else None
    if year is None and this_year is not None:
        if re.search(r"\b(last|previous|past) year\b", low):
            return DateValue(f"{this_year - 1:04d}")
        if re.search(r"\b(this|current) year\b", low):
            return DateValue(f"{this_year:04d}")
        if re.search(r"\b(last|previous|past) month\b", low):
            month = int(today[5:7]) - 1
            return DateValue(f"{this_year - (month == 0):04d}-{month or 12:02d}")
    weekday = next((i for i, d in enumerate(WEEKDAYS) if d in low), None)
    if weekday is not None and year is None and today:
        # "on Monday" in a report: the last such day up to the article's date
        then = datetime.date.fromisoformat(today[:10])
        return DateValue((then - datetime.timedelta(days=(then.weekday() - weekday) % 7)).isoformat())
    day = date_value(text, year)
    months = [MONTHS[w] for w in re.findall(r"[a-z]+", low) if w in MONTHS and w != "may" or w == "may" and years]
    if year is None and (day is not None or months) and this_year is not None:
        month = int(day.value[2:4]) if day is not None else months[0]
        year = this_year - 1 if past and today and month > int(today[5:7]) else this_year
        day = date_value(text, year)
    if day is not None and day.is_full:
        return day
    if year is None:
        return None
    if months:
        return DateValue(f"{year:04d}-{months[0]:02d}")
    return DateValue(f"{year:04d}")
