# The course's commands. `make start` and `make test` set up .venv on first use and reuse it after.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install start test exercises datasets clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

start: $(STAMP)  ## serve the course in JupyterLab on 127.0.0.1
	$(BIN)/tpm-course start

test: $(STAMP)  ## run the whole test suite
	$(BIN)/python -m pytest

exercises: $(STAMP)  ## regenerate exercises/ from solutions/
	$(BIN)/tpm-course release

datasets: $(STAMP)  ## rebuild datasets/ from the seeded generators
	$(BIN)/tpm-course datasets

clean:
	rm -rf $(VENV) .pytest_cache
