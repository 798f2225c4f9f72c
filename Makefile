# The course's commands. `make start` sets up .venv with what a learner needs; `make test` adds
# the test tools to the same .venv. Both reuse it after the first run.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
# what a learner needs, `pip install -e .`; then the test tools on top, `pip install -e '.[test]'`
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HUB_STAMP := .node/.installed
# each phase of `make test` and its seconds, separated by a tab
PHASES := .pytest_cache/phases.tsv
# more pytest arguments: `make test PYTEST_ARGS="tests/test_manifest.py -x"`
PYTEST_ARGS ?=

.PHONY: install start test exercises datasets clean bench-lint bench

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Bytecode for the package now, as pip writes it for an installed one: an editable install leaves it
# to the first import, which writes none where PYTHONDONTWRITEBYTECODE is set (every process, the
# grader's included, would then compile the package again: 0.1-0.2 s). A source edited later is
# compiled again as usual.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q tpm_course > /dev/null
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

start: $(STAMP)  ## copy the notebooks into workspace/ (never over your copies) and serve it in JupyterLab on 127.0.0.1
	$(BIN)/tpm-course start

# ruff, then pytest (which appends each of its phases' seconds to $(PHASES)); every phase runs
# even after a failure, and the table of phases is printed last.
NOW = $(BIN)/python -c 'import time; print(time.time())'
test: $(TEST_STAMP) $(HUB_STAMP)  ## run the whole test suite and print the time of each phase
	@mkdir -p $(dir $(PHASES)); status=0; began=$$($(NOW)); \
	$(BIN)/ruff check --quiet . && $(BIN)/ruff format --check --quiet . || status=1; \
	echo "$$began $$($(NOW))" | awk '{printf "ruff (check, format --check)\t%.1f\n", $$2 - $$1}' > $(PHASES); \
	$(BIN)/python -m pytest --phase-times=$(PHASES) $(PYTEST_ARGS) || status=$$?; \
	echo "$$began $$($(NOW))" | awk '{printf "make test, in all\t%.1f\n", $$2 - $$1}' >> $(PHASES); \
	echo; printf '%-60s %8s\n' phase seconds; awk -F '\t' '{printf "%-60s %8s\n", $$1, $$2}' $(PHASES); \
	exit $$status

$(HUB_STAMP): tests/install_hub_prerequisites.sh  ## chromium, PostgreSQL, configurable-http-proxy for the hub tests
	bash tests/install_hub_prerequisites.sh

exercises: $(STAMP)  ## regenerate exercises/ from solutions/
	$(BIN)/tpm-course release

datasets: $(STAMP)  ## rebuild datasets/ from the seeded generators
	$(BIN)/tpm-course datasets

bench-lint: $(STAMP)  ## precision and recall of the requirements linter, per smell
	$(BIN)/python benchmarks/lint_requirements.py

# Each benchmark prints its figures and the machine's load; none asserts a time. About 22 minutes on 2 cores.
bench: $(STAMP) $(HUB_STAMP)  ## grading speed, scale, several graders, the sandbox's cost, the cohort report
	@echo "== tpm-course grade against nbgrader autograde, 105 notebooks (first and repeat run)"
	$(BIN)/python benchmarks/grade_cohort.py
	@echo "== cohorts of 100, 400 and 1,600 notebooks; 1 and 2 workers"
	$(BIN)/python benchmarks/grade_scale.py
	@echo "== two graders at once on one PostgreSQL gradebook"
	$(BIN)/python benchmarks/two_graders.py
	@echo "== the sandbox's protections on against off"
	$(BIN)/python benchmarks/sandbox_cohort.py
	@echo "== tpm-course report for 100, 400 and 1,600 students"
	$(BIN)/python benchmarks/report_scale.py

# The course website: Sphinx + MyST-NB, offline, into site/_build/html (ignored by git). Lessons run
# once, then come from jupyter-cache. Settings: site/settings.toml, or `make site SITE_ARGS="--repository URL"`.
SITE_STAMP := $(VENV)/.installed-site
SITE_ARGS ?=
.PHONY: site
$(SITE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[site]'
	touch $(SITE_STAMP)

site: $(SITE_STAMP)  ## build the course website into site/_build/html
	$(BIN)/python -m tpm_course.website $(SITE_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
