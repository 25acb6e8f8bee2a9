"""The library API a notebook calls: articles in, graph and its views out.

Example (not run as a doctest: it parses real articles)::

    result = build(["examples/"])
    write_outputs(result, "output/")
    build_into_store(["examples/"], "kb/")
"""
from __future__ import annotations

import gc
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDFS

from kg import nlp
from kg.errors import KgError, plural
from kg.explore import analytics, history, network, page
from kg.extract.link import LINKED, Names, relabel
from kg.extract.parallel import BATCH_SIZE, check_processes, extracted
from kg.graph import rdf, timeline
from kg.graph.vocab import V
from kg.ingest.corpus import Change, Corpus, Skipped, warn_on_stderr
from kg.model import ROOT_CLASS, Extraction
from kg.store import kgstore, remote
from kg.store.endpoint import Endpoint

OUTPUT_FILES = ("graph.ttl", "graph.html", "centrality.csv")


@dataclass
class BuildResult:
    """What ``build`` made.  ``graph`` is None when it was asked for none (``graph=False``): the
    Extractions are then read back from a scratch file each time they are walked."""

    graph: Graph | None
    extractions: Sequence[Extraction]
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0  # reading, parsing, extraction, linking and graph; not loading the model
    entities: Counter = field(default_factory=Counter)  # entities by root class
    facts: Counter = field(default_factory=Counter)  # facts by property
    changes: list[Change] = field(default_factory=list)  # per article, when built against a store

    @property
    def documents(self) -> int:
        return len(self.extractions)


class Spilled(Sequence):
    """Extractions kept in an unnamed scratch file instead of memory, read back one at a time
    with the labels ``kg.extract.link.Names.settle`` gave them.  A corpus's Extractions are some 34 kB
    an article in memory; here only where each starts is kept.  The file has no name, so it
    goes when this object does, or with the process however it ends.

    >>> from kg.model import Document
    >>> spill = Spilled()
    >>> spill.append(Extraction(Document("a", "Ada spoke.", "a.txt")))
    >>> [ex.document.id for ex in spill], len(spill)
    (['a'], 1)
    """

    def __init__(self, labels: dict | None = None):
        # unbuffered: a record written is at once in the file that os.pread reads
        self._file = tempfile.TemporaryFile(prefix="kg-extractions-", buffering=0)
        self._spans: list[tuple[int, int]] = []
        self._end = 0
        self.labels = labels or {}

    def append(self, ex: Extraction) -> None:
        data = pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(data)
        self._spans.append((self._end, len(data)))
        self._end += len(data)

    def __len__(self) -> int:
        return len(self._spans)

    def _read(self, span: tuple[int, int]) -> Extraction:
        start, size = span
        return relabel(pickle.loads(os.pread(self._file.fileno(), size, start)), self.labels)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._read(span) for span in self._spans[i]]
        return self._read(self._spans[i])

    def __iter__(self):
        for span in self._spans:
            yield self._read(span)


def _progress_bar(total: int, show: bool | None):
    from tqdm import tqdm

    if show is None:
        show = sys.stderr.isatty()
    return tqdm(total=total, disable=not show, file=sys.stderr, unit="article", dynamic_ncols=True)


