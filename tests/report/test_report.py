"""End-to-end: every notebook through papermill on the shipped event and a second, hand-made event.

The whole report runs into a temporary project folder (nothing is written in the repository), then
runs again to check that tables and figures are byte-identical.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.__main__ import main
from analysis.report.runner import check_parameters, notebook_parameters, notebook_paths
from tests.conftest import EVENT_DIR

SCRIPT_TITLE = "<script>document.title='PWNED'</script> NATO & Japan"
SECOND_EVENT = {
    "a.txt": (
        "Menu\n\nNATO plans to open an office in Tokyo, officials said on Monday, in a move China criticised.\n\n"
        "The alliance said the office would help it consult partners such as Japan and South Korea.\n\n"
        "Critics called the plan “provocative,” and Beijing warned of a new Cold War in Asia.\n"
    ),
    "b.txt": (
        "<script>alert('x')</script> NATO officials said on Tuesday that the Tokyo office was not a military base.\n\n"
        "Japan reportedly wants closer security ties with the alliance, according to diplomats.\n\n"
        "China’s foreign ministry said the bloc was expanding into the Asia-Pacific region.\n"
    ),
}
SECOND_YAML = f"""title: {json.dumps(SCRIPT_TITLE)}
description: A hand-made event for tests.
date: 2023-05-08
articles:
  - file: a.txt
    outlet: Outlet A
    platform: null
    source: null
    published: 2023-05-08
    authors: []
    title: {json.dumps(SCRIPT_TITLE)}
    language: en
  - file: b.txt
    outlet: Outlet <b>B</b>
    platform: null
    source: null
    published: null
    authors: [X]
    title: null
    language: en
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A temporary project with the shipped event and a small second event, reported twice."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(EVENT_DIR, root / "data" / "raw" / "nato-tokyo-office")
    second = root / "data" / "raw" / "second-event"
    second.mkdir()
    for name, text in SECOND_EVENT.items():
        (second / name).write_text(text, encoding="utf-8")
    (second / "event.yaml").write_text(SECOND_YAML, encoding="utf-8")
    assert main(["--root", str(root), "report", "--all", "--jobs", "2", "--no-progress"]) == 0
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("slug", ["nato-tokyo-office", "second-event"])
def test_every_table_and_figure_exists_and_is_not_empty(project, slug):
    tables = project / "data" / "processed" / slug
    for name in ("articles", "sentences", "removed"):
        frame = pd.read_csv(tables / f"{name}.csv")
        assert len(frame.columns) > 0
    assert len(pd.read_csv(tables / "articles.csv")) == (5 if slug == "nato-tokyo-office" else 2)
    figures = project / "figures" / slug
    pngs = sorted(p.stem for p in figures.glob("*.png"))
    svgs = sorted(p.stem for p in figures.glob("*.svg"))
    assert pngs == svgs and {"corpus-body-length", "corpus-timeline", "corpus-removed"} <= set(pngs)
    assert all(p.stat().st_size > 1000 for p in figures.iterdir())
    reports = project / "reports" / slug
    for notebook in notebook_paths():
        executed = nbformat.read(reports / notebook.name, as_version=4)
        assert not [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert (reports / f"{notebook.stem}.html").stat().st_size > 1000
    assert (reports / "index.html").exists()
    assert not (reports / "failed").exists()


def test_shipped_event_tables_match_the_seeds(project):
    articles = pd.read_csv(project / "data/processed/nato-tokyo-office/articles.csv", dtype={"article_id": str})
    assert articles["n_words"].tolist() == [239, 1079, 321, 580, 220]
    sentences = pd.read_csv(project / "data/processed/nato-tokyo-office/sentences.csv", dtype={"article_id": str})
    assert (sentences["unit"] == "body").sum() == 93
    # a headline row where the seed has a title (Korrespondent's and Yomiuri's pages carry none), a deck row
    # where the page has one under its headline (Nikkei's via Global Research, RT's)
    units = sentences[sentences["unit"] != "body"]
    assert sorted(zip(units["article_id"], units["unit"], units["sentence_id"], strict=True)) == [
        ("000", "deck", -1), ("000", "headline", -2), ("001", "headline", -2), ("002", "deck", -1),
        ("002", "headline", -2)]


def test_index_pages_escape_article_text_and_embed_figures(project):
    page = (project / "reports" / "second-event" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt; NATO &amp; Japan" in page
    assert "Outlet &lt;b&gt;B&lt;/b&gt;" in page
    assert page.count("data:image/png;base64,") >= 3
    assert "http://" not in page and "https://" not in page  # nothing loaded from the network
    assert "under 500" in page  # small-sample warning
    overall = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="nato-tokyo-office/index.html"' in overall and 'href="second-event/index.html"' in overall
    assert "<script" not in overall


def test_second_run_is_byte_identical(project):
    before = {
        "tables": snapshot(project / "data" / "processed"),
        "figures": snapshot(project / "figures"),
    }
    assert main(["--root", str(project), "report", "--all", "--jobs", "2", "--no-progress"]) == 0
    assert snapshot(project / "data" / "processed") == before["tables"]
    assert snapshot(project / "figures") == before["figures"]


def test_failing_notebook_keeps_previous_outputs(project, tmp_path, capsys):
    broken = nbformat.v4.new_notebook()
    broken.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('event: str = "x"  # event\nfigures_dir: str = "f"  # figures')
    params.metadata["tags"] = ["parameters"]
    broken.cells = [params, nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")]
    path = tmp_path / "99-broken.ipynb"
    nbformat.write(broken, path)
    before = snapshot(project / "figures" / "second-event")
    reports_before = snapshot(project / "reports" / "second-event")
    code = main(["--root", str(project), "report", "--event", "second-event", "--notebook", str(path), "--no-progress"])
    assert code == 1
    err = capsys.readouterr().err
    assert "error: second-event: 99-broken.ipynb: cell 3 ('1 / 0') failed: ZeroDivisionError: division by zero" in err
    assert snapshot(project / "figures" / "second-event") == before
    failed = project / "reports" / "second-event" / "failed" / "99-broken.ipynb"
    assert failed.exists()
    after = snapshot(project / "reports" / "second-event")
    del after["failed/99-broken.ipynb"]
    assert after == reports_before
    shutil.rmtree(failed.parent)


def test_parameters_are_checked_before_anything_runs(project, capsys):
    code = main(["--root", str(project), "report", "--event", "second-event", "-p", "no_such", "1", "--no-progress"])
    assert code == 1
    assert "unknown parameter 'no_such'" in capsys.readouterr().err
    notebooks = notebook_paths()
    typed = {
        name: info for nb in notebooks for name, info in notebook_parameters(nb).items()
        if info["type"] == "int"
    }
    if typed:
        name = sorted(typed)[0]
        with pytest.raises(ValueError, match=f"parameter '{name}' of .* must be int, got str 'ten'"):
            check_parameters({name: "ten"}, notebooks)
    with pytest.raises(ValueError, match="'event' is set by the runner"):
        check_parameters({"event": "x"}, notebooks)


def test_parameters_file(project, tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text("not_a_parameter: 3\n", encoding="utf-8")
    code = main(["--root", str(project), "report", "--event", "second-event", "-f", str(params), "--no-progress"])
    assert code == 1
    assert "unknown parameter 'not_a_parameter'" in capsys.readouterr().err


def test_params_command_lists_parameters(capsys):
    assert main(["params", str(notebook_paths()[0])]) == 0
    out = capsys.readouterr().out
    assert 'event: str = "nato-tokyo-office"  # event folder name under raw_dir (set by the runner)' in out


def test_notebooks_are_committed_without_outputs_and_have_one_parameters_cell():
    for path in sorted(Path(__file__).resolve().parents[2].glob("notebooks/*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), path.name
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        assert notebook.cells[0].cell_type == "markdown", path.name
        assert not any(line.lstrip().startswith(("def ", "class ")) for c in code for line in c.source.splitlines())


def test_explore_notebook_runs_alone_and_keeps_the_other_outputs(project):
    figures_before = snapshot(project / "figures" / "nato-tokyo-office")
    explore = Path(__file__).resolve().parents[2] / "notebooks" / "00-explore.ipynb"
    code = main(["--root", str(project), "report", "--event", "nato-tokyo-office", "--notebook", str(explore), "--no-progress"])
    assert code == 0
    reports = project / "reports" / "nato-tokyo-office"
    executed = nbformat.read(reports / "00-explore.ipynb", as_version=4)
    assert not [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert snapshot(project / "figures" / "nato-tokyo-office") == figures_before
    assert all((reports / nb.name).exists() for nb in notebook_paths())
    assert 'href="00-explore.html"' in (reports / "index.html").read_text(encoding="utf-8")


def test_reuse_tables_reports_on_the_tables_already_built(project):
    tables = project / "data" / "processed" / "second-event"
    (tables / "extra.csv").write_text("article_id,note\na,kept\n", encoding="utf-8")  # a rebuild would drop it
    before = snapshot(tables)
    corpus = Path(__file__).resolve().parents[2] / "notebooks" / "10-corpus.ipynb"
    code = main(["--root", str(project), "report", "--event", "second-event", "--reuse-tables", "--notebook",
                 str(corpus), "--no-progress"])
    assert code == 0
    assert snapshot(tables) == before
    (tables / "extra.csv").unlink()


def test_reuse_tables_without_tables_names_the_folder(tmp_path, capsys):
    shutil.copytree(EVENT_DIR, tmp_path / "data" / "raw" / "nato-tokyo-office")
    code = main(["--root", str(tmp_path), "report", "--event", "nato-tokyo-office", "--reuse-tables", "--no-progress"])
    assert code == 1
    err = capsys.readouterr().err
    assert "data/processed/nato-tokyo-office: no tables to reuse; build them with" in err
    assert not (tmp_path / "reports" / "nato-tokyo-office").exists()
