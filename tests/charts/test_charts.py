"""Charts: figures stay bounded whatever the corpus size (per-article charts show the top articles only);
outlets keep their own colours and categories (reasons, relations, verbs, labels) never use them."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis.charts import (
    CATEGORY_PALETTE,
    MAX_ARTICLE_ROWS,
    MAX_FIGURE_INCHES,
    PALETTE,
    category_colors,
    get_ax,
    outlet_colors,
)
from analysis.charts.corpus import plot_body_length, plot_removed
from analysis.charts.reuse import RELATION_COLORS, plot_derivation_graph, plot_sentence_relations
from analysis.charts.stance import _VERB_COLORS


def _articles(n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": [f"a{i:04d}" for i in range(n)], "outlet": [f"Outlet {i % 10:02d}" for i in range(n)],
        "platform": None, "published": [f"2023-05-{1 + i % 28:02d}" for i in range(n)],
        "n_words": [100 + i for i in range(n)],
    })


def _derivation(n: int) -> pd.DataFrame:
    rows = []
    for i in range(n):
        source = f"a{i - 1:04d}" if i % 2 else None  # every odd article derived from the one before
        rows.append({"article_id": f"a{i:04d}", "outlet": f"Outlet {i % 10:02d}", "likely_source_article_id": source,
                     "likely_source_outlet": f"Outlet {(i - 1) % 10:02d}" if source else None,
                     "confidence": "medium" if source else "none", "named_source_article_id": None,
                     "reused_share": (i / n) if source else 0.0, "copied": 2, "rewritten": 1, "new": 3,
                     "omitted": 1})
    return pd.DataFrame(rows)


def test_new_figures_are_capped():
    ax = get_ax(figsize=(8, 5000))
    assert tuple(ax.figure.get_size_inches()) == (8, MAX_FIGURE_INCHES[1])
    plt.close(ax.figure)


def test_body_length_shows_the_longest_articles_only():
    ax = plot_body_length(_articles(500))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == MAX_ARTICLE_ROWS
    assert labels[-1] == "Outlet 09 [a0499]" and labels[0] == "Outlet 00 [a0460]"  # longest last (top)
    assert "the 40 of 500 articles with the highest n words" in ax.get_title()
    plt.close(ax.figure)
    small = plot_body_length(_articles(5))
    assert len(small.get_yticklabels()) == 5 and small.get_title() == "Article length after cleaning"
    plt.close(small.figure)


def test_removed_shows_the_articles_with_most_removed():
    articles = _articles(100)
    removed = pd.DataFrame({"article_id": articles["article_id"], "line": 1,
                            "text": ["word " * (i + 1) for i in range(100)], "reason": "before article start"})
    ax = plot_removed(removed, articles)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == MAX_ARTICLE_ROWS and labels[0] == "Outlet 00 [a0060]"
    plt.close(ax.figure)


def test_reuse_charts_are_bounded():
    derivation, articles = _derivation(400), _articles(400)
    ax = plot_sentence_relations(derivation)
    assert len(ax.get_yticklabels()) == MAX_ARTICLE_ROWS
    plt.close(ax.figure)
    ax = plot_derivation_graph(derivation, articles)
    boxes = [t for t in ax.texts if t.get_text().startswith("Outlet")]
    assert len(boxes) == MAX_ARTICLE_ROWS  # the 20 most reused articles and their 20 sources
    assert "the 20 most reused of 400 articles" in ax.get_title()
    assert max(ax.figure.get_size_inches()) <= max(MAX_FIGURE_INCHES)
    plt.close(ax.figure)


def test_category_palette_shares_no_colour_with_the_outlet_palette():
    assert set(CATEGORY_PALETTE).isdisjoint(PALETTE)


def test_relations_and_verb_categories_use_no_outlet_colour():
    assert set(RELATION_COLORS.values()).isdisjoint(PALETTE)
    assert set(_VERB_COLORS.values()).isdisjoint(PALETTE)


def test_category_colours_follow_the_given_order_and_outlet_colours_the_sorted_names():
    assert category_colors(["new", "copied", "new"]) == {"new": "#0077BB", "copied": "#EE7733"}
    assert outlet_colors(["RT", "Nikkei Asia"]) == {"Nikkei Asia": "#0072B2", "RT": "#E69F00"}


def test_category_palette_has_as_many_distinct_colours_as_the_outlet_palette():
    assert len(set(CATEGORY_PALETTE)) == len(CATEGORY_PALETTE) >= len(PALETTE)


def test_sentiment_cells_of_few_sentences_are_hatched_out_of_the_colour_scale():
    from matplotlib.patches import Rectangle

    from analysis.charts.stance import plot_actor_sentiment

    table = pd.DataFrame({"outlet": ["A", "A", "B"], "actor": ["X", "Y", "X"], "voice": "author",
                          "n_sentences": [5, 1, 2], "mean_compound": [0.4, -0.9, 0.1],
                          "ci_low": [0.1, float("nan"), -1.0], "ci_high": [0.7, float("nan"), 1.0]})
    ax = plot_actor_sentiment(table, voice="author", actors=["X", "Y"], outlets=["A", "B"])
    grid = ax.images[0].get_array()
    assert grid.mask.tolist() == [[False, True], [True, True]]  # only A x X (5 sentences) is coloured
    hatched = [(p.get_x() + 0.5, p.get_y() + 0.5) for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch()]
    assert sorted(hatched) == [(0.0, 1.0), (1.0, 0.0)]  # B x X and A x Y
    texts = [t.get_text() for t in ax.texts]
    assert "-0.90\nn too small\nn=1" in texts and "+0.40\n[+0.10, +0.70]\nn=5" in texts
    plt.close(ax.figure)


def test_label_segments_of_few_mentions_are_hatched_and_show_their_counts():
    from analysis.charts.stance import plot_label_shares

    shares = pd.DataFrame({"outlet": ["A", "A", "B"], "label": ["NATO", "the bloc", "NATO"], "n": [8, 2, 3],
                           "share": [0.8, 0.2, 1.0]})
    ax = plot_label_shares(shares, actor="NATO", outlets=["A", "B"])
    hatched = sorted((round(p.get_x(), 2), round(p.get_width(), 2)) for p in ax.patches if p.get_hatch())
    assert hatched == [(0.8, 0.2)]  # A's "the bloc", 2 mentions
    assert {"80% (8)", "20% (2)", "100% (3)"} <= {t.get_text() for t in ax.texts}
    plt.close(ax.figure)


def test_timeline_draws_one_dot_per_outlet_and_day_for_a_large_event():
    from analysis.charts.corpus import TIMELINE_POINTS, plot_timeline

    articles = _articles(500)  # 10 outlets, 28 days: 140 outlet-days (i % 10 and i % 28 repeat every 140)
    ax = plot_timeline(articles)
    assert len(ax.collections) == 10  # one scatter per outlet, not one per article
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) == 140 and sum(int(n) for n in labels) == 500
    assert ax.get_title() == "When each outlet published: articles per day"
    plt.close(ax.figure)
    small = plot_timeline(_articles(TIMELINE_POINTS))
    assert len(small.collections) == TIMELINE_POINTS and small.get_title() == "When each outlet published"
    plt.close(small.figure)
