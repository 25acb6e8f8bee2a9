"""Across documents: the same person, body or place in two articles becomes one node.

Resolution (kg/extract/resolve.py) works inside one article; rdf.entity_iri then makes one node
per class and label.  Between the two, this stage gives every entity the label its fullest name
has anywhere in the corpus: "Varga" alone in one article takes the label "Anton Varga" from
another, and keeps "Varga" as an alternative label, but only when no second "... Varga" could
claim it and both articles name something else in common (a body, a place, a country);
"Transport Ministry" and "Ministry of Transport" take one label, and a body with a generic name
is grouped by its country (``Entity.scope``).  Only labels change: entity keys, facts and
statements stay as extraction left them.

>>> from kg.model import Document, Entity, Extraction
>>> title = "Chilean ports reopen, Chile says"
>>> a = Extraction(Document("a", "", "a", title), {"e1": Entity("e1", "Person", "Anton Varga")})
>>> b = Extraction(Document("b", "", "b", title), {"e1": Entity("e1", "Person", "Varga")})
>>> [(e.label, sorted(e.alt_labels)) for ex in link([a, b]) for e in ex.entities.values()]
[('Anton Varga', []), ('Anton Varga', ['Varga'])]
"""
from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from kg.extract.context import name_key, norm
from kg.extract.claims import Key, fullest
from kg.extract.lexicon import TITLE_OR_HONORIFIC
from kg.extract.scope import countries_named, generic_core
from kg.model import Entity, Extraction, ROOT_CLASS

# Events belong to the article that reports them, positions are titles: neither is linked.
LINKED = ("Person", "Organization", "Location")


def _key(e: Entity) -> Key:
    """What names one thing across articles: class and name key, and for a body with a generic
    name its country too ("Interior Ministry" of Velland is not that of Tarvel; kg/extract/scope.py),
    the country left out of the name ("Vellandic Cabinet" and "Cabinet" of Velland are one)."""
    root = e.root_class
    core = generic_core(e.label) if e.scope else None
    if core is None:
        return root, name_key(e.label, root)
    return root, f"{name_key(core[0], root)} @{e.scope.lower()}"