def build(paths, model: str | None = None, min_confidence: float = 0.0, processes: int = 1,
          batch_size: int = BATCH_SIZE, progress: bool | None = False,
          warn: Callable[[str], None] = warn_on_stderr, known: Iterable[tuple[str, str]] = (),
          graph: bool = True, stored: dict[str, str] | None = None,
          encoding: str | None = None, strict: bool = False, exclude: Iterable = ()) -> BuildResult:
    """Read every article under ``paths`` and build one graph.  Bad input raises KgError before
    anything is parsed; articles that do not look like English are skipped with a ``warn`` line
    (refused when there is only one).  ``progress``: a bar on stderr; None shows it when stderr
    is a terminal.  ``known``: (class, label) of the nodes of a graph or store the result will
    join, so that "Varga" alone in a new article takes the name a stored node has (kg.extract.link).
    ``graph=False`` builds no graph and keeps the Extractions in a scratch file (``Spilled``),
    so that memory does not grow with the corpus: what a build into a store wants.  ``stored``:
    document id → digest of the articles a store holds (``KgStore.digests``); those unchanged
    are not parsed again, and ``BuildResult.changes`` says what happens to each article.
    ``encoding``: the files' codec when not UTF-8 (a byte-order mark names its own).  A file
    found in a folder that cannot be read is skipped with a ``warn`` line unless ``strict``.
    ``exclude``: files and folders a folder walked leaves out (what kg writes, ``written_by``)."""
    check_processes(processes)
    start = time.perf_counter()
    corpus = Corpus(paths, warn, stored, encoding, strict, exclude)
    loading = time.perf_counter()
    if len(corpus):  # every article unchanged: nothing to parse, no model to load
        nlp.load(model)
    # Loading the model takes the same seconds for one article or ten thousand: a rate with it
    # in would say more about the corpus size than about the speed.
    loaded = time.perf_counter() - loading
    # Linking must see every article before any label (and so any IRI) is final: while they are
    # parsed only their names are counted; the Extractions wait in memory or in a scratch file.
    names = Names()
    kept: list[Extraction] | Spilled = [] if graph else Spilled()
    entities: Counter = Counter()
    facts: Counter = Counter()
    with _progress_bar(len(corpus), progress) as bar, _frozen():
        for ex in extracted(corpus, model, processes, batch_size) if len(corpus) else ():
            names.see(ex)
            entities.update(e.root_class for e in ex.entities.values())
            facts.update(f.predicate for f in ex.facts)
            kept.append(ex)
            bar.update()
    labels = names.settle(known)
    if not graph:
        kept.labels = labels
        return BuildResult(None, kept, corpus.skipped, time.perf_counter() - start - loaded, entities, facts,
                           corpus.changes)
    with _collector_paused():
        extractions = [relabel(ex, labels) for ex in kept]
        del kept
        built = rdf.to_graph(extractions, min_confidence)
        # the roles of every article reconciled, written beside the facts (kg/graph/timeline.py)
        timeline.add_timeline(built)
    return BuildResult(built, extractions, corpus.skipped, time.perf_counter() - start - loaded, entities, facts,
                       corpus.changes)


def known_labels(kb) -> list[tuple[str, str]]:
    """(class, label) of the people, bodies and places an open ``kg.store.kgstore.KgStore`` (or a
    ``kg.store.endpoint.Endpoint``) holds: the ``known`` a build that will join the store takes,
    so its articles name them as the store does."""
    classes = sorted({*LINKED, *(c for c, root in ROOT_CLASS.items() if root in LINKED)})
    values = " ".join(V.term(c).n3() for c in classes)
    rows = kb.query(f"SELECT ?class ?label WHERE {{ VALUES ?class {{ {values} }} "
                    f"?node a ?class ; {RDFS.label.n3()} ?label }}").rows
    # a set: a server's union default graph may give a node's label once per article naming it
    return sorted({(str(c)[len(str(V.namespace)):], str(label)) for c, label in rows})


@contextmanager
def _frozen():
    """What lives before the articles are read (the model, the modules, the caller's own
    objects) kept out of the cycle collector's walks while they are: in a 600-article build its
    collections took 0.53 s CPU, 0.33 s with the 157,000 objects there before them frozen.  Left
    as it is when the caller froze objects of their own (``gc.freeze`` before a fork)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _collector_paused():
    """Python's cycle collector off while the graph is built.  The graph is hundreds of thousands
    of objects that all live on, and the collector would scan them again and again as they
    accumulate: a third of the time of building the graph of 600 articles.  Nothing built here
    is garbage in a cycle, so nothing is left for it to find."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class StoreBuild:
    """What ``build_into_store`` did: the build (``result.changes`` says per article whether it
    was added, replaced or skipped), what the store took, what it holds afterwards, and the
    files written when an ``out_dir`` was given."""

    store: str  # as given: the summary names it so
    result: BuildResult
    added: kgstore.Added
    documents: int  # the store's documents afterwards
    triples: int  # and its triples
    written: dict[str, Path] = field(default_factory=dict)

    @property
    def unchanged(self) -> int:
        """Articles left out because the store holds them unchanged."""
        return sum(change.verb == "skipped" for change in self.result.changes)

    def __str__(self) -> str:
        unchanged = f", {self.unchanged} unchanged" if self.unchanged else ""
        return (f"stored {plural(self.added.documents, 'document')} in {self.store} ({self.added.replaced} replaced"
                f"{unchanged}); it holds {plural(self.documents, 'document')}, {plural(self.triples, 'triple')}")


