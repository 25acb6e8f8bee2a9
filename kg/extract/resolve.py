"""Resolution: mentions of one real thing become one entity, named by its fullest form.

"Anton Varga", "Varga" and "President Anton Varga" are one person; a
body named "Supreme Council" and later "Supreme Council of X" is one body, unless two bodies
could claim the short name; "Tarvel state" and "Tarvel" are one place.

>>> from kg.model import Mention
>>> ms = [Mention("Jane Roe", 0, 8, "Person"), Mention("Roe", 20, 23, "Person")]
>>> [(e.label, sorted(e.alt_labels)) for e in cluster(ms)]
[('Jane Roe', ['Roe'])]
"""
from __future__ import annotations

import re

from kg.extract.claims import fullest
from kg.extract.context import name_key, norm
from kg.extract.lexicon import CITY_WORDS, OPTIONAL_PLACE_KINDS
from kg.model import Entity, Mention, ROOT_CLASS


def _root(cls: str) -> str:
    return ROOT_CLASS.get(cls, cls)


def cluster(mentions: list[Mention]) -> list[Entity]:
    """Entities in order of first mention, with mentions, label and other names."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        root = _root(m.cls)
        key = name_key(m.text, root)
        groups.setdefault((root, place_key(key, m.text) if root == "Location" else key), []).append(m)
    tops = fullest(groups)
    merged: dict[tuple[str, str], list[Mention]] = {}
    for key, ms in groups.items():
        merged.setdefault(tops[key], []).extend(ms)
    entities = []
    for key, ms in sorted(merged.items(), key=lambda kv: min(m.start for m in kv[1])):
        ms.sort(key=lambda m: m.start)
        label = max((m.text for m in ms), key=lambda t: (len(norm(t).split()), len(t)))
        cls = _settle_subclass([m.cls for m in ms])
        entities.append(Entity(key="", cls=cls, label=label, alt_labels={m.text for m in ms} - {label}, mentions=ms))
    return entities


def place_key(key: str, text: str) -> str:
    """Within one article "Tarvel state" and "Tarvel", "Ostrel town" and "Ostrel" are one place
    (a capitalised "City" is part of a name: "Tarvel City" need not be the state).  Not across
    articles: built as one corpus, CoNLL04 dev's sentences about a US state and its namesake
    capital became one node.

    >>> place_key("tarvel state", "Tarvel State"), place_key("ostrel town", "Ostrel town"), place_key("ostrel city", "Ostrel City")
    ('tarvel', 'ostrel', 'ostrel city')
    """
    name, _, kind = key.rpartition(" ")
    if name and (kind in OPTIONAL_PLACE_KINDS or kind in CITY_WORDS and re.search(rf"\b{kind}\W*$", text)):
        return name
    return key


def _settle_subclass(classes: list[str]) -> str:
    specific = [c for c in classes if c != _root(c)]
    return max(set(specific), key=specific.count) if specific else classes[0]
