"""The notebook worker: one notebook executed through papermill in a process of its own.

:func:`analysis.report.runner.run_notebooks` starts ``python -m analysis.report.worker SPEC`` once
per notebook. This module imports only what executing a notebook needs (papermill and the kernel
client), not the package's tables and analyses: each worker process starts in about a second
instead of several.

:func:`skip_iri_grammar` is called before papermill, nbformat or nbconvert is first imported, here
and in the report's own process.
"""

from __future__ import annotations

import json
import sys
from typing import Any

__all__ = ["CELL_TIMEOUT_S", "execute_notebook", "skip_iri_grammar"]

CELL_TIMEOUT_S = 900
"""Longest a notebook cell may run (s): a cell that hangs fails its notebook (and the notebook is
run once more, see :func:`analysis.report.runner.run_notebooks`) instead of stalling the batch."""


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


def execute_notebook(notebook: str, executed: str, params: dict[str, Any], cwd: str) -> tuple[str, str] | None:
    """Run one notebook in this process; return ``(ename, evalue)`` if a cell failed, else None.

    Only ever called in a process of its own: papermill's ``cwd=`` changes the working directory
    of the whole process.
    """
    import logging

    skip_iri_grammar()
    import papermill

    from analysis.report.client import kernel_config

    logging.getLogger("papermill").setLevel(logging.WARNING)
    # Waits on the kernel's sockets that a missed wake-up cannot stall (see analysis.report.client).
    # The kernel's "running over TCP" warning goes to this process's captured stderr, never the console.
    config = kernel_config()
    try:
        papermill.execute_notebook(
            notebook, executed, parameters=params, kernel_name="python3",
            cwd=cwd, progress_bar=False, log_output=False, config=config,
            execution_timeout=CELL_TIMEOUT_S,
        )
    except papermill.PapermillExecutionError as exc:
        return exc.ename, exc.evalue
    return None


if __name__ == "__main__":  # a JSON spec as argument; the result as JSON on the last line of stdout
    _spec = json.loads(sys.argv[1])
    print(json.dumps(execute_notebook(_spec["notebook"], _spec["executed"], _spec["params"], _spec["cwd"])))
