"""Relations between bodies and places that the text states plainly.

Shapes read:
  "The Border Bureau should be created under the Ministry of Y" → subOrganizationOf
  "the Supreme Council of Tarvel" (a body named after a place the text names) → basedIn
  "the Tarvel Harbour Board" (a body whose name starts with a place)      → basedIn
  "Bexley Bank, a Tarvel building firm,"                                   → basedIn
  "Lyon, France" (a place, a comma, a larger place)                        → locatedIn
  "Jane Roe, 50, of Tarvel" / "diver Jane Roe of Tarvel"                   → livesIn
  "Jane Roe was born in Tarvel" / "a native of Tarvel" / "is from Tarvel"  → livesIn
  "Jane Roe of Bexley Bank" / "Jane Roe at the Institute of Optics"        → worksFor
  "Jane Roe, who runs Bexley Bank," / "Jane Roe heads the Board"           → heads
  "Jane Roe works for Bexley Bank"                                         → worksFor
  "Tarvel, the largest city of Moldavia" / "Tarvel, a port on the Y Sea"   → locatedIn
  "Bexley Bank, headquartered in Tarvel" / "X is based in Tarvel"          → basedIn
  "St. Anne Hospital in Tarvel" / "Bexley Bank of Tarvel"                 → basedIn
  "the Kenyan Government" where the text names Kenya                       → basedIn
  "Jane Roe shot Ana Reis" / "Ana Reis, who was killed by Jane Roe"        → killed
  "Velland's Tarvel district" / "Tarvel village of Velland" / "Tarvel in Velland" → locatedIn
  "towns across Velland, including Tarvel"                                 → locatedIn
  "Bexley Bank, the Tarvel-based owner of Y" / "the Tarvel-based Bexley Bank" → basedIn
  "Velland's Bexley Bank"                                                  → basedIn
  "Y, owned by Bexley Bank" / "Bexley Bank owns Y" / "..., which controls Y" → subOrganizationOf
  "Bexley Bank, the majority owner of Y"                                   → subOrganizationOf
  "Y, a subsidiary of Bexley Bank" / "Y, Bexley Bank's Velland unit"       → subOrganizationOf
The relation model (relation_model.py), the stage after this one, reads what no rule has a shape for.
"""
from __future__ import annotations

from kg.extract import rules
from kg.extract.context import Context, norm
from kg.extract.countries import DEMONYMS, country_named
from kg.extract.lexicon import (HEAD_VERBS, HOME_NOUNS, KILL_VERBS, OWN_VERBS, OWNER_NOUNS, PLACE_NOUNS, REGION_WORDS,
                                UNIT_NOUNS)
from kg.extract.scope import scope_bodies


def under_verbs(ctx: Context) -> None:
    """"The Border Bureau should be created under the Ministry of Y" (rules.CREATED_UNDER's
    pattern), the "under" phrases in the order of the text."""
    for verb, under, subj in sorted(rules.matches(ctx.doc, rules.CREATED_UNDER), key=lambda m: (m[1].i, m[2].i)):
        parent = ctx.entity_in([t for t in under.subtree if t.i != under.i])
        child = ctx.entity_at(subj.i)
        if child and parent and child.root_class == parent.root_class == "Organization":
            ctx.fact(child, "subOrganizationOf", parent, [subj, verb, under] + list(under.subtree),
                     rules.CREATED_UNDER)


def bodies_of_places(ctx: Context) -> None:
    places = {norm(e.label): e for e in ctx.entities.values() if e.root_class == "Location"}
    for body in [e for e in ctx.entities.values() if e.root_class == "Organization"]:
        name = norm(body.label)
        if " of " not in name:
            continue
        core, _, where = body.label.rpartition(" of ")
        place = places.get(norm(where))
        if place is not None and body.mentions:
            m = body.mentions[0]
            body.alt_labels.add(core)  # "Supreme Court of X" is also called "the Supreme Court"
            ctx.fact(body, "basedIn", place, ctx.doc.tokens[m.token_start:m.token_end], rules.BODY_OF_PLACE)


