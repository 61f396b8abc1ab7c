"""Tests of analysis.text.tokens: news vocabulary kept whole, offsets, runs for n-grams."""

from __future__ import annotations

from analysis.text.tokens import RUN_PATTERN, normalise_match, token_runs, tokenize


def words(text: str, **kwargs) -> list[str]:
    return [t.text for t in tokenize(text, **kwargs)]


def test_hyphenated_words_and_acronyms_stay_whole():
    assert words("the US-led bloc and the Indo-Pacific, a one-person office") == [
        "the", "us-led", "bloc", "and", "the", "indo-pacific", "a", "one-person", "office",
    ]
    assert words("U.S. and U.K. officials; the U.S.-led order") == [
        "u.s.", "and", "u.k.", "officials", "the", "u.s.-led", "order",
    ]


def test_possessives_split_off_with_either_apostrophe():
    text = "Japan's envoy and Japan’s office, NATO’s plan"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["japan", "envoy", "and", "japan", "office", "nato", "plan"]
    # the span is the surface form without the possessive ending
    assert [text[t.start : t.end] for t in tokens][:4] == ["Japan", "envoy", "and", "Japan"]


def test_numbers_and_contractions():
    assert words("On July 11-12, 2,000 troops (72%) left; 1.8 billion") == [
        "on", "july", "11-12", "2,000", "troops", "72%", "left", "1.8", "billion",
    ]
    assert words("They haven’t and don't") == ["they", "haven't", "and", "don't"]


def test_lowercase_off_keeps_case_but_normalises_apostrophes():
    assert words("NATO’s Secretary-General won’t", lowercase=False) == ["NATO", "Secretary-General", "won't"]


def test_not_tokens_punctuation_and_underscores():
    # a dash between spaces, quotes and underscores are no tokens; a trailing hyphen is not kept
    assert words("“global NATO” — snake_case end-") == ["global", "nato", "snake", "case", "end"]


def test_normalise_match_breaks_and_possessive():
    assert normalise_match("Japan’s") == "japan"
    assert normalise_match("’s") == ""  # a lone apostrophe match is a break, not a token
    assert normalise_match("—") == ""
    assert normalise_match("U.S.", lowercase=False) == "U.S."


def test_token_runs_break_at_punctuation_and_sentence_starts():
    text = "NATO's liaison office, in Tokyo. Japan (the host) agreed \"fully\" today"
    runs = [[t.text for t in run] for run in token_runs(text, boundaries=[32])]
    assert runs == [["nato", "liaison", "office"], ["in", "tokyo"], ["japan"], ["the", "host"], ["agreed"],
                    ["fully"], ["today"]]


def test_token_runs_boundary_without_punctuation_splits_a_run():
    text = "Headline without stop Body starts here"
    runs = [[t.text for t in run] for run in token_runs(text, boundaries=[22])]
    assert runs == [["headline", "without", "stop"], ["body", "starts", "here"]]
    # negative: no boundary, one run
    assert len(token_runs(text)) == 1


def test_token_runs_offsets_index_the_text():
    text = "The U.S.-led bloc’s   plans\u00a0now"
    flat = [t for run in token_runs(text) for t in run]
    assert [text[t.start : t.end] for t in flat] == ["The", "U.S.-led", "bloc", "plans", "now"]
    assert len(token_runs(text)) == 1  # possessive ending and no-break space do not break the run


def test_run_pattern_matches_never_span_white_space():
    # analysis.analyses.terms relies on this to match white-space chunks one at a time
    text = "a\u00a0b\u2009c\td\u3000e—f , g"
    assert all(not any(ch.isspace() for ch in m) for m in RUN_PATTERN.findall(text))
    assert RUN_PATTERN.findall(text) == ["a", "b", "c", "d", "e", "—", "f", ",", "g"]


def test_fold_case_keeping_length_is_the_per_character_rule_on_every_bmp_character():
    from analysis.text.tokens import fold_case, fold_case_keeping_length

    def rule(char: str) -> str:  # the definition: the fold if one character, else lower case if one, else itself
        folded = fold_case(char) if not char.isascii() else char.lower()
        return folded if len(folded) == 1 else char.lower() if len(char.lower()) == 1 else char

    text = "".join(chr(i) for i in range(0x10000) if not 0xD800 <= i <= 0xDFFF)
    assert fold_case_keeping_length(text) == "".join(map(rule, text))
    assert fold_case_keeping_length("İSTANBUL ﬁ Straße ＡＢＣ") == "istanbul ﬁ straße abc"


def test_fold_case_keeping_length_fast_path_and_its_exceptions():
    """Texts whose non-ASCII characters lower-case to their fold take str.lower(); a capital sigma
    (made final by str.lower() at a word's end) and characters whose lower case is longer do not."""
    from analysis.text.tokens import fold_case_keeping_length

    assert fold_case_keeping_length("NATO’s “Office” – Tokyo") == "nato’s “office” – tokyo"
    assert fold_case_keeping_length("ΟΔΟΣ ΣΑΣ") == "οδοσ σασ"  # not "οδος σας"
    assert fold_case_keeping_length("İSTANBUL Straße ﬁ") == "istanbul straße ﬁ"
    for text in ("ΟΔΟΣ ΣΑΣ", "İSTANBUL Straße ﬁ", "Ǆemal ÅSA"):
        assert len(fold_case_keeping_length(text)) == len(text)
