"""Timelines across articles: every article's kg:Role nodes reconciled into one kg:Tenure per person
and post, the successions that chain them, and the conflicts between articles (issue 15).

Pure functions over dataclasses do the reconciling (``reconcile``: role evidence in, tenures and
conflicts out); ``read_evidence`` reads the evidence from an rdflib graph and ``timeline_triples``
writes the result, which ``kg build`` puts in graph.ttl beside the facts and a kg store rewrites in
the transaction of every ``kg add`` (kg/store/tenures.py).

The rules:

- a person's post stated in several articles is one tenure, with each article's role as evidence;
- the status is the latest article's (on one date: former over acting over current over
  designate, the word that says more); an explicit end, or a successor reported later, makes it
  former;
- an explicit date beats an inferred one: ``knownFrom`` is the explicit start, else the earliest
  date of an article calling it current or acting; ``knownUntil`` the explicit end, else the latest
  such date; ``endNoLaterThan`` (no explicit end) the date of the first article after that calling
  it former or naming its successor;
- the holder of a post on a day is the tenure whose known window holds the day (several when the
  articles conflict), else the latest one started before it and not known to have ended before it.

>>> ev = [RoleEvidence("r1", "ada", "p", "Mayor of Lindby", "d1", "2026-01-05"),
...       RoleEvidence("r2", "ada", "p", "Mayor of Lindby", "d2", "2026-02-09", status="former")]
>>> (t,) = reconcile(ev).tenures
>>> t.status, t.known_from, t.known_until, t.end_no_later_than
('former', '2026-01-05', '2026-01-05', '2026-02-09')
"""
from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, XSD

from kg.extract.lexicon import DEPUTY_WORDS, LEADER_HEADS
from kg.extract.titles import head_word
from kg.graph.vocab import V

# Statuses in the order one article's word says more than another's of the same date.
_WEIGHT = {"designate": 0, "current": 1, "acting": 2, "former": 3}
# Statuses under which an article says the post is held on its date.
HELD = ("current", "acting")


@dataclass(frozen=True)
class RoleEvidence:
    """One article's kg:Role, as the reconciliation reads it: IRIs as strings, dates as the
    text gives them (``start``, ``end``: ``2024``, ``2024-03`` or ``2024-03-11``) and the
    article's own date (``date``, ISO, None when it states none)."""

    role: str
    person: str
    position: str
    post: str  # the position's label
    document: str
    date: str | None
    status: str = "current"
    start: str | None = None
    end: str | None = None
    organization: str | None = None
    place: str | None = None
    replaces: str | None = None  # the kg:Role (of someone else) this one took over


@dataclass
class Tenure:
    """One person's one post across the corpus."""

    iri: str
    person: str
    position: str
    post: str
    status: str
    evidence: tuple[RoleEvidence, ...]
    organization: str | None = None
    place: str | None = None
    start: str | None = None  # explicit, as precise as the text
    end: str | None = None
    known_from: str | None = None  # ISO days
    known_until: str | None = None
    end_no_later_than: str | None = None
    replaces: tuple[str, ...] = ()  # IRIs of the tenures it took over

    @property
    def window(self) -> tuple[str, str] | None:
        """The days it is known to be held, first and last (one day when only one is known)."""
        first, last = self.known_from or self.known_until, self.known_until or self.known_from
        return (first, last) if first else None

    @property
    def ended_by(self) -> str | None:
        """The day by which it is known to have ended, if any."""
        return first_day(self.end) if self.end else self.end_no_later_than


@dataclass(frozen=True)
class Conflict:
    """Two articles naming different current holders of a one-holder post at overlapping times."""

    iri: str
    position: str
    tenures: tuple[str, str]
    documents: tuple[str, ...]


@dataclass
class Timeline:
    tenures: list[Tenure] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def first_day(text: str) -> str:
    """The first day an ISO date, month or year can mean; "" for anything else (``--06-05``).

    >>> first_day("2024"), first_day("2024-03"), first_day("2024-03-11"), first_day("--06-05")
    ('2024-01-01', '2024-03-01', '2024-03-11', '')
    """
    m = _DATE.match(text)
    if not m:
        return ""
    return f"{m[1]}-{m[2] or '01'}-{m[3] or '01'}"


