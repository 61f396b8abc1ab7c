"""Whole stance step speed (discovery included), in MB of article text per second on one core.

The corpus is a synthetic event from ``benchmarks/make_corpus.py`` (``--size``, default 1MB of
article text; no actors file, so actors are discovered as for a new event), loaded and cleaned
once (not timed). Timed in this one process, median of ``--runs`` (default 3), each step on the
same corpus in the same run:

- ``stance``: :func:`analysis.analyses.stance.build_stance_tables` as the pipeline runs it:
  discovery, mentions, quotations and speakers, documents, reporting verbs, hedges, VADER per
  sentence and voice, actor sentiment, stance toward actors (VADER on the clauses that name an
  actor), the actors table, the bootstrap intervals;
- ``speakers``: the per-article step alone (:func:`analysis.analyses.stance.speakers.article_stance`:
  discovery, mentions, quotations, speakers, documents), no sentiment;
- ``vader``: the plain-library baseline, ``SentimentIntensityAnalyzer().polarity_scores`` on every
  sentence of the ``sentences`` table, nothing else.

Rates are MB of cleaned body text (``articles.text``, UTF-8) per CPU second of this process
(``time.process_time``, so other processes on a shared machine slow the wall clock, not this
figure much) and per wall second; ``ratio`` is the step's CPU rate over the baseline's. The load
average is printed before and after, since the machine may be shared. The stance step scores a
repeated text once (VADER and bootstrap results are looked up), and the synthetic corpus repeats
the 67 seed paragraphs, so the share of distinct sentences is printed too: on a corpus without
repeats the stance step is slower than here. It is therefore timed a second time on the five
seed articles themselves (no actors file either; no sentence repeated), where VADER on every
sentence, which the ``sentiment`` table needs, bounds it. The target of issue 12 is 3 MB/s per core.

Run: ``python benchmarks/bench_stance.py [--size 1MB] [--runs 3]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from analysis import io
from analysis.analyses.stance import build_stance_tables
from analysis.analyses.stance.speakers import article_stance
from analysis.context import EventContext
from analysis.resources.actors import load_actors
from analysis.resources.names import load_name_lists
from analysis.resources.verbs import load_reporting_verbs
from analysis.tables.partition import process_partition

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus


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


def _measure(folder: Path, runs: int) -> tuple[str, float, dict[str, tuple[float, float]]]:
    """Describe the event in ``folder`` and time its three steps (CPU and wall medians)."""
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

    distinct = sentences["text"].nunique() / max(len(sentences), 1)
    about = (f"{len(articles)} articles, {len(sentences)} sentences ({distinct:.1%} distinct texts), "
             f"{mb:.3f} MB of body text")
    figures = {name: _timed(run, runs) for name, run in (("vader", vader), ("stance", stance), ("speakers", speakers))}
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
        for name, where in ((f"synthetic {args.size}", folder), ("seed articles", seeds)):
            about, mb, figures = _measure(where, args.runs)
            print(f"{name}: {about}")
            results.append((name, mb, figures))
    print(f"load average (1/5/15 min) after:  {_load()}")
    print()
    print("| corpus | step | CPU s | wall s | MB/s per core (CPU) | MB/s (wall) | ratio to baseline (CPU) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, mb, figures in results:
        base = mb / figures["vader"][0]
        for step in ("stance", "speakers", "vader"):
            cpu, wall = figures[step]
            print(f"| {name} | {step} | {cpu:.2f} | {wall:.2f} | {mb / cpu:.3f} | {mb / wall:.3f} | "
                  f"{mb / cpu / base:.2f} |")


if __name__ == "__main__":
    main()
