"""Writing a file so that readers see the old file or the new one, never a partial one.

The bytes go to a temporary file in the target's folder (same file system), are flushed to disk,
get the permissions a plain `open()` would give, and only then take the target's name.

Kept here rather than a library: `atomicwrites`, the usual choice, was archived by its author in
2022, and what the build needs (bytes, same folder, fsync, the umask's permissions) is short.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_temp(path: Path, data: bytes, folder: Path | None = None) -> str:
    """A temporary file holding `data`, on disk, with the umask's permissions, named after `path`.

    It sits beside `path` unless `folder` names another place (the build's scratch folder).
    """
    folder = path.parent if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path`, replacing any file there in one step."""
    path = Path(path)
    tmp = write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise


def atomic_create_bytes(path: Path, data: bytes) -> None:
    """Write `data` to a new file `path`; FileExistsError, with nothing written, when `path` exists
    (even one created meanwhile: the temporary file is hard-linked to its name, which never replaces)."""
    path = Path(path)
    tmp = write_temp(path, data)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:  # an OSError too, but not one to work around
            raise
        except OSError:  # a file system without hard links: check, then rename
            if path.exists():
                raise FileExistsError(f"{path} already exists") from None
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            _discard(tmp)
