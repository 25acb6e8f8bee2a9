"""Role histories and dates, read from an RDF graph for the page: who held which post when, and
what the graph looked like on a given date.

The reconciliation across articles is kg.graph's (``kg:Tenure`` nodes, one per person and post);
this only reads it.  A graph written before tenures existed has only each article's ``kg:Role``
nodes: then each of those is listed as its article states it, not merged.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix kg: <https://w3id.org/kg-news/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <urn:t> a kg:Tenure ; org:member <urn:p> ; org:role <urn:q> ; kg:roleStatus "current" ;
...     kg:knownFrom "2024-03-11" .
... <urn:p> rdfs:label "Ilse Marn" . <urn:q> rdfs:label "harbour master" .
... ''', format="turtle")
>>> [(t.person_label, t.post_label, t.when, t.window) for t in read(g).tenures]
[('Ilse Marn', 'harbour master', 'known from 2024-03-11', ('2024-03-11', ''))]
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import rdflib
from rdflib import RDF, Literal
from rdflib.namespace import DCTERMS, RDFS

from kg.explore.network import document_name
from kg.graph.timeline import first_day, in_order, instant, last_day
from kg.graph.vocab import V

__all__ = ["ROLE_FACTS", "Source", "Tenure", "History", "read"]

# The plain facts that stand beside a role (a person to the post, the body or the place it names):
# on a chosen date the page shows them only while a tenure behind them was held.
ROLE_FACTS = ("holdsPosition", "heads", "memberOf", "worksFor", "chairs")

def _day_before(day: str) -> str:
    return (datetime.date.fromisoformat(day) - datetime.timedelta(days=1)).isoformat()


@dataclass(frozen=True)
class Source:
    """An article behind a tenure: its title ("" when it has none), its name (as the page's
    article list names documents) and its date ("" when undated)."""

    title: str
    document: str
    date: str


@dataclass
class Tenure:
    """One person's one post: a ``kg:Tenure``, or in an older graph one article's ``kg:Role``.
    Node ids are IRI strings, "" where absent; dates are ISO text as the graph gives them."""

    iri: str
    person: str
    person_label: str
    post: str
    post_label: str
    organization: str = ""
    organization_label: str = ""
    place: str = ""
    place_label: str = ""
    status: str = ""
    start: str = ""
    end: str = ""
    known_from: str = ""
    known_until: str = ""
    end_by: str = ""
    sources: list[Source] = field(default_factory=list)
    replaces: str = ""  # the iri of the tenure (or role) taken over
    conflicts: list[str] = field(default_factory=list)  # the iris of tenures it conflicts with
    conflict_sources: list[Source] = field(default_factory=list)

    @property
    def when(self) -> str:
        """Its dates as the panel says them: the explicit start and end, else the window the
        articles give ("known from … until …, ended by …").

        >>> Tenure("t", "p", "P", "q", "Q", start="2024", end="2027").when
        '2024 – 2027'
        >>> Tenure("t", "p", "P", "q", "Q", start="2024-05", status="former", end_by="2027-05-02").when
        'from 2024-05, ended by 2027-05-02'
        >>> Tenure("t", "p", "P", "q", "Q", known_from="2024-03-11", known_until="2025-01-02").when
        'known from 2024-03-11 until 2025-01-02'
        """
        if self.start and self.end:
            text = f"{self.start} – {self.end}"
        elif self.start:
            text = f"{'since' if self.status != 'former' and not self.end_by else 'from'} {self.start}"
        elif self.end:
            text = f"until {self.end}"
        else:
            text = " ".join([f"known from {self.known_from}"] * bool(self.known_from)
                            + [f"until {self.known_until}"] * bool(self.known_until
                                                                  and self.known_until != self.known_from))
        if self.end_by and not self.end:
            text += (", " if text else "") + f"ended by {self.end_by}"
        return text

    @property
    def window(self) -> tuple[str, str] | None:
        """The days it was held, as (first, last) ISO dates, "" for no bound; None when no day is
        known to be in it (a tenure known only as former, or a designate not yet begun).

        The start is the explicit one, else the earliest article stating it; the end is the
        explicit one, else the day before the first article calling it former; a tenure still
        current in the latest article stays open, since nothing says it ended.

        >>> Tenure("t", "p", "P", "q", "Q", start="2024", end="2027-03").window
        ('2024-01-01', '2027-03-31')
        >>> Tenure("t", "p", "P", "q", "Q", status="former", known_from="2026-01-05", end_by="2026-01-05").window is None
        True
        """
        begin = first_day(self.start) or first_day(self.known_from)
        if self.end:
            end = last_day(self.end)
        elif first_day(self.end_by):
            end = _day_before(first_day(self.end_by))
        elif self.status == "former":
            return None
        else:
            end = ""
        if self.status == "designate" and not self.start:
            return None
        if begin and end and end < begin:
            return None
        return begin, end

    @property
    def first_known(self) -> str:
        """The first day it is known: its start, else the earliest article stating it, else the
        day an article called it ended; "" when none."""
        return first_day(self.start) or first_day(self.known_from) or min(
            (s.date for s in self.sources if s.date), default="") or first_day(self.end_by)


@dataclass
class History:
    """What the page needs of time: the tenures, whether they are reconciled (``kg:Tenure``) or
    each article's own roles, the windows of the role facts between a person and a post, body or
    place, and the dates of the events."""

    tenures: list[Tenure]
    reconciled: bool
    event_dates: dict[str, str]  # event id → the first day its kg:occursOn can mean

    def by_node(self) -> dict[str, list[Tenure]]:
        """Node → a person's tenures, or the tenures of a post (its holders), of a body or of a
        place, in date order."""
        out: dict[str, list[Tenure]] = {}
        # the order of kg.graph.timeline.in_order: a tenure taken over comes before its successor
        ordered = in_order(self.tenures, first=lambda t: t.first_known,
                           replaced=lambda t: (t.replaces,) if t.replaces else ())
        for t in ordered:
            for node in dict.fromkeys((t.person, t.post, t.organization, t.place)):
                if node:
                    out.setdefault(node, []).append(t)
        return out

    def windows(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """(person, post or body or place) → the windows of the tenures joining them (an empty
        list: none was ever known current)."""
        out: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for t in self.tenures:
            for target in {t.post, t.organization, t.place} - {""}:
                found = out.setdefault((t.person, target), [])
                if t.window is not None and t.window not in found:
                    found.append(t.window)
        return out


def _text(value) -> str:
    return "" if value is None else str(value)


def _label(graph: rdflib.Graph, node) -> str:
    if node is None:
        return ""
    names = sorted(str(x) for x in graph.objects(node, RDFS.label))
    return names[0] if names else str(node).rsplit("/", 1)[-1]


def _when(graph: rdflib.Graph, interval, edge: str) -> str:
    return (instant(graph, interval, V.external(edge)) or "") if interval is not None else ""


def _source(graph: rdflib.Graph, doc) -> Source:
    return Source(_text(graph.value(doc, DCTERMS.title)), document_name(graph, doc),
                  _text(graph.value(doc, DCTERMS.date)))


def _tenure(graph: rdflib.Graph, node, sources: list[Source]) -> Tenure:
    def value(term):
        return graph.value(node, term)

    person, post = value(V.external("org:member")), value(V.external("org:role"))
    organization, place = value(V.external("org:organization")), value(V.rolePlace)
    interval = value(V.external("org:memberDuring"))
    return Tenure(
        iri=str(node), person=_text(person), person_label=_label(graph, person),
        post=_text(post), post_label=_label(graph, post),
        organization=_text(organization), organization_label=_label(graph, organization),
        place=_text(place), place_label=_label(graph, place),
        status=_text(value(V.roleStatus)),
        start=_when(graph, interval, "time:hasBeginning"), end=_when(graph, interval, "time:hasEnd"),
        sources=sorted(set(sources), key=lambda s: (s.date == "", s.date, s.title, s.document)),
        replaces=_text(value(V.replaces)),
    )


def read(graph: rdflib.Graph) -> History:
    """The tenures of ``graph`` with their sources and conflicts, or, in a graph with no
    ``kg:Tenure``, each article's ``kg:Role`` as a tenure of its own (known from its article's
    date, ended by it when the article calls it former); and the dates of its events."""
    tenures = []
    for node in sorted(graph.subjects(RDF.type, V.Tenure)):
        sources = [_source(graph, doc) for role in graph.objects(node, V.evidence)
                   for doc in graph.objects(role, V.sourceDocument)]
        t = _tenure(graph, node, sources)
        t.known_from = _text(graph.value(node, V.knownFrom))
        t.known_until = _text(graph.value(node, V.knownUntil))
        t.end_by = _text(graph.value(node, V.endNoLaterThan))
        tenures.append(t)
    reconciled = bool(tenures)
    if not reconciled:
        for node in sorted(graph.subjects(RDF.type, V.Role)):
            t = _tenure(graph, node, [_source(graph, doc) for doc in graph.objects(node, V.sourceDocument)])
            date = min((s.date for s in t.sources if s.date), default="")
            t.known_from = date
            if t.status == "former" and not t.end:
                t.end_by = date
            tenures.append(t)
    by_iri = {t.iri: t for t in tenures}
    for conflict in sorted(graph.subjects(RDF.type, V.Conflict)):
        sides = sorted(str(x) for x in graph.objects(conflict, V.conflictingTenure))
        sources = [_source(graph, doc) for doc in graph.objects(conflict, V.sourceDocument)]
        for side in sides:
            if side in by_iri:
                by_iri[side].conflicts += [other for other in sides if other != side]
                by_iri[side].conflict_sources = sorted(set(by_iri[side].conflict_sources) | set(sources),
                                                       key=lambda s: (s.date == "", s.date, s.document))
    events = {}
    for event, day in graph.subject_objects(V.occursOn):
        if isinstance(day, Literal) and first_day(str(day)):
            events[str(event)] = min(first_day(str(day)), events.get(str(event), "9999"))
    return History(tenures, reconciled, events)
