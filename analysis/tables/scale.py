"""Large corpora on Dask: the same per-article functions, mapped over partitions.

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
import hashlib
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pandas as pd

from analysis.corpus.cleaning import CleanOptions
from analysis.tables.partition import process_partition

__all__ = [
    "SMALL_EVENT_ARTICLES", "check_unique_bodies", "count_terms", "process_corpus", "process_on_cluster", "to_dask",
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
    for name, frame in out.items():
        for column in frame.columns:
            dtypes = {p[name][column].dtype for p in parts if len(p[name])}
            others = {d for d in dtypes if not pd.api.types.is_object_dtype(d)}
            if len(dtypes) > 1 and len(others) == 1:
                frame[column] = frame[column].astype(others.pop())
    return out
