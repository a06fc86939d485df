"""Failure isolation: a broken notebook is reported, the other runs complete, the exit status is not 0."""

from __future__ import annotations

import json

import pytest

from support.mini_project import chart_notebook_cells, runs_with, write_mini_project, write_notebook


def break_last_cell(path, code: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][-1]["source"] += "\n" + code
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


@pytest.mark.slow
def test_a_failing_notebook_is_reported_with_its_cell_and_keeps_its_last_good_files(built_mini):
    before = {p: p.read_bytes() for p in (built_mini.figures / "en" / "beta").iterdir()}
    built_mini.write_data({"2011": 30, "2012": 50, "2013": 47})  # every run has new outputs to make
    break_last_cell(built_mini.notebook("beta"), 'raise ValueError("deliberately broken")')

    done = built_mini.build("--only", "en")

    assert done.returncode == 1, done.stdout
    assert runs_with(done.stdout, "ok") == {"en/alpha"}
    assert runs_with(done.stdout, "FAILED") == {"en/beta"}
    failed = done.stdout[done.stdout.index("FAILED"):]
    assert "en/beta" in failed and "cell 5 (In [5]): ValueError: deliberately broken" in failed
    assert '| raise ValueError("deliberately broken")' in failed
    assert "executed notebook: build/notebooks/en/beta.html" in failed
    assert "figures/en/beta keeps its last good files" in failed
    assert "1 ran, 0 up to date, 1 failed" in done.stdout
    # The failed run's notebook wrote new files before the error: none reached figures/.
    assert {p: p.read_bytes() for p in (built_mini.figures / "en" / "beta").iterdir()} == before
    assert "127" in (built_mini.figures / "en" / "alpha" / "summary.en.md").read_text(encoding="utf-8")
    # The executed notebook, with the error, is kept for review.
    executed = json.loads((built_mini.build_dir / "notebooks" / "en" / "beta.ipynb").read_text(encoding="utf-8"))
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors and errors[0]["ename"] == "ValueError"
    assert "deliberately broken" in (built_mini.build_dir / "notebooks" / "en" / "beta.html").read_text(encoding="utf-8")
    # The manifest still lists the last good beta figure.
    manifest = json.loads((built_mini.figures / "manifest.json").read_text(encoding="utf-8"))
    assert "en/beta/values" in {f["id"] for f in manifest["figures"]}

    again = built_mini.build("--only", "en")
    assert runs_with(again.stdout, "FAILED") == {"en/beta"}  # a failure is never "up to date"
    assert runs_with(again.stdout, "up to date") == {"en/alpha"}


@pytest.mark.slow
def test_a_notebook_that_kills_its_worker_fails_alone(tmp_path):
    project = write_mini_project(tmp_path / "p", stems=("alpha", "beta", "crash"), sets=("en",))
    cells = chart_notebook_cells("crash")
    cells.insert(2, ("code", "import os\nos._exit(3)"))
    write_notebook(project.notebook("crash"), cells)

    done = project.build("--jobs", "2")

    assert done.returncode == 1, done.stdout + done.stderr
    assert runs_with(done.stdout, "ok") == {"en/alpha", "en/beta"}
    assert runs_with(done.stdout, "FAILED") == {"en/crash"}
    assert "exited with status 3" in done.stdout
    assert (project.figures / "en" / "alpha" / "values.svg").is_file()
    assert not (project.figures / "en" / "crash").exists()
