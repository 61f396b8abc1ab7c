"""Evaluative modifiers of actors (``analysis/data/actor_modifiers.yaml``): validation and loading.

Words written before an actor's name ("crooked", "militaristic") and their valence on VADER's
-4..+4 scale; used by :func:`analysis.analyses.stance.toward.stance_toward_actors`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis.resources.files import load_resource

__all__ = ["load_actor_modifiers"]

_VADER_MAX = 4  # VADER word valences run from -4 to +4


def load_actor_modifiers(path: str | Path | None = None) -> dict[str, float]:
    """Evaluative modifiers and their valence (VADER's -4..+4 scale) from ``actor_modifiers.yaml``.

    The packaged file (``path`` None) is read once per process.

    Examples
    --------
    >>> load_actor_modifiers()["militaristic"]
    -1.6
    """
    return dict(load_resource(path, "actor_modifiers.yaml", _validate_modifiers))


def _validate_modifiers(data: Any, name: str) -> dict[str, float]:
    words = data.get("words") if isinstance(data, dict) else None
    if not isinstance(words, dict) or not words:
        raise ValueError(f"{name}: `words` must map each modifier to its valence")
    bad = [w for w, v in words.items() if not isinstance(v, (int, float)) or not -_VADER_MAX <= v <= _VADER_MAX]
    if bad:
        raise ValueError(f"{name}: valence must be a number from -4 to 4 for: {', '.join(map(str, bad))}")
    return {str(w).lower(): float(v) for w, v in words.items()}
