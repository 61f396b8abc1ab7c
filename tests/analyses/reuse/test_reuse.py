"""Tests of analysis.analyses.reuse: alignment, containment, named sources and derivation.

Seed expectations were worked out by reading the five articles side by side:
- RT [002] rewrites the Nikkei Asia report [000] (same day, "Nikkei Asia reported");
- The New American [001] (4 days later) says it relays Nikkei Asia but follows RT's wording,
  sentence by sentence and in RT's order, including passages that are not in the Nikkei text
  ("cyberspace", the host-nation funding, the Strategic Concept and Putin paragraphs);
- Korrespondent [003] says "This was reported by Nikkei Asia" and rewrites Nikkei's first
  paragraphs, one sentence word for word;
- Yomiuri [004] is independent reporting (the ambassador's press club remarks).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses.reuse import (
    DERIVATION_COLUMNS,
    PAIR_COLUMNS,
    SENTENCE_ALIGNMENT_COLUMNS,
    ReuseOptions,
    build_reuse_tables,
    candidate_pairs,
    find_named_sources,
    reuse_tables,
)
from analysis.tables.registry import build_tables, default_builders
from analysis.views import aligned_sentences, diff_words, omitted_sentences, sentence_relations

# --------------------------------------------------------------------------------------------------
# seed event


@pytest.fixture(scope="module")
def seed_reuse(seed_tables):
    return reuse_tables(seed_tables["articles"], seed_tables["sentences"])


def _ids(series: pd.Series) -> dict:
    return {k: (v if isinstance(v, str) else None) for k, v in series.items()}


def _rows(alignment: pd.DataFrame, article: str, source: str) -> dict[int, tuple[int, str]]:
    part = alignment[(alignment["article_id"] == article) & (alignment["source_article_id"] == source)]
    return {int(r.sentence_id): (int(r.source_sentence_id), r.relation) for r in part.itertuples()}


def test_seed_tables_have_the_promised_columns(seed_reuse):
    assert list(seed_reuse["reuse_pairs"].columns) == PAIR_COLUMNS
    assert list(seed_reuse["sentence_alignment"].columns) == SENTENCE_ALIGNMENT_COLUMNS
    assert list(seed_reuse["derivation"].columns) == DERIVATION_COLUMNS
    # every unordered pair of the five articles shares at least one 3-gram
    pairs = seed_reuse["reuse_pairs"]
    assert list(zip(pairs["article_a"], pairs["article_b"], strict=True)) == [
        ("000", "001"), ("000", "002"), ("000", "003"), ("000", "004"), ("001", "002"),
        ("001", "003"), ("001", "004"), ("002", "003"), ("002", "004"), ("003", "004"),
    ]


def test_seed_derivation(seed_reuse):
    d = seed_reuse["derivation"].set_index("article_id")
    assert _ids(d["likely_source_article_id"]) == {"000": None, "001": "002", "002": "000", "003": "000", "004": None}
    assert d.loc["001", "likely_source_outlet"] == "RT"
    # The New American names Nikkei Asia but copies RT: named and likely source differ
    assert d.loc["001", "named_source"] == "Nikkei Asia"
    assert d.loc["001", "named_source_article_id"] == "000"
    assert d.loc["002", "named_source"] == "Nikkei Asia"
    assert d.loc["003", "named_source"] == "Nikkei Asia"
    assert pd.isna(d.loc["000", "named_source"])  # "Nikkei Asia has learned": its own name
    assert pd.isna(d.loc["004", "named_source"])
    assert d["confidence"].to_dict() == {"000": "none", "001": "high", "002": "medium", "003": "high", "004": "none"}
    assert "RT published earlier (2023-05-03 vs 2023-05-07)" in d.loc["001", "evidence"]
    assert "names Nikkei Asia, not RT" in d.loc["001", "evidence"]
    assert d.loc["001", ["copied", "rewritten", "new", "omitted"]].tolist() == [0, 10, 27, 1]
    assert d.loc["003", ["copied", "rewritten", "new", "omitted"]].tolist() == [1, 5, 21, 4]
    assert d.loc["004", ["copied", "rewritten", "new", "omitted"]].tolist() == [0, 0, 8, 0]


def test_seed_new_american_follows_rt_sentence_by_sentence(seed_reuse):
    rows = _rows(seed_reuse["sentence_alignment"], "001", "002")
    aligned = {i: j for i, (j, rel) in rows.items() if rel != "new"}
    # read side by side: each of these 001 sentences rewrites the RT sentence it is paired with
    assert aligned == {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 12: 7, 21: 8, 22: 9, 30: 10}
    assert {rows[i][1] for i in aligned} == {"rewritten"}
    # the spokesperson, Hayashi, Smith, Putin interview, Mao Ning and Quad passages are new
    for new in (6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 20, 25, 26, 31, 32, 33, 34, 35, 36):
        assert rows[new][1] == "new"
    # ... and the 001-vs-000 pairing is weaker: only 3 sentences reach the threshold
    to_nikkei = _rows(seed_reuse["sentence_alignment"], "001", "000")
    assert sorted(i for i, (_, rel) in to_nikkei.items() if rel != "new") == [2, 4, 5]


def test_seed_korrespondent_against_nikkei(seed_reuse):
    rows = _rows(seed_reuse["sentence_alignment"], "003", "000")
    assert rows[4] == (4, "copied")  # "The plans were confirmed by both Japanese and NATO officials."
    for own, source in ((0, 1), (2, 2), (3, 3), (5, 5), (6, 6)):
        assert rows[own] == (source, "rewritten")
    assert rows[1][1] == "new"  # "This was reported by Nikkei Asia."
    assert all(rows[i][1] == "new" for i in range(7, 27))  # the Danish ambassador, Tsuruoka, ...


def test_seed_rt_against_nikkei_and_what_it_left_out(seed_reuse, seed_tables):
    alignment, sentences = seed_reuse["sentence_alignment"], seed_tables["sentences"]
    rows = _rows(alignment, "002", "000")
    assert {i: j for i, (j, rel) in rows.items() if rel != "new"} == {1: 1, 2: 5, 4: 2, 5: 3}
    assert rows[3][1] == "new"  # host-nation funding: not in the reposted Nikkei text
    assert all(rows[i][1] == "new" for i in range(6, 11))  # Strategic Concept, Putin, China
    omitted = omitted_sentences(alignment, sentences, "002", "000")["sentence_id"].tolist()
    assert 6 in omitted and 9 in omitted  # draft proposal among 31 members; other liaison offices
    assert not {1, 2, 3, 5} & set(omitted)


def test_seed_yomiuri_shares_no_sentence(seed_reuse):
    alignment = seed_reuse["sentence_alignment"]
    assert alignment[alignment["article_id"] == "004"].empty
    pairs = seed_reuse["reuse_pairs"]
    assert pairs.loc[(pairs["article_a"] == "004") | (pairs["article_b"] == "004"), "aligned_sentences"].eq(0).all()


def test_seed_pruning_keeps_the_reuse_pairs(seed_tables, seed_reuse):
    pairs = candidate_pairs(seed_tables["sentences"], method="minhash")
    assert {("000", "002"), ("000", "003"), ("001", "002")} <= set(pairs)
    pruned = reuse_tables(seed_tables["articles"], seed_tables["sentences"], options=ReuseOptions(prune="minhash"))
    cols = ["article_id", "likely_source_article_id", "confidence"]
    pd.testing.assert_frame_equal(pruned["derivation"][cols], seed_reuse["derivation"][cols])


def test_builder_is_registered_and_runs(seed_event, seed_tables):
    assert build_reuse_tables in default_builders()
    tables = build_tables(seed_event[1], context=None, builders=[build_reuse_tables])
    assert {"reuse_pairs", "sentence_alignment", "derivation"} <= set(tables)


# --------------------------------------------------------------------------------------------------
# constructed texts

WIRE = [
    "The finance minister resigned on Monday after weeks of pressure over a housing scandal.",
    "Opposition leaders had demanded her resignation since the audit report was published in March.",
    "The prime minister accepted the resignation and thanked her for years of service.",
    "A caretaker minister will be named by Friday, officials said.",
    "The ruling party faces a regional election in October.",
]
REWRITE = [
    WIRE[0],  # copied
    "Opposition chiefs had called for her departure ever since the audit report came out in March.",  # synonyms
    "The prime minister thanked her for years of service and accepted the resignation.",  # clauses reordered
    "Critics say the scandal exposes deep corruption in the ruling elite.",  # inserted
    WIRE[4],  # copied; WIRE[3] deleted
]
CHAIN = [
    "Critics say the scandal exposes deep corruption in the ruling elite, according to the Daily Wire.",
    REWRITE[1],
    WIRE[0],
    "Markets barely moved on the news.",
]
UNRELATED = [
    "Heavy rain flooded roads in the capital on Tuesday.",
    "The finance ministry said it would announce new housing rules next month.",
]


def make_event(texts, *, dates=None, outlets=None, sources=None):
    ids = [chr(ord("a") + i) for i in range(len(texts))]
    articles = pd.DataFrame({
        "article_id": ids,
        "outlet": outlets or ["Daily Wire", "Herald", "Gazette", "Observer"][: len(ids)],
        "platform": [None] * len(ids),
        "source": sources or [None] * len(ids),
        "published": dates or [None] * len(ids),
        "text": [" ".join(t) for t in texts],
    })
    rows = [(i, k, s) for i, t in zip(ids, texts, strict=True) for k, s in enumerate(t)]
    return articles, pd.DataFrame(rows, columns=["article_id", "sentence_id", "text"])


def test_copies_rewrites_insertions_and_deletions():
    articles, sentences = make_event([WIRE, REWRITE], dates=["2024-01-01", "2024-01-02"])
    out = reuse_tables(articles, sentences)
    rows = _rows(out["sentence_alignment"], "b", "a")
    assert rows == {0: (0, "copied"), 1: (1, "rewritten"), 2: (2, "rewritten"), 3: (4, "new"), 4: (4, "copied")}
    assert omitted_sentences(out["sentence_alignment"], sentences, "b", "a")["sentence_id"].tolist() == [3]
    d = out["derivation"].set_index("article_id")
    assert d.loc["b", "likely_source_article_id"] == "a"
    assert d.loc["b", ["copied", "rewritten", "new", "omitted"]].tolist() == [2, 2, 1, 1]
    assert d.loc["a", "confidence"] == "none"
    # 4 aligned sentences, dated evidence, but fewer than 5 aligned: medium, not high
    assert d.loc["b", "confidence"] == "medium"


def test_chain_copier_of_copier_names_the_original():
    """A -> B -> C where C names A ("according to the Daily Wire") but copies B's wording."""
    articles, sentences = make_event([WIRE, REWRITE, CHAIN], dates=["2024-01-01", "2024-01-02", "2024-01-03"])
    d = reuse_tables(articles, sentences)["derivation"].set_index("article_id")
    assert d.loc["c", "likely_source_article_id"] == "b"
    assert d.loc["c", "named_source"] == "Daily Wire"
    assert d.loc["c", "named_source_article_id"] == "a"
    assert "names Daily Wire, not Herald" in d.loc["c", "evidence"]
    assert d.loc["b", "likely_source_article_id"] == "a"
    assert pd.isna(d.loc["a", "likely_source_article_id"])


