"""Events: attacks and meetings as nodes, with where, when, who took part and what about.

Shapes read:
  "X chaired a meeting of the Council in the Y residence June 10"
      → Meeting; X chairs it and the Council; the Council participatesIn; occursIn Y; occursOn --06-10
  "A, B and C presented reports during the meeting"   → each participatesIn the meeting
  "the June 5 attacks in Tarvel"                       → Attack occursIn Tarvel, occursOn --06-05
  "a meeting to assess the attacks"                    → the meeting is about the attack
  "an attack by Y"                                     → perpetratedBy Y
  "rebels ambushed a convoy in Tarvel on 4 May", "gunmen killed a judge in Tarvel"
                                                       → Attack from the verb, its place and date
  "claimed by Y", "carried out by Y", "blamed on Y", "Y claimed (responsibility for) the attack"
                                                       → perpetratedBy Y ("Redland rebels": a Group)
  "ten were killed at X on May 3 in an attack", "the blast killed six in X"
                                                       → the clause of harm gives place and date
  "in Velland's Tarvel district", "in Tarvel district of Velland" → occursIn both places
  "X held talks with his counterpart Y", "X met Y", "X called on Y", "talks between X and Y"
                                                       → Meeting; X and Y participatesIn
  "Attending the meeting were A, B and C"              → each participatesIn the meeting

Mentions of one kind are one event unless their dates, places (one town named at two grains,
"Tarvel" and "Tarvel district", is one place) or the parties of a meeting differ; a bare "the
meeting" joins the one meeting the text has anchored, and is dropped when it could be several
or when it speaks of such events at large ("air strikes", no article).

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
from kg.extract.context import Context, date_value, norm
from kg.extract.lexicon import (ARMED_KILL_VERBS, ATTACK_NOUNS, ATTACK_VERBS, CHAIR_VERBS,
                                EVENT_NOUN_OF_VERB, GROUP_NOUNS, HARM_VERBS, PLACE_KIND_WORDS, MEETING_NOUNS, PARTICIPATE_VERBS, PERPETRATE_VERBS, TOPIC_VERBS,
                                WEEKDAYS)

PLACE_PREPS = {"in", "at", "near", "outside"}
DURING_PREPS = {"during", "at", "in", "to"}
HAPPEN_VERBS = CHAIR_VERBS | {"hold", "occur", "happen", "carry", "stage", "launch", "take", "lay", "have"}
# Prepositions that nest a place in a place: "in Tarvel district of Velland", "at X in Y".
NESTING_PREPS = {"of", "in"}
ACTOR_CLASSES = {"Person", "Organization", "Group", "Location"}
TRIGGER_WORDS = ATTACK_NOUNS | MEETING_NOUNS | ATTACK_VERBS | ARMED_KILL_VERBS | {"meet", "call"}


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
    # the sides of a meeting between named parties ("X met Y", "X held talks with Y", "X called on Y")
    parties: list = field(default_factory=list)
    claimed: list = field(default_factory=list)  # perpetrators by "claimed by", "carried out by"
    attendees: list = field(default_factory=list)  # "Attending the meeting were A, B and C"
    verbal: bool = False  # read from a verb ("rebels ambushed ..."), not a noun
    days: set = field(default_factory=set)  # weekdays it is said to happen on ("on Saturday")

    @property
    def anchored(self) -> bool:
        if self.verbal and self.kind == "Attack":  # "X attacked the plan": a place or date says it is real
            return bool(self.dates or self.places)
        return bool(self.dates or self.places or self.bodies or self.chairs or self.parties or self.perpetrators
                    or self.claimed)


def _kind(tok, ctx: Context | None = None) -> str | None:
    lemma = tok.lemma_.lower()
    if lemma not in TRIGGER_WORDS and tok.lower_ not in TRIGGER_WORDS:  # most tokens: two set lookups
        return None
    if _nominal(tok):
        return _noun_kind(tok.lower_)  # "the police shooting", tagged as a verb
    if tok.pos_ == "VERB" and ctx is not None:
        if any(c.dep_ == "neg" for c in tok.children):
            return None
        if lemma in {"attack", "assault"} and any((e := ctx.entity_at(d.i)) is not None and e.root_class == "Person"
                                                  for d in _doers(tok)):
            return None  # "the senator attacked the budget in a speech in Tarvel": words, not arms
        if lemma in ATTACK_VERBS or lemma in ARMED_KILL_VERBS and _armed_doers(ctx, tok):
            return "Attack"
        if lemma in {"meet", "call"} and _verb_parties(ctx, tok)[1]:
            return "Meeting"
        return None
    if tok.pos_ != "NOUN" and not (tok.pos_ == "PROPN" and tok.text.islower()):  # "laid siege" as PROPN
        return None
    return _noun_kind(lemma) or _noun_kind(tok.lower_)  # "talks" may lemmatise to "talk"


def _doers(verb) -> list:
    """Who does what a verb says: its subjects, or the "by" phrase of a passive."""
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    return _subjects(verb)


def _armed_doers(ctx: Context, verb) -> bool:
    """"Gunmen killed two officers", "militants shot a judge": a killing by armed men is an attack."""
    return any(d.lower_ in GROUP_NOUNS or (e := ctx.entity_at(d.i)) is not None and e.cls == "Group"
               for d in _doers(verb))


def _nominal(tok) -> bool:
    """A verb form standing as a noun: "briefed on the police shooting"."""
    return tok.pos_ == "VERB" and tok.tag_ == "VBG" and tok.dep_ in {"pobj", "dobj", "nsubj", "nsubjpass"}


def _noun_kind(lemma: str) -> str | None:
    return "Attack" if lemma in ATTACK_NOUNS else "Meeting" if lemma in MEETING_NOUNS else None


def _party(ctx: Context, tok):
    """The person (else body) a noun phrase names: "his counterpart Jon Varga" → Jon Varga,
    "members of the Harbour Council" → the Council."""
    tokens = [t for t in tok.subtree if not (t.dep_ == "prep" and t.i < tok.i)]
    if ctx.entity_at(tok.i) is None:  # "his Velland counterpart Jon Varga": the name after the noun
        tokens = [t for t in tokens if t.i > tok.i]
    people = ctx.named(tokens, {"Person"})
    if people:
        return people[0]
    bodies = ctx.named(tokens, {"Organization"})
    return bodies[0] if bodies else None


def _verb_parties(ctx: Context, verb) -> tuple[list, list]:
    """"X met (with) Y", "X called on Y", "X held talks with Y": (subjects, the other side)."""
    if verb.lemma_ == "call":
        objs = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for o in c.children
                if o.dep_ == "pobj"]
    elif verb.lemma_ in {"meet", "hold", "have"}:
        objs = [c for c in verb.children if c.dep_ == "dobj" and verb.lemma_ == "meet"]
        objs += [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for o in c.children
                 if o.dep_ == "pobj"]
    else:
        objs = []
    others = [p for o in objs if (p := _party(ctx, o)) is not None]
    if verb.lemma_ == "call" and (not any(p.root_class == "Person" for p in others) or any(
            c.dep_ in {"xcomp", "ccomp"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for t in [verb] + objs for c in t.children)):
        return [], []  # "called on the government to act", "called on X to resign": no meeting
    subjects = [p for s in _subjects(verb) if (p := ctx.entity_at(s.i)) is not None
                and p.root_class in {"Person", "Organization"}]
    if verb.lemma_ == "meet" and not others and len(subjects) >= 2:  # "X and Y met in Tarvel"
        return subjects[:1], subjects[1:]
    return subjects, others


def _actor(ctx: Context, tok):
    """Who a phrase names as doing something: an entity in it, or armed men named by a word
    before them ("Redland rebels", "tarvel gunmen" where Tarvel is known) as a Group."""
    # the phrase without its place or time phrases ("terrorists at Tarvel town"), "of" kept
    # ("an affiliate of the Red Hand")
    phrase, todo = [], [tok]
    while todo:
        t = todo.pop()
        phrase.append(t)
        todo += [c for c in t.children if c.dep_ != "prep" or c.lower_ == "of"]
    # a body or person before a place: "an affiliate of the Red Hand in Velland"
    for t in sorted(phrase, key=lambda t: (ctx.entity_at(t.i) is None or ctx.entity_at(t.i).root_class == "Location",
                                           t.i != tok.i, t.i)):
        if (ent := ctx.entity_at(t.i)) is not None and ent.root_class in ACTOR_CLASSES \
                and not (ent.root_class == "Location" and tok.lower_ in GROUP_NOUNS):  # "Velland rebels"
            return ent, sorted(phrase, key=lambda t: t.i)
    if tok.lower_ not in GROUP_NOUNS:
        return None, []
    mods = [c for c in tok.lefts if c.dep_ in {"compound", "amod", "nmod"} and not c.like_num]
    if not mods:
        return None, []
    name = " ".join(t.text for m in mods for t in m.subtree)
    for root in ("Organization", "Person", "Group"):
        if (known := ctx.find(root, name)) is not None:
            return known, sorted(phrase, key=lambda t: t.i)
    if not any(t.text[:1].isupper() for m in mods for t in m.subtree):
        return None, []  # "masked gunmen" names nobody
    group = next((e for e in ctx.entities.values() if e.cls == "Group" and e.label.split()[:len(name.split())]
                  == name.split()), None)
    label = f"{name} {tok.text}"
    if group is None:
        group = ctx.add_entity("Group", label)
    group.alt_labels.add(label)
    return group, sorted(phrase, key=lambda t: t.i)


def _places(ctx: Context, prep) -> tuple[list, list]:
    """The places of a place phrase, nested ones too: "in Tarvel district of Velland",
    "at the Grand Hotel in Velland's Tarvel town" → each place, and the phrase's tokens."""
    objs = [t for t in prep.subtree if t.i != prep.i]
    out, todo = [], [o for o in prep.children if o.dep_ == "pobj"]
    while todo:
        t = todo.pop(0)
        ent = ctx.entity_at(t.i)
        if ent is not None and ent.root_class == "Location" and ent not in out:
            out.append(ent)
        for c in t.children:
            if c.dep_ in {"poss", "compound", "nmod", "appos", "conj", "pobj"}:
                todo.append(c)
            elif c.dep_ == "prep" and c.lower_ in NESTING_PREPS:
                todo.append(c)
    return out, [prep] + objs


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
    ev = EventMention(tok, kind, verbal=tok.pos_ == "VERB" and not _nominal(tok))
    if ev.verbal:
        return _describe_verb(ctx, ev)
    verb = tok.head if tok.dep_ in {"dobj", "nsubjpass", "nsubj"} and tok.head.pos_ in {"VERB", "AUX"} else None
    if tok.dep_ == "pobj" and tok.head.lower_ == "over" and tok.head.head.pos_ == "VERB" \
            and tok.head.head.lemma_ in CHAIR_VERBS:
        verb = tok.head.head  # "presided over the meeting"
    # when: a date inside the noun phrase ("the June 5 attacks") or on the verb that holds it
    when = [t for c in tok.children if c.dep_ in {"nmod", "compound", "npadvmod", "nummod"} for t in c.subtree]
    when += [t for c in tok.children if c.dep_ == "prep" and c.lower_ == "on" for t in c.subtree]
    if verb is not None and verb.lemma_ in HAPPEN_VERBS:
        when += [t for c in verb.children if c.dep_ in {"npadvmod"} for t in c.subtree]
        when += [t for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for t in c.subtree]
    preps = [c for c in tok.children if c.dep_ == "prep"]
    if verb is not None and verb.lemma_ in HAPPEN_VERBS:
        preps += [c for c in verb.children if c.dep_ == "prep"]
    if kind == "Attack":
        # "ten were killed at X on May 3 in an attack": the clause of harm gives where and when
        harm = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "in" else None
        if tok.dep_ == "nsubj" and tok.head.lemma_ in HARM_VERBS:
            harm = tok.head  # "a car bomb attack killed ten in Tarvel on May 3"
        if harm is not None and harm.lemma_ in HARM_VERBS:
            victims = [c for c in harm.children if c.dep_ == "dobj"]  # "killed six people in Tarvel"
            preps += [c for h in [harm] + victims for c in h.children if c.dep_ == "prep" and c.i != tok.head.i
                      and (h.i == harm.i or c.lower_ in PLACE_PREPS)]
            when += [t for c in harm.children if c.dep_ == "npadvmod" for t in c.subtree]
            when += [t for c in harm.children if c.dep_ == "prep" and c.lower_ == "on" for t in c.subtree]
        # "a report on the attack by X at Y, in Z on May 3": phrases after it on its clause's verb
        clause = next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if clause is not None and tok.dep_ == "pobj" and clause.i not in {getattr(verb, "i", -1), getattr(harm, "i", -1)}:
            late = [c for c in clause.children if c.dep_ == "prep" and c.i > tok.i]
            preps += [c for c in late if c.lower_ in PLACE_PREPS]
            when += [t for c in late if c.lower_ == "on" for t in c.subtree]
        # "the Tarvel police shooting": a place named before it; "a Red Hand attack": who did it
        for c in (c for c in tok.children if c.dep_ in {"compound", "nmod"}):
            for ent in ctx.named(c.subtree, {"Location"}):
                ev.places.append((ent, list(c.subtree)))
            for ent in ctx.named(c.subtree, {"Organization", "Group"}):
                ev.perpetrators.append((ent, list(c.subtree)))
    ev.dates = _date_ents(ctx, when)
    ev.days = {t.lower_ for t in when if t.lower_ in WEEKDAYS}
    for prep in preps:
        objs = [t for t in prep.subtree if t.i != prep.i]
        if prep.lower_ in PLACE_PREPS or (prep.lower_ == "on" and kind == "Attack") \
                or (prep.lower_ == "to" and tok.lemma_ == "siege"):
            places, toks = _places(ctx, prep)
            ev.places += [(p, toks) for p in places]
            continue
        ent = ctx.entity_in(objs)
        if ent is None and prep.lower_ != "by":
            continue
        if prep.lower_ == "of" and ent.root_class == "Organization" and kind == "Meeting":
            ev.bodies.append((ent, [prep] + objs))
        elif prep.lower_ == "by" and kind == "Attack":
            for o in (c for c in prep.children if c.dep_ == "pobj"):
                if (who := _actor(ctx, o))[0] is not None:
                    ev.perpetrators.append((who[0], [prep] + who[1]))
        elif prep.lower_ == "between" and kind == "Meeting" and prep.head.i == tok.i:  # "talks between X and Y"
            ev.parties += [(p, [prep] + objs) for p in ctx.named(objs, {"Person", "Organization"})]
        elif prep.lower_ == "with" and kind == "Meeting" and prep.head.i == tok.i:
            ev.parties += [(p, [prep] + objs) for o in prep.children if o.dep_ == "pobj"
                           if (p := _party(ctx, o)) is not None]
    if kind == "Attack":
        ev.claimed = _claimed(ctx, tok)
    if kind == "Meeting" and ev.parties:  # "Velland's talks with Tarvel": the possessor is a side too
        ev.parties = [(p, [c]) for c in tok.children if c.dep_ == "poss"
                      if (p := ctx.entity_at(c.i)) is not None and p.root_class in {"Person", "Organization"}] + ev.parties
    # who: the subject of the verb that chairs it, or that presents "during" it
    if verb is not None and verb.lemma_ in CHAIR_VERBS and kind == "Meeting":
        ev.chairs = [(ctx.entity_at(s.i), s) for s in _subjects(verb) if ctx.entity_at(s.i)]
    if kind == "Meeting" and verb is not None and tok.dep_ == "dobj" and verb.lemma_ in {"hold", "have"}:
        # "X held talks with Y": both sides
        subjects, others = _verb_parties(ctx, verb)
        if others or ev.parties:
            ev.parties = [(p, [verb]) for p in subjects] + ev.parties + [(p, [verb]) for p in others]
    if tok.dep_ == "pobj" and tok.head.lower_ in DURING_PREPS and tok.head.head.lemma_ in PARTICIPATE_VERBS:
        ev.participants = [(ctx.entity_at(s.i), s) for s in _subjects(tok.head.head) if ctx.entity_at(s.i)]
    elif verb is not None and tok.dep_ == "dobj" and verb.lemma_ in {"attend", "join"}:
        if verb.i == ctx.doc.sent_start(verb.i) or verb.nbor(-1).lower_ in {"among", "those"}:
            # "Attending the meeting were A, B and C": everyone named after it (the parse of
            # a long list of titled names rarely keeps them all subjects)
            ev.attendees = [(e, [verb, tok]) for e in ctx.named(ctx.doc[tok.i + 1:ctx.doc.sent_end(tok.i)], {"Person"})]
        else:
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


