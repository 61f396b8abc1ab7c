"""Charts of reuse and derivation: the derivation graph, what each article kept, changed and added.

All take the tables of :mod:`analysis.analyses.reuse` (``derivation``, ``sentence_alignment``) and the
``articles`` table, draw on ``ax`` (or a new figure) and return the Axes;
:func:`style_aligned_sentences` returns a pandas Styler (HTML) for notebooks and reports.
"""

from __future__ import annotations

import difflib
import html
from typing import Any

import pandas as pd

from analysis.charts import CATEGORY_PALETTE, get_ax, outlet_colors, top_articles
from analysis.views import sentence_relations

__all__ = [
    "RELATION_COLORS",
    "mark_differences",
    "plot_alignment_map",
    "plot_derivation_graph",
    "plot_sentence_relations",
    "style_aligned_sentences",
]

MIN_LABELLED = 2  # a segment of one sentence is too narrow for its count; its length says it

RELATION_COLORS = {
    "copied": CATEGORY_PALETTE[5], "rewritten": CATEGORY_PALETTE[1], "new": CATEGORY_PALETTE[0], "omitted": "#BBBBBB",
}
"""Colour of each sentence relation (black copied, blue rewritten, orange new, grey omitted)."""

_CONFIDENCE_STYLE = {
    "high": {"linewidth": 2.6, "linestyle": "-"},
    "medium": {"linewidth": 1.8, "linestyle": "-"},
    "low": {"linewidth": 1.5, "linestyle": (0, (4, 2))},
}


def _label(outlet: str, article_id: str) -> str:
    return f"{outlet} [{article_id}]"


def _layers(derivation: pd.DataFrame) -> dict[str, int]:
    """Generation of each article in the derivation forest (roots 0)."""
    source = {
        str(a): (str(s) if isinstance(s, str) and s else None)
        for a, s in zip(derivation["article_id"], derivation["likely_source_article_id"], strict=True)
    }
    layers: dict[str, int] = {}
    for article in sorted(source):
        depth, node, seen = 0, article, {article}
        while source.get(node) is not None and source[node] not in seen:
            node = source[node]
            seen.add(node)
            depth += 1
        layers[article] = depth
    return layers


