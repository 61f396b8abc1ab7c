"""Smoke run of benchmarks/bench_pipeline.py on a 1 MB event: it runs and reports, nothing more.

Speed is measured by the benchmark itself, never asserted here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_pipeline.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_pipeline", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_bench_pipeline_runs_on_1mb(tmp_path, capsys):
    bench = _bench_module()
    assert bench.main(["--sizes", "1MB", "--runs", "1", "--no-write", "--no-steps", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| 1MB |" in out
    assert (tmp_path / "data" / "processed" / "bench-1MB" / "derivation.csv").exists()


def test_bench_sizes_are_parsed():
    bench = _bench_module()
    assert bench.parse_size("100MB") == 100_000_000
    with pytest.raises(ValueError, match="size must look like 10MB"):
        bench.parse_size("ten")
