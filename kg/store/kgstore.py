"""A persistent kg store: a folder holding many documents' graphs, queried with SPARQL.

Layout of a store folder DIR::

    DIR/kg-store.json   {"format": "kg-store", "version": 1}: says DIR is a kg store
    DIR/oxigraph/       an Oxigraph database (RocksDB), the one ``oxigraph serve-read-only
                        --location DIR/oxigraph`` serves

Each document's facts sit in a named graph of their own (``kg.graph.rdf.document_graph_iri``); the
default graph holds ``<graph> prov:wasDerivedFrom <document>`` **and a copy of every triple of every
named graph**.  That copy is deliberate: Oxigraph 0.5's "union default graph" is a bag, not an RDF
merge (oxigraph/oxigraph#1919, fixed only in 0.6), so an entity named in ten articles would come
back ten times from each triple pattern and a join would multiply the rows.  With the union kept
as a real graph, a query without GRAPH sees each fact once and any SPARQL client, ``oxigraph
serve-read-only`` without ``--union-default-graph`` included, gets the same answers as
``kg query``.  ``GRAPH ?g { ... }`` still says which documents state a fact.

Engine: Oxigraph through pyoxigraph.  It keeps the data on disk in RocksDB, so a store outlives
the process and grows past memory; its writes are transactions (a SPARQL update is applied whole
or not at all, even when the process is killed), which is what makes ``kg add`` safe to
interrupt; its SPARQL 1.1 engine is native code working on the store's own indexes, answering
kg's curated questions in milliseconds at a million triples where rdflib's in-memory store takes
seconds; and PyPI's ``oxigraph`` package serves the very same folder over the SPARQL protocol.
rdflib stays the API of the rest of kg: answers come back as rdflib terms in a
``kg.store.results.QueryResult``, and ``dataset()`` hands out an rdflib Dataset.  (rdflib's own
persistent stores are either gone (Sleepycat) or far slower; oxrdflib would put rdflib's Python
query layer back in front of Oxigraph, which is the cost this module avoids.)

Example (not a doctest: it writes a folder)::

    with KgStore("kb/") as kb:
        kb.add(extractions)
        print(format_result(kb.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))
"""
from __future__ import annotations

import glob
import itertools
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV, RDFS

from kg.errors import KgError, one_line
from kg.files import umask
from kg.graph import rdf
from kg.graph.vocab import V
from kg.model import Extraction
from kg.store import measures, tenures
from kg.store.engine import answer, to_oxigraph, to_rdflib
from kg.store.folder import STORE_FORMAT, STORE_MARKER, check_version, database, is_store, oxigraph_path, read_marker

_SCRATCH = ".kg-new-"


@dataclass
class Added:
    """What one ``KgStore.add`` did: documents written, how many of them replaced a graph the
    store already held, and the quads written into their named graphs."""

    documents: int = 0
    replaced: int = 0
    quads: int = 0


# Each stored document's id and the digest of the text it was read from (when kg kept one).
TEXT_DIGESTS = (f"SELECT ?id ?digest WHERE {{ ?g <{PROV.wasDerivedFrom}> ?d . ?d <{RDFS.label}> ?id "
                f"OPTIONAL {{ ?d <{V.term('textDigest')}> ?digest }} }}")


# ---------------------------------------------------------------- what add() takes


def _document_graphs(source, min_confidence: float) -> Iterator[tuple[ox.NamedNode | None, list[ox.Quad]]]:
    """(graph name, its quads) for each document graph in ``source``, then (None, the default
    graph's own quads).  ``source`` is an rdflib Dataset or Extractions; Extractions are turned
    into triples one at a time, so a long run never holds every document's rdflib graph."""
    if isinstance(source, Graph):
        if not isinstance(source, Dataset):
            raise KgError("a kg store takes a Dataset of named graphs (kg.graph.rdf.to_dataset) or Extractions")
        default: list[ox.Quad] = []
        for graph in source.graphs():
            if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
                default += [ox.Quad(*map(to_oxigraph, t)) for t in graph]
            elif len(graph):
                name = to_oxigraph(graph.identifier)
                yield name, [ox.Quad(*map(to_oxigraph, t), name) for t in graph]
        yield None, default
        return
    default = []
    for ex in source:
        if not isinstance(ex, Extraction):
            raise KgError(f"a kg store takes a Dataset or Extractions, not {type(ex).__name__}")
        ds = Dataset()
        rdf.add_document_graph(ds, ex, min_confidence)
        quads = list(_document_graphs(ds, min_confidence))
        yield from quads[:-1]
        default += quads[-1][1]
    yield None, default