def place_comma_place(ctx: Context) -> None:
    """"Jamestown, N.Y." and "Lyon, France": a place, a comma, a larger place.  Lists of places
    ("Israel, Germany and Peru") are not this shape, so a comma or "and" after the second, or a
    comma before the first, rules it out."""
    doc = ctx.doc
    for place in [e for e in ctx.entities.values() if e.root_class == "Location"]:
        for m in place.mentions:
            end = m.token_end
            if end + 1 >= len(doc) or doc[end].text != "," or doc.sent_start(end) != doc.sent_start(m.token_start):
                continue
            outer = ctx.entity_at(end + 1)
            if outer is None or outer.root_class != "Location" or outer.key == place.key:
                continue
            outer_end = end + 1
            while outer_end < len(doc) and ctx.token_entity.get(outer_end) == outer.key:
                outer_end += 1
            if _in_list(ctx, m.token_start - 1, -1) or _in_list(ctx, outer_end, 1):
                continue
            place.alt_labels.add(doc[m.token_start:outer_end].text.rstrip("."))
            ctx.fact(place, "locatedIn", outer, doc.tokens[m.token_start:outer_end], rules.PLACE_COMMA_PLACE)


def _in_list(ctx: Context, i: int, step: int) -> bool:
    """Does a comma or "and" at token i join another place: "Israel, Germany and Peru"?"""
    doc = ctx.doc
    if not 0 <= i < len(doc) or doc[i].lower_ not in {",", "and", "or", "&"}:
        return False
    j = i + step
    if 0 <= j < len(doc) and doc[j].lower_ in {"and", "or", "the"}:
        j += step
    ent = ctx.entity_at(j) if 0 <= j < len(doc) else None
    return ent is not None and ent.root_class == "Location"


def places_in_body_names(ctx: Context) -> None:
    """"the Tarvel Harbour Board", "the U.S. Congress": a body named with its place first,
    whether the model read the place as part of the name or as a name of its own."""
    doc = ctx.doc
    for body in [e for e in ctx.entities.values() if e.root_class == "Organization"]:
        for m in body.mentions:
            if m.token_start > 0 and (place := ctx.entity_at(m.token_start - 1)) is not None \
                    and place.root_class == "Location" and doc[m.token_start - 1].whitespace_:
                start = next(x.token_start for x in place.mentions if x.token_end == m.token_start) \
                    if any(x.token_end == m.token_start for x in place.mentions) else m.token_start - 1
                tokens = doc.tokens[start:m.token_end]
                body.alt_labels.add(doc[start:m.token_end].text)
                ctx.fact(body, "basedIn", place, tokens, rules.PLACE_NAMED_BODY)
                continue
            tokens = doc.tokens[m.token_start:m.token_end]
            for k in range(1, min(4, len(tokens))):
                place = ctx.find("Location", doc[tokens[0].i:tokens[k - 1].i + 1].text)
                if place is not None and place.key != body.key:
                    body.alt_labels.add(doc[tokens[k].i:tokens[-1].i + 1].text)
                    ctx.fact(body, "basedIn", place, tokens, rules.PLACE_NAMED_BODY)
                    break


def person_of_place_or_body(ctx: Context) -> None:
    """A prepositional phrase hung on a person's name: "Jane Roe, 50, of Tarvel" lives there;
    "Jane Roe of Bexley Bank" and "Jane Roe at the Institute" work there."""
    for person in [e for e in ctx.entities.values() if e.root_class == "Person"]:
        for m in person.mentions:
            root = ctx.doc[m.token_start:m.token_end].root
            preps = [c for c in root.children if c.dep_ == "prep" and c.lower_ in {"of", "at", "from"}]
            # "Jane Roe, 50, of Tarvel": the phrase may hang on the age
            preps += [c for n in root.children if n.dep_ in {"appos", "amod", "npadvmod"} and n.like_num
                      for c in n.children if c.dep_ == "prep" and c.lower_ == "of"]
            for prep in preps:
                objs = [t for t in prep.subtree if t.i != prep.i]
                target = ctx.entity_in(objs)
                if target is None or target.key == person.key:
                    continue
                evidence = ctx.doc.tokens[m.token_start:m.token_end] + [prep] + objs
                if target.root_class == "Location" and prep.lower_ in {"of", "from"}:
                    ctx.fact(person, "livesIn", target, evidence, rules.PERSON_OF_PLACE)
                elif target.root_class == "Organization" and prep.lower_ in {"of", "at"}:
                    ctx.fact(person, "worksFor", target, evidence, rules.PERSON_OF_BODY)


