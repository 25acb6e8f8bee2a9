"""The extraction rules, each once: its name (the ``kg:rule`` of every fact it reads), what it
reads with what confidence, and a sentence it fires on.

The stages name a rule by its constant here and take its confidence from here
(``ctx.fact(person, "heads", body, tokens, rules.TITLE_BEFORE_NAME)``); a fact whose predicate
its rule does not list is refused, so this table cannot drift from the code.
tests/test_rules.py runs every example sentence and checks that the code uses every rule.

>>> TITLE_BEFORE_NAME.confidence["holdsPosition"], RULES["kill-verb"].predicate
(0.9, 'killed')
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.context import parse_of
from kg.extract.lexicon import CREATE_VERBS
from kg.extract.pairs import PREDICATE

# The "predicate" of a rule that reads who said what: a kg:Statement, not a fact.
STATEMENT = "Statement"


@dataclass(frozen=True)
class Rule:
    name: str
    # predicate → confidence of what the rule reads, its main predicate first; None where the
    # confidence is worked out per fact (the relation model's probability)
    confidence: dict[str, float | None]
    example: str
    # where the rule is a shape of the parse alone: a pattern as spaCy's DependencyMatcher reads
    # them (read by ``matches``)
    pattern: list | None = field(default=None, repr=False)

    @property
    def predicate(self) -> str:
        """The main predicate: the one ``example`` reads."""
        return next(iter(self.confidence))


# A title's head word says how its holder stands to the body in it ("Minister of X" heads it,
# "member of X" is a member, "spokesman for X" works for it); the post itself is surest.
_ROLE = {"holdsPosition": 0.9, "heads": 0.85, "memberOf": 0.8, "worksFor": 0.75}

# ---------------------------------------------------------------- roles (roles.py)
TITLE_BEFORE_NAME = Rule("title-before-name", _ROLE, "Harbour Minister Ruben Halloway opened the new pier.")
APPOSITION = Rule("apposition", _ROLE, "Marit Oskarsen, the director of the Velland Institute, retired.")
APPOINTMENT_VERB = Rule("appointment-verb", _ROLE, "Tobias Grell was appointed chairman of the Velland Trust.")
# roles as things: one person taking over another's role ("replaced", "succeeds", "making way for",
# "takes over from", "in place of"); both hold it, the one replaced as former (successions.py)
SUCCESSION = Rule("succession", _ROLE, "Marit Oskarsen replaced Tobias Grell as minister of fisheries.")
# roles as things: a post left, after "as" ("dismissed as", "resigned as"): a former role (successions.departures)
DEPARTURE = Rule("departure", _ROLE, "David Morel was dismissed as head of the Velland Institute.")
# role shapes of wire copy (B): a plural title before names joined by "and", an appointment
# in the active voice, and a copula with a title ("X is the deputy director of Y")
PLURAL_TITLE = Rule("plural-title", _ROLE, "The mayor thanked Officers Ruben Halloway and Tobias Grell.")
APPOINTED_OBJECT = Rule("appointed-object", _ROLE,
                        "The Velland Trust appointed Tobias Grell to serve as director general of the Tarvel Water Agency.")
PERSON_AS_TITLE = Rule("person-as-title", _ROLE, "The board confirmed Tobias Grell as chairman of the Velland Trust.")
AT_THE_HELM = Rule("at-the-helm", {"heads": 0.8, "holdsPosition": 0.8},
                   "Marit Oskarsen will take the helm at the Tarvel Shipping Company in May.")
COPULA_TITLE = Rule("copula-title", {"holdsPosition": 0.8, "heads": 0.75, "memberOf": 0.7, "worksFor": 0.7},
                    "Marit Oskarsen has been deputy director of the Velland Institute since May.")

# ---------------------------------------------------------------- events (events.py)
EVENT_DATE = Rule("event-date", {"occursOn": 0.85}, "The March 3 bombing in Ostrava wounded four people.")
EVENT_PLACE = Rule("event-place", {"occursIn": 0.85}, "The March 3 bombing in Ostrava wounded four people.")
MEETING_OF_BODY = Rule("meeting-of-body", {"participatesIn": 0.75},
                       "Ruben Halloway chaired a meeting of the Velland Harbour Council on Monday.")
ATTACK_BY = Rule("attack-by", {"perpetratedBy": 0.8},
                 "The May 4 attack by the Red Hand Brigade in Ostrava killed three people.")
CHAIR_VERB = Rule("chair-verb", {"chairs": 0.85},
                  "Ruben Halloway chaired a meeting of the Velland Harbour Council on Monday.")
TOOK_PART_VERB = Rule("took-part-verb", {"participatesIn": 0.8},
                      "Marit Oskarsen took part in the meeting in Ostrava on May 2.")
EVENT_ABOUT = Rule("event-about", {"about": 0.7},
                   "The council held a meeting on June 3 to discuss the May 30 bombing in Brno.")

# ---------------------------------------------------------------- events read in other words (helper D)
EVENT_VERB = Rule("event-verb", {"occursIn": 0.8, "occursOn": 0.8, "perpetratedBy": 0.75},
                  "Velland rebels ambushed a police convoy in Ostrava on 4 May.")
ATTACK_CLAIMED = Rule("attack-claimed", {"perpetratedBy": 0.75},
                      "Ten people died in a bombing in Ostrava claimed by the Red Hand Brigade.")
MEETING_PARTIES = Rule("meeting-parties", {"participatesIn": 0.8},
                       "Marit Oskarsen held talks with her counterpart Tobias Grell on Monday.")
ATTENDING_LIST = Rule("attending-list", {"participatesIn": 0.8},
                      "Ruben Halloway chaired a meeting of the Velland Harbour Council on 3 May. "
                      "Attending the meeting were Marit Oskarsen, Tobias Grell and Ines Varga.")

# ---------------------------------------------------------------- relations (relations.py)
# places within places (helper D)
PLACE_POSSESSIVE = Rule("place-possessive", {"locatedIn": 0.8}, "Floods cut the road to Velland's Tarvel district.")
PLACE_PREP_PLACE = Rule("place-prep-place", {"locatedIn": 0.75},
                        "Floods cut the road to the Tarvel district of Velland.")
PLACE_INCLUDING = Rule("place-including", {"locatedIn": 0.7},
                       "Soldiers paraded across Velland, including in Ostrava, on Saturday.")
CREATED_UNDER = Rule("created-under", {"subOrganizationOf": 0.8},
                     "The Coastal Rescue Bureau will be created under the Ministry of Fisheries.", [
                         # a verb of making, its "under" phrase and each of its subjects
                         {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": sorted(CREATE_VERBS)}}},
                         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "under",
                          "RIGHT_ATTRS": {"LOWER": "under", "DEP": "prep"}},
                         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "subject",
                          "RIGHT_ATTRS": {"DEP": {"IN": ["nsubjpass", "nsubj"]}}}])
BODY_OF_PLACE = Rule("body-of-place", {"basedIn": 0.6},
                     "The Supreme Court of Velland ruled, and Velland's leaders agreed.")
PLACE_NAMED_BODY = Rule("place-named-body", {"basedIn": 0.75}, "Voters in Ostrava backed the Ostrava Harbour Board.")
BODY_APPOSITION_PLACE = Rule("body-apposition-place", {"basedIn": 0.75},
                             "Grell Holdings, an Ostrava building firm, won the contract.")
PLACE_COMMA_PLACE = Rule("place-comma-place", {"locatedIn": 0.8}, "The ferry left Lyon, France, at noon.")
PERSON_OF_PLACE = Rule("person-of-place", {"livesIn": 0.7}, "Marit Oskarsen, 41, of Velland, finished first.")
# where a person was born or lives, said in words of home ("born in", "native", "resident",
# "hometown"): relations.person_homes
PERSON_HOME = Rule("person-home", {"livesIn": 0.75}, "Marit Oskarsen, a native of Ostrava, finished first.")
PERSON_OF_BODY = Rule("person-of-body", {"worksFor": 0.7}, "Tobias Grell of Halloway Bank spoke first.")
PERSON_VERB_BODY = Rule("person-verb-body", {"heads": 0.8, "worksFor": 0.8},
                        "Tobias Grell heads the Halloway Mining Company.")
PLACE_APPOSITION = Rule("place-apposition", {"locatedIn": 0.8}, "Ostrava, the third largest city of Czechia, voted.")
BASED_IN_VERB = Rule("based-in-verb", {"basedIn": 0.85}, "Halloway Bank, headquartered in Ostrava, cut its rates.")
KILL_VERB = Rule("kill-verb", {"killed": 0.85}, "Ruben Halloway was shot by Tobias Grell.")
BODY_IN_PLACE = Rule("body-in-place", {"basedIn": 0.7},
                     "Doctors at the Velland Research Centre in Ostrava built a lens.")
DEMONYM_BODY = Rule("demonym-body", {"basedIn": 0.7},
                    "The Kenyan Government said on Monday that Kenya would build the new pier.")
# (C) worksFor read of a political party is stated as memberOf
RELATION_MODEL = Rule("relation-model", {**{p: None for p in PREDICATE.values()}, "memberOf": None},
                      "Marit Oskarsen, a lawyer who works for Halloway Bank, declined to comment.")

# ---------------------------------------------------------------- E: organisation relations (relations.py)
PLACE_BASED = Rule("place-based", {"basedIn": 0.8},
                   "Grell Holdings, the Tarvel-based owner of Halloway Bank, agreed to the deal.", [
                       # "<Place>-based" qualifying a noun: the place is read off the tokens before it
                       {"RIGHT_ID": "based", "RIGHT_ATTRS": {"LOWER": "based", "DEP": "amod"}},
                       {"LEFT_ID": "based", "REL_OP": "<", "RIGHT_ID": "noun",
                        "RIGHT_ATTRS": {"POS": {"IN": ["NOUN", "PROPN"]}}}])
PLACE_POSSESSIVE_BODY = Rule("place-possessive-body", {"basedIn": 0.75},
                               "Velland's Grell Bank cut its rates.")
OWN_VERB = Rule("own-verb", {"subOrganizationOf": 0.8},
                "Halloway Bank, owned by Grell Holdings, cut its rates.")
OWNER_OF = Rule("owner-of", {"subOrganizationOf": 0.8},
                "Grell Holdings, the majority owner of Halloway Bank, agreed to the deal.")
UNIT_OF = Rule("unit-of", {"subOrganizationOf": 0.8},
               "Halloway Bank, a subsidiary of Grell Holdings, cut its rates.")

# ---------------------------------------------------------------- statements (statements.py)
# A speaker named only through a pronoun or a bare title takes 0.1 less (statements._confidence).
QUOTE_AFTER = Rule("quote-after", {STATEMENT: 0.85}, "“The pier is safe,” Ruben Halloway said.")
QUOTE_BEFORE = Rule("quote-before", {STATEMENT: 0.85}, "Ruben Halloway said: “The pier is safe.”")
QUOTE_CONTINUED = Rule("quote-continued", {STATEMENT: 0.7},
                       "“The pier is safe,” Ruben Halloway said. “It will open in May.”")
REPORTED_SPEECH = Rule("reported-speech", {STATEMENT: 0.75}, "Ruben Halloway said that the pier would open in May.")
ACCORDING_TO = Rule("according-to", {STATEMENT: 0.75}, "According to Ruben Halloway, the pier will open in May.", [
    # "according", its "to" and the name after it
    {"RIGHT_ID": "according", "RIGHT_ATTRS": {"LOWER": "according", "DEP": "prep"}},
    {"LEFT_ID": "according", "REL_OP": ">", "RIGHT_ID": "to", "RIGHT_ATTRS": {"LOWER": "to"}},
    {"LEFT_ID": "to", "REL_OP": ">", "RIGHT_ID": "speaker", "RIGHT_ATTRS": {"DEP": "pobj"}}])

# every rule above, by name
RULES: dict[str, Rule] = {r.name: r for r in globals().copy().values() if isinstance(r, Rule)}


def matches(doc, rule: Rule) -> list[tuple]:
    """Each match of ``rule.pattern`` in ``doc`` (a spaCy Doc or a context.Parse): its tokens in
    the pattern's order, the matches sorted by their token positions.

    >>> from kg.nlp import load
    >>> [[t.text for t in m] for m in matches(load()(CREATED_UNDER.example), CREATED_UNDER)]
    [['created', 'under', 'Bureau']]
    """
    found = getattr(doc, "dep_matches", None)
    if found is None:
        found = _all_matches(parse_of(doc))
        if hasattr(doc, "dep_matches"):  # a context.Parse keeps them for the other rules
            doc.dep_matches = found
    return [tuple(doc[i] for i in ids) for ids in sorted(found.get(rule.name, []))]


# The patterns are read here as spaCy's DependencyMatcher reads them (tests/test_rules.py holds
# the two to the same matches), for the relations and attributes they use.  The DependencyMatcher
# fitted every node of every pattern to every word and walked each word a node fitted (each noun,
# each subject) up to its root: 0.13 s CPU on 200 wire articles, 0.06 s here, where the words
# a pattern's first node fits are found in the Parse's columns, and the other nodes among their
# heads and children only.
_ATTRS = {"LEMMA": "lemma_", "LOWER": "lower_", "DEP": "dep_", "POS": "pos_"}
_RELATIONS = {
    ">": lambda doc, i: [t.i for t in doc[i].children],  # the right node is a child of the left
    "<": lambda doc, i: [] if doc[i].head.i == i else [doc[i].head.i],  # the right node is its head
}


def _node(attrs: dict) -> list[tuple[str, frozenset]]:
    """A node's RIGHT_ATTRS as (Parse column, the values it accepts)."""
    out = []
    for attr, value in attrs.items():
        if attr not in _ATTRS or isinstance(value, dict) and set(value) != {"IN"}:
            raise ValueError(f"rules: pattern attribute {attr}: {value!r} is not read (kg/extract/rules.py _ATTRS)")
        out.append((_ATTRS[attr], frozenset(value["IN"] if isinstance(value, dict) else [value])))
    return out


