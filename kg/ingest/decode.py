"""Bytes → text: the codec a file's byte-order mark or ``--encoding`` names, binary and
undecodable files refused with the offset or line of the first bad byte, and the length spaCy
can parse in one piece.

>>> encoding_of("Ada".encode("utf-16"))
'utf-16'
"""
from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KgError

# spaCy parses at most this many characters at a time (its nlp.max_length) and refuses longer
# texts with error E088, but only once it reaches them: a 50 MB file took 74 s and ~950 MB
# before that refusal.  kg refuses them while checking, before anything is parsed.
MAX_CHARS = 1_000_000
# Cleaning costs ~0.2 s a million characters (9 s for 49 million), so a file whose raw text is
# this long is refused before cleaning: markup and page furniture are never nine tenths of a page.
MAX_RAW_CHARS = 10 * MAX_CHARS


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
    check_length(text, str(path), MAX_RAW_CHARS)  # cleaned text is checked against MAX_CHARS
    return text


def lines(path: Path, encoding: str | None) -> Iterator[tuple[int, str]]:
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


def check_length(text: str, where: str, limit: int = MAX_CHARS) -> None:
    """KgError when ``text`` is longer than spaCy parses in one piece.

    >>> check_length("x" * 1_000_001, "big.txt")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: article too long: big.txt has 1,000,001 characters (spaCy parses at most 1,000,000 at a time; split it)
    """
    if len(text) > limit:
        raise KgError(f"article too long: {where} has {len(text):,} characters "
                      f"(spaCy parses at most {MAX_CHARS:,} at a time; split it)")
