"""Stop words: scikit-learn's English list and the project's ``analysis/data/stopwords.yaml``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from analysis.resources.files import load_resource
from analysis.resources.schema import is_text, line_of, where
from analysis.text.tokens import token_runs

__all__ = ["ENGLISH_STOP_WORDS", "default_stopwords", "english_stop_words", "load_stopwords"]


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


ENGLISH_STOP_WORDS = frozenset((
    "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost", "alone",
    "along", "already", "also", "although", "always", "am", "among", "amongst", "amoungst", "amount", "an",
    "and", "another", "any", "anyhow", "anyone", "anything", "anyway", "anywhere", "are", "around", "as", "at",
    "back", "be", "became", "because", "become", "becomes", "becoming", "been", "before", "beforehand",
    "behind", "being", "below", "beside", "besides", "between", "beyond", "bill", "both", "bottom", "but",
    "by", "call", "can", "cannot", "cant", "co", "con", "could", "couldnt", "cry", "de", "describe", "detail",
    "do", "done", "down", "due", "during", "each", "eg", "eight", "either", "eleven", "else", "elsewhere",
    "empty", "enough", "etc", "even", "ever", "every", "everyone", "everything", "everywhere", "except", "few",
    "fifteen", "fifty", "fill", "find", "fire", "first", "five", "for", "former", "formerly", "forty", "found",
    "four", "from", "front", "full", "further", "get", "give", "go", "had", "has", "hasnt", "have", "he",
    "hence", "her", "here", "hereafter", "hereby", "herein", "hereupon", "hers", "herself", "him", "himself",
    "his", "how", "however", "hundred", "i", "ie", "if", "in", "inc", "indeed", "interest", "into", "is", "it",
    "its", "itself", "keep", "last", "latter", "latterly", "least", "less", "ltd", "made", "many", "may", "me",
    "meanwhile", "might", "mill", "mine", "more", "moreover", "most", "mostly", "move", "much", "must", "my",
    "myself", "name", "namely", "neither", "never", "nevertheless", "next", "nine", "no", "nobody", "none",
    "noone", "nor", "not", "nothing", "now", "nowhere", "of", "off", "often", "on", "once", "one", "only",
    "onto", "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own", "part",
    "per", "perhaps", "please", "put", "rather", "re", "same", "see", "seem", "seemed", "seeming", "seems",
    "serious", "several", "she", "should", "show", "side", "since", "sincere", "six", "sixty", "so", "some",
    "somehow", "someone", "something", "sometime", "sometimes", "somewhere", "still", "such", "system", "take",
    "ten", "than", "that", "the", "their", "them", "themselves", "then", "thence", "there", "thereafter",
    "thereby", "therefore", "therein", "thereupon", "these", "they", "thick", "thin", "third", "this", "those",
    "though", "three", "through", "throughout", "thru", "thus", "to", "together", "too", "top", "toward",
    "towards", "twelve", "twenty", "two", "un", "under", "until", "up", "upon", "us", "very", "via", "was",
    "we", "well", "were", "what", "whatever", "when", "whence", "whenever", "where", "whereafter", "whereas",
    "whereby", "wherein", "whereupon", "wherever", "whether", "which", "while", "whither", "who", "whoever",
    "whole", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
    "yours", "yourself", "yourselves",
))
"""scikit-learn's English stop-word list (``sklearn.feature_extraction.text.ENGLISH_STOP_WORDS``, 318
words, BSD-3-Clause), copied here so that cleaning and counting terms need not import scikit-learn
(1.3 CPU s at every start); ``tests/resources/test_resources.py`` checks that it is the installed list."""


def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop-word list (:data:`ENGLISH_STOP_WORDS`).

    Examples
    --------
    >>> "the" in english_stop_words(), "said" in english_stop_words()
    (True, False)
    """
    return ENGLISH_STOP_WORDS


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
