"""JSON Lines → Documents: one article a line (``{"text": ..., "id"/"url"/"title"/"date": ...}``),
read one line at a time, each bad line refused with its number.

>>> import tempfile, pathlib
>>> f = pathlib.Path(tempfile.mkdtemp()) / "feed.jsonl"
>>> _ = f.write_text('{"id": "a1", "text": "Ada spoke."}\\n')
>>> [(doc.id, where.split()[1]) for doc, where in documents(f)]
[('a1', '1')]
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from kg.errors import KgError
from kg.ingest.clean import clean
from kg.ingest.decode import check_length, lines
from kg.model import Document


def _optional_text(record: dict, key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise KgError(f"{key!r} is not a string {where}")
    return value.strip() or None


def text_id(doc: Document) -> str:
    """The id of a JSON Lines article with neither ``id`` nor ``url``: 16 hex digits of its digest."""
    return f"text-{doc.digest[:16]}"


def documents(path: Path, encoding: str | None = None) -> Iterator[tuple[Document, str]]:
    """(Document, where) for each line, read one line at a time.  A line's document id is its
    ``id``, else its ``url``, else a digest of its text (``Document.digest``): never its line
    number, which the next day's file reuses for another article.  A ``date`` that is not ISO
    (yyyy-mm-dd, a time may follow) is left out, as in front matter."""
    any_line = False
    try:
        for lineno, line in lines(path, encoding):
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
            check_length(doc.text, f"line {lineno} of {path}")
            if not doc.id:
                doc = replace(doc, id=text_id(doc))
            yield doc, f"line {lineno} of {path}"
    except OSError as err:
        raise KgError(f"cannot read {path}: {err.strerror}") from None
    if not any_line:
        raise KgError(f"empty article file: {path} (no JSON lines)")
