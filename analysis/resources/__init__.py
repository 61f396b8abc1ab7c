"""Resources: the YAML data files the analyses use, each with one loader that validates it.

Every loader reads through :mod:`analysis.io`, reports problems as ``file:line: problem`` with
:func:`analysis.resources.schema.where`, and reads the packaged default once per process
(``functools.cache``). Analyses never read files: table builders load what an analysis needs
here and pass it in as an argument.

- :mod:`~analysis.resources.stopwords`: ``stopwords.yaml`` and scikit-learn's English list;
- :mod:`~analysis.resources.boilerplate`: ``boilerplate.yaml``, the cleaner's rules;
- :mod:`~analysis.resources.actors`: ``actors.yaml`` (packaged or an event's own);
- :mod:`~analysis.resources.verbs`: ``reporting_verbs.yaml``;
- :mod:`~analysis.resources.cues`: ``hedges.yaml`` (hedges and boosters);
- :mod:`~analysis.resources.names`: ``names.yaml``, the word lists of actor discovery;
- :mod:`~analysis.resources.modifiers`: ``actor_modifiers.yaml``, evaluative modifiers of actors;
- :mod:`~analysis.resources.stance`: all of the stance tables' files at once (``StanceResources``);
- :mod:`~analysis.resources.lexicons`: framing lexicons (``lexicons/*.yaml``, an event's own);
- :mod:`~analysis.resources.captions`: ``captions.yaml``, the report's figure captions.
"""

from __future__ import annotations

from analysis.resources.actors import Actor, load_actors, validate_actors
from analysis.resources.boilerplate import BoilerplateRules, load_boilerplate_rules, parse_boilerplate_rules
from analysis.resources.captions import figure_captions
from analysis.resources.cues import CueList, load_cue_lists, validate_cue_lists
from analysis.resources.lexicons import Lexicon, load_lexicons, parse_lexicon, shipped_lexicons
from analysis.resources.stopwords import default_stopwords, english_stop_words, load_stopwords
from analysis.resources.verbs import VerbEntry, load_reporting_verbs, validate_reporting_verbs

__all__ = [
    "Actor",
    "BoilerplateRules",
    "CueList",
    "Lexicon",
    "VerbEntry",
    "default_stopwords",
    "english_stop_words",
    "figure_captions",
    "load_actors",
    "load_boilerplate_rules",
    "load_cue_lists",
    "load_lexicons",
    "load_reporting_verbs",
    "load_stopwords",
    "parse_boilerplate_rules",
    "parse_lexicon",
    "shipped_lexicons",
    "validate_actors",
    "validate_cue_lists",
    "validate_reporting_verbs",
]
