"""Roles: the titles people hold and the bodies and places they lead, from the words around
their names.

Shapes read (each has a regression test in tests/test_extract_rules.py):
  "Prosecutor General Jane Roe"                 → holdsPosition "Prosecutor General"
  "Minister of Finance Jane Roe"                → heads Ministry of Finance; holdsPosition
  "Border Service Chairman Jane Roe"            → heads Border Service; holdsPosition
  "Akim of the Tarvel region Jane Roe"          → heads Tarvel region; holdsPosition
  "Jane Roe, the Governor of Tarvel,"           → heads Tarvel; holdsPosition
  "Jane Roe, a spokesman for the Border Service" → worksFor Border Service; holdsPosition
  "Jane Roe was named Minister of Finance"      → heads Ministry of Finance; holdsPosition
  "Jane Roe will take over as head of the Board" → heads the Board; holdsPosition
  "Jane Roe replaced John Doe as head of the Board" → both hold it, Doe's role former (successions)
  "John Doe was dismissed as head of the Board"  → heads the Board; holdsPosition; former (departures)
and the shapes of wire copy:
  "interior minister Jane Roe", "police spokesman Jane Roe"          (lower-case titles)
  "Prime Minister Dr Jane Roe"                   → "Prime Minister"; Dr is the name's
  "Officers Jane Roe and John Doe"               → each holds "Officer"
  "party leader and Vice Chancellor Jane Roe"    → both titles
  "Jane Roe has been appointed as the country's Defense Minister", "appointed Jane Roe to serve
  as director general of the Agency", "Velland Mining named Jane Roe its chief executive",
  "Jane Roe, who has served as defence minister", "Jane Roe has been deputy director of the
  Bureau" (a deputy works for the body), "the new finance minister is Jane Roe", "the term of
  Jane Roe as chairman of the Board", "Jane Roe will take the helm at the Board"

Each role read is also kept as a Role (kg.model) with its status ("former Minister X" is
former, "acting head" acting, "President-elect" designate, else current), its start and end
when the text gives them ("since 2017", "from 2012 to 2016"), and the role it took over.

>>> from kg.nlp import load
>>> from kg.extract import extract
>>> from kg.model import Document
>>> text = "Minister of Finance Jane Roe spoke."
>>> ex = extract(Document("d", text, "d"), load()(text))
>>> sorted((ex.entities[f.subject].label, f.predicate, ex.entities[f.object].label) for f in ex.facts)
[('Jane Roe', 'heads', 'Ministry of Finance'), ('Jane Roe', 'holdsPosition', 'Minister of Finance')]
"""
from __future__ import annotations

from kg.extract import rules
from kg.extract.context import Context
from kg.extract.lexicon import APPOINT_VERBS, AS_VERBS, DISMISS_VERBS, LEAVE_VERBS, REPLACE_VERBS, TITLE_HEADS, TITLE_PLURALS
from kg.extract.role_time import verb_status
from kg.extract.successions import departures, successions
from kg.extract.titles import body_words, read_title, role_facts, title_before, title_head, title_noun_facts


def _split_titles(ctx: Context, tokens: list) -> list[list]:
    """"Chief of the Harbour Police Director General Ana Reis": a title naming its body, then a
    second title of the same person; each is read on its own."""
    for k, tok in enumerate(tokens[1:-1], 1):
        ent, nxt = ctx.entity_at(tok.i), tokens[k + 1]
        if ent is not None and ctx.entity_at(nxt.i) is None and title_head(nxt) \
                and any(t.lower_ in {"of", "for", "at"} for t in tokens[:k]) and any(title_head(t) for t in tokens[:k]):
            return [tokens[:k + 1]] + _split_titles(ctx, tokens[k + 1:])
    return [tokens]


def _conjoined_people(ctx: Context, m) -> list:
    """The people joined by "and" to the name of ``m``: "Officers Ana Reis and Tomas Vidal"."""
    found, j, doc = [], m.token_end, ctx.doc
    while j + 1 < len(doc) and doc[j].lower_ in {",", "and"}:
        j += 1 + (doc[j].text == "," and doc[j + 1].lower_ == "and")
        ent = ctx.entity_at(j) if j < len(doc) else None
        if ent is None or ent.root_class != "Person":
            break
        found.append((ent, doc[j]))
        while j < len(doc) and ctx.entity_at(j) is ent:
            j += 1
    return found


