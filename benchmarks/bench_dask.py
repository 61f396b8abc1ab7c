"""The per-article steps on a Dask cluster: 2 workers against 1, and the client's memory at two sizes.

For each size the event is built once by ``benchmarks/make_corpus.py --seed 0`` under ``--root``
(ten outlets, shuffled seed paragraphs, near-copies, boilerplate). Then, in a fresh process per
run (so that peak RSS is the run's own):

1. **Speed-up**: :func:`analysis.tables.scale.partitioned_tables` (cleaning, sentences, term
   counts, stance, frames on each partition, with their reductions) on a local cluster of 1 and of
   2 worker processes (one thread each), the same ``--partitions`` for both, ``--runs`` times each;
   wall seconds (medians), CPU seconds of the workers and of the client, and the ratio of the
   medians. Beside them, the same steps in one process without Dask
   (:func:`analysis.tables.registry.build_tables` with the terms, stance and frames builders: the
   path before this work, and still that of small events). The corpus is written as Parquet
   partitions before the clock starts, as the command does before the cluster works.
2. **Memory**: the peak RSS of the client process (``ru_maxrss``) and the largest peak RSS of a
   worker, for every size given (``--sizes``), with 2 workers.

The machine may be shared: the 1-minute load average is printed at the start and end of each run,
and CPU seconds beside wall seconds.

Run::

    python benchmarks/bench_dask.py --sizes 10MB,30MB --runs 3          # prints a Markdown table
    python benchmarks/bench_dask.py --sizes 1MB --runs 1 --partitions 2  # smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_pipeline import build_event  # the same benchmark events (benchmarks/ is on sys.path as the script folder)

REPO = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def one_run(folder: Path, *, workers: int, partitions: int) -> dict[str, Any]:
    """In this process: the per-article steps of the event on a fresh local cluster; figures as a dict."""
    import resource

    import psutil
    from dask.distributed import Client, LocalCluster

    from analysis import io
    from analysis.context import EventContext
    from analysis.tables.partition import ARTICLE_STEPS
    from analysis.tables.scale import partitioned_tables

    meta, corpus = io.load_event(folder)
    megabytes = corpus["raw_text"].str.len().sum() / 1e6
    n_articles = len(corpus)
    context = EventContext(slug=folder.name, raw_dir=folder, meta=meta)
    load_start = os.getloadavg()[0]
    if workers == 0:  # the same steps in this process, without Dask (the path of small events)
        from analysis.tables.registry import build_tables, select_builders

        cpu, start = time.process_time(), time.perf_counter()
        tables = build_tables(corpus, context, builders=select_builders(ARTICLE_STEPS))
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        return {
            "workers": 0, "partitions": 1, "articles": n_articles, "megabytes": round(megabytes, 2),
            "wall_s": round(wall, 2), "worker_cpu_s": 0.0, "client_cpu_s": round(cpu, 1),
            "client_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 0),
            "worker_peak_rss_mb": 0, "rows": sum(len(t) for t in tables.values()),
            "load_start": round(load_start, 2), "load_end": round(os.getloadavg()[0], 2),
        }
    with tempfile.TemporaryDirectory() as staging, LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster) as client:
        paths = [str(p) for p in io.write_corpus_partitions(corpus, staging, npartitions=partitions)]
        del corpus
        client_cpu = time.process_time()
        before = sum(client.run(lambda: sum(psutil.Process().cpu_times()[:2])).values())
        start = time.perf_counter()
        tables = partitioned_tables(paths, context, steps=ARTICLE_STEPS)
        wall = time.perf_counter() - start
        worker_cpu = sum(client.run(lambda: sum(psutil.Process().cpu_times()[:2])).values()) - before
        client_cpu = time.process_time() - client_cpu
        worker_rss = max(client.run(lambda: psutil.Process().memory_info().rss).values()) / 1e6
        # the peak, where the platform keeps it (Linux: ru_maxrss of the worker process, kB)
        worker_peak = max(client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).values()) / 1e3
    return {
        "workers": workers, "partitions": len(paths), "articles": n_articles, "megabytes": round(megabytes, 2),
        "wall_s": round(wall, 2), "worker_cpu_s": round(worker_cpu, 1), "client_cpu_s": round(client_cpu, 1),
        "client_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 0),
        "worker_peak_rss_mb": round(max(worker_peak, worker_rss), 0),
        "rows": sum(len(t) for t in tables.values()),
        "load_start": round(load_start, 2), "load_end": round(os.getloadavg()[0], 2),
    }


def run_fresh(folder: Path, *, workers: int, partitions: int) -> dict[str, Any]:
    """:func:`one_run` in a fresh Python process (its own peak RSS); the figures as a dict."""
    out = subprocess.run(
        [sys.executable, __file__, "--one", str(folder), "--workers", str(workers), "--partitions", str(partitions)],
        check=True, env=_env(), capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10MB,30MB", help="comma-separated sizes; the first is timed 1 vs 2 workers")
    parser.add_argument("--runs", type=int, default=3, help="runs per worker count (medians)")
    parser.add_argument("--partitions", type=int, default=8, help="corpus partitions (the same for 1 and 2 workers)")
    parser.add_argument("--root", type=Path, default=Path(tempfile.gettempdir()) / "bench-root")
    parser.add_argument("--modes", default="0,1,2",
                        help="worker counts timed on the first size, 0 for in-process (default 0,1,2)")
    parser.add_argument("--workers", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one_run(args.one, workers=args.workers, partitions=args.partitions)))
        return
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    folders = {size: build_event(size, args.root) for size in sizes}
    modes = [int(m) for m in args.modes.split(",")]
    runs: dict[int, list[dict]] = {m: [] for m in modes}
    for _ in range(args.runs):  # interleaved, so a change of load hits every mode
        for workers in modes:
            result = run_fresh(folders[sizes[0]], workers=workers, partitions=args.partitions)
            runs[workers].append(result)
            print(json.dumps(result), file=sys.stderr, flush=True)
    memory = {sizes[0]: runs.get(2, [])}
    for size in sizes[1:]:
        result = run_fresh(folders[size], workers=2, partitions=max(args.partitions, 8))
        memory[size] = [result]
        print(json.dumps(result), file=sys.stderr, flush=True)
    first = runs[modes[0]][0]
    print(f"\n### Per-article steps on {sizes[0]} ({first['articles']:,} articles, "
          f"{first['megabytes']} MB of raw text), {args.partitions} partitions, medians of {args.runs}\n")
    print("| workers | wall s (median) | wall s (runs) | worker CPU s (median) | client CPU s | load at start |")
    print("|---:|---:|---|---:|---:|---|")
    for workers in modes:
        rs = runs[workers]
        walls, loads = ", ".join(str(r["wall_s"]) for r in rs), ", ".join(str(r["load_start"]) for r in rs)
        print(f"| {workers or 'none (in-process)'} | {statistics.median(r['wall_s'] for r in rs):.1f} | {walls} | "
              f"{statistics.median(r['worker_cpu_s'] for r in rs):.1f} | "
              f"{statistics.median(r['client_cpu_s'] for r in rs):.1f} | {loads} |")
    if 1 in runs and 2 in runs:
        one, two = (statistics.median(r["wall_s"] for r in runs[w]) for w in (1, 2))
        print(f"\nSpeed-up 2 workers vs 1: **{one / two:.2f}x** (issue 14 asks >= 1.7x)\n")
    print("| input | articles | partitions | client peak RSS MB | largest worker peak RSS MB | wall s "
          "| load at start |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for size, rs in memory.items():
        if not rs:
            continue
        r = max(rs, key=lambda r: r["client_peak_rss_mb"])
        print(f"| {size} | {r['articles']:,} | {r['partitions']} | {r['client_peak_rss_mb']:.0f} | "
              f"{r['worker_peak_rss_mb']:.0f} | {r['wall_s']} | {r['load_start']} |")


if __name__ == "__main__":
    main()
