"""Tests for analysis.corpus.cleaning on the seed pages and hand-made pages."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus.cleaning import (
    CleanOptions,
    clean_text,
    join_split_sentences,
    split_place_dateline,
    strip_markdown,
)
from analysis.resources.boilerplate import parse_boilerplate_rules

EXPECTED_WORDS = {"000": 239, "001": 1079, "002": 321, "003": 580, "004": 222}
FIRST_LAST = {
    "000": ("NATO is planning to open a liaison office in Tokyo", "Moldova and Kuwait."),
    "001": ("Japan and NATO are hoping to boost cooperation in cyberspace", "“clique” targeting China."),
    "002": ("Japan and NATO are reportedly seeking to increase collaboration", "smears Beijing’s foreign policy."),
    "003": ("NATO plans to open its first Asian liaison office in Tokyo", "in the event of a Chinese invasion."),
    "004": ("Japan and NATO are working toward opening a liaison office", "expand China’s influence overseas."),
}


@pytest.mark.parametrize("article_id", sorted(EXPECTED_WORDS))
def test_seed_body_word_counts_within_two_percent(seed_bodies, article_id):
    n_words = len(seed_bodies[article_id].split())
    expected = EXPECTED_WORDS[article_id]
    assert abs(n_words - expected) <= 0.02 * expected, (article_id, n_words, expected)


@pytest.mark.parametrize("article_id", sorted(FIRST_LAST))
def test_seed_body_starts_and_ends_with_article_sentences(seed_bodies, article_id):
    first, last = FIRST_LAST[article_id]
    assert seed_bodies[article_id].startswith(first)
    assert seed_bodies[article_id].endswith(last)


def test_exact_seed_word_counts(seed_bodies):
    # 004 loses its "WASHINGTON —" dateline (two words) to metadata; the others match exactly.
    assert {k: len(v.split()) for k, v in seed_bodies.items()} == {
        "000": 239, "001": 1079, "002": 321, "003": 580, "004": 220,
    }


def test_photo_credit_split_sentence_is_rejoined(seed_bodies):
    body = seed_bodies["001"]
    assert "Hayashi was cited as saying by Japan’s Kyodo news agency." in body
    assert "FotografiaBasica" not in body
    assert "Written by" not in body


def test_curly_quotes_apostrophes_and_no_break_spaces_are_kept(seed_bodies):
    assert "“systemic challenges”" in seed_bodies["002"]
    assert "regional 'partners'" in seed_bodies["002"]
    assert "military\u00a0bloc" in seed_bodies["002"]  # kept as written; tokenisers treat it as space
    assert "Beijing’s" in seed_bodies["002"]


def test_seed_metadata_goes_out_of_the_body(seed_tables):
    articles = seed_tables["articles"].set_index("article_id")
    assert articles.loc["004", "place"] == "WASHINGTON"
    assert articles.loc["004", "dateline"] == "16:20 JST, May 10, 2023"
    assert articles.loc["002", "headline"] == "NATO to open office in Japan – media"
    assert articles.loc["001", "headline"] == "NATO to Open Office in Japan to Increase Influence in Indo-Pacific"
    assert articles.loc["000", "headline"].startswith("Does The Atlantic Alliance Need a “Name Change”")
    assert articles.loc["003", "headline"] is None or articles.loc["003", "headline"] != articles.loc["003", "headline"]


def test_seed_decks_are_kept_and_repeated_headlines_are_not_decks(seed_tables):
    articles = seed_tables["articles"].set_index("article_id")
    decks = {aid: (d if isinstance(d, str) else None) for aid, d in articles["deck"].items()}
    assert decks == {
        "000": "Two sides to upgrade cooperation on cyber, disruptive tech and disinformation",
        "001": None,
        "002": "The US-led military bloc wants to deepen Asia-Pacific cooperation, according to Nikkei",
        "003": None,  # its first line is a teaser repeating the lede, not a deck
        "004": None,  # "Nato flag" is an image label
    }
    rows = {(r.article_id, r.line): r.reason for r in seed_tables["removed"].itertuples()}
    assert rows[("000", 5)] == "deck"
    assert rows[("002", 6)] == "deck"
    assert rows[("002", 7)] == "repeated headline"  # RT's headline printed again under the deck


def test_a_deck_needs_a_headline_above_it():
    page = "# Office Opens In Tokyo\n\nTwo sides to upgrade their cooperation\n\nJapan and NATO plan an office in Tokyo.\n"
    assert clean_text(page).metadata["deck"] == "Two sides to upgrade their cooperation"
    page = "Two sides to upgrade their cooperation\n\nJapan and NATO plan an office in Tokyo.\n"
    meta = clean_text(page).metadata
    assert (meta["headline"], meta["deck"]) == ("Two sides to upgrade their cooperation", None)


def test_removed_audit_names_line_and_reason(seed_tables):
    removed = seed_tables["removed"]
    rows = {(r.article_id, r.line): r.reason for r in removed.itertuples()}
    assert rows[("003", 1)] == "teaser repeating a body sentence"
    assert rows[("004", 1)].startswith("caption")  # "Nato flag"
    assert rows[("004", 2)] == "dateline"
    assert rows[("004", 8)].startswith("caption")  # "The NATO logo ... is seen in June 2022"
    assert rows[("002", 1)] == "icon-font junk"
    assert rows[("001", 33)] == "caption: photo credit agencies and labels"
    assert rows[("003", 24)] == "boilerplate: first-person author bio"
    # every removed line is quoted exactly as it stands in the raw file
    raw = {a: t for a, t in zip(*[seed_tables["articles"][c] for c in ("article_id", "file")], strict=True)}
    assert set(raw) == set(removed["article_id"])
    assert len(removed) == 80


def test_removed_plus_kept_lines_cover_the_page(seed_event, seed_tables):
    corpus = seed_event[1].set_index("article_id")
    removed = seed_tables["removed"]
    for article_id, group in removed.groupby("article_id"):
        lines = corpus.loc[article_id, "raw_text"].splitlines()
        for row in group.itertuples():
            assert lines[row.line - 1] == row.text


CLEAN_ARTICLE = """Japan and NATO are working toward opening a liaison office in Tokyo, officials said on Tuesday.

