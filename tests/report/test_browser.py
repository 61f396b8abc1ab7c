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


@pytest.fixture(scope="module")
def phone_page(tmp_path_factory) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from analysis import io

    folder = tmp_path_factory.mktemp("figs")
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    io.save_figure(fig, "corpus-small", folder)
    fig, ax = plt.subplots(figsize=(16, 4))
    ax.barh(["a very long outlet name that goes on", "b"], [1, 2])
    io.save_figure(fig, "corpus-wide", folder)
    plt.close("all")
    articles = pd.DataFrame({
        "article_id": ["000", "001"], "outlet": ["Elmwood Gazette", "Coastal Daily"], "platform": [None, None],
        "published": ["2026-03-10", None], "title": ["Harbour ferry to stop running in June, council decides " * 3, "x"],
        "n_words": [900, 300],
    })
    figures = [site.Figure(name, png, name) for name, png in io.read_png_figures(folder)]
    html = site.event_page("harbour-ferry", {"title": "Ferry"}, {"articles": articles}, figures, ["10-corpus"])
    path = tmp_path_factory.mktemp("site") / "index.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_at_390_px_only_tables_and_figures_scroll_and_figures_share_one_scale(phone_page):
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(phone_page.as_uri())
            page.wait_for_load_state("load")
            # the page itself never scrolls sideways
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            # the articles table scrolls inside its own box
            box = page.eval_on_selector("table", "t => [t.clientWidth, t.scrollWidth, getComputedStyle(t).overflowX]")
            assert box[0] <= 390 and box[1] > box[0] and box[2] == "auto"
            # every figure is 2400 px wide and shown at the same scale, at least 800 css px wide
            sizes = page.eval_on_selector_all("figure img", "imgs => imgs.map(i => [i.naturalWidth, i.clientWidth])")
            assert [natural for natural, _ in sizes] == [2400, 2400]
            assert len({shown for _, shown in sizes}) == 1 and sizes[0][1] >= 800
            page.set_viewport_size({"width": 1280, "height": 900})
            sizes = page.eval_on_selector_all("figure img", "imgs => imgs.map(i => i.clientWidth)")
            assert sizes == [1050, 1050]
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
