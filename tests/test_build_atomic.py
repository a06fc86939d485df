"""Interrupted builds leave every output file whole, and two builds never interleave."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from support.build_compare import tree_differences
from analysis.build.build_files import COMMIT_DELAY_ENV
from support.mini_project import MiniProject, write_mini_project, write_notebook

NEW_VALUES = {"2011": 30, "2012": 50, "2013": 47}


def check_whole(path: Path) -> None:
    """Raise unless the file is complete and valid for its type."""
    data = path.read_bytes()
    suffix = path.suffix
    if suffix == ".svg":
        assert ET.fromstring(data).tag.endswith("svg")
    elif suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path, strict=True)
        assert len(reader.pages) >= 1
        reader.pages[0].extract_text()
    elif suffix == ".png":
        from PIL import Image

        with Image.open(path) as image:
            image.load()
    elif suffix == ".json":
        json.loads(data)
    elif suffix == ".md":
        assert data.decode("utf-8").strip()
    elif suffix == ".html":
        assert data.decode("utf-8").rstrip().endswith("</html>")
    else:
        raise AssertionError(f"unexpected file in the output folder: {path}")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assert_whole_and_old_or_new(folder: Path, old: dict[str, bytes], new: dict[str, bytes]) -> dict[str, str]:
    """Every file is valid and byte-equal to its old or its new version; returns which it is."""
    which = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        try:
            check_whole(path)
        except Exception as exc:  # noqa: BLE001 - name the file in the failure
            raise AssertionError(f"{rel} is not whole: {exc!r}") from exc
        data = path.read_bytes()
        assert data in (old.get(rel), new.get(rel)), f"{rel} is neither the old nor the new version"
        which[rel] = "old" if data == old.get(rel) else "new"
    return which


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen, timeout: float = 120) -> bool:
    """Poll until `condition` holds; False if the build ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    raise AssertionError("the build neither reached the kill point nor ended")


def descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def assert_gone(pids: list[int], timeout: float = 30) -> None:
    import psutil

    deadline = time.monotonic() + timeout
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        time.sleep(0.05)
    assert not alive, f"worker processes outlived the build: {alive}"


