"""Files and folders → Documents.  Every way input can be bad ends here as one KgError line.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("Ada spoke.")
>>> [doc.id for doc in read_paths([d])]
['a']
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg import webpage
from kg.clean import clean
from kg.errors import KgError
from kg.model import Document

HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = {".txt", ".md", ".markdown"} | HTML_SUFFIXES


def find_files(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """(file, document id) for every article under the given paths, in a stable order."""
    found: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise KgError(f"no such file or folder: {path}")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                raise KgError(f"no articles in folder {path} (no .txt or .md text, no .html or .htm page)")
            found += [(f, f.relative_to(path).with_suffix("").as_posix()) for f in files]
        elif path.suffix.lower() in SUFFIXES:
            found.append((path, path.stem))
        else:
            raise KgError(f"not an article (expected .txt or .md text, or an .html or .htm page): {path}")
    # A file named twice (itself and through its folder) is still one article.
    unique: dict[Path, tuple[Path, str]] = {}
    for f, doc_id in found:
        unique.setdefault(f.resolve(), (f, doc_id))
    found = list(unique.values())
    # Two folders may each hold a 0001.txt, one folder a.txt and a.md: longer names keep ids apart.
    for name in (lambda f: f.with_suffix("").as_posix(), lambda f: f.as_posix()):
        ids = [doc_id for _, doc_id in found]
        if len(set(ids)) == len(ids):
            break
        found = [(f, name(f)) for f, _ in found]
    return found


def decode(path: Path) -> str:
    """A file's text; binary, undecodable or empty files are refused with the reason."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise KgError(f"cannot read {path}: {err.strerror}") from None
    if b"\x00" in data:
        raise KgError(f"not a text file (binary data): {path}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise KgError(f"{path} is not UTF-8 text (bad byte at offset {err.start})") from None
    if not text.strip():
        raise KgError(f"empty article: {path}")
    return text


def read_paths(paths: Iterable[str | Path]) -> Iterator[Document]:
    for path, doc_id in find_files(paths):
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            page = webpage.parse(decode(path))
            doc = clean(page.text, doc_id=doc_id, source=str(path), title=page.title, date=page.date)
            if not doc.text.strip():
                raise KgError(f"no article text in {path} (no paragraphs outside scripts, menus and page furniture)")
        else:
            doc = clean(decode(path), doc_id=doc_id, source=str(path), markdown=suffix != ".txt")
            if not doc.text.strip():
                # front matter alone, or nothing but a headline and page furniture
                raise KgError(f"no article text in {path} (only a title, front matter or page furniture)")
        yield doc
