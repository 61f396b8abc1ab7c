"""Whole stance step speed (discovery included), in MB of article text per second on one core.

Corpora (each loaded and cleaned once, not timed; no actors file, so actors are discovered as for
a new event):

- ``synthetic``: an event from ``benchmarks/make_corpus.py`` (``--size``, default 1MB of article
  text). It recombines the 67 seed paragraphs, so about 95 % of its sentences repeat one another;
- ``few repeats``: the same event after :func:`vary_words`: in every cleaned body, each
  lower-case word of four letters or more is replaced, with probability ``VARY_SHARE``, by a
  lower-case word of the same length drawn from the seed bodies' vocabulary (a
  :class:`random.Random` seeded per article id, so deterministic). Same lengths keep every
  sentence span and offset valid (the sentence texts are cut again from the new bodies);
  capitalised words, quotation marks and punctuation are untouched, so names, quotations and
  attributions are the same work as before, but nearly every sentence and clause is a text of
  its own: nothing is found again in the step's caches of repeated text;
- ``seed articles``: the five seed articles themselves (no sentence repeated; 0.016 MB, so
  figures are noisy).

Timed in this one process, median of ``--runs`` (default 3), each step on the same corpus in the
same run:

- ``stance``: :func:`analysis.analyses.stance.build_stance_tables` as the pipeline runs it:
  discovery, mentions, quotations and speakers, documents, reporting verbs, hedges, VADER per
  sentence and voice, actor sentiment, stance toward actors (VADER on the clauses that name an
  actor), the actors table, the bootstrap intervals, the headline and deck rows;
- ``speakers``: the per-article step alone (:func:`analysis.analyses.stance.speakers.article_stance`:
  discovery, mentions, quotations, speakers, documents), no sentiment;
- the parts of ``stance`` after the per-article rules, each alone on the tables one untimed
  :func:`analysis.analyses.stance.stance_tables` run made (body rows, discovery on):
  ``sentiment`` (:func:`analysis.analyses.stance.cues.sentence_sentiment`: VADER on every
  sentence and voice, a fresh cache of scores), ``toward``
  (:func:`analysis.analyses.stance.toward.stance_toward_actors`: VADER on the clauses naming an
  actor, labels, verbs), ``summaries`` (:func:`analysis.analyses.stance.toward.summarise_stance`
  per outlet and per article: the bootstrap intervals) and ``actor sentiment``
  (:func:`analysis.analyses.stance.cues.actor_sentiment`: t intervals). ``rules and rows`` is
  ``stance`` less these four: discovery, mentions, quotations, verbs, hedges, the rows of their
  tables, the headline and deck rows and the actors table. Called alone, these parts run with
  Python's garbage collector on (the step pauses it when the code has ``paused_collection``);
- ``vader``: the plain-library baseline, ``SentimentIntensityAnalyzer().polarity_scores`` on every
  body sentence of the ``sentences`` table, nothing else;
- ``fastvader``: the same with :class:`analysis.analyses.stance.vader.FastVader` (same scores),
  when the code has it.

Rates are MB of cleaned body text (``articles.text``, UTF-8) per CPU second of this process
(``time.process_time``, so other processes on a shared machine slow the wall clock, not this
figure much) and per wall second; ``ratio`` is the step's CPU rate over the baseline's. The load
average is printed before and after. The target of issue 12 is 3 MB/s per core.

Run: ``python benchmarks/bench_stance.py [--size 1MB] [--runs 3]``. The script only imports the
package's public entry points, so the code of another commit can be timed with the same script
(``PYTHONPATH=<that commit's tree> python benchmarks/bench_stance.py``).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from analysis import io
from analysis.analyses.stance import build_stance_tables, stance_tables
from analysis.analyses.stance.cues import actor_sentiment, sentence_sentiment
from analysis.analyses.stance.speakers import article_stance
from analysis.analyses.stance.stats import VaderScores
from analysis.analyses.stance.toward import stance_toward_actors, summarise_stance
from analysis.context import EventContext
from analysis.resources.actors import load_actors
from analysis.resources.names import load_name_lists
from analysis.resources.stance import load_stance_resources
from analysis.resources.verbs import load_reporting_verbs
from analysis.tables.partition import process_partition
from analysis.text.sentences import body_sentences

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus

VARY_SHARE = 0.4  # share of lower-case words of four letters or more replaced by vary_words
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z]{4,}(?![\w’'-])")


def vary_words(tables: dict, vocabulary: list[str], *, share: float = VARY_SHARE) -> dict:
    """The foundation tables with the lower-case words of every body varied (see the module docstring)."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(set(vocabulary)):
        by_length.setdefault(len(word), []).append(word)
    articles = tables["articles"].copy()
    texts = []
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        rng = random.Random(f"vary-{aid}")

        def swap(match: re.Match, rng: random.Random = rng) -> str:
            same = by_length.get(len(match.group()))
            return rng.choice(same) if same and rng.random() < share else match.group()

        texts.append(_LOWER_WORD.sub(swap, text))
    articles["text"] = texts
    sentences = tables["sentences"].copy()
    body = dict(zip(articles["article_id"], texts, strict=True))
    is_body = sentences["unit"] == "body" if "unit" in sentences else [True] * len(sentences)
    sentences["text"] = [body[aid][a:b] if inside else text for aid, a, b, text, inside in zip(
        sentences["article_id"], sentences["start"], sentences["end"], sentences["text"], is_body, strict=True)]
    return tables | {"articles": articles, "sentences": sentences}


