"""The build's worker processes: warm once, then execute notebook after notebook with papermill.

`warm_up()` runs once per worker (the pool's initializer): it defers `rfc3987_syntax` (see
`lazy_rfc3987`), imports papermill, nbconvert, pandas and matplotlib, creates the in-process shell
and registers the `analysis-inprocess` engine. `execute(spec)` then runs one notebook through
`papermill.execute_notebook` and renders the executed notebook to HTML for review.

A spec is a plain dict (it crosses process boundaries, and is JSON for `python -m
analysis.build.notebook_worker`, which the Dask path runs in a child process per run):
  run_id, notebook, cwd, parameters, executed (output .ipynb path), html (path or None),
  kernel, engine ("inprocess" | "nbclient"), code_dirs (folders whose modules are re-imported),
  timeout (seconds a run may take, or None).
The result is a dict: run_id, status ("ok" | "failed" | "error"), seconds, error (or None).

A run that takes longer than its timeout fails like any other run: papermill's nbclient engine
gets `execution_timeout`; in process, a real-time timer (SIGALRM, in the worker's main thread)
raises RunTimedOut inside the cell; a child process (run_isolated) is killed after the timeout.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

_WARM = False
_HTML_EXPORTER: Any = None
# Seconds a new kernel (engine nbclient) may take to start before its run fails.
KERNEL_START_TIMEOUT = 300


# The build's pid, which run_isolated hands its child: the child checks it is still its parent.
PARENT_PID_ENV = "ANALYSIS_BUILD_PARENT_PID"


def _die_with_parent(parent_pid: int | None = None) -> None:
    """Linux: have the kernel kill this worker when the build process dies (even by SIGKILL).

    The request only covers deaths after it is made, and a spawned worker makes it only once it
    has bootstrapped; so a worker whose build already died (it now has another parent) exits here.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


def _pool_parent_pid() -> int | None:
    import multiprocessing

    parent = multiprocessing.parent_process()
    return parent.pid if parent is not None else None


def warm_up(engine: str = "inprocess", *, pool_worker: bool = True) -> None:
    """Import the heavy modules and build the shell once, so each run pays only for its own cells."""
    global _WARM, _HTML_EXPORTER
    if _WARM:
        return
    if pool_worker:
        _die_with_parent(_pool_parent_pid())
        # Ctrl-C goes to the whole process group: the build handles it and stops the workers.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    from analysis.build import lazy_rfc3987

    lazy_rfc3987.install()
    if engine == "inprocess":
        from analysis.build import notebook_engine

        notebook_engine.InProcessZMQShell.get()  # imports matplotlib (inline backend) and IPython
        import pandas  # noqa: F401  - what every notebook imports; paid once per worker

        notebook_engine.register()
    import papermill  # noqa: F401
    from nbconvert import HTMLExporter
    import nbformat

    _HTML_EXPORTER = HTMLExporter()
    _HTML_EXPORTER.from_notebook_node(nbformat.v4.new_notebook())  # loads the templates now
    _WARM = True


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_FRAME = re.compile(r"^Cell In\[(\d+)\], line (\d+)")
_FILE_FRAME = re.compile(r"^File (.+?):(\d+)(?:, in (.+))?$")


def _traceback_location(traceback_lines: list[str], exec_count: int | None) -> tuple[int | None, str | None]:
    """From IPython's traceback: the failing line of the cell, and where outside it the error rose."""
    line: int | None = None
    raised_in: str | None = None
    for frame in traceback_lines:
        head = _ANSI.sub("", frame).strip().splitlines()[0] if frame.strip() else ""
        cell = _CELL_FRAME.match(head)
        if cell and line is None and (exec_count is None or int(cell.group(1)) == exec_count):
            line = int(cell.group(2))
            continue
        found = _FILE_FRAME.match(head)
        if found and line is not None:
            raised_in = f"{found.group(1)}:{found.group(2)}" + (f" in {found.group(3)}" if found.group(3) else "")
    return line, raised_in


def _error_details(exc: BaseException) -> dict[str, Any]:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        line, raised_in = _traceback_location(exc.traceback or [], exc.exec_count)
        return {
            "kind": "cell",
            "cell_index": exc.cell_index,
            "exec_count": exc.exec_count,
            "source": exc.source,
            "ename": exc.ename,
            "evalue": exc.evalue,
            "line": line,
            "raised_in": raised_in,
        }
    return {
        "kind": "build",
        "ename": type(exc).__name__,
        "evalue": str(exc),
        "traceback": "".join(traceback.format_exception(exc)),
    }


def render_html(executed: Path, html: Path) -> None:
    import nbformat

    global _HTML_EXPORTER
    if _HTML_EXPORTER is None:
        from nbconvert import HTMLExporter

        _HTML_EXPORTER = HTMLExporter()
    nb = nbformat.read(executed, as_version=4)
    body, _ = _HTML_EXPORTER.from_notebook_node(nb)
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(body, encoding="utf-8")


