"""Batch runs: build an event's tables, execute the notebooks through papermill, render HTML.

Outputs of one event (tables in ``data/processed/<event>/``, figures in ``figures/<event>/``,
executed notebooks and HTML in ``reports/<event>/``) are built in temporary folders and swapped in
only when every step succeeded, so a failed run leaves the previous good outputs untouched; the
failed notebook, with its error, is kept in ``reports/<event>/failed/`` for inspection.

Parameters given by the user (``-p name value`` or a YAML file) are checked against every
notebook's ``parameters`` cell before anything runs: unknown names and wrong types are errors
(papermill itself only warns).
"""

from __future__ import annotations

import json
import queue
import re
import shutil
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis import io
from analysis.context import EventContext
from analysis.report.html import PAGE_TABLES, Figure, event_page, events_page, notebook_page
from analysis.report.worker import CELL_TIMEOUT_S, RESULT_MARK, skip_iri_grammar
from analysis.resources.captions import figure_captions
from analysis.tables import scale
from analysis.tables.registry import SPREADSHEET_TABLES, build_tables, select_builders

__all__ = [
    "CELL_TIMEOUT_S",
    "NOTEBOOK_DIR",
    "RUNNER_PARAMETERS",
    "Layout",
    "NotebookError",
    "NotebookWorkers",
    "build_event_tables",
    "check_parameters",
    "check_slug",
    "figures_in_order",
    "notebook_parameters",
    "notebook_paths",
    "notebook_title",
    "parse_parameter_value",
    "reported_events",
    "run_event",
    "run_notebooks",
    "write_event_tables",
    "write_events_index",
]

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
RUNNER_PARAMETERS = ("event", "raw_dir", "processed_dir", "figures_dir")
"""Parameters the runner sets itself for every notebook (from ``--event`` and ``--root``)."""


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

    @property
    def processed_root(self) -> Path:
        return self.root / "data" / "processed"

    def raw(self, slug: str) -> Path:
        return self.raw_root / check_slug(slug)

    def processed(self, slug: str) -> Path:
        return self._output(self.processed_root, slug)

    def figures(self, slug: str) -> Path:
        return self._output(self.root / "figures", slug)

    def reports(self, slug: str) -> Path:
        return self._output(self.root / "reports", slug)

    def outputs(self, slug: str) -> list[Path]:
        """The event's output folders: tables, figures, reports."""
        return [self.processed(slug), self.figures(slug), self.reports(slug)]

    def _output(self, parent: Path, slug: str) -> Path:
        path = parent / check_slug(slug)
        raw = self.raw_root.resolve()
        resolved = path.resolve()
        if resolved == raw or raw in resolved.parents or resolved in raw.parents:
            raise ValueError(f"{path}: output folder resolves to {resolved}, inside the raw data folder {raw}")
        return path


_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def check_slug(slug: str) -> str:
    """Return ``slug`` if it is an event folder name, else raise a one-line ``ValueError``.

    An event is named by its folder under ``data/raw/``, never by a path: letters, digits, ``.``,
    ``_`` and ``-``, starting with a letter or digit, at most 100 characters.

    Examples
    --------
    >>> check_slug("nato-tokyo-office")
    'nato-tokyo-office'
    >>> check_slug("../x")
    Traceback (most recent call last):
    ...
    ValueError: event '../x' is not a folder name under data/raw/ (letters, digits, '.', '_', '-'; no paths)
    """
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug) or slug.endswith("."):
        raise ValueError(
            f"event {slug!r} is not a folder name under data/raw/ (letters, digits, '.', '_', '-'; no paths)"
        )
    return slug


class NotebookError(RuntimeError):
    """A notebook failed; the message names the notebook, the cell and the error."""


