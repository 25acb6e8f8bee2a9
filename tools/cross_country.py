"""Bodies and posts that one node stands for across countries, when a set of articles is built as
ONE corpus (score_set.py builds each article alone, so it never sees this).

    python tools/cross_country.py ../shared/eval/real [--kg .venv/bin/kg] [--out DIR] [--all]

Builds every <name>.txt of SET_DIR (those beside a <name>.json gold) in one ``kg build``, then
reads the country of each article from the set's README table (its "country" column; used here
only, never by kg) and lists each organisation or position node whose facts and mentions come
from articles about different countries.  ``--all`` lists people and places too (one person in
articles about two countries is often right: a visiting president).  Last line:

    CROSS bodies=N posts=N (of B bodies, P posts in the corpus)

On the 24 real articles: bodies=1 posts=1 before issue 13's scoping (one "Security Council" for
two countries), 0 and 0 after.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from rdflib import RDF, RDFS, Graph

from kg.graph.vocab import V

KG = V.namespace
ROOT = Path(__file__).resolve().parents[1]


def countries(readme: Path) -> dict[str, set[str]]:
    """slug → its countries ("Norway / NATO" → both) from the README's article table."""
    found: dict[str, set[str]] = {}
    header: list[str] | None = None
    for line in readme.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None if not line.strip() else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if "slug" in cells and "country" in cells:
            header = cells
        elif header and not set(line) <= set("|- "):
            row = dict(zip(header, cells))
            found[row["slug"]] = {c.strip().lower() for c in row["country"].split("/")}
    return found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set_dir", type=Path)
    ap.add_argument("--kg", default=str(ROOT / ".venv/bin/kg"))
    ap.add_argument("--out", type=Path, help="build folder (default: a scratch folder)")
    ap.add_argument("--all", action="store_true", help="people and places too")
    args = ap.parse_args(argv)
    readme = args.set_dir / "README.md"
    of_slug = countries(readme) if readme.is_file() else {}
    texts = sorted(t for t in args.set_dir.glob("*.txt") if t.with_suffix(".json").is_file())
    if not texts or not of_slug:
        print(f"cross_country: no articles with gold and a README country table in {args.set_dir}", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-cross-"))
    run = subprocess.run([args.kg, "build", *map(str, texts), "--out", str(out)], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"cross_country: kg build failed: {(run.stderr.strip().splitlines() or ['?'])[-1]}", file=sys.stderr)
        return 2
    g = Graph().parse(out / "graph.ttl")
    ontology = Graph().parse(ROOT / "ontology/kg.ttl")

    def under(cls) -> set:
        found, todo = {cls}, [cls]
        while todo:
            for sub in ontology.subjects(RDFS.subClassOf, todo.pop()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    kinds = {"bodies": under(KG.Organization), "posts": under(KG.Position)}
    if args.all:
        kinds |= {"people": under(KG.Person), "places": under(KG.Location)}
    doc_slug = {d: Path(str(g.value(d, RDFS.label))).stem for d in g.subjects(RDF.type, KG.Document)}
    docs: dict = defaultdict(set)
    for node, doc in g.subject_objects(KG.mentionedIn):
        docs[node].add(doc)
    for a in g.subjects(RDF.type, KG.Assertion):
        doc = g.value(a, KG.sourceDocument)
        for end in (g.value(a, RDF.subject), g.value(a, RDF.object)):
            docs[end].add(doc)
    totals = dict.fromkeys(kinds, 0)
    cross = dict.fromkeys(kinds, 0)
    for kind, classes in kinds.items():
        nodes = {n for c in classes for n in g.subjects(RDF.type, c)}
        totals[kind] = len(nodes)
        for node in sorted(nodes, key=str):
            by_country: dict[str, list[str]] = defaultdict(list)
            for d in docs.get(node, ()):
                slug = doc_slug.get(d, "?")
                by_country[" / ".join(sorted(of_slug.get(slug, {"?"})))].append(slug)
            sets = [of_slug.get(s, {"?"}) for ss in by_country.values() for s in ss]
            # apart when two of its articles share no country ("Norway / NATO" and "Norway" share one)
            if any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1:]):
                cross[kind] += 1
                where = "; ".join(f"{c}: {', '.join(sorted(s))}" for c, s in sorted(by_country.items()))
                print(f"{kind}\t{g.value(node, RDFS.label)}\t{str(node)[len(str(V.instances)):]}\t{where}")
    print("CROSS " + " ".join(f"{k}={cross[k]}" for k in kinds)
          + " (of " + ", ".join(f"{totals[k]} {k}" for k in kinds) + " in the corpus)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
