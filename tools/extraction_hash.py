"""One hash per text set over the sorted triples kg builds: proof that a change left extraction
alone (a restructuring, a refactor of a rule) where "the tests pass" is not enough.

    python tools/extraction_hash.py [--wire 200]

Builds, each set alone and from inside its own folder (an article's id is its path relative to
where it is read): examples/, the seed corpus, CoNLL04 dev, and ``--wire`` articles of
bench/wire.py.  Prints ``SET  TRIPLES  SHA-256`` per set; run it before and after and compare.

Example::

    $ python tools/extraction_hash.py --wire 50
    examples          664  fd7977e8dd55…
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from rdflib import BNode

from kg import pipeline
from kg.graph import timeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@contextmanager
def inside(folder: Path):
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def graph_hash(folder: Path, names: list[str]) -> tuple[int, str]:
    """(triples, SHA-256 of the sorted N-Triples lines) of a build of ``names`` in ``folder``."""
    with inside(folder):
        graph = pipeline.build(names).graph
    # The timeline (tenures, conflicts) is derived from the roles after extraction: left out, so
    # that the hash fingerprints extraction alone, as it did before kg build wrote timelines.
    for triple in timeline.timeline_triples(timeline.reconcile(timeline.read_evidence(graph))):
        graph.remove(triple)
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        raise SystemExit("extraction_hash: the graph has blank nodes; sorted lines would not be stable")
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def wire_folder(n: int, into: Path) -> Path:
    spec = importlib.util.spec_from_file_location("wire", ROOT / "bench" / "wire.py")
    wire = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(wire)
    for i, text in enumerate(wire.articles(n)):
        (into / f"wire-{i:04d}.txt").write_text(text, encoding="utf-8")
    return into


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wire", type=int, default=200, help="how many bench/wire.py articles (default: 200)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        sets = [("examples", ROOT, ["examples"]), ("seed", SHARED, ["corpus"]),
                ("conll04-dev", SHARED / "eval" / "conll04" / "dev", ["texts"]),
                ("wire", wire_folder(args.wire, Path(scratch)), ["."])]
        for name, folder, names in sets:
            if not (folder / names[0]).exists():
                print(f"{name:12}  (not here: {folder / names[0]})")
                continue
            n, digest = graph_hash(folder, names)
            print(f"{name:12}  {n:7}  {digest}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
