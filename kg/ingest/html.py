"""An HTML page → its article: headline, publication date and paragraphs, standard library only.

The text comes back as plain paragraphs separated by blank lines, so ``kg.ingest.clean`` strips
furniture and reads the dateline exactly as it does for a .txt file.

>>> page = parse('<title>Pier Opens</title><nav><p>Home</p></nav>'
...              '<article><p>KELLMARSH &ndash; The pier opened.</p><p>Crowds cheered.</p></article>')
>>> page.title, page.text
('Pier Opens', 'KELLMARSH – The pier opened.\\n\\nCrowds cheered.')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Never article prose: scripts and styles, site navigation and chrome, forms, things not shown.
# Captions and pull quotes in <figure> repeat or describe, they do not report.
NOISE = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript",
    "template", "svg", "iframe", "button", "select", "textarea", "figure",
})
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
# A browser ends an open <p> when one of these starts; html.parser does not, so an unclosed
# "<p>One<p>Two" or "<p>One<div>" would otherwise run on as one paragraph.
CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li",
    "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
})
# Where a page states when it was published, before any <time datetime=...>.
DATE_METAS = (("property", "article:published_time"), ("name", "date"))


@dataclass(frozen=True)
class Page:
    """What kg reads from one HTML page.

    >>> Page(title="Pier Opens", date="2021-04-07T09:30:00Z", text="The pier opened.").title
    'Pier Opens'
    """

    title: str | None
    date: str | None  # as the page states it; kg.ingest.clean keeps it only when it starts ISO
    text: str


@dataclass
class _Paragraph:
    article: int | None  # the innermost <article> holding it, by order of appearance
    lines: list[list[str]]  # text pieces between <br>s; a newline in the source is a space

    def text(self) -> str:
        lines = [" ".join("".join(line).split()) for line in self.lines]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, is noise)
        self.noise = 0  # open noise elements: text inside any of them is dropped
        self.articles: list[int] = []  # open <article>s
        self.article_count = 0
        self.paragraphs: list[_Paragraph] = []
        self.current: _Paragraph | None = None
        self.titles: list[str] = []
        self.h1s: list[tuple[bool, str]] = []  # (inside an <article>, text)
        self.times: list[tuple[bool, str]] = []
        self.metas: dict[tuple[str, str], str] = {}
        self.capture: list[str] | None = None  # text of the <title> or <h1> being read
        self.capture_tag = ""

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            for key, value in DATE_METAS:
                if attrs.get(key, "").lower() == value and attrs.get("content"):
                    self.metas.setdefault((key, value), attrs["content"].strip())
        if tag == "time" and attrs.get("datetime") and self._shown_or_article_header():
            self.times.append((bool(self.articles), attrs["datetime"].strip()))
        if tag in CLOSES_P and any(t == "p" for t, _ in self.stack):
            self.handle_endtag("p")
        if tag == "br" and self.current is not None and not self.noise:
            self.current.lines.append([])
        if tag in VOID:
            return
        noise = tag in NOISE or "hidden" in attrs or attrs.get("aria-hidden") == "true"
        self.stack.append((tag, noise))
        self.noise += noise
        if tag == "article":
            self.articles.append(self.article_count)
            self.article_count += 1
        elif tag == "p" and not self.noise:
            self.current = _Paragraph(self.articles[-1] if self.articles else None, [[]])
            self.paragraphs.append(self.current)
        elif tag == "title" and not self.noise and self.capture is None:
            self.capture, self.capture_tag = [], tag
        elif tag == "h1" and self._shown_or_article_header() and self.capture is None:
            self.capture, self.capture_tag = [], tag

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self.stack):
            return  # a stray end tag closes nothing, as in a browser
        while self.stack:
            # Popping up to the match also closes what was left open inside it: "<li>" without "</li>".
            open_tag, noise = self.stack.pop()
            self.noise -= noise
            if open_tag == "p":
                self.current = None
            if open_tag == self.capture_tag and self.capture is not None:
                text = " ".join("".join(self.capture).split())
                if text and open_tag == "title":
                    self.titles.append(text)
                elif text:
                    self.h1s.append((bool(self.articles), text))
                self.capture, self.capture_tag = None, ""
            if open_tag == "article":
                self.articles.pop()
            if open_tag == tag:
                return

    def handle_data(self, data):
        if self.capture is not None:
            self.capture.append(data)
        if self.current is not None and not self.noise:
            self.current.lines[-1].append(data)

    def _shown_or_article_header(self) -> bool:
        """Outside all noise, or inside nothing noisier than an article's own <header>, where
        sites put the headline and the publication time."""
        in_article = False
        for tag, noise in self.stack:
            if tag == "article":
                in_article = True
            elif noise and not (in_article and tag == "header"):
                return False
        return True


def _title(reader: _Reader) -> str | None:
    h1 = next((t for in_article, t in reader.h1s if in_article), None) or next((t for _, t in reader.h1s), None)
    title = reader.titles[0] if reader.titles else None
    if title and h1 and title.startswith(h1):
        # "Pier Opens | The Kellmarsh Courier": the site's name is no part of the headline.
        return h1
    return title or h1


def _date(reader: _Reader) -> str | None:
    for key in DATE_METAS:
        if key in reader.metas:
            return reader.metas[key]
    # a <time> in the article dates the article; one elsewhere may date a teaser or the day
    times = [t for in_article, t in reader.times if in_article] or [t for _, t in reader.times]
    return times[0] if times else None


def parse(markup: str) -> Page:
    """The page's article.  Paragraphs come from the <article> with the most text when there is
    one (a page may also mark teaser cards as articles), else from the whole page."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    texts = [(p.article, p.text()) for p in reader.paragraphs]
    texts = [(a, t) for a, t in texts if t]
    sizes: dict[int, int] = {}
    for a, t in texts:
        if a is not None:
            sizes[a] = sizes.get(a, 0) + len(t)
    if sizes:
        main = max(sizes, key=lambda a: (sizes[a], -a))
        texts = [(a, t) for a, t in texts if a == main]
    return Page(title=_title(reader), date=_date(reader), text="\n\n".join(t for _, t in texts))
