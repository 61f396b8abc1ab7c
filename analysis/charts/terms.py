"""Charts of terms: distinctive terms per outlet, two outlets compared, term rates across outlets.

All take the tidy tables of :mod:`analysis.analyses.terms` (``terms``, ``distinctive_terms``) and colour
outlets with :func:`analysis.charts.outlet_colors` over all the event's outlets. Labels may use the
surface forms seen in the text (``labels``: term -> display form, from
:func:`analysis.analyses.terms.display_labels`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.charts import draw_note, get_ax, outlet_colors
from analysis.views import top_distinctive

__all__ = ["place_labels", "plot_distinctive_terms", "plot_term_heatmap", "plot_term_scatter"]

_OFFSETS = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)]
_RADII = (4, 10, 18, 28, 40, 55)  # points
_LEADER = {"arrowstyle": "-", "color": "0.5", "lw": 0.6, "shrinkA": 1, "shrinkB": 3}



Z_THRESHOLD = 1.96
"""|z| of a two-sided 5% test: the dashed line of the distinctive-terms chart."""

def _label(term: str, labels: Mapping[str, str] | None) -> str:
    return labels.get(term, term) if labels else term


def plot_distinctive_terms(
    distinctive: pd.DataFrame,
    *,
    outlets: Iterable[str],
    reference: str = "rest",
    top_k: int = 10,
    labels: Mapping[str, str] | None = None,
    axes: Any = None,
) -> np.ndarray:
    """Small multiples: each outlet's most distinctive terms as horizontal bars of z.

    Bars of terms used fewer than 3 times by the outlet (``low_count``) are hatched and pale; the
    count is written at the end of each bar.

    Parameters
    ----------
    distinctive : DataFrame
        ``distinctive_terms`` (outlet, reference, term, z, count, low_count).
    outlets : iterable of str
        Every outlet of the event (for colours); panels are drawn for those present in the table.
    reference : str
        ``"rest"`` (default) or an outlet name.
    top_k : int
    labels : mapping, optional
        Term -> display form.
    axes : array of Axes, optional
        At least one Axes per outlet; default a new figure.

    Returns
    -------
    numpy array of Axes (use ``axes.flat[0].figure`` to save the figure)
    """
    colors = outlet_colors(outlets)
    top = top_distinctive(distinctive, reference=reference, top_k=top_k)
    panels = sorted(top["outlet"].unique())
    if not panels:  # e.g. a one-outlet event: nothing to compare with
        ax = get_ax(axes.flat[0] if axes is not None else None, figsize=(6, 1.6))
        draw_note(ax, f"No outlet has terms with positive z against {reference!r}: "
                      f"{len(set(distinctive['outlet']))} outlet(s) compared.")
        return np.asarray([[ax]])
    if axes is None:
        import matplotlib.pyplot as plt

        ncols = min(3, len(panels))
        nrows = math.ceil(len(panels) / ncols)
        _, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 0.36 * top_k * nrows + 1.6 * nrows), squeeze=False)
    axes = np.asarray(axes)
    flat = axes.ravel()
    if flat.size < len(panels):
        raise ValueError(f"axes: {flat.size} given, {len(panels)} outlets to draw")
    z_max = float(top["z"].max())
    for ax, outlet in zip(flat, panels, strict=False):
        rows = top[top["outlet"] == outlet].iloc[::-1]
        y = np.arange(len(rows))
        low = rows["low_count"].to_numpy(dtype=bool)
        bars = ax.barh(y, rows["z"], color=colors[outlet], alpha=1.0)
        for bar, is_low in zip(bars, low, strict=True):
            if is_low:
                bar.set_alpha(0.45)
                bar.set_hatch("///")
        for k, (value, count) in enumerate(zip(rows["z"], rows["count"], strict=True)):
            ax.text(value, k, f" {count}", va="center", fontsize=9)
        ax.set_yticks(y, [_label(t, labels) for t in rows["term"]])
        ax.set_xlim(0, max(z_max, Z_THRESHOLD) * 1.18)
        ax.axvline(Z_THRESHOLD, color="0.25", linestyle="--", linewidth=0.9)
        if not (rows["z"] >= Z_THRESHOLD).any():
            ax.text(0.98, 0.02, "no term reaches |z| = 1.96", transform=ax.transAxes, ha="right", va="bottom",
                    fontsize=8.5, color="0.25", style="italic")
        ax.set_title(outlet, color=colors[outlet], fontweight="bold")
        ax.set_xlabel("z (log-odds, informative prior)")
    for ax in flat[len(panels) :]:
        ax.set_visible(False)
    against = "the rest of the event" if reference == "rest" else reference
    flat[0].figure.suptitle(
        f"Most distinctive terms of each outlet against {against}\n"
        "bar: z-score of the log-odds ratio (Monroe et al. 2008); dashed line: |z| = 1.96; number: uses; "
        "hatched: fewer than 3 uses",
        fontsize=12,
    )
    flat[0].figure.tight_layout()
    return axes


def _overlaps(box: Any, boxes: list[Any]) -> bool:
    return any(box.overlaps(other) for other in boxes)


def place_labels(
    ax: Any, points: Sequence[tuple[float, float]], texts: Sequence[str], *, colors: Sequence[str] | None = None,
    fontsize: float = 9,
) -> list[Any]:
    """Label data points without overlap: greedy, deterministic placement around each point.

    Labels are placed in the given order (most important first). Each tries eight directions at
    growing distances and takes the first spot whose bounding box overlaps no placed label, no
    labelled point and stays inside the Axes; a leader line joins labels set away from their
    point. A label with no free spot is left out. Returns the placed ``Annotation`` objects.
    """
    fig = ax.figure
    fig.canvas.draw()  # fixes the layout, so display coordinates below are final
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    from matplotlib.patheffects import withStroke
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    marker = 4.0 * fig.dpi / 72  # half a marker, in pixels
    taken = []
    for x, y in points:
        px, py = ax.transData.transform((x, y))
        taken.append(Bbox.from_extents(px - marker, py - marker, px + marker, py + marker))
    placed = []
    for k, ((x, y), text) in enumerate(zip(points, texts, strict=True)):
        color = colors[k] if colors is not None else "black"
        done = False
        for radius in _RADII:
            for dx, dy in _OFFSETS:
                offset = (dx * (radius + 2), dy * radius)
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
                far = radius > _RADII[0]
                note = ax.annotate(
                    text, (x, y), xytext=offset, textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
                    color=color, arrowprops=_LEADER if far else None,
                    path_effects=[withStroke(linewidth=2.5, foreground="white")],
                )
                note.update_positions(renderer)
                box = Text.get_window_extent(note, renderer).expanded(1.04, 1.1)  # the text, not its leader line
                inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
                if inside and not _overlaps(box, taken):
                    taken.append(box)
                    placed.append(note)
                    done = True
                    break
                note.remove()
            if done:
                break
    return placed


def plot_term_scatter(
    terms: pd.DataFrame,
    distinctive: pd.DataFrame,
    outlet_a: str,
    outlet_b: str,
    *,
    outlets: Iterable[str],
    top_k: int = 8,
    labels: Mapping[str, str] | None = None,
    ax: Any = None,
) -> Any:
    """Two outlets' term rates against each other (log scales), their most distinctive terms labelled.

    Each point is a term used by either outlet; its position is its rate per 10,000 tokens in
    ``outlet_a`` (x) and ``outlet_b`` (y). A term one outlet never uses is drawn at half that outlet's
    one-use rate, on the axis edge. The ``top_k`` terms of highest z for A against B, and for B
    against A, are coloured and labelled (see :func:`place_labels`).

    Parameters
    ----------
    terms : DataFrame
        ``terms`` (outlet, term, per_10k, count).
    distinctive : DataFrame
        ``distinctive_terms`` with the pairwise comparisons of the two outlets.
    outlet_a, outlet_b : str
    outlets : iterable of str
    top_k : int
    labels : mapping, optional
    ax : matplotlib Axes, optional
    """
    present = set(terms["outlet"])
    if not outlet_a or not outlet_b:  # fewer than two outlets (see pick_outlet_pair)
        return draw_note(get_ax(ax, figsize=(6, 1.6)), "Two outlets are needed to compare term rates; "
                         f"this event has {len(present)}.")
    for name in (outlet_a, outlet_b):
        if name not in present:
            raise ValueError(f"outlet {name!r} not in the terms table ({', '.join(sorted(present))})")
    if outlet_a == outlet_b:
        raise ValueError("outlet_a and outlet_b must differ")
    colors = outlet_colors(outlets)
    ax = get_ax(ax, figsize=(9, 8))
    rates = terms[terms["outlet"].isin([outlet_a, outlet_b])].pivot_table(
        index="term", columns="outlet", values="per_10k", aggfunc="sum"
    )
    floors = {}
    for name in (outlet_a, outlet_b):
        one_use = terms.loc[terms["outlet"] == name, "per_10k"] / terms.loc[terms["outlet"] == name, "count"]
        floors[name] = float(one_use.median()) / 2
    x = rates[outlet_a].fillna(floors[outlet_a])
    y = rates[outlet_b].fillna(floors[outlet_b])
    # terms sharing a position (same counts) are one point, sized by how many they are
    stacked = pd.DataFrame({"x": x, "y": y}).groupby(["x", "y"], sort=True).size().reset_index(name="n")
    ax.scatter(stacked["x"], stacked["y"], s=10 + 8 * np.sqrt(stacked["n"] - 1) * 3, color="0.55", alpha=0.35,
               linewidths=0, zorder=2)
    ax.set_xscale("log")
    ax.set_yscale("log")
    low = min(floors.values()) / 1.5
    high = max(x.max(), y.max()) * 1.6
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.plot([low, high], [low, high], color="0.75", lw=1, zorder=1)
    from matplotlib.ticker import FuncFormatter

    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        axis.set_minor_formatter(FuncFormatter(lambda value, _: f"{value:g}" if f"{value:e}"[0] in "25" else ""))
    ax.axvline(floors[outlet_a], color="0.7", lw=0.8, ls=":", zorder=1)
    ax.axhline(floors[outlet_b], color="0.7", lw=0.8, ls=":", zorder=1)
    ax.text(floors[outlet_a], high / 1.1, f" not used by {outlet_a}", rotation=90, va="top", ha="right",
            fontsize=8, color="0.4")
    ax.text(high / 1.1, floors[outlet_b], f"not used by {outlet_b} ", va="bottom", ha="right", fontsize=8,
            color="0.4")
    chosen = []
    for target, other in ((outlet_a, outlet_b), (outlet_b, outlet_a)):
        top = top_distinctive(distinctive, reference=other, top_k=top_k, outlets=[target])
        for row in top.itertuples():
            chosen.append((row.z, row.term, target))
    chosen.sort(key=lambda item: (-item[0], item[1], item[2]))
    # terms at the same position share one label (most distinctive first), three to a line
    groups: dict[tuple[float, float], list[tuple[str, str]]] = {}
    for _, term, outlet in chosen:
        groups.setdefault((float(x[term]), float(y[term])), []).append((_label(term, labels), outlet))
    points = list(groups)
    texts = [
        "\n".join(", ".join(name for name, _ in members[k : k + 3]) for k in range(0, len(members), 3))
        for members in groups.values()
    ]
    point_colors = [colors[members[0][1]] for members in groups.values()]
    ax.scatter([p[0] for p in points], [p[1] for p in points], s=30, zorder=3, color=point_colors,
               edgecolors="white", linewidths=0.5)
    ax.set_xlabel(f"{outlet_a}: uses per 10,000 tokens (log scale)")
    ax.set_ylabel(f"{outlet_b}: uses per 10,000 tokens (log scale)")
    ax.set_title(
        f"Term rates, {outlet_a} vs {outlet_b}: labelled, the {top_k} most distinctive of each\n"
        "(z of the log-odds ratio; grey point size: number of terms at that position)",
        fontsize=11,
    )
    place_labels(ax, points, texts, colors=point_colors)
    return ax


def plot_term_heatmap(
    terms: pd.DataFrame,
    distinctive: pd.DataFrame,
    *,
    outlets: Iterable[str],
    top_k: int = 5,
    labels: Mapping[str, str] | None = None,
    ax: Any = None,
) -> Any:
    """Rates per 10,000 tokens of each outlet's ``top_k`` most distinctive terms (vs the rest), across outlets.

    Rows are grouped by the outlet the term is distinctive of (its name's colour marks the row);
    cells give the rate, blank where the outlet never uses the term.
    """
    colors = outlet_colors(outlets)
    shown = sorted(terms["outlet"].unique())
    top = top_distinctive(distinctive, top_k=top_k, outlets=shown)
    rows = list(dict.fromkeys(top["term"]))
    if not rows:
        return draw_note(get_ax(ax, figsize=(6, 1.6)), "No outlet has terms with positive z against the rest: "
                         f"{len(shown)} outlet(s) compared.")
    owner = {t: top.loc[top["term"] == t, "outlet"].iloc[0] for t in rows}
    matrix = (
        terms[terms["term"].isin(rows)]
        .pivot_table(index="term", columns="outlet", values="per_10k", aggfunc="sum")
        .reindex(index=rows, columns=shown)
    )
    ax = get_ax(ax, figsize=(1.5 * len(shown) + 3.5, 0.34 * len(rows) + 2.2))
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(np.nan_to_num(values, nan=0.0), aspect="auto", cmap="Blues", vmin=0)
    finite = values[np.isfinite(values)]
    limit = float(finite.max()) if finite.size else 1.0
    for (i, j), value in np.ndenumerate(values):
        if np.isfinite(value):
            ax.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=8,
                    color="white" if value > 0.6 * limit else "black")
    ax.set_xticks(range(len(shown)), shown, rotation=30, ha="right")
    for tick, outlet in zip(ax.get_xticklabels(), shown, strict=True):
        tick.set_color(colors[outlet])
        tick.set_fontweight("bold")
    ax.set_yticks(range(len(rows)), [_label(t, labels) for t in rows])
    for tick, term in zip(ax.get_yticklabels(), rows, strict=True):
        tick.set_color(colors[owner[term]])
    ax.grid(False)
    ax.figure.colorbar(image, ax=ax, label="uses per 10,000 tokens")
    ax.set_title(f"Rates of each outlet's {top_k} most distinctive terms across outlets\n"
                 "(term colour: the outlet it is distinctive of; blank: never used)", fontsize=11)
    return ax
