"""Actors and how each article names them.

An *actors file* (YAML) lists the organisations, countries, persons, media and groups of an event,
each with its aliases (names as written), the definite descriptions that may refer to it ("the
alliance", "the bloc": its ``heads``), and for persons an affiliation (the actor they speak for)
and a role. The package ships shared defaults (``analysis/data/actors.yaml``); an event folder may
hold its own ``actors.yaml`` which replaces them, or extends them with ``include_default: true``.

:func:`find_mentions` finds every reference to an actor in a cleaned text:

* **names**: every alias, matched case-sensitively on whole words (a hyphen also bounds a word,
  so "U.S.-led" and "Japan-NATO" mention the United States, Japan and NATO); where aliases
  overlap the longest wins. Aliases listed under ``places`` (capitals) are skipped after a place
  preposition ("an office in Tokyo" is a place, "Tokyo hopes" an actor). The ``label`` extends
  the alias to the left over its modifiers as written: titles and capitalised words ("Russian
  President Vladimir Putin", "Communist China"), possessives ("China’s top diplomat Qin Gang"),
  title connectors ("Ambassador to the United States"), a closed list of lower-case modifiers
  (:data:`MODIFIER_WORDS`: "late", "former", "top", "militaristic", ...) and "-led"/"-backed"
  compounds. A leading "the"/"a" is kept only when other modifiers follow it ("the U.S.-led North
  Atlantic Treaty Organization"), since in "the NATO summit" it belongs to "summit".
* **descriptions**: a head noun of the actors file preceded by "the" or "this" and at most four
  modifiers ("the US-led military bloc"). It is attributed only when context is unambiguous: the
  actors named earlier in the same sentence that list this head are exactly one; if none, those
  named in the three sentences before; if none, those named anywhere before in the article.
  Otherwise it is kept with an empty ``actor`` (unattributed), never guessed.

Demonyms ("Japanese officials") are not mentions. Pronouns are resolved only as speakers of
quotations and reporting verbs (see :mod:`analysis.analyses.stance.quotes`).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from analysis.resources.actors import Actor
from analysis.text.sentences import sentence_at
from analysis.text.tokens import fold_case

__all__ = [
    "MODIFIER_WORDS",
    "Mention",
    "actor_index",
    "find_mentions",
]


MODIFIER_WORDS = frozenset(
    [
        "late", "former", "top", "deputy", "senior", "chief", "acting", "then", "military", "militaristic",
        "communist", "regional", "so-called", "self-proclaimed", "self-styled", "spokesperson", "spokesman",
        "spokeswoman", "diplomat", "minister", "ambassador", "president", "premier", "secretary", "general",
        "secretary-general", "envoy", "official", "professor", "assistant", "associate", "leader", "foreign",
        "defense", "defence", "prime", "current", "sitting", "outgoing", "incoming", "nazi", "fascist",
        "authoritarian", "democratic", "giant",
    ]
)
"""Lower-case words that may qualify an actor's name in its label (besides capitalised words)."""

_STOP = frozenset(
    [
        "a", "about", "above", "according", "after", "against", "along", "also", "although", "among", "an",
        "and", "another", "any", "are", "as", "at", "based", "be", "because", "been", "before", "being",
        "below", "besides", "between", "both", "but", "by", "can", "citing", "could", "did", "do", "does",
        "during", "each", "either", "even", "every", "for", "from", "had", "has", "have", "having", "he", "her",
        "here", "hers", "him", "his", "how", "however", "i", "if", "in", "including", "into", "is", "it", "its",
        "just", "like", "many", "meanwhile", "more", "most", "much", "must", "my", "near", "neither", "nor",
        "not", "notably", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "per",
        "since", "so", "some", "speaking", "such", "than", "that", "the", "their", "them", "then", "there",
        "these", "they", "this", "those", "though", "through", "thus", "to", "too", "toward", "towards",
        "under", "unlike", "until", "upon", "us", "via", "was", "we", "were", "what", "when", "where",
        "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
        "would", "yet", "you", "your",
    ]
)
MAX_DESCRIPTION_MODIFIERS = 4  # "the US-led military bloc": longer runs before a head noun are rarely one name
_CONNECTORS = frozenset({"to", "of", "for"})
_DETERMINERS = frozenset({"the", "a", "an"})
_DEFINITE = frozenset({"the", "this"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "into", "through", "near", "outside", "inside", "via", "from"})
_TOKEN = re.compile(r"[^\W_](?:[\w.’'-]*[\w.])?|[^\w\s]")
_COMPOUND = re.compile(r"-(?:led|backed|based|controlled|allied|friendly|leaning|aligned)$", re.IGNORECASE)


