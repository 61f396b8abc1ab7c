"""Reporting verbs: the file format (``analysis/data/reporting_verbs.yaml``), its validation and loading."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.resources.files import load_resource
from analysis.resources.schema import is_text, required_list, unknown_keys, where

__all__ = ["REPORTING_CATEGORIES", "VerbEntry", "inflect", "load_reporting_verbs", "validate_reporting_verbs"]


REPORTING_CATEGORIES = ("neutral", "sceptical", "evaluative", "endorsing")
"""Categories of reporting verbs, in the order of ``reporting_verbs.yaml``."""


@dataclass(frozen=True)
class VerbEntry:
    """A reporting verb: its lemma and category, its present forms, the words that must not follow it."""

    lemma: str
    category: str
    present: frozenset  # base and -s forms: may be nouns ("claims", "reports")
    not_followed_by: frozenset


_VERB_KEYS = {"verb", "forms", "not_followed_by", "note", "source"}
_CATEGORY_KEYS = {"source", "note", "verbs"}
_VERB_FILE_KEYS = {"source", "note", "categories"}
_VOWELS = set("aeiou")


def inflect(lemma: str) -> tuple[str, str, str, str]:
    """Regular forms (base, -s, -ed, -ing) of a verb; a phrasal verb inflects its first word.

    Examples
    --------
    >>> inflect("claim"), inflect("note")[2], inflect("deny")[1:3], inflect("portray")[2]
    (('claim', 'claims', 'claimed', 'claiming'), 'noted', ('denies', 'denied'), 'portrayed')
    >>> inflect("point out")
    ('point out', 'points out', 'pointed out', 'pointing out')
    """
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    consonant_y = head.endswith("y") and len(head) > 1 and head[-2] not in _VOWELS
    if head.endswith(("s", "sh", "ch", "x", "z")):
        third = head + "es"
    elif consonant_y:
        third = head[:-1] + "ies"
    else:
        third = head + "s"
    if head.endswith("e"):
        past = head + "d"
    elif consonant_y:
        past = head[:-1] + "ied"
    else:
        past = head + "ed"
    if head.endswith("ie"):
        gerund = head[:-2] + "ying"
    elif head.endswith("e") and not head.endswith("ee"):
        gerund = head[:-1] + "ing"
    else:
        gerund = head + "ing"
    return tuple(form + tail for form in (head, third, past, gerund))  # type: ignore[return-value]


def validate_reporting_verbs(data: Any, *, name: str = "reporting_verbs.yaml") -> dict[str, VerbEntry]:  # noqa: C901 - a checklist of every problem
    """Check a parsed reporting-verb file and return its entries keyed by form (lower case).

    Raises
    ------
    ValueError
        Listing every problem with file and line: unknown keys or categories, a category without
        source, an empty verb, a form listed twice.

    Examples
    --------
    >>> reporting_verbs = validate_reporting_verbs({"source": "x", "categories": {
    ...     "neutral": {"source": "x", "verbs": ["add", {"verb": "tell", "forms": ["told"]}]}}})
    >>> sorted(reporting_verbs)
    ['add', 'added', 'adding', 'adds', 'told']
    >>> validate_reporting_verbs({"source": "x", "categories": {"odd": {"source": "x", "verbs": ["say"]}}})
    Traceback (most recent call last):
    ...
    ValueError: reporting_verbs.yaml: invalid reporting-verb file:
      reporting_verbs.yaml: unknown category 'odd' (allowed: neutral, sceptical, evaluative, endorsing)
    """
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ValueError(f"{name}: a reporting-verb file must be a mapping with `source` and `categories`")
    errors += unknown_keys(name, data, _VERB_FILE_KEYS)
    if not is_text(data.get("source")):
        errors.append(f"{where(name, data, 'source')}: `source` is required")
    categories = data.get("categories")
    if not isinstance(categories, dict) or not categories:
        errors.append(f"{where(name, data, 'categories')}: `categories` must be a non-empty mapping")
        categories = {}
    reporting_verbs: dict[str, VerbEntry] = {}
    first_seen: dict[str, str] = {}
    for category, block in categories.items():
        at = where(name, categories, category)
        if category not in REPORTING_CATEGORIES:
            errors.append(f"{at}: unknown category {category!r} (allowed: {', '.join(REPORTING_CATEGORIES)})")
            continue
        if not isinstance(block, dict):
            errors.append(f"{at}: category {category!r} must be a mapping with source, note and verbs")
            continue
        errors += unknown_keys(name, block, _CATEGORY_KEYS, suffix=f" in category {category!r}")
        if not is_text(block.get("source")):
            errors.append(f"{at}: category {category!r} needs a `source`")
        problem = f"category {category!r} needs a non-empty `verbs` list"
        verbs = required_list(name, block, "verbs", errors, problem=problem)
        if not verbs:
            continue
        for index, item in enumerate(verbs):
            item_where = where(name, verbs, index)
            entry = {"verb": item} if isinstance(item, str) else item
            if not isinstance(entry, dict):
                errors.append(f"{item_where}: a verb is a lemma or a mapping with `verb`")
                continue
            errors += unknown_keys(name, entry, _VERB_KEYS)
            lemma = entry.get("verb")
            if not is_text(lemma):
                errors.append(f"{item_where}: empty verb")
                continue
            lemma = " ".join(lemma.lower().split())
            forms = entry.get("forms")
            if forms is None:
                forms = list(inflect(lemma))
            elif not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
                errors.append(f"{where(name, entry, 'forms')}: `forms` must be a list of non-empty strings")
                continue
            blocked = entry.get("not_followed_by", [])
            if not isinstance(blocked, list) or not all(isinstance(w, str) for w in blocked):
                errors.append(f"{where(name, entry, 'not_followed_by')}: `not_followed_by` must be a list of words")
                blocked = []
            regular = inflect(lemma)
            written = {" ".join(x.lower().split()) for x in forms}
            # base and -s forms of one-word verbs may be nouns ("claims", "reports"); phrases are not
            present = frozenset(f for f in regular[:2] if f in written) if " " not in lemma else frozenset()
            record = VerbEntry(lemma, category, present, frozenset(w.lower() for w in blocked))
            for form in forms:
                form = " ".join(form.lower().split())
                if form in reporting_verbs:
                    errors.append(f"{item_where}: form {form!r} is listed twice (first at {first_seen[form]})")
                    continue
                reporting_verbs[form] = record
                first_seen[form] = item_where
    if errors:
        raise ValueError(f"{name}: invalid reporting-verb file:\n  " + "\n  ".join(errors))
    return reporting_verbs


def load_reporting_verbs(path: str | Path | None = None) -> dict[str, VerbEntry]:
    """Read and validate a reporting-verb file (default: the packaged ``reporting_verbs.yaml``, read once).

    Examples
    --------
    >>> load_reporting_verbs()["said"].category
    'neutral'
    """
    return dict(load_resource(path, "reporting_verbs.yaml", validate_reporting_verbs))
