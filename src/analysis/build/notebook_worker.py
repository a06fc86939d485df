"""The build's worker processes: warm once, then execute each notebook in a fork of that warm process.

`warm_up()` runs once per worker (the pool's initializer): it imports papermill, nbconvert, pandas,
matplotlib and the project's own packages, creates the in-process shell and registers the
`analysis-inprocess` engine, and runs nothing. `execute(spec)` then forks that warmed, unused process
for each run: the child runs one notebook through `papermill.execute_notebook`, renders the executed
notebook to HTML for review, sends its result back through a pipe and exits. Every run so starts
from the same fresh state by construction (nothing a run does, to modules, matplotlib, warnings,
the environment or the working directory, outlives it), at the cost of a fork (milliseconds)
instead of a kernel start and the imports (seconds). With `engine="nbclient"` a run is papermill's
own: a new project kernel per run.

A spec is a plain dict (it crosses process boundaries):
  run_id, notebook, cwd, parameters, executed (output .ipynb path), html (path or None),
  kernel, engine ("inprocess" | "nbclient"), timeout (seconds a run may take, or None).
The result is a dict: run_id, status ("ok" | "failed" | "error"), seconds, error (or None).

A run that takes longer than its timeout fails like any other run: papermill's nbclient engine
gets `execution_timeout`; in a fork, a real-time timer (SIGALRM) raises RunTimedOut inside the cell,
and the worker kills a child that has still not answered shortly after.
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

# Seconds a forked run may outlive its timeout (its own timer fails it first) before it is killed.
KILL_GRACE = 30


def _die_with_parent(parent_pid: int | None = None) -> None:
    """Linux: have the kernel kill this process when its parent dies (even by SIGKILL).

    The request only covers deaths after it is made, and a process makes it only once it has
    started; so a process whose parent already died (it now has another parent) exits here.
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


def _import_project() -> None:
    """Import every module of the project's layers below the build, so a forked run finds them loaded.

    Only imports: a module's state is as import left it, and each run gets its own copy of it."""
    import importlib
    import pkgutil

    import analysis

    for info in pkgutil.walk_packages(analysis.__path__, "analysis."):
        if not info.name.startswith(("analysis.build", "analysis.__main__", "analysis.cli")):
            importlib.import_module(info.name)


def warm_up(engine: str = "inprocess", *, pool_worker: bool = True) -> None:
    """Import the heavy modules and build the shell once, so each run pays only for its own cells."""
    global _WARM, _HTML_EXPORTER
    if _WARM:
        return
    if pool_worker:
        _die_with_parent(_pool_parent_pid())
        # Ctrl-C goes to the whole process group: the build handles it and stops the workers.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if engine == "inprocess":
        from analysis.build import notebook_engine

        notebook_engine.InProcessZMQShell.get()  # imports matplotlib (inline backend) and IPython
        import pandas  # noqa: F401  - what every notebook imports; paid once per worker

        _import_project()
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


def ready() -> int:
    """An empty task: submitting one per worker makes the pool start (and warm up) its workers."""
    return os.getpid()


def make_spec(*, run_id: str, notebook: str | os.PathLike[str], cwd: str | os.PathLike[str],
              parameters: dict[str, Any], executed: str | os.PathLike[str], html: str | os.PathLike[str] | None,
              kernel: str, engine: str = "inprocess", timeout: float | None = None) -> dict[str, Any]:
    """A spec as `execute` reads it (the module docstring lists its keys): paths as strings, so it
    crosses process boundaries and is JSON."""
    return {"run_id": run_id, "notebook": str(notebook), "cwd": str(cwd), "parameters": dict(parameters),
            "executed": str(executed), "html": None if html is None else str(html), "kernel": kernel,
            "engine": engine, "timeout": timeout}


def execute(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one notebook as papermill does, in a fork of this warmed process (engine "inprocess") or
    with a new kernel ("nbclient"); never raises for a notebook's own errors."""
    engine = spec.get("engine", "inprocess")
    warm_up(engine, pool_worker=False)
    if engine == "inprocess":
        return _in_fork(spec)
    return _execute_here(spec)


def _in_fork(spec: dict[str, Any]) -> dict[str, Any]:
    """`_execute_here(spec)` in a child forked from this process; its result comes back as JSON."""
    import select

    started = time.perf_counter()
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the run's own process: whatever happens, it ends here
        code = 1
        try:
            os.close(read_fd)
            _die_with_parent(parent)
            payload = json.dumps(_execute_here(spec)).encode("utf-8")
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
            code = 0
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    os.close(write_fd)
    limit = spec.get("timeout")
    deadline = time.monotonic() + float(limit) + KILL_GRACE if limit else None
    chunks: list[bytes] = []
    killed = False
    try:
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([read_fd], [], [], wait)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                killed = True
                break
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        _, status = os.waitpid(pid, 0)
    seconds = round(time.perf_counter() - started, 3)
    if killed:
        return {"run_id": spec["run_id"], "status": "failed", "seconds": seconds,
                "error": {"kind": "timeout", "ename": "RunTimedOut", "traceback": "",
                          "evalue": f"the run took longer than its timeout of {int(limit)} s"}}
    if chunks and os.waitstatus_to_exitcode(status) == 0:
        return json.loads(b"".join(chunks).decode("utf-8"))
    code = os.waitstatus_to_exitcode(status)
    how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
    return {"run_id": spec["run_id"], "status": "error", "seconds": seconds,
            "error": {"kind": "build", "ename": "WorkerDied", "traceback": "",
                      "evalue": f"the process running the notebook {how} before it reported"}}


def _execute_here(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one notebook through papermill in this process and report how it went."""
    import papermill

    started = time.perf_counter()
    executed = Path(spec["executed"])
    executed.parent.mkdir(parents=True, exist_ok=True)
    Path(spec["parameters"]["output_dir"]).mkdir(parents=True, exist_ok=True)
    engine = spec.get("engine", "inprocess")
    kwargs: dict[str, Any] = {}
    if engine == "inprocess":
        from analysis.build.notebook_engine import ENGINE_NAME

        kwargs = {"engine_name": ENGINE_NAME}
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
