"""Named sources: which outlet an article says it relays (attribution phrases, the ``source`` column)."""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

from analysis.text.tokens import fold_case

__all__ = ["GENERIC_NAME_WORDS", "find_named_sources"]


GENERIC_NAME_WORDS = frozenset(
    [
        "the", "a", "an", "new", "global", "daily", "times", "news", "post", "world", "international", "national",
        "asia", "asian", "japan", "japanese", "china", "chinese", "korea", "korean", "india", "indian", "russia",
        "russian", "europe", "european", "america", "american", "us", "uk", "british", "herald", "tribune",
        "journal", "morning", "evening", "sunday", "weekly", "today", "press", "media", "first", "free", "radio",
        "tv", "voice", "public", "one", "north", "south", "east", "west", "central", "capital", "city", "star",
        "sun", "mail", "telegraph", "express",
    ]
)
"""First words of outlet names too common to stand for the outlet on their own ("New", "Global")."""


# --------------------------------------------------------------------------------------------------
# Named sources

MIN_FIRST_WORD = 3  # a first word standing for a multi-word outlet name ("Nikkei") is no initial or article
_NAME_FLAGS = re.IGNORECASE
_CUE_AFTER = (
    r"(?:has\s+|had\s+|have\s+)?(?:first\s+)?(?:reported|reports|wrote|writes|said|says|noted|notes|revealed|"
    r"reveals|learned|learnt|cited|cites|quoted|quotes|claimed|claims|pointed\s+out|stated|states|added)\b"
)
_ATTRIBUTION_TEMPLATES = (
    r"according\s+to\s+(?:(?:a|an|the)\s+)?(?:[\w\s,.-]{{0,40}}?\s)?(?:report|article|story|piece)s?"
    r"\s+(?:by|from|in|of)\s+{name}",
    r"according\s+to\s+{name}",
    r"(?:reported|published|cited|quoted|revealed|written)\s+(?:first\s+)?(?:by|in)\s+{name}",
    r"(?:citing|quoting|per)\s+(?:(?:a|an|the)\s+)?(?:(?:report|article|story)\s+(?:by|from|in)\s+)?{name}",
    r"(?:report|article|story)s?\s+(?:by|from|in)\s+{name}",
    r"{name}\s+(?:also\s+|further\s+)?" + _CUE_AFTER,
    r"{name}(?:'s|’s)?\s+(?:report|reporting|article|story|sources?)\b",
)


def _name_aliases(name: str) -> list[str]:
    """The name, without a leading "The", and its first word when that is distinctive."""
    name = " ".join(str(name).split())
    out = [name]
    if name.lower().startswith("the "):
        out.append(name[4:])
    words = out[-1].split()
    first = words[0] if words else ""
    generic = first.lower() in GENERIC_NAME_WORDS
    if len(words) > 1 and len(first) >= MIN_FIRST_WORD and first[0].isupper() and not generic:
        out.append(first)
    return sorted(set(out), key=lambda s: (-len(s), s))


# "University of ", "the Port " (a capitalised word inside a sentence, not its first: "Citing Nikkei")
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w’'-]*\s+of\s+(?:the\s+)?|[a-z,]\s+[A-Z][\w’'-]*\s+)$")
_NAME_AFTER = re.compile(r"(?:’s|'s)?\s+[A-Z]")  # " Council", "'s Mayor"


def _first_word_aliases(names: list[str]) -> set[str]:
    """The aliases of ``names`` that are only the first word of a longer outlet name ("Nikkei").

    Examples
    --------
    >>> sorted(_first_word_aliases(["Nikkei Asia", "RT", "The Independent", "The Elmwood Gazette"]))
    ['Elmwood', 'Nikkei']
    """
    full = {alias for name in names for alias in _name_aliases(name)[:1]}
    full |= {name[4:] for name in names if name.lower().startswith("the ")}
    return {alias for name in names for alias in _name_aliases(name) if alias not in full and len(alias.split()) == 1}


