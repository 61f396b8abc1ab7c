"""Charts of the corpus at a glance: body length, publication timeline, what cleaning removed."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.charts import category_colors, get_ax, outlet_colors, top_articles
from analysis.views import removal_summary

__all__ = ["plot_body_length", "plot_removed", "plot_timeline"]


def _label(row: Any) -> str:
    via = f" (via {row.platform})" if isinstance(row.platform, str) and row.platform else ""
    return f"{row.outlet}{via} [{row.article_id}]"


def plot_body_length(articles: pd.DataFrame, *, ax: Any = None) -> Any:
    """Horizontal bars of each article's cleaned body length in words, coloured by outlet.

    Parameters
    ----------
    articles : DataFrame
        The ``articles`` table (``article_id``, ``outlet``, ``platform``, ``n_words``).
    ax : matplotlib Axes, optional
    """
    colors = outlet_colors(articles["outlet"])
    data, note = top_articles(articles, by="n_words")
    ax = get_ax(ax, figsize=(8, 0.5 * len(data) + 1.5))
    data = data.sort_values(["n_words", "article_id"], ascending=[True, True], kind="stable")
    labels = [_label(r) for r in data.itertuples()]
    ax.barh(labels, data["n_words"], color=[colors[o] for o in data["outlet"]])
    for y, value in enumerate(data["n_words"]):
        ax.text(value, y, f" {value:,}", va="center", fontsize=10)
    ax.set_xlabel("words in the cleaned body")
    ax.set_title("Article length after cleaning" + note)
    ax.margins(x=0.12)
    return ax


def plot_timeline(articles: pd.DataFrame, *, ax: Any = None) -> Any:
    """Publication dates per article, one row per outlet; undated articles are named in a note."""
    ax = get_ax(ax, figsize=(8, 0.5 * articles["outlet"].nunique() + 2))
    colors = outlet_colors(articles["outlet"])
    dated = articles[articles["published"].notna()].copy()
    dated["date"] = pd.to_datetime(dated["published"])
    outlets = sorted(articles["outlet"].unique())
    rows = {o: i for i, o in enumerate(outlets)}
    for row in dated.itertuples():
        ax.scatter(row.date, rows[row.outlet], s=90, color=colors[row.outlet], zorder=3)
        ax.annotate(
            row.date.strftime("%d %b"), (row.date, rows[row.outlet]), xytext=(0, 9),
            textcoords="offset points", ha="center", fontsize=9,
        )
    if "reposted" in articles:
        for row in articles[articles["reposted"].notna()].itertuples():
            date = pd.to_datetime(row.reposted)
            ax.scatter(date, rows[row.outlet], s=90, facecolors="none", edgecolors=colors[row.outlet], zorder=3)
    ax.set_yticks(range(len(outlets)), outlets)
    ax.set_ylim(-0.7, len(outlets) - 0.3)
    undated = articles[articles["published"].isna()]
    if len(undated):
        names = ", ".join(f"{r.outlet} [{r.article_id}]" for r in undated.itertuples())
        ax.set_xlabel(f"publication date (undated: {names}; open circle = repost date)")
    else:
        ax.set_xlabel("publication date (open circle = repost date)")
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, _span_days(dated) // 8 or 1)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b %Y"))
    ax.tick_params(axis="x", rotation=30)
    ax.set_title("When each outlet published")
    return ax


def _span_days(dated: pd.DataFrame) -> int:
    if dated.empty:
        return 1
    return int((dated["date"].max() - dated["date"].min()).days) + 1


def plot_removed(removed: pd.DataFrame, articles: pd.DataFrame, *, ax: Any = None) -> Any:
    """Stacked bars of words removed by cleaning per article, split by kind of reason."""
    summary = removal_summary(removed, articles)
    totals = summary.groupby("article_id")["words"].sum()
    shown, note = top_articles(articles.assign(words_removed=articles["article_id"].map(totals).fillna(0)),
                               by="words_removed")
    ax = get_ax(ax, figsize=(8, 0.5 * len(shown) + 2))
    wide = summary.pivot_table(index="article_id", columns="kind", values="words", aggfunc="sum", fill_value=0)
    wide = wide.reindex(sorted(shown["article_id"]), fill_value=0)
    labels = [_label(r) for r in articles.set_index("article_id").loc[wide.index].reset_index().itertuples()]
    colors = category_colors(sorted(wide.columns))
    left = pd.Series(0, index=wide.index, dtype=float)
    for kind in sorted(wide.columns):
        ax.barh(labels, wide[kind], left=left, label=kind, color=colors[kind])
        left += wide[kind]
    ax.set_xlabel("words removed from the saved page")
    ax.set_title("What cleaning removed, by reason" + note)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    return ax
