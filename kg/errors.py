"""The one exception a user sees: its message is a complete one-line explanation."""


class KgError(Exception):
    """Bad input or environment; the CLI prints the message alone and exits with code 2.

    >>> str(KgError("no such file: x.txt"))
    'no such file: x.txt'
    """