def _part_of_a_longer_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one word of a longer capitalised name ("University of Elmwood").

    Examples
    --------
    >>> text = ("Lena Berg of the University of Elmwood said. Elmwood Council said. Asia. Elmwood said. "
    ...         "Citing Elmwood, the Port Elmwood mayor left.")
    >>> [_part_of_a_longer_name(text, m.start(), m.end()) for m in re.finditer("Elmwood", text)]
    [True, True, False, False, True]
    """
    return bool(_NAME_BEFORE.search(text, max(start - 40, 0), start) or _NAME_AFTER.match(text, end))


def find_named_sources(articles: pd.DataFrame) -> pd.DataFrame:  # noqa: C901 - one loop over attribution templates
    """Who each article says it relays: ``article_id``, ``named_source``, ``named_source_article_id``, ``named_by``.

    ``named_source`` is the ``source`` column when it is set (``named_by`` = ``"source column"``);
    otherwise the outlet of the other article whose outlet or platform name appears most often in
    an attribution phrase of the text (ties: the first named), with ``named_by`` quoting the first
    such phrase. Names of the article's own outlet and platform are ignored ("Nikkei Asia has
    learned" in Nikkei's own report), and so is the first word of an outlet's name standing for
    it ("Elmwood" for the Elmwood Gazette) where it is part of a longer name ("the University of
    Elmwood said", "Elmwood Council said").

    Examples
    --------
    >>> a = pd.DataFrame({"article_id": ["1", "2"], "outlet": ["Nikkei Asia", "RT"],
    ...     "platform": [None, None], "source": [None, None], "published": [None, None],
    ...     "text": ["NATO will open an office, Nikkei Asia has learned.",
    ...              "NATO will open an office, Nikkei reported on Wednesday."]})
    >>> find_named_sources(a)[["article_id", "named_source", "named_source_article_id"]].values.tolist()
    [['1', None, None], ['2', 'Nikkei Asia', '1']]
    """
    data = articles.sort_values("article_id", kind="stable").reset_index(drop=True)
    holders: dict[str, list[tuple[str, str]]] = defaultdict(list)  # alias -> [(article_id, outlet)], by date
    for row in _by_date(data).itertuples():
        for field in ("outlet", "platform"):
            value = getattr(row, field, None)
            if isinstance(value, str) and value.strip():
                for alias in _name_aliases(value):
                    if (str(row.article_id), str(row.outlet)) not in holders[alias]:
                        holders[alias].append((str(row.article_id), str(row.outlet)))
    by_lower: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for alias, owners in holders.items():
        by_lower[fold_case(alias)].extend(o for o in owners if o not in by_lower[fold_case(alias)])
    first_words = _first_word_aliases([n for row in data.itertuples() for n in (getattr(row, "outlet", None),
                                                                                   getattr(row, "platform", None))
                                       if isinstance(n, str) and n.strip()])
    patterns = []
    any_name = None  # every attribution phrase holds a name: texts without one are not searched further
    if holders:
        names = "|".join(re.escape(a) for a in sorted(holders, key=lambda s: (-len(s), s)))
        name = rf"(?<![\w-])(?:the\s+)?(?P<name>(?-i:{names}))(?![\w-])"
        patterns = [re.compile(t.format(name=name), flags=_NAME_FLAGS) for t in _ATTRIBUTION_TEMPLATES]
        any_name = re.compile(rf"(?<![\w-])(?:{names})(?![\w-])")
    rows = []
    for row in data.itertuples():
        article_id = str(row.article_id)
        declared = getattr(row, "source", None)
        if isinstance(declared, str) and declared.strip():
            match = [aid for aid, _ in by_lower.get(fold_case(declared.strip()), []) if aid != article_id]
            rows.append((article_id, declared.strip(), match[0] if match else None, "source column"))
            continue
        own = {fold_case(n) for f in ("outlet", "platform") for n in _name_aliases(getattr(row, f, None) or "x")}
        text = str(row.text) if isinstance(row.text, str) else ""
        hits: dict[str, dict[int, str]] = defaultdict(dict)  # outlet -> {position of the name: phrase}
        first_id: dict[str, str] = {}
        for pattern in patterns if any_name is not None and any_name.search(text) else ():
            for match in pattern.finditer(text):
                alias = match.group("name")
                if fold_case(alias) in own or (alias in first_words and _part_of_a_longer_name(
                        text, match.start("name"), match.end("name"))):
                    continue
                for aid, outlet in holders[alias]:
                    if aid != article_id:
                        hits[outlet].setdefault(match.start("name"), " ".join(match.group(0).split()))
                        first_id.setdefault(outlet, aid)
        if hits:
            ranked = sorted((-len(h), min(h), outlet) for outlet, h in hits.items())
            _, first, outlet = ranked[0]
            rows.append((article_id, outlet, first_id[outlet], f"“{hits[outlet][first]}”"))
        else:
            rows.append((article_id, None, None, None))
    columns = ["article_id", "named_source", "named_source_article_id", "named_by"]
    return pd.DataFrame(rows, columns=columns, dtype=object)


def _by_date(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles sorted by publication date (undated last), then article_id."""
    dates = pd.to_datetime(articles.get("published"), errors="coerce")
    return (
        articles.assign(_date=dates)
        .sort_values(["_date", "article_id"], kind="stable", na_position="last")
        .drop(columns="_date")
    )
