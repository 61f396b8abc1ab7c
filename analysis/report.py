"""Batch runs: build an event's tables, execute the notebooks through papermill, render HTML.

Outputs of one event (tables in ``data/processed/<event>/``, figures in ``figures/<event>/``,
executed notebooks and HTML in ``reports/<event>/``) are built in temporary folders and swapped in
only when every step succeeded, so a failed run leaves the previous good outputs untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import io
from .pipeline import EventContext, build_tables

__all__ = ["NOTEBOOK_DIR", "Layout", "notebook_paths", "run_event", "run_notebooks", "write_event_tables"]

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


@dataclass(frozen=True)
class Layout:
    """Where an event's inputs and outputs live (cookiecutter-data-science layout).

    Examples
    --------
    >>> Layout(root=Path("/p")).processed("ev")
    PosixPath('/p/data/processed/ev')
    """

    root: Path = Path(".")

    @property
    def raw_root(self) -> Path:
        return self.root / "data" / "raw"

    def raw(self, slug: str) -> Path:
        return self.raw_root / slug

    def processed(self, slug: str) -> Path:
        return self.root / "data" / "processed" / slug

    def figures(self, slug: str) -> Path:
        return self.root / "figures" / slug

    def reports(self, slug: str) -> Path:
        return self.root / "reports" / slug


def notebook_paths(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The report notebooks of ``folder`` in run order (``NN-name.ipynb``)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]-*.ipynb") if p.is_file())


def write_event_tables(slug: str, layout: Layout, *, options: dict[str, Any] | None = None) -> dict:
    """Load ``data/raw/<slug>``, build every table and write them to ``data/processed/<slug>/``.

    The folder is replaced as a whole, atomically. Returns the tables.
    """
    meta, corpus = io.load_event(layout.raw(slug))
    context = EventContext(slug=slug, raw_dir=layout.raw(slug), meta=meta, options=dict(options or {}))
    tables = build_tables(corpus, context)
    with io.atomic_dir(layout.processed(slug)) as staging:
        for name, frame in sorted(tables.items()):
            io.write_table(frame, staging / f"{name}.csv")
    return tables


class NotebookError(RuntimeError):
    """A notebook failed; the message names the notebook, the cell and the error."""


def _render_html(executed: Path, target: Path) -> None:
    import nbconvert
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    exporter = nbconvert.HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(notebook)
    io.write_text(body, target)


def run_notebooks(
    slug: str,
    layout: Layout,
    *,
    notebooks: list[Path] | None = None,
    parameters: dict[str, Any] | None = None,
) -> list[Path]:
    """Execute the report notebooks for one event; swap in figures and reports on success.

    Each notebook gets the parameters ``event``, ``raw_dir``, ``processed_dir`` and ``figures_dir``
    (plus ``parameters``). On failure the executed notebook, with its error, is kept in
    ``reports/<event>/failed/`` and :class:`NotebookError` names the notebook and cell.
    """
    import papermill

    notebooks = notebook_paths() if notebooks is None else notebooks
    written = []
    with contextlib.ExitStack() as stack:
        fig_stage = stack.enter_context(io.atomic_dir(layout.figures(slug)))
        rep_stage = stack.enter_context(io.atomic_dir(layout.reports(slug)))
        figures_root = fig_stage.parent / f"{fig_stage.name}.root"
        (figures_root).mkdir()
        stack.callback(shutil.rmtree, figures_root, True)
        os.symlink(fig_stage.resolve(), figures_root / slug)
        for notebook in notebooks:
            params = {
                "event": slug,
                "raw_dir": str(layout.raw_root.resolve()),
                "processed_dir": str((layout.root / "data" / "processed").resolve()),
                "figures_dir": str(figures_root.resolve()),
                **(parameters or {}),
            }
            executed = rep_stage / notebook.name
            try:
                papermill.execute_notebook(
                    str(notebook), str(executed), parameters=params, kernel_name="python3",
                    cwd=str(notebook.parent), progress_bar=False, log_output=False,
                )
            except papermill.PapermillExecutionError as exc:
                failed = layout.reports(slug) / "failed"
                failed.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(executed, failed / notebook.name)
                raise NotebookError(
                    f"{notebook.name}: cell {exc.exec_count} failed: {exc.ename}: {exc.evalue} "
                    f"(executed notebook kept in {failed / notebook.name})"
                ) from None
            _render_html(executed, rep_stage / f"{notebook.stem}.html")
            written.append(layout.reports(slug) / notebook.name)
    return written


def run_event(slug: str, layout: Layout, *, parameters: dict[str, Any] | None = None) -> list[Path]:
    """Tables, then notebooks, for one event. Returns the executed notebooks' paths."""
    write_event_tables(slug, layout)
    return run_notebooks(slug, layout, parameters=parameters)
