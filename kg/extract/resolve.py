"""Resolution: mentions of one real thing become one entity, named by its fullest form.

"Anton Varga", "Varga" and "President Anton Varga" are one person; a
body named "Supreme Council" and later "Supreme Council of X" is one body, unless two bodies
could claim the short name.

>>> from kg.model import Mention
>>> ms = [Mention("Jane Roe", 0, 8, "Person"), Mention("Roe", 20, 23, "Person")]
>>> [(e.label, sorted(e.alt_labels)) for e in cluster(ms)]
[('Jane Roe', ['Roe'])]
"""
from __future__ import annotations

from kg.extract.context import name_key, norm
from kg.model import Entity, Mention, ROOT_CLASS


def _root(cls: str) -> str:
    return ROOT_CLASS.get(cls, cls)


def _claims(long: str, short: str, root: str) -> bool:
    """Could the longer name be the fuller form of the shorter one?"""
    lw, sw = long.split(), short.split()
    if root == "Person":
        # surname ("Roe"), or given name + surname within a longer name ("Jane Roe" in "Jane A. Roe")
        return lw[-1] == sw[-1] and all(w in lw for w in sw)
    if root == "Organization":
        return long.startswith(short + " of ") or long.startswith(short + " for ")
    return False


def cluster(mentions: list[Mention]) -> list[Entity]:
    """Entities in order of first mention, with mentions, label and other names."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        groups.setdefault((_root(m.cls), name_key(m.text, _root(m.cls))), []).append(m)
    # Attach each shorter name to the one longer name that claims it; ambiguity keeps it apart.
    parent: dict[tuple[str, str], tuple[str, str]] = {}
    for key in sorted(groups, key=lambda k: len(k[1])):
        root, name = key
        claimants = [k for k in groups if k[0] == root and k != key and len(k[1]) > len(name) and _claims(k[1], name, root)]
        tops = {_top(parent, k) for k in claimants}
        if len(tops) == 1:
            parent[key] = tops.pop()
    merged: dict[tuple[str, str], list[Mention]] = {}
    for key, ms in groups.items():
        merged.setdefault(_top(parent, key), []).extend(ms)
    entities = []
    for key, ms in sorted(merged.items(), key=lambda kv: min(m.start for m in kv[1])):
        ms.sort(key=lambda m: m.start)
        label = max((m.text for m in ms), key=lambda t: (len(norm(t).split()), len(t)))
        cls = _settle_subclass([m.cls for m in ms])
        entities.append(Entity(key="", cls=cls, label=label, alt_labels={m.text for m in ms} - {label}, mentions=ms))
    return entities


def _top(parent: dict, key):
    while key in parent:
        key = parent[key]
    return key


def _settle_subclass(classes: list[str]) -> str:
    specific = [c for c in classes if c != _root(c)]
    return max(set(specific), key=specific.count) if specific else classes[0]
