"""The README's papermill command works as written from the repository root (its scratch folder moved
to a temporary one), and writes what the README says it writes."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.core import paths

README = paths.REPO_ROOT / "README.md"


def _papermill_command() -> str:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    for block in blocks:
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            if line.strip().startswith(".venv/bin/papermill notebooks/") and "--help-notebook" not in line:
                return line.split("  #")[0].strip()
    raise AssertionError("README.md gives no papermill command")


@pytest.mark.slow
def test_the_readme_papermill_command_runs_from_the_repository_root(tmp_path: Path) -> None:
    command = _papermill_command()
    assert "build/scratch" in command, command
    scratch = str(tmp_path / "scratch")
    args = shlex.split(command.replace("../build/scratch", scratch).replace("build/scratch", scratch))
    args[0] = str(Path(sys.executable).with_name("papermill"))
    (tmp_path / "scratch").mkdir()
    done = subprocess.run(args, cwd=paths.REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    written = tmp_path / "scratch" / "01_torture_complaints"
    assert (written / "summary.ru.md").is_file()
    assert (written / "complaints.pdf").is_file() and (written / "complaints.csv").is_file()
    assert not (written / "complaints.svg").exists(), "the command asked for PDF only"
