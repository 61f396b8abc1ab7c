"""Self-contained HTML report pages: one per event, and one across events.

The pages embed their figures (PNG as base64 data URIs), load nothing from the network and escape
every piece of text taken from the data (article titles, terms, outlet names), so an article that
contains markup or a ``<script>`` shows it as text and runs nothing. Functions here are pure: they
take tables and figure bytes and return HTML; :mod:`analysis.report.runner` reads and writes the files.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.analyses.findings import findings_by_kind
from analysis.text.sentences import UNIT_SENTENCE_IDS

__all__ = [
    "CSP",
    "SMALL_SAMPLE_WORDS",
    "Figure",
    "event_page",
    "events_page",
    "key_contrasts",
    "notebook_page",
    "safe_fragment",
    "sample_warnings",
]

_UNIT_OF_SENTENCE = {sentence_id: unit for unit, sentence_id in UNIT_SENTENCE_IDS.items()}
"""The headline and deck rows' sentence ids (:data:`analysis.text.sentences.UNIT_SENTENCE_IDS`), to their unit."""


def _where(sentence_ids: list) -> str:
    """Where evidence stands: "headline", "deck" or "sentence 3, 4".

    >>> _where([-2]), _where([3, 4])
    ('headline', 'sentence 3, 4')
    """
    if len(sentence_ids) == 1 and int(sentence_ids[0]) in _UNIT_OF_SENTENCE:
        return _UNIT_OF_SENTENCE[int(sentence_ids[0])]
    return "sentence " + ", ".join(str(i) for i in sentence_ids)


KIND_TITLES = {
    "naming": "Naming",
    "voices": "Voices",
    "distancing": "Distancing",
    "scare_quotes": "Scare quotes",
    "headlines": "Headlines and decks",
    "derivation": "Derivation",
    "selection": "Selection",
    "terms": "Distinctive terms",
    "frames": "Frames",
}
"""Section titles of the finding kinds."""

