"""Build throughput and peak memory on a corpus of template wire articles (bench/wire.py).

Targets: ``kg.pipeline.build`` reaches at least 0.8x the articles per second of bare spaCy
``nlp.pipe`` on the same texts, with the same number of processes; peak memory stays flat
as the corpus grows (what grows is the graph itself, not the texts or parses).

    .venv/bin/python bench/build_throughput.py                    # 2,000 articles, 1 and 2 processes
    .venv/bin/python bench/build_throughput.py --articles 400 --sizes 100,200,400

The articles are written as one JSON Lines file, so a build reads them the way a user's feed
is read.  Each measurement runs in a process of its own, so that its peak resident memory
(``ru_maxrss``) is its own; the spaCy model is loaded before the clock starts.  Measured:

    spacy N        nlp.pipe(texts, n_process=N), every Doc consumed
    kg build N     kg.pipeline.build(feed.jsonl, processes=N): check pass, parsing,
                   extraction, cross-document linking, rdflib graph (no files written)
    n_process N    the same build with spaCy's own n_process (parsed Docs sent back, extraction
                   in the parent), the alternative kg's worker processes replaced

and, for kg build with one process at each of ``--sizes``, peak memory after each stage, both
with the graph in memory (``--out``) and straight into a store (``--store``).  With
two processes the workers' memory is reported apart (their peak, not their sum).  Run by hand,
never as a test: timings are the machine's, not the code's.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import wire  # noqa: E402  (bench/ is not a package; its folder is on the path above)

TARGET = 0.8
BATCH = 32  # articles parsed to warm up: kg.extract.parallel.BATCH_SIZE


def _mb(kib: int) -> float:
    return kib / 1024  # ru_maxrss is in KiB on Linux


def _rss() -> float:
    return _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (spaCy's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _warm_up(feed: Path) -> None:
    """Load the model and everything extraction loads lazily (the relation model), and parse
    one full batch (spaCy keeps its work arrays), so that neither the clock nor the memory
    baseline counts them."""
    from kg import nlp
    from kg.extract import extract
    from kg.model import Document

    model = nlp.load()
    texts = [json.loads(line)["text"] for _, line in zip(range(BATCH), feed.open(encoding="utf-8"))]
    for text, doc in zip(texts, model.pipe(texts, batch_size=BATCH)):
        extract(Document("warm-up", text, "warm-up"), doc)


def throughput(feed: Path, processes: int, batch_size: int, runs: int, n_process: bool = True) -> dict:
    """Bare spaCy and kg build in turns, ``runs`` times each; the best run of each counts (the
    one other work on the machine disturbed least)."""
    from kg import nlp, pipeline

    _warm_up(feed)
    model = nlp.load()
    texts = [json.loads(line)["text"] for line in feed.open(encoding="utf-8")]
    kinds = ["spacy", "kg"] + (["kg-n_process"] if processes > 1 and n_process else [])
    best = {kind: (float("inf"), 0.0) for kind in kinds}
    triples = 0
    for _ in range(runs):
        for kind in kinds:
            wall, cpu = time.perf_counter(), _cpu()
            if kind == "spacy":
                for _ in model.pipe(texts, n_process=processes, batch_size=batch_size):
                    pass
            elif kind == "kg":
                result = pipeline.build([feed], processes=processes, batch_size=batch_size)
            else:
                spacy_n_process_build(feed, processes, batch_size)
            took = (time.perf_counter() - wall, _cpu() - cpu)
            if kind == "kg":
                # counting the triples and freeing the graph are not building it: outside the clock
                # (they had added ~8 s to 2,000 articles before the graph's count was made cheap)
                triples = len(result.graph)
                del result
            best[kind] = min(best[kind], took)
    return {"n": len(texts), "processes": processes, **best, "triples": triples}


def spacy_n_process_build(feed: Path, processes: int, batch_size: int) -> None:
    """The build as it would be with spaCy's own ``n_process`` (workers send parsed Docs back,
    extraction runs in the parent), kept here to compare with kg's workers."""
    from kg import nlp
    from kg.extract import extract
    from kg.extract.link import link
    from kg.graph import rdf
    from kg.ingest.corpus import Corpus

    pairs = ((d.text, d) for d in Corpus([feed]))
    extractions = [extract(d, doc) for doc, d in
                   nlp.load().pipe(pairs, as_tuples=True, n_process=processes, batch_size=batch_size)]
    rdf.to_graph(link(extractions))


def memory(feed: Path, batch_size: int) -> dict:
    """Peak resident memory after each stage of a one-process build (ru_maxrss only grows)."""
    from kg.extract import parallel
    from kg.extract.link import link
    from kg.graph import rdf
    from kg.ingest.corpus import Corpus

    _warm_up(feed)
    out = {"model": _rss()}
    corpus = Corpus([feed])
    out["checked"] = _rss()
    extractions = parallel.extract_documents(corpus, batch_size=batch_size)
    out["extracted"] = _rss()
    graph = rdf.to_graph(link(extractions))
    out["graph"] = _rss()
    out["triples"] = len(graph)
    return out


def memory_store(feed: Path, batch_size: int) -> dict:
    """Peak resident memory of ``kg build --store``: no graph in memory, the Extractions in a
    scratch file until linking is done, then streamed into a new store by its bulk loader."""
    from kg import pipeline
    from kg.store import kgstore

    _warm_up(feed)
    out = {"model": _rss()}
    result = pipeline.build([feed], batch_size=batch_size, graph=False)
    out["extracted"] = _rss()
    with tempfile.TemporaryDirectory(prefix="kg-bench-store-") as tmp:
        kb, _ = kgstore.save(Path(tmp) / "kb", result.extractions)
        out["stored"] = _rss()
        with kb:
            out["triples"] = len(kb)
    return out


