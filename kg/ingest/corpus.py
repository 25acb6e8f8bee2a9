"""Files and folders → Documents.  Every way input can be bad ends here as one KgError line.

A corpus is read twice: a first pass checks every article (and every JSON Lines line) and keeps
only counts, so bad input fails before spaCy parses anything; the second pass yields Documents
one at a time, so memory does not grow with the corpus.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("Ada spoke.")
>>> [doc.id for doc in read_paths([d])] == [(d / "a.txt").as_posix()]  # outside the working folder
True
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError, plural
from kg.ingest import html, jsonl
from kg.ingest.clean import clean
from kg.ingest.decode import check_length, decode
from kg.model import Document

HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = {".txt", ".md", ".markdown"} | HTML_SUFFIXES | JSONL_SUFFIXES
KINDS = ".txt or .md text, an .html or .htm page, or .jsonl lines"

# Function words of English that are rare as words in other languages written in Latin letters
# ("a", "in", "is", "was", "on", "an" are left out: French, German and Dutch have them too).
# Measured share among the words of a text: English news 0.12-0.40 (the shortest 20-word
# sentences included), French, German, Spanish, Italian, Dutch and Portuguese news 0.00-0.02.
ENGLISH_WORDS = frozenset("""
    the of and to that for with as by at from he she it his her said they be has have had are
    were this which would not but or who after their its been into than more about over there
    when our them you what all can could should