def notebook_paths(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The report notebooks of ``folder`` in run order (``NN-name.ipynb``; ``00-*`` is for exploring)."""
    return sorted(
        p for p in Path(folder).glob("[0-9][0-9]-*.ipynb") if p.is_file() and not p.name.startswith("00-")
    )


def notebook_parameters(path: str | Path) -> dict[str, dict[str, Any]]:
    """A notebook's parameters: name -> ``{"type", "default", "help"}`` read from its parameters cell."""
    skip_iri_grammar()
    import papermill

    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: notebook not found")
    found = papermill.inspect_notebook(str(path))
    return {
        name: {"type": info["inferred_type_name"], "default": info["default"], "help": info["help"]}
        for name, info in found.items()
    }


def parse_parameter_value(text: str) -> Any:
    """Parse a ``-p name value`` value as a YAML scalar or list (``10`` -> 10, ``[1, 2]`` -> list).

    Examples
    --------
    >>> parse_parameter_value("10"), parse_parameter_value("true"), parse_parameter_value("RT")
    (10, True, 'RT')
    >>> parse_parameter_value("[1, 2]")
    [1, 2]
    """
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list, tuple),
    "dict": (dict,),
}


def _type_ok(value: Any, type_name: str) -> bool:
    base = type_name.split("[", 1)[0].strip().lower()
    if base in {"none", "", "nonetype"}:
        return True
    if "|" in type_name or base.startswith("optional"):
        parts = type_name.replace("Optional[", "").rstrip("]").split("|")
        return value is None or any(_type_ok(value, part.strip()) for part in parts)
    expected = _TYPES.get(base)
    if expected is None:
        return True
    if isinstance(value, bool) and base in {"int", "float"}:
        return False
    return isinstance(value, expected)


def check_parameters(parameters: dict[str, Any], notebooks: Sequence[Path]) -> dict[Path, dict[str, Any]]:
    """Check user parameters against the notebooks' parameters cells; split them per notebook.

    A name must be a parameter of at least one notebook and its value must have the declared type.

    Raises
    ------
    ValueError
        Listing every unknown name (with the known ones) and every value of the wrong type.
    """
    declared = {nb: notebook_parameters(nb) for nb in notebooks}
    errors = []
    for name, value in parameters.items():
        if name in RUNNER_PARAMETERS:
            errors.append(f"parameter {name!r} is set by the runner: use --event/--root instead")
            continue
        owners = [nb for nb, params in declared.items() if name in params]
        if not owners:
            known = sorted({n for params in declared.values() for n in params} - set(RUNNER_PARAMETERS))
            errors.append(f"unknown parameter {name!r} (notebook parameters: {', '.join(known) or 'none'})")
            continue
        for nb in owners:
            type_name = declared[nb][name]["type"]
            if not _type_ok(value, type_name):
                errors.append(
                    f"parameter {name!r} of {nb.name} must be {type_name}, got {type(value).__name__} {value!r}"
                )
    if errors:
        raise ValueError("\n".join(errors))
    return {nb: {k: v for k, v in parameters.items() if k in declared[nb]} for nb in notebooks}


def build_event_tables(
    slug: str,
    layout: Layout,
    *,
    options: dict[str, Any] | None = None,
    steps: Sequence[str] | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
    cluster: dict[str, Any] | None = None,
) -> dict:
    """Load ``data/raw/<slug>`` and build its tables (nothing is written).

    ``steps`` names the table builders to run (:data:`analysis.tables.registry.STEPS`; default all);
    ``progress`` is called after each step (see :func:`analysis.tables.registry.build_tables`).
    ``cluster`` (``workers``, ``scheduler``) runs cleaning, sentences and the per-article steps on a
    Dask cluster (:func:`analysis.tables.scale.build_tables_on_cluster`, same tables) for events of at
    least :data:`analysis.tables.scale.SMALL_EVENT_ARTICLES` articles.
    """
    builders = select_builders(steps)
    meta, corpus = io.load_event(layout.raw(slug))
    context = EventContext(slug=slug, raw_dir=layout.raw(slug), meta=meta, options=dict(options or {}))
    cluster = {k: v for k, v in (cluster or {}).items() if v}
    if cluster and len(corpus) >= scale.SMALL_EVENT_ARTICLES:  # small events stay in this process
        # a remote cluster's workers read the partitions from the project folder (a shared file system)
        staging = layout.root / "data" / "interim" if cluster.get("scheduler") else None
        if staging is not None:
            staging.mkdir(parents=True, exist_ok=True)
        return scale.build_tables_on_cluster(corpus, context, builders=builders, progress=progress,
                                             staging=staging, **cluster)
    return build_tables(corpus, context, builders=builders, progress=progress)