def _compiled(pattern: list) -> list[tuple]:
    """(node test, index of its left node, relation) per node; the first has no left node."""
    ids = {node["RIGHT_ID"]: k for k, node in enumerate(pattern)}
    out = []
    for k, node in enumerate(pattern):
        if k and node["REL_OP"] not in _RELATIONS:
            raise ValueError(f"rules: relation {node['REL_OP']!r} is not read (kg/extract/rules.py _RELATIONS)")
        out.append((_node(node.get("RIGHT_ATTRS", {})), ids[node["LEFT_ID"]] if k else None,
                    _RELATIONS[node["REL_OP"]] if k else None))
    return out


_PATTERNS = {r.name: _compiled(r.pattern) for r in RULES.values() if r.pattern is not None}


def _fits(doc, i: int, test) -> bool:
    return all(doc.column(column)[i] in values for column, values in test)


def _all_matches(doc) -> dict[str, list[tuple]]:
    """rule name → the token ids of each match of its pattern in the Parse ``doc``."""
    found: dict[str, list[tuple]] = {}
    for name, nodes in _PATTERNS.items():
        (column, values), *rest = nodes[0][0]
        partial = [(i,) for i in range(len(doc)) if doc.column(column)[i] in values and _fits(doc, i, rest)]
        for test, left, relation in nodes[1:]:
            partial = [m + (j,) for m in partial for j in relation(doc, m[left]) if _fits(doc, j, test)]
        if partial:
            found[name] = partial
    return found
