"""Tests of the command line (analysis.__main__): --version, init-event, paths resolved against the user's folder."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from analysis import __version__, io
from analysis.__main__ import _user_parameters, build_parser, main

ARTICLE = (
    "Port Elmwood's city council voted on Tuesday to end the harbour ferry service on June 30 and to spend "
    "the savings on a new bus line along the river road, after a debate that lasted three hours.\n"
)


def test_version_names_the_distribution_and_the_package_version():
    done = subprocess.run([sys.executable, "-m", "analysis", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout == f"media-framing {__version__}\n"


def test_init_event_on_a_missing_folder_is_one_line(tmp_path, capsys):
    assert main(["init-event", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert err == f"error: {tmp_path / 'nope'}: no such folder; create it and put the article files in it first\n"


def test_an_unedited_starter_is_refused_naming_each_placeholder_line(tmp_path):
    folder = tmp_path / "ferry"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["init-event", str(folder)]) == 0
    with pytest.raises(ValueError) as err:
        io.load_event(folder)
    spec = folder / "event.yaml"
    assert str(err.value).splitlines() == [
        f"{spec}:2: title is still the placeholder 'TODO title of the event ferry': fill it in",
        f"{spec}:3: description is still the placeholder 'TODO one or two sentences': fill it in",
        f"{spec}:7: articles[0] (a.txt): outlet is still the placeholder 'TODO': fill it in",
    ]


def test_a_table_entry_needs_no_dummy_metadata_when_its_rows_carry_it(tmp_path):
    folder = tmp_path / "ferry"
    folder.mkdir()
    rows = [
        {"article_id": "001", "outlet": "Elmwood Gazette", "published": "2026-03-10", "text": ARTICLE},
        {"article_id": "002", "outlet": "Coastal Daily", "published": "2026-03-11", "text": ARTICLE.replace("Tuesday", "Monday")},
    ]
    (folder / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["init-event", str(folder)]) == 0
    spec = (folder / "event.yaml").read_text(encoding="utf-8")
    assert "outlet" not in spec.split("articles:")[1].replace("outlet, language", "").replace("article_id, outlet", "")
    spec = spec.replace("TODO title of the event ferry", "Ferry").replace("TODO one or two sentences", "Two reports.")
    (folder / "event.yaml").write_text(spec, encoding="utf-8")
    _, corpus = io.load_event(folder)
    assert corpus[["article_id", "outlet", "published", "language"]].to_dict("records") == [
        {"article_id": "001", "outlet": "Elmwood Gazette", "published": "2026-03-10", "language": "en"},
        {"article_id": "002", "outlet": "Coastal Daily", "published": "2026-03-11", "language": "en"},
    ]


def test_lexicon_paths_are_resolved_against_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "mine.yaml").write_text("name: mine\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["report", "--event", "x", "-p", "lexicons", "[mine.yaml]", "-p", "top_k", "3"])
    assert _user_parameters(args) == {"lexicons": [str(tmp_path / "mine.yaml")], "top_k": 3}
    args = build_parser().parse_args(["report", "--event", "x", "-p", "lexicons", "[other.yaml]"])
    with pytest.raises(ValueError, match=r"^-p lexicons: other.yaml: lexicon file not found$"):
        _user_parameters(args)


def test_a_missing_lexicon_given_with_lexicon_stops_before_anything_runs(tmp_path, capsys):
    raw = tmp_path / "data" / "raw" / "ferry"
    raw.mkdir(parents=True)
    (raw / "event.yaml").write_text("title: x\narticles: []\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "tables", "--event", "ferry", "--lexicon", str(tmp_path / "none.yaml")]) == 1
    assert capsys.readouterr().err == f"error: --lexicon: {tmp_path / 'none.yaml'}: lexicon file not found\n"
    assert not (tmp_path / "data" / "processed").exists()


def test_the_frames_notebook_is_the_one_taking_lexicons():
    # the report hands --lexicon to the frames notebook too, so its charts show the user's lexicon
    from analysis.report.runner import notebook_parameters, notebook_paths

    takers = [nb.name for nb in notebook_paths() if "lexicons" in notebook_parameters(nb)]
    assert takers == ["40-frames.ipynb"]
