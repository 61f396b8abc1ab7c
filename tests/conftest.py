"""Shared fixtures: the shipped event loaded and processed once per test session.

End-to-end tests are marked ``slow`` here, in one place: every test of ``test_browser.py`` and
every test that uses the ``project`` fixture (a full ``report`` run of two events) or
``hostile_project`` (``tests/test_hostile.py``: a full run of an event with hostile names). The fast loop
is ``pytest -m "not slow"``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import io
from analysis.tables.partition import process_partition

ROOT = Path(__file__).resolve().parents[1]
EVENT_DIR = ROOT / "data" / "raw" / "nato-tokyo-office"


SLOW_FIXTURES = {"project", "hostile_project"}
SLOW_MODULES = {"test_browser.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the end-to-end tests ``slow`` (see the module docstring)."""
    for item in items:
        if item.path.name in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def seed_event() -> tuple[dict, object]:
    """(event metadata, corpus frame) of the shipped event."""
    return io.load_event(EVENT_DIR)


@pytest.fixture(scope="session")
def seed_tables(seed_event) -> dict:
    """The foundation tables of the shipped event: articles, sentences, removed."""
    return process_partition(seed_event[1])


@pytest.fixture(scope="session")
def seed_bodies(seed_tables) -> dict[str, str]:
    """Cleaned body of each seed article keyed by article_id ("000" ... "004")."""
    articles = seed_tables["articles"]
    return dict(zip(articles["article_id"], articles["text"], strict=True))
