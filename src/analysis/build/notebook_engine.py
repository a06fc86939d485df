"""A papermill engine that runs a notebook's cells in this process, in a kernel-like IPython shell.

Why: starting a kernel and importing pandas/matplotlib in it costs ~2.6 s per notebook, more than
most of our notebooks take to run. The build's worker processes import those once and then execute
notebook after notebook through papermill's own API with this engine (registered under the name
`analysis-inprocess`). Papermill still parameterises the notebook, tracks cell state and raises
`PapermillExecutionError`; only the "send code to a kernel" step is replaced.

What makes the outputs equal those of the `kazakhstan-upr` kernel:
- the shell is ipykernel's own `ZMQInteractiveShell` (same display hook, display publisher,
  traceback formatting, environment, magics); its messages go to an in-memory session instead of a
  socket and become notebook outputs through `nbformat.v4.output_from_msg`, as nbclient does;
- stdout/stderr are buffered like ipykernel's streams and flushed at the same points (before a
  display or an error, at the end of a cell);
- matplotlib uses the inline backend, so figures appear as `image/png` display data;
- every run starts from a fresh state by construction: the build's worker builds the shell once and
  never runs a cell in it; each run is a fork of that warmed, unused process (analysis.build.
  notebook_worker), so nothing one run does can reach another.
The engine refuses to run a notebook whose kernel runs another Python environment.

Kept here rather than a library: papermill and nbclient always talk to a kernel over ZeroMQ, and
no maintained engine runs cells in the calling process; `--engine nbclient` runs real kernels.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ENGINE_NAME = "analysis-inprocess"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
class KernelMismatch(RuntimeError):
    """The notebook's kernel would run a different Python environment than this process."""


def kernel_bin_dir(kernel_name: str) -> Path | None:
    """The folder of the interpreter a kernelspec starts, or None when it cannot be told."""
    import shutil

    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel as exc:
        raise KernelMismatch(
            f"kernel {kernel_name!r} is not installed (run `make setup`, which registers it)"
        ) from exc
    if not spec.argv:
        return None
    exe = spec.argv[0]
    found = exe if os.path.isabs(exe) else shutil.which(exe)
    return Path(found).parent if found else None


def check_kernel(kernel_name: str) -> None:
    """Fail unless `kernel_name` runs the interpreter environment of this process."""
    bin_dir = kernel_bin_dir(kernel_name)
    here = Path(sys.executable).parent
    if bin_dir is None or not bin_dir.exists() or not os.path.samefile(bin_dir, here):
        raise KernelMismatch(
            f"kernel {kernel_name!r} runs Python from {bin_dir}, but the build runs {sys.executable}; "
            "run the build with that environment's Python, or use `--engine nbclient`"
        )


class _Sink:
    """Collects the messages the shell would have sent to the front end, as notebook outputs."""

    def __init__(self) -> None:
        self.outputs: list[Any] | None = None

    def add(self, msg_type: str, content: dict[str, Any]) -> None:
        if self.outputs is None or msg_type not in {
            "stream",
            "display_data",
            "execute_result",
            "error",
        }:
            return
        from nbformat.v4 import output_from_msg

        # A JSON round trip: the kernel's messages cross the wire as JSON.
        content = json.loads(json.dumps(content, default=str))
        self.outputs.append(output_from_msg({"header": {"msg_type": msg_type}, "content": content}))


def _make_session(sink: _Sink) -> Any:
    from jupyter_client.session import Session

    class CapturingSession(Session):  # type: ignore[misc]
        """A session whose `send` hands the message to the sink instead of a socket."""

        def send(self, stream: Any, msg_or_type: Any, content: Any = None, parent: Any = None,
                 ident: Any = None, buffers: Any = None, track: bool = False, header: Any = None,
                 metadata: Any = None) -> dict[str, Any]:
            if isinstance(msg_or_type, dict):
                msg = msg_or_type
            else:
                msg = self.msg(msg_or_type, content=content, parent=parent, header=header,
                               metadata=metadata)
            sink.add(msg["header"]["msg_type"], msg["content"])
            return msg

    return CapturingSession(key=b"")


