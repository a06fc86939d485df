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


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: an explicit argument, else $ANALYSIS_DATA_DIR, else <repo>/data."""
    if override is not None:
        return Path(override)
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    return REPO_ROOT / "data"


def sources_dir(override: str | os.PathLike[str] | None = None) -> Path | None:
    """The folder holding the source texts, or None when neither option nor $ANALYSIS_SOURCES_DIR names one."""
    if override is not None:
        return Path(override)
    value = os.environ.get(SOURCES_ENV)
    return Path(value) if value else None
