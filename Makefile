# The course's commands. `make start` and `make test` set up .venv on first use and reuse it after.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HUB_STAMP := .node/.installed

.PHONY: install start test exercises datasets clean bench-lint bench

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

start: $(STAMP)  ## serve the course in JupyterLab on 127.0.0.1
	$(BIN)/tpm-course start

test: $(STAMP) $(HUB_STAMP)  ## run the whole test suite
	$(BIN)/python -m pytest

$(HUB_STAMP): tests/install_hub_prerequisites.sh  ## chromium, PostgreSQL, configurable-http-proxy for the hub tests
	bash tests/install_hub_prerequisites.sh

exercises: $(STAMP)  ## regenerate exercises/ from solutions/
	$(BIN)/tpm-course release

datasets: $(STAMP)  ## rebuild datasets/ from the seeded generators
	$(BIN)/tpm-course datasets

bench-lint: $(STAMP)  ## precision and recall of the requirements linter, per smell
	$(BIN)/python benchmarks/lint_requirements.py

bench: $(STAMP)  ## grade a synthetic cohort with nbgrader autograde and tpm-course grade; compare scores and time
	$(BIN)/python benchmarks/grade_cohort.py

clean:
	rm -rf $(VENV) .pytest_cache
