"""The resources layer: packaged defaults are read once per process, and analyses read no file."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import io
from analysis.analyses.terms import count_terms
from analysis.resources import actors, captions, cues, lexicons, stopwords, verbs

CACHED = [
    (stopwords._project_stopwords, stopwords.load_stopwords, "stopwords.yaml"),
    (actors._default_actors, actors.load_actors, "actors.yaml"),
    (verbs._default_reporting_verbs, verbs.load_reporting_verbs, "reporting_verbs.yaml"),
    (cues._default_cue_lists, cues.load_cue_lists, "hedges.yaml"),
    (captions._captions, captions.figure_captions, "captions.yaml"),
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


@pytest.mark.parametrize(("cached", "load", "name"), CACHED, ids=[c[2] for c in CACHED])
def test_a_packaged_default_is_read_once(package_reads, cached, load, name):
    cached.cache_clear()
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
