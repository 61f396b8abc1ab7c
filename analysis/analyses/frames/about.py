"""Whom a frame word is about: each frame hit attributed to the actor of its clause.

A frame word says something about someone: "spread its influence" in a sentence about NATO frames
NATO, "expand China's influence" frames China. :func:`attribute_frame_hits` gives every row of
``frame_evidence`` the actor it is about: among the actors named in the same clause of the same
sentence (``actor_mentions``, names and descriptions, not pronouns), the one whose mention holds the
match, else the one right after it joined by "of" ("an increased presence of NATO member states"),
else the nearest one before it (the subject or possessor usually comes first), else the
nearest one after it; actors coordinated with that one ("Japan and NATO", "NATO-Japan") share the
hit (``actor`` joins them with ``"; "``). Clauses end at ``;``, ``:``, a dash, or a comma before "but", "while",
"whereas", "although" or "though". A hit with no actor in its clause is about no one (empty).

:func:`actor_frames` counts the attributed hits per outlet, actor and frame: the per-actor table
beside the per-outlet one (``actor_frames.csv``). Only counted body rows count.
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

__all__ = ["ACTOR_FRAME_COLUMNS", "ACTOR_SEPARATOR", "actor_frames", "attribute_frame_hits", "clause_breaks"]

ACTOR_FRAME_COLUMNS = ["outlet", "actor", "lexicon", "frame", "hits", "hits_author", "n_sentences"]
"""Columns of ``actor_frames.csv``: ``hits_author`` are the hits outside quotations (the outlet's own voice)."""

_CLAUSE_BREAK = re.compile(r"[;:]|\s[—–-]\s|—|,\s+(?:but|while|whereas|although|though)\b", re.IGNORECASE)


def clause_breaks(text: str) -> list[int]:
    """Offsets in ``text`` where a clause ends.

    Examples
    --------
    >>> clause_breaks("NATO grows; China objects, but Japan agrees.")
    [10, 25]
    """
    return [m.start() for m in _CLAUSE_BREAK.finditer(text)]


def _same_clause(breaks: list[int], lo: int, hi: int) -> bool:
    """No clause break between offsets ``lo`` and ``hi`` (relative to the sentence)."""
    i = bisect.bisect_left(breaks, lo)
    return i >= len(breaks) or breaks[i] >= hi


def attribute_frame_hits(
    evidence: pd.DataFrame, mentions: pd.DataFrame | None, sentences: pd.DataFrame
) -> pd.DataFrame:
    """``frame_evidence`` with an ``actor`` column: the actor each hit is about (empty when none).

    Parameters
    ----------
    evidence : DataFrame
        ``frame_evidence`` (``article_id``, ``sentence_id``, ``start``, ``end``; ``unit`` optional).
    mentions : DataFrame or None
        ``actor_mentions`` (``article_id``, ``actor``, ``sentence_id``, ``start``, ``end``, ``kind``).
    sentences : DataFrame
        ``sentences`` (``article_id``, ``sentence_id``, ``start``, ``text``).

    Returns
    -------
    DataFrame
        A new frame. Headline and deck rows are matched against the mentions of the same unit.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["1"], "sentence_id": [0], "start": [0],
    ...                   "text": ["NATO wants to spread its influence; China objects to expansion."]})
    >>> m = pd.DataFrame({"article_id": ["1", "1"], "actor": ["NATO", "China"], "sentence_id": [0, 0],
    ...                   "start": [0, 36], "end": [4, 41], "kind": ["name", "name"]})
    >>> e = pd.DataFrame({"article_id": ["1", "1"], "sentence_id": [0, 0], "start": [25, 53], "end": [34, 62]})
    >>> attribute_frame_hits(e, m, s)["actor"].tolist()
    ['NATO', 'China']
    >>> s2 = s.assign(text=["Japan and NATO plan cyber talks."])
    >>> m2 = m.assign(actor=["Japan", "NATO"], start=[0, 10], end=[5, 14])
    >>> attribute_frame_hits(e.head(1).assign(start=20, end=25), m2, s2)["actor"].tolist()
    ['Japan; NATO']
    """
    out = evidence.copy()
    if mentions is None or mentions.empty or out.empty:
        out["actor"] = ""
        return out
    unit_of = (lambda t: t["unit"].astype(str)) if "unit" in mentions else (lambda t: pd.Series("body", index=t.index))
    has_actor = mentions["actor"].notna() & (mentions["actor"].astype(str) != "")
    named = mentions[(mentions["kind"] != "pronoun") & has_actor]
    named = named.assign(_unit=unit_of(named), article_id=named["article_id"].astype(str))
    by_sentence: dict[tuple[str, str, int], list[tuple[int, int, str]]] = {}
    # plain lists: iterating pandas string columns row by row costs more than the loop's work
    for aid, unit, sid, lo, hi, actor in zip(named["article_id"].tolist(), named["_unit"].tolist(),
                                             named["sentence_id"].tolist(), named["start"].tolist(),
                                             named["end"].tolist(), named["actor"].tolist(), strict=True):
        if pd.isna(sid):
            continue
        by_sentence.setdefault((aid, unit, int(sid)), []).append((int(lo), int(hi), str(actor)))
    sentence_units = sentences["unit"].astype(str) if "unit" in sentences else pd.Series("body", index=sentences.index)
    texts = {
        (str(a), u, int(i)): (int(st), str(t))
        for a, u, i, st, t in zip(sentences["article_id"].tolist(), sentence_units.tolist(),
                                  sentences["sentence_id"].tolist(), sentences["start"].tolist(),
                                  sentences["text"].tolist(), strict=True)
    }
    units = out["unit"].astype(str) if "unit" in out else pd.Series("body", index=out.index)
    actors = []
    for aid, unit, sid, lo, hi in zip(out["article_id"].astype(str).tolist(), units.tolist(),
                                      out["sentence_id"].tolist(), out["start"].tolist(), out["end"].tolist(),
                                      strict=True):
        key = (aid, unit, int(sid))
        candidates = by_sentence.get(key, [])
        start, text = texts.get(key, (0, ""))
        breaks = clause_breaks(text)
        lo, hi = int(lo), int(hi)
        holding = [c for c in candidates if c[0] <= lo and hi <= c[1]]
        before = [c for c in candidates if c[1] <= lo and _same_clause(breaks, c[1] - start, lo - start)]
        after = [c for c in candidates if c[0] >= hi and _same_clause(breaks, hi - start, c[0] - start)]
        owner = [c for c in after if _OWNER.fullmatch(text[hi - start:c[0] - start])]
        if holding:
            chosen = holding[0]
        elif owner:  # "an increased presence of NATO member states": the actor after "of" owns the frame word
            chosen = min(owner, key=lambda c: (c[0], -c[1]))
        elif before:
            chosen = max(before, key=lambda c: (c[1], c[0]))
        elif after:
            chosen = min(after, key=lambda c: (c[0], -c[1]))
        else:
            actors.append("")
            continue
        actors.append(ACTOR_SEPARATOR.join(_coordinated(chosen, candidates, text, start)))
    out["actor"] = actors
    return out


ACTOR_SEPARATOR = "; "
"""Joins the actors of a hit about several coordinated actors ("Japan and NATO are hoping to ...")."""

_OWNER = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)

_COORDINATION = re.compile(r"\s*(?:,|and|&|-|–|/)\s*", re.IGNORECASE)


def _coordinated(chosen: tuple[int, int, str], candidates: list[tuple[int, int, str]], text: str,
                 start: int) -> list[str]:
    """The chosen mention's actor and those coordinated with it ("Japan and NATO", "NATO-Japan"), sorted."""
    ordered = sorted(candidates)
    group = {chosen}
    grew = True
    while grew:
        grew = False
        for c in ordered:
            if c in group:
                continue
            for g in list(group):
                lo, hi = (c[1], g[0]) if c[1] <= g[0] else (g[1], c[0])
                if lo <= hi and _COORDINATION.fullmatch(text[lo - start:hi - start]):
                    group.add(c)
                    grew = True
                    break
    return sorted({c[2] for c in group})


def actor_frames(evidence: pd.DataFrame) -> pd.DataFrame:
    """Counted body hits per outlet, actor and frame, from ``frame_evidence`` with its ``actor`` column.

    Examples
    --------
    >>> e = pd.DataFrame({"outlet": ["A", "A", "A"], "actor": ["NATO", "NATO", ""], "lexicon": ["x"] * 3,
    ...     "frame": ["expansion"] * 3, "in_quote": [False, True, False], "counted": [True] * 3,
    ...     "article_id": ["1"] * 3, "sentence_id": [0, 1, 2], "unit": ["body"] * 3})
    >>> actor_frames(e).to_numpy().tolist()
    [['A', 'NATO', 'x', 'expansion', 2, 1, 2]]
    """
    e = evidence
    if "unit" in e:
        e = e[e["unit"].astype(str) == "body"]
    if "counted" in e:
        e = e[e["counted"].astype(bool)]
    e = e[e["actor"].fillna("").astype(str) != ""]
    e = e.assign(actor=e["actor"].astype(str).str.split(ACTOR_SEPARATOR)).explode("actor")
    if e.empty:
        return pd.DataFrame(columns=ACTOR_FRAME_COLUMNS)
    e = e.assign(_author=~e["in_quote"].astype(bool), _sentence=e["article_id"].astype(str) + ":"
                 + e["sentence_id"].astype(str))
    table = (
        e.groupby(["outlet", "actor", "lexicon", "frame"], sort=True)
        .agg(hits=("_author", "size"), hits_author=("_author", "sum"), n_sentences=("_sentence", "nunique"))
        .reset_index()
    )
    return table.astype({"hits": "int64", "hits_author": "int64", "n_sentences": "int64"})[ACTOR_FRAME_COLUMNS]