def _describe_verb(ctx: Context, ev: EventMention) -> EventMention:
    """"Rebels ambushed a convoy in Tarvel on 24 April", "X met Y in Tarvel", "X called on Y"."""
    verb = ev.trigger
    when = [t for c in verb.children if c.dep_ == "npadvmod" for t in c.subtree]
    # "at 9am on May 3": a date anywhere in its time phrases
    when += [t for c in verb.children if c.dep_ == "prep" and c.lower_ in {"on", "at"} for t in c.subtree]
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS]
    if verb.dep_ in {"pcomp", "xcomp"}:
        # "were accused of murdering X at the airport at 9am on May 3": the clause's phrases after it
        clause = next((a for a in verb.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        late = [c for c in clause.children if c.dep_ == "prep" and c.i > verb.i] if clause is not None else []
        when += [t for c in late if c.lower_ in {"on", "at"} for t in c.subtree]
        preps += [c for c in late if c.lower_ in PLACE_PREPS]
    ev.dates = _date_ents(ctx, when)
    ev.days = {t.lower_ for t in when if t.lower_ in WEEKDAYS}
    if ev.kind == "Attack":
        # "ambushed a convoy in Tarvel", "gunmen in Tarvel killed a judge": where the target or
        # the attackers were is where the attack was
        doers = _doers(verb)
        targets = [c for c in verb.children if c.dep_ == "dobj"]
        preps += [c for h in targets + doers for c in h.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS]
    for prep in preps:
        places, toks = _places(ctx, prep)
        ev.places += [(p, toks) for p in places]
    if ev.kind == "Attack":
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        ev.perpetrators = [(who, [verb] + toks) for d in doers for who, toks in [_actor(ctx, d)] if who is not None]
        targets = [c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        for t in targets:  # "gunmen attacked Tarvel"
            if (ent := ctx.entity_at(t.i)) is not None and ent.root_class == "Location":
                ev.places.append((ent, [verb, t]))
    else:
        subjects, others = _verb_parties(ctx, verb)
        ev.parties = [(p, [verb]) for p in subjects + others]
    return ev


def _claimed(ctx: Context, tok) -> list:
    """"an attack claimed by X", "the attack was carried out by X", "X claimed the attack",
    "the bombing was blamed on X": who did it."""
    out = []
    verbs = [c for c in tok.children if c.dep_ in {"acl", "relcl"} and c.lemma_ in PERPETRATE_VERBS]
    if tok.dep_ == "nsubjpass" and tok.head.lemma_ in PERPETRATE_VERBS:
        verbs.append(tok.head)
    for v in verbs:
        for c in v.children:
            if c.dep_ == "agent" or (v.lemma_ == "blame" and c.dep_ == "prep" and c.lower_ == "on"):
                for o in (o for o in c.children if o.dep_ == "pobj"):
                    if (who := _actor(ctx, o))[0] is not None:
                        out.append((who[0], [v, c] + who[1]))
    verb = tok.head if tok.dep_ == "dobj" else None
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lemma_ == "responsibility" \
            and tok.head.head.dep_ == "dobj":
        verb = tok.head.head.head  # "X claimed responsibility for the attack"
    if verb is not None and verb.lemma_ in PERPETRATE_VERBS - {"blame"}:
        for s in _subjects(verb):
            if s.lower_ in {"who", "that", "which"}:  # "the Red Hand, which claimed the attack"
                s = verb.head if verb.dep_ == "relcl" else None
            if s is not None and (who := _actor(ctx, s))[0] is not None:
                out.append((who[0], [verb] + who[1]))
    return out


def _definite(tok) -> bool:
    """"the attack", "this meeting", "their talks", "the murder trial" (a modifier of a noun)."""
    if tok.dep_ in {"compound", "nmod", "amod"}:
        return True
    return any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an", "any", "no", "every", "each"}
               for c in tok.children)


def _place_names(ev: EventMention) -> set[str]:
    """The names of an event's places without their kind: "Tarvel village", "Tarvel district"
    and "Tarvel" are one place at different grain (an article names one town all three ways)."""
    out = set()
    for place, _ in ev.places:
        words = norm(place.label).split()
        if len(words) > 1 and words[-1] in PLACE_KIND_WORDS:
            words = words[:-1]
        out.add(" ".join(words))
    return out


def _compatible(a: EventMention, b: EventMention) -> bool:
    if a.kind != b.kind:
        return False
    if a.dates and b.dates and {d.value for d, _ in a.dates} != {d.value for d, _ in b.dates}:
        return False
    if a.places and b.places and not _place_names(a) & _place_names(b):
        return False
    # "the blast on Sunday" and "gunmen killed a judge on Saturday" are two attacks
    if a.days and b.days and a.days != b.days and not (a.dates and b.dates):
        return False
    # "X met Y" and "Z called on X" are two meetings
    if a.parties and b.parties and {p.key for p, _ in a.parties} != {p.key for p, _ in b.parties}:
        return False
    return True


def _phrase(tok) -> str:
    if tok.pos_ == "VERB" and not _nominal(tok):
        return EVENT_NOUN_OF_VERB.get(tok.lemma_, tok.lemma_)
    mods = [c for c in tok.lefts if c.dep_ in {"amod", "compound"} and c.ent_type_ != "DATE" and not c.is_punct]
    return " ".join([m.text for m in mods] + [tok.text])


def _label(ctx: Context, cluster: list[EventMention]) -> str:
    head = max(cluster, key=lambda e: (len(e.dates) + len(e.places) + len(e.bodies), -e.trigger.i))
    label = _phrase(head.trigger).lower()
    bodies = [b for e in cluster for b, _ in e.bodies]
    places = [p for e in cluster for p, _ in e.places]
    dates = [d for e in cluster for d, toks in e.dates]
    parties = list({p.key: p for e in cluster for p, _ in e.parties}.values())
    if bodies:
        label += f" of {bodies[0].label}"
    elif len(parties) >= 2:  # "talks between Jon Varga and Ana Reis"
        label += f" between {', '.join(p.label for p in parties[:-1])} and {parties[-1].label}"
    if places:
        label += f" in {places[0].label}"
    if dates:
        span = next(toks for e in cluster for d, toks in e.dates if d == dates[0])
        label += " on " + ctx.doc[span[0].i:span[-1].i + 1].text
    elif days := sorted({d for e in cluster for d in e.days}):
        label += " on " + days[0].capitalize()  # the day tells two events of one week apart
    return label


def read_events(ctx: Context) -> None:
    doc = ctx.doc
    # _kind's first test, on the words read once: a trigger word as a lemma or as written
    triggers = [t for t, lemma, word in zip(doc, doc.column("lemma_", lower=True), doc.column("lower_"))
                if lemma in TRIGGER_WORDS or word in TRIGGER_WORDS]
    mentions = [_describe(ctx, t, k) for t in triggers if (k := _kind(t, ctx)) and ctx.entity_at(t.i) is None]
    # a verb alone ("X attacked the plan") is an event only with a place or a date of its own
    mentions = [e for e in mentions if e.anchored or not e.verbal]
    clusters: list[list[EventMention]] = []
    for ev in [e for e in mentions if e.anchored]:
        home = next((c for c in clusters if all(_compatible(ev, o) for o in c)), None)
        if home is None:
            clusters.append([ev])
        else:
            home.append(ev)
    # a bare mention joins the one event of its kind only when it points back at it ("the
    # attack", "this bombing"), not when it speaks of such events at large ("air strikes")
    for ev in [e for e in mentions if not e.anchored and _definite(e.trigger)]:
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
                ctx.fact(event, "occursOn", value, t + toks, rules.EVENT_VERB if e.verbal else rules.EVENT_DATE)
            for place, toks in e.places:
                ctx.fact(event, "occursIn", place, t + toks, rules.EVENT_VERB if e.verbal else rules.EVENT_PLACE)
            for who, toks in e.claimed:
                ctx.fact(event, "perpetratedBy", who, t + toks, rules.ATTACK_CLAIMED)
            for who, toks in e.attendees:
                ctx.fact(who, "participatesIn", event, t + toks, rules.ATTENDING_LIST)
            for body, toks in e.bodies:
                ctx.fact(body, "participatesIn", event, t + toks, rules.MEETING_OF_BODY)
            for who, toks in e.perpetrators:
                ctx.fact(event, "perpetratedBy", who, t + toks, rules.EVENT_VERB if e.verbal else rules.ATTACK_BY)
            for who, toks in e.parties:
                ctx.fact(who, "participatesIn", event, t + toks, rules.MEETING_PARTIES)
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