# ---------------------------------------------------------------- the store


class KgStore:
    """An open kg store; ``create=False`` refuses a folder that is not one yet.

    Opening takes Oxigraph's lock on the database, so one process at a time reads or writes a
    store (``oxigraph serve-read-only`` takes no lock).  ``close()`` or a ``with`` block lets go.

        with KgStore("kb/") as kb:
            kb.add(extractions)
    """

    def __init__(self, path: str | os.PathLike, create: bool = True):
        self.path = Path(path)
        if not is_store(self.path):
            if self.path.exists() and not self.path.is_dir():
                raise KgError(f"{self.path} is not a kg store (it is a file)")
            if (self.path / STORE_MARKER).exists():
                raise KgError(f"{self.path} is not a kg store ({STORE_MARKER} is not a kg store marker)")
            if self.path.is_dir() and (any(self.path.iterdir()) or not create):
                raise KgError(f"{self.path} is not a kg store (no {STORE_MARKER})")
            if not create:
                raise KgError(f"no such store: {self.path}")
            _create(self.path, ())
        check_version(self.path, read_marker(self.path))
        database(self.path)  # Oxigraph would make an empty one: a reading command must not make a store
        self._store: ox.Store | None = _open(self.path)
        self.created: Added | None = None  # set by create(): what the bulk load wrote
        # An add killed between its transaction and the ranking leaves entities without ranks,
        # as does a store made before kg ranked them: rank them now rather than sort by nothing.
        store = self._store
        rank = measures.terms()[0]
        if not store.query(f"ASK {{ ?e {rank} ?r }}") and \
                store.query(f"ASK {{ ?e <{V.mentionedIn}> ?d }}"):
            try:
                measures.refresh(store)
            except OSError as err:
                raise KgError(f"cannot rank the entities of store {self.path}: {one_line(err)}") from None
        # A store made before kg kept timelines has roles and no tenures: reconcile them now.
        if not store.query(f"ASK {{ ?t a <{V.Tenure}> }}") and store.query(f"ASK {{ ?r a <{V.Role}> }}"):
            try:
                tenures.refresh(store)
            except OSError as err:
                raise KgError(f"cannot reconcile the roles of store {self.path}: {one_line(err)}") from None

    @classmethod
    def create(cls, path: str | os.PathLike, source=(), min_confidence: float = 0.0) -> "KgStore":
        """A new store at ``path`` (absent or an empty folder) filled with ``source`` by Oxigraph's
        bulk loader.  The store is built in a scratch folder beside ``path`` and renamed into place,
        so until it is complete ``path`` does not exist.

            kb = KgStore.create("kb/", extractions)
        """
        path = Path(path)
        if is_store(path):
            raise KgError(f"{path} is a kg store already (add to it with kg add)")
        if path.exists() and not (path.is_dir() and not any(path.iterdir())):
            raise KgError(f"{path} is not a kg store (no {STORE_MARKER})")
        added = _create(path, source, min_confidence)
        kb = cls(path, create=False)
        kb.created = added
        return kb

    # ------------------------------------------------------------ writing

    def add(self, source, min_confidence: float = 0.0) -> Added:
        """Add documents (an rdflib Dataset or Extractions) in one transaction: each document's
        named graph replaces the one the store had under that name, so adding an article twice
        changes nothing, and a run killed half-way leaves the store as it was before.  Oxigraph
        holds a transaction in memory until it commits (some 2 KB a triple), which is why a new
        store is filled by ``create``'s bulk loader instead.

            kb.add(kg.graph.rdf.to_dataset(extractions))
        """
        store = self._open_store()
        ops: list[str] = []
        insert: list[str] = []
        union: set[str] = set()
        added = Added()
        names: list[ox.NamedNode] = []
        new: list[ox.Quad] = []
        for name, quads in _document_graphs(source, min_confidence):
            if name is None:  # the default graph's own statements, about the document graphs
                for q in quads:
                    union.add(f"{q.subject} {q.predicate} {q.object} .")
                continue
            added.documents += 1
            added.quads += len(quads)
            names.append(name)
            new += quads
            if store.contains_named_graph(name):
                added.replaced += 1
                ops += drop_graph(name)
            lines = [f"{q.subject} {q.predicate} {q.object} ." for q in quads]
            insert.append(f"GRAPH {name} {{\n" + "\n".join(lines) + "\n}")
            union.update(lines)
        if not insert and not union:
            return added
        ops.append("INSERT DATA {\n" + "\n".join(insert) + "\n" + "\n".join(sorted(union)) + "\n}")
        self._commit(ops + _rederive(store, new, names), "add to")
        return added

    def remove(self, document: str) -> int:
        """Take the document with id ``document`` out, in one transaction: its graph, the triples
        of the union copy no other graph states, its statements in the default graph; the
        timeline and the ranks are recomputed as ``add`` does.  Returns the quads its graph
        held; KgError when the store has no such document.

            kb.remove("news/bridge.txt")
        """
        store = self._open_store()
        name = to_oxigraph(rdf.document_graph_iri(document))
        if not store.contains_named_graph(name):
            raise KgError(f"store {self.path} holds no document {document!r}")
        held = len(list(store.quads_for_pattern(None, None, None, name)))
        self._commit(drop_graph(name) + _rederive(store, [], [name]), "remove from")
        return held

    def _commit(self, ops: list[str], doing: str) -> None:
        store = self._open_store()
        try:
            # One update request is one Oxigraph transaction: every document or none.
            store.update(" ;\n".join(ops))
            measures.refresh(store)
        except (OSError, SyntaxError) as err:
            raise KgError(f"cannot {doing} store {self.path}: {one_line(err)}") from None

    # ------------------------------------------------------------ reading

    def documents(self) -> list[URIRef]:
        """The documents the store holds, by IRI, sorted.

            kb.documents()  # [URIRef('https://w3id.org/kg-news/id/doc/bridge'), ...]
        """
        store = self._open_store()
        rows = store.query(f"SELECT DISTINCT ?d WHERE {{ ?g <{PROV.wasDerivedFrom}> ?d }}")
        return sorted(to_rdflib(row[0]) for row in rows)

    def digests(self) -> dict[str, str]:
        """Document id → ``Document.digest`` of the text it was read from ("" for a document
        stored before kg kept digests): what ``kg add`` compares to skip unchanged articles.

            kb.digests()  # {'news/bridge.txt': '9f2c…', ...}
        """
        rows = self._open_store().query(TEXT_DIGESTS)
        return {row[0].value: row[1].value if row[1] is not None else "" for row in rows}

    def graph_names(self) -> list[URIRef]:
        """The named graphs, one per document, sorted."""
        return sorted(to_rdflib(g) for g in self._open_store().named_graphs())

    def __len__(self) -> int:
        """The number of distinct triples a query sees (the union of all graphs)."""
        (row,) = self._open_store().query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(row[0].value)

    def quads(self) -> Iterator[ox.Quad]:
        """The dataset as kg wrote it: each named graph's quads, then the default graph's own
        triples (those no named graph states), without the union copy and without the ranks
        the store keeps for its queries (derived from the rest; ``kg central --annotate`` writes
        them into a graph file)."""
        store = self._open_store()
        for name in sorted(store.named_graphs(), key=str):
            yield from store.quads_for_pattern(None, None, None, name)
        derived = ", ".join(str(t) for t in measures.terms())
        own = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } "
                          f"FILTER (?p NOT IN ({derived})) }}")
        for s, p, o in own:
            yield ox.Quad(s, p, o)

    def triples(self) -> Iterator[ox.Triple]:
        """The union of all graphs, each triple once (the ranks left out, as in ``quads``)."""
        derived = set(measures.terms())
        for q in self._open_store().quads_for_pattern(None, None, None, ox.DefaultGraph()):
            if q.predicate not in derived:
                yield q.triple

    def dataset(self) -> Dataset:
        """The store as an rdflib Dataset whose default graph is the union (small stores, tests).

            kg.store.query.run(kb.dataset(), "SELECT ...")  # the same rows as kb.query("SELECT ...")
        """
        ds = Dataset(default_union=True)
        rdf.bind_prefixes(ds)
        for q in self.quads():
            triple = (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
            name = to_rdflib(q.graph_name)
            (ds.graph(name) if name is not None else ds.default_graph).add(triple)
        return ds

    def query(self, sparql: str, bindings: dict | None = None, allow_service: bool = False):
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query natively; the answer is a
        ``kg.store.results.QueryResult`` holding rdflib terms, so ``kg.store.results.format_result`` prints it.
        ``bindings`` fix variables to rdflib terms (``kg.store.sparql.bind``); SERVICE only with
        ``allow_service``.

            kb.query("SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name }").rows
            kb.query(text, {"person": Literal("Orla Fenwick")})
        """
        return answer(self._open_store(), sparql, bindings, allow_service=allow_service)

    # ------------------------------------------------------------ life cycle

    def _open_store(self) -> ox.Store:
        if self._store is None:
            raise KgError(f"store {self.path} is closed")
        return self._store

    def close(self) -> None:
        """Let go of the database and its lock.  pyoxigraph has no close(): the database closes
        when its last Python reference goes, which is this one (query answers are read out in full)."""
        self._store = None

    def __enter__(self) -> "KgStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KgStore({str(self.path)!r}{'' if self._store is not None else ', closed'})"


def drop_graph(name: ox.NamedNode) -> list[str]:
    """The SPARQL updates that take the graph ``name`` out of a dataset whose default graph keeps
    the union copy (a kg store, or a SPARQL server kg loaded): its triples out of the union copy
    unless another graph still states them, then the default graph's own statements about the
    graph, then the graph.

    >>> len(drop_graph(ox.NamedNode("urn:g")))
    3
    """
    return [f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != {name}) }} }}",
            f"DELETE {{ {name} ?p ?o }} WHERE {{ {name} ?p ?o "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ {name} ?p ?o }} }} }}",
            f"DROP SILENT GRAPH {name}"]


def _rederive(store: ox.Store, new: list[ox.Quad], names: list[ox.NamedNode]) -> list[str]:
    """The SPARQL updates that rewrite the derived data once ``new`` replaces the graphs ``names``:
    the timeline reconciled from the roles of the other stored articles and the new ones,
    rewritten in the same transaction (a later "former" closes a tenure as its article lands),
    and the old ranks dropped in it too, so no rank outlives the graph it was computed on
    (``measures.refresh`` ranks afresh after the commit)."""
    return [tenures.DROP, *insert_data(tenures.from_quads(store, new, names)), measures.DROP]


def insert_data(quads: list[ox.Quad]) -> list[str]:
    """The SPARQL update that puts ``quads`` in the default graph (none for no quads).

    >>> insert_data([ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"))])
    ['INSERT DATA {\\n<urn:a> <urn:b> "c" .\\n}']
    """
    if not quads:
        return []
    return ["INSERT DATA {\n" + "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads) + "\n}"]


def _open(path: Path) -> ox.Store:
    try:
        return ox.Store(str(oxigraph_path(path)))
    except (OSError, RuntimeError) as err:  # RuntimeError: RocksDB's "Corruption: ..." of a damaged store
        # RocksDB's LOCK file: "While lock file: ...: Resource temporarily unavailable" from
        # another process, "lock hold by current process" from this one.
        if "lock" in str(err).lower():
            raise StoreInUse(f"store {path} is in use by another process") from None
        if isinstance(err, RuntimeError):
            raise KgError(f"store {path} is damaged, rebuild it with kg build --store "
                          f"({one_line(err)})") from None
        raise KgError(f"cannot open store {path}: {one_line(err)}") from None


class StoreInUse(KgError):
    """Another process has the store open (Oxigraph's lock): it may be free again soon."""


# How often a writer that waits for a store tries its lock again: an add holds it for seconds
# to minutes, so five tries a second cost nothing and lose at most 0.2 s.
_RETRY_SECONDS = 0.2


def open_waiting(path: str | os.PathLike, wait: float = 0.0) -> KgStore:
    """The store at ``path``, opened for writing; while another process holds it, tried again
    until ``wait`` seconds have passed, then StoreInUse saying so.

        with open_waiting("kb/", wait=60) as kb:
            kb.add(extractions)
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            return KgStore(path, create=False)
        except StoreInUse as err:
            if time.monotonic() >= deadline:
                hint = f"still after waiting {wait:g} s" if wait > 0 else "--wait SECONDS waits for it"
                raise StoreInUse(f"{err} ({hint})") from None
            time.sleep(_RETRY_SECONDS)


def check(path: str | os.PathLike, create: bool = True) -> None:
    """KgError now if ``save(path, ..., create=create)`` would refuse ``path`` later: no store
    there (and not ``create``), a folder that is no store, a store another process has open.

    >>> check("no/such/store", create=False)
    Traceback (most recent call last):
    ...
    kg.errors.KgError: no such store: no/such/store
    """
    path = Path(path)
    if is_store(path) or not create:
        KgStore(path, create=False).close()
    elif path.exists() and not (path.is_dir() and not any(path.iterdir())):
        raise KgError(f"{path} is not a kg store (no {STORE_MARKER})")


def save(path: str | os.PathLike, source, min_confidence: float = 0.0, create: bool = True) -> tuple[KgStore, Added]:
    """Put ``source`` (a Dataset or Extractions) into the store at ``path``: a new store built in
    bulk when ``path`` is absent or an empty folder (and ``create``), else one transaction added to
    the store there.  Returns the open store and what was added.

        kb, added = save("kb/", result.extractions)
    """
    path = Path(path)
    if create and not is_store(path):
        kb = KgStore.create(path, source, min_confidence)
        return kb, kb.created
    kb = KgStore(path, create=False)  # a KgError saying why, when path is no store
    try:
        return kb, kb.add(source, min_confidence)
    except BaseException:
        kb.close()
        raise


def _create(path: Path, source, min_confidence: float = 0.0) -> Added:
    """Build a store in a scratch folder beside ``path`` and rename it into place."""
    added = Added()
    parent = path.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KgError(f"cannot create store {path}: {err.strerror or err}") from None
    _remove_stale_scratch(parent, path.name)
    scratch = store = None
    try:
        scratch = Path(tempfile.mkdtemp(prefix=f".{path.name}{_SCRATCH}{os.getpid()}-", dir=parent))
        os.chmod(scratch, 0o777 & ~umask())  # mkdtemp's 0700 would hide the store from a server run as another user
        store = ox.Store(str(oxigraph_path(scratch)))
        # The bulk loader writes sorted files straight to disk instead of holding one large
        # transaction in memory; nothing can see the scratch folder, so it need not be one.
        # In slices: handed one long iterator, the loader holds up to a million quads or more in
        # memory before it writes (1.3 GB for a million); in slices of 100,000 it stays under
        # 200 MB, and is no slower (bench/README.md, build throughput and memory).
        quads = _bulk_quads(source, min_confidence, added)
        while part := list(itertools.islice(quads, 100_000)):
            store.bulk_extend(part)
        store.flush()
        tenures.refresh(store)
        measures.refresh(store)
        store = None  # the database closes with its last reference, before its folder moves
        (scratch / STORE_MARKER).write_text(json.dumps(STORE_FORMAT) + "\n", encoding="utf-8")
        os.replace(scratch, path)
        scratch = None
        _fsync_dir(parent)
    except OSError as err:
        if path.is_dir() and any(path.iterdir()) and not is_store(path):
            raise KgError(f"{path} is not a kg store (no {STORE_MARKER})") from None
        raise KgError(f"cannot create store {path}: {one_line(err)}") from None
    finally:
        store = None
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return added


def _bulk_quads(source, min_confidence: float, added: Added) -> Iterator[ox.Quad]:
    for name, quads in _document_graphs(source, min_confidence):
        if name is not None:
            added.documents += 1
            added.quads += len(quads)
        for q in quads:
            yield q
            if name is not None:
                yield ox.Quad(q.subject, q.predicate, q.object)  # the union copy; duplicates merge


def _remove_stale_scratch(parent: Path, name: str) -> None:
    # A create killed half-way leaves its scratch folder; its process id says whether it is over.
    prefix = f".{name}{_SCRATCH}"
    for old in parent.glob(f"{glob.escape(prefix)}*"):
        pid = old.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
