"""FastVader gives exactly the library's scores: every text of the seed articles, and a property."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES, SentimentIntensityAnalyzer

from analysis.analyses.stance.cues import stance_tables
from analysis.analyses.stance.stats import VaderScores
from analysis.analyses.stance.vader import FastVader
from analysis.resources.stance import load_stance_resources
from tests.conftest import EVENT_DIR

LIBRARY = SentimentIntensityAnalyzer()
FAST = FastVader()


@pytest.fixture(scope="module")
def seed_texts(seed_tables) -> list[str]:
    """Every sentence, headline and deck of the seed articles, every whole body, and every text the
    stance tables score (author and quoted voices, clauses naming an actor)."""
    tables = stance_tables(seed_tables["articles"], seed_tables["sentences"],
                           resources=load_stance_resources(EVENT_DIR), discover=True)
    texts = (list(seed_tables["sentences"]["text"]) + list(seed_tables["articles"]["text"])
             + list(tables["sentiment"]["text"])
             + list(tables["actor_stance_evidence"].query("component == 'clause'")["text"]))
    return list(dict.fromkeys(texts))


def test_every_seed_text_scores_as_the_library(seed_texts):
    assert len(seed_texts) == 170
    differ = [text for text in seed_texts if FAST.polarity_scores(text) != LIBRARY.polarity_scores(text)]
    assert differ == []


def test_seed_texts_exercise_the_shortcuts(seed_texts):
    # the windowed checks and the lexicon shortcut are reached on real text, not only on made-up words
    lowered = [[w.lower() for w in text.split()] for text in seed_texts]
    assert sum(any(w in LIBRARY.lexicon for w in words) for words in lowered) == 97
    assert sum(len(words) > 40 for words in lowered) == 13  # long texts: the whole-sentence lowering is gone
    assert sum("but" in words for words in lowered) == 11
    assert sum(any(w in NEGATE for w in words) for words in lowered) == 11
    assert sum(not FAST.emoji_characters.isdisjoint(text) for text in seed_texts) == 0  # emoji: hand-made below


def test_the_scorer_of_the_tables_is_fast_vader():
    assert isinstance(VaderScores()._analyzer, FastVader)


@pytest.mark.parametrize("text", [
    "Not a bad day 😀 at all",  # an emoji: the library's own path
    "😀",
    "The deal was kind of good, but the talks were not so great!!",
    "They were never so happy; without doubt the best. At least it works.",
    "NO, this is NOT GOOD at all... the bomb was the shit",
    "  leading and trailing spaces :) ",
    "",
    "no good or bad",
    "It isn't the least bit helpful",
])
def test_hand_made_edge_cases(text):
    assert FAST.polarity_scores(text) == LIBRARY.polarity_scores(text)


@pytest.mark.parametrize("idiom", sorted(SPECIAL_CASES))
@pytest.mark.parametrize("before", ["", "so", "it is so", "we said it was the"])
def test_idioms_at_every_distance_from_the_start(idiom, before):
    # the windowed context checks read up to three words before and two after a lexicon word
    text = f"{before} {idiom} today".strip()
    assert FAST.polarity_scores(text) == LIBRARY.polarity_scores(text)


_EMOJI = sorted(key for key in LIBRARY.emojis if len(key) == 1)[:40]
_WORDS = (
    sorted(LIBRARY.lexicon)[::25] + sorted(BOOSTER_DICT) + sorted(NEGATE)[::3] + sorted(SPECIAL_CASES)
    + ["but", "BUT", "no", "No", "kind", "of", "least", "at", "very", "never", "so", "this", "without", "doubt",
       "or", "nor", "GOOD", "Bad", "great", "terrible", "NATO", "said", ":)", ":(", ":D", "!!", "?", "..."]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_EMOJI), st.text(max_size=6)), max_size=40),
       st.sampled_from(["", "!", "?", "!!!", "?!", " "]))
@example(["not", "so", "good", "but", "kind", "of", "great"], "!")
@example(["never", "this", "good"], "")
def test_property_fast_vader_is_the_library(words, ending):
    text = " ".join(words) + ending
    assert FAST.polarity_scores(text) == LIBRARY.polarity_scores(text)