def test_chain_without_dates_uses_the_name_and_says_direction_is_weak():
    articles, sentences = make_event([WIRE, REWRITE, CHAIN])
    d = reuse_tables(articles, sentences)["derivation"].set_index("article_id")
    assert list(_ids(d["likely_source_article_id"]).values()) == [None, "a", "b"]
    assert d.loc["b", "confidence"] == "low"  # only "A is named by others" orients A -> B
    assert "publication date unknown" in d.loc["b", "evidence"]


def test_unrelated_article_on_the_same_topic_has_no_source():
    articles, sentences = make_event([WIRE, UNRELATED], dates=["2024-01-01", "2024-01-02"])
    out = reuse_tables(articles, sentences)
    d = out["derivation"].set_index("article_id")
    assert d.loc["b", "confidence"] == "none" and pd.isna(d.loc["b", "likely_source_article_id"])
    assert d.loc["b", ["copied", "rewritten", "new"]].tolist() == [0, 0, 2]
    assert out["sentence_alignment"].empty


def test_later_article_is_not_the_source_of_an_earlier_one():
    # the same two texts with the dates swapped: the copy is now the earlier text
    articles, sentences = make_event([WIRE, REWRITE], dates=["2024-01-02", "2024-01-01"])
    d = reuse_tables(articles, sentences)["derivation"].set_index("article_id")
    assert d.loc["a", "likely_source_article_id"] == "b"
    assert pd.isna(d.loc["b", "likely_source_article_id"])


