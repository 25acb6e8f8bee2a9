"""The shipped relation model is what `make train` makes from CoNLL04 train, and only train."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.extract.relation_model import MODEL_FILE, RelationModel

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "eval" / "conll04" / "train"
DEV = ROOT.parent / "shared" / "eval" / "conll04" / "dev"


def test_shipped_model_loads_with_a_threshold_per_relation():
    model = RelationModel.load(MODEL_FILE)
    assert set(model.threshold) == {"Kill", "Live_In", "Located_In", "OrgBased_In", "Work_For"}
    assert all(0.0 < t < 1.0 for t in model.threshold.values())
    assert model.meta["trained_on"].endswith("conll04/train")
    assert MODEL_FILE.stat().st_size < 5_000_000  # ships in the package


def test_probability_rises_with_evidence():
    model = RelationModel({"k=Kill|b=shoot": 2.0}, {"Kill": -1.0}, {"Kill": 0.5})
    assert model.probability(["k=Kill|b=shoot"], "Kill") > 0.5 > model.probability([], "Kill")


@pytest.mark.skipif(not TRAIN.is_dir(), reason="../shared/eval/conll04/train is not beside the repository")
def test_training_reproduces_the_shipped_model(tmp_path):
    out = tmp_path / "relations.json"
    done = subprocess.run([sys.executable, "-m", "kg.extract.train_relations", str(TRAIN), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == MODEL_FILE.read_bytes(), "run `make train`: the shipped model is stale"


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/conll04/dev is not beside the repository")
def test_training_refuses_the_split_it_is_scored_on(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kg.extract.train_relations", str(DEV), "--out", str(tmp_path / "m.json")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert not (tmp_path / "m.json").exists()
