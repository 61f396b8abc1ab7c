"""From a loaded event to its tidy tables.

:func:`build_tables` runs the per-article steps (cleaning, sentences) and then every registered
table builder. A table builder is a function ``(tables, context) -> dict[str, DataFrame]`` that
reads the tables built so far and returns new ones; :func:`default_builders` lists them in run order.
Every step is pure: the same input gives the same tables, and the per-article steps can be mapped
over partitions of a large corpus (see :func:`process_partition`) and their results concatenated.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from analysis.context import EventContext
from analysis.corpus.cleaning import CleanOptions
from analysis.tables.partition import process_partition

__all__ = [
    "FOUNDATION_TABLES",
    "SPREADSHEET_TABLES",
    "STEPS",
    "build_tables",
    "default_builders",
    "run_builders",
    "select_builders",
    "step_name",
]


TableBuilder = Callable[[dict[str, pd.DataFrame], EventContext], dict[str, pd.DataFrame]]


def default_builders() -> list[TableBuilder]:
    """The analysis modules' table builders, in run order (imported here, not registered globally)."""
    builders: list[TableBuilder] = []
    # Each analysis module adds one line here: `from .module import build_x_tables; builders.append(...)`.
    from analysis.analyses.reuse import build_reuse_tables
    builders.append(build_reuse_tables)
    from analysis.analyses.terms import build_terms_tables
    builders.append(build_terms_tables)
    from analysis.analyses.stance import build_stance_tables
    builders.append(build_stance_tables)
    from analysis.analyses.frames import build_frames_tables
    builders.append(build_frames_tables)
    from analysis.analyses.findings import build_findings_tables  # last: it reads every table above
    builders.append(build_findings_tables)
    return builders


STEPS = ("reuse", "terms", "stance", "frames", "findings")
"""Names of the table builders of :func:`default_builders`, in run order, for ``--steps``.

``findings`` reads every other table, so a run of some steps only keeps the previous findings
unless ``findings`` is among the steps and the tables it reads are built in the same run."""

FOUNDATION_TABLES = ("articles", "sentences", "removed")
"""Tables every run builds (cleaning and sentences), whatever the steps."""

SPREADSHEET_TABLES = ("actor_sentiment", "actor_stance", "actors", "frames")
"""Tables of one row per outlet (and frame, actor, ...): their size grows with the outlets, not with
the corpus, so they stay CSV for spreadsheets at any corpus size. Every other table is Parquet
once it is large (:func:`analysis.io.table_format`); readers (:func:`analysis.io.read_table`) take both."""


def step_name(builder: TableBuilder) -> str:
    """The step name of a builder: ``build_terms_tables`` -> ``"terms"`` (``build_<step>_tables``).

    Examples
    --------
    >>> [step_name(b) for b in default_builders()]
    ['reuse', 'terms', 'stance', 'frames', 'findings']
    """
    return builder.__name__.removeprefix("build_").removesuffix("_tables")


def select_builders(steps: Sequence[str] | None) -> list[TableBuilder]:
    """The builders of the named steps, in run order; every builder when ``steps`` is None.

    Raises
    ------
    ValueError
        Naming the unknown steps and the known ones.

    Examples
    --------
    >>> [b.__name__ for b in select_builders(["frames", "terms"])]
    ['build_terms_tables', 'build_frames_tables']
    """
    builders = default_builders()
    if steps is None:
        return builders
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        raise ValueError(f"unknown step {', '.join(map(repr, unknown))} (steps: {', '.join(STEPS)})")
    return [b for b in builders if step_name(b) in set(steps)]


def build_tables(
    corpus: pd.DataFrame,
    context: EventContext,
    *,
    clean_options: CleanOptions | None = None,
    segmenter: str = "rules",
    builders: list[TableBuilder] | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
    foundation: Callable[..., dict[str, pd.DataFrame]] | None = None,
) -> dict[str, pd.DataFrame]:
    """All tables of an event, keyed by table name (the file's stem).

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`analysis.io.load_event`.
    context : EventContext
    clean_options : CleanOptions, optional
    segmenter : str
        Sentence segmenter name (see :mod:`analysis.text.sentences`).
    builders : list, optional
        Table builders to run after the foundation tables; default :func:`default_builders`.
    progress : callable, optional
        Called after each step with a dict: ``step`` (name), ``done`` and ``total`` (steps),
        ``seconds`` (of this step), ``elapsed`` (since the start) and ``rows`` (table name -> rows
        built by the step).
    foundation : callable, optional
        What computes the cleaning and sentence tables, called like :func:`process_partition`
        (the default), e.g. :func:`analysis.tables.scale.process_on_cluster` with its cluster
        options bound: it must give the same tables.
    """
    builders = default_builders() if builders is None else builders
    start = time.perf_counter()
    tables = (foundation or process_partition)(corpus, clean_options=clean_options, segmenter=segmenter)
    return run_builders(
        tables, builders, context, foundation_step="cleaning and sentences", start=start, progress=progress
    )


def run_builders(
    tables: dict[str, pd.DataFrame],
    builders: list[TableBuilder],
    context: EventContext,
    *,
    foundation_step: str,
    start: float,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """``tables`` (the foundation step's, built since ``start``) with each builder's tables added in turn.

    The one loop of :func:`build_tables` and :func:`analysis.tables.scale.build_tables_on_cluster`:
    ``progress`` hears of the foundation step (``done`` 1) and then of each builder, as described in
    :func:`build_tables`; a builder that would overwrite a table is refused.

    Examples
    --------
    >>> def build_twice(tables, context):
    ...     return {"twice": tables["articles"].assign(n=tables["articles"]["n"] * 2)}
    >>> out = run_builders({"articles": pd.DataFrame({"n": [1, 2]})}, [build_twice], None,
    ...                    foundation_step="given", start=time.perf_counter())
    >>> out["twice"]["n"].tolist()
    [2, 4]
    >>> run_builders(out, [build_twice], None, foundation_step="given", start=0.0)
    Traceback (most recent call last):
    ...
    ValueError: table builder build_twice would overwrite twice
    """
    total = 1 + len(builders)

    def report(step: str, done: int, began: float, new: dict[str, pd.DataFrame]) -> None:
        if progress is not None:
            now = time.perf_counter()
            progress({"step": step, "done": done, "total": total, "seconds": now - began, "elapsed": now - start,
                      "rows": {name: len(frame) for name, frame in sorted(new.items())}})

    report(foundation_step, 1, start, tables)
    for done, builder in enumerate(builders, start=2):
        began = time.perf_counter()
        new = builder(tables, context)
        clash = set(new) & set(tables)
        if clash:
            raise ValueError(f"table builder {builder.__name__} would overwrite {', '.join(sorted(clash))}")
        tables.update(new)
        report(step_name(builder), done, began, new)
    return tables
