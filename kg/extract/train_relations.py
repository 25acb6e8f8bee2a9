"""Train the relation model from annotated sentences in the scorer's gold format.

    python -m kg.extract.train_relations ../shared/eval/conll04/train [--out kg/extract/models/relations.json]
        [--redocred ../shared/data/redocred/dev_revised.json]

Only the train split is read; dev and the seed article are what the model is scored on.  With
``--redocred``, the pairs of Re-DocRED's 500 Wikipedia documents are trained on too (MIT
licence): their many unrelated pairs taught the model that most names in a sentence are not
related (real dev set triple precision 0.65 -> 0.69, CoNLL04 dev relation F1 unchanged).  The
threshold is chosen by 5-fold cross-validation on CoNLL04 train's pairs, then the model is
trained on everything.  Same data, same model: the shuffle is seeded.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from kg.extract import read, redocred
from kg.extract.context import norm
from kg.extract.pairs import candidate_pairs, features
from kg.extract.relation_model import MODEL_NAME, RelationModel
from kg.model import Document
from kg.nlp import load, model_file


# Gold labels keep the quotes and brackets around a name ("the \"Red Hand\""), so they are
# compared without them too.
GOLD_PUNCTUATION = " .,;:!?\"'()[]"


def _norm(text: str) -> str:
    return norm(text, punctuation=GOLD_PUNCTUATION)


def examples(split: Path, nlp, limit: int | None = None):
    """(features, kind, sentence, label, is_candidate) for every candidate pair in every sentence
    of a split, and for annotated pairs the recogniser missed (is_candidate False)."""
    gold = json.loads((split / "gold.json").read_text(encoding="utf-8"))
    names = {eid: {_norm(x) for x in ent.get("labels", [])} for eid, ent in gold["entities"].items()}
    relations = defaultdict(set)
    for t in gold["triples"]:
        relations[t["sentence"]].add((t["s"], t["relation"], t["o"]))
    files = sorted((split / "texts").glob("*.txt"))[:limit]
    texts = [f.read_text(encoding="utf-8") for f in files]
    out = []
    for i, (f, doc) in enumerate(zip(files, nlp.pipe(texts))):
        ctx = read(Document(f.stem, doc.text, str(f)), doc, use_model=False)
        sentence = int(f.stem)
        wanted = relations.get(sentence, set())
        ids = {e for s, _, o in wanted for e in (s, o)}

        def gold_id(entity):
            labels = {_norm(entity.label)} | {_norm(a) for a in entity.alt_labels}
            return next((g for g in sorted(ids) if names[g] & labels), None)

        found = set()
        for a, b, kind, sa, sb, between in candidate_pairs(ctx):
            key = (gold_id(a), kind, gold_id(b))
            found.add(key)
            out.append((features(ctx.doc, sa, sb, kind, between), kind, sentence, key in wanted, True))
        # Relations whose names the recogniser missed still teach the model their shape: find
        # the annotated names in the text and read the pair's features from there.
        for s_id, kind, o_id in sorted(wanted - found):
            sa, sb = _span(doc, gold["entities"][s_id]), _span(doc, gold["entities"][o_id])
            if sa and sb and sa != sb:
                out.append((features(ctx.doc, sa, sb, kind), kind, sentence, True, False))
    return out


# Re-DocRED's Wikidata properties as CoNLL04's relations (../shared/data/redocred/README.md):
# employer and membership are Work_For (CoNLL04's Work_For takes memberOf too), residence and
# birthplace Live_In, the administrative unit or country of a place Located_In, of a body
# OrgBased_In.  Citizenship is left out (news does not count "a Velland official" as living in
# Velland), and so are killings: Re-DocRED has none in one sentence, so its pairs would only
# teach Kill that people do not kill.
REDOCRED_KIND = {
    ("P108", "Work_For"): False, ("P463", "Work_For"): False, ("P102", "Work_For"): False,
    ("P551", "Live_In"): False, ("P19", "Live_In"): False,
    ("P131", "Located_In"): False, ("P17", "Located_In"): False,
    ("P159", "OrgBased_In"): False, ("P131", "OrgBased_In"): False, ("P17", "OrgBased_In"): False,
}
# Sentence ids of Re-DocRED's pairs start here, above CoNLL04's.
REDOCRED_FIRST_ID = 100_000


def redocred_examples(path: Path, nlp, limit: int | None = None, first_id: int = REDOCRED_FIRST_ID):
    """(features, kind, sentence id, label, True) for every candidate pair of kg's own entities
    in one sentence of Re-DocRED's documents, of the kinds it maps; a pair is related when
    Re-DocRED links the two names with a property of that kind and gives that sentence as
    evidence."""
    kinds = {kind for _, kind in REDOCRED_KIND}
    docs = redocred.documents(path, limit)
    out = []
    for n, ((d, _, offsets), doc) in enumerate(zip(docs, nlp.pipe(text for _, text, _ in docs))):
        ctx = read(Document(f"redocred-{n}", doc.text, "redocred"), doc, use_model=False)
        spans = redocred.mention_spans(d, offsets)
        related = set()
        for r in d["labels"]:
            for (prop, kind) in REDOCRED_KIND:
                if r["r"] == prop:
                    related |= {(r["h"], kind, r["t"], e) for e in r["evidence"]}
        bounds = [(o[0][0], o[-1][1]) for o in offsets if o]

        def vertices(span):
            lo, hi = doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1])
            return {i for i, v in enumerate(spans) for _, a, b, _ in v if a < hi and lo < b}

        for a, b, kind, sa, sb, between in candidate_pairs(ctx):
            if kind not in kinds:
                continue
            at = doc[sa[0]].idx
            sent = next((i for i, (lo, hi) in enumerate(bounds) if lo <= at <= hi), -1)
            label = any((h, kind, t, sent) in related for h in vertices(sa) for t in vertices(sb))
            out.append((features(ctx.doc, sa, sb, kind, between), kind, first_id + n * 1000 + max(sent, 0), label, True))
    return out


def _span(doc, entity) -> tuple[int, int] | None:
    label = entity["labels"][0].rstrip(".")
    start = doc.text.lower().find(label.lower())
    span = doc.char_span(start, start + len(label), alignment_mode="expand") if start >= 0 else None
    return (span.start, span.end) if span is not None and len(span) else None


def fit(data, epochs: int = 20, rate: float = 0.2, l2: float = 1e-4, seed: int = 7) -> RelationModel:
    weights: dict[str, float] = defaultdict(float)
    bias: dict[str, float] = defaultdict(float)
    order = list(range(len(data)))
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        lr = rate / (1 + epoch * 0.5)
        for i in order:
            feats, kind, _, label, _ = data[i]
            z = bias[kind] + sum(weights[f] for f in feats)
            p = 1.0 / (1.0 + pow(2.718281828, -max(-30.0, min(30.0, z))))
            g = (1.0 if label else 0.0) - p
            bias[kind] += lr * g
            for f in feats:
                weights[f] += lr * (g - l2 * weights[f])
    return RelationModel(dict(weights), dict(bias), {})


FLOOR = 0.3  # news articles hold far fewer relations than CoNLL04's sentences: never assert a
# fact the model rates below this, whatever the cross-validation on CoNLL04 would prefer


def choose_thresholds(scored) -> dict[str, float]:
    """One threshold for every relation: the one with the best micro-F1 over out-of-fold
    probabilities, not below FLOOR.  One number rather than one per relation, because a
    relation's few hundred pairs make its own best threshold jump from run to run."""
    total = sum(lab for _, _, lab in scored)
    scores = []
    for t in [x / 40 for x in range(int(FLOOR * 40), 37)]:
        tp = sum(1 for p, _, lab in scored if p >= t and lab)
        pred = sum(1 for p, _, _ in scored if p >= t)
        prec, rec = (tp / pred if pred else 0.0), (tp / total if total else 0.0)
        scores.append((round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0, t))
    best = max(scores)[1] if scores else 0.5  # ties go to the higher threshold
    return {kind: best for kind in sorted({k for _, k, _ in scored})}


