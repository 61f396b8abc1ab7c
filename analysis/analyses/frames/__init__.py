"""Framing lexicons: cited word lists, fast matching, per-article and per-outlet scores, evidence.

A *lexicon* is a YAML file naming a set of frames (its *categories*), each with a description, a
source, a note on how its terms were chosen and a list of *entries*: single words, multiword
phrases and prefix wildcards (``militar*``), plus optional *exclusions* (phrases that must not
count for that frame, e.g. "security council" for a security frame). Entries are literal text,
never regular expressions. :func:`parse_lexicon` validates a lexicon and reports the file and line
of every problem; :func:`load_lexicons` reads the shipped lexicons, an event folder's
``lexicon.yaml`` (and ``lexicons/*.yaml``) and any user paths (a user lexicon with the name of a
shipped one replaces it).

Lexicon scores are **proxies**: they count words that often carry a frame, not frames. A story
can carry a frame without any of the words and use the words without the frame; every score
therefore comes with the passages behind it (``frame_evidence.csv``) so a reader can check.

Matching (:class:`LexiconMatcher`) is on the tokens of :func:`analysis.text.tokens.tokenize`,
case-insensitive: an entry's words must be consecutive tokens separated only by white space (a
possessive 's is allowed, so "nato expansion" matches "NATO's expansion" but not "NATO. Expansion";
"war" does not match inside the token "anti-war"). A word
ending in ``*`` matches any token starting with it. Within one frame the longest match wins and
overlapping matches are counted once; a passage may count for two different frames. Candidate
positions are found with an Aho-Corasick automaton (pyahocorasick) and only the words around a
candidate are tokenised, so matching runs at tens of MB/s (``benchmarks/bench_frames.py``).

Scores (:func:`score_frames`) per article and per outlet: ``hits``, ``per_1k`` (hits per 1,000
tokens), ``sentence_share`` (share of sentences with at least one hit), the ``dominant`` frame of
each lexicon, and an exact Poisson interval of ``per_1k`` (Garwood 1936; honest for zero and small
counts; a seeded percentile bootstrap over sentences is available with ``interval="bootstrap"``).

Examples
--------
>>> from analysis.resources.lexicons import parse_lexicon
>>> lexicon = parse_lexicon({
...     "name": "demo", "description": "d", "source": "s", "licence": "CC0-1.0",
...     "categories": {"bloc confrontation": {"description": "d", "source": "s", "note": "n",
...         "entries": ["cold war", "cold war mentality", "bloc*"]}}}, name="demo.yaml")
>>> matcher = LexiconMatcher([lexicon])
>>> [(m.entry, m.start, m.end) for m in matcher.match("A Cold War mentality of blocs.")]
[('cold war mentality', 2, 20), ('bloc*', 24, 29)]
"""

from __future__ import annotations

from analysis.analyses.frames.about import actor_frames, attribute_frame_hits
from analysis.analyses.frames.matcher import LexiconMatcher
from analysis.analyses.frames.scores import build_frames_tables, frame_evidence, frames_tables, score_frames

__all__ = [
    "LexiconMatcher",
    "actor_frames",
    "attribute_frame_hits",
    "build_frames_tables",
    "frame_evidence",
    "frames_tables",
    "score_frames",
]
