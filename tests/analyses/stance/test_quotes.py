"""Quotations, reporting verbs and speakers: tiny texts per rule and the five seed articles, exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import io
from analysis.analyses.stance.actors import find_mentions
from analysis.analyses.stance.quotes import find_quotations, find_reporting_verbs
from analysis.resources.actors import Actor, load_actors
from analysis.resources.verbs import inflect, load_reporting_verbs, validate_reporting_verbs
from analysis.text.quotation import QuoteSpan, in_spans, quote_spans, single_quote_spans
from tests.conftest import EVENT_DIR


@pytest.fixture(scope="module")
def reporting_verbs():
    return load_reporting_verbs()


@pytest.fixture(scope="module")
def event_actors():
    return load_actors(EVENT_DIR / "actors.yaml")


# ---- quote spans ---------------------------------------------------------------------------------


def test_double_quote_spans_keep_their_meaning():
    text = 'He said “We agree. It is done,” and left. She called it "fine". Japan’s \'view\''
    spans = quote_spans(text)
    assert spans == [QuoteSpan(8, 31, "We agree. It is done,"), QuoteSpan(56, 62, "fine")]
    assert in_spans(8, spans) and in_spans(30, spans) and not in_spans(31, spans)
    # single quotes only on request
    assert [s.text for s in quote_spans(text, single=True)] == ["We agree. It is done,", "fine", "view"]


def test_quote_running_over_paragraphs_is_one_span():
    text = "“First part.\n\n“Second part,” he said."
    assert [s.text for s in quote_spans(text)] == ["First part.", "Second part,"]
    assert quote_spans(text)[0] == QuoteSpan(0, 12, "First part.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("regional 'partners' such as", ["partners"]),
        ("the ‘global NATO’ drive", ["global NATO"]),
        ("(‘a b’)", ["a b"]),
        ("he said: 'We will go,' and left", ["We will go,"]),
    ],
)
def test_single_quotes_found(text, expected):
    assert [s.text for s in single_quote_spans(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Japan’s plan and NATO's office",  # possessives
        "don't, can’t, it’s",  # contractions
        "the ’90s and the '80s were",  # elisions
        "the members' votes and the allies’ view",  # plural possessives with no opening mark
        "a 'quote that never closes\n\nin the next paragraph' here",  # never across paragraphs
    ],
)
def test_apostrophes_are_not_quotes(text):
    assert single_quote_spans(text) == []


def test_single_quotes_inside_double_quotes_stay_nested(seed_bodies):
    text = "He said “they call it ‘peace’ now,” and left."
    assert [s.text for s in quote_spans(text, single=True)] == ["they call it ‘peace’ now,"]
    # RT writes 'partners' in straight single quotes
    assert [s.text for s in single_quote_spans(seed_bodies["002"])] == ["partners"]
    assert all(single_quote_spans(seed_bodies[a]) == [] for a in ("000", "001", "003", "004"))


# ---- reporting verbs -----------------------------------------------------------------------------


def test_inflect():
    assert inflect("say") == ("say", "says", "sayed", "saying")  # irregular verbs list their forms
    assert inflect("criticize") == ("criticize", "criticizes", "criticized", "criticizing")
    assert inflect("deny") == ("deny", "denies", "denied", "denying")
    assert inflect("lash out") == ("lash out", "lashes out", "lashed out", "lashing out")


def test_packaged_reporting_verbs(reporting_verbs):
    assert reporting_verbs["said"].category == "neutral"
    assert reporting_verbs["lambasted"].category == "evaluative"
    assert reporting_verbs["insisted"].category == "sceptical"
    assert reporting_verbs["pointed out"].category == "endorsing"
    assert reporting_verbs["according to"].lemma == "according to"
    assert "slamed" not in reporting_verbs and reporting_verbs["slammed"].lemma == "slam"


def _verbs(text, reporting_verbs):
    return [(v.form, v.category) for v in find_reporting_verbs(text, reporting_verbs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nikkei reported that it grows.", [("reported", "neutral")]),
        ("according to a May 3 report by Nikkei", [("according to", "neutral")]),  # the noun "report" is not a verb
        ("Putin rejected claims that NATO’s claim was fair.", [("rejected", "evaluative")]),
        ("He claims it is so.", [("claims", "sceptical")]),
        ("exchange notes; taking note of; member states; another state’s", []),
        ("A new dimension has been added: China.", []),  # a passive reporting nothing
        ("It was previously reported that troops", [("reported", "neutral")]),
        ("This was reported by Nikkei Asia.", [("reported", "neutral")]),
        ("the United States is ready", []),  # "States" of a name
        ("as Japan continues to make progress, Putin continued.", [("continued", "neutral")]),
        ("The outlet noteD that", [("noted", "neutral")]),  # case-insensitive, as RT typed it
        ("Smith claimed, alleging that", [("claimed", "sceptical"), ("alleging", "sceptical")]),
        ("He ｃｌａｉｍｓ it is so.", [("claims", "sceptical")]),  # full-width: folded as tokens are (fold_case)
    ],
)
def test_reporting_verb_rules(reporting_verbs, text, expected):
    assert _verbs(text, reporting_verbs) == expected


def _write(tmp_path, text):
    path = tmp_path / "verbs.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reporting_verb_loader_errors_name_file_and_line(tmp_path):
    path = _write(
        tmp_path,
        "source: test\ncategories:\n  neutral:\n    source: x\n    verbs: [say, tell]\n"
        "  sceptical:\n    source: x\n    verbs:\n      - say\n      - {verb: claim, colour: red}\n"
        "  bogus:\n    source: x\n    verbs: [x]\n  endorsing:\n    verbs: []\n",
    )
    with pytest.raises(ValueError) as info:
        load_reporting_verbs(path)
    message = str(info.value)
    assert f"{path}:9: form 'say' is listed twice (first at {path}:5)" in message
    assert f"{path}:10: unknown key 'colour'" in message
    assert f"{path}:11: unknown category 'bogus'" in message
    assert f"{path}:14: category 'endorsing' needs a `source`" in message
    assert "needs a non-empty `verbs` list" in message


def test_reporting_verb_loader_rejects_non_mapping_and_bad_yaml(tmp_path):
    with pytest.raises(ValueError, match="must be a mapping"):
        validate_reporting_verbs(["say"])
    with pytest.raises(ValueError, match=r"verbs.yaml:3: invalid YAML"):
        load_reporting_verbs(_write(tmp_path, "source: x\ncategories: [a\n"))
    with pytest.raises(ValueError, match="`source` is required"):
        validate_reporting_verbs({"categories": {"neutral": {"source": "x", "verbs": ["say"]}}})


# ---- speakers: tiny texts ------------------------------------------------------------------------

ACTORS = [
    Actor("Ann Lee", "person", ("Ann Lee", "Lee"), affiliation="Utopia"),
    Actor("Bo Chan", "person", ("Bo Chan", "Chan"), affiliation="Utopia", heads=("ambassador",)),
    Actor("Utopia", "country", ("Utopia",)),
    Actor("Daily", "media", ("Daily",), heads=("outlet",)),
]


def _quotes(text, sentences, reporting_verbs):
    mentions = find_mentions(text, ACTORS, sentences=sentences)
    quotes, verbs, pronouns = find_quotations(
        text, sentences=sentences, mentions=mentions, actors=ACTORS, reporting_verbs=reporting_verbs
    )
    return [(q.text, q.kind, q.speaker, q.speaker_label, q.verb, q.attribution) for q in quotes], verbs, pronouns


def _spans(text):
    from analysis.text.sentences import split_rules

    return split_rules(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # X said / said X / pronoun after a quote, resolved to the last person named
        ("Ann Lee met Bo Chan. “We agree,” he said.", [("We agree,", "direct", "Bo Chan", "he", "said", "after")]),
        ("Ann Lee came. “We agree,” said she.", [("We agree,", "direct", "Ann Lee", "she", "said", "after")]),
        ("“We agree,” Utopia’s envoy Bo Chan added.", [("We agree,", "direct", "Bo Chan", "Utopia’s envoy Bo Chan", "added", "after")]),
        # X, apposition, said ... “fragment”
        ("Lee, a friend of Bo Chan, said it was “fine.”", [("fine.", "partial", "Ann Lee", "Lee", "said", "before")]),
        # a description resolved by context
        ("Bo Chan arrived. “It works,” said the ambassador.", [("It works,", "direct", "Bo Chan", "the ambassador", "said", "after")]),
        # quote carried over from the attribution just before, in the same paragraph
        ("Lee added that it rains. “It is wet.”", [("It is wet.", "direct", "Ann Lee", "Lee", None, "context")]),
        # ... and across a paragraph break when the next paragraph is only a quotation (issue 12)
        ("Lee added that it rains.\n\n“It is wet and cold and grey.”", [("It is wet and cold and grey.", "direct", "Ann Lee", "Lee", None, "context")]),
        # ... but not into a paragraph that says more than the quotation
        ("Lee added that it rains.\n\n“It is wet and cold and grey.” The sun came out.", [("It is wet and cold and grey.", "unattributed", None, None, None, "")]),
        # a term, a title-case name and so-called are not speech nor scare quotes
        ("It wants a “free and open sea,” a term coined by Lee.", [("free and open sea,", "term", None, None, None, "")]),
        ("Lee claimed the “Grand Plan” failed.", [("Grand Plan", "term", None, None, None, "")]),
        ("the so-called “peace plan” began", [("peace plan", "term", None, None, None, "")]),
        # a short quote in a fact relayed from a news outlet is the writer's scare quote
        ("The Daily reported that Utopia met its “partners” today.", [("partners", "scare", None, None, None, "media")]),
        # "the outlet" names no outlet here (left unattributed), but an outlet all the same
        ("According to the outlet, Utopia met its 'partners' today.", [("partners", "scare", None, None, None, "media")]),
        # a short quote with no source at all
        ("Utopia met its “partners” today.", [("partners", "scare", None, None, None, "")]),
        # participle after a comma takes the subject of the earlier verb
        ("Lee slammed the deal, saying it was a “clique”.", [("clique", "partial", "Ann Lee", "Lee", "saying", "before")]),
    ],
)
def test_speaker_rules(reporting_verbs, text, expected):
    found, _, _ = _quotes(text, _spans(text), reporting_verbs)
    assert found == expected


def test_pronoun_speakers_are_reported_as_mentions(reporting_verbs):
    text = "Bo Chan spoke. According to him, it rains."
    _, verbs, pronouns = _quotes(text, _spans(text), reporting_verbs)
    assert [(v.form, m.actor, m.label) for v, m in verbs] == [("according to", "Bo Chan", "him")]
    assert [(p.actor, p.label, p.start, p.kind) for p in pronouns] == [("Bo Chan", "him", 28, "pronoun")]


def test_pronoun_without_a_person_before_has_no_speaker(reporting_verbs):
    found, _, _ = _quotes("“It is fine,” she said.", [(0, 23)], reporting_verbs)
    assert found == [("It is fine,", "direct", None, "she", "said", "after")]


def test_max_scare_words_is_checked(reporting_verbs):
    with pytest.raises(ValueError, match="max_scare_words"):
        find_quotations("x", sentences=[(0, 1)], mentions=[], actors=ACTORS, reporting_verbs=reporting_verbs, max_scare_words=0)


# ---- the five seed articles ----------------------------------------------------------------------

# (article, kind, speaker, verb, attribution, first words, sentence ids), read off the articles
SEED_QUOTES = [
    ("001", "scare", None, None, "media", "partners", [1]),  # "the news outlet reported that ... regional “partners”"
    ("001", "direct", "Oana Lungescu", "said", "after", "NATO has offices", [7]),
    ("001", "direct", "Oana Lungescu", "said", "after", "Practical cooperation includes", [8]),
    ("001", "term", None, None, "", "free and open Indo-Pacific,", [11]),  # “…,” a term popularized by
    ("001", "partial", "NATO", "highlighting", "before", "systemic challenges", [12]),
    ("001", "partial", "NATO", "portraying", "before", "most significant and direct threat.", [12]),
    ("001", "direct", "Julianne Smith", "said", "after", "Primarily, we’ve been", [14]),
    ("001", "direct", "Julianne Smith", "added", "after", "We find it", [15]),
    ("001", "partial", "Julianne Smith", "alleging", "before", "a very strong signal", [16]),
    ("001", "direct", "Julianne Smith", "remarked", "after", "Some of the countries", [17, 18]),
    ("001", "direct", "Julianne Smith", "said", "after", "I think all", [20]),
    ("001", "partial", "Vladimir Putin", "lambasted", "before", "global NATO,", [22]),  # Putin's words, not a scare quote
    ("001", "direct", "Vladimir Putin", None, "context", "That’s why Western", [24]),
    ("001", "partial", "Vladimir Putin", "insisted", "before", "transparent,", [26]),
    ("001", "direct", "Vladimir Putin", "said", "after", "It directly stipulates", [28]),
    ("001", "partial", "Mao Ning", "said", "before", "promising land for", [31]),
    ("001", "direct", "Mao Ning", "said", "after", "NATO’s continual eastward", [32]),
    ("001", "term", None, None, "", "Indo-Pacific Strategy", [33]),
    ("001", "partial", "Qin Gang", "claimed", "before", "attempt to gang up", [33]),
    ("001", "partial", "China", "saying", "before", "clique", [36]),  # Beijing's word, not a scare quote
    ("002", "scare", None, None, "media", "partners", [1]),  # RT's 'partners'
    ("002", "partial", "NATO", "emphasizing", "before", "systemic challenges", [7]),
    ("002", "partial", "NATO", "described", "before", "most significant and direct threat", [7]),
    ("002", "partial", "Vladimir Putin", "blasted", "before", "global NATO", [9]),
    ("003", "direct", "Peter Taxo-Jensen", "said", "after", "This will be a visible", [12]),
    ("003", "direct", "Peter Taxo-Jensen", "said", "after", "In 2022, at the Madrid", [14]),
    ("003", "direct", "Michito Tsuruoka", "said", "after", "In addition to the problems", [21, 22]),
    ("003", "direct", "Michito Tsuruoka", "said", "after", "This means that", [24, 25]),  # "said he" after "Tsuruoki noted"
    ("004", "direct", "Koji Tomita", "said", "after", "I understand there", [1]),
    ("004", "partial", "Koji Tomita", "said", "after", "one of those things", [2]),
    ("004", "direct", "Koji Tomita", None, "context", "But I really haven’t", [3]),
]


def _seed_quotes(seed_tables, event_actors, reporting_verbs):
    articles, sentences = seed_tables["articles"], seed_tables["sentences"]
    rows = []
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        frame = sentences[sentences["article_id"] == aid]
        spans = list(zip(frame["start"], frame["end"], strict=True))
        ids = frame["sentence_id"].tolist()
        mentions = find_mentions(text, event_actors, sentences=spans)
        quotes, _, _ = find_quotations(text, sentences=spans, mentions=mentions, actors=event_actors, reporting_verbs=reporting_verbs)
        for q in quotes:
            covered = [i for i, (a, b) in zip(ids, spans, strict=True) if a < q.end and q.start < b]
            assert text[q.start + 1 : q.end - 1] == q.text
            rows.append((aid, q.kind, q.speaker, q.verb, q.attribution, q.text, covered))
    return rows


def test_seed_quotations_speakers_and_verbs(seed_tables, event_actors, reporting_verbs):
    rows = _seed_quotes(seed_tables, event_actors, reporting_verbs)
    assert len(rows) == len(SEED_QUOTES)
    for got, want in zip(rows, SEED_QUOTES, strict=True):
        aid, kind, speaker, verb, how, first, ids = want
        assert got[:5] == (aid, kind, speaker, verb, how), (got, want)
        assert got[5].startswith(first), (got, want)
        assert got[6] == ids, (got, want)


def test_seed_article_000_has_no_quotation(seed_bodies):
    assert quote_spans(seed_bodies["000"], single=True) == []


def test_event_actors_file_is_not_an_article(seed_event):
    # actors.yaml sits beside the articles but is not listed as one
    assert "actors.yaml" not in io.list_event_files(EVENT_DIR)
    assert seed_event[1]["article_id"].tolist() == ["000", "001", "002", "003", "004"]


_VERB_TEXT = st.lists(st.sampled_from([
    "said", "says", "say", "told", "added", "claimed", "according to", "pointed out", "saidx", "said2", "re-said",
    "_said", "x-told", "told-", " ", "  ", "\n", ",", ".", "-", "a", "the", "to", "out", "é", "über",
]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_VERB_TEXT)
def test_verb_matches_are_those_of_the_alternation_of_all_forms(text, reporting_verbs):
    """The first-word search finds the same spans as the plain alternation of every form, longest first."""
    from analysis.analyses.stance.quotes import _folded_forms, _forms_pattern, _verb_matches

    _, forms = _folded_forms(tuple(reporting_verbs))
    assert _verb_matches(text, forms) == [m.span() for m in _forms_pattern(forms).finditer(text)]


def test_verb_matches_on_the_seed_articles(seed_bodies, reporting_verbs):
    from analysis.analyses.stance.quotes import _folded_forms, _forms_pattern, _verb_matches
    from analysis.text.tokens import fold_case_keeping_length

    _, forms = _folded_forms(tuple(reporting_verbs))
    spans = 0
    for text in seed_bodies.values():
        folded = fold_case_keeping_length(text)
        found = _verb_matches(folded, forms)
        assert found == [m.span() for m in _forms_pattern(forms).finditer(folded)]
        spans += len(found)
    assert spans > 50  # the seeds hold many reporting verbs