def _person_of(ctx: Context, tok):
    """The person a word stands for: a name, or "his"/"her" as the person its clause is about."""
    ent = ctx.entity_at(tok.i)
    if ent is None and tok.lower_ in {"his", "her"}:
        head = tok.head
        while head.dep_ not in {"ROOT", "relcl", "ccomp", "advcl", "conj"} and head.head.i != head.i:
            head = head.head
        ent = next((e for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}
                    and (e := ctx.entity_at(c.i)) is not None), None)
    return ent if ent is not None and ent.root_class == "Person" else None


def _home_places(ctx: Context, noun) -> tuple:
    """The place a home noun names and the tokens that name it: "native of Tarvel", "home in Tarvel",
    "resident of Tarvel", "a Tarvel native", "her Tarvel home"."""
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "in"}):
        objs = [t for t in prep.subtree if t.i != prep.i]
        place = ctx.entity_in(objs)
        if place is not None and place.root_class == "Location":
            return place, [noun, prep] + objs
    mods = [t for c in noun.lefts if c.dep_ in {"compound", "nmod"} for t in c.subtree]
    place = ctx.entity_in(mods)
    if place is not None and place.root_class == "Location":
        return place, [noun] + mods
    return None, []


def person_homes(ctx: Context) -> None:
    """Where a person was born or lives, in the words news uses for it: "Jane Roe was born in
    Tarvel", "Jane Roe, born in Tarvel,", "Jane Roe is a native of Tarvel", "Jane Roe, a
    resident of Tarvel,", "Jane Roe, a Tarvel native,", "Jane Roe's hometown of Tarvel", "in
    her native Tarvel", "at her home in Tarvel", "Jane Roe is from Tarvel"."""
    doc = ctx.doc
    for verb in doc.having("lemma_", {"bear"}):
        if verb.lower_ != "born":
            continue
        people = [verb.head] if verb.dep_ in {"acl", "relcl"} else \
            [c for c in verb.children if c.dep_ in {"nsubjpass", "nsubj"}]
        people = [p for t in people if (p := _person_of(ctx, t)) is not None]
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "at", "near"}):
            objs = [t for t in prep.subtree if t.i != prep.i]
            place = ctx.entity_in(objs)
            if place is None or place.root_class != "Location":
                continue
            for person in people:
                ctx.fact(person, "livesIn", place, [verb, prep] + objs, rules.PERSON_HOME)
    for verb in doc.having("lemma_", {"be"}):  # "Jane Roe is from Tarvel"
        people = [p for c in verb.children if c.dep_ == "nsubj" and (p := _person_of(ctx, c)) is not None]
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from" and people):
            objs = [t for t in prep.subtree if t.i != prep.i]
            place = ctx.entity_in(objs)
            if place is not None and place.root_class == "Location":
                for person in people:
                    ctx.fact(person, "livesIn", place, [verb, prep] + objs, rules.PERSON_HOME)
    for noun in doc.having("lemma_", HOME_NOUNS, lower=True):
        if noun.dep_ == "amod" and noun.lower_ == "native":  # "in his native Tarvel"
            place = ctx.entity_at(noun.head.i)
            owner = next((c for c in noun.head.children if c.dep_ == "poss"), None)
            person = _person_of(ctx, owner) if owner is not None else None
            if person is not None and place is not None and place.root_class == "Location":
                ctx.fact(person, "livesIn", place, [owner, noun, noun.head], rules.PERSON_HOME)
            continue
        if noun.pos_ not in {"NOUN", "ADJ"}:
            continue
        place, tokens = _home_places(ctx, noun)
        if place is None:
            continue
        holders = [c for c in noun.children if c.dep_ == "poss"]  # "Jane Roe's hometown of Tarvel"
        if noun.dep_ == "conj" and noun.head.dep_ == "appos":  # "Jane Roe, a lawyer and a Tarvel native,"
            noun = noun.head
        if noun.dep_ == "appos":  # "Jane Roe, a native of Tarvel,"
            holders.append(noun.head)
        elif noun.dep_ == "attr":  # "Jane Roe is a native of Tarvel"
            holders += [c for c in noun.head.children if c.dep_ == "nsubj"]
        for person in {p.key: p for t in holders if (p := _person_of(ctx, t)) is not None}.values():
            ctx.fact(person, "livesIn", place, holders + tokens, rules.PERSON_HOME)


