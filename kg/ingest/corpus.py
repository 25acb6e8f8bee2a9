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

import codecs
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import KgError, plural
from kg.ingest import html
from kg.ingest.clean import clean
from kg.model import Document

HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = {".txt", ".md", ".markdown"} | HTML_SUFFIXES | JSONL_SUFFIXES
KINDS = ".txt or .md text, an .html or .htm page, or .jsonl lines"

# spaCy parses at most this many characters at a time (its nlp.max_length) and refuses longer
# texts with error E088, but only once it reaches them: a 50 MB file took 74 s and ~950 MB
# before that refusal.  kg refuses them while checking, before anything is parsed.
MAX_CHARS = 1_000_000
# Cleaning costs ~0.2 s a million characters (9 s for 49 million), so a file whose raw text is
# this long is refused before cleaning: markup and page furniture are never nine tenths of a page.
MAX_RAW_CHARS = 10 * MAX_CHARS

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


# Byte-order marks and the codecs that read past them; UTF-32 LE's mark begins with UTF-16 LE's,
# so it is tried first.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def encoding_of(head: bytes, encoding: str | None = None) -> str | None:
    """The codec for a file that begins with ``head``: the one its byte-order mark names (a mark
    is unambiguous, so it wins), else ``encoding`` (``--encoding``), else None: UTF-8.

    >>> encoding_of("Ada".encode("utf-16")), encoding_of(b"Ada", "cp1252"), encoding_of(b"Ada")
    ('utf-16', 'cp1252', None)
    """
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    return encoding


def _name(codec: str) -> str:
    return codec.upper().removesuffix("-SIG") if codec.lower().startswith("utf") else codec


def _check_bytes(data: bytes, path: Path, where: str = "", codec: str | None = None) -> str:
    if codec is None:  # UTF-8 unless told: NUL bytes there mean binary data, not text
        if b"\x00" in data:
            raise KgError(f"not a text file (binary data): {path}")
        codec = "utf-8"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        hint = "; --encoding NAME reads another encoding" if codec == "utf-8" else ""
        raise KgError(f"{path} is not {_name(codec)} text (bad byte at offset {err.start}{where}{hint})") from None
    if "\x00" in text:
        raise KgError(f"not a text file (binary data): {path}")
    return text


def decode(path: Path, encoding: str | None = None) -> str:
    """A file's text, in ``encoding`` (default UTF-8) unless a byte-order mark names another;
    binary, undecodable or empty files are refused with the reason."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise KgError(f"cannot read {path}: {err.strerror}") from None
    text = _check_bytes(data, path, codec=encoding_of(data[:4], encoding))
    if not text.strip():
        raise KgError(f"empty article: {path}")
    _check_length(text, str(path), MAX_RAW_CHARS)  # cleaned text is checked against MAX_CHARS
    return text


def _lines(path: Path, encoding: str | None) -> Iterator[tuple[int, str]]:
    """(number, text) of each line of a file, read one at a time."""
    with path.open("rb") as data:
        codec = encoding_of(data.read(4), encoding)
        data.seek(0)
        if codec is None or "\n".encode(codec) == b"\n":
            # a byte-wise line split is right: a bad line is named, and only it is refused
            for lineno, raw in enumerate(data, 1):
                yield lineno, _check_bytes(raw, path, f" of line {lineno}", codec)
            return
        # UTF-16 and UTF-32 split into lines only once decoded, and a decoder fed in chunks
        # cannot say on which line it failed: such a file (rare in feeds) is decoded whole.
        raw = data.read()
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as err:
        line = raw[: err.start].decode(codec, errors="replace").count("\n") + 1
        raise KgError(f"{path} is not {_name(codec)} text (bad bytes on line {line})") from None
    if "\x00" in text:
        raise KgError(f"not a text file (binary data): {path}")
    yield from enumerate(text.split("\n"), 1)  # only "\n", as the byte-wise split: JSON may hold a raw U+2028


def _check_length(text: str, where: str, limit: int = MAX_CHARS) -> None:
    """KgError when ``text`` is longer than spaCy parses in one piece.

    >>> _check_length("x" * 1_000_001, "big.txt")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: article too long: big.txt has 1,000,001 characters (spaCy parses at most 1,000,000 at a time; split it)
    """
    if len(text) > limit:
        raise KgError(f"article too long: {where} has {len(text):,} characters "
                      f"(spaCy parses at most {MAX_CHARS:,} at a time; split it)")


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
    _check_length(doc.text, str(path))
    return doc


def _optional_text(record: dict, key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise KgError(f"{key!r} is not a string {where}")
    return value.strip() or None


def _text_id(doc: Document) -> str:
    """The id of a JSON Lines article with neither ``id`` nor ``url``: 16 hex digits of its digest."""
    return f"text-{doc.digest[:16]}"


def _jsonl(path: Path, encoding: str | None = None) -> Iterator[tuple[Document, str]]:
    """(Document, where) for each line, read one line at a time.  A line's document id is its
    ``id``, else its ``url``, else a digest of its text (``Document.digest``): never its line
    number, which the next day's file reuses for another article.  A ``date`` that is not ISO
    (yyyy-mm-dd, a time may follow) is left out, as in front matter."""
    any_line = False
    try:
        for lineno, line in _lines(path, encoding):
            where = f"on line {lineno} of {path}"
            line = line.strip()
            if not line:
                continue  # a blank line (often the last) holds no article
            any_line = True
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise KgError(f"bad JSON {where}: {err.msg} at column {err.colno}") from None
            if not isinstance(record, dict):
                raise KgError(f"not a JSON object {where} (expected {{\"text\": ...}})")
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                raise KgError(f"no article text {where} (\"text\" is missing, empty or not a string)")
            raw_id = record.get("id")
            if raw_id is None:
                doc_id = None
            elif isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) and str(raw_id).strip():
                doc_id = str(raw_id).strip()
            else:
                raise KgError(f"\"id\" is not a non-empty string or number {where}")
            title = _optional_text(record, "title", where)
            date = _optional_text(record, "date", where)
            url = _optional_text(record, "url", where)
            doc = clean(text, doc_id=doc_id or url or "", source=url or f"{path}:{lineno}", title=title, date=date)
            if not doc.text.strip():
                raise KgError(f"no article text {where} (only a title or page furniture)")
            _check_length(doc.text, f"line {lineno} of {path}")
            if not doc.id:
                doc = replace(doc, id=_text_id(doc))
            yield doc, f"line {lineno} of {path}"
    except OSError as err:
        raise KgError(f"cannot read {path}: {err.strerror}") from None
    if not any_line:
        raise KgError(f"empty article file: {path} (no JSON lines)")


def _articles(files: list[tuple[Path, str]], encoding: str | None = None) -> Iterator[tuple[Document, str, str | None]]:
    """(Document, where it stands, why it is skipped or None) for every article."""
    for path, doc_id in files:
        if path.suffix.lower() in JSONL_SUFFIXES:
            pairs = _jsonl(path, encoding)
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
            if doc.id == _text_id(doc):  # one text twice, with no id of its own: one article
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