def titles_before_names(ctx: Context) -> None:
    for person in [e for e in ctx.entities.values() if e.root_class == "Person"]:
        for m in person.mentions:
            tokens = title_before(ctx, m.token_start)
            if not tokens:
                continue
            person.alt_labels.add(ctx.doc[tokens[0].i:m.token_end].text)
            name = ctx.doc.tokens[m.token_start:m.token_end]
            parts = _split_titles(ctx, tokens)
            if tokens[0].i > 1 and ctx.doc[tokens[0].i - 1].lower_ == "and":
                # "party leader and Vice Chancellor Ana Reis": two titles of one name
                parts = [p for p in [title_before(ctx, tokens[0].i - 1)] if p] + parts
            for part in parts:
                label, head_word, body = read_title(ctx, part)
                role_facts(ctx, person, label, head_word, body, part + name, rules.TITLE_BEFORE_NAME)
                if any(t.lower_ in TITLE_PLURALS for t in part):
                    for other, tok in _conjoined_people(ctx, m):
                        role_facts(ctx, other, label, head_word, body, part + [tok], rules.PLURAL_TITLE)


def appositions(ctx: Context) -> None:
    """"Jane Roe, the Governor of Tarvel," and "the Governor of Tarvel, Jane Roe"."""
    for person in [e for e in ctx.entities.values() if e.root_class == "Person"]:
        for m in person.mentions:
            root = ctx.doc[m.token_start:m.token_end].root
            nouns = [c for c in root.children if c.dep_ == "appos"]
            nouns += [c for n in nouns for c in n.conjuncts if c.i > n.i]  # "X, head of Y and deputy head of Z"
            if root.dep_ == "appos" and (root.head.i > root.i or ctx.doc[m.token_start - 1].text == ","):
                # "the Governor of Tarvel, Jane Roe"; not "... as Deputy Constable, Harbour Chief
                # Jane Roe", whose own title stands before her name
                nouns.append(root.head)
                # "the spokesman of the Harbour Police, Ana Reis,": the parser hangs the name on
                # the body; the title is the noun the body's "of" belongs to
                if ctx.entity_at(root.head.i) is not None and root.head.dep_ == "pobj" and root.head.head.dep_ == "prep" \
                        and ctx.doc[m.token_start - 1].text == ",":
                    nouns.append(root.head.head.head)
            for noun in nouns:
                if not title_head(noun) or ctx.entity_at(noun.i) is not None:
                    continue
                # a title with a name of its own is the next item of a list, not this one's title
                if any((e := ctx.entity_at(t.i)) is not None and e.root_class == "Person" and e is not person
                       for t in noun.subtree):
                    continue
                title_noun_facts(ctx, person, noun, [root], rules.APPOSITION)


def _persons(ctx: Context, tokens) -> list:
    out = []
    for tok in tokens:
        if tok.lower_ in {"who", "that"} and tok.head.dep_ == "relcl":
            tok = tok.head.head  # "Ana Reis, who was named chairman": the name the clause is about
        for name in (tok, *tok.conjuncts):  # "Ana Reis and Tomas Vidal were named ..."
            ent = ctx.entity_at(name.i) or _by_surname(ctx, name)
            if ent is not None and ent.root_class == "Person" and all(ent is not e for e, _ in out):
                out.append((ent, name))
    return out


def _by_surname(ctx: Context, tok):
    """"Reis has been deputy director": a bare surname the model did not tag, of the one person
    the text named in full (roles run before coref joins such names)."""
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.ent_type_:
        return None
    found = [e for e in ctx.entities.values() if e.root_class == "Person" and " " in e.label
             and e.label.rsplit(" ", 1)[1] == tok.text]
    return found[0] if len(found) == 1 else None


def _as_nouns(verb) -> list:
    """The title nouns a verb gives through "as": "appointed as chairman", "served as head"."""
    return [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for o in c.children if o.dep_ == "pobj"]


def _complements(verb) -> list:
    """The title nouns an appointment verb gives: "named chairman", "appointed as chairman",
    "appointed X to serve as chairman", "named X to be its chairman"."""
    nouns = [c for c in verb.children if c.dep_ in {"oprd", "attr"}] + _as_nouns(verb)
    for c in verb.children:
        if c.dep_ in {"xcomp", "ccomp"}:
            if c.pos_ in {"VERB", "AUX"}:
                nouns += [o for o in c.children if o.dep_ in {"attr", "oprd"}] + _as_nouns(c)
            else:
                nouns.append(c)
    return nouns


