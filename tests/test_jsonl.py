"""JSON Lines input, articles in other languages, streaming, and a build over several articles
(dates, cross-document nodes, worker processes, progress, summary).  Every name is invented."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS, XSD

from conftest import assert_one_line_error
from kg import pipeline
from kg.errors import KgError
from kg.graph import rdf
from kg.graph.vocab import V
from kg.ingest.corpus import Corpus, looks_english, read_paths

KG = [sys.executable, "-m", "kg.cli"]

QUAY = {"id": "quay", "title": "Quay Reopens", "date": "2019-06-12T08:30:00Z", "url": "https://example.org/quay",
        "text": "President Teodor Varga chaired a meeting of the Harbour Council in Dornholt on June 10. "
                "The Ministry of Fisheries presented a report during the meeting."}
FERRY = {"id": "ferry", "date": "2019-06-14",
         "text": "Varga thanked the rescue workers in Oslavik for their courage. "
                 "Officials of the Fisheries Ministry inspected the pier on Thursday."}
TRADE = {"id": "trade", "text": "Minister of Trade Lidia Varga and Mayor Kaja Quist met in Brisk on Monday."}
# The same kind of news in French, German and Spanish: kg reads English only.
FOREIGN = {
    "fr": "Le maire de Dornholt a inauguré mardi le nouveau port de la ville en présence de nombreux habitants. "
          "Selon le conseil municipal, les travaux ont duré deux ans et ont coûté plus de dix millions.",
    "de": "Der Bürgermeister von Dornholt hat am Dienstag den neuen Hafen der Stadt eröffnet. Nach Angaben "
          "des Stadtrates dauerten die Arbeiten zwei Jahre und kosteten mehr als zehn Millionen.",
    "es": "El alcalde de Dornholt inauguró el martes el nuevo puerto de la ciudad ante numerosos vecinos. "
          "Según el consejo municipal, las obras duraron dos años y costaron más de diez millones.",
}
ENGLISH = ("The mayor of Dornholt opened the new harbour of the town on Tuesday in front of many residents. "
           "According to the town council, the work took two years and cost more than ten million.")


def jsonl(path, *records) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def error(*paths) -> str:
    with pytest.raises(KgError) as err:
        list(read_paths(paths, warn=lambda message: None))
    message = str(err.value)
    assert "\n" not in message
    return message


# ---------------------------------------------------------------- lines into documents


def test_each_line_is_a_document_with_its_title_date_and_url(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", QUAY, {"text": "Mayor Kaja Quist opened the pier."})
    quay, second = read_paths([feed])
    assert (quay.id, quay.title, quay.date, quay.source) == ("quay", "Quay Reopens", "2019-06-12", QUAY["url"])
    assert quay.text == QUAY["text"]
    # no id and no url: a digest of the text (a line number is reused by the next day's file)
    assert (second.id, second.source, second.date) == (f"text-{second.digest[:16]}", f"{feed}:2", None)


def test_a_line_without_an_id_is_named_by_its_url(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", {"text": "Mayor Kaja Quist spoke.", "url": "https://example.org/quist"})
    assert [d.id for d in read_paths([feed])] == ["https://example.org/quist"]


def test_blank_lines_are_no_articles_but_keep_line_numbers(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", "", {"text": "Mayor Kaja Quist spoke."}, "   ")
    [doc] = read_paths([feed])
    assert doc.source == f"{feed}:2"


def test_a_date_that_is_not_iso_is_left_out(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", {"text": "Mayor Kaja Quist spoke.", "date": "June 12, 2019"})
    assert next(read_paths([feed])).date is None


def test_a_folder_reads_jsonl_beside_text_files(tmp_path):
    jsonl(tmp_path / "in" / "feeds" / "wire.jsonl", {"text": "Mayor Kaja Quist spoke."}, {"text": "She left.", "id": 7})
    (tmp_path / "in" / "note.txt").write_text("Governor Ilse Vantor spoke.", encoding="utf-8")
    wire, seven, note = read_paths([tmp_path / "in"])
    assert (wire.id[:5], seven.id, note.id) == ("text-", "7", (tmp_path / "in" / "note.txt").as_posix())


@pytest.mark.parametrize("line, expected", [
    ('{"text": "Mayor Kaja Quist spoke."', "bad JSON on line 2 of "),
    ("text: Mayor Kaja Quist spoke.", "bad JSON on line 2 of "),
    ('{"title": "No Body"}', "no article text on line 2 of "),
    ('{"text": "   "}', "no article text on line 2 of "),
    ('{"text": 42}', "no article text on line 2 of "),
    ('["Mayor Kaja Quist spoke."]', "not a JSON object on line 2 of "),
    ('{"text": "Mayor Kaja Quist spoke.", "title": ["a"]}', "'title' is not a string on line 2 of "),
    ('{"text": "Mayor Kaja Quist spoke.", "id": ""}', '"id" is not a non-empty string or number on line 2'),
])
def test_a_bad_line_is_one_error_naming_file_and_line(tmp_path, line, expected):
    feed = jsonl(tmp_path / "feed.jsonl", {"text": "Governor Ilse Vantor spoke."}, line)
    message = error(feed)
    assert message.startswith(expected) and str(feed) in message


def test_a_line_that_is_not_utf8_names_the_line(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"text": "Governor Ilse Vantor spoke."}\n{"text": "caf\xe9"}\n')
    assert "line 2" in error(feed) and "UTF-8" in error(feed)


def test_an_empty_jsonl_file_is_refused(tmp_path):
    assert "no JSON lines" in error(jsonl(tmp_path / "feed.jsonl", ""))


def test_two_articles_with_one_id_are_refused(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", {"text": "Mayor Kaja Quist spoke.", "id": "x"},
                 {"text": "Governor Ilse Vantor spoke.", "id": "x"})
    assert "two articles with document id 'x'" in error(feed)


@pytest.mark.slow
def test_a_bad_last_line_stops_the_build_before_spacy_runs(tmp_path, monkeypatch):
    feed = jsonl(tmp_path / "feed.jsonl", QUAY, FERRY, "{oops")

    def no_parse(*args, **kwargs):
        raise AssertionError("spaCy ran on a build that was bound to fail")

    monkeypatch.setattr(pipeline.nlp, "load", no_parse)
    with pytest.raises(KgError, match="bad JSON on line 3 of "):
        pipeline.build([feed])


@pytest.mark.slow
def test_reading_streams_one_article_at_a_time(tmp_path):
    paragraph = "Mayor Kaja Quist said the harbour of Dornholt would reopen after the storm. " * 50
    feed = jsonl(tmp_path / "feed.jsonl", *({"text": f"{paragraph} Line {i}."} for i in range(800)))
    size = feed.stat().st_size
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_paths([feed]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 800
    # both passes hold one line at a time: far less than the file, which is about 3 MB
    assert peak < size / 10, (peak, size)


# ---------------------------------------------------------------- other languages


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_news_in_other_languages_does_not_look_english(language):
    assert not looks_english(FOREIGN[language])


def test_english_news_and_short_texts_look_english():
    assert looks_english(ENGLISH)
    # a line of names says too little to judge: it is read
    assert looks_english("Kaja Quist, Ilse Vantor, Teodor Varga")


def test_a_single_article_in_another_language_is_refused(tmp_path):
    f = tmp_path / "hafen.txt"
    f.write_text(FOREIGN["de"], encoding="utf-8")
    assert error(f) == f"{f} does not look like English text (kg reads English news)"


def test_in_a_corpus_an_article_in_another_language_is_skipped_with_a_warning(tmp_path):
    feed = jsonl(tmp_path / "in" / "feed.jsonl", {"text": ENGLISH}, {"text": FOREIGN["fr"]})
    (tmp_path / "in" / "port.txt").write_text(FOREIGN["es"], encoding="utf-8")
    warnings = []
    corpus = Corpus([tmp_path / "in"], warn=warnings.append)
    assert [d.text for d in corpus] == [ENGLISH] and len(corpus) == 1
    assert warnings == [f"skipped line 2 of {feed}: does not look like English text",
                        f"skipped {tmp_path / 'in' / 'port.txt'}: does not look like English text"]


def test_a_corpus_with_no_english_article_is_refused(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", {"text": FOREIGN["fr"]}, {"text": FOREIGN["de"]})
    assert "none of the 2 articles looks like English text" in error(feed)


# ---------------------------------------------------------------- a build over several articles


@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    return jsonl(tmp_path_factory.mktemp("jsonl") / "feed.jsonl", QUAY, FERRY, {"text": FOREIGN["fr"]})


@pytest.fixture(scope="module")
def built(feed):
    warnings = []
    return pipeline.build([feed], warn=warnings.append), warnings


@pytest.mark.slow
def test_a_document_date_gives_june_10_its_year(built):
    graph = built[0].graph
    dates = set(graph.objects(None, V.occursOn))
    assert Literal("2019-06-10", datatype=XSD.date) in dates


@pytest.mark.slow
def test_a_surname_in_one_article_is_the_full_name_of_another(built):
    graph = built[0].graph
    [varga] = set(graph.subjects(SKOS.altLabel, Literal("Varga")))
    assert graph.value(varga, RDFS.label) == Literal("Teodor Varga")
    assert set(graph.objects(varga, V.mentionedIn)) == {rdf.document_iri("quay"), rdf.document_iri("ferry")}


@pytest.mark.slow
def test_a_ministry_named_two_ways_in_two_articles_is_one_node(built):
    graph = built[0].graph
    [ministry] = set(graph.subjects(RDFS.label, Literal("Ministry of Fisheries")))
    assert (ministry, SKOS.altLabel, Literal("Fisheries Ministry")) in graph
    assert set(graph.objects(ministry, V.mentionedIn)) == {rdf.document_iri("quay"), rdf.document_iri("ferry")}


@pytest.mark.slow
def test_a_second_person_with_the_surname_keeps_the_bare_surname_apart(tmp_path):
    result = pipeline.build([jsonl(tmp_path / "feed.jsonl", QUAY, FERRY, TRADE)])
    graph = result.graph
    [bare] = set(graph.subjects(RDFS.label, Literal("Varga")))
    assert set(graph.objects(bare, V.mentionedIn)) == {rdf.document_iri("ferry")}
    [teodor] = set(graph.subjects(RDFS.label, Literal("Teodor Varga")))
    assert (teodor, SKOS.altLabel, Literal("Varga")) not in graph


@pytest.mark.slow
def test_the_summary_counts_skipped_articles_and_the_speed(built):
    result, warnings = built
    lines = pipeline.summary(result).splitlines()
    assert lines[0] == "documents: 2"
    assert lines[1] == "skipped: 1 not English text"
    assert lines[-1].startswith("speed: 2 documents in ") and lines[-1].endswith("documents/s (model loading aside)")
    assert len(warnings) == 1 and "line 3 of" in warnings[0]


@pytest.mark.slow
def test_cli_with_two_processes_and_a_progress_bar_builds_the_same_graph(built, feed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KG_SPACY_MODEL"}
    proc = subprocess.run([*KG, "build", str(feed), "--out", str(tmp_path / "out"), "--processes", "2", "--progress"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"kg: warning: skipped line 3 of {feed}: does not look like English text" in proc.stderr.splitlines()
    assert "2/2" in proc.stderr and "article" in proc.stderr  # tqdm's bar, forced on although not a terminal
    assert "documents/s" in proc.stdout and "skipped: 1" in proc.stdout
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert set(graph) == set(built[0].graph)


@pytest.mark.slow
def test_cli_without_progress_draws_no_bar_when_stderr_is_not_a_terminal(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", {"text": "Mayor Kaja Quist opened the pier in Brisk."})
    proc = subprocess.run([*KG, "build", str(feed), "--out", str(tmp_path / "out")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


@pytest.mark.slow
@pytest.mark.parametrize("args, expected", [
    (["--processes", "0"], "--processes: must be 1 or more"),
    ([], "does not look like English text"),
])
def test_cli_refusals_are_one_line_and_write_nothing(tmp_path, args, expected, run_kg):
    f = tmp_path / "hafen.txt"
    f.write_text(FOREIGN["de"] if not args else ENGLISH, encoding="utf-8")
    assert expected in assert_one_line_error(run_kg("build", f, "--out", tmp_path / "out", *args))
    assert not (tmp_path / "out").exists()

