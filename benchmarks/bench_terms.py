"""Term counting + distinctive-term scoring speed, against scikit-learn's CountVectorizer.

The corpus is made from the cleaned seed articles: their sentences are pooled and, with a fixed
seed, shuffled into articles of 30 sentences (paragraphs of five), each article given to one of the
five seed outlets in turn, until the text reaches ``--mb`` megabytes of UTF-8. The sentence table
(offsets) is built alongside, as the pipeline would. Note: since every sentence is a seed sentence,
the vocabulary stays that of the seeds (about 1,500 words); a real corpus of that size has a far
larger vocabulary, which costs more memory and dictionary time than measured here.

Both sides count unigrams and bigrams with the same stop words, per article, summed per outlet with
document frequencies, and then run the same :func:`analysis.analyses.terms.distinctive_terms` (one-vs-rest
and all pairs):

- ours: :func:`analysis.analyses.terms.count_terms` (n-grams within punctuation- and sentence-bounded runs);
- baseline: ``CountVectorizer(ngram_range=(1, 2), stop_words=..., token_pattern=TOKEN_PATTERN)``
  (its n-grams skip removed stop words and cross punctuation, so the vocabularies differ slightly),
  summed per outlet with a sparse indicator product.

Figures are medians of ``--runs`` timed runs, in MB/s of UTF-8 on one core (both are single
threaded), by wall clock and by CPU time of the process (the latter is not inflated by other
processes sharing the machine), with their ratio measured in the same run. Peak memory is measured in one extra,
untimed run of each under tracemalloc (Python allocations above what existed before the run, so
the corpus itself is excluded); the process's maximum resident size is printed at the end.

Run: ``python benchmarks/bench_terms.py [--mb 100] [--runs 3]`` (``--mb 5`` for a quick run).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import io
from analysis.analyses.terms import count_terms, distinctive_terms
from analysis.resources.stopwords import default_stopwords
from analysis.tables.partition import process_partition
from analysis.text.tokens import TOKEN_PATTERN

EVENT = Path(__file__).resolve().parents[1] / "data" / "raw" / "nato-tokyo-office"
SENTENCES_PER_ARTICLE = 30


def build_corpus(megabytes: float, *, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles (article_id, outlet, text) and sentences (article_id, start, end) of ~``megabytes`` MB."""
    _, corpus = io.load_event(EVENT)
    tables = process_partition(corpus)
    pool = tables["sentences"]["text"].tolist()
    outlets = sorted(tables["articles"]["outlet"].unique())
    rng = np.random.default_rng(seed)
    target = int(megabytes * 1_000_000)
    articles: dict[str, list] = {"article_id": [], "outlet": [], "text": []}
    sentences: dict[str, list] = {"article_id": [], "start": [], "end": []}
    size, number = 0, 0
    order = rng.permutation(len(pool)).tolist()
    while size < target:
        article_id = f"{number:07d}"
        parts, offset = [], 0
        for k in range(SENTENCES_PER_ARTICLE):
            if not order:
                order = rng.permutation(len(pool)).tolist()
            sentence = pool[order.pop()]
            sep = "" if k == 0 else ("\n\n" if k % 5 == 0 else " ")
            offset += len(sep)
            parts.append(sep + sentence)
            sentences["article_id"].append(article_id)
            sentences["start"].append(offset)
            sentences["end"].append(offset + len(sentence))
            offset += len(sentence)
        text = "".join(parts)
        articles["article_id"].append(article_id)
        articles["outlet"].append(outlets[number % len(outlets)])
        articles["text"].append(text)
        size += len(text.encode("utf-8"))
        number += 1
    return pd.DataFrame(articles), pd.DataFrame(sentences)


def ours(articles: pd.DataFrame, sentences: pd.DataFrame, stop: frozenset[str]) -> pd.DataFrame:
    return distinctive_terms(count_terms(articles, sentences, ngram_range=(1, 2), stopwords=stop))


def baseline(articles: pd.DataFrame, sentences: pd.DataFrame, stop: frozenset[str]) -> pd.DataFrame:
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(
        ngram_range=(1, 2), stop_words=sorted(stop), token_pattern=TOKEN_PATTERN.pattern, lowercase=True
    )
    matrix = vectorizer.fit_transform(articles["text"])
    outlets, codes = np.unique(articles["outlet"].to_numpy(), return_inverse=True)
    indicator = sparse.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(outlets), len(codes))
    )
    counts = (indicator @ matrix).toarray()
    docs = (indicator @ (matrix > 0).astype(np.int64)).toarray()
    vocab = vectorizer.get_feature_names_out()
    ngram = np.char.count(vocab.astype(str), " ") + 1
    frames = []
    for i, outlet in enumerate(outlets):
        used = counts[i] > 0
        n_tokens = int(counts[i][ngram == 1].sum())
        frames.append(pd.DataFrame({
            "outlet": outlet, "term": np.concatenate([[""], vocab[used]]),
            "ngram": np.concatenate([[0], ngram[used]]), "count": np.concatenate([[n_tokens], counts[i][used]]),
            "doc_freq": np.concatenate([[int((codes == i).sum())], docs[i][used]]),
        }))
    return distinctive_terms(pd.concat(frames, ignore_index=True))


def median_seconds(func, args: tuple, runs: int) -> tuple[float, float, int]:
    """Median wall-clock and CPU seconds (CPU time is robust to other processes on the machine)."""
    walls, cpus, rows = [], [], 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        rows = len(func(*args))
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus), rows


def peak_mb(func, args: tuple) -> float:
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    func(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (peak - base) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="corpus size in MB of UTF-8 (default 100)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each method (median reported)")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs (slow)")
    args = parser.parse_args()
    articles, sentences = build_corpus(args.mb)
    megabytes = sum(len(t.encode("utf-8")) for t in articles["text"]) / 1e6
    stop = default_stopwords()
    print(f"corpus: {megabytes:.1f} MB, {len(articles):,} articles, {len(sentences):,} sentences, 5 outlets")
    ours_s, ours_cpu, ours_rows = median_seconds(ours, (articles, sentences, stop), args.runs)
    base_s, base_cpu, base_rows = median_seconds(baseline, (articles, sentences, stop), args.runs)
    print(f"count_terms + distinctive_terms: {megabytes / ours_s:6.1f} MB/s wall, {megabytes / ours_cpu:6.1f} MB/s CPU"
          f"  (medians {ours_s:.2f} s, {ours_cpu:.2f} s CPU; {ours_rows:,} rows)")
    print(f"CountVectorizer + same scoring:  {megabytes / base_s:6.1f} MB/s wall, {megabytes / base_cpu:6.1f} MB/s CPU"
          f"  (medians {base_s:.2f} s, {base_cpu:.2f} s CPU; {base_rows:,} rows)")
    print(f"ratio: {base_s / ours_s:.2f}x CountVectorizer wall, {base_cpu / ours_cpu:.2f}x CPU  "
          "(targets: >= 15 MB/s per core, >= 3x)")
    if not args.no_memory:
        ours_peak = peak_mb(ours, (articles, sentences, stop))
        base_peak = peak_mb(baseline, (articles, sentences, stop))
        print(f"peak Python allocations during one run (tracemalloc): ours {ours_peak:.0f} MB, "
              f"CountVectorizer {base_peak:.0f} MB  (target < 1000 MB for 100 MB)")
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process maximum resident size (corpus included): {max_rss:.0f} MB")


if __name__ == "__main__":
    main()
