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

import pandas as pd

__all__ = [
    "CATEGORY_PALETTE",
    "MAX_ARTICLE_ROWS",
    "MAX_FIGURE_INCHES",
    "PALETTE",
    "STYLE",
    "bounded_figsize",
    "category_colors",
    "draw_note",
    "get_ax",
    "outlet_colors",
    "top_articles",
]

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
"""Outlet colours only (through :func:`outlet_colors`): Okabe and Ito (2008), then Paul Tol's muted scheme."""

CATEGORY_PALETTE = (
    "#0077BB",  # blue
    "#EE7733",  # orange
    "#009988",  # teal
    "#EE3377",  # magenta
    "#33BBEE",  # cyan
    "#CC3311",  # red
    "#77AADD",  # light blue (Tol light from here)
    "#EE8866",  # light orange
    "#EEDD88",  # light yellow
    "#FFAABB",  # pink
    "#99DDFF",  # light cyan
    "#44BB99",  # mint
    "#BBCC33",  # pear
    "#AAAA00",  # olive
)
"""Categories that are not outlets (removal reasons, relations, verb categories, labels, speakers):
Paul Tol's vibrant scheme without its grey (kept for 'other'), then his light scheme: colour-blind safe,
and never an outlet's colour."""


def _mix(color: str, other: str, share: float) -> str:
    a = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b, strict=True))


def _colors(n: int) -> list[str]:
    """``n`` distinct colours: the palette, then its tints and shades, then evenly spaced hues."""
    import colorsys

    out: list[str] = []
    tiers = [list(PALETTE), [_mix(c, "#FFFFFF", 0.55) for c in PALETTE], [_mix(c, "#000000", 0.45) for c in PALETTE]]
    for color in (c for tier in tiers for c in tier):
        if len(out) == n:
            return out
        if color not in out:
            out.append(color)
    k = 0
    while len(out) < n:
        hue = (k * 0.618033988749895) % 1.0
        red, green, blue = colorsys.hls_to_rgb(hue, 0.35 + 0.3 * ((k // 7) % 2), 0.75)
        color = f"#{round(red * 255):02X}{round(green * 255):02X}{round(blue * 255):02X}"
        if color not in out:
            out.append(color)
        k += 1
    return out


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """One distinct colour per outlet, assigned in sorted name order so every chart of an event agrees.

    The first 12 outlets get :data:`PALETTE`; more outlets get its tints, then its shades, then evenly
    spaced hues, so no two outlets ever share a colour.

    Examples
    --------
    >>> outlet_colors(["RT", "Nikkei Asia"])
    {'Nikkei Asia': '#0072B2', 'RT': '#E69F00'}
    >>> len(set(outlet_colors(f"outlet {i}" for i in range(60)).values()))
    60
    """
    names = sorted(set(outlets))
    return dict(zip(names, _colors(len(names)), strict=True))


def category_colors(categories: Iterable[str]) -> dict[str, str]:
    """One colour per category from :data:`CATEGORY_PALETTE`, in the order given (first seen wins).

    Examples
    --------
    >>> category_colors(["copied", "rewritten", "copied"])
    {'copied': '#0077BB', 'rewritten': '#EE7733'}
    """
    names = list(dict.fromkeys(categories))
    return {name: CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)] for i, name in enumerate(names)}


MAX_FIGURE_INCHES = (16.0, 24.0)
"""Largest figure :func:`get_ax` makes (width, height in inches): every figure is bounded, whatever the corpus."""
MAX_ARTICLE_ROWS = 40
"""Most articles a per-article chart draws; larger events show the top ones and say so in the title."""


def bounded_figsize(figsize: tuple[float, float]) -> tuple[float, float]:
    """``figsize`` capped at :data:`MAX_FIGURE_INCHES`.

    Examples
    --------
    >>> bounded_figsize((8, 2400.5)), bounded_figsize((8, 5))
    ((8, 24.0), (8, 5))
    """
    return (min(figsize[0], MAX_FIGURE_INCHES[0]), min(figsize[1], MAX_FIGURE_INCHES[1]))


def top_articles(frame: pd.DataFrame, *, by: str, limit: int = MAX_ARTICLE_ROWS) -> tuple[pd.DataFrame, str]:
    """The ``limit`` rows of highest ``by`` (ties: ``article_id``) and a title note, or all rows and ``""``.

    Examples
    --------
    >>> frame = pd.DataFrame({"article_id": ["a", "b", "c"], "n": [1, 3, 3]})
    >>> top, note = top_articles(frame, by="n", limit=2)
    >>> top["article_id"].tolist(), note
    (['b', 'c'], ' (the 2 of 3 articles with the highest n)')
    """
    if len(frame) <= limit:
        return frame, ""
    keys = frame.assign(_neg=-frame[by].astype(float))
    top = keys.sort_values(["_neg", "article_id"], kind="stable").head(limit).drop(columns="_neg")
    return top, f" (the {limit} of {len(frame):,} articles with the highest {by.replace('_', ' ')})"


def get_ax(ax: Any = None, *, figsize: tuple[float, float] | None = None) -> Any:
    """Return ``ax``, or the Axes of a new figure when it is None (matplotlib imported lazily).

    The size of a new figure is capped by :func:`bounded_figsize`.
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new_ax = plt.subplots(figsize=None if figsize is None else bounded_figsize(figsize))
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
