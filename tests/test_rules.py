"""The table of extraction rules (kg/extract/rules.py) against the code: every rule in it is
used, every rule used is in it, and each fires on its own example sentence with its predicate
and the table's confidence."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kg.extract import entities_of, extract, rules
from kg.extract.rules import RULES, STATEMENT, Rule
from kg.model import Document

PACKAGE = Path(rules.__file__).resolve().parents[1]


def _rules_named_in_code() -> set[str]:
    """The ``rules.X`` names kg's modules refer to."""
    named = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "rules":
                named.add(node.attr)
    return named


def test_the_code_uses_every_rule_of_the_table_and_no_other():
    in_table = {name for name, value in vars(rules).items() if isinstance(value, Rule)}
    named = _rules_named_in_code()
    assert named - set(vars(rules)) == set(), "the code names rules the table does not hold"
    assert in_table - named == set(), "rules in the table that no code uses"
    assert len(RULES) == len(in_table), "two constants share a rule name"


@pytest.mark.parametrize("rule", RULES.values(), ids=RULES.keys())
def test_each_rule_fires_on_its_example(nlp, rule):
    ex = extract(Document("t", rule.example, "t.txt"), nlp(rule.example))
    read = [(f.predicate, f.provenance) for f in ex.facts] + [(STATEMENT, s.provenance) for s in ex.statements]
    mine = [(predicate, prov.confidence) for predicate, prov in read if prov.rule == rule.name]
    assert rule.predicate in {predicate for predicate, _ in mine}, f"{rule.name} read {read}"
    for predicate, confidence in mine:
        assert predicate in rule.confidence
        if rule.confidence[predicate] is not None:
            assert confidence == rule.confidence[predicate]


def test_a_fact_its_rule_does_not_list_is_refused(nlp):
    ctx = entities_of("Ruben Halloway met Tobias Grell.", nlp)
    a, b = ctx.entities.values()
    with pytest.raises(ValueError, match="kill-verb reads no heads"):
        ctx.fact(a, "heads", b, list(ctx.doc), rules.KILL_VERB)
    ctx.fact(a, "killed", b, list(ctx.doc), rules.KILL_VERB)
    assert [(f.predicate, f.provenance.rule, f.provenance.confidence) for f in ctx.facts] == \
        [("killed", "kill-verb", 0.85)]


# Sentences with and without the patterns' shapes: two in one sentence, a shape without its
# subject, the shape's words in other roles.
SHAPES = [
    "The Dune Survey Office was created under the Ministry of Sand, and the Reef Desk was formed under it too.",
    "According to Orla Venn, the Tarn-based Pell Mining and the Corvan-based Eskel Bank merged.",
    "Under the plan, officials created a fund according to the budget.",
    "According to the report and according to Brin Oast, the Lakeside Unit was established under the Board.",
]


def test_patterns_are_read_as_spacys_dependency_matcher_reads_them(nlp):
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(nlp.vocab)
    for rule in RULES.values():
        if rule.pattern is not None:
            matcher.add(rule.name, [rule.pattern])
    found = 0
    for doc in nlp.pipe([rule.example for rule in RULES.values()] + SHAPES):
        by_spacy = sorted((nlp.vocab.strings[key], tuple(ids)) for key, ids in matcher(doc))
        by_kg = sorted((rule.name, tuple(t.i for t in match)) for rule in RULES.values() if rule.pattern is not None
                       for match in rules.matches(doc, rule))
        assert by_kg == by_spacy, doc.text
        found += len(by_kg)
    assert found >= 8  # the sentences have the shapes
