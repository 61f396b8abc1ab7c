"""Colours: outlets keep their own palette; categories (reasons, relations, verbs, labels) never use it."""

from __future__ import annotations

from analysis.charts import CATEGORY_PALETTE, PALETTE, category_colors, outlet_colors
from analysis.charts.reuse import RELATION_COLORS
from analysis.charts.stance import _VERB_COLORS


def test_category_palette_shares_no_colour_with_the_outlet_palette():
    assert set(CATEGORY_PALETTE).isdisjoint(PALETTE)


def test_relations_and_verb_categories_use_no_outlet_colour():
    assert set(RELATION_COLORS.values()).isdisjoint(PALETTE)
    assert set(_VERB_COLORS.values()).isdisjoint(PALETTE)


def test_category_colours_follow_the_given_order_and_outlet_colours_the_sorted_names():
    assert category_colors(["new", "copied", "new"]) == {"new": "#0077BB", "copied": "#EE7733"}
    assert outlet_colors(["RT", "Nikkei Asia"]) == {"Nikkei Asia": "#0072B2", "RT": "#E69F00"}
