# The two commands: `make figures` and `make test`. Both build .venv from nothing when needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KERNEL := kazakhstan-upr

.DEFAULT_GOAL := help
.PHONY: help setup figures test lab validate clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (kazakhstan-upr)"
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv with the pinned dependencies, the package and the Jupyter kernel

figures: setup ## Regenerate every figure and summary into figures/
	$(PY) -m analysis build

test: setup ## Run the whole test suite (a run that collects no test fails)
	@$(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$status

validate: setup ## Validate data/ against its schema and the source text
	$(PY) -m analysis validate

lab: setup ## Start JupyterLab on the notebooks with the project kernel
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

clean: ## Remove .venv and build/
	rm -rf $(VENV) build
