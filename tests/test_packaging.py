"""Packaging: a free distribution name, runtime dependencies declared, dev tools apart, a licence, a kernel."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import analysis
from analysis.__main__ import DISTRIBUTION, KERNEL_NAME, install_kernel, shadowing_kernel

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DEV_TOOLS = {"pytest", "hypothesis", "ruff", "playwright"}


def requirement_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-r"):
            names.add(re.split(r"[\[=<>~ ]", line, maxsplit=1)[0].lower())
    return names


def test_distribution_name_is_not_the_unrelated_pypi_analysis_and_versions_agree():
    assert PYPROJECT["project"]["name"] == DISTRIBUTION == "media-framing"
    assert PYPROJECT["project"]["version"] == analysis.__version__
    assert PYPROJECT["project"]["scripts"] == {"media-framing": "analysis.__main__:main"}


def test_runtime_dependencies_are_declared_and_dev_tools_are_apart():
    runtime = requirement_names(ROOT / "requirements.txt")
    dev = requirement_names(ROOT / "requirements-dev.txt")
    declared = {re.split(r"[\[=<>~ ]", d, maxsplit=1)[0].lower() for d in PYPROJECT["project"]["dependencies"]}
    assert not runtime & DEV_TOOLS
    assert dev == DEV_TOOLS
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert runtime - declared == {"jupyterlab"}  # an optional extra: `pip install media-framing[lab]`
    assert PYPROJECT["project"]["optional-dependencies"]["lab"] == ["jupyterlab>=4.6"]


def test_make_test_and_ci_install_the_dev_tools_and_register_the_kernel():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "test: $(DEV_STAMP)" in makefile
    assert "$(PY) -m pip install -r requirements-dev.txt" in makefile
    assert "$(PY) -m analysis kernel" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_licence_file_matches_the_declared_licence():
    assert PYPROJECT["project"]["license"] == "BSD-3-Clause"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("BSD 3-Clause License")


def test_kernel_spec_runs_this_python_quietly(tmp_path):
    import json
    import sys

    folder = install_kernel(prefix=tmp_path)
    spec = json.loads((folder / "kernel.json").read_text(encoding="utf-8"))
    assert folder == tmp_path / "share" / "jupyter" / "kernels" / KERNEL_NAME
    assert spec["argv"][:3] == [sys.executable, "-m", "ipykernel_launcher"]
    assert "--IPKernelApp.log_level=CRITICAL" in spec["argv"]
    assert spec["display_name"] == "Python (media-framing)"


def test_kernel_goes_inside_the_environment_by_default(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    folder = install_kernel()
    assert folder == tmp_path / "venv" / "share" / "jupyter" / "kernels" / KERNEL_NAME
    assert (folder / "kernel.json").is_file()


def test_a_user_level_kernel_of_another_python_is_named_as_shadowing(tmp_path, monkeypatch):
    import json
    import sys

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")  # as outside a virtual environment: the user's folder first
    assert shadowing_kernel() is None
    folder = install_kernel(user=True)
    assert folder == tmp_path / "data" / "kernels" / KERNEL_NAME
    assert shadowing_kernel() is None  # this Python: nothing shadowed
    spec = json.loads((folder / "kernel.json").read_text(encoding="utf-8"))
    spec["argv"][0] = "/another/clone/.venv/bin/python"
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    assert shadowing_kernel() == folder
    assert spec["argv"][0] != sys.executable
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "1")  # a virtual environment's own kernels come first
    assert shadowing_kernel() is None
