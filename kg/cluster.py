"""``kg build --shards``: articles in, one N-Quads shard per partition of them and a manifest out
(kg/graph/shards.py), in this process or on a Dask cluster, with the same quads either way.

On a cluster each worker loads the spaCy pipeline once (``_Model``, a worker plugin: the model is
never pickled), parses and extracts a partition of articles in memory zones
(``kg.extract.parallel.in_zones``), keeps the Extractions in a scratch file beside the shards and
sends back only the partition's names (``kg.extract.link.Names``): some 0.6 kB an article of wire
text, against 9.3 kB of pickled Extractions (34 kB in memory).  The scratch file, not the worker's
memory: memory would grow with the corpus, and a worker that died would take its partitions'
Extractions with it; the shards folder is one every worker writes to anyway.  Linking needs every article's
names before any label is final: merged in the partitions' order, they are settled once here, and
the labels go back to the workers, which relabel their partitions and write the shards.  The
folder must be one every worker and this process see (a shared file system on a real cluster).

    build_shards(["news/"], "shards/")                            # one process
    build_shards(["news/"], "shards/", cluster="local:2")         # a local Dask cluster
    build_shards(["news/"], "shards/", cluster="tcp://host:8786") # a running scheduler
"""
from __future__ import annotations

import logging
import os
import pickle
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin
from distributed.client import FutureCancelledError
from distributed.scheduler import KilledWorker

from kg import nlp, pipeline
from kg.errors import KgError, one_line, plural
from kg.extract.link import Names, relabel
from kg.extract.parallel import BATCH_SIZE, guided_batches, in_zones, load_in_worker
from kg.graph import nquads, shards
from kg.ingest.corpus import Corpus, Skipped, warn_on_stderr
from kg.model import Document, Extraction

# Articles per partition, and so per shard and per task, until the last ones shrink
# (guided_batches).  A partition is one memory zone of kg.extract.parallel (8 batches of 32).
PARTITION_SIZE = 256
CONNECT_TIMEOUT = 5  # seconds to reach a scheduler before the build is given up
RETRIES = 2  # a task that raised runs again this many times (a worker that died: the scheduler's own count)


@dataclass
class ShardBuild:
    """What ``build_shards`` wrote: the folder, its parts, and what was read."""

    folder: str
    parts: list[shards.Part]
    skipped: list[Skipped] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    seconds: float = 0.0  # reading, parsing, linking and writing; not starting workers or loading models
    where: str = "in this process"

    @property
    def documents(self) -> int:
        return sum(len(part.articles) for part in self.parts)

    @property
    def quads(self) -> int:
        return sum(part.quads for part in self.parts)

    def __str__(self) -> str:
        lines = pipeline.counts(self.documents, self.skipped, self.entities, self.facts)
        if self.seconds and self.documents:
            lines.append(f"speed: {plural(self.documents, 'document')} in {self.seconds:.1f} s {self.where}, "
                         f"{self.documents / self.seconds:.1f} documents/s (model loading aside)")
        lines.append(f"wrote {plural(len(self.parts), 'shard')} ({plural(self.quads, 'quad')}) and "
                     f"{shards.MANIFEST} to {self.folder}")
        return "\n".join(lines)


