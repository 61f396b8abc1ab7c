"""Charts: ``plot_*`` functions that take tidy tables and ``ax=None`` and return the Axes.

They never call ``plt.show()`` or ``savefig`` and never change rcParams; styling lives in the
packaged style sheet :data:`STYLE` (``plt.style.use(STYLE)``) and saving in
:func:`analysis.io.save_figure`. Every chart colours outlets through :func:`outlet_colors`, so an
outlet keeps its colour across all figures of an event. Submodules hold the charts of each analysis:
:mod:`analysis.charts.corpus`, and those of terms, stance, frames and reuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["PALETTE", "STYLE", "draw_note", "get_ax", "outlet_colors"]

STYLE = str(Path(__file__).resolve().parent.parent / "styles" / "report.mplstyle")
"""Path of the project's matplotlib style sheet."""

PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
    "#882255",  # wine (Tol muted)
    "#44AA99",  # teal
    "#999933",  # olive
    "#AA4499",  # purple
)
"""Colour-blind-safe palette: Okabe and Ito (2008) first, then Paul Tol's muted scheme."""


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """One colour per outlet, assigned in sorted name order so every chart of an event agrees.

    Examples
    --------
    >>> outlet_colors(["RT", "Nikkei Asia"])
    {'Nikkei Asia': '#0072B2', 'RT': '#E69F00'}
    """
    names = sorted(set(outlets))
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def get_ax(ax: Any = None, *, figsize: tuple[float, float] | None = None) -> Any:
    """Return ``ax``, or the Axes of a new figure when it is None (matplotlib imported lazily)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new_ax = plt.subplots(figsize=figsize)
    return new_ax


def draw_note(ax: Any, message: str) -> Any:
    """Write ``message`` across an Axes that has nothing to draw, so no chart is ever silently empty.

    The Axes keeps its title; ticks, grid and spines are hidden. Returns the Axes.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = draw_note(get_ax(), "Nothing to draw: no quotation in this event.")
    >>> ax.texts[0].get_text()
    'Nothing to draw: no quotation in this event.'
    """
    import textwrap

    ax.text(
        0.5, 0.5, textwrap.fill(message, width=70), transform=ax.transAxes, ha="center", va="center",
        fontsize=11, color="#333333",
    )
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax
