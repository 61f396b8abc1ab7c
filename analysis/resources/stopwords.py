"""Stop words: scikit-learn's English list and the project's ``analysis/data/stopwords.yaml``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from analysis.resources.files import load_resource
from analysis.resources.schema import is_text, line_of, where
from analysis.text.tokens import token_runs

__all__ = ["default_stopwords", "english_stop_words", "load_stopwords"]


_STOPWORD_KEYS = {"name", "source", "note", "words"}


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """Read a stop-word file (the project's ``analysis/data/stopwords.yaml`` when ``path`` is None).

    The file holds ``lists:``, each with ``name``, ``source``, ``note`` and ``words``.

    Raises
    ------
    ValueError
        Naming the file and line of an unknown or missing key, an empty list, a word that is not
        one lower-case token, or a word listed twice.

    Examples
    --------
    >>> words = load_stopwords()
    >>> "said" in words, "nato" in words
    (True, False)
    """
    return load_resource(path, "stopwords.yaml", _validate_stopwords)


def _validate_stopwords(data: Any, name: str) -> frozenset[str]:
    if not isinstance(data, dict) or set(data) != {"lists"}:
        raise ValueError(f"{name}:1: a stop-word file holds exactly one key, 'lists'")
    lists = data["lists"]
    if not isinstance(lists, list) or not lists:
        raise ValueError(f"{where(name, data, 'lists')}: 'lists' must be a non-empty list")
    seen: dict[str, int] = {}
    for entry in lists:
        line = line_of(entry) or line_of(data, "lists")
        if not isinstance(entry, dict):
            raise ValueError(f"{where(name, line)}: each list must be a mapping with name, source, note, words")
        unknown = sorted(set(entry) - _STOPWORD_KEYS)
        if unknown:
            raise ValueError(f"{where(name, entry, unknown[0])}: unknown key {unknown[0]!r}")
        missing = sorted(_STOPWORD_KEYS - set(entry))
        if missing:
            raise ValueError(f"{where(name, line)}: list is missing {', '.join(missing)}")
        for key in ("name", "source", "note"):
            if not is_text(entry[key]):
                raise ValueError(f"{where(name, entry, key)}: {key!r} must be non-empty text")
        words = entry["words"]
        if not isinstance(words, list) or not words:
            raise ValueError(f"{where(name, entry, 'words')}: 'words' must be a non-empty list")
        for word, word_line in zip(words, words.lines, strict=True):
            if not isinstance(word, str) or [t.text for r in token_runs(word) for t in r] != [word]:
                raise ValueError(f"{where(name, word_line)}: {word!r} is not one lower-case token")
            if word in seen:
                raise ValueError(f"{where(name, word_line)}: {word!r} already listed on line {seen[word]}")
            seen[word] = word_line
    return frozenset(seen)


@cache
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop-word list (imported once).

    Examples
    --------
    >>> "the" in english_stop_words(), "said" in english_stop_words()
    (True, False)
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@cache
def default_stopwords() -> frozenset[str]:
    """scikit-learn's English stop words plus the project list (:func:`load_stopwords`), built once.

    Examples
    --------
    >>> words = default_stopwords()
    >>> "the" in words, "told" in words, "office" in words
    (True, True, False)
    """
    return english_stop_words() | load_stopwords()
