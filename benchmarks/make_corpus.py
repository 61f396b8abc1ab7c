"""Build a synthetic benchmark event folder of a given size from the five seed articles, offline.

Writes ``<out>/data/raw/bench-<SIZE>/`` holding ``event.yaml`` and one article table,
``corpus.parquet`` (or ``corpus.jsonl`` with ``--format jsonl``), plus copies of the seed event's
``actors.yaml`` and ``lexicon.yaml`` (skip them with ``--bare``) so that the stance and frame
builders see the same event-specific files as on the seed event. Nothing is downloaded.

Run::

    python benchmarks/make_corpus.py --size 10MB --out /tmp/bench-root [--seed 0] [--format parquet]
    python -m analysis --root /tmp/bench-root tables --event bench-10MB

Recipe
------
1. **Paragraph pool.** The seed event ``data/raw/nato-tokyo-office`` is loaded with
   :func:`analysis.io.load_event` and cleaned with :func:`analysis.pipeline.process_partition`;
   the cleaned bodies (``articles.text``) are split on blank lines into paragraphs (67 of them).
2. **Original articles.** Each article draws 3-12 distinct paragraphs at random (a
   :class:`random.Random` seeded with ``--seed``, so the output is deterministic; a larger size with
   the same seed starts with the same articles). Its outlet is one of ten made-up names
   (``Outlet 01`` .. ``Outlet 10``), its date one day of May 2023, its authors 0-2 made-up names,
   its title the first sentence of its body (cut at 110 characters on a word boundary), its id
   ``bench-NNNNNNN`` and its URL on ``outlet-NN.example``.
3. **Near-copies (wire copy).** About 15 % of articles (``COPY_SHARE``) are near-copies of an earlier
   original (picked from a bounded reservoir of recent originals): one to three sentences are
   dropped from multi-sentence paragraphs, a few words are replaced (``said`` -> ``stated``, ...), and
   one paragraph not in the original is inserted at an inner position. A copy is published by
   another outlet, 0-3 days after its original, with ``source`` set to the original's outlet.
4. **Unique bodies.** The loader refuses two articles with the same cleaned body, so the digest of
   every body is kept (8 bytes each) and a body that was already produced is redrawn (for a copy,
   another paragraph is inserted).
5. **Boilerplate.** About half the articles (``WRAP_SHARE``) are wrapped, like the seed pages, in
   page lines the cleaner removes: a menu, the headline, a byline, a date, share and follow pitches
   before the body; tags, a newsletter pitch, a copyright line, a related-articles list and a
   subscription block after it. The body itself is never changed by the wrapping.
6. **Size.** Articles are produced until the UTF-8 bytes of the ``text`` column reach ``--size``
   (``1MB`` = 1,000,000 bytes; ``B``, ``KB``, ``MB``, ``GB`` accepted, decimal). Rows are written in
   chunks (``--chunk-rows``) with :class:`pyarrow.parquet.ParquetWriter` (or line by line for
   JSONL), so memory stays bounded even for ``1GB`` (about 500,000 articles).

Table schema
------------
One row per article, the columns read by :func:`analysis.corpus.rows_from_table`: ``article_id``,
``outlet``, ``platform`` (null), ``source`` (null or the original's outlet), ``published``
(``YYYY-MM-DD``), ``authors`` (list of strings), ``title``, ``url``, ``language`` (``en``) and
``text`` (the raw page text). The single ``event.yaml`` entry ``file: corpus.parquet`` carries the
required keys as row defaults.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

REPO = Path(__file__).resolve().parents[1]
SEED_EVENT = REPO / "data" / "raw" / "nato-tokyo-office"
EVENT_FILES = ("actors.yaml", "lexicon.yaml")

N_OUTLETS = 10
COPY_SHARE = 0.15
WRAP_SHARE = 0.5
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 3, 12
RESERVOIR = 2000
FIRST_DAY = dt.date(2023, 5, 1)
DAYS = 31
TITLE_CHARS = 110
UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9}

AUTHORS = [
    "Alex Morgan", "Brook Tanaka", "Chris Varga", "Dana Okafor", "Eli Sato", "Fran Novak",
    "Gil Haddad", "Hana Ito", "Ivo Petrov", "Jo Lindqvist", "Kai Moreau", "Lee Park",
]
REPLACEMENTS = {
    "said": "stated", "plans": "intends", "planned": "proposed", "office": "bureau", "officials": "sources",
    "reported": "wrote", "first": "initial", "cooperation": "collaboration", "region": "area",
    "alliance": "bloc", "also": "further", "open": "establish", "important": "significant",
    "According": "As reported", "stated": "said", "claimed": "asserted", "increase": "expand",
}
_REPLACEABLE = re.compile(r"\b(" + "|".join(REPLACEMENTS) + r")\b")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[“\"A-Z])|(?<=[.!?][”\"’])\s+(?=[“\"A-Z])")
MENU = "Home | World | Asia-Pacific | Politics | Business | Opinion | Video"
TAGS = "Tags: NATO, Japan, Indo-Pacific, Defense, Diplomacy"
RELATED = [
    "[China warns against Asia-Pacific version of NATO](https://{host}/world/china-warns)",
    "[Quad leaders to meet in Sydney](https://{host}/world/quad-sydney)",
    "[Japan weighs new mission to NATO](https://{host}/politics/japan-mission)",
]
SUBSCRIBE = [
    "Subscribe",
    "Get unlimited digital access to award-winning reporting from {outlet}.",
    "- Unlimited articles",
    "- Daily newsletter",
    "- Cancel anytime",
]


@dataclass
class Article:
    """One synthetic article: metadata, body paragraphs and the text written to the table."""

    article_id: str
    outlet: str
    published: dt.date
    authors: list[str]
    paragraphs: list[str]
    source: str | None = None
    text: str = ""
    title: str = ""
    url: str = ""


@dataclass
class Stats:
    """Counts reported at the end of a run."""

    articles: int = 0
    copies: int = 0
    wrapped: int = 0
    text_bytes: int = 0
    redraws: int = 0
    by_outlet: dict[str, int] = field(default_factory=dict)


def parse_size(text: str) -> int:
    """Bytes in a size such as ``10MB``, ``1GB``, ``500KB`` or ``2.5MB`` (decimal units).

    Examples
    --------
    >>> parse_size("10MB"), parse_size("1gb"), parse_size("1.5KB")
    (10000000, 1000000000, 1500)
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?B)\s*", text.upper())
    if not match:
        raise argparse.ArgumentTypeError(f"size must look like 1MB, 10MB, 100MB or 1GB, got {text!r}")
    value = int(float(match.group(1)) * UNITS[match.group(2)])
    if value < 1:
        raise argparse.ArgumentTypeError(f"size must be positive, got {text!r}")
    return value


