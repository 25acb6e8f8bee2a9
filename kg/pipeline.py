"""The library API a notebook calls: articles in, graph and its views out.

Example (not run as a doctest: it parses real articles)::

    result = build(["examples/"])
    write_outputs(result, "output/")
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg import analytics, nlp, page, rdf
from kg.errors import KgError
from kg.extract import extract
from kg.model import Extraction, ROOT_CLASS
from kg.read import read_paths

OUTPUT_FILES = ("graph.ttl", "graph.html", "centrality.csv")


@dataclass
class BuildResult:
    graph: Graph
    extractions: list[Extraction]

    @property
    def documents(self) -> int:
        return len(self.extractions)


def extract_documents(documents, model: str | None = None) -> list[Extraction]:
    """Documents → Extractions, through spaCy's batching pipe."""
    pipeline = nlp.load(model)
    docs = list(documents)
    return [extract(d, parsed) for d, parsed in zip(docs, pipeline.pipe(d.text for d in docs))]


def build(paths, model: str | None = None, min_confidence: float = 0.0) -> BuildResult:
    """Read every article under ``paths`` and build one graph; bad input raises KgError
    before anything is parsed."""
    documents = list(read_paths(paths))
    extractions = extract_documents(documents, model)
    return BuildResult(rdf.to_graph(extractions, min_confidence), extractions)


def write_outputs(result: BuildResult, out_dir: str | os.PathLike) -> dict[str, Path]:
    """graph.ttl, graph.html and centrality.csv in ``out_dir``.  All three are written in a
    scratch folder beside it first, so a failure leaves ``out_dir`` as it was."""
    out = Path(out_dir)
    for name in OUTPUT_FILES:
        if (out / name).is_dir():
            raise KgError(f"cannot write {out / name}: a folder is in the way")
    G = analytics.entity_graph(result.graph)
    rows = analytics.centrality(G)
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KgError(f"cannot create output folder {out}: {err.strerror or err}") from None
    scratch = None
    try:
        scratch = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out))
        result.graph.serialize(scratch / "graph.ttl", format="turtle")
        page.render(G, rows, scratch / "graph.html")
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


def summary(result: BuildResult, top: int = 5) -> str:
    """A few lines for the terminal: documents, entities by class, facts by property, top entities."""
    entities = Counter(ROOT_CLASS.get(e.cls, e.cls) for ex in result.extractions for e in ex.entities.values())
    facts = Counter(f.predicate for ex in result.extractions for f in ex.facts)
    rows = analytics.centrality(analytics.entity_graph(result.graph))
    lines = [f"documents: {result.documents}",
             "entities: " + (", ".join(f"{k} {v}" for k, v in sorted(entities.items())) or "none"),
             "facts: " + (", ".join(f"{k} {v}" for k, v in sorted(facts.items())) or "none"),
             f"triples: {len(result.graph)}",
             "top entities: " + ("; ".join(f"{r.label} ({r.cls}, pagerank {r.pagerank:.3f})" for r in rows[:top]) or "none")]
    return "\n".join(lines)
