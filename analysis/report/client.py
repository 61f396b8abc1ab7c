"""The kernel client the report's notebook runs use: message waits that cannot miss a wake-up.

A notebook run waits on the kernel's shell channel for each cell's ``execute_reply`` with no
timeout. Now and then (3 of 4 papermill runs of ``00-explore`` on a loaded machine, at a cell
with interactive widgets) the event loop missed the socket's wake-up: the kernel had answered (a
second client got an immediate reply from it) and sat idle while the client waited for ever. The
same hang is reported upstream (jupyter/nbclient#312) and was seen here with ipykernel 7.4 and 6.31,
with and without CurveZMQ.

:class:`SlicedPollClient` waits in slices of :data:`POLL_SLICE_S`: when a slice ends with no
wake-up, the next one first checks the socket itself (pyzmq does, before it waits), so a message
the loop was not told about is read at most one slice late. A wait with a timeout keeps that timeout.

The report's runs use it (:func:`kernel_config`); papermill by hand uses it with ``--engine
media-framing`` (:class:`SlicedPollEngine`, registered as a papermill engine by the package).
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type
from traitlets.config import Config

__all__ = ["ENGINE_NAME", "POLL_SLICE_S", "SlicedPollChannel", "SlicedPollClient", "SlicedPollEngine", "kernel_config"]

ENGINE_NAME = "media-framing"
"""The papermill engine name of :class:`SlicedPollEngine` (``papermill --engine media-framing``)."""

POLL_SLICE_S = 1.0
"""Longest wait (s) before the socket is checked again: the worst delay a missed wake-up costs."""


class SlicedPollChannel(AsyncZMQSocketChannel):
    """A channel whose :meth:`get_msg` checks its socket at least every :data:`POLL_SLICE_S`."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        """The next message; :class:`queue.Empty` once ``timeout`` seconds pass (None: wait for ever)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE_S if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await super().get_msg(timeout=min(left, POLL_SLICE_S))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise


class SlicedPollClient(AsyncKernelClient):
    """An async kernel client whose shell, iopub and stdin waits are :class:`SlicedPollChannel` waits."""

    shell_channel_class = Type(SlicedPollChannel)  # type: ignore[assignment]
    iopub_channel_class = Type(SlicedPollChannel)  # type: ignore[assignment]
    stdin_channel_class = Type(SlicedPollChannel)  # type: ignore[assignment]


def kernel_config(config: Config | None = None) -> Config:
    """``config`` (or a new one) with :class:`SlicedPollClient` as the kernel manager's client.

    Examples
    --------
    >>> kernel_config().AsyncKernelManager.client_class
    'analysis.report.client.SlicedPollClient'
    """
    config = Config() if config is None else config
    config.AsyncKernelManager.client_class = f"{__name__}.SlicedPollClient"
    return config


class SlicedPollEngine:
    """papermill's nbclient engine with :class:`SlicedPollClient` waits (``papermill --engine media-framing``).

    It delegates to :class:`papermill.engines.NBClientEngine`, imported when called: papermill loads
    its engines' entry points while ``papermill.engines`` itself is imported, so this module must
    not import it at the top (a circular import).
    """

    @classmethod
    def execute_notebook(cls, nb: Any, kernel_name: str, **kwargs: Any) -> Any:
        """Run the notebook as papermill's default engine does, with sliced waits."""
        from papermill.engines import NBClientEngine

        kwargs["config"] = kernel_config(kwargs.get("config"))
        return NBClientEngine.execute_notebook(nb, kernel_name, **kwargs)

    @classmethod
    def nb_kernel_name(cls, nb: Any, name: str | None = None) -> str:
        """The notebook's kernel name, as papermill's default engine finds it."""
        from papermill.engines import NBClientEngine

        return NBClientEngine.nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb: Any, language: str | None = None) -> str:
        """The notebook's language, as papermill's default engine finds it."""
        from papermill.engines import NBClientEngine

        return NBClientEngine.nb_language(nb, language)
