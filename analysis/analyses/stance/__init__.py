"""Stance: actors and their mentions, quotations and speakers, cues and sentiment.

The entry points are :func:`stance_tables` (the pure function) and :func:`build_stance_tables`
(the table builder of :mod:`analysis.tables.registry`), as for every analysis.
"""

from analysis.analyses.stance.cues import build_stance_tables, stance_tables

__all__ = ["build_stance_tables", "stance_tables"]
