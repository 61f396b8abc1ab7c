"""The report's kernel client (analysis/report/client.py): waits that a missed wake-up cannot stall."""

from __future__ import annotations

import asyncio
import time
from queue import Empty

import pytest
from jupyter_client.channels import AsyncZMQSocketChannel

from analysis.report import client
from analysis.report.client import ENGINE_NAME, SlicedPollChannel, SlicedPollClient, SlicedPollEngine, kernel_config


class _Missed:
    """Stands in for the parent's ``get_msg``: the first ``misses`` waits end without a wake-up
    (as when the event loop is not told about the socket), then the message is there."""

    def __init__(self, misses: int):
        self.misses = misses
        self.timeouts: list[float | None] = []

    async def get_msg(self, timeout=None):
        self.timeouts.append(timeout)
        if len(self.timeouts) <= self.misses:
            await asyncio.sleep(timeout)
            raise Empty
        return {"header": {"msg_type": "execute_reply"}}


def test_a_wait_without_timeout_survives_missed_wake_ups(monkeypatch):
    missed = _Missed(misses=3)
    monkeypatch.setattr(AsyncZMQSocketChannel, "get_msg", missed.get_msg)
    monkeypatch.setattr(client, "POLL_SLICE_S", 0.01)
    channel = SlicedPollChannel.__new__(SlicedPollChannel)
    msg = asyncio.run(channel.get_msg(timeout=None))
    assert msg["header"]["msg_type"] == "execute_reply"
    assert missed.timeouts == [0.01, 0.01, 0.01, 0.01]  # each wait one slice, the socket checked again


def test_a_wait_with_a_timeout_keeps_it(monkeypatch):
    missed = _Missed(misses=1000)
    monkeypatch.setattr(AsyncZMQSocketChannel, "get_msg", missed.get_msg)
    monkeypatch.setattr(client, "POLL_SLICE_S", 0.02)
    channel = SlicedPollChannel.__new__(SlicedPollChannel)
    start = time.monotonic()
    with pytest.raises(Empty):
        asyncio.run(channel.get_msg(timeout=0.5))
    # the wait ends after its timeout, not after the 1,000 missed slices (20 s); bounds wide enough for a busy machine
    assert 0.5 <= time.monotonic() - start < 10.0
    assert all(t <= 0.02 for t in missed.timeouts) and 3 <= len(missed.timeouts) < 1000


def test_the_report_and_papermill_by_hand_use_the_sliced_client():
    from papermill.engines import papermill_engines

    assert kernel_config().AsyncKernelManager.client_class == "analysis.report.client.SlicedPollClient"
    assert SlicedPollClient.shell_channel_class.default_value is SlicedPollChannel
    assert SlicedPollClient.iopub_channel_class.default_value is SlicedPollChannel
    # `papermill --engine media-framing` (an entry point of the installed package)
    assert papermill_engines.get_engine(ENGINE_NAME) is SlicedPollEngine