class _KernelStream(io.TextIOBase):
    """stdout/stderr as ipykernel buffers them: text accumulates until a flush sends one message."""

    def __init__(self, name: str, sink: _Sink) -> None:
        super().__init__()
        self.name = name
        self._sink = sink
        self._buffer: list[str] = []

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "UTF-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._buffer.append(text)
        return len(text)

    def flush(self) -> None:
        if self._buffer:
            text = "".join(self._buffer)
            self._buffer.clear()
            self._sink.add("stream", {"name": self.name, "text": text})


class InProcessZMQShell:
    """Lazily-built holder of the one shell of this process (IPython shells are singletons)."""

    _shell: Any = None
    _sink: _Sink | None = None

    @classmethod
    def get(cls) -> tuple[Any, _Sink]:
        if cls._shell is None:
            cls._shell, cls._sink = _create_shell()
        assert cls._sink is not None
        return cls._shell, cls._sink


class _KernelStandIn:
    """What the shell asks of its kernel: only `%matplotlib inline`'s event-loop slot."""

    eventloop: Any = None


def _create_shell() -> tuple[Any, _Sink]:
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    from ipykernel.zmqshell import ZMQInteractiveShell
    from traitlets.config import Config

    class CapturedZMQInteractiveShell(ZMQInteractiveShell):  # type: ignore[misc]
        """ipykernel's shell, minus the kernel: messages are captured by the engine."""

        def enable_gui(self, gui: Any = None) -> None:
            # As ZMQInteractiveShell.enable_gui, but with the stand-in kernel rather than a
            # running IPKernelApp (`%matplotlib inline` comes through here).
            from IPython.core.error import UsageError
            from ipykernel.eventloops import enable_gui as real_enable_gui

            try:
                real_enable_gui(gui, kernel=self.kernel)
                self.active_eventloop = gui
            except ValueError as exc:
                raise UsageError(str(exc)) from exc

    from ipykernel.compiler import XCachingCompiler

    config = Config()
    config.HistoryManager.enabled = False  # no history database writes from builds
    # The kernel's compiler names cells like the kernel does (tracebacks, warnings).
    shell = CapturedZMQInteractiveShell.instance(
        config=config, kernel=_KernelStandIn(), compiler_class=XCachingCompiler
    )
    sink = _Sink()
    session = _make_session(sink)
    shell.displayhook.session = session
    shell.displayhook.pub_socket = None
    shell.display_pub.session = session
    shell.display_pub.pub_socket = None
    # Load the inline backend now, as the kernel would on the first figure, so every run starts
    # from the same matplotlib state.
    import matplotlib.pyplot as plt

    plt.switch_backend(INLINE_BACKEND)
    plt.close("all")
    return shell, sink


@contextmanager
def _captured_streams(sink: _Sink) -> Iterator[tuple[_KernelStream, _KernelStream]]:
    out, err = _KernelStream("stdout", sink), _KernelStream("stderr", sink)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr = saved


def _language_info() -> dict[str, Any]:
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


def run_cells(nb_man: Any) -> None:
    """Execute the managed notebook's cells in order, stopping at the first error like nbclient.

    Called once per process: in a fork of the build's warmed worker, whose shell has run nothing."""
    shell, sink = InProcessZMQShell.get()
    nb = nb_man.nb
    try:
        for index, cell in enumerate(nb.cells):
            nb_man.cell_start(cell, index)
            try:
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                cell.outputs = []
                sink.outputs = cell.outputs
                with _captured_streams(sink):
                    result = shell.run_cell(cell.source, store_history=True, silent=False)
                sink.outputs = None
                cell.execution_count = result.execution_count
                if not result.success:
                    nb_man.cell_exception(cell, cell_index=index)
                    break
            finally:
                nb_man.cell_complete(cell, cell_index=index)
        nb.metadata["language_info"] = _language_info()
    finally:
        sink.outputs = None


def engine_class() -> type:
    """The papermill Engine subclass (built lazily: papermill is imported only in workers)."""
    from papermill.engines import Engine

    class InProcessEngine(Engine):  # type: ignore[misc]
        """Runs cells in this process; see the module docstring."""

        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
            check_kernel(kernel_name)
            run_cells(nb_man)
            return nb_man.nb

    return InProcessEngine


def register() -> None:
    """Make the engine available to papermill as `engine_name="analysis-inprocess"` (papermill's
    public registry; registering again replaces the entry)."""
    from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE_NAME, engine_class())