def person_verbs_body(ctx: Context) -> None:
    """"Jane Roe heads the Board", "Jane Roe, who runs Bexley Bank", "Jane Roe works for Y"."""
    for tok in ctx.doc.having("pos_", {"VERB", "AUX"}):
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if tok.dep_ == "relcl" and any(s.lower_ in {"who", "that"} for s in subjects):
            subjects = [tok.head]  # "Jane Roe, who runs Y": the clause's subject is its antecedent
        people = [p for s in subjects if (p := ctx.entity_at(s.i)) is not None and p.root_class == "Person"]
        if not people:
            continue
        if tok.lemma_ in HEAD_VERBS:
            targets = [(c, "heads") for c in tok.children if c.dep_ == "dobj"]
        elif tok.lemma_ == "work":
            targets = [(o, "worksFor") for c in tok.children if c.dep_ == "prep" and c.lower_ in {"for", "at"}
                       for o in c.children if o.dep_ == "pobj"]
        else:
            continue
        for obj, predicate in targets:
            body = ctx.entity_in(list(obj.subtree))
            if body is not None and body.root_class == "Organization":
                for person in people:
                    ctx.fact(person, predicate, body, [tok] + list(obj.subtree), rules.PERSON_VERB_BODY)


def body_apposition_place(ctx: Context) -> None:
    """"Bexley Bank, a Tarvel building firm,": the place qualifying the apposed noun."""
    for body in [e for e in ctx.entities.values() if e.root_class == "Organization"]:
        for m in body.mentions:
            root = ctx.doc[m.token_start:m.token_end].root
            for noun in (c for c in root.children if c.dep_ == "appos"):
                mods = [t for c in noun.lefts if c.dep_ in {"compound", "nmod", "amod"} for t in c.subtree]
                place = ctx.entity_in(mods)
                if place is not None and place.root_class == "Location":
                    ctx.fact(body, "basedIn", place, [root, noun] + mods, rules.BODY_APPOSITION_PLACE)


def place_appositions(ctx: Context) -> None:
    """"Tarvel, the largest city of Moldavia", "Tarvel, a port on the Y Sea"."""
    for place in [e for e in ctx.entities.values() if e.root_class == "Location"]:
        for m in place.mentions:
            root = ctx.doc[m.token_start:m.token_end].root
            for noun in (c for c in root.children if c.dep_ == "appos" and c.lemma_.lower() in PLACE_NOUNS):
                if _names_the_unit(noun):
                    continue
                for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "in", "on", "near"}):
                    objs = [t for t in prep.subtree if t.i != prep.i]
                    outer = ctx.entity_in(objs)
                    if outer is not None and outer.root_class == "Location" and outer.key != place.key:
                        ctx.fact(place, "locatedIn", outer, [root, noun, prep] + objs, rules.PLACE_APPOSITION)


def _names_the_unit(noun) -> bool:
    """"Tarvel, the southern province of Velland, ...": "the province of Velland" names
    Velland itself (a list of provinces), where "Tarvel, a district of Velland" and "Tarvel,
    the largest city of Velland" put Tarvel in it."""
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
    ranked = any(c.tag_ in {"JJS", "RBS"} or c.dep_ == "amod" and c.lower_ in {"first", "second", "third"}
                 for c in noun.children)
    return definite and not ranked and noun.lemma_.lower() in REGION_WORDS


def based_in_verbs(ctx: Context) -> None:
    """"Bexley Bank, headquartered in Tarvel," and "the bank is based in Tarvel"."""
    for verb in ctx.doc.having("lemma_", {"headquarter", "base", "headquartered", "based"}):
        if verb.dep_ in {"acl", "relcl", "amod"}:
            subjects = [verb.head]
        else:
            subjects = [c for c in verb.children if c.dep_ in {"nsubjpass", "nsubj"}]
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}):
            place = ctx.entity_in([t for t in prep.subtree if t.i != prep.i])
            for subj in subjects:
                body = ctx.entity_at(subj.i)
                if body is not None and place is not None and body.root_class == "Organization" \
                        and place.root_class == "Location":
                    ctx.fact(body, "basedIn", place, [subj, verb] + list(prep.subtree), rules.BASED_IN_VERB)


