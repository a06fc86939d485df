"""Every notebook in notebooks/ follows the house structure (committed clean, one pure parameters
cell with the contract defaults, the project kernel, markdown first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.notebook.notebook_checks import CONTRACT_NOTEBOOKS, notebook_paths, structure_problems
from analysis.core.paths import REPO_ROOT

NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
NOTEBOOKS = notebook_paths(NOTEBOOKS_DIR)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_follows_the_house_structure(path: Path) -> None:
    problems = structure_problems(path)
    assert not problems, f"{path.name}:\n  - " + "\n  - ".join(problems)


def test_the_contract_notebooks_exist() -> None:
    missing = [name for name in CONTRACT_NOTEBOOKS if not (NOTEBOOKS_DIR / name).is_file()]
    assert not missing, f"missing from {NOTEBOOKS_DIR}: {', '.join(missing)}"
