"""Charts of the corpus at a glance: body length, publication timeline, what cleaning removed."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.charts import MAX_ARTICLE_ROWS, category_colors, get_ax, outlet_colors, top_articles
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


TIMELINE_POINTS = MAX_ARTICLE_ROWS
"""Most articles :func:`plot_timeline` draws one by one (each dot dated); above, one dot per outlet and
day, sized by its number of articles."""

TIMELINE_LABELS = 400
"""Most outlet-day dots labelled with their number of articles (a longer period: sizes only)."""


def plot_timeline(articles: pd.DataFrame, *, ax: Any = None) -> Any:
    """Publication dates per article, one row per outlet; undated articles are named in a note.

    Up to :data:`TIMELINE_POINTS` articles each is a dot labelled with its date; a larger event
    draws one dot per outlet and day, sized by and labelled with its number of articles, so the
    figure's artists stay bounded by outlets x days whatever the corpus.
    """
    ax = get_ax(ax, figsize=(8, 0.5 * articles["outlet"].nunique() + 2))
    colors = outlet_colors(articles["outlet"])
    dated = articles[articles["published"].notna()].copy()
    dated["date"] = pd.to_datetime(dated["published"])
    outlets = sorted(articles["outlet"].unique())
    rows = {o: i for i, o in enumerate(outlets)}
    reposted = articles[articles["reposted"].notna()] if "reposted" in articles else articles.iloc[:0]
    if len(articles) <= TIMELINE_POINTS:
        for row in dated.itertuples():
            ax.scatter(row.date, rows[row.outlet], s=90, color=colors[row.outlet], zorder=3)
            ax.annotate(
                row.date.strftime("%d %b"), (row.date, rows[row.outlet]), xytext=(0, 9),
                textcoords="offset points", ha="center", fontsize=9,
            )
        for row in reposted.itertuples():
            date = pd.to_datetime(row.reposted)
            ax.scatter(date, rows[row.outlet], s=90, facecolors="none", edgecolors=colors[row.outlet], zorder=3)
    else:
        days = dated.groupby(["outlet", "date"], sort=True).size().rename("n").reset_index()
        largest = max(int(days["n"].max()) if len(days) else 1, 1)
        for outlet, mine in days.groupby("outlet", sort=True):
            sizes = 30 + 170 * mine["n"] / largest
            ax.scatter(mine["date"], [rows[outlet]] * len(mine), s=sizes, color=colors[outlet], zorder=3)
            for date, n in zip(mine["date"], mine["n"], strict=True) if len(days) <= TIMELINE_LABELS else ():
                ax.annotate(f"{n}", (date, rows[outlet]), xytext=(0, 8), textcoords="offset points", ha="center",
                            fontsize=7)
        if len(reposted):
            again = reposted.assign(date=pd.to_datetime(reposted["reposted"])).drop_duplicates(["outlet", "date"])
            for outlet, mine in again.groupby("outlet", sort=True):
                ax.scatter(mine["date"], [rows[outlet]] * len(mine), s=90, facecolors="none",
                           edgecolors=colors[outlet], zorder=3)
    ax.set_yticks(range(len(outlets)), outlets)
    ax.set_ylim(-0.7, len(outlets) - 0.3)
    undated = articles[articles["published"].isna()]
    if len(undated) > 10:  # noqa: PLR2004 - name a few, count the rest
        ax.set_xlabel(f"publication date ({len(undated):,} articles undated; open circle = repost date)")
    elif len(undated):
        names = ", ".join(f"{r.outlet} [{r.article_id}]" for r in undated.itertuples())
        ax.set_xlabel(f"publication date (undated: {names}; open circle = repost date)")
    else:
        ax.set_xlabel("publication date (open circle = repost date)")
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, _span_days(dated) // 8 or 1)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b %Y"))
    ax.tick_params(axis="x", rotation=30)
    ax.set_title("When each outlet published" + ("" if len(articles) <= TIMELINE_POINTS else ": articles per day"))
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
