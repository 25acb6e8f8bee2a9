"""tools/cross_country.py: built as one corpus, the bodies and posts one node stands for across
articles about different countries.  A set of three invented articles with a README table."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "cross_country.py"
KG = Path(sys.executable).with_name("kg")

README = """# a set

| slug | outlet | country | topic |
|---|---|---|---|
| cl-council | none | Chile | a council meets |
| ke-council | none | Kenya | a council meets |
| ke-bank | none | Kenya | a bank |
"""
ARTICLES = {
    # one "Security Council" name, two countries: two nodes
    "cl-council": "Chile's Security Council met on Monday, Tobias Grell said. Chile will borrow less.",
    "ke-council": "Kenya's Security Council met on Friday, Marit Oskarsen said. Kenya will borrow more.",
    # a body with a name of its own read in articles about two countries: one node, listed
    "ke-bank": "Halloway Bank cut its rates in Kenya, Ruben Halloway said. Halloway Bank will lend more.",
}


@pytest.mark.slow
def test_it_lists_only_a_body_read_in_articles_about_two_countries(tmp_path):
    set_dir = tmp_path / "set"
    set_dir.mkdir()
    (set_dir / "README.md").write_text(README, encoding="utf-8")
    for slug, text in ARTICLES.items():
        (set_dir / f"{slug}.txt").write_text(text, encoding="utf-8")
        (set_dir / f"{slug}.json").write_text("{}", encoding="utf-8")
    (set_dir / "cl-council.txt").write_text(ARTICLES["cl-council"] + " Halloway Bank opened there.", encoding="utf-8")
    run = subprocess.run([sys.executable, str(SCRIPT), str(set_dir), "--kg", str(KG), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, check=True)
    lines = run.stdout.splitlines()
    assert lines[-1].startswith("CROSS bodies=1 posts=0 ")
    assert lines[0].split("\t")[:2] == ["bodies", "Halloway Bank"]


def test_a_set_without_a_country_table_is_a_one_line_error(tmp_path):
    run = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path), "--kg", str(KG)], capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "README" in run.stderr
