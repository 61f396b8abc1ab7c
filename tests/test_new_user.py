"""A new user's path, end to end (issue 15), on a hand-made event of four short articles not about NATO.

The event (`tests/data/harbour-ferry/`: a city council closing a harbour ferry, fictional) has no
``actors.yaml`` and no ``lexicon.yaml``: every notebook must pick its defaults from the event's own
tables. The flow: ``python -m analysis report --event harbour-ferry`` run as ``make report EVENT=...``
runs it, then every notebook (``00-explore`` included) run by hand with papermill and the project's
kernel, then the tables read back with their types. Nothing may print a traceback or a warning on
the console, no notebook may hold an error or a warning, and no figure may be empty without a note.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import io
from analysis.__main__ import KERNEL_NAME, install_kernel
from analysis.report.client import ENGINE_NAME
from analysis.report.runner import NOTEBOOK_DIR
from analysis.views import voice_counts

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EVENT = "harbour-ferry"
EVENT_DIR = ROOT / "tests" / "data" / EVENT
HANG_S = 600  # a notebook run that takes longer has hung (each takes well under a minute): fail, do not stall
NOISE = ("Traceback", "Warning", "WARNING", "warning:", "Unable to parse", "KeyboardInterrupt", "error")


def quiet(text: str) -> list[str]:
    """The console lines that would alarm a user."""
    return [line for line in text.splitlines() if any(word in line for word in NOISE)]


def notebook_alarms(path: Path) -> list[str]:
    """Errors, warnings and stderr output left in an executed notebook."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"{path.name}: {output['ename']}: {output['evalue']}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                found.append(f"{path.name}: stderr: {output['text'][:200]}")
    return found


@pytest.fixture(scope="module")
def user(tmp_path_factory) -> dict[str, Path]:
    """A scratch project holding only the user's event; the report run as `make report EVENT=...` runs it."""
    root = tmp_path_factory.mktemp("user")
    shutil.copytree(EVENT_DIR, root / "data" / "raw" / EVENT)
    assert not (root / "data" / "raw" / EVENT / "actors.yaml").exists()
    assert not (root / "data" / "raw" / EVENT / "lexicon.yaml").exists()
    kernels = tmp_path_factory.mktemp("jupyter")
    install_kernel(prefix=kernels)
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg",
        "JUPYTER_PATH": str(kernels / "share" / "jupyter"), "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    report = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--event", EVENT, "--jobs", "2"],
        cwd=root, env=env, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
    )
    return {"root": root, "env": env, "report": report}


def test_report_runs_without_traceback_or_warning(user):
    report = user["report"]
    assert report.returncode == 0, report.stderr
    assert quiet(report.stdout + report.stderr) == []
    root = user["root"]
    assert f"{EVENT}: report in reports/{EVENT}/index.html" in report.stderr
    assert 'href="harbour-ferry/index.html"' in (root / "reports" / "index.html").read_text(encoding="utf-8")
    for executed in sorted((root / "reports" / EVENT).glob("*.ipynb")):
        assert notebook_alarms(executed) == []


def test_no_figure_is_empty_without_a_note(user):
    figures = user["root"] / "figures" / EVENT
    names = sorted(p.stem for p in figures.glob("*.png"))
    # the charts of the shipped event's actors are not drawn for an event that never names them
    assert not [n for n in names if n.startswith("stance-labels-") and int(n.rsplit("-", 1)[1]) > 4]
    assert {"corpus-body-length", "terms-distinctive", "frames-heatmap-generic-frames", "reuse-derivation-graph",
            "reuse-alignment-002-001", "stance-speakers"} <= set(names)
    # save_figure warns about a figure that draws nothing and carries no note: no such warning anywhere
    for executed in sorted((user["root"] / "reports" / EVENT).glob("*.ipynb")):
        text = executed.read_text(encoding="utf-8")
        assert "EmptyFigureWarning" not in text, executed.name
    stance = (user["root"] / "reports" / EVENT / "30-stance.ipynb").read_text(encoding="utf-8")
    assert "NATO" not in stance