Background

The plan was first discussed in January. It was "one of those things", an official said.

Critics called it a “provocation.”

It opens next year.
"""


def test_clean_article_loses_nothing():
    result = clean_text(CLEAN_ARTICLE)
    assert result.removed == []
    assert result.body == CLEAN_ARTICLE.strip()


def test_cleaning_is_idempotent_on_seed_bodies(seed_bodies):
    for body in seed_bodies.values():
        result = clean_text(body)
        assert result.body == body
        assert result.removed == []


def test_no_article_text_is_an_error():
    with pytest.raises(ValueError, match="no line reads as an article sentence"):
        clean_text("Share\n\nSubscribe\n\nMenu")


def test_markdown_residue():
    assert strip_markdown("[Click here to read the full article.](#)") == ("Click here to read the full article.", 1.0, False)
    assert strip_markdown("# A Title") == ("A Title", 0.0, True)
    assert strip_markdown("**Disclaimer:** text") == ("Disclaimer: text", 0.0, False)
    assert strip_markdown("snake_case_name stays")[0] == "snake_case_name stays"


def test_join_split_sentences_only_joins_lower_case_continuations():
    paragraphs = [{"text": "A caption", "lines": [1]}, {"text": "The next paragraph.", "lines": [2]}]
    assert join_split_sentences(paragraphs) == paragraphs


def test_place_dateline_needs_capitals_and_a_dash():
    assert split_place_dateline("BEIJING (Reuters) - China said.") == ("BEIJING", "China said.")
    assert split_place_dateline("Washington — a city.") == (None, "Washington — a city.")


def test_per_outlet_rules_apply_only_to_that_outlet():
    rules = parse_boilerplate_rules(
        {
            "line": [],
            "outlets": {"Daily X": {"line": [{"pattern": "^Promo", "note": "x promo", "source": "test"}]}},
        }
    )
    page = "NATO plans to open an office in Tokyo next year.\n\nPromo of the day: buy now, you will like it.\n\nIt was confirmed by officials on Monday.\n"
    options = CleanOptions(rules=rules)
    kept = clean_text(page, options=options, outlet="Other")
    assert "Promo" in kept.body
    dropped = clean_text(page, options=options, outlet="Daily X")
    assert "Promo" not in dropped.body
    assert dropped.removed == [{"line": 3, "text": "Promo of the day: buy now, you will like it.", "reason": "boilerplate: x promo"}]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"line": [{"pattern": "(", "note": "n", "source": "s"}]}, "invalid pattern"),
        ({"line": [{"pattern": "x", "note": "n"}]}, "needs pattern, note and source"),
        ({"lines": []}, "unknown rule kind 'lines'"),
        ({"line": [{"pattern": "x", "note": "n", "source": "s", "flags": "i"}]}, "unknown key"),
    ],
)
def test_rule_file_errors(data, message):
    with pytest.raises(ValueError, match=message):
        parse_boilerplate_rules(data, name="rules.yaml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_clean_articles_built_from_seed_paragraphs_lose_nothing(seed_bodies, data):
    """Any article made of real body paragraphs, in any order, comes through the cleaner unchanged.

    Paragraphs that another seed paragraph repeats are left out of the pool: an article that opened
    with one of them and quoted it again later would open with a teaser, which the cleaner drops on
    purpose (Korrespondent's "The plans were confirmed by both Japanese and NATO officials." is
    inside a Nikkei paragraph)."""
    pool = {p for body in seed_bodies.values() for p in body.split("\n\n")}
    paragraphs = sorted(p for p in pool if not any(p != q and p in q for q in pool))
    chosen = data.draw(st.lists(st.sampled_from(paragraphs), min_size=1, max_size=12, unique=True))
    page = "\n\n".join(chosen) + "\n"
    result = clean_text(page)
    assert result.removed == []
    assert result.body == page.strip()


def test_line_cache_gives_the_same_pages_as_cleaning_each_page_alone(seed_event):
    """clean_corpus keeps one line cache per outlet and platform: every seed page, cleaned twice
    in a row through one cache (the second time from cached lines only), equals the page cleaned alone."""
    from analysis.corpus.cleaning import classify_lines, clean_text
    from analysis.resources.boilerplate import load_boilerplate_rules

    corpus = seed_event[1]
    for row in corpus.itertuples(index=False):
        alone = clean_text(row.raw_text, outlet=row.outlet, platform=row.platform)
        cache: dict = {}
        for _ in range(2):
            cached = clean_text(row.raw_text, outlet=row.outlet, platform=row.platform, cache=cache)
            assert (cached.body, cached.removed, cached.metadata) == (alone.body, alone.removed, alone.metadata)
    # a cached line comes back with its own line number, and marking it leaves the cache alone
    cache = {}
    rules = load_boilerplate_rules()
    first = classify_lines("Talks resume.\n\nMarkets fell.", options=CleanOptions(), rules=rules, cache=cache)
    again = classify_lines("Markets fell.\n\nTalks resume.", options=CleanOptions(), rules=rules, cache=cache)
    assert [(i["line"], i["text"]) for i in again] == [(1, "Markets fell."), (3, "Talks resume.")]
    again[0]["teaser"] = True
    assert "teaser" not in cache["Markets fell."] and "teaser" not in first[1]
