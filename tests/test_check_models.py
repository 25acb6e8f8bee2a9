"""tools/check_models.py: retrained models are judged by what they do, within a tolerance."""
from __future__ import annotations

import doctest
import importlib.util
import subprocess
import sys
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal

from kg.graph.vocab import V

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "check_models.py"
spec = importlib.util.spec_from_file_location("check_models", SCRIPT)
check_models = sys.modules["check_models"] = importlib.util.module_from_spec(spec)  # dataclasses look it up
spec.loader.exec_module(check_models)
Behaviour, differences, facts = check_models.Behaviour, check_models.differences, check_models.facts

FACT = ("Ann Roe", "heads", "Tax Office")
SHIPPED = Behaviour(0.820, 0.580, frozenset({FACT}))


def test_its_docstring_examples_hold():
    assert doctest.testmod(check_models).failed == 0


def test_scores_within_the_tolerance_and_the_same_facts_agree():
    assert differences(SHIPPED, Behaviour(0.830, 0.570, SHIPPED.facts)) == []
    assert differences(SHIPPED, SHIPPED) == []


def test_a_score_past_the_tolerance_either_way_is_named():
    lower = differences(SHIPPED, Behaviour(0.820, 0.565, SHIPPED.facts))
    higher = differences(SHIPPED, Behaviour(0.835, 0.580, SHIPPED.facts))
    assert len(lower) == 1 and lower[0].startswith("relation F1 0.565")
    assert len(higher) == 1 and higher[0].startswith("entity F1 0.835")
    assert differences(SHIPPED, Behaviour(0.835, 0.580, SHIPPED.facts), tolerance=0.02) == []


def test_a_fact_read_by_one_set_only_is_named_with_the_set():
    extra = ("Ann Roe", "livesIn", "Vellmar")
    found = differences(SHIPPED, Behaviour(0.820, 0.580, frozenset({FACT, extra})))
    assert found == ["examples: 1 fact only the retrained models read: Ann Roe livesIn Vellmar"]


def test_facts_are_read_by_label_and_ignore_provenance(tmp_path):
    g = Graph()
    roe, office, note = V.namespace["p1"], V.namespace["o1"], V.namespace["a1"]
    g.add((roe, RDF.type, V.Person))
    g.add((roe, RDFS.label, Literal("Ann Roe")))
    g.add((office, RDF.type, V.Organization))
    g.add((office, RDFS.label, Literal("Tax Office")))
    g.add((roe, V.heads, office))
    g.add((note, RDF.type, V.Assertion))
    g.add((note, RDFS.label, Literal("an assertion")))
    g.serialize(tmp_path / "g.ttl", format="turtle")
    assert facts(tmp_path / "g.ttl") == {("Ann Roe", "a", "Person"), ("Tax Office", "a", "Organization"), FACT}


def test_a_folder_without_models_is_one_line_and_exit_2(tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "ner.bin" in done.stderr and done.stdout == ""
