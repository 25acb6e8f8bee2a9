"""The one exception a user sees: its message is a complete one-line explanation."""

from kg.text import visible


class KgError(Exception):
    """Bad input or environment; the CLI prints the message alone and exits with code 2.

    >>> str(KgError("no such file: x.txt"))
    'no such file: x.txt'
    """


def one_line(text: object, limit: int = 200) -> str:
    r"""``text`` on one line and at most ``limit`` characters: what a KgError message may quote
    of a parser's or a database's own, often multi-line, message.

    >>> one_line("expected '}'\n  at line 3")
    "expected '}' at line 3"
    >>> one_line("expected '}'\n  at line 3", limit=12)
    "expected '}…"
    >>> one_line("Invalid line: a\x00b")
    'Invalid line: a\\u0000b'
    """
    line = visible(" ".join(str(text).split()))
    return line if len(line) <= limit else line[: limit - 1] + "…"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``n`` and the noun, in the plural (``nouns``, by default the noun and -s) unless ``n`` is 1.

    >>> plural(1, "document"), plural(2, "bad file"), plural(1_200, "entity", "entities")
    ('1 document', '2 bad files', '1,200 entities')
    """
    return f"{n:,} {noun if n == 1 else nouns or noun + 's'}"