def write_event_tables(tables: dict, slug: str, layout: Layout, *, steps: Sequence[str] | None = None) -> None:
    """Write the tables of :func:`build_event_tables` to ``data/processed/<slug>/``.

    The folder is replaced as a whole, atomically. With ``steps`` (those the tables were built
    with), the other tables already in the folder are kept as they are.
    """
    target = layout.processed(slug)
    keep = sorted(io.list_tables(target)) if steps is not None and target.is_dir() else []
    with io.atomic_dir(target) as staging:
        io.copy_tables(target, staging, [name for name in keep if name not in tables])
        io.write_tables(tables, staging, spreadsheets=SPREADSHEET_TABLES)


def notebook_title(notebook: Any) -> str:
    """The first level-1 Markdown heading of a notebook, as plain text ("" if none).

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> notebook_title(new_notebook(cells=[new_markdown_cell("# Terms: *which* words?\\n\\nText")]))
    'Terms: which words?'
    """
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("# "):
                return re.sub(r"[*_`]", "", line[2:]).strip()
    return ""


def _render_html(executed: Path, target: Path, *, slug: str) -> None:
    """Render an executed notebook as one self-contained page that loads nothing and runs nothing.

    nbconvert's ``basic`` template gives the cells alone (no require.js, no MathJax, no CDN); the
    page around them is :func:`analysis.report.html.notebook_page`: data escaped, a
    Content-Security-Policy that forbids scripts and remote loads, titled ``notebook title — event``.
    """
    skip_iri_grammar()
    import nbconvert
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            # interactive widgets need a kernel and scripts: the page shows their text form
            output.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
    exporter = nbconvert.HTMLExporter(
        template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(notebook)
    title = notebook_title(notebook) or executed.stem
    io.write_text(notebook_page(f"{title} — {slug}", body), target)


def _failed_cell(executed: Path) -> str:
    """``"N ('first line')"``: the failing cell's 1-based position in the notebook as written."""
    skip_iri_grammar()
    import nbformat

    try:
        notebook = nbformat.read(executed, as_version=4)
    except (OSError, ValueError):
        return "?"
    added = {"papermill-error-cell-tag", "injected-parameters"}
    original = [c for c in notebook.cells if not added & set(c.metadata.get("tags", []))]
    for index, cell in enumerate(original, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return f"{index} ({first[:60]!r})"
    return "?"


class _Worker:
    """One ``python -m analysis.report.worker`` process; its standard error is kept (last lines) for messages."""

    def __init__(self, cwd: str) -> None:
        import subprocess
        import sys
        import threading

        self.process = subprocess.Popen(
            [sys.executable, "-m", "analysis.report.worker", cwd],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
        )
        self.stderr: deque[str] = deque(maxlen=200)
        self._drain = threading.Thread(target=self.stderr.extend, args=(self.process.stderr,), daemon=True)
        self._drain.start()

    def ask(self, spec: dict[str, Any]) -> tuple[Any, str | None]:
        """Send one notebook; ``(answer, None)``, or ``(None, error)`` when the process ended instead."""
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps(spec) + "\n")
            self.process.stdin.flush()
            for line in self.process.stdout:
                if line.startswith(RESULT_MARK):
                    return json.loads(line[len(RESULT_MARK):]), None
        except OSError:  # the process ended before reading the notebook
            pass
        code = self.process.wait()
        self._drain.join(timeout=5)
        last = ([line.strip() for line in self.stderr if line.strip()] or ["no output"])[-1]
        return None, f"exit {code}: {last}" + (" (CellTimeoutError)" if any(
            "CellTimeoutError" in line for line in self.stderr) and "CellTimeoutError" not in last else "")

    def close(self) -> None:
        """End the process: no more notebooks (it shuts its waiting kernel down and exits)."""
        import subprocess

        try:
            if self.process.stdin is not None:
                self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class NotebookWorkers:
    """``jobs`` notebook worker processes (:mod:`analysis.report.worker`), each running one notebook at a time.

    Each notebook runs in a fresh kernel of its own, started by its worker in the notebook's folder;
    a worker runs its notebooks one after another and never changes its working directory, so
    nothing one notebook does reaches another. The workers start their first kernels as soon as
    they are created: :func:`run_event` creates them before it builds the tables, so the kernels
    start (and import pandas, matplotlib and the package) while the tables are built. A worker
    whose process ends (a cell that timed out, a kernel lost) is replaced by a new one.

    Use as a context manager: leaving it ends the workers and their kernels.
    """

    def __init__(self, jobs: int, cwd: str | Path) -> None:
        if jobs < 1:
            raise ValueError(f"--jobs must be at least 1, got {jobs}")
        self.cwd = str(cwd)
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._started: list[_Worker] = []
        for _ in range(jobs):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self.cwd)
        self._started.append(worker)
        return worker

    def __enter__(self) -> NotebookWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End every worker (each shuts down the kernel it started for a next notebook)."""
        for worker in self._started:
            worker.close()

    def run(self, notebook: Path, executed: Path, params: dict[str, Any]) -> tuple[str, str] | None:
        """Execute ``notebook`` into ``executed`` on an idle worker; ``(ename, evalue)`` if a cell failed.

        A cell that timed out (a lost kernel message, not an error of the notebook) gets the
        notebook one more try, in a new worker.

        Raises
        ------
        NotebookError
            When the worker process failed (its last line of standard error).
        """
        spec = {"notebook": str(notebook), "executed": str(executed), "params": params, "cwd": str(notebook.parent)}
        worker = self._idle.get()
        try:
            for attempt in (1, 2):
                answer, error = worker.ask(spec)
                if error is None:
                    return None if answer is None else (answer[0], answer[1])
                worker = self._start()
                if attempt == 1 and "CellTimeoutError" in error:
                    continue
                raise NotebookError(f"{notebook.name}: the notebook process failed ({error})")
        finally:
            self._idle.put(worker)
        return None  # not reached


def _keep_failed(executed: Path, failed: Path) -> None:
    failed.parent.mkdir(parents=True, exist_ok=True)
    with io.atomic_path(failed) as tmp:
        shutil.copyfile(executed, tmp)


def _workers(workers: NotebookWorkers | None, jobs: int, notebooks: Sequence[Path]) -> Any:
    """``workers`` (left running: their owner ends them), else ``jobs`` new workers ended afterwards."""
    from contextlib import nullcontext

    if workers is not None:
        return nullcontext(workers)
    return NotebookWorkers(jobs, notebooks[0].parent if notebooks else NOTEBOOK_DIR)


def run_notebooks(
    slug: str,
    layout: Layout,
    stages: Sequence[Path],
    *,
    notebooks: Sequence[Path] | None = None,
    parameters: dict[Path, dict[str, Any]] | None = None,
    jobs: int = 1,
    on_done: Callable[[Path], None] | None = None,
    workers: NotebookWorkers | None = None,
) -> list[Path]:
    """Execute the report notebooks for one event into staging folders.

    Each notebook runs in a fresh kernel of its own (at most ``jobs`` at once, on the worker
    processes of :class:`NotebookWorkers`), with absolute paths only, so nothing one notebook does
    can reach another. Notebooks read the staged tables and write the staged figures.

    Parameters
    ----------
    slug : str
    layout : Layout
    stages : sequence of Path
        Staging folders for the event's tables, figures and reports (from :func:`analysis.io.staged_dirs`).
    notebooks : sequence of Path, optional
        Default: :func:`notebook_paths`.
    parameters : dict, optional
        Per-notebook user parameters, as returned by :func:`check_parameters`.
    jobs : int
        Notebooks run at once, each in its own kernel.
    on_done : callable, optional
        Called with each notebook's path when it has finished (for progress bars).
    workers : NotebookWorkers, optional
        Workers already started (by :func:`run_event`, before the tables); default: ``jobs`` new ones.

    Raises
    ------
    NotebookError
        Naming the notebook, cell and error; the executed notebook is kept in
        ``reports/<event>/failed/``.
    """
    notebooks = [Path(nb).resolve() for nb in (notebook_paths() if notebooks is None else notebooks)]
    if jobs < 1:
        raise ValueError(f"--jobs must be at least 1, got {jobs}")
    tables_stage, fig_stage, rep_stage = (Path(p).resolve() for p in stages)
    runner = {
        "event": slug,
        "raw_dir": str(layout.raw_root.resolve()),
        "processed_dir": str(tables_stage.parent),
        "figures_dir": str(fig_stage.parent),
    }
    written = []
    jobs = min(jobs, len(notebooks) or 1)
    # Threads only wait for the worker processes; they never touch process-wide state.
    with ThreadPoolExecutor(max_workers=jobs) as pool, _workers(workers, jobs, notebooks) as running:
        futures = {
            nb: pool.submit(running.run, nb, rep_stage / nb.name, {**runner, **(parameters or {}).get(nb, {})})
            for nb in notebooks
        }
        for notebook, future in futures.items():
            error = future.result()
            executed = rep_stage / notebook.name
            if error is not None:
                failed = layout.reports(slug) / "failed" / notebook.name
                _keep_failed(executed, failed)
                raise NotebookError(
                    f"{notebook.name}: cell {_failed_cell(executed)} failed: {error[0]}: {error[1]} "
                    f"(executed notebook kept in {failed})"
                )
            _render_html(executed, rep_stage / f"{notebook.stem}.html", slug=slug)
            if on_done is not None:
                on_done(notebook)
            written.append(layout.reports(slug) / notebook.name)
    return written


def figures_in_order(
    figures: Sequence[tuple[str, bytes]], notebook_stems: Sequence[str], captions: dict[str, str]
) -> list[Figure]:
    """Figures ordered by the notebook that made them (name prefix = notebook name), then by name.

    Captions are looked up by name, then by the longest ``prefix-*`` key, else made from the name.

    Examples
    --------
    >>> figs = figures_in_order([("terms-z", b""), ("corpus-length", b"")], ["10-corpus", "20-terms"], {})
    >>> [f.name for f in figs]
    ['corpus-length', 'terms-z']
    >>> figures_in_order([("frames-heatmap-x", b"")], [], {"frames-heatmap-*": "Rates."})[0].caption
    'Rates.'

    """
    order = {stem.split("-", 1)[-1]: i for i, stem in enumerate(notebook_stems)}

    def key(item: tuple[str, bytes]) -> tuple[int, str]:
        return order.get(item[0].split("-", 1)[0], len(order)), item[0]

    def caption(name: str) -> str:
        if name in captions:
            return captions[name]
        prefixes = [k for k in captions if k.endswith("*") and name.startswith(k[:-1])]
        return captions[max(prefixes, key=len)] if prefixes else name.replace("-", " ")

    return [Figure(name, png, caption(name)) for name, png in sorted(figures, key=key)]


def _event_meta(layout: Layout, slug: str) -> dict[str, Any]:
    data = io.read_yaml(layout.raw(slug) / "event.yaml")
    return {k: data.get(k) for k in ("title", "description", "date")}


def reported_events(layout: Layout) -> list[str]:
    """Events that have a report (``reports/<slug>/index.html``) and tables on disk, sorted."""
    folder = layout.root / "reports"
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir()
        if _SLUG.fullmatch(p.name) and (p / "index.html").is_file() and (layout.processed_root / p.name).is_dir()
    )


def page_tables(folder: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The tables an event page reads (:data:`analysis.report.html.PAGE_TABLES`, only the columns it
    needs), and the file name of every table of ``folder`` for links: a large event's other tables are
    never loaded to write its pages."""
    files = io.list_tables(folder)
    names = [name for name in PAGE_TABLES if name in files]
    wanted = {  # the columns the pages use, of those the table has
        name: [c for c in columns if c in io.table_columns(files[name])]
        for name, columns in PAGE_TABLES.items() if columns is not None and name in files
    }
    tables = io.read_tables(folder, names, columns=wanted)
    return tables, {name: path.name for name, path in files.items()}


