"""The committed figures/ is what the build makes: rebuild into a temporary folder and compare."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support.build_compare import tree_differences
from analysis.core.paths import REPO_ROOT

FIGURES = REPO_ROOT / "figures"


def committed(path: str) -> bool:
    done = subprocess.run(["git", "ls-files", "--error-unmatch", path], cwd=REPO_ROOT, capture_output=True)
    return done.returncode == 0


@pytest.mark.slow
@pytest.mark.xdist_group("cold_build")
def test_a_rebuild_reproduces_the_committed_figures(cold_build):
    if not committed("figures/manifest.json"):
        pytest.skip("figures/ has not been built and committed yet (run `make figures`, commit figures/)")
    # Bytes for SVG, PDF, Markdown, JSON and HTML; pixels for PNG.
    assert tree_differences(FIGURES, cold_build.figures) == []


@pytest.mark.slow
@pytest.mark.xdist_group("cold_build")
def test_warm_workers_and_fresh_kernels_build_the_same_files_from_the_real_notebooks(cold_build, tmp_path):
    """The in-process engine (the shared cold build: warm workers, each running a dozen notebooks
    in turn) against papermill's own (a new kernel per run), on the real English notebooks. Any
    state one run left behind for the next would show up as a difference."""
    from analysis.build.build_config import load_config

    config = load_config(REPO_ROOT)
    present = [s for s in config.notebooks if (config.notebook_dir / f"{s}.ipynb").is_file()]
    if len(present) < 2:
        pytest.skip("fewer than two of the notebooks in notebooks/params.yaml exist yet")
    out = tmp_path / "nbclient"
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--only", "en", "--only", ",".join(present),
         "--engine", "nbclient", "--jobs", "2", "--output", str(out / "figures"), "--build-dir", str(out / "build")],
        capture_output=True, text=True, cwd=REPO_ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    # The figure pages link a chart's versions in the other sets, which this English-only build
    # lacks; the other test compares the full build's pages with the committed ones.
    assert [d for d in tree_differences(cold_build.figures / "en", out / "figures" / "en")
            if not d.endswith(".html")] == []
