"""Resources: the YAML data files the analyses use, each with one loader that validates it.

Every loader reads through :mod:`analysis.io`, reports problems as ``file:line: problem`` with
:func:`analysis.resources.schema.where`, and reads the packaged default once per process
(:func:`~analysis.resources.files.load_resource`). Analyses never read files: table builders load
what an analysis needs here and pass it in as an argument. Import a loader from its module (this
package re-exports nothing).

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
