"""UsageError: what the user got wrong, said in one line."""
from __future__ import annotations

import difflib
from typing import Iterable


class UsageError(Exception):
    """A bad flag, unknown op or backend, malformed corpus file: the CLI prints it as one line, exit 2."""


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """'; did you mean 'X'?' when difflib finds a close match, else ''."""
    close = difflib.get_close_matches(word, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
