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


# ---------------------------------------------------------------- the fine-tuned recogniser

NER_FILE = ROOT / "kg" / "extract" / "models" / "ner.bin"


@pytest.mark.skipif(not TRAIN.is_dir(), reason="../shared/eval/conll04/train is not beside the repository")
def test_training_reproduces_the_shipped_recogniser(tmp_path):
    # about three minutes on two cores: the price of knowing `make train` makes what ships
    out = tmp_path / "ner.bin"
    done = subprocess.run([sys.executable, "-m", "kg.extract.train_ner", str(TRAIN), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == NER_FILE.read_bytes(), "run `make train`: the shipped recogniser is stale"


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/conll04/dev is not beside the repository")
def test_recogniser_training_refuses_the_dev_split(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kg.extract.train_ner", str(DEV), "--out", str(tmp_path / "n.bin")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and not (tmp_path / "n.bin").exists()


def test_kg_recogniser_is_used_unless_asked_for_the_models_own():
    code = ("import sys; from kg.nlp import load; d = load()(sys.argv[1]); "
            "print('|'.join(f'{e.text}/{e.label_}' for e in d.ents))")
    text = "President Anton Varga of Vellmar met Tomas Vidal, a lawyer at Bexley Bank."
    ours = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, cwd=ROOT)
    theirs = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, cwd=ROOT,
                            env={**__import__("os").environ, "KG_NER": "model"})
    assert ours.returncode == theirs.returncode == 0
    assert ours.stdout != theirs.stdout  # the shipped weights change what is read
