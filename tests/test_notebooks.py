"""Every notebook's parameters: one cell of literals, each visible to papermill and settable with ``-p``."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from analysis.report.runner import NOTEBOOK_DIR

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb"))
SHIPPED_EVENT_NAMES = ("NATO", "Japan", "China", "Russia", "nato-tokyo-office\"", "liaison")


def parameters_cell(path: Path) -> str:
    cells = [c for c in nbformat.read(path, as_version=4).cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{path.name}: {len(cells)} parameters cells"
    return cells[0].source


def declared(source: str) -> dict[str, object]:
    """name -> literal value of every annotated assignment of a parameters cell."""
    out = {}
    for node in ast.parse(source).body:
        assert isinstance(node, ast.AnnAssign), f"not a `name: type = literal` line: {ast.unparse(node)}"
        out[node.target.id] = ast.literal_eval(node.value)
    return out


def test_all_notebooks_are_checked():
    assert [p.name for p in NOTEBOOKS] == [
        "00-explore.ipynb", "10-corpus.ipynb", "20-terms.ipynb", "30-stance.ipynb", "40-frames.ipynb", "50-reuse.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_parameter_is_visible_to_papermill_with_its_help(path):
    source = parameters_cell(path)
    names = declared(source)
    found = papermill.inspect_notebook(str(path))
    assert list(found) == list(names)
    for line in source.splitlines():
        name, _, comment = line.partition("#")
        assert comment.strip(), f"{path.name}: no help comment on {line!r}"
        assert "=" not in comment, f"{path.name}: papermill cannot parse a comment holding '=': {line!r}"
        assert found[name.split(":")[0].strip()]["help"] == comment.strip()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_parameter_is_settable_with_p(path):
    names = declared(parameters_cell(path))
    values = {name: ([] if isinstance(v, list) else "x" if isinstance(v, str) else v) for name, v in names.items()}
    injected = parameterize_notebook(load_notebook_node(str(path)), values)
    cell = next(c for c in injected.cells if "injected-parameters" in c.get("metadata", {}).get("tags", []))
    assert {n.targets[0].id for n in ast.parse(cell.source).body} == set(names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_default_names_the_shipped_events_actors_lexicon_or_terms(path):
    names = declared(parameters_cell(path))
    text = json.dumps({k: v for k, v in names.items() if k != "event"})
    assert not [word for word in SHIPPED_EVENT_NAMES if word in text]


def test_papermill_help_and_analysis_params_list_pair_article_and_pair_source():
    notebook = str(NOTEBOOK_DIR / "50-reuse.ipynb")
    done = subprocess.run(
        [sys.executable, "-m", "papermill", "--help-notebook", notebook], capture_output=True, text=True, check=True
    )
    assert "Unable to parse" not in done.stdout + done.stderr
    assert "pair_article: str (default \"\")" in done.stdout
    assert "pair_source: str (default \"\")" in done.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "analysis", "params", notebook], capture_output=True, text=True, check=True
    ).stdout
    assert "pair_article: str = \"\"  # article_id shown side by side with its source" in listed