def build_shards(paths, folder: str | os.PathLike, cluster: str | Client | None = None,
                 model: str | None = None, min_confidence: float = 0.0, processes: int = 1,
                 partition_size: int = PARTITION_SIZE, batch_size: int = BATCH_SIZE,
                 warn: Callable[[str], None] = warn_on_stderr, encoding: str | None = None,
                 strict: bool = False) -> ShardBuild:
    """The articles under ``paths`` as shards of ``partition_size`` articles in ``folder``, and its
    manifest last.  ``cluster``: None builds in this process (``processes`` as ``kg build``);
    ``"local:N"`` starts a Dask cluster of N worker processes and closes it at the end;
    ``"tcp://host:port"`` uses a running scheduler; a ``distributed.Client`` is used as it is.
    A build that fails leaves no manifest (and no folder if it made it)."""
    if partition_size < 1:
        raise KgError(f"a partition holds 1 or more articles, not {partition_size}")
    folder = Path(folder).resolve()  # the workers' working folder is not this one
    # bad input is refused before a cluster is started or reached
    corpus = None if cluster is None else Corpus(paths, warn, encoding=encoding, strict=strict, exclude=[folder])
    with _client(cluster) as client:  # an unreachable scheduler is refused before anything is written
        created = shards.prepare(folder)
        try:
            if client is None:
                done = _in_this_process(paths, folder, model, min_confidence, processes, partition_size,
                                        batch_size, warn, encoding, strict)
            else:
                done = _on_cluster(client, corpus, folder, model, min_confidence, partition_size, batch_size)
            shards.finish(folder, done.parts)
        except BaseException:
            for scratch in folder.glob(".part-*"):
                scratch.unlink(missing_ok=True)
            shards.abandon(folder, created)
            raise
    return done


def _in_this_process(paths, folder: Path, model, min_confidence: float, processes: int, partition_size: int,
                     batch_size: int, warn, encoding, strict: bool) -> ShardBuild:
    """kg's own build (its worker pool, ``kg.pipeline.build``'s settle and relabel), its
    Extractions written out in partitions as a cluster writes them."""
    result = pipeline.build(paths, model=model, processes=processes, batch_size=batch_size, graph=False,
                            warn=warn, encoding=encoding, strict=strict, exclude=[folder])
    start = time.perf_counter()
    extractions = iter(result.extractions)
    parts = [_write_part(folder, index, chunk, min_confidence)
             for index, chunk in enumerate(iter(lambda: list(islice(extractions, partition_size)), []))]
    return ShardBuild(str(folder), parts, result.skipped, result.entities, result.facts,
                      result.seconds + time.perf_counter() - start)


def _write_part(folder: Path, index: int, extractions: Iterable[Extraction], min_confidence: float) -> shards.Part:
    """Relabelled ``extractions`` as the shard ``index`` of ``folder``."""
    ids: list[str] = []

    def graphs():
        for ex in extractions:
            ids.append(ex.document.id)
            yield nquads.article_graph(ex, min_confidence)

    name = shards.part_name(index)
    try:
        quads = nquads.write_shard(folder / name, graphs())
    except OSError as err:
        raise KgError(f"cannot write {folder / name}: {err.strerror or err}") from None
    return shards.Part(name, tuple(ids), quads)


