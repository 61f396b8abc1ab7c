"""Media framing analysis: how different outlets frame the same news event.

The package works in small pure steps over tidy DataFrames:

- :mod:`analysis.io` reads event folders and writes tables and figures (the only module doing I/O);
- :mod:`analysis.corpus.event` validates ``event.yaml`` and builds the corpus table;
- :mod:`analysis.corpus.cleaning` turns saved pages into article bodies, with an audit of removed lines;
- :mod:`analysis.text.sentences` splits bodies into sentences with character offsets;
- :mod:`analysis.tables.registry` builds all tables of an event; :mod:`analysis.report.runner` runs the notebooks;
- :mod:`analysis.charts` draws them.

Nothing is computed at import time.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
