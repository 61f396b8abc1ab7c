# Two commands do all the set-up: `make report` and `make test` (each builds .venv when needed).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.dev-installed
EVENT ?= nato-tokyo-office
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: venv kernel report tables test lint bench clean browser fuzz slow

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -r requirements.txt
	$(PY) -m pip install --no-deps -e .
	$(PY) -m analysis kernel   # the Jupyter kernel "media-framing", inside .venv, for its JupyterLab and papermill -k
	touch $(STAMP)

# Test and lint tools (requirements-dev.txt) on top of the runtime set.
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PY) -m pip install -r requirements-dev.txt
	touch $(DEV_STAMP)

kernel: $(STAMP)
	$(PY) -m analysis kernel

report: $(STAMP)
	$(PY) -m analysis report --event $(EVENT) --jobs 2

tables: $(STAMP)
	$(PY) -m analysis tables --event $(EVENT)

# The browser test needs Debian's chromium; install it when we can, else the test is skipped with a reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser test"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
	      || echo "note: could not install chromium; the browser test will be skipped"; \
	  else echo "note: no chromium and no root apt-get; the browser test will be skipped"; fi; }

test: $(DEV_STAMP) browser
	$(PY) -m pytest -q -rs -m "not soak"

# Hypothesis properties of tests/test_hostile.py with thousands of examples each (minutes, not seconds).
fuzz: $(DEV_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/test_hostile.py -k fuzz

# The report as the user runs it, ten times on a busy machine; SIGKILL, concurrent runs, a huge article (tens of minutes).
slow: $(DEV_STAMP)
	$(PY) -m pytest -q -rs -m soak tests/test_hostile.py

lint: $(DEV_STAMP)
	$(PY) -m ruff check analysis tests benchmarks

bench: $(STAMP)
	for script in benchmarks/bench_*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf data/processed figures/* reports
