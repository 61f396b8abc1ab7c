"""Stance cues, sentiment and the stance tables: tiny texts and the five seed articles, exactly."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis import io
from analysis.analyses.stance.cues import (
    ACTOR_MENTION_COLUMNS,
    ACTOR_SENTIMENT_COLUMNS,
    CUE_COLUMNS,
    QUOTE_COLUMNS,
    SENTIMENT_COLUMNS,
    actor_sentiment,
    build_stance_tables,
    find_cues,
    sentence_sentiment,
    stance_tables,
)
from analysis.analyses.stance.stats import bootstrap_mean
from analysis.context import EventContext
from analysis.resources.actors import load_actors
from analysis.resources.cues import CueList, load_cue_lists, validate_cue_lists
from analysis.resources.stance import load_stance_resources
from analysis.tables.registry import build_tables
from tests.conftest import EVENT_DIR


@pytest.fixture(scope="module")
def seed_stance(seed_tables):
    return stance_tables(seed_tables["articles"], seed_tables["sentences"], resources=load_stance_resources(EVENT_DIR))


# ---- hedges and boosters -------------------------------------------------------------------------


def test_packaged_cue_lists():
    lists = {(c.cue_type, c.category): c.cues for c in load_cue_lists()}
    assert set(lists) == {("hedge", "attribution"), ("hedge", "distancing"), ("hedge", "epistemic"), ("booster", "certainty")}
    assert {"according to", "it is claimed"} <= set(lists[("hedge", "attribution")])
    assert {"reportedly", "supposedly", "allegedly", "so-called"} <= set(lists[("hedge", "distancing")])  # issue 13
    assert {"clearly", "undoubtedly"} <= set(lists[("booster", "certainty")])


LISTS = [
    CueList("hedge", "attribution", ("reportedly", "according to", "it was reported")),
    CueList("hedge", "distancing", ("so-called", "allegedly")),
    CueList("booster", "certainty", ("clearly", "in fact")),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tokyo reportedly plans; Reportedly, yes.", [("reportedly", 6), ("reportedly", 24)]),
        ("It was previously reported that", [("it was reported", 0)]),  # one -ly adverb allowed inside
        ("the so-called plan, allegedly, clearly", [("so-called", 4), ("allegedly", 20), ("clearly", 31)]),
        ("In fact it is; in fact-checking; unclearly; reportedly-ish", [("in fact", 0)]),  # whole words only
        ("according to him", [("according to", 0)]),
        # the project's one case folding (fold_case): full-width and capital forms match, offsets kept
        ("ＲＥＰＯＲＴＥＤＬＹ so; ALLEGEDLY", [("reportedly", 0), ("allegedly", 15)]),
    ],
)
def test_find_cues(text, expected):
    assert [(c.cue, c.start) for c in find_cues(text, LISTS)] == expected


def test_cue_loader_errors_name_file_and_line(tmp_path):
    path = tmp_path / "hedges.yaml"
    path.write_text(
        "source: test\n"  # 1
        "lists:\n"  # 2
        "  - cue_type: hedge\n"  # 3
        "    category: a\n"  # 4
        "    source: x\n"  # 5
        "    cues: [maybe, '']\n"  # 6
        "  - cue_type: amplifier\n"  # 7
        "    category: b\n"  # 8
        "    source: x\n"  # 9
        "    cues: [maybe]\n"  # 10
        "    weight: 2\n"  # 11
        "  - cue_type: booster\n"  # 12
        "    category: c\n"  # 13
        "    cues: []\n",  # 14
        encoding="utf-8",
    )
    with pytest.raises(ValueError) as info:
        load_cue_lists(path)
    message = str(info.value)
    for expected in [
        f"{path}:6: empty cue in list 'a'",
        f"{path}:7: cue_type 'amplifier' must be 'hedge' or 'booster'",
        f"{path}:10: cue 'maybe' is listed twice",
        f"{path}:11: unknown key 'weight'",
        f"{path}:12: list 'c' needs a `source`",
        f"{path}:14: list 'c' needs a non-empty `cues` list",
    ]:
        assert expected in message, expected
    with pytest.raises(ValueError, match="`source` is required"):
        validate_cue_lists({"lists": [{"cue_type": "hedge", "category": "a", "source": "x", "cues": ["x"]}]})


# ---- cues on the seed articles -------------------------------------------------------------------

# (article, sentence, cue_type, cue, category, in_quote), read off the articles
SEED_HEDGES_BOOSTERS_SCARE = [
    ("000", 6, "hedge", "according to", "attribution", False),
    ("001", 0, "hedge", "according to", "attribution", False),
    ("001", 1, "scare_quote", "partners", "media-attributed", False),
    ("001", 4, "hedge", "supposedly", "distancing", False),
    ("001", 5, "hedge", "reportedly", "distancing", False),
    ("002", 0, "hedge", "reportedly", "distancing", False),
    ("002", 1, "hedge", "according to", "attribution", False),
    ("002", 1, "scare_quote", "partners", "media-attributed", False),
    ("002", 2, "hedge", "according to", "attribution", False),
    ("002", 4, "hedge", "reportedly", "distancing", False),
    ("002", 5, "hedge", "supposedly", "distancing", False),
    ("003", 5, "hedge", "reportedly", "distancing", False),
    ("003", 9, "hedge", "it is expected", "attribution", False),
    ("003", 15, "hedge", "according to", "attribution", False),
    ("003", 18, "hedge", "according to", "attribution", False),
    ("003", 20, "hedge", "according to", "attribution", False),
    ("003", 26, "hedge", "it was reported", "attribution", False),  # "It was previously reported"
    ("004", 3, "booster", "really", "certainty", True),  # Tomita: "I really haven’t heard"
    ("004", 4, "hedge", "it is expected", "attribution", False),
    ("004", 7, "hedge", "seems to", "epistemic", False),
]

# (article, sentence, verb, category, speaker); verbs inside quotations have no speaker
SEED_REPORTING_VERBS = [
    ("000", 0, "learned", "endorsing", "Nikkei Asia"),
    ("000", 4, "confirmed", "endorsing", None),  # "by both Japanese and NATO officials"
    ("000", 6, "according to", "neutral", None),  # "a person with knowledge of the proceedings"
    ("001", 0, "according to", "neutral", "Nikkei Asia"),  # "a May 3 report by Nikkei Asia"
    ("001", 1, "citing", "neutral", "Nikkei Asia"),
    ("001", 1, "reported", "neutral", "Nikkei Asia"),
    ("001", 2, "suggested", "neutral", "Jens Stoltenberg"),  # with Kishida; the nearest subject is kept
    ("001", 3, "pointed out", "endorsing", "Nikkei Asia"),
    ("001", 5, "reported", "neutral", "Nikkei Asia"),
    ("001", 6, "said", "neutral", "Oana Lungescu"),
    ("001", 7, "said", "neutral", "Oana Lungescu"),
    ("001", 8, "said", "neutral", "Oana Lungescu"),
    ("001", 9, "declared", "neutral", "Yoshimasa Hayashi"),
    ("001", 11, "cited", "neutral", "Kyodo"),
    ("001", 11, "saying", "neutral", "Yoshimasa Hayashi"),
    ("001", 12, "highlighting", "neutral", "NATO"),
    ("001", 12, "portraying", "sceptical", "NATO"),
    ("001", 14, "said", "neutral", "Julianne Smith"),
    ("001", 15, "added", "neutral", "Julianne Smith"),
    ("001", 16, "highlighting", "neutral", "Julianne Smith"),
    ("001", 16, "claimed", "sceptical", "Julianne Smith"),
    ("001", 16, "alleging", "sceptical", "Julianne Smith"),
    ("001", 18, "remarked", "neutral", "Julianne Smith"),
    ("001", 19, "elaborated", "neutral", "Julianne Smith"),
    ("001", 20, "said", "neutral", "Julianne Smith"),
    ("001", 22, "lambasted", "evaluative", "Vladimir Putin"),
    ("001", 22, "claiming", "sceptical", "Vladimir Putin"),
    ("001", 23, "added", "neutral", "Vladimir Putin"),
    ("001", 24, "saying", "neutral", None),  # inside Putin's quote: "are saying that the West"
    ("001", 25, "rejected", "evaluative", "Vladimir Putin"),
    ("001", 26, "insisted", "sceptical", "Vladimir Putin"),
    ("001", 27, "continued", "neutral", "Vladimir Putin"),
    ("001", 27, "citing", "neutral", "Vladimir Putin"),
    ("001", 28, "said", "neutral", "Vladimir Putin"),
    ("001", 29, "stated", "neutral", "Sergey Ryabkov"),
    ("001", 30, "criticized", "evaluative", "China"),
    ("001", 30, "claiming", "sceptical", "China"),
    ("001", 31, "said", "neutral", "Mao Ning"),
    ("001", 32, "said", "neutral", "Mao Ning"),
    ("001", 33, "claimed", "sceptical", "Qin Gang"),
    ("001", 36, "slammed", "evaluative", "China"),
    ("001", 36, "saying", "neutral", "China"),
    ("002", 0, "reported", "neutral", "Nikkei Asia"),
    ("002", 1, "according to", "neutral", "Nikkei Asia"),
    ("002", 1, "cited", "neutral", "Nikkei Asia"),
    ("002", 2, "according to", "neutral", "Nikkei Asia"),
    ("002", 3, "noted", "neutral", "Nikkei Asia"),  # RT typed "noteD"
    ("002", 5, "reported", "neutral", "Nikkei Asia"),
    ("002", 7, "explained", "neutral", "NATO"),
    ("002", 7, "emphasizing", "neutral", "NATO"),
    ("002", 7, "described", "neutral", "NATO"),  # "with Moscow described as": Moscow is not the speaker
    ("002", 9, "blasted", "evaluative", "Vladimir Putin"),
    ("002", 9, "said", "neutral", "Vladimir Putin"),
    ("002", 10, "denounced", "evaluative", "China"),
    ("002", 10, "claiming", "sceptical", "China"),
    ("003", 1, "reported", "neutral", "Nikkei Asia"),
    ("003", 4, "confirmed", "endorsing", None),
    ("003", 11, "said", "neutral", "Peter Taxo-Jensen"),
    ("003", 12, "said", "neutral", "Peter Taxo-Jensen"),
    ("003", 14, "said", "neutral", "Peter Taxo-Jensen"),
    ("003", 15, "according to", "neutral", "Peter Taxo-Jensen"),  # "According to him"
    ("003", 17, "said", "neutral", "Peter Taxo-Jensen"),  # "the Ambassador said"
    ("003", 18, "according to", "neutral", "Nikkei Asia"),  # "According to the publication"
    ("003", 20, "according to", "neutral", "Michito Tsuruoka"),
    ("003", 22, "said", "neutral", "Michito Tsuruoka"),
    ("003", 23, "noted", "neutral", "Michito Tsuruoka"),  # "Tsuruoki noted"
    ("003", 25, "said", "neutral", "Michito Tsuruoka"),  # "said he"
    ("003", 26, "reported", "neutral", None),
    ("004", 0, "said", "neutral", "Koji Tomita"),
    ("004", 1, "said", "neutral", "Koji Tomita"),
    ("004", 2, "said", "neutral", "Koji Tomita"),
]


def _none(value):
    return None if pd.isna(value) else value


def test_seed_hedges_boosters_and_scare_quotes(seed_stance):
    cues = seed_stance["cues"]
    rows = cues[cues["cue_type"] != "reporting_verb"]
    got = [(r.article_id, r.sentence_id, r.cue_type, r.cue, r.category, r.in_quote) for r in rows.itertuples()]
    assert got == SEED_HEDGES_BOOSTERS_SCARE


def test_seed_reporting_verbs_and_their_speakers(seed_stance):
    cues = seed_stance["cues"]
    rows = cues[cues["cue_type"] == "reporting_verb"]
    got = [(r.article_id, r.sentence_id, r.cue, r.category, _none(r.speaker)) for r in rows.itertuples()]
    assert got == SEED_REPORTING_VERBS
    assert rows["in_quote"].tolist() == [r[4] is None and r[2] == "saying" for r in SEED_REPORTING_VERBS]


def test_seed_must_not_flag_as_scare_quotes(seed_stance):
    scare = seed_stance["cues"].query("cue_type == 'scare_quote'")["cue"].tolist()
    assert scare == ["partners", "partners"]
    quotes = seed_stance["quotes"].set_index(["article_id", "text"])["kind"]
    assert quotes[("001", "free and open Indo-Pacific,")] == "term"  # a named term
    assert quotes[("001", "Indo-Pacific Strategy")] == "term"  # a title
    assert quotes[("001", "global NATO,")] == "partial"  # Putin's words
    assert quotes[("002", "global NATO")] == "partial"
    assert quotes[("001", "clique")] == "partial"  # Beijing's word
    assert quotes[("001", "transparent,")] == "partial"  # Putin's word
    # "NATO’s claim", "rejected claims", "member states", "exchange notes", "taking note" are not verbs
    verbs = seed_stance["cues"].query("cue_type == 'reporting_verb'")["cue"]
    assert not verbs.isin(["claim", "claims", "states", "notes", "note", "report", "reports"]).any()


def test_seed_quotes_table(seed_stance):
    quotes = seed_stance["quotes"]
    assert list(quotes.columns) == QUOTE_COLUMNS
    assert quotes["article_id"].value_counts().sort_index().to_dict() == {"001": 20, "002": 4, "003": 4, "004": 3}
    kinds = quotes["kind"].value_counts().to_dict()
    assert kinds == {"direct": 15, "partial": 12, "term": 2, "scare": 2}
    tomita = quotes[quotes["speaker"] == "Koji Tomita"]
    assert tomita["affiliation"].unique().tolist() == ["Japan"]
    assert quotes.loc[quotes["speaker"] == "Michito Tsuruoka", "affiliation"].unique().tolist() == ["Keio University"]
    assert quotes.loc[quotes["speaker"] == "China", "affiliation"].tolist() == ["China"]  # a country speaks for itself
    assert quotes.loc[quotes["speaker"] == "Julianne Smith", "sentence_ids"].tolist() == [[14], [15], [16], [17, 18], [20]]


def test_seed_mentions_table(seed_stance):
    mentions = seed_stance["actor_mentions"]
    assert list(mentions.columns) == ACTOR_MENTION_COLUMNS
    pronouns = mentions[mentions["kind"] == "pronoun"]
    assert list(zip(pronouns["article_id"], pronouns["label"], pronouns["actor"], strict=True)) == [
        ("001", "she", "Oana Lungescu"), ("001", "she", "Oana Lungescu"), ("001", "she", "Julianne Smith"),
        ("001", "she", "Julianne Smith"), ("001", "he", "Vladimir Putin"), ("003", "he", "Peter Taxo-Jensen"),
        ("003", "him", "Peter Taxo-Jensen"), ("003", "he", "Michito Tsuruoka"), ("003", "he", "Michito Tsuruoka"),
        ("004", "he", "Koji Tomita"),
    ]
    in_quote = mentions[mentions["in_quote"]]
    assert ("001", "the West") in set(zip(in_quote["article_id"], in_quote["label"], strict=True))
    assert ("001", "NATO") in set(zip(in_quote["article_id"], in_quote["label"], strict=True))  # “global NATO”
    assert mentions.loc[mentions["label"] == "NATO spokesperson Oana Lungescu", "sentence_id"].tolist() == [6]


# ---- sentiment -----------------------------------------------------------------------------------


def test_sentence_without_quotes_scores_exactly_like_vader(seed_stance, seed_tables):
    analyzer = SentimentIntensityAnalyzer()
    sentiment = seed_stance["sentiment"]
    sentences = seed_tables["sentences"]
    assert list(sentiment.columns) == SENTIMENT_COLUMNS
    author_only = sentiment.groupby(["article_id", "sentence_id"])["voice"].agg(tuple)
    checked = 0
    for row in sentences.itertuples():
        if author_only.get((row.article_id, row.sentence_id)) != ("author",):
            continue
        got = sentiment[(sentiment["article_id"] == row.article_id) & (sentiment["sentence_id"] == row.sentence_id)]
        want = analyzer.polarity_scores(row.text)
        assert got["text"].iloc[0] == row.text
        assert got[["compound", "pos", "neu", "neg"]].iloc[0].to_dict() == {k: want[k] for k in ("compound", "pos", "neu", "neg")}
        checked += 1
    # 93 sentences, 28 of them with quoted speech: the other 65 (all ten of 000) are checked
    assert checked == 65
    assert (sentiment["voice"] == "quoted").sum() == 28 and len(sentences[sentences["unit"] == "body"]) == 93
    assert set(sentiment["sentence_id"]) == set(range(37))  # headlines and decks are not scored here


def test_voice_split_on_seed_sentences(seed_stance):
    sentiment = seed_stance["sentiment"].set_index(["article_id", "sentence_id", "voice"])["text"]
    # a partial quote: author part and quoted part
    assert sentiment[("001", 26, "author")] == (
        "Putin insisted that bilateral cooperation with China was and that Russia and China do not hide "
        "information about their defense relations."
    )
    assert sentiment[("001", 26, "quoted")] == "transparent,"
    # a sentence that is all quotation has only a quoted row
    assert ("001", 24, "author") not in sentiment.index
    # a quotation over two sentences is split at the sentence boundary
    assert sentiment[("001", 17, "quoted")].startswith("Some of the countries")
    assert sentiment[("001", 18, "author")] == "Smith remarked."
    # scare quotes and terms stay in the author's voice
    assert ("001", 1, "quoted") not in sentiment.index and "“partners”" in sentiment[("001", 1, "author")]
    assert ("001", 11, "quoted") not in sentiment.index  # “free and open Indo-Pacific,” is a term


def test_sentence_sentiment_tiny():
    analyzer = SentimentIntensityAnalyzer()
    text = "Good news. He said “terrible, awful” things. “Great,” she said. “Bad.”"
    articles = pd.DataFrame({"article_id": ["x"], "text": [text]})
    sentences = pd.DataFrame({"article_id": ["x"] * 4, "sentence_id": [0, 1, 2, 3],
                              "start": [0, 11, 45, 64], "end": [10, 44, 63, 70]})
    quotes = pd.DataFrame({"article_id": ["x"] * 3, "start": [19, 45, 64], "end": [36, 53, 70],
                           "kind": ["partial", "direct", "scare"]})
    got = sentence_sentiment(articles, sentences, quotes)
    assert got[["sentence_id", "voice", "text"]].to_numpy().tolist() == [
        [0, "author", "Good news."],
        [1, "author", "He said things."],
        [1, "quoted", "terrible, awful"],
        [2, "author", "she said."],
        [2, "quoted", "Great,"],
        [3, "author", "“Bad.”"],  # a scare quote is the writer's voice
    ]
    assert got["compound"].tolist() == [analyzer.polarity_scores(t)["compound"] for t in got["text"]]


# ---- actor sentiment -----------------------------------------------------------------------------


def test_bootstrap_mean_is_seeded_and_checked():
    values = [0.1, -0.5, 0.7, 0.0, 0.3]
    assert bootstrap_mean(values, seed=3) == bootstrap_mean(values, seed=3)
    mean, low, high = bootstrap_mean(values, seed=3)
    assert mean == pytest.approx(0.12) and low < mean < high
    assert low >= -0.5 and high <= 0.7
    assert bootstrap_mean([0.2, 0.2, 0.2]) == (pytest.approx(0.2), pytest.approx(0.2), pytest.approx(0.2))
    for bad in ({"level": 1.0}, {"n_boot": 0}):
        with pytest.raises(ValueError):
            bootstrap_mean(values, **bad)
    with pytest.raises(ValueError, match="at least one value"):
        bootstrap_mean([])


def test_bootstrap_means_gives_bootstrap_mean_of_each_group_to_the_last_bit():
    import random

    from analysis.analyses.stance.stats import bootstrap_means

    rng = random.Random(1)
    groups = [[round(rng.uniform(-1, 1), 4) for _ in range(rng.choice([1, 2, 3, 5, 8, 9, 17, 60, 300]))]
              for _ in range(400)]
    groups += groups[:20] + [[0.1] * 30]  # repeated groups are looked up
    for options in ({}, {"n_boot": 50, "level": 0.9, "seed": 3}, {"n_boot": 1, "seed": 2}):
        assert bootstrap_means(groups, **options) == [bootstrap_mean(g, **options) for g in groups]
    with pytest.raises(ValueError, match="at least one value"):
        bootstrap_means([[0.5], []])


def test_actor_sentiment_tiny():
    mentions = pd.DataFrame({
        "article_id": ["a", "a", "a", "a", "b"], "outlet": ["O", "O", "O", "O", "P"],
        "actor": ["X", "X", "X", None, "X"], "sentence_id": [0, 0, 1, 1, 0],
        "start": [0, 5, 30, 35, 0], "kind": ["name", "name", "name", "description", "pronoun"],
    })
    sentiment = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 1, 1],
                              "voice": ["author", "author", "quoted"], "compound": [0.5, -0.1, 0.9]})
    quotes = pd.DataFrame({"article_id": ["a"], "start": [28], "end": [40], "kind": ["direct"]})
    got = actor_sentiment(mentions, sentiment, quotes, n_boot=50, seed=1)
    assert list(got.columns) == ACTOR_SENTIMENT_COLUMNS
    # X twice in sentence 0 counts once; the mention at 30 is inside the quotation; pronouns do not count;
    # one sentence gives no interval (n too small), not a degenerate [x, x]
    rows = got[["outlet", "actor", "voice", "n_sentences", "mean_compound"]].to_numpy().tolist()
    assert rows == [["O", "X", "author", 1, 0.5], ["O", "X", "quoted", 1, 0.9]]
    assert got[["ci_low", "ci_high"]].isna().all().all()
    # the bootstrap is still available, with its degenerate interval for one sentence
    boot = actor_sentiment(mentions, sentiment, quotes, n_boot=50, seed=1, interval="bootstrap")
    assert boot[["ci_low", "ci_high"]].to_numpy().tolist() == [[0.5, 0.5], [0.9, 0.9]]
    with pytest.raises(ValueError, match="interval must be 't' or 'bootstrap', got 'wald'"):
        actor_sentiment(mentions, sentiment, quotes, interval="wald")


def test_actor_sentiment_t_interval_of_two_sentences_is_wide_and_clipped():
    mentions = pd.DataFrame({"article_id": ["a", "a"], "outlet": ["O", "O"], "actor": ["X", "X"],
                             "sentence_id": [0, 1], "start": [0, 20], "kind": ["name", "name"]})
    sentiment = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "voice": ["author", "author"],
                              "compound": [0.2, 0.4]})
    got = actor_sentiment(mentions, sentiment, pd.DataFrame(columns=["article_id", "start", "end", "kind"]))
    # mean 0.3, sd 0.1414, t(0.975, 1) = 12.706: 0.3 -/+ 1.2706, clipped to the score's range
    assert [round(v, 4) for v in got.loc[0, ["mean_compound", "ci_low", "ci_high"]]] == [0.3, -0.9706, 1.0]


def test_seed_actor_sentiment(seed_stance):
    table = seed_stance["actor_sentiment"]
    assert list(table.columns) == ACTOR_SENTIMENT_COLUMNS
    with_interval = table[table["ci_low"].notna()]
    assert (with_interval["ci_low"] <= with_interval["mean_compound"] + 1e-12).all()
    assert (with_interval["mean_compound"] <= with_interval["ci_high"] + 1e-12).all()
    single = table[table["n_sentences"] == 1]
    assert single["ci_low"].isna().all() and single["ci_high"].isna().all()  # n too small
    several = table[table["n_sentences"] > 1]
    assert several["ci_low"].notna().all() and (several["ci_low"] >= -1).all() and (several["ci_high"] <= 1).all()
    nato_rt = table[(table["outlet"] == "RT") & (table["actor"] == "NATO")].set_index("voice")
    # RT names NATO in 10 of its 11 sentences in its own voice (all but s9) and once in a quoted
    # fragment (Putin's “global NATO”, s9; "threat” to NATO" in s7 is outside the quotation)
    assert nato_rt.loc["author", "n_sentences"] == 10 and nato_rt.loc["quoted", "n_sentences"] == 1
    assert nato_rt.loc["quoted", "mean_compound"] == SentimentIntensityAnalyzer().polarity_scores("global NATO")["compound"]
    # the interval of one group does not depend on the others: recompute RT alone
    mentions, sentiment, quotes = (seed_stance[k] for k in ("actor_mentions", "sentiment", "quotes"))
    rt_only = actor_sentiment(mentions[mentions["outlet"] == "RT"], sentiment, quotes)
    pd.testing.assert_frame_equal(rt_only.reset_index(drop=True), table[table["outlet"] == "RT"].reset_index(drop=True))


# ---- the builder ---------------------------------------------------------------------------------


def test_builder_through_the_pipeline(seed_event):
    meta, corpus = seed_event
    tables = build_tables(corpus, EventContext(slug="nato-tokyo-office", raw_dir=EVENT_DIR, meta=meta))
    for name, columns in [("actor_mentions", [*ACTOR_MENTION_COLUMNS, "unit"]), ("quotes", [*QUOTE_COLUMNS, "unit"]),
                          ("cues", [*CUE_COLUMNS, "unit"]), ("sentiment", SENTIMENT_COLUMNS),
                          ("actor_sentiment", ACTOR_SENTIMENT_COLUMNS)]:
        assert list(tables[name].columns) == columns
    assert tables["quotes"]["unit"].value_counts().to_dict() == {"body": 31, "headline": 1}
    # headlines and decks: Global Research's “Name Change” (a title-cased headline, so no name) and RT's deck
    units = {name: tables[name][tables[name]["unit"] != "body"] for name in ("quotes", "cues")}
    assert units["quotes"][["article_id", "kind", "text", "sentence_ids"]].to_numpy().tolist() == [
        ["000", "scare", "Name Change", [-2]]]
    assert units["cues"][["article_id", "unit", "cue_type", "cue"]].to_numpy().tolist() == [
        ["000", "headline", "scare_quote", "Name Change"], ["002", "deck", "reporting_verb", "according to"],
        ["002", "deck", "hedge", "according to"]]


def test_builder_falls_back_to_the_default_actors_and_checks_options(seed_tables, tmp_path):
    context = EventContext(slug="x", raw_dir=tmp_path)
    tables = build_stance_tables(seed_tables, context)
    speakers = set(tables["quotes"]["speaker"].dropna())
    # persons are not in the defaults: without an actors file they are discovered (issue 12)
    assert {"NATO", "Julianne Smith", "Koji Tomita", "Mao Ning", "Peter Taxo-Jensen", "Vladimir Putin"} <= speakers
    smith = tables["actors"].set_index("name").loc["Julianne Smith"]
    assert (smith["type"], smith["role"], smith["affiliation"], smith["variants"], smith["mentions"]) == (
        "person", "Ambassador to NATO", "United States", "Smith", 4)
    off = build_stance_tables(seed_tables, EventContext(slug="x", raw_dir=tmp_path, options={"stance": {"discover": False}}))
    off_speakers = set(off["quotes"]["speaker"].dropna())
    assert off_speakers <= {a.name for a in load_actors(None)} and "NATO" in off_speakers
    with pytest.raises(ValueError, match="unknown stance option"):
        build_stance_tables(seed_tables, EventContext(slug="x", raw_dir=tmp_path, options={"stance": {"colour": 1}}))
    same = build_stance_tables(seed_tables, EventContext(slug="x", raw_dir=tmp_path, options={"stance": {"seed": 0}}))
    assert same["actor_sentiment"].equals(tables["actor_sentiment"])


def test_tables_round_trip_through_csv(seed_stance, tmp_path):
    io.write_table(seed_stance["quotes"], tmp_path / "quotes.csv")
    back = io.read_table(tmp_path / "quotes.csv")
    assert [json.loads(x) for x in back["sentence_ids"]] == seed_stance["quotes"]["sentence_ids"].tolist()
    io.write_table(seed_stance["cues"], tmp_path / "cues.csv")
    assert len(io.read_table(tmp_path / "cues.csv")) == len(seed_stance["cues"])
    assert np.isfinite(seed_stance["sentiment"]["compound"]).all()


def test_stance_tables_read_no_file_they_receive_their_resources(monkeypatch):
    resources = load_stance_resources(None)  # loaded before the files are made unreadable

    def no_file(*args, **kwargs):
        raise AssertionError(f"stance_tables read a file: {args}")

    from analysis import io

    monkeypatch.setattr(io, "read_yaml", no_file)
    monkeypatch.setattr(io, "read_package_yaml", no_file)
    text = "“We will win,” Sen. Ruth Okafor said. The White House disagreed."
    articles = pd.DataFrame({"article_id": ["000"], "outlet": ["X"], "text": [text]})
    sentences = pd.DataFrame({"article_id": ["000", "000"], "sentence_id": [0, 1], "start": [0, 38],
                              "end": [37, 64]})
    tables = stance_tables(articles, sentences, resources=resources, discover=True, n_boot=10)
    assert tables["quotes"][["speaker", "speaker_label", "kind"]].to_numpy().tolist() == [
        ["Ruth Okafor", "Sen. Ruth Okafor", "direct"]]
    assert tables["actors"][["name", "type", "role"]].fillna("").to_numpy().tolist() == [
        ["Ruth Okafor", "person", "Sen."], ["White House", "organisation", ""]]


def test_stance_tables_on_a_text_with_nothing_to_find():
    articles = pd.DataFrame({"article_id": ["000"], "outlet": ["X"], "text": ["Rain fell."], "n_words": [2]})
    sentences = pd.DataFrame({"article_id": ["000"], "sentence_id": [0], "paragraph": [0], "start": [0], "end": [10],
                              "text": ["Rain fell."]})
    tables = stance_tables(articles, sentences, resources=load_stance_resources(None))
    assert [len(tables[k]) for k in ("actor_mentions", "quotes", "cues", "sentiment", "actor_sentiment")] == [0, 0, 0, 1, 0]
    assert list(tables["actor_sentiment"].columns) == ACTOR_SENTIMENT_COLUMNS


# ---- summaries and charts ------------------------------------------------------------------------


def test_summaries_on_the_seeds(seed_stance, seed_tables):
    from analysis.views import cue_rates, cue_sentences, label_shares

    shares = label_shares(seed_stance["actor_mentions"], actor="NATO", top=3)
    rt = shares[shares["outlet"] == "RT"].set_index("label")["n"].to_dict()
    assert rt == {"NATO": 10, "the bloc": 4, "the US-led military bloc": 1}  # "the\xa0bloc" counted as "the bloc"
    assert shares.groupby("outlet")["share"].sum().round(12).eq(1).all()
    quotes = seed_stance["quotes"]
    speech = quotes[(quotes["outlet"] == "Yomiuri Shimbun") & quotes["kind"].isin(["direct", "partial", "unattributed"])]
    assert (speech["affiliation"].unique().tolist(), len(speech), int(speech["n_words"].sum())) == (["Japan"], 3, 38)
    rates = cue_rates(seed_stance["cues"], seed_tables["articles"])
    booster = rates[(rates["outlet"] == "Yomiuri Shimbun") & (rates["cue_type"] == "booster")]
    assert booster["n"].tolist() == [0]  # Tomita's "really" is in his quotation, not the paper's voice
    scare = rates[(rates["outlet"] == "RT") & (rates["cue_type"] == "scare_quote")]
    assert scare["per_1k_words"].tolist() == [pytest.approx(1000 / 321)]
    checked = cue_sentences(seed_stance["cues"], seed_tables["sentences"], cue_types=["scare_quote"])
    assert checked["sentence"].str.contains("partners").all() and len(checked) == 2


def test_charts_draw_on_the_given_axes(seed_stance, seed_tables):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.charts.stance import (
        plot_actor_sentiment,
        plot_cue_rates,
        plot_label_shares,
        plot_verb_mix,
    )
    from analysis.views import cue_rates, label_shares

    outlets = sorted(seed_tables["articles"]["outlet"])
    rates = cue_rates(seed_stance["cues"], seed_tables["articles"])
    calls = [
        lambda ax: plot_label_shares(label_shares(seed_stance["actor_mentions"], actor="NATO"), actor="NATO", outlets=outlets, ax=ax),
        lambda ax: plot_verb_mix(rates, outlets=outlets, ax=ax),
        lambda ax: plot_cue_rates(rates, outlets=outlets, ax=ax),
        lambda ax: plot_actor_sentiment(seed_stance["actor_sentiment"], voice="quoted", actors=["NATO", "China"], outlets=outlets, ax=ax),
    ]
    for call in calls:
        fig, ax = plt.subplots()
        assert call(ax) is ax
        assert ax.get_title()
        plt.close(fig)
    with pytest.raises(ValueError, match="voice"):
        plot_actor_sentiment(seed_stance["actor_sentiment"], voice="both", actors=["NATO"], outlets=outlets)


def test_voices_chart_pools_many_affiliations_into_one_named_segment():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.charts.stance import plot_voices

    groups = [f"Party {c}" for c in "ABCDEFGHIJ"]  # ten affiliations, Party A quoted 10 times .. Party J once
    counts = pd.DataFrame({"outlet": "X", "voice": "person", "group": groups, "n_quotes": range(10, 0, -1),
                           "n_words": 5})
    counts = pd.concat([counts, pd.DataFrame([{"outlet": "X", "voice": "scare quote", "group": "", "n_quotes": 2,
                                               "n_words": 1}])], ignore_index=True)
    fig, ax = plt.subplots()
    plot_voices(counts, outlets=["X", "Y"], max_groups=4, ax=ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["person: Party A", "person: Party B", "person: Party C", "person: Party D",
                      "person: 6 other affiliations (Party E, Party F, Party G, …)", "scare quote"]
    assert [t.get_text() for t in ax.texts][:6] == ["10", "9", "8", "7", "21", "2"]  # 6+5+4+3+2+1 pooled
    assert [t.get_text() for t in ax.get_yticklabels()] == ["X (n=57)", "Y (n=0)"]
    plt.close(fig)
    fig, ax = plt.subplots()
    plot_voices(counts.iloc[[0, 1, 10]], outlets=["X"], max_groups=1, ax=ax)  # one left over: shown by name
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["person: Party A", "person: Party B",
                                                                   "scare quote"]
    plt.close(fig)
    with pytest.raises(ValueError, match="max_groups"):
        plot_voices(counts, outlets=["X"], max_groups=0)


def test_voices_chart_keeps_people_documents_and_scare_quotes_apart(seed_stance, seed_tables):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.charts.stance import plot_cue_rates, plot_voices
    from analysis.views import cue_rates, voice_counts

    counts = voice_counts(seed_stance["quotes"])
    rt = counts[counts["outlet"] == "RT"][["voice", "group", "n_quotes"]].to_numpy().tolist()
    # Putin's "global NATO" is a person's; the Strategic Concept's phrases are NATO's as a body or paper
    assert rt == [["person", "Russia", 1], ["organisation or document", "NATO", 2], ["scare quote", "", 1]]
    outlets = sorted(seed_tables["articles"]["outlet"])
    fig, ax = plt.subplots()
    plot_voices(counts, outlets=outlets, ax=ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-2:] == ["organisation or document", "scare quote"]
    assert "person: Russia" in legend and "person: NATO" in legend
    assert [t.get_text() for t in ax.get_yticklabels()][1] == "Nikkei Asia (n=0)"
    plt.close(fig)
    fig, ax = plt.subplots()
    plot_cue_rates(cue_rates(seed_stance["cues"], seed_tables["articles"]), outlets=outlets, ax=ax)
    labels = [t.get_text() for t in ax.texts]
    assert " n=0" in labels and " n=2" in labels  # counts beside the rates, zeros included
    assert "hedge: distancing" in [t.get_text() for t in ax.get_yticklabels()]
    plt.close(fig)


def test_passive_attribution_hedges_of_the_corvanol_wire_and_ledger():
    wire = "About 38,000 patients are thought to have received tablets from the affected batches."
    ledger = "A law firm is reported to be gathering claimants."
    assert [(c.cue, c.category) for c in find_cues(wire, load_cue_lists())] == [("are thought to", "attribution")]
    assert [(c.cue, c.category, c.start) for c in find_cues(ledger, load_cue_lists())] == [
        ("is reported to", "distancing", 11)]


def test_resample_means_add_in_numpys_order_for_every_row_length():
    """Column by column, the resample means equal NumPy's mean of each resampled row, bit for bit."""
    from analysis.analyses.stance.stats import resample_means

    rng = np.random.default_rng(5)
    for size in [*range(1, 300), 511, 1031]:
        x = rng.normal(size=(3, size)) * rng.choice([1e-3, 1.0, 1e5], size=(3, size))
        x[0] = -0.0  # an all-zero row sums to +0.0 in NumPy
        x[1, : size // 2] = 0.0
        index = np.random.default_rng(size).integers(0, size, size=(40, size))
        want = x[:, index].reshape(-1, size).mean(axis=1).reshape(3, 40)
        assert resample_means(x, index).view(np.int64).tolist() == want.view(np.int64).tolist(), size
