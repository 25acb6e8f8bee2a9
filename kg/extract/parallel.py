"""Extraction over a stream of documents: spaCy's batching pipe, a memory zone every few
batches, and worker processes when asked for more than one.  Only Extractions are kept, never
the parsed Docs.

>>> [len(b) for b in guided_batches(range(10), 4, 1)]
[4, 4, 2]
"""
from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable
from itertools import chain, islice

from kg import nlp
from kg.errors import KgError
from kg.extract import extract
from kg.model import Document, Extraction

# Articles per batch sent through spaCy (and to each worker process): big enough that a worker
# is rarely idle waiting for the next batch, small enough that a batch's Docs take little memory.
BATCH_SIZE = 32
ZONE_BATCHES = 8  # batches parsed in one spaCy memory zone (see in_zones)


def extract_documents(documents: Iterable[Document], model: str | None = None, processes: int = 1,
                      batch_size: int = BATCH_SIZE, on_done: Callable[[], None] | None = None) -> list[Extraction]:
    """Documents → Extractions, streamed through spaCy's batching pipe: only the Extractions
    are kept, never the parsed Docs.  With ``processes`` > 1, that many worker processes each
    parse and extract a batch at a time; the Extractions come back in the original order."""
    extractions = []
    for ex in extracted(documents, model, processes, batch_size):
        extractions.append(ex)
        if on_done is not None:
            on_done()
    return extractions


def check_processes(processes: int) -> None:
    """KgError unless ``processes`` is 1 or more (``kg.pipeline.build`` asks before reading).

    >>> check_processes(0)
    Traceback (most recent call last):
    ...
    kg.errors.KgError: --processes must be 1 or more, not 0
    """
    if processes < 1:
        raise KgError(f"--processes must be 1 or more, not {processes}")


def extracted(documents: Iterable[Document], model: str | None, processes: int, batch_size: int = BATCH_SIZE):
    """Extractions of ``documents`` as they are made, in order (what ``kg.pipeline.build`` walks)."""
    check_processes(processes)
    if processes == 1:
        return in_zones(documents, nlp.load(model), batch_size)
    return _in_workers(documents, model, processes, batch_size)


def in_zones(documents: Iterable[Document], pipeline, batch_size: int):
    """Extractions of documents parsed a few batches at a time inside a spaCy memory zone.
    Every new word a parse meets stays in the model's string store for good, so over a long
    corpus memory would grow with its vocabulary; the zone forgets them once the zone's Docs
    are read (Extractions hold plain strings, never spaCy objects)."""
    documents = iter(documents)
    while chunk := list(islice(documents, ZONE_BATCHES * batch_size)):
        with pipeline.memory_zone():
            pairs = ((d.text, d) for d in chunk)
            for parsed, document in pipeline.pipe(pairs, as_tuples=True, batch_size=batch_size):
                yield extract(document, parsed)


def load_in_worker(model: str | None) -> None:
    """The model loaded once in a worker process (of this module's pool or of a Dask cluster,
    kg/cluster.py), before its first articles."""
    nlp.load(model)
    # the model and the modules live as long as the worker: out of the cycle collector's walks
    # (kg.pipeline._frozen does the same in the parent)
    gc.freeze()


def _extract_batch(batch: list[Document], model: str | None) -> list[Extraction]:
    return list(in_zones(batch, nlp.load(model), len(batch)))


def _in_workers(documents: Iterable[Document], model: str | None, processes: int, batch_size: int):
    """Extractions, in the documents' order, from ``processes - 1`` worker processes that parse
    and extract, and from this process, which parses a batch of its own whenever the workers
    have enough queued.  This process has the model loaded already: it parses from the first
    second, while a worker spends its first one or two loading the model, and the batches it
    parses are never sent between processes; one worker fewer is also one model fewer in memory.

    Not spaCy's own ``n_process``: that sends every parsed Doc back to this process
    (Doc.to_bytes and back) and leaves extraction here, which on two cores made kg much slower
    next to bare spaCy than this way (bench/README.md).  Workers start from a fresh interpreter
    (forkserver or spawn, never a fork of this process and its threads) and load the model once
    each."""
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    here = nlp.load(model)
    documents = iter(documents)
    first = list(islice(documents, 2 * batch_size))
    if len(first) < 2 * batch_size:
        # less than a worker would have queued: parsed here before a worker could load its model
        yield from in_zones(first, here, batch_size)
        return
    documents = chain(first, documents)
    workers = processes - 1
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=load_in_worker, initargs=(model,))
    pending: deque[Future | list[Extraction]] = deque()  # batches in the documents' order

    def ready():
        while pending and (isinstance(pending[0], list) or pending[0].done()):
            done = pending.popleft()
            yield from (done if isinstance(done, list) else done.result())

    try:
        for batch in guided_batches(documents, batch_size, processes):
            # Two batches queued per worker keep each busy while bounding what is held in memory.
            if sum(isinstance(p, Future) and not p.done() for p in pending) < 2 * workers:
                pending.append(pool.submit(_extract_batch, batch, model))
            else:
                pending.append(list(in_zones(batch, here, len(batch))))
            yield from ready()
        while pending:
            if isinstance(pending[0], Future):
                pending[0].result()
            yield from ready()
    except BrokenProcessPool:
        raise KgError(f"a worker process stopped unexpectedly (out of memory?); try fewer than "
                      f"{processes} --processes") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def guided_batches(documents: Iterable[Document], batch_size: int, processes: int):
    """Batches of ``documents``, ``batch_size`` long until the last few, which shrink ("guided"
    scheduling: a batch is a ``2 * processes``-th of what is left).  Whoever takes the last
    full batches would otherwise keep the others waiting for up to two batches' parsing at the
    end (~3 s of one core with two processes); small batches there let them finish together.

    >>> [len(b) for b in guided_batches(range(200), 32, 2)]
    [32, 32, 32, 26, 20, 15, 11, 8, 6, 5, 4, 4, 4, 1]
    """
    documents = iter(documents)
    # what is left is known only near the end: this many read ahead tell when it is near
    ahead = deque(islice(documents, 4 * batch_size * processes))
    while ahead:
        size = min(batch_size, max(_SMALLEST_BATCH, -(-len(ahead) // (2 * processes))))
        yield [ahead.popleft() for _ in range(min(size, len(ahead)))]
        ahead.extend(islice(documents, 4 * batch_size * processes - len(ahead)))


_SMALLEST_BATCH = 4  # below this spaCy's batching gains little and each batch costs a round trip