@pytest.mark.parametrize("notebook", sorted(p.name for p in NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb")))
def test_each_notebook_by_hand_with_papermill(user, notebook, tmp_path):
    root = user["root"]
    out = tmp_path / notebook
    done = subprocess.run(
        [
            sys.executable, "-m", "papermill", str(NOTEBOOK_DIR / notebook), str(out), "--cwd", str(NOTEBOOK_DIR),
            "-k", KERNEL_NAME, "--engine", ENGINE_NAME, "--no-progress-bar",
            "-p", "event", EVENT, "-p", "raw_dir", str(root / "data" / "raw"),
            "-p", "processed_dir", str(root / "data" / "processed"), "-p", "figures_dir", str(tmp_path / "figures"),
        ],
        env=user["env"], capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL, timeout=HANG_S,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert quiet(done.stdout + done.stderr) == []
    assert notebook_alarms(out) == []


def test_a_misnamed_actor_fails_naming_the_parameter_and_the_valid_actors(user, tmp_path):
    root = user["root"]
    done = subprocess.run(
        [
            sys.executable, "-m", "papermill", str(NOTEBOOK_DIR / "30-stance.ipynb"), str(tmp_path / "s.ipynb"),
            "--cwd", str(NOTEBOOK_DIR), "-k", KERNEL_NAME, "--engine", ENGINE_NAME, "--no-progress-bar", "-p", "event", EVENT,
            "-p", "raw_dir", str(root / "data" / "raw"), "-p", "processed_dir", str(root / "data" / "processed"),
            "-p", "figures_dir", str(tmp_path / "figures"), "-y", "main_actors: [NATO]",
        ],
        env=user["env"], capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL, timeout=HANG_S,
    )
    assert done.returncode == 1
    mentioned = sorted(set(io.read_table(root / "data" / "processed" / EVENT / "actor_mentions.csv")["actor"].dropna()))
    listed = ", ".join(repr(a) for a in mentioned)
    assert f"ValueError: main_actors: 'NATO' is not an actor named in this event (valid: {listed})" in done.stderr


def test_tables_read_back_with_types(user):
    tables = io.read_tables(user["root"] / "data" / "processed" / EVENT)
    articles = tables["articles"]
    assert articles["article_id"].tolist() == ["001", "002", "003", "010"]
    assert articles["outlet"].tolist() == ["Elmwood Gazette", "Coastal Daily", "River Voice", "Metro Wire"]
    assert articles["n_words"].dtype == "int64"
    assert articles["authors"].tolist() == [["Anna Lund"], [], ["Jonas Berg"], []]
    derivation = tables["derivation"].set_index("article_id")
    assert derivation.loc["002", "likely_source_article_id"] == "001"
    assert tables["sentences"]["sentence_id"].dtype == "int64"
    assert "article_id" not in tables["frames"].columns
    assert set(tables["article_frames"]["article_id"]) == {"001", "002", "003", "010"}


def test_people_without_a_known_affiliation_are_heard_as_people(user):
    """The ferry's mayor and residents' chair are quoted by name; no affiliation is found for them. They are
    people speaking (findings and the voices chart), not a body quoting itself."""
    processed = user["root"] / "data" / "processed" / EVENT
    findings = io.read_table(processed / "findings.csv")
    sides = findings.loc[findings["sentence"].str.startswith("Sides heard"), "sentence"].tolist()
    assert sides == [
        "Sides heard (affiliations of the people quoted in quotation marks, with quotations): Coastal Daily 1 "
        "(no affiliation given: Clara Jensen 1); Elmwood Gazette 2 (no affiliation given: Clara Jensen 1, "
        "Maria Olsen 1); Metro Wire 1 (University of Elmwood 1); River Voice 2 (no affiliation given: "
        "Maria Olsen 1, Peter Holm 1)."
    ]
    assert not findings["sentence"].str.contains("quotes no named person").any()
    tables = io.read_tables(processed, ["quotes", "actors"])
    voices = voice_counts(tables["quotes"], actors=tables["actors"])
    assert sorted(set(voices["voice"])) == ["person", "scare quote"]
