"""`python -m analysis build`: every notebook x every parameter set, in parallel, incrementally.

What a build does, in order:
1. reads `notebooks/params.yaml` (the notebooks, the parameter sets, the folders);
2. takes the build lock (one build at a time per build folder and per output folder);
3. checks data/ once (schema, rules, and every excerpt against its source when the sources are at
   hand: analysis.build.data_check); a defect stops the build before any run, each reported once;
4. hashes each run's inputs (notebook, parameters, data/, the project's code, which sources were
   checked) and skips the runs whose inputs and outputs are unchanged since their last success;
5. executes the others with papermill, each in a fork of a warm worker process (a `concurrent.futures`
   process pool; analysis.build.notebook_worker), or with a new kernel per run (`--engine nbclient`);
   each run writes into its own staging folder; the executed notebook and its HTML rendering are
   kept in `build/notebooks/`;
6. moves a successful run's files into the output folder one `os.replace` at a time (every file
   is always whole: old or new) and records its state; a failed run changes nothing there;
7. rewrites `manifest.json` and `index.html` in the output folder from what is there, with the
   provenance: a build without the sources says so in its last line, the manifest and every page.
Nothing heavier than yaml is imported until a run has to execute, so a no-op build is quick.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from analysis.build.build_config import (BuildConfig, ConfigError, Run, checked_base_url, load_config,
                                         select_runs)
from analysis.build.build_state import BuildState, Freshness, InputHasher, publish_key
from analysis.data.data_check import DataCheck, Provenance, check_data, has_package, provenance
from analysis.core import paths

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the build's options to its sub-command parser."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = (
        "Run every notebook once per parameter set of notebooks/params.yaml, writing figures and\n"
        "summaries into the output folder, then its manifest.json and index.html gallery.\n"
        "Runs whose inputs (notebook, parameters, data/, package code) did not change are skipped."
    )
    parser.add_argument("--only", metavar="NAME", action="append", default=[],
                        help="build only these runs; NAME is a notebook (stem '01_torture_complaints', "
                             "number '01' or name 'torture_complaints'), a parameter set ('en', 'ru', "
                             "'print') or SET/NOTEBOOK; repeat or comma-separate; notebooks and sets "
                             "combine as 'both' (--only en --only 01 = the English run of 01)")
    parser.add_argument("--list", action="store_true",
                        help="list the runs (after --only) with their status, run nothing")
    parser.add_argument("--force", action="store_true", help="re-run even the runs that are up to date")
    parser.add_argument("--jobs", "-j", type=int, default=_default_jobs(), metavar="N",
                        help="worker processes (default: the number of cores, here %(default)s)")
    parser.add_argument("--output", type=Path, metavar="DIR",
                        help="output folder (default: the config's output_dir, figures/)")
    parser.add_argument("--project", type=Path, metavar="DIR",
                        help="project root holding notebooks/, data/ (default: this repository)")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="build configuration (default: PROJECT/notebooks/params.yaml)")
    parser.add_argument("--build-dir", type=Path, metavar="DIR",
                        help="where executed notebooks, state and staging go (default: PROJECT/build)")
    parser.add_argument("--sources", type=Path, metavar="DIR",
                        help=f"folder of the source documents to check every excerpt against (default: "
                             f"${paths.SOURCES_ENV}, a relative value read from the repository root); without "
                             "one the build still runs, and says that the excerpts were not checked")
    parser.add_argument("--engine", choices=("inprocess", "nbclient"), default="inprocess",
                        help="'inprocess' (default): each run is a fork of a warm worker process that runs "
                             "its cells through papermill in an IPython shell; 'nbclient': papermill's own "
                             "engine, one new project kernel per run (slower, same outputs)")
    parser.add_argument("--base-url", metavar="URL",
                        help="the address where the output folder is published (default: the config's "
                             "'base_url'): the gallery's embed snippets point there instead of a placeholder")
    parser.add_argument("--timeout", type=float, metavar="SECONDS",
                        help="seconds one notebook run may take before it fails (default: the config's "
                             "'timeout', else 600); the other runs go on")
    parser.add_argument("--no-wait", action="store_true",
                        help="fail at once instead of waiting when another build holds the lock")


# ----------------------------------------------------------------------------------------------
# Reporting


@dataclass
class Report:
    """Status lines (stdout) and the progress bar (stderr, only on a terminal)."""

    out: TextIO = field(default_factory=lambda: sys.stdout)
    total: int = 0
    done: int = 0
    bar: Any = None
    id_width: int = 24

    def start_bar(self) -> None:
        if self.total and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit="run", file=sys.stderr, leave=False, dynamic_ncols=True,
                            disable=None)

    def line(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text, file=self.out)
        else:
            print(text, file=self.out, flush=True)

    def advance(self, description: str = "") -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(description, refresh=False)
            self.bar.update(1)

    def counter(self) -> str:
        width = len(str(self.total))
        return f"[{self.done:>{width}}/{self.total}]"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


    def status(self, label: str, run_id: str, detail: str = "", *, counted: bool = False) -> None:
        """One line per run: `[done/total] label  set/notebook  detail` (the counter only for runs
        that executed)."""
        width = 2 * len(str(self.total)) + 3 if self.total else 0
        prefix = self.counter() if counted else ""
        head = f"{prefix:<{width}} " if width else ""
        self.line(f"{head}{label:<10} {run_id:<{self.id_width}} {detail}".rstrip())

    def detail(self, text: str) -> None:
        """A continuation line under a run's status line."""
        width = (2 * len(str(self.total)) + 4 if self.total else 0) + 11
        self.line(f"{'':{width}}{text}")


