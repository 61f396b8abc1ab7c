"""Where a resource comes from: the packaged file or the user's (read through :mod:`analysis.io`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis import io

__all__ = ["read_resource"]


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
