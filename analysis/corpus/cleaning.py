"""Cleaning saved web pages into article bodies, with an audit of every removed line.

The cleaner is a pipeline of small named steps over the page's lines (the README's "Cleaning"
section tells them in order): :func:`strip_markdown`, :func:`classify_lines`, :func:`find_body`,
:func:`join_split_sentences` and :func:`split_place_dateline`, run by :func:`clean_text`. Nothing
is removed from a page that is already a clean article; curly quotes, apostrophes and no-break
spaces are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.resources.boilerplate import BoilerplateRules, load_boilerplate_rules
from analysis.resources.stopwords import english_stop_words
from analysis.text.lines import split_lines

__all__ = [
    "CleanOptions",
    "CleanResult",
    "classify_lines",
    "clean_corpus",
    "clean_text",
    "find_body",
    "join_split_sentences",
    "split_place_dateline",
    "strip_markdown",
]


# Thresholds of the line classifier (words are counted by ``_WORD``), each with the reason for its value.
TITLE_CASE_MIN_WORDS = 3  # fewer words say nothing about title case ("The End")
ICON_MIN_TOKENS = 8  # icon-font junk is a run of icon names ("facebook-icon twitter-icon ..."), not one word
ICON_MIN_SHARE = 0.3  # ...with at least this share of its tokens naming an icon
TIME_LINE_MAX_WORDS = 6  # a line with a clock time is a date line only when this short ("May 3, 2023 14:05 JST")
HEADING_MIN_TITLE_SHARE = 0.9  # a line this title-cased...
HEADING_MAX_WORDS = 15  # ...and this short is a heading or menu, even when it ends with a full stop
NAVIGATION_LINK_DENSITY = 0.5  # more of a line's characters in links than this: navigation, not a sentence
LINK_LIST_DENSITY = 0.75  # before the body, an unterminated line needs this much link text to be a link list
BYLINE_MAX_WORDS = 20  # a longer line matching a byline or caption rule is prose (an author bio, a sentence)
DATE_LINE_MAX_WORDS = 8  # an unterminated line with a date and at most this many words is a date line
TRAILER_MAX_WORDS = 12  # a short line matching an end rule ends the body even when it ends like a sentence
HEADLINE_MIN_WORDS = 4  # shorter unterminated lines before the body are labels ("Politics"), not headlines
PLACE_MIN_LETTERS = 3  # a dateline place needs this many letters ("UN —" is not a place)
LISTED_DUPLICATES = 10  # duplicate articles named in the error message before "and N more"

_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
_EMPHASIS = re.compile(r"(?<![\w*\\])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]*]*\s*$|[\"”’]\s*$")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"(?i)\b(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    r"|\d{1,2}/\d{1,2}/\d{2,4})\b"
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_PLACE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+)*(?:,\s*[A-Z][\w.]+)?)\s*"
    r"(?:\([A-Za-z .]+\)\s*)?[—–-]{1,2}\s+(?=\S)"
)
_ICON = re.compile(r"(?i)icon")


@dataclass(frozen=True)
class CleanOptions:
    """Options of the cleaner.

    Parameters
    ----------
    min_good_words : int
        A line needs at least this many words to count as an article sentence.
    min_stopword_density : float
        ...and at least this share of English stop words among its words.
    max_link_density : float
        ...and at most this share of its characters inside links.
    rules : BoilerplateRules or None
        Boilerplate rules; None uses the packaged ones.
    join_split_sentences : bool
        Rejoin a sentence split in two by removed lines (photo credits, repeated bylines).
    strip_place_dateline : bool
        Move a leading "PLACE —" dateline of the first paragraph to metadata.
    """

    min_good_words: int = 5
    min_stopword_density: float = 0.15
    max_link_density: float = 0.5
    rules: BoilerplateRules | None = None
    join_split_sentences: bool = True
    strip_place_dateline: bool = True


@dataclass
class CleanResult:
    """What :func:`clean_text` returns: the body, the removed lines and metadata found on the page."""

    body: str
    removed: list[dict]
    metadata: dict[str, str | None]


# --------------------------------------------------------------------------------------------------
# Steps


def strip_markdown(line: str) -> tuple[str, float, bool]:
    """Remove markdown residue from one line.

    Returns the text, its link density (share of characters that were link text) and whether the
    line was a markdown heading.

    Examples
    --------
    >>> strip_markdown("By [Ken Moriyasu](#), and *Nikkei*")
    ('By Ken Moriyasu, and Nikkei', 0.44, False)
    >>> strip_markdown("\\\\*\\\\*\\\\*")[0]
    '***'
    """
    heading = bool(_HEADING.match(line))
    text = _HEADING.sub("", line)
    text = _BLOCKQUOTE.sub("", text)
    link_chars = 0

    def _link(match: re.Match) -> str:
        nonlocal link_chars
        link_chars += len(match.group(1))
        return match.group(1)

    text = _LINK.sub(_link, text)
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
    text = _ESCAPE.sub(r"\1", text).strip()
    # A link whose text is itself emphasised, e.g. **[Comment on ...](#)**.
    density = round(min(1.0, link_chars / len(text)), 2) if text else 0.0
    return text, density, heading


def _is_terminated(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def _title_case_share(words: list[str]) -> float:
    content = [w for w in words if w.lower() not in english_stop_words()]
    if not content:
        return 0.0
    return sum(w[0].isupper() for w in content) / len(content)


def classify_lines(
    raw: str, *, options: CleanOptions, rules: BoilerplateRules, cache: dict[str, dict] | None = None
) -> list[dict]:
    """Split a page into lines and describe each one (pure; one dict per non-empty line).

    Keys: ``line`` (1-based line number in ``raw``), ``raw``, ``text`` (markdown stripped), ``words``,
    ``stop_density``, ``link_density``, ``heading``, ``terminated``, ``title_case``, ``letters``
    (has any letter), ``icon_junk``, ``date``, and the note of the matching rule of each kind or
    None (``line_rule``, ``end``, ``caption``, ``byline``).

    ``cache``: a dict kept across pages cleaned with the same ``rules``; a line seen before (a menu,
    a footer, a wire paragraph) is described once and copied. The same dicts either way.

    Examples
    --------
    >>> from analysis.resources.boilerplate import load_boilerplate_rules
    >>> seen = {}
    >>> lines = classify_lines("Home | World\\n\\nTalks resume.", options=CleanOptions(),
    ...                        rules=load_boilerplate_rules(), cache=seen)
    >>> [(info["line"], info["words"], info["terminated"]) for info in lines], sorted(seen)
    ([(1, 3, False), (3, 2, True)], ['Home | World', 'Talks resume.'])
    """
    stop = english_stop_words()
    out = []
    for number, raw_line in enumerate(split_lines(raw), start=1):
        if not raw_line.strip():
            continue
        if cache is not None and raw_line in cache:
            out.append({**cache[raw_line], "line": number})  # a copy: find_body marks lines
            continue
        text, link_density, heading = strip_markdown(raw_line)
        words = _WORD.findall(text)
        tokens = text.split()
        n_words = len(words)
        info = {
            "line": number,
            "raw": raw_line,
            "text": text,
            "words": len(tokens),
            "stop_density": (sum(w.lower() in stop for w in words) / n_words) if n_words else 0.0,
            "link_density": link_density,
            "heading": heading,
            "terminated": _is_terminated(text),
            "title_case": _title_case_share(words) if n_words >= TITLE_CASE_MIN_WORDS else 0.0,
            "letters": n_words > 0,
            "icon_junk": len(tokens) >= ICON_MIN_TOKENS and len(_ICON.findall(text)) >= ICON_MIN_SHARE * len(tokens),
            "date": bool(_DATE.search(text)) or bool(_TIME.search(text) and n_words <= TIME_LINE_MAX_WORDS),
        }
        info["line_rule"] = rules.match("line", text)
        for kind in ("end", "caption", "byline"):
            info[kind] = rules.match(kind, text)
        if cache is not None:
            cache[raw_line] = dict(info)
        out.append(info)
    return out


def _is_good(info: dict, options: CleanOptions) -> bool:
    """A line that reads as an article sentence or paragraph."""
    return (
        info["terminated"]
        and not info["heading"]
        and info["words"] >= options.min_good_words
        and info["stop_density"] >= options.min_stopword_density
        and info["link_density"] <= options.max_link_density
        and not (info["title_case"] >= HEADING_MIN_TITLE_SHARE and info["words"] <= HEADING_MAX_WORDS)
        and not info["line_rule"]
        and not info["end"]
        and not info["icon_junk"]
    )


def _is_near_good(info: dict) -> bool:
    """A short sentence: terminated, some words, no boilerplate or link text."""
    return (
        info["terminated"]
        and info["letters"]
        and not info.get("teaser")
        and not info["heading"]
        and info["link_density"] <= NAVIGATION_LINK_DENSITY
        and not (info["line_rule"] or info["end"] or info["caption"] or info["byline"] or info["icon_junk"])
    )


def _short_unterminated(info: dict, limit: int = HEADING_MAX_WORDS) -> bool:
    return not info["terminated"] and info["words"] <= limit


def _outside_reason(info: dict, *, before: bool) -> str:
    """Why a line outside the body is not article text."""
    if info["icon_junk"]:
        return "icon-font junk"
    if info["line_rule"]:
        return f"boilerplate: {info['line_rule']}"
    if info["end"]:
        return f"trailer: {info['end']}"
    if not info["letters"]:
        return "no text (separator)"
    if info["byline"] and info["words"] <= BYLINE_MAX_WORDS:
        return "byline"
    if info["date"] and info["words"] <= DATE_LINE_MAX_WORDS and not info["terminated"]:
        return "dateline"
    if info["caption"] and _short_unterminated(info, BYLINE_MAX_WORDS):
        return f"caption: {info['caption']}"
    if info["link_density"] > NAVIGATION_LINK_DENSITY:
        return "link list"
    if not before:
        return "after article end"
    if info["heading"]:
        return "headline"
    return "before article start"


def find_body(lines: list[dict], *, options: CleanOptions) -> tuple[int, int, dict[int, str]]:
    """Locate the article body among classified lines.

    Returns ``(first, last, reasons)``: indexes of the first and last body lines (inclusive) in
    ``lines`` and, for lines outside that range, the reason each is removed. Lines repeating a
    later, longer body line (a teaser before the article) are skipped as a start.
    Raises ValueError when no line reads as an article sentence.
    """
    trailer_at = len(lines)
    started = False
    for index, info in enumerate(lines):
        if not started and _is_good(info, options):
            started = True
        elif started and info["end"] and (not info["terminated"] or info["words"] <= TRAILER_MAX_WORDS):
            trailer_at = index
            break
    good = [i for i, info in enumerate(lines[:trailer_at]) if _is_good(info, options)]
    # A teaser: a good line at the top that a later line repeats (whole or inside a longer line).
    while len(good) > 1:
        head = " ".join(lines[good[0]]["text"].split())
        later = (" ".join(info["text"].split()) for info in lines[good[0] + 1 : trailer_at])
        if any(head in text for text in later):
            lines[good[0]]["teaser"] = True
            good.pop(0)
        else:
            break
    if not good:
        # A page of name-heavy sentences has few stop words: fall back to any plain sentence.
        good = [
            i for i, info in enumerate(lines[:trailer_at])
            if _is_near_good(info) and info["words"] >= options.min_good_words
        ]
    if not good:
        raise ValueError("no line reads as an article sentence")
    first, last = good[0], good[-1]
    # Short sentences next to the body ("It opens next year.") belong to it (jusText's "short" class).
    while first > 0 and _is_near_good(lines[first - 1]):
        first -= 1
    while last + 1 < trailer_at and _is_near_good(lines[last + 1]):
        last += 1
    reasons: dict[int, str] = {}
    for index, info in enumerate(lines):
        if first <= index <= last:
            continue
        if index == trailer_at:
            reason = f"trailer: {info['end']}"
        elif index > trailer_at:
            reason = _outside_reason(info, before=False).replace("after article end", "after trailer start")
        elif info.get("teaser"):
            reason = "teaser repeating a body sentence"
        else:
            reason = _outside_reason(info, before=index < first)
        reasons[index] = reason
    return first, last, reasons


def _inside_reason(info: dict, seen: set[str]) -> str | None:
    """Why a line inside the body is removed, or None to keep it."""
    key = " ".join(info["text"].split())
    if info["icon_junk"]:
        return "icon-font junk"
    if info["line_rule"]:
        return f"boilerplate: {info['line_rule']}"
    if not info["letters"]:
        return "no text (separator)"
    if key in seen and not info["terminated"]:
        return "repeated line"
    if info["byline"] and _short_unterminated(info, BYLINE_MAX_WORDS):
        return "byline"
    if info["caption"] and _short_unterminated(info, BYLINE_MAX_WORDS):
        return f"caption: {info['caption']}"
    if info["date"] and _short_unterminated(info, DATE_LINE_MAX_WORDS):
        return "dateline"
    if info["link_density"] > LINK_LIST_DENSITY and not info["terminated"]:
        return "link list"
    return None


def join_split_sentences(paragraphs: list[dict]) -> list[dict]:
    """Rejoin paragraphs where a sentence was split by removed lines.

    A kept paragraph that does not end like a sentence, followed by one that starts in lower case,
    is one sentence cut in two (by a photo credit or a repeated byline): they are joined with a
    space.

    Examples
    --------
    >>> joined = join_split_sentences([{"text": "as saying by Kyodo", "lines": [1]},
    ...                                {"text": "news agency.", "lines": [5]}])
    >>> joined[0]["text"], joined[0]["lines"]
    ('as saying by Kyodo news agency.', [1, 5])
    """
    out: list[dict] = []
    for para in paragraphs:
        if (
            out
            and not _is_terminated(out[-1]["text"])
            and para["text"][:1].islower()
        ):
            out[-1] = {"text": out[-1]["text"] + " " + para["text"], "lines": out[-1]["lines"] + para["lines"]}
        else:
            out.append(dict(para))
    return out


def _same_line(text: str, other: str | None) -> bool:
    return other is not None and " ".join(text.split()).casefold() == " ".join(other.split()).casefold()


def split_place_dateline(text: str) -> tuple[str | None, str]:
    """Split a leading news dateline ("WASHINGTON — ...") from a paragraph.

    Examples
    --------
    >>> split_place_dateline("WASHINGTON — Japan and NATO are working.")
    ('WASHINGTON', 'Japan and NATO are working.')
    >>> split_place_dateline("NATO said so.")
    (None, 'NATO said so.')
    """
    match = _PLACE_DATELINE.match(text)
    if not match or len(match.group("place").replace(" ", "")) < PLACE_MIN_LETTERS:
        return None, text
    return match.group("place"), text[match.end() :]


def clean_text(
    raw: str,
    *,
    options: CleanOptions | None = None,
    outlet: str | None = None,
    platform: str | None = None,
    cache: dict[str, dict] | None = None,
) -> CleanResult:
    """Clean one saved page into its article body.

    Parameters
    ----------
    raw : str
        The page text as saved (decoded).
    options : CleanOptions, optional
    outlet, platform : str, optional
        Names whose per-outlet rules (``outlets:`` in the rules file) apply in addition.
    cache : dict, optional
        Line descriptions kept across pages of the same options, outlet and platform
        (:func:`classify_lines`); :func:`clean_corpus` keeps one per outlet and platform.

    Returns
    -------
    CleanResult
        ``body`` (paragraphs separated by a blank line), ``removed`` (one dict per removed raw line:
        ``line``, ``text``, ``reason``) and ``metadata`` (``headline``, ``deck``, ``dateline``,
        ``byline``, ``place``). The deck (standfirst) is the first unterminated line of at least
        ``HEADLINE_MIN_WORDS`` words between the headline and the body that is not the headline again.

    Raises
    ------
    ValueError
        When nothing on the page reads as article text.

    Examples
    --------
    >>> page = "Share this\\n\\nJapan and NATO plan an office in Tokyo.\\n\\nIt opens next year.\\n"
    >>> result = clean_text(page)
    >>> result.body
    'Japan and NATO plan an office in Tokyo.\\n\\nIt opens next year.'
    >>> result.removed
    [{'line': 1, 'text': 'Share this', 'reason': 'before article start'}]
    """
    options = options or CleanOptions()
    rules = (options.rules or load_boilerplate_rules()).for_outlet(outlet, platform)
    lines = classify_lines(raw, options=options, rules=rules, cache=cache)
    first, last, outside = find_body(lines, options=options)
    removed: list[dict] = []
    metadata: dict[str, str | None] = {
        "headline": None, "deck": None, "dateline": None, "byline": None, "place": None,
    }
    for index, reason in sorted(outside.items()):
        info = lines[index]
        if reason in {"headline", "before article start"} and metadata["headline"] is None and (
            info["heading"] or (not info["terminated"] and info["words"] >= HEADLINE_MIN_WORDS and not info["caption"])
        ):
            metadata["headline"] = info["text"]
            reason = "headline"
        elif reason == "before article start" and not info["terminated"] and info["words"] >= HEADLINE_MIN_WORDS:
            if _same_line(info["text"], metadata["headline"]):
                reason = "repeated headline"
            elif metadata["headline"] is not None and metadata["deck"] is None and not info["caption"]:
                metadata["deck"] = info["text"]  # the standfirst under the headline
                reason = "deck"
            else:
                reason = "standfirst or repeated headline"
        if reason == "dateline" and metadata["dateline"] is None:
            metadata["dateline"] = info["text"]
        if reason == "byline" and metadata["byline"] is None:
            metadata["byline"] = info["text"]
        removed.append({"line": info["line"], "text": info["raw"], "reason": reason})
    paragraphs: list[dict] = []
    seen: set[str] = set()
    for info in lines[first : last + 1]:
        reason = _inside_reason(info, seen)
        seen.add(" ".join(info["text"].split()))
        if reason:
            removed.append({"line": info["line"], "text": info["raw"], "reason": reason})
        else:
            paragraphs.append({"text": info["text"], "lines": [info["line"]]})
    if options.join_split_sentences:
        paragraphs = join_split_sentences(paragraphs)
    if options.strip_place_dateline and paragraphs:
        place, rest = split_place_dateline(paragraphs[0]["text"])
        if place:
            metadata["place"] = place
            paragraphs[0] = {**paragraphs[0], "text": rest}
    removed.sort(key=lambda r: r["line"])
    body = "\n\n".join(p["text"] for p in paragraphs)
    return CleanResult(body=body, removed=removed, metadata=metadata)


def clean_corpus(corpus: pd.DataFrame, *, options: CleanOptions | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every article of a corpus frame (as from :func:`analysis.io.load_event`).

    Returns the corpus with ``text`` (cleaned body), ``headline``, ``deck``, ``dateline`` and ``place``
    columns added, and the removed-lines audit (``article_id``, ``line``, ``text``, ``reason``).
    Works on any partition of a corpus: results of partitions concatenate.

    Raises
    ------
    ValueError
        Naming the article's file when its body is empty after cleaning, or when two articles
        have the same body (a duplicate article).
    """
    bodies, metas, removed = [], [], []
    caches: dict[tuple[Any, Any], dict[str, dict]] = {}  # line descriptions per outlet and platform (their rules)
    for row in corpus.itertuples(index=False):
        name = f"{row.file} (article {row.article_id})" if row.encoding == "table" else str(row.file)
        cache = caches.setdefault((row.outlet, row.platform), {})
        try:
            result = clean_text(row.raw_text, options=options, outlet=row.outlet, platform=row.platform, cache=cache)
        except ValueError as exc:
            raise ValueError(f"{name}: empty body after cleaning: {exc}") from None
        if not result.body.strip():
            raise ValueError(f"{name}: empty body after cleaning")
        bodies.append(result.body)
        metas.append(result.metadata)
        removed.extend({"article_id": row.article_id, **r} for r in result.removed)
    out = corpus.copy()
    out["text"] = bodies
    for key in ("headline", "deck", "dateline", "place"):
        out[key] = [m[key] for m in metas]
    duplicated = out[out["text"].duplicated(keep=False)]
    if len(duplicated):
        names = ", ".join(f"{r.file} ({r.article_id})" for r in duplicated.head(LISTED_DUPLICATES).itertuples())
        names += f" and {len(duplicated) - LISTED_DUPLICATES} more" if len(duplicated) > LISTED_DUPLICATES else ""
        raise ValueError(f"duplicate article: the same body appears in {names}")
    removed_frame = pd.DataFrame(removed, columns=["article_id", "line", "text", "reason"])
    return out, removed_frame
