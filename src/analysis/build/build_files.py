"""Moving a run's files into the output folder so that every file there is always whole.

Each file reaches its final name through one `os.replace` (a rename within one file system), so a
reader, or a build killed at any instant (even by SIGKILL), sees the old file or the new one, never
a partial one. Files are written elsewhere first: a run's notebook writes into a staging folder in
the build folder; the manifest and the gallery are written to a scratch file there. When the
build folder is on another file system, the file is first copied next to its target under a
hidden temporary name and then renamed (still whole, but a kill during the copy leaves that hidden
temporary file behind; the next build removes it).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.core.atomic_files import write_temp

PARTIAL_SUFFIX = ".build-partial"
# Seconds to wait after each file moved into place. Zero in normal use; the interruption tests set
# it so that a SIGKILL lands in the middle of a commit.
COMMIT_DELAY_ENV = "ANALYSIS_BUILD_COMMIT_DELAY"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def place_file(src: Path, dst: Path) -> None:
    """Move `src` to `dst` in one rename; across file systems, copy beside `dst` then rename."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, dst)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}{PARTIAL_SUFFIX}")
    try:
        with src.open("rb") as fin, tmp.open("wb") as fout:
            shutil.copyfileobj(fin, fout)
            fout.flush()
            os.fsync(fout.fileno())
        shutil.copymode(src, tmp)
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
    src.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes, scratch: Path | None = None) -> None:
    """Write `data` to `path` so that `path` is always either its old content or `data`.

    The temporary file goes to `scratch` when given (the build folder), else beside `path`.
    """
    tmp = Path(write_temp(path, data, folder=scratch))
    try:
        place_file(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_if_changed(path: Path, data: bytes, scratch: Path | None = None) -> bool:
    """Like atomic_write_bytes, but leaves an identical file alone (its mtime too)."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write_bytes(path, data, scratch)
    return True


def files_under(folder: Path) -> list[Path]:
    """Regular files under `folder`, relative to it, sorted; temporary files are not included."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.endswith((".tmp", PARTIAL_SUFFIX)):
            found.append(path.relative_to(folder))
    return sorted(found)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM until the block ends, so Ctrl-C never splits a run's commit."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    blocked = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def commit_folder(staged: Path, target: Path) -> list[Path]:
    """Move every file of `staged` into `target` (file by file) and drop target files not re-made.

    Returns the committed files relative to `target`. New files are in place before stale ones
    are removed, so a kill midway leaves a mix of old and new files, each whole.
    """
    delay = float(os.environ.get(COMMIT_DELAY_ENV) or 0)
    new = files_under(staged)
    with signals_deferred():
        for rel in new:
            place_file(staged / rel, target / rel)
            if delay:
                time.sleep(delay)
        keep = set(new)
        for rel in files_under(target):
            if rel not in keep:
                (target / rel).unlink()
        for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True) if target.is_dir() else []:
            try:
                folder.rmdir()
            except OSError:
                pass
        _fsync_dir(target)
    return new


def remove_partials(folder: Path) -> None:
    """Delete hidden temporary files a killed cross-file-system copy may have left in `folder`."""
    if folder.is_dir():
        for path in folder.rglob(f"*{PARTIAL_SUFFIX}"):
            path.unlink(missing_ok=True)
