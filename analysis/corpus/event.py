"""Event folders: the ``event.yaml`` schema, its validation, and the corpus table.

An event folder holds the article files exactly as saved plus an ``event.yaml`` (its format, with
every key, is in the README, "Adding an event"). A table entry (``file: corpus.parquet``, or
``.csv``/``.jsonl``) brings many articles at once: each row has a ``text`` column plus the metadata
columns (``article_id`` optional); keys given on the table's entry act as defaults for its rows.

The functions here are pure: :func:`analysis.io.load_event` reads the files and calls them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from analysis.resources.schema import unknown_keys, where

__all__ = [
    "ARTICLE_COLUMNS",
    "ARTICLE_KEYS",
    "EVENT_KEYS",
    "make_corpus_frame",
    "parse_date",
    "rows_from_table",
    "starter_event_yaml",
    "validate_event_spec",
]

EVENT_KEYS = {"title": True, "description": False, "date": False, "articles": True}
"""Keys of ``event.yaml`` mapped to whether they are required."""

ARTICLE_KEYS = {
    "file": True,
    "id": False,
    "outlet": True,
    "platform": True,
    "source": True,
    "published": True,
    "reposted": False,
    "authors": True,
    "title": True,
    "url": False,
    "language": True,
    "notes": False,
    "text_column": False,
}
"""Keys of an article entry mapped to whether they are required (the value may still be null)."""

ARTICLE_COLUMNS = ["article_id", *(key for key in ARTICLE_KEYS if key not in ("id", "text_column"))]
"""Metadata columns of the corpus frame (:func:`make_corpus_frame`), in order."""
NULLABLE = {"platform", "source", "published", "reposted", "title", "url", "notes"}
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
STRING_KEYS = ("outlet", "language", "file")
"""Article keys whose value must be a non-empty string."""
OPTIONAL_STRING_KEYS = ("platform", "source", "title", "url", "notes", "text_column")
"""Article keys whose value must be a string or null."""


def parse_date(value: Any) -> str | None:
    """Return an ISO date string for ``value`` (None stays None).

    Raises
    ------
    ValueError
        When the value is not an ISO date (``YYYY-MM-DD``).

    Examples
    --------
    >>> parse_date("2023-05-03")
    '2023-05-03'
    >>> parse_date(None) is None
    True
    >>> parse_date("2023-02-30")
    Traceback (most recent call last):
    ...
    ValueError: unparseable date '2023-02-30' (expected YYYY-MM-DD or null)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if not isinstance(value, str):
        raise ValueError(f"a date must be written YYYY-MM-DD or null, got {_kind(value)} {value!r}")
    text = value.strip()
    if text == "" or text.lower() in {"null", "none", "nan"}:
        return None
    day = text[:10] if "T" in text else text
    try:
        if not _ISO_DAY.fullmatch(day):
            raise ValueError(day)
        return dt.date.fromisoformat(day).isoformat()
    except ValueError:
        raise ValueError(f"unparseable date {text!r} (expected YYYY-MM-DD or null)") from None


PLACEHOLDER = "TODO"
"""What ``init-event`` writes where the user must fill in a value; validation refuses it as data."""


def _is_placeholder(value: Any) -> bool:
    """True for a value ``init-event`` left unedited (``TODO ...``).

    Examples
    --------
    >>> _is_placeholder("TODO"), _is_placeholder("TODO title of the event x"), _is_placeholder("Todos Santos")
    (True, True, False)
    """
    return isinstance(value, str) and (value.strip() == PLACEHOLDER or value.strip().startswith(PLACEHOLDER + " "))


