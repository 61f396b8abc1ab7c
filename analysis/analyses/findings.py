"""Findings: the contrasts between outlets, stated as sentences with their numbers and evidence.

:func:`find_contrasts` reads an event's tables only (missing tables give no findings of their kind)
and returns one row per contrast: a plain sentence saying what differs between which outlets, the
counts behind it, the statistic, and up to three pieces of evidence (article, sentence ids and a
snippet). Nothing about any event is built in. The kinds (:data:`FINDING_KINDS`), the tables each
reads, the minimum-evidence rule (:class:`FindingOptions`) and the ranking within a kind (by
``p_value``, then hits; rows with no test last) are described in the README, section "Findings".
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.stats import bh_adjust
from analysis.text.sentences import UNIT_SENTENCE_IDS, body_sentences

__all__ = [
    "FINDING_COLUMNS",
    "FINDING_KINDS",
    "FindingOptions",
    "build_findings_tables",
    "find_contrasts",
    "findings_by_kind",
    "findings_tables",
    "list_outlets",
    "quote_voices",
]

FINDING_COLUMNS = [
    "kind",
    "rank",
    "sentence",
    "outlets",
    "statistic",
    "value",
    "p_value",
    "n_hits",
    "counts",
    "evidence",
    "figure",
    "table",
]
"""Columns of ``findings.csv``: ``outlets``, ``counts`` and ``evidence`` are JSON."""

NOTHING = {
    "naming": "No outlet uses a label for an actor that the others mentioning it never use (at least {min_hits} uses).",
    "voices": "No contrast in who is quoted rests on at least {min_hits} quotations.",
    "distancing": "No distancing hedge or sceptical verb pattern rests on at least {min_hits} hits.",
    "scare_quotes": "No outlet puts a word in scare quotes.",
    "headlines": "No headline or deck carries a frame or a scare quote that the other outlets' headlines "
    "or decks lack.",
    "derivation": "No article follows another's wording closely enough to call it a relay.",
    "selection": "Every actor mentioned at least {min_hits} times is mentioned by every outlet.",
    "terms": "No term is distinctive at this sample size (none reaches |z| >= 1.96 with at least 3 uses).",
    "frames": "No frame rate differs from the rest of the event after Benjamini-Hochberg correction.",
}
"""What the report says when a kind has nothing to report, for every kind in report order."""

FINDING_KINDS: tuple[str, ...] = tuple(NOTHING)
"""Kinds of findings, in report order: naming, voices, distancing, scare_quotes, headlines, derivation,
selection, terms, frames."""

_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her", "of", "and", "to", "in"})
_PRONOUN_KIND = "pronoun"
_UNIT_TABLES = ("sentences", "actor_mentions", "quotes", "cues", "frame_evidence")
"""Tables whose headline and deck rows (``unit``) only the ``headlines`` kind reads."""
_UNITS = ("headline", "deck")
_MAX_LISTED = 8
"""Actors named in one sentence before "and N more"."""
_SPEECH = ("direct", "partial")


@dataclass(frozen=True)
class FindingOptions:
    """Thresholds of :func:`find_contrasts`.

    Parameters
    ----------
    min_hits : int
        Hits a contrast must rest on (default 2: nothing rests on one hit).
    min_absent_mentions : int
        For "never" contrasts, how often the outlets that never do it must mention the actor.
    alpha : float
        Level for the corrected frame tests.
    min_z : float
        |z| a distinctive term must reach.
    min_term_count : int
        Uses a distinctive term must have in its outlet.
    snippet_chars : int
        Longest evidence snippet, in characters.
    max_evidence : int
        Evidence items kept per finding.
    """

    min_hits: int = 2
    min_absent_mentions: int = 3
    alpha: float = 0.05
    min_z: float = 1.96
    min_term_count: int = 3
    snippet_chars: int = 110
    max_evidence: int = 3

    def __post_init__(self) -> None:
        if self.min_hits < 1 or self.min_absent_mentions < 0 or self.max_evidence < 1:
            raise ValueError("FindingOptions: min_hits and max_evidence must be >= 1, min_absent_mentions >= 0")
        if not 0 < self.alpha < 1:
            raise ValueError(f"FindingOptions: alpha must be in (0, 1), got {self.alpha}")


# --------------------------------------------------------------------------------------------------
# Small helpers


def list_outlets(names: Iterable[str]) -> str:
    """Join outlet (or other) names as English prose.

    Examples
    --------
    >>> list_outlets(["RT"]), list_outlets(["RT", "TASS"]), list_outlets(["A", "B", "C"])
    ('RT', 'RT and TASS', 'A, B and C')
    """
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _they(names: Sequence[str], singular: str, plural: str) -> str:
    """``names`` as prose, then the verb that agrees with them.

    >>> _they(["RT"], "quotes", "quote"), _they(["RT", "TASS"], "quotes", "quote")
    ('RT quotes', 'RT and TASS quote')
    """
    return f"{list_outlets(names)} {singular if len(names) == 1 else plural}"


def _fisher_greater(a: int, b: int, c: int, d: int) -> float:
    """One-sided Fisher exact p of the table [[a, b], [c, d]] (a/(a+b) greater than c/(c+d))."""
    from scipy.stats import fisher_exact

    return float(fisher_exact([[a, b], [c, d]], alternative="greater").pvalue)


def _poisson_greater(k: int, k_total: int, share: float) -> float:
    """Conditional test of a rate: P(X >= k) for X ~ Binomial(k_total, share)."""
    from scipy.stats import binom

    if k_total == 0:
        return 1.0
    return float(binom.sf(k - 1, k_total, share))


def _sentence_ids(value: Any) -> list[int]:
    if isinstance(value, (list, tuple)):
        return [int(v) for v in value]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return [int(v) for v in json.loads(text)]
        return [int(float(v)) for v in re.split(r"[;,\s]+", text) if v]
    return [int(value)]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value)


class _Sentences:
    """Sentence texts by (article_id, sentence_id), and snippets around a phrase."""

    def __init__(self, sentences: pd.DataFrame | None, width: int) -> None:
        self.width = width
        self.text: dict[tuple[str, int], str] = {}
        if sentences is not None and not sentences.empty:
            for aid, sid, text in zip(
                sentences["article_id"].astype(str), sentences["sentence_id"], sentences["text"], strict=True
            ):
                self.text[(aid, int(sid))] = " ".join(str(text).split())

    def snippet(self, article_id: str, sentence_id: int, needle: str = "") -> str:
        text = self.text.get((str(article_id), int(sentence_id)), "")
        if len(text) <= self.width:
            return text
        at = text.lower().find(" ".join(needle.split()).lower()) if needle else -1
        if at < 0:
            return text[: self.width - 1].rstrip() + "…"
        half = max(0, (self.width - len(needle)) // 2)
        lo = max(0, min(at - half, len(text) - self.width))
        hi = min(len(text), lo + self.width)
        if lo > 0 and text[lo - 1] != " ":  # whole words only
            lo = text.find(" ", lo, at) + 1 or lo
        if hi < len(text) and text[hi] != " ":
            cut = text.rfind(" ", max(lo, at + len(needle)), hi)
            hi = cut if cut > 0 else hi
        return ("…" if lo > 0 else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")

    def quoted(self, quotes: pd.DataFrame) -> list[dict[str, Any]]:
        """Evidence of quotation rows: each one's first sentence, the snippet around its text."""
        return [self.evidence(r.article_id, r.sentence_ids[:1], str(r.text)[:40])
                for r in quotes.itertuples(index=False)]

    def evidence(self, article_id: str, sentence_ids: Sequence[int], needle: str = "") -> dict[str, Any]:
        ids = sorted({int(s) for s in sentence_ids})
        return {
            "article_id": str(article_id),
            "sentence_ids": ids,
            "snippet": self.snippet(article_id, ids[0], needle) if ids else "",
        }

    def of_rows(self, rows: pd.DataFrame, needle: str) -> list[dict[str, Any]]:
        """Evidence of rows with ``article_id`` and ``sentence_id``: the snippet around column ``needle``."""
        return [self.evidence(a, [s], str(n))
                for a, s, n in zip(rows["article_id"], rows["sentence_id"], rows[needle], strict=True)]


