"""Do retrained models behave as the shipped ones?  Behaviour, never bytes: training on another
CPU or BLAS build moves floats (a fresh machine's retrained ner.bin differed from byte 12 on).

    python tools/check_models.py RETRAINED_DIR [--conll04 ../shared/eval/conll04/dev] [--tolerance 0.01]

``make check-models`` runs ``make train`` into a scratch folder and then this.  Each set of
models (the shipped one, and RETRAINED_DIR's through ``KG_MODELS``) builds CoNLL04 dev and the
bundled examples with ``kg build``.  The retrained set must score within the tolerance of the
shipped one in entity F1 and relation F1 (the scorer's triple F1 over CoNLL04's five relations)
and state the same facts on the examples.  Exit 0 when they agree, 1 when not, 2 on bad input.

Example::

    $ python tools/check_models.py /tmp/retrained
    CoNLL04 dev  shipped    entity F1 0.815  relation F1 0.566  examples 158 facts
    CoNLL04 dev  retrained  entity F1 0.815  relation F1 0.571  examples 158 facts
    the retrained models behave as the shipped ones
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal

from kg.graph.vocab import FACT_PREDICATES, ONTOLOGY_FILE, V

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
MODEL_FILES = ("ner.bin", "relations.json")


@dataclass(frozen=True)
class Behaviour:
    """What one set of models does: its CoNLL04 dev scores and the facts it reads in examples/."""
    entity_f1: float
    relation_f1: float
    facts: frozenset[tuple[str, str, str]]


def differences(shipped: Behaviour, retrained: Behaviour, tolerance: float = 0.01) -> list[str]:
    """Each way the retrained models fall outside what the shipped ones do (empty: they agree).

    >>> a = Behaviour(0.82, 0.58, frozenset({("Ann Roe", "heads", "Tax Office")}))
    >>> differences(a, Behaviour(0.815, 0.585, a.facts))
    []
    >>> differences(a, Behaviour(0.80, 0.58, frozenset()))
    ['entity F1 0.800 is 0.020 from the shipped 0.820', 'examples: 1 fact only the shipped models read: Ann Roe heads Tax Office']
    """
    problems = []
    for name, old, new in (("entity F1", shipped.entity_f1, retrained.entity_f1),
                           ("relation F1", shipped.relation_f1, retrained.relation_f1)):
        # rounded so that a gap of exactly the tolerance is not failed by float noise
        if round(abs(new - old), 6) > tolerance:
            problems.append(f"{name} {new:.3f} is {abs(new - old):.3f} from the shipped {old:.3f}")
    for who, extra in (("the shipped", shipped.facts - retrained.facts),
                       ("the retrained", retrained.facts - shipped.facts)):
        if extra:
            shown = "; ".join(" ".join(f) for f in sorted(extra)[:5])
            problems.append(f"examples: {len(extra)} fact{'s' * (len(extra) > 1)} only {who} models read: {shown}")
    return problems


def facts(graph_file: Path) -> frozenset[tuple[str, str, str]]:
    """The facts and entity classes of a built graph, by label: the same reading gives the same
    set whatever the confidences and IRIs.

    >>> g = Graph(); _ = g.add((V.namespace.x, RDFS.label, Literal("Ann Roe")))
    >>> _ = g.add((V.namespace.x, RDF.type, V.Person))
    >>> f = Path(tempfile.mkdtemp()) / "g.ttl"; _ = g.serialize(f, format="turtle")
    >>> sorted(facts(f))
    [('Ann Roe', 'a', 'Person')]
    """
    graph = Graph().parse(graph_file)

    def name(term) -> str:
        return str(term) if isinstance(term, Literal) else str(graph.value(term, RDFS.label) or term)

    out = {(name(s), "a", str(o)[len(str(V.namespace)):]) for s, o in graph.subject_objects(RDF.type)
           if str(o).startswith(str(V.namespace)) and o != V.Assertion and graph.value(s, RDFS.label)}
    for predicate in FACT_PREDICATES:
        out |= {(name(s), predicate, name(o)) for s, o in graph.subject_objects(V.term(predicate))}
    return frozenset(out)


def behaviour(models: Path | None, conll04: Path, scratch: Path) -> Behaviour:
    """Build CoNLL04 dev and examples/ with one set of models (None: the shipped ones) and score."""
    env = {**os.environ, "KG_MODELS": str(models)} if models else \
        {k: v for k, v in os.environ.items() if k != "KG_MODELS"}
    kg = [sys.executable, "-m", "kg.cli", "build"]
    for texts, out in ((conll04 / "texts", scratch / "dev"), (EXAMPLES, scratch / "examples")):
        done = subprocess.run([*kg, str(texts), "--out", str(out)], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"check_models: kg build {texts} failed: {done.stderr.strip()[-300:]}")
    scored = subprocess.run([sys.executable, str(SCORER), str(scratch / "dev" / "graph.ttl"),
                             str(conll04 / "gold.json"), "--ontology", str(ONTOLOGY_FILE), "--json"],
                            capture_output=True, text=True)
    if scored.returncode != 0:
        raise SystemExit(f"check_models: the scorer failed: {scored.stderr.strip()[-300:]}")
    result = json.loads(scored.stdout[: scored.stdout.rindex("}") + 1])
    return Behaviour(result["entity_f1"], result["triple_f1"], facts(scratch / "examples" / "graph.ttl"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("retrained", type=Path, help=f"folder holding a retrained {' and '.join(MODEL_FILES)}")
    ap.add_argument("--conll04", type=Path, default=ROOT.parent / "shared" / "eval" / "conll04" / "dev",
                    help="the split to score on: texts/ and gold.json")
    ap.add_argument("--tolerance", type=float, default=0.01)
    args = ap.parse_args(argv)
    missing = [str(p) for p in [*(args.retrained / f for f in MODEL_FILES), args.conll04 / "gold.json", SCORER]
               if not p.is_file()]
    if missing:
        print(f"check_models: error: not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        shipped = behaviour(None, args.conll04, Path(scratch) / "shipped")
        retrained = behaviour(args.retrained, args.conll04, Path(scratch) / "retrained")
    for name, b in (("shipped", shipped), ("retrained", retrained)):
        print(f"CoNLL04 dev  {name:9}  entity F1 {b.entity_f1:.3f}  relation F1 {b.relation_f1:.3f}  "
              f"examples {len(b.facts)} facts")
    problems = differences(shipped, retrained, args.tolerance)
    for problem in problems:
        print(f"  differs: {problem}")
    print("the retrained models behave as the shipped ones" if not problems else
          f"the retrained models differ from the shipped ones in {len(problems)} way(s): "
          "run `make train` and commit kg/extract/models/ if the new ones are wanted")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
