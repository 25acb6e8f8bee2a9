"""Re-DocRED's documents (../shared/data/redocred/, MIT licence) as text: its tokens joined back
into sentences, and each entity mention's characters in that text, for the recogniser's and
the relation model's training.

>>> text, offsets = detokenised([["Ana", "(", "born", "1950", ")", "spoke", "."]])
>>> text
'Ana (born 1950) spoke.'
"""
from __future__ import annotations

import json
from pathlib import Path


def detokenised(sents: list[list[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Re-DocRED's tokens as text, and each token's characters: one space between tokens, none
    before closing punctuation or after an opening bracket.

    >>> detokenised([["Ana", "(", "born", "1950", ")", "spoke", "."]])[1]
    [[(0, 3), (4, 5), (5, 9), (10, 14), (14, 15), (16, 21), (21, 22)]]
    """
    text, where = "", []
    for sent in sents:
        offsets = []
        for tok in sent:
            if text and not (tok in {",", ".", ";", ":", ")", "'s", "%", "?", "!"} or text.endswith("(")):
                text += " "
            offsets.append((len(text), len(text) + len(tok)))
            text += tok
        where.append(offsets)
    return text, where


def documents(path: Path, limit: int | None = None) -> list[tuple[dict, str, list[list[tuple[int, int]]]]]:
    """(document, its text, each sentence's token characters) for the first ``limit`` documents."""
    docs = json.loads(path.read_text(encoding="utf-8"))[:limit]
    return [(d, *detokenised(d["sents"])) for d in docs]


def mention_spans(doc: dict, offsets: list[list[tuple[int, int]]]) -> list[list[tuple[int, int, int, str]]]:
    """Each entity's mentions as (sentence, first character, end character, Re-DocRED type).

    >>> d = {"vertexSet": [[{"sent_id": 0, "pos": [0, 1], "type": "PER"}]]}
    >>> mention_spans(d, [[(0, 3), (4, 9)]])
    [[(0, 0, 3, 'PER')]]
    """
    return [[(m["sent_id"], offsets[m["sent_id"]][m["pos"][0]][0], offsets[m["sent_id"]][m["pos"][1] - 1][1], m["type"])
             for m in v] for v in doc["vertexSet"]]
