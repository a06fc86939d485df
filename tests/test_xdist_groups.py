"""The suite's sharing rests on pytest-xdist's `--dist loadgroup`: tests marked with one
`xdist_group` run on one worker, so a session fixture (the cold build, the notebook runs, the
drawn charts) is made once. A pytest or xdist upgrade that silently stops the grouping
(pytest-dev/pytest-xdist#1386, pytest 9.2) would make every worker repeat that work; this fails
instead."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

GROUPED = '''
import os

import pytest

pytestmark = pytest.mark.xdist_group("one")

@pytest.mark.parametrize("i", range(8))
def test_grouped(i):
    print("worker", os.environ["PYTEST_XDIST_WORKER"])

@pytest.mark.parametrize("i", range(8))
@pytest.mark.xdist_group("two")
def test_other_group(i):
    pass
'''


def test_tests_of_one_group_run_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "test_grouped.py").write_text(GROUPED, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup",
                           "-v", "-rA", "test_grouped.py"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    placed = re.findall(r"\[(gw\d+)\] \[ *\d+%\] PASSED (\S+)", done.stdout)
    assert len(placed) == 16, done.stdout
    workers = {group: {worker for worker, test in placed if f"::{name}[" in test}
               for group, name in (("one", "test_grouped"), ("two", "test_other_group"))}
    assert all(len(w) == 1 for w in workers.values()), f"a group's tests ran on several workers: {workers}"