def _rows_of(tables: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame | None:
    """The table ``name``, or None when the event has no such table or it is empty."""
    table = tables.get(name)
    return None if table is None or table.empty else table


# --------------------------------------------------------------------------------------------------
# naming


def _label_words(label: str, head: str, kind: str) -> list[str]:
    """Words of a label that describe the actor: the head of a description and every modifier.

    >>> _label_words("the U.S.-led military alliance", "alliance", "description")
    ['us-led', 'military', 'alliance']
    >>> _label_words("Communist China", "China", "name")
    ['communist']
    """
    def norm(word: str) -> str:
        return re.sub(r"\.", "", word.lower().strip(",;:’'\"“”()"))

    head_words = {norm(w) for w in str(head).split()} if kind == "name" else set()
    out: list[str] = []
    for word in str(label).split():
        w = norm(word)
        if not w or w in _DETERMINERS or w in head_words or w.endswith(("’s", "'s")) or w in out:
            continue
        out.append(w)
    return out


def _naming(tables: Mapping[str, pd.DataFrame], ctx: _Context) -> list[dict[str, Any]]:
    if (mentions := _rows_of(tables, "actor_mentions")) is None:
        return []
    o = ctx.options
    m = mentions[(mentions["kind"] != _PRONOUN_KIND) & ~mentions["actor"].map(_blank)].copy()
    m = m[~m["in_quote"].map(_truthy)]
    m = m[m["actor"].astype(str) != m["outlet"].astype(str)]  # an outlet naming itself is no contrast
    rows = []
    for actor, group in m.groupby("actor", sort=True):
        per_outlet = group.groupby("outlet").size()
        if len(per_outlet) < 2:  # noqa: PLR2004 - a contrast needs two outlets
            continue
        uses: dict[str, dict[str, list[tuple[str, int, str]]]] = {}
        for r in group.itertuples(index=False):
            for word in _label_words(r.label, r.head, r.kind):
                uses.setdefault(word, {}).setdefault(str(r.outlet), []).append(
                    (str(r.article_id), int(r.sentence_id), str(r.label))
                )
        for word, by_outlet in sorted(uses.items()):
            users = sorted(by_outlet)
            others = sorted(set(per_outlet.index) - set(users))
            n_use = sum(len(v) for v in by_outlet.values())
            n_user_mentions = int(per_outlet[users].sum())
            n_other = int(per_outlet[others].sum()) if others else 0
            if not others or n_use < o.min_hits or n_other < o.min_absent_mentions:
                continue
            shares = "; ".join(f"{u} {len(by_outlet[u])} of {int(per_outlet[u])}" for u in users)
            sentence = (
                f"{_they(users, 'calls', 'call')} {actor} “{word}” in {'its' if len(users) == 1 else 'their'} own "
                f"voice ({shares} mentions of {actor}); {list_outlets(others)}, mentioning {actor} {n_other} times, "
                f"never {'does' if len(others) == 1 else 'do'}."
            )
            evidence = [ctx.sentences.evidence(aid, [sid], label) for aid, sid, label in
                        (by_outlet[u][0] for u in users)]
            rows.append(ctx.row(
                "naming", sentence, users, statistic="share of the users' mentions (Fisher exact, one-sided)",
                value=n_use / n_user_mentions, p_value=_fisher_greater(n_use, n_user_mentions - n_use, 0, n_other),
                n_hits=n_use, counts={u: len(by_outlet[u]) for u in users} | {x: 0 for x in others},
                evidence=evidence, figure="stance-labels", table="actor_mentions",
            ))
    return rows


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


# --------------------------------------------------------------------------------------------------
# voices


def _quotes(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    quotes = tables.get("quotes")
    if quotes is None:
        columns = ["article_id", "outlet", "speaker", "affiliation", "kind", "text", "sentence_ids"]
        quotes = pd.DataFrame(columns=columns)
    q = body_sentences(quotes).copy()
    q["article_id"] = q["article_id"].astype(str)
    q["speaker"] = q["speaker"].map(_text)
    q["affiliation"] = q["affiliation"].map(_text)
    q["sentence_ids"] = q["sentence_ids"].map(_sentence_ids)
    # who is heard: a person (speaker differs from the body it speaks for, or an actor typed person
    # with no affiliation of their own), an organisation or its documents as a whole (speaker ==
    # affiliation, or kind "document"), a scare quote, or no one
    actors = tables.get("actors")
    people = set() if actors is None or "type" not in actors else set(actors.loc[actors["type"] == "person", "name"])
    own_voice = q["speaker"].ne(q["affiliation"]) | q["speaker"].isin(people)
    q["voice"] = np.select(
        [
            q["kind"].eq("scare"),
            q["kind"].eq("document"),
            q["kind"].isin(_SPEECH) & q["speaker"].ne("") & own_voice,
            q["kind"].isin(_SPEECH) & q["speaker"].ne(""),
        ],
        ["scare", "document", "person", "organisation"],
        default="other",
    )
    q["group"] = q["affiliation"].where(q["affiliation"].ne(""), q["speaker"])
    return q


def quote_voices(quotes: pd.DataFrame, *, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """The quotations with who is heard in each: ``voice`` and ``group`` columns added.

    ``voice`` is ``person`` (a direct or partial quotation whose speaker differs from the body it
    speaks for, its ``affiliation``, or whose speaker is typed ``person`` in ``actors``, the
    ``actors`` table, when no affiliation is known), ``organisation`` (the speaker is that body),
    ``document`` (kind ``document``: a paper's phrases are not the organisation speaking), ``scare``
    or ``other``; ``group`` is the affiliation, else the speaker. :func:`analysis.views.voice_counts`
    counts them.

    Examples
    --------
    >>> q = pd.DataFrame({"article_id": ["1", "1"], "outlet": ["RT", "RT"], "speaker": ["Vladimir Putin", "NATO"],
    ...     "affiliation": ["Russia", "NATO"], "kind": ["partial", "document"], "text": ["a", "b"],
    ...     "sentence_ids": ["[9]", "[7]"]})
    >>> quote_voices(q)[["voice", "group"]].to_numpy().tolist()
    [['person', 'Russia'], ['document', 'NATO']]
    >>> q = q.assign(speaker=["Clara Jensen", "Clara Jensen"], affiliation=["Clara Jensen", "Clara Jensen"],
    ...              kind=["direct", "direct"])
    >>> quote_voices(q)["voice"].tolist(), quote_voices(q, actors=pd.DataFrame(
    ...     {"name": ["Clara Jensen"], "type": ["person"]}))["voice"].tolist()
    (['organisation', 'organisation'], ['person', 'person'])
    """
    return _quotes({"quotes": quotes, "actors": actors})


def _sides(counts: pd.Series, unaffiliated: set[str]) -> str:
    """Quotations per side, affiliations first; a person quoted with no affiliation is a side of their own, said so.

    >>> _sides(pd.Series({"Metro Council": 2, "Clara Jensen": 1}), {"Clara Jensen"})
    'Metro Council 2; no affiliation given: Clara Jensen 1'
    """
    known = ", ".join(f"{k} {int(v)}" for k, v in counts.items() if k not in unaffiliated)
    alone = ", ".join(f"{k} {int(v)}" for k, v in counts.items() if k in unaffiliated)
    return "; ".join([known] * bool(known) + [f"no affiliation given: {alone}"] * bool(alone))


def _voices(tables: Mapping[str, pd.DataFrame], ctx: _Context) -> list[dict[str, Any]]:
    if tables.get("quotes") is None:
        return []
    o, outlets = ctx.options, ctx.outlets
    row = functools.partial(ctx.row, "voices", figure="stance-speakers", table="quotes")
    q = _quotes(tables)
    people = q[q["voice"] == "person"]
    rows = []
    per_outlet = people.groupby("outlet").size().reindex(outlets, fill_value=0)
    # 1. whose people each outlet quotes, by affiliation
    for group, g in people.groupby("group", sort=True):
        users = sorted(g["outlet"].unique())
        others = [x for x in outlets if x not in users]
        if not others or len(g) < o.min_hits:
            continue
        n_user_all = int(per_outlet[users].sum())
        detail = "; ".join(
            (f"{u} " if len(users) > 1 else "") + ", ".join(
                f"{sp} ({_plural(int(n), 'quotation')})"
                for sp, n in g[g["outlet"] == u].groupby("speaker").size().sort_index().items()
            )
            for u in users
        )
        # a person with no known affiliation is their own group: "quote Clara Jensen", not "people speaking for"
        whom = group if set(g["speaker"]) == {group} else f"people speaking for {group}"
        sentence = (f"Only {_they(users, 'quotes', 'quote')} {whom} in quotation marks: {detail}; "
                    f"{_they(others, 'quotes', 'quote')} none.")
        rows.append(row(
            sentence, users, statistic="share of the outlets' quotations of people (Fisher exact, one-sided)",
            value=len(g) / max(n_user_all, 1), n_hits=len(g),
            p_value=_fisher_greater(len(g), n_user_all - len(g), 0, int(per_outlet[others].sum())),
            counts={u: int((g["outlet"] == u).sum()) for u in users} | {x: 0 for x in others},
            evidence=ctx.sentences.quoted(g.drop_duplicates(["outlet", "speaker"])),
        ))
    # 1b. how many sides each outlet lets speak
    if len(people):
        sides = {x: people.loc[people["outlet"] == x, "group"].value_counts().sort_index() for x in outlets}
        unaffiliated = set(people.loc[people["affiliation"].eq(""), "group"])
        parts = [f"{x} {len(n)} ({_sides(n, unaffiliated)})" if len(n) else f"{x} none" for x, n in sides.items()]
        top = max(outlets, key=lambda x: (len(sides[x]), x))
        rows.append(row(
            "Sides heard (affiliations of the people quoted in quotation marks, with quotations): "
            + "; ".join(parts) + ".", outlets, statistic="affiliations quoted per outlet",
            value=float(len(sides[top])), n_hits=len(people), counts={x: len(n) for x, n in sides.items()},
            evidence=ctx.sentences.quoted(people[people["outlet"] == top].drop_duplicates("group")), order=0,
        ))
    cues = tables.get("cues")
    if cues is not None and not cues.empty:
        own = set(ctx.outlets) | set(ctx.articles.get("platform", pd.Series(dtype=str)).dropna().astype(str))
        v = cues[(cues["cue_type"] == "reporting_verb") & ~cues["in_quote"].map(_truthy) & ~cues["speaker"].map(_blank)]
        v = v[~v["speaker"].astype(str).isin(set(q["speaker"]) | own)]
        counts = v.groupby(["outlet", "speaker"]).size()
        counts = counts[counts >= o.min_hits]
        if len(counts):
            detail = "; ".join(
                f"{outlet}: " + ", ".join(f"{sp} ({_plural(int(n), 'reporting verb')})" for (_, sp), n in grp.items())
                for outlet, grp in counts.groupby(level=0, sort=True)
            )
            keep = set(counts.index)
            sel = v.loc[np.array([(a, b) in keep for a, b in zip(v["outlet"], v["speaker"], strict=True)], dtype=bool)]
            rows.append(row(
                f"Heard in indirect speech only (reporting verbs, no quotation marks; not counted above): {detail}.",
                sorted({k[0] for k in keep}), statistic="reporting verbs", value=float(counts.sum()),
                n_hits=int(counts.sum()), counts={f"{a}: {b}": int(n) for (a, b), n in counts.items()},
                evidence=ctx.sentences.of_rows(sel.drop_duplicates("speaker"), "cue"), table="cues", order=1,
            ))
    # 2. outlets that quote no named person: what their statements rest on instead
    quoting = [x for x in outlets if per_outlet[x] > 0]
    for outlet in outlets:
        n_sent = ctx.n_sentences.get(outlet, 0)
        if per_outlet[outlet] > 0 or n_sent < o.min_absent_mentions or not quoting:
            continue
        evidence = []
        if cues is not None and not cues.empty:
            evidence = ctx.sentences.of_rows(cues[(cues["outlet"] == outlet) & (cues["cue_type"] == "reporting_verb")
                                                  & ~cues["in_quote"].map(_truthy)], "cue")
        heard = sorted(q.loc[(q["outlet"] == outlet) & q["voice"].isin(["organisation", "document"]), "group"].unique())
        rest = (f"; the only quotations in it are attributed to {list_outlets(heard)} as a body or its documents"
                if heard else "")
        sentence = (
            f"{outlet} quotes no named person in its {_plural(n_sent, 'sentence')}{rest}; "
            f"{list_outlets(quoting)} quote {int(per_outlet[quoting].sum())} quotations of people."
        )
        rows.append(row(sentence, [outlet], statistic="quotations of people", value=0.0, n_hits=n_sent,
                        counts={x: int(per_outlet[x]) for x in outlets}, evidence=evidence))
    # 3. outlets whose quoted people all speak for one side
    for outlet in outlets:
        g = people[people["outlet"] == outlet]
        groups = sorted(g["group"].unique())
        if len(groups) != 1 or len(g) < o.min_hits:
            continue
        sentence = (
            f"Every person {outlet} quotes speaks for {groups[0]} "
            f"({', '.join(sorted(g['speaker'].unique()))}: {_plural(len(g), 'quotation')}); no other side is quoted."
        )
        rows.append(row(sentence, [outlet], statistic="affiliations quoted", value=1.0, n_hits=len(g),
                        counts={groups[0]: len(g)}, evidence=ctx.sentences.quoted(g)))
    # 4. an organisation heard in an outlet only as a body or through its documents, never a person
    org = q[q["voice"].isin(["organisation", "document"])]
    for (outlet, group), g in org.groupby(["outlet", "group"], sort=True):
        if len(g) < o.min_hits or ((people["outlet"] == outlet) & (people["group"] == group)).any():
            continue
        phrases = ", ".join(f"“{' '.join(str(t).split()).rstrip('.,')}”" for t in g["text"])
        sentence = (
            f"{outlet} gives {group} no person's voice: its {_plural(len(g), 'quotation')} of {group} "
            f"({phrases}) are attributed to {group} as a body or to its documents, not to anyone speaking."
        )
        rows.append(row(sentence, [outlet], statistic="quotations without a person", value=float(len(g)),
                        n_hits=len(g), counts={outlet: len(g)}, evidence=ctx.sentences.quoted(g)))
    return rows


# --------------------------------------------------------------------------------------------------
# distancing

_SCEPTICAL = ("sceptical", "evaluative")


def _distancing(tables: Mapping[str, pd.DataFrame], ctx: _Context) -> list[dict[str, Any]]:
    if (cues := _rows_of(tables, "cues")) is None:
        return []
    o = ctx.options
    row = functools.partial(ctx.row, "distancing", table="cues")
    c = cues[~cues["in_quote"].map(_truthy)]
    c = c.assign(article_id=c["article_id"].astype(str))
    rows = []
    # 1. distancing hedges per outlet
    hedges = c[(c["cue_type"] == "hedge") & (c["category"] == "distancing")]
    if len(hedges) >= o.min_hits:
        by = hedges.groupby("outlet").size().reindex(ctx.outlets, fill_value=0)
        users = [x for x in ctx.outlets if by[x] > 0]
        others = [x for x in ctx.outlets if by[x] == 0]
        words_users = sum(ctx.words.get(u, 0) for u in users)
        words = {u: hedges.loc[hedges["outlet"] == u, "cue"].str.lower().value_counts().sort_index() for u in users}
        detail = "; ".join(
            f"{u} {by[u]} ({', '.join(f'{w} {n}' for w, n in words[u].items())}; "
            f"{1000 * by[u] / max(ctx.words.get(u, 1), 1):.1f} per 1,000 words)" for u in users
        )
        sentence = f"Distancing hedges: {detail}" + (f"; {_they(others, 'uses', 'use')} none." if others else ".")
        rows.append(row(
            sentence, users, statistic="distancing hedges per 1,000 words (conditional Poisson test)",
            value=1000 * by.sum() / max(words_users, 1), n_hits=int(by.sum()),
            p_value=_poisson_greater(int(by.sum()), int(by.sum()), words_users / sum(ctx.words.values()))
            if others else math.nan, counts={x: int(by[x]) for x in ctx.outlets},
            evidence=ctx.sentences.of_rows(hedges.drop_duplicates("outlet"), "cue"), figure="stance-cue-rates",
        ))
    # 2. sceptical and evaluative verbs, per speaker, per outlet
    verbs = c[(c["cue_type"] == "reporting_verb") & ~c["speaker"].map(_blank)]
    q = _quotes(tables)
    affiliation = {(str(a), str(s)): str(g) for a, s, g in zip(q["article_id"], q["speaker"], q["group"], strict=True)
                   if s}
    verbs = verbs.assign(group=[affiliation.get((a, str(s)), str(s))
                                for a, s in zip(verbs["article_id"], verbs["speaker"], strict=True)])
    for outlet, v in verbs.groupby("outlet", sort=True):
        sceptical = v[v["category"].isin(_SCEPTICAL)]
        if len(sceptical) < o.min_hits:
            continue
        parts = [f"{group} ({', '.join(f'“{w}”' for w in sorted(g['cue'].str.lower().unique()))}: {len(g)} of "
                 f"{int((v['group'] == group).sum())} verbs)" for group, g in sceptical.groupby("group", sort=True)]
        plain = sorted(gr for gr, g in v.groupby("group") if gr not in set(sceptical["group"]) and len(g) >= o.min_hits)
        plain_text = f"; speakers for {list_outlets(plain)} get only neutral or endorsing verbs" if plain else ""
        rows.append(row(
            f"{outlet} uses sceptical or evaluative reporting verbs for {list_outlets(parts)}{plain_text}.", [outlet],
            statistic="share of reporting verbs that are sceptical or evaluative", value=len(sceptical) / len(v),
            n_hits=len(sceptical), counts={str(g): int(n) for g, n in sceptical.groupby("group").size().items()},
            evidence=ctx.sentences.of_rows(sceptical.drop_duplicates("group"), "cue"), figure="stance-verb-mix",
        ))
    # 3. hedges a rewrite adds to sentences its source stated without them
    alignment = tables.get("sentence_alignment")
    if alignment is None or tables.get("derivation") is None or alignment.empty:
        return rows
    a = alignment.astype({"article_id": str, "source_article_id": str})
    a = a[a["likely_source"].map(_truthy) & a["relation"].isin(["copied", "rewritten"])]
    cue_at: dict[tuple[str, int], set[str]] = {}
    for r in hedges.itertuples(index=False):
        cue_at.setdefault((r.article_id, int(r.sentence_id)), set()).add(str(r.cue).lower())
    added: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for r in a.itertuples(index=False):
        if cue_at.get((r.source_article_id, int(r.source_sentence_id))):  # the source hedged it too: nothing added
            continue
        for cue in sorted(cue_at.get((r.article_id, int(r.sentence_id)), set())):
            added.setdefault((r.article_id, r.source_article_id), []).append(
                (int(r.sentence_id), int(r.source_sentence_id), cue))
    for (aid, sid), items in sorted(added.items()):
        if len(items) < o.min_hits:
            continue
        outlet, source = ctx.outlet_of.get(aid, aid), ctx.outlet_of.get(sid, sid)
        sentence = (
            f"{outlet} adds distancing hedges ({', '.join(f'“{cue}”' for _, _, cue in items)}) to "
            f"{_plural(len({i[0] for i in items}), 'sentence')} rewritten from {source}, which stated them without one."
        )
        evidence = [e for own, src, cue in items
                    for e in (ctx.sentences.evidence(aid, [own], cue), ctx.sentences.evidence(sid, [src]))]
        rows.append(row(
            sentence, [outlet, source], statistic="hedges added to aligned sentences", value=float(len(items)),
            n_hits=len(items), counts={outlet: len(items), source: 0}, evidence=evidence,
            figure="reuse-sentence-relations", table="sentence_alignment", max_evidence=2 * o.max_evidence,
        ))
    return rows


_CONFIRM = re.compile(r"\b(?:un)?confirm(?:s|ed|ing|ation)?\b", re.IGNORECASE)
_NEGATION = re.compile(r"(?:\b(?:not|no|never|without|cannot|nor)\b|n[’']t\b)", re.IGNORECASE)
_NEGATION_WORDS = 6
"""Words before a "confirm" word searched for a negation ("haven't heard any final confirmation")."""


def _confirmation(tables: Mapping[str, pd.DataFrame], ctx: _Context) -> list[dict[str, Any]]:
    """Facts stated as confirmed by some outlets and as unconfirmed by others ("confirm" words, negated or not).

    Reads the body sentences; a "confirm" word inside a quotation is the speaker's, and the sentence
    names the speaker.
    """
    sentences = tables.get("sentences")
    if sentences is None or sentences.empty:
        return []
    s = body_sentences(sentences)
    q = _quotes(tables)
    speech = q[q["kind"].isin(_SPEECH)] if {"start", "end"} <= set(q.columns) else q.iloc[0:0]
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for aid, lo, hi, speaker in zip(speech["article_id"], speech.get("start", []), speech.get("end", []),
                                    speech["speaker"], strict=True):
        spans.setdefault(str(aid), []).append((int(lo), int(hi), str(speaker)))
    found: dict[str, list[tuple[str, int, str, str]]] = {"yes": [], "no": []}
    for aid, sid, start, text in zip(s["article_id"].astype(str), s["sentence_id"], s["start"], s["text"],
                                     strict=True):
        text = str(text)
        for m in _CONFIRM.finditer(text):
            before = " ".join(text[: m.start()].split()[-_NEGATION_WORDS:])
            negated = m.group().lower().startswith("un") or bool(_NEGATION.search(before))
            at = int(start) + m.start()
            speaker = next((sp for lo, hi, sp in spans.get(aid, []) if lo <= at < hi), "")
            found["no" if negated else "yes"].append((aid, int(sid), m.group(), speaker))
    yes_outlets = sorted({ctx.outlet_of.get(a, "") for a, *_ in found["yes"]})
    no_outlets = sorted({ctx.outlet_of.get(a, "") for a, *_ in found["no"]})
    n = len(found["yes"]) + len(found["no"])
    if not yes_outlets or not no_outlets or set(yes_outlets) == set(no_outlets) or n < ctx.options.min_hits:
        return []

    def side(items: list[tuple[str, int, str, str]]) -> str:
        parts = []
        for outlet in sorted({ctx.outlet_of.get(a, "") for a, *_ in items}):
            mine = [x for x in items if ctx.outlet_of.get(x[0]) == outlet]
            quoted = sorted({x[3] for x in mine if x[3]})
            voice = f", quoting {list_outlets(quoted)}" if quoted and all(x[3] for x in mine) else ""
            parts.append(f"{outlet} {len(mine)}{voice}")
        return "; ".join(parts)

    silent = [x for x in ctx.outlets if x not in set(yes_outlets) | set(no_outlets)]
    sentence = (
        f"Confirmed or not: {_they(yes_outlets, 'reports', 'report')} a confirmation ({side(found['yes'])}); "
        f"{_they(no_outlets, 'reports', 'report')} none ({side(found['no'])})"
        + (f"; {_they(silent, 'speaks', 'speak')} of neither." if silent else ".")
    )
    evidence = [ctx.sentences.evidence(a, [sid], word) for a, sid, word, _ in found["yes"][:2] + found["no"][:2]]
    return [ctx.row(
        "distancing", sentence, yes_outlets + no_outlets, statistic="confirm words, negated or not", value=float(n),
        n_hits=n, counts={"confirmed": len(found["yes"]), "not confirmed": len(found["no"])}, evidence=evidence,
        figure="stance-cue-rates", table="sentences", max_evidence=4, order=3,
    )]


# --------------------------------------------------------------------------------------------------
# scare quotes


def _word_pattern(word: str) -> re.Pattern[str]:
    """``word`` as a whole word (not inside a hyphenated compound), any case."""
    return re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", re.IGNORECASE)


def _scare_quotes(tables: Mapping[str, pd.DataFrame], ctx: _Context) -> list[dict[str, Any]]:
    q = _quotes(tables)
    scare = q[q["voice"] == "scare"]
    scare = scare.assign(word=scare["text"].map(lambda t: " ".join(str(t).split()).strip(" ,.;:").lower()))
    rows = []
    for word, g in scare.groupby("word", sort=True):
        users = sorted(g["outlet"].unique())
        pattern = _word_pattern(word)
        plain: dict[str, int] = {}
        plain_evidence = []
        for r in ctx.articles.itertuples(index=False):
            hits = [] if str(r.outlet) in users else [m.start() for m in pattern.finditer(str(r.text))]
            if hits:
                plain[str(r.outlet)] = plain.get(str(r.outlet), 0) + len(hits)
                if (sid := ctx.sentence_at(str(r.article_id), hits[0])) is not None:
                    plain_evidence.append(ctx.sentences.evidence(str(r.article_id), [sid], word))
        tail = (f"; {_they(sorted(plain), 'uses', 'use')} the word plainly ("
                + ", ".join(f"{x} {n}" for x, n in sorted(plain.items())) + ")" if plain
                else "; no other outlet uses the word")
        evidence = [ctx.sentences.evidence(r.article_id, r.sentence_ids[:1], word) for r in g.itertuples(index=False)]
        rows.append(ctx.row(
            "scare_quotes", f"{_they(users, 'puts', 'put')} “{word}” in scare quotes{tail}.", users,
            statistic="scare-quoted uses", value=float(len(g)), n_hits=len(g),
            counts={u: int((g["outlet"] == u).sum()) for u in users} | plain, evidence=evidence + plain_evidence,
            figure="stance-cue-rates", table="quotes", max_evidence=ctx.options.max_evidence + 1,
        ))
    return rows


# --------------------------------------------------------------------------------------------------
# headlines


def _unit_label(outlet: str, unit: str, platforms: Sequence[str]) -> str:
    """Whose headline: on a platform's repost the page's headline may be the platform's, so it says where.

    >>> _unit_label("Nikkei Asia", "headline", ["Global Research"]), _unit_label("RT", "deck", [])
    ("The headline of Nikkei Asia's article as published on Global Research", "RT's deck")
    """
    if platforms:
        return f"The {unit} of {outlet}'s article as published on {list_outlets(platforms)}"
    return f"{outlet}'s {unit}"


def _headlines(tables: Mapping[str, pd.DataFrame], ctx: _Context) -> list[dict[str, Any]]:
    """Frames and scare quotes in headlines and decks that the other outlets' headlines (decks) lack.

    A headline is one sentence: these rows state what it says, quoted whole, rather than a rate, so
    they carry no test; each compares a unit with the same unit of the other outlets that have one.
    """
    units = tables.get("sentences")
    if units is None or "unit" not in units:
        return []
    units = units[units["unit"].astype(str) != "body"]
    if units.empty:
        return []
    units = units.assign(article_id=units["article_id"].astype(str))
    units = units.assign(outlet=units["article_id"].map(ctx.outlet_of))
    platform = {str(a): _text(p) for a, p in zip(
        ctx.articles["article_id"], ctx.articles.get("platform", pd.Series([None] * len(ctx.articles))), strict=True)}
    text_of = {(a, u): " ".join(str(t).split())
               for a, u, t in zip(units["article_id"], units["unit"], units["text"], strict=True)}
    rows = []
    # 1. frames carried by some outlets' headlines (decks) and by none of the others'
    evidence = tables.get("frame_evidence")
    if evidence is not None and "unit" in evidence and not evidence.empty:
        ev = evidence[(evidence["unit"].astype(str) != "body") & evidence["counted"].map(_truthy)]
        ev = ev.assign(article_id=ev["article_id"].astype(str))
        for unit in _UNITS:
            having = sorted(set(units.loc[units["unit"] == unit, "outlet"].dropna()))
            for (lexicon, frame), g in ev[ev["unit"] == unit].groupby(["lexicon", "frame"], sort=True):
                users = sorted(g["outlet"].unique())
                if not (others := [x for x in having if x not in users]):
                    continue
                parts, evid = [], []
                for u in users:
                    gu = g[g["outlet"] == u]
                    aids = sorted(gu["article_id"].unique())
                    words = ", ".join(f"“{w}”" for w in dict.fromkeys(gu["matched_text"].astype(str)))
                    plats = sorted({platform[a] for a in aids if platform.get(a)})
                    label = _unit_label(u, unit, plats)
                    parts.append(f"{label[0].lower() + label[1:] if plats else label} (“{text_of[(aids[0], unit)]}”) "
                                 f"uses {words}")
                    evid.append(ctx.sentences.evidence(aids[0], [UNIT_SENTENCE_IDS[unit]]))
                sentence = (
                    f"Frame “{frame}” ({lexicon}) in the {unit}s: " + "; ".join(parts) + f"; the {unit}"
                    + ("s" if len(others) > 1 else "") + f" of {_they(others, 'carries', 'carry')} no word of it."
                )
                rows.append(ctx.row(
                    "headlines", sentence, users, statistic=f"frame words in the {unit}", value=float(len(g)),
                    n_hits=len(g), counts={x: int((g["outlet"] == x).sum()) for x in having}, evidence=evid,
                    figure=f"frames-differences-{lexicon}", table="frame_evidence",
                ))
    # 2. scare quotes in a headline or deck, and whether the body uses the words at all
    quotes = tables.get("quotes")
    if quotes is not None and "unit" in quotes and not quotes.empty:
        q = quotes[(quotes["unit"].astype(str) != "body") & (quotes["kind"] == "scare")]
        bodies = dict(zip(ctx.articles["article_id"], ctx.articles["text"].map(_text), strict=True))
        for r in q.sort_values(["article_id", "start"], kind="stable").itertuples(index=False):
            aid, unit, word = str(r.article_id), str(r.unit), " ".join(str(r.text).split())
            in_body = len(_word_pattern(word).findall(bodies.get(aid, "")))
            label = _unit_label(ctx.outlet_of.get(aid, ""), unit, [platform[aid]] if platform.get(aid) else [])
            sentence = (
                f"{label} puts “{word}” in scare quotes (“{text_of.get((aid, unit), '')}”); "
                + (f"the article's body uses the words {_plural(in_body, 'time')}." if in_body
                   else "the article's body never uses the words.")
            )
            rows.append(ctx.row(
                "headlines", sentence, [ctx.outlet_of.get(aid, "")], statistic=f"scare quote in the {unit}", value=1.0,
                n_hits=1, counts={"in_body": in_body}, figure="stance-cue-rates", table="quotes", order=1,
                evidence=[ctx.sentences.evidence(aid, [UNIT_SENTENCE_IDS[unit]], word)],
            ))
    return rows


# --------------------------------------------------------------------------------------------------
# derivation


def _derivation_lookups(alignment: pd.DataFrame | None, q: pd.DataFrame, mentions: pd.DataFrame | None) -> tuple:
    """Alignment rows by (article, source), quotations and named actor mentions by article, as plain lists.

    Prepared once and looked up per derived article: filtering the whole alignment, quotation and
    mention tables again for every derived article made :func:`_derivation` quadratic in the number
    of articles, and a pandas selection per article costs milliseconds.
    """
    pair_rows: dict[tuple[str, str], list[tuple[str, int, Any, float]]] = {}
    if alignment is not None and not alignment.empty:
        for key in zip(alignment["article_id"].astype(str), alignment["source_article_id"].astype(str),
                       alignment["relation"], alignment["sentence_id"], alignment["source_sentence_id"],
                       alignment["similarity"].astype(float), strict=True):
            pair_rows.setdefault(key[:2], []).append(key[2:])
    q_by_article: dict[str, list[tuple[str, str, list[int], Any]]] = {}
    for aid, *quote in zip(q["article_id"], q["speaker"], q["voice"], q["sentence_ids"], q["text"], strict=True):
        q_by_article.setdefault(aid, []).append(tuple(quote))
    actors_at: dict[str, list[tuple[int, Any]]] = {}
    if mentions is not None and not mentions.empty:
        named = mentions[~mentions["actor"].map(_blank)]
        for aid, sentence_id, actor in zip(named["article_id"].astype(str), named["sentence_id"].astype(int),
                                           named["actor"], strict=True):
            actors_at.setdefault(aid, []).append((int(sentence_id), actor))
    return pair_rows, q_by_article, actors_at


def _derivation(tables: Mapping[str, pd.DataFrame], ctx: _Context) -> list[dict[str, Any]]:
    if (derivation := _rows_of(tables, "derivation")) is None:
        return []
    row = functools.partial(ctx.row, "derivation", figure="reuse-sentence-relations", table="sentence_alignment")
    rows = []
    d = derivation[~derivation["likely_source_article_id"].map(_blank)]
    d = d[d["confidence"].isin(["high", "medium"])]
    pair_rows, q_by_article, actors_at = _derivation_lookups(
        tables.get("sentence_alignment"), _quotes(tables), tables.get("actor_mentions"))
    for k, r in enumerate(d.sort_values("article_id").itertuples(index=False)):
        aid, sid = str(r.article_id), str(r.likely_source_article_id)
        outlet, source = str(r.outlet), str(r.likely_source_outlet)
        named = _text(r.named_source)
        naming = (
            f", though it names only {named} as its source" if named and named != source
            else (", which it names" if named == source else ", without naming it")
        )
        n_aligned = int(r.copied) + int(r.rewritten)
        n_total = n_aligned + int(r.new)
        sentence = (
            f"{outlet} follows {source}'s wording ({r.confidence} confidence: {n_aligned} of its {n_total} sentences "
            f"copied or rewritten from it, {100 * float(r.reused_share):.0f}% of its words){naming}."
        )
        pairs = [p for p in pair_rows.get((aid, sid), []) if p[0] in ("copied", "rewritten")]
        pairs = sorted(pairs, key=lambda p: (math.isnan(p[3]), -p[3]))[:2]  # stable: ties keep table order
        rows.append(row(
            sentence, [outlet, source], statistic="share of words in aligned sentences", value=float(r.reused_share),
            n_hits=n_aligned, counts={"copied": int(r.copied), "rewritten": int(r.rewritten), "new": int(r.new)},
            evidence=[e for p in pairs for e in (ctx.sentences.evidence(aid, [int(p[1])]),
                                                 ctx.sentences.evidence(sid, [int(p[2])]))],
            figure="reuse-derivation-graph", table="derivation", max_evidence=4, order=3 * k,
        ))
        # what it adds: the voices and actors of its new sentences that the source never has
        new_ids = {int(p[1]) for p in pair_rows.get((aid, sid), []) if p[0] == "new"}
        speakers = [x for x in q_by_article.get(aid, []) if x[1] == "person" and set(x[2]) & new_ids]
        new_voices = sorted({x[0] for x in speakers} - {x[0] for x in q_by_article.get(sid, [])})
        in_new = {actor for sentence_id, actor in actors_at.get(aid, []) if sentence_id in new_ids}
        new_actors = sorted(in_new - {actor for _, actor in actors_at.get(sid, [])} - set(new_voices))
        if new_voices or new_actors:
            parts = [f"quotations of {list_outlets(new_voices)}"] if new_voices else []
            if new_actors:
                more = len(new_actors) - _MAX_LISTED
                parts.append(f"mentions of {list_outlets(new_actors[:_MAX_LISTED])}"
                             + (f" and {more} more actors" if more > 0 else ""))
            sentence = (
                f"What {outlet} adds to {source}: its {_plural(len(new_ids), 'new sentence')} "
                f"{'brings' if len(new_ids) == 1 else 'bring'} {' and '.join(parts)}, none of them in {source}."
            )
            first_of_speaker: dict[str, tuple] = {}  # each speaker's first quotation
            for x in speakers:
                first_of_speaker.setdefault(x[0], x)
            rows.append(row(
                sentence, [outlet, source], statistic="new sentences", value=float(len(new_ids)), n_hits=len(new_ids),
                counts={"new_voices": len(new_voices), "new_actors": len(new_actors)}, order=3 * k + 1,
                evidence=[ctx.sentences.evidence(aid, x[2][:1], str(x[3])[:40]) for x in first_of_speaker.values()],
            ))
        # what it drops: the source's sentences with nothing aligned in the relay
        theirs = pair_rows.get((sid, aid), [])
        dropped = sorted(int(p[1]) for p in theirs if p[0] == "new")
        dropped_set = set(dropped)
        if len(dropped) >= ctx.options.min_hits or (dropped and n_total):
            in_dropped = {actor for sentence_id, actor in actors_at.get(sid, []) if sentence_id in dropped_set}
            gone = sorted(in_dropped - {actor for _, actor in actors_at.get(aid, [])})
            gone_text = (f"; the actors only they named disappear: {list_outlets(gone)}" if gone
                         else "; every actor they name still appears elsewhere in " + outlet)
            sentence = (
                f"What {outlet} drops from {source}: {len(dropped)} of its {len(theirs)} sentences "
                f"{'has' if len(dropped) == 1 else 'have'} no counterpart in {outlet}{gone_text}."
            )
            rows.append(row(
                sentence, [outlet, source], statistic="source sentences left out", n_hits=len(dropped),
                value=len(dropped) / max(len(theirs), 1), order=3 * k + 2,
                counts={"dropped": len(dropped), "source_sentences": len(theirs)},
                evidence=[ctx.sentences.evidence(sid, [x]) for x in dropped],
            ))
    return rows


# --------------------------------------------------------------------------------------------------
# selection


def _selection(tables: Mapping[str, pd.DataFrame], ctx: _Context) -> list[dict[str, Any]]:
    if (mentions := _rows_of(tables, "actor_mentions")) is None:
        return []
    o = ctx.options
    m = mentions[~mentions["actor"].map(_blank)]
    totals = m.groupby("outlet").size().reindex(ctx.outlets, fill_value=0)
    rows = []
    for actor, g in m.groupby("actor", sort=True):
        by = g.groupby("outlet").size()
        users = sorted(by.index)
        others = [x for x in ctx.outlets if x not in users and x != actor]
        if not others or len(g) < o.min_hits or int(totals[others].sum()) < o.min_absent_mentions:
            continue
        n_user_all = int(totals[users].sum())
        if len(users) <= len(others):
            sentence = (f"Only {_they(users, 'mentions', 'mention')} {actor} ("
                        + ", ".join(f"{u} {int(by[u])}" for u in users)
                        + f"); {list_outlets(others)} never {'does' if len(others) == 1 else 'do'}.")
        else:
            sentence = (f"{list_outlets(others)} never {'mentions' if len(others) == 1 else 'mention'} {actor}; "
                        + list_outlets([f"{u} ({int(by[u])})" for u in users]) + " do.")
        rows.append(ctx.row(
            "selection", sentence, users if len(users) <= len(others) else others,
            statistic="share of the outlets' actor mentions (Fisher exact, one-sided)",
            value=len(g) / max(n_user_all, 1), n_hits=len(g),
            p_value=_fisher_greater(len(g), n_user_all - len(g), 0, int(totals[others].sum())),
            counts={x: int(by.get(x, 0)) for x in ctx.outlets}, figure="stance-labels", table="actor_mentions",
            evidence=ctx.sentences.of_rows(g.drop_duplicates("outlet"), "label"),
        ))
    return rows


# --------------------------------------------------------------------------------------------------
# terms and frames


def _terms(tables: Mapping[str, pd.DataFrame], ctx: _Context) -> list[dict[str, Any]]:
    if (terms := _rows_of(tables, "distinctive_terms")) is None:
        return []
    o = ctx.options
    t = terms[(terms["reference"] == "rest") & (terms["z"].abs() >= o.min_z) & (terms["count"] >= o.min_term_count)]
    p_col = next((c for c in ("p_adjusted", "q_value", "p_bh") if c in t.columns), "p_value")
    if p_col != "p_value":
        t = t[t[p_col] < o.alpha]
    rows = []
    t = t.sort_values(["z", "outlet", "term"], ascending=[False, True, True], kind="stable")
    for r in t.itertuples(index=False):
        sentence = (
            f"{r.outlet} uses “{r.term}” {'more' if r.z > 0 else 'less'} than the rest of the event ({int(r.count)} "
            f"uses against {int(r.count_ref)} in the others; z = {r.z:.2f})."
        )
        rows.append(ctx.row(
            "terms", sentence, [str(r.outlet)], statistic="log-odds z (Monroe et al. 2008)", value=float(r.z),
            p_value=float(getattr(r, p_col)), n_hits=int(r.count), evidence=[], figure="terms-distinctive",
            counts={str(r.outlet): int(r.count), "rest": int(r.count_ref)}, table="distinctive_terms",
        ))
    return rows


def _frames(tables: Mapping[str, pd.DataFrame], ctx: _Context) -> list[dict[str, Any]]:
    if (frames := _rows_of(tables, "frames")) is None:
        return _actor_frame_rows(tables, ctx)
    o = ctx.options
    f = frames[frames["article_id"].map(_blank)] if "article_id" in frames else frames
    if "voice" in f and len(f):
        f = f[f["voice"] == f["voice"].iloc[0]]
    tests = []
    for (lexicon, frame), g in f.groupby(["lexicon", "frame"], sort=True):
        hits_all, tokens_all = int(g["hits"].sum()), int(g["n_tokens"].sum())
        if hits_all == 0 or tokens_all == 0:
            continue
        for r in g.itertuples(index=False):
            p = _poisson_greater(int(r.hits), hits_all, int(r.n_tokens) / tokens_all)
            tests.append((lexicon, frame, str(r.outlet), int(r.hits), hits_all, int(r.n_tokens), tokens_all, p))
    evidence = _rows_of(tables, "frame_evidence")
    rows = []
    for (lexicon, frame, outlet, hits, hits_all, tokens, tokens_all, _), q_value in zip(
            tests, bh_adjust([t[-1] for t in tests]) if tests else [], strict=True):
        if q_value >= o.alpha or hits < max(o.min_hits, 3):
            continue
        rate = 1000 * hits / tokens
        rest = 1000 * (hits_all - hits) / max(tokens_all - tokens, 1)
        sentence = (
            f"{outlet} uses words of the “{frame}” frame ({lexicon}) at {rate:.1f} per 1,000 tokens "
            f"({hits} hits), against {rest:.1f} in the rest of the event ({hits_all - hits} hits)."
        )
        mine = [] if evidence is None else ctx.sentences.of_rows(evidence[
            (evidence["outlet"] == outlet) & (evidence["lexicon"] == lexicon) & (evidence["frame"] == frame)
        ].drop_duplicates("matched_text"), "matched_text")
        rows.append(ctx.row(
            "frames", sentence, [outlet], statistic="hits per 1,000 tokens (conditional Poisson test, BH-corrected)",
            value=rate, p_value=float(q_value), n_hits=hits, counts={outlet: hits, "rest": hits_all - hits},
            evidence=mine, figure=f"frames-differences-{lexicon}", table="frames",
        ))
    return rows + _actor_frame_rows(tables, ctx)


def _actor_frame_rows(tables: Mapping[str, pd.DataFrame], ctx: _Context) -> list[dict[str, Any]]:
    """Whose frame: an outlet whose own-voice words of a frame are all about actors no other outlet uses them about.

    Reads the ``actor`` column of ``frame_evidence`` (the actor of each hit's clause); counted body hits
    outside quotations only, so a speaker's words are not the outlet's.
    """
    evidence = tables.get("frame_evidence")
    if evidence is None or evidence.empty or "actor" not in evidence:
        return []
    o = ctx.options
    e = evidence[evidence["counted"].map(_truthy) & ~evidence["in_quote"].map(_truthy)]
    e = e.assign(actor=e["actor"].map(_text), article_id=e["article_id"].astype(str))
    e = e[e["actor"] != ""]
    e = e.assign(actor=e["actor"].str.split("; ")).explode("actor")  # a hit about coordinated actors is about each
    rows = []
    for (lexicon, frame), g in e.groupby(["lexicon", "frame"], sort=True):
        about = g.groupby(["outlet", "actor"]).size()
        everyone = g.groupby("actor").size()  # an actor the other outlets use too has more rows than the outlet's
        for outlet in sorted(g["outlet"].unique()):
            mine = about.loc[outlet]
            n_mine = int(mine.sum())
            if n_mine < o.min_hits or len(g) - n_mine < o.min_hits or any(
                    int(everyone[a]) > int(n) for a, n in mine.items()):
                continue
            rest = g[g["outlet"] != outlet]  # selected only for the few outlets that get a row
            theirs = rest.groupby("actor").size().sort_index().sort_values(ascending=False, kind="stable")
            mine_rows = g[g["outlet"] == outlet]
            in_sentences = mine_rows.drop_duplicates(["actor", "article_id", "sentence_id"]).groupby("actor").size()
            own = ", ".join(
                f"{a} ({_plural(int(n), 'hit')} in {_plural(int(in_sentences[a]), 'sentence')})"
                for a, n in mine.sort_index().items()
            )
            top = rest[rest["actor"] == theirs.index[0]]
            by_outlet = ", ".join(f"{x} {int(n)}" for x, n in top.groupby("outlet").size().sort_index().items())
            other = f"{theirs.index[0]} ({by_outlet})" + (
                f" and {_plural(len(theirs) - 1, 'other actor')} ({_plural(int(theirs.iloc[1:].sum()), 'hit')})"
                if len(theirs) > 1 else "")
            sentence = (
                f"{outlet}'s own words of the “{frame}” frame ({lexicon}) are about {own}, which no other outlet "
                f"uses them about; the other outlets' are mostly about {other}."
            )
            rows.append(ctx.row(
                "frames", sentence, [outlet], statistic="own-voice frame hits by the actor of their clause",
                value=float(n_mine), n_hits=n_mine, counts={outlet: n_mine, "others": len(rest)},
                evidence=ctx.sentences.of_rows(pd.concat([mine_rows.iloc[:1], top.iloc[:1]]), "matched_text"),
                figure=f"frames-differences-{lexicon}", table="actor_frames", order=3,
            ))
    return rows


# --------------------------------------------------------------------------------------------------
# Public functions


class _Context:
    """What every finder reads: the options, the outlets, the sentences, and the row builder."""

    def __init__(self, tables: Mapping[str, pd.DataFrame], options: FindingOptions) -> None:
        articles = tables["articles"]
        self.articles = articles = articles.assign(article_id=articles["article_id"].astype(str))
        self.options = options
        self.outlets = sorted(articles["outlet"].astype(str).unique())
        self.outlet_of = dict(zip(articles["article_id"], articles["outlet"].astype(str), strict=True))
        self.words = {str(k): int(v) for k, v in articles.groupby("outlet")["n_words"].sum().items()}
        sentences = tables.get("sentences")
        if sentences is not None:
            sentences = sentences.assign(article_id=sentences["article_id"].astype(str))
        self.sentences = _Sentences(sentences, options.snippet_chars)
        self._starts: dict[str, list[tuple[int, int]]] = {}
        self.n_sentences: dict[str, int] = {}
        if sentences is not None and not sentences.empty:
            sentences = body_sentences(sentences)
            for aid, start, sid in zip(sentences["article_id"].tolist(), sentences["start"].astype(int).tolist(),
                                       sentences["sentence_id"].astype(int).tolist(), strict=True):
                self._starts.setdefault(aid, []).append((start, sid))  # plain lists, no pandas group per article
            self._starts = {aid: sorted(pairs) for aid, pairs in self._starts.items()}
            outlets = sentences["article_id"].map(self.outlet_of).value_counts()
            self.n_sentences = {str(outlet): int(n) for outlet, n in outlets.items()}

    def sentence_at(self, article_id: str, position: int) -> int | None:
        """The body sentence of ``article_id`` that holds the character at ``position``."""
        pairs = self._starts.get(article_id, [])
        at = bisect.bisect_right(pairs, (position, math.inf))
        return pairs[at - 1][1] if at else None

    def row(self, kind: str, sentence: str, outlets: Sequence[str], *, statistic: str, value: float, n_hits: int,
            counts: Mapping[str, Any], evidence: Sequence[dict[str, Any]], figure: str, table: str,
            p_value: float = math.nan, max_evidence: int | None = None, order: int = 2) -> dict[str, Any]:
        """One finding; within its kind rows sort by ``order`` (2 unless given), then by p-value and hits."""
        return {
            "kind": kind,
            "sentence": sentence,
            "outlets": json.dumps(list(outlets), ensure_ascii=False),
            "statistic": statistic,
            "value": math.nan if math.isnan(value) else float(round(value, 4)),
            "p_value": math.nan if math.isnan(p_value) else float(f"{p_value:.4g}"),
            "n_hits": int(n_hits),
            "counts": json.dumps(dict(counts), ensure_ascii=False),
            "evidence": json.dumps(list(evidence)[: max_evidence or self.options.max_evidence], ensure_ascii=False),
            "figure": figure,
            "table": table,
            "_order": order,
        }


_FINDERS = {
    "naming": _naming,
    "voices": _voices,
    "distancing": lambda tables, ctx: _distancing(tables, ctx) + _confirmation(tables, ctx),
    "scare_quotes": _scare_quotes,
    "headlines": _headlines,
    "derivation": _derivation,
    "selection": _selection,
    "terms": _terms,
    "frames": _frames,
}


def find_contrasts(tables: Mapping[str, pd.DataFrame], *, options: FindingOptions | None = None) -> pd.DataFrame:
    """Every contrast between the outlets of an event, one row each, ranked within its kind.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The event's tables as built by :mod:`analysis.tables.registry` or read back from its CSV
        files; ``articles`` is required, every other table is optional.
    options : FindingOptions, optional
        Thresholds (minimum evidence, alpha, snippet length).

    Returns
    -------
    DataFrame
        Columns :data:`FINDING_COLUMNS`, ordered by kind (:data:`FINDING_KINDS`) then ``rank``.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["1", "2"], "outlet": ["A", "B"], "n_words": [10, 10],
    ...                      "text": ["x", "y"]})
    >>> m = pd.DataFrame({"article_id": ["1", "1", "2", "2", "2"], "outlet": ["A", "A", "B", "B", "B"],
    ...     "actor": ["NATO"] * 5, "label": ["the bloc", "the bloc", "NATO", "NATO", "NATO"],
    ...     "head": ["bloc", "bloc", "NATO", "NATO", "NATO"], "sentence_id": [0, 1, 0, 1, 2],
    ...     "in_quote": [False] * 5, "kind": ["description", "description", "name", "name", "name"]})
    >>> find_contrasts({"articles": arts, "actor_mentions": m}).loc[0, "sentence"]
    'A calls NATO “bloc” in its own voice (A 2 of 2 mentions of NATO); B, mentioning NATO 3 times, never does.'
    """
    options = options or FindingOptions()
    if "articles" not in tables:
        raise ValueError("find_contrasts: the tables have no 'articles' table")
    ctx = _Context(tables, options)
    body = {name: body_sentences(t) if name in _UNIT_TABLES and t is not None else t for name, t in tables.items()}
    rows: list[dict[str, Any]] = []
    for kind in FINDING_KINDS:
        found = _FINDERS[kind](tables if kind == "headlines" else body, ctx)
        found.sort(key=lambda r: (
            r["_order"], math.isnan(r["p_value"]), 0.0 if math.isnan(r["p_value"]) else r["p_value"],
            -r["n_hits"], r["sentence"],
        ))
        for rank, row in enumerate(found, start=1):
            row["rank"] = rank
            del row["_order"]
        rows.extend(found)
    return pd.DataFrame(rows, columns=FINDING_COLUMNS).astype({"rank": "int64", "n_hits": "int64"})


def findings_by_kind(findings: pd.DataFrame, *, min_hits: int = 2) -> list[tuple[str, list[dict[str, Any]], str]]:
    """``(kind, rows, message)`` per kind in report order; ``message`` says so when a kind has nothing.

    Examples
    --------
    >>> empty = pd.DataFrame(columns=FINDING_COLUMNS)
    >>> findings_by_kind(empty)[-2][2]
    'No term is distinctive at this sample size (none reaches |z| >= 1.96 with at least 3 uses).'
    """
    out = []
    for kind in FINDING_KINDS:
        rows = findings[findings["kind"] == kind].sort_values("rank", kind="stable") if len(findings) else findings
        records = rows.to_dict("records") if len(rows) else []
        out.append((kind, records, "" if records else NOTHING[kind].format(min_hits=min_hits)))
    return out


def findings_tables(
    tables: Mapping[str, pd.DataFrame], *, options: FindingOptions | None = None
) -> dict[str, pd.DataFrame]:
    """The findings analysis as a dict of tables, named like every other analysis's ``<analysis>_tables``.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The event's other tables (``articles`` required), as for :func:`find_contrasts`.
    options : FindingOptions, optional
        Thresholds (minimum evidence, alpha, snippet length).

    Returns
    -------
    dict of str to DataFrame
        ``{"findings": ...}``, one row per contrast (:data:`FINDING_COLUMNS`).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["1", "2"], "outlet": ["A", "B"], "n_words": [10, 10],
    ...                      "text": ["x", "y"]})
    >>> out = findings_tables({"articles": arts})
    >>> list(out), list(out["findings"].columns) == list(FINDING_COLUMNS)
    (['findings'], True)
    """
    return {"findings": find_contrasts(tables, options=options)}


def build_findings_tables(tables: dict[str, pd.DataFrame], context: Any) -> dict[str, pd.DataFrame]:
    """Table builder for :mod:`analysis.tables.registry`: ``findings`` (run after every other builder).

    ``context.options["findings"]`` may hold :class:`FindingOptions` fields.
    """
    opts = dict(getattr(context, "options", {}).get("findings", {}) or {})
    unknown = set(opts) - set(FindingOptions.__dataclass_fields__)
    if unknown:
        raise ValueError(f"unknown findings option(s): {', '.join(sorted(unknown))}")
    return findings_tables(tables, options=FindingOptions(**opts))
