"""File input and output: the only module of the package that reads or writes files.

Everything else in :mod:`analysis` computes on strings and DataFrames. This module reads event
folders (``event.yaml`` plus article files), decodes text carefully, reads the packaged data files
(boilerplate rules, lexicons, cue lists) with line numbers for error messages, and writes tables and
figures atomically (temporary file, then rename) so that a failed run never leaves a half-written
output behind.
"""

from __future__ import annotations

import contextlib
import io as _stdio
import itertools
import json
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

__all__ = [
    "PACKAGE_DATA",
    "PARQUET_ABOVE_BYTES",
    "PARQUET_ABOVE_ROWS",
    "TABLE_TYPES",
    "DecodingWarning",
    "EmptyFigureWarning",
    "LineDict",
    "SavedFiles",
    "atomic_dir",
    "atomic_path",
    "column_types",
    "copy_tables",
    "decode_bytes",
    "is_empty_figure",
    "list_event_files",
    "list_tables",
    "list_yaml_files",
    "load_event",
    "protect_cell",
    "read_article_file",
    "read_article_table",
    "read_package_yaml",
    "read_png_figures",
    "read_table",
    "read_tables",
    "read_yaml",
    "recover_swap",
    "remove_stale_staging",
    "save_figure",
    "staged_dirs",
    "staging_dir",
    "swap_in",
    "table_format",
    "unprotect_cell",
    "write_starter_event_yaml",
    "write_table",
    "write_tables",
    "write_text",
]

PACKAGE_DATA = Path(__file__).parent / "data"
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES


class DecodingWarning(UserWarning):
    """A file was not valid UTF-8 and was decoded as cp1252."""


# --------------------------------------------------------------------------------------------------
# YAML with line numbers


class LineDict(dict):
    """A dict from YAML that remembers the 1-based line of each key in ``lines`` and its own ``line``."""

    lines: dict[Any, int]
    line: int


class LineList(list):
    """A list from YAML that remembers the 1-based line of each item in ``lines``."""

    lines: list[int]
    line: int


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records line numbers and rejects duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.lines = {}
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.lines = [child.start_mark.line + 1 for child in node.value]
    out.line = node.start_mark.line + 1
    return out


def _construct_timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay strings: validation parses them itself and reports bad ones with their line.
    return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def read_yaml(path: str | Path) -> Any:
    """Read a YAML file into :class:`LineDict`/``LineList`` objects that know their line numbers.

    Raises
    ------
    ValueError
        Naming the file and line when the YAML cannot be parsed or repeats a key.
    """
    path = Path(path)
    text, _ = decode_bytes(path.read_bytes(), name=str(path))
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses (NUL, control characters)
            where = f"{path}:{text.count(chr(10), 0, exc.position) + 1}"
            problem = f"character U+{exc.character:04X} is not allowed (NUL bytes and control characters are not text)"
        raise ValueError(f"{where}: invalid YAML: {problem}") from None


def read_package_yaml(name: str) -> tuple[Any, Path]:
    """Read a YAML data file shipped in ``analysis/data`` and return it with its path."""
    path = PACKAGE_DATA / name
    return read_yaml(path), path


# --------------------------------------------------------------------------------------------------
# Decoding


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode bytes as UTF-16 (with a BOM), UTF-8, UTF-8 with BOM, then cp1252 (with a :class:`DecodingWarning`).

    Bytes holding a NUL (and no UTF-16 BOM) are a binary file, not text, and are refused.

    Parameters
    ----------
    data : bytes
        The raw file content.
    name : str
        The file name, used in warnings and errors.

    Returns
    -------
    (text, encoding)

    Raises
    ------
    ValueError
        When the bytes are valid in none of these encodings.

    Examples
    --------
    >>> decode_bytes("café".encode("utf-8"), name="a.txt")
    ('café', 'utf-8')
    >>> decode_bytes(b"\\xef\\xbb\\xbfhi", name="b.txt")
    ('hi', 'utf-8-sig')
    >>> decode_bytes("hi".encode("utf-16"), name="c.txt")
    ('hi', 'utf-16')
    """
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[2:].decode(codec), "utf-16"
            except UnicodeDecodeError as exc:
                raise ValueError(f"{name}: undecodable UTF-16 (byte offset {exc.start + 2})") from None
    if b"\x00" in data:
        at = data.index(0)
        line = data.count(b"\n", 0, at) + 1
        raise ValueError(
            f"{name}:{line}: NUL byte at offset {at}: a binary file, not text "
            "(save it as UTF-8 text)"
        )
    bom = data.startswith(b"\xef\xbb\xbf")
    with contextlib.suppress(UnicodeDecodeError):
        return data[3 if bom else 0 :].decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{name}: undecodable bytes: not UTF-8, UTF-8 with BOM or cp1252 "
            f"(byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    warnings.warn(
        f"{name}: not valid UTF-8; decoded as cp1252. Check the text and re-save it as UTF-8.",
        DecodingWarning,
        stacklevel=2,
    )
    return text, "cp1252"


def read_article_file(path: str | Path) -> tuple[str, str]:
    """Read one text or HTML article file and return ``(text, encoding)``.

    HTML pages are reduced to their main text with trafilatura; text files are returned as decoded.
    """
    path = Path(path)
    text, encoding = decode_bytes(path.read_bytes(), name=str(path))
    if path.suffix.lower() in HTML_SUFFIXES:
        import trafilatura

        extracted = trafilatura.extract(
            text, include_comments=False, include_tables=False, favor_precision=True
        )
        if not extracted:
            raise ValueError(f"{path}: no main text found in the HTML page")
        text = extracted
    return text, encoding


def _read_csv_strictly(path: Path) -> pd.DataFrame:
    """A CSV of articles as text cells; every row must have the header's number of fields."""
    import csv

    text, _ = decode_bytes(path.read_bytes(), name=str(path))
    reader = csv.reader(_stdio.StringIO(text, newline=""), strict=True)
    records = []
    try:
        header = next(reader, None)
        if header is None:
            raise ValueError(f"{path}: empty table: no header row")
        for record in reader:
            if not record:  # a blank line
                continue
            if len(record) != len(header):
                raise ValueError(
                    f"{path}:{reader.line_num}: row {len(records) + 1} has {len(record)} fields, the header "
                    f"has {len(header)} (a stray comma or quote?)"
                )
            records.append(record)
    except csv.Error as exc:
        raise ValueError(f"{path}:{reader.line_num}: cannot read the CSV: {exc}") from None
    return pd.DataFrame(records, columns=header, dtype=object)


