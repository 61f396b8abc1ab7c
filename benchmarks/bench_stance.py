"""Whole stance step speed (discovery included), in MB of article text per second on one core.

The corpus is a synthetic event from ``benchmarks/make_corpus.py`` (``--size``, default 2MB of raw
page text; ``--bare``: no actors file, so actors are discovered as for a new event), loaded and
cleaned once (not timed). Timed, one process, wall clock, median of ``--runs``:

- ``stance``: :func:`analysis.analyses.stance.build_stance_tables` as the pipeline runs it:
  discovery, mentions, quotations and speakers, documents, reporting verbs, hedges, VADER per
  sentence and voice, actor sentiment, stance toward actors, the actors table;
- ``speakers``: the per-article step alone (:func:`analysis.analyses.stance.speakers.article_stance`:
  discovery, mentions, quotations, speakers, documents), no sentiment;
- ``vader``: ``SentimentIntensityAnalyzer().polarity_scores`` on every sentence, nothing else (the
  floor any step that scores every sentence with VADER cannot beat).

Rates are MB of cleaned body text (``articles.text``, UTF-8) per second; the target of issue 12 is
3 MB/s per core for ``stance``.

Run: ``python benchmarks/bench_stance.py [--size 2MB] [--runs 1]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from analysis import io
from analysis.analyses.stance import build_stance_tables
from analysis.analyses.stance.actors import load_actors
from analysis.analyses.stance.discovery import load_name_lists
from analysis.analyses.stance.quotes import load_reporting_verbs
from analysis.analyses.stance.speakers import article_stance
from analysis.tables.registry import EventContext, process_partition

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus


def _timed(run, runs: int) -> float:
    taken = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        taken.append(time.perf_counter() - start)
    return statistics.median(taken)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="2MB", help="raw text of the synthetic corpus (make_corpus --size)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, _ = make_corpus.build_event(args.size, Path(tmp), bare=True)
        _, corpus = io.load_event(folder)
        tables = process_partition(corpus)
        context = EventContext(slug=folder.name, raw_dir=folder)
    articles, sentences = tables["articles"], tables["sentences"]
    mb = articles["text"].str.encode("utf-8").str.len().sum() / 1e6
    known, reporting_verbs, lists = load_actors(), load_reporting_verbs(), load_name_lists()
    grouped = {aid: frame for aid, frame in sentences.groupby("article_id", sort=True)}
    spans = {aid: list(zip(f["start"], f["end"], strict=True)) for aid, f in grouped.items()}

    def stance() -> None:
        build_stance_tables(tables, context)

    def speakers() -> None:
        for aid, text in zip(articles["article_id"], articles["text"], strict=True):
            article_stance(text, sentences=spans.get(aid, []), known=known, reporting_verbs=reporting_verbs,
                           lists=lists)

    def vader() -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        analyzer = SentimentIntensityAnalyzer()
        for text in sentences["text"]:
            analyzer.polarity_scores(text)

    print(f"corpus: {len(articles)} articles, {len(sentences)} sentences, {mb:.2f} MB of body text")
    for name, run in (("stance", stance), ("speakers", speakers), ("vader", vader)):
        seconds = _timed(run, args.runs)
        print(f"{name:>9}: {seconds:7.2f} s  {mb / seconds:6.3f} MB/s per core")


if __name__ == "__main__":
    main()