def kill_verbs(ctx: Context) -> None:
    """"X shot Y", "Y was killed by X", "Y, who was stabbed by X"; never when negated."""
    for verb in ctx.doc.having("lemma_", KILL_VERBS):
        if verb.pos_ != "VERB" or any(c.dep_ == "neg" for c in verb.children):
            continue
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            victims = [c for c in verb.children if c.dep_ == "nsubjpass"]
            killers = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        else:
            victims = [c for c in verb.children if c.dep_ == "dobj"]
            killers = [c for c in verb.children if c.dep_ == "nsubj"]
        if verb.dep_ == "relcl":  # "Y, who was shot by X": the clause's "who" is its antecedent
            victims = [verb.head if v.lower_ in {"who", "whom", "that"} else v for v in victims]
            killers = [verb.head if k.lower_ in {"who", "that"} else k for k in killers]
        for k in killers:
            for v in victims:
                killer, victim = ctx.entity_at(k.i), ctx.entity_at(v.i)
                if killer and victim and killer.root_class == victim.root_class == "Person":
                    ctx.fact(killer, "killed", victim, [k, verb, v], rules.KILL_VERB)


def body_in_place(ctx: Context) -> None:
    """"St. Anne Hospital in Tarvel", "scientists at the Optics Centre in Tarvel", "Bexley
    Bank Inc. of Tarvel": a place phrase hung on a body's name is where the body is."""
    for body in [e for e in ctx.entities.values() if e.root_class == "Organization"]:
        for m in body.mentions:
            root = ctx.doc[m.token_start:m.token_end].root
            for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in {"in", "at", "of"}):
                objs = [t for t in prep.subtree if t.i != prep.i]
                place = ctx.entity_in(objs)
                if place is not None and place.root_class == "Location":
                    ctx.fact(body, "basedIn", place, [root, prep] + objs, rules.BODY_IN_PLACE)


def bodies_of_demonyms(ctx: Context) -> None:
    """"the Kenyan Government", "the Kenyan Foreign Ministry": a body named with a nation's
    adjective is based in that nation where the text names it (a country of the general table,
    kg/extract/countries.py)."""
    doc = ctx.doc
    countries = {}
    for place in (e for e in ctx.entities.values() if e.root_class == "Location"):
        for name in {place.label} | place.alt_labels:
            if (country := country_named(name)) is not None:
                countries.setdefault(country, place)
    if not countries:
        return
    for body in [e for e in ctx.entities.values() if e.root_class == "Organization"]:
        for m in body.mentions:
            words = doc.tokens[m.token_start:m.token_end]
            if not words:
                continue
            first = words[1] if words[0].lower_ == "the" and len(words) > 1 else words[0]
            country = DEMONYMS.get(first.lower_) if first.text[:1].isupper() else None
            if country in countries:
                ctx.fact(body, "basedIn", countries[country], words, rules.DEMONYM_BODY)
                break


def places_in_places(ctx: Context) -> None:
    """"Velland's Tarvel district", "Tarvel village of Velland", "Tarvel district in Velland":
    a place hung on a place by a possessive, "of" or "in" lies in it.  A place already said
    to hold the other is left alone (two shapes never make a loop)."""
    doc = ctx.doc
    for place in [e for e in ctx.entities.values() if e.root_class == "Location"]:
        for m in place.mentions:
            root = doc[m.token_start:m.token_end].root
            heads = [root]
            if root.dep_ == "compound" and root.head.i >= m.token_end and root.head.lemma_.lower() in PLACE_NOUNS | {
                    "neighborhood", "neighbourhood", "quarter"}:
                heads.append(root.head)  # "Velland's Tarvel neighbourhood": the noun holds the possessive
            for c in (c for h in heads for c in h.children):
                if c.dep_ == "poss":
                    outer, tokens, rule = ctx.entity_at(c.i), [c, root], rules.PLACE_POSSESSIVE
                elif c.dep_ == "prep" and c.lower_ in {"of", "in"} and c.i == m.token_end:  # right after it
                    objs = [o for o in c.children if o.dep_ == "pobj"]
                    outer = ctx.entity_at(objs[0].i) if objs else None
                    tokens, rule = [root, c] + objs, rules.PLACE_PREP_PLACE
                else:
                    continue
                if outer is None or outer.root_class != "Location" or outer.key == place.key:
                    continue
                if any(f.subject == outer.key and f.object == place.key and f.predicate == "locatedIn"
                       for f in ctx.facts):
                    continue
                ctx.fact(place, "locatedIn", outer, doc.tokens[m.token_start:m.token_end] + tokens, rule)


