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

import hashlib
from typing import Any

import pandas as pd

from analysis.corpus.cleaning import CleanOptions
from analysis.tables.registry import process_partition

__all__ = ["check_unique_bodies", "count_terms", "process_corpus", "to_dask"]

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
