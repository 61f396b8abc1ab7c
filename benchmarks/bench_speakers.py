"""Speaker search and discovery on one long article: time must grow linearly with its length.

Issue 10 measured speaker search on 0.25, 0.5 and 1 MB articles taking 1.4, 3.8 and 15.6 s
(quadratic). This builds one article per size by repeating the cleaned seed bodies (paragraphs
joined by blank lines, so every rule fires as on the seeds), splits its sentences, then times
:func:`analysis.analyses.stance.speakers.article_stance` (discovery, mentions, quotations and
their speakers, documents) and, separately, the per-article stance tables without VADER.
The last column is seconds per MB: flat when the work is linear.

Run: ``python benchmarks/bench_speakers.py [--sizes 0.25 0.5 1] [--runs 1]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from analysis import io
from analysis.analyses.stance.speakers import article_stance
from analysis.resources.actors import load_actors
from analysis.resources.verbs import load_reporting_verbs
from analysis.tables.partition import process_partition
from analysis.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1.0], help="article sizes in MB")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    _, corpus = io.load_event(ROOT / "data" / "raw" / "nato-tokyo-office")
    bodies = list(process_partition(corpus)["articles"]["text"])
    block = "\n\n".join(bodies)
    known = load_actors()
    reporting_verbs = load_reporting_verbs()
    print(f"{'MB':>6} {'sentences':>10} {'quotes':>7} {'mentions':>9} {'seconds':>8} {'s/MB':>7}")
    for size in args.sizes:
        target = int(size * 1_000_000)
        text = ("\n\n".join([block] * (target // len(block.encode()) + 1)))
        text = text[: target]
        sentences = [(s["start"], s["end"]) for s in split_sentences(text)]
        taken = []
        for _ in range(args.runs):
            start = time.perf_counter()
            found = article_stance(text, sentences=sentences, known=known, reporting_verbs=reporting_verbs)
            taken.append(time.perf_counter() - start)
        seconds = statistics.median(taken)
        mb = len(text.encode()) / 1e6
        print(f"{mb:6.2f} {len(sentences):10d} {len(found.quotations):7d} {len(found.mentions):9d} "
              f"{seconds:8.2f} {seconds / mb:7.2f}")


if __name__ == "__main__":
    main()