def places_including(ctx: Context) -> None:
    """"towns across Velland, including Tarvel", "in Velland, including in Tarvel": the places
    "including" lists after a place of "across/in/throughout" lie in it."""
    doc = ctx.doc
    for inc in (t for t in doc.having("lower_", {"including"}) if t.i >= 2 and doc[t.i - 1].text == ","):
        outer = ctx.entity_at(inc.i - 2)
        if outer is None or outer.root_class != "Location" or doc.sent_start(inc.i - 2) != doc.sent_start(inc.i):
            continue
        head = doc[inc.i - 2]
        while head.dep_ in {"compound", "amod"} and head.head.i < inc.i:
            head = head.head
        if head.dep_ != "pobj" or head.head.lower_ not in {"across", "in", "throughout", "around"}:
            continue
        for inner in ctx.named([t for t in inc.subtree if t.i > inc.i], {"Location"}):
            if inner.key != outer.key:
                ctx.fact(inner, "locatedIn", outer, [head.head, head, inc] + list(inc.subtree), rules.PLACE_INCLUDING)
# ---------------------------------------------------------------- E: organisation relations


def _body_of_noun(ctx: Context, noun):
    """The body a common noun stands for: itself named ("the Tarvel-based Bexley Bank"), or the
    name it is in apposition to ("Bexley Bank, the Tarvel-based owner of Y")."""
    for tok in [noun] + [c for c in noun.children if c.dep_ in {"appos", "compound"}] + \
            ([noun.head] if noun.dep_ == "appos" else []):
        ent = ctx.entity_at(tok.i)
        if ent is not None and ent.root_class == "Organization":
            return ent
    return None


def place_based(ctx: Context) -> None:
    """"X, the Tarvel-based owner of Y", "the Tarvel, Velland-based company": the place before
    "-based" (and one before it and a comma) is where the body the noun stands for is."""
    doc = ctx.doc
    for based, noun in rules.matches(doc, rules.PLACE_BASED):
        i = based.i
        if i < 2 or doc[i - 1].text not in {"-", "\u2013"}:
            continue
        place = ctx.entity_at(i - 2)
        body = _body_of_noun(ctx, noun)
        if place is None or place.root_class != "Location" or body is None:
            continue
        start = i - 2
        while start > 0 and ctx.token_entity.get(start - 1) == place.key:
            start -= 1
        places = [place]
        if start >= 2 and doc[start - 1].text == "," and (outer := ctx.entity_at(start - 2)) is not None \
                and outer.root_class == "Location" and outer.key != place.key:
            places.append(outer)  # "the Tarvel, Velland-based company": in Tarvel, in Velland
        for where in places:
            ctx.fact(body, "basedIn", where, [doc[start - 2] if where is not place else doc[start], based, noun],
                     rules.PLACE_BASED)


def _org(ctx: Context, tok):
    ent = ctx.entity_at(tok.i)
    return ent if ent is not None and ent.root_class == "Organization" else None


