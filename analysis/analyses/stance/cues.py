"""Stance: how each outlet names, quotes, hedges and feels about the actors of an event.

:func:`stance_tables` turns the ``articles`` and ``sentences`` tables into five tidy tables:

``actor_mentions``
    article_id, outlet, actor, label, head, sentence_id, start, end, in_quote, kind — every name,
    definite description and pronoun speaker of an actor (:func:`analysis.analyses.stance.actors.find_mentions`);
    ``actor`` is empty for descriptions left unattributed.
``quotes``
    article_id, outlet, speaker, affiliation, verb, text, start, end, sentence_ids, kind,
    speaker_label, attribution, n_words — every quotation (:func:`analysis.analyses.stance.quotes.find_quotations`),
    scare quotes and terms included, so the kinds can be checked side by side. ``affiliation`` is
    the actor a person speaks for, or the speaker itself for a country, organisation or outlet.
``cues``
    article_id, outlet, cue_type, cue, category, sentence_id, start, end, in_quote, speaker —
    reporting verbs (``analysis/data/reporting_verbs.yaml``; ``speaker`` is the actor they
    attribute to, for verbs outside quotations), hedges and boosters
    (``analysis/data/hedges.yaml``) and scare quotes (category ``unattributed`` or
    ``media-attributed``).
``sentiment``
    article_id, sentence_id, voice, compound, pos, neu, neg, text — VADER (Hutto and Gilbert 2014)
    on each sentence. A sentence without quoted speech has one ``author`` row whose scores are
    exactly ``SentimentIntensityAnalyzer().polarity_scores(sentence)``. A sentence with quoted
    speech (quotations of kind direct, partial or unattributed) has an ``author`` row for the words
    outside the quotation marks (if any) and a ``quoted`` row for the words inside (the pieces
    joined by one space); ``text`` is what was scored. Scare quotes and terms stay in the
    author's voice.
``actor_sentiment``
    outlet, actor, voice, n_sentences, mean_compound, ci_low, ci_high — mean compound score of the
    sentences (in that voice) that name the actor, with a seeded percentile bootstrap interval over
    those sentences. Pronoun speaker tags ("he said") do not count as naming the actor.

``in_quote`` is true for positions inside quotation marks of any kind (a scare quote row itself
has ``in_quote`` false: it is the writer's own mark).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import pandas as pd

from analysis.analyses.stance.actors import actor_index
from analysis.analyses.stance.discovery import ACTOR_TABLE_COLUMNS, event_actors
from analysis.analyses.stance.quotes import folded_text
from analysis.analyses.stance.speakers import article_stance
from analysis.analyses.stance.stats import (
    SPEECH_KINDS,
    VaderScores,
    bootstrap_means,
    frame_of_rows,
    paused_collection,
    t_interval_mean,
)
from analysis.analyses.stance.toward import stance_toward_actors, summarise_stance
from analysis.resources.actors import Actor
from analysis.resources.cues import CueList
from analysis.resources.stance import StanceResources, load_stance_resources
from analysis.text.names import title_cased
from analysis.text.quotation import quote_spans
from analysis.text.sentences import body_sentences, sentence_at, unit_articles, unit_sentences
from analysis.text.tokens import fold_case

__all__ = [
    "ACTOR_MENTION_COLUMNS",
    "ACTOR_SENTIMENT_COLUMNS",
    "CUE_COLUMNS",
    "CUE_TYPES",
    "QUOTE_COLUMNS",
    "SENTIMENT_COLUMNS",
    "actor_sentiment",
    "build_stance_tables",
    "find_cues",
    "sentence_sentiment",
    "stance_tables",
]

CUE_TYPES = ("reporting_verb", "hedge", "booster", "scare_quote")

ACTOR_MENTION_COLUMNS = [
    "article_id", "outlet", "actor", "label", "head", "sentence_id", "start", "end", "in_quote", "kind",
]
QUOTE_COLUMNS = [
    "article_id", "outlet", "speaker", "affiliation", "verb", "text", "start", "end", "sentence_ids",
    "kind", "speaker_label", "attribution", "n_words",
]
CUE_COLUMNS = [
    "article_id", "outlet", "cue_type", "cue", "category", "sentence_id", "start", "end", "in_quote", "speaker",
]
SENTIMENT_COLUMNS = ["article_id", "sentence_id", "voice", "compound", "pos", "neu", "neg", "text"]
ACTOR_SENTIMENT_COLUMNS = ["outlet", "actor", "voice", "n_sentences", "mean_compound", "ci_low", "ci_high"]


# --------------------------------------------------------------------------------------------------
# Hedges and boosters


class _Cue(NamedTuple):
    start: int
    end: int
    cue: str
    cue_type: str
    category: str


_ADVERB_GAP = r"\s+(?:[^\W\d_]+ly\s+)?"  # between the words of a multi-word cue: one -ly adverb at most


@functools.lru_cache(maxsize=8)
def _cue_pattern(cue_lists: tuple[CueList, ...]) -> tuple[dict[str, CueList], list[str], re.Pattern | None]:
    """The folded cues of ``cue_lists`` and their owners, longest first, and one alternation of them all.

    Built once per set of lists (a pure memo: the pattern depends on the lists alone), not once per article.
    """
    owner = {fold_case(cue): block for block in cue_lists for cue in block.cues}
    if not owner:
        return owner, [], None
    cues = sorted(owner, key=lambda c: (-len(c), c))
    body = "|".join(_ADVERB_GAP.join(map(re.escape, cue.split())) for cue in cues)
    return owner, cues, re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


def find_cues(text: str, cue_lists: Sequence[CueList]) -> list[_Cue]:
    """Hedges and boosters of ``text``: whole-word, case-insensitive; multi-word cues allow one -ly
    adverb between their words ("it was previously reported"). Overlaps go to the longest cue.

    Examples
    --------
    >>> lists = [CueList("hedge", "attribution", ("reportedly", "it was reported")),
    ...          CueList("booster", "certainty", ("clearly",))]
    >>> [(c.cue, c.category) for c in find_cues("It was previously reported; clearly, Reportedly-ish.", lists)]
    [('it was reported', 'attribution'), ('clearly', 'certainty')]
    """
    owner, cues, pattern = _cue_pattern(tuple(cue_lists))
    if pattern is None:
        return []
    out = []
    for match in pattern.finditer(folded_text(text)):  # the project's case folding, offsets kept
        cue = " ".join(match.group().split())
        if cue not in owner:  # an adverb was skipped: find the listed cue it belongs to
            cue = next(c for c in cues if re.fullmatch(_ADVERB_GAP.join(map(re.escape, c.split())), match.group()))
        block = owner[cue]
        out.append(_Cue(match.start(), match.end(), cue, block.cue_type, block.category))
    return out


# --------------------------------------------------------------------------------------------------
# Sentiment


def _pieces(a: int, b: int, spans: Sequence[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Author and quoted character ranges of sentence [a, b) given speech quotation spans."""
    author, quoted = [], []
    cursor = a
    for start, end in spans:
        if end <= a or start >= b:
            continue
        if start > cursor:
            author.append((cursor, start))
        quoted.append((max(a, start + 1), min(b, end - 1)))
        cursor = max(cursor, min(b, end))
    if cursor < b:
        author.append((cursor, b))
    return author, quoted


