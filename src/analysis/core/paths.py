"""Where the project's folders are, so code never guesses from the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# With the editable install (`pip install -e .`) the package sits in <repo>/src/analysis.
REPO_ROOT = PACKAGE_DIR.parent.parent

# The Jupyter kernel the notebooks name and the Makefile registers (`make setup`).
KERNEL_NAME = "kazakhstan-upr"

SOURCES_ENV = "ANALYSIS_SOURCES_DIR"
DATA_ENV = "ANALYSIS_DATA_DIR"


def _from_env(name: str) -> Path | None:
    """The folder an environment variable names; a relative value is read from the repository root.

    Why the root: the build, the tests and `validate` run there, but a notebook's kernel runs in
    notebooks/ and JupyterLab wherever it was started, so a relative value read from the working
    directory would name a different folder in each (`../shared/sources` from the README's example)."""
    value = os.environ.get(name)
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: an explicit argument (as given), else $ANALYSIS_DATA_DIR (relative to the
    repository root), else <repo>/data."""
    if override is not None:
        return Path(override)
    return _from_env(DATA_ENV) or REPO_ROOT / "data"


def sources_dir(override: str | os.PathLike[str] | None = None) -> Path | None:
    """The folder holding the source texts: an explicit argument (as given), else
    $ANALYSIS_SOURCES_DIR (relative to the repository root), else None."""
    if override is not None:
        return Path(override)
    return _from_env(SOURCES_ENV)
