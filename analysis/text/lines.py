"""Lines of a text: the one line-splitting rule of the project.

A line ends at ``\\n``, ``\\r\\n`` or ``\\r``, as in editors, ``grep -n`` and ``wc -l``. Other characters
that :meth:`str.splitlines` treats as line ends (form feed, vertical tab, U+0085, U+2028, U+2029,
U+001C-U+001E) stay inside their line as white space, so a line number reported anywhere (the
``removed.csv`` audit, error messages) is the one the user sees in the file.
"""

from __future__ import annotations

import re

__all__ = ["LINE_BREAK", "split_lines"]

LINE_BREAK = re.compile(r"\r\n|\n|\r")
"""The line ends: ``\\r\\n``, ``\\n`` or ``\\r``."""


def split_lines(text: str) -> list[str]:
    """Split ``text`` into lines at :data:`LINE_BREAK` only (no trailing empty line after a final break).

    Examples
    --------
    >>> split_lines("one\\fstill one\\u2028and still\\r\\ntwo\\n")
    ['one\\x0cstill one\\u2028and still', 'two']
    >>> split_lines("")
    []
    """
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines
