"""How pairwise reuse detection scales: every pair compared against candidate pairs pruned first.

The synthetic events are made from the cleaned seed articles. Their sentences are pooled and
their words form a vocabulary. One article in three is an *original*: 8 to 30 sentences, each a
seed sentence whose words were all replaced by words drawn at random from the vocabulary (same
length, fresh word sequences, so originals share no more than chance). Every other article is
*derived* from an earlier random article: it keeps 30-70% of that article's sentences in order,
half of them verbatim and half with one word in five swapped for a random word, and adds 2 to 10
original-style new sentences. A fixed seed makes the events identical on every run.

For each size (``--sizes``, default 50 200 800 articles) the script times
:func:`analysis.analyses.reuse.reuse_tables` with ``prune="none"`` (all pairs) and with
``prune="minhash"`` and ``prune="ngrams"``; figures are medians of ``--runs`` runs, the ratio
compares each method with all pairs in the same run. It also reports how many pairs each method
compares and their *recall*: the share of true (source, derived) pairs that survive pruning, and
how often the likely source found equals the true one. All-pairs comparison is skipped above
``--max-all`` articles (it grows with the square of the size).

Run: ``python benchmarks/bench_reuse.py [--sizes 50 200 800] [--runs 3]``.

**At scale** (``--corpus 10MB 30MB``): the benchmark events of ``benchmarks/make_corpus.py --seed 0``
(built under ``--root`` when missing; see ``bench_pipeline.py``), each loaded and cleaned in a fresh
process, then :func:`analysis.analyses.reuse.reuse_tables` timed alone, ``--runs`` times: median wall
and CPU seconds of the reuse step, the process's peak RSS and its RSS before the step, the rows of
each reuse table and the most partners any article was compared with (at most ``max_partners`` as
a candidate source plus the later articles that picked it), and the ratio of each size's CPU
seconds to the first size's against the ratio of their articles (linear: equal).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from analysis import io
from analysis.analyses.reuse import ReuseOptions, candidate_pairs, reuse_tables
from analysis.tables.partition import process_partition

EVENT = Path(__file__).resolve().parents[1] / "data" / "raw" / "nato-tokyo-office"


def build_event(n_articles: int, *, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Synthetic (articles, sentences, true source of each derived article)."""
    _, corpus = io.load_event(EVENT)
    pool = process_partition(corpus)["sentences"]["text"].tolist()
    vocabulary = sorted({w for s in pool for w in s.split()})
    rng = random.Random(seed)

    def fresh() -> str:
        template = rng.choice(pool).split()
        return " ".join(rng.choice(vocabulary) for _ in template)

    def edit(sentence: str) -> str:
        words = sentence.split()
        return " ".join(rng.choice(vocabulary) if rng.random() < 0.2 else w for w in words)

    texts: list[list[str]] = []
    truth: dict[str, str] = {}
    for i in range(n_articles):
        if i == 0 or rng.random() < 1 / 3:
            texts.append([fresh() for _ in range(rng.randint(8, 30))])
            continue
        parent = rng.randrange(i)
        source = texts[parent]
        keep = sorted(rng.sample(range(len(source)), max(2, round(len(source) * rng.uniform(0.3, 0.7)))))
        body = [source[k] if rng.random() < 0.5 else edit(source[k]) for k in keep]
        for _ in range(rng.randint(2, 10)):
            body.insert(rng.randrange(len(body) + 1), fresh())
        texts.append(body)
        truth[f"{i:04d}"] = f"{parent:04d}"
    ids = [f"{i:04d}" for i in range(n_articles)]
    dates = [(pd.Timestamp("2024-01-01") + pd.Timedelta(days=i)).strftime("%Y-%m-%d") for i in range(n_articles)]
    articles = pd.DataFrame({
        "article_id": ids, "outlet": [f"Outlet {i}" for i in ids], "platform": None, "source": None,
        "published": dates, "text": [" ".join(t) for t in texts],
    })
    rows = [(aid, k, s) for aid, t in zip(ids, texts, strict=True) for k, s in enumerate(t)]
    return articles, pd.DataFrame(rows, columns=["article_id", "sentence_id", "text"]), truth


def median_time(func, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def reuse_step(folder: Path) -> dict[str, float]:
    """Load and clean the event in ``folder``, then time the reuse step alone (in this process)."""
    from analysis.tables.partition import process_partition
    from analysis.text.tokens import sentence_tokens

    _, corpus = io.load_event(folder)
    tables = process_partition(corpus)
    articles, sentences = tables["articles"], tables["sentences"]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wall, cpu = time.perf_counter(), time.process_time()
    out = reuse_tables(articles, sentences, tokens=sentence_tokens(sentences))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pairs = out["reuse_pairs"]
    partners = pd.concat([pairs["article_a"], pairs["article_b"]]).value_counts()
    return {"articles": len(articles), "wall_s": wall, "cpu_s": cpu, "rss_before_mb": rss_before,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            **{f"{name}_rows": len(table) for name, table in out.items()},
            "most_partners": int(partners.max()) if len(partners) else 0}


def at_scale(sizes: list[str], root: Path, runs: int) -> None:
    """The reuse step on the benchmark events, each run in a fresh process; prints medians and ratios."""
    from bench_pipeline import build_event

    print("input   articles  wall s  CPU s  peak RSS MB (before)  reuse_pairs  sentence_alignment  "
          "most partners  CPU ratio  articles ratio")
    first = None
    for size in sizes:
        folder = build_event(size, root)
        results = []
        for _ in range(runs):
            done = subprocess.run([sys.executable, __file__, "--one", str(folder)], check=True,
                                  capture_output=True, text=True)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        med = {k: statistics.median(r[k] for r in results) for k in results[0]}
        first = first or med
        print(f"{size:6s}  {med['articles']:8.0f}  {med['wall_s']:6.1f}  {med['cpu_s']:5.1f}  "
              f"{med['rss_mb']:7.0f} ({med['rss_before_mb']:.0f})  {med['reuse_pairs_rows']:17.0f}  "
              f"{med['sentence_alignment_rows']:18.0f}  {med['most_partners']:13.0f}  "
              f"{med['cpu_s'] / first['cpu_s']:9.2f}  {med['articles'] / first['articles']:14.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-all", type=int, default=800, help="largest size compared on all pairs")
    parser.add_argument("--corpus", nargs="+", metavar="SIZE", help="benchmark events (10MB 30MB): the step at scale")
    parser.add_argument("--root", type=Path, default=Path("/tmp/bench-root"), help="where --corpus events are built")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # one event folder, one run (a child process)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(reuse_step(args.one)))
        return
    if args.corpus:
        at_scale(args.corpus, args.root, args.runs)
        return
    print("articles  method   pairs compared  pair recall  sources right  median s  vs all pairs")
    for size in args.sizes:
        articles, sentences, truth = build_event(size)
        true_pairs = {tuple(sorted(p)) for p in truth.items()}
        baseline = None
        for method in ("none", "minhash", "ngrams"):
            if method == "none" and size > args.max_all:
                continue
            options = ReuseOptions(prune=method)
            seconds, out = median_time(
                lambda a=articles, s=sentences, o=options: reuse_tables(a, s, options=o), args.runs
            )
            pairs = candidate_pairs(sentences, method=method)
            recall = len(true_pairs & set(pairs)) / len(true_pairs) if true_pairs else 1.0
            found = out["derivation"].set_index("article_id")["likely_source_article_id"]
            right = sum(found.get(d) == s for d, s in truth.items()) / len(truth) if truth else 1.0
            if method == "none":
                baseline = seconds
            ratio = f"{baseline / seconds:6.1f}x faster" if baseline and method != "none" else "   baseline" \
                if method == "none" else "      n/a"
            print(f"{size:8d}  {method:7s}  {len(pairs):14d}  {recall:11.1%}  {right:13.1%}  {seconds:8.2f}  {ratio}")


if __name__ == "__main__":
    main()
