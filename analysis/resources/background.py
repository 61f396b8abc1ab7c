"""The background word-frequency prior of distinctive terms: general English from the wordfreq data.

With a handful of short articles, the event's own pooled counts make a weak reference: every
term's prior is its use in the same few texts, so nothing can stand out. Monroe, Colaresi and Quinn
(2008) recommend an *informative* Dirichlet prior drawn from a larger body of text.
:func:`background_prior` builds one from the ``wordfreq`` package (Speer 2022; code Apache-2.0, data
CC BY-SA 4.0; its English "large" list ships inside the wheel, so nothing is downloaded) and mixes it
with the event's own counts: for each n-gram order,

    alpha_w  proportional to  mix * f_w / sum(f) + (1 - mix) * c_w / sum(c)

where ``f_w`` is the word's (or phrase's) frequency in general English and ``c_w`` its pooled count in
the event; :func:`analysis.analyses.terms.distinctive_terms` scales it to ``alpha_0``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["WORDFREQ_FLOOR", "background_prior", "prior_name"]

WORDFREQ_FLOOR = 1e-9
"""Frequency given to a term wordfreq does not know (below its smallest listed frequency)."""


def prior_name(*, mix: float = 0.5, language: str = "en", wordlist: str = "large") -> str:
    """The ``prior`` column's value for :func:`background_prior`.

    >>> prior_name()
    'wordfreq en large, mixed 0.5 with the event'
    """
    return f"wordfreq {language} {wordlist}, mixed {mix:g} with the event"


def background_prior(
    counts: pd.DataFrame, *, mix: float = 0.5, language: str = "en", wordlist: str = "large"
) -> pd.DataFrame:
    """A ``term, count`` reference table for ``distinctive_terms(prior=...)``: general English mixed with the event.

    Parameters
    ----------
    counts : DataFrame
        An aggregated count frame (``outlet, term, ngram, count``) of
        :func:`analysis.analyses.terms.count_terms`.
    mix : float
        Weight of the background frequencies, from 0 (the event's pooled counts only) to 1.
    language, wordlist : str
        wordfreq's language code and list (``"large"`` or ``"small"``).

    Returns
    -------
    DataFrame
        ``term, ngram, count``: within each n-gram order the mixed shares times the order's pooled
        count (so the prior weighs as much as the event itself unless ``prior_total`` says otherwise).

    Examples
    --------
    >>> counts = pd.DataFrame({"outlet": ["A", "B", "A"], "term": ["bloc", "bloc", "the"],
    ...     "ngram": [1, 1, 1], "count": [2, 2, 4]})
    >>> table = background_prior(counts, mix=1.0)
    >>> table["term"].tolist(), bool(table["count"].iloc[1] > 7.9)  # 'the' is far more common than 'bloc'
    (['bloc', 'the'], True)
    """
    if not 0 <= mix <= 1:
        raise ValueError(f"mix must be between 0 and 1, got {mix!r}")
    from wordfreq import word_frequency

    terms = counts[counts["ngram"] > 0]
    pooled = terms.groupby(["ngram", "term"], sort=True)["count"].sum().reset_index()
    frames = []
    for ngram, group in pooled.groupby("ngram", sort=True):
        event = group["count"].to_numpy(float)
        general = np.array([word_frequency(str(t), language, wordlist=wordlist) for t in group["term"]])
        general = np.where(general > 0, general, WORDFREQ_FLOOR)
        share = mix * general / general.sum() + (1 - mix) * event / event.sum()
        frames.append(pd.DataFrame({"term": group["term"].to_numpy(), "ngram": ngram,
                                    "count": share * event.sum()}))
    if not frames:
        return pd.DataFrame({"term": pd.Series(dtype=str), "ngram": pd.Series(dtype="int64"),
                             "count": pd.Series(dtype=float)})
    return pd.concat(frames, ignore_index=True)
