"""kg's two trained models: what ships loads and is used; `make train` trains from CoNLL04 train
only, seeded."""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.extract import train_ner, train_relations
from kg.extract.relation_model import MODEL_NAME, RelationModel
from kg.nlp import SHIPPED_MODELS, load_base

ROOT = Path(__file__).resolve().parents[1]
MODEL_FILE = SHIPPED_MODELS / MODEL_NAME
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


REDOCRED = ROOT.parent / "shared" / "data" / "redocred" / "dev_revised.json"


def test_shipped_model_was_trained_on_redocred_too():
    assert RelationModel.load(MODEL_FILE).meta["also_trained_on"].endswith("redocred/dev_revised.json")


@pytest.mark.slow
@pytest.mark.skipif(not REDOCRED.is_file(), reason="../shared/data/redocred is not beside the repository")
def test_redocred_pairs_are_labelled_from_their_evidence_sentence(nlp):
    pairs = train_relations.redocred_examples(REDOCRED, nlp, limit=6)
    assert pairs and all(s >= train_relations.REDOCRED_FIRST_ID for _, _, s, _, _ in pairs)
    assert {kind for _, kind, _, _, _ in pairs} <= {"Work_For", "Live_In", "Located_In", "OrgBased_In"}
    # most names in a sentence are not related; some are
    assert 0 < sum(lab for *_, lab, _ in pairs) < len(pairs) / 2


needs_train = pytest.mark.skipif(not TRAIN.is_dir(), reason="../shared/eval/conll04/train is not beside the repository")
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/conll04/dev is not beside the repository")

# Whether `make train` makes models as good as the shipped ones is `make check-models`
# (tools/check_models.py): a full retrain, compared by scores and facts, since another CPU or
# BLAS build moves the floats.  Here, on a few sentences: training is seeded, so the code alone
# decides its bytes within one machine, and what it writes is a model kg can read with.


@pytest.mark.slow
@needs_train
def test_relation_training_is_seeded_and_writes_a_model_kg_reads(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert train_relations.main([str(TRAIN), "--limit", "60", "--out", str(first)]) == 0
    assert train_relations.main([str(TRAIN), "--limit", "60", "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    model = RelationModel.load(first)
    assert model.meta["sentences"] <= 60 and model.meta["positives"] > 0
    assert set(model.threshold) <= {"Kill", "Live_In", "Located_In", "OrgBased_In", "Work_For"}
    assert model.threshold and model.weights


@needs_dev
def test_training_refuses_the_split_it_is_scored_on(tmp_path):
    assert train_relations.main([str(DEV), "--out", str(tmp_path / "m.json")]) == 2
    assert not (tmp_path / "m.json").exists()


# ---------------------------------------------------------------- the fine-tuned recogniser


@pytest.mark.slow
@needs_train
def test_recogniser_training_is_seeded_and_writes_weights_spacy_reads(tmp_path):
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    for out in (first, second):
        assert train_ner.main([str(TRAIN), "--limit", "24", "--epochs", "1", "--out", str(out)]) == 0
    assert first.read_bytes() == second.read_bytes()
    nlp = load_base()
    nlp.get_pipe("ner").from_bytes(gzip.decompress(first.read_bytes()))
    doc = nlp("Mayor Anton Varga of Vellmar thanked the staff of Bexley Bank on Monday.")
    assert any(e.label_ == "PERSON" and "Varga" in e.text for e in doc.ents), doc.ents


@pytest.mark.slow
@pytest.mark.skipif(not REDOCRED.is_file(), reason="../shared/data/redocred is not beside the repository")
def test_redocred_documents_teach_people_bodies_and_places_and_keep_other_kinds():
    examples = train_ner.redocred_examples(REDOCRED, load_base(), limit=4)
    assert len(examples) == 4
    labels = {e.label_ for ex in examples for e in ex.reference.ents}
    assert {"PERSON", "ORG", "GPE", "DATE"} <= labels
    # the first document's "a German skeleton racer": Re-DocRED calls the nationality a place,
    # the recogniser keeps reading it as one (NORP), not as a country
    assert [e.label_ for e in examples[0].reference.ents if e.text == "German"] == ["NORP"]
    # its "World Championships", an event Re-DocRED calls miscellaneous, teaches nothing either way
    assert {t.text for t in examples[0].reference if t.ent_iob_ == ""} >= {"World", "Championships"}


@needs_dev
def test_recogniser_training_refuses_the_dev_split(tmp_path):
    assert train_ner.main([str(DEV), "--out", str(tmp_path / "n.bin")]) == 2
    assert not (tmp_path / "n.bin").exists()


@pytest.mark.slow
def test_kg_recogniser_is_used_unless_asked_for_the_models_own_or_pointed_elsewhere(tmp_path):
    code = ("import sys; from kg.nlp import load; d = load()(sys.argv[1]); "
            "print('|'.join(f'{e.text}/{e.label_}' for e in d.ents))")
    text = "President Anton Varga of Vellmar met Tomas Vidal, a lawyer at Bexley Bank."

    def read(**env):
        base = {k: v for k, v in os.environ.items() if k not in ("KG_NER", "KG_MODELS")}
        done = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, cwd=ROOT,
                              env={**base, **env})
        assert done.returncode == 0, done.stderr
        return done.stdout

    ours, theirs = read(), read(KG_NER="model")
    assert ours != theirs  # the shipped weights change what is read
    # KG_MODELS (how check-models tries a retrained set) is where the weights come from: a
    # folder without any leaves spaCy's own recogniser
    assert read(KG_MODELS=str(tmp_path)) == theirs


# ---------------------------------------------------------------- what is held back on news (C)

def test_no_place_is_read_inside_another_across_a_third(nlp):
    from kg.extract import entities_of
    from kg.extract.relation_model import read_with_model

    every_pair = RelationModel({}, {"Located_In": 5.0}, {"Located_In": 0.5})  # rates every pair related
    ctx = entities_of("Storms hit the Kalvar district, the town of Ostrava and Tarvel province.", nlp)
    read_with_model(ctx, every_pair)
    facts = {(ctx.entities[f.subject].label, ctx.entities[f.object].label) for f in ctx.facts}
    assert ("Kalvar district", "Ostrava") in facts  # neighbours in the text may be read
    assert not {("Kalvar district", "Tarvel province"), ("Tarvel province", "Kalvar district")} & facts
