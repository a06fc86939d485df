"""Benchmark of `python -m analysis build` against a papermill CLI loop and the plain-Python floor.

Not a test: it measures, in one run and on this machine,
  cold     a full build of every run (fresh output and build folders),
  no-op    the same build again (nothing changed; median of several),
  one      a build after one notebook changed (its runs in every parameter set),
  papermill  `papermill` CLI, one process per run, over the same runs, one after another,
  floor    the notebooks' code cells as plain Python, every run in one process (the same chart code,
           no papermill, no kernel, no notebook outputs),
and prints the times and the ratios the build promises: cold <= 1.0 x floor, no-op <= 2 % of cold.

It works on a copy of the project (notebooks, data, params.yaml, the package source for hashing) in a
temporary folder, so figures/ and build/ of the checkout are never touched. Notebooks listed in
params.yaml but not present are left out. Usage:

    .venv/bin/python bench/bench_build.py [--jobs N] [--project DIR] [--skip-papermill] [--with-nbclient]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# The floor: every run's code cells in one process, parameters as papermill would inject them.
FLOOR_SCRIPT = r'''
import json, os, sys, time
os.environ["MPLBACKEND"] = "Agg"
runs = json.loads(sys.argv[1])
started = time.perf_counter()
import matplotlib.pyplot as plt
from IPython.display import display  # what notebooks get for free in a kernel

for run in runs:
    nb = json.load(open(run["notebook"], encoding="utf-8"))
    os.chdir(run["cwd"])
    namespace = {"__name__": "__main__", "display": display}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        lines = [l for l in source.splitlines() if not l.lstrip().startswith(("%", "!"))]
        exec(compile("\n".join(lines), run["notebook"], "exec"), namespace)
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            namespace.update(run["parameters"])
    plt.close("all")
print(json.dumps({"seconds": time.perf_counter() - started}))
'''


def timed(command: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    return time.perf_counter() - started, done


def copy_project(source: Path, target: Path) -> list[str]:
    """Copy what a build reads; return the notebooks present (params.yaml rewritten to list only them)."""
    import yaml

    config = yaml.safe_load((source / "notebooks" / "params.yaml").read_text(encoding="utf-8"))
    present = [s for s in config["notebooks"] if (source / "notebooks" / f"{s}.ipynb").is_file()]
    if not present:
        raise SystemExit("bench: no notebook listed in notebooks/params.yaml exists yet")
    (target / "notebooks").mkdir(parents=True)
    for stem in present:
        shutil.copy2(source / "notebooks" / f"{stem}.ipynb", target / "notebooks")
    shutil.copytree(source / "data", target / "data")
    for entry in config.get("code", []):
        path = source / entry
        if path.is_dir():
            shutil.copytree(path, target / entry, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.is_file():
            (target / entry).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / entry)
    config["notebooks"] = present
    (target / "notebooks" / "params.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return present


def runs_of(root: Path, out: Path) -> list[dict]:
    import yaml

    config = yaml.safe_load((root / "notebooks" / "params.yaml").read_text(encoding="utf-8"))
    runs = []
    for name, pset in config["sets"].items():
        for stem in config["notebooks"]:
            runs.append({
                "id": f"{name}/{stem}",
                "notebook": str(root / "notebooks" / f"{stem}.ipynb"),
                "cwd": str(root / "notebooks"),
                "parameters": {**pset["parameters"], "data_dir": str(root / "data"),
                               "output_dir": str(out / pset.get("output", name))},
            })
    return runs


def papermill_loop(runs: list[dict], out: Path, kernel: str) -> float:
    papermill = str(Path(PYTHON).with_name("papermill"))
    started = time.perf_counter()
    for run in runs:
        command = [papermill, run["notebook"], str(out / (run["id"].replace("/", "-") + ".ipynb")),
                   "-k", kernel, "--cwd", run["cwd"], "--no-progress-bar"]
        for key, value in run["parameters"].items():
            command += ["-y", json.dumps({key: value})]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"papermill failed on {run['id']}:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def touch_notebook(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "id": "bench-edit", "metadata": {}, "source": ["Edited by the benchmark."]})
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=REPO, help="project to copy (default: this checkout)")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for the build (default: its own)")
    parser.add_argument("--noop-repeats", type=int, default=5)
    parser.add_argument("--skip-papermill", action="store_true", help="skip the (slow) papermill CLI loop")
    parser.add_argument("--with-nbclient", action="store_true",
                        help="also time a full build with --engine nbclient (a kernel per run)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        tmp = Path(tmp)
        root = tmp / "project"
        present = copy_project(args.project.resolve(), root)
        build = [PYTHON, "-m", "analysis", "build", "--project", str(root)]
        if args.jobs:
            build += ["--jobs", str(args.jobs)]
        runs = runs_of(root, tmp / "floor-out")
        print(f"bench: {len(present)} notebooks x {len(runs) // len(present)} parameter sets = {len(runs)} runs; "
              f"{os.cpu_count()} cores; python {sys.version.split()[0]}", flush=True)

        results: dict[str, float] = {}
        floor_time, done = timed([PYTHON, "-c", FLOOR_SCRIPT, json.dumps(runs)], cwd=root)
        if done.returncode != 0:
            raise SystemExit(f"floor failed:\n{done.stderr[-3000:]}")
        results["floor"] = floor_time
        print(f"  floor (plain Python, one process) {floor_time:7.2f} s", flush=True)

        cold, done = timed(build)
        if done.returncode != 0:
            raise SystemExit(f"build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        results["cold"] = cold
        print(f"  cold full build                  {cold:7.2f} s", flush=True)

        noops = []
        for _ in range(args.noop_repeats):
            seconds, done = timed(build)
            assert "0 ran" in done.stdout, done.stdout
            noops.append(seconds)
        results["noop"] = statistics.median(noops)
        print(f"  no-op build (median of {len(noops)})        {results['noop']:7.2f} s", flush=True)

        touch_notebook(root / "notebooks" / f"{present[0]}.ipynb")
        one, done = timed(build)
        results["one"] = one
        print(f"  one notebook changed ({done.stdout.count(' ok ')} runs)     {one:7.2f} s", flush=True)

        if args.with_nbclient:
            seconds, done = timed(build + ["--force", "--engine", "nbclient"])
            results["nbclient"] = seconds
            print(f"  full build, --engine nbclient    {seconds:7.2f} s", flush=True)

        if not args.skip_papermill:
            (tmp / "papermill-out").mkdir()
            results["papermill"] = papermill_loop(runs_of(root, tmp / "papermill-figures"), tmp / "papermill-out",
                                                  "kazakhstan-upr")
            print(f"  papermill CLI loop               {results['papermill']:7.2f} s", flush=True)

    floor = results["floor"]
    print("\nratios (target: cold <= 1.0 x floor; no-op <= 2 % of cold)")
    print(f"  cold / floor        {results['cold'] / floor:5.2f}  {'ok' if results['cold'] <= 1.0 * floor else 'OVER TARGET'}")
    share = results['noop'] / results['cold']
    print(f"  no-op / cold        {share:6.1%} ({results['noop']:.2f} s) {'ok' if share <= 0.02 else 'OVER TARGET'}")
    print(f"  one changed / floor {results['one'] / floor:5.2f}")
    if "papermill" in results:
        print(f"  papermill / floor   {results['papermill'] / floor:5.2f}")
        print(f"  papermill / cold    {results['papermill'] / results['cold']:5.2f}  (speed-up of the build)")
    if "nbclient" in results:
        print(f"  nbclient / floor    {results['nbclient'] / floor:5.2f}")
    print("json " + json.dumps({k: round(v, 3) for k, v in results.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
