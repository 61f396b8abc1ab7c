"""Tests for analysis.text.sentences on the seed bodies and hand-made texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text.sentences import (
    body_sentences,
    paragraph_spans,
    sentence_table,
    split_rules,
    split_sentences,
    unit_articles,
)


def texts(body: str, spans) -> list[str]:
    return [body[a:b] for a, b in spans]


def test_offsets_index_the_cleaned_body_or_the_unit(seed_tables, seed_bodies):
    sentences = seed_tables["sentences"]
    units = seed_tables["articles"].set_index("article_id")
    for row in sentences.itertuples():
        text = seed_bodies[row.article_id] if row.unit == "body" else units.loc[row.article_id, row.unit]
        assert text[row.start : row.end] == row.text
        assert row.text == row.text.strip()


def test_seed_sentence_counts(seed_tables):
    body = body_sentences(seed_tables["sentences"])
    counts = body.groupby("article_id").size().to_dict()
    assert counts == {"000": 10, "001": 37, "002": 11, "003": 27, "004": 8}
    assert seed_tables["articles"]["n_sentences"].tolist() == [10, 37, 11, 27, 8]


def test_seed_headlines_and_decks_are_sentences_of_their_own(seed_tables):
    s = seed_tables["sentences"]
    units = s[s["unit"] != "body"]
    assert units[["article_id", "sentence_id", "unit"]].to_numpy().tolist() == [
        ["000", -2, "headline"], ["000", -1, "deck"], ["001", -2, "headline"], ["002", -2, "headline"],
        ["002", -1, "deck"],
    ]
    assert units.loc[units["article_id"] == "002", "text"].tolist() == [
        "NATO to open office in Japan – media",
        "The US-led military bloc wants to deepen Asia-Pacific cooperation, according to Nikkei",
    ]
    first = s.drop_duplicates("article_id", keep="first")  # each article's units come before its body
    assert first["sentence_id"].tolist() == [-2, -2, -2, 0, 0]


def test_unit_articles_put_the_unit_in_place_of_the_text(seed_tables):
    decks = unit_articles(seed_tables["articles"], "deck")
    assert decks["article_id"].tolist() == ["000", "002"]
    assert decks["text"].tolist()[0] == "Two sides to upgrade cooperation on cyber, disruptive tech and disinformation"
    with pytest.raises(ValueError, match="unit must be one of headline, deck, body, got 'title'"):
        unit_articles(seed_tables["articles"], "title")


def test_seed_boundaries_around_abbreviations(seed_tables):
    s = body_sentences(seed_tables["sentences"])
    t001 = s[s.article_id == "001"]["text"].tolist()
    assert "Putin also added that the U.K. and Japan recently signed a reciprocal military access agreement." in t001
    assert t001[0].startswith("Japan and NATO are hoping") and "the U.S.-led military alliance" in t001[0]
    t004 = s[s.article_id == "004"]["text"].tolist()
    assert t004[3] == "“But I really haven’t heard any final confirmation of that, but we are working in that direction.”"


def test_paragraph_index(seed_tables):
    s = body_sentences(seed_tables["sentences"])
    s000 = s[s.article_id == "000"]
    assert s000["paragraph"].tolist() == [0, 1, 2, 2, 3, 4, 4, 5, 5, 5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith arrived. He left.", ["Mr. Smith arrived.", "He left."]),
        ("It is No. 2 in Asia. Next.", ["It is No. 2 in Asia.", "Next."]),
        ("Say no. Then go.", ["Say no.", "Then go."]),
        ("Talks began Jan. 5 in Tokyo. They ended.", ["Talks began Jan. 5 in Tokyo.", "They ended."]),
        ("J. R. Smith spoke. Ms. Lee agreed.", ["J. R. Smith spoke.", "Ms. Lee agreed."]),
        ("Officials in the U.S. The meeting was short.", ["Officials in the U.S.", "The meeting was short."]),
        ("U.S. President Joe Biden will attend.", ["U.S. President Joe Biden will attend."]),
        ("Is it? Yes! “Quite so.” Done…", ["Is it?", "Yes!", "“Quite so.”", "Done…"]),
        ("Wait... What now?", ["Wait...", "What now?"]),
        ("It grew 1.8% in July. Prices rose 2.5 times.", ["It grew 1.8% in July.", "Prices rose 2.5 times."]),
        ("A sentence without an end", ["A sentence without an end"]),
    ],
)
def test_rules_segmenter(text, expected):
    assert texts(text, split_rules(text)) == expected


def test_sentences_never_cross_paragraphs():
    body = "One line without a stop\n\nNext paragraph. Another."
    out = split_sentences(body)
    assert [(s["text"], s["paragraph"]) for s in out] == [
        ("One line without a stop", 0), ("Next paragraph.", 1), ("Another.", 1),
    ]


def test_paragraph_spans_trim_white_space():
    assert paragraph_spans("  a\n\n\n b \n\n") == [(2, 3), (7, 8)]


def test_pysbd_backend_and_custom_callable():
    body = "Mr. Smith met officials. They agreed."
    assert [s["text"] for s in split_sentences(body, segmenter="pysbd")] == ["Mr. Smith met officials.", "They agreed."]
    whole = split_sentences(body, segmenter=lambda text: [(0, len(text))])
    assert whole == [{"sentence_id": 0, "paragraph": 0, "start": 0, "end": len(body), "text": body}]


def test_unknown_segmenter():
    with pytest.raises(ValueError, match="unknown segmenter 'spacy'; choose from rules, pysbd"):
        split_sentences("x", segmenter="spacy")


def test_sentence_table_columns_and_types(seed_tables):
    frame = sentence_table(seed_tables["articles"].head(1))
    assert frame.columns.tolist() == ["article_id", "sentence_id", "paragraph", "start", "end", "text", "unit"]
    assert frame["sentence_id"].tolist() == [-2, -1, *range(10)]
    assert str(frame["start"].dtype) == "int64"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?…\n“”\"'U.S.Mr No 12")), max_size=200))
def test_offsets_are_valid_for_any_text(text):
    previous_end = 0
    for s in split_sentences(text):
        assert text[s["start"] : s["end"]] == s["text"]
        assert s["text"] and s["text"] == s["text"].strip()
        assert s["start"] >= previous_end
        previous_end = s["end"]