def appointments(ctx: Context) -> None:
    """"Anna Berg was named Minister of Finance", "Lena Ortiz was appointed chairman of the
    Board", "Tomas Vidal will take over as head of the Board"; and the shapes of wire copy:
    "Velland Mining named Anna Berg its chief executive", "appointed Anna Berg to serve as
    director general of the Agency", "Anna Berg, who has served as defence minister", "Anna
    Berg is the deputy director of the Bureau"."""
    for verb, word, pos in zip(ctx.doc, ctx.doc.column("lower_"), ctx.doc.column("pos_")):
        if (reader := WORD_READERS.get(word)) is not None:
            reader(ctx, verb)
            continue
        if pos not in {"VERB", "AUX"}:
            continue
        appointer = None
        if verb.lemma_ in APPOINT_VERBS:
            subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
            nouns = _complements(verb)
            rule = rules.APPOINTMENT_VERB
            if not subjects:
                # active: "Velland Mining named Anna Berg chief executive"; the name may hang
                # off the title noun ("named [Anna Berg] chief executive")
                subjects = [c for c in verb.children if c.dep_ in {"dobj", "npadvmod"}] + \
                    [c for n in nouns for c in n.children if c.dep_ in {"nmod", "compound", "appos"}]
                doer = ctx.entity_in([c for c in verb.children if c.dep_ == "nsubj"])
                appointer = doer if doer is not None and doer.cls == "Organization" else None
                rule = rules.APPOINTED_OBJECT
        elif verb.lemma_ in AS_VERBS | {"become", "be"}:
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            nouns = _as_nouns(verb)
            rule = rules.APPOINTMENT_VERB
            if verb.lemma_ in {"become", "be"}:
                nouns += [c for c in verb.children if c.dep_ == "attr"]
                rule = rules.COPULA_TITLE if verb.lemma_ == "be" else rule
            if verb.lemma_ == "be" and not _persons(ctx, subjects):
                # "the new finance minister is Ana Reis": the title the subject, the name after
                subjects, nouns = [c for c in verb.children if c.dep_ == "attr"], subjects
        else:
            continue
        if any(c.lower_ in {"not", "n't", "never"} for c in verb.children):
            continue
        nouns += [c for n in nouns for c in n.conjuncts if c.i > n.i]  # "chairman of X and deputy head of Y"
        for person, subj in _persons(ctx, subjects):
            for noun in nouns:
                if (noun.lower_ in TITLE_HEADS or noun.lower_ in TITLE_PLURALS) and ctx.entity_at(noun.i) is None \
                        and noun.i != subj.i:
                    title_noun_facts(ctx, person, noun, [subj, verb], rule, appointer, verb_status(verb))


def person_as_title(ctx: Context, prep) -> None:
    """"the powers of Ana Reis as chairman of the Board", "confirmed Ana Reis as chief
    executive": a name right before "as" and a title."""
    if prep.i == 0:
        return
    j = prep.i - 1 - (ctx.doc[prep.i - 1].text == ",")
    person = ctx.entity_at(j)
    if person is None or person.root_class != "Person" or ctx.entity_at(j + 1) is person:
        return
    if prep.head.lemma_ in DISMISS_VERBS | LEAVE_VERBS | REPLACE_VERBS:
        return  # "dismissed Ana Reis as chairman", "succeeds Ana Reis as chairman": departures, successions
    # "the decree terminating the powers of Ana Reis as chairman": a post left
    left = any(a.lemma_ in DISMISS_VERBS | LEAVE_VERBS for a in prep.ancestors)
    for noun in (c for c in prep.children if c.dep_ == "pobj"):
        if title_head(noun) and ctx.entity_at(noun.i) is None:
            title_noun_facts(ctx, person, noun, [ctx.doc[j], prep], rules.PERSON_AS_TITLE, status="former" if left else None)


def at_the_helm(ctx: Context, helm) -> None:
    """"Ana Reis will take the helm at the Alliance", "Ana Reis, at the helm of the Bank":
    the head of that body."""
    owner = helm.head if helm.dep_ in {"dobj", "pobj"} else None
    if owner is not None and owner.dep_ == "prep":
        owner = owner.head
    if owner is None:
        return
    words = [t for c in list(helm.children) + list(owner.children)
             if c.dep_ == "prep" and c.lower_ in {"of", "at"} and c.i > helm.i for t in body_words(ctx, c)]
    body = ctx.entity_in(words)
    subjects = [c for c in owner.children if c.dep_ in {"nsubj", "nsubjpass"}] or ([owner] if owner.dep_ != "prep" else [])
    if body is None or body.root_class != "Organization":
        return
    for person, subj in _persons(ctx, subjects):
        role_facts(ctx, person, f"head of {body.label}", "head", body, [subj, helm], rules.AT_THE_HELM)


# the word shapes read_roles hands to a reader of their own, in its one pass over the words
WORD_READERS = {"as": person_as_title, "helm": at_the_helm}


def read_roles(ctx: Context) -> None:
    titles_before_names(ctx)
    appositions(ctx)
    appointments(ctx)
    # after the readers above: a succession passes on a role they read in its sentence
    departures(ctx)
    successions(ctx)
