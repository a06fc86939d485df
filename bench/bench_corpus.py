"""Benchmark of `python -m analysis upr-corpus` against poppler's `pdftotext -layout`, in one run.

Not a test: it measures, one after another, on the same files,
  pdftotext  `pdftotext -layout FILE OUT` for every PDF of the folder, two at a time (the command's
             own two worker processes), the text extraction alone;
  cold       `python -m analysis upr-corpus SOURCES --output FILE --cache EMPTY` (read, parse, code,
             write), a fresh cache;
  cached     the same command again with that cache (median of --repeat runs);
and prints the times and the two targets of issue 19: cold <= 3 x pdftotext, cached <= 5 s.
Times depend on the machine and what else runs on it (the load average is printed): read the
ratio, from one run.

    .venv/bin/python bench/bench_corpus.py [SOURCES] [--repeat N] [--serial-pdftotext]
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def pdftotext(files: list[Path], out: Path, jobs: int) -> float:
    """Seconds for `pdftotext -layout` over every file, `jobs` processes at a time."""
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext (poppler-utils) is not installed: apt-get install -y poppler-utils")

    def one(pdf: Path) -> None:
        subprocess.run(["pdftotext", "-layout", str(pdf), str(out / f"{pdf.stem}.txt")], check=True,
                       capture_output=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, files))
    return time.perf_counter() - started


def corpus(sources: Path, output: Path, cache: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analysis", "upr-corpus", str(sources), "--output", str(output),
                           "--cache", str(cache), "--no-progress"], cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"upr-corpus failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("ANALYSIS_SOURCES_DIR", "")) / "upr-reports"
    parser.add_argument("sources", nargs="?", default=str(default), help="folder of the reports (default $ANALYSIS_SOURCES_DIR/upr-reports)")
    parser.add_argument("--repeat", type=int, default=3, help="cached runs to take the median of")
    parser.add_argument("--serial-pdftotext", action="store_true", help="run pdftotext one file at a time")
    args = parser.parse_args(argv)
    sources = Path(args.sources)
    files = sorted(sources.glob("*.pdf"))
    if not files:
        sys.exit(f"{sources}: no PDF")
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        folder = Path(tmp)
        (folder / "text").mkdir()
        load = os.getloadavg()[0]
        base = pdftotext(files, folder / "text", 1 if args.serial_pdftotext else 2)
        cold = corpus(sources, folder / "cold.csv", folder / "cache")
        cached = statistics.median(corpus(sources, folder / "again.csv", folder / "cache") for _ in range(args.repeat))
        same = (folder / "cold.csv").read_bytes() == (folder / "again.csv").read_bytes()
    result = {"files": len(files), "load_average": round(load, 2),
              "pdftotext_s": round(base, 2), "pdftotext_jobs": 1 if args.serial_pdftotext else 2,
              "cold_s": round(cold, 2), "cached_s": round(cached, 2),
              "cold_over_pdftotext": round(cold / base, 2), "cached_same_output": same}
    print(f"{len(files)} reports, load average {load:.2f} at the start")
    print(f"pdftotext -layout ({result['pdftotext_jobs']} at a time): {base:7.2f} s")
    print(f"upr-corpus, cold cache:                {cold:7.2f} s  = {cold / base:.2f} x pdftotext (target <= 3)")
    print(f"upr-corpus, cached (median of {args.repeat}):    {cached:7.2f} s  (target <= 5 s); same output: {same}")
    print("json " + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
