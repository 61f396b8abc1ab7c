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
    monkeypatch.setattr(scale, "build_tables_on_cluster", refuse)
    shutil.copytree(EVENT_DIR, tmp_path / "data" / "raw" / "ev")
    tables = build_event_tables("ev", Layout(root=tmp_path), steps=[], cluster={"workers": 2, "scheduler": None})
    for name in ("articles", "sentences", "removed"):
        pd.testing.assert_frame_equal(tables[name], seed_tables[name])


# --------------------------------------------------------------------------------------------------
# Every per-article step on partitions (partitioned_tables, build_tables_on_cluster)

MAPPED = ("terms", "stance", "frames")


def text_as_object(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as ``object`` with None for missing: pandas infers ``str`` or ``object`` for the
    same strings depending on the other cells of a piece, so only values are compared there."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.StringDtype) or (values.dtype == object and values.map(
                lambda v: v is None or isinstance(v, str) or (isinstance(v, float) and pd.isna(v))).all()):
            out[column] = pd.Series([None if not isinstance(v, str) else v for v in values.tolist()], dtype=object,
                                    index=out.index)
    return out


def assert_same_tables(got: dict, expected: dict) -> None:
    assert sorted(got) == sorted(expected)
    for name in sorted(expected):
        pd.testing.assert_frame_equal(text_as_object(got[name]), text_as_object(expected[name]), obj=name)


@pytest.fixture(scope="module")
def seed_mapped_tables(seed_event):
    from analysis.context import EventContext
    from analysis.tables.registry import build_tables, select_builders
    from tests.conftest import EVENT_DIR

    meta, corpus = seed_event
    context = EventContext(slug="nato-tokyo-office", raw_dir=EVENT_DIR, meta=meta)
    return build_tables(corpus, context, builders=select_builders(MAPPED))


def partitioned(corpus: pd.DataFrame, folder, *, npartitions: int, raw_dir, meta: dict) -> dict:
    from analysis import io
    from analysis.context import EventContext
    from analysis.tables.scale import partitioned_tables

    paths = io.write_corpus_partitions(corpus, folder, npartitions=npartitions)
    context = EventContext(slug=raw_dir.name, raw_dir=raw_dir, meta=meta)
    with dask.config.set(scheduler="synchronous"):
        return partitioned_tables([str(p) for p in paths], context, steps=MAPPED)


@pytest.mark.parametrize("npartitions", [2, 5])
def test_every_per_article_step_on_partitions_equals_in_process(seed_event, seed_mapped_tables, tmp_path,
                                                                  npartitions):
    from tests.conftest import EVENT_DIR

    got = partitioned(seed_event[1], tmp_path, npartitions=npartitions, raw_dir=EVENT_DIR, meta=seed_event[0])
    assert_same_tables(got, seed_mapped_tables)
    # the per-outlet tables are reduced, not concatenated: one row per outlet, frame and lexicon
    frames = got["frames"]
    assert len(frames) == seed_event[1]["outlet"].nunique() * frames[["lexicon", "frame"]].drop_duplicates().shape[0]
    assert got["actors"]["mentions"].sum() == seed_mapped_tables["actors"]["mentions"].sum() > 0


def test_corpus_partitions_read_back_as_loaded(seed_event, tmp_path):
    from analysis import io

    paths = io.write_corpus_partitions(seed_event[1], tmp_path, npartitions=3)
    assert [p.name for p in paths] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    back = pd.concat([io.read_corpus_partition(p) for p in paths], ignore_index=True)
    pd.testing.assert_frame_equal(text_as_object(back), text_as_object(seed_event[1]))
    assert back["authors"].tolist()[0] == ["Ken Moriyasu", "Rieko Miki", "Takashi Tsuji"]