def read_article_table(path: str | Path) -> pd.DataFrame:
    """Read a table of articles (CSV, JSONL or Parquet) into a DataFrame of strings and lists."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = _read_csv_strictly(path)
        elif suffix == ".jsonl":
            frame = pd.read_json(path, lines=True, dtype=False)
        elif suffix == ".parquet":
            frame = pd.read_parquet(path)
        else:
            raise ValueError(f"{path}: unsupported table type {suffix!r}")
    except (ValueError, OSError) as exc:
        if str(exc).startswith(str(path)):
            raise
        raise ValueError(f"{path}: cannot read table: {exc}") from None
    return frame


def list_event_files(folder: str | Path) -> list[str]:
    """Names of the article files in an event folder (sorted; ``event.yaml``, YAML data and hidden files excluded).

    Raises
    ------
    ValueError
        When a file is a symbolic link leading outside the event folder (its content is not the
        event's, and may be anything on the machine), or is not an article file type (``x.pdf``).
    """
    folder = Path(folder)
    inside = folder.resolve()
    names, errors = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            target = path.resolve()
            if inside not in target.parents:
                errors.append(f"{path}: a symbolic link to {target}, outside the event folder: copy the file in")
                continue
        if not path.is_file() or path.suffix.lower() in (".yaml", ".yml"):
            continue  # event.yaml, actors.yaml, lexicon.yaml, sub-folders
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            errors.append(
                f"{path}: not an article file type ({', '.join(ARTICLE_SUFFIXES)}): convert it to text, "
                "or move it out of the event folder"
            )
            continue
        names.append(path.name)
    if errors:
        raise ValueError("\n".join(errors))
    return names


def load_event(folder: str | Path) -> tuple[dict, pd.DataFrame]:
    """Read and validate an event folder.

    Returns the event's metadata and a corpus DataFrame with one row per article: ``article_id``,
    ``file``, ``line_offset`` and the metadata columns of :data:`analysis.corpus.event.ARTICLE_COLUMNS`,
    plus ``raw_text`` and ``encoding``. Raw files are only read, never modified.

    Raises
    ------
    ValueError
        With every problem found, each naming the file (and line of ``event.yaml``) concerned.
    """
    from analysis.corpus import event as corpus

    folder = Path(folder)
    spec_path = folder / "event.yaml"
    if not folder.is_dir():
        raise ValueError(f"{folder}: event folder not found")
    if not spec_path.exists():
        raise ValueError(
            f"{spec_path}: missing; run `python -m analysis init-event {folder}` to write a starter"
        )
    spec = read_yaml(spec_path)
    event, entries = corpus.validate_event_spec(
        spec, files_present=list_event_files(folder), spec_name=str(spec_path)
    )
    rows = []
    for entry in entries:
        path = folder / entry["file"]
        if path.suffix.lower() in TABLE_SUFFIXES:
            rows.extend(corpus.rows_from_table(read_article_table(path), entry, name=str(path)))
            continue
        text, encoding = read_article_file(path)
        rows.append({**entry, "raw_text": text, "encoding": encoding})
    frame = corpus.make_corpus_frame(rows, name=str(spec_path))
    event["slug"] = folder.name
    return event, frame


def write_starter_event_yaml(folder: str | Path) -> Path:
    """Write ``event.yaml`` listing every article file of ``folder``, for the user to complete.

    Refuses to overwrite an existing ``event.yaml``.
    """
    from analysis.corpus import event as corpus

    folder = Path(folder)
    target = folder / "event.yaml"
    if not folder.is_dir():
        raise ValueError(f"{folder}: no such folder; create it and put the article files in it first")
    if target.exists():
        raise ValueError(f"{target}: already exists; edit it or move it away first")
    text = corpus.starter_event_yaml(list_event_files(folder), slug=folder.name)
    write_text(text, target)
    return target


def write_starter_actors_yaml(folder: str | Path, text: str) -> Path:
    """Write a starter actors file (``text``) into the event ``folder``, never over the user's own.

    It is ``actors.yaml`` when the folder has none, else ``actors.discovered.yaml`` beside it
    (replaced on each run), so an edited list is never lost.
    """
    folder = Path(folder)
    target = folder / "actors.yaml"
    if target.exists():
        target = folder / "actors.discovered.yaml"
    write_text(text, target)
    return target


# --------------------------------------------------------------------------------------------------
# Atomic writing


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _journal_path(targets: Sequence[Path]) -> Path:
    first = targets[0]
    return first.parent / f".{first.name}.swap.json"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``folder`` itself for the block (no lock file is left)."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _old_path(target: Path) -> Path:
    return target.parent / f".{target.name}.old"


def recover_swap(targets: Sequence[str | Path]) -> None:
    """Finish or undo an interrupted :func:`swap_in` of ``targets`` (a no-op when none was interrupted).

    Call it before reading outputs that a killed run may have been swapping; it takes the same lock
    as :func:`swap_in`.
    """
    targets = [Path(t) for t in targets]
    with _locked(_journal_path(targets).parent):
        _recover(targets)


def _recover(targets: Sequence[Path]) -> None:
    """Finish or undo an interrupted swap (the caller holds the lock).

    A swap writes a journal before it moves anything. If the journal says ``committed``, every new
    folder was in place and only the removal of the old ones was cut short: they are removed. Otherwise
    the swap was cut short half-way and every previous folder is put back, so the targets hold either
    all the old versions or all the new ones, never a mix and never neither.
    """
    journal = _journal_path(targets)
    if not journal.exists():
        return
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    state = record.get("state")
    # The journal names every folder of the interrupted swap, which may be more than this call's.
    named = [Path(t) for t in record.get("targets", [])]
    for target in dict.fromkeys([*targets, *named]):
        old = _old_path(target)
        if not old.exists():
            continue
        if state == "committed":
            shutil.rmtree(old)
            continue
        if target.exists():
            shutil.rmtree(target)
        os.replace(old, target)
    journal.unlink()


def swap_in(pairs: Sequence[tuple[str | Path, str | Path]]) -> None:
    """Replace each target folder by its staged folder, all together or not at all.

    ``pairs`` is a sequence of ``(staged, target)`` folders on one file system. The previous targets
    are renamed aside, the staged ones renamed in, then the previous ones removed. A journal beside
    the first target records the swap, so an interruption at any point (an exception here, or the
    process killed) leaves the previous versions recoverable: an exception restores them at once,
    and :func:`recover_swap` (called by every swap and by :func:`atomic_dir`) restores them after a kill.
    """
    pairs = [(Path(s), Path(t).absolute()) for s, t in pairs]
    targets = [t for _, t in pairs]
    journal = _journal_path(targets)
    with _locked(journal.parent):
        _recover(targets)
        with atomic_path(journal) as tmp:
            tmp.write_text(json.dumps({"state": "swapping", "targets": [str(t) for t in targets]}), encoding="utf-8")
        moved: list[tuple[Path, Path]] = []
        try:
            for staged, target in pairs:
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.exists():
                    os.replace(target, _old_path(target))
                os.replace(staged, target)
                moved.append((staged, target))
        except BaseException:
            for staged, target in reversed(moved):
                os.replace(target, staged)
            _recover(targets)
            raise
        with atomic_path(journal) as tmp:
            tmp.write_text(json.dumps({"state": "committed", "targets": [str(t) for t in targets]}), encoding="utf-8")
        _recover(targets)


def staging_dir(target: str | Path) -> Path:
    """A fresh hidden folder beside ``target`` for building its next version.

    Its name carries the process id, so :func:`remove_stale_staging` can clean up after a killed run.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent))
    os.chmod(stage, 0o755)
    return stage