def _hashed(key: Key) -> int:
    """A number for ``key`` that is the same in every process: ``Names`` made by the workers of
    a cluster build are merged, and Python's own ``hash`` of a string differs between processes.

    >>> _hashed(("Person", "varga")) == _hashed(("Person", "varga")) != _hashed(("Person", "vargas"))
    True
    """
    digest = hashlib.blake2b("\x1f".join(key).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _given(name: str) -> str:
    """The first word of a person's name after any title, honorific or abbreviation:
    "rev. anton varga" → "anton"."""
    words = name.split()
    while len(words) > 1 and (words[0] in TITLE_OR_HONORIFIC or words[0].endswith(".")):
        words = words[1:]
    return words[0] if words else ""


def _fullness(label: str) -> tuple[int, int]:
    # "the Juno Bay" is no fuller than "Juno Bay": compared without article or possessive
    key = norm(label)
    return len(key.split()), len(key)


def link(extractions: Iterable[Extraction], known: Iterable[tuple[str, str]] = ()) -> list[Extraction]:
    """The extractions with the labels of named things settled across all of them.

    ``known`` holds (root class, label) of nodes already in a graph the extractions will join:
    a known label is kept as the one of its group, so an article added later does not rename
    the node."""
    extractions = list(extractions)
    names = Names()
    for ex in extractions:
        names.see(ex)
    labels = names.settle(known)
    return [relabel(ex, labels) for ex in extractions]


class Names:
    """The names of named things as a corpus's articles go by, to settle their labels once all
    are seen: ``link`` in two steps, for a build that does not keep every Extraction in memory
    (only the names are kept, counted).

    >>> from kg.model import Document, Entity, Extraction
    >>> names = Names()
    >>> names.see(Extraction(Document("a", "", "a"), {"e1": Entity("e1", "Person", "Varga")}))
    >>> labels = names.settle([("Person", "Anton Varga")])
    >>> relabel(Extraction(Document("b", "", "b"), {"e1": Entity("e1", "Person", "Varga")}), labels).entities["e1"].label
    'Anton Varga'
    """

    def __init__(self) -> None:
        self.forms: dict[Key, Counter] = {}
        # So that a bare surname joins only a full name of a related article: per article, the
        # hashes of what it names (its linked names and the countries it names), some 30
        # numbers; per person's name, the articles it is read in.
        self.contexts: list[array] = []
        self.person_docs: dict[Key, array] = {}

    def see(self, ex: Extraction) -> None:
        forms = self.forms
        doc = len(self.contexts)
        context = {_hashed(("Country", c)) for c in countries_named(ex.entities.values(), ex.document.title)}
        for e in ex.entities.values():
            root = e.root_class
            if root in LINKED:
                key = _key(e)
                counts = forms.get(key)
                if counts is None:
                    counts = forms[key] = Counter()
                counts[e.label] += 1
                if root == "Person":
                    docs = self.person_docs.get(key)
                    if docs is None:
                        docs = self.person_docs[key] = array("l")
                    if not docs or docs[-1] != doc:
                        docs.append(doc)
                context.add(_hashed(key))
        self.contexts.append(array("q", sorted(context)))

    def merge(self, other: Names) -> None:
        """Take in the names ``other`` saw, as if its articles had been seen here after this
        one's: a cluster build's workers each see a partition, and merged in the partitions'
        order they give the labels of one ``Names`` seeing every article in turn.

        >>> from kg.model import Document, Entity, Extraction
        >>> one, two = Names(), Names()
        >>> one.see(Extraction(Document("a", "", "a"), {"e1": Entity("e1", "Person", "Varga")}))
        >>> two.see(Extraction(Document("b", "", "b"), {"e1": Entity("e1", "Person", "Varga")}))
        >>> one.merge(two)
        >>> len(one.contexts), list(one.person_docs.values())
        (2, [array('l', [0, 1])])
        """
        offset = len(self.contexts)
        for key, counts in other.forms.items():
            self.forms.setdefault(key, Counter()).update(counts)
        for key, docs in other.person_docs.items():
            self.person_docs.setdefault(key, array("l")).extend(d + offset for d in docs)
        self.contexts.extend(other.contexts)

    def _related(self, short: Key, long: Key) -> bool:
        """Do an article naming ``short`` and one naming ``long`` name something else in common?"""
        around = {h for d in self.person_docs.get(short, ()) for h in self.contexts[d]}
        return any(around.intersection(self.contexts[d]) for d in self.person_docs.get(long, ()))

    def settle(self, known: Iterable[tuple[str, str]] = ()) -> dict[Key, str]:
        """(root class, name key) → the label of every name seen (and known)."""
        forms = {k: Counter(v) for k, v in self.forms.items()}
        preferred: dict[Key, str] = {}
        for root, label in known:
            root = ROOT_CLASS.get(root, root)
            if root in LINKED:
                key = (root, name_key(label, root))
                forms.setdefault(key, Counter())
                preferred.setdefault(key, label)
        forms = {k: v for k, v in forms.items() if k[1]}

        def related(short: Key, long: Key) -> bool:
            """A bare surname ("Varga") joins a full name read in another article only when
            the two articles name something else in common (a body, a place, a person's full
            name, a country), or the full name is a node of the graph already: built as one
            corpus, the 24 real articles joined a lone "Cabinet" (a misread person) to a
            Vellandic "Ostrel's Cabinet" from an article about Tarvel."""
            if short[0] != "Person" or long in preferred:
                return True
            if " " in short[1]:
                # "Anton Varga" is "Anton B. Varga" and "Rev. Anton Bela Varga", but "Amir Halden"
                # need not be "Karim Amir Halden": across articles a fuller name adds words in the
                # middle, not before the given name (the real set joined a bank manager's full name
                # and a president's shorter one; CoNLL04 dev has "Sirhan Bishara Sirhan")
                return _given(long[1]) == _given(short[1])
            return self._related(short, long)

        tops = fullest(forms, related)

        def label_of(key: Key) -> str:
            if key in preferred:
                return preferred[key]
            counts = forms[key]
            # fullest, then not in capitals (a headline's "JUNO BAY"), then most used, then
            # alphabetical: the same corpus gives the same label whatever the order of its articles
            return min(counts, key=lambda t: (*(-n for n in _fullness(t)), t.isupper(), -counts[t], t))

        return {key: label_of(tops[key]) for key in forms}


def relabel(ex: Extraction, labels: dict[Key, str]) -> Extraction:
    """``ex`` with the labels ``Names.settle`` gave; a renamed entity keeps its own name as an
    alternative label."""
    entities = {}
    for k, e in ex.entities.items():
        root = e.root_class
        label = labels.get(_key(e), e.label) if root in LINKED else e.label
        entities[k] = e if label == e.label else replace(e, label=label, alt_labels=e.alt_labels | {e.label})
    return replace(ex, entities=entities)
