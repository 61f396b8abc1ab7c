"""VADER (Hutto and Gilbert 2014) with the same scores, faster on text without emoji.

:class:`FastVader` is vaderSentiment's ``SentimentIntensityAnalyzer`` with shortcuts that
change no score. The library's ``polarity_scores`` first rewrites every emoji of the text into
its description, character by character (a new string built one character at a time: about a
quarter of the library's time on news sentences). A text with no character of the emoji lexicon
comes out of that loop unchanged, so :class:`FastVader` tests that once (a set ``isdisjoint``)
and skips the loop; any text holding an emoji goes to the library's own ``polarity_scores``. The rest of the
scoring is the library's methods, called in the library's order, with three shortcuts that read
the same: each word is lower-cased once for the tests the library repeats inline; a word outside
the lexicon gets the library's 0 without a call of ``sentiment_valence`` (which only appends the
valence it is given for such a word); and the two context checks that lower-case the whole
sentence at every word read only a window of six words around it, so they are given that
window. The scores are identical to the library's
(``tests/analyses/stance/test_vader.py`` checks every sentence of the seed articles and a
hypothesis property).

This module imports vaderSentiment; :class:`analysis.analyses.stance.stats.VaderScores` imports it
only when a scorer is made.
"""

from __future__ import annotations

from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer, SentiText

__all__ = ["FastVader"]

_WINDOW_BEFORE, _WINDOW_AFTER = 3, 2  # words before and after position i the context checks read


class FastVader(SentimentIntensityAnalyzer):
    """``SentimentIntensityAnalyzer`` whose ``polarity_scores`` skips the emoji loop on text without emoji.

    Examples
    --------
    >>> from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    >>> text = "The talks were not very good, but hopeful."
    >>> FastVader().polarity_scores(text) == SentimentIntensityAnalyzer().polarity_scores(text)
    True
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # the library's loop tests one character at a time: only one-character keys can match
        self.emoji_characters = frozenset(key for key in self.emojis if len(key) == 1)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """The library's scores of ``text`` (a dict of neg, neu, pos, compound)."""
        if not isinstance(text, str) or not self.emoji_characters.isdisjoint(text):
            return super().polarity_scores(text)
        # as SentimentIntensityAnalyzer.polarity_scores after its emoji loop, which left text as it was
        text = text.strip()
        sentitext = SentiText(text)
        sentiments: list[float] = []
        words_and_emoticons = sentitext.words_and_emoticons
        lowered = [item.lower() for item in words_and_emoticons]
        last, lexicon = len(words_and_emoticons) - 1, self.lexicon
        for i, item in enumerate(words_and_emoticons):
            valence = 0
            if lowered[i] in BOOSTER_DICT:
                sentiments.append(valence)
                continue
            if i < last and lowered[i] == "kind" and lowered[i + 1] == "of":
                sentiments.append(valence)
                continue
            if lowered[i] not in lexicon:  # sentiment_valence appends the 0 it is given and returns
                sentiments.append(valence)
                continue
            sentiments = self.sentiment_valence(valence, sentitext, item, i, sentiments)
        sentiments = self._but_check(words_and_emoticons, sentiments)
        return self.score_valence(sentiments, text)

    # The library's two context checks below lower-case the *whole* sentence on every call (once per
    # preceding word of every lexicon word: quadratic in the sentence length), yet read only the
    # words from i - 3 to i + 2. They are called with that window of the words (same words, same
    # positions relative to i), so the library's own code runs on at most six words.

    @staticmethod
    def _negation_check(valence: float, words_and_emoticons: list[str], start_i: int, i: int) -> float:
        """The library's ``_negation_check`` on the words i - 3 .. i (all it reads; i > start_i)."""
        low = max(i - _WINDOW_BEFORE, 0)
        return SentimentIntensityAnalyzer._negation_check(valence, words_and_emoticons[low : i + 1], start_i, i - low)

    @staticmethod
    def _special_idioms_check(valence: float, words_and_emoticons: list[str], i: int) -> float:
        """The library's ``_special_idioms_check`` on the words i - 3 .. i + 2 (all it reads; i >= 3)."""
        if i < _WINDOW_BEFORE:  # never from the library's caller; the library's own reading then
            return SentimentIntensityAnalyzer._special_idioms_check(valence, words_and_emoticons, i)
        low = i - _WINDOW_BEFORE
        return SentimentIntensityAnalyzer._special_idioms_check(
            valence, words_and_emoticons[low : i + _WINDOW_AFTER + 1], _WINDOW_BEFORE)

