"""Command line: ``python -m analysis {init-event,actors,tables,report,params} ...``.

Run ``python -m analysis --help`` or ``python -m analysis COMMAND --help`` for every option.

Examples::

    python -m analysis init-event data/raw/my-event          # starter event.yaml to fill in
    python -m analysis actors --event my-event                 # discovered actors, starter actors.yaml
    python -m analysis tables --event nato-tokyo-office        # tables only
    python -m analysis report --event nato-tokyo-office        # tables, notebooks, HTML report
    python -m analysis report --all -p top_k 15 --jobs 2       # every event, one parameter changed
    python -m analysis report --event a --event b -f params.yaml
    python -m analysis params notebooks/20-terms.ipynb         # what a notebook accepts
    python -m analysis --version

Paths the user gives (``--lexicon``, ``-p lexicons [...]``) are resolved against the working
directory here, before any notebook runs (papermill runs notebooks in ``notebooks/``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from analysis import __version__, io
from analysis.report.runner import (
    RUNNER_PARAMETERS,
    Layout,
    build_event_tables,
    check_parameters,
    check_slug,
    notebook_parameters,
    notebook_paths,
    parse_parameter_value,
    run_event,
    write_event_tables,
    write_events_index,
)
from analysis.tables.registry import STEPS

__all__ = [
    "DISTRIBUTION",
    "KERNEL_NAME",
    "build_parser",
    "describe_error",
    "install_kernel",
    "main",
    "resolve_lexicon_paths",
    "shadowing_kernel",
]

DISTRIBUTION = "media-framing"
"""The distribution name on PyPI (``pip install media-framing``); the import package is ``analysis``."""

KERNEL_NAME = "media-framing"
"""The Jupyter kernel ``make`` registers for the project's environment (``python -m analysis kernel``)."""

KERNEL_OPTIONS = ("--IPKernelApp.log_level=CRITICAL",)
"""Kernel launch options: the kernel process's own log stays off the console. It holds only the kernel's
housekeeping, never a notebook's output or errors (those go into the notebook): the "running over TCP
without encryption" warning at start-up, and "KeyboardInterrupt caught in kernel", logged when
jupyter_client interrupts the kernel (SIGINT) as part of every normal shutdown."""

PATH_PARAMETERS = ("lexicons",)
"""Notebook parameters holding lists of user file paths, resolved against the working directory."""


def resolve_lexicon_paths(paths: list[Any], *, cwd: Path, parameter: str) -> list[str]:
    """Absolute paths of the user's lexicon files, resolved against ``cwd``; a missing file is an error.

    Examples
    --------
    >>> resolve_lexicon_paths(["/a/b.yaml"], cwd=Path("/x"), parameter="--lexicon")
    Traceback (most recent call last):
    ...
    ValueError: --lexicon: /a/b.yaml: lexicon file not found
    """
    resolved = []
    for given in paths:
        path = Path(str(given)).expanduser()
        path = path if path.is_absolute() else cwd / path
        if not path.is_file():
            raise ValueError(f"{parameter}: {given}: lexicon file not found")
        resolved.append(str(path.resolve()))
    return resolved


def _events(args: argparse.Namespace, layout: Layout) -> list[str]:
    if args.all:
        if not layout.raw_root.is_dir():
            raise ValueError(f"{layout.raw_root}: no such folder")
        slugs = sorted(p.name for p in layout.raw_root.iterdir() if (p / "event.yaml").exists())
        if not slugs:
            raise ValueError(f"{layout.raw_root}: no event folders with an event.yaml")
        return slugs
    if not args.event:
        raise ValueError("name an event with --event SLUG (repeatable) or use --all")
    slugs = [check_slug(slug) for slug in dict.fromkeys(args.event)]
    missing = [slug for slug in slugs if not (layout.raw(slug) / "event.yaml").is_file()]
    if missing:
        root = layout.raw_root
        known = sorted(p.name for p in root.iterdir() if (p / "event.yaml").is_file()) if root.is_dir() else []
        raise ValueError(
            f"no event folder with an event.yaml for {', '.join(map(repr, missing))} under {layout.raw_root} "
            f"(events: {', '.join(known) or 'none'})"
        )
    return slugs


