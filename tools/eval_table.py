"""The quality table of `make eval`: the seed article, the real dev set pooled, CoNLL04 dev, each
against issue 13's targets, then the per-predicate precision on the real set.

    .venv/bin/python tools/eval_table.py [--kg .venv/bin/kg] [--shared ../shared] [--jobs 2]

Every set is built with ``kg build`` into a scratch folder and scored with the shared scorer
(``../shared/eval/score.py``, ``score_set.py``), so the figures are the ones the README's quality
section is copied from.  Exit status 0 whatever the figures: a table to read, not a gate.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (set, measure) → the least figure issue 13 asks for; precision and F1 are the scorer's.
TARGETS = {
    ("seed", "entity_f1"): 0.95, ("seed", "triple_f1"): 0.90,
    ("real", "entity_f1"): 0.92, ("real", "triple_f1"): 0.70, ("real", "triple_p"): 0.80,
    ("conll04-dev", "triple_f1"): 0.65,
}
MEASURES = ("entity_f1", "triple_p", "triple_r", "triple_f1")


def _run(cmd: list[str]) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"eval: {' '.join(cmd[:3])} … failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    return done.stdout


def _figures(line: str) -> dict[str, float]:
    """``SCORE entity_p=0.90 … triple_f1=0.76`` → {"entity_p": 0.9, …}."""
    return {k: float(v) for k, v in (w.split("=") for w in line.split()[1:] if "=" in w)}


def _scorer(evald: Path):
    """The shared scorer (../shared/eval/score.py) as a module: its score() on loaded graphs."""
    sys.path.insert(0, str(evald))
    import score

    return score


def _score(scorer, graph: Path, gold: Path, ontology: Path, predicates: set[str] | None = None) -> dict:
    spec = json.loads(gold.read_text(encoding="utf-8"))
    if predicates is not None:
        spec["predicates"] = sorted(predicates)  # the scorer then counts only these
    return scorer.score(scorer.load_graph([str(graph), str(ontology)]), scorer.Gold(spec))


def _row(result: dict) -> dict[str, float]:
    return {"entity_f1": result["entity_f1"], "triple_p": result["triple_precision"],
            "triple_r": result["triple_recall"], "triple_f1": result["triple_f1"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kg", default=str(ROOT / ".venv" / "bin" / "kg"))
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    python, ontology = sys.executable, ROOT / "ontology" / "kg.ttl"
    scorer, evald = args.shared / "eval" / "score.py", args.shared / "eval"
    rows: dict[str, dict[str, float]] = {}
    extra: list[str] = []
    scorer = _scorer(evald)
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        _run([args.kg, "build", str(args.shared / "corpus"), "--out", str(tmp / "seed")])
        rows["seed"] = _row(_score(scorer, tmp / "seed" / "graph.ttl", evald / "gold" / "aktobe-security-council.json", ontology))
        out = _run([python, str(evald / "score_set.py"), str(evald / "real"), "--kg", args.kg,
                    "--ontology", str(ontology), "--out", str(tmp / "real"), "--jobs", str(args.jobs)])
        rows["real"] = _figures(out.strip().splitlines()[-1])
        # per-predicate precision, pooled: each graph scored for one predicate at a time, so the
        # scorer's own counts (triples stated, triples right) are read exactly
        right, stated = Counter(), Counter()
        for gold in sorted((evald / "real").glob("*.json")):
            graph = tmp / "real" / gold.stem / "graph.ttl"
            for pred in _score(scorer, graph, gold, ontology)["precision_by_predicate"]:
                one = _score(scorer, graph, gold, ontology, {pred})
                stated[pred] += one["triples_extracted"]
                right[pred] += round(one["triple_precision"] * one["triples_extracted"])
        _run([args.kg, "build", str(evald / "conll04" / "dev" / "texts"), "--out", str(tmp / "c04")])
        c04 = _score(scorer, tmp / "c04" / "graph.ttl", evald / "conll04" / "dev" / "gold.json", ontology)
        rows["conll04-dev"] = _row(c04)
        extra.append("CoNLL04 dev recall by relation: " + ", ".join(
            f"{k} {v:.2f}" for k, v in sorted(c04.get("recall_by_relation", {}).items())))
    print("| set | entity F1 | triple P | triple R | triple F1 | targets |")
    print("|---|---|---|---|---|---|")
    for name, fig in rows.items():
        goals = [(m, t) for (s, m), t in TARGETS.items() if s == name]
        verdict = ", ".join(f"{m} ≥ {t:.2f} {'met' if fig[m] >= t - 1e-9 else 'NOT met'}" for m, t in goals)
        print(f"| {name} | " + " | ".join(f"{fig[m]:.2f}" for m in MEASURES) + f" | {verdict} |")
    print()
    print("Real dev set, precision by predicate (pooled): " + ", ".join(
        f"{p} {right[p] / stated[p]:.2f} ({right[p]}/{stated[p]})" for p in sorted(stated, key=lambda p: -stated[p])))
    for line in extra:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
