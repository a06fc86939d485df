"""One build at a time per build folder and per output folder.

An advisory `flock` is taken on `<build>/build.lock` and on the output folder itself (a directory
can be locked on POSIX), so two builds never interleave their writes: not two `make figures`,
and not a `make figures` and a test building into the same folder. The kernel drops the locks when
the process dies, however it dies, so a killed build never leaves a stale lock behind.

Kept here rather than a library: `filelock` locks a file, not the output directory itself, and
where `fcntl` is missing (not POSIX) the lock refuses to start the build instead of doing nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]


class BuildLock:
    """Context manager holding both locks; waits (and says so) while another build holds them."""

    def __init__(self, build_dir: Path, output_dir: Path, *, wait: bool = True,
                 say: IO[str] | None = None) -> None:
        self.lock_file = build_dir / "build.lock"
        self.output_dir = output_dir
        self.wait = wait
        self.say = say if say is not None else sys.stderr
        self._fds: list[int] = []

    def _acquire(self, fd: int, what: str) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = ""
        try:
            holder = self.lock_file.read_text(encoding="utf-8").strip()
        except OSError:
            pass
        if not self.wait:
            raise BuildLocked(f"another build holds {what}{f' (pid {holder})' if holder else ''}")
        print(f"waiting for another build to finish{f' (pid {holder})' if holder else ''}: it holds {what}",
              file=self.say, flush=True)
        fcntl.flock(fd, fcntl.LOCK_EX)

    def __enter__(self) -> "BuildLock":
        if fcntl is None:
            # Without flock two builds could interleave their writes: refuse rather than pretend.
            raise BuildLocked("this system has no fcntl.flock (not POSIX): the build cannot lock "
                              f"{self.lock_file} and {self.output_dir} against another build; run it on "
                              "Linux or macOS")
        self.lock_file.parent.mkdir(parents=True, exist_ok=True)
        self.output_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        self._fds.append(fd)
        self._acquire(fd, str(self.lock_file))
        out_fd = os.open(self.output_dir, os.O_RDONLY)
        self._fds.append(out_fd)
        self._acquire(out_fd, str(self.output_dir))
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._fds:
            try:
                os.ftruncate(self._fds[0], 0)
            except OSError:
                pass
        for fd in reversed(self._fds):
            os.close(fd)  # closing the descriptor releases its flock
        self._fds.clear()


class BuildLocked(RuntimeError):
    """Raised instead of waiting when the caller asked not to wait."""
