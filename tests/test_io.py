"""Tests for analysis.io and analysis.corpus.event: event folders, validation errors, atomic writes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import io
from analysis.__main__ import main
from analysis.corpus.cleaning import clean_corpus
from tests.conftest import EVENT_DIR

ARTICLE = "NATO plans to open a liaison office in Tokyo, officials said on Tuesday.\n\nThe office would be the first in Asia.\n"
ENTRY = """  - file: {file}
    outlet: {outlet}
    platform: null
    source: null
    published: {published}
    authors: [A. Writer]
    title: null
    language: en
"""


def make_event(folder: Path, files: dict[str, bytes | str], *, entries: list[str] | None = None, extra: str = "") -> Path:
    """Write a small event folder: article files plus an event.yaml listing them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    if entries is None:
        entries = [ENTRY.format(file=name, outlet=f"Outlet {i}", published="2023-05-03") for i, name in enumerate(files)]
    (folder / "event.yaml").write_text("title: Test event\n" + extra + "articles:\n" + "".join(entries), encoding="utf-8")
    return folder


def test_shipped_event_metadata(seed_event):
    meta, corpus = seed_event
    assert meta["title"] == "NATO's planned liaison office in Tokyo"
    assert meta["slug"] == "nato-tokyo-office"
    table = corpus.set_index("article_id")
    assert list(table.index) == ["000", "001", "002", "003", "004"]
    assert table["outlet"].tolist() == ["Nikkei Asia", "The New American", "RT", "Korrespondent", "Yomiuri Shimbun"]
    assert table["platform"].tolist() == ["Global Research", None, None, "Buna Times", "The Japan News"]
    assert table["published"].tolist() == ["2023-05-03", "2023-05-07", "2023-05-03", None, "2023-05-10"]
    assert table.loc["000", "reposted"] == "2023-05-05"
    assert table.loc["000", "authors"] == ["Ken Moriyasu", "Rieko Miki", "Takashi Tsuji"]
    assert table.loc["004", "title"] is None
    assert set(table["encoding"]) == {"utf-8"}


def test_raw_files_are_identical_to_the_seeds():
    seeds = EVENT_DIR.parents[3] / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip(f"{seeds} not beside the project")
    for seed in sorted(seeds.glob("*.txt")):
        assert (EVENT_DIR / seed.name).read_bytes() == seed.read_bytes()


def test_raw_folder_is_not_modified_by_a_run(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(EVENT_DIR, root / "data" / "raw" / "ev")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "data/raw/ev").iterdir()}
    assert main(["--root", str(root), "tables", "--event", "ev"]) == 0
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "data/raw/ev").iterdir()}
    assert before == after
    articles = pd.read_csv(root / "data/processed/ev/articles.csv", dtype={"article_id": str})
    assert articles.columns[:10].tolist() == [
        "article_id", "outlet", "platform", "source", "published", "authors", "title", "n_words", "n_sentences", "text",
    ]
    assert json.loads(articles.loc[0, "authors"]) == ["Ken Moriyasu", "Rieko Miki", "Takashi Tsuji"]
    assert articles["n_words"].tolist() == [239, 1079, 321, 580, 220]


