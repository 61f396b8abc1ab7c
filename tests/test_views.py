"""Views that pick what a chart shows (analysis.views), on the corvanol-recall event's real derivation rows."""

from __future__ import annotations

import pandas as pd

from analysis.views import pick_article_pair

# derivation.csv of tests/data/corvanol-recall as built on 2026-12-01: the wire 01-medwire gets a
# weak, undated-direction "source" (2 rewritten sentences of the Business Ledger), while 02-courier
# copies 60% of its words from the wire
_DERIVATION = pd.DataFrame({
    "article_id": ["01-medwire", "02-courier", "03-sentinel", "04-ledger", "05-review"],
    "likely_source_article_id": ["04-ledger", "01-medwire", "01-medwire", None, "01-medwire"],
    "confidence": ["low", "high", "low", "none", "medium"],
    "reused_share": [0.1576, 0.6043, 0.1100, 0.0, 0.1097],
})


def test_default_pair_is_the_strongest_derivation_not_the_first_id():
    assert pick_article_pair(_DERIVATION) == ("02-courier", "01-medwire")
    # without the strong pair, medium beats low even with a smaller share
    assert pick_article_pair(_DERIVATION.drop(index=1)) == ("05-review", "01-medwire")
    # equal confidence: the larger share
    low = _DERIVATION.assign(confidence=["low", "low", "low", "none", "low"])
    assert pick_article_pair(low) == ("02-courier", "01-medwire")
    # a chosen article keeps its own likely source
    assert pick_article_pair(_DERIVATION, article_id="01-medwire") == ("01-medwire", "04-ledger")
