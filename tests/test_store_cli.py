"""`kg build` and `kg add` through the CLI on real stores and folders: which article is which
(identity), what an add says it did, what it refuses before parsing, and what a build never
reads back (its own outputs).  Every name is invented."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import assert_one_line_error, store_held
from kg import pipeline
from kg.store.kgstore import KgStore

HARBOUR = "Mayor Lida Porvic opened the Tannery Bridge in Ostrel on Monday."
SCHOOL = "Governor Anselm Rook visited the Quarry School in Vell on Friday."
WATER = "Minister of Water Hedda Lunn met Mayor Pim Osk in Brask on Tuesday."
COURT = "Judge Oren Falk closed the Marsh Court in Tilde on Sunday."


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A scratch working folder: document ids are paths relative to it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def stored_ids(path) -> dict[str, str]:
    with KgStore(path, create=False) as kb:
        return kb.digests()


@pytest.mark.slow
def test_a_different_article_with_the_same_file_name_is_added_not_replacing(here, run_kg):
    write(here / "city-hall.txt", HARBOUR)
    write(here / "other" / "city-hall.txt", SCHOOL)
    assert run_kg("build", "city-hall.txt", "--store", "S")[0] == 0
    code, out, err = run_kg("add", "other/city-hall.txt", "--store", "S")
    assert (code, err) == (0, "")
    assert out.startswith("added other/city-hall.txt\n")
    assert "(0 replaced)" in out
    assert sorted(stored_ids("S")) == ["city-hall.txt", "other/city-hall.txt"]


@pytest.mark.slow
def test_json_lines_without_ids_from_two_days_are_all_kept(here, run_kg):
    write(here / "day1.jsonl", json.dumps({"text": HARBOUR}) + "\n" + json.dumps({"text": SCHOOL}) + "\n")
    write(here / "day2.jsonl", json.dumps({"text": WATER}) + "\n")
    assert run_kg("build", "day1.jsonl", "--store", "S")[0] == 0
    code, out, _ = run_kg("add", "day2.jsonl", "--store", "S")
    assert code == 0 and out.startswith("added text-") and "(0 replaced)" in out
    assert len(stored_ids("S")) == 3  # day 2's first line is not day 1's first line


@pytest.mark.slow
def test_one_text_twice_in_a_feed_without_ids_is_one_article(here, run_kg):
    write(here / "day1.jsonl", json.dumps({"text": HARBOUR}) + "\n" + json.dumps({"text": HARBOUR}) + "\n")
    code, _, err = run_kg("build", "day1.jsonl", "--store", "S")
    assert code == 0 and "skipped line 2 of day1.jsonl: the same article as line 1 of day1.jsonl" in err
    assert len(stored_ids("S")) == 1


@pytest.mark.slow
def test_a_json_lines_article_with_an_id_or_url_replaces_itself_when_it_changes(here, run_kg):
    write(here / "day1.jsonl", json.dumps({"text": HARBOUR, "id": "h-1"}) + "\n"
          + json.dumps({"text": SCHOOL, "url": "https://example.org/school"}) + "\n")
    write(here / "day2.jsonl", json.dumps({"text": HARBOUR + " Crowds cheered.", "id": "h-1"}) + "\n"
          + json.dumps({"text": SCHOOL, "url": "https://example.org/school"}) + "\n")
    assert run_kg("build", "day1.jsonl", "--store", "S")[0] == 0
    code, out, _ = run_kg("add", "day2.jsonl", "--store", "S")
    assert code == 0
    assert out.startswith("replaced h-1 (text changed)\nskipped https://example.org/school (unchanged)\n")
    assert sorted(stored_ids("S")) == ["h-1", "https://example.org/school"]


@pytest.mark.slow
def test_a_file_of_a_built_folder_added_alone_is_the_same_article(here, run_kg, monkeypatch):
    write(here / "feed" / "2024" / "article.txt", WATER)
    write(here / "feed" / "2025" / "article.txt", COURT)
    assert run_kg("build", "feed", "--store", "J")[0] == 0
    assert sorted(stored_ids("J")) == ["feed/2024/article.txt", "feed/2025/article.txt"]
    before = stored_ids("J")

    # unchanged: said so, and not parsed again (no model is even loaded)
    with monkeypatch.context() as m:
        m.setattr(pipeline.nlp, "load", lambda *a, **k: pytest.fail("parsed an unchanged article"))
        code, out, _ = run_kg("add", "feed/2024/article.txt", "--store", "J")
    assert code == 0 and out.startswith("skipped feed/2024/article.txt (unchanged)\n")
    assert stored_ids("J") == before

    write(here / "feed" / "2025" / "article.txt", COURT.replace("closed", "reopened"))
    code, out, _ = run_kg("add", "feed/2025/article.txt", "--store", "J")
    assert code == 0 and out.startswith("replaced feed/2025/article.txt (text changed)\n")
    after = stored_ids("J")
    assert sorted(after) == sorted(before) and after["feed/2025/article.txt"] != before["feed/2025/article.txt"]
    assert after["feed/2024/article.txt"] == before["feed/2024/article.txt"]


@pytest.mark.slow
@pytest.mark.parametrize("command", [
    ["query", "S", "ASK { ?s ?p ?o }"], ["central", "S"], ["communities", "S"], ["path", "S", "Lida Porvic", "Ostrel"],
    ["export", "S", "--format", "nt"], ["add", "city-hall.txt", "--store", "S"], ["build", "city-hall.txt", "--store", "S"],
])
def test_a_damaged_store_is_one_error_line_for_every_command(here, run_kg, command):
    write(here / "city-hall.txt", HARBOUR)
    assert run_kg("build", "city-hall.txt", "--store", "S")[0] == 0
    (here / "S" / "oxigraph" / "CURRENT").write_text("garbage\n")
    code, out, err = run_kg(*command)
    assert (code, out) == (2, "")
    assert err == ("kg: error: store S is damaged, rebuild it with kg build --store "
                   "(Corruption: CURRENT file corrupted)\n")


@pytest.mark.slow
def test_a_damaged_store_gives_no_traceback_from_the_real_process(here, run_kg):
    write(here / "city-hall.txt", HARBOUR)
    assert run_kg("build", "city-hall.txt", "--store", "S").returncode == 0
    (here / "S" / "oxigraph" / "CURRENT").write_bytes(b"\x00\xff garbage")
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "query", "S", "ASK { ?s ?p ?o }"],
                          capture_output=True, text=True, timeout=120)
    assert "is damaged" in assert_one_line_error(proc)


@pytest.mark.slow
def test_an_add_finds_the_store_in_use_before_it_parses_anything(here, run_kg, monkeypatch):
    write(here / "city-hall.txt", HARBOUR)
    write(here / "school.txt", SCHOOL)
    assert run_kg("build", "city-hall.txt", "--store", "S")[0] == 0
    monkeypatch.setattr(pipeline.nlp, "load", lambda *a, **k: pytest.fail("parsed for a store it could not take"))
    with store_held(here / "S"):
        code, out, err = run_kg("add", "school.txt", "--store", "S")
    assert (code, out) == (2, "")
    assert err == "kg: error: store S is in use by another process (--wait SECONDS waits for it)\n"


@pytest.mark.slow
def test_an_add_with_wait_gives_up_after_the_seconds_given(here, run_kg, monkeypatch):
    import time

    write(here / "city-hall.txt", HARBOUR)
    assert run_kg("build", "city-hall.txt", "--store", "S")[0] == 0
    monkeypatch.setattr(pipeline.nlp, "load", lambda *a, **k: pytest.fail("parsed for a store it could not take"))
    with store_held(here / "S"):
        start = time.monotonic()
        code, out, err = run_kg("add", "city-hall.txt", "--store", "S", "--wait", "0.6")
        assert time.monotonic() - start >= 0.6
    assert (code, out) == (2, "")
    assert err == "kg: error: store S is in use by another process (still after waiting 0.6 s)\n"


@pytest.mark.slow
def test_an_add_with_wait_takes_the_store_once_the_other_process_lets_go(here, run_kg):
    import threading

    write(here / "city-hall.txt", HARBOUR)
    write(here / "school.txt", SCHOOL)
    assert run_kg("build", "city-hall.txt", "--store", "S")[0] == 0
    with store_held(here / "S") as holder:
        threading.Timer(1.0, holder.stdin.close).start()
        code, out, err = run_kg("add", "school.txt", "--store", "S", "--wait", "60")
    assert (code, err) == (0, "")
    assert out.startswith("added school.txt\n")
    assert sorted(stored_ids("S")) == ["city-hall.txt", "school.txt"]


@pytest.mark.slow
def test_a_second_add_while_the_first_parses_is_refused_and_the_first_stores_its_work(here, run_kg, monkeypatch):
    # the first add holds the store from before its parse: a second add started meanwhile (a real
    # process) is refused before it parses, instead of parsing all and failing on the lock after
    write(here / "city-hall.txt", HARBOUR)
    write(here / "school.txt", SCHOOL)
    write(here / "water.txt", WATER)
    assert run_kg("build", "city-hall.txt", "--store", "S")[0] == 0
    build, second = pipeline.build, []

    def parse_while_another_adds(*args, **kwargs):
        second.append(subprocess.run([sys.executable, "-m", "kg.cli", "add", "water.txt", "--store", "S"],
                                     capture_output=True, text=True, timeout=120))
        return build(*args, **kwargs)

    monkeypatch.setattr(pipeline, "build", parse_while_another_adds)
    code, out, err = run_kg("add", "school.txt", "--store", "S")
    assert (code, err) == (0, "") and out.startswith("added school.txt\n")
    line = assert_one_line_error(second[0])
    assert line == "kg: error: store S is in use by another process (--wait SECONDS waits for it)"
    assert sorted(stored_ids("S")) == ["city-hall.txt", "school.txt"]


@pytest.mark.slow
def test_two_adds_at_once_with_wait_both_store_their_articles(here, run_kg):
    write(here / "city-hall.txt", HARBOUR)
    write(here / "school.txt", SCHOOL)
    write(here / "water.txt", WATER)
    kg_cli = [sys.executable, "-m", "kg.cli"]
    assert run_kg("build", "city-hall.txt", "--store", "S").returncode == 0
    first = subprocess.Popen([*kg_cli, "add", "school.txt", "--store", "S", "--wait", "120"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.run([*kg_cli, "add", "water.txt", "--store", "S", "--wait", "120"],
                            capture_output=True, text=True, timeout=180)
    _, err = first.communicate(timeout=180)
    assert (first.returncode, second.returncode) == (0, 0), (err, second.stderr)
    assert sorted(stored_ids("S")) == ["city-hall.txt", "school.txt", "water.txt"]


@pytest.mark.slow
@pytest.mark.parametrize("out", ["news/out", "news"])
def test_a_build_never_reads_its_own_output_folder_back(here, run_kg, out):
    write(here / "news" / "city-hall.txt", HARBOUR)
    for _ in range(2):
        code, stdout, err = run_kg("build", "news", "--out", out)
        assert (code, err) == (0, "")
        assert stdout.startswith("documents: 1\n")
    assert (here / out / "graph.html").exists()


@pytest.mark.slow
def test_a_build_never_reads_its_store_back(here, run_kg):
    write(here / "news" / "city-hall.txt", HARBOUR)
    assert run_kg("build", "news", "--store", "news/kb")[0] == 0
    write(here / "news" / "kb" / "notes.txt", SCHOOL)  # as if the store held an article
    code, out, err = run_kg("add", "news", "--store", "news/kb")
    assert (code, err) == (0, "")
    assert out.startswith("skipped news/city-hall.txt (unchanged)\ndocuments: 0\n")


@pytest.mark.slow
def test_counts_of_one_are_singular(here, run_kg):
    write(here / "city-hall.txt", HARBOUR)
    code, out, _ = run_kg("build", "city-hall.txt", "--store", "S")
    # "132.1 documents/s" is a rate, not a count of one
    assert code == 0 and not re.search(r"(?<![\d.,])1 documents\b", out)
    assert "\nspeed: 1 document in " in out
    assert "\nstored 1 document in S (0 replaced); it holds 1 document, " in out


@pytest.mark.slow
def test_a_stored_article_added_from_another_working_folder_is_known_by_its_text(here, run_kg, monkeypatch):
    write(here / "news" / "city-hall.txt", HARBOUR)
    assert run_kg("build", "news", "--store", "S")[0] == 0
    monkeypatch.chdir(here / "news")  # its id from here would be city-hall.txt, not news/city-hall.txt
    code, out, _ = run_kg("add", "city-hall.txt", "--store", "../S")
    assert code == 0 and out.startswith("skipped city-hall.txt (unchanged, stored as news/city-hall.txt)\n")
    assert sorted(stored_ids(here / "S")) == ["news/city-hall.txt"]
