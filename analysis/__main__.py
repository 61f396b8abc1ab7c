"""Command line: ``python -m analysis {init-event,tables,report,params} ...``.

Run ``python -m analysis --help`` or ``python -m analysis COMMAND --help`` for every option.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import io
from .report import Layout, run_event, write_event_tables

__all__ = ["main"]


def _events(args: argparse.Namespace, layout: Layout) -> list[str]:
    if getattr(args, "all", False):
        slugs = sorted(p.name for p in layout.raw_root.iterdir() if (p / "event.yaml").exists())
        if not slugs:
            raise ValueError(f"{layout.raw_root}: no event folders with an event.yaml")
        return slugs
    if not args.event:
        raise ValueError("name an event with --event SLUG (or use --all)")
    return list(dict.fromkeys(args.event))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Media framing analysis: build an event's tables, figures and reports.",
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="project folder holding data/, figures/, reports/ (default: .)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init-event", help="write a starter event.yaml listing the files of an event folder")
    init.add_argument("folder", type=Path, help="the event folder, e.g. data/raw/my-event")

    tables = sub.add_parser("tables", help="build and write an event's tables to data/processed/<event>/")
    tables.add_argument("--event", action="append", default=[], help="event folder name under data/raw (repeatable)")
    tables.add_argument("--all", action="store_true", help="every event under data/raw")

    report = sub.add_parser("report", help="tables, then every notebook through papermill, then HTML")
    report.add_argument("--event", action="append", default=[], help="event folder name under data/raw (repeatable)")
    report.add_argument("--all", action="store_true", help="every event under data/raw")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code (0 success, 1 bad input or failed run)."""
    args = build_parser().parse_args(argv)
    layout = Layout(root=args.root)
    try:
        if args.command == "init-event":
            path = io.write_starter_event_yaml(args.folder)
            print(f"wrote {path}: fill in the TODOs")
        elif args.command == "tables":
            for slug in _events(args, layout):
                tables = write_event_tables(slug, layout)
                print(f"{slug}: wrote {len(tables)} tables to {layout.processed(slug)}")
        elif args.command == "report":
            for slug in _events(args, layout):
                run_event(slug, layout)
                print(f"{slug}: report in {layout.reports(slug)}, figures in {layout.figures(slug)}")
    except (ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
