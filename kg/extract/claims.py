"""Which fuller name claims a shorter one: the grouping of names that resolution does inside one
article and linking across articles, so both join the same names.

A person's surname ("Varga") or given name and surname ("Anton Varga") is claimed by a longer
name that ends in it and holds its words ("Anton B. Varga"); a body's short name ("Supreme
Council") by the same name before "of" or "for" ("Supreme Council of Tarvel"), a company's
("Velland Mining") by its name with a legal form ("Velland Mining Corp.").  Names are taken
longest first, so a chain ("Varga" < "Anton Varga" < "Anton B. Varga") ends at one top; a short
name that two different tops claim ("Varga" with "Anton Varga" and "Petra Varga") stays apart.

>>> tops = fullest([("Person", "varga"), ("Person", "anton varga"), ("Person", "anton b. varga")])
>>> sorted(set(tops.values()))
[('Person', 'anton b. varga')]
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kg.extract.lexicon import COMPANY_SUFFIXES

Key = tuple[str, str]  # (root class, name key)

_OF = re.compile(r" (?:of|for) ")


def claims(long: str, short: str, root: str) -> bool:
    """Could the longer name be the fuller form of the shorter one?

    >>> claims("jane a. roe", "jane roe", "Person"), claims("jane roe", "john roe", "Person")
    (True, False)
    """
    lw, sw = long.split(), short.split()
    if root == "Person":
        # surname ("Roe"), or given name + surname within a longer name ("Jane Roe" in "Jane A. Roe")
        return lw[-1] == sw[-1] and all(w in lw for w in sw)
    if root == "Organization":
        return long.startswith(short + " of ") or long.startswith(short + " for ") or is_acronym(short, long) \
            or long.startswith(short + " ") and is_company(long)
    return False


def is_company(name: str) -> bool:
    """Does the name end in a company's legal form ("velland mining corp")?  Then any of its
    first words are the same company's short name ("velland mining", "velland").

    >>> claims("velland mining corp", "velland", "Organization"), claims("velland mining", "velland", "Organization")
    (True, False)
    """
    return name.rsplit(" ", 1)[-1].rstrip(".") in COMPANY_SUFFIXES


_FILLERS = {"of", "for", "and", "the", "in", "&", "de", "la", "du", "des"}


def is_acronym(short: str, long: str) -> bool:
    """Is the one-word name the initials of the longer one ("New Unity Party (NUP)")?  Small
    words may be left out of the initials or kept.

    >>> is_acronym("nup", "new unity party"), is_acronym("bcc", "bank of the coastal cities")
    (True, True)
    >>> is_acronym("pvl", "party of velland in the lowlands"), is_acronym("v21", "velland 21")
    (True, True)
    >>> is_acronym("nup", "new party"), is_acronym("ab", "ab")
    (False, False)
    """
    return " " not in short and len(short) >= 2 and short in _initials(long)


def _initial(word: str) -> str:
    return word if word.isdigit() else word[0]


def _initials(name: str) -> set[str]:
    """The initials a name may go by, with and without its small words; a body's name key puts
    its head word last ("bank of the coastal cities" → "the coastal cities bank"), so that
    order's initials too."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if len(words) < 2:
        return set()
    out = set()
    for order in (words, words[-1:] + words[:-1]):
        # a number counts whole: "Velland 21 (V21)"
        out |= {"".join(_initial(w) for w in order), "".join(_initial(w) for w in order if w not in _FILLERS)}
    return out


def fullest(keys: Iterable[Key], related: Callable[[Key, Key], bool] | None = None) -> dict[Key, Key]:
    """Each (root class, name key) → the key of the one fullest name that claims it (itself when
    none does, or when two different ones do).  ``related(short, long)``, when given, must also
    hold for one of its claimers (linking asks it of people's names: kg/extract/link.py)."""
    keys = set(keys)
    index = _index(keys)
    parent: dict[Key, Key] = {}
    for key in sorted(keys, key=lambda k: (-len(k[1].split()), -len(k[1]), k)):
        root, name = key
        claimers = [k for k in _candidates(key, index) if k != key and len(k[1]) > len(name) and claims(k[1], name, root)]
        tops = {_top(parent, k) for k in claimers}
        # one fullest name claims it, and (where asked) a claimer of it is related to it
        if len(tops) == 1 and (related is None or any(related(key, k) for k in claimers)):
            parent[key] = tops.pop()
    return {key: _top(parent, key) for key in keys}


def _candidates(key: Key, index: dict[Key, list[Key]]) -> list[Key]:
    """Longer names that might claim ``key``: those ending in the same word (people), or
    starting with it before "of" or "for" or a company's legal form (bodies).  Saves comparing every pair of names."""
    root, name = key
    if not name:
        return []
    if root == "Person":
        return index.get((root, name.split()[-1]), [])
    return index.get(key, []) + index.get((root, "initials:" + name), [])


def _index(keys: Iterable[Key]) -> dict[Key, list[Key]]:
    index: dict[Key, list[Key]] = {}
    for root, name in keys:
        if root == "Person" and name:
            index.setdefault((root, name.split()[-1]), []).append((root, name))
        elif root == "Organization":
            for m in _OF.finditer(name):
                index.setdefault((root, name[:m.start()]), []).append((root, name))
            if is_company(name):
                words = name.split()
                for k in range(1, len(words)):
                    index.setdefault((root, " ".join(words[:k])), []).append((root, name))
            for initials in _initials(name):
                index.setdefault((root, "initials:" + initials), []).append((root, name))
    return index


def _top(parent: dict[Key, Key], key: Key) -> Key:
    while key in parent:
        key = parent[key]
    return key