def _check_text(value: Any, located: str, errors: list[str]) -> None:
    """Report strings anywhere in ``value`` that hold NUL or other control characters (tab and newline pass)."""
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found:
            errors.append(f"{located}: holds the control character U+{ord(found.group()):04X} (NUL bytes and control "
                          "characters are not text; remove them)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, located, errors)
            _check_text(item, where(located.rsplit(":", 1)[0] if _is_located(located) else located, value, key), errors)
    elif isinstance(value, list):
        for item in value:
            _check_text(item, located, errors)


def _kind(value: Any) -> str:
    for kind, name in ((bool, "true/false"), (int, "number"), (float, "number"), (dict, "mapping"), (list, "list")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _is_located(where: str) -> bool:
    return where.rsplit(":", 1)[-1].isdigit()


def _check_optional_text(entry: dict, label: str, spec_name: str, errors: list[str]) -> None:
    """Optional text fields hold text or null; ``url`` an http(s) address."""
    for key in OPTIONAL_STRING_KEYS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            errors.append(f"{where(spec_name, entry, key)}: {label}: {key} must be text or null, "
                          f"got {_kind(entry[key])} {entry[key]!r}")
    url = entry.get("url")
    if isinstance(url, str) and not re.match(r"https?://\S+$", url.strip()):
        errors.append(f"{where(spec_name, entry, 'url')}: {label}: url must be an http:// or https:// address, "
                      f"got {url[:80]!r}")


def _check_entry(entry: Any, index: int, spec_name: str, errors: list[str]) -> dict | None:
    if not isinstance(entry, dict):
        errors.append(f"{where(spec_name, entry)}: articles[{index}] must be a mapping")
        return None
    label = f"articles[{index}] ({entry.get('file', '?')})"
    known = ", ".join(ARTICLE_KEYS)
    errors += unknown_keys(spec_name, entry, ARTICLE_KEYS, prefix=f"{label}: ", suffix=f" (known: {known})")
    # A table's rows carry their own metadata: keys on its entry are only defaults for the rows.
    is_table = isinstance(entry.get("file"), str) and entry["file"].lower().endswith(TABLE_SUFFIXES)
    for key, required in ARTICLE_KEYS.items():
        if required and key not in entry and not is_table:
            errors.append(f"{where(spec_name, entry)}: {label}: missing required field {key!r}")
    for key, value in entry.items():
        if _is_placeholder(value):
            location = where(spec_name, entry, key)
            errors.append(f"{location}: {label}: {key} is still the placeholder {value!r}: fill it in")
    out = {key: entry.get(key) for key in ARTICLE_KEYS}
    for key in ("published", "reposted"):
        try:
            out[key] = parse_date(entry.get(key))
        except ValueError as exc:
            errors.append(f"{where(spec_name, entry, key)}: {label}: {key}: {exc}")
            out[key] = None
    authors = entry.get("authors", [])
    if authors is None:
        authors = []
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        errors.append(f"{where(spec_name, entry, 'authors')}: {label}: authors must be a list of names")
        authors = []
    out["authors"] = [str(a) for a in authors]
    for key in STRING_KEYS:
        if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
            errors.append(f"{where(spec_name, entry, key)}: {label}: {key} must be a non-empty string")
    _check_optional_text(entry, label, spec_name, errors)
    if out.get("id") is not None:
        if isinstance(out["id"], bool) or not isinstance(out["id"], (str, int)) or not str(out["id"]).strip():
            errors.append(f"{where(spec_name, entry, 'id')}: {label}: id must be a non-empty text or number, "
                          f"got {out['id']!r}")
        out["id"] = str(out["id"])
    if out.get("published") and out.get("reposted") and out["reposted"] < out["published"]:
        errors.append(f"{where(spec_name, entry, 'reposted')}: {label}: reposted {out['reposted']} is before "
                      f"published {out['published']}")
    return out


def validate_event_spec(  # noqa: C901 - a flat checklist collecting every problem
    spec: Any, *, files_present: Sequence[str], spec_name: str = "event.yaml"
) -> tuple[dict, list[dict]]:
    """Validate a parsed ``event.yaml`` against the files found in its folder.

    Parameters
    ----------
    spec : mapping
        The parsed YAML (line numbers are used when the mapping carries them).
    files_present : sequence of str
        Names of the article files in the event folder.
    spec_name : str
        Name used in error messages.

    Returns
    -------
    (event, entries)
        Event-level metadata and one normalised dict per article entry.

    Raises
    ------
    ValueError
        Listing every problem, one per line, each naming the file, line and field.

    Examples
    --------
    >>> spec = {"title": "T", "articles": [{"file": "a.txt", "outlet": "O", "platform": None,
    ...     "source": None, "published": "2023-05-03", "authors": [], "title": None, "language": "en"}]}
    >>> event, entries = validate_event_spec(spec, files_present=["a.txt"])
    >>> entries[0]["published"], event["title"]
    ('2023-05-03', 'T')
    """
    errors: list[str] = []
    if not isinstance(spec, dict):
        raise ValueError(f"{spec_name}: must be a mapping with title and articles")
    errors += unknown_keys(spec_name, spec, EVENT_KEYS, suffix=f" (known: {', '.join(EVENT_KEYS)})")
    for key, required in EVENT_KEYS.items():
        if required and key not in spec:
            errors.append(f"{spec_name}: missing required field {key!r}")
    _check_text(spec, spec_name, errors)
    for key, required in (("title", True), ("description", False)):
        value = spec.get(key)
        if (value is not None or required) and key in spec and not (isinstance(value, str) and value.strip()):
            errors.append(f"{where(spec_name, spec, key)}: {key} must be a non-empty text, "
                          f"got {_kind(value)} {value!r}")
    for key in ("title", "description"):
        if _is_placeholder(spec.get(key)):
            errors.append(f"{where(spec_name, spec, key)}: {key} is still the placeholder {spec[key]!r}: fill it in")
    event = {"title": spec.get("title"), "description": spec.get("description")}
    try:
        event["date"] = parse_date(spec.get("date"))
    except ValueError as exc:
        errors.append(f"{where(spec_name, spec, 'date')}: date: {exc}")
    articles = spec.get("articles") or []
    if not isinstance(articles, list):
        errors.append(f"{where(spec_name, spec, 'articles')}: articles must be a list")
        articles = []
    entries = []
    for index, entry in enumerate(articles):
        checked = _check_entry(entry, index, spec_name, errors)
        if checked is not None:
            entries.append((entry, checked))
    listed: dict[str, Any] = {}
    ids: dict[str, Any] = {}
    present = set(files_present)
    for raw, entry in entries:
        name = entry.get("file")
        if not isinstance(name, str):
            continue
        if name in listed:
            errors.append(f"{where(spec_name, raw, 'file')}: duplicate article: {name} is listed twice")
        listed[name] = raw
        if name not in present:
            errors.append(f"{where(spec_name, raw, 'file')}: listed file {name} is missing from the folder")
        is_table = name.lower().endswith(TABLE_SUFFIXES)
        article_id = entry.get("id") or (None if is_table else name.rsplit(".", 1)[0])
        if article_id is not None:
            if article_id in ids:
                errors.append(f"{where(spec_name, raw, 'id')}: duplicate article id {article_id!r}")
            ids[article_id] = raw
            entry["article_id"] = article_id
    for name in sorted(present - set(listed)):
        errors.append(f"{spec_name}: file {name} is in the folder but not listed in articles")
    if not entries and not errors:
        errors.append(f"{spec_name}: no articles listed")
    if errors:
        raise ValueError("\n".join(errors))
    return event, [entry for _, entry in entries]


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value)


def _table_columns(table: pd.DataFrame, text_column: str, *, name: str) -> dict[str, str]:
    """Map the table's own column names to the keys they give, matched case-insensitively (``Outlet``)."""
    wanted = {key.casefold(): key for key in [*ARTICLE_KEYS, "article_id", text_column]}
    found: dict[str, str] = {}
    for column in table.columns:
        key = wanted.get(str(column).strip().casefold())
        if key is None:
            continue
        if key in found.values():
            other = next(c for c, k in found.items() if k == key)
            raise ValueError(f"{name}: columns {other!r} and {column!r} both give {key!r}; keep one")
        found[column] = key
    return found


def rows_from_table(table: pd.DataFrame, entry: dict, *, name: str) -> list[dict]:
    """Turn a table of articles into corpus rows; the table entry's own keys are row defaults.

    Column names are matched without regard to case or surrounding spaces (``Outlet`` gives
    ``outlet``); an empty cell takes the entry's default.

    Raises
    ------
    ValueError
        When the table has no rows, the text column or a required metadata field is missing, an
        ``article_id`` cell is empty, or a date is unparseable; each naming the table and row.

    Examples
    --------
    >>> table = pd.DataFrame({"Text": ["Body."], "Outlet": ["RT"], "article_id": ["7"]})
    >>> row = rows_from_table(table, {"file": "t.csv", "language": "en"}, name="t.csv")[0]
    >>> row["outlet"], row["article_id"], row["raw_text"]
    ('RT', '7', 'Body.')
    """
    text_column = entry.get("text_column") or "text"
    columns = _table_columns(table, text_column, name=name)
    if text_column not in columns.values():
        raise ValueError(f"{name}: no text column {text_column!r} (columns: {', '.join(map(str, table.columns))})")
    if table.empty:
        raise ValueError(f"{name}: the table has a header but no rows")
    table = table[list(columns)].rename(columns=columns)
    rows = []
    for index, record in enumerate(table.to_dict(orient="records")):
        where = f"{name}: row {index + 1}"
        row = {k: v for k, v in entry.items() if k not in {"file", "id", "text_column", "article_id"}}
        for key in ARTICLE_KEYS:
            if key in record and key not in {"file", "id", "text_column"} and not _absent(record[key]):
                row[key] = record[key]
        for key in ("outlet", "language"):
            if not isinstance(row.get(key), str) or not row[key].strip():
                raise ValueError(f"{where}: missing required field {key!r}")
        for key in ("published", "reposted"):
            try:
                row[key] = parse_date(row.get(key))
            except ValueError as exc:
                raise ValueError(f"{where}: {key}: {exc}") from None
        authors = row.get("authors")
        if isinstance(authors, str):
            if authors.startswith("["):
                try:
                    authors = json.loads(authors)
                except ValueError:
                    raise ValueError(f"{where}: authors: not a JSON list: {authors[:60]!r}") from None
            else:
                authors = [a.strip() for a in authors.split(";") if a.strip()]
        iterable = hasattr(authors, "__iter__") and not isinstance(authors, (str, dict))
        row["authors"] = [str(a) for a in authors] if iterable else []  # lists, tuples, arrays from Parquet
        given = [key for key in ("article_id", "id") if key in record]
        if given:
            article_id = record[given[0]]
            if _absent(article_id) or not str(article_id).strip():
                raise ValueError(f"{where}: empty {given[0]} (give every row an id, or drop the column)")
            row["article_id"] = str(article_id).strip()
        else:
            row["article_id"] = f"{entry['file']}#{index + 1}"
        row["file"] = entry["file"]
        text = record[text_column]
        row["raw_text"] = "" if _absent(text) else str(text)
        row["encoding"] = "table"
        rows.append(row)
    return rows


def make_corpus_frame(rows: Iterable[dict], *, name: str = "event.yaml") -> pd.DataFrame:
    """Assemble corpus rows into a DataFrame with :data:`ARTICLE_COLUMNS` + ``raw_text``, ``encoding``.

    Raises
    ------
    ValueError
        On duplicate article ids.
    """
    columns = ARTICLE_COLUMNS + ["raw_text", "encoding"]
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    duplicated = frame["article_id"][frame["article_id"].duplicated()]
    if len(duplicated):
        raise ValueError(f"{name}: duplicate article id(s): {', '.join(sorted(set(duplicated)))}")
    for column in NULLABLE:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame.reset_index(drop=True)


def starter_event_yaml(files: Sequence[str], *, slug: str) -> str:
    """Text of a starter ``event.yaml`` listing ``files`` with every field to fill in.

    Examples
    --------
    >>> print(starter_event_yaml(["a.txt"], slug="demo").splitlines()[0])
    # event.yaml for demo: fill in every TODO, then run `python -m analysis report --event demo`
    """
    lines = [
        f"# event.yaml for {slug}: fill in every TODO, then run `python -m analysis report --event {slug}`",
        f"title: TODO title of the event {slug}",
        "description: TODO one or two sentences",
        "date: null  # YYYY-MM-DD",
        "articles:",
    ]
    for name in files:
        if name.lower().endswith(TABLE_SUFFIXES):
            lines += [
                f"  - file: {json.dumps(name)}",
                "    # one row per article: a text column plus article_id, outlet, published, ... columns;",
                "    # keys written here are defaults for rows that lack them (e.g. outlet, language)",
                "    text_column: text",
                "    language: en",
            ]
            continue
        lines += [
            f"  - file: {json.dumps(name)}",
            "    outlet: TODO",
            "    platform: null   # site the text was taken from, if not the outlet's own",
            "    source: null     # whose reporting it relays, if any",
            "    published: null  # YYYY-MM-DD",
            "    authors: []",
            "    title: null",
            "    language: en",
        ]
    if not files:
        lines.append("  []  # no article files found")
    return "\n".join(lines) + "\n"
