"""Charts of stance: how outlets name actors, whom they quote, which cues they use, how they feel.

Each function takes a tidy table from :mod:`analysis.analyses.stance.cues` (or one of its summaries:
:func:`~analysis.views.label_shares`,
:func:`~analysis.views.cue_rates`) and ``ax=None``, and returns the Axes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.charts import CATEGORY_PALETTE, category_colors, draw_note, get_ax, outlet_colors

__all__ = [
    "plot_actor_sentiment",
    "plot_cue_rates",
    "plot_label_shares",
    "plot_verb_mix",
    "plot_voices",
    "pooled_label",
]

MIN_LABELLED_SHARE = 0.08  # narrower segments cannot hold their percentage label
DARK_CELL = 0.6  # |mean compound| above which the RdBu cell is dark enough for white text

_VERB_COLORS = {"neutral": "#999999", "endorsing": CATEGORY_PALETTE[2], "sceptical": CATEGORY_PALETTE[1],
                "evaluative": CATEGORY_PALETTE[5]}


def _stacked(ax: Any, table: pd.DataFrame, *, rows: Sequence[str], segment: str, value: str,
             colors: dict[str, str], order: Sequence[str], count: str | None = None, min_count: int = 0) -> None:
    """Stacked bars; with ``count``, segments show their count and those below ``min_count`` are hatched."""
    left = np.zeros(len(rows))
    for name in order:
        part_rows = table[table[segment] == name].set_index("outlet")
        part = part_rows[value].reindex(rows).fillna(0).to_numpy()
        counts = part_rows[count].reindex(rows).fillna(0).to_numpy() if count else np.zeros(len(rows))
        bars = ax.barh(list(rows), part, left=left, color=colors[name], label=name, edgecolor="white", linewidth=0.6)
        for y, (x0, width, n) in enumerate(zip(left, part, counts, strict=True)):
            few = count is not None and 0 < n < min_count
            if few:  # a share resting on one or two mentions: hatched and faded, so it does not read as a habit
                bars[y].set_hatch("///")
                bars[y].set_alpha(0.45)
            if width >= MIN_LABELLED_SHARE:
                text = f"{width:.0%}" + (f" ({int(n)})" if count else "")
                ax.text(x0 + width / 2, y, text, ha="center", va="center", fontsize=8,
                        color="black" if few else "white")
        left += part
    ax.set_xlim(0, 1)
    ax.invert_yaxis()


def _finish(ax: Any, labels: Sequence[str], *, xlabel: str, title: str, legend: str) -> Any:
    """Row labels, axis label, title and the legend outside on the right: the end of every bar chart here."""
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), title=legend)
    return ax


def plot_label_shares(
    shares: pd.DataFrame, *, actor: str, outlets: Sequence[str], min_mentions: int = 3, ax: Any = None
) -> Any:
    """Stacked bars: share of each label among an outlet's mentions of ``actor``, with the counts.

    Each segment wide enough shows its share and, in brackets, its mentions; a segment resting on
    fewer than ``min_mentions`` mentions is hatched and faded.

    Parameters
    ----------
    shares : DataFrame
        From :func:`analysis.views.label_shares` (outlet, label, n, share).
    actor : str
        The actor's name, for the title.
    outlets : sequence of str
        Every outlet of the event (outlets without a mention get an empty bar).
    """
    rows = sorted(set(outlets))
    labels = (
        shares.groupby("label")["n"].sum().sort_values(ascending=False, kind="stable").index.tolist()
    )
    if "(other labels)" in labels:
        labels.remove("(other labels)")
        labels.append("(other labels)")
    colors = category_colors(labels)
    if "(other labels)" in colors:
        colors["(other labels)"] = "#DDDDDD"
    ax = get_ax(ax, figsize=(9, 0.55 * len(rows) + 2.2))
    ax.set_title(f"How each outlet names {actor}")
    if shares.empty or shares["n"].sum() == 0:
        return draw_note(ax, f"Nothing to draw: no outlet names {actor} in this event.")
    _stacked(ax, shares, rows=rows, segment="label", value="share", colors=colors, order=labels, count="n",
             min_count=min_mentions)
    totals = shares.groupby("outlet")["n"].sum().reindex(rows).fillna(0).astype(int)
    xlabel = f"share of {actor} mentions (n); hatched: n < {min_mentions}"  # within a figure's 48 characters
    return _finish(ax, [f"{o} (n={totals[o]})" for o in rows], xlabel=xlabel,
                   title=f"How each outlet names {actor}", legend="label as written")




def pooled_label(names: Sequence[str], *, shown: int = 3) -> str:
    """Legend label of the affiliations pooled into one segment: how many, and the first few by name.

    Examples
    --------
    >>> pooled_label(["Japan", "China", "Russia", "Korea", "India"])
    'person: 5 other affiliations (China, India, Japan, …)'
    >>> pooled_label(["Japan"])
    'person: 1 other affiliation (Japan)'
    """
    ordered = sorted(names)
    listed = ", ".join(ordered[:shown]) + (", …" if len(ordered) > shown else "")
    return f"person: {len(ordered)} other affiliation{'s' if len(ordered) != 1 else ''} ({listed})"


def plot_voices(counts: pd.DataFrame, *, outlets: Sequence[str], max_groups: int = 8, ax: Any = None) -> Any:
    """Stacked bars of quotation counts per outlet: people by affiliation, then organisations or
    documents, then scare quotes, each kept apart so a document's phrases never read as someone speaking.

    Parameters
    ----------
    counts : DataFrame
        From :func:`analysis.views.voice_counts` (outlet, voice, group, n_quotes, n_words).
    outlets : sequence of str
        Every outlet of the event; outlets quoting nobody are marked "no quotations".
    max_groups : int
        Most affiliations drawn apart (the most quoted; ties by name); the others are pooled into
        one grey segment whose legend label says how many and which ("person: 5 other
        affiliations (China, India, Japan, …)"), so an event with many speakers stays readable.
    """
    if max_groups < 1:
        raise ValueError(f"max_groups must be at least 1, got {max_groups}")
    rows = sorted(set(outlets))
    data = counts[counts["voice"] != "other"].copy()
    people = data[data["voice"] == "person"]
    totals_by_group = people.groupby("group")["n_quotes"].sum()
    ranked = sorted(totals_by_group.index, key=lambda g: (-totals_by_group[g], str(g)))
    affiliations, pooled = ranked[:max_groups], ranked[max_groups:]
    if len(pooled) == 1:  # pooling one affiliation would hide its name for nothing
        affiliations, pooled = ranked, []
    data["segment"] = np.where(data["voice"] == "person", "person: " + data["group"].astype(str), data["voice"])
    other = pooled_label([str(g) for g in pooled]) if pooled else None
    if pooled:
        data.loc[(data["voice"] == "person") & data["group"].isin(pooled), "segment"] = other
    order = [f"person: {a}" for a in affiliations] + ([other] if other else []) + [
        "organisation or document", "scare quote"]
    colors = category_colors([f"person: {a}" for a in affiliations])
    colors |= {"organisation or document": "#777777", "scare quote": "#DDDDDD"}
    if other:
        colors[other] = "#AAAAAA"
    hatches = {"organisation or document": "xx", "scare quote": "//"}
    ax = get_ax(ax, figsize=(9.5, 0.55 * len(rows) + 2.4))
    left = np.zeros(len(rows))
    for name in order:
        part = data[data["segment"] == name].groupby("outlet")["n_quotes"].sum().reindex(rows).fillna(0).to_numpy()
        if not part.any():
            continue
        ax.barh(list(rows), part, left=left, color=colors[name], label=name, edgecolor="white", linewidth=0.6,
                hatch=hatches.get(name))
        for y, (x0, width) in enumerate(zip(left, part, strict=True)):
            if width > 0:
                ax.text(x0 + width / 2, y, f"{int(width)}", ha="center", va="center", fontsize=8,
                        color="black" if name in hatches else "white")
        left += part
    ax.invert_yaxis()
    totals = data.groupby("outlet")["n_quotes"].sum().reindex(rows).fillna(0).astype(int)
    for y, outlet in enumerate(rows):
        if totals[outlet] == 0:
            ax.text(0.05, y, "no quotations", va="center", fontsize=9, color="#555555")
    return _finish(ax, [f"{o} (n={totals[o]})" for o in rows], xlabel="quotations (counts)",
                   title="Who is heard: people by affiliation, organisations or documents, scare quotes",
                   legend="quoted")


def plot_verb_mix(rates: pd.DataFrame, *, outlets: Sequence[str], ax: Any = None) -> Any:
    """Stacked bars: each outlet's reporting verbs (own voice) by category, as shares, with counts.

    Parameters
    ----------
    rates : DataFrame
        From :func:`analysis.views.cue_rates`.
    """
    rows = sorted(set(outlets))
    verbs = rates[rates["cue_type"] == "reporting_verb"].copy()
    totals = verbs.groupby("outlet")["n"].sum().reindex(rows).fillna(0)
    verbs["share"] = verbs["n"] / verbs["outlet"].map(totals).where(lambda t: t > 0, 1)
    order = [c for c in _VERB_COLORS if c in set(verbs["category"])]
    ax = get_ax(ax, figsize=(9, 0.55 * len(rows) + 2.2))
    ax.set_title("Reporting-verb mix")
    if verbs.empty or totals.sum() == 0:
        return draw_note(ax, "Nothing to draw: no reporting verb outside quotations in this event.")
    _stacked(ax, verbs, rows=rows, segment="category", value="share", colors=_VERB_COLORS, order=order)
    return _finish(ax, [f"{o} (n={int(totals[o])})" for o in rows],
                   xlabel="share of the outlet's reporting verbs (outside quotations)", title="Reporting-verb mix",
                   legend="verb category")


def plot_cue_rates(rates: pd.DataFrame, *, outlets: Sequence[str], ax: Any = None) -> Any:
    """Grouped bars: hedges, boosters and scare quotes per 1,000 words of each outlet (own voice).

    Each bar carries its count (``n=``) and an exact Poisson 95% interval, which stays wide for zero
    and small counts; distancing hedges and attribution are separate groups.

    Parameters
    ----------
    rates : DataFrame
        From :func:`analysis.views.cue_rates`.
    outlets : sequence of str
        Every outlet of the event, for colours.
    """
    colors = outlet_colors(outlets)
    rows = sorted(set(outlets))
    data = rates[rates["cue_type"] != "reporting_verb"].copy()
    data["group"] = data["cue_type"].str.replace("_", " ") + ": " + data["category"]
    groups = sorted(data["group"].unique())
    ax = get_ax(ax, figsize=(9, 0.9 * len(groups) + 2))
    ax.set_title("Hedges, boosters and scare quotes")
    if not groups:
        return draw_note(ax, "Nothing to draw: no hedge, booster or scare quote outside quotations in this event.")
    height = 0.8 / max(len(rows), 1)
    from analysis.stats import poisson_interval

    for i, outlet in enumerate(rows):
        mine = data[data["outlet"] == outlet].set_index("group").reindex(groups)
        values = mine["per_1k_words"].fillna(0).to_numpy()
        counts = mine["n"].fillna(0).to_numpy()
        words = mine["n_words"].fillna(0).to_numpy()
        low, high = poisson_interval(counts, words)
        positions = np.arange(len(groups)) + (i - (len(rows) - 1) / 2) * height
        ax.barh(positions, values, height=height, color=colors[outlet], label=outlet)
        ax.errorbar(values, positions, xerr=[np.clip(values - low, 0, None), np.clip(high - values, 0, None)],
                    fmt="none", ecolor="0.35", elinewidth=0.7, capsize=1.5)
        for y, x, n in zip(positions, high, counts, strict=True):
            if np.isfinite(x):
                ax.text(x, y, f" n={int(n)}", va="center", fontsize=6.5, color="#444444")
    ax.invert_yaxis()
    return _finish(ax, groups, title="Hedges, boosters and scare quotes", legend="outlet",
                   xlabel="cues per 1,000 words of the outlet's text (outside quotations); whiskers: exact Poisson 95%")


def plot_actor_sentiment(
    table: pd.DataFrame, *, voice: str, actors: Sequence[str], outlets: Sequence[str], min_sentences: int = 3,
    ax: Any = None,
) -> Any:
    """Heat map outlet x actor of the mean VADER compound, annotated with the interval and n.

    Cells resting on fewer than ``min_sentences`` sentences are hatched grey and left out of the
    colour scale; an interval the cell has too few sentences for reads "n too small".

    Parameters
    ----------
    table : DataFrame
        The ``actor_sentiment`` table.
    voice : str
        ``"author"`` or ``"quoted"``.
    actors : sequence of str
        The actors to show (columns), in this order.
    outlets : sequence of str
        Every outlet of the event (rows); empty cells mean no sentence names the actor in that voice.
    """
    if voice not in {"author", "quoted"}:
        raise ValueError(f"voice must be 'author' or 'quoted', got {voice!r}")
    rows = sorted(set(outlets))
    cols = list(actors)
    data = table[(table["voice"] == voice) & table["actor"].isin(cols)].set_index(["outlet", "actor"])
    grid = np.full((len(rows), len(cols)), np.nan)
    ax = get_ax(ax, figsize=(1.35 * max(len(cols), 4) + 3, 0.8 * len(rows) + 2))
    who = "the outlet's own words" if voice == "author" else "quoted speech"
    if data.empty:
        ax.set_title(f"Sentiment of sentences naming each actor: {who}")
        named = f"naming {', '.join(cols)} " if cols else "naming an actor "
        return draw_note(ax, f"Nothing to draw: no sentence {named}in {who} in this event.")
    from matplotlib.patches import Rectangle

    for i, outlet in enumerate(rows):
        for j, actor in enumerate(cols):
            if (outlet, actor) in data.index:
                row = data.loc[(outlet, actor)]
                n = int(row["n_sentences"])
                low, high = row["ci_low"], row["ci_high"]
                ci = "n too small" if pd.isna(low) or pd.isna(high) else f"[{low:+.2f}, {high:+.2f}]"
                if n < min_sentences:  # hatched, not coloured: a sentence or two cannot colour the map
                    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#F2F2F2", edgecolor="#BBBBBB",
                                           hatch="///", linewidth=0))
                    color = "#666666"
                else:
                    grid[i, j] = row["mean_compound"]
                    color = "white" if abs(row["mean_compound"]) > DARK_CELL else "black"
                ax.text(j, i, f"{row['mean_compound']:+.2f}\n{ci}\nn={n}", ha="center", va="center", fontsize=7.5,
                        color=color, zorder=3)
    image = ax.imshow(np.ma.masked_invalid(grid), cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(len(cols)), cols, rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    ax.grid(False)
    ax.figure.colorbar(image, ax=ax, label="mean VADER compound (−1 to +1)", shrink=0.8)
    ax.set_title(f"Sentiment of sentences naming each actor: {who}\n"
                 f"(mean, 95% t interval, n; hatched: n < {min_sentences})")
    return ax