def write_events_index(layout: Layout) -> Path:
    """Write ``reports/index.html`` summarising every event that has a report on disk."""
    events, files = {}, {}
    for slug in reported_events(layout):
        tables, files[slug] = page_tables(layout.processed(slug))
        events[slug] = (_event_meta(layout, slug), tables)
    target = layout.root / "reports" / "index.html"
    io.write_text(events_page(events, table_files=files), target)
    return target


def run_event(
    slug: str,
    layout: Layout,
    *,
    parameters: dict[Path, dict[str, Any]] | None = None,
    notebooks: Sequence[Path] | None = None,
    jobs: int = 1,
    options: dict[str, Any] | None = None,
    on_done: Callable[[Path], None] | None = None,
    reuse_tables: bool = False,
) -> list[Path]:
    """Tables, then notebooks, then the event's ``index.html``; returns the executed notebooks.

    Everything is built in staging folders and swapped in together only when every step
    succeeded: after a failure, the event's tables, figures and reports are all the previous ones.
    ``reuse_tables`` reports on the tables already in ``data/processed/<slug>/`` (copied unchanged)
    instead of building them again (``options`` then have no effect on the tables).
    """
    notebooks = [Path(nb).resolve() for nb in (notebook_paths() if notebooks is None else notebooks)]
    io.recover_swap(layout.outputs(slug))  # a run killed while swapping: back to one consistent version
    built = layout.processed(slug)
    if reuse_tables and not io.list_tables(built):
        raise ValueError(f"{built}: no tables to reuse; build them with `python -m analysis tables --event {slug}`")
    # The notebook workers start their kernels while the tables are built.
    with NotebookWorkers(min(jobs, len(notebooks) or 1), notebooks[0].parent if notebooks else NOTEBOOK_DIR) as workers:
        tables = None if reuse_tables else build_event_tables(slug, layout, options=options)
        return _report_event(slug, layout, tables, notebooks=notebooks, parameters=parameters, jobs=jobs,
                             on_done=on_done, workers=workers)