def build_into_store(paths, store: str | os.PathLike, create: bool = True, wait: float = 0.0,
                     out_dir: str | os.PathLike | None = None, size_by: str = "pagerank",
                     min_confidence: float = 0.0, on_built: Callable[[BuildResult], None] | None = None,
                     **options) -> StoreBuild:
    """``kg build --store`` (``create``) and ``kg add`` (not ``create``: the store must exist) in
    one call: the articles under ``paths`` into the store at ``store``.  A new store is built in
    bulk.  A store that exists is opened before any parsing and held to the end, so a second
    writer is refused (or waits up to ``wait`` seconds) before it parses anything rather than
    after; its articles stored unchanged are not parsed again, and new articles name the nodes
    it holds as it does (``known_labels``).  ``out_dir``: graph.ttl, graph.html and
    centrality.csv of the articles given are written there too.  ``on_built`` sees the build
    before it is stored; ``options`` go to ``build``.

        done = build_into_store(["news/"], "kb/")
    """
    where = Path(store)
    if not create and (not where.exists() or (where.is_dir() and not any(where.iterdir()))):
        # kg add never makes a store (a new one is bulk-loaded by kg build): say which command does
        raise KgError(f"no kg store at {store}: make one with kg build PATH... --store {store}")
    # Without files no graph is built in memory: the articles stream into the store.
    files = bool(out_dir)
    exclude = written_by(out_dir, store)
    written: dict[str, Path] = {}
    if create and not kgstore.is_store(store):
        kgstore.check(store)  # before minutes of parsing, not after
        result = build(paths, min_confidence=min_confidence, graph=files, exclude=exclude, **options)
        if files:
            written = write_outputs(result, out_dir, size_by=size_by)
        if on_built is not None:
            on_built(result)
        kb, added = kgstore.save(store, result.extractions, min_confidence, create=True)
    else:
        kb = kgstore.open_waiting(store, wait)
        try:
            # a graph file holds every article given: none is left out for being stored unchanged
            result = build(paths, min_confidence=min_confidence, graph=files, exclude=exclude,
                           stored=None if files else kb.digests(),
                           # the store's names, so "Varga" in a new article joins its "Anton Varga"
                           known=known_labels(kb), **options)
            if files:
                written = write_outputs(result, out_dir, size_by=size_by)
            if on_built is not None:
                on_built(result)
            added = kb.add(result.extractions, min_confidence)
        except BaseException:
            kb.close()
            raise
    with kb:
        return StoreBuild(os.fspath(store), result, added, len(kb.documents()), len(kb), written)


def build_into_endpoint(paths, endpoint: Endpoint, min_confidence: float = 0.0,
                        on_built: Callable[[BuildResult], None] | None = None, **options) -> remote.Loaded:
    """``kg add PATH... --endpoint URL``: the articles under ``paths`` onto a SPARQL server, as
    ``build_into_store`` adds them to a store: those the server holds with the same text are
    not parsed again, and new articles name the nodes it holds as it does.  ``on_built`` sees
    the build before it is sent; ``options`` go to ``build``.

        print(build_into_endpoint(["today/"], Endpoint("http://127.0.0.1:7878/")))
    """
    result = build(paths, min_confidence=min_confidence, graph=False, stored=remote.text_digests(endpoint),
                   known=known_labels(endpoint), **options)
    if on_built is not None:
        on_built(result)
    done = remote.add(result.extractions, endpoint, min_confidence)
    done.skipped += sum(change.verb == "skipped" for change in result.changes)  # not parsed: text unchanged
    return done


