"""Run notebooks in throw-away copies of the project and compare the files two runs wrote.

A notebook's default parameters are relative to its own folder ("../data", "../figures/en"), so a
faithful run, whether in JupyterLab or under papermill, happens in a folder laid out like the
project: `<root>/notebooks/<notebook>` beside `<root>/data`. `stage_project` builds that layout
in a temporary folder, so the defaults write into it and never into the source tree.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from analysis.notebook.notebook_checks import KERNEL_NAME
from support.build_compare import BYTE_SUFFIXES, PIXEL_SUFFIXES, png_pixels_equal

# The one reproducibility promise (support.build_compare): SVG, PDF, Markdown, JSON and HTML byte for
# byte, PNG pixel for pixel.
BYTE_COMPARED_SUFFIXES: tuple[str, ...] = BYTE_SUFFIXES


def stage_project(
    root: str | os.PathLike[str],
    notebooks: Iterable[str | os.PathLike[str]],
    *,
    data_dir: str | os.PathLike[str],
) -> Path:
    """Lay out `<root>/notebooks/` (copies of `notebooks`) and `<root>/data` (a link to `data_dir`).

    Returns the staged notebooks folder: the working directory for a run with default parameters.
    """
    root = Path(root)
    folder = root / "notebooks"
    folder.mkdir(parents=True, exist_ok=True)
    for notebook in notebooks:
        shutil.copy2(notebook, folder / Path(notebook).name)
    link = root / "data"
    if not link.exists():
        link.symlink_to(Path(data_dir).resolve(), target_is_directory=True)
    return folder


def run_papermill(
    notebook: str | os.PathLike[str],
    output_notebook: str | os.PathLike[str],
    *,
    parameters: Mapping[str, Any] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    kernel_name: str = KERNEL_NAME,
    engine_name: str | None = None,
    timeout: float = 900.0,
) -> Any:
    """Execute a notebook with papermill (cwd = the notebook's folder by default, as the build runs it).

    `engine_name` picks a registered papermill engine; None is papermill's own kernel-based one.
    """
    import papermill

    notebook = Path(notebook)
    return papermill.execute_notebook(
        str(notebook),
        str(output_notebook),
        parameters=dict(parameters or {}),
        cwd=str(cwd if cwd is not None else notebook.parent),
        kernel_name=kernel_name,
        engine_name=engine_name,
        execution_timeout=int(timeout),
        start_timeout=300,  # a kernel may be slow to start while other tests run builds beside it
        progress_bar=False,
        log_output=False,
    )


def _warm_worker(unset: tuple[str, ...]) -> None:
    """Pool initializer: drop `unset` from the environment, then warm up as a build worker does
    (each run is a fork of the worker, so it sees the environment as it is now)."""
    for name in unset:
        os.environ.pop(name, None)
    from analysis.build import notebook_worker

    notebook_worker.warm_up("inprocess")


class NotebookRunner:
    """Papermill runs through the build's own warm worker: one process, warmed once, that runs each
    notebook in a fork of itself, so every run starts fresh (analysis.build.notebook_worker).

    Cheaper than a kernel per run; the build's reproducibility test shows both give the same files
    from the real notebooks. The environment variables in `unset` are not seen by any run.
    """

    def __init__(self, *, unset: Iterable[str] = (), timeout: float = 900.0) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.timeout = timeout
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_warm_worker, initargs=(tuple(unset),))

    def run(self, notebook: str | os.PathLike[str], output_notebook: str | os.PathLike[str], *,
            parameters: Mapping[str, Any], cwd: str | os.PathLike[str]) -> dict[str, Any]:
        """Execute `notebook` with `parameters` (output_dir among them); raise with the failing
        cell's error when the run fails."""
        from analysis.build import notebook_worker

        notebook = Path(notebook)
        spec = notebook_worker.make_spec(
            run_id=notebook.stem, notebook=notebook, cwd=cwd, parameters=dict(parameters), executed=output_notebook,
            html=None, kernel=KERNEL_NAME, timeout=self.timeout)

        result = self._pool.submit(notebook_worker.execute, spec).result()
        if result["status"] != "ok":
            error = result.get("error") or {}
            raise AssertionError(f"{notebook.name} with {dict(parameters)} failed: {error.get('ename')}: "
                                 f"{error.get('evalue')}\n{error.get('traceback', '')}")
        return result

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def output_files(folder: str | os.PathLike[str]) -> dict[str, Path]:
    """Every file under `folder`, keyed by its POSIX path relative to it."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def output_differences(
    expected: str | os.PathLike[str],
    actual: str | os.PathLike[str],
    *,
    byte_compared: Iterable[str] = BYTE_COMPARED_SUFFIXES,
) -> list[str]:
    """How two output trees differ: missing or extra files, byte differences, pixel differences.

    Empty when both runs wrote the same file names, the same bytes for every file whose suffix is
    in `byte_compared` and the same pixels for every PNG. Two empty trees are reported: a run that
    wrote nothing proves nothing.
    """
    left, right = output_files(expected), output_files(actual)
    suffixes = tuple(byte_compared)
    problems: list[str] = []
    if not left and not right:
        problems.append(f"neither {expected} nor {actual} holds any file")
    problems += [f"only in {expected}: {name}" for name in sorted(set(left) - set(right))]
    problems += [f"only in {actual}: {name}" for name in sorted(set(right) - set(left))]
    for name in sorted(set(left) & set(right)):
        if name.endswith(suffixes) and left[name].read_bytes() != right[name].read_bytes():
            problems.append(f"bytes differ: {name}")
        elif name.endswith(PIXEL_SUFFIXES) and not png_pixels_equal(left[name], right[name]):
            problems.append(f"pixels differ: {name}")
    return problems
