"""Notebooks work in JupyterLab, shown with a real Jupyter server rather than assumed.

`python -m jupyter_server` from the project environment (the server JupyterLab runs on) starts on
a free localhost port with a token and its per-user folders in a temporary directory (HOME too, so
anything written to a home folder shows up). The test lists the notebooks over the REST API, checks
the project kernel is offered, opens the notebook in a session, runs every code cell over the
kernel's websocket channels, and compares the files with a papermill run of the same notebook.
Then it closes everything and checks that no process the server started is still alive.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from support.lab_server import (
    CellExecutionError,
    LabServer,
    compare_lab_with_papermill,
    jupyter_state_environment,
)
from analysis.notebook.notebook_checks import CONTRACT_DEFAULTS, KERNEL_DISPLAY_NAME, KERNEL_NAME
from analysis.core.paths import REPO_ROOT
from analysis.notebook.scaffold import build_notebook, create_notebook

OVERVIEW = REPO_ROOT / "notebooks" / "00_overview.ipynb"
DATA_DIR = REPO_ROOT / "data"


def _assert_clean_lab_run(comparison, notebook_name: str, n_code_cells: int) -> None:
    lab = comparison.lab
    assert f"notebooks/{notebook_name}" in lab.listed_notebooks
    spec = lab.kernelspecs["kernelspecs"][KERNEL_NAME]["spec"]
    assert spec["display_name"] == KERNEL_DISPLAY_NAME and spec["language"] == "python"
    # The kernel runs the project environment's interpreter (registered with --sys-prefix).
    assert Path(spec["argv"][0]).parent.resolve() == Path(sys.executable).parent.resolve()
    assert lab.session["kernel"]["name"] == KERNEL_NAME
    assert lab.kernel_info["language_info"]["name"] == "python"
    assert [c.status for c in lab.cells] == ["ok"] * n_code_cells
    assert [c.execution_count for c in lab.cells] == list(range(1, n_code_cells + 1))
    assert lab.kernels_after_close == [], "closing the notebook left its kernel running"
    assert lab.server_exit_status == 0, lab.server_log.read_text()[-3000:]
    assert lab.leftover_processes == [], f"processes left behind: {lab.leftover_processes}"
    assert lab.home_files == [], f"files written to the home folder: {lab.home_files}"
    assert comparison.differences == [], "\n".join(comparison.differences)


def _probe_notebook(path: Path) -> Path:
    """A house-structure notebook that needs neither the loader nor the chart kit: it reads
    data_dir and writes a chart and a summary where output_dir says."""
    nb = build_notebook(path.stem, "Probe", "documents")
    code = "\n".join([
        "from pathlib import Path",
        "import matplotlib",
        "import matplotlib.pyplot as plt",
        f"out = Path(output_dir) / {path.stem!r}",
        "out.mkdir(parents=True, exist_ok=True)",
        "tables = sorted(p.name for p in Path(data_dir).iterdir())",
        'text = f"tables: {tables}; formats: {formats}; size: {size}; lang: {lang}\\n"',
        '(out / f"summary.{lang}.md").write_text(text, encoding="utf-8")',
        "fig, ax = plt.subplots()",
        "ax.bar(range(len(tables)), [len(t) for t in tables])",
        'with matplotlib.rc_context({"svg.hashsalt": "probe"}):',
        "    for fmt in formats:",
        '        fig.savefig(out / f"chart.{fmt}", metadata={"Date": None} if fmt == "svg" else {"Software": None})',
        "print(text)",
    ])
    nb.cells = nb.cells[:2] + [nbformat.v4.new_code_cell(code, id="probe-run")]
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_a_notebook_runs_through_the_server_as_under_papermill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "events.csv").write_text("id\n")
    (tmp_path / "src").mkdir()
    notebook = _probe_notebook(tmp_path / "src" / "90_probe.ipynb")
    comparison = compare_lab_with_papermill(notebook, tmp_path / "run", data_dir=data)

    _assert_clean_lab_run(comparison, notebook.name, n_code_cells=2)
    # Default parameters resolved against the notebook's folder, as in JupyterLab.
    out = comparison.lab_outputs / notebook.stem
    assert comparison.lab_outputs == (tmp_path / "run" / "lab" / "figures" / "en").resolve()
    assert sorted(p.name for p in out.iterdir()) == ["chart.png", "chart.svg", "summary.en.md"]
    expected = f"tables: ['events.csv']; formats: {CONTRACT_DEFAULTS['formats']}; size: web; lang: en\n"
    assert (out / "summary.en.md").read_text() == expected
    assert comparison.lab.cells[-1].stdout == expected + "\n"


@pytest.mark.slow
def test_a_failing_cell_is_reported_and_nothing_is_left_behind(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    nbformat.write(build_notebook("91_fails", "Fails", "documents"), root / "91_fails.ipynb")
    with LabServer(root, tmp_path / "state") as server:
        session = server.start_session("91_fails.ipynb", KERNEL_NAME)
        with server.kernel_channels(session["kernel"]["id"]) as channels:
            channels.wait_ready()
            with pytest.raises(CellExecutionError) as err:
                channels.execute('counts = {"made": 128}\ncounts["rejected"]')
            assert err.value.ename == "KeyError" and "rejected" in err.value.evalue
            assert channels.execute("print(sorted(counts))").stdout == "['made']\n"  # the kernel lives on
        server.end_session(session["id"])
        assert server.request("GET", "api/kernels") == []
        assert server.stop() == 0
        assert server.leftover_processes() == []


def _lab_notebook(tmp_path: Path) -> Path:
    """The overview notebook once it exists; until then a freshly scaffolded one."""
    if OVERVIEW.is_file():
        return OVERVIEW
    return create_notebook("First look", tmp_path / "scaffolded", data_folder=DATA_DIR)


@pytest.mark.slow
def test_the_project_notebook_gives_the_same_files_in_jupyterlab_and_papermill(tmp_path: Path) -> None:
    notebook = _lab_notebook(tmp_path)
    comparison = compare_lab_with_papermill(notebook, tmp_path / "run", data_dir=DATA_DIR)

    n_code = sum(cell.cell_type == "code" for cell in nbformat.read(notebook, as_version=4).cells)
    _assert_clean_lab_run(comparison, notebook.name, n_code_cells=n_code)
    out = comparison.lab_outputs / notebook.stem
    names = sorted(p.name for p in out.iterdir())
    assert "summary.en.md" in names
    sidecars = [json.loads((out / n).read_text()) for n in names if n.endswith(".json") and not n.endswith(".claims.json")]
    assert sidecars, f"no chart sidecar among {names}"
    for sidecar in sidecars:  # every chart in the default formats, where the parameters say
        assert sorted(sidecar["files"]) == sorted([*CONTRACT_DEFAULTS["formats"], "csv"])  # and its data
        assert all((out / f).is_file() for f in sidecar["files"].values())


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_keeps_the_same_state_out_of_home() -> None:
    """`make lab` sets the variables the server test isolates, all pointing into .venv."""
    dry = subprocess.run(["make", "-n", "lab"], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout
    command = next(line for line in dry.splitlines() if "jupyter lab" in line)
    state = REPO_ROOT / ".venv" / "lab-state"
    for key, value in jupyter_state_environment(state, create=False).items():
        assert f'{key}="{value}"' in command, f"make lab does not set {key} into {state}"
    assert f'--ServerApp.root_dir="{REPO_ROOT}"' in command
    assert "--LabApp.default_url=/lab/tree/notebooks" in command
    assert command.rstrip().endswith("notebooks/00_overview.ipynb") == OVERVIEW.is_file()
