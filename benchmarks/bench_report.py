"""The whole ``report`` command on one event: time per run and per notebook, and what it writes.

Runs ``python -m analysis --root ROOT report --event EVENT --jobs 2`` (``make report``'s command) in a
fresh process ``--runs`` times and prints, per run: wall seconds, CPU seconds (user + system of the
command and every process it waited for: notebook workers and kernels), the load average before
and after, each notebook's duration as papermill recorded it (kernel start to stop) and its slowest
cells, the size of the event page, the largest figure in pixels; then the medians, and whether
every run wrote byte-identical tables and figures and a page saying the same text.

By default the shipped event is copied into a temporary root, so the repository's own outputs are
left alone. For a large synthetic event, build it and its tables once and report on them::

    python benchmarks/make_corpus.py --size 10MB --out /tmp/big --seed 0
    python -m analysis --root /tmp/big tables --event bench-10MB
    python benchmarks/bench_report.py --root /tmp/big --event bench-10MB --reuse-tables --runs 1

Run: ``python benchmarks/bench_report.py [--runs 3] [--jobs 2]`` (also run by ``make bench``).
"""

from __future__ import annotations

import argparse
import hashlib
import html.parser
import os
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = "nato-tokyo-office"


class _Text(html.parser.HTMLParser):
    """The visible text of a page, and each image's alt text, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "img":
            self.parts.append(f"[image: {dict(attrs).get('alt', '')}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def page_text(path: Path) -> str:
    """The words a reader sees on a page (findings, captions, tables), one text node per line."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "\n".join(parser.parts)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels, from the PNG header."""
    return struct.unpack(">II", path.read_bytes()[16:24])


def digests(root: Path, event: str) -> dict[str, str]:
    """SHA-256 of every table and figure file of the event."""
    out = {}
    for folder in (root / "data" / "processed" / event, root / "figures" / event):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def notebook_times(folder: Path) -> dict[str, dict[str, Any]]:
    """Each executed notebook's duration and its three slowest cells (papermill's metadata)."""
    import json

    out = {}
    for path in sorted(folder.glob("[0-9][0-9]-*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = [
            (cell.get("metadata", {}).get("papermill", {}).get("duration") or 0.0,
             "".join(cell["source"]).strip().splitlines()[0][:48] if "".join(cell["source"]).strip() else "")
            for cell in notebook["cells"] if cell["cell_type"] == "code"
        ]
        out[path.stem] = {"duration": notebook["metadata"]["papermill"]["duration"] or 0.0,
                          "cells": sorted(cells, reverse=True)[:3]}
    return out


def run_once(root: Path, event: str, *, jobs: int, reuse_tables: bool) -> dict[str, Any]:
    """One ``report`` run in a fresh process; what it took and what it wrote."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    command = [sys.executable, "-m", "analysis", "--root", str(root), "report", "--event", event,
               "--jobs", str(jobs), "--no-progress"] + (["--reuse-tables"] if reuse_tables else [])
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"report failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    page = root / "reports" / event / "index.html"
    figures = sorted((root / "figures" / event).glob("*.png"))
    sizes = {p.stem: png_size(p) for p in figures}
    return {
        "wall": wall,
        "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "load": (load, os.getloadavg()[0]),
        "notebooks": notebook_times(root / "reports" / event),
        "page_bytes": page.stat().st_size,
        "page_text": page_text(page),
        "figures": len(figures),
        "largest": max(sizes.items(), key=lambda kv: kv[1][0] * kv[1][1]) if sizes else ("", (0, 0)),
        "digests": digests(root, event),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--event", default=SHIPPED, help=f"event to report on (default {SHIPPED})")
    parser.add_argument("--root", type=Path, help="project root holding data/raw/EVENT (default: a temporary "
                        "copy of this repository's event)")
    parser.add_argument("--runs", type=int, default=3, help="runs (default 3; medians are printed)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks at once (default 2, as make report)")
    parser.add_argument("--reuse-tables", action="store_true", help="report on the tables already built")
    args = parser.parse_args(argv)
    scratch = None
    root = args.root
    if root is None:
        scratch = Path(tempfile.mkdtemp(prefix="bench-report-"))
        shutil.copytree(ROOT / "data" / "raw" / args.event, scratch / "data" / "raw" / args.event)
        root = scratch
    try:
        runs = []
        for number in range(1, args.runs + 1):
            run = run_once(root, args.event, jobs=args.jobs, reuse_tables=args.reuse_tables)
            runs.append(run)
            name, (width, height) = run["largest"]
            print(f"run {number}: {run['wall']:.1f} s wall, {run['cpu']:.1f} CPU s, load {run['load'][0]:.2f} -> "
                  f"{run['load'][1]:.2f}; page {run['page_bytes'] / 1e6:.2f} MB, {run['figures']} figures, "
                  f"largest {name} {width} x {height} px", flush=True)
            for stem, info in run["notebooks"].items():
                cells = ", ".join(f"{seconds:.1f} s {first!r}" for seconds, first in info["cells"])
                print(f"    {stem}: {info['duration']:.1f} s (slowest cells: {cells})", flush=True)
        print(f"median of {len(runs)}: {statistics.median(r['wall'] for r in runs):.1f} s wall, "
              f"{statistics.median(r['cpu'] for r in runs):.1f} CPU s")
        for stem in runs[0]["notebooks"]:
            print(f"    {stem}: {statistics.median(r['notebooks'][stem]['duration'] for r in runs):.1f} s")
        same_files = all(r["digests"] == runs[0]["digests"] for r in runs)
        same_text = all(r["page_text"] == runs[0]["page_text"] for r in runs)
        print(f"tables and figures byte-identical across runs: {same_files}; page text identical: {same_text}")
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
