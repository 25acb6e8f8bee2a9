"""What a kg store folder holds, read without opening it: the marker file that says a folder is
a kg store and of which format version, and where its Oxigraph database lies.  ``kg serve``
checks a folder with these before it starts Oxigraph on it; ``kg.store.kgstore`` opens it.

>>> is_store("no/such/folder"), oxigraph_path("kb").as_posix()
(False, 'kb/oxigraph')
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from kg.errors import KgError

STORE_MARKER = "kg-store.json"
STORE_FORMAT = {"format": "kg-store", "version": 1}
_OXIGRAPH_DIR = "oxigraph"


def oxigraph_path(directory: str | os.PathLike) -> Path:
    """Where a store keeps its Oxigraph database.

    >>> oxigraph_path("kb").as_posix()
    'kb/oxigraph'
    """
    return Path(directory) / _OXIGRAPH_DIR


def database(directory: str | os.PathLike) -> Path:
    """The Oxigraph database of the store at ``directory``; KgError when it has none.

    >>> database("no/such/store")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: no/such/store is not a usable kg store: no Oxigraph database in no/such/store/oxigraph
    """
    found = oxigraph_path(directory)
    if not (found / "CURRENT").is_file():
        raise KgError(f"{directory} is not a usable kg store: no Oxigraph database in {found}")
    return found


def is_store(path: str | os.PathLike) -> bool:
    """True when ``path`` is a folder with a kg store's marker file.

    >>> is_store("no/such/folder")
    False
    """
    try:
        return read_marker(path).get("format") == STORE_FORMAT["format"]
    except (OSError, ValueError, AttributeError):
        return False


def names_endpoint(where: str | os.PathLike) -> bool:
    """Does a GRAPH argument name a SPARQL server rather than a file or folder: an http:// or
    https:// URL (``kg.store.endpoint`` reads which server's routes it names)?

    >>> names_endpoint("http://db:7878/"), names_endpoint("HTTPS://db/sparql"), names_endpoint("http.ttl")
    (True, True, False)
    """
    return isinstance(where, str) and where[:8].lower().startswith(("http://", "https://"))


def names_store(path: str | os.PathLike) -> bool:
    """Does a GRAPH argument name a kg store rather than a graph file: a folder, or a name with no
    suffix that is not there (a store yet to be made, which opening it then says)?

    >>> names_store("output/graph.ttl"), names_store("no-such-kb")
    (False, True)
    """
    where = Path(path)
    return where.is_dir() or (not where.suffix and not where.exists())


def read_marker(path: str | os.PathLike):
    """What the marker file of the store at ``path`` holds (a dict in a kg store); OSError or
    ValueError when it cannot be read as JSON.

    >>> read_marker("no/such/store")
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] No such file or directory: 'no/such/store/kg-store.json'
    """
    return json.loads((Path(path) / STORE_MARKER).read_text(encoding="utf-8"))


def check_version(path: str | os.PathLike, marker: dict) -> None:
    """KgError unless ``marker`` (of the store at ``path``) is of the version this kg reads.

    >>> check_version("kb", {"format": "kg-store", "version": 2})
    Traceback (most recent call last):
    ...
    kg.errors.KgError: store kb has format version 2; this kg reads version 1
    """
    version = marker.get("version")
    if version != STORE_FORMAT["version"]:
        raise KgError(f"store {path} has format version {version!r}; this kg reads version {STORE_FORMAT['version']}")