def start(project: MiniProject, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(project.command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, start_new_session=True)


@pytest.fixture
def old_and_new(built_mini, tmp_path):
    """The built project (old outputs) with changed data, and the outputs the change should give."""
    old = snapshot(built_mini.figures)
    built_mini.write_data(NEW_VALUES)
    new_dir = tmp_path / "expected-new"
    built_mini.build("--output", str(new_dir), "--build-dir", str(tmp_path / "expected-build"), check=True)
    new = snapshot(new_dir)
    assert set(old) == set(new) and all(old[k] != new[k] for k in old if k.endswith(".md"))
    return built_mini, old, new, new_dir


@pytest.mark.slow
def test_sigkill_at_several_points_leaves_every_file_whole(old_and_new):
    project, old, new, new_dir = old_and_new
    staging = project.build_dir / "staging"

    def staged_files() -> bool:
        return staging.is_dir() and any(p.is_file() for p in staging.rglob("out/*/*"))

    def some_file_new() -> bool:
        return any(p.is_file() and p.read_bytes() == new.get(p.relative_to(project.figures).as_posix())
                   and new[p.relative_to(project.figures).as_posix()] != old.get(p.relative_to(project.figures).as_posix())
                   for p in project.figures.rglob("*.svg"))

    def half_the_runs_new() -> bool:
        return sum(1 for p in project.figures.rglob("summary.*.md")
                   if p.read_bytes() == new[p.relative_to(project.figures).as_posix()]) >= 3

    kill_points = {
        "at start-up": lambda: True,
        "while notebooks execute": staged_files,
        "in the middle of a run's commit": some_file_new,
        "with half the runs committed": half_the_runs_new,
    }
    seen_new = False
    for name, condition in kill_points.items():
        proc = start(project, "--force", env={COMMIT_DELAY_ENV: "0.15"})
        if name == "at start-up":
            time.sleep(0.3)
        reached = wait_for(condition, proc)
        workers = descendants(proc.pid)
        proc.kill()
        proc.wait()
        assert reached, f"the build ended before the kill point {name!r}: {proc.stdout.read()}"
        which = assert_whole_and_old_or_new(project.figures, old, new)
        seen_new = seen_new or "new" in which.values()
        assert_gone(workers)
    assert seen_new  # some kills happened after files had been replaced

    done = project.build()
    assert done.returncode == 0, done.stdout + done.stderr
    assert tree_differences(new_dir, project.figures) == []


@pytest.mark.slow
@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_ctrl_c_stop_the_build_cleanly(old_and_new, signum, code):
    project, old, new, _ = old_and_new
    staging = project.build_dir / "staging"
    proc = start(project, "--force", env={COMMIT_DELAY_ENV: "0.05"})
    assert wait_for(lambda: staging.is_dir() and any(staging.rglob("out/*/*")), proc)
    workers = descendants(proc.pid)
    os.killpg(proc.pid, signum) if signum == signal.SIGINT else proc.send_signal(signum)  # Ctrl-C: the group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code, out + err
    assert f"interrupted ({signal.Signals(signum).name})" in err
    assert_whole_and_old_or_new(project.figures, old, new)
    assert not any(staging.iterdir())
    assert_gone(workers)


def slow_notebook_cells() -> list[tuple[str, str]]:
    return [
        ("parameters", 'data_dir = "../data"\noutput_dir = "../figures/en"\nformats = ["svg"]\nsize = "web"\nlang = "en"'),
        ("code", "import os, time, pathlib\n"
                 "log, tag = os.environ['BUILD_TEST_LOG'], os.environ['BUILD_TEST_TAG']\n"
                 "def note(word):\n"
                 "    with open(log, 'a') as fh:\n"
                 "        fh.write(f'{word} {tag}\\n')\n"
                 "note('start')\n"
                 "time.sleep(1.5)\n"
                 "folder = pathlib.Path(output_dir) / 'slow'\n"
                 "folder.mkdir(parents=True, exist_ok=True)\n"
                 "(folder / 'summary.en.md').write_text(f'# Slow\\n\\nWritten by build {tag}.\\n')\n"
                 "note('end')"),
    ]


@pytest.mark.slow
def test_two_builds_at_once_do_not_interleave(tmp_path):
    project = write_mini_project(tmp_path / "p", stems=("slow",), sets=("en",))
    write_notebook(project.notebook("slow"), slow_notebook_cells())
    log = tmp_path / "log.txt"
    first = start(project, env={"BUILD_TEST_LOG": str(log), "BUILD_TEST_TAG": "A"})
    deadline = time.monotonic() + 60
    while not (log.exists() and "start A" in log.read_text()):
        assert time.monotonic() < deadline and first.poll() is None, first.communicate()
        time.sleep(0.01)
    # Another build of the same output folder, even with its own build folder, waits for the first.
    second = start(project, "--force", "--build-dir", str(tmp_path / "other-build"),
                   env={"BUILD_TEST_LOG": str(log), "BUILD_TEST_TAG": "B"})
    refused = project.build("--force", "--no-wait", env={"BUILD_TEST_LOG": str(log), "BUILD_TEST_TAG": "C"})
    out1, err1 = first.communicate(timeout=120)
    out2, err2 = second.communicate(timeout=120)
    assert first.returncode == 0, out1 + err1
    assert second.returncode == 0, out2 + err2
    assert refused.returncode == 1 and "another build holds" in refused.stderr
    assert "waiting for another build to finish" in err2
    assert log.read_text().split("\n") == ["start A", "end A", "start B", "end B", ""]
    assert "build B" in (project.figures / "en" / "slow" / "summary.en.md").read_text()
