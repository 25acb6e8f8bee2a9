"""A folder of shards: ``part-NNNNN.nq`` files of article graphs (kg/graph/nquads.py), one per
partition of a build, and ``manifest.json``, written last, that lists them.  A folder without a
manifest is a build that did not finish, and is refused.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_manifest(folder, [Part("part-00000.nq", ("d1", "d2"), 40)])
>>> read_manifest(folder)
[Part(file='part-00000.nq', articles=('d1', 'd2'), quads=40)]
"""
from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError, one_line

MANIFEST = "manifest.json"
_PART = re.compile(r"part-\d{5,}\.nq")


def part_name(index: int) -> str:
    """The file of the ``index``-th partition's shard.

    >>> part_name(7)
    'part-00007.nq'
    """
    return f"part-{index:05d}.nq"


@dataclass(frozen=True)
class Part:
    """One shard of a folder: its file name, the ids of its articles in order, its quads."""

    file: str
    articles: tuple[str, ...]
    quads: int


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kg")
    except PackageNotFoundError:  # a checkout run without installing
        return "unknown"


def prepare(folder: str | os.PathLike) -> bool:
    """Make ``folder`` ready for a build's shards and say whether it was created.  A folder that
    holds a previous build's shards loses its manifest first, so that it reads as unfinished
    until the new one is written; any other file in it refuses the build (it is not kg's to
    overwrite)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise KgError(f"--shards {folder} is a file, not a folder")
    created = not folder.exists()
    if not created:
        others = sorted(p.name for p in folder.iterdir() if p.name != MANIFEST and not _PART.fullmatch(p.name))
        if others:
            raise KgError(f"{folder} holds files that are not kg shards ({', '.join(others[:3])}): "
                          "give an empty or new folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MANIFEST).unlink(missing_ok=True)
    except OSError as err:
        raise KgError(f"cannot write shards to {folder}: {err.strerror or err}") from None
    return created


def finish(folder: str | os.PathLike, parts: Sequence[Part]) -> None:
    """The manifest of ``parts``, after the shards of a previous build that these did not
    replace are gone: written beside its place and renamed, so it is there whole or not at all."""
    folder = Path(folder)
    keep = {part.file for part in parts}
    for stale in folder.iterdir():
        if _PART.fullmatch(stale.name) and stale.name not in keep:
            stale.unlink()
    write_manifest(folder, parts)


def abandon(folder: str | os.PathLike, created: bool) -> None:
    """What a failed build leaves: no manifest, and no folder when it made the folder."""
    folder = Path(folder)
    if created:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        (folder / MANIFEST).unlink(missing_ok=True)


def write_manifest(folder: str | os.PathLike, parts: Sequence[Part]) -> None:
    folder = Path(folder)
    manifest = {"kg": _version(), "articles": sum(len(p.articles) for p in parts),
                "quads": sum(p.quads for p in parts),
                "parts": [{"file": p.file, "articles": list(p.articles), "quads": p.quads} for p in parts]}
    scratch = folder / f".{MANIFEST}.part"
    try:
        scratch.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        os.replace(scratch, folder / MANIFEST)
    except OSError as err:
        raise KgError(f"cannot write {folder / MANIFEST}: {err.strerror or err}") from None


def read_manifest(folder: str | os.PathLike) -> list[Part]:
    """The parts ``manifest.json`` lists; a KgError when there is none (an unfinished build) or
    it is not one kg wrote."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise KgError(f"no {MANIFEST} in {folder}: not a finished kg build of shards "
                      "(kg build PATH... --shards DIR writes it last)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        return [Part(p["file"], tuple(p["articles"]), int(p["quads"])) for p in manifest["parts"]]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        raise KgError(f"cannot read {path}: {one_line(err)}") from None