def _add_event_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--event", action="append", default=[], metavar="SLUG",
        help="event folder name under data/raw/ (repeat for several events)",
    )
    parser.add_argument("--all", action="store_true", help="every event folder under data/raw/ with an event.yaml")
    parser.add_argument(
        "--lexicon", action="append", default=[], metavar="PATH", type=Path,
        help="extra framing lexicon (YAML) added to the shipped ones (repeatable)",
    )
    parser.add_argument(
        "--terms-prior", choices=["wordfreq", "pooled"], default="wordfreq",
        help="prior of the distinctive terms: general English mixed with the event (default) or the event only",
    )
    parser.add_argument(
        "--full-tables", action="store_true",
        help="write the whole distinctive_terms table even for a large event (default: bounded by corpus size)",
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m analysis``."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Media framing analysis: build an event's tables, figures and reports.",
        epilog="Outputs: data/processed/<event>/*.csv, figures/<event>/*.png|svg, reports/<event>/ "
        "(index.html, executed notebooks and their HTML), reports/index.html across events.",
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="project folder holding data/, figures/, reports/ (default: .)"
    )
    parser.add_argument("--version", action="version", version=f"{DISTRIBUTION} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = sub.add_parser("init-event", help="write a starter event.yaml listing the article files of a folder")
    init.add_argument("folder", type=Path, help="the event folder, e.g. data/raw/my-event")

    actors = sub.add_parser(
        "actors",
        help="discover an event's actors and write a starter actors.yaml (counts and evidence as comments)",
        description="Discover the people, organisations, places, groups and outlets the articles name "
        "(no model; see analysis.analyses.stance.discovery), print them and write a starter actors file into "
        "the event folder: actors.yaml if there is none, else actors.discovered.yaml beside it.",
    )
    actors.add_argument("--event", required=True, metavar="SLUG", help="event folder name under data/raw/")
    actors.add_argument("--min-mentions", type=_positive_int, default=2,
                        help="leave out actors named fewer times in the whole event (default 2)")

    tables = sub.add_parser("tables", help="build and write tables to data/processed/<event>/ (no notebooks)")
    _add_event_options(tables)
    tables.add_argument(
        "--steps", type=_steps, default=None, metavar="LIST",
        help=f"build only these tables, comma-separated ({','.join(STEPS)}); cleaning and sentences always "
        "run, the event's other tables already written are kept",
    )
    tables.add_argument("--no-progress", action="store_true", help="no per-step progress lines on stderr")
    tables.add_argument(
        "--workers", type=_positive_int, default=None, metavar="N",
        help="run cleaning, sentences, terms, stance and frames per partition on a local Dask cluster of N "
        "processes (events of 1,000 articles or more; reuse and findings stay in this process)",
    )
    tables.add_argument(
        "--scheduler", default=None, metavar="ADDRESS",
        help="use the Dask distributed cluster at ADDRESS (e.g. tcp://host:8786) instead of a local one",
    )

    report = sub.add_parser(
        "report",
        help="tables, then every notebook through papermill, then HTML reports",
        description="Build tables, execute notebooks/NN-*.ipynb (not 00-explore) with papermill for each "
        "event, render them to HTML and write reports/<event>/index.html. Parameters are checked against "
        "every notebook's parameters cell before anything runs. A failing notebook stops its event, is kept "
        "in reports/<event>/failed/, and the event's previous outputs stay untouched.",
    )
    _add_event_options(report)
    report.add_argument(
        "-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
        help="notebook parameter (value parsed as YAML: 10, 0.5, true, [1, 2], text); repeatable",
    )
    report.add_argument("-f", "--parameters-file", type=Path, help="YAML file of notebook parameters (name: value)")
    report.add_argument(
        "--jobs", type=_positive_int, default=1,
        help="notebooks run at once per event, each in its own process (default 1; more than the notebooks is capped)",
    )
    report.add_argument(
        "--notebook", action="append", default=[], type=Path, metavar="PATH",
        help="run only these notebooks (default: every notebooks/NN-*.ipynb but 00-explore)",
    )
    report.add_argument("--no-progress", action="store_true", help="no progress bar")
    report.add_argument(
        "--reuse-tables", action="store_true",
        help="report on the tables already built (python -m analysis tables) instead of building them again",
    )

    kernel = sub.add_parser(
        "kernel",
        help=f"register this environment's Python as the Jupyter kernel {KERNEL_NAME!r} (done by make)",
        description=f"Install the kernel spec {KERNEL_NAME!r} (this Python, quiet start-up) for JupyterLab and "
        f"papermill (`-k {KERNEL_NAME}`) of this environment: inside it (sys.prefix), under --prefix, or for the "
        "current user with --user.",
    )
    kernel.add_argument("--prefix", type=Path, help="install under PREFIX/share/jupyter/kernels instead of sys.prefix")
    kernel.add_argument("--user", action="store_true", help="install in the user's Jupyter folder (for every clone)")

    params = sub.add_parser("params", help="list a notebook's parameters with their types, defaults and help")
    params.add_argument("notebook", type=Path, help="path of the notebook, e.g. notebooks/20-terms.ipynb")
    return parser


def _user_parameters(args: argparse.Namespace) -> dict[str, Any]:
    parameters: dict[str, Any] = {}
    if args.parameters_file is not None:
        if not args.parameters_file.exists():
            raise ValueError(f"{args.parameters_file}: parameters file not found")
        data = io.read_yaml(args.parameters_file)
        if not isinstance(data, dict):
            raise ValueError(f"{args.parameters_file}: must be a mapping of parameter names to values")
        parameters.update({str(k): _plain(v) for k, v in data.items()})
    for name, value in args.parameter:
        parameters[name] = parse_parameter_value(value)
    for name in PATH_PARAMETERS:
        if isinstance(parameters.get(name), list):
            parameters[name] = resolve_lexicon_paths(parameters[name], cwd=Path.cwd(), parameter=f"-p {name}")
    return parameters


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _steps(text: str) -> list[str]:
    steps = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in steps if s not in STEPS]
    if unknown or not steps:
        raise argparse.ArgumentTypeError(
            f"unknown step {', '.join(map(repr, unknown)) or '(none given)'} (steps: {', '.join(STEPS)})"
        )
    return steps


