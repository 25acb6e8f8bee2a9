"""kg.store.export: a store or graph file out in five RDF formats, read back by rdflib and by an
independent parser (rapper, from Debian's raptor2-utils)."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from rdflib import OWL, RDF, XSD, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import KgError
from kg.graph.rdf import document_graph_iri, to_dataset, to_graph
from kg.graph.vocab import V
from kg.store import export as ex
from kg.store.kgstore import KgStore
from test_store import articles

RAPPER = "/usr/bin/rapper"
RAPPER_SYNTAX = {"ttl": "turtle", "nt": "ntriples", "trig": "trig", "nq": "nquads"}
RDFLIB_SYNTAX = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}


def rapper_count(fmt: str, path) -> int:
    """How many statements rapper reads in ``path``; it fails on anything it cannot parse."""
    if not os.access(RAPPER, os.X_OK):
        reason = f"no rapper at {RAPPER} (apt-get install raptor2-utils)"
        if os.environ.get("CI") == "true":  # on CI a missing parser means nothing was checked
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    done = subprocess.run([RAPPER, "-i", RAPPER_SYNTAX[fmt], "-c", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower(), done.stderr
    return int(re.search(r"Parsing returned (\d+) triples", done.stderr).group(1))


def read_back(fmt: str, path) -> Graph:
    if fmt in ex.QUAD_FORMATS:
        ds = Dataset()
        ds.parse(path, format=RDFLIB_SYNTAX[fmt])
        return ds
    return Graph().parse(path, format=RDFLIB_SYNTAX[fmt])


def quads_of(ds: Dataset) -> set:
    return {(s, p, o, None if g == DATASET_DEFAULT_GRAPH_ID else g) for s, p, o, g in ds.quads((None, None, None, None))}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Three invented articles that share people and places, in a store; and their Dataset."""
    exs = articles(0, 3)
    path = tmp_path_factory.mktemp("export") / "kb"
    KgStore.create(path, exs).close()  # export opens it, and a store opens in one place at a time
    return path, to_dataset(exs)


@pytest.fixture(scope="module")
def ontology_size() -> int:
    return len(Graph().parse(V.path, format="turtle"))


@pytest.mark.parametrize("fmt", sorted(ex.FORMATS))
def test_a_store_exports_in_every_format_and_reads_back_whole(store, tmp_path, fmt):
    path, dataset = store
    out = tmp_path / f"all.{fmt}"
    n = ex.export(path, fmt, out)
    back = read_back(fmt, out)
    if fmt in ex.QUAD_FORMATS:  # every document's graph kept, and the default graph's PROV links
        expected = quads_of(dataset)
        assert quads_of(back) == expected
        assert {g.identifier for g in back.graphs() if len(g)} >= {document_graph_iri(f"brindle-{i}") for i in range(3)}
    else:  # the union, each triple once although the articles repeat Orla Fenwick
        expected = set(dataset.quads((None, None, None, None)))
        expected = {(s, p, o) for s, p, o, _ in expected}
        assert set(back) == expected
    assert n == len(expected)
    if fmt != "jsonld":  # rapper reads no JSON-LD
        assert rapper_count(fmt, out) == n


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_the_ontology_comes_only_when_asked_for(store, tmp_path, ontology_size, fmt):
    path, _ = store
    without = ex.export(path, fmt, tmp_path / f"without.{fmt}")
    with_it = ex.export(path, fmt, tmp_path / f"with.{fmt}", ontology=True)
    assert with_it == without + ontology_size
    assert rapper_count(fmt, tmp_path / f"with.{fmt}") == with_it
    back = read_back(fmt, tmp_path / f"with.{fmt}")
    person_is_a_class = (V.Person, RDF.type, OWL.Class)
    if fmt == "trig":  # in a graph of its own, named by the ontology's IRI
        assert len(back.graph(URIRef(str(V.ontology_iri)))) == ontology_size
        assert person_is_a_class in back.graph(URIRef(str(V.ontology_iri)))
    else:
        assert person_is_a_class in back
    assert person_is_a_class not in read_back(fmt, tmp_path / f"without.{fmt}")


def test_a_graph_file_exports_too(store, tmp_path):
    _, dataset = store
    trig, ttl = tmp_path / "in.trig", tmp_path / "in.ttl"
    dataset.serialize(trig, format="trig")
    to_graph(articles(0, 3)).serialize(ttl, format="turtle")
    assert ex.export(trig, "nq", tmp_path / "out.nq") == len(quads_of(dataset))
    assert quads_of(read_back("nq", tmp_path / "out.nq")) == quads_of(dataset)
    # Turtle in, N-Triples out: the same triples; TriG flattened: the union, PROV links included
    assert ex.export(ttl, "nt", tmp_path / "from-ttl.nt") == len(Graph().parse(ttl))
    assert set(read_back("nt", tmp_path / "from-ttl.nt")) == set(Graph().parse(ttl))
    ex.export(trig, "nt", tmp_path / "from-trig.nt")
    union, flat = set(read_back("nt", tmp_path / "from-trig.nt")), set(Graph().parse(ttl))
    assert flat < union and len(union - flat) == 3  # the default graph's three graph → document links