@contextmanager
def _client(cluster: str | Client | None) -> Iterator[Client | None]:
    """A Dask client for ``cluster`` (see ``build_shards``), closed at the end with the local
    cluster it started; None for a build in this process."""
    if cluster is None or isinstance(cluster, Client):
        yield cluster
        return
    if cluster.startswith("local:"):
        workers = cluster[len("local:"):]
        if not workers.isdigit() or int(workers) < 1:
            raise KgError(f"--cluster local:N takes 1 or more workers, not {cluster!r}")
        # no dashboard: its port 8787 may be taken by someone else's cluster on the same machine
        with LocalCluster(n_workers=int(workers), threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as local, Client(local) as client:
            yield client
        return
    if "://" not in cluster:
        raise KgError(f"--cluster takes local:N or a scheduler's address (tcp://host:8786), not {cluster!r}")
    with _quiet():
        try:
            client = Client(cluster, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as err:
            raise KgError(f"cannot reach the Dask scheduler at {cluster}: {one_line(err) or type(err).__name__}") from None
    with client:
        yield client


@contextmanager
def _quiet():
    """distributed's own log lines about a failed connection off stderr: the KgError says it."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


class _Model(WorkerPlugin):
    """The spaCy pipeline loaded by every worker as it joins the cluster (again when a worker
    that died is replaced), before its first partition."""

    name = "kg-model"

    def __init__(self, model: str | None):
        self.model = model

    def setup(self, worker) -> None:
        load_in_worker(self.model)


def _on_cluster(client: Client, corpus: Corpus, folder: Path, model, min_confidence: float,
                partition_size: int, batch_size: int) -> ShardBuild:
    client.register_plugin(_Model(model))  # returns when every worker has loaded the model
    start = time.perf_counter()
    build = uuid.uuid4().hex[:8]  # task keys of this build, apart from another's on the same scheduler
    workers = max(1, len(client.scheduler_info()["workers"]))
    names = Names()
    entities: Counter = Counter()
    facts: Counter = Counter()
    count = 0

    def take(future) -> None:
        part_names, part_entities, part_facts = _result(future)
        names.merge(part_names)  # in the partitions' order: the labels of one Names seeing every article
        entities.update(part_entities)
        facts.update(part_facts)

    # Two partitions queued per worker keep each busy while bounding the articles held in the
    # cluster's memory; results are taken in order, as Names must merge them.
    # The last partitions shrink (guided_batches, as kg's own pool's batches do), so the workers
    # finish together rather than one parsing a last 256 articles alone.  At 10,000 articles that
    # tail is within the noise (the cluster took 324.1 s before, 328.5 s after, quiet machine);
    # it is a larger share of a smaller build.
    pending: deque = deque()
    for chunk in guided_batches(corpus, partition_size, workers):
        pending.append(client.submit(_extract_part, folder, count, chunk, model, batch_size,
                                     key=f"kg-extract-{build}-{count}", retries=RETRIES))
        count += 1
        while len(pending) > 2 * workers:
            take(pending.popleft())
    while pending:
        take(pending.popleft())
    [labels] = client.scatter([names.settle()], broadcast=True)
    writes = [client.submit(_relabel_part, folder, index, labels, min_confidence,
                            key=f"kg-write-{build}-{index}", retries=RETRIES) for index in range(count)]
    parts = [_result(future) for future in writes]
    return ShardBuild(str(folder), parts, corpus.skipped, entities, facts, time.perf_counter() - start,
                      f"on {plural(workers, 'Dask worker')}")


def _result(future):
    try:
        return future.result()
    except KilledWorker as err:
        raise KgError(f"Dask workers died {err.allowed_failures + 1} times running {err.task} (out of memory?): "
                      "the build was given up") from None
    except FutureCancelledError:
        raise KgError("the Dask scheduler cancelled the build (it closed, or the client lost it)") from None


def _scratch(folder: Path, index: int) -> Path:
    return folder / f".part-{index:05d}.extractions"


def _extract_part(folder: Path, index: int, documents: Sequence[Document], model, batch_size: int):
    """On a worker: the partition's Extractions into its scratch file, its names (and the
    counts of the summary) back to the client."""
    names = Names()
    entities: Counter = Counter()
    facts: Counter = Counter()
    scratch = _scratch(folder, index)
    written = scratch.with_name(scratch.name + ".part")  # renamed when whole: a retry never reads half
    try:
        with open(written, "wb") as out:
            for ex in in_zones(documents, nlp.load(model), batch_size):
                names.see(ex)
                entities.update(e.root_class for e in ex.entities.values())
                facts.update(f.predicate for f in ex.facts)
                pickle.dump(ex, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(written, scratch)
    except OSError as err:
        raise KgError(f"cannot write {scratch} from a Dask worker: {err.strerror or err} "
                      "(the shards folder must be one every worker sees)") from None
    return names, entities, facts


def _relabel_part(folder: Path, index: int, labels: dict, min_confidence: float) -> shards.Part:
    """On a worker: the partition's Extractions, relabelled, as its shard."""
    scratch = _scratch(folder, index)
    try:
        saved = open(scratch, "rb")
    except FileNotFoundError:
        raise KgError(f"{scratch} is gone: the partition's Extractions were lost before its shard was "
                      "written") from None

    def extractions():
        while True:
            try:
                yield relabel(pickle.load(saved), labels)
            except EOFError:
                return

    with saved:
        part = _write_part(folder, index, extractions(), min_confidence)
    scratch.unlink()
    return part