def test_containment_and_shared_ngrams_exact():
    articles, sentences = make_event([["one two three four."], ["one two three five."]])
    pairs = reuse_tables(articles, sentences)["reuse_pairs"]
    assert pairs[["containment_a_in_b", "containment_b_in_a", "shared_ngrams"]].values.tolist() == [[0.5, 0.5, 1]]


def test_output_is_deterministic_and_independent_of_row_order():
    articles, sentences = make_event([WIRE, REWRITE, CHAIN, UNRELATED], dates=["2024-01-01", None, "2024-01-03", None])
    first = reuse_tables(articles, sentences)
    shuffled = reuse_tables(articles.iloc[::-1], sentences.sample(frac=1, random_state=3))
    for name in first:
        pd.testing.assert_frame_equal(first[name], shuffled[name])


def test_aligned_sentences_and_relations_views():
    articles, sentences = make_event([WIRE, REWRITE], dates=["2024-01-01", "2024-01-02"])
    out = reuse_tables(articles, sentences)
    view = aligned_sentences(out["sentence_alignment"], sentences, "b", "a")
    assert view["relation"].tolist() == ["copied", "rewritten", "rewritten", "new", "copied"]
    assert view.loc[3, "source_text"] == ""
    assert view.loc[2, "diff"] == (
        "The prime minister [-accepted the resignation and-] thanked her for years of "
        "[-service.-] {+service and accepted the resignation.+}"
    )
    long = sentence_relations(out["derivation"])
    b = long[long["article_id"] == "b"].set_index("relation")["sentences"].to_dict()
    assert b == {"copied": 2, "rewritten": 2, "new": 1, "omitted": 1}