def _report_event(
    slug: str,
    layout: Layout,
    tables: dict | None,
    *,
    notebooks: Sequence[Path],
    parameters: dict[Path, dict[str, Any]] | None,
    jobs: int,
    on_done: Callable[[Path], None] | None,
    workers: NotebookWorkers,
) -> list[Path]:
    """The notebooks and pages of :func:`run_event`, on ``tables`` (None: those already built), staged."""
    built = layout.processed(slug)
    with io.staged_dirs(layout.outputs(slug)) as stages:
        tables_stage, fig_stage, rep_stage = stages
        if tables is None:
            io.copy_tables(built, tables_stage, sorted(io.list_tables(built)))
        else:
            io.write_tables(tables, tables_stage, spreadsheets=SPREADSHEET_TABLES)
        if {nb.name for nb in notebooks} != {nb.name for nb in notebook_paths()}:
            # A subset of the notebooks: keep the other notebooks' figures and reports.
            for current, stage in ((layout.figures(slug), fig_stage), (layout.reports(slug), rep_stage)):
                if current.is_dir():
                    shutil.copytree(current, stage, dirs_exist_ok=True, ignore=shutil.ignore_patterns("failed"))
        written = run_notebooks(
            slug, layout, stages, notebooks=notebooks, parameters=parameters, jobs=jobs, on_done=on_done,
            workers=workers,
        )
        stems = sorted(p.stem for p in rep_stage.glob("*.ipynb"))
        tables, files = page_tables(tables_stage)
        page = event_page(
            slug,
            _event_meta(layout, slug),
            tables,
            figures_in_order(io.read_png_figures(fig_stage), stems, figure_captions()),
            stems,
            table_files=files,
        )
        io.write_text(page, rep_stage / "index.html")
    return written