@pytest.mark.slow
def test_cli_workers_give_the_in_process_tables_and_files(tmp_path, monkeypatch):
    """The whole `tables` run on a local cluster of 2 processes: same tables, same files read back."""
    import shutil

    from analysis import io
    from analysis.report.runner import Layout, build_event_tables, write_event_tables
    from analysis.tables import scale
    from tests.conftest import EVENT_DIR

    shutil.copytree(EVENT_DIR, tmp_path / "in" / "data" / "raw" / "ev")
    shutil.copytree(EVENT_DIR, tmp_path / "dask" / "data" / "raw" / "ev")
    expected = build_event_tables("ev", Layout(root=tmp_path / "in"))
    monkeypatch.setattr(scale, "SMALL_EVENT_ARTICLES", 1)  # the shipped event is small: use the cluster anyway
    steps = []
    got = build_event_tables("ev", Layout(root=tmp_path / "dask"), cluster={"workers": 2, "scheduler": None},
                             progress=steps.append)
    assert steps[0]["step"] == "cleaning, sentences, terms, stance, frames on 4 partitions"
    assert_same_tables(got, expected)
    write_event_tables(expected, "ev", Layout(root=tmp_path / "in"))
    write_event_tables(got, "ev", Layout(root=tmp_path / "dask"))
    written = {root: io.read_tables(Layout(root=tmp_path / root).processed("ev")) for root in ("in", "dask")}
    assert sorted(written["in"]) == sorted(written["dask"])
    for name in written["in"]:
        pd.testing.assert_frame_equal(written["dask"][name], written["in"][name], obj=name)


@pytest.mark.slow
def test_every_per_article_step_on_partitions_equals_in_process_on_two_thousand_articles(tmp_path):
    """A synthetic event of 1,951 articles (benchmarks/make_corpus.py, 4 MB), 4 partitions, processes."""
    import subprocess
    import sys
    from pathlib import Path

    from analysis import io
    from analysis.context import EventContext
    from analysis.tables.registry import build_tables, select_builders
    from analysis.tables.scale import partitioned_tables

    repo = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, str(repo / "benchmarks" / "make_corpus.py"), "--size", "4MB", "--out",
                    str(tmp_path), "--seed", "0"], check=True, stdout=subprocess.DEVNULL)
    raw = tmp_path / "data" / "raw" / "bench-4MB"
    meta, corpus = io.load_event(raw)
    assert len(corpus) == 1951
    expected = build_tables(corpus, EventContext(slug=raw.name, raw_dir=raw, meta=meta),
                            builders=select_builders(MAPPED))
    paths = io.write_corpus_partitions(corpus, tmp_path / "parts", npartitions=4)
    with dask.config.set(scheduler="processes", num_workers=2):
        got = partitioned_tables([str(p) for p in paths], EventContext(slug=raw.name, raw_dir=raw, meta=meta),
                                 steps=MAPPED)
    assert_same_tables(got, expected)


def test_an_existing_cluster_reads_partitions_from_the_staging_folder(seed_event, tmp_path):
    from dask.distributed import LocalCluster

    from analysis.context import EventContext
    from analysis.tables.registry import build_tables, select_builders
    from analysis.tables.scale import build_tables_on_cluster
    from tests.conftest import EVENT_DIR

    meta, corpus = seed_event
    context = EventContext(slug="nato-tokyo-office", raw_dir=EVENT_DIR, meta=meta)
    expected = build_tables(corpus, context, builders=select_builders(["terms"]))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        got = build_tables_on_cluster(corpus, context, builders=select_builders(["terms"]),
                                      scheduler=cluster.scheduler_address, npartitions=3, staging=tmp_path)
    assert_same_tables(got, expected)
    assert got["terms"].loc[(got["terms"]["outlet"] == "RT") & (got["terms"]["term"] == "us-led"), "count"].tolist() == [1]
    assert list(tmp_path.iterdir()) == []  # the partitions are removed after the run


def test_build_tables_on_cluster_needs_workers_or_a_scheduler(seed_event):
    from analysis.context import EventContext
    from analysis.tables.scale import build_tables_on_cluster

    with pytest.raises(ValueError, match="give workers"):
        build_tables_on_cluster(seed_event[1], EventContext(slug="x"))
