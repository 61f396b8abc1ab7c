"""Charts of framing-lexicon scores: outlet x frame heatmap, differences from the event average."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.charts import get_ax, outlet_colors

__all__ = ["plot_frame_differences", "plot_frame_heatmap"]


def _outlet_rows(frames: pd.DataFrame, lexicon: str) -> pd.DataFrame:
    rows = frames[(frames["lexicon"] == lexicon) & (frames["article_id"].isna() | (frames["article_id"] == ""))]
    if rows.empty:
        raise ValueError(f"no outlet rows for lexicon {lexicon!r}; lexicons: {sorted(frames['lexicon'].unique())}")
    return rows


def plot_frame_heatmap(frames: pd.DataFrame, *, lexicon: str, ax: Any = None) -> Any:
    """Heatmap of frame-term hits per 1,000 tokens, one row per frame and one column per outlet.

    Each cell shows the rate and, below it, the number of hits. Frames keep the lexicon's order.

    Parameters
    ----------
    frames : DataFrame
        ``frames.csv`` (outlet rows are those with an empty ``article_id``).
    lexicon : str
        Which lexicon to draw.
    ax : matplotlib Axes, optional
    """
    rows = _outlet_rows(frames, lexicon)
    order = list(dict.fromkeys(rows["frame"]))
    outlets = sorted(rows["outlet"].unique())
    rate = rows.pivot_table(index="frame", columns="outlet", values="per_1k", aggfunc="first").reindex(
        index=order, columns=outlets
    )
    hits = rows.pivot_table(index="frame", columns="outlet", values="hits", aggfunc="first").reindex(
        index=order, columns=outlets
    )
    ax = get_ax(ax, figsize=(1.5 * len(outlets) + 4.5, 0.5 * len(order) + 2.2))
    values = rate.to_numpy(float)
    top = np.nanmax(values) if np.isfinite(values).any() and np.nanmax(values) > 0 else 1.0
    image = ax.imshow(values, cmap="Blues", vmin=0, vmax=top, aspect="auto")
    for i in range(len(order)):
        for j in range(len(outlets)):
            value = values[i, j]
            if np.isnan(value):
                continue
            colour = "white" if value > 0.6 * top else "black"
            ax.text(j, i, f"{value:.1f}\n({int(hits.iloc[i, j])})", ha="center", va="center", fontsize=8,
                    color=colour)
    ax.set_xticks(range(len(outlets)), outlets, rotation=20, ha="right")
    ax.set_yticks(range(len(order)), order)
    ax.grid(False)
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colorbar.set_label("hits per 1,000 tokens")
    voice = rows["voice"].iloc[0] if "voice" in rows else "all"
    ax.set_title(
        f"{lexicon}: frame-term hits per 1,000 tokens (hits in brackets)\n"
        f"lexical proxy, voice: {voice}; read the evidence before concluding",
        fontsize=11,
    )
    return ax


def plot_frame_differences(
    differences: pd.DataFrame, *, lexicon: str, outlets: Sequence[str] | None = None, ax: Any = None
) -> Any:
    """Each outlet's frame rate minus the event's, as diverging bars with bootstrap intervals.

    Parameters
    ----------
    differences : DataFrame
        From :func:`analysis.views.frame_differences`.
    lexicon : str
    outlets : sequence of str, optional
        Every outlet of the event, so colours agree with other figures (default: those present).
    ax : matplotlib Axes, optional
    """
    data = differences[differences["lexicon"] == lexicon]
    if data.empty:
        raise ValueError(f"no rows for lexicon {lexicon!r}")
    order = list(dict.fromkeys(data["frame"]))
    present = sorted(data["outlet"].unique())
    colors = outlet_colors(outlets if outlets is not None else present)
    ax = get_ax(ax, figsize=(9, 0.28 * len(order) * len(present) + 2))
    height = 0.8 / len(present)
    for k, outlet in enumerate(present):
        rows = data[data["outlet"] == outlet].set_index("frame").reindex(order)
        y = np.arange(len(order)) - 0.4 + height * (k + 0.5)
        low = (rows["difference"] - rows["diff_low"]).clip(lower=0)
        high = (rows["diff_high"] - rows["difference"]).clip(lower=0)
        ax.barh(y, rows["difference"], height=height * 0.9, color=colors[outlet], label=outlet)
        ax.errorbar(rows["difference"], y, xerr=[low.fillna(0), high.fillna(0)], fmt="none", ecolor="0.3",
                    elinewidth=0.8, capsize=2)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_xlabel("difference from the event's rate (hits per 1,000 tokens); whiskers: 95% bootstrap interval")
    ax.set_title(f"{lexicon}: each outlet against the event average (lexical proxy)", fontsize=11)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9, title="outlet")
    return ax
