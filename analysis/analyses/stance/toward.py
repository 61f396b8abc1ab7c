"""Stance toward actors: three separate components, each with its evidence rows.

The sentence sentiment of :mod:`analysis.analyses.stance.cues` is about the topic of a sentence;
these components are about the actor itself. Each is kept as its own column (no combined score is
made: the three measure different things and are not on one scale).

``clause``
    VADER compound (Hutto and Gilbert 2014) of the *clause* that names the actor, not the whole
    sentence. Clauses are the pieces of a sentence between ``;``, ``:``, dashes, brackets, and
    commas or spaces before a clause connective (but, while, whereas, although, though, because,
    which, who, and after a comma). Quoted speech is taken out of the clause (it is the speaker's
    voice, measured elsewhere); a clause with no letters left is skipped. One row per (mention,
    clause); an actor named twice in a clause counts once.
``label``
    The modifiers written in the actor's labels, names and attributed descriptions alike ("the
    **crooked** senator", "the **US-led**
    military bloc"): every word of a label other than its head, determiners and capitalised name
    words. A modifier in the VADER lexicon gives its valence divided by 4 (-1 to +1); a
    *distancing* modifier ("so-called", "self-proclaimed", "self-styled", a "-led"/"-backed"
    compound) is counted as such. Rows: one per modifier.
``verb``
    The reporting verbs the writer uses for the actor's own speech (``cues`` rows of type
    ``reporting_verb`` outside quotations whose speaker is the actor), by category: neutral
    ("said"), sceptical ("claimed"), evaluative ("slammed"), endorsing ("confirmed").

:func:`stance_toward_actors` returns ``actor_stance_evidence`` (every row, with its text) and
``actor_stance`` (per outlet and actor: counts, the mean clause compound with a seeded bootstrap
interval, the mean label valence, and the share of each verb category). Per-article figures are
the same aggregation of the evidence grouped by ``article_id`` (:func:`summarise_stance` with
``by="article_id"``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.analyses.stance.stats import SPEECH_KINDS, VaderScores, bootstrap_means, frame_of_rows
from analysis.resources.modifiers import load_actor_modifiers

__all__ = [
    "ACTOR_STANCE_COLUMNS",
    "STANCE_EVIDENCE_COLUMNS",
    "clause_spans",
    "stance_toward_actors",
    "summarise_stance",
]

STANCE_EVIDENCE_COLUMNS = [
    "article_id", "outlet", "actor", "component", "sentence_id", "start", "end", "text", "value", "category",
]
ACTOR_STANCE_COLUMNS = [
    "outlet", "actor", "n_clauses", "clause_compound", "clause_ci_low", "clause_ci_high", "n_labels",
    "n_valenced_labels", "label_valence", "n_distancing_labels", "n_verbs", "share_neutral", "share_sceptical",
    "share_evaluative", "share_endorsing",
]
_BOUNDARY = re.compile(
    r"[;:()\[\]—–]|\s-{1,2}\s|,(?=\s+(?:but|while|whereas|although|though|because|which|who|and|yet)\b)"
    r"|\s(?=(?:but|while|whereas|although|though|because)\s)"
)
_DISTANCING = re.compile(r"^(?:so-called|self-proclaimed|self-styled|self-declared|.+-(?:led|backed|controlled))$")
_SKIP = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "of", "to", "for"})
_VADER_MAX = 4  # VADER word valences run from -4 to +4
_VERB_CATEGORIES = ("neutral", "sceptical", "evaluative", "endorsing")
_WORD = re.compile(r"[\w’'.-]*[\w’'-]")


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of the sentence ``text[start:end]`` (see the module docstring), as character spans.

    Examples
    --------
    >>> s = "Smith praised Japan, but Lee attacked China; it was cold."
    >>> [s[a:b].strip(" ,;") for a, b in clause_spans(s, 0, len(s))]
    ['Smith praised Japan', 'but Lee attacked China', 'it was cold.']
    """
    out, at = [], start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.start() > at:
            out.append((at, match.start()))
        at = match.end()
    if end > at:
        out.append((at, end))
    return out


def _outside(text: str, a: int, b: int, spans: Sequence[tuple[int, int]], starts: Sequence[int]) -> str:
    """``text[a:b]`` without the characters inside ``spans`` (sorted), pieces joined by a space."""
    pieces, at = [], a
    for s, e in spans[max(bisect.bisect_right(starts, a) - 1, 0) : bisect.bisect_left(starts, b)]:
        if e <= a or s >= b:
            continue
        if s > at:
            pieces.append(text[at:s])
        at = max(at, e)
    if at < b:
        pieces.append(text[at:b])
    return " ".join(p.strip() for p in pieces if p.strip())