def _print_progress(info: dict[str, Any]) -> None:
    """One line per finished step on stderr: counts of rows built, time, and a rough ETA.

    The ETA assumes the remaining steps take the mean time of those done so far.
    """
    rows = ", ".join(f"{name} {count:,}" for name, count in info["rows"].items()) or "no tables"
    remaining = info["total"] - info["done"]
    eta = info["elapsed"] / info["done"] * remaining
    tail = f", ETA ~{eta:.0f} s" if remaining else ""
    print(f"[{info['done']}/{info['total']}] {info['step']}: {info['seconds']:.1f} s ({rows} rows); "
          f"elapsed {info['elapsed']:.0f} s{tail}", file=sys.stderr, flush=True)


def _builder_options(args: argparse.Namespace) -> dict[str, Any]:
    lexicons = resolve_lexicon_paths(args.lexicon, cwd=Path.cwd(), parameter="--lexicon")
    options: dict[str, Any] = {"lexicons": lexicons} if lexicons else {}
    if args.full_tables:
        options["full_tables"] = True
    if args.terms_prior != "wordfreq":
        options["terms"] = {"prior": args.terms_prior}
    return options


def _report(args: argparse.Namespace, layout: Layout) -> None:
    from tqdm import tqdm

    slugs = _events(args, layout)
    notebooks = [p.resolve() for p in args.notebook] or notebook_paths()
    options = _builder_options(args)
    per_notebook = check_parameters(_user_parameters(args), notebooks)
    lexicons = options.get("lexicons", [])
    if lexicons:
        # --lexicon reaches the tables and every notebook that takes lexicons (the frames charts).
        for notebook in notebooks:
            if "lexicons" in notebook_parameters(notebook):
                given = per_notebook[notebook].get("lexicons", [])
                per_notebook[notebook]["lexicons"] = list(dict.fromkeys([*lexicons, *given]))
    failures = []
    with tqdm(
        total=len(slugs) * len(notebooks), unit="notebook", disable=args.no_progress, file=sys.stderr,
        dynamic_ncols=True,
    ) as bar:
        for slug in slugs:
            bar.set_description(slug)
            try:
                run_event(
                    slug, layout, parameters=per_notebook, notebooks=notebooks, jobs=args.jobs,
                    options=options, on_done=lambda _nb: bar.update(1), reuse_tables=args.reuse_tables,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                failures.append(f"{exc}")
                tqdm.write(f"error: {slug}: {describe_error(exc)}", file=sys.stderr)
                continue
            tqdm.write(f"{slug}: report in {layout.reports(slug) / 'index.html'}", file=sys.stderr)
    index = write_events_index(layout)
    print(f"reports index: {index}")
    if failures:
        raise RuntimeError(f"{len(failures)} of {len(slugs)} events failed (see above)")


def install_kernel(*, prefix: Path | None = None, user: bool = False) -> Path:
    """Register this Python as the Jupyter kernel :data:`KERNEL_NAME`; return the kernel spec folder.

    By default inside this environment (``sys.prefix``, as ``ipykernel install --sys-prefix``), so
    each clone's ``.venv`` has its own kernel and the JupyterLab or papermill of that ``.venv`` runs
    that clone's Python; ``prefix`` installs under another prefix, ``user`` in the user's Jupyter
    folder (one kernel for every clone: the last one registered wins).
    """
    import tempfile

    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager

    if user and prefix is not None:
        raise ValueError("kernel: give --user or --prefix, not both")
    with tempfile.TemporaryDirectory() as tmp:
        spec = write_kernel_spec(
            Path(tmp) / KERNEL_NAME,
            overrides={"display_name": f"Python ({KERNEL_NAME})"},
            extra_arguments=list(KERNEL_OPTIONS),
        )
        where = {"user": True} if user else {"prefix": str(sys.prefix if prefix is None else prefix)}
        return Path(KernelSpecManager().install_kernel_spec(spec, KERNEL_NAME, **where))


def shadowing_kernel() -> Path | None:
    """A user-level kernel spec :data:`KERNEL_NAME` that runs another Python, if any.

    In a virtual environment Jupyter looks in the environment's folder first (jupyter_core's
    ``JUPYTER_PREFER_ENV_PATH``, on by default there), so nothing is shadowed; with it off, such a
    spec (left by an older ``make``, or by another clone) would be the one JupyterLab and
    ``papermill -k`` start.
    """
    import json

    from jupyter_core.paths import jupyter_data_dir, prefer_environment_over_user

    if prefer_environment_over_user():
        return None
    folder = Path(jupyter_data_dir()) / "kernels" / KERNEL_NAME
    try:
        argv = json.loads((folder / "kernel.json").read_text(encoding="utf-8")).get("argv") or [""]
    except (OSError, ValueError):
        return None
    return folder if Path(argv[0]) != Path(sys.executable) else None


def _actors(args: argparse.Namespace, layout: Layout) -> None:
    from analysis.analyses.stance.discovery import starter_actors_yaml
    from analysis.analyses.stance.speakers import discover_event_actors
    from analysis.resources.stance import load_stance_resources
    from analysis.tables.partition import process_partition
    from analysis.text.sentences import body_sentences

    slug = check_slug(args.event)
    raw = layout.raw(slug)
    if not (raw / "event.yaml").is_file():
        raise ValueError(f"{raw}: no event.yaml (write one with `python -m analysis init-event {raw}`)")
    _, corpus = io.load_event(raw)
    tables = process_partition(corpus)
    sentences = body_sentences(tables["sentences"])
    table = discover_event_actors(tables["articles"], sentences, resources=load_stance_resources(raw))
    shown = table[table["mentions"] >= args.min_mentions]
    for row in shown.itertuples(index=False):
        extra = "; ".join(f"{k}: {v}" for k, v in (("role", row.role), ("affiliation", row.affiliation),
                                                     ("variants", row.variants)) if isinstance(v, str) and v)
        print(f"{row.mentions:5d}  {row.name}  [{row.type}]" + (f"  ({extra})" if extra else ""))
    path = io.write_starter_actors_yaml(raw, starter_actors_yaml(table, event=slug, min_mentions=args.min_mentions))
    print(f"{slug}: {len(shown)} actors named at least {args.min_mentions} times; wrote {path} (edit it: types, "
          "aliases and roles are guesses with their evidence)")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code (0 success, 1 bad input or failed run)."""
    args = build_parser().parse_args(argv)
    layout = Layout(root=args.root)
    try:
        if args.command == "init-event":
            path = io.write_starter_event_yaml(args.folder)
            print(f"wrote {path}: fill in every TODO (validation refuses them), then run "
                  f"`python -m analysis report --event {path.parent.name}`")
            print(f"then `python -m analysis actors --event {args.folder.name}` lists the actors the articles name "
                  "and writes a starter actors.yaml to edit (optional: actors are discovered without it)")
        elif args.command == "actors":
            _actors(args, layout)
        elif args.command == "tables":
            options = _builder_options(args)
            for slug in _events(args, layout):
                tables = build_event_tables(slug, layout, options=options, steps=args.steps,
                                            progress=None if args.no_progress else _print_progress,
                                            cluster={"workers": args.workers, "scheduler": args.scheduler})
                write_event_tables(tables, slug, layout, steps=args.steps)
                print(f"{slug}: wrote {len(tables)} tables to {layout.processed(slug)}")
        elif args.command == "report":
            _report(args, layout)
        elif args.command == "kernel":
            print(f"installed kernel {KERNEL_NAME!r} in {install_kernel(prefix=args.prefix, user=args.user)}")
            shadow = None if args.user else shadowing_kernel()
            if shadow is not None:
                print(f"note: the user-level kernel spec {shadow} runs another Python and comes first for Jupyter; "
                      f"remove it (`rm -r {shadow}`) to use this one", file=sys.stderr)
        elif args.command == "params":
            for name, info in notebook_parameters(args.notebook).items():
                note = " (set by the runner)" if name in RUNNER_PARAMETERS else ""
                print(f"{name}: {info['type']} = {info['default']}  # {info['help']}{note}")
    except (ValueError, RuntimeError, OSError) as exc:
        print(f"error: {describe_error(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; the previous outputs are untouched", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: still one line, the traceback on request
        if os.environ.get("ANALYSIS_TRACEBACK"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {describe_error(exc)} (a bug: please report it; "
              "set ANALYSIS_TRACEBACK=1 to see where)", file=sys.stderr)
        return 1
    return 0


def describe_error(exc: BaseException) -> str:
    """One line for the user: the file and the problem (``OSError`` names its path).

    Examples
    --------
    >>> describe_error(PermissionError(13, "Permission denied", "/p/reports"))
    '/p/reports: Permission denied'
    >>> describe_error(ValueError("a.yaml:3: bad"))
    'a.yaml:3: bad'
    """
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename is not None else ""
        extra = f" (to {exc.filename2})" if getattr(exc, "filename2", None) else ""
        return f"{where}{exc.strerror}{extra}"
    return str(exc) or type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
