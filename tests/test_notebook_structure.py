"""Every notebook in notebooks/ follows the house structure (committed clean, one pure parameters
cell with the contract defaults, the project kernel, markdown first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.build.build_config import load_config
from analysis.notebook.notebook_checks import notebook_paths, parameters_of, structure_problems
from analysis.themes import base
from analysis.core.paths import REPO_ROOT

NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
NOTEBOOKS = notebook_paths(NOTEBOOKS_DIR)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_follows_the_house_structure(path: Path) -> None:
    problems = structure_problems(path)
    assert not problems, f"{path.name}:\n  - " + "\n  - ".join(problems)


def test_every_notebook_the_build_runs_exists() -> None:
    """The build's list (notebooks/params.yaml) is the one list of notebooks."""
    missing = [f"{stem}.ipynb" for stem in load_config(REPO_ROOT).notebooks if not (NOTEBOOKS_DIR / f"{stem}.ipynb").is_file()]
    assert not missing, f"missing from {NOTEBOOKS_DIR}: {', '.join(missing)}"


def _published(spec) -> dict:
    """The published defaults of a theme's notebook: the contract's, then the theme's own options
    (analysis.themes.base.ThemeSpec.options; a tuple is a list in a parameters cell)."""
    from analysis.notebook.notebook_checks import CONTRACT_DEFAULTS

    return {**CONTRACT_DEFAULTS, **{k: list(v) if isinstance(v, tuple) else v for k, v in spec.options.items()}}


@pytest.mark.parametrize("name", base.THEMES)
def test_a_theme_notebooks_parameters_cell_holds_the_published_defaults(name: str) -> None:
    """Every parameter, with its value and type, is the published default: the contract's and the
    theme's options, nothing else."""
    spec = base.spec(name)
    path = NOTEBOOKS_DIR / f"{spec.notebook}.ipynb"
    problems = structure_problems(path, allowed_extras=(), defaults=_published(spec))
    assert not problems, f"{path.name}:\n  - " + "\n  - ".join(problems)
    assert parameters_of(path) == _published(spec)


def test_the_build_publishes_the_published_defaults() -> None:
    """The English web set is the notebooks' contract defaults, and no parameter set overrides a
    theme's option: the build publishes what ThemeSpec.options says."""
    from analysis.notebook.notebook_checks import CONTRACT_DEFAULTS

    config = load_config(REPO_ROOT)
    first = config.sets[0].parameters
    assert {k: first[k] for k in ("lang", "size", "formats")} == {k: CONTRACT_DEFAULTS[k] for k in ("lang", "size", "formats")}
    options = {k for s in base.registered() for k in s.options}
    assert not [(p.name, k) for p in config.sets for k in p.parameters if k in options]
