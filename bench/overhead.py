"""How much time kg's extraction adds to spaCy's own, on template wire articles (bench/wire.py).

Target: extraction adds at most 25 % to the time spaCy itself takes on the same texts.

    .venv/bin/python bench/overhead.py                 # 200 articles, best of 3 runs each
    .venv/bin/python bench/overhead.py --articles 400 --profile
    .venv/bin/python bench/overhead.py --stages --runs 3    # then CPU seconds of each stage

Timed, each as the best of ``--runs`` runs (the least disturbed by other work on the machine):

    (a) spacy     nlp.pipe(texts), every Doc consumed
    (b) +extract  nlp.pipe(texts) and kg.extract.extract on each Doc
    (c) pipeline  kg.extract.parallel.extract_documents and kg.graph.rdf.to_graph (skip with --no-graph)

overhead = (b - a) / a.  Because (b) and (a) are separate runs of spaCy, the difference carries
spaCy's run-to-run noise; "extract alone" times extract over Docs parsed beforehand, a second
reading of the same figure without it.  CPU seconds (this process) are printed beside wall
seconds: on a machine shared with other work they move far less.  Run by hand, never as a test:
timings are the machine's, not the code's.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import wire  # noqa: E402  (bench/ is not a package; its folder is on the path above)
from kg import nlp  # noqa: E402
from kg.extract import STAGES, extract, recognise  # noqa: E402
from kg.extract.link import link  # noqa: E402
from kg.extract.parallel import extract_documents  # noqa: E402
from kg.graph import rdf  # noqa: E402
from kg.ingest.clean import clean  # noqa: E402

TARGET = 0.25


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def best_of(runs: int, measures: dict) -> dict[str, tuple[float, float]]:
    """The least wall and the least CPU time of each measure over ``runs`` rounds.  The measures
    take turns within a round, so a burst of other work on the machine slows them alike rather
    than all runs of one."""
    best = {name: (float("inf"), float("inf")) for name in measures}
    for _ in range(runs):
        for name, fn in measures.items():
            wall, cpu = timed(fn)
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def profile_extraction(documents, parsed, top: int) -> None:
    """cProfile over extract alone; kg/extract functions by own time and by time with callees,
    each as a share of the whole extraction."""
    profiler = cProfile.Profile()
    profiler.enable()
    for document, doc in zip(documents, parsed):
        extract(document, doc)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # {(file, line, function): (cc, nc, tottime, cumtime, callers)}
    total = sum(tt for _, _, tt, _, _ in stats.values())
    where = str(ROOT / "kg" / "extract") + os.sep
    rows = [(f"{Path(file).relative_to(ROOT)}:{func}", tt, ct, nc)
            for (file, _, func), (_, nc, tt, ct, _) in stats.items() if file.startswith(where)]
    for title, key in (("own time (tottime)", 1), ("with callees (cumtime)", 2)):
        print(f"\nkg/extract hot spots by {title}, share of {total:.2f} s extraction:")
        for name, tt, ct, nc in sorted(rows, key=lambda r: -r[key])[:top]:
            print(f"  {100 * (tt, ct)[key - 1] / total:5.1f} %  {name}  ({nc} calls)")
    outside = sorted(((f"{Path(file).name}:{func}", tt) for (file, _, func), (_, _, tt, _, _) in stats.items()
                      if not file.startswith(where)), key=lambda r: -r[1])[:top]
    print("\noutside kg/extract (spaCy, stdlib), by own time:")
    for name, tt in outside:
        print(f"  {100 * tt / total:5.1f} %  {name}")


def stage_seconds(documents, parsed, runs: int) -> dict[str, float]:
    """CPU seconds of each stage over Docs parsed beforehand, the least of ``runs`` runs each:
    ``recognise`` (mentions, classes, entities), each of kg.extract.STAGES, then linking and
    the graph (built with the cycle collector paused, as kg.pipeline.build does).  CPU seconds
    of one process: on a shared machine they move far less than wall seconds, and no profiler
    weighs on code that touches many tokens."""
    best: dict[str, float] = {}
    for _ in range(runs):
        took = dict.fromkeys(["recognise", *(stage.name for stage in STAGES), "link", "graph"], 0.0)
        extractions = []
        for document, doc in zip(documents, parsed):
            start = time.process_time()
            ctx = recognise(document, doc)
            took["recognise"] += time.process_time() - start
            for stage in STAGES:
                start = time.process_time()
                stage.run(ctx)
                took[stage.name] += time.process_time() - start
            extractions.append(ctx.extraction())
        start = time.process_time()
        linked = link(extractions)
        took["link"] = time.process_time() - start
        gc.disable()
        try:
            start = time.process_time()
            rdf.to_graph(linked)
            took["graph"] = time.process_time() - start
        finally:
            gc.enable()
        best = {name: min(best.get(name, float("inf")), s) for name, s in took.items()}
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description="extraction overhead over spaCy on template wire articles")
    parser.add_argument("--articles", type=int, default=200, help="how many articles (default 200)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the best counts (default 3)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", default=None, help="spaCy model (default: KG_SPACY_MODEL or kg's default)")
    parser.add_argument("--no-graph", action="store_true", help="skip (c), the whole pipeline with RDF")
    parser.add_argument("--profile", action="store_true", help="then profile extraction and list hot spots")
    parser.add_argument("--top", type=int, default=12, help="hot spots to list with --profile")
    parser.add_argument("--stages", action="store_true", help="then CPU seconds of each stage, the least of --runs")
    args = parser.parse_args()
    if args.articles < 1 or args.runs < 1:
        parser.error("--articles and --runs must be at least 1")

    documents = [clean(text, f"wire-{i:04d}", f"wire-{i:04d}.txt")
                 for i, text in enumerate(wire.articles(args.articles, args.seed))]
    texts = [d.text for d in documents]
    pipeline = nlp.load(args.model)
    for doc in pipeline.pipe(texts[:5]):  # first calls allocate; keep that out of run one
        extract(documents[0], doc)

    def bare():
        for _ in pipeline.pipe(texts):
            pass

    def with_extract():
        for document, doc in zip(documents, pipeline.pipe(texts)):
            extract(document, doc)

    parsed = list(pipeline.pipe(texts))
    measures = {
        "a": bare,
        "b": with_extract,
        "alone": lambda: [extract(d, doc) for d, doc in zip(documents, parsed)],
    }
    if not args.no_graph:
        measures["c"] = lambda: rdf.to_graph(extract_documents(documents, args.model))
    best = best_of(args.runs, measures)
    (a, a_cpu), (b, b_cpu), (alone, alone_cpu) = best["a"], best["b"], best["alone"]

    print(f"articles:              {len(texts)}")
    print(f"characters:            {sum(map(len, texts)):,}")
    print(f"model:                 {pipeline.meta.get('lang')}_{pipeline.meta.get('name')} "
          f"{pipeline.meta.get('version')} ({'+'.join(pipeline.pipe_names)})")
    print(f"runs (best counts):    {args.runs}, on {os.cpu_count()} cores")
    print("                          wall s     CPU s")
    print(f"(a) spacy:             {a:8.3f}  {a_cpu:8.3f}")
    print(f"(b) spacy + extract:   {b:8.3f}  {b_cpu:8.3f}")
    if "c" in best:
        print(f"(c) pipeline + graph:  {best['c'][0]:8.3f}  {best['c'][1]:8.3f}")
    print(f"extract alone:         {alone:8.3f}  {alone_cpu:8.3f}   "
          f"({100 * alone / a:.1f} % of (a) wall, {100 * alone_cpu / a_cpu:.1f} % CPU)")
    overhead = (b - a) / a
    verdict = "within" if overhead <= TARGET else "OVER"
    print(f"overhead (b-a)/a:      {100 * overhead:8.1f} %  ({verdict} the {100 * TARGET:.0f} % target; "
          f"CPU {100 * (b_cpu - a_cpu) / a_cpu:.1f} %)")
    if args.profile:
        profile_extraction(documents, parsed, args.top)
    if args.stages:
        seconds = stage_seconds(documents, parsed, args.runs)
        print(f"\nCPU seconds by stage, least of {args.runs} run(s), over Docs parsed beforehand:")
        for name, s in seconds.items():
            print(f"  {name:12} {s:6.3f}")
        extraction = sum(s for name, s in seconds.items() if name not in ("link", "graph"))
        print(f"  {'extraction':12} {extraction:6.3f}  (recognise and the stages)")


if __name__ == "__main__":
    main()
