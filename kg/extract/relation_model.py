"""A small statistical relation model: logistic regression over pair features, one weight
table shipped as JSON inside the package and applied in pure Python (no extra dependency).

It reads the relations the rules have no pattern for (who works for, lives in, is based in,
killed whom) from the shape of the sentence between two entities.  It is trained by
``make train`` (kg/extract/train_relations.py) on CoNLL04's train split only.

>>> m = RelationModel(weights={"k=Kill|b=shoot": 3.0}, bias={"Kill": -1.0}, threshold={"Kill": 0.5})
>>> round(m.probability(["k=Kill|b=shoot"], "Kill"), 3)
0.881
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.extract import rules
from kg.extract.context import Context
from kg.extract.pairs import PREDICATE, candidate_pairs, features
from kg.nlp import model_file

MODEL_NAME = "relations.json"


# "A, Minister B, Chairman C and Governor D presented": a person's job or home is not named
# beyond another person of the same sentence.
ACROSS_PEOPLE_BLOCKED = {"Work_For", "Live_In"}


@dataclass
class RelationModel:
    weights: dict[str, float]
    bias: dict[str, float]
    threshold: dict[str, float]
    meta: dict = field(default_factory=dict)

    def probability(self, feats: list[str], kind: str) -> float:
        z = self.bias.get(kind, 0.0) + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def save(self, path: Path) -> None:
        data = {"meta": self.meta, "bias": self.bias, "threshold": self.threshold,
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-3}}
        path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "RelationModel":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"], data["threshold"], data.get("meta", {}))


@lru_cache(maxsize=2)
def _load(path: Path) -> RelationModel | None:
    return RelationModel.load(path) if path.exists() else None


def shipped_model() -> RelationModel | None:
    """The relation model kg reads with (``KG_MODELS`` may point at a retrained one)."""
    return _load(model_file(MODEL_NAME))


def read_with_model(ctx: Context, model: RelationModel | None = None) -> None:
    model = model or shipped_model()
    if model is None:
        return
    # where a rule already linked the pair ("Mayor of X" heads X), the rule's reading stands
    stated = {frozenset((f.subject, f.object)) for f in ctx.facts}
    # "…, Customs Committee Chairman Jane Roe": the body in someone's title is theirs
    titled = [(f.subject, f.provenance.start, f.provenance.end) for f in ctx.facts
              if f.provenance.rule == rules.TITLE_BEFORE_NAME.name]
    best: dict[frozenset, tuple] = {}
    for a, b, kind, sa, sb, between in candidate_pairs(ctx):
        if kind in ACROSS_PEOPLE_BLOCKED and "Person" in between:
            continue
        key = frozenset((a.key, b.key))
        if key in stated:
            continue
        start = ctx.doc[sb[0]].idx
        if kind == "Work_For" and any(who != a.key and lo <= start < hi for who, lo, hi in titled):
            continue
        p = model.probability(features(ctx.doc, sa, sb, kind, between), kind)
        if p < model.threshold.get(kind, 0.5):
            continue
        # one reading per pair: "X killed Y" or "Y killed X", "X in Y" or "Y in X", never both
        if key not in best or p > best[key][0]:
            best[key] = (p, a, b, kind, sa, sb)
    for p, a, b, kind, sa, sb in best.values():
        tokens = list(ctx.doc[min(sa[0], sb[0]):max(sa[1], sb[1])])
        ctx.fact(a, PREDICATE[kind], b, tokens, rules.RELATION_MODEL, round(p, 3))