# ----------------------------------------------------------------------------------------------
# Executors


def _local_executor(jobs: int, engine: str) -> Executor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from analysis.build import notebook_worker

    # spawn: workers start clean (no inherited locks, threads or half-imported state).
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=notebook_worker.warm_up, initargs=(engine,))


def _stop_executor(executor: Executor) -> None:
    """Cancel queued runs and end running ones now (Ctrl-C, SIGTERM): the pool's workers are this
    process's only multiprocessing children, and each run's fork dies with its worker."""
    import multiprocessing

    workers = multiprocessing.active_children()
    executor.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        try:
            process.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    for process in workers:
        try:
            process.join(timeout=5)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass


class _Interrupted(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise _Interrupted(signum)


# ----------------------------------------------------------------------------------------------
# The build


@dataclass
class Outcome:
    ran: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


class Builder:
    """One build: decides, executes, commits, reports."""

    def __init__(self, config: BuildConfig, runs: list[Run], *, jobs: int, force: bool, engine: str,
                 report: Report, timeout: float | None = None, sources_dir: Path | None = None) -> None:
        self.config = config
        self.sources_dir = sources_dir
        self.provenance: Provenance | None = (provenance(config.data_dir, sources_dir)
                                              if has_package(config.data_dir) else None)
        self.timeout = timeout if timeout is not None else config.timeout
        self.runs = runs
        self.jobs = max(1, jobs)
        self.force = force
        self.engine = engine
        self.report = report
        self.hasher = InputHasher(config, self.provenance.digest() if self.provenance else "")
        self.state = BuildState(config)
        self.outcome = Outcome()
        self.staging = config.build_dir / "staging" / f"{os.getpid()}"
        self.inputs: dict[str, dict[str, str]] = {}
        self.reasons: dict[str, str] = {}

    # -- planning ---------------------------------------------------------------------------

    def plan(self) -> list[tuple[Run, Freshness]]:
        return [(run, self.state.freshness(run, self._inputs(run), force=self.force)) for run in self.runs]

    def _inputs(self, run: Run) -> dict[str, str] | None:
        inputs = self.hasher.inputs(run)
        if inputs is not None:
            self.inputs[run.run_id] = inputs
        return inputs

    # -- execution --------------------------------------------------------------------------

    def spec(self, run: Run) -> dict[str, Any]:
        from analysis.build.notebook_worker import make_spec

        work = self.staging / run.pset.name / run.stem
        return make_spec(
            run_id=run.run_id, notebook=run.notebook, cwd=self.config.notebook_dir,
            parameters={**run.pset.parameters, "data_dir": str(self.config.data_dir), "output_dir": str(work / "out")},
            executed=work / "executed.ipynb", html=work / "executed.html", kernel=self.config.kernel,
            engine=self.engine, timeout=self.timeout,
        )

    def warm_executor(self, count: int) -> Executor:
        """The worker pool, its workers already starting: one empty task each makes the pool spawn
        them, and each warms up (analysis.build.notebook_worker.warm_up) before it takes a run."""
        from analysis.build import notebook_worker

        executor = _local_executor(min(self.jobs, count), self.engine)
        for _ in range(min(self.jobs, count)):
            executor.submit(notebook_worker.ready)
        return executor

    def execute(self, todo: list[Run], executor: Executor) -> None:
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        from analysis.build import notebook_worker

        by_id = {run.run_id: run for run in todo}
        specs = {run.run_id: self.spec(run) for run in todo}
        # Longest first (by the last successful run's time; never-timed runs before all others, in
        # config order): with few workers, a long run started last would finish alone.
        todo = sorted(todo, key=lambda r: -(self.state.last_seconds(r) or float("inf")))
        try:
            futures: dict[Future[dict[str, Any]], str] = {
                executor.submit(notebook_worker.execute, specs[run.run_id]): run.run_id for run in todo
            }
            for future in as_completed(futures):
                run_id = futures[future]
                try:
                    result = future.result()
                except BrokenProcessPool as exc:  # a worker itself died (each run has its own process)
                    result = {"run_id": run_id, "status": "error", "seconds": 0.0,
                              "error": {"kind": "build", "ename": "WorkerDied", "traceback": "",
                                        "evalue": f"the build's worker process died ({exc})"}}
                self.finish(by_id[run_id], specs[run_id], result)
        except BaseException:
            _stop_executor(executor)
            raise
        finally:
            executor.shutdown(wait=True)

    # -- commit -----------------------------------------------------------------------------

    def finish(self, run: Run, spec: dict[str, Any], result: dict[str, Any]) -> None:
        """Keep the executed notebook, commit a success, report either way."""
        from analysis.build.build_files import commit_folder

        work = Path(spec["executed"]).parent
        kept = self._keep_executed(run, work)
        self.report.advance(run.run_id)
        seconds = result.get("seconds", 0.0)
        staged = Path(spec["parameters"]["output_dir"])
        unaccounted = self.staged_ledger_problems(run, staged) if result.get("status") == "ok" else []
        if unaccounted:
            self.outcome.failed.append(run.run_id)
            count = len(unaccounted)
            self.report.status("FAILED", run.run_id, f"the ledger check found {count} problem{'s' * (count != 1)} "
                               "in its texts; nothing of it was published", counted=True)
            for problem in unaccounted:
                self.report.detail(f"ledger: {problem}")
            self.report.detail(f"{self.config.relative(self.config.output_dir / run.output_subdir)} "
                               "keeps its last good files")
        elif result.get("status") == "ok":
            outside = [p.name for p in staged.iterdir() if p.name != run.stem] if staged.is_dir() else []
            committed = commit_folder(staged / run.stem, self.config.output_dir / run.output_subdir)
            names = [f"{run.output_subdir}/{rel.as_posix()}" for rel in committed]
            self.state.record(run, self.inputs[run.run_id], names, seconds)
            self.state.save()
            self.outcome.ran.append(run.run_id)
            figures = sum(1 for n in names if n.endswith(".json") and not n.endswith(".claims.json"))
            summaries = sum(1 for n in names if Path(n).name.startswith("summary.") and Path(n).suffix == ".md")
            detail = f"{figures} figure{'s' * (figures != 1)}, {summaries} summar{'ies' if summaries != 1 else 'y'}"
            why = self.reasons.get(run.run_id, "")
            self.report.status("ok", run.run_id, f"{detail} in {seconds:.1f} s ({why})", counted=True)
            if not committed:
                self.report.detail(f"warning: the notebook wrote nothing under output_dir/{run.stem}/")
            if outside:
                self.report.detail(f"warning: ignored files written outside output_dir/{run.stem}/: "
                                   f"{', '.join(sorted(outside))}")
        else:
            self.outcome.failed.append(run.run_id)
            self.report.status("FAILED", run.run_id, self._describe(result), counted=True)
            for extra in self._error_lines(result):
                self.report.detail(extra)
            if kept:
                self.report.detail(f"executed notebook: {self.config.relative(kept)}")
            self.report.detail(f"{self.config.relative(self.config.output_dir / run.output_subdir)} "
                               "keeps its last good files")
        shutil.rmtree(work, ignore_errors=True)

    def _keep_executed(self, run: Run, work: Path) -> Path | None:
        from analysis.build.build_files import place_file

        target = self.config.build_dir / "notebooks" / run.pset.name
        kept = None
        for suffix in (".ipynb", ".html"):
            src = work / f"executed{suffix}"
            if src.is_file():
                dst = target / f"{run.stem}{suffix}"
                place_file(src, dst)
                kept = dst
        return kept

    @staticmethod
    def _describe(result: dict[str, Any]) -> str:
        error = result.get("error") or {}
        where = ""
        if error.get("kind") == "cell":
            number = error.get("cell_number")
            count = error.get("exec_count")
            where = f"cell {number}" if number else "a cell"
            if count:
                where += f" (In [{count}])"
            where += ": "
        return f"{where}{error.get('ename', 'Error')}: {error.get('evalue', '')}".strip()

    @staticmethod
    def _error_lines(result: dict[str, Any]) -> list[str]:
        error = result.get("error") or {}
        if error.get("kind") == "cell":
            source = str(error.get("source", "")).splitlines()
            line = error.get("line")
            if not line or not 1 <= int(line) <= len(source):
                return [f"| {text}" for text in source[:6]] + (["| ..."] if len(source) > 6 else [])
            line = int(line)
            shown = [f"{'->' if n == line else '  '} {n:>3} | {source[n - 1]}"
                     for n in range(max(1, line - 2), line + 1)]
            if error.get("raised_in"):
                shown.append(f"   raised in {error['raised_in']}")
            return shown
        tb = str(error.get("traceback", "")).strip().splitlines()
        return [f"| {line}" for line in tb[-6:]]

    # -- manifest and gallery ---------------------------------------------------------------

    def publish_index(self) -> tuple[int, int, list[str]]:
        from analysis.build import recommendations_page
        from analysis.build.build_files import write_if_changed
        from analysis.build.gallery import INDEX_NAME, render_gallery
        from analysis.build.manifest import MANIFEST_NAME, build_manifest, manifest_bytes

        manifest, problems = build_manifest(self.config, provenance=self.provenance)
        scratch = self.config.build_dir / "tmp"
        problems += recommendations_page.publish(self.config, manifest, scratch)  # lists it in manifest["pages"]
        write_if_changed(self.config.output_dir / MANIFEST_NAME, manifest_bytes(manifest), scratch)
        gallery = render_gallery(manifest, self.config.base_url)
        write_if_changed(self.config.output_dir / INDEX_NAME, gallery.encode("utf-8"), scratch)
        return len(manifest["figures"]), len(manifest["summaries"]), problems

    # -- the whole build --------------------------------------------------------------------

    def build(self) -> int:
        from analysis.build.build_files import remove_partials

        started = time.perf_counter()
        plan = self.plan()
        due = [run for run, fresh in plan if not fresh.up_to_date and fresh.reason != "notebook missing"]
        # The workers start warming up (imports, no run) while data/ is checked: both take seconds.
        executor = self.warm_executor(len(due)) if due else None
        checked = self.check_data()
        if checked is not None and not checked.ok:
            if executor is not None:
                _stop_executor(executor)
            return EXIT_FAILED
        self._clean_staging()
        remove_partials(self.config.output_dir)
        todo: list[Run] = []
        self.report.total = sum(1 for _, f in plan if not f.up_to_date and f.reason != "notebook missing")
        self.report.id_width = max((len(r.run_id) for r in self.runs), default=10) + 1
        for run, fresh in plan:
            if fresh.reason == "notebook missing":
                self.outcome.missing.append(run.run_id)
                self.report.status("MISSING", run.run_id,
                                   f"{self.config.relative(run.notebook)} does not exist "
                                   f"(listed in {self.config.relative(self.config.path)})")
            elif fresh.up_to_date:
                self.outcome.up_to_date.append(run.run_id)
                self.report.status("up to date", run.run_id)
            else:
                todo.append(run)
                self.reasons[run.run_id] = fresh.reason
        if todo:
            assert executor is not None
            self.report.start_bar()
            try:
                self.execute(todo, executor)
            finally:
                self.report.close()
                shutil.rmtree(self.staging, ignore_errors=True)
        briefing_failed, unaccounted, counts = self.publish()
        o = self.outcome
        elapsed = time.perf_counter() - started
        out = self.config.relative(self.config.output_dir)
        has = (f"{out}/ has {counts[0]} figure{'s' * (counts[0] != 1)} and {counts[1]} "
               f"summar{'ies' if counts[1] != 1 else 'y'} (manifest.json, index.html)" if counts
               else f"{out}/ was already published from these outputs (manifest, pages, briefings, ledgers)")
        self.report.line(
            f"build: {len(o.ran)} ran, {len(o.up_to_date)} up to date, {len(o.failed)} failed, "
            f"{len(o.missing)} missing notebook{'s' * (len(o.missing) != 1)} in {elapsed:.1f} s; {has}"
        )
        if self.provenance is not None and not self.provenance.checked:
            self.report.line(f"build: excerpts NOT checked against the sources (no source folder: set "
                             f"{paths.SOURCES_ENV} or pass --sources DIR); manifest.json and every figure page "
                             "say provenance: unchecked")
        return EXIT_FAILED if (o.failed or o.missing or unaccounted or briefing_failed) else EXIT_OK

    def publish(self) -> tuple[bool, list[str], tuple[int, int] | None]:
        """The briefings, the manifest, pages and gallery, and the ledger check, unless nothing they read
        or wrote changed since they last ran clean: (briefing failed, ledger problems, (figures,
        summaries) or None when skipped)."""
        if not self.force and not self.outcome.failed and not self.outcome.missing and \
                self.state.published is not None and self.state.published == publish_key(self.config, self.hasher):
            self.report.status("unchanged", "publishing", "manifest, pages, gallery, briefings and ledger check: "
                               "nothing they read has changed since they last passed")
            return False, [], None
        briefing_failed = self.publish_briefings()
        figures, summaries, problems = self.publish_index()
        for problem in problems:
            self.report.line(f"warning: {problem}")
        unaccounted = self.check_ledgers()
        clean = not (briefing_failed or unaccounted or problems or self.outcome.failed or self.outcome.missing)
        self.state.published = publish_key(self.config, self.hasher) if clean else None
        self.state.save()
        return briefing_failed, unaccounted, (figures, summaries)

    def check_data(self) -> DataCheck | None:
        """Validate data/ once before any run (None for a project without a data package): each defect
        is reported once here, and a defect stops the build with nothing run or written."""
        if self.provenance is None:
            return None
        checked = check_data(self.config.data_dir, self.sources_dir,
                             self.config.build_dir / "state" / "data-check")
        for line in checked.lines(self.config.root):
            self.report.line(line)
        if not checked.ok:
            count = len(checked.problems)
            self.report.line(f"build: {self.config.relative(self.config.data_dir)}/ has {count} "
                             f"problem{'s' * (count != 1)}; nothing was run and "
                             f"{self.config.relative(self.config.output_dir)}/ is unchanged")
        return checked

    def publish_briefings(self) -> bool:
        """Typeset each language's briefing from the print sets (analysis.build.briefing), skipped while its
        inputs are unchanged; True when one could not be made."""
        if not self.config.briefing:
            return False
        from analysis.build import briefing

        if self.outcome.failed:
            self.report.status("skipped", "briefing", "a run failed; the briefing keeps its last good version")
            return False
        failed = False
        for lang in briefing.languages(self.config):
            name = self.config.relative(self.config.output_dir / briefing.pdf_name(lang))
            missing = briefing.unbuilt(self.config, lang)
            if missing:
                self.report.status("skipped", f"briefing/{lang}", f"needs {missing[0]}"
                                   f"{f' and {len(missing) - 1} more' if len(missing) > 1 else ''} (not built here)")
                continue
            try:
                status = briefing.publish(self.config, lang, force=self.force)
            except (briefing.BriefingError, ValueError) as exc:
                failed = True
                self.report.status("FAILED", f"briefing/{lang}", str(exc).splitlines()[0])
                for line in str(exc).splitlines()[1:6]:
                    self.report.detail(line)
                continue
            self.report.status("ok" if status == "written" else status, f"briefing/{lang}", name)
        return failed

    def staged_ledger_problems(self, run: Run, staged: Path) -> list[str]:
        """The ledger check (analysis.words.ledger) over the texts a run wrote, before they are published:
        a number or date no claim accounts for keeps the whole run out of the output folder. Files are
        named where they would have been published."""
        from analysis.words.ledger import check_outputs

        folder = staged / run.stem
        if not self.config.check_ledgers or not folder.is_dir():
            return []
        published = self.config.relative(self.config.output_dir / run.output_subdir)
        return [str(p).replace(str(folder), published, 1) for p in check_outputs(folder, self.config.data_dir)]

    def check_ledgers(self) -> list[str]:
        """The ledger check over the briefings (analysis.words.ledger); each run's texts were checked
        before they were published (staged_ledger_problems), and an up-to-date run's are unchanged since."""
        if not (self.config.check_ledgers and self.config.briefing):
            return []
        from analysis.words.ledger import briefing_problems

        problems = [str(p) for p in briefing_problems(self.config.output_dir, self.config.data_dir)]
        for problem in problems:
            self.report.line(f"ledger: {problem}")
        if problems:
            self.report.line(f"build: the ledger check found {len(problems)} problem(s) in published texts")
        return problems

    def _clean_staging(self) -> None:
        """Remove staging folders of earlier builds (killed ones): we hold the lock, nobody uses them."""
        parent = self.staging.parent
        if parent.is_dir():
            for folder in parent.iterdir():
                shutil.rmtree(folder, ignore_errors=True)
        tmp = self.config.build_dir / "tmp"
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)


