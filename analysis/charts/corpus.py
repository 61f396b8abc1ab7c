"""Charts of the corpus at a glance: body length, publication timeline, what cleaning removed."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.charts import get_ax, outlet_colors, top_articles

__all__ = ["REASON_GROUPS", "plot_body_length", "plot_removed", "plot_timeline", "reason_group", "removal_summary"]

REASON_GROUPS = {
    "headline": "headline, standfirst, dateline, byline",
    "standfirst or repeated headline": "headline, standfirst, dateline, byline",
    "dateline": "headline, standfirst, dateline, byline",
    "byline": "headline, standfirst, dateline, byline",
    "teaser repeating a body sentence": "headline, standfirst, dateline, byline",
    "before article start": "other text before the article",
    "boilerplate": "pitches, notices, bios (boilerplate rules)",
    "trailer": "trailer after the article",
    "after trailer start": "trailer after the article",
    "after article end": "trailer after the article",
    "caption": "photo captions and credits",
    "icon-font junk": "junk: icons, separators, links, repeats",
    "no text (separator)": "junk: icons, separators, links, repeats",
    "link list": "junk: icons, separators, links, repeats",
    "repeated line": "junk: icons, separators, links, repeats",
}
"""Kinds of removal reasons (the part before ':') grouped for charts; removed.csv keeps the detail."""


def reason_group(reason: str) -> str:
    """The chart group of a removal reason.

    Examples
    --------
    >>> reason_group("boilerplate: copyright notice")
    'pitches, notices, bios (boilerplate rules)'
    """
    return REASON_GROUPS.get(reason.split(":", maxsplit=1)[0], "other")


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


def removal_summary(removed: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Removed lines and words per article and group of reasons (see :data:`REASON_GROUPS`).

    Returns a tidy frame: ``article_id``, ``outlet``, ``kind``, ``lines``, ``words``.

    Examples
    --------
    >>> removed = pd.DataFrame({"article_id": ["a", "a"], "line": [1, 2],
    ...     "text": ["Share this", "Copyright 2023 X"], "reason": ["before article start", "boilerplate: c"]})
    >>> articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"]})
    >>> removal_summary(removed, articles)[["kind", "lines", "words"]].values.tolist()
    [['other text before the article', 1, 2], ['pitches, notices, bios (boilerplate rules)', 1, 3]]
    """
    frame = removed.assign(
        kind=removed["reason"].map(reason_group),
        words=removed["text"].fillna("").str.split().str.len(),
    )
    out = (
        frame.groupby(["article_id", "kind"], as_index=False)
        .agg(lines=("line", "size"), words=("words", "sum"))
        .merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    )
    return out[["article_id", "outlet", "kind", "lines", "words"]].sort_values(
        ["article_id", "kind"], kind="stable"
    ).reset_index(drop=True)


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
    from analysis.charts import PALETTE

    left = pd.Series(0, index=wide.index, dtype=float)
    for i, kind in enumerate(sorted(wide.columns)):
        ax.barh(labels, wide[kind], left=left, label=kind, color=PALETTE[(i + 4) % len(PALETTE)])
        left += wide[kind]
    ax.set_xlabel("words removed from the saved page")
    ax.set_title("What cleaning removed, by reason" + note)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    return ax
