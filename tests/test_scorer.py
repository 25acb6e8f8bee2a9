"""The shared scorer on the shared article: the issue's quality floor, the stronger target, and the
issue's acceptance question.  Needs ../shared beside the repository; skipped without it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
ARTICLE = SHARED / "corpus" / "aktobe-security-council.txt"
GOLD = SHARED / "eval" / "gold" / "aktobe-security-council.json"
ONTOLOGY = REPO / "ontology" / "kg.ttl"

KG = [sys.executable, "-m", "kg.cli"]
SCORE_LINE = re.compile(r"^SCORE((?: \w+=[0-9.]+)+)\s*$")


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "KG_SPACY_MODEL"}


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    missing = [p for p in (SCORER, ARTICLE, GOLD) if not p.exists()]
    if missing:
        # the shared folder is a sibling checkout, not part of this repository: no CI can require it
        pytest.skip(f"shared evaluation files absent: {', '.join(str(p) for p in missing)}")
    out = tmp_path_factory.mktemp("scored") / "out"
    proc = subprocess.run([*KG, "build", str(ARTICLE), "--out", str(out)], capture_output=True, text=True,
                          env=_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def score(graph) -> dict[str, float]:
    proc = subprocess.run([sys.executable, str(SCORER), str(graph), str(GOLD), "--ontology", str(ONTOLOGY)],
                          capture_output=True, text=True, env=_env(), cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    match = SCORE_LINE.match(last)
    assert match, f"no SCORE line at the end of the scorer's output: {last!r}"
    values = dict(pair.split("=") for pair in match.group(1).split())
    return {k: float(v) for k, v in values.items()}


@pytest.mark.slow
def test_issue_floor_entity_f1_at_least_080_and_triple_f1_at_least_050(score):
    assert score["entity_f1"] >= 0.80, score
    assert score["triple_f1"] >= 0.50, score


@pytest.mark.slow
def test_stronger_target_entity_f1_at_least_095_and_triple_f1_at_least_090(score):
    assert score["entity_f1"] >= 0.95, score
    assert score["triple_f1"] >= 0.90, score


@pytest.mark.slow
def test_who_heads_the_national_security_committee(graph):
    sparql = (
        'SELECT ?name WHERE { ?p kg:heads ?body . ?body rdfs:label "National Security Committee" . '
        "?p a kg:Person ; rdfs:label ?name }"
    )
    proc = subprocess.run([*KG, "query", str(graph), sparql, "--format", "csv"], capture_output=True, text=True,
                          env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1:] == ["Vladimir Zhumakanov"]