def out_of_fold(data, folds: int = 5):
    """(probability, kind, label) for every CoNLL04 pair, from a model that did not see its
    sentence (Re-DocRED's pairs train every fold; thresholds are judged on news sentences)."""
    scored = []
    for k in range(folds):
        train = [d for d in data if d[2] % folds != k]
        model = fit(train)
        # thresholds are judged on the pairs inference will meet: the recogniser's candidates
        scored += [(model.probability(f, kind), kind, lab) for f, kind, s, lab, real in data
                   if s % folds == k and real and s < REDOCRED_FIRST_ID]
    return scored


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split", type=Path, help="folder with texts/ and gold.json (CoNLL04 train)")
    ap.add_argument("--out", type=Path, default=model_file(MODEL_NAME))
    ap.add_argument("--limit", type=int, help="the first N sentences only (a quick check, not a model to ship)")
    ap.add_argument("--redocred", type=Path, help="Re-DocRED's JSON documents to train on as well")
    args = ap.parse_args(argv)
    if args.split.name == "dev" or "dev" in args.split.parts[-1:]:
        print("refusing to train on a dev split: the model is scored on it", file=sys.stderr)
        return 2
    nlp = load()
    data = examples(args.split, nlp, args.limit)
    if args.redocred is not None:
        data += redocred_examples(args.redocred, nlp, args.limit)
    sentences = sorted({d[2] for d in data if d[2] < REDOCRED_FIRST_ID})
    thresholds = choose_thresholds(out_of_fold(data))
    model = fit(data)
    model.threshold = thresholds
    model.meta = {"trained_on": str(args.split.as_posix().split("shared/")[-1]), "pairs": len(data),
                  "positives": sum(1 for d in data if d[3]), "sentences": len(sentences)}
    if args.redocred is not None:
        model.meta["also_trained_on"] = str(args.redocred.as_posix().split("shared/")[-1])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"trained on {len(sentences)} sentences, {len(data)} pairs ({model.meta['positives']} related); "
          f"thresholds {thresholds}; {len(model.weights)} weights → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
