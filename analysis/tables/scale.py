"""Large corpora on Dask: the same per-article functions, mapped over partitions.

The command's route (``--workers`` / ``--scheduler``) is :func:`build_tables_on_cluster`: the corpus is
written as Parquet partitions that the workers read themselves; cleaning, sentences, term counts,
stance and frames run per partition (:func:`partitioned_tables`,
:func:`analysis.tables.partition.article_steps`); term counts, frame sums and ``actor_frames`` are
summed as Dask aggregations and the other per-outlet tables reduced in :mod:`analysis.tables.reduce`;
``reuse`` and ``findings`` run in the calling process. The tables equal those of
:func:`analysis.tables.registry.build_tables`.

The functions below that (:func:`process_corpus`, :func:`count_terms`) are the library route for a
corpus already held as a Dask DataFrame:

A corpus of hundreds of thousands of articles is a Dask DataFrame with the corpus columns of
:func:`analysis.io.load_event` (``article_id``, ``outlet``, ``platform``, ``raw_text``, ...). The
per-article steps (:func:`analysis.tables.registry.process_partition`: cleaning and sentences) run on each
partition as they are, through :func:`dask.delayed`, and their tables come back as Dask DataFrames;
nothing here re-implements them. Use any Dask scheduler: the default local threads, processes
(``dask.config.set(scheduler="processes")``) or a ``distributed.Client`` for a cluster, created by
the caller.

Examples
--------
>>> import pandas as pd
>>> corpus = pd.DataFrame({"article_id": ["a", "b"], "file": ["a.txt", "b.txt"], "outlet": ["X", "Y"],
...     "platform": [None, None], "encoding": ["utf-8", "utf-8"],
...     "raw_text": ["NATO plans an office in Tokyo, officials said.", "China criticised the plan on Monday."]})
>>> tables = process_corpus(to_dask(corpus, npartitions=2))
>>> tables["sentences"].compute()["text"].tolist()
['NATO plans an office in Tokyo, officials said.', 'China criticised the plan on Monday.']
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.corpus.cleaning import CleanOptions
from analysis.tables.partition import process_partition

__all__ = [
    "PARTITION_ARTICLES", "SMALL_EVENT_ARTICLES", "build_tables_on_cluster", "check_unique_bodies", "count_terms",
    "default_npartitions", "partitioned_tables", "process_corpus", "process_on_cluster", "to_dask",
]

TABLES = ("articles", "sentences", "removed")


def to_dask(corpus: pd.DataFrame, *, npartitions: int) -> Any:
    """A pandas corpus frame as a Dask DataFrame of ``npartitions`` partitions (row order kept)."""
    import dask
    import dask.dataframe as dd

    if npartitions < 1:
        raise ValueError(f"npartitions must be at least 1, got {npartitions}")
    # Keep object columns as they are: `authors` holds lists, which string conversion would flatten.
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_pandas(corpus.reset_index(drop=True), npartitions=npartitions, sort=False)


def _empty_tables(clean_options: CleanOptions | None, segmenter: str) -> dict[str, pd.DataFrame]:
    # The schema of each table, from running the step on a one-line article.
    sample = pd.DataFrame(
        {
            "article_id": ["_"], "file": ["_"], "outlet": ["_"], "platform": [None], "source": [None],
            "published": [None], "reposted": [None], "authors": [[]], "title": [None], "url": [None],
            "language": ["en"], "notes": [None], "encoding": ["utf-8"],
            "raw_text": ["A sample sentence that reads as an article sentence."],
        }
    )
    tables = process_partition(sample, clean_options=clean_options, segmenter=segmenter)
    return {k: v.iloc[0:0] for k, v in tables.items()}


def process_corpus(
    corpus: Any, *, clean_options: CleanOptions | None = None, segmenter: str = "rules"
) -> dict[str, Any]:
    """Clean and split a Dask corpus: ``articles``, ``sentences`` and ``removed`` as Dask DataFrames.

    Each partition goes through :func:`analysis.tables.registry.process_partition` once; the three
    tables of a partition are taken from that one result. Duplicate bodies are detected within a
    partition as usual; across partitions use :func:`check_unique_bodies` on the result.
    """
    import dask

    meta = _empty_tables(clean_options, segmenter)
    parts = [
        dask.delayed(process_partition)(part, clean_options=clean_options, segmenter=segmenter)
        for part in corpus.to_delayed()
    ]
    with dask.config.set({"dataframe.convert-string": False}):  # keep list cells (authors) as lists
        return _from_parts(parts, meta)


def _from_parts(parts: list, meta: dict[str, pd.DataFrame]) -> dict[str, Any]:
    import dask
    import dask.dataframe as dd

    return {
        # verify_meta off: an all-null text column is `object` in one partition and `str` in another.
        name: dd.from_delayed(
            [dask.delayed(lambda result, key=name: result[key])(p) for p in parts], meta=meta[name], verify_meta=False
        )
        for name in TABLES
    }


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def check_unique_bodies(articles: Any) -> None:
    """Raise ValueError naming the articles when two of them have the same cleaned body.

    Works on a pandas or a Dask ``articles`` table; only digests of the bodies are gathered.
    """
    is_dask = hasattr(articles, "dask")
    digests = articles["text"].map(_digest, **({"meta": ("text", "object")} if is_dask else {}))
    frame = articles[["article_id", "file"]].assign(digest=digests)
    if is_dask:
        frame = frame.compute()
    duplicated = frame[frame["digest"].duplicated(keep=False)].sort_values(["article_id"], kind="stable")
    if len(duplicated):
        names = ", ".join(f"{r.file} ({r.article_id})" for r in duplicated.itertuples())
        raise ValueError(f"duplicate article: the same body appears in {names}")


def count_terms(tables: dict[str, Any], **options: Any) -> pd.DataFrame:
    """Term counts of a Dask corpus: :func:`analysis.analyses.terms.count_terms` on each partition, then summed.

    ``tables`` is the result of :func:`process_corpus` (its ``articles`` and ``sentences`` partitions
    come from the same corpus partitions, so they are paired one to one). ``options`` go to
    :func:`analysis.analyses.terms.count_terms`. Returns the aggregated count frame, from which
    :func:`analysis.analyses.terms.term_table` and :func:`analysis.analyses.terms.distinctive_terms` give the tables.
    """
    import dask

    from analysis.analyses import terms

    articles, sentences = tables["articles"], tables["sentences"]
    if articles.npartitions != sentences.npartitions:
        raise ValueError("articles and sentences must come from the same partitions (use process_corpus)")
    parts = [
        dask.delayed(terms.count_terms)(a, s, **options)
        for a, s in zip(articles.to_delayed(), sentences.to_delayed(), strict=True)
    ]
    counts = dask.compute(*parts)
    return terms.aggregate_counts(pd.concat(counts, ignore_index=True))


SMALL_EVENT_ARTICLES = 1_000
"""Events with fewer articles run in this process even when workers are asked for (a cluster costs more)."""


def process_on_cluster(
    corpus: pd.DataFrame,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    npartitions: int | None = None,
    clean_options: CleanOptions | None = None,
    segmenter: str = "rules",
) -> dict[str, pd.DataFrame]:
    """:func:`analysis.tables.registry.process_partition` over partitions on a ``distributed`` cluster.

    ``scheduler`` is the address of an existing cluster; else a local cluster of ``workers``
    processes (one thread each) is started and closed. The corpus is cut into ``npartitions``
    contiguous blocks of rows (default four per worker), each block is cleaned and split on a
    worker, and the blocks' tables are put back together in the order the in-process path gives,
    so the tables equal ``process_partition(corpus)`` exactly. Duplicate bodies across blocks are
    refused with :func:`check_unique_bodies`.
    """
    from dask.distributed import Client, LocalCluster

    if scheduler is None and (workers is None or workers < 1):
        raise ValueError("process_on_cluster: give workers (at least 1) or a scheduler address")
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        if scheduler is None else _no_cluster()
    ) as cluster, Client(scheduler or cluster) as client:
        n = npartitions or 4 * max(len(client.scheduler_info()["workers"]), 1)
        bounds = [round(i * len(corpus) / n) for i in range(n + 1)]
        blocks = [corpus.iloc[a:b] for a, b in pairwise(bounds) if b > a]
        futures = client.map(
            process_partition, blocks, clean_options=clean_options, segmenter=segmenter, pure=False
        )
        parts = client.gather(futures)
    return _concat_parts(parts)


@contextlib.contextmanager
def _no_cluster() -> Iterator[None]:
    yield None


def _concat_parts(parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The tables of consecutive blocks as one, in the row order and dtypes of the in-process path.

    A text column that is empty in one block is ``object`` there and ``str`` elsewhere; concatenated
    it would be ``object``, so it is cast back to the one other dtype the blocks agree on.
    """
    articles = pd.concat([p["articles"] for p in parts], ignore_index=True)
    articles = articles.sort_values("article_id", kind="stable").reset_index(drop=True)
    check_unique_bodies(articles)
    sentences = pd.concat([p["sentences"] for p in parts], ignore_index=True)
    removed = pd.concat([p["removed"] for p in parts], ignore_index=True)
    removed = removed.sort_values(["article_id", "line"], kind="stable").reset_index(drop=True)
    out = {"articles": articles, "sentences": sentences, "removed": removed}
    return {name: _typed_like_parts(frame, [p[name] for p in parts]) for name, frame in out.items()}