def seed_paragraphs(event: Path = SEED_EVENT) -> list[str]:
    """The paragraphs of the seed event's cleaned bodies, in article order."""
    sys.path.insert(0, str(REPO))
    from analysis import io
    from analysis.tables.partition import process_partition

    _, corpus = io.load_event(event)
    tables = process_partition(corpus)
    return [p.strip() for body in tables["articles"]["text"] for p in body.split("\n\n") if p.strip()]


def first_sentence(paragraph: str, limit: int = TITLE_CHARS) -> str:
    """The first sentence of ``paragraph`` without its final full stop, cut on a word at ``limit``.

    Examples
    --------
    >>> first_sentence("NATO plans an office. It is small.")
    'NATO plans an office'
    """
    sentence = _SENTENCE_BREAK.split(paragraph, maxsplit=1)[0].strip()
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence.rstrip(".")


def _digest(paragraphs: list[str]) -> bytes:
    return hashlib.blake2b("\n\n".join(paragraphs).encode("utf-8"), digest_size=8).digest()


def _outlet(index: int) -> str:
    return f"Outlet {index + 1:02d}"


def _drop_sentences(paragraphs: list[str], rng: Random) -> list[str]:
    out = list(paragraphs)
    for _ in range(rng.randint(1, 3)):
        candidates = [i for i, p in enumerate(out) if len(_SENTENCE_BREAK.split(p)) > 1]
        if not candidates:
            break
        i = rng.choice(candidates)
        sentences = _SENTENCE_BREAK.split(out[i])
        del sentences[rng.randrange(len(sentences))]
        out[i] = " ".join(sentences)
    return out


