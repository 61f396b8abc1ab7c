"""Name lists of actor discovery: the file format (``analysis/data/names.yaml``), its validation and loading.

The words that tell what a capitalised name in English news is (titles, honorifics, organisation,
media, document and place words, a gazetteer, demonyms, institutions) and the words that tell a
person's gender for "he" and "she" (honorifics, role and kinship nouns); read by
:mod:`analysis.analyses.stance.discovery`, which receives them as an argument.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.resources.files import load_resource
from analysis.resources.schema import where

__all__ = ["CALENDAR", "NameLists", "load_name_lists", "validate_name_lists"]

_LIST_NAMES = (
    "honorifics", "titles", "role_words", "organisation_words", "group_words", "media_words",
    "document_words", "event_words", "place_words", "places", "demonyms", "institutions", "female_words",
    "male_words",
)
_OPTIONAL_LISTS = frozenset({"institutions", "female_words", "male_words"})  # older names files stay valid
CALENDAR = frozenset(
    [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
        "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Jan.",
        "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec."
    ]
)
"""Weekday and month names (and their abbreviations): capitalised, never actors."""
_ABBREVIATIONS_EXTRA = ("Inc.", "Corp.", "Co.", "Jr.", "Sr.", "St.", "Ltd.", "No.", "Mt.", "Ft.")


@dataclass(frozen=True)
class NameLists:
    """The word lists of ``names.yaml`` (see that file for what each holds)."""

    honorifics: frozenset[str]
    titles: frozenset[str]
    role_words: frozenset[str]
    organisation_words: frozenset[str]
    group_words: frozenset[str]
    media_words: frozenset[str]
    document_words: frozenset[str]
    event_words: frozenset[str]
    place_words: frozenset[str]
    places: frozenset[str]
    demonyms: dict[str, str] = field(default_factory=dict)
    institutions: frozenset[str] = frozenset()
    female_words: frozenset[str] = frozenset()
    male_words: frozenset[str] = frozenset()

    @property
    def calendar(self) -> frozenset[str]:
        return CALENDAR

    @functools.cached_property
    def abbreviations(self) -> frozenset[str]:
        words = {w for w in self.honorifics | self.titles if w.endswith(".")}
        words |= {w.split()[-1] for w in self.titles if w.endswith(".")}
        return frozenset(words | set(_ABBREVIATIONS_EXTRA) | {w for w in self.organisation_words if w.endswith(".")})

    @functools.cached_property
    def _reading(self) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], int]:
        """Sets every article's reading needs (computed once per lists): heads, joining words,
        title words, first words of titles, longest title in words."""
        heads = self.organisation_words | self.event_words | {w for w in self.document_words if w[:1].isupper()}
        return (frozenset(heads), frozenset(heads | self.titles | self.place_words),
                frozenset(w for t in self.titles for w in t.split()), frozenset(t.split()[0] for t in self.titles),
                max((len(t.split()) for t in self.titles), default=1))


def validate_name_lists(data: Any, *, name: str) -> NameLists:
    if not isinstance(data, dict) or not isinstance(data.get("lists"), dict):
        raise ValueError(f"{name}: a names file must be a mapping with `source` and `lists`")
    lists = data["lists"]
    errors = [f"{name}: missing list {key!r}" for key in _LIST_NAMES if key not in lists and key not in _OPTIONAL_LISTS]
    errors += [f"{where(name, lists, key)}: unknown list {key!r}" for key in lists if key not in _LIST_NAMES]
    values: dict[str, Any] = {}
    for key in _LIST_NAMES:
        entry = lists.get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("words"), list):
            if key in lists:
                errors.append(f"{where(name, lists, key)}: list {key!r} needs `words` (a list)")
            continue
        words = entry["words"]
        if key == "demonyms":
            pairs = {}
            for item in words:
                if not isinstance(item, dict) or len(item) != 1:
                    errors.append(f"{where(name, entry, 'words')}: demonyms are `Adjective: Place` pairs")
                    continue
                (adjective, place), = item.items()
                pairs[str(adjective)] = str(place)
            values[key] = pairs
        else:
            bad = [w for w in words if not isinstance(w, str) or not w.strip()]
            if bad:
                errors.append(f"{where(name, entry, 'words')}: list {key!r} holds a non-text word")
            values[key] = frozenset(str(w).strip() for w in words if isinstance(w, str) and w.strip())
    if errors:
        raise ValueError(f"{name}: invalid names file:\n  " + "\n  ".join(errors))
    return NameLists(**values)


def load_name_lists(path: str | Path | None = None) -> NameLists:
    """Read and validate a names file (default: the packaged ``analysis/data/names.yaml``, read once).

    Examples
    --------
    >>> lists = load_name_lists()
    >>> "Prime Minister" in lists.titles, "Ministry" in lists.organisation_words, lists.demonyms["Japanese"]
    (True, True, 'Japan')
    """
    return load_resource(path, "names.yaml", validate_name_lists)