def list_runs(config: BuildConfig, runs: Iterable[Run], out: TextIO, sources_dir: Path | None = None) -> None:
    """`--list`: one line per run with its status, nothing executed."""
    state = BuildState(config)
    prov = provenance(config.data_dir, sources_dir) if has_package(config.data_dir) else None
    hasher = InputHasher(config, prov.digest() if prov else "")
    runs = list(runs)
    width = max((len(r.run_id) for r in runs), default=10) + 2
    print(f"{'RUN':<{width}}{'STATUS':<34}NOTEBOOK -> OUTPUT", file=out)
    for run in runs:
        inputs = hasher.inputs(run)
        fresh = state.freshness(run, inputs)
        status = "missing notebook" if inputs is None else ("up to date" if fresh.up_to_date else f"to run: {fresh.reason}")
        target = config.relative(config.output_dir / run.output_subdir)
        print(f"{run.run_id:<{width}}{status:<34}{config.relative(run.notebook)} -> {target}/", file=out)


def _sources(option: Path | None) -> Path | None:
    """The sources folder, absolute: the option (from the working directory), else
    $ANALYSIS_SOURCES_DIR (a relative value from the repository root), else None."""
    folder = paths.sources_dir(option.resolve() if option is not None else None)
    return folder.resolve() if folder is not None else None