def _objects(verb, dep: str) -> list:
    """The objects of ``verb`` of one kind: "dobj", or "agent" (the noun after "by")."""
    if dep == "agent":
        return [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    return [c for c in verb.children if c.dep_ == dep]


def owned_bodies(ctx: Context) -> None:
    """Which body holds which, from the words around a body's name: "Y, owned by X",
    "X owns Y", "X, the majority owner of Y", "Y, a subsidiary of X", "Y, X's Velland unit",
    "X, the company that controls Y"; and "Velland's X" is based in Velland."""
    doc = ctx.doc
    for body in [e for e in ctx.entities.values() if e.root_class == "Organization"]:
        for m in body.mentions:
            root = doc[m.token_start:m.token_end].root
            start = m.token_start
            if start >= 2 and doc[start - 1].lower_ in {"'s", "\u2019s"} and \
                    (place := ctx.entity_at(start - 2)) is not None and place.root_class == "Location":
                ctx.fact(body, "basedIn", place, [doc[start - 2], doc[start - 1], root], rules.PLACE_POSSESSIVE_BODY)
            if start >= 2 and m.token_end < len(doc) and doc[m.token_end].lower_ in UNIT_NOUNS and \
                    doc[start - 1].lower_ in {"'s", "\u2019s"} and (parent := _org(ctx, doc[start - 2])):
                # "X's Halloway Mobile unit"
                ctx.fact(body, "subOrganizationOf", parent, [doc[start - 2], root, doc[m.token_end]], rules.UNIT_OF)
            verb = root.head
            if verb.lemma_ in OWN_VERBS and root.dep_ in {"nsubj", "nsubjpass"}:
                # "X owns Y" / "Y is owned by X"
                for obj in _objects(verb, "dobj" if root.dep_ == "nsubj" else "agent"):
                    if (other := _org(ctx, obj)) is not None:
                        child, parent = (other, body) if root.dep_ == "nsubj" else (body, other)
                        ctx.fact(child, "subOrganizationOf", parent, [root, verb, obj], rules.OWN_VERB)
            for clause in (c for c in root.children if c.dep_ in {"acl", "relcl"} and c.lemma_ in OWN_VERBS):
                _owning_clause(ctx, body, root, clause)
            for noun in (c for c in root.children if c.dep_ == "appos"):
                lemma = noun.lemma_.lower()
                for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
                    for obj in (o for o in prep.children if o.dep_ == "pobj"):
                        if (other := _org(ctx, obj)) is None:
                            continue
                        if lemma in OWNER_NOUNS:  # "X, the majority owner of Y"
                            ctx.fact(other, "subOrganizationOf", body, [root, noun, prep, obj], rules.OWNER_OF)
                        elif lemma in UNIT_NOUNS:  # "Y, a subsidiary of X"
                            ctx.fact(body, "subOrganizationOf", other, [root, noun, prep, obj], rules.UNIT_OF)
                if lemma in UNIT_NOUNS:  # "Y, X's Velland unit"
                    for owner in (c for c in noun.children if c.dep_ == "poss"):
                        if (other := _org(ctx, owner)) is not None:
                            ctx.fact(body, "subOrganizationOf", other, [root, owner, noun], rules.UNIT_OF)
                for clause in (c for c in noun.children if c.dep_ in {"acl", "relcl"} and c.lemma_ in OWN_VERBS):
                    _owning_clause(ctx, body, root, clause)  # "X, the company that controls Y"


def _owning_clause(ctx: Context, body, root, clause) -> None:
    """"Y, owned by X" / "Y, which is owned by X" (body Y) and "X, which owns Y" (body X)."""
    owners = [o for o in _objects(clause, "agent") if _org(ctx, o)]
    for obj in owners:
        ctx.fact(body, "subOrganizationOf", _org(ctx, obj), [root, clause, obj], rules.OWN_VERB)
    if not owners and any(c.dep_ == "nsubj" and c.lower_ in {"which", "that"} for c in clause.children):
        for obj in _objects(clause, "dobj"):
            if (other := _org(ctx, obj)) is not None:
                ctx.fact(other, "subOrganizationOf", body, [root, clause, obj], rules.OWN_VERB)


def read_relations(ctx: Context) -> None:
    body_in_place(ctx)
    place_appositions(ctx)
    based_in_verbs(ctx)
    kill_verbs(ctx)
    under_verbs(ctx)
    bodies_of_places(ctx)
    places_in_body_names(ctx)
    body_apposition_place(ctx)
    place_comma_place(ctx)
    places_in_places(ctx)
    places_including(ctx)
    person_of_place_or_body(ctx)
    person_homes(ctx)
    person_verbs_body(ctx)
    place_based(ctx)
    owned_bodies(ctx)
    bodies_of_demonyms(ctx)
    scope_bodies(ctx)  # last: it reads the basedIn facts above
