"""An article's graph as N-Quads (kg/graph/nquads.py): what a kg store holds of it, its source
document inside it, a digest that moves with its content only, and shards read back whole."""
from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from factories import news_extraction
from kg.errors import KgError
from kg.graph import nquads
from kg.graph.rdf import document_graph_iri, to_dataset
from kg.store.engine import in_memory


def test_the_graph_holds_what_a_store_keeps_of_the_article_and_its_document():
    ex = news_extraction()
    article = nquads.article_graph(ex)
    name = document_graph_iri(ex.document.id)
    store = in_memory(to_dataset([ex]))
    kept = {f"{q.subject} {q.predicate} {q.object} ." for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))}
    extra = set(article.lines) - kept
    assert kept <= set(article.lines)
    assert sorted(line.split(" ", 2)[1].rsplit("#", 1)[-1].rsplit("/", 1)[-1] for line in extra) == \
        ["graphDigest>", "wasDerivedFrom>"]
    assert article.document == "news-1" and article.name == str(name)
    assert all(line.endswith(f" <{name}> .") for line in article.nquads().splitlines())


def test_the_digest_moves_with_the_content_and_nothing_else():
    first, again = nquads.article_graph(news_extraction()), nquads.article_graph(news_extraction())
    assert first.digest == again.digest and first.lines == again.lines
    changed = news_extraction()
    changed.facts = changed.facts[1:]
    assert nquads.article_graph(changed).digest != first.digest
    assert nquads.from_lines(first.document, first.name, first.lines) == first  # its own digest line is remade


def test_a_shard_reads_back_as_the_articles_written(tmp_path):
    one = nquads.article_graph(news_extraction())
    other = news_extraction()
    other.document = dataclasses.replace(other.document, id="news-2")
    two = nquads.article_graph(other)
    assert nquads.write_shard(tmp_path / "part.nq", [one, two]) == len(one.lines) + len(two.lines)
    assert list(nquads.read_shard(tmp_path / "part.nq")) == [one, two]
    assert [p.name for p in tmp_path.iterdir()] == ["part.nq"]  # no scratch file left


@pytest.mark.parametrize("text, says", [
    ("<urn:a> <urn:b> <urn:c> .\n", "a triple outside any article graph"),
    ("<urn:a> <urn:b> <urn:c> <urn:g> .\n", "graph <urn:g> names no document"),
    ("<urn:a> <urn:b> .\n", "cannot read shard"),
])
def test_a_file_kg_did_not_write_is_refused(tmp_path, text, says):
    (tmp_path / "bad.nq").write_text(text)
    with pytest.raises(KgError, match=says):
        list(nquads.read_shard(tmp_path / "bad.nq"))