def last_day(text: str) -> str:
    """The last day an ISO date, month or year can mean; "" for anything else.

    >>> last_day("2024"), last_day("2024-02"), last_day("2024-03-11")
    ('2024-12-31', '2024-02-29', '2024-03-11')
    """
    m = _DATE.match(text)
    if not m:
        return ""
    month = m[2] or "12"
    return f"{m[1]}-{month}-{m[3] or calendar.monthrange(int(m[1]), int(month))[1]:0>2}"


def _key(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def tenure_iri(person: str, position: str) -> str:
    """A tenure is one node per person and position, whatever the articles.

    >>> tenure_iri("urn:a", "urn:p")[len(V.instances):]
    'tenure/1069cb5d246f1c30'
    """
    return str(V.instances[f"tenure/{_key(person, position)}"])


def one_holder(post: str) -> bool:
    """Whether one person at a time holds the post: a title that heads something (the title
    lexicon's LEADER_HEADS), not a deputy's.

    >>> one_holder("Interior Minister of Velland"), one_holder("deputy director"), one_holder("spokesman")
    (True, False, False)
    """
    words = post.lower().replace("-", " ").split()
    return head_word(post) in LEADER_HEADS and not DEPUTY_WORDS & set(words)


def _precise_first(values: Iterable[str]) -> str | None:
    # several articles give a date: the most precise, then the earliest
    return min(values, key=lambda v: (-len(v), v), default=None)


def _tenure(evidence: list[RoleEvidence]) -> Tenure:
    evidence.sort(key=lambda e: (e.date or "", _WEIGHT.get(e.status, 1), e.document, e.role))
    first = evidence[0]
    latest = evidence[-1]
    start = _precise_first(e.start for e in evidence if e.start)
    end = _precise_first(e.end for e in evidence if e.end)
    held = [e.date for e in evidence if e.status in HELD and e.date]
    known_from = first_day(start) if start else min(held, default=None)
    known_until = first_day(end) if end else max(held, default=None)
    status = "former" if end else latest.status
    end_no_later_than = None
    if not end:
        # the first article after the last that holds it current that calls it former
        end_no_later_than = min((e.date for e in evidence if e.status == "former" and e.date
                                 and e.date >= (known_until or "")), default=None)
    return Tenure(tenure_iri(first.person, first.position), first.person, first.position, first.post, status,
                  tuple(evidence), organization=next((e.organization for e in evidence if e.organization), None),
                  place=next((e.place for e in evidence if e.place), None), start=start, end=end,
                  known_from=known_from, known_until=known_until, end_no_later_than=end_no_later_than)


def reconcile(evidence: Iterable[RoleEvidence]) -> Timeline:
    """Every article's roles → one tenure per person and post, linked into successions, and the
    conflicts between them (the rules: module docstring)."""
    groups: dict[tuple[str, str], list[RoleEvidence]] = {}
    for e in evidence:
        groups.setdefault((e.person, e.position), []).append(e)
    tenures = [_tenure(group) for _, group in sorted(groups.items())]
    of_role = {e.role: t for t in tenures for e in t.evidence}
    by_iri = {t.iri: t for t in tenures}
    for t in tenures:
        taken = {of_role[e.replaces].iri for e in t.evidence if e.replaces in of_role} - {t.iri}
        t.replaces = tuple(sorted(taken))
        for old in map(by_iri.get, t.replaces):
            # a successor reported on a date after the last article that holds the old tenure
            # current closes it, no later than that date, unless an article gives its end
            reported = min((e.date for e in t.evidence if e.replaces in {r.role for r in old.evidence} and e.date),
                           default=None)
            if reported and reported >= (old.known_until or "") and not old.end:
                old.status = "former"
                if old.end_no_later_than is None or reported < old.end_no_later_than:
                    old.end_no_later_than = reported
    return Timeline(tenures, conflicts(tenures))


def _overlap(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def conflicts(tenures: list[Tenure]) -> list[Conflict]:
    """Pairs of tenures of one one-holder post, by different people, both stated current or
    acting (in two articles or more), whose known windows overlap, neither replacing the other."""
    found = []
    by_post: dict[str, list[Tenure]] = {}
    for t in tenures:
        if t.window and any(e.status in HELD for e in t.evidence) and one_holder(t.post):
            by_post.setdefault(t.position, []).append(t)
    for position, held in sorted(by_post.items()):
        for i, a in enumerate(held):
            for b in held[i + 1:]:
                if a.person == b.person or a.iri in b.replaces or b.iri in a.replaces:
                    continue
                docs = tuple(sorted({e.document for t in (a, b) for e in t.evidence if e.status in HELD}))
                # one article naming both is no disagreement between articles (co-chairs, or a misreading)
                if _overlap(a.window, b.window) and len(docs) > 1:
                    pair = tuple(sorted((a.iri, b.iri)))
                    found.append(Conflict(str(V.instances[f"conflict/{_key(*pair)}"]), position, pair, docs))
    return found


def holders_on(tenures: Iterable[Tenure], position: str, when: str) -> list[Tenure]:
    """Who held ``position`` on the day ``when``: the tenures whose known window holds it (more
    than one when articles conflict), else the latest started before it and not known to have
    ended before it; [] when none.

    >>> ev = [RoleEvidence("r1", "ada", "p", "Mayor", "d1", "2026-01-05", start="2026-01-02"),
    ...       RoleEvidence("r2", "bo", "p", "Mayor", "d2", "2026-03-01", start="2026-02-27", replaces="r1")]
    >>> tl = reconcile(ev)
    >>> [t.person for t in holders_on(tl.tenures, "p", "2026-02-01")], holders_on(tl.tenures, "p", "2025-12-01")
    (['ada'], [])
    """
    post = [t for t in tenures if t.position == position and t.window]
    within = [t for t in post if t.window[0] <= when <= t.window[1]]
    if within:
        return sorted(within, key=lambda t: (t.window[0], t.iri))
    started = [t for t in post if t.window[0] <= when and not (t.ended_by and t.ended_by < when)]
    return [max(started, key=lambda t: (t.window[0], t.iri))] if started else []


def _first_known(t: Tenure) -> str | None:
    return (t.window or (t.ended_by,))[0]


def in_order(tenures: Iterable, first=_first_known, replaced=lambda t: t.replaces) -> list:
    """The tenures of a post in the order they were held: by the first day known of each, where a
    tenure taken over counts from no later than its successor, and comes before it; those with no
    day known last.  ``first`` and ``replaced`` read a tenure's first day and the IRIs it took
    over, so the page (kg/explore/history.py) orders its own tenures by this one rule.

    >>> ev = [RoleEvidence("r1", "ada", "p", "Mayor", "d1", "2026-01-05", status="former"),
    ...       RoleEvidence("r2", "bo", "p", "Mayor", "d1", "2026-01-05", start="2026-01-02", replaces="r1")]
    >>> [t.person for t in in_order(reconcile(ev).tenures)]
    ['ada', 'bo']
    """
    tenures = list(tenures)
    by_iri = {t.iri: t for t in tenures}
    successors: dict[str, list] = {}
    for t in tenures:
        for old in replaced(t):
            successors.setdefault(old, []).append(t)

    def anchor(t, seen: frozenset = frozenset()) -> str:
        own = first(t) or "9999"
        later = [anchor(s, seen | {t.iri}) for s in successors.get(t.iri, ()) if s.iri not in seen]
        return min([own, *later])

    def depth(t, seen: frozenset = frozenset()) -> int:
        return max((1 + depth(by_iri[o], seen | {t.iri}) for o in replaced(t) if o in by_iri and o not in seen),
                   default=0)

    return sorted(tenures, key=lambda t: (anchor(t), depth(t), t.iri))


# ---------------------------------------------------------------- the graph: evidence in, triples out

_member, _role, _org = (V.external(c) for c in ("org:member", "org:role", "org:organization"))
_during, _begin, _end = (V.external(c) for c in ("org:memberDuring", "time:hasBeginning", "time:hasEnd"))
_INSTANT = tuple(V.external(c) for c in ("time:inXSDDate", "time:inXSDgYearMonth", "time:inXSDgYear"))


def instant(graph: Graph, interval, edge) -> str | None:
    """The date of an interval's beginning or end (``edge``: time:hasBeginning or time:hasEnd), as
    precise as the article gave it; None when it has none."""
    for instant in graph.objects(interval, edge):
        for prop in _INSTANT:
            for value in graph.objects(instant, prop):
                return str(value)
    return None


def _one(graph: Graph, node, prop) -> str | None:
    value = next(iter(graph.objects(node, prop)), None)
    return None if value is None else str(value)


def read_evidence(graph: Graph) -> list[RoleEvidence]:
    """The kg:Role nodes of a graph (every article's), as evidence for ``reconcile``."""
    out = []
    for role in graph.subjects(RDF.type, V.Role):
        person, position, doc = (_one(graph, role, p) for p in (_member, _role, V.sourceDocument))
        if person is None or position is None or doc is None:
            continue
        interval = next(iter(graph.objects(role, _during)), None)
        out.append(RoleEvidence(
            str(role), person, position, _one(graph, URIRef(position), RDFS.label) or "", doc,
            _one(graph, URIRef(doc), DCTERMS.date), _one(graph, role, V.roleStatus) or "current",
            instant(graph, interval, _begin) if interval is not None else None,
            instant(graph, interval, _end) if interval is not None else None,
            _one(graph, role, _org), _one(graph, role, V.rolePlace), _one(graph, role, V.replaces)))
    return sorted(out, key=lambda e: e.role)


# A role value as an OWL-Time instant property by its precision (as kg.graph.rdf writes a role's)
_IN_XSD = {10: (_INSTANT[0], XSD.date), 7: (_INSTANT[1], XSD.gYearMonth), 4: (_INSTANT[2], XSD.gYear)}


def timeline_triples(timeline: Timeline) -> list[tuple]:
    """The tenures and conflicts as triples (the terms: ontology/kg.ttl, timelines across articles).

    >>> ev = [RoleEvidence("urn:r1", "urn:ada", "urn:p", "Mayor", "urn:d1", "2026-01-05")]
    >>> len(timeline_triples(reconcile(ev)))
    8
    """
    out: list[tuple] = []
    add = out.append
    date = XSD.date
    for t in timeline.tenures:
        node = URIRef(t.iri)
        add((node, RDF.type, V.Tenure))
        add((node, RDF.type, V.external("org:Membership")))
        add((node, _member, URIRef(t.person)))
        add((node, _role, URIRef(t.position)))
        if t.organization:
            add((node, _org, URIRef(t.organization)))
        if t.place:
            add((node, V.rolePlace, URIRef(t.place)))
        add((node, V.roleStatus, Literal(t.status)))
        if t.start or t.end:
            interval = URIRef(f"{t.iri}/during")
            add((node, _during, interval))
            add((interval, RDF.type, V.external("time:Interval")))
            for edge, value, name in ((_begin, t.start, "start"), (_end, t.end, "end")):
                if value:
                    instant = URIRef(f"{t.iri}/{name}")
                    prop, dtype = _IN_XSD.get(len(value), _IN_XSD[10])
                    add((interval, edge, instant))
                    add((instant, RDF.type, V.external("time:Instant")))
                    add((instant, prop, Literal(value, datatype=dtype)))
        for prop, value in ((V.knownFrom, t.known_from), (V.knownUntil, t.known_until),
                            (V.endNoLaterThan, t.end_no_later_than)):
            if value:
                add((node, prop, Literal(value, datatype=date)))
        for e in t.evidence:
            add((node, V.evidence, URIRef(e.role)))
        for old in t.replaces:
            add((node, V.replaces, URIRef(old)))
    for c in timeline.conflicts:
        node = URIRef(c.iri)
        add((node, RDF.type, V.Conflict))
        add((node, _role, URIRef(c.position)))
        for t in c.tenures:
            add((node, V.conflictingTenure, URIRef(t)))
        for d in c.documents:
            add((node, V.sourceDocument, URIRef(d)))
    return out


def add_timeline(graph: Graph) -> Timeline:
    """Reconcile the roles of ``graph`` and add the tenures and conflicts to it (``kg build``)."""
    timeline = reconcile(read_evidence(graph))
    for triple in timeline_triples(timeline):
        graph.add(triple)
    return timeline
