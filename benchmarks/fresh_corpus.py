"""A copy of a synthetic benchmark event whose sentences rarely repeat, to time steps without text reuse.

``make_corpus.py`` builds events from 67 seed paragraphs, so about 95 % of their sentences are
repeats: any cache keyed by text (tokens of a distinct sentence, a difflib ratio of a distinct
pair) hits almost always there. This script rewrites each article of such an event: every
lower-case word of four letters or more is given, with probability ``--share``, a made-up
three-letter ending (``office`` -> ``officeqzk``), drawn from a :class:`random.Random` seeded with
``--seed`` and the article id, so the output is deterministic. Capitalised words (names, actors)
and the page layout are kept; near-copies stay similar to their originals (most words agree), but
hardly two sentences of the event are equal and the vocabulary grows with the corpus, as in real
text.

Run::

    python benchmarks/make_corpus.py --size 1MB --out ROOT --seed 0
    python benchmarks/fresh_corpus.py ROOT/data/raw/bench-1MB      # writes ROOT/data/raw/bench-1MB-fresh
    python -m analysis --root ROOT tables --event bench-1MB-fresh
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import string
import sys
import zlib
from pathlib import Path

_WORD = re.compile(r"\b[a-z]{4,}\b")


def mutate(text: str, *, rng: random.Random, share: float) -> str:
    """``text`` with a share of its lower-case words given a made-up ending.

    Examples
    --------
    >>> mutate("Japan plans to open an office in Tokyo soon", rng=random.Random(1), share=1.0)
    'Japan planszyc to openpyo an officemzg in Tokyo soonamn'
    """
    def replace(match: re.Match[str]) -> str:
        if rng.random() >= share:
            return match.group(0)
        return match.group(0) + "".join(rng.choice(string.ascii_lowercase) for _ in range(3))

    return _WORD.sub(replace, text)


def main(argv: list[str] | None = None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("event", type=Path, help="an event folder written by make_corpus.py (corpus.parquet)")
    parser.add_argument("--share", type=float, default=0.3, help="share of lower-case words changed (default 0.3)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    source = args.event / "corpus.parquet"
    if not source.is_file():
        print(f"{source}: no such file (build the event with make_corpus.py first)", file=sys.stderr)
        return 2
    out = args.event.with_name(args.event.name + "-fresh")
    out.mkdir(parents=True, exist_ok=True)
    for name in ("event.yaml", "actors.yaml", "lexicon.yaml"):
        if (args.event / name).is_file():
            shutil.copyfile(args.event / name, out / name)
    reader = pq.ParquetFile(source)
    writer = None
    for batch in reader.iter_batches():
        table = pa.Table.from_batches([batch])
        ids = table.column("article_id").to_pylist()
        texts = table.column("text").to_pylist()
        changed = [
            mutate(t, rng=random.Random(zlib.crc32(f"{args.seed}:{i}".encode())), share=args.share) if t else t
            for i, t in zip(ids, texts, strict=True)
        ]
        table = table.set_column(table.schema.get_field_index("text"), "text", pa.array(changed, pa.string()))
        if writer is None:
            writer = pq.ParquetWriter(out / "corpus.parquet", table.schema)
        writer.write_table(table)
    if writer is not None:
        writer.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