def test_tables_are_byte_identical_across_runs(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(EVENT_DIR, root / "data" / "raw" / "ev")
    assert main(["--root", str(root), "tables", "--event", "ev"]) == 0
    first = {p.name: p.read_bytes() for p in (root / "data/processed/ev").iterdir()}
    assert main(["--root", str(root), "tables", "--event", "ev"]) == 0
    second = {p.name: p.read_bytes() for p in (root / "data/processed/ev").iterdir()}
    assert first == second
    assert not [p for p in (root / "data/processed").iterdir() if p.name.startswith(".")]


def test_listed_file_missing(tmp_path):
    folder = make_event(tmp_path / "ev", {"a.txt": ARTICLE})
    (folder / "a.txt").unlink()
    with pytest.raises(ValueError, match=r"event.yaml:\d+: listed file a.txt is missing from the folder"):
        io.load_event(folder)


def test_file_in_folder_not_listed(tmp_path):
    folder = make_event(tmp_path / "ev", {"a.txt": ARTICLE})
    (folder / "b.txt").write_text(ARTICLE.replace("Tokyo", "Seoul"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"file b.txt is in the folder but not listed"):
        io.load_event(folder)


def test_missing_required_field(tmp_path):
    entry = ENTRY.format(file="a.txt", outlet="X", published="null").replace("    language: en\n", "")
    folder = make_event(tmp_path / "ev", {"a.txt": ARTICLE}, entries=[entry])
    with pytest.raises(ValueError, match=r"event.yaml:3: articles\[0\] \(a.txt\): missing required field 'language'"):
        io.load_event(folder)


def test_unparseable_date_names_line(tmp_path):
    entry = ENTRY.format(file="a.txt", outlet="X", published="May 3rd")
    folder = make_event(tmp_path / "ev", {"a.txt": ARTICLE}, entries=[entry])
    with pytest.raises(ValueError, match=r"event.yaml:7: .*published: unparseable date 'May 3rd'"):
        io.load_event(folder)


def test_unknown_keys_are_typos(tmp_path):
    entry = ENTRY.format(file="a.txt", outlet="X", published="null") + "    autors: [B]\n"
    folder = make_event(tmp_path / "ev", {"a.txt": ARTICLE}, entries=[entry], extra="descripton: typo\n")
    with pytest.raises(ValueError) as info:
        io.load_event(folder)
    message = str(info.value)
    assert "event.yaml:2: unknown key 'descripton'" in message
    assert "event.yaml:12: articles[0] (a.txt): unknown key 'autors'" in message


def test_duplicate_article_listed_twice(tmp_path):
    entry = ENTRY.format(file="a.txt", outlet="X", published="null")
    folder = make_event(tmp_path / "ev", {"a.txt": ARTICLE}, entries=[entry, entry])
    with pytest.raises(ValueError, match=r"duplicate article: a.txt is listed twice"):
        io.load_event(folder)


def test_duplicate_article_same_body(tmp_path):
    folder = make_event(tmp_path / "ev", {"a.txt": ARTICLE, "b.txt": "Share this\n\n" + ARTICLE})
    _, corpus = io.load_event(folder)
    with pytest.raises(ValueError, match=r"duplicate article: the same body appears in a.txt \(a\), b.txt \(b\)"):
        clean_corpus(corpus)


def test_empty_body_after_cleaning_names_file(tmp_path):
    folder = make_event(tmp_path / "ev", {"a.txt": ARTICLE, "menu.txt": "Home\n\nSubscribe\n\nShare this\n"})
    _, corpus = io.load_event(folder)
    with pytest.raises(ValueError, match=r"menu.txt: empty body after cleaning"):
        clean_corpus(corpus)


def test_undecodable_bytes(tmp_path):
    folder = make_event(tmp_path / "ev", {"a.txt": b"NATO \x81\x8d plans an office.\n"})
    with pytest.raises(ValueError, match=r"a.txt: undecodable bytes: .*byte 0x81 at offset 5"):
        io.load_event(folder)


def test_cp1252_is_decoded_with_a_warning(tmp_path):
    folder = make_event(tmp_path / "ev", {"a.txt": "NATO\u2019s office in Tokyo is planned, officials said.\n".encode("cp1252")})
    with pytest.warns(io.DecodingWarning, match="a.txt: not valid UTF-8; decoded as cp1252"):
        _, corpus = io.load_event(folder)
    assert corpus.loc[0, "raw_text"].startswith("NATO’s office")
    assert corpus.loc[0, "encoding"] == "cp1252"


def test_utf8_with_bom(tmp_path):
    folder = make_event(tmp_path / "ev", {"a.txt": b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, corpus = io.load_event(folder)
    assert corpus.loc[0, "raw_text"] == ARTICLE
    assert corpus.loc[0, "encoding"] == "utf-8-sig"


def test_yaml_syntax_error_names_line(tmp_path):
    folder = make_event(tmp_path / "ev", {"a.txt": ARTICLE})
    (folder / "event.yaml").write_text("title: x\narticles:\n  - file: [a.txt\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"event.yaml:\d+: invalid YAML"):
        io.load_event(folder)


def test_html_article_goes_through_trafilatura(tmp_path):
    html = (
        "<html><head><title>T</title></head><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
        "<article><h1>NATO office</h1><p>NATO plans to open a liaison office in Tokyo, the first of its kind "
        "in Asia, officials said on Wednesday after weeks of talks.</p><p>The office would let the alliance "
        "consult partners such as Japan, South Korea and Australia on a regular basis.</p></article>"
        "<footer>Copyright 2023 Example News. All rights reserved.</footer></body></html>"
    )
    folder = make_event(tmp_path / "ev", {"a.html": html})
    _, corpus = io.load_event(folder)
    cleaned, _ = clean_corpus(corpus)
    body = cleaned.loc[0, "text"]
    assert body.startswith("NATO plans to open a liaison office in Tokyo")
    assert body.endswith("on a regular basis.")
    assert "Copyright" not in body and "Home" not in body


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_article_tables(tmp_path, suffix):
    rows = pd.DataFrame(
        {
            "article_id": ["x1", "x2"],
            "outlet": ["Outlet A", "Outlet B"],
            "published": ["2023-05-03", None],
            "text": [ARTICLE, ARTICLE.replace("Tokyo", "Seoul")],
        }
    )
    folder = tmp_path / "ev"
    folder.mkdir()
    path = folder / f"corpus.{suffix}"
    if suffix == "csv":
        rows.to_csv(path, index=False)
    elif suffix == "jsonl":
        rows.to_json(path, orient="records", lines=True)
    else:
        rows.to_parquet(path)
    entry = "  - file: corpus.{s}\n    platform: null\n    source: null\n    published: null\n    authors: []\n    title: null\n    language: en\n    outlet: default\n"
    (folder / "event.yaml").write_text("title: T\narticles:\n" + entry.format(s=suffix), encoding="utf-8")
    _, corpus = io.load_event(folder)
    assert corpus["article_id"].tolist() == ["x1", "x2"]
    assert corpus["outlet"].tolist() == ["Outlet A", "Outlet B"]
    assert corpus["published"].tolist() == ["2023-05-03", None]
    assert corpus["language"].tolist() == ["en", "en"]


def test_article_table_without_text_column(tmp_path):
    folder = tmp_path / "ev"
    folder.mkdir()
    pd.DataFrame({"body": ["x"], "outlet": ["A"]}).to_csv(folder / "c.csv", index=False)
    entry = "  - file: c.csv\n    outlet: A\n    platform: null\n    source: null\n    published: null\n    authors: []\n    title: null\n    language: en\n"
    (folder / "event.yaml").write_text("title: T\narticles:\n" + entry, encoding="utf-8")
    with pytest.raises(ValueError, match=r"c.csv: no text column 'text' \(columns: body, outlet\)"):
        io.load_event(folder)


def test_init_event_writes_a_starter_and_never_overwrites(tmp_path, capsys):
    folder = tmp_path / "new-event"
    folder.mkdir()
    (folder / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "a.html").write_text("<p>x</p>", encoding="utf-8")
    assert main(["init-event", str(folder)]) == 0
    text = (folder / "event.yaml").read_text(encoding="utf-8")
    assert '  - file: "a.html"' in text and '  - file: "b.txt"' in text
    assert text.index("a.html") < text.index("b.txt")
    assert main(["init-event", str(folder)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_atomic_write_leaves_old_file_on_failure(tmp_path):
    target = tmp_path / "t.csv"
    io.write_text("old\n", target)
    with pytest.raises(RuntimeError), io.atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_atomic_dir_keeps_previous_content_on_failure(tmp_path):
    target = tmp_path / "out"
    with io.atomic_dir(target) as stage:
        (stage / "a.txt").write_text("1", encoding="utf-8")
    with pytest.raises(RuntimeError), io.atomic_dir(target) as stage:
        (stage / "a.txt").write_text("2", encoding="utf-8")
        raise RuntimeError("boom")
    assert (target / "a.txt").read_text(encoding="utf-8") == "1"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_missing_event_folder_and_yaml(tmp_path):
    with pytest.raises(ValueError, match="event folder not found"):
        io.load_event(tmp_path / "nope")
    (tmp_path / "ev").mkdir()
    with pytest.raises(ValueError, match="init-event"):
        io.load_event(tmp_path / "ev")


def _tree(folder):
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def _three_targets(root):
    targets = [root / "data" / "processed" / "ev", root / "figures" / "ev", root / "reports" / "ev"]
    for target in targets:
        target.mkdir(parents=True)
        (target / "a.txt").write_text(f"old {target.parent.name}")
    return targets


def test_staged_dirs_swap_all_targets_together_or_none(tmp_path):
    targets = _three_targets(tmp_path)
    with pytest.raises(RuntimeError), io.staged_dirs(targets) as stages:
        for stage in stages:
            (stage / "a.txt").write_text("new")
        raise RuntimeError("a notebook failed")
    assert [_tree(t) for t in targets] == [{"a.txt": "old processed"}, {"a.txt": "old figures"}, {"a.txt": "old reports"}]
    with io.staged_dirs(targets) as stages:
        for stage in stages:
            (stage / "a.txt").write_text("new")
    assert [_tree(t) for t in targets] == [{"a.txt": "new"}] * 3
    hidden = [p for t in targets for p in t.parent.iterdir() if p.name.startswith(".")]
    assert hidden == []


def test_swap_failing_half_way_restores_every_previous_folder(tmp_path, monkeypatch):
    targets = _three_targets(tmp_path)
    stages = []
    for target in targets:
        stage = io.staging_dir(target) / target.name
        stage.mkdir()
        (stage / "a.txt").write_text("new")
        stages.append(stage)
    real_replace = os.replace
    calls = []

    def flaky(src, dst):
        calls.append((src, dst))
        if len(calls) == 4:  # old processed aside, new in, old figures aside, then the new figures fail
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(io.os, "replace", flaky)
    with pytest.raises(OSError, match="No space left"):
        io.swap_in(list(zip(stages, targets, strict=True)))
    monkeypatch.setattr(io.os, "replace", real_replace)
    assert [_tree(t) for t in targets] == [{"a.txt": "old processed"}, {"a.txt": "old figures"}, {"a.txt": "old reports"}]
    assert not (targets[0].parent / ".ev.swap.json").exists()


@pytest.mark.parametrize("state", ["swapping", "committed"])
def test_a_swap_killed_half_way_is_recovered_to_one_consistent_version(tmp_path, state):
    targets = _three_targets(tmp_path)
    # What a process killed between two renames leaves: processed swapped, figures moved aside, reports untouched.
    journal = targets[0].parent / ".ev.swap.json"
    journal.write_text(json.dumps({"state": state, "targets": [str(t) for t in targets]}))
    os.replace(targets[0], targets[0].parent / ".ev.old")
    targets[0].mkdir()
    (targets[0] / "a.txt").write_text("new")
    os.replace(targets[1], targets[1].parent / ".ev.old")
    io.recover_swap(targets[:1])  # any later run recovers every folder the journal names
    if state == "swapping":
        assert [_tree(t) for t in targets] == [{"a.txt": "old processed"}, {"a.txt": "old figures"}, {"a.txt": "old reports"}]
    else:
        assert not (targets[0].parent / ".ev.old").exists() and not (targets[1].parent / ".ev.old").exists()
    assert not journal.exists()


def test_stale_staging_folders_of_dead_processes_are_removed(tmp_path):
    target = tmp_path / "processed" / "ev"
    target.parent.mkdir(parents=True)
    dead = target.parent / ".ev.999999999.abc.tmp"
    dead.mkdir()
    alive = target.parent / f".ev.{os.getpid()}.abc.tmp"
    alive.mkdir()
    assert io.remove_stale_staging(target) == [dead]
    assert alive.exists() and not dead.exists()


def test_tables_read_back_with_the_types_of_their_sidecar(tmp_path):
    tables = {
        "articles": pd.DataFrame({
            "article_id": ["000", "010"], "n_words": [239, 1079], "share": [0.5, None],
            "authors": [["Ken Moriyasu", "Rieko Miki"], []], "in_quote": [True, False],
        }),
        "alignment": pd.DataFrame({"article_id": ["000"], "source_sentence_id": [pd.NA]}).astype(
            {"source_sentence_id": "Int64"}
        ),
    }
    io.write_tables(tables, tmp_path)
    assert json.loads((tmp_path / "tables.json").read_text(encoding="utf-8")) == {
        "alignment": {"article_id": "str", "source_sentence_id": "int?"},
        "articles": {"article_id": "str", "n_words": "int", "share": "float", "authors": "list", "in_quote": "bool"},
    }
    articles = io.read_table(tmp_path / "articles.csv")
    assert articles["article_id"].tolist() == ["000", "010"]
    assert articles["n_words"].dtype == "int64"
    assert articles["authors"].tolist() == [["Ken Moriyasu", "Rieko Miki"], []]
    assert articles["in_quote"].dtype == bool
    alignment = io.read_table(tmp_path / "alignment.csv")
    assert str(alignment["source_sentence_id"].dtype) == "Int64"
    assert alignment["source_sentence_id"].isna().tolist() == [True]


def test_an_events_tables_keep_identifiers_as_text(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(EVENT_DIR, root / "data" / "raw" / "ev")
    assert main(["--root", str(root), "tables", "--event", "ev"]) == 0
    tables = io.read_tables(root / "data/processed/ev")
    assert tables["articles"]["article_id"].tolist() == ["000", "001", "002", "003", "004"]
    assert tables["sentences"]["sentence_id"].dtype == "int64"
    assert tables["derivation"]["likely_source_article_id"].dropna().str.fullmatch(r"\d{3}").all()
    assert set(tables["sentence_alignment"]["source_article_id"].dropna()) <= set(tables["articles"]["article_id"])
    assert "article_id" not in tables["frames"].columns
    assert set(tables["article_frames"]["article_id"]) == set(tables["articles"]["article_id"])
    assert isinstance(tables["articles"].loc[0, "authors"], list)


def test_large_tables_are_written_as_parquet_and_read_back_the_same(tmp_path):
    small = pd.DataFrame({"article_id": ["002", "010"], "text": ["Kept “as is”.", None]})
    large = pd.DataFrame({"article_id": [f"{i:03d}" for i in range(io.PARQUET_ABOVE_ROWS + 1)],
                          "authors": [["A B"], []] * (io.PARQUET_ABOVE_ROWS // 2) + [["C"]]})
    written = io.write_tables({"small": small, "large": large}, tmp_path)
    assert [p.name for p in written] == ["large.parquet", "small.csv", "tables.json"]
    back = io.read_tables(tmp_path)
    assert sorted(back) == ["large", "small"]
    assert back["large"]["article_id"].iloc[:3].tolist() == ["000", "001", "002"]
    # list cells come back as lists from Parquet too (not arrays: `value == []`, json.dumps and `int(x)` work)
    assert back["large"]["authors"].iloc[:3].tolist() == [["A B"], [], ["A B"]]
    assert all(type(a) is list for a in back["large"]["authors"])
    assert back["small"]["article_id"].tolist() == ["002", "010"]
    # a name asked for as .csv is found as .parquet, and only the columns asked for are read
    assert io.read_table(tmp_path / "large.csv", columns=["article_id"]).columns.tolist() == ["article_id"]
    assert (back["large"].attrs["file"], back["small"].attrs["file"]) == ("large.parquet", "small.csv")
    assert len(io.read_tables(tmp_path, ["large"])["large"]) == io.PARQUET_ABOVE_ROWS + 1
    some = io.read_tables(tmp_path, ["large", "small"], columns={"large": ["authors"]})
    assert (some["large"].columns.tolist(), some["small"].columns.tolist()) == (["authors"], ["article_id", "text"])
    assert some["large"]["authors"].iloc[-1] == ["C"]
    # same frame, same bytes
    first = (tmp_path / "large.parquet").read_bytes()
    io.write_tables({"large": large}, tmp_path)
    assert (tmp_path / "large.parquet").read_bytes() == first
    # a per-outlet table named a spreadsheet stays CSV at any size, and replaces its Parquet copy
    io.write_tables({"large": large}, tmp_path, spreadsheets=["large"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["large.csv", "small.csv", "tables.json"]
    assert io.read_table(tmp_path / "large.csv")["authors"].iloc[:2].map(list).tolist() == [["A B"], []]
    with pytest.raises(ValueError, match=r"t\.txt: tables are written as \.csv or \.parquet"):
        io.write_table(small, tmp_path / "t.txt")


def test_steps_rebuild_only_the_named_tables_and_keep_the_others(tmp_path, capsys):
    root = tmp_path / "proj"
    shutil.copytree(EVENT_DIR, root / "data" / "raw" / "ev")
    processed = root / "data/processed/ev"
    assert main(["--root", str(root), "tables", "--event", "ev", "--steps", "terms"]) == 0
    assert sorted(p.stem for p in processed.iterdir()) == [
        "articles", "distinctive_terms", "removed", "sentences", "tables", "terms"]  # tables: tables.json, the types
    err = capsys.readouterr().err
    assert "[1/2] cleaning and sentences:" in err and "articles 5, removed " in err and "sentences 98 rows" in err  # 93 body sentences, 3 headlines, 2 decks
    assert "[2/2] terms:" in err and "ETA" in err.splitlines()[0] and "ETA" not in err.splitlines()[1]
    assert main(["--root", str(root), "tables", "--event", "ev", "--no-progress"]) == 0
    assert capsys.readouterr().err == ""
    full = {p.name: p.read_bytes() for p in processed.iterdir()}
    assert "terms.parquet" in full and "frames.csv" in full  # terms: 1,000+ rows; frames: per outlet, CSV
    (processed / "terms.parquet").write_text("stale\n", encoding="utf-8")
    (processed / "terms.csv").write_text("a stale copy in the other format\n", encoding="utf-8")
    (processed / "frames.csv").write_text("kept as it was\n", encoding="utf-8")
    assert main(["--root", str(root), "tables", "--event", "ev", "--steps", "terms,stance", "--no-progress"]) == 0
    after = {p.name: p.read_bytes() for p in processed.iterdir()}
    assert after["terms.parquet"] == full["terms.parquet"]  # rebuilt, and its CSV copy removed
    assert after["frames.csv"] == b"kept as it was\n"  # not a step of this run: left alone
    assert set(after) == set(full)


def test_unknown_step_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["--root", str(tmp_path), "tables", "--event", "ev", "--steps", "terms,termz"])
    assert "unknown step 'termz' (steps: reuse, terms, stance, frames, findings)" in capsys.readouterr().err


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_saved_figures_are_bounded_in_pixels(tmp_path):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 60))  # made without the charts' capped get_ax
    ax.barh(range(300), range(300))
    io.save_figure(fig, "tall", tmp_path)
    fig, ax = plt.subplots(figsize=(30, 4))
    ax.plot([0, 1], [0, 1])
    io.save_figure(fig, "wide", tmp_path)
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot([0, 1], [0, 1])
    io.save_figure(fig, "usual", tmp_path)
    plt.close("all")
    tall, wide, usual = (_png_size(tmp_path / f"{name}.png") for name in ("tall", "wide", "usual"))
    assert tall[1] == 6400 and tall[0] < 2400  # whole, at a lower dpi
    assert wide[0] == 2400 and wide[1] < 6400
    assert usual[0] == 2400 and usual[1] < 1000


def test_saved_figure_titles_are_wrapped_whole_and_names_in_ticks_cut(tmp_path):
    import matplotlib.pyplot as plt

    title = ("Who copied whom: likely textual source → derived article\n"
             "(label: share of the derived article's words reused; dotted grey: source named in the text instead)")
    fig, ax = plt.subplots()
    ax.bar([0], [1])
    ax.set_xticks([0], ["A" * 60])
    ax.set_title(title)
    label = "sentences copied or rewritten from the likely source, per article"
    ax.set_ylabel(label)
    io.save_figure(fig, "titled", tmp_path)
    # every word kept, wrapped to the figure's width (6.4 in at the title's font size)
    fits = int(fig.get_figwidth() * 72 / (0.6 * ax.title.get_fontsize()))
    assert ax.get_title().split() == title.split()
    assert ax.get_title().split("\n")[0] == "Who copied whom: likely textual source → derived article"
    assert 3 <= ax.get_title().count("\n") + 1 <= 4
    assert all(len(line) <= fits for line in ax.get_title().split("\n"))
    assert ax.get_ylabel().split() == label.split()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A" * 47 + "…"]  # a name from the data is cut
    plt.close(fig)
    # a pathological title is bounded: six lines, the last one cut
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_title("word " * 200)
    io.save_figure(fig, "long", tmp_path)
    assert ax.get_title().count("\n") == 5 and ax.get_title().endswith("…")
    assert max(len(line) for line in ax.get_title().split("\n")) <= 64
    plt.close(fig)
