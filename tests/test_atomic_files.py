"""analysis.core.atomic_files: the one way the project writes a file in place (figures, summaries, the
README's data dictionary, new notebooks)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.core.atomic_files import atomic_create_bytes, atomic_write_bytes


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("write", [atomic_write_bytes, atomic_create_bytes])
def test_a_written_file_has_the_permissions_open_would_give(tmp_path: Path, write) -> None:
    target = tmp_path / "sub" / "f.txt"
    write(target, b"text")
    assert target.read_bytes() == b"text"
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert [p.name for p in target.parent.iterdir()] == ["f.txt"]


def test_create_never_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        atomic_create_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_create_without_hard_links_still_refuses_an_existing_file(tmp_path: Path, monkeypatch) -> None:
    def no_links(src, dst):
        raise OSError("hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    atomic_create_bytes(tmp_path / "new.txt", b"new")
    assert (tmp_path / "new.txt").read_bytes() == b"new"
    with pytest.raises(FileExistsError):
        atomic_create_bytes(tmp_path / "new.txt", b"newer")
    assert (tmp_path / "new.txt").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.txt"]


def test_write_replaces(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]