class Mention(NamedTuple):
    """A reference to an actor: ``label`` is ``text[start:end]``; ``actor`` is None if unattributed.

    ``head`` is the alias, head noun or pronoun the mention was found by; ``kind`` is ``"name"``,
    ``"description"`` or ``"pronoun"``.
    """

    actor: str | None
    label: str
    head: str
    start: int
    end: int
    kind: str


def search_last_word(pattern: re.Pattern, text: str) -> re.Match | None:
    r"""``pattern.search(text)`` for a pattern that can only match within the last word of ``text``.

    For patterns of the form ``WORD\s*$`` (a word of non-space characters, then white space to
    the end): any match starts inside the last run of non-space characters, so the search starts
    there, not at every position of ``text`` (the same match, found without trying the others).

    Examples
    --------
    >>> pattern = re.compile(r"([a-z][a-z-]+)\s+$")
    >>> text = "as the spokesman  "
    >>> search_last_word(pattern, text).span() == pattern.search(text).span() == (7, 18)
    True
    """
    stripped = text.rstrip()
    last = stripped.rsplit(None, 1)[-1] if stripped else ""
    return pattern.search(text, len(stripped) - len(last))


def actor_index(actors: Sequence[Actor]) -> dict[str, Actor]:
    """Actors by name.

    Examples
    --------
    >>> actor_index([Actor("NATO", "organisation", ("NATO",))])["NATO"].type
    'organisation'
    """
    return {actor.name: actor for actor in actors}


# --------------------------------------------------------------------------------------------------
# Mentions


def _alias_matches(text: str, actors: Sequence[Actor]) -> list[tuple[int, int]]:
    """Non-overlapping whole-word matches of the actors' aliases, longest first where they overlap.

    The same spans as ``re.finditer`` with the alternation of all aliases sorted longest first,
    ``(?<![\\w.])(?:...)(?![^\\W_])``: scanning left to right, the longest alias that matches as a
    whole word wins at each position, and the scan goes on after it. Each alias is looked up
    with ``str.find`` (compiling that alternation for every article cost more than the search).

    Examples
    --------
    >>> us = Actor("United States", "country", ("U.S.", "United States", "United"))
    >>> text = "The United States and U.S. forces; United Statesmen; US.U.S."
    >>> [text[a:b] for a, b in _alias_matches(text, [us])]
    ['United States', 'U.S.', 'United']
    """
    best: dict[int, int] = {}
    n = len(text)
    for alias in {a for actor in actors for a in actor.aliases}:
        if not alias:
            continue
        at = text.find(alias)
        while at >= 0:
            end = at + len(alias)
            whole = (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_.")) and (
                end == n or not text[end].isalnum())
            if whole and end > best.get(at, -1):
                best[at] = end
            at = text.find(alias, at + 1)
    out, cursor = [], 0
    for start in sorted(best):
        if start >= cursor:
            out.append((start, best[start]))
            cursor = best[start]
    return out


@functools.lru_cache(maxsize=256)
def _head_pattern(heads: tuple[str, ...]) -> re.Pattern:
    """Whole-word head nouns, ignoring case (compiled once per set of heads)."""
    return re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, heads))})(?![\w-])", re.IGNORECASE)


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


_POSSESSIVE_END = re.compile(r"['’]s$")
_WORDS = re.compile(r"[\w’']+")


