"""Media framing analysis: how different outlets frame the same news event.

The package works in small pure steps over tidy DataFrames, in layers (README, "Architecture";
enforced by ``tests/test_layers.py``), bottom to top:

- :mod:`analysis.text`: tokens, sentences, quotation spans; :mod:`analysis.context`: ``EventContext``;
- :mod:`analysis.resources`: the YAML data files (stop words, rules, actors, verbs, cues, lexicons);
- :mod:`analysis.corpus`: ``event.yaml`` validation and cleaning, with an audit of removed lines;
- :mod:`analysis.analyses`: terms, stance, frames and reuse;
- :mod:`analysis.views`: small summaries of the tables for charts and notebooks;
- :mod:`analysis.charts`: ``plot_*`` functions;
- :mod:`analysis.tables`: the table builders of an event (and Dask for large corpora);
- :mod:`analysis.report`: runs the notebooks and writes the HTML report.

:mod:`analysis.io` is the only module that reads or writes files. Nothing is computed at import time.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