def remove_stale_staging(target: str | Path) -> list[Path]:
    """Remove staging folders of ``target`` left by processes that no longer run; return them."""
    target = Path(target)
    removed = []
    if not target.parent.is_dir():
        return removed
    for stage in target.parent.glob(f".{target.name}.*.tmp"):
        parts = stage.name[len(target.name) + 2 :].split(".")
        try:
            pid = int(parts[0])
        except (ValueError, IndexError):
            continue
        if pid == os.getpid() or _pid_alive(pid):
            continue
        shutil.rmtree(stage, ignore_errors=True)
        removed.append(stage)
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def staged_dirs(targets: Sequence[str | Path]) -> Iterator[list[Path]]:
    """Yield one empty staging folder per target; swap them all in together only on success.

    Each staging folder has the target's own name (``.../.<name>.<pid>.<random>.tmp/<name>``), so
    code that finds an event's outputs by ``<folder>/<slug>`` can read a staged version through its
    parent. Stale staging folders of killed runs are removed first. If the block raises, every
    target keeps its previous content; see :func:`swap_in` for what happens if the process dies.
    """
    targets = [Path(t) for t in targets]
    stages: list[Path] = []
    try:
        for target in targets:
            remove_stale_staging(target)
            stage = staging_dir(target) / target.name
            stage.mkdir()
            stages.append(stage)
        yield stages
        swap_in(list(zip(stages, targets, strict=True)))
    finally:
        for stage in stages:
            shutil.rmtree(stage.parent, ignore_errors=True)