def test_diff_words_marks_only_changes():
    assert diff_words("a b c", "a b c") == "a b c"
    assert diff_words("a b c", "a x c") == "a [-b-] {+x+} c"


# --------------------------------------------------------------------------------------------------
# named sources


def _articles(texts, outlets, platforms=None, sources=None):
    n = len(texts)
    return pd.DataFrame({
        "article_id": [f"{i:03d}" for i in range(n)], "outlet": outlets, "platform": platforms or [None] * n,
        "source": sources or [None] * n, "published": [None] * n, "text": texts,
    })


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("NATO plans an office, according to a May 3 report by Nikkei Asia.", "Nikkei Asia"),
        ("NATO plans an office, Nikkei Asia reported on Wednesday.", "Nikkei Asia"),
        ("This was reported by Nikkei Asia.", "Nikkei Asia"),
        ("Plans are underway, based on Nikkei sources.", "Nikkei Asia"),
        ("Citing Nikkei, the outlet said so.", "Nikkei Asia"),
        ("The office was first reported by The New American.", "The New American"),
        ("According to the New American, talks continue.", "The New American"),
        # negative cases: a name without an attribution cue, a generic first word, a lower-case word
        ("Nikkei Asia is a newspaper.", None),
        ("New talks reported progress.", None),
        ("The story of the rt of war.", None),
        ("Asia reported strong growth.", None),
        # the first word of an outlet's name inside a longer name (the ferry event: "the University
        # of Elmwood said" named the Elmwood Gazette)
        ("Lena Berg of the University of Nikkei said the figures were plausible.", None),
        ("The Nikkei Council said so, according to Nikkei Town officials.", None),
        ("Officials in Port Nikkei said so.", None),
        ("Asia. Nikkei said so.", "Nikkei Asia"),
    ],
)
def test_named_source_phrases(phrase, expected):
    frame = _articles(["Original text.", "Other text.", phrase], ["Nikkei Asia", "The New American", "RT"])
    assert find_named_sources(frame).loc[2, "named_source"] == expected


