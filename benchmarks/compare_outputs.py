"""Compare two report roots: the tables and figures that differ between them.

Usage::

    python benchmarks/compare_outputs.py ROOT_BEFORE ROOT_AFTER

Each root is a ``--root`` given to ``python -m analysis`` (``data/processed/<event>/*.csv`` and
``figures/<event>/*``). Prints one line per file that is missing on one side or whose bytes differ
(a PNG whose bytes differ but whose pixels agree is reported as ``pixels equal``), then a summary;
the exit status is 1 when anything differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

FOLDERS = ("data/processed", "figures")


def output_files(root: Path) -> dict[str, Path]:
    """Every table and figure under ``root``, keyed by its path relative to ``root``."""
    return {
        str(path.relative_to(root)): path
        for folder in FOLDERS
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }


def same_pixels(a: Path, b: Path) -> bool:
    """Whether two PNG files decode to the same pixels."""
    import numpy as np
    from matplotlib.image import imread

    left, right = imread(a), imread(b)
    return left.shape == right.shape and bool(np.array_equal(left, right))


def compare(before: Path, after: Path) -> list[str]:
    """One line per differing file: ``<path>: only in <root>``, ``bytes differ`` or ``pixels equal``."""
    old, new = output_files(before), output_files(after)
    lines = [f"{name}: only in {before}" for name in sorted(set(old) - set(new))]
    lines += [f"{name}: only in {after}" for name in sorted(set(new) - set(old))]
    for name in sorted(set(old) & set(new)):
        if old[name].read_bytes() == new[name].read_bytes():
            continue
        if name.endswith(".png") and same_pixels(old[name], new[name]):
            lines.append(f"{name}: bytes differ, pixels equal")
        else:
            lines.append(f"{name}: bytes differ")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: python benchmarks/compare_outputs.py ROOT_BEFORE ROOT_AFTER", file=sys.stderr)
        return 2
    before, after = (Path(arg) for arg in argv)
    lines = compare(before, after)
    for line in lines:
        print(line)
    n_files = len(output_files(before))
    print(f"{n_files} files in {before}; {len(lines)} differ")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