def _join(text: str, ranges: list[tuple[int, int]]) -> str:
    return " ".join(piece for piece in (text[s:e].strip() for s, e in ranges if e > s) if piece)


def sentence_sentiment(
    articles: pd.DataFrame, sentences: pd.DataFrame, quotes: pd.DataFrame, *, vader: VaderScores | None = None
) -> pd.DataFrame:
    """VADER scores per sentence and voice (see the module docstring for the voice rule).

    Parameters
    ----------
    articles : DataFrame
        With ``article_id`` and ``text``.
    sentences : DataFrame
        The ``sentences`` table.
    quotes : DataFrame
        The ``quotes`` table (``article_id``, ``start``, ``end``, ``kind``).
    vader : VaderScores, optional
        The scorer (one per table build, so repeated texts are scored once); default: a new one.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["000"], "text": ["Good news. He said “terrible, awful” things."]})
    >>> sents = pd.DataFrame({"article_id": ["000", "000"], "sentence_id": [0, 1], "start": [0, 11], "end": [10, 44]})
    >>> quotes = pd.DataFrame({"article_id": ["000"], "start": [19], "end": [36], "kind": ["partial"]})
    >>> sentence_sentiment(arts, sents, quotes)[["sentence_id", "voice", "text"]].to_numpy().tolist()
    [[0, 'author', 'Good news.'], [1, 'author', 'He said things.'], [1, 'quoted', 'terrible, awful']]
    """
    vader = VaderScores() if vader is None else vader
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    speech = quotes[quotes["kind"].isin(SPEECH_KINDS)] if len(quotes) else quotes
    spans_by_article: dict[str, list[tuple[int, int]]] = {}
    for aid, start, end in zip(*(speech[c].tolist() if len(speech) else [] for c in ("article_id", "start", "end")),
                               strict=True):
        spans_by_article.setdefault(aid, []).append((int(start), int(end)))
    for spans in spans_by_article.values():
        spans.sort()
    ordered = sentences.sort_values(["article_id", "sentence_id"], kind="stable")
    columns: dict[str, list] = {name: [] for name in SENTIMENT_COLUMNS}
    letter = re.compile(r"[^\W_]")
    for aid, sid, a, b in zip(ordered["article_id"].tolist(), ordered["sentence_id"].tolist(),
                              ordered["start"].tolist(), ordered["end"].tolist(), strict=True):
        text = texts[aid]
        a, b = int(a), int(b)
        spans = spans_by_article.get(aid)
        author, quoted = _pieces(a, b, spans) if spans else ([], [])
        if not quoted:
            parts = [("author", text[a:b])]
        else:
            parts = [("author", _join(text, author)), ("quoted", _join(text, quoted))]
        for voice, part in parts:
            if not letter.search(part):
                continue
            scores = vader(part)
            for name, value in (("article_id", aid), ("sentence_id", int(sid)), ("voice", voice),
                                ("compound", scores["compound"]), ("pos", scores["pos"]), ("neu", scores["neu"]),
                                ("neg", scores["neg"]), ("text", part)):
                columns[name].append(value)
    return pd.DataFrame(columns, columns=SENTIMENT_COLUMNS) if columns["text"] else pd.DataFrame(
        columns=SENTIMENT_COLUMNS)


