"""Raw article text → a Document: page furniture out, headline and dateline kept as metadata.

>>> doc = clean("Big News Today\\n\\nPARIS – The minister spoke.abc123def4567890abcd-slider\\n", "d", "d.txt")
>>> doc.title, doc.dateline, doc.text
('Big News Today', 'Paris', 'The minister spoke.')
"""
from __future__ import annotations

import re

from kg.model import Document
from kg.text import strip_control

# Lines a news site wraps around an article, never part of it: "Get The X stories sent directly
# to you! Sign up ...", "Share this article", "Follow us on ...", "Read more: ...".
# Each phrase must end at a word boundary: "Subscribers lost service" is news, not furniture.
FURNITURE = re.compile(
    r"^\s*(?:(?:get the .{0,60} (?:stories|news)|sign up|subscribe|share (?:this|on)|follow us|read more|"
    r"click here|all rights reserved)\b|(?:related(?: articles| stories)?|photo(?: credit)?):|"
    r"advertisement\s*$|copyright\b\s*(?:©|\(c\)|\d{4}|by\b|$)|©)",
    re.I,
)
# Scraped hash tokens glued to text: "security.030e63c6e3574e91e8ee74c457f32d72-slider".  A hash
# mixes letters and digits, so a long plain number ("1234567890123456 shares") is kept.
HASH_TOKEN = re.compile(r"(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{16,}(?:-[a-z]+)*", re.I)
# A paragraph without 16 hex digits in a row has none, and this finds that sooner: on 600 wire
# articles (read twice a build, in the check pass and again to parse) 0.035 s against 0.087.
_HEX_RUN = re.compile(r"[0-9a-f]{16}", re.I)
# "PARIS – ", "NEW YORK, June 3 — ", "LONDON (Reuters) - " at the start of the body.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\- ]{1,40}?)(?:,\s*[A-Z][A-Za-z.]*(?: \d{1,2})?(?:,? \d{4})?)?"
    r"(?:\s*\((?:AP|Reuters|AFP|UPI|Xinhua|TASS|dpa)\))?\s*[–—-]{1,2}\s+"
)
FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.S)
# Digits may not run on, but a time may follow: "2021-04-07T10:00".
ISO_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group("body").splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[m.end():]


def _unmark(text: str) -> str:
    """Markdown to plain prose: links to their text, emphasis and heading marks dropped."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return re.sub(r"^#{1,6}\s+", "", text, flags=re.M)


_SENTENCE_END = (".", "!", "?", '"', "”")


def _is_headline(par: str, rest: list[str]) -> bool:
    return bool(rest) and "\n" not in par and len(par) <= 200 and not par.rstrip().endswith(_SENTENCE_END)


def _trim_furniture(par: str) -> str:
    """A paragraph without page furniture: gone whole when it opens with furniture (a footer
    block), else without the furniture lines scraping glued to it with a single newline.  A line
    only counts after a line that ends a sentence, so a hard-wrapped sentence is never cut."""
    lines = [line.strip() for line in par.strip().splitlines()]
    if not lines or FURNITURE.match(lines[0]):
        return ""
    kept = lines[:1]
    for prev, line in zip(lines, lines[1:]):
        if not (FURNITURE.match(line) and prev.endswith(_SENTENCE_END)):
            kept.append(line)
    return "\n".join(kept)


def clean(raw: str, doc_id: str, source: str, markdown: bool = False,
          title: str | None = None, date: str | None = None) -> Document:
    """``title`` and ``date`` are what the file's format stated outside its text (an HTML page's
    <title> and meta tags); front matter in the text itself wins over them."""
    meta, text = _front_matter(raw.replace("\r\n", "\n").replace("\r", "\n"))
    for key, value in (("title", title), ("date", date)):
        if value:
            meta.setdefault(key, value)
    text = strip_control(text)
    if markdown:
        heading = re.match(r"\s*#\s+(.+)(?:\n|\Z)", text)
        if heading:
            # The H1 is the headline even when front matter names the title: never body text.
            meta.setdefault("title", heading.group(1).strip())
            text = text[heading.end():]
        text = _unmark(text)
    paragraphs = [_trim_furniture(p) for p in re.split(r"\n\s*\n", text)]
    paragraphs = [(HASH_TOKEN.sub("", p) if _HEX_RUN.search(p) else p).strip() for p in paragraphs if p]
    title = meta.get("title")
    if title is None and paragraphs and _is_headline(paragraphs[0], paragraphs[1:]):
        title = paragraphs.pop(0)
    dateline = None
    if paragraphs:
        m = DATELINE.match(paragraphs[0])
        if m:
            dateline = m.group("place").strip().title()
            paragraphs[0] = paragraphs[0][m.end():]
    date = meta.get("date")
    date = ISO_DATE.search(date).group(1) if date and ISO_DATE.search(date) else None
    return Document(id=doc_id, text="\n\n".join(paragraphs), source=source, title=title, date=date,
                    dateline=dateline)
