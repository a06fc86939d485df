# The two commands: `make figures` and `make test`. Both build .venv from nothing when needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KERNEL := kazakhstan-upr
# pytest-xdist workers for `make test` and `make check` (one per core); tests that share a session
# build are kept on one worker by their xdist_group.
PYTEST_JOBS ?= auto
PYTEST_XDIST := -n $(PYTEST_JOBS) --dist loadgroup

.DEFAULT_GOAL := help
.PHONY: help setup figures test check lab validate clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (kazakhstan-upr)"
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv with the pinned dependencies, the package and the Jupyter kernel

figures: setup ## Regenerate every figure and summary into figures/ (BUILD_ARGS="--only ru" etc.)
	$(PY) -m analysis build $(BUILD_ARGS)

test: setup ## Run the import contract and the whole test suite (a run that collects no test fails)
	$(VENV)/bin/lint-imports pyproject.toml
	@$(PY) -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$status

check: setup ## Run the fast tests only (not marked slow: no notebook runs, builds, server or browser; chart sweeps at two cases)
	@$(PY) -m pytest -m "not slow and not sweep" -q $(PYTEST_XDIST) $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make check: pytest collected no tests" >&2; exit 1; fi; exit $$status

validate: setup ## Validate data/ against its schema and the source text
	$(PY) -m analysis validate

# JupyterLab's settings, workspaces and runtime files, IPython's history and matplotlib's font cache
# live in .venv/lab-state, never in the user's home (tests use the same variables: support.lab_server).
LAB_STATE := $(CURDIR)/$(VENV)/lab-state
LAB_ENV   := JUPYTER_CONFIG_DIR="$(LAB_STATE)/config" JUPYTER_DATA_DIR="$(LAB_STATE)/data" \
             JUPYTER_RUNTIME_DIR="$(LAB_STATE)/runtime" IPYTHONDIR="$(LAB_STATE)/ipython" \
             MPLCONFIGDIR="$(LAB_STATE)/matplotlib" npm_config_cache="$(LAB_STATE)/npm"
# The server's root is the project (so summaries show their charts from figures/); the browser opens
# on notebooks/, with the overview notebook open once it exists.
LAB_OPEN  := $(wildcard notebooks/00_overview.ipynb)
LAB_ARGS  := --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks \
             $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS_EXTRA)

lab: setup ## Start JupyterLab on notebooks/ (overview first) with the project kernel
	@mkdir -p "$(LAB_STATE)/config" "$(LAB_STATE)/data" "$(LAB_STATE)/runtime" "$(LAB_STATE)/ipython" "$(LAB_STATE)/matplotlib"
	$(LAB_ENV) $(VENV)/bin/jupyter lab $(LAB_ARGS) $(LAB_OPEN)

clean: ## Remove .venv and build/
	rm -rf $(VENV) build
