"""Cleaning + sentences on a large synthetic corpus: pandas in one process vs Dask over partitions.

The corpus is made from the seed pages: each synthetic article is a real seed page's boilerplate
(the lines the cleaner removes, kept in place before and after) around 3-12 body paragraphs drawn at
random (fixed seed) from the five cleaned bodies, so the cleaner has the real work to do. Figures are
medians of ``--runs`` runs in the same process; the ratio compares Dask (``--workers`` processes, the
local "processes" scheduler) with plain pandas on the same corpus.

Run: ``python benchmarks/bench_scale.py [--articles 4000] [--partitions 8] [--workers 2] [--runs 3]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

import dask
import pandas as pd

from analysis import io
from analysis.tables.partition import process_partition
from analysis.tables.scale import process_corpus, to_dask

EVENT = Path(__file__).resolve().parents[1] / "data" / "raw" / "nato-tokyo-office"


def build_corpus(n_articles: int, *, seed: int = 0) -> pd.DataFrame:
    """``n_articles`` synthetic pages made of seed boilerplate around shuffled seed paragraphs."""
    _, corpus = io.load_event(EVENT)
    tables = process_partition(corpus)
    paragraphs = [p for body in tables["articles"]["text"] for p in body.split("\n\n")]
    removed = tables["removed"][~tables["removed"]["reason"].str.startswith("teaser")]
    heads, tails = [], []
    for article in tables["articles"].itertuples():
        raw_lines = corpus.set_index("article_id").loc[article.article_id, "raw_text"].splitlines()
        first = next(i for i, line in enumerate(raw_lines, 1) if article.text[:30] in line)
        last = max(i for i, line in enumerate(raw_lines, 1) if article.text[-25:] in line)
        mine = removed[removed.article_id == article.article_id]
        heads.append(mine[mine.line < first]["text"].tolist())
        tails.append(mine[mine.line > last]["text"].tolist())
    rng = random.Random(seed)
    rows = []
    for i in range(n_articles):
        k = rng.randrange(len(heads))
        body = rng.sample(paragraphs, rng.randint(3, 12))
        text = "\n\n".join([*heads[k], *body, *tails[k]]) + f"\n\nArticle number {i}.\n"
        rows.append({
            "article_id": f"a{i:06d}", "file": f"a{i:06d}.txt", "outlet": f"Outlet {i % 7}", "platform": None,
            "source": None, "published": None, "reposted": None, "authors": [], "title": None, "url": None,
            "language": "en", "notes": None, "raw_text": text, "encoding": "utf-8",
        })
    return pd.DataFrame(rows)


def median_seconds(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = build_corpus(args.articles)
    megabytes = corpus["raw_text"].str.len().sum() / 1e6

    def run_pandas() -> None:
        process_partition(corpus)

    ddf = to_dask(corpus, npartitions=args.partitions)

    def run_dask() -> None:
        tables = process_corpus(ddf)
        with dask.config.set(scheduler="processes", num_workers=args.workers):
            dask.compute(*tables.values())

    pandas_s = median_seconds(run_pandas, args.runs)
    dask_s = median_seconds(run_dask, args.runs)
    print(f"corpus: {args.articles:,} synthetic pages, {megabytes:.1f} MB (seed boilerplate around seed paragraphs)")
    print(f"pandas, 1 process      : {pandas_s:7.2f} s  {megabytes / pandas_s:6.2f} MB/s  (median of {args.runs})")
    print(f"dask, {args.workers} processes, {args.partitions} parts: {dask_s:7.2f} s  {megabytes / dask_s:6.2f} MB/s")
    print(f"speed-up dask/pandas: {pandas_s / dask_s:.2f}x on this machine's cores")


if __name__ == "__main__":
    main()