def test_a_failed_export_leaves_the_old_file_and_no_debris(store, tmp_path, monkeypatch):
    path, _ = store
    out = tmp_path / "all.nt"
    out.write_text("old\n", encoding="utf-8")

    def broken(kb, quads, fmt, ontology, ranks=()):
        yield from list(kb.triples())[:5]
        raise KgError("the disk caught fire")

    monkeypatch.setattr(ex, "_statements", broken)
    with pytest.raises(KgError, match="the disk caught fire"):
        ex.export(path, "nt", out)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.nt"]


def test_export_mistakes_are_one_line_errors(store, tmp_path):
    path, _ = store
    (tmp_path / "folder").mkdir()
    (tmp_path / "broken.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    cases = [
        (lambda: ex.export(path, None, tmp_path / "x.txt"), r"^give --format \(ttl, nt, trig, nq, jsonld\) or an -o file"),
        (lambda: ex.export(path, "nt", tmp_path / "x.ttl"), r"^-o .*x\.ttl says \.ttl but --format is nt$"),
        (lambda: ex.export(path, "rdfxml", None), r"^unknown export format 'rdfxml'"),
        (lambda: ex.export(tmp_path / "folder", "nt", tmp_path / "x.nt"), r"folder is not a kg store \(no kg-store.json\)$"),
        (lambda: ex.export(tmp_path / "gone.ttl", "nt", tmp_path / "x.nt"), r"gone\.ttl: no such file"),
        (lambda: ex.export(tmp_path / "gone", "nt", tmp_path / "x.nt"), r"^no such store: .*gone$"),
        (lambda: ex.export(tmp_path / "broken.ttl", "nt", tmp_path / "x.nt"), r"^cannot read graph .*broken\.ttl: "),
        (lambda: ex.export(path, "nt", tmp_path / "no" / "such" / "x.nt"), r"^cannot write .*x\.nt: "),
        (lambda: ex.export(path, "nt", tmp_path / "folder"), r"folder: it is a directory$"),
    ]
    for call, message in cases:
        with pytest.raises(KgError, match=message) as info:
            call()
        assert "\n" not in str(info.value)
    assert not (tmp_path / "x.nt").exists()


RANKS_LEFT_OUT = re.compile(r"kg: note: left out kg:pageRank on (\d+) entities, which the store derives "
                           r"from the facts \(--measures includes it\)\n")


@pytest.mark.slow
def test_cli_export_writes_to_stdout_without_o(store, tmp_path):
    path, dataset = store
    done = subprocess.run([sys.executable, "-m", "kg.cli", "export", str(path), "--format", "nq"],
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert RANKS_LEFT_OUT.fullmatch(done.stderr.decode())
    ds = Dataset()
    ds.parse(data=done.stdout.decode("utf-8"), format="nquads")
    assert quads_of(ds) == quads_of(dataset)


@pytest.mark.slow
def test_cli_export_to_stdout_is_turtle_unless_told(store):
    path, dataset = store
    done = subprocess.run([sys.executable, "-m", "kg.cli", "export", str(path)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    union = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    assert set(Graph().parse(data=done.stdout.decode("utf-8"), format="turtle")) == union


def test_a_store_export_says_what_it_left_out_and_measures_bring_it_back(store, tmp_path, capsys):
    from kg import cli

    path, _ = store
    assert cli.main(["export", str(path), "-o", str(tmp_path / "plain.trig")]) == 0
    note = RANKS_LEFT_OUT.fullmatch(capsys.readouterr().err)
    assert note, "the ranks went missing without a word"
    assert not set(read_back("trig", tmp_path / "plain.trig").subjects(V.pageRank))
    with KgStore(path, create=False) as kb:
        entities = {s for s, in kb.query("SELECT ?e WHERE { ?e kg:pageRank ?r }").rows}
    assert int(note.group(1)) == len(entities) > 0

    for fmt in ("trig", "nt"):
        assert cli.main(["export", str(path), "--measures", "-o", str(tmp_path / f"all.{fmt}")]) == 0
        assert capsys.readouterr().err == ""
        back = read_back(fmt, tmp_path / f"all.{fmt}")
        assert set(back.subjects(V.pageRank)) == entities
        assert {o.datatype for o in back.objects(None, V.pageRank)} == {XSD.double}
