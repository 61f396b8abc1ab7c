"""Stance tables speed, against VADER alone on the same sentences (the floor of the sentiment step).

The corpus repeats the five cleaned seed articles ``--copies`` times (each copy a new article id,
same outlet), so every rule fires as on the seeds. Timed:

- ours: :func:`analysis.stance.stance_tables` (mentions, quotations and speakers, reporting verbs,
  hedges, VADER per sentence and voice, actor sentiment with 2,000 bootstrap resamples per group);
- baseline: ``SentimentIntensityAnalyzer().polarity_scores`` on every sentence, nothing else.

Figures are medians of ``--runs`` runs, wall clock, in thousand words per second, with the ratio
measured in the same run.

Run: ``python benchmarks/bench_stance.py [--copies 40] [--runs 3]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pandas as pd

from analysis import io
from analysis.analyses.stance.actors import load_actors
from analysis.analyses.stance.cues import stance_tables
from analysis.tables.registry import process_partition

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    event = ROOT / "data" / "raw" / "nato-tokyo-office"
    _, corpus = io.load_event(event)
    seed = process_partition(corpus)
    articles, sentences = [], []
    for copy in range(args.copies):
        ids = {aid: f"{copy:04d}{aid}" for aid in seed["articles"]["article_id"]}
        articles.append(seed["articles"].assign(article_id=seed["articles"]["article_id"].map(ids)))
        sentences.append(seed["sentences"].assign(article_id=seed["sentences"]["article_id"].map(ids)))
    articles_frame = pd.concat(articles, ignore_index=True)
    sentences_frame = pd.concat(sentences, ignore_index=True)
    actors = load_actors(event / "actors.yaml")
    words = int(articles_frame["n_words"].sum())

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    def ours() -> None:
        stance_tables(articles_frame, sentences_frame, actors=actors)

    def baseline() -> None:
        analyzer = SentimentIntensityAnalyzer()
        for text in sentences_frame["text"]:
            analyzer.polarity_scores(text)

    times = {}
    for name, run in (("ours", ours), ("baseline", baseline)):
        taken = []
        for _ in range(args.runs):
            start = time.perf_counter()
            run()
            taken.append(time.perf_counter() - start)
        times[name] = statistics.median(taken)
    print(f"corpus: {len(articles_frame)} articles, {len(sentences_frame)} sentences, {words:,} words")
    for name, seconds in times.items():
        print(f"{name:>9}: {seconds:.3f} s  {words / seconds / 1000:.1f} k words/s")
    print(f"    ratio: ours takes {times['ours'] / times['baseline']:.2f}x the time of VADER alone")


if __name__ == "__main__":
    main()
