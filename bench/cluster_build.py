"""Shards built on a local Dask cluster against kg's own worker pool (kg/cluster.py).

Target: ``kg build --shards DIR --cluster local:2`` reaches at least 0.9x the articles per second
of ``kg build --shards DIR --processes 2`` on the same template wire articles (bench/wire.py), and
each Dask worker's resident memory stays flat as the corpus grows.

    .venv/bin/python bench/cluster_build.py --articles 10000

Measured, each in a process of its own, the model loaded before the clock starts:

    kg 2 processes   kg.cluster.build_shards(feed, DIR, processes=2): kg.pipeline.build's check
                     pass, parsing in this process and one worker (its start-up included),
                     linking, and the shards written from the scratch file of Extractions
    dask local:2     the same call on a LocalCluster of 2 single-threaded worker processes,
                     started and its model loaded before the clock (kg.cluster._Model)

While the cluster builds, every worker's resident memory is read every few seconds
(``Client.run``), with the articles extracted so far (the partitions' scratch files in DIR);
the table gives each worker's largest figure up to each of ``--marks``.  The machine's load
average is printed with the figures: on a shared machine it says how far to trust them.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from build_throughput import _warm_up, write_feed  # noqa: E402  (bench/ is not a package)

TARGET = 0.9
POLL = 3.0  # seconds between readings of the workers' memory


def _worker_rss() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def own(feed: Path, out: Path) -> dict:
    from kg import cluster

    _warm_up(feed)
    start = time.perf_counter()
    done = cluster.build_shards([feed], out, processes=2)
    return {"seconds": time.perf_counter() - start, "n": done.documents, "quads": done.quads}


def on_dask(feed: Path, out: Path, workers: int) -> dict:
    from distributed import Client, LocalCluster

    from kg import cluster
    from kg.cluster import PARTITION_SIZE, _Model

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local) as client:
        client.register_plugin(_Model(None))  # every worker's model loaded before the clock
        readings: list[tuple[int, dict]] = []  # (articles extracted, worker → MB)
        stop = threading.Event()

        def watch():
            extracted = 0  # the scratch files go again as the shards are written: the most seen
            while not stop.wait(POLL):
                extracted = max(extracted, PARTITION_SIZE * len(list(out.glob(".part-*.extractions"))))
                readings.append((extracted, client.run(_worker_rss)))

        watcher = threading.Thread(target=watch, daemon=True)
        start = time.perf_counter()
        watcher.start()
        done = cluster.build_shards([feed], out, cluster=client)
        seconds = time.perf_counter() - start
        stop.set()
        watcher.join()
        readings.append((done.documents, client.run(_worker_rss)))
    return {"seconds": seconds, "n": done.documents, "quads": done.quads, "readings": readings}


def run_child(kind: str, feed: Path, out: Path, workers: int) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--feed", str(feed), "--out", str(out),
           "--workers", str(workers)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"measurement {kind} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description="kg build --shards on a local Dask cluster against kg's own pool")
    parser.add_argument("--articles", type=int, default=10000, help="template wire articles (default 10000)")
    parser.add_argument("--marks", default="2000,5000,10000", help="article counts the memory table stops at")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers, and kg's processes (default 2)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", choices=["own", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("--feed", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = own(args.feed, args.out) if args.child == "own" else on_dask(args.feed, args.out, args.workers)
        print(json.dumps(run))
        return

    with tempfile.TemporaryDirectory(prefix="kg-bench-cluster-") as tmp:
        feed = write_feed(Path(tmp), args.articles, args.seed)
        print(f"articles: {args.articles}, {os.cpu_count()} cores, load average at the start "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
        mine = run_child("own", feed, Path(tmp) / "own", args.workers)
        print(f"kg {args.workers} processes: {mine['seconds']:7.1f} s, {mine['n'] / mine['seconds']:5.1f} articles/s, "
              f"{mine['quads']:,} quads", flush=True)
        dask = run_child("dask", feed, Path(tmp) / "dask", args.workers)
        ratio = mine["seconds"] / dask["seconds"]
        print(f"dask local:{args.workers}:     {dask['seconds']:7.1f} s, {dask['n'] / dask['seconds']:5.1f} articles/s, "
              f"{dask['quads']:,} quads; {ratio:.2f}x ({'ok' if ratio >= TARGET else 'BELOW'}, target {TARGET}x)")
        print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("\nresident memory of each Dask worker, MB, the largest reading up to so many articles extracted")
        marks = [int(m) for m in args.marks.split(",") if m]
        workers = sorted({w for _, rss in dask["readings"] for w in rss})
        print(f"{'articles':>8} " + " ".join(f"{'worker ' + str(i + 1):>9}" for i in range(len(workers))))
        for mark in marks:
            upto = [rss for extracted, rss in dask["readings"] if extracted <= mark]
            if upto:
                print(f"{mark:>8} " + " ".join(f"{max(r.get(w, 0) for r in upto):9.0f}" for w in workers))


if __name__ == "__main__":
    main()
