"""Framing lexicons: fast matching, per-article and per-outlet scores, and the evidence behind them.

A lexicon (validated and loaded by :mod:`analysis.resources.lexicons`) names frames, each with
literal entries, prefix wildcards (``militar*``) and exclusions. :class:`LexiconMatcher` finds
their matches (:mod:`~analysis.analyses.frames.matcher`), :func:`score_frames` and
:func:`frame_evidence` turn them into rates and passages (:mod:`~analysis.analyses.frames.scores`),
:func:`attribute_frame_hits` says which actor each hit is about (:mod:`~analysis.analyses.frames.about`).
Lexicon scores are **proxies** for framing; the README's "Framing lexicons" section gives the file
format, the matching rules and every column of the tables.

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