""".split())
MIN_ENGLISH_SHARE = 0.05
# Below this many words a headline or a list of names says too little to judge.
MIN_WORDS_TO_JUDGE = 20
_WORD = re.compile(r"[^\W\d_]+")


def looks_english(text: str) -> bool:
    """Whether enough of the words are common English function words; short texts pass.

    >>> looks_english("The minister said that the port would reopen after the storm, and "
    ...               "officials of the city were told to prepare for the arrival of ships.")
    True
    >>> looks_english("Le ministre a déclaré que le port rouvrirait après la tempête et que "
    ...               "les responsables de la ville devaient préparer l'arrivée des navires.")
    False
    """
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS_TO_JUDGE:
        return True
    return sum(w in ENGLISH_WORDS for w in words) / len(words) >= MIN_ENGLISH_SHARE


def document_id(path: str | Path) -> str:
    """An article file's document id: its path relative to the working folder when it lies
    under it (else its absolute path), in POSIX form, suffix kept.  The same file read through
    its folder (``kg build news``) or alone (``kg add news/2024/a.txt``) gets the same id, and
    two files never share one (not ``a.txt`` and ``a.md`` beside each other either: with the
    suffix dropped one id would need a rule that depends on what else is read).

    >>> import os
    >>> document_id(os.path.join(os.getcwd(), "news", "2024", "a.txt"))
    'news/2024/a.txt'
    """
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def find_files(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[tuple[Path, str]]:
    """(file, document id) for every article under the given paths, in a stable order.  A folder
    walked leaves out the files and folders in ``exclude`` (what kg writes: the output folder,
    its files, a store), except a folder it is itself inside: ``kg build news --out news``
    still reads news/ (but not news/graph.html)."""
    left_out = [Path(os.path.abspath(e)) for e in exclude]
    found: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise KgError(f"no such file or folder: {path}")
        if path.is_dir():
            root = Path(os.path.abspath(path))
            walled = [e for e in left_out if e != root and e not in root.parents]

            def read(f: Path) -> bool:
                where = Path(os.path.abspath(f))
                return not any(where == e or e in where.parents for e in walled)

            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and read(p))
            if not files:
                raise KgError(f"no articles in folder {path} (no .txt or .md text, no .html or .htm page, "
                              "no .jsonl file)")
            found += [(f, document_id(f)) for f in files]
        elif path.suffix.lower() in SUFFIXES:
            found.append((path, document_id(path)))
        else:
            raise KgError(f"not an article (expected {KINDS}): {path}")
    # A file named twice (itself and through its folder, or through a link) is still one article.
    unique: dict[Path, tuple[Path, str]] = {}
    for f, doc_id in found:
        unique.setdefault(f.resolve(), (f, doc_id))
    return list(unique.values())


@dataclass(frozen=True)
class Skipped:
    """An article left out of a build, and why: it does not look like English, or (``bad``) its
    file, found in a folder, cannot be read (``reason`` is the error, ``where`` the file)."""

    where: str
    reason: str
    bad: bool = False


def _nothing_to_read(skipped: list[Skipped]) -> str:
    """Why a build with every article skipped fails.

    >>> _nothing_to_read([Skipped("a.txt", "empty article: a.txt", bad=True), Skipped("b.txt", "not English")])
    'no article could be read: 1 bad file, 1 not English text (first: empty article: a.txt)'
    """
    bad = [s for s in skipped if s.bad]
    if len(skipped) == 1:
        only = skipped[0]
        return only.reason if only.bad else f"{only.where} {only.reason} (kg reads English news)"
    if not bad:
        return f"none of the {len(skipped)} articles looks like English text (kg reads English news)"
    foreign = len(skipped) - len(bad)
    return (f"no article could be read: {plural(len(bad), 'bad file')}"
            + (f", {foreign} not English text" if foreign else "") + f" (first: {bad[0].reason})")


def _read_file(path: Path, doc_id: str, encoding: str | None = None) -> Document:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        page = html.parse(decode(path, encoding))
        doc = clean(page.text, doc_id=doc_id, source=str(path), title=page.title, date=page.date)
        if not doc.text.strip():
            raise KgError(f"no article text in {path} (no paragraphs outside scripts, menus and page furniture)")
    else:
        doc = clean(decode(path, encoding), doc_id=doc_id, source=str(path), markdown=suffix != ".txt")
        if not doc.text.strip():
            # front matter alone, or nothing but a headline and page furniture
            raise KgError(f"no article text in {path} (only a title, front matter or page furniture)")
    check_length(doc.text, str(path))
    return doc


def _articles(files: list[tuple[Path, str]], encoding: str | None = None) -> Iterator[tuple[Document, str, str | None]]:
    """(Document, where it stands, why it is skipped or None) for every article."""
    for path, doc_id in files:
        if path.suffix.lower() in JSONL_SUFFIXES:
            pairs = jsonl.documents(path, encoding)
        else:
            pairs = iter([(_read_file(path, doc_id, encoding), str(path))])
        for doc, where in pairs:
            yield doc, where, None if looks_english(doc.text) else "does not look like English text"


def warn_on_stderr(message: str) -> None:
    print(f"kg: warning: {message}", file=sys.stderr)


@dataclass(frozen=True)
class Change:
    """What adding one article to a store does: ``added``, ``replaced`` (``why``) or ``skipped``
    (``why``: it is unchanged)."""

    doc_id: str
    verb: str
    why: str = ""

    def __str__(self) -> str:
        return f"{self.verb} {self.doc_id}" + (f" ({self.why})" if self.why else "")


class Corpus:
    """The articles under ``paths``, checked on creation and read again when iterated.

    Checking reads every article once and keeps only its id: a bad file or JSON line raises
    KgError here, before anything is parsed or written.  An article that does not look like
    English is refused when it is the only one, else skipped with one warning line.  ``stored``
    (document id → ``Document.digest``, "" when unknown) are the articles a store holds: one
    stored with the same digest is left out, and ``changes`` says for each what adding it does.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "feed.jsonl").write_text('{"text": "Ada spoke.", "id": "a"}\\n{"text": "Bo spoke.", "id": "b"}\\n')
    >>> c = Corpus([d], stored={"a": Document("a", "Ada spoke.", "").digest, "b": ""})
    >>> len(c), [doc.id for doc in c], [str(change) for change in c.changes]
    (1, ['b'], ['skipped a (unchanged)', 'replaced b (its text was not recorded)'])
    """

    def __init__(self, paths: Iterable[str | Path], warn: Callable[[str], None] = warn_on_stderr,
                 stored: Mapping[str, str] | None = None, encoding: str | None = None, strict: bool = False,
                 exclude: Iterable[str | Path] = ()):
        paths = list(paths)
        self.files = find_files(paths, exclude)
        self.encoding = encoding
        self.skipped: list[Skipped] = []
        self.changes: list[Change] = []
        self._left_out: set[str] = set()  # where the articles stand that iterating leaves out
        self._bad: set[Path] = set()  # files found in folders that cannot be read
        self._stored_texts: dict[str, str] | None = None  # digest → id of what ``stored`` holds
        named = {Path(p).resolve() for p in paths if Path(p).is_file()}
        seen: dict[str, str] = {}
        self.count = 0
        for path, doc_id in self.files:
            # what this file added, taken back if a later line of it turns out bad
            marks = (self.count, len(self.changes), len(self.skipped))
            ids: list[str] = []
            articles = _articles([(path, doc_id)], encoding)
            while True:
                try:
                    article = next(articles, None)
                except KgError as err:
                    if strict or path.resolve() in named:  # a file named alone is meant: it must read
                        raise
                    self.count = marks[0]
                    del self.changes[marks[1]:], self.skipped[marks[2]:]
                    for taken in ids:
                        del seen[taken]
                    self.skipped.append(Skipped(str(path), str(err), bad=True))
                    self._bad.add(path)
                    break
                if article is None:
                    break
                doc, where, skip = article
                if self._check(doc, where, skip, seen, stored, warn):
                    ids.append(doc.id)
        if not self.count and not self.changes and self.skipped:
            raise KgError(_nothing_to_read(self.skipped))
        for s in self.skipped:
            warn(f"skipped a bad file ({s.reason})" if s.bad else f"skipped {s.where}: {s.reason}")

    def _check(self, doc: Document, where: str, skip: str | None, seen: dict[str, str],
               stored: Mapping[str, str] | None, warn: Callable[[str], None]) -> bool:
        """Count one article, or note why it is left out; True when its id is new in ``seen``."""
        if skip:
            self.skipped.append(Skipped(where, skip))
            self._left_out.add(where)
            return False
        if doc.id in seen:
            if doc.id == jsonl.text_id(doc):  # one text twice, with no id of its own: one article
                warn(f"skipped {where}: the same article as {seen[doc.id]}")
                self._left_out.add(where)
                return False
            # one id, one document node: the two articles' facts would silently merge
            raise KgError(f"two articles with document id {doc.id!r}: {seen[doc.id]} and {where}")
        seen[doc.id] = where
        before = None if stored is None else stored.get(doc.id)
        if before is not None and before == doc.digest:
            self.changes.append(Change(doc.id, "skipped", "unchanged"))
            self._left_out.add(where)
            return True
        if before is None and stored:
            # the same text under another id: most often the same file read from another
            # working folder (its id is its path relative to that folder), not a second article
            if self._stored_texts is None:
                self._stored_texts = {digest: other for other, digest in stored.items() if digest}
            other = self._stored_texts.get(doc.digest)
            if other is not None:
                self.changes.append(Change(doc.id, "skipped", f"unchanged, stored as {other}"))
                self._left_out.add(where)
                return True
        self.count += 1
        if stored is not None:
            self.changes.append(Change(doc.id, "added") if before is None else
                                Change(doc.id, "replaced", "text changed" if before else "its text was not recorded"))
        return True

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Document]:
        for doc, where, _ in _articles([f for f in self.files if f[0] not in self._bad], self.encoding):
            if where not in self._left_out:
                yield doc


def read_paths(paths: Iterable[str | Path], warn: Callable[[str], None] = warn_on_stderr,
               encoding: str | None = None) -> Iterator[Document]:
    yield from Corpus(paths, warn, encoding=encoding)
