"""Notebook workers: processes that execute notebooks through papermill, one after another.

:func:`analysis.report.runner.run_notebooks` starts ``python -m analysis.report.worker CWD`` once
per job (:class:`analysis.report.runner.NotebookWorkers`) and sends it one notebook at a time, as
a line of JSON on its standard input; the worker answers each with a line of JSON on standard
output (prefixed by :data:`RESULT_MARK`). This module imports only what executing a notebook
needs (papermill and the kernel client), not the package's tables and analyses.

Every notebook gets a fresh kernel of its own, started in the notebook's folder by the kernel
manager (the worker never changes its own working directory: papermill's ``cwd=`` would). A worker
starts its first kernel as soon as it starts, before it is sent a notebook, and the kernel imports
:data:`WARM_MODULES` while it waits: the report starts its workers before it builds the tables, so
the first two kernels are ready when the tables are. A module imported early binds no name and
runs no cell: the notebook's own imports find it loaded, and nothing else differs.

:func:`skip_iri_grammar` is called before papermill, nbformat or nbconvert is first imported, here
and in the report's own process.
"""

from __future__ import annotations

import json
import sys
from typing import Any

__all__ = ["CELL_TIMEOUT_S", "RESULT_MARK", "WARM_MODULES", "execute_notebook", "serve", "skip_iri_grammar"]

CELL_TIMEOUT_S = 900
"""Longest a notebook cell may run (s): a cell that hangs fails its notebook (and the notebook is
run once more, see :func:`analysis.report.runner.run_notebooks`) instead of stalling the batch."""

RESULT_MARK = "@@notebook-result@@ "
"""Start of a worker's answer line on its standard output (a kernel's chatter can never look like it)."""

WARM_MODULES = ("pandas", "matplotlib.pyplot", "IPython.display", "analysis.io", "analysis.charts", "analysis.views")
"""Modules every report notebook imports; a worker's waiting kernel imports them before it is used."""

KERNEL_NAME = "python3"


def skip_iri_grammar() -> None:
    """Keep jsonschema from building its IRI grammar (2 to 3 CPU s) when nbformat is imported.

    nbformat imports jsonschema, whose format checkers import ``rfc3987_syntax`` when it is
    installed (JupyterLab's ``jupyter-events`` requires it); that module builds an Earley parser of
    the RFC 3987 grammar at import time, which took 2.4 s of the 3.3 s of ``import papermill``
    here. No notebook schema uses the ``iri`` formats, and nbformat validates without a format
    checker, so validation is unchanged: jsonschema skips the two checks, as when the package is not
    installed. Does nothing once the module is imported (a process that already paid keeps it).

    Examples
    --------
    >>> skip_iri_grammar()
    >>> import jsonschema  # imports without building the grammar
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: "import fails"


def _warm_line(modules: tuple[str, ...] = WARM_MODULES) -> str:
    """The kernel's start-up line importing ``modules``: a statement (no output, no ``_``), binding no name.

    Examples
    --------
    >>> _warm_line(("pandas",))
    "if True: [__import__(name) for name in ('pandas',)]"
    """
    return f"if True: [__import__(name) for name in {tuple(modules)!r}]"


def start_kernel(cwd: str) -> Any:
    """A started kernel (its ``AsyncKernelManager``) in folder ``cwd``, importing :data:`WARM_MODULES`.

    Its client is :class:`analysis.report.client.SlicedPollClient`; history is kept in memory only,
    as nbclient starts its kernels.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    from analysis.report.client import kernel_config

    manager = AsyncKernelManager(kernel_name=KERNEL_NAME, config=kernel_config())
    run_sync(manager.start_kernel)(
        cwd=cwd,
        extra_arguments=["--HistoryManager.hist_file=:memory:", f"--IPKernelApp.exec_lines={_warm_line()}"],
    )
    return manager


def stop_kernel(manager: Any) -> None:
    """Shut down a kernel of :func:`start_kernel` that no notebook used."""
    from jupyter_core.utils import run_sync

    run_sync(manager.shutdown_kernel)(now=True)


def _engine() -> type:
    """papermill's nbclient engine running the notebook on a kernel it is given (``km=``), and stopping it."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, logger
    from papermill.utils import merge_kwargs, remove_args

    class StartedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
            km, timeout, start_timeout = kwargs.pop("km"), kwargs.pop("execution_timeout"), kwargs.pop("start_timeout")
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(kwargs, timeout=timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                                 log=logger)
            # cleanup_kc: shut the kernel down and close the client's channels after, as nbclient's own kernels
            return PapermillNotebookClient(nb_man, km=km, **final).execute(cleanup_kc=True)

    return StartedKernelEngine


def execute_notebook(notebook: str, executed: str, params: dict[str, Any], kernel: Any) -> tuple[str, str] | None:
    """Run one notebook on ``kernel`` (from :func:`start_kernel`, used once); ``(ename, evalue)`` if a cell failed."""
    import logging

    skip_iri_grammar()
    import papermill
    from papermill.engines import papermill_engines

    from analysis.report.client import kernel_config

    logging.getLogger("papermill").setLevel(logging.WARNING)
    papermill_engines.register("media-framing-started", _engine())
    try:
        papermill.execute_notebook(
            notebook, executed, parameters=params, kernel_name=KERNEL_NAME, engine_name="media-framing-started",
            progress_bar=False, log_output=False, config=kernel_config(), execution_timeout=CELL_TIMEOUT_S, km=kernel,
        )
    except papermill.PapermillExecutionError as exc:
        return exc.ename, exc.evalue
    return None


def serve(cwd: str, lines: Any = sys.stdin, out: Any = sys.stdout) -> None:
    """Execute the notebooks of ``lines`` (one JSON spec each), each on a fresh kernel; answer each on ``out``.

    A spec holds ``notebook``, ``executed``, ``params`` and ``cwd``. The answer is ``null`` or
    ``[ename, evalue]`` of the failing cell. Another error (a cell that timed out, a kernel that
    died) ends the worker with that error, the runner then starts another.
    """
    skip_iri_grammar()
    import papermill  # noqa: F401  # imported while the first kernel starts

    kernel, kernel_cwd = start_kernel(cwd), cwd
    try:
        for line in lines:
            spec = json.loads(line)
            if kernel is None or kernel_cwd != spec["cwd"]:
                if kernel is not None:
                    stop_kernel(kernel)
                kernel, kernel_cwd = start_kernel(spec["cwd"]), spec["cwd"]
            used, kernel = kernel, None
            result = execute_notebook(spec["notebook"], spec["executed"], spec["params"], used)
            out.write(RESULT_MARK + json.dumps(result) + "\n")
            out.flush()
    finally:
        if kernel is not None:
            stop_kernel(kernel)


if __name__ == "__main__":  # the folder of the first kernel as argument; notebooks on stdin
    serve(sys.argv[1])