class RunTimedOut(Exception):
    """A notebook run took longer than the build's timeout."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise RunTimedOut("the run took longer than the build's timeout")


class _Deadline:
    """A real-time limit on the code run inside it (no limit for None, or off the main thread)."""

    def __init__(self, seconds: float | None) -> None:
        import threading

        self.seconds = seconds if seconds and threading.current_thread() is threading.main_thread() else None

    def __enter__(self) -> "_Deadline":
        if self.seconds:
            self._old = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, float(self.seconds))
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.seconds:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old)


def make_spec(*, run_id: str, notebook: str | os.PathLike[str], cwd: str | os.PathLike[str],
              parameters: dict[str, Any], executed: str | os.PathLike[str], html: str | os.PathLike[str] | None,
              kernel: str, engine: str = "inprocess", code_dirs: Any = (), timeout: float | None = None
              ) -> dict[str, Any]:
    """A spec as `execute` and `run_isolated` read it (the module docstring lists its keys): paths
    as strings, so it crosses process boundaries and is JSON."""
    return {"run_id": run_id, "notebook": str(notebook), "cwd": str(cwd), "parameters": dict(parameters),
            "executed": str(executed), "html": None if html is None else str(html), "kernel": kernel,
            "engine": engine, "code_dirs": [str(p) for p in code_dirs], "timeout": timeout}


def execute(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one notebook as papermill does; never raises for a notebook's own errors."""
    warm_up(spec.get("engine", "inprocess"), pool_worker=False)
    import papermill

    started = time.perf_counter()
    executed = Path(spec["executed"])
    executed.parent.mkdir(parents=True, exist_ok=True)
    Path(spec["parameters"]["output_dir"]).mkdir(parents=True, exist_ok=True)
    engine = spec.get("engine", "inprocess")
    kwargs: dict[str, Any] = {}
    if engine == "inprocess":
        from analysis.build.notebook_engine import ENGINE_NAME

        kwargs = {"engine_name": ENGINE_NAME, "code_dirs": spec.get("code_dirs", [])}
    timeout = spec.get("timeout")
    if engine != "inprocess":
        # A new kernel may take more than papermill's 60 s to start on a machine busy with other runs.
        kwargs["start_timeout"] = KERNEL_START_TIMEOUT
    if timeout and engine != "inprocess":
        kwargs["execution_timeout"] = int(timeout)
    result: dict[str, Any] = {"run_id": spec["run_id"], "status": "ok", "error": None}
    try:
        with _Deadline(timeout if engine == "inprocess" else None):
            papermill.execute_notebook(
                spec["notebook"],
                str(executed),
                parameters=spec["parameters"],
                kernel_name=spec["kernel"],
                cwd=spec["cwd"],
                progress_bar=False,
                request_save_on_cell_execute=engine != "inprocess",
                **kwargs,
            )
    except Exception as exc:  # noqa: BLE001 - every failure is reported, the build goes on
        result["status"] = "failed" if type(exc).__name__ == "PapermillExecutionError" else "error"
        result["error"] = _error_details(exc)
        if timeout and ("RunTimedOut" in str(exc) or "Timeout" in type(exc).__name__
                        or "timed out" in str(exc).lower()):
            result["status"] = "failed"
            result["error"] = {**result["error"], "kind": "timeout",
                               "evalue": f"the run took longer than its timeout of {int(timeout)} s"}
    if result["error"] and result["error"].get("kind") == "cell":
        result["error"]["cell_number"] = _locate_source_cell(spec, executed, result["error"])
    if spec.get("html") and executed.exists():
        try:
            render_html(executed, Path(spec["html"]))
        except Exception as exc:  # noqa: BLE001 - the review copy is a convenience
            result["html_error"] = f"{type(exc).__name__}: {exc}"
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def _locate_source_cell(spec: dict[str, Any], executed: Path, error: dict[str, Any]) -> int | None:
    """1-based number of the failing cell in the source notebook (matched by its source text)."""
    try:
        nb = json.loads(Path(spec["notebook"]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    source = error.get("source") or ""
    for number, cell in enumerate(nb.get("cells", []), start=1):
        text = cell.get("source", "")
        if isinstance(text, list):
            text = "".join(text)
        if cell.get("cell_type") == "code" and text == source:
            return number
    return None


def run_isolated(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one spec in a child Python process (used on Dask workers and after a worker crash).

    A child per run costs the imports again, but a notebook that kills its process, or a Dask
    worker that runs tasks in threads, cannot disturb anything else.
    """
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(spec, fh)
        spec_file = fh.name
    started = time.perf_counter()
    try:
        limit = spec.get("timeout")
        try:
            done = subprocess.run(
                [sys.executable, "-m", "analysis.build.notebook_worker", spec_file],
                capture_output=True, text=True, cwd=spec["cwd"], timeout=limit + 60 if limit else None,
                env={**os.environ, PARENT_PID_ENV: str(os.getpid())},
            )
        except subprocess.TimeoutExpired:
            return {"run_id": spec["run_id"], "status": "failed", "seconds": round(time.perf_counter() - started, 3),
                    "error": {"kind": "timeout", "ename": "RunTimedOut",
                              "evalue": f"the run took longer than its timeout of {int(limit)} s", "traceback": ""}}
    finally:
        os.unlink(spec_file)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode == 0 and lines:
        return json.loads(lines[-1])
    tail = "\n".join(done.stderr.strip().splitlines()[-15:])
    return {
        "run_id": spec["run_id"],
        "status": "error",
        "seconds": round(time.perf_counter() - started, 3),
        "error": {"kind": "build", "ename": "WorkerDied",
                  "evalue": f"the process running the notebook exited with status {done.returncode}",
                  "traceback": tail},
    }


def main(argv: list[str] | None = None) -> int:
    """`python -m analysis.build.notebook_worker SPEC.json`: run one spec, print the result as JSON."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m analysis.build.notebook_worker SPEC.json", file=sys.stderr)
        return 2
    parent = os.environ.get(PARENT_PID_ENV, "")
    _die_with_parent(int(parent) if parent.isdigit() else None)
    spec = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    result = execute(spec)
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