def _timed(run, runs: int) -> tuple[float, float]:
    """Median CPU seconds and median wall seconds of ``runs`` calls of ``run``."""
    cpu, wall = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        run()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def _measure(folder: Path, runs: int, vocabulary: list[str] | None = None) -> tuple[str, float, dict]:
    """Describe the event in ``folder`` and time its steps (CPU and wall medians); ``vocabulary``: vary it."""
    _, corpus = io.load_event(folder)
    tables = process_partition(corpus)
    if vocabulary is not None:
        tables = vary_words(tables, vocabulary)
    context = EventContext(slug=folder.name, raw_dir=folder)
    articles, sentences = tables["articles"], tables["sentences"]
    body = sentences[sentences["unit"] == "body"] if "unit" in sentences else sentences
    mb = articles["text"].str.encode("utf-8").str.len().sum() / 1e6
    known, reporting_verbs, lists = load_actors(), load_reporting_verbs(), load_name_lists()
    grouped = {aid: frame for aid, frame in body.groupby("article_id", sort=True)}
    spans = {aid: list(zip(f["start"], f["end"], strict=True)) for aid, f in grouped.items()}

    def stance() -> None:
        build_stance_tables(tables, context)

    def speakers() -> None:
        for aid, text in zip(articles["article_id"], articles["text"], strict=True):
            article_stance(text, sentences=spans.get(aid, []), known=known, reporting_verbs=reporting_verbs,
                           lists=lists)

    def scorer(analyzer_class: type):
        def score() -> None:
            analyzer = analyzer_class()
            for text in body["text"]:
                analyzer.polarity_scores(text)
        return score

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    resources = load_stance_resources(folder)
    found = stance_tables(articles, sentences, resources=resources, discover=True)
    body_rows = body_sentences(sentences)
    mentions, quotes, cues = found["actor_mentions"], found["quotes"], found["cues"]

    def sentiment() -> None:
        sentence_sentiment(articles, body_rows, quotes, vader=VaderScores())

    def toward() -> None:
        stance_toward_actors(articles, body_rows, mentions, quotes, cues, vader=VaderScores(),
                             modifiers=resources.modifiers)

    def summaries() -> None:
        for by in ("outlet", "article_id"):
            summarise_stance(found["actor_stance_evidence"], by=by)

    def actors_sentiment() -> None:
        actor_sentiment(mentions, found["sentiment"], quotes)

    steps = [("vader", scorer(SentimentIntensityAnalyzer))]
    try:
        from analysis.analyses.stance.vader import FastVader
    except ImportError:  # the code of a commit before FastVader
        pass
    else:
        steps.append(("fastvader", scorer(FastVader)))
    steps += [("stance", stance), ("speakers", speakers), ("sentiment", sentiment), ("toward", toward),
              ("summaries", summaries), ("actor sentiment", actors_sentiment)]
    distinct = body["text"].nunique() / max(len(body), 1)
    about = (f"{len(articles)} articles, {len(body)} body sentences ({distinct:.1%} distinct texts), "
             f"{mb:.3f} MB of body text")
    figures = {name: _timed(run, runs) for name, run in steps}
    return about, mb, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1MB", help="article text of the synthetic corpus (make_corpus --size)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"median of {args.runs} run(s); load average (1/5/15 min) before: {_load()}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder, _ = make_corpus.build_event(args.size, Path(tmp), bare=True)
        seeds = Path(tmp) / "data" / "raw" / "seeds-bare"  # the seed articles, no actors file: discovery on
        shutil.copytree(make_corpus.SEED_EVENT, seeds, ignore=shutil.ignore_patterns("actors.yaml"))
        vocabulary = _LOWER_WORD.findall(" ".join(make_corpus.seed_paragraphs()))
        for name, where, vary in ((f"synthetic {args.size}", folder, None),
                                  (f"few repeats {args.size}", folder, vocabulary), ("seed articles", seeds, None)):
            about, mb, figures = _measure(where, args.runs, vary)
            print(f"{name}: {about}", flush=True)
            results.append((name, mb, figures))
    print(f"load average (1/5/15 min) after:  {_load()}")
    print()
    print("| corpus | step | CPU s | wall s | MB/s per core (CPU) | MB/s (wall) | ratio to baseline (CPU) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    parts = ("sentiment", "toward", "summaries", "actor sentiment")
    for name, mb, figures in results:
        base = mb / figures["vader"][0]
        rest = tuple(figures["stance"][i] - sum(figures[p][i] for p in parts) for i in (0, 1))
        figures = figures | {"rules and rows": (max(rest[0], 1e-9), max(rest[1], 1e-9))}
        for step in ("stance", "speakers", "rules and rows", *parts, "vader", "fastvader"):
            if step not in figures:
                continue
            cpu, wall = figures[step]
            print(f"| {name} | {step} | {cpu:.2f} | {wall:.2f} | {mb / cpu:.3f} | {mb / wall:.3f} | "
                  f"{mb / cpu / base:.2f} |")


if __name__ == "__main__":
    main()
