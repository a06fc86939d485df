"""Drive a real Jupyter server the way JupyterLab does: REST API, a session, the kernel's websocket.

Tests use it to prove that the notebooks work interactively, not only under papermill: the server
is `python -m jupyter_server` from the project environment (the server JupyterLab runs on), the
kernel is started through a session (so its working directory is the notebook's folder, as in
JupyterLab), and cells are executed over the kernel's websocket channels with the Jupyter messaging
protocol. Every process the server starts carries a marker in its environment, so a test can list
what is left behind after shutdown. Timeouts are deadlines for a loaded machine, never measurements.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from analysis.core.paths import KERNEL_NAME

MARKER_ENV = "KAZAKHSTAN_UPR_LAB_SERVER"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def jupyter_state_environment(state_dir: str | os.PathLike[str], *, create: bool = True) -> dict[str, str]:
    """Variables that keep Jupyter's, IPython's, matplotlib's (and npm's) per-user files in `state_dir`.

    The same set `make lab` uses (pointing into .venv), so nothing is written to the user's home.
    With `create`, the folders are made (IPython falls back to a temporary folder otherwise).
    """
    root = Path(state_dir).resolve()
    env = {
        "JUPYTER_CONFIG_DIR": str(root / "config"),
        "JUPYTER_DATA_DIR": str(root / "data"),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
        "IPYTHONDIR": str(root / "ipython"),
        "MPLCONFIGDIR": str(root / "matplotlib"),
        # jupyter_lsp asks npm where global language servers live; npm logs into its cache folder.
        "npm_config_cache": str(root / "npm"),
    }
    if create:
        for folder in env.values():
            Path(folder).mkdir(parents=True, exist_ok=True)
    return env


class LabServerError(RuntimeError):
    """The server did not start, answer or stop as expected; the message carries its log tail."""


class CellExecutionError(RuntimeError):
    """A cell raised in the kernel (or the kernel did not answer before the deadline)."""

    def __init__(self, message: str, *, ename: str = "", evalue: str = "", traceback: str = "") -> None:
        super().__init__(message)
        self.ename, self.evalue, self.traceback = ename, evalue, traceback


@dataclass
class CellResult:
    """What one execute_request produced: streams, rich outputs, the reply status."""

    code: str
    status: str = ""
    execution_count: int | None = None
    stdout: str = ""
    stderr: str = ""
    outputs: list[dict[str, Any]] = field(default_factory=list)


def _message(msg_type: str, content: dict[str, Any], session: str, channel: str = "shell") -> dict[str, Any]:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "lab-server-test",
            "session": session,
            "date": datetime.now(timezone.utc).isoformat(),
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "channel": channel,
        "buffers": [],
    }


class KernelChannels:
    """A kernel's shell/iopub channels over the server's websocket (legacy JSON protocol, as plain as it gets)."""

    def __init__(self, ws_url: str, token: str, *, connect_timeout: float = 120.0) -> None:
        import websocket  # websocket-client, pulled in by jupyter_server's terminals

        self._websocket = websocket
        self.session = uuid.uuid4().hex
        url = f"{ws_url}{'&' if '?' in ws_url else '?'}session_id={self.session}"
        self._ws = websocket.create_connection(
            url, timeout=connect_timeout, header=[f"Authorization: token {token}"]
        )

    def close(self) -> None:
        self._ws.close()

    def __enter__(self) -> KernelChannels:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _messages_until(self, deadline: float) -> Iterator[dict[str, Any]]:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._ws.settimeout(min(remaining, 5.0))
            try:
                raw = self._ws.recv()
            except self._websocket.WebSocketTimeoutException:
                continue
            if isinstance(raw, bytes):  # binary frames only carry buffers (widgets); not ours
                continue
            yield json.loads(raw)

    def _send(self, msg_type: str, content: dict[str, Any]) -> str:
        msg = _message(msg_type, content, self.session)
        self._ws.send(json.dumps(msg))
        return msg["header"]["msg_id"]

    def wait_ready(self, timeout: float = 180.0) -> dict[str, Any]:
        """Ask for kernel_info until the kernel answers: it may still be starting."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg_id = self._send("kernel_info_request", {})
            for msg in self._messages_until(min(deadline, time.monotonic() + 10.0)):
                if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["msg_type"] == "kernel_info_reply":
                    return msg["content"]
        raise CellExecutionError(f"kernel did not answer kernel_info_request within {timeout:.0f} s")

    def execute(self, code: str, *, timeout: float = 900.0) -> CellResult:
        """Run one cell as JupyterLab does; raise CellExecutionError if it fails."""
        msg_id = self._send(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        result = CellResult(code=code)
        idle = replied = False
        error: dict[str, Any] | None = None
        for msg in self._messages_until(time.monotonic() + timeout):
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if msg.get("channel") == "shell" and kind == "execute_reply":
                replied = True
                result.status = content.get("status", "")
                result.execution_count = content.get("execution_count")
                if result.status == "error" and error is None:
                    error = content
            elif kind == "stream":
                if content.get("name") == "stderr":
                    result.stderr += content.get("text", "")
                else:
                    result.stdout += content.get("text", "")
            elif kind in ("display_data", "execute_result"):
                result.outputs.append({"output_type": kind, "data": content.get("data", {})})
            elif kind == "error":
                error = content
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            if idle and replied:
                break
        if not (idle and replied):
            raise CellExecutionError(f"cell did not finish within {timeout:.0f} s:\n{code}")
        if error is not None or result.status != "ok":
            error = error or {}
            trace = _ANSI.sub("", "\n".join(error.get("traceback", [])))
            raise CellExecutionError(
                f"cell failed with {error.get('ename', result.status)}: {error.get('evalue', '')}\n"
                f"--- cell ---\n{code}\n--- traceback ---\n{trace}",
                ename=error.get("ename", ""),
                evalue=error.get("evalue", ""),
                traceback=trace,
            )
        return result

    def run_all(self, cells: Iterable[str], *, timeout_per_cell: float = 900.0) -> list[CellResult]:
        """Execute cells in order and stop at the first failure, like JupyterLab's Run All."""
        return [self.execute(code, timeout=timeout_per_cell) for code in cells if code.strip()]


def _processes_with_marker(marker: str) -> list[int]:
    """PIDs of live processes whose environment carries MARKER_ENV=marker."""
    needle = f"{MARKER_ENV}={marker}".encode()
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is in the pinned environment
        psutil = None
    found = []
    if psutil is not None:
        for proc in psutil.process_iter(["pid"]):
            try:
                if proc.status() == psutil.STATUS_ZOMBIE:
                    continue
                if proc.environ().get(MARKER_ENV) == marker:
                    found.append(proc.pid)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return sorted(found)
    for entry in Path("/proc").iterdir():  # pragma: no cover
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return sorted(found)


class LabServer:
    """`python -m jupyter_server` on a free localhost port with a token, its state kept in `state_dir`.

    Use as a context manager; `stop()` shuts it down cleanly through the API, and leaving the block
    kills whatever it left running, so a failing test leaks nothing.
    """

    def __init__(
        self,
        root_dir: str | os.PathLike[str],
        state_dir: str | os.PathLike[str],
        *,
        python: str = sys.executable,
        env: Mapping[str, str] | None = None,
        startup_timeout: float = 300.0,
        request_timeout: float = 120.0,
    ) -> None:
        self.root_dir = Path(root_dir).resolve()
        self.state_dir = Path(state_dir).resolve()
        self.python = python
        self.token = secrets.token_hex(24)
        self.marker = uuid.uuid4().hex
        self.startup_timeout = startup_timeout
        self.request_timeout = request_timeout
        self.log_path = self.state_dir / "server.log"
        self.env = dict(os.environ if env is None else env)
        self.env.update(jupyter_state_environment(self.state_dir))
        self.env[MARKER_ENV] = self.marker
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> LabServer:
        command = [
            self.python, "-m", "jupyter_server",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.port=0",  # the OS picks a free port; the server records it in its info file
            "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--IdentityProvider.token={self.token}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI often run as root
            command.append("--ServerApp.allow_root=True")
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command, cwd=self.root_dir, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        self.url = self._wait_for_url()
        self._wait_for_api()
        return self

    def _log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def _fail(self, what: str) -> LabServerError:
        return LabServerError(f"{what}\n--- server log ({self.log_path}) ---\n{self._log_tail()}")

    def _wait_for_url(self) -> str:
        assert self.process is not None
        info = Path(self.env["JUPYTER_RUNTIME_DIR"]) / f"jpserver-{self.process.pid}.json"
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise self._fail(f"jupyter_server exited with status {self.process.returncode} while starting")
            try:
                data = json.loads(info.read_text())
                return data["url"].rstrip("/") + "/"
            except (OSError, ValueError, KeyError):
                time.sleep(0.2)
        raise self._fail(f"jupyter_server wrote no {info.name} within {self.startup_timeout:.0f} s")

    def _wait_for_api(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            try:
                self.request("GET", "api/status")
                return
            except (OSError, LabServerError) as exc:
                last = exc
                time.sleep(0.3)
        raise self._fail(f"jupyter_server at {self.url} did not answer /api/status: {last}")

    def stop(self, timeout: float = 120.0) -> int:
        """Shut the server down through /api/shutdown (which stops its kernels); its exit status."""
        if self.process is None:
            return 0
        if self.process.poll() is None:
            try:
                self.request("POST", "api/shutdown")
            except (OSError, LabServerError):
                pass
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                raise self._fail(f"jupyter_server did not stop within {timeout:.0f} s of /api/shutdown")
        self._log.close()
        return self.process.returncode

    def leftover_processes(self) -> list[int]:
        """Processes started by this server (itself, kernels, terminals) that are still alive."""
        return _processes_with_marker(self.marker)

    def kill_leftovers(self) -> None:
        """Last resort on the way out of a failed test: end only the processes this server started."""
        for pid in self.leftover_processes():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.process is not None:
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                pass
            if not self._log.closed:
                self._log.close()

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                self.stop()
            except LabServerError:
                pass
        self.kill_leftovers()

    # -- REST ----------------------------------------------------------------------------------
    def request(self, method: str, path: str, body: Any = None) -> Any:
        """Call the REST API with the token; the decoded JSON answer (None when empty)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(urllib.parse.urljoin(self.url, path), data=data, method=method)
        req.add_header("Authorization", f"token {self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.request_timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise LabServerError(f"{method} /{path}: HTTP {exc.code}: {exc.read()[:500]!r}") from exc
        return json.loads(raw) if raw else None

    def contents(self, path: str = "") -> dict[str, Any]:
        """/api/contents/<path>: a folder listing or a file model."""
        return self.request("GET", f"api/contents/{urllib.parse.quote(path)}")

    def notebooks(self, path: str = "") -> list[str]:
        """Paths of the notebooks the file browser shows in a folder."""
        listing = self.contents(path)
        return sorted(item["path"] for item in listing["content"] if item["type"] == "notebook")

    def kernelspecs(self) -> dict[str, Any]:
        """/api/kernelspecs: the kernels a user can pick."""
        return self.request("GET", "api/kernelspecs")

    def start_session(self, notebook_path: str, kernel_name: str) -> dict[str, Any]:
        """Open a notebook with a kernel as JupyterLab does (kernel cwd = the notebook's folder)."""
        return self.request(
            "POST",
            "api/sessions",
            {"path": notebook_path, "name": Path(notebook_path).name, "type": "notebook",
             "kernel": {"name": kernel_name}},
        )

    def end_session(self, session_id: str) -> None:
        """Close the notebook: the server shuts its kernel down."""
        self.request("DELETE", f"api/sessions/{session_id}")

    def kernel_channels(self, kernel_id: str, *, connect_timeout: float = 120.0) -> KernelChannels:
        ws_url = self.url.replace("http://", "ws://", 1) + f"api/kernels/{kernel_id}/channels"
        return KernelChannels(ws_url, self.token, connect_timeout=connect_timeout)


# -- a whole notebook, as a researcher runs it in JupyterLab ------------------------------------

@dataclass
class LabRun:
    """What happened when a notebook was opened and run top to bottom through a real server."""

    listed_notebooks: list[str]
    kernelspecs: dict[str, Any]
    session: dict[str, Any]
    kernel_info: dict[str, Any]
    cells: list[CellResult]
    kernels_after_close: list[dict[str, Any]]
    server_exit_status: int
    leftover_processes: list[int]
    home_files: list[str]
    server_log: Path


def run_notebook_in_lab(
    root_dir: str | os.PathLike[str],
    notebook_path: str,
    state_dir: str | os.PathLike[str],
    *,
    kernel_name: str = KERNEL_NAME,
    python: str = sys.executable,
    timeout_per_cell: float = 900.0,
) -> LabRun:
    """Start a server on `root_dir`, open `notebook_path` (relative to it) with `kernel_name`, run
    every code cell over the kernel's channels, close the notebook, stop the server.

    HOME points at an empty folder inside `state_dir`; whatever appears there is reported, as are
    processes still alive after shutdown. A failing cell raises CellExecutionError.
    """
    from analysis.notebook.notebook_checks import code_cells

    state = Path(state_dir)
    home = state / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, HOME=str(home))
    cells = code_cells(Path(root_dir) / notebook_path)
    with LabServer(root_dir, state, python=python, env=env) as server:
        folder = Path(notebook_path).parent.as_posix()
        listed = server.notebooks("" if folder == "." else folder)
        specs = server.kernelspecs()
        if kernel_name not in specs.get("kernelspecs", {}):
            raise LabServerError(f"kernel {kernel_name!r} not offered; server has {sorted(specs.get('kernelspecs', {}))}")
        session = server.start_session(notebook_path, kernel_name)
        with server.kernel_channels(session["kernel"]["id"]) as channels:
            info = channels.wait_ready()
            results = channels.run_all(cells, timeout_per_cell=timeout_per_cell)
        server.end_session(session["id"])
        kernels = server.request("GET", "api/kernels")
        status = server.stop()
        leftovers = server.leftover_processes()
    home_files = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
    return LabRun(listed, specs, session, info, results, kernels, status, leftovers, home_files, server.log_path)


@dataclass
class LabPapermillComparison:
    """A notebook run in JupyterLab and under papermill from identical staged copies of the project."""

    lab: LabRun
    lab_outputs: Path
    papermill_outputs: Path
    differences: list[str]


def compare_lab_with_papermill(
    notebook: str | os.PathLike[str],
    workdir: str | os.PathLike[str],
    *,
    data_dir: str | os.PathLike[str],
    kernel_name: str = KERNEL_NAME,
    engine_name: str | None = None,
    python: str = sys.executable,
    timeout_per_cell: float = 900.0,
) -> LabPapermillComparison:
    """Run `notebook` with its defaults through a real Jupyter server and through papermill, each in
    its own staged copy of the project under `workdir`, and compare what they wrote under the
    default `output_dir` (names of every file; bytes of SVG, Markdown and JSON sidecars).
    `engine_name` runs the papermill side with another registered engine (e.g. the build's).
    """
    from analysis.notebook.notebook_checks import parameters_of
    from support.notebook_runs import output_differences, run_papermill, stage_project

    notebook = Path(notebook)
    workdir = Path(workdir)
    output_dir = parameters_of(notebook)["output_dir"]

    lab_root = workdir / "lab"
    lab_notebooks = stage_project(lab_root, [notebook], data_dir=data_dir)
    lab = run_notebook_in_lab(lab_root, f"notebooks/{notebook.name}", workdir / "lab-state",
                              kernel_name=kernel_name, python=python, timeout_per_cell=timeout_per_cell)

    pm_root = workdir / "papermill"
    pm_notebooks = stage_project(pm_root, [notebook], data_dir=data_dir)
    # The papermill kernel gets the same isolated per-user folders as the server's kernel.
    isolated = jupyter_state_environment(workdir / "papermill-state")
    saved = {k: os.environ.get(k) for k in isolated}
    os.environ.update(isolated)
    try:
        run_papermill(pm_notebooks / notebook.name, pm_root / f"executed-{notebook.name}",
                      kernel_name=kernel_name, engine_name=engine_name, timeout=timeout_per_cell)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    lab_out = (lab_notebooks / output_dir).resolve()
    pm_out = (pm_notebooks / output_dir).resolve()
    return LabPapermillComparison(lab, lab_out, pm_out, output_differences(pm_out, lab_out))