def written_by(out_dir=None, store=None) -> list[Path]:
    """What a build writes, never to be read back as articles by the next one: the output
    folder, its files (when it is the input folder itself) and the store.

    >>> [p.as_posix() for p in written_by("out")]
    ['out', 'out/graph.ttl', 'out/graph.html', 'out/centrality.csv']
    """
    paths = [Path(store)] if store else []
    if out_dir:
        paths += [Path(out_dir), *(Path(out_dir) / name for name in OUTPUT_FILES)]
    return paths


def write_outputs(result: BuildResult, out_dir: str | os.PathLike, size_by: str = "pagerank") -> dict[str, Path]:
    """graph.ttl, graph.html and centrality.csv in ``out_dir``.  All three are written in a
    scratch folder beside it first, so a failure leaves ``out_dir`` as it was."""
    out = Path(out_dir)
    for name in OUTPUT_FILES:
        if (out / name).is_dir():
            raise KgError(f"cannot write {out / name}: a folder is in the way")
    G = network.entity_graph(result.graph)
    rows = analytics.centrality(G)  # the page's and the CSV's, measured once
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KgError(f"cannot create output folder {out}: {err.strerror or err}") from None
    scratch = None
    try:
        scratch = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out))
        result.graph.serialize(scratch / "graph.ttl", format="turtle")
        write_page(result.graph, scratch / "graph.html", size_by=size_by, measured=(G, rows))
        analytics.write_centrality_csv(rows, scratch / "centrality.csv")
        for name in OUTPUT_FILES:
            os.replace(scratch / name, out / name)
    except OSError as err:
        # a read-only or full disk is bad environment, not a bug: one line, not a traceback
        raise KgError(f"cannot write to output folder {out}: {err.strerror or err}") from None
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        if created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()  # a failed build leaves no trace, not even the folder it would have made
    return {name: out / name for name in OUTPUT_FILES}


def write_page(graph: Graph, path: str | os.PathLike, size_by: str = "pagerank", measured=None) -> Path:
    """The interactive page of ``graph`` (built, or loaded from a file or a store by
    ``kg.store.source.load``): its entity graph, sized by ``size_by``, with the article count in the
    header.  ``measured``: the entity graph and its centrality rows when the caller has them.

        write_page(source.load("kb/"), "kb.html")
    """
    if measured is None:
        G = network.entity_graph(graph)
        measured = (G, analytics.centrality(G))
    G, rows = measured
    return page.render(G, rows, path, size_by=size_by, articles=network.article_count(graph),
                       timeline=history.read(graph))


def counts(documents: int, skipped: Sequence[Skipped], entities: Counter, facts: Counter) -> list[str]:
    """The first lines of a build's summary (``summary``, and a build into shards, kg/cluster.py).

    >>> counts(2, [], Counter(Person=3), Counter())
    ['documents: 2', 'entities: Person 3', 'facts: none']
    """
    lines = [f"documents: {documents}"]
    if skipped:
        bad = sum(s.bad for s in skipped)
        foreign = len(skipped) - bad
        lines.append("skipped: " + ", ".join([plural(bad, "bad file")] * bool(bad)
                                             + [f"{foreign} not English text"] * bool(foreign)))
    return lines + ["entities: " + (", ".join(f"{k} {v}" for k, v in sorted(entities.items())) or "none"),
                    "facts: " + (", ".join(f"{k} {v}" for k, v in sorted(facts.items())) or "none")]


def summary(result: BuildResult, top: int = 5) -> str:
    """A few lines for the terminal: documents, entities by class, facts by property, top entities."""
    lines = counts(result.documents, result.skipped, result.entities, result.facts)
    if result.graph is not None:  # a build straight into a store has no graph to measure
        rows = analytics.centrality(network.entity_graph(result.graph))
        lines += [f"triples: {len(result.graph)}",
                  "top entities: " + ("; ".join(f"{r.label} ({r.cls}, pagerank {r.pagerank:.3f})"
                                                for r in rows[:top]) or "none")]
    if result.seconds and result.documents:
        lines.append(f"speed: {plural(result.documents, 'document')} in {result.seconds:.1f} s, "
                     f"{result.documents / result.seconds:.1f} documents/s (model loading aside)")
    return "\n".join(lines)