def _box_extents(ax: Any, boxes: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Half width and half height of each label box, in data units (needs one draw of the figure)."""
    ax.figure.canvas.draw()
    inverse = ax.transData.inverted()
    out = {}
    for key, text in boxes.items():
        (x0, y0), (x1, y1) = inverse.transform(text.get_bbox_patch().get_window_extent().get_points())
        out[key] = (abs(x1 - x0) / 2, abs(y1 - y0) / 2)
    return out


def _edge_points(a: Any, b: Any, size_a: tuple[float, float], size_b: tuple[float, float]) -> tuple[Any, Any]:
    """Where the line between two box centres leaves box ``a`` and enters box ``b``."""
    import numpy as np

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    d = b - a

    def exit_fraction(size: tuple[float, float]) -> float:
        fx = size[0] / abs(d[0]) if d[0] else np.inf
        fy = size[1] / abs(d[1]) if d[1] else np.inf
        return min(fx, fy, 0.45)

    return a + d * exit_fraction(size_a), b - d * exit_fraction(size_b)


def _bounded_derivation(derivation: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The derivation rows a readable graph can hold: the most reused articles and their sources.

    Up to :data:`analysis.charts.MAX_ARTICLE_ROWS` articles, all of them. Beyond, the articles with
    the highest reused share (ties: id) and their likely sources; a source's own source is dropped
    when it is not among them, so the graph stays small whatever the corpus.
    """
    from analysis.charts import MAX_ARTICLE_ROWS

    if len(derivation) <= MAX_ARTICLE_ROWS:
        return derivation, ""
    derived = derivation[derivation["likely_source_article_id"].map(lambda s: isinstance(s, str) and bool(s))]
    top, _ = top_articles(derived, by="reused_share", limit=MAX_ARTICLE_ROWS // 2)
    keep = set(top["article_id"].astype(str)) | set(top["likely_source_article_id"].astype(str))
    out = derivation[derivation["article_id"].astype(str).isin(keep)].copy()
    dangling = ~out["likely_source_article_id"].astype(str).isin(keep)
    out.loc[dangling, ["likely_source_article_id", "likely_source_outlet"]] = None
    return out, f" (the {len(top)} most reused of {len(derivation):,} articles, with their sources)"


def plot_derivation_graph(derivation: pd.DataFrame, articles: pd.DataFrame, *, ax: Any = None) -> Any:
    """Derivation graph: an arrow from each likely source to the article derived from it.

    Arrows are labelled with the share of the derived article's words in sentences aligned to its
    source; line width shows confidence (dashed: low). A dotted grey arrow marks a *named* source
    that differs from the likely textual source. Articles are placed in columns by generation
    (originals left) with :func:`networkx.multipartite_layout`, in order of date then id within a
    column, so the drawing is the same on every run.

    Parameters
    ----------
    derivation : DataFrame
        The ``derivation`` table.
    articles : DataFrame
        The ``articles`` table (``article_id``, ``outlet``, ``published``), for colours and order.
    ax : matplotlib Axes, optional
    """
    import networkx as nx

    derivation, note = _bounded_derivation(derivation)
    layers = _layers(derivation)
    meta = articles.assign(article_id=articles["article_id"].astype(str)).set_index("article_id")
    colors = outlet_colors(articles["outlet"])
    dates = pd.to_datetime(meta["published"], errors="coerce")
    parents = {str(s) for s in derivation["likely_source_article_id"] if isinstance(s, str) and s}
    order = sorted(layers, key=lambda a: (layers[a], a not in parents, pd.isna(dates.get(a)),
                                          dates.get(a) if pd.notna(dates.get(a)) else pd.Timestamp.min, a))
    graph = nx.DiGraph()
    for article in order:
        graph.add_node(article, layer=layers[article])
    n_layers = max(layers.values(), default=0) + 1
    tallest = max(pd.Series(layers).value_counts().max(), 1) if layers else 1
    ax = get_ax(ax, figsize=(max(7.0, 4.6 * n_layers), max(3.5, 1.3 * tallest + 1.5)))
    columns: dict[int, list[str]] = {}
    for article in order:  # explicit order within each column (a node attribute would go through a set)
        columns.setdefault(layers[article], []).append(article)
    pos = nx.multipartite_layout(graph, subset_key=columns, align="vertical", scale=1.0)
    boxes = {}
    for article in order:
        x, y = pos[article]
        outlet = str(meta.loc[article, "outlet"])
        date = dates.get(article)
        when = date.strftime("%d %b %Y") if pd.notna(date) else "undated"
        boxes[article] = ax.text(
            x, y, f"{outlet}\n[{article}] {when}", ha="center", va="center", fontsize=10, zorder=3,
            bbox={"boxstyle": "round,pad=0.45", "facecolor": "white", "edgecolor": colors[outlet], "linewidth": 2.5},
        )
    ys = [float(p[1]) for p in pos.values()] or [0.0]
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(min(ys) - 0.45, max(ys) + 0.45)
    extents = _box_extents(ax, boxes)
    for row in derivation.itertuples():
        article = str(row.article_id)
        source = row.likely_source_article_id
        if isinstance(source, str) and source:
            style = _CONFIDENCE_STYLE.get(row.confidence, _CONFIDENCE_STYLE["low"])
            start, end = _edge_points(pos[source], pos[article], extents[source], extents[article])
            ax.annotate("", xy=end, xytext=start, zorder=2, arrowprops={
                "arrowstyle": "-|>,head_width=0.4,head_length=0.8", "color": "#333333", "shrinkA": 0,
                "shrinkB": 2, "mutation_scale": 10, **style})
            mx, my = (start + end) / 2
            ax.text(mx, my, f"{row.reused_share:.0%} reused\n({row.confidence})", ha="center", va="center",
                    fontsize=9, zorder=4, bbox={"boxstyle": "round,pad=0.2", "facecolor": "#F4F4F4",
                                                "edgecolor": "none", "alpha": 0.9})
        named = row.named_source_article_id
        if isinstance(named, str) and named and named != source and named in pos:
            start, end = _edge_points(pos[named], pos[article], extents[named], extents[article])
            ax.annotate("", xy=end, xytext=start, zorder=1, arrowprops={
                "arrowstyle": "-|>", "color": "#999999", "linestyle": ":", "linewidth": 1.5, "shrinkA": 0,
                "shrinkB": 2, "connectionstyle": "arc3,rad=-0.25"})
    ax.set_axis_off()
    ax.set_title(
        "Who copied whom: likely textual source → derived article\n"
        "(label: share of the derived article's words reused; dotted grey: source named in the text instead)" + note
    )
    return ax


def plot_sentence_relations(derivation: pd.DataFrame, *, ax: Any = None) -> Any:
    """Stacked bars per article: sentences copied, rewritten and new relative to its likely source.

    Sentences of the source that the article left out are drawn to the left of zero. An article
    without a likely source has all its sentences new.
    """

    derivation, note = top_articles(derivation, by="reused_share")
    long = sentence_relations(derivation)
    wide = long.pivot_table(index="article_id", columns="relation", values="sentences", aggfunc="sum",
                            fill_value=0).reindex(columns=["copied", "rewritten", "new", "omitted"], fill_value=0)
    meta = derivation.assign(article_id=derivation["article_id"].astype(str)).set_index("article_id")
    ids = sorted(wide.index, reverse=True)
    wide = wide.loc[ids]
    labels = []
    for article in ids:
        row = meta.loc[article]
        source = row["likely_source_article_id"]
        has_source = isinstance(source, str) and bool(source)
        tail = f"\nfrom {row['likely_source_outlet']} [{source}]" if has_source else "\n(no source found)"
        labels.append(_label(row["outlet"], article) + tail)
    ax = get_ax(ax, figsize=(9, 0.8 * len(ids) + 1.8))
    y = range(len(ids))
    ax.barh(y, -wide["omitted"], color=RELATION_COLORS["omitted"], label="source sentences left out")
    left = pd.Series(0.0, index=wide.index)
    for relation in ("copied", "rewritten", "new"):
        ax.barh(y, wide[relation], left=left, color=RELATION_COLORS[relation], label=relation)
        for i, (start, value) in enumerate(zip(left, wide[relation], strict=True)):
            if value >= MIN_LABELLED:
                ax.text(start + value / 2, i, str(int(value)), ha="center", va="center", fontsize=9,
                        color="white")
        left += wide[relation]
    for i, value in enumerate(wide["omitted"]):
        if value >= 1:
            ax.text(-value - 0.3, i, str(int(value)), ha="right", va="center", fontsize=9)
    ax.axvline(0, color="#333333", linewidth=1)
    ax.set_yticks(list(y), labels)
    ticks = ax.get_xticks()
    ax.set_xticks(ticks, [f"{abs(t):g}" for t in ticks])
    ax.set_xlabel("sentences (left of 0: the source's sentences left out; right: the article's own sentences)")
    ax.set_title("What each article kept, rewrote, added and dropped from its likely source" + note)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=4, fontsize=9, frameon=False)
    ax.margins(x=0.08)
    return ax


def plot_alignment_map(
    alignment: pd.DataFrame, article_id: str, source_article_id: str, *, outlet_of: dict[str, str] | None = None,
    ax: Any = None,
) -> Any:
    """Which sentence of the source each sentence of the article follows (one dot per aligned sentence).

    Dots on a rising diagonal show a rewrite that follows the source's order; rows without a dot
    are the article's new sentences, columns without a dot the source's sentences it left out
    (marked with an x under the axis).
    """
    names = outlet_of or {}
    rows = alignment[(alignment["article_id"].astype(str) == str(article_id))
                     & (alignment["source_article_id"].astype(str) == str(source_article_id))]
    reverse = alignment[(alignment["article_id"].astype(str) == str(source_article_id))
                        & (alignment["source_article_id"].astype(str) == str(article_id))]
    n_rows = int(rows["sentence_id"].max()) + 1 if len(rows) else 0
    n_cols = int(reverse["sentence_id"].max()) + 1 if len(reverse) else 0
    ax = get_ax(ax, figsize=(max(5.0, 0.35 * n_cols + 3), max(4.0, 0.2 * n_rows + 2)))
    for relation in ("copied", "rewritten"):
        part = rows[rows["relation"] == relation]
        if part.empty:
            continue
        ax.scatter(part["source_sentence_id"], part["sentence_id"], s=30 + 120 * part["similarity"],
                   color=RELATION_COLORS[relation], label=f"{relation} (size: similarity)", zorder=3)
    new = rows[rows["relation"] == "new"]
    ax.scatter([-1] * len(new), new["sentence_id"], marker="s", s=25, color=RELATION_COLORS["new"],
               label="new in the article", zorder=3)
    left_out = reverse[reverse["relation"] == "new"]
    ax.scatter(left_out["sentence_id"], [-1] * len(left_out), marker="x", s=40, color="#666666",
               label="left out of the source", zorder=3)
    ax.set_xlim(-1.8, max(n_cols, 1) - 0.2)
    ax.set_ylim(max(n_rows, 1) - 0.2, -1.8)
    xs = range(0, max(n_cols, 1), max(1, n_cols // 12))
    ys = range(0, max(n_rows, 1), max(1, n_rows // 12))
    ax.set_xticks([-1, *xs], ["new", *map(str, xs)])
    ax.set_yticks([-1, *ys], ["left out", *map(str, ys)])
    ax.axvline(-0.5, color="#DDDDDD", linewidth=1)
    ax.axhline(-0.5, color="#DDDDDD", linewidth=1)
    source_name = _label(names.get(str(source_article_id), "source"), str(source_article_id))
    article_name = _label(names.get(str(article_id), "article"), str(article_id))
    ax.set_xlabel(f"sentence number in {source_name}")
    ax.set_ylabel(f"sentence number in {article_name}")
    ax.set_title(f"Sentence alignment: {article_name} against {source_name}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    return ax


def mark_differences(old: str, new: str) -> tuple[str, str]:
    """HTML of two sentences with the words only in ``old`` struck through and those only in ``new`` in bold.

    Text is HTML-escaped first.

    Examples
    --------
    >>> mark_differences("an office <here>", "a station <here>")[1]
    '<b style="color:#1b7837">a station</b> &lt;here&gt;'
    """
    a, b = old.split(), new.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_words, new_words = html.escape(" ".join(a[i1:i2])), html.escape(" ".join(b[j1:j2]))
        if op == "equal":
            left.append(old_words)
            right.append(new_words)
            continue
        if old_words:
            left.append(f'<s style="color:#b2182b">{old_words}</s>')
        if new_words:
            right.append(f'<b style="color:#1b7837">{new_words}</b>')
    return " ".join(left), " ".join(right)


def style_aligned_sentences(table: pd.DataFrame, *, source_name: str = "source", article_name: str = "article") -> Any:
    """Side-by-side view of :func:`analysis.views.aligned_sentences` as a pandas Styler (HTML).

    Words the article dropped are struck through in red in the source column; words it added are
    bold green in the article column; new sentences are shown whole with an empty source cell.
    """
    rows = []
    for r in table.itertuples():
        if r.relation == "new":
            left, right = "", f'<b style="color:#1b7837">{html.escape(r.text)}</b>'
            source_id = ""
        else:
            left, right = mark_differences(r.source_text, r.text)
            source_id = str(int(r.source_sentence_id))
        rows.append({"#": int(r.sentence_id), "relation": r.relation, "similarity": f"{r.similarity:.2f}",
                     f"{source_name} #": source_id, source_name: left, article_name: right})
    frame = pd.DataFrame(rows)
    return (
        frame.style.set_uuid("reuse").hide(axis="index")
        .set_properties(**{"text-align": "left", "white-space": "normal", "vertical-align": "top"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    )
