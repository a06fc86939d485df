"""The in-process papermill engine: same outputs as a real kernel, a fresh state per run by construction
(each run a fork of a warmed, unused worker), and a run that kills its process kills only itself."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support.build_compare import tree_differences
from analysis.build.notebook_worker import make_spec
from support.mini_project import PARAMETERS_CELL, write_mini_project, write_notebook

FIDELITY_CELLS = [
    ("markdown", "# Fidelity\n\nEvery kind of output a notebook makes."),
    ("parameters", PARAMETERS_CELL),
    ("code", 'import sys\nsys.path.insert(0, "../src")\nimport minichart\nimport pandas as pd\nimport warnings\n'
             'print("a")\nwarnings.warn("careful")\nprint("b")'),
    ("code", 'df = pd.DataFrame({"x": range(30), "y": [i * i for i in range(30)],\n'
             '                   "z": ["long text value %d" % i for i in range(30)]})\ndf'),
    ("code", '%matplotlib inline\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 2, 3])\n'
             'print("before")\ndisplay(df.head(2))\nprint("after")'),
    ("code", 'print("to stderr", file=sys.stderr)\nsys.stdout.write("no newline")\nsys.stdout.flush()\n'
             'print(" more")\n{"k": 1}'),
    ("code", "rows = minichart.read_rows(data_dir)\nchart = minichart.bar_chart(rows, lang, size)\n"
             'minichart.save(chart, output_dir, "fidelity", "values", formats=formats, size=size,\n'
             '               title="Fidelity", alt_text="A bar chart.", source="Source: fixture")\n'
             'minichart.write_summary(output_dir, "fidelity", lang, "# Fidelity\\n")\n'
             "from IPython.display import Markdown\nMarkdown('**done**')"),
    ("code", "import numpy as np\nnp.arange(5)"),
    ("code", ""),
    ("code", "def f():\n    return 1 / 0\nf()"),
    ("code", 'print("never runs")'),
]
# The kernel's cell file names carry the kernel's process id (/tmp/ipykernel_<pid>/<hash>.py).
_PID_PATH = re.compile(r"ipykernel_\d+")


def spec(project, stem: str, engine: str, out: Path) -> dict:
    return make_spec(
        run_id=f"en/{stem}", notebook=project.notebook(stem), cwd=project.root / "notebooks",
        parameters={"lang": "en", "size": "web", "formats": ["svg", "png"],
                    "data_dir": str(project.root / "data"), "output_dir": str(out / "figures")},
        executed=out / "executed.ipynb", html=out / "executed.html", kernel="kazakhstan-upr", engine=engine)


DRIVER = """
import json, sys
from analysis.build import notebook_worker
specs = json.load(open(sys.argv[1]))
print(json.dumps([notebook_worker.execute(s) for s in specs]))
"""


def run_in_one_worker(specs: list[dict], folder: Path, env: dict | None = None) -> list[dict]:
    """Execute `specs` one after another in one new worker process, as a build's pool worker does."""
    (folder / "specs.json").write_text(json.dumps(specs), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", DRIVER, str(folder / "specs.json")], capture_output=True,
                          text=True, cwd=folder, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _joined_streams(outputs: list[dict]) -> list[dict]:
    """Consecutive stream outputs of one stream as one, as Jupyter shows them: a busy kernel may
    send one print's text and its line end in two messages."""
    joined: list[dict] = []
    for output in outputs:
        if (output.get("output_type") == "stream" and joined and joined[-1].get("output_type") == "stream"
                and joined[-1]["name"] == output["name"]):
            joined[-1] = {**joined[-1], "text": ["".join(joined[-1]["text"]) + "".join(output["text"])]}
        elif output.get("output_type") == "stream":
            joined.append({**output, "text": ["".join(output["text"])]})
        else:
            joined.append(output)
    return joined


def comparable_cells(path: Path) -> list[dict]:
    """Cells without metadata (timings), with the run's own folder and the kernel's pid masked,
    and each run of stream outputs joined."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        cell = {k: v for k, v in cell.items() if k not in ("metadata", "id")}
        if "outputs" in cell:
            cell["outputs"] = _joined_streams(cell["outputs"])
        text = _PID_PATH.sub("ipykernel_PID", json.dumps(cell)).replace(str(path.parent), "RUN_FOLDER")
        cells.append(json.loads(text))
    return cells


@pytest.mark.slow
def test_inprocess_engine_outputs_equal_a_real_kernel_run(tmp_path):
    project = write_mini_project(tmp_path / "p", stems=("alpha",), sets=("en",))
    write_notebook(project.notebook("fidelity"), FIDELITY_CELLS)
    real, = run_in_one_worker([spec(project, "fidelity", "nbclient", tmp_path / "real")], tmp_path)
    ours, = run_in_one_worker([spec(project, "fidelity", "inprocess", tmp_path / "ours")], tmp_path)

    for result in (real, ours):
        assert result["status"] == "failed", result
        assert (result["error"]["ename"], result["error"]["evalue"]) == ("ZeroDivisionError", "division by zero")
        assert result["error"]["exec_count"] == 9 and result["error"]["line"] == 3
    real_cells = comparable_cells(tmp_path / "real" / "executed.ipynb")
    our_cells = comparable_cells(tmp_path / "ours" / "executed.ipynb")
    assert len(real_cells) == len(our_cells)
    for index, (a, b) in enumerate(zip(real_cells, our_cells)):
        assert a == b, f"cell {index} differs"
    kinds = {o["output_type"] for c in our_cells for o in c.get("outputs", [])}
    assert kinds == {"stream", "execute_result", "display_data", "error"}
    real_nb = json.loads((tmp_path / "real" / "executed.ipynb").read_text(encoding="utf-8"))
    our_nb = json.loads((tmp_path / "ours" / "executed.ipynb").read_text(encoding="utf-8"))
    assert real_nb["metadata"]["language_info"] == our_nb["metadata"]["language_info"]
    # The files the notebook wrote: bytes for SVG/MD/JSON, pixels for PNG.
    assert tree_differences(tmp_path / "real" / "figures", tmp_path / "ours" / "figures") == []
    assert sorted(p.name for p in (tmp_path / "ours" / "figures" / "fidelity").iterdir()) == [
        "summary.en.md", "values.json", "values.png", "values.svg"]
    assert (tmp_path / "ours" / "executed.html").read_text(encoding="utf-8").count("ZeroDivisionError") >= 1


@pytest.mark.slow
def test_each_run_in_a_warm_worker_starts_from_a_fresh_kernel_state(tmp_path):
    project = write_mini_project(tmp_path / "p", stems=("alpha",), sets=("en",))
    package = project.root / "src" / "minichart" / "__init__.py"
    package.write_text(package.read_text(encoding="utf-8") + "\nCOUNTER = []\n", encoding="utf-8")
    write_notebook(project.notebook("dirty"), [
        ("parameters", PARAMETERS_CELL),
        ("code", 'import os, sys, warnings\nsys.path.insert(0, "../src")\nimport minichart, matplotlib\n'
                 'leftover = 1\nminichart.COUNTER.append(1)\nmatplotlib.rcParams["lines.linewidth"] = 9\n'
                 'from analysis.words import i18n\ni18n.LEFTOVER = 1\n'
                 'os.environ["LEFTOVER"] = "1"\nos.chdir("/")\nwarnings.warn("once?")\n'
                 'import matplotlib.pyplot as plt\nplt.figure()\nprint("dirty done")'),
    ])
    write_notebook(project.notebook("clean"), [
        ("parameters", PARAMETERS_CELL),
        ("code", 'import os, sys, warnings\nsys.path.insert(0, "../src")\nimport minichart, matplotlib\n'
                 'import matplotlib.pyplot as plt\n'
                 'from analysis.words import i18n\n'
                 'print("leftover" in dir(), minichart.COUNTER, matplotlib.rcParams["lines.linewidth"],\n'
                 '      os.environ.get("LEFTOVER"), os.path.basename(os.getcwd()), plt.get_fignums(),\n'
                 '      hasattr(i18n, "LEFTOVER"))\n'
                 'warnings.warn("once?")'),
    ])
    specs = [spec(project, "dirty", "inprocess", tmp_path / "one"), spec(project, "clean", "inprocess", tmp_path / "two")]
    results = run_in_one_worker(specs, tmp_path)
    assert [r["status"] for r in results] == ["ok", "ok"], results
    cells = comparable_cells(tmp_path / "two" / "executed.ipynb")
    outputs = cells[-1]["outputs"]

    def text(value) -> str:
        return value if isinstance(value, str) else "".join(value)

    stdout = "".join(text(o["text"]) for o in outputs if o.get("name") == "stdout")
    assert stdout == "False [] 1.5 None notebooks [] False\n"
    assert any("UserWarning: once?" in text(o["text"]) for o in outputs if o.get("name") == "stderr")
    assert cells[-1]["execution_count"] == 3  # counting restarts in every run: parameters 1, injected 2


@pytest.mark.slow
def test_a_run_that_ends_its_process_fails_alone_and_the_worker_runs_the_next(tmp_path):
    """Each run is its own process: a notebook that exits, or is killed, takes only itself down."""
    project = write_mini_project(tmp_path / "p", stems=("alpha",), sets=("en",))
    write_notebook(project.notebook("exits"), [("parameters", PARAMETERS_CELL), ("code", "import os\nos._exit(3)")])
    write_notebook(project.notebook("killed"), [
        ("parameters", PARAMETERS_CELL), ("code", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")])
    specs = [spec(project, "exits", "inprocess", tmp_path / "one"), spec(project, "killed", "inprocess", tmp_path / "two"),
             spec(project, "alpha", "inprocess", tmp_path / "three")]
    exits, killed, alpha = run_in_one_worker(specs, tmp_path)
    assert exits["status"] == "error" and "exited with status 3" in exits["error"]["evalue"], exits
    assert killed["status"] == "error" and "killed by signal 9" in killed["error"]["evalue"], killed
    assert alpha["status"] == "ok", alpha
    assert (tmp_path / "three" / "figures" / "alpha" / "summary.en.md").is_file()


# Names with one leading underscore that their package documents as public.
DOCUMENTED = {"_exit"}  # os._exit


def test_no_private_attribute_of_another_package_is_used_in_src():
    """The build resets nothing (a run is a fresh fork), and no code reaches into another package:
    no attribute with one leading underscore is read, written or looked up by name in the package
    unless the package itself defines it."""
    import ast

    from analysis.core import paths

    trees = {path: ast.parse(path.read_text(encoding="utf-8"))
             for path in sorted((paths.REPO_ROOT / "src" / "analysis").rglob("*.py"))}
    ours: set[str] = set(DOCUMENTED)
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                ours.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                ours.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and \
                    isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                ours.add(node.attr)
            elif isinstance(node, ast.arg):
                ours.add(node.arg)

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__") and name not in ours

    found = []
    for path, tree in trees.items():
        where = path.relative_to(paths.REPO_ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and private(node.attr):
                found.append(f"{where}:{node.lineno}: .{node.attr}")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("getattr", "setattr", "hasattr", "delattr") and len(node.args) >= 2
                    and isinstance(node.args[1], ast.Constant) and private(str(node.args[1].value))):
                found.append(f"{where}:{node.lineno}: {node.func.id}(…, {node.args[1].value!r})")
    assert found == []


def test_a_kernel_of_another_python_is_refused(tmp_path):
    kernels = tmp_path / "jupyter" / "kernels" / "other-python"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": ["/nonexistent/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Other", "language": "python"}), encoding="utf-8")
    project = write_mini_project(tmp_path / "p", stems=("alpha",), sets=("en",))
    run = spec(project, "alpha", "inprocess", tmp_path / "out")
    run["kernel"] = "other-python"
    result, = run_in_one_worker([run], tmp_path, env={**os.environ, "JUPYTER_PATH": str(tmp_path / "jupyter")})
    assert result["status"] == "error"
    assert result["error"]["ename"] == "KernelMismatch"
    assert "--engine nbclient" in result["error"]["evalue"]


ORPHAN_CHILD = """
import os, sys, time
time.sleep(float(sys.argv[1]))  # the intermediate process is gone by now
from analysis.build.notebook_worker import _die_with_parent
_die_with_parent(int(sys.argv[2]))
time.sleep(60)
"""
INTERMEDIATE = """
import os, subprocess, sys
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2], str(os.getpid())])
print(child.pid, flush=True)
if sys.argv[3] == "wait":
    child.wait()
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
@pytest.mark.parametrize("parent_waits", [False, True], ids=["parent-gone", "parent-alive"])
def test_a_worker_whose_build_died_before_it_started_exits(parent_waits):
    """A killed build's worker that had not yet asked to die with it does not live on."""
    import psutil

    mode = "wait" if parent_waits else "exit"
    parent = subprocess.Popen([sys.executable, "-c", INTERMEDIATE, ORPHAN_CHILD, "0.5", mode],
                              stdout=subprocess.PIPE, text=True)
    child = psutil.Process(int(parent.stdout.readline()))
    try:
        if parent_waits:
            with pytest.raises(psutil.TimeoutExpired):
                child.wait(timeout=1.5)
            assert child.is_running()
        else:
            parent.wait(timeout=30)
            child.wait(timeout=30)  # raises psutil.TimeoutExpired if it lives on
            assert not child.is_running()
    finally:
        for proc in (child, psutil.Process(parent.pid) if parent.poll() is None else None):
            if proc is not None and proc.is_running():
                proc.kill()
        parent.wait(timeout=30)
