"""The event page stays bounded whatever the corpus: articles listed per outlet above a hundred, at most
25 findings per kind, only the tables and columns the page shows read (fast: hand-made tables)."""

from __future__ import annotations

import json

import pandas as pd

from analysis import io
from analysis.report.html import PAGE_ARTICLES, PAGE_FINDINGS_PER_KIND, PAGE_TABLES, Figure, event_page
from analysis.report.runner import page_tables


def _articles(n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": [f"a{i:05d}" for i in range(n)], "outlet": [f"Outlet {i % 3}" for i in range(n)],
        "platform": None, "published": [f"2023-05-{1 + i % 28:02d}" for i in range(n)],
        "title": [f"Title {i}" for i in range(n)], "n_words": 100, "text": ["Body text. " * 50] * n,
    })


def _findings(n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "kind": "derivation", "rank": range(1, n + 1), "sentence": [f"Article a{i:05d} follows a source." for i in range(n)],
        "outlets": "[]", "statistic": "share", "value": 0.5, "p_value": None, "n_hits": 2, "counts": "{}",
        "evidence": json.dumps([{"article_id": "a00000", "sentence_ids": [0], "snippet": "Body text."}]),
        "figure": "reuse-derivation-graph", "table": "derivation",
    })


def test_a_large_event_page_lists_outlets_and_the_strongest_findings_only():
    articles, findings = _articles(3000), _findings(5000)
    page = event_page("big", {"title": "Big"}, {"articles": articles, "findings": findings}, [], [],
                      table_files={"articles": "articles.parquet", "findings": "findings.parquet"})
    assert "3,000 articles, more than the 100 listed one by one: per outlet here; every article is in " \
           "<code>articles.parquet</code>." in page
    assert "<td>Outlet 0</td><td>1000</td><td>100000</td><td>2023-05-01</td><td>2023-05-28</td>" in page
    assert "Title 7" not in page  # no article row
    assert page.count("follows a source.") == PAGE_FINDINGS_PER_KIND == 25
    assert f"{5000 - PAGE_FINDINGS_PER_KIND:,} more in findings.parquet." in page
    assert len(page.encode("utf-8")) < 100_000


def test_a_small_event_page_lists_every_article():
    page = event_page("small", {"title": "Small"}, {"articles": _articles(PAGE_ARTICLES), "findings": _findings(3)},
                      [Figure("corpus-x", b"png", "A caption.")], [])
    assert page.count("<td>Title ") == PAGE_ARTICLES
    assert "more than the" not in page and "more in" not in page


def test_pages_read_only_the_tables_and_columns_they_show(tmp_path):
    io.write_tables({"articles": _articles(1500), "findings": _findings(10),
                     "sentences": pd.DataFrame({"article_id": ["a00000"], "text": ["x"]})}, tmp_path)
    tables, files = page_tables(tmp_path)
    assert sorted(tables) == ["articles", "findings"]  # no sentences, no distinctive_terms (none written)
    assert tables["articles"].columns.tolist() == PAGE_TABLES["articles"]  # no text column
    assert files == {"articles": "articles.parquet", "findings": "findings.csv", "sentences": "sentences.csv"}


def test_figures_over_the_page_budget_are_embedded_smaller(monkeypatch):
    import base64
    import io as stdio
    import re

    from PIL import Image

    from analysis.report import html

    def png(seed: int) -> bytes:
        buffer = stdio.BytesIO()
        Image.effect_noise((2400, 200), 60 + seed).convert("RGB").save(buffer, format="PNG")
        return buffer.getvalue()

    figures = [Figure(f"corpus-{i}", png(i), "A caption.") for i in range(3)]
    tables = {"articles": _articles(3), "findings": _findings(1)}
    whole = event_page("ev", {}, tables, figures, [])
    assert "Figures are shown at" not in whole
    monkeypatch.setattr(html, "PAGE_FIGURE_BYTES", sum(len(f.png) for f in figures) // 2)
    small = event_page("ev", {}, tables, figures, [])
    assert "Figures are shown at 1/2 of their size in pixels to keep this page under 10 MB" in small
    embedded = [base64.b64decode(m) for m in re.findall(r'src="data:image/png;base64,([^"]+)"', small)]
    assert [Image.open(stdio.BytesIO(b)).size for b in embedded] == [(1200, 100)] * 3
    assert sum(len(b) for b in embedded) <= html.PAGE_FIGURE_BYTES
    assert event_page("ev", {}, tables, figures, []) == small  # same figures, same page
