"""Sentence segmentation speed: the rule-based segmenter against pysbd, on the same text.

The corpus is made from the cleaned seed articles: their sentences are pooled, shuffled with a
fixed seed and regrouped into paragraphs of five sentences until the text reaches ``--mb``
megabytes (UTF-8). pysbd is timed on a slice of it (``--pysbd-mb``), being about 100x slower.
Figures are medians of ``--runs`` runs; the ratio compares the two in the same run.

Run: ``python benchmarks/bench_sentences.py [--mb 20] [--runs 5]`` (or ``make bench``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from analysis import io
from analysis.tables.partition import process_partition
from analysis.text.sentences import split_pysbd, split_rules

EVENT = Path(__file__).resolve().parents[1] / "data" / "raw" / "nato-tokyo-office"


def build_text(megabytes: float, *, seed: int = 0) -> str:
    """Shuffled seed sentences in paragraphs of five, about ``megabytes`` MB of UTF-8."""
    _, corpus = io.load_event(EVENT)
    sentences = process_partition(corpus)["sentences"]["text"].tolist()
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    paragraphs, size = [], 0
    while size < target:
        batch = rng.sample(sentences, 5)
        paragraph = " ".join(batch)
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs)


def median_rate(func, text: str, runs: int) -> tuple[float, int]:
    megabytes = len(text.encode("utf-8")) / 1e6
    times, n = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        n = len(func(text))
        times.append(time.perf_counter() - start)
    return megabytes / statistics.median(times), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the text for the rule segmenter")
    parser.add_argument("--pysbd-mb", type=float, default=0.2, help="size of the slice timed with pysbd")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text = build_text(args.mb)
    small = text[: int(args.pysbd_mb * 1_000_000)]
    small = small[: small.rfind("\n\n")] if "\n\n" in small else small
    rules_rate, n_rules = median_rate(split_rules, text, args.runs)
    rules_small, _ = median_rate(split_rules, small, args.runs)
    pysbd_rate, _ = median_rate(split_pysbd, small, max(1, args.runs // 2))
    print(f"corpus: {len(text.encode('utf-8')) / 1e6:.1f} MB of shuffled seed sentences, {n_rules:,} sentences found")
    print(f"rules segmenter : {rules_rate:8.2f} MB/s (median of {args.runs} runs on {args.mb:g} MB)")
    print(f"rules on slice  : {rules_small:8.2f} MB/s ({len(small) / 1e6:.2f} MB)")
    print(f"pysbd on slice  : {pysbd_rate:8.2f} MB/s ({len(small) / 1e6:.2f} MB)")
    print(f"ratio rules/pysbd on the same slice: {rules_small / pysbd_rate:.0f}x (target: rules >= 20 MB/s)")


if __name__ == "__main__":
    main()
