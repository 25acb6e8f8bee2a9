"""Notebooks are stored without outputs and executed here, so they never rot."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kg.explore.analytics import MEASURES
from kg.store.query import curated_queries

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))

# What each notebook must show once run: a notebook that runs but shows nothing is rot too.
SHOWS = {
    "explore.ipynb": ["documents: 10", "entity", "pagerank", *(f"## {name}: " for name in curated_queries()),
                      "<div><iframe sandbox=\"allow-scripts\" srcdoc=\"&lt;!DOCTYPE html&gt;", "vis.Network"],
    "analytics.ipynb": [" entities, ", *(f"## {name}" for name in MEASURES), " communities\n1. ",
                        " facts apart:\n1. ", "pageRank", "community", "(10 rows)"],
    "timeline.ipynb": ["documents: 5", "2026-03-24 Former minister", "Interior Minister of Velland  Mira Kask   former",
                       "Interior Minister of Velland on 2026-03-09: Tomas Veld, Lena Roos",
                       "director of the Velland Police Service  Jonas Lind", "attack in Korvik on March 19",
                       "Tomas Veld  Interior Minister of Velland        Velland  current",
                       "Tomas Veld  Interior Minister of Velland        Velland  former"],
}


def shown(nb) -> str:
    """Everything the executed cells printed or displayed, text and HTML."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            data = out.get("data", {})
            parts += [data.get("text/plain", ""), data.get("text/html", "")]
    return "\n".join(parts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert [i for i, c in enumerate(code) if c.get("outputs")] == [], "store notebooks without outputs"
    assert [i for i, c in enumerate(code) if c.get("execution_count") is not None] == [], \
        "store notebooks without execution counts"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_and_shows_what_it_promises(path):
    assert path.name in SHOWS, f"say in SHOWS what {path.name} must show"
    nb = nbformat.read(path, as_version=4)
    # Run from notebooks/, as Jupyter would; an error in any cell fails here (CellExecutionError).
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")
    warned = [o.text for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert warned == []
    text = shown(nb)
    missing = [s for s in SHOWS[path.name] if s not in text]
    assert missing == []


def test_there_is_a_notebook():
    assert "explore.ipynb" in [p.name for p in NOTEBOOKS]