def _inside_any(spans: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    """A test of whether a position lies inside any of ``spans`` (possibly overlapping), by bisection.

    Examples
    --------
    >>> inside = _inside_any([(10, 20), (0, 30), (40, 45)])
    >>> [inside(p) for p in (0, 25, 30, 39, 40, 44, 45)]
    [True, True, False, False, True, True, False]
    """
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach, furthest = [], -1  # reach[i]: the furthest end of the first i + 1 spans
    for _, end in ordered:
        furthest = max(furthest, end)
        reach.append(furthest)

    def inside(position: int) -> bool:
        index = bisect.bisect_right(starts, position) - 1
        return index >= 0 and position < reach[index]

    return inside


def actor_sentiment(
    mentions: pd.DataFrame,
    sentiment: pd.DataFrame,
    quotes: pd.DataFrame,
    *,
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
    interval: str = "t",
) -> pd.DataFrame:
    """Mean VADER compound of the sentences naming each actor, per outlet and voice, with intervals.

    A mention inside quoted speech counts for the sentence's ``quoted`` row, any other for its
    ``author`` row; a sentence counts once per actor and voice. The interval is a Student t interval
    (:func:`analysis.analyses.stance.stats.t_interval_mean`, clipped to the score's range [-1, 1]),
    empty (NaN: n too small) for a group of one sentence, where a bootstrap gives the degenerate
    [x, x]. ``interval="bootstrap"`` keeps the percentile bootstrap, every group with its own
    generator seeded with ``seed``.
    """
    if interval not in ("t", "bootstrap"):
        raise ValueError(f"interval must be 't' or 'bootstrap', got {interval!r}")
    named = mentions[mentions["actor"].notna() & (mentions["kind"] != "pronoun")]
    speech = quotes[quotes["kind"].isin(SPEECH_KINDS)] if len(quotes) else quotes
    spans: dict[str, list] = {}
    for aid, start, end in zip(*(speech[c].tolist() if len(speech) else [] for c in ("article_id", "start", "end")),
                               strict=True):
        spans.setdefault(aid, []).append((int(start), int(end)))
    inside = {aid: _inside_any(article_spans) for aid, article_spans in spans.items()}
    if named.empty:
        return pd.DataFrame(columns=ACTOR_SENTIMENT_COLUMNS)
    compound = {
        (aid, int(sid), voice): value for aid, sid, voice, value in zip(
            sentiment["article_id"].tolist(), sentiment["sentence_id"].tolist(), sentiment["voice"].tolist(),
            sentiment["compound"].tolist(), strict=True)
    }
    # (outlet, actor, voice) -> {(article_id, sentence_id): compound}, each sentence once per group
    groups: dict[tuple, dict[tuple, float]] = {}
    for aid, outlet, sid, actor, start in zip(
        named["article_id"].tolist(), named["outlet"].tolist(), named["sentence_id"].tolist(),
        named["actor"].tolist(), named["start"].tolist(), strict=True,
    ):
        voice = "quoted" if aid in inside and inside[aid](start) else "author"
        if sid is None or pd.isna(sid):
            continue
        value = compound.get((aid, int(sid), voice))
        if value is None:
            continue
        groups.setdefault((outlet, actor, voice), {})[(aid, int(sid))] = value
    keys = sorted(groups)
    values = [[group[k] for k in sorted(group)] for group in (groups[key] for key in keys)]
    if interval == "t":  # clipped to [-1, 1], the range of the compound score
        stats = [(m, max(lo, -1.0), min(hi, 1.0))  # NaN (n too small) stays NaN
                 for m, lo, hi in (t_interval_mean(v, level=level) for v in values)]
    else:
        stats = bootstrap_means(values, n_boot=n_boot, level=level, seed=seed)
    rows = [
        {"outlet": outlet, "actor": actor, "voice": voice, "n_sentences": len(ordered), "mean_compound": mean,
         "ci_low": low, "ci_high": high}
        for (outlet, actor, voice), ordered, (mean, low, high) in zip(keys, values, stats, strict=True)
    ]
    return frame_of_rows(rows, ACTOR_SENTIMENT_COLUMNS)


# --------------------------------------------------------------------------------------------------
# Tables


def _sentence_spans(sentences: pd.DataFrame) -> dict[str, tuple[list[int], list[tuple[int, int]]]]:
    """Sentence ids and (start, end) spans of each article, in sentence order.

    Examples
    --------
    >>> _sentence_spans(pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [1, 0], "start": [5, 0],
    ...                               "end": [9, 4]}))
    {'a': ([0, 1], [(0, 4), (5, 9)])}
    """
    out: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}
    rows = sorted(zip(sentences["article_id"].tolist(), sentences["sentence_id"].tolist(),
                      sentences["start"].tolist(), sentences["end"].tolist(), strict=True),
                  key=lambda row: (row[0], row[1]))
    for aid, sid, start, end in rows:
        ids, spans = out.setdefault(aid, ([], []))
        ids.append(int(sid))
        spans.append((int(start), int(end)))
    return out