def run_child(kind: str, feed: Path, processes: int, batch_size: int, runs: int = 1, n_process: bool = True) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--feed", str(feed), "--processes", str(processes),
           "--batch-size", str(batch_size), "--runs", str(runs)] + ([] if n_process else ["--no-n-process"])
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"measurement {kind} of {feed.name} with {processes} processes failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def write_feed(folder: Path, n: int, seed: int) -> Path:
    feed = folder / f"wire-{n}.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for i, text in enumerate(wire.articles(n, seed)):
            # dates spread over a year, so "June 10" in the text gets a year as in real feeds
            f.write(json.dumps({"id": f"wire-{i:04d}", "date": f"2023-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                                "text": text}) + "\n")
    return feed


def main() -> None:
    parser = argparse.ArgumentParser(description="kg build throughput and peak memory against bare spaCy")
    parser.add_argument("--articles", type=int, default=2000, help="articles for the throughput runs (default 2000)")
    parser.add_argument("--sizes", default="500,1000,2000",
                        help="corpus sizes for the memory runs, one process (default 500,1000,2000; '' skips)")
    parser.add_argument("--processes", default="1,2", help="process counts to time (default 1,2)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each timing; the best counts (default 1)")
    parser.add_argument("--batch-size", type=int, default=None, help="default: kg.extract.parallel.BATCH_SIZE")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-n-process", dest="n_process", action="store_false",
                        help="skip the build through spaCy's own n_process (a third of the time with 2 processes)")
    parser.add_argument("--child", choices=["throughput", "memory", "memory-store"], help=argparse.SUPPRESS)
    parser.add_argument("--feed", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.batch_size is None:
        from kg.pipeline import BATCH_SIZE
        args.batch_size = BATCH_SIZE
    processes = [int(p) for p in args.processes.split(",") if p]
    if args.child == "throughput":
        print(json.dumps(throughput(args.feed, processes[0], args.batch_size, args.runs, args.n_process)))
        return
    if args.child == "memory":
        print(json.dumps(memory(args.feed, args.batch_size)))
        return
    if args.child == "memory-store":
        print(json.dumps(memory_store(args.feed, args.batch_size)))
        return

    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        feed = write_feed(Path(tmp), args.articles, args.seed)
        chars = sum(len(json.loads(line)["text"]) for line in feed.open(encoding="utf-8"))
        print(f"articles: {args.articles} ({chars:,} characters), batch size {args.batch_size}, "
              f"best of {args.runs} run(s), {os.cpu_count()} cores")
        print("\nthroughput, articles/s (model loading aside, worker start-up included; CPU s with one process)")
        print(f"{'processes':>9} {'spacy':>7} {'kg build':>9} {'ratio':>6}   {'spacy s':>13} {'kg s':>13}")
        for p in processes:
            m = run_child("throughput", feed, p, args.batch_size, args.runs, args.n_process)
            (sw, sc), (kw, kc) = m["spacy"], m["kg"]
            ratio = sw / kw
            # Workers' CPU seconds are not all counted (kg's start from a fork server, not from
            # this process): wall seconds only, with more than one process.
            cpu = (lambda c: f" / {c:5.1f}") if p == 1 else (lambda c: " " * 8)
            print(f"{p:>9} {m['n'] / sw:7.1f} {m['n'] / kw:9.1f} {ratio:6.2f}   {sw:5.1f}{cpu(sc)} "
                  f"{kw:5.1f}{cpu(kc)}  {'ok' if ratio >= TARGET else 'BELOW'} (target {TARGET}x; "
                  f"{m['triples']:,} triples)", flush=True)
            if "kg-n_process" in m:
                nw, _ = m["kg-n_process"]
                print(f"{'':>9} {'':>7} {m['n'] / nw:9.1f} {sw / nw:6.2f}   {'':>13} {nw:5.1f}{cpu(0)}  "
                      "the same build through spaCy's own n_process instead", flush=True)
        if sizes:
            print("\npeak resident memory of a one-process kg build, MB (ru_maxrss after each stage)")
            print(f"{'articles':>8} {'model':>6} {'checked':>8} {'extracted':>10} {'graph':>6} {'triples':>9}")
            for n in sizes:
                sub = write_feed(Path(tmp), n, args.seed)
                m = run_child("memory", sub, 1, args.batch_size)
                print(f"{n:>8} {m['model']:6.0f} {m['checked']:8.0f} {m['extracted']:10.0f} {m['graph']:6.0f} "
                      f"{m['triples']:>9,}", flush=True)
            print("\npeak resident memory of a one-process kg build --store (no graph in memory), MB")
            print(f"{'articles':>8} {'model':>6} {'extracted':>10} {'stored':>7} {'store triples':>14}")
            for n in sizes:
                sub = Path(tmp) / f"wire-{n}.jsonl"
                m = run_child("memory-store", sub, 1, args.batch_size)
                print(f"{n:>8} {m['model']:6.0f} {m['extracted']:10.0f} {m['stored']:7.0f} {m['triples']:>14,}",
                      flush=True)


if __name__ == "__main__":
    main()
