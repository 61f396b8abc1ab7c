"""The whole ``tables`` pipeline on synthetic events of 10 MB and 100 MB, against the issue's budget.

For each size the event is built once by ``benchmarks/make_corpus.py --seed 0`` (ten outlets,
shuffled seed paragraphs, about 15 % near-copies, half the pages wrapped in boilerplate; see that
script's docstring) under ``--root``, then:

1. **Whole command**: ``python -m analysis --root ROOT tables --event bench-SIZE`` in a fresh
   process, ``--runs`` times; wall seconds and peak RSS (``/usr/bin/time -f``, or the children's
   ``getrusage`` when that is missing) and the bytes written to ``data/processed/bench-SIZE/``.
   The table gives medians.
2. **Per step**, in this process, once per size: each step of the pipeline (loading, cleaning,
   sentences, each table builder, writing) timed with ``time.process_time``, as MB of input text
   per CPU second (= per core, since each step runs on one core), next to the same work done by
   the plain library call on the same corpus: ``CountVectorizer`` (1-2-grams) for term counts,
   ``vaderSentiment`` per sentence for sentiment, one compiled regex alternation of the frame
   lexicons' phrases for frame matching.

Budget (issue 14): 100 MB in <= 90 s wall on 2 cores (goal 60 s), peak RSS <= 2 GB, output bytes
<= 1.5 x input bytes. 1 GB is run by hand only (``--sizes 1GB``).

Run::

    python benchmarks/bench_pipeline.py                       # 10MB and 100MB, 3 runs, writes results.md
    python benchmarks/bench_pipeline.py --sizes 1MB --runs 1 --no-write   # smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results.md"
UNITS = {"KB": 10**3, "MB": 10**6, "GB": 10**9}
BUDGET = {"wall_s": 90.0, "rss_mb": 2000.0, "output_ratio": 1.5}


def parse_size(text: str) -> int:
    """``"10MB"`` -> 10_000_000 bytes.

    Examples
    --------
    >>> parse_size("10MB"), parse_size("1GB")
    (10000000, 1000000000)
    """
    match = re.fullmatch(r"(\d+)(KB|MB|GB)", text.strip().upper())
    if not match:
        raise ValueError(f"size must look like 10MB or 1GB, got {text!r}")
    return int(match.group(1)) * UNITS[match.group(2)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "MPLBACKEND": "Agg"}


def build_event(size: str, root: Path) -> Path:
    """The event folder of ``size`` under ``root``, built by make_corpus.py when missing."""
    folder = root / "data" / "raw" / f"bench-{size}"
    if not (folder / "event.yaml").exists():
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "--size", size,
                        "--out", str(root), "--seed", "0"], check=True, env=_env(), stdout=subprocess.DEVNULL)
    return folder


def run_command(size: str, root: Path) -> dict[str, Any]:
    """One run of the whole ``tables`` command in a fresh process: wall s, CPU s (user + system),
    peak RSS MB, output bytes (in all and per file) and the 1-minute load average at its start."""
    command = [sys.executable, "-m", "analysis", "--root", str(root), "tables", "--event", f"bench-{size}"]
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    if timer:
        done = subprocess.run(
            [timer, "-f", "RSSKB %M CPU %U %S", *command], check=False, env=_env(), capture_output=True, text=True
        )
        wall = time.perf_counter() - start
        found = re.findall(r"RSSKB (\d+) CPU ([\d.]+) ([\d.]+)", done.stderr)
        rss_mb = int(found[-1][0]) / 1024 if found else float("nan")
        cpu_s = float(found[-1][1]) + float(found[-1][2]) if found else float("nan")
    else:
        done = subprocess.run(command, check=False, env=_env(), capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss_mb = after.ru_maxrss / 1024  # max over all runs so far
        cpu_s = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(f"tables on bench-{size} failed: {done.stderr.strip().splitlines()[-1:]}")
    out = root / "data" / "processed" / f"bench-{size}"
    files = {p.name: p.stat().st_size for p in out.iterdir()}
    return {"wall_s": wall, "cpu_s": cpu_s, "load": load, "rss_mb": rss_mb,
            "output_bytes": float(sum(files.values())), "files": files}


def _cpu(func, *args, **kwargs):
    start = time.process_time()
    result = func(*args, **kwargs)
    return result, time.process_time() - start


def measure_steps(folder: Path, megabytes: float) -> list[tuple[str, float, str, float | None]]:
    """``(step, MB/s per core, library call, its MB/s per core)`` for each step, in this process."""
    import tempfile

    from analysis import io
    from analysis.context import EventContext
    from analysis.corpus.cleaning import clean_corpus
    from analysis.tables.partition import article_table
    from analysis.tables.registry import SPREADSHEET_TABLES, default_builders
    from analysis.text.sentences import sentence_table

    rows: list[tuple[str, float, str, float | None]] = []
    (meta, corpus), seconds = _cpu(io.load_event, folder)
    rows.append(("load_event", megabytes / seconds, "", None))
    (cleaned, removed), seconds = _cpu(clean_corpus, corpus)
    rows.append(("clean_corpus", megabytes / seconds, "", None))
    sentences, seconds = _cpu(sentence_table, cleaned)
    rows.append(("sentence_table", megabytes / seconds, "", None))
    tables = {"articles": article_table(cleaned, sentences), "sentences": sentences, "removed": removed}
    context = EventContext(slug=folder.name, raw_dir=folder, meta=meta)
    for builder in default_builders():
        new, seconds = _cpu(builder, tables, context)
        tables.update(new)
        rows.append((builder.__name__, megabytes / seconds, "", None))
    with tempfile.TemporaryDirectory() as tmp:
        _, seconds = _cpu(io.write_tables, tables, tmp, spreadsheets=SPREADSHEET_TABLES)
    rows.append(("write_tables", megabytes / seconds, "", None))

    texts = tables["articles"]["text"].tolist()
    library = {}
    from sklearn.feature_extraction.text import CountVectorizer

    _, seconds = _cpu(CountVectorizer(ngram_range=(1, 2)).fit_transform, texts)
    library["build_terms_tables"] = ("CountVectorizer(1-2-grams).fit_transform", megabytes / seconds)
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    _, seconds = _cpu(lambda: [analyzer.polarity_scores(s) for s in sentences["text"]])
    library["build_stance_tables"] = ("vaderSentiment polarity_scores per sentence", megabytes / seconds)
    phrases = _lexicon_phrases(folder)
    if phrases:
        alternation = "|".join(re.escape(p).replace(r"\*", r"\w*") for p in sorted(phrases, key=len, reverse=True))
        pattern = re.compile(r"\b(?:" + alternation + r")\b", re.IGNORECASE)
        _, seconds = _cpu(lambda: [pattern.findall(t) for t in texts])
        library["build_frames_tables"] = (f"one regex alternation of {len(phrases)} lexicon phrases",
                                         megabytes / seconds)
    return [(step, rate, *library.get(step, ("", None))) for step, rate, _, _ in rows]


def _lexicon_phrases(folder: Path) -> list[str]:
    from analysis import io

    phrases: set[str] = set()
    paths = [*sorted((io.PACKAGE_DATA).rglob("*lexicon*.yaml")), *sorted(folder.glob("lexicon*.yaml"))]
    for path in paths:
        _collect_strings(io.read_yaml(path), phrases)
    return sorted(p for p in phrases if 2 < len(p) < 60 and "\n" not in p)


def _collect_strings(node, out: set[str]) -> None:
    if isinstance(node, dict):
        for key in ("entries", "terms", "phrases"):
            if isinstance(node.get(key), list):
                out.update(str(v) for v in node[key] if isinstance(v, str))
        for value in node.values():
            if isinstance(value, (dict, list)):
                _collect_strings(value, out)
    elif isinstance(node, list):
        for value in node:
            _collect_strings(value, out)


def report(sizes: list[str], whole: dict[str, list[dict[str, Any]]],
           steps: dict[str, list[tuple[str, float, str, float | None]]], runs: int) -> str:
    """The results as Markdown."""
    lines = [
        "# Benchmark: the whole `tables` pipeline (`benchmarks/bench_pipeline.py`)",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Events from `benchmarks/make_corpus.py --seed 0`.",
        "",
        f"## Whole command (median of {runs} run(s))",
        "",
        "| input | wall s | CPU s | load average at start | peak RSS MB | output MB | output / input | budget |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size in sizes:
        results = whole[size]
        wall = statistics.median(r["wall_s"] for r in results)
        rss = statistics.median(r["rss_mb"] for r in results)
        out = statistics.median(r["output_bytes"] for r in results)
        ratio = out / parse_size(size)
        notes = []
        if size == "100MB":
            notes.append(f"wall {'OK' if wall <= BUDGET['wall_s'] else 'over'} (<= {BUDGET['wall_s']:.0f} s)")
        notes.append(f"RSS {'OK' if rss <= BUDGET['rss_mb'] else 'over'} (<= {BUDGET['rss_mb']:.0f} MB)")
        notes.append(f"output {'OK' if ratio <= BUDGET['output_ratio'] else 'over'} (<= {BUDGET['output_ratio']}x)")
        cpu = statistics.median(r["cpu_s"] for r in results)
        load = ", ".join(f"{r['load']:.1f}" for r in results)
        lines.append(f"| {size} | {wall:.1f} | {cpu:.1f} | {load} | {rss:.0f} | {out / 1e6:.1f} | {ratio:.2f}x "
                     f"| {'; '.join(notes)} |")
    lines += ["", "## Largest output files (last run)", "", "| input | file | MB | share of output |",
              "|---|---|---:|---:|"]
    for size in sizes:
        files = whole[size][-1]["files"]
        total = sum(files.values()) or 1
        for name, size_bytes in sorted(files.items(), key=lambda kv: (-kv[1], kv[0]))[:6]:
            lines.append(f"| {size} | `{name}` | {size_bytes / 1e6:.2f} | {100 * size_bytes / total:.0f}% |")
    for size in sizes:
        lines += ["", f"## Per step at {size} (MB of input text per CPU second, one process)", "",
                  "| step | MB/s per core | plain library call, same corpus | its MB/s per core |",
                  "|---|---:|---|---:|"]
        for step, rate, call, call_rate in steps[size]:
            lines.append(f"| `{step}` | {rate:.2f} | {call} | {'' if call_rate is None else f'{call_rate:.2f}'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10MB,100MB", help="comma-separated sizes (default 10MB,100MB)")
    parser.add_argument("--runs", type=int, default=3, help="runs of the whole command per size (median)")
    parser.add_argument("--root", type=Path, default=Path("/tmp/bench-pipeline"), help="where events are built")
    parser.add_argument("--no-steps", action="store_true", help="skip the per-step table")
    parser.add_argument("--no-write", action="store_true", help=f"print only; do not write {RESULTS.name}")
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        parse_size(size)
    whole: dict[str, list[dict[str, Any]]] = {}
    steps: dict[str, list] = {}
    for size in sizes:
        folder = build_event(size, args.root)
        whole[size] = []
        for run in range(args.runs):
            result = run_command(size, args.root)
            whole[size].append(result)
            print(f"{size} run {run + 1}: {result['wall_s']:.1f} s wall, {result['cpu_s']:.1f} s CPU "
                  f"(load {result['load']:.1f}), {result['rss_mb']:.0f} MB peak, "
                  f"{result['output_bytes'] / 1e6:.1f} MB written", file=sys.stderr)
        steps[size] = [] if args.no_steps else measure_steps(folder, parse_size(size) / 1e6)
    text = report(sizes, whole, steps, args.runs)
    print(text)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
