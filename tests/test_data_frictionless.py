"""Independent cross-check: the Frictionless reference validator accepts data/ (and rejects a broken copy)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.csv_edits import set_cell

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def frictionless_validate(descriptor: Path) -> subprocess.CompletedProcess[str]:
    if not FRICTIONLESS.exists():
        pytest.fail(f"{FRICTIONLESS} not found: install the pinned dependencies (make setup)")
    return subprocess.run([str(FRICTIONLESS), "validate", str(descriptor)], capture_output=True, text=True,
                          cwd=descriptor.parent, timeout=300)


@pytest.mark.slow
def test_frictionless_accepts_the_data_package(repo_data_dir: Path, tmp_path: Path) -> None:
    # Validate a copy so that nothing the tool might write lands in data/.
    copy = tmp_path / "data"
    shutil.copytree(repo_data_dir, copy)
    result = frictionless_validate(copy / "datapackage.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INVALID" not in result.stdout


@pytest.mark.slow
def test_frictionless_rejects_a_broken_foreign_key(data_copy: Path) -> None:
    set_cell(data_copy / "torture_complaints.csv", 3, "document_id", "no-such-document")
    result = frictionless_validate(data_copy / "datapackage.json")
    assert result.returncode != 0
    assert "foreign-key" in result.stdout
