"""The resources layer: packaged defaults are read once per process, and analyses read no file."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import io
from analysis.analyses.terms import count_terms
from analysis.resources import actors, captions, cues, files, lexicons, modifiers, names, stopwords, verbs

CACHED = [
    (stopwords.load_stopwords, "stopwords.yaml"),
    (actors.load_actors, "actors.yaml"),
    (verbs.load_reporting_verbs, "reporting_verbs.yaml"),
    (cues.load_cue_lists, "hedges.yaml"),
    (captions.figure_captions, "captions.yaml"),
    (modifiers.load_actor_modifiers, "actor_modifiers.yaml"),
    (names.load_name_lists, "names.yaml"),
]


@pytest.fixture
def package_reads(monkeypatch) -> list[str]:
    """The names of the packaged YAML files read while the test runs."""
    reads: list[str] = []
    real = io.read_package_yaml

    def counting(name: str):
        reads.append(name)
        return real(name)

    monkeypatch.setattr(io, "read_package_yaml", counting)
    return reads


@pytest.mark.parametrize(("load", "name"), CACHED, ids=[c[1] for c in CACHED])
def test_a_packaged_default_is_read_once(package_reads, load, name):
    files.packaged_resource.cache_clear()
    first, second = load(), load()
    assert first == second
    assert package_reads == [name]


def test_shipped_lexicons_are_read_once(package_reads):
    lexicons.shipped_lexicons.cache_clear()
    names = [lexicon.name for lexicon in lexicons.load_lexicons()] + [lexicon.name for lexicon in lexicons.load_lexicons()]
    assert names == ["generic-frames", "policy-frames"] * 2
    assert package_reads == ["lexicons/generic-frames.yaml", "lexicons/policy-frames.yaml"]


def test_counting_terms_again_reads_no_stop_word_file(package_reads):
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "text": ["The liaison office opens."]})
    count_terms(articles)
    package_reads.clear()
    counts = count_terms(articles)
    assert package_reads == []
    assert sorted(counts.loc[counts["ngram"] > 0, "term"]) == ["liaison", "liaison office", "office", "office opens", "opens"]


def test_english_stop_words_are_scikit_learns_list():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert stopwords.english_stop_words() == ENGLISH_STOP_WORDS
    assert len(stopwords.ENGLISH_STOP_WORDS) == 318
