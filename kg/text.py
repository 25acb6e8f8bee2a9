"""Characters that hide, reorder or break text, and what kg does with them.

A label is shown in a table, a terminal and the page.  Control characters belong in no label;
the bidirectional formatting characters (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) make
``Anton Varga\u202eagraV`` read differently from what it holds, in a terminal as in a browser;
a newline, tab or line separator breaks a table's row.  Articles keep their line breaks (they
mark paragraphs); labels and literals are written on one line (``inline``); text kg prints that
it did not write, a foreign graph's literal or a parser's message, shows them as escapes
(``visible``).

>>> inline("Anton\\u202e Varga\\nBoard\\u2028chair")
'Anton Varga Board chair'
>>> visible("Anton\\u202eVarga\\n")
'Anton\\\\u202eVarga\\\\n'
"""
from __future__ import annotations

import re

# C0 and C1 controls and DEL, but tab, newline and carriage return, which articles use.
CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Bidirectional formatting: the marks (LRM, RLM, ALM), embeddings and overrides, isolates.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# What ends a line somewhere: in a terminal, a CSV reader, a browser or a text editor.
BREAKS = "\t\n\r\x0b\x0c\x85\u2028\u2029"

_HIDDEN = re.compile(f"[{CONTROL}{BIDI}]")
_BREAK = re.compile(r"\r\n|" + f"[{BREAKS}]")  # a CRLF is one break
_UNSAFE = re.compile(f"[{CONTROL}{BIDI}{BREAKS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def strip_control(text: str) -> str:
    """Text without control characters (tab and line breaks kept) or bidirectional formatting.

    >>> strip_control("a\\x00b\\u202ec\\nd")
    'abc\\nd'
    """
    return _HIDDEN.sub("", text)


def inline(text: str) -> str:
    """A label's or literal's text: ``strip_control``, then each line break or tab a space."""
    return strip_control(_BREAK.sub(" ", text))


def visible(text: str) -> str:
    """``text`` with every character ``inline`` would touch shown as an escape, for printing."""
    return _UNSAFE.sub(lambda m: _NAMED.get(m.group(0)) or f"\\u{ord(m.group(0)):04x}", text)