def _replace_words(paragraphs: list[str], rng: Random) -> list[str]:
    spots = [(i, m.start(), m.end()) for i, p in enumerate(paragraphs) for m in _REPLACEABLE.finditer(p)]
    chosen = sorted(rng.sample(spots, min(len(spots), rng.randint(2, 5))), reverse=True)
    out = list(paragraphs)
    for i, start, end in chosen:  # right to left, so earlier offsets stay valid
        out[i] = out[i][:start] + REPLACEMENTS[out[i][start:end]] + out[i][end:]
    return out


def near_copy(original: Article, pool: list[str], rng: Random) -> list[str]:
    """Paragraphs of a near-copy: sentences dropped, words replaced, one new inner paragraph."""
    paragraphs = _replace_words(_drop_sentences(original.paragraphs, rng), rng)
    new = rng.choice([p for p in pool if p not in original.paragraphs])
    paragraphs.insert(rng.randint(1, len(paragraphs) - 1), new)
    return paragraphs


def wrap(article: Article, rng: Random) -> str:
    """The article's body inside page boilerplate lines (menu, byline, share, tags, subscribe...)."""
    host = f"outlet-{article.outlet.split()[-1]}.example"
    date_text = f"{article.published:%B} {article.published.day}, {article.published.year}"
    head = ["Menu", MENU, article.title]
    if article.authors:
        bylines = [f"By {' and '.join(article.authors)}", f"Written by {article.authors[0]} on {date_text}"]
        head.append(rng.choice(bylines))
    head.append(date_text)
    head += rng.sample(["Share this article: click the share button", "Follow us on Telegram and X"], rng.randint(0, 2))
    tail = [TAGS]
    if rng.random() < 0.5:
        tail.append("Sign up for our daily newsletter to get the top stories in your inbox.")
    tail.append(f"Copyright © {article.published.year} {article.outlet}. All rights reserved.")
    if rng.random() < 0.5:
        tail += ["Related Articles", *(line.format(host=host) for line in rng.sample(RELATED, 2))]
    if rng.random() < 0.5:
        tail += [line.format(outlet=article.outlet) for line in SUBSCRIBE]
    return "\n\n".join([*head, *article.paragraphs, *tail]) + "\n"


def generate(target_bytes: int, pool: list[str], *, seed: int = 0, stats: Stats | None = None) -> Iterator[Article]:
    """Yield articles until their texts total at least ``target_bytes`` UTF-8 bytes."""
    rng = Random(seed)
    stats = stats if stats is not None else Stats()
    seen: set[bytes] = set()
    reservoir: list[Article] = []
    while stats.text_bytes < target_bytes:
        index = stats.articles
        article_id = f"bench-{index + 1:07d}"
        original = rng.choice(reservoir) if reservoir and rng.random() < COPY_SHARE else None
        while True:
            if original is not None:
                paragraphs = near_copy(original, pool, rng)
            else:
                paragraphs = rng.sample(pool, rng.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS))
            digest = _digest(paragraphs)
            if digest not in seen:
                break
            stats.redraws += 1
        seen.add(digest)
        if original is None:
            outlet = _outlet(rng.randrange(N_OUTLETS))
            published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            source = None
        else:
            outlet = _outlet(rng.choice([i for i in range(N_OUTLETS) if _outlet(i) != original.outlet]))
            last = FIRST_DAY + dt.timedelta(days=DAYS - 1)
            published = min(original.published + dt.timedelta(days=rng.randint(0, 3)), last)
            source = original.outlet
        authors = rng.sample(AUTHORS, rng.choice([0, 1, 1, 1, 2]))
        article = Article(article_id, outlet, published, authors, paragraphs, source=source)
        article.title = first_sentence(paragraphs[0])
        article.url = f"https://outlet-{outlet.split()[-1]}.example/{published:%Y/%m/%d}/{article_id}"
        if rng.random() < WRAP_SHARE:
            article.text = wrap(article, rng)
            stats.wrapped += 1
        else:
            article.text = "\n\n".join(paragraphs) + "\n"
        if original is None:
            if len(reservoir) < RESERVOIR:
                reservoir.append(article)
            else:
                reservoir[rng.randrange(RESERVOIR)] = article
        else:
            stats.copies += 1
        stats.articles += 1
        stats.text_bytes += len(article.text.encode("utf-8"))
        stats.by_outlet[outlet] = stats.by_outlet.get(outlet, 0) + 1
        yield article


