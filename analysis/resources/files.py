"""Where a resource comes from: the packaged file or the user's (read through :mod:`analysis.io`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from analysis import io

__all__ = ["load_resource", "packaged_resource", "read_resource"]

T = TypeVar("T")


def read_resource(path: str | Path | None, packaged: str) -> tuple[Any, str]:
    """A YAML resource and the name to report it by: ``path``, or the packaged file ``packaged``.

    Examples
    --------
    >>> data, name = read_resource(None, "stopwords.yaml")
    >>> name.endswith("stopwords.yaml"), sorted(data)
    (True, ['lists'])
    """
    if path is None:
        data, path = io.read_package_yaml(packaged)
        return data, str(path)
    return io.read_yaml(path), str(path)


def load_resource(path: str | Path | None, packaged: str, validate: Callable[..., T]) -> T:
    """``validate(data, name=...)`` of the YAML file ``path``, or of the packaged ``packaged`` (read once).

    Examples
    --------
    >>> load_resource(None, "stopwords.yaml", lambda data, name: sorted(data))
    ['lists']
    """
    if path is None:
        return packaged_resource(packaged, validate)
    data, name = read_resource(path, packaged)
    return validate(data, name=name)


@cache
def packaged_resource(packaged: str, validate: Callable[..., T]) -> T:
    """``validate(data, name=...)`` of the packaged file ``packaged``, read once per process (do not mutate it)."""
    data, name = read_resource(None, packaged)
    return validate(data, name=name)
