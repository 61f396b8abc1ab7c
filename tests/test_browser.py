"""The event page in a real browser: headless Chromium (Debian's package) driven by Playwright.

`make test` installs Debian's chromium when it can (root with apt-get); otherwise these tests are
skipped with the reason shown in pytest's summary (`-rs`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.report import html as site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (Debian package `chromium`) on PATH")

ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def page_html(tmp_path_factory) -> Path:
    import io as stdio

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    buffer = stdio.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    articles = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "outlet": ["<img src=x onerror=\"document.title='PWNED'\">", "Outlet B"],
            "platform": [None, None],
            "published": ["2023-05-03", None],
            "title": ["<script>document.title='PWNED'; window.pwned = 1;</script>", "Plain"],
            "n_words": [900, 300],
        }
    )
    html = site.event_page(
        "ev", {"title": "Test <script>window.pwned=2</script>", "date": "2023-05-03"},
        {"articles": articles}, [site.Figure("corpus-x", buffer.getvalue(), "a <b>caption</b>")], ["10-corpus"],
    )
    path = tmp_path_factory.mktemp("site") / "index.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_figures_load_and_article_markup_runs_nothing(page_html):
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(page_html.as_uri())
            page.wait_for_load_state("load")
            widths = page.eval_on_selector_all("figure img", "imgs => imgs.map(i => i.complete && i.naturalWidth)")
            assert widths and all(w > 0 for w in widths)
            assert page.title() == "Test <script>window.pwned=2</script>"
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert page.eval_on_selector_all("script", "s => s.length") == 0
            body = page.inner_text("body")
            assert "<script>document.title='PWNED'; window.pwned = 1;</script>" in body
            assert "<img src=x onerror=" in body
            assert errors == []
        finally:
            browser.close()


def test_notebook_page_runs_and_loads_nothing(tmp_path):
    """A notebook page whose outputs carry markup from the data: shown as text, nothing runs, nothing loads."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from analysis.report.runner import _render_html

    notebook = new_notebook(cells=[
        new_markdown_cell("# Terms: which words?"),
        new_code_cell("x", outputs=[
            new_output("display_data", data={
                "text/markdown": "Outlet <script>window.pwned = 1</script><img src=x onerror=\"window.pwned=2\">",
                "text/plain": "md"}),
            new_output("execute_result", execution_count=1, data={
                "text/html": "<table><tr><td><iframe src='https://example.org'></iframe>"
                             "<img src='https://example.org/x.png'></td></tr></table>", "text/plain": "t"}),
        ]),
    ])
    executed = tmp_path / "20-terms.ipynb"
    nbformat.write(notebook, executed)
    target = tmp_path / "20-terms.html"
    _render_html(executed, target, slug="ev")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(target.as_uri())
            page.wait_for_load_state("load")
            assert page.title() == "Terms: which words? — ev"
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert page.eval_on_selector_all("script, iframe", "s => s.length") == 0
            assert "<script>window.pwned = 1</script>" in page.inner_text("body")
            assert [url for url in requests if not url.startswith("file:")] == []
        finally:
            browser.close()