@functools.lru_cache(maxsize=8192)  # a pure memo: tokens repeat across labels and articles
def _bare(token: str) -> str:
    return fold_case(_POSSESSIVE_END.sub("", token))


def _label_start(
    text: str, start: int, floor: int, *, titles: bool, tokens: tuple[list[int], list] | None = None
) -> int:
    """Start of the label of an alias at ``start``: its modifiers, walking left (see module doc).

    ``titles`` allows title connectors ("Ambassador to the United States"), for persons only.
    ``tokens`` are the (ends, (start, token) pairs) of the text from ``floor`` on, as far as
    ``start`` at least (:func:`_tokens_from`), kept by the caller between calls.
    """
    if start > floor and not text[start - 1].isspace():
        return start
    if tokens is None:
        tokens = _tokens_from(text, floor, start)
    ends, found = tokens
    # a token holds no white space, so the tokens before ``start`` are those that end before it
    tokens = found[: bisect.bisect_right(ends, start)]
    chosen: list[tuple[int, str]] = []  # nearest first
    i = len(tokens) - 1
    while i >= 0:
        pos, tok = tokens[i]
        low = _bare(tok)
        if text[pos + len(tok) : (chosen[-1][0] if chosen else start)].strip():
            break
        left = tokens[i - 1][1] if i > 0 else ""
        left_is_title = bool(left) and _is_capitalised(left) and _bare(left) not in _STOP
        if low in _DETERMINERS:
            chosen.append((pos, tok))
            if titles and low == "the" and _bare(left) in _CONNECTORS:
                i -= 1
                continue
            break
        if low in _CONNECTORS:
            if titles and (left_is_title or (_bare(left) == "the")):
                chosen.append((pos, tok))
                i -= 1
                continue
            break
        if not tok[:1].isalnum() or low in _STOP:
            break
        if _is_capitalised(tok) or low in MODIFIER_WORDS or _COMPOUND.search(low):
            chosen.append((pos, tok))
            i -= 1
            continue
        break
    while chosen and _bare(chosen[-1][1]) in _CONNECTORS:
        chosen.pop()
    if len(chosen) == 1 and _bare(chosen[0][1]) in _DETERMINERS:
        chosen.pop()
    return chosen[-1][0] if chosen else start


def _tokens_from(text: str, floor: int, ceiling: int) -> tuple[list[int], list[tuple[int, str]]]:
    """Tokens of ``text[floor:ceiling]``: their ends, and (start, token) pairs."""
    found = [(m.start(), m.group()) for m in _TOKEN.finditer(text, floor, ceiling)]
    return [pos + len(tok) for pos, tok in found], found


def _sentence_index(starts: list[int], position: int) -> int:
    return max(sentence_at(starts, position), 0)


def _resolve(candidates: list[Mention], head: str, by_name: dict[str, Actor]) -> str | None:
    names = {m.actor for m in candidates if m.actor and head in by_name[m.actor].heads}
    return names.pop() if len(names) == 1 else None