def _partition_job(
    path: str, *, context: Any, steps: tuple[str, ...], clean_options: CleanOptions | None, segmenter: str
) -> dict[str, pd.DataFrame]:
    """On a worker: read one corpus partition from Parquet, clean and split it, run the per-article steps."""
    from analysis import io
    from analysis.tables.partition import article_steps

    tables = process_partition(io.read_corpus_partition(path), clean_options=clean_options, segmenter=segmenter)
    return tables | article_steps(tables, context, steps=steps)


def _typed_like_parts(frame: pd.DataFrame, parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The dtype each column has when the table is built in one piece.

    A part with no value in a column (no rows, or all missing) has it as ``object`` whatever the
    others hold, so it says nothing; a part holding strings and missing cells may have ``object``
    where another holding strings only has ``str``, and the table built in one piece has ``object``.
    So a column takes the one dtype of the parts holding values; when they disagree, ``str`` if
    the column has no missing cell (strings only), else ``object``.
    """
    for column in frame.columns:
        dtypes = {p[column].dtype for p in parts if column in p and p[column].notna().any()}
        target = dtypes.pop() if len(dtypes) == 1 else None
        if len(dtypes) > 1:  # strings only make `str`, strings and missing cells `object`
            typed = {d for d in dtypes if not pd.api.types.is_object_dtype(d)}
            target = typed.pop() if len(typed) == 1 and not frame[column].isna().any() else object
        if target is not None and frame[column].dtype != target:
            frame[column] = frame[column].astype(target)
    return frame


def _pick(result: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return result[name]


def _bundle(result: dict[str, pd.DataFrame], names: list[str]) -> dict[str, pd.DataFrame]:
    return {name: result[name] for name in names}


def _current_client() -> Any:
    """The ``distributed.Client`` Dask computes on, if any (None for the local schedulers)."""
    try:
        from distributed import default_client
    except ImportError:  # pragma: no cover - distributed is a dependency
        return None
    try:
        return default_client()
    except ValueError:  # no client
        return None


def _run_on_client(client: Any, job: Any, paths: list[str], names: list[str], partials: dict) -> tuple[dict, dict]:
    """Run ``job`` on each partition on a cluster; gather the article tables as they finish.

    A partition's result is split on its worker into the article tables (gathered here as soon as
    they are ready, then released, so a worker holds the tables of the partitions it is working on,
    not of every partition it has done) and the partial sums, reduced by Dask aggregations.
    """
    from distributed import as_completed

    jobs = client.map(job, paths, pure=False)
    pieces = {name: [client.submit(_pick, j, key, pure=False) for j in jobs]
              for name, (key, _, _) in partials.items()}
    bundles = [client.submit(_bundle, j, names, pure=False) for j in jobs]
    del jobs  # the scheduler frees a partition's whole result once its pieces are taken
    sums = {name: client.compute(_summed(pieces[name], meta, keys)) for name, (_, meta, keys) in partials.items()}
    del pieces
    index = {future.key: i for i, future in enumerate(bundles)}
    got: dict[str, list] = {name: [None] * len(paths) for name in names}
    finished = as_completed(bundles, with_results=True)
    del bundles
    for future, result in finished:
        i = index[future.key]
        for name in names:
            got[name][i] = result[name]
        del future, result
    return got, {name: future.result() for name, future in sums.items()}


def _meta(columns: list[str], text: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """An empty frame of ``columns``: ``text`` ones of objects, the others of int64 counts."""
    return pd.DataFrame({c: pd.Series(dtype=object if c in text else "int64") for c in columns})


def _summed(parts: list, meta: pd.DataFrame, keys: list[str]) -> Any:
    """A Dask aggregation: the partitions' partial sums, grouped by ``keys`` and summed (a tree reduction)."""
    import dask
    import dask.dataframe as dd

    with dask.config.set({"dataframe.convert-string": False}):
        frame = dd.from_delayed(parts, meta=meta, verify_meta=False)
        return frame.groupby(keys, sort=False).sum().reset_index()


