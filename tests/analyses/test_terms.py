"""Tests of analysis.analyses.terms on hand-made texts with hand-worked statistics and on the seed articles."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.text import Text

from analysis import io
from analysis.analyses.terms import (
    DISTINCTIVE_COLUMNS,
    POOLED_PRIOR,
    TERM_COLUMNS,
    aggregate_counts,
    build_terms_tables,
    count_terms,
    display_labels,
    distinctive_terms,
    kwic,
    kwic_for_top_terms,
    low_token_warning,
    outlet_sizes,
    pick_outlet_pair,
    surface_forms,
    term_table,
)
from analysis.charts.terms import place_labels, plot_distinctive_terms, plot_term_heatmap, plot_term_scatter
from analysis.context import EventContext
from analysis.resources.stopwords import default_stopwords, load_stopwords
from analysis.tables.partition import process_partition
from analysis.tables.registry import default_builders
from analysis.text.tokens import token_runs
from analysis.views import top_distinctive

EVENT_DIR = Path(__file__).resolve().parents[2] / "data" / "raw" / "nato-tokyo-office"


@pytest.fixture(scope="module")
def seeds() -> dict[str, pd.DataFrame]:
    _, corpus = io.load_event(EVENT_DIR)
    return process_partition(corpus)


def frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["article_id", "outlet", "text"])


# Tiny two-outlet event, unigrams only (no stop words among these words):
#   A: nato 3, office 2, bloc 1            n_A = 6
#   B: bloc 3, threat 2, nato 1            n_B = 6
# Pooled prior: alpha = nato 4, office 2, bloc 4, threat 2; alpha_0 = 12.
TINY = frame([
    ("1", "A", "NATO office. NATO bloc. NATO office."),
    ("2", "B", "Bloc threat. Bloc threat, NATO bloc."),
])


def tiny_scores(**kwargs) -> pd.DataFrame:
    counts = count_terms(TINY, ngram_range=(1, 1))
    return distinctive_terms(counts, **kwargs).set_index(["outlet", "reference", "term"])


# --------------------------------------------------------------------------------------------------
# Counting


def test_tiny_counts_and_totals():
    counts = count_terms(TINY, ngram_range=(1, 1))
    assert counts.values.tolist() == [
        ["A", "", 0, 6, 1], ["A", "bloc", 1, 1, 1], ["A", "nato", 1, 3, 1], ["A", "office", 1, 2, 1],
        ["B", "", 0, 6, 1], ["B", "bloc", 1, 3, 1], ["B", "nato", 1, 1, 1], ["B", "threat", 1, 2, 1],
    ]


def test_ngrams_do_not_cross_punctuation_or_sentence_starts():
    articles = frame([("1", "A", "Liaison office, Tokyo office Liaison plan")])
    sentences = pd.DataFrame({"article_id": ["1", "1"], "start": [0, 29], "end": [28, 41]})
    counts = count_terms(articles, sentences, ngram_range=(2, 2), stopwords=[])
    # runs: [liaison office] [tokyo office] | sentence start | [liaison plan]
    assert counts.loc[counts["ngram"] == 2, "term"].tolist() == ["liaison office", "liaison plan", "tokyo office"]
    # negative: without the sentence table the boundary is not known and "office liaison" is counted
    no_sentences = count_terms(articles, ngram_range=(2, 2), stopwords=[])
    assert "office liaison" in no_sentences["term"].tolist()
    assert "office tokyo" not in no_sentences["term"].tolist()


def test_stop_words_drop_unigrams_and_ngram_edges_only():
    articles = frame([("1", "A", "The war in Ukraine")])
    counts = count_terms(articles, ngram_range=(1, 3))
    assert counts.loc[counts["ngram"] > 0, "term"].tolist() == ["ukraine", "war", "war in ukraine"]
    # running tokens include stop words
    assert counts.loc[counts["ngram"] == 0, "count"].item() == 4


def test_user_stop_words_replace_the_default():
    articles = frame([("1", "A", "NATO said the office")])
    counts = count_terms(articles, ngram_range=(1, 1), stopwords=["NATO"])
    assert counts.loc[counts["ngram"] == 1, "term"].tolist() == ["office", "said", "the"]


def test_doc_freq_counts_articles_not_occurrences():
    articles = frame([("1", "A", "Tokyo, Tokyo."), ("2", "A", "Tokyo office"), ("3", "A", "Office")])
    counts = count_terms(articles, ngram_range=(1, 1)).set_index("term")
    assert counts.loc["tokyo", ["count", "doc_freq"]].tolist() == [3, 2]
    assert counts.loc["office", ["count", "doc_freq"]].tolist() == [2, 2]
    assert counts.loc["", ["count", "doc_freq"]].tolist() == [5, 3]


def test_lowercase_off_and_surface_forms():
    articles = frame([("1", "A", "NATO met. Nato met. NATO’s plan")])
    counts = count_terms(articles, ngram_range=(1, 1), lowercase=False)
    assert counts.loc[counts["ngram"] == 1, ["term", "count"]].values.tolist() == [
        ["NATO", 2], ["Nato", 1], ["met", 2], ["plan", 1],
    ]
    surfaces = surface_forms(articles, ngram_range=(1, 1))
    assert display_labels(surfaces) == {"met": "met", "nato": "NATO", "plan": "plan"}


def test_partitions_sum_to_the_whole(seeds):
    articles, sentences = seeds["articles"], seeds["sentences"]
    whole = count_terms(articles, sentences, ngram_range=(1, 3))
    parts = [count_terms(articles.iloc[k : k + 2], sentences, ngram_range=(1, 3)) for k in (0, 2, 4)]
    pd.testing.assert_frame_equal(aggregate_counts(pd.concat(parts)), whole)
    # and both score alike
    pd.testing.assert_frame_equal(distinctive_terms(pd.concat(parts)), distinctive_terms(whole))


def brute_force(articles, sentences, ngram_range, stop):
    counts, docs, tokens = Counter(), Counter(), Counter()
    for art in articles.itertuples():
        starts = sentences.loc[sentences["article_id"] == art.article_id, "start"].tolist()
        seen = set()
        tokens[art.outlet] += 0  # an outlet without tokens still has its totals row
        for run in token_runs(art.text, boundaries=starts):
            words = [t.text for t in run]
            tokens[art.outlet] += len(words)
            for n in range(ngram_range[0], ngram_range[1] + 1):
                for k in range(len(words) - n + 1):
                    gram = words[k : k + n]
                    if gram[0] not in stop and gram[-1] not in stop:
                        counts[art.outlet, " ".join(gram)] += 1
                        seen.add((art.outlet, " ".join(gram)))
        docs.update(seen)
    out = {key: (counts[key], docs[key]) for key in counts}
    for outlet, n in tokens.items():
        out[outlet, ""] = (n, int((articles["outlet"] == outlet).sum()))
    return out


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (1, 3), (2, 3)])
def test_counts_equal_brute_force_on_seeds(seeds, ngram_range):
    articles, sentences = seeds["articles"], seeds["sentences"]
    counts = count_terms(articles, sentences, ngram_range=ngram_range)
    got = {(r.outlet, r.term): (r.count, r.doc_freq) for r in counts.itertuples()}
    assert got == brute_force(articles, sentences, ngram_range, default_stopwords())


PIECES = list("ab.’'-,; \u00a0\n\t\x1c\x01\x00U.S0129%—\"_") + ["Ab", "the", "s", "U.S.", "'s"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_counts_equal_brute_force_on_random_text(texts):
    articles = frame([(str(k), "AB"[k % 2], t) for k, t in enumerate(texts)])
    sentences = pd.DataFrame({"article_id": [], "start": []})
    counts = count_terms(articles, ngram_range=(1, 3), stopwords=["the"])
    got = {(r.outlet, r.term): (r.count, r.doc_freq) for r in counts.itertuples()}
    assert got == brute_force(articles, sentences, (1, 3), {"the"})


def test_seed_tokens_stay_whole(seeds):
    terms = term_table(count_terms(seeds["articles"], seeds["sentences"])).set_index(["outlet", "term"])
    # read in the cleaned texts: RT writes "US-led" once; "Indo-Pacific" appears 5 times in The New
    # American, twice in Korrespondent, once in RT and in Yomiuri Shimbun
    assert terms.loc[("RT", "us-led"), "count"] == 1
    assert terms.loc[("The New American", "u.s.-led"), "count"] == 1
    assert terms.loc[("The New American", "indo-pacific"), "count"] == 5
    assert terms.loc[("Korrespondent", "indo-pacific"), "count"] == 2
    assert terms.loc[("Nikkei Asia", "one-person"), "count"] == 1
    # negative: the halves of hyphenated words are not counted from them
    assert ("RT", "led") not in terms.index
    assert ("The New American", "pacific") not in terms.index


def test_term_table_rates(seeds):
    counts = count_terms(seeds["articles"], seeds["sentences"])
    sizes = outlet_sizes(counts).set_index("outlet")
    # Nikkei Asia has 239 running tokens (one article)
    assert sizes.loc["Nikkei Asia"].tolist() == [239, 1]
    terms = term_table(counts)
    assert list(terms.columns) == TERM_COLUMNS
    row = terms[(terms["outlet"] == "Nikkei Asia") & (terms["term"] == "liaison office")].iloc[0]
    # "liaison office" 3 times ("liaison offices" once is another term): 3 / 239 * 10,000 = 125.52
    assert (row["count"], row["per_10k"], row["doc_freq"]) == (3, 125.52, 1)
    assert term_table(counts, min_count=3)["count"].min() == 3


def test_count_options_are_validated():
    with pytest.raises(ValueError, match="ngram_range"):
        count_terms(TINY, ngram_range=(0, 2))
    with pytest.raises(ValueError, match="ngram_range"):
        count_terms(TINY, ngram_range=(1, 4))
    with pytest.raises(ValueError, match="no articles from 'C'"):
        count_terms(TINY, outlets=["A", "C"])
    with pytest.raises(ValueError, match="lacks column"):
        count_terms(TINY.drop(columns="outlet"))
    with pytest.raises(ValueError, match="list of outlet names"):
        count_terms(TINY, outlets="A")
    assert set(count_terms(TINY, outlets=["B"])["outlet"]) == {"B"}


# --------------------------------------------------------------------------------------------------
# Distinctive terms: hand-worked values


def test_log_odds_z_hand_worked():
    scores = tiny_scores()
    # nato, A vs B: y_i 3, y_j 1, a_w 4, a_0 12, n 6 and 6
    # delta = ln((3+4)/(6+12-3-4)) - ln((1+4)/(6+12-1-4)) = ln(7/11) - ln(5/13) = 0.503526321
    # var = 1/7 + 1/5 = 0.342857143; z = 0.503526321 / sqrt(0.342857143) = 0.859934904
    row = scores.loc[("A", "B", "nato")]
    assert row["delta"] == pytest.approx(0.503526321, abs=1e-9)
    assert row["var"] == pytest.approx(0.342857143, abs=1e-9)
    assert row["z"] == pytest.approx(0.859934904, abs=1e-9)
    # office, A vs B: y_i 2, y_j 0, a_w 2: delta = ln(4/14) - ln(2/16) = 0.826678573,
    # var = 1/4 + 1/2 = 0.75, z = 0.954566194
    assert scores.loc[("A", "B", "office"), "z"] == pytest.approx(0.954566194, abs=1e-9)
    # bloc, A vs B: y_i 1, y_j 3, a_w 4: delta = ln(5/13) - ln(7/11) = -0.503526321, z = -0.859934904
    assert scores.loc[("A", "B", "bloc"), "z"] == pytest.approx(-0.859934904, abs=1e-9)


def test_g2_p_value_and_log_ratio_hand_worked():
    scores = tiny_scores()
    # nato, A vs B: a 3, b 1, c 6, d 6; E1 = 6*4/12 = 2, E2 = 2
    # G2 = 2 (3 ln(3/2) + 1 ln(1/2)) = 1.046496288; p = erfc(sqrt(G2/2)) = 0.306315406
    # Log Ratio = log2((3/6)/(1/6)) = log2(3) = 1.584962501
    row = scores.loc[("A", "B", "nato")]
    assert row["g2"] == pytest.approx(1.046496288, abs=1e-9)
    assert row["p_value"] == pytest.approx(0.306315406, abs=1e-9)
    assert row["log_ratio"] == pytest.approx(1.584962501, abs=1e-9)
    # office, A vs B: a 2, b 0; E1 = 1: G2 = 2 (2 ln 2) = 2.772588722, p = 0.095890967;
    # the zero count becomes 0.5: Log Ratio = log2((2/6)/(0.5/6)) = 2
    row = scores.loc[("A", "B", "office")]
    assert row["g2"] == pytest.approx(2.772588722, abs=1e-9)
    assert row["p_value"] == pytest.approx(0.095890967, abs=1e-9)
    assert row["log_ratio"] == pytest.approx(2.0, abs=1e-12)
    # threat, A vs B is the mirror image: A uses it less, so G2 is signed negative
    row = scores.loc[("A", "B", "threat")]
    assert (row["count"], row["count_ref"]) == (0, 2)
    assert row["g2"] == pytest.approx(-2.772588722, abs=1e-9)
    assert row["log_ratio"] == pytest.approx(-2.0, abs=1e-12)


def test_reference_prior_hand_worked():
    # reference counts nato 1, bloc 3 (office, threat absent); + 0.5 each: 1.5, 3.5, 0.5, 0.5 (sum 6),
    # scaled to alpha_0 = 12: nato 3, bloc 7, office 1, threat 1
    # nato, A vs B: delta = ln((3+3)/(6+12-3-3)) - ln((1+3)/(6+12-1-3)) = ln(6/12) - ln(4/14) = 0.559615788
    # var = 1/6 + 1/4 = 0.416666667; z = 0.866953051
    reference = pd.DataFrame({"term": ["NATO", "bloc"], "count": [1, 3]})
    scores = tiny_scores(prior=reference, prior_total=12, prior_name="wire")
    row = scores.loc[("A", "B", "nato")]
    assert row["delta"] == pytest.approx(0.559615788, abs=1e-9)
    assert row["z"] == pytest.approx(0.866953051, abs=1e-9)
    assert row["prior"] == "wire (alpha_0=12)"
    # G2 and Log Ratio do not depend on the prior
    assert row["g2"] == pytest.approx(1.046496288, abs=1e-9)


def test_rest_is_the_other_outlets_summed():
    articles = pd.concat([TINY, frame([("3", "C", "Threat office threat")])], ignore_index=True)
    scores = distinctive_terms(count_terms(articles, ngram_range=(1, 1))).set_index(["outlet", "reference", "term"])
    # threat: A 0, B 2, C 2 -> A vs rest has count_ref 4; office: A 2, C 1 -> C vs rest count_ref 2
    assert scores.loc[("A", "rest", "threat"), ["count", "count_ref"]].tolist() == [0, 4]
    assert scores.loc[("C", "rest", "office"), ["count", "count_ref"]].tolist() == [1, 2]
    # with two outlets, the rest of A is B
    two = tiny_scores().sort_index()
    pd.testing.assert_series_equal(
        two.loc[("A", "rest")]["z"], two.loc[("A", "B")]["z"], check_names=False
    )


def test_pairwise_scores_are_antisymmetric_on_seeds(seeds):
    table = distinctive_terms(count_terms(seeds["articles"], seeds["sentences"]))
    pairs = table[table["reference"] != "rest"]
    forward = pairs.set_index(["outlet", "reference", "term"])
    backward = pairs.rename(columns={"outlet": "reference", "reference": "outlet"}).set_index(
        ["outlet", "reference", "term"]
    ).reindex(forward.index)
    assert len(forward) == len(backward) > 0
    assert (forward["z"] == -backward["z"]).all()  # exactly, not approximately
    assert np.allclose(forward["g2"], -backward["g2"])
    assert np.allclose(forward["log_ratio"], -backward["log_ratio"])
    assert (forward["count"] == backward["count_ref"]).all()


def test_low_count_flags_and_order(seeds):
    table = distinctive_terms(count_terms(seeds["articles"], seeds["sentences"]))
    assert list(table.columns) == DISTINCTIVE_COLUMNS
    assert (table["low_count"] == (table["count"] < 3)).all()
    assert table["low_count"].any() and not table["low_count"].all()
    # Nikkei Asia's "liaison office" (3 uses) is not flagged; its "one-person" (1 use) is
    rows = table[(table["outlet"] == "Nikkei Asia") & (table["reference"] == "rest")].set_index("term")
    assert not rows.loc["liaison office", "low_count"]
    assert rows.loc["one-person", "low_count"]
    # order: outlet, reference ("rest" first, then outlets by name), z descending, term
    outlets = sorted(seeds["articles"]["outlet"].unique())
    for outlet, group in table.groupby("outlet", sort=False):
        assert list(dict.fromkeys(group["reference"])) == ["rest"] + [o for o in outlets if o != outlet]
        for _, block in group.groupby("reference", sort=False):
            keys = list(zip(-block["z"], block["term"], strict=True))
            assert keys == sorted(keys)
    assert list(dict.fromkeys(table["outlet"])) == outlets


def test_distinctive_options_are_validated():
    counts = count_terms(TINY, ngram_range=(1, 1))
    with pytest.raises(ValueError, match="named 'rest'"):
        distinctive_terms(counts.replace({"outlet": {"A": "rest"}}))
    with pytest.raises(ValueError, match="prior lacks column"):
        distinctive_terms(counts, prior=pd.DataFrame({"word": ["nato"], "count": [1]}))
    with pytest.raises(ValueError, match="non-negative"):
        distinctive_terms(counts, prior=pd.DataFrame({"term": ["nato"], "count": [-1]}))
    with pytest.raises(ValueError, match="prior_total"):
        distinctive_terms(counts, prior_total=0)
    one_outlet = count_terms(TINY, outlets=["A"])
    assert distinctive_terms(one_outlet).empty


def test_low_token_warning_on_seeds(seeds):
    counts = count_terms(seeds["articles"], seeds["sentences"])
    warning = low_token_warning(counts)
    # running tokens: Nikkei Asia 239, RT 322, Yomiuri Shimbun 220 (under 500); Korrespondent 580,
    # The New American 1,078 (not named)
    assert "Nikkei Asia has 239 tokens; RT has 322 tokens; Yomiuri Shimbun has 220 tokens (under 500)" in warning
    assert "Korrespondent" not in warning and "New American" not in warning
    assert low_token_warning(counts, min_tokens=200) == ""


# --------------------------------------------------------------------------------------------------
# Keyword in context


def test_kwic_hand_made():
    text = "NATO's liaison office opens.\nThe liaison, office and Japan’s liaison office"
    articles = frame([("7", "A", text)])
    rows = kwic(articles, "Liaison Office", width=12)
    assert rows[["start", "end", "match"]].values.tolist() == [[7, 21, "liaison office"], [61, 75, "liaison office"]]
    assert rows["left"].tolist() == ["NATO's ", "and Japan’s "]
    assert rows["right"].tolist() == [" opens. The ", ""]  # the newline is shown as a space
    # "Japan" finds "Japan’s"; "liaison, office" is not a phrase occurrence (comma)
    assert kwic(articles, "japan")["match"].tolist() == ["Japan"]
    assert kwic(articles, "japan", lowercase=False).empty
    with pytest.raises(ValueError, match="without punctuation"):
        kwic(articles, "liaison, office")


def test_kwic_matches_counts_and_offsets_on_seeds(seeds):
    articles, sentences = seeds["articles"], seeds["sentences"]
    terms = term_table(count_terms(articles, sentences)).set_index(["outlet", "term"])["count"]
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    for query in ["liaison office", "indo-pacific", "japan", "u.s.", "bloc"]:
        rows = kwic(articles, query, sentences=sentences)
        for row in rows.itertuples():
            assert texts[row.article_id][row.start : row.end] == row.match
        per_outlet = rows.groupby("outlet").size()
        expected = terms.xs(query, level="term")
        assert per_outlet.to_dict() == expected.to_dict()
    # read in the texts: Korrespondent writes "Liaison Office" once, capitalised
    assert "Liaison Office" in kwic(articles, "liaison office", outlets=["Korrespondent"])["match"].tolist()


# --------------------------------------------------------------------------------------------------
# Stop-word files and the pipeline


def test_default_stopwords():
    words = default_stopwords()
    assert {"the", "said", "told", "don't", "yes"} <= words
    assert not {"nato", "japan", "office", "china"} & words
    assert "said" in load_stopwords() and "the" not in load_stopwords()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("lists:\n  - name: a\n    source: s\n    note: n\n    words: [said]\n    extra: 1\n", r":6: unknown key 'extra'"),
        ("lists:\n  - name: a\n    source: s\n    note: n\n    words: []\n", r":5: 'words' must be a non-empty list"),
        ("lists:\n  - name: a\n    source: s\n    words: [x]\n", r":2: list is missing note"),
        ("lists:\n  - name: a\n    source: s\n    note: n\n    words:\n      - said\n      - yes\n", r":7: True is not one"),
        ("lists:\n  - name: a\n    source: s\n    note: n\n    words:\n      - Said\n", r":6: 'Said' is not one lower-case token"),
        ("lists:\n  - name: a\n    source: s\n    note: n\n    words:\n      - us-led\n      - liaison office\n",
         r":7: 'liaison office' is not one"),
        ("lists:\n  - name: a\n    source: s\n    note: n\n    words: [said]\n"
         "  - name: b\n    source: s\n    note: ' '\n    words: [told]\n", r":8: 'note' must be non-empty"),
        ("lists:\n  - name: a\n    source: s\n    note: n\n    words:\n      - said\n"
         "  - name: b\n    source: s\n    note: n\n    words:\n      - told\n      - said\n",
         r":12: 'said' already listed on line 6"),
        ("words: [said]\n", r":1: a stop-word file holds exactly one key"),
    ],
)
def test_stopword_loader_errors_name_file_and_line(tmp_path, body, message):
    path = tmp_path / "stop.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=f"stop.yaml{message}"):
        load_stopwords(path)


def test_stopword_loader_accepts_a_user_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("lists:\n  - name: a\n    source: me\n    note: why\n    words: [nato, us-led]\n", encoding="utf-8")
    assert load_stopwords(path) == frozenset({"nato", "us-led"})


def test_builder_is_registered_and_builds_both_tables(seeds):
    assert build_terms_tables in default_builders()
    tables = build_terms_tables(seeds, EventContext(slug="nato-tokyo-office"))
    assert set(tables) == {"terms", "distinctive_terms"}
    assert list(tables["terms"].columns) == TERM_COLUMNS
    distinctive = tables["distinctive_terms"]
    assert set(distinctive["prior"]) == {"wordfreq en large, mixed 0.5 with the event (alpha_0=538)"}  # the bigram order's alpha_0
    pooled = build_terms_tables(seeds, EventContext(slug="nato-tokyo-office", options={"terms": {"prior": "pooled"}}))
    assert set(pooled["distinctive_terms"]["prior"]) == {POOLED_PRIOR}
    with pytest.raises(ValueError, match="prior must be"):
        build_terms_tables(seeds, EventContext(slug="x", options={"terms": {"prior": "wiki"}}))
    assert set(distinctive["ngram"]) == {1, 2}
    assert set(distinctive["reference"]) == {"rest", *seeds["articles"]["outlet"]}


# --------------------------------------------------------------------------------------------------
# Charts and notebook helpers


def test_pick_outlet_pair_defaults_to_the_largest_outlets(seeds):
    counts = count_terms(seeds["articles"], seeds["sentences"])
    # running tokens: The New American 1,078, Korrespondent 580, then RT 322
    assert pick_outlet_pair(counts) == ("The New American", "Korrespondent")
    assert pick_outlet_pair(counts, outlet_b="The New American") == ("Korrespondent", "The New American")
    with pytest.raises(ValueError, match="not among the counted outlets"):
        pick_outlet_pair(counts, outlet_a="Reuters")
    with pytest.raises(ValueError, match="two different outlets"):
        pick_outlet_pair(counts, outlet_a="RT", outlet_b="RT")


def test_kwic_for_top_terms_on_seeds(seeds):
    articles, sentences = seeds["articles"], seeds["sentences"]
    distinctive = distinctive_terms(count_terms(articles, sentences))
    table = kwic_for_top_terms(articles, distinctive, sentences=sentences, per_outlet=1)
    # each outlet's top term, found only in that outlet, as often as it is counted
    tops = table.groupby("outlet")["term"].unique().map(list).to_dict()
    assert tops["Korrespondent"] == ["ambassador"] and tops["RT"] == ["bloc"]
    assert (table.groupby(["outlet", "term"]).size().to_dict()[("Korrespondent", "ambassador")]) == 5
    assert set(table["outlet"]) == set(articles["outlet"])


def test_scatter_labels_do_not_overlap(seeds):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    articles, sentences = seeds["articles"], seeds["sentences"]
    counts = count_terms(articles, sentences)
    terms, distinctive = term_table(counts), distinctive_terms(counts)
    outlets = sorted(articles["outlet"].unique())
    ax = plot_term_scatter(terms, distinctive, "The New American", "Korrespondent", outlets=outlets, top_k=8)
    ax.figure.canvas.draw()
    labelled = [t for t in ax.texts if not t.get_text().startswith("not used by")]
    renderer = ax.figure.canvas.get_renderer()
    boxes = [Text.get_window_extent(t, renderer) for t in labelled]
    assert len(boxes) >= 8  # most of the 16 terms are placed (several share a point and a label)
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :]:
            assert not box.overlaps(other)
    frame = ax.get_window_extent(renderer)
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes)
    # every labelled term appears in some label
    shown = " ".join(t.get_text().replace("\n", ", ") for t in labelled)
    assert "ambassador" in shown.lower() and "countries" in shown.lower()
    plt.close(ax.figure)


def test_place_labels_is_deterministic_and_skips_when_full():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def positions():
        fig, ax = plt.subplots(figsize=(3, 3))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        placed = place_labels(ax, [(0.5, 0.5)] * 40, [f"label {k}" for k in range(40)])
        out = [p.xyann for p in placed]
        plt.close(fig)
        return out

    first = positions()
    assert first == positions()
    assert 0 < len(first) < 40  # a small Axes cannot hold 40 labels around one point; the rest are left out


def test_bar_and_heatmap_charts_draw_every_outlet(seeds):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    articles, sentences = seeds["articles"], seeds["sentences"]
    counts = count_terms(articles, sentences)
    terms, distinctive = term_table(counts), distinctive_terms(counts)
    outlets = sorted(articles["outlet"].unique())
    axes = plot_distinctive_terms(distinctive, outlets=outlets, top_k=4)
    visible = [ax for ax in axes.flat if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == outlets
    assert [len(ax.patches) for ax in visible] == [4] * 5
    heat = plot_term_heatmap(terms, distinctive, outlets=outlets, top_k=2)
    assert len(heat.get_yticklabels()) == len(set(top_distinctive(distinctive, top_k=2)["term"]))
    with pytest.raises(ValueError, match="must differ"):
        plot_term_scatter(terms, distinctive, "RT", "RT", outlets=outlets)
    plt.close("all")


def test_pick_outlet_pair_prefers_a_derived_text_and_its_source_else_the_largest_divergence(seeds):
    counts = count_terms(seeds["articles"], seeds["sentences"])
    derivation = pd.DataFrame({
        "outlet": ["Nikkei Asia", "The New American", "RT", "Korrespondent"],
        "likely_source_outlet": [None, "RT", "Nikkei Asia", "Nikkei Asia"],
        "confidence": ["none", "high", "medium", "high"], "reused_share": [0.0, 0.2755, 0.3851, 0.2414],
    })
    # high confidence first, then the larger reused share
    assert pick_outlet_pair(counts, derivation=derivation) == ("The New American", "RT")
    no_relay = derivation.assign(confidence="none")
    # no relay: the pair whose unigram distributions differ most (Jensen-Shannon), in name order
    assert pick_outlet_pair(counts, derivation=no_relay) == ("RT", "Yomiuri Shimbun")
    assert pick_outlet_pair(counts, outlet_a="RT", derivation=derivation)[0] == "RT"  # given outlets win


def test_background_prior_mixes_general_english_with_the_event(seeds):
    from wordfreq import word_frequency

    from analysis.resources.background import background_prior

    counts = aggregate_counts(count_terms(seeds["articles"], seeds["sentences"]))
    prior = background_prior(counts, mix=1.0).set_index("term")["count"]
    unigrams = counts[counts["ngram"] == 1].groupby("term")["count"].sum()
    f = {t: word_frequency(t, "en") for t in ("countries", "bloc")}
    # with mix=1 the prior is proportional to general-English frequency, scaled to the event's unigram total
    assert prior["countries"] / prior["bloc"] == pytest.approx(f["countries"] / f["bloc"])
    assert prior[prior.index.isin(unigrams.index)].sum() == pytest.approx(unigrams.sum())
    event_only = background_prior(counts, mix=0.0).set_index("term")["count"]
    assert event_only["bloc"] == pytest.approx(unigrams["bloc"])  # mix=0: the pooled counts
    with pytest.raises(ValueError, match="mix"):
        background_prior(counts, mix=2)


def test_p_values_are_benjamini_hochberg_corrected_within_each_comparison(seeds):
    counts = count_terms(seeds["articles"], seeds["sentences"])
    table = distinctive_terms(counts, pairs=False)
    for _, group in table.groupby(["outlet", "reference", "ngram"]):
        p = np.sort(group["p_value"].to_numpy())
        n = len(p)
        expected = np.minimum(1, np.minimum.accumulate((p * n / np.arange(1, n + 1))[::-1])[::-1])
        assert np.allclose(np.sort(group["p_adjusted"].to_numpy()), expected)
        assert (group["p_adjusted"] >= group["p_value"]).all()


def test_distinctive_chart_draws_the_threshold_and_says_when_nothing_passes(seeds):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    counts = count_terms(seeds["articles"], seeds["sentences"])
    table = distinctive_terms(counts, pairs=False)
    assert not ((table["z"] >= 1.96) & ~table["low_count"]).any()  # five short articles: nothing passes
    axes = plot_distinctive_terms(table, outlets=sorted(seeds["articles"]["outlet"].unique()), top_k=5)
    ax = axes.flat[0]
    assert any(list(line.get_xdata()) == [1.96, 1.96] for line in ax.get_lines())
    assert "no term reaches |z| = 1.96" in [t.get_text() for t in ax.texts]
    plt.close("all")


def test_distinctive_top_k_keeps_the_highest_z_of_each_comparison(seeds):
    counts = count_terms(seeds["articles"], seeds["sentences"])
    full = distinctive_terms(counts)
    top = distinctive_terms(counts, top_k=5, min_count=3)
    expected = full[full["count"] + full["count_ref"] >= 3]
    expected = expected[expected.index.isin(expected.groupby(["outlet", "reference", "ngram"]).head(5).index)]
    # p_adjusted is corrected over the terms each call tests (min_count differs), so it is left out here
    pd.testing.assert_frame_equal(top.drop(columns="p_adjusted"),
                                  expected.reset_index(drop=True).drop(columns="p_adjusted"))
    assert top.groupby(["outlet", "reference", "ngram"]).size().max() == 5
    with pytest.raises(ValueError, match="top_k must be at least 1"):
        distinctive_terms(counts, top_k=0)


def test_term_table_limits_bound_large_events_only(seeds):
    from analysis.analyses.terms import build_terms_tables, term_table_limits

    assert term_table_limits(50_000) == {"min_count": 1, "top_k": None}
    assert term_table_limits(50_001) == {"min_count": 3, "top_k": 200}
    # the shipped event is small: the whole table, as distinctive_terms gives it with no options
    built = build_terms_tables(seeds, EventContext(slug="nato-tokyo-office", options={"terms": {"prior": "pooled"}}))
    pd.testing.assert_frame_equal(built["distinctive_terms"], distinctive_terms(count_terms(seeds["articles"],
                                                                                            seeds["sentences"])))