def find_mentions(  # noqa: C901 - many small rules
    text: str,
    actors: Sequence[Actor],
    *,
    sentences: Sequence[tuple[int, int]] | None = None,
    window: int = 3,
) -> list[Mention]:
    """Every name and definite description of an actor in ``text``, in order of position.

    Parameters
    ----------
    text : str
        A cleaned article body.
    actors : sequence of Actor
    sentences : sequence of (start, end), optional
        Sentence spans of ``text`` (labels and descriptions stay inside a sentence); by default
        the whole text is one sentence.
    window : int
        How many sentences before a description are searched when its own sentence names no
        candidate.

    Examples
    --------
    >>> nato = Actor("NATO", "organisation", ("NATO",), heads=("alliance", "bloc"))
    >>> japan = Actor("Japan", "country", ("Japan", "Tokyo"), places=("Tokyo",))
    >>> text = "Japan and NATO met in Tokyo. Tokyo said the US-led military bloc agreed."
    >>> [(m.actor, m.label) for m in find_mentions(text, [nato, japan], sentences=[(0, 28), (29, 72)])]
    [('Japan', 'Japan'), ('NATO', 'NATO'), ('Japan', 'Tokyo'), ('NATO', 'the US-led military bloc')]
    """
    if sentences is None:
        sentences = [(0, len(text))]
    starts = [s for s, _ in sentences]
    by_name = actor_index(actors)
    owner = {alias: actor.name for actor in actors for alias in actor.aliases}
    places = {place for actor in actors for place in actor.places}
    named: list[Mention] = []
    sentence_tokens: dict[int, tuple[list[int], list]] = {}  # tokens of each sentence, by its start
    for match_start, match_end in _alias_matches(text, actors):
        alias = text[match_start:match_end]
        index = _sentence_index(starts, match_start)
        sentence_start = sentences[index][0]
        if alias in places:
            before = _WORDS.findall(text[sentence_start:match_start])
            if before and before[-1].lower() in _PLACE_PREPOSITIONS:
                continue
        if sentence_start not in sentence_tokens:  # up to the next sentence: every alias it holds starts before
            ceiling = max(starts[index + 1] if index + 1 < len(starts) else len(text), match_start)
            sentence_tokens[sentence_start] = _tokens_from(text, sentence_start, ceiling)
        label_start = _label_start(text, match_start, sentence_start, titles=by_name[owner[alias]].type == "person",
                                   tokens=sentence_tokens[sentence_start])
        label = text[label_start:match_end]
        named.append(Mention(owner[alias], label, alias, label_start, match_end, "name"))
    alias_spans = sorted((m.end - len(m.head), m.end) for m in named)
    alias_starts = [s for s, _ in alias_spans]
    heads = sorted({h for actor in actors for h in actor.heads})
    descriptions: list[Mention] = []
    if heads:
        head_pattern = _head_pattern(tuple(heads))
        by_end = sorted(named, key=lambda m: (m.end, m.start))
        ends = [m.end for m in by_end]
        seen_with_head: dict[str, dict[str, int]] = {}  # head -> actor -> mentions before the cursor
        cursor = 0
        for match in head_pattern.finditer(text):
            at = bisect.bisect_right(alias_starts, match.start()) - 1  # aliases never overlap
            if at >= 0 and alias_spans[at][0] <= match.start() < alias_spans[at][1]:
                continue
            index = _sentence_index(starts, match.start())
            sentence_start = sentences[index][0]
            tokens = list(_TOKEN.finditer(text, sentence_start, match.start()))
            start = None
            for steps, token in enumerate(reversed(tokens)):
                low = token.group().lower()
                if low in _DEFINITE:
                    start = token.start()
                    break
                if steps >= MAX_DESCRIPTION_MODIFIERS or not token.group()[:1].isalnum() or low in _STOP:
                    break
            if start is None:
                continue
            head = match.group().lower()
            n_before = bisect.bisect_right(ends, start)
            while cursor < n_before:  # actors with each head named before ``start``, kept up to date
                m = by_end[cursor]
                if m.actor:
                    for h in by_name[m.actor].heads:
                        counts = seen_with_head.setdefault(h, {})
                        counts[m.actor] = counts.get(m.actor, 0) + 1
                cursor += 1
            lo = sentences[max(index - window, 0)][0]
            near = [m for m in by_end[bisect.bisect_left(ends, lo) : n_before] if m.start >= lo]
            same = [m for m in near if m.start >= sentence_start]
            actor = _resolve(same, head, by_name)
            if actor is None and not any(m.actor and head in by_name[m.actor].heads for m in same):
                actor = _resolve(near, head, by_name)
                if actor is None and not any(m.actor and head in by_name[m.actor].heads for m in near):
                    everyone = seen_with_head.get(head, {})
                    actor = next(iter(everyone)) if len(everyone) == 1 else None
            descriptions.append(Mention(actor, text[start : match.end()], head, start, match.end(), "description"))
    return sorted(named + descriptions, key=lambda m: (m.start, -m.end, m.head))