def test_named_source_column_wins_and_own_name_is_ignored():
    frame = _articles(
        ["Nikkei Asia has learned it.", "RT reported it, Nikkei Asia reported."],
        ["Nikkei Asia", "Korrespondent"], platforms=[None, "RT"], sources=[None, "Wire X"],
    )
    named = find_named_sources(frame)
    assert named.loc[0, "named_source"] is None
    assert named.loc[1, ["named_source", "named_source_article_id", "named_by"]].tolist() == [
        "Wire X", None, "source column"]


def test_named_source_column_matches_outlets_through_the_project_case_folding():
    frame = _articles(["Erst hier.", "Dann dort."], ["Straße Zeitung", "Other"], sources=[None, "STRASSE ZEITUNG"])
    named = find_named_sources(frame)
    assert named.loc[1, ["named_source", "named_source_article_id", "named_by"]].tolist() == [
        "STRASSE ZEITUNG", "000", "source column"]


def test_most_often_named_outlet_wins():
    frame = _articles(
        ["x", "y", "RT reported this. Nikkei Asia reported that. Nikkei Asia said more."],
        ["RT", "Nikkei Asia", "Daily"],
    )
    assert find_named_sources(frame).loc[2, ["named_source", "named_source_article_id"]].tolist() == [
        "Nikkei Asia", "001"]


# --------------------------------------------------------------------------------------------------
# pruning and options