def _row(article: Article) -> dict:
    return {
        "article_id": article.article_id,
        "outlet": article.outlet,
        "platform": None,
        "source": article.source,
        "published": article.published.isoformat(),
        "authors": article.authors,
        "title": article.title,
        "url": article.url,
        "language": "en",
        "text": article.text,
    }


def write_parquet(articles: Iterator[Article], path: Path, *, chunk_rows: int) -> None:
    """Stream articles to a Parquet file, ``chunk_rows`` rows per row group."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("article_id", pa.string()), ("outlet", pa.string()), ("platform", pa.string()),
            ("source", pa.string()), ("published", pa.string()), ("authors", pa.list_(pa.string())),
            ("title", pa.string()), ("url", pa.string()), ("language", pa.string()), ("text", pa.string()),
        ]
    )
    chunk: list[dict] = []
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for article in articles:
            chunk.append(_row(article))
            if len(chunk) >= chunk_rows:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk = []
        if chunk:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))


def write_jsonl(articles: Iterator[Article], path: Path) -> None:
    """Stream articles to a JSON Lines file, one object per line."""
    with open(path, "w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(_row(article), ensure_ascii=False) + "\n")


def event_yaml(size_label: str, file_name: str, *, seed: int) -> str:
    """Text of the benchmark event's ``event.yaml``: one table entry whose keys are row defaults."""
    return "\n".join(
        [
            f"# Synthetic benchmark event written by benchmarks/make_corpus.py --size {size_label} --seed {seed}.",
            "# Articles are shuffled paragraphs of the nato-tokyo-office seed bodies; see the script's docstring.",
            f"title: Synthetic benchmark event ({size_label}) from the NATO Tokyo office seeds",
            "description: >-",
            "  Shuffled seed paragraphs under ten made-up outlets, with near-copies (wire copy) and page",
            "  boilerplate around about half of the articles. For timing the pipeline, not for analysis.",
            f"date: {FIRST_DAY.isoformat()}",
            "articles:",
            f"  - file: {file_name}",
            "    outlet: Unknown outlet",
            "    platform: null",
            "    source: null",
            "    published: null",
            "    authors: []",
            "    title: null",
            "    language: en",
            "    text_column: text",
            "",
        ]
    )


def build_event(
    size: str, out: Path, *, seed: int = 0, fmt: str = "parquet", chunk_rows: int = 2000, bare: bool = False
) -> tuple[Path, Stats]:
    """Write ``<out>/data/raw/bench-<size>/`` and return its path and the counts of what was written."""
    target = parse_size(size)
    label = size.strip().upper().replace(" ", "")
    folder = out / "data" / "raw" / f"bench-{label}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    pool = seed_paragraphs()
    stats = Stats()
    articles = generate(target, pool, seed=seed, stats=stats)
    file_name = f"corpus.{fmt}"
    if fmt == "parquet":
        write_parquet(articles, folder / file_name, chunk_rows=chunk_rows)
    else:
        write_jsonl(articles, folder / file_name)
    (folder / "event.yaml").write_text(event_yaml(label, file_name, seed=seed), encoding="utf-8")
    if not bare:
        for name in EVENT_FILES:
            if (SEED_EVENT / name).exists():
                shutil.copyfile(SEED_EVENT / name, folder / name)
    return folder, stats


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", required=True, help="bytes of raw article text: 1MB, 10MB, 100MB, 1GB, ...")
    parser.add_argument(
        "--out", type=Path, required=True, help="root folder; the event goes to OUT/data/raw/bench-SIZE"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--format", choices=("parquet", "jsonl"), default="parquet", help="article table format")
    parser.add_argument("--chunk-rows", type=int, default=2000, help="rows per Parquet row group (default 2000)")
    parser.add_argument("--bare", action="store_true", help="do not copy the seed actors.yaml and lexicon.yaml")
    args = parser.parse_args(argv)
    try:
        parse_size(args.size)
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    folder, stats = build_event(
        args.size, args.out, seed=args.seed, fmt=args.format, chunk_rows=args.chunk_rows, bare=args.bare
    )
    print(
        f"{folder}: {stats.articles} articles ({stats.copies} near-copies, {stats.wrapped} wrapped in boilerplate), "
        f"{stats.text_bytes:,} bytes of text, {stats.redraws} redraws"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