@contextlib.contextmanager
def _sources_for_runs(folder: Path | None) -> Iterator[None]:
    """The notebooks' kernels read the sources folder from the environment and run in notebooks/:
    for the build they see the absolute folder the build checked, whichever way it was given."""
    previous = os.environ.get(paths.SOURCES_ENV)
    if folder is not None:
        os.environ[paths.SOURCES_ENV] = str(folder)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(paths.SOURCES_ENV, None)
        else:
            os.environ[paths.SOURCES_ENV] = previous


def run(args: argparse.Namespace) -> int:
    """Entry point of `python -m analysis build`."""
    from analysis.core.paths import REPO_ROOT

    root = (args.project or REPO_ROOT).resolve()
    try:
        config = load_config(root, args.config, output_dir=args.output, build_dir=args.build_dir)
        if args.base_url is not None:
            config = dataclasses.replace(config, base_url=checked_base_url(args.base_url, "--base-url"))
        runs = select_runs(config, args.only)
    except ConfigError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sources_dir = _sources(args.sources)
    if args.list:
        list_runs(config, runs, sys.stdout, sources_dir)
        return EXIT_OK
    if args.jobs < 1:
        print("build: --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE

    from analysis.build.build_lock import BuildLock, BuildLocked

    report = Report()
    previous = {sig: signal.signal(sig, _raise_interrupt) for sig in EXIT_SIGNAL}
    try:
        with BuildLock(config.build_dir, config.output_dir, wait=not args.no_wait), _sources_for_runs(sources_dir):
            builder = Builder(config, runs, jobs=args.jobs, force=args.force, engine=args.engine,
                              report=report, timeout=args.timeout, sources_dir=sources_dir)
            return builder.build()
    except BuildLocked as exc:
        print(f"build: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except ConfigError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (_Interrupted, KeyboardInterrupt) as exc:
        report.close()
        signum = exc.signum if isinstance(exc, _Interrupted) else signal.SIGINT
        print(f"build: interrupted ({signal.Signals(signum).name}); files already moved into place are "
              "whole, unfinished runs changed nothing; run the build again to finish", file=sys.stderr)
        return EXIT_SIGNAL[signal.Signals(signum)]
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main(argv: list[str] | None = None) -> int:
    """`python -m analysis.build.builder ...` (the same as `python -m analysis build ...`)."""
    parser = argparse.ArgumentParser(prog="python -m analysis build")
    configure(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
