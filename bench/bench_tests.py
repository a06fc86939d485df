"""Benchmark of the test suite against a cold build, in one run on one machine.

Not a test: it measures, one after another,
  cold   `python -m analysis build --force --output DIR` (every figure, fresh output and build folders),
  test   `make test` (the import contract and the whole suite, pytest-xdist on every core),
  check  `make check` (the fast tests: no notebook runs, builds, server or browser; two cases per chart sweep),
and prints the times and the two ratios the suite promises: test <= 8 x cold, check <= 1/6 x test.
Times depend on the machine and what else runs on it: read the ratios, from one run.

    .venv/bin/python bench/bench_tests.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, **kwargs)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed


def cold_build() -> float:
    folder = Path(tempfile.mkdtemp(prefix="bench-cold-"))
    try:
        return _timed([sys.executable, "-m", "analysis", "build", "--force", "--output", str(folder / "figures"),
                       "--build-dir", str(folder / "build")])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="measure the whole sequence N times")
    args = parser.parse_args()
    results = []
    for _ in range(args.repeat):
        load = os.getloadavg()[0]
        cold = cold_build()
        test = _timed(["make", "test"])
        check = _timed(["make", "check"])
        row = {"cold_s": round(cold, 1), "test_s": round(test, 1), "check_s": round(check, 1),
               "test_over_cold": round(test / cold, 2), "check_over_test": round(check / test, 3),
               "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}
        results.append(row)
        print(f"cold build {cold:6.1f} s | make test {test:6.1f} s = {test / cold:5.2f} x cold (target <= 8) | "
              f"make check {check:6.1f} s = {check / test:5.3f} x test (target <= 0.167) | load {load:.1f}")
    print("json", json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