def _affiliation(actor: Actor | None) -> str | None:
    """The actor a speaker speaks for: its affiliation, else itself, but nothing for a person without one.

    Examples
    --------
    >>> [_affiliation(a) for a in (Actor("Ann Lee", "person", ("Ann Lee",)), Actor("NATO", "organisation", ("NATO",)),
    ...                           Actor("Bo Li", "person", ("Bo Li",), affiliation="China"))]
    [None, 'NATO', 'China']
    """
    if actor is None:
        return None
    if actor.affiliation:
        return actor.affiliation
    return None if actor.type == "person" else actor.name


def _article_rows(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    resources: StanceResources,
    max_scare_words: int,
    discover: bool,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The per-article part of :func:`stance_tables`: ``actor_mentions``, ``quotes``, ``cues`` and the
    discovered actors of each article (article_id, name, type, role, affiliation, variants, evidence).

    :func:`add_unit_rows` reads headlines and decks with this alone: their sentiment, stance and
    intervals are not tables of their own.
    """
    actors = resources.actors
    reporting_verbs, cue_lists, lists = resources.reporting_verbs, resources.cue_lists, resources.name_lists
    known = {actor.name for actor in actors}
    mention_rows, quote_rows, cue_rows, actor_rows = [], [], [], []
    by_article = _sentence_spans(sentences)
    ordered = articles.sort_values("article_id", kind="stable")
    for aid, outlet, text in zip(ordered["article_id"].tolist(), ordered["outlet"].tolist(),
                                 ordered["text"].tolist(), strict=True):
        ids, spans = by_article.get(aid, ([], []))
        starts = [s for s, _ in spans]

        def sentence_of(position: int, starts=starts, ids=ids) -> int | None:
            index = sentence_at(starts, position)
            return ids[index] if index >= 0 else None

        quoted_spans = quote_spans(text, single=True)
        quoted_starts = [q.start for q in quoted_spans]

        def quoted(position: int, spans=quoted_spans, starts=quoted_starts) -> bool:  # in_spans, starts kept
            index = bisect.bisect_right(starts, position) - 1
            return index >= 0 and spans[index].start <= position < spans[index].end
        found = article_stance(text, sentences=spans, known=actors, reporting_verbs=reporting_verbs, lists=lists,
                               discover=discover, max_scare_words=max_scare_words,
                               outlets=[outlet] if isinstance(outlet, str) else [])
        mentions, quotations, verbs, pronouns = found.mentions, found.quotations, found.verbs, found.pronouns
        by_name = actor_index(found.actors)
        named = {m.actor for m in mentions if m.actor}
        for actor in found.actors:
            if actor.name in named:
                actor_rows.append({
                    "article_id": aid, "name": actor.name, "type": actor.type, "role": actor.role,
                    "affiliation": actor.affiliation, "variants": [a for a in actor.aliases if a != actor.name],
                    "evidence": ["actors list"] if actor.name in known else list(actor.evidence),
                })
        for m in sorted(mentions + pronouns, key=lambda m: (m.start, -m.end, m.head)):
            mention_rows.append({
                "article_id": aid, "outlet": outlet, "actor": m.actor, "label": m.label, "head": m.head,
                "sentence_id": sentence_of(m.start), "start": m.start, "end": m.end,
                "in_quote": quoted(m.start), "kind": m.kind,
            })
        ends = [b for _, b in spans]
        for q in quotations:
            first, last = bisect.bisect_right(ends, q.start), bisect.bisect_left(starts, q.end)
            covered = ids[first:last]
            quote_rows.append({
                "article_id": aid, "outlet": outlet, "speaker": q.speaker,
                "affiliation": found.authors.get(q.start) if q.kind == "document" else (
                    _affiliation(by_name.get(q.speaker)) if q.speaker else None),
                "verb": q.verb, "text": q.text, "start": q.start, "end": q.end, "sentence_ids": covered,
                "kind": q.kind, "speaker_label": q.speaker_label, "attribution": q.attribution,
                "n_words": len(q.text.split()),
            })
            if q.kind == "scare":
                cue_rows.append({
                    "article_id": aid, "outlet": outlet, "cue_type": "scare_quote", "cue": q.text,
                    "category": "media-attributed" if q.attribution == "media" else "unattributed",
                    "sentence_id": sentence_of(q.start), "start": q.start, "end": q.end, "in_quote": False,
                    "speaker": None,
                })
        for verb, mention in verbs:
            cue_rows.append({
                "article_id": aid, "outlet": outlet, "cue_type": "reporting_verb", "cue": verb.form,
                "category": verb.category, "sentence_id": sentence_of(verb.start), "start": verb.start,
                "end": verb.end, "in_quote": quoted(verb.start),
                "speaker": mention.actor if mention is not None else None,
            })
        for cue in find_cues(text, cue_lists):
            cue_rows.append({
                "article_id": aid, "outlet": outlet, "cue_type": cue.cue_type, "cue": cue.cue,
                "category": cue.category, "sentence_id": sentence_of(cue.start), "start": cue.start,
                "end": cue.end, "in_quote": quoted(cue.start), "speaker": None,
            })
    mentions_table = frame_of_rows(mention_rows, ACTOR_MENTION_COLUMNS)
    quotes_table = frame_of_rows(quote_rows, QUOTE_COLUMNS)
    order = {name: i for i, name in enumerate(CUE_TYPES)}
    cues_table = frame_of_rows(cue_rows, CUE_COLUMNS)
    cues_table = (
        cues_table.assign(_order=cues_table["cue_type"].map(order))
        .sort_values(["article_id", "start", "_order", "end"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    for table in (mentions_table, cues_table):
        table["sentence_id"] = table["sentence_id"].astype("Int64")
    discovered = frame_of_rows(actor_rows, ["article_id", "name", "type", "role", "affiliation", "variants",
                                                   "evidence"])
    return mentions_table, quotes_table, cues_table, discovered


def stance_tables(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    resources: StanceResources,
    max_scare_words: int = 4,
    n_boot: int = 2000,
    seed: int = 0,
    discover: bool = False,
    keep_discovered: bool = False,
) -> dict[str, pd.DataFrame]:
    """The stance tables of an event (see the module docstring).

    Parameters
    ----------
    articles, sentences : DataFrame
        The foundation tables.
    resources : StanceResources
        The actors (the event's file or the packaged list), reporting verbs, hedges and boosters,
        discovery's name lists and the evaluative modifiers of actors
        (:func:`analysis.resources.stance.load_stance_resources`); nothing else is read.
    max_scare_words : int
        Longest quotation read as a scare quote.
    n_boot, seed : int
        Bootstrap resamples and seed for ``actor_sentiment`` and ``actor_stance``.
    discover : bool
        Discover each article's actors from its text on top of ``resources.actors``
        (:mod:`analysis.analyses.stance.discovery`) and type quotations of documents. Off by
        default here, so a complete actors list gives exactly its own results;
        :func:`build_stance_tables` turns it on unless the event's actors file is complete.
    keep_discovered : bool
        Also return ``discovered_actors``: one row per (article, actor) named in it, from which
        :func:`analysis.analyses.stance.discovery.event_actors` makes ``actors``. The tables of
        partitions of the articles (:mod:`analysis.tables.scale`) reduce to the event's ``actors``
        from these rows. Not a table written.

    Examples
    --------
    >>> from analysis.resources.stance import load_stance_resources
    >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "text": ["NATO said it was “ready.”"]})
    >>> sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0], "end": [25]})
    >>> tables = stance_tables(arts, sents, resources=load_stance_resources())
    >>> tables["quotes"][["speaker", "kind", "verb"]].to_numpy().tolist()
    [['NATO', 'partial', 'said']]
    """
    sentences = body_sentences(sentences)  # headlines and decks: add_unit_rows
    mentions_table, quotes_table, cues_table, discovered = _article_rows(
        articles, sentences, resources=resources, max_scare_words=max_scare_words, discover=discover)
    vader = VaderScores()
    sentiment = sentence_sentiment(articles, sentences, quotes_table, vader=vader)
    evidence = stance_toward_actors(articles, sentences, mentions_table, quotes_table, cues_table, vader=vader,
                                    modifiers=resources.modifiers)
    kept = {"discovered_actors": discovered} if keep_discovered else {}
    return kept | {
        "actors": event_actors(discovered, mentions_table) if len(discovered) else pd.DataFrame(
            columns=ACTOR_TABLE_COLUMNS),
        "actor_stance_evidence": evidence,
        "actor_stance": summarise_stance(evidence, by="outlet", n_boot=n_boot, seed=seed),
        "actor_stance_articles": summarise_stance(evidence, by="article_id", n_boot=n_boot, seed=seed),
        "actor_mentions": mentions_table,
        "quotes": quotes_table,
        "cues": cues_table,
        "sentiment": sentiment,
        "actor_sentiment": actor_sentiment(mentions_table, sentiment, quotes_table, n_boot=n_boot, seed=seed),
    }


def build_stance_tables(tables: dict[str, pd.DataFrame], context: Any) -> dict[str, pd.DataFrame]:
    """Table builder for :mod:`analysis.tables.registry`: the stance tables of an event.

    The builder loads the resources (:func:`analysis.resources.stance.load_stance_resources`: the
    event folder's ``actors.yaml`` when it exists, else the packaged list; the packaged reporting
    verbs, hedges, name lists and modifiers) and passes them in. Actors are discovered from the
    text unless that file is complete (:func:`complete_actors_file`).
    ``context.options["stance"]`` may hold keyword options of :func:`stance_tables`
    (``max_scare_words``, ``n_boot``, ``seed``, ``discover``, ``keep_discovered``). Python's cyclic
    garbage collector is paused while the tables are built (:func:`paused_collection`).
    """
    resources = load_stance_resources(getattr(context, "raw_dir", None))
    options = dict(getattr(context, "options", {}).get("stance", {}) or {})
    unknown = set(options) - {"max_scare_words", "n_boot", "seed", "discover", "keep_discovered"}
    if unknown:
        raise ValueError(f"unknown stance option(s): {', '.join(sorted(unknown))}")
    options.setdefault("discover", resources.complete is not True)
    with paused_collection():  # no reference cycles: see paused_collection
        out = stance_tables(tables["articles"], tables["sentences"], resources=resources, **options)
        return add_unit_rows(out, tables["articles"], resources=resources,
                             max_scare_words=options.get("max_scare_words", 4))


def _title_case_scare_quotes(found: dict[str, pd.DataFrame], texts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """In a title-cased headline capitals mark no name: a short quoted "term" there is a scare quote."""
    title_case = {str(a) for a, t in zip(texts["article_id"], texts["text"], strict=True) if title_cased(str(t))}
    quotes = found["quotes"]
    turn = (quotes["kind"] == "term") & quotes["article_id"].astype(str).isin(title_case) & quotes["speaker"].isna()
    if not turn.any():
        return found
    quotes = quotes.copy()
    quotes.loc[turn, "kind"] = "scare"
    cues = [found["cues"]] + [pd.DataFrame([{
        "article_id": q.article_id, "outlet": q.outlet, "cue_type": "scare_quote", "cue": q.text,
        "category": "unattributed", "sentence_id": q.sentence_ids[0] if len(q.sentence_ids) else None,
        "start": q.start, "end": q.end, "in_quote": False, "speaker": None,
    }], columns=CUE_COLUMNS) for q in quotes[turn].itertuples(index=False)]
    cue_table = pd.concat([c for c in cues if len(c)], ignore_index=True).sort_values(["article_id", "start"],
                                                                                        kind="stable")
    return found | {"quotes": quotes, "cues": cue_table.reset_index(drop=True)}


UNIT_TABLES = ("actor_mentions", "quotes", "cues")
"""Stance tables that carry a ``unit`` column with rows for headlines and decks."""


def add_unit_rows(
    tables: dict[str, pd.DataFrame],
    articles: pd.DataFrame,
    *,
    resources: StanceResources,
    max_scare_words: int = 4,
) -> dict[str, pd.DataFrame]:
    """Add the headline and deck rows (``unit``) to ``actor_mentions``, ``quotes`` and ``cues``.

    Each headline and deck is read as a one-sentence text of its own with the resources' actors (no
    discovery: a headline is too short to discover from); its rows have ``sentence_id`` -2
    (headline) or -1 (deck) and offsets into that unit's text. The body rows get ``unit`` ``"body"``;
    the other tables stay the body's.
    """
    out = dict(tables)
    parts: dict[str, list[pd.DataFrame]] = {name: [tables[name].assign(unit="body")] for name in UNIT_TABLES}
    units = unit_sentences(articles)
    for unit in ("headline", "deck"):
        texts = unit_articles(articles, unit)
        if not len(texts):
            continue
        rows = units[units["unit"] == unit].drop(columns="unit")
        mentions, quotes, cues, _ = _article_rows(texts, rows, resources=resources, max_scare_words=max_scare_words,
                                                  discover=False)
        found = {"actor_mentions": mentions, "quotes": quotes, "cues": cues}
        found = _title_case_scare_quotes(found, texts)
        for name in UNIT_TABLES:
            if len(found[name]):
                parts[name].append(found[name].assign(unit=unit))
    rank = {"headline": 0, "deck": 1, "body": 2}
    for name in UNIT_TABLES:
        frame = pd.concat(parts[name], ignore_index=True) if len(parts[name]) > 1 else parts[name][0]
        frame = frame.assign(_unit=frame["unit"].map(rank)).sort_values(["article_id", "_unit"], kind="stable")
        frame = frame.drop(columns="_unit").reset_index(drop=True)
        if "sentence_id" in frame:
            frame["sentence_id"] = frame["sentence_id"].astype("Int64")
        out[name] = frame
    return out