def stance_toward_actors(  # noqa: C901 - three components in one pass
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    quotes: pd.DataFrame,
    cues: pd.DataFrame,
    *,
    vader: VaderScores | None = None,
    modifiers: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Evidence rows of the three components for every named actor (``actor_stance_evidence``).

    Parameters
    ----------
    articles : DataFrame
        article_id, outlet, text.
    sentences : DataFrame
        article_id, sentence_id, start, end.
    mentions, quotes, cues : DataFrame
        The ``actor_mentions``, ``quotes`` and ``cues`` tables.
    vader : VaderScores, optional
        The scorer (one per table build, so a repeated clause is scored once); default: a new one.
        Only clauses that name an actor are scored.
    modifiers : dict, optional
        Evaluative modifiers and their valence (:func:`load_actor_modifiers`, the default).

    Returns
    -------
    DataFrame
        Columns :data:`STANCE_EVIDENCE_COLUMNS`; ``value`` is the compound (clause), the valence
        (label, NaN for a distancing modifier) or NaN (verb); ``category`` is "clause",
        "valenced" or "distancing" (label), or the verb's category. Sorted by article, position.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"],
    ...                      "text": ["The corrupt senator Lee failed, but Kim won."]})
    >>> sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0], "end": [44]})
    >>> ments = pd.DataFrame({"article_id": ["a", "a"], "outlet": ["X", "X"], "actor": ["Ann Lee", "Bo Kim"],
    ...                       "label": ["The corrupt senator Lee", "Kim"], "head": ["Lee", "Kim"],
    ...                       "sentence_id": [0, 0], "start": [0, 36], "end": [23, 39], "in_quote": [False, False],
    ...                       "kind": ["name", "name"]})
    >>> empty = pd.DataFrame(columns=["article_id", "start", "end", "kind", "cue_type", "in_quote", "speaker"])
    >>> rows = stance_toward_actors(arts, sents, ments, empty, empty)
    >>> rows[["actor", "component", "text", "value", "category"]].to_numpy().tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Ann Lee', 'clause', 'The corrupt senator Lee failed', -0.5106, 'clause'],
     ['Ann Lee', 'label', 'corrupt', -0.55, 'valenced'],
     ['Bo Kim', 'clause', 'but Kim won.', 0.7227, 'clause']]
    """
    vader = VaderScores() if vader is None else vader
    modifiers = load_actor_modifiers() if modifiers is None else modifiers
    valence = {**vader.lexicon, **modifiers}
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    outlet_of = dict(zip(articles["article_id"], articles["outlet"], strict=True))
    bounds = {(a, int(i)): (int(s), int(e)) for a, i, s, e in zip(
        sentences["article_id"].tolist(), sentences["sentence_id"].tolist(), sentences["start"].tolist(),
        sentences["end"].tolist(), strict=True)}
    speech: dict[str, list[tuple[int, int]]] = {}
    if len(quotes):
        spoken = quotes[quotes["kind"].isin(SPEECH_KINDS)]
        for aid, start, end in zip(spoken["article_id"].tolist(), spoken["start"].tolist(), spoken["end"].tolist(),
                                   strict=True):
            speech.setdefault(aid, []).append((int(start), int(end)))
    for spans in speech.values():
        spans.sort()
    speech_starts = {aid: [s for s, _ in spans] for aid, spans in speech.items()}
    rows: list[dict] = []
    named = mentions[mentions["kind"].isin(["name", "description"]) & mentions["actor"].notna()
                     & ~mentions["in_quote"].astype(bool)]
    seen: set[tuple] = set()
    clauses_of: dict[tuple[str, int], list[tuple[int, int]]] = {}
    letter = re.compile(r"[^\W\d_]")
    for aid, actor, sentence_id, m_start, m_end, head in zip(
        named["article_id"].tolist(), named["actor"].tolist(), named["sentence_id"].tolist(),
        named["start"].tolist(), named["end"].tolist(), named["head"].tolist(), strict=True,
    ):
        text = texts[aid]
        if sentence_id is None or pd.isna(sentence_id):
            continue
        sid, m_start, m_end = int(sentence_id), int(m_start), int(m_end)
        clauses = clauses_of.get((aid, sid))
        if clauses is None:
            clauses = clauses_of[(aid, sid)] = clause_spans(text, *bounds[(aid, sid)])
        for a, b in clauses:
            if a <= m_start < b or (a < m_end <= b):
                key = (aid, actor, a)
                if key in seen:
                    break
                seen.add(key)
                clause = _outside(text, a, b, speech.get(aid, []), speech_starts.get(aid, []))
                if letter.search(clause):
                    rows.append({"article_id": aid, "outlet": outlet_of[aid], "actor": actor, "component": "clause",
                                 "sentence_id": sid, "start": a, "end": b, "text": clause.strip(" ,"),
                                 "value": vader(clause)["compound"], "category": "clause"})
                break
        head_at = m_end - len(head)
        for word in _WORD.finditer(text, m_start, head_at):
            token = word.group()
            low = token.lower()
            if low in _SKIP or (token[:1].isupper() and not _DISTANCING.match(low)):
                continue
            start = word.start()
            if _DISTANCING.match(low):
                value, category = np.nan, "distancing"
            elif low in valence:
                value, category = valence[low] / 4, "valenced"
            else:
                continue
            rows.append({"article_id": aid, "outlet": outlet_of[aid], "actor": actor, "component": "label",
                         "sentence_id": sid, "start": start, "end": start + len(token), "text": token,
                         "value": value, "category": category})
    if len(cues):
        verbs = cues[(cues["cue_type"] == "reporting_verb") & ~cues["in_quote"].astype(bool) & cues["speaker"].notna()]
        for v in verbs.itertuples(index=False):
            rows.append({"article_id": v.article_id, "outlet": v.outlet, "actor": v.speaker, "component": "verb",
                         "sentence_id": v.sentence_id, "start": int(v.start), "end": int(v.end), "text": v.cue,
                         "value": np.nan, "category": v.category})
    table = frame_of_rows(rows, STANCE_EVIDENCE_COLUMNS)
    order = {"clause": 0, "label": 1, "verb": 2}
    table = (table.assign(_o=table["component"].map(order))
             .sort_values(["article_id", "start", "_o", "actor"], kind="stable").drop(columns="_o")
             .reset_index(drop=True))
    table["sentence_id"] = table["sentence_id"].astype("Int64")
    return table


def summarise_stance(
    evidence: pd.DataFrame, *, by: str = "outlet", n_boot: int = 2000, seed: int = 0
) -> pd.DataFrame:
    """The ``actor_stance`` table: per ``by`` (``"outlet"`` or ``"article_id"``) and actor, each component.

    ``clause_compound`` is the mean clause compound with a seeded percentile bootstrap interval;
    ``label_valence`` the mean valence of valenced modifiers; the verb shares are of the actor's
    reporting verbs. Missing components are NaN with a zero count.

    Examples
    --------
    >>> ev = pd.DataFrame({"outlet": ["X"] * 3, "actor": ["Lee"] * 3, "component": ["clause", "label", "verb"],
    ...                    "value": [0.5, -0.5, float("nan")], "category": ["clause", "valenced", "sceptical"]})
    >>> row = summarise_stance(ev).iloc[0]
    >>> [float(row[c]) for c in ("n_clauses", "clause_compound", "label_valence", "share_sceptical")]
    [1.0, 0.5, -0.5, 1.0]
    """
    if by not in ("outlet", "article_id"):
        raise ValueError(f"by must be 'outlet' or 'article_id', got {by!r}")
    columns = [by, *ACTOR_STANCE_COLUMNS[1:]]
    # one pass over plain lists (pandas per group is too slow): clause values, valenced and
    # distancing label values, verb categories of each (by, actor)
    groups: dict[tuple, tuple[list, list, list, list]] = {}
    for key, actor, component, value, category in zip(
        evidence[by].tolist(), evidence["actor"].tolist(), evidence["component"].tolist(),
        evidence["value"].tolist(), evidence["category"].tolist(), strict=True,
    ):
        group = groups.get((key, actor))
        if group is None:
            group = groups[(key, actor)] = ([], [], [], [])
        if component == "clause":
            group[0].append(value)
        elif component == "label":
            group[1 if category == "valenced" else 2].append(value)
        elif component == "verb":
            group[3].append(category)
    ordered = sorted(groups.items(), key=lambda item: (str(item[0][0]), str(item[0][1])))
    clause_stats = iter(bootstrap_means([g[0] for _, g in ordered if g[0]], n_boot=n_boot, seed=seed))
    out: dict[str, list] = {name: [] for name in columns}
    for (key, actor), (clauses, valenced, distancing, verbs) in ordered:
        mean, low, high = next(clause_stats) if clauses else (np.nan,) * 3
        counts = Counter(verbs)
        for name, value in (
            (by, key), ("actor", actor), ("n_clauses", len(clauses)), ("clause_compound", mean),
            ("clause_ci_low", low), ("clause_ci_high", high), ("n_labels", len(valenced) + len(distancing)),
            ("n_valenced_labels", len(valenced)),
            ("label_valence", float(np.asarray(valenced, dtype=float).mean()) if valenced else np.nan),
            ("n_distancing_labels", len(distancing)), ("n_verbs", len(verbs)),
        ):
            out[name].append(value)
        for category in _VERB_CATEGORIES:
            out[f"share_{category}"].append(counts[category] / len(verbs) if verbs else np.nan)
    return pd.DataFrame(out, columns=columns) if ordered else pd.DataFrame(columns=columns)
