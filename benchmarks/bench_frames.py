"""Lexicon matching speed: :class:`analysis.analyses.frames.LexiconMatcher` against a regex alternation.

Lexicon: the three lexicons the shipped event uses (generic-frames, policy-frames and the event's
nato-tokyo-office), compiled into one matcher (721 entries and 7 exclusions in 25 frames when this was written; the
run prints the current figures).

Corpus: the cleaned seed articles' sentences are pooled and, with a fixed seed, shuffled into
articles of 30 sentences (paragraphs of five sentences), again and again, until the text reaches
``--mb`` megabytes of UTF-8. Every sentence is a seed sentence, so the hit density is that of the
seeds (about one hit per 12 tokens with these lexicons); a corpus with denser hits costs more per MB
for both sides, since each candidate is checked.

Compared, each over every article text, on one core:

- ours: ``LexiconMatcher.match`` (Aho-Corasick candidates, token check around each candidate,
  exclusions, longest match per frame without overlaps), returning counted matches;
- baseline: one compiled ``re`` alternation of all entries, longest first, case-insensitive,
  ``(?<![\\w-])(?:...)(?![\\w-])``, wildcards as ``\\w*``, phrase words joined by ``\\s+``, with
  ``finditer`` (it does less: no exclusions and no per-frame overlap handling);
- reference: :func:`analysis.text.tokens.tokenize` alone over the same text, to show what tokenising
  everything first would cost.

Figures are medians of ``--runs`` timed runs in MB/s of UTF-8, with ratios measured in the same run.

Run: ``python benchmarks/bench_frames.py [--mb 20] [--runs 5]`` (``--mb 2`` for a quick run).
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

import numpy as np

from analysis import io
from analysis.analyses.frames import LexiconMatcher
from analysis.resources.lexicons import load_lexicons
from analysis.tables.partition import process_partition
from analysis.text.tokens import tokenize

EVENT = Path(__file__).resolve().parents[1] / "data" / "raw" / "nato-tokyo-office"
SENTENCES_PER_ARTICLE = 30


def build_texts(megabytes: float, *, seed: int = 0) -> list[str]:
    """Article texts of shuffled seed sentences totalling about ``megabytes`` MB of UTF-8."""
    _, corpus = io.load_event(EVENT)
    pool = process_partition(corpus)["sentences"]["text"].tolist()
    rng = np.random.default_rng(seed)
    target = int(megabytes * 1_000_000)
    texts, size = [], 0
    while size < target:
        order = rng.permutation(len(pool))
        for i in range(0, len(order), SENTENCES_PER_ARTICLE):
            chunk = [pool[j] for j in order[i : i + SENTENCES_PER_ARTICLE]]
            paragraphs = [" ".join(chunk[k : k + 5]) for k in range(0, len(chunk), 5)]
            text = "\n\n".join(paragraphs)
            texts.append(text)
            size += len(text.encode("utf-8"))
            if size >= target:
                break
    return texts


def regex_baseline(lexicons: list) -> re.Pattern:
    """One alternation of every entry, longest first (the usual quick approach)."""
    alternatives = set()
    for lexicon in lexicons:
        for frame in lexicon.frames:
            for entry in frame.entries:
                words = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in entry.words]
                alternatives.add(r"\s+".join(words))
    ordered = sorted(alternatives, key=lambda a: (-len(a), a))
    return re.compile(r"(?<![\w-])(?:" + "|".join(ordered) + r")(?![\w-])", re.IGNORECASE)


def timed(function, texts: list[str], runs: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = sum(function(text) for text in texts)
        times.append(time.perf_counter() - start)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB of UTF-8 (default 20)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs; the median is reported (default 5)")
    args = parser.parse_args()

    lexicons = load_lexicons(event_dir=EVENT)
    texts = build_texts(args.mb)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    start = time.perf_counter()
    matcher = LexiconMatcher(lexicons)
    build_ours = time.perf_counter() - start
    start = time.perf_counter()
    pattern = regex_baseline(lexicons)
    pattern.search("warm up")
    build_regex = time.perf_counter() - start
    n_entries = matcher.n_entries_
    n_exclusions = sum(len(f.exclusions) for _, f in matcher.frames_)

    ours, ours_hits = timed(lambda t: len(matcher.match(t)), texts, args.runs)
    regex, regex_hits = timed(lambda t: sum(1 for _ in pattern.finditer(t)), texts, args.runs)
    tokens, n_tokens = timed(lambda t: len(tokenize(t)), texts, args.runs)

    print(f"corpus: {len(texts):,} articles, {megabytes:.1f} MB UTF-8, {n_tokens:,} tokens (shuffled seed sentences)")
    print(f"lexicons: {', '.join(lex.name for lex in lexicons)}: {n_entries} entries, {n_exclusions} exclusions, "
          f"{len(matcher.frames_)} frames")
    print(f"build: matcher {build_ours * 1000:.0f} ms, regex {build_regex * 1000:.0f} ms")
    print(f"median of {args.runs} runs, one core:")
    print(f"  LexiconMatcher.match   {megabytes / ours:7.1f} MB/s  ({ours_hits:,} counted matches)")
    print(f"  regex alternation      {megabytes / regex:7.1f} MB/s  ({regex_hits:,} matches, no per-frame counting)")
    print(f"  tokenize only (ref.)   {megabytes / tokens:7.1f} MB/s")
    print(f"  ratio ours / regex     {regex / ours:7.1f}x")


if __name__ == "__main__":
    main()