def partitioned_tables(
    paths: list[str], context: Any, *, steps: tuple[str, ...], clean_options: CleanOptions | None = None,
    segmenter: str = "rules",
) -> dict[str, pd.DataFrame]:
    """The foundation tables and the per-article steps' tables of an event written as corpus partitions.

    Each partition (a Parquet file of :func:`analysis.io.write_corpus_partitions`) is read, cleaned,
    split and analysed by one task (:func:`analysis.tables.partition.article_steps`); the term counts,
    frame sums and ``actor_frames`` of the partitions are summed as Dask aggregations; the article
    tables come back to this process in partition order. Runs on the current Dask scheduler (a
    ``distributed.Client``, or ``dask.config.set(scheduler=...)``). The tables equal those of the
    in-process builders (``terms``, ``stance``, ``frames`` among ``steps``).
    """
    import dask

    from analysis.analyses.frames.about import ACTOR_FRAME_COLUMNS
    from analysis.analyses.terms import COUNT_COLUMNS
    from analysis.tables import reduce
    from analysis.tables.partition import (
        FRAME_SUM_COLUMNS,
        FRAMES_ARTICLE_TABLES,
        STANCE_ARTICLE_TABLES,
    )

    names = list(TABLES)
    if "stance" in steps:
        names += [*STANCE_ARTICLE_TABLES, "_discovered_actors"]
    if "frames" in steps:
        names += list(FRAMES_ARTICLE_TABLES)
    partials: dict[str, tuple[str, pd.DataFrame, list[str]]] = {}  # reduction -> (partial, meta, keys)
    if "terms" in steps:
        partials["terms"] = ("_term_counts", _meta(COUNT_COLUMNS, ("outlet", "term")), ["outlet", "ngram", "term"])
    if "frames" in steps:
        keys = ["outlet", "lexicon", "frame"]
        partials["frames"] = ("_frame_sums", _meta(FRAME_SUM_COLUMNS, keys), keys)
        keys = ["outlet", "actor", "lexicon", "frame"]
        partials["actor_frames"] = ("_actor_frames", _meta(ACTOR_FRAME_COLUMNS, keys), keys)
    job = functools.partial(_partition_job, context=context, steps=steps, clean_options=clean_options,
                            segmenter=segmenter)
    client = _current_client()
    with dask.config.set({"dataframe.convert-string": False}):
        if client is not None:
            got, reduced = _run_on_client(client, job, [str(p) for p in paths], names, partials)
        else:
            parts = list(dask.persist(*[dask.delayed(job, pure=True)(str(p)) for p in paths]))
            (got,) = dask.compute({name: [dask.delayed(_pick)(p, name) for p in parts] for name in names})
            (reduced,) = dask.compute({name: _summed([dask.delayed(_pick)(p, key) for p in parts], meta, keys)
                                       for name, (key, meta, keys) in partials.items()})
    foundation = [{name: got[name][i] for name in TABLES} for i in range(len(paths))]
    tables = _concat_parts(foundation)
    for name in names[len(TABLES):]:
        by = ("outlet", "article_id") if name == "article_frames" else ("article_id",)
        tables[name] = _typed_like_parts(reduce.concat_tables(got[name], by=by), got[name])
    if "terms" in steps:
        tables.update(reduce.reduce_terms(reduced["terms"], context))
    if "stance" in steps:
        discovered = tables.pop("_discovered_actors")
        tables.update(reduce.reduce_stance(tables, discovered, context))
    if "frames" in steps:
        tables["frames"] = reduce.frame_outlet_rows(reduced["frames"], context)
        tables["actor_frames"] = reduce.reduce_actor_frames(reduced["actor_frames"])
    return tables