def test_candidate_pairs_methods_agree_on_a_clear_copy():
    _, sentences = make_event([WIRE, REWRITE, UNRELATED])
    assert candidate_pairs(sentences, method="minhash") == [("a", "b")]
    assert candidate_pairs(sentences, method="ngrams") == [("a", "b")]
    assert candidate_pairs(sentences, method="none") == [("a", "b"), ("a", "c"), ("b", "c")]
    with pytest.raises(ValueError, match="method must be"):
        candidate_pairs(sentences, method="lsh")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rewrite_threshold": 1.5}, "rewrite_threshold must be between 0 and 1"),
        ({"prune": "fast"}, "prune must be"),
        ({"ngram": 0}, "must be at least 1"),
    ],
)
def test_options_are_validated(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ReuseOptions(**kwargs)


def test_empty_event():
    articles = pd.DataFrame(columns=["article_id", "outlet", "platform", "source", "published", "text"])
    sentences = pd.DataFrame(columns=["article_id", "sentence_id", "text"])
    out = reuse_tables(articles, sentences)
    assert all(frame.empty for frame in out.values())


# --------------------------------------------------------------------------------------------------
# charts


def test_charts_draw_the_seed_event(seed_reuse, seed_tables):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.charts.reuse import (
        plot_alignment_map,
        plot_derivation_graph,
        plot_sentence_relations,
        style_aligned_sentences,
    )

    derivation, alignment = seed_reuse["derivation"], seed_reuse["sentence_alignment"]
    ax = plot_derivation_graph(derivation, seed_tables["articles"])
    labels = sorted(t.get_text() for t in ax.texts if "reused" in t.get_text())
    assert labels == ["24% reused\n(high)", "28% reused\n(high)", "39% reused\n(medium)"]
    plt.close(ax.figure)
    ax = plot_sentence_relations(derivation)
    assert len(ax.patches) == 5 * 4  # five articles, four bar segments each
    plt.close(ax.figure)
    ax = plot_alignment_map(alignment, "001", "002")
    plt.close(ax.figure)
    html = style_aligned_sentences(aligned_sentences(alignment, seed_tables["sentences"], "003", "000")).to_html()
    assert '<s style="color:#b2182b">' in html and "T_reuse" in html


def test_tables_read_back_with_text_article_ids(seed_reuse, tmp_path):
    from analysis import io

    for name, frame in seed_reuse.items():
        io.write_table(frame, tmp_path / f"{name}.csv")
    back = io.read_tables(tmp_path)
    assert back["sentence_alignment"]["source_article_id"].iloc[0] == "001"
    assert back["reuse_pairs"][["article_a", "article_b"]].iloc[0].tolist() == ["000", "001"]
    assert back["derivation"]["likely_source_article_id"].tolist()[1:4] == ["002", "000", "000"]


# --------------------------------------------------------------------------------------------------
# bounded candidates and alignment (scale)


def _shared_sentence_event(n: int) -> tuple[pd.DataFrame, dict[str, str]]:
    """``n`` articles that all carry one wire sentence, each with a sentence of its own."""
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
    rows = []
    for i in range(n):
        own = " ".join(f"{words[i % 10]}{words[(i // 10) % 10]}{k}" for k in range(6))
        rows.append({"article_id": f"a{i:02d}", "sentence_id": 0, "text": "Ministers agreed on a new regional "
                     "security office in Tokyo after long talks."})
        rows.append({"article_id": f"a{i:02d}", "sentence_id": 1, "text": f"Own words {own}."})
    published = {f"a{i:02d}": f"2023-05-{1 + i % 28:02d}" for i in range(n)}
    return pd.DataFrame(rows), published


def test_candidate_pairs_are_bounded_per_article_and_prefer_the_earliest():
    sentences, published = _shared_sentence_event(30)
    pairs = candidate_pairs(sentences, method="minhash", max_partners=3, published=published)
    earliest = {"a00", "a28", "a01", "a29"}  # dates 05-01, 05-01, 05-02, 05-02: the four earliest holders
    assert len(pairs) <= 3 * 30
    assert all(a in earliest or b in earliest for a, b in pairs)
    # every article is compared with at least one of the earliest holders
    assert {x for pair in pairs for x in pair} == set(sentences["article_id"])
    # unbounded, the shared sentence pairs every article with every other
    assert len(candidate_pairs(sentences, method="minhash", max_partners=29, published=published)) == 30 * 29 // 2


def test_alignment_sources_keeps_rows_only_against_the_likely_source(seed_tables, seed_reuse):
    out = reuse_tables(seed_tables["articles"], seed_tables["sentences"], options=ReuseOptions(alignment="sources"))
    pd.testing.assert_frame_equal(out["derivation"], seed_reuse["derivation"])
    pd.testing.assert_frame_equal(out["reuse_pairs"], seed_reuse["reuse_pairs"])
    source_of = dict(zip(out["derivation"]["article_id"], out["derivation"]["likely_source_article_id"], strict=True))
    kept = set(zip(out["sentence_alignment"]["article_id"], out["sentence_alignment"]["source_article_id"],
                   strict=True))
    assert kept == {("001", "002"), ("002", "001"), ("002", "000"), ("000", "002"), ("003", "000"), ("000", "003")}
    assert {(a, s) for a, s in source_of.items() if isinstance(s, str)} == {("001", "002"), ("002", "000"),
                                                                            ("003", "000")}
    # the kept rows are the very rows of the full table
    full = seed_reuse["sentence_alignment"]
    mask = [(a, s) in kept for a, s in zip(full["article_id"], full["source_article_id"], strict=True)]
    pd.testing.assert_frame_equal(out["sentence_alignment"], full[mask].reset_index(drop=True))


def test_sentence_product_per_article_equals_the_whole_event_product(seed_tables):
    """The per-article product keeps only the features the article holds (linear in the corpus); its
    floats are those of the product of the whole matrices, bit for bit, for every seed article."""
    import numpy as np

    from analysis.analyses.reuse.similarity import SentenceIndex, _similarity_columns

    index = SentenceIndex(seed_tables["sentences"])
    whole = index.both @ index.both.T.tocsr()
    everything = np.arange(index.both.shape[0])
    for article, (start, stop) in index.rows.items():
        got = _similarity_columns(index, slice(start, stop), everything)
        expected = np.round(whole[start:stop].toarray() / 2, 4)
        assert np.array_equal(got, expected), article
    assert (index.feature_slots == -1).all()  # the scratch lookup is left clean


def test_sentence_product_exact_values():
    from analysis.analyses.reuse.similarity import SentenceIndex, _similarity_columns

    sentences = pd.DataFrame({"article_id": ["a", "b", "b"], "sentence_id": [0, 0, 1], "text": [
        "Ministers agreed on a new office in Tokyo.", "Ministers agreed on a new office in Tokyo.",
        "Markets fell."]})
    index = SentenceIndex(sentences)
    assert _similarity_columns(index, slice(0, 1), [1, 2]).tolist() == [[1.0, 0.0]]
    assert _similarity_columns(index, slice(1, 3), [0]).tolist() == [[1.0], [0.0]]


def test_tfidf_counting_distinct_sentences_once_equals_the_vectorizer(seed_tables):
    """The seed sentences plus a repeat of each: the same TF-IDF arrays as TfidfVectorizer on all rows."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis.analyses.reuse.similarity import _normalise_text, _tfidf, _tokens, _word_features

    texts = seed_tables["sentences"]["text"].astype(str).tolist()
    texts = texts + texts[::3]  # repeated sentences, as in wire copy
    tokens = [_tokens(t) for t in texts]
    for documents, key, counting in (
        (tokens, tuple, {"analyzer": _word_features}),
        (texts, str, {"analyzer": "char_wb", "ngram_range": (3, 5), "preprocessor": _normalise_text}),
    ):
        expected = TfidfVectorizer(sublinear_tf=True, norm="l2", **counting).fit_transform(documents).tocsr()
        got = _tfidf(documents, key, **counting)
        assert got.shape == expected.shape
        assert np.array_equal(got.indptr, expected.indptr)
        assert np.array_equal(got.indices, expected.indices)
        assert np.array_equal(got.data, expected.data)


def test_is_copy_agrees_with_the_ratio_on_every_seed_sentence_pair(seed_tables):
    from analysis.analyses.reuse.similarity import SentenceIndex

    index = SentenceIndex(seed_tables["sentences"])
    rows = range(len(index.tokens))
    expected = {(x, y): index.ratio(x, y) >= 0.9 for x in rows for y in rows if x % 7 == 0}
    fresh = SentenceIndex(seed_tables["sentences"])  # no ratio computed yet: the upper bounds decide first
    assert {key: fresh.is_copy(*key, 0.9) for key in expected} == expected
    assert sum(expected.values()) == 14 and len(fresh.ratios) < len(index.ratios)


def _wire_event(n: int) -> tuple[pd.DataFrame, list[str]]:
    """``n`` articles ``w000``.. that all carry one wire sentence, each with a sentence of its own
    (words unique to it), and their ids."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    rows = []
    for i in range(n):
        stem = letters[i // 26 % 26] + letters[i % 26]
        own = " ".join(f"{stem}{letters[k]}{stem}" for k in range(6))
        rows.append({"article_id": f"w{i:03d}", "sentence_id": 0, "text": "Ministers agreed on a new regional "
                     "security office in Tokyo after long talks."})
        rows.append({"article_id": f"w{i:03d}", "sentence_id": 1, "text": f"Own words {own}."})
    return pd.DataFrame(rows), [f"w{i:03d}" for i in range(n)]


def _sources_picked(pairs: list[tuple[str, str]], published: dict[str, str]) -> dict[str, set[str]]:
    """Each article's partners published strictly before it: the candidate sources it picked itself."""
    picked: dict[str, set[str]] = {}
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            if published[y] < published[x]:
                picked.setdefault(x, set()).add(y)
    return picked


def test_one_sentence_in_every_article_keeps_the_candidates_bounded():
    """150 articles (more than MAX_DF) all carry one wire sentence: each picks at most k earlier
    sources, all among the k + 1 earliest holders, so at most n * k pairs instead of n (n - 1) / 2."""
    from analysis.analyses.reuse.candidates import MAX_DF, MAX_PARTNERS

    n = 150
    assert n > MAX_DF and ReuseOptions().max_partners == MAX_PARTNERS == 5
    sentences, ids = _wire_event(n)
    published = {aid: f"2023-05-{1 + i // 6:02d}" for i, aid in enumerate(ids)}  # six a day, 25 days
    pairs = candidate_pairs(sentences, method="minhash", published=published)
    assert 0 < len(pairs) <= n * MAX_PARTNERS
    assert all(len(sources) <= MAX_PARTNERS for sources in _sources_picked(pairs, published).values())
    earliest = set(ids[: MAX_PARTNERS + 1])  # the wire sentence's earliest holders (the first day)
    assert all(a in earliest or b in earliest for a, b in pairs)
    assert {x for pair in pairs for x in pair} == set(ids)  # every article still meets the wire's first holders


def test_reuse_tables_are_bounded_by_the_candidate_sources():
    n = 120
    sentences, ids = _wire_event(n)
    articles = pd.DataFrame({"article_id": ids, "outlet": [f"Outlet {i % 10}" for i in range(n)], "platform": None,
                             "source": None, "published": [f"2023-05-{1 + i // 5:02d}" for i in range(n)],
                             "text": ""})
    out = reuse_tables(articles, sentences)  # above prune_above: pruned, alignment against likely sources only
    assert 0 < len(out["reuse_pairs"]) <= n * ReuseOptions().max_partners
    alignment = out["sentence_alignment"]
    assert len(alignment) <= 2 * 2 * n  # two sentences per article, against its source and from its reusers' side
    source_of = dict(zip(out["derivation"]["article_id"], out["derivation"]["likely_source_article_id"], strict=True))
    assert all(source_of.get(a) == s or source_of.get(s) == a
               for a, s in zip(alignment["article_id"], alignment["source_article_id"], strict=True))


def test_a_near_copy_is_picked_before_earlier_articles_sharing_a_sentence():
    """With one candidate source allowed, the article whose 3-grams it nearly all shares wins over the
    earliest holders of a sentence it also carries."""
    sentences, published = _shared_sentence_event(20)
    story = ["The harbour ferry service will close for repairs from June until the end of August.",
             "Commuters will be offered buses between the two piers every twenty minutes.",
             "The council said the work would cost about four million euros in all."]
    copy = [s.replace("about", "roughly") for s in story]
    rows = [{"article_id": "a10", "sentence_id": 2 + k, "text": t} for k, t in enumerate(story)]
    rows += [{"article_id": "a19", "sentence_id": 2 + k, "text": t} for k, t in enumerate(copy)]
    sentences = pd.concat([sentences, pd.DataFrame(rows)], ignore_index=True)
    pairs = candidate_pairs(sentences, method="minhash", max_partners=1, published=published)
    assert ("a10", "a19") in pairs  # a10 (05-11) is later than a00 and a01, yet a19 picks it
    assert ("a00", "a10") in pairs or ("a01", "a10") in pairs  # a10 itself picks the earliest holder


def test_repeated_sentences_are_held_once_in_the_index():
    from analysis.analyses.reuse.similarity import SentenceIndex

    sentences, _ = _shared_sentence_event(30)
    index = SentenceIndex(sentences)
    assert index.both.shape[0] == 60 and index.matrix.shape[0] == 31  # the wire sentence once, 30 own ones
    assert (index.both[0] != index.both[2]).nnz == 0  # two articles' copies of the wire sentence: one vector


def test_lsh_bands_collide_as_datasketch_queries_below_max_df(seed_tables):
    """The banded LSH of candidates.py finds exactly the sets datasketch's MinHashLSH.query returns
    (the seed sentences' word sets, and every set twice so that each collides at least with its twin)."""
    from datasketch import MinHash, MinHashLSH

    from analysis.analyses.reuse.candidates import _minhash_lsh

    sets = [sorted(set(text.lower().split())) for text in seed_tables["sentences"]["text"]] * 2
    got = _minhash_lsh(sets, threshold=0.5, num_perm=64, seed=1, order=list(range(len(sets))), keep=3)
    lsh = MinHashLSH(threshold=0.5, num_perm=64)
    hashes = list(MinHash.generator(([w.encode("utf-8") for w in s] for s in sets), num_perm=64, seed=1))
    for i, h in enumerate(hashes):
        lsh.insert(i, h)
    assert got == [set(lsh.query(h)) for h in hashes]
    assert sum(len(near) > 2 for near in got) > 0  # some sentences collide with others than their twin
