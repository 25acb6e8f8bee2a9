"""The dataclasses that travel down the flow: Document → Mention → Entity → Fact (and Role).

Nothing here imports spaCy or rdflib, so every stage can be tested with plain values.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One article after reading and cleaning; offsets everywhere refer to ``text``.

    >>> Document(id="a", text="Hello.", source="a.txt").title is None
    True
    """

    id: str
    text: str
    source: str
    title: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd when the article states it
    dateline: str | None = None  # the place it was filed from ("PARIS")

    @property
    def digest(self) -> str:
        """SHA-256 (hex) of what facts are read from: title, date, dateline and text.  A store
        keeps it (``kg:textDigest``) so that ``kg add`` skips an article it holds unchanged.

        >>> Document("a", "Hello.", "a.txt").digest[:12]
        '2c503d5dfb21'
        """
        parts = (self.title or "", self.date or "", self.dateline or "", self.text)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass
class Mention:
    """A stretch of text naming something, with the class the typing stage settled on.

    >>> Mention("Ostrava", 10, 17, "Location").text
    'Ostrava'
    """

    text: str
    start: int
    end: int
    cls: str  # an ontology class local name: Person, GovernmentBody, City, ...
    ner: str = ""  # what spaCy's recogniser said, kept for the typing stage's votes
    sent: int = 0  # index of the sentence in the spaCy doc
    token_start: int = 0
    token_end: int = 0
    nested: bool = False  # inside another mention ("X" in "Supreme Court of X"): its tokens stay the outer's


@dataclass
class Entity:
    """One real thing in one document: all its mentions, its fullest name and its other names.

    >>> e = Entity(key="p1", cls="Person", label="Ada Lovelace", alt_labels={"Lovelace"})
    >>> e.root_class
    'Person'
    """

    key: str
    cls: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    # Positions only: the key of the entity the post belongs to, its body or place ("Governor
    # of Tarvel"), else its holder.  A bare title ("President") is one node per holder: one
    # node for every President joined unrelated people two facts apart and topped CoNLL04
    # dev's centrality ranking (degree 7).
    of: str | None = None
    # Organisations with a generic name only ("Interior Ministry", "the Cabinet"): the country
    # the body belongs to (kg/extract/scope.py), so that such bodies of two countries stay two
    # nodes across documents; built as one corpus, the 24 real articles joined two countries'
    # "Security Council" into one node.
    scope: str | None = None

    @property
    def root_class(self) -> str:
        return ROOT_CLASS.get(self.cls, self.cls)


# The contract's top classes, for each class kg may assign.
ROOT_CLASS = {
    "GovernmentBody": "Organization",
    "Country": "Location", "Region": "Location", "City": "Location",
    "Building": "Location", "Facility": "Location",
    "Attack": "Event", "Meeting": "Event",
}


@dataclass(frozen=True)
class Provenance:
    """Where a fact was read: the document, the sentence, the characters and the rule.

    >>> Provenance("doc", "X met Y.", 0, 8, "verb-met", 0.8).rule
    'verb-met'
    """

    document: str
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass(frozen=True)
class DateValue:
    """A normalised date: ``--06-05`` (month and day) or ``2016-06-05`` (full); a role's start
    or end may be coarser: ``2017-03`` (year and month) or ``2017`` (year).

    >>> DateValue("--06-05").is_full, DateValue("2017").kind, DateValue("2017-03").kind
    (False, 'gYear', 'gYearMonth')
    """

    value: str

    @property
    def is_full(self) -> bool:
        return self.kind == "date"

    @property
    def kind(self) -> str:
        """The XML Schema type the value is written as: date, gMonthDay, gYearMonth or gYear."""
        if self.value.startswith("--"):
            return "gMonthDay"
        return {1: "gYear", 2: "gYearMonth"}.get(self.value.count("-") + 1, "date")


@dataclass(frozen=True)
class Fact:
    """subject --predicate--> object, where subject is an entity key and object an entity key,
    a DateValue, or a plain string; predicate is an ontology property's local name.

    >>> Fact("p1", "heads", "o1", Provenance("d", "s", 0, 1, "r", 0.9)).predicate
    'heads'
    """

    subject: str
    predicate: str
    object: str | DateValue
    provenance: Provenance
    object_is_entity: bool = True


@dataclass
class Statement:
    """Something a person said: the quote, the speaker's entity key and where it stands."""

    speaker: str
    quote: str
    provenance: Provenance


# What a role's wording says of it: held now, held before ("former", "outgoing", "then-"),
# held for the time being ("acting", "interim"), or about to be held ("-designate", "-elect").
ROLE_STATUSES = ("current", "former", "acting", "designate")


@dataclass
class Role:
    """One stated role: a person in a position (of a body and/or a place), with its status, its
    start and end when the text gives them, and the role it took over from someone else.  The
    plain facts (holdsPosition, heads, ...) are kept beside it for every role, former ones too.

    >>> Role("r1", "e1", "e2", provenance=Provenance("d", "s", 0, 1, "apposition", 0.9)).status
    'current'
    """

    key: str
    person: str  # entity keys
    position: str
    organization: str | None = None
    place: str | None = None
    status: str = "current"
    start: DateValue | None = None
    end: DateValue | None = None
    replaces: str | None = None  # key of the role (someone else's) this one took over
    provenance: Provenance | None = None


@dataclass
class Extraction:
    """Everything read from one document."""

    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