PARTITION_ARTICLES = 1_000
"""Articles per corpus partition by default (at least two partitions per worker): a partition's
tables, not the event's, are what a worker holds at once."""


def default_npartitions(n_articles: int, n_workers: int) -> int:
    """Partitions of an event: :data:`PARTITION_ARTICLES` articles each, at least two per worker.

    Examples
    --------
    >>> default_npartitions(2_500, 2), default_npartitions(30_000, 2)
    (4, 30)
    """
    return max(2 * max(n_workers, 1), -(-n_articles // PARTITION_ARTICLES))


def build_tables_on_cluster(
    corpus: pd.DataFrame,
    context: Any,
    *,
    builders: list | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    npartitions: int | None = None,
    staging: str | Path | None = None,
    progress: Any = None,
) -> dict[str, pd.DataFrame]:
    """:func:`analysis.tables.registry.build_tables` with every per-article step on a Dask cluster.

    The corpus is written as Parquet partitions (``staging``, a folder every worker can read; by
    default a temporary folder, fine for a local cluster) and each worker reads its own. Cleaning,
    sentences and the per-article work of ``terms``, ``stance`` and ``frames`` run per partition
    (:func:`partitioned_tables`); their per-outlet tables are reduced from partial sums. The steps
    that compare articles with each other (``reuse``) and ``findings`` then run in this process on
    the assembled tables. ``scheduler`` is the address of an existing ``distributed`` cluster; else
    a local cluster of ``workers`` processes (one thread each) is started and closed. The tables
    equal the in-process ones (the dtype of a text column may be ``object`` where the in-process
    table has ``str``, or the reverse: the values, and the tables read back from the files written,
    are the same).
    """
    import tempfile
    import time

    from dask.distributed import Client, LocalCluster

    from analysis import io
    from analysis.tables.partition import ARTICLE_STEPS
    from analysis.tables.registry import default_builders, run_builders, step_name

    if scheduler is None and (workers is None or workers < 1):
        raise ValueError("build_tables_on_cluster: give workers (at least 1) or a scheduler address")
    builders = default_builders() if builders is None else builders
    defaults = {step_name(b): b for b in default_builders()}
    mapped = tuple(step_name(b) for b in builders if step_name(b) in ARTICLE_STEPS and b is defaults[step_name(b)])
    rest = [b for b in builders if step_name(b) not in mapped]
    start = time.perf_counter()

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        if scheduler is None else _no_cluster()
    ) as cluster, Client(scheduler or cluster) as client, tempfile.TemporaryDirectory(dir=staging) as folder:
        n = npartitions or default_npartitions(len(corpus), len(client.scheduler_info()["workers"]))
        paths = io.write_corpus_partitions(corpus, folder, npartitions=n)
        tables = partitioned_tables([str(p) for p in paths], context, steps=mapped)
    step = f"cleaning, sentences{''.join(', ' + s for s in mapped)} on {len(paths)} partitions"
    return run_builders(tables, rest, context, foundation_step=step, start=start, progress=progress)
