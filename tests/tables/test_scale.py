"""Tests for analysis.tables.scale: the seed corpus through Dask gives the same tables as pandas."""

from __future__ import annotations

import dask
import pandas as pd
import pytest

from analysis.tables.scale import check_unique_bodies, process_corpus, to_dask


@pytest.mark.parametrize("npartitions", [1, 3, 5])
def test_dask_tables_equal_pandas_tables(seed_event, seed_tables, npartitions):
    with dask.config.set(scheduler="synchronous"):
        tables = {k: v.compute() for k, v in process_corpus(to_dask(seed_event[1], npartitions=npartitions)).items()}
    for name in ("articles", "sentences", "removed"):
        expected = plain(seed_tables[name])
        got = plain(tables[name])
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values as Python objects, missing as None (Dask may hold text as Arrow strings with <NA>)."""
    frame = frame.reset_index(drop=True).astype(object)
    return frame.where(frame.notna(), None)


def test_duplicates_across_partitions_are_found(seed_event):
    corpus = seed_event[1]
    doubled = pd.concat([corpus, corpus.assign(article_id=corpus["article_id"] + "-copy")], ignore_index=True)
    with dask.config.set(scheduler="synchronous"):
        articles = process_corpus(to_dask(doubled, npartitions=2))["articles"]
        with pytest.raises(ValueError, match=r"duplicate article: the same body appears in 000_126fc76437e1a114.txt \(000\), 000_126fc76437e1a114.txt \(000-copy\), 001_"):
            check_unique_bodies(articles)


def test_unique_bodies_pass(seed_tables):
    check_unique_bodies(seed_tables["articles"])


def test_npartitions_must_be_positive(seed_event):
    with pytest.raises(ValueError, match="npartitions must be at least 1, got 0"):
        to_dask(seed_event[1], npartitions=0)


def test_dask_term_counts_equal_pandas(seed_event, seed_tables):
    from analysis.analyses import terms
    from analysis.tables.scale import count_terms

    expected = terms.aggregate_counts(terms.count_terms(seed_tables["articles"], seed_tables["sentences"]))
    with dask.config.set(scheduler="synchronous"):
        got = count_terms(process_corpus(to_dask(seed_event[1], npartitions=3)))
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)
    assert got.loc[(got["outlet"] == "RT") & (got["term"] == "us-led"), "count"].tolist() == [1]


def test_cluster_tables_equal_in_process_tables_exactly(seed_event, seed_tables):
    from analysis.tables.scale import process_on_cluster

    tables = process_on_cluster(seed_event[1], workers=1, npartitions=3)
    for name in ("articles", "sentences", "removed"):
        pd.testing.assert_frame_equal(tables[name], seed_tables[name])


@pytest.mark.slow
def test_cluster_tables_equal_in_process_tables_on_two_thousand_articles():
    import importlib.util
    from pathlib import Path

    from analysis.tables.partition import process_partition
    from analysis.tables.scale import process_on_cluster

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_scale.py"
    spec = importlib.util.spec_from_file_location("bench_scale", path)
    bench_scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_scale)
    corpus = bench_scale.build_corpus(2000)  # seed boilerplate around shuffled seed paragraphs
    expected = process_partition(corpus)
    tables = process_on_cluster(corpus, workers=2)
    for name in ("articles", "sentences", "removed"):
        pd.testing.assert_frame_equal(tables[name], expected[name])


def test_cluster_needs_workers_or_a_scheduler(seed_event):
    from analysis.tables.scale import process_on_cluster

    with pytest.raises(ValueError, match="give workers"):
        process_on_cluster(seed_event[1])


def test_small_events_stay_in_process(seed_tables, monkeypatch, tmp_path):
    import shutil

    from analysis.report.runner import Layout, build_event_tables
    from analysis.tables import scale
    from tests.conftest import EVENT_DIR

    def refuse(*args, **kwargs):
        raise AssertionError("a cluster was started for a small event")

    monkeypatch.setattr(scale, "process_on_cluster", refuse)
    shutil.copytree(EVENT_DIR, tmp_path / "data" / "raw" / "ev")
    tables = build_event_tables("ev", Layout(root=tmp_path), steps=[], cluster={"workers": 2, "scheduler": None})
    for name in ("articles", "sentences", "removed"):
        pd.testing.assert_frame_equal(tables[name], seed_tables[name])
