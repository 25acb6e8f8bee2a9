"""Events: attacks and meetings as nodes, with where, when, who took part and what about.

Shapes read:
  "X chaired a meeting of the Council in the Y residence June 10"
      → Meeting; X chairs it and the Council; the Council participatesIn; occursIn Y; occursOn --06-10
  "A, B and C presented reports during the meeting"   → each participatesIn the meeting
  "the June 5 attacks in Tarvel"                       → Attack occursIn Tarvel, occursOn --06-05
  "a meeting to assess the attacks"                    → the meeting is about the attack
  "an attack by Y"                                     → perpetratedBy Y

Mentions of one kind are one event unless their dates or places differ; a bare "the meeting"
joins the one meeting the text has anchored, and is dropped when it could be several.

>>> from kg.nlp import load
>>> from kg.extract import extract
>>> from kg.model import Document
>>> text = "The June 5 bombing in Ostrava killed two."
>>> ex = extract(Document("d", text, "d"), load()(text))
>>> sorted((f.predicate, str(getattr(f.object, 'value', ex.entities.get(f.object) and ex.entities[f.object].label))) for f in ex.facts)
[('occursIn', 'Ostrava'), ('occursOn', '--06-05')]
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract import rules
from kg.extract.context import Context, date_value
from kg.extract.lexicon import (ATTACK_NOUNS, CHAIR_VERBS, MEETING_NOUNS, PARTICIPATE_VERBS,
                                TOPIC_VERBS)

PLACE_PREPS = {"in", "at", "near", "outside"}
DURING_PREPS = {"during", "at", "in", "to"}
HAPPEN_VERBS = CHAIR_VERBS | {"hold", "occur", "happen", "carry", "stage", "launch", "take"}


@dataclass
class EventMention:
    trigger: object  # spaCy Token
    kind: str
    dates: list = field(default_factory=list)  # (DateValue, tokens)
    places: list = field(default_factory=list)  # (Entity, tokens)
    bodies: list = field(default_factory=list)  # organisations the event is "of"
    perpetrators: list = field(default_factory=list)
    chairs: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    topics: list = field(default_factory=list)  # trigger tokens of events it is about

    @property
    def anchored(self) -> bool:
        return bool(self.dates or self.places or self.bodies or self.chairs)


def _kind(tok) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN":
        return None
    return "Attack" if lemma in ATTACK_NOUNS else "Meeting" if lemma in MEETING_NOUNS else None


def _subjects(verb) -> list:
    subs = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    out = []
    while subs:
        s = subs.pop()
        out.append(s)
        subs += [c for c in s.children if c.dep_ == "conj"]
    return out


def _date_ents(ctx: Context, tokens) -> list:
    year = int(ctx.document.date[:4]) if ctx.document.date else None
    out, seen = [], set()
    for tok in tokens:
        if tok.ent_type_ != "DATE":
            continue
        span = next(e for e in ctx.doc.ents if e.start <= tok.i < e.end)
        if span.start in seen:
            continue
        seen.add(span.start)
        if (value := date_value(span.text, year)) is not None:
            out.append((value, list(span)))
    return out


def _describe(ctx: Context, tok, kind: str) -> EventMention:
    ev = EventMention(tok, kind)
    verb = tok.head if tok.dep_ in {"dobj", "nsubjpass", "nsubj"} and tok.head.pos_ in {"VERB", "AUX"} else None
    if tok.dep_ == "pobj" and tok.head.head.pos_ == "VERB" and tok.head.head.lemma_ in CHAIR_VERBS:
        verb = tok.head.head  # "presided over the meeting"
    # when: a date inside the noun phrase ("the June 5 attacks") or on the verb that holds it
    when = [t for c in tok.children if c.dep_ in {"nmod", "compound", "npadvmod", "nummod"} for t in c.subtree]
    when += [t for c in tok.children if c.dep_ == "prep" and c.lower_ == "on" for t in c.subtree]
    if verb is not None and verb.lemma_ in HAPPEN_VERBS:
        when += [t for c in verb.children if c.dep_ in {"npadvmod"} for t in c.subtree]
        when += [t for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for t in c.subtree]
    ev.dates = _date_ents(ctx, when)
    preps = [c for c in tok.children if c.dep_ == "prep"]
    if verb is not None and verb.lemma_ in HAPPEN_VERBS:
        preps += [c for c in verb.children if c.dep_ == "prep"]
    for prep in preps:
        objs = [t for t in prep.subtree if t.i != prep.i]
        ent = ctx.entity_in(objs)
        if ent is None:
            continue
        if prep.lower_ in PLACE_PREPS and ent.root_class == "Location":
            ev.places.append((ent, [prep] + objs))
        elif prep.lower_ == "of" and ent.root_class == "Organization" and kind == "Meeting":
            ev.bodies.append((ent, [prep] + objs))
        elif prep.lower_ == "by" and ent.root_class in {"Person", "Organization", "Group"} and kind == "Attack":
            ev.perpetrators.append((ent, [prep] + objs))
    # who: the subject of the verb that chairs it, or that presents "during" it
    if verb is not None and verb.lemma_ in CHAIR_VERBS and kind == "Meeting":
        ev.chairs = [(ctx.entity_at(s.i), s) for s in _subjects(verb) if ctx.entity_at(s.i)]
    if tok.dep_ == "pobj" and tok.head.lower_ in DURING_PREPS and tok.head.head.lemma_ in PARTICIPATE_VERBS:
        ev.participants = [(ctx.entity_at(s.i), s) for s in _subjects(tok.head.head) if ctx.entity_at(s.i)]
    elif verb is not None and tok.dep_ == "dobj" and verb.lemma_ in {"attend", "join"}:
        ev.participants = [(ctx.entity_at(s.i), s) for s in _subjects(verb) if ctx.entity_at(s.i)]
    # about: "a meeting to assess the attacks"
    verbs = [c for c in tok.children if c.dep_ in {"acl", "relcl"}]
    if verb is not None:
        verbs += [c for c in verb.children if c.dep_ in {"advcl", "xcomp"}]
    for v in verbs:
        for v2 in [v] + [c for c in v.children if c.dep_ == "conj"]:
            if v2.lemma_ in TOPIC_VERBS:
                ev.topics += [c for c in v2.children if c.dep_ == "dobj" and _kind(c)]
    return ev


def _compatible(a: EventMention, b: EventMention) -> bool:
    if a.kind != b.kind:
        return False
    if a.dates and b.dates and {d.value for d, _ in a.dates} != {d.value for d, _ in b.dates}:
        return False
    if a.places and b.places and not {p.key for p, _ in a.places} & {p.key for p, _ in b.places}:
        return False
    return True


def _phrase(tok) -> str:
    mods = [c for c in tok.lefts if c.dep_ in {"amod", "compound"} and c.ent_type_ != "DATE" and not c.is_punct]
    return " ".join([m.text for m in mods] + [tok.text])


def _label(ctx: Context, cluster: list[EventMention]) -> str:
    head = max(cluster, key=lambda e: (len(e.dates) + len(e.places) + len(e.bodies), -e.trigger.i))
    label = _phrase(head.trigger).lower()
    bodies = [b for e in cluster for b, _ in e.bodies]
    places = [p for e in cluster for p, _ in e.places]
    dates = [d for e in cluster for d, toks in e.dates]
    if bodies:
        label += f" of {bodies[0].label}"
    if places:
        label += f" in {places[0].label}"
    if dates:
        span = next(toks for e in cluster for d, toks in e.dates if d == dates[0])
        label += " on " + ctx.doc[span[0].i:span[-1].i + 1].text
    return label


def read_events(ctx: Context) -> None:
    mentions = [_describe(ctx, t, k) for t in ctx.doc if (k := _kind(t)) and ctx.entity_at(t.i) is None]
    clusters: list[list[EventMention]] = []
    for ev in [e for e in mentions if e.anchored]:
        home = next((c for c in clusters if all(_compatible(ev, o) for o in c)), None)
        if home is None:
            clusters.append([ev])
        else:
            home.append(ev)
    for ev in [e for e in mentions if not e.anchored]:
        same = [c for c in clusters if c[0].kind == ev.kind]
        if len(same) == 1:
            same[0].append(ev)
    by_trigger = {}
    labels: set[str] = set()
    for cluster in clusters:
        label = _label(ctx, cluster)
        while label in labels:
            label += " (again)"
        labels.add(label)
        event = ctx.add_entity(cluster[0].kind, label, {_phrase(e.trigger) for e in cluster})
        for e in cluster:
            ctx.token_entity[e.trigger.i] = event.key
            by_trigger[e.trigger.i] = event
        for e in cluster:
            t = [e.trigger]
            for value, toks in e.dates:
                ctx.fact(event, "occursOn", value, t + toks, rules.EVENT_DATE)
            for place, toks in e.places:
                ctx.fact(event, "occursIn", place, t + toks, rules.EVENT_PLACE)
            for body, toks in e.bodies:
                ctx.fact(body, "participatesIn", event, t + toks, rules.MEETING_OF_BODY)
            for who, toks in e.perpetrators:
                ctx.fact(event, "perpetratedBy", who, t + toks, rules.ATTACK_BY)
            for who, tok in e.chairs:
                if who.root_class == "Person":
                    ctx.fact(who, "chairs", event, [tok] + t, rules.CHAIR_VERB)
                    for body, toks in e.bodies:
                        ctx.fact(who, "chairs", body, [tok] + t + toks, rules.CHAIR_VERB)
            for who, tok in e.participants:
                if who.root_class in {"Person", "Organization", "Group"}:
                    ctx.fact(who, "participatesIn", event, [tok] + t, rules.TOOK_PART_VERB)
    for cluster in clusters:
        for e in cluster:
            for topic in e.topics:
                if topic.i in by_trigger:
                    ctx.fact(by_trigger[e.trigger.i], "about", by_trigger[topic.i], [e.trigger, topic], rules.EVENT_ABOUT)