SMALL_SAMPLE_WORDS = 500
"""Outlets with fewer words than this get a small-sample warning."""

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.45;overflow-wrap:anywhere}
h1{font-size:1.8em;margin-bottom:.2em} h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{display:block;max-width:100%;overflow-x:auto;border-collapse:collapse;margin:1em 0;font-size:.92em}
th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top;overflow-wrap:normal}
th{background:#f4f4f4}
figure{margin:1.5em 0;max-width:100%;overflow-x:auto}
figure img{display:block;width:100%;min-width:800px;max-width:1050px;border:1px solid #eee}
figcaption{color:#444;font-size:.95em}
.warning{background:#fff4e5;border-left:4px solid #E69F00;padding:.6em 1em;margin:1em 0}
.muted{color:#666;font-size:.9em} code{background:#f4f4f4;padding:0 .2em}
.findings li{margin:.5em 0} .findings .evidence{color:#444;font-size:.9em;margin:.15em 0 0 0}
.findings .stat{color:#666;font-size:.85em} .nothing{color:#666;font-style:italic}
pre{white-space:pre-wrap;overflow-wrap:anywhere} .output_png img,.output_svg img{max-width:100%}
"""
"""Small screens: a table wider than the page scrolls sideways in its own box (``display:block``), and
figures, all saved 2400 px wide (:func:`analysis.io.save_figure`), are shown at one scale up to 1050 px
and never below 800 px (their box scrolls instead), so labels keep one readable size everywhere."""

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""Content-Security-Policy of every page: no script, no frame, nothing from the network; images only inline."""


@dataclass(frozen=True)
class Figure:
    """A figure to embed: its stable name, PNG bytes and caption."""

    name: str
    png: bytes
    caption: str


def _e(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def sample_warnings(articles: pd.DataFrame, *, min_words: int = SMALL_SAMPLE_WORDS) -> list[str]:
    """Warnings for outlets whose articles total fewer than ``min_words`` words.

    Examples
    --------
    >>> arts = pd.DataFrame({"outlet": ["A", "B"], "n_words": [1200, 220]})
    >>> sample_warnings(arts)[0][:45]
    'B: 220 words in all (under 500): its rates an'
    """
    totals = articles.groupby("outlet")["n_words"].sum().sort_index()
    return [
        f"{outlet}: {int(words)} words in all (under {min_words}): its rates and z-scores rest on a small "
        "sample; read them with the passages behind them."
        for outlet, words in totals.items()
        if words < min_words
    ]


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre",
    "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})
_ATTRIBUTES = {"*": ["class", "id", "title"], "a": ["href"], "img": ["src", "alt", "width", "height"],
               "td": ["colspan", "rowspan"], "th": ["colspan", "rowspan"]}
_IMAGE_SOURCE = re.compile(r"data:image/(?:png|jpeg|gif|svg\+xml);base64,[A-Za-z0-9+/=\s]*")


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name == "src":
        return tag == "img" and _IMAGE_SOURCE.fullmatch(value) is not None
    if name == "href":
        return value.startswith("#") or re.match(r"https?://|[\w.-]+\.html(?:#|$)", value) is not None
    return name in _ATTRIBUTES.get(tag, ()) or name in _ATTRIBUTES["*"]


def safe_fragment(fragment: str) -> str:
    """Keep the structural HTML of a rendered notebook (headings, tables, images) and escape the rest.

    Any other tag (``<script>``, ``<iframe>``, ``<style>``, ``<svg>``...) is shown as text, every event
    handler attribute is dropped, images must be inline ``data:`` URIs and links point to pages or
    ``http(s)`` addresses. Together with :data:`CSP`, markup that reached a notebook output from the
    data (an outlet named ``<script>...``) shows as text and runs nothing.

    Examples
    --------
    >>> safe_fragment("<p>RT <script>alert(1)</script><img src=x onerror=alert(2)></p>")
    '<p>RT &lt;script&gt;alert(1)&lt;/script&gt;<img></p>'
    """
    import bleach

    return bleach.clean(fragment, tags=_TAGS, attributes=_allowed_attribute, protocols=["http", "https", "data"],
                        strip=False, strip_comments=True)


def notebook_page(title: str, body: str) -> str:
    """A whole page around a rendered notebook ``body``: sanitised by :func:`safe_fragment`, under :data:`CSP`.

    Examples
    --------
    >>> page = notebook_page("Terms — demo", "<h1>Terms</h1><script>x()</script>")
    >>> "<title>Terms — demo</title>" in page, "<script>" in page, "Content-Security-Policy" in page
    (True, False, True)
    """
    return _page(title, safe_fragment(body))


PAGE_ARTICLES = 100
"""Most articles the event page lists one by one; a larger event is listed per outlet (the page stays
small whatever the corpus: ``articles.csv`` or ``.parquet`` lists every article)."""

PAGE_FIGURE_BYTES = 7_000_000
"""Most PNG bytes the event page embeds (about 9.3 MB once base64-encoded, so the page stays under
10 MB). Above, every figure is embedded at half its size in pixels, again until they fit (the page shows
figures at most 1050 px wide; the full-size PNG and SVG files are in ``figures/<event>/``)."""


def fit_figures(figures: Sequence[Figure], *, budget: int | None = None) -> tuple[list[Figure], int]:
    """``figures`` shrunk (each PNG halved in width and height, as often as needed) to ``budget`` bytes in all
    (default :data:`PAGE_FIGURE_BYTES`).

    Returns the figures to embed and how many times they were halved (0: as saved).

    Examples
    --------
    >>> import io as stdio
    >>> from PIL import Image
    >>> buffer = stdio.BytesIO()
    >>> Image.new("RGB", (2400, 1200), "white").save(buffer, format="PNG")
    >>> fit_figures([Figure("a", buffer.getvalue(), "")], budget=10**6)[1]
    0
    >>> shrunk, times = fit_figures([Figure("a", buffer.getvalue(), "")], budget=1000)
    >>> times, Image.open(stdio.BytesIO(shrunk[0].png)).size
    (3, (300, 150))
    """
    budget = PAGE_FIGURE_BYTES if budget is None else budget
    out, times = list(figures), 0
    while sum(len(f.png) for f in out) > budget and times < 4:  # noqa: PLR2004 - down to 150 px wide at most
        out, times = [Figure(f.name, _half_png(f.png), f.caption) for f in out], times + 1
    return out, times


def _half_png(png: bytes) -> bytes:
    """The PNG at half its width and height (Lanczos), re-encoded without metadata: same input, same bytes."""
    import io as stdio

    from PIL import Image

    with Image.open(stdio.BytesIO(png)) as image:
        half = image.resize((max(1, image.width // 2), max(1, image.height // 2)), Image.Resampling.LANCZOS)
    buffer = stdio.BytesIO()
    half.save(buffer, format="PNG")
    return buffer.getvalue()


PAGE_FINDINGS_PER_KIND = 25
"""Most findings of one kind the event page shows (the strongest); the others are counted, and all
are in ``findings.csv`` (or ``.parquet``). A large event can have thousands (one per derived article)."""

PAGE_TABLES = {
    "articles": ["article_id", "outlet", "platform", "published", "title", "n_words"],
    "findings": None,
    "distinctive_terms": ["outlet", "reference", "term", "z"],
}
"""The tables the event pages read, with the columns they need (None: all)."""


def _table(header: Sequence[str], rows: Iterable[Iterable[object]]) -> str:
    """An HTML table: ``header`` cells as given (HTML), every body cell escaped."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _articles_table(articles: pd.DataFrame, *, file: str = "articles.csv") -> str:
    if len(articles) > PAGE_ARTICLES:
        return _outlets_table(articles, file=file)
    columns = ["article_id", "outlet", "platform", "published", "title", "n_words"]
    return _table(["id", "outlet", "taken from", "published", "title", "words"],
                  articles.sort_values("article_id", kind="stable").reindex(columns=columns).itertuples(index=False))


def _outlets_table(articles: pd.DataFrame, *, file: str) -> str:
    """Per outlet: articles, words, first and last publication date (an event too large to list)."""
    dates = pd.to_datetime(articles["published"], errors="coerce")
    grouped = articles.assign(_date=dates).groupby("outlet", sort=True).agg(
        n=("article_id", "size"), words=("n_words", "sum"), first=("_date", "min"), last=("_date", "max"))
    def day(value: object) -> str:
        return "" if pd.isna(value) else str(pd.Timestamp(value).date())

    rows = [(outlet, int(r.n), int(r.words), day(r.first), day(r.last)) for outlet, r in grouped.iterrows()]
    return (
        f"<p class=\"muted\">{len(articles):,} articles, more than the {PAGE_ARTICLES} listed one by one: per outlet "
        f"here; every article is in <code>{_e(file)}</code>.</p>"
        + _table(["outlet", "articles", "words", "first published", "last published"], rows)
    )


def _finding_link(
    row: Mapping[str, object], figure_names: Sequence[str], table_href: str, prefix: str,
    table_files: Mapping[str, str] | None = None,
) -> str:
    """The page anchor of the figure a finding points to, else the table file behind it (CSV or Parquet)."""
    figure = str(row.get("figure") or "")
    for name in figure_names:
        if figure and (name == figure or name.startswith(figure + "-")):
            return f"{prefix}#{name}"
    table = str(row.get("table"))
    return f"{table_href}{(table_files or {}).get(table, table + '.csv')}"


def _table_files(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """Table name -> the file it was read from (``attrs["file"]`` of :func:`analysis.io.read_table`)."""
    return {name: str(frame.attrs.get("file") or f"{name}.csv") for name, frame in tables.items()}


def key_contrasts(
    findings: pd.DataFrame | None,
    *,
    figure_names: Sequence[str] = (),
    table_href: str = "",
    prefix: str = "",
    heading: str = "h2",
    max_per_kind: int | None = None,
    table_files: Mapping[str, str] | None = None,
    more_in: str = "the event page",
) -> str:
    """The "Key contrasts" section: each finding kind, its ranked sentences with evidence, or a plain "nothing".

    Parameters
    ----------
    findings : DataFrame or None
        The ``findings`` table (:func:`analysis.analyses.findings.find_contrasts`); None if not built.
    figure_names : sequence of str
        Names of the figures on the page; a finding links to its figure when present, else to its table.
    table_href : str
        URL prefix of the event's CSV tables.
    prefix : str
        URL of the page holding the figures ("" for this page).
    heading : str
        HTML tag of the section heading.
    max_per_kind : int, optional
        Findings shown per kind (the rest are counted); default all.
    table_files : mapping, optional
        Table name -> its file name (``terms.parquet``); default ``<name>.csv``.
    more_in : str
        Where the findings left out by ``max_per_kind`` are ("N more in ...").

    Examples
    --------
    >>> "No term is distinctive" in key_contrasts(pd.DataFrame(columns=["kind", "rank"]))
    True
    """
    sub = "h3" if heading == "h2" else "h4"
    parts = [f"<{heading} id=\"key-contrasts\">Key contrasts</{heading}>"]
    if findings is None:
        return parts[0] + "<p class=\"nothing\">No findings table was built for this event.</p>"
    parts.append(
        "<p class=\"muted\">Contrasts between outlets found in the tables, strongest first within each kind; "
        "each rests on at least two hits and links to the chart or table that shows it. p: one-sided test "
        "named beside it (none for descriptive rows). Snippets are from the cleaned sentences named.</p>"
    )
    for kind, rows, nothing in findings_by_kind(findings):
        parts.append(f"<{sub}>{_e(KIND_TITLES.get(kind, kind))}</{sub}>")
        if not rows:
            parts.append(f"<p class=\"nothing\">{_e(nothing)}</p>")
            continue
        shown = rows if max_per_kind is None else rows[:max_per_kind]
        items = []
        for row in shown:
            href = _finding_link(row, figure_names, table_href, prefix, table_files)
            p = row.get("p_value")
            stat = _e(row.get("statistic"))
            if p is not None and not (isinstance(p, float) and math.isnan(p)):
                stat += f"; p = {float(p):.3g}"
            evidence = json.loads(row.get("evidence") or "[]") if isinstance(row.get("evidence"), str) else []
            ev = "".join(
                f"<li>[{_e(item.get('article_id'))}: {_e(_where(item.get('sentence_ids', [])))}] "
                f"“{_e(item.get('snippet'))}”</li>"
                for item in evidence
            )
            items.append(
                f"<li><a href=\"{_e(href)}\">{_e(row.get('sentence'))}</a> <span class=\"stat\">({stat}; "
                f"{_e(row.get('n_hits'))} hits)</span>" + (f"<ul class=\"evidence\">{ev}</ul>" if ev else "") + "</li>"
            )
        parts.append("<ol class=\"findings\">" + "".join(items) + "</ol>")
        if len(shown) < len(rows):
            parts.append(f"<p class=\"muted\">{len(rows) - len(shown):,} more in {_e(more_in)}.</p>")
    return "\n".join(parts)


def event_page(
    slug: str,
    meta: Mapping[str, object],
    tables: Mapping[str, pd.DataFrame],
    figures: Sequence[Figure],
    notebooks: Sequence[str],
    *,
    table_files: Mapping[str, str] | None = None,
) -> str:
    """The HTML of ``reports/<event>/index.html``.

    Parameters
    ----------
    slug : str
        The event's folder name.
    meta : mapping
        ``title``, ``description`` and ``date`` of the event.
    tables : mapping of str to DataFrame
        The event's tables (``articles`` at least).
    figures : sequence of Figure
        Figures to embed, in order.
    notebooks : sequence of str
        Stems of the executed notebooks; each is linked as ``<stem>.html``.
    table_files : mapping of str to str, optional
        Table name -> its file name, for links (default: from the tables' ``attrs["file"]``); lets
        ``tables`` hold only :data:`PAGE_TABLES`.
    """
    articles = tables["articles"]
    files = dict(_table_files(tables)) | dict(table_files or {})
    parts = [f"<h1>{_e(meta.get('title') or slug)}</h1>"]
    if meta.get("description"):
        parts.append(f"<p>{_e(meta['description'])}</p>")
    n_outlets = articles["outlet"].nunique()
    parts.append(
        f"<p class=\"muted\">Event <code>{_e(slug)}</code>, {_e(meta.get('date') or 'undated')}: "
        f"{len(articles)} articles from {n_outlets} outlets. Every number below can be traced to the passages "
        "behind it in the tables of <code>data/processed/" + _e(slug) + "/</code> and in the notebooks.</p>"
    )
    warnings = sample_warnings(articles)
    if warnings:
        parts.append(
            "<div class=\"warning\"><strong>Small samples.</strong><ul>"
            + "".join(f"<li>{_e(w)}</li>" for w in warnings)
            + "</ul></div>"
        )
    parts.append(key_contrasts(
        tables.get("findings"),
        figure_names=[f.name for f in figures],
        table_href=f"../../data/processed/{slug}/",
        table_files=files,
        max_per_kind=PAGE_FINDINGS_PER_KIND,
        more_in=files.get("findings", "findings.csv"),
    ))
    parts.append("<h2>Articles</h2>" + _articles_table(articles, file=files.get("articles", "articles.csv")))
    parts.append("<h2>Figures</h2>")
    if not figures:
        parts.append("<p>No figures were produced.</p>")
    figures, halved = fit_figures(figures)
    if halved:
        parts.append(f"<p class=\"muted\">Figures are shown at 1/{2 ** halved} of their size in pixels to keep this "
                     f"page under 10 MB; the full-size PNG and SVG files are in <code>figures/{_e(slug)}/</code>.</p>")
    for figure in figures:
        data = base64.b64encode(figure.png).decode("ascii")
        parts.append(
            f"<figure id=\"{_e(figure.name)}\"><img src=\"data:image/png;base64,{data}\" alt=\"{_e(figure.caption)}\">"
            f"<figcaption><strong>{_e(figure.name)}</strong>: {_e(figure.caption)}</figcaption></figure>"
        )
    parts.append("<h2>Notebooks</h2><ul>")
    parts.extend(f"<li><a href=\"{_e(stem)}.html\">{_e(stem)}</a> (code hidden; the executed notebook "
                 f"<a href=\"{_e(stem)}.ipynb\">{_e(stem)}.ipynb</a> has it)</li>" for stem in notebooks)
    parts.append("</ul>")
    parts.append(
        "<p class=\"muted\">Lexicon and cue scores are proxies for framing, not judgements: check them against "
        "the evidence tables. Figures are also in <code>figures/" + _e(slug) + "/</code> as PNG (200 dpi) and SVG.</p>"
    )
    return _page(str(meta.get("title") or slug), "\n".join(parts))


def _top_terms(tables: Mapping[str, pd.DataFrame], outlet: str, k: int = 5, z_min: float = 1.96) -> str:
    terms = tables.get("distinctive_terms")
    if terms is None or terms.empty or not {"outlet", "reference", "term", "z"} <= set(terms.columns):
        return ""
    rows = terms[(terms["outlet"] == outlet) & (terms["reference"] == "rest") & (terms["z"] >= z_min)]
    rows = rows.sort_values(["z", "term"], ascending=[False, True], kind="stable").head(k)
    return ", ".join(rows["term"].astype(str))


def events_page(
    events: Mapping[str, tuple[Mapping[str, object], Mapping[str, pd.DataFrame]]],
    *,
    table_files: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The HTML of ``reports/index.html``: each event, per outlet its distinctive terms, and its key contrasts.

    Parameters
    ----------
    events : mapping
        Event slug -> (event metadata, tables).
    table_files : mapping, optional
        Event slug -> table name -> file name, for links (default: from the tables' ``attrs["file"]``).
    """
    parts = ["<h1>Framing reports</h1>", f"<p>{len(events)} events.</p>"]
    for slug in sorted(events):
        meta, tables = events[slug]
        articles = tables["articles"]
        parts.append(f"<h2><a href=\"{_e(slug)}/index.html\">{_e(meta.get('title') or slug)}</a></h2>")
        parts.append(f"<p class=\"muted\">{_e(meta.get('date') or 'undated')}, {len(articles)} articles</p>")
        rows = [(outlet, int(articles.loc[articles["outlet"] == outlet, "n_words"].sum()),
                 _top_terms(tables, outlet) or "none") for outlet in sorted(articles["outlet"].unique())]
        parts.append(_table(["outlet", "words", "distinctive terms (vs the rest, |z| &ge; 1.96)"], rows))
        figure_names = sorted({str(f) for f in (tables.get("findings", pd.DataFrame()).get("figure", []))})
        parts.append(key_contrasts(
            tables.get("findings"), figure_names=figure_names, table_href=f"../data/processed/{slug}/",
            prefix=f"{slug}/index.html", heading="h3", max_per_kind=5,
            table_files=dict(_table_files(tables)) | dict((table_files or {}).get(slug, {})),
        ))
    return _page("Framing reports", "\n".join(parts))