@contextlib.contextmanager
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """Yield a fresh staging folder for ``path``; swap it in for ``path`` only on success.

    The previous content of ``path`` is kept untouched if the block raises, and cannot be lost
    if the process dies during the swap (see :func:`swap_in`).
    """
    with staged_dirs([path]) as (stage,):
        yield stage


def write_text(text: str, path: str | Path) -> Path:
    """Write UTF-8 text atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return Path(path)


_FORMULA = re.compile(r"'*[=+\-@\t\r]")
"""A cell a spreadsheet would run as a formula: ``= + - @`` or tab/CR first (after any ``'`` already there)."""


def protect_cell(value: Any) -> Any:
    """Text a spreadsheet would execute, made plain text by one leading ``'`` (other values unchanged).

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (possibly after
    ``'`` characters) gets one more ``'`` in front, which spreadsheets show as text and
    :func:`read_table` removes again, so the round trip is exact.

    Examples
    --------
    >>> protect_cell("=cmd|' /C calc'!A0"), protect_cell("-5"), protect_cell("'=x"), protect_cell("RT"), protect_cell(3)
    ("'=cmd|' /C calc'!A0", "'-5", "''=x", 'RT', 3)
    """
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def unprotect_cell(value: Any) -> Any:
    """Undo :func:`protect_cell`.

    Examples
    --------
    >>> unprotect_cell("'=cmd"), unprotect_cell("''=x"), unprotect_cell("'quoted'")
    ('=cmd', "'=x", "'quoted'")
    """
    if isinstance(value, str) and value.startswith("'") and _FORMULA.match(value, 1):
        return value[1:]
    return value


def _cell_to_text(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, str) and "\r" in value:
        # a carriage return is a line end (analysis.text.lines); the CSV writer would leave a lone one
        # unquoted and every reader would break the row there
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return protect_cell(value)


PARQUET_ABOVE_ROWS = 1_000
"""Tables with more rows than this are written as Parquet (see :func:`table_format`)."""
PARQUET_ABOVE_BYTES = 1_000_000
"""Tables holding more bytes than this in memory are written as Parquet."""
OUTPUT_TABLE_SUFFIXES = (".csv", ".parquet")


def table_format(frame: pd.DataFrame, *, spreadsheet: bool = False) -> str:
    """``"csv"`` for a table small enough to open in a spreadsheet, else ``"parquet"``.

    Parquet above :data:`PARQUET_ABOVE_ROWS` rows or :data:`PARQUET_ABOVE_BYTES` bytes in memory
    (``DataFrame.memory_usage(deep=True)``): the tables whose size grows with the corpus (one row
    per article, sentence, match or pair) are smaller and faster as compressed columns, and readers
    can load only the columns they need. A ``spreadsheet`` table (one row per outlet and frame,
    actor, ...: its size grows with the outlets, not the articles) stays CSV whatever its size.

    Examples
    --------
    >>> table_format(pd.DataFrame({"x": range(10)})), table_format(pd.DataFrame({"x": range(1_001)}))
    ('csv', 'parquet')
    >>> table_format(pd.DataFrame({"x": range(1_001)}), spreadsheet=True)
    'csv'
    """
    if spreadsheet:
        return "csv"
    if len(frame) > PARQUET_ABOVE_ROWS or int(frame.memory_usage(deep=True).sum()) > PARQUET_ABOVE_BYTES:
        return "parquet"
    return "csv"


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a tidy table atomically: CSV (UTF-8, ``\\n`` line ends, no index) or Parquet, by suffix.

    In CSV, list cells (e.g. ``authors``) are written as JSON arrays so they read back unambiguously;
    Parquet (zstd, no index) keeps them as lists. The same frame always gives the same bytes.
    In CSV, carriage returns in text become ``\\n`` (a lone one would split the row for every CSV
    reader), and text a spreadsheet would execute as a formula (``=``, ``+``, ``-``, ``@``, tab or
    CR first) is written as text with a leading ``'`` (:func:`protect_cell`), in cells and column
    names alike; :func:`read_table` gives back the original.
    """
    path = Path(path)
    if path.suffix == ".parquet":
        with atomic_path(path) as tmp:
            frame.reset_index(drop=True).to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")
        return path
    if path.suffix != ".csv":
        raise ValueError(f"{path}: tables are written as .csv or .parquet")
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or isinstance(out[column].dtype, pd.StringDtype):
            out[column] = out[column].astype(object).map(_cell_to_text)
    out.columns = [protect_cell(c) for c in out.columns]
    buffer = _stdio.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return write_text(buffer.getvalue(), path)


TABLE_TYPES = "tables.json"
"""The dtype sidecar beside an event's CSV tables: each table's columns and their types."""

_READ_AS = {"str": "str", "int": "int64", "int?": "Int64", "float": "float64", "bool": "bool", "bool?": "boolean"}


def column_types(frame: pd.DataFrame) -> dict[str, str]:
    """Each column's type as written to :data:`TABLE_TYPES`: str, int, int?, float, bool, bool?, list.

    ``?`` marks a column with missing values (read back as a nullable type). Identifiers are text
    columns, so "000" stays "000".

    Examples
    --------
    >>> column_types(pd.DataFrame({"article_id": ["000"], "n": [3], "z": [0.5], "ok": [True], "a": [["x"]]}))
    {'article_id': 'str', 'n': 'int', 'z': 'float', 'ok': 'bool', 'a': 'list'}
    """
    types = {}
    for column in frame.columns:
        values = frame[column]
        missing = bool(values.isna().any())
        if pd.api.types.is_bool_dtype(values):
            kind = "bool"
        elif pd.api.types.is_integer_dtype(values):
            kind = "int"
        elif pd.api.types.is_float_dtype(values):
            kind = "float"
        elif values.map(lambda v: isinstance(v, (list, tuple))).any():
            kind, missing = "list", False
        elif len(values.dropna()) and values.dropna().map(lambda v: isinstance(v, bool)).all():
            kind = "bool"
        else:
            kind, missing = "str", False
        types[str(column)] = f"{kind}?" if missing and kind in {"int", "bool"} else kind
    return types


def write_tables(
    tables: dict[str, pd.DataFrame], folder: str | Path, *, spreadsheets: Collection[str] = ()
) -> list[Path]:
    """Write each table as ``<name>.csv`` or ``<name>.parquet`` (:func:`table_format`) and every
    table's column types to ``tables.json`` (:func:`column_types`), so CSV tables read back typed.

    The tables named in ``spreadsheets`` are always CSV (see :func:`table_format`). A table written
    in one format removes the same table's file in the other format, if any."""
    folder = Path(folder)
    written = []
    for name, frame in sorted(tables.items()):
        suffix = table_format(frame, spreadsheet=name in spreadsheets)
        written.append(write_table(frame, folder / f"{name}.{suffix}"))
        (folder / f"{name}.{'csv' if suffix == 'parquet' else 'parquet'}").unlink(missing_ok=True)
    # tables already in the folder (kept by a partial run, see copy_tables) keep their declared types
    schema = {name: types for name, types in _read_types(folder).items() if name not in tables}
    schema |= {name: column_types(frame) for name, frame in tables.items()}
    schema = dict(sorted(schema.items()))
    written.append(write_text(json.dumps(schema, indent=1, ensure_ascii=False) + "\n", folder / TABLE_TYPES))
    return written


def _read_types(folder: Path) -> dict[str, dict[str, str]]:
    sidecar = folder / TABLE_TYPES
    if not sidecar.is_file():
        return {}
    try:
        schema = json.loads(sidecar.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{sidecar}: invalid JSON: {exc}") from None
    return {k: v for k, v in schema.items() if isinstance(v, dict)} if isinstance(schema, dict) else {}


def _declared_types(path: Path) -> dict[str, str] | None:
    return _read_types(path.parent).get(path.stem)


def read_table(path: str | Path, *, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a table written by :func:`write_table` (CSV or Parquet), with the types of ``tables.json``.

    Identifiers stay text ("000", not 0), counts are integers, list cells are lists again. Without
    a sidecar, every article id column is read as text and the rest as pandas infers it.

    A path ending in ``.csv`` whose file is missing is read from the ``.parquet`` beside it, and
    the other way round, so callers need not know which format a table was written in.
    ``columns`` reads only those columns (cheap for Parquet). ``frame.attrs["file"]`` is the name
    of the file read (``terms.parquet``), for links to it.
    """
    path = Path(path)
    if not path.exists() and path.suffix in OUTPUT_TABLE_SUFFIXES:
        other = path.with_suffix(".parquet" if path.suffix == ".csv" else ".csv")
        path = other if other.exists() else path
    if not path.exists():
        raise ValueError(
            f"{path}: table not found; build it with `python -m analysis tables --event <slug>`"
        )
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path, columns=columns, engine="pyarrow")
        for column, kind in (_declared_types(path) or {}).items():
            if kind == "list" and column in frame:  # Parquet gives arrays back: lists, as from a CSV
                frame[column] = pd.Series([[] if v is None else list(v) for v in frame[column].tolist()],
                                          dtype=object, index=frame.index)
        frame.attrs["file"] = path.name
        return frame
    header = pd.read_csv(path, nrows=0).columns
    declared = _declared_types(path) or {}
    if declared:
        dtypes = {c: _READ_AS.get(declared.get(unprotect_cell(c), "str"), "str") for c in header}
    else:
        # every article id column ("article_id", "source_article_id", "article_a", ...) stays text: "002", not 2
        dtypes = {c: str for c in header if c.endswith("article_id") or c in ("article_a", "article_b")}
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=dtypes, usecols=columns)
    frame.columns = [unprotect_cell(c) for c in frame.columns]
    for column in frame.columns:
        if declared.get(column) == "list":
            frame[column] = frame[column].map(lambda v: json.loads(v) if isinstance(v, str) else [])
        elif frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column].dtype):
            frame[column] = frame[column].map(unprotect_cell)
    frame.attrs["file"] = path.name  # which of the two formats it came from, for links to it
    return frame


def list_tables(folder: str | Path) -> dict[str, Path]:
    """The tables of a processed-event folder: table name -> its ``.csv`` or ``.parquet`` file."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.iterdir()) if p.suffix in OUTPUT_TABLE_SUFFIXES}


def copy_tables(source: str | Path, target: str | Path, names: Sequence[str]) -> list[Path]:
    """Copy the named tables (either format) from one processed-event folder to another, unchanged."""
    found = list_tables(source)
    missing = [n for n in names if n not in found]
    if missing:
        raise ValueError(f"{source}: no table named {', '.join(missing)}")
    out = []
    for name in names:
        out.append(Path(shutil.copy2(found[name], Path(target) / found[name].name)))
    kept = {name: types for name, types in _read_types(Path(source)).items() if name in names}
    if kept:
        merged = dict(sorted((_read_types(Path(target)) | kept).items()))
        out.append(write_text(json.dumps(merged, indent=1, ensure_ascii=False) + "\n", Path(target) / TABLE_TYPES))
    return out


def table_columns(path: str | Path) -> list[str]:
    """The column names of a table file (CSV header or Parquet schema), without reading its rows."""
    path = Path(path)
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    return [unprotect_cell(c) for c in pd.read_csv(path, nrows=0).columns]


def read_tables(
    folder: str | Path, names: list[str] | None = None, *, columns: Mapping[str, list[str]] | None = None
) -> dict[str, pd.DataFrame]:
    """Read every table (``*.csv``, ``*.parquet``) of a processed-event folder into a dict keyed by table name.

    ``names`` reads only those tables; ``columns`` maps a table name to the only columns to read of it
    (the others are read whole), so a notebook need not load a large table's text columns.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(
            f"{folder}: no processed tables; build them with `python -m analysis tables --event`"
        )
    paths = list(list_tables(folder).values()) if names is None else [folder / f"{name}.csv" for name in names]
    columns = columns or {}
    return {p.stem: read_table(p, columns=columns.get(p.stem)) for p in paths}


# --------------------------------------------------------------------------------------------------
# Figures

FIGURE_FORMATS = ("png", "svg")


class SavedFiles(list):
    """The paths :func:`save_figure` wrote; a notebook shows them as file names only, never their folder.

    Examples
    --------
    >>> SavedFiles([Path("/tmp/.figures.1.tmp/ev/a.png"), Path("/tmp/.figures.1.tmp/ev/a.svg")])
    saved a.png, a.svg
    """

    def __repr__(self) -> str:
        return "saved " + ", ".join(Path(p).name for p in self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


def read_png_figures(folder: str | Path) -> list[tuple[str, bytes]]:
    """``(name, PNG bytes)`` of every ``*.png`` in ``folder``, sorted by name."""
    return [(p.stem, p.read_bytes()) for p in sorted(Path(folder).glob("*.png"))]


class EmptyFigureWarning(UserWarning):
    """A figure was saved that draws nothing and says nothing (no data, no note)."""


def _axes_draws_something(ax: Any) -> bool:
    """True when an Axes shows data or a text (a note counts): bars of non-zero size, lines with
    points, non-empty collections, images with unmasked pixels."""
    import numpy as np

    if ax.texts:
        return True
    if any(len(line.get_xdata()) for line in ax.lines):
        return True
    for patch in ax.patches:
        width, height = getattr(patch, "get_width", lambda: 1)(), getattr(patch, "get_height", lambda: 1)()
        if width and height:
            return True
    for collection in ax.collections:
        if len(collection.get_offsets()) or any(len(p.vertices) for p in collection.get_paths()):
            return True
    return any(not np.ma.getmaskarray(image.get_array()).all() for image in ax.images)


def is_empty_figure(fig: Any) -> bool:
    """True when no Axes of ``fig`` (colour bars aside) draws anything: a chart with nothing to draw
    must say so with :func:`analysis.charts.draw_note`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> is_empty_figure(fig), ax.barh(["a"], [0]) is not None, is_empty_figure(fig)
    (True, True, True)
    >>> _ = ax.text(0.5, 0.5, "Nothing to draw: no quotation."); is_empty_figure(fig)
    False
    >>> plt.close(fig)
    """
    axes = [ax for ax in fig.axes if not hasattr(ax, "_colorbar")]
    return bool(axes) and not any(_axes_draws_something(ax) for ax in axes)


FIGURE_WIDTH = 12.0
"""Width in inches of every saved figure (2400 px at 200 dpi), so text is the same size in all of them."""

FIGURE_MAX_HEIGHT = 32.0
"""Height in inches, at the width of :data:`FIGURE_WIDTH`, of the tallest saved figure (6400 px at 200 dpi).

A taller figure (many panels, say) is saved whole at a lower dpi, so that no saved image is
more than 2400 x 6400 px, whatever the corpus."""


def _common_width(fig: Any, width: float, dpi: int) -> tuple[Any, float]:
    """The bounding box (inches) and dpi to save ``fig`` with so the image is ``width * dpi`` pixels wide.

    The figure's layout is never changed: a figure narrower than ``width`` (everything drawn, labels
    and legends outside the axes included) is padded with white on both sides, so its text keeps the
    size it has in every other figure; a wider one, or one taller than :data:`FIGURE_MAX_HEIGHT`, is
    saved whole at a lower dpi (its text a little smaller) rather than cropped.
    """
    from matplotlib.transforms import Bbox

    tight = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.1)
    if tight.width <= width:
        middle = (tight.x0 + tight.x1) / 2
        bbox, out_dpi = Bbox.from_bounds(middle - width / 2, tight.y0, width, tight.height), dpi
    else:
        bbox, out_dpi = tight, dpi * width / tight.width
    if bbox.height * out_dpi > FIGURE_MAX_HEIGHT * dpi:  # too tall: whole, at a lower dpi
        out_dpi = FIGURE_MAX_HEIGHT * dpi / bbox.height
    return bbox, out_dpi


FIGURE_LABEL_WIDTH = 48
"""Longest line of text in a saved figure, in characters; longer names end in an ellipsis."""


def _shorten(text: str, width: int = FIGURE_LABEL_WIDTH) -> str:
    return "\n".join(line if len(line) <= width else line[: width - 1] + "…" for line in str(text).split("\n"))


FIGURE_TITLE_LINES = 6
"""Most lines a figure title or axis label is wrapped to before its end is cut (a 500-character name)."""


def _wrap(text: str, width: int = FIGURE_LABEL_WIDTH, max_lines: int = FIGURE_TITLE_LINES) -> str:
    """``text`` wrapped at word boundaries to lines of at most ``width`` characters, at most ``max_lines``.

    Titles and axis labels say what a chart shows: they are wrapped, not cut, so a pasted figure keeps
    its whole title; only a title longer than ``max_lines`` lines (a pathological name) loses its end.

    Examples
    --------
    >>> print(_wrap("Who copied whom: likely textual source → derived article", 30))
    Who copied whom: likely
    textual source → derived
    article
    >>> print(_wrap("x" * 20, 8, 2))
    xxxxxxxx
    xxxxxxx…
    """
    import textwrap

    lines = [w for line in str(text).split("\n")
             for w in (textwrap.wrap(line, width, break_on_hyphens=False) or [""])]
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [_shorten(lines[max_lines - 1] + "…", width)]
    return "\n".join(lines)


def _bound_text(fig: Any, *, width: int = FIGURE_LABEL_WIDTH) -> None:
    """Make every text of ``fig`` safe to draw: no mathtext, and no line longer than ``width`` characters.

    Titles, axis labels, legends, annotations and tick labels show names from the data: a ``$`` in
    a name must not switch to mathtext, and a 500-character name must not make the figure
    thousands of pixels wide. Tick formatters are wrapped, so tick labels drawn later are cut too.
    """
    import matplotlib.text
    from matplotlib.ticker import Formatter

    class Bounded(Formatter):
        def __init__(self, inner: Formatter) -> None:
            self.inner = inner

        def __call__(self, x: Any, pos: Any = None) -> str:
            return _shorten(self.inner(x, pos), width)

        def format_ticks(self, values: Any) -> list[str]:
            return [_shorten(v, width) for v in self.inner.format_ticks(values)]

        def set_locs(self, locs: Any) -> None:
            self.inner.set_locs(locs)

        def get_offset(self) -> str:
            return self.inner.get_offset()

        def format_data(self, value: Any) -> str:
            return self.inner.format_data(value)

        def format_data_short(self, value: Any) -> str:
            return self.inner.format_data_short(value)

    wrapped = {id(t) for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label,
                                                  ax.yaxis.label)}
    if getattr(fig, "_suptitle", None) is not None:
        wrapped.add(id(fig._suptitle))
    for text in fig.findobj(matplotlib.text.Text):
        text.set_parse_math(False)
        value = text.get_text()
        if value and any(len(line) > width for line in value.split("\n")):
            if id(text) in wrapped:  # as many characters as the figure is wide (a glyph is ~0.6 em)
                fits = int(fig.get_figwidth() * 72 / (0.6 * text.get_fontsize()))
                text.set_text(_wrap(value, max(width, fits)))
            else:
                text.set_text(_shorten(value, width))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            formatter = axis.get_major_formatter()
            if not isinstance(formatter, Bounded):
                axis.set_major_formatter(Bounded(formatter))


def save_figure(
    fig: Any, name: str, folder: str | Path, *, dpi: int = 200, width: float = FIGURE_WIDTH
) -> SavedFiles:
    """Save a matplotlib figure as ``<name>.png`` (``dpi``) and ``<name>.svg`` with fixed metadata.

    Every figure is saved ``width`` inches wide (2400 px at the default 200 dpi), padded with white
    and never re-laid out, so a label of 10 pt is the same size in every figure of a report (a
    figure wider than that is saved whole, scaled down to the same pixel width). No creation date
    or software version is embedded and SVG element ids are salted with the figure name, so
    re-running gives byte-identical files. Files are written atomically. Texts are made safe first:
    ``$`` is never mathtext and names are cut with an ellipsis to a bounded width. Returns the paths
    written (shown by file name only).
    """
    import matplotlib as mpl

    _bound_text(fig)  # names from the data: no mathtext, no line wider than the figure
    folder = Path(folder)
    written = SavedFiles()
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
    }
    if is_empty_figure(fig):
        warnings.warn(
            f"{name}: the figure draws nothing and says nothing; draw a note (analysis.charts.draw_note) instead",
            EmptyFigureWarning, stacklevel=2,
        )
    bbox, dpi = _common_width(fig, width, dpi)
    for fmt in FIGURE_FORMATS:
        target = folder / f"{name}.{fmt}"
        with atomic_path(target) as tmp, mpl.rc_context({"svg.hashsalt": name, "text.parse_math": False}):
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata[fmt], bbox_inches=bbox)
        written.append(target)
    return written


# --------------------------------------------------------------------------------------------------
# frames: per-event lexicon folders


def list_yaml_files(folder: str | Path) -> list[Path]:
    """The ``*.yaml`` files of ``folder`` sorted by name (none when the folder does not exist)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if p.is_file() and not p.name.startswith("."))


CORPUS_LIST_COLUMNS = ("authors",)
"""Corpus columns of lists, which Parquet gives back as arrays: :func:`read_corpus_partition` makes them lists."""


def write_corpus_partitions(corpus: pd.DataFrame, folder: str | Path, *, npartitions: int) -> list[Path]:
    """Write a corpus frame as ``npartitions`` Parquet files of consecutive rows (``part-00000.parquet``, ...).

    Workers of a Dask cluster read their partition themselves (:func:`read_corpus_partition`)
    instead of receiving it pickled from the client. Empty partitions are not written.
    """
    if npartitions < 1:
        raise ValueError(f"npartitions must be at least 1, got {npartitions}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    bounds = [round(i * len(corpus) / npartitions) for i in range(npartitions + 1)]
    paths = []
    for i, (a, b) in enumerate(itertools.pairwise(bounds)):
        if b > a:
            paths.append(write_table(corpus.iloc[a:b], folder / f"part-{i:05d}.parquet"))
    return paths


def read_corpus_partition(path: str | Path) -> pd.DataFrame:
    """One partition written by :func:`write_corpus_partitions`, with the corpus frame's values.

    List cells come back as lists and missing text as None, as :func:`load_event` gives them.
    """
    from analysis.corpus.event import NULLABLE

    frame = pd.read_parquet(path, engine="pyarrow")
    for column in frame.columns:
        values = frame[column]
        if column in CORPUS_LIST_COLUMNS:
            frame[column] = pd.Series([list(v) if v is not None else v for v in values.tolist()], dtype=object,
                                      index=frame.index)
        elif column in NULLABLE or values.dtype == object:
            frame[column] = pd.Series([v if isinstance(v, str) or not pd.isna(v) else None for v in values.tolist()],
                                      dtype=object, index=frame.index)
    return frame
