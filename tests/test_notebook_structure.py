"""Every notebook in notebooks/ follows the house structure (committed clean, one pure parameters
cell with the contract defaults, the project kernel, markdown first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.build.build_config import load_config
from analysis.notebook.notebook_checks import notebook_paths, structure_problems
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
