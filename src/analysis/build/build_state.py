"""What each run depends on, and what the last successful build of it recorded.

A run is up to date when the hashes of its inputs (its notebook, its parameters, every file in
data/, the project's code, and which sources its excerpts were checked against: none, or which folder
and files; analysis.build.data_check) equal those recorded when it last succeeded, and the files it wrote are
still in the output folder unchanged (same size and modification time as when they were moved in).
The state lives in the build folder (git-ignored), one file per output folder, written atomically.
Only hashlib and json are used: this is the no-op build's whole cost.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.build.build_config import BuildConfig, Run
from analysis.core.file_digest import sha256_of

STATE_VERSION = 1
INPUT_KINDS = ("notebook", "parameters", "data", "code", "sources")
_SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


def _tree_files(path: Path) -> list[Path]:
    """Every file under `path` (or `path` itself), skipping caches and hidden files, sorted."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    files: list[Path] = []
    for folder, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        files.extend(Path(folder) / n for n in names if not n.startswith(".") and not n.endswith((".pyc", ".pyo")))
    return sorted(files)


def tree_digest(paths: Iterable[Path], root: Path) -> str:
    """One hash over the names and contents of every file under `paths` (names relative to root)."""
    digest = hashlib.sha256()
    for top in paths:
        for file in _tree_files(top):
            try:
                name = file.relative_to(root).as_posix()
            except ValueError:
                name = file.as_posix()
            digest.update(name.encode("utf-8") + b"\0" + sha256_of(file).encode("ascii") + b"\n")
        digest.update(b"--\n")
    return digest.hexdigest()


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class InputHasher:
    """Hashes of the inputs shared by all runs are computed once per build. `sources` is the digest of
    the build's provenance (analysis.build.data_check.Provenance.digest)."""

    def __init__(self, config: BuildConfig, sources: str) -> None:
        self.config = config
        self.sources = sources
        self._data: str | None = None
        self._code: str | None = None
        self._notebooks: dict[Path, str | None] = {}

    def data(self) -> str:
        if self._data is None:
            self._data = tree_digest([self.config.data_dir], self.config.root)
        return self._data

    def code(self) -> str:
        if self._code is None:
            self._code = tree_digest(self.config.code, self.config.root)
        return self._code

    def notebook(self, path: Path) -> str | None:
        if path not in self._notebooks:
            self._notebooks[path] = sha256_of(path) if path.is_file() else None
        return self._notebooks[path]

    def inputs(self, run: Run) -> dict[str, str] | None:
        """The run's input hashes by kind, or None when its notebook does not exist."""
        notebook = self.notebook(run.notebook)
        if notebook is None:
            return None
        parameters = canonical_json(
            {"set": run.pset.name, "output": run.output_subdir, "parameters": run.pset.parameters,
             "kernel": self.config.kernel}
        )
        return {
            "notebook": notebook,
            "parameters": hashlib.sha256(parameters.encode("utf-8")).hexdigest(),
            "data": self.data(),
            "code": self.code(),
            "sources": self.sources,
        }


# What the published files (manifest, pages, gallery, briefings) and the ledger check read besides
# the runs' outputs, data/ and the code: the project's citation and changelog.
PUBLISH_FILES = ("CITATION.cff", "CHANGELOG.md")


def publish_key(config: BuildConfig, hasher: InputHasher) -> str:
    """One hash of everything the publishing steps after the runs read and write: the inputs shared
    by every run, the build configuration (and the embed snippets' base address), the citation and changelog, and the size and modification
    time of every file in the output folder. Equal to the key recorded after the last clean publish,
    the manifest, pages, gallery, briefings and ledger check have nothing new to do."""
    digest = hashlib.sha256()
    for part in (hasher.data(), hasher.code(), hasher.sources, config.base_url or "-"):
        digest.update(part.encode("ascii") + b"\n")
    for path in (config.path, *(config.root / name for name in PUBLISH_FILES)):
        digest.update((sha256_of(path) if path.is_file() else "-").encode("ascii") + b"\n")
    folder = config.output_dir
    for file in _tree_files(folder):
        stamp = file_stamp(file)
        digest.update(f"{file.relative_to(folder).as_posix()}\0{stamp[0]}\0{stamp[1]}\n".encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Freshness:
    """Whether a run can be skipped, and if not, why (for the status line and --list)."""

    up_to_date: bool
    reason: str


def file_stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


class BuildState:
    """The record of the last successful run of each run id, for one output folder."""

    def __init__(self, config: BuildConfig) -> None:
        self.config = config
        # The output folder relative to the project when inside it, so a moved or copied project
        # keeps its state.
        self.output_key = config.relative(config.output_dir)
        key = hashlib.sha256(self.output_key.encode("utf-8")).hexdigest()[:16]
        self.path = config.build_dir / "state" / f"{key}.json"
        self.runs: dict[str, dict[str, Any]] = {}
        self.published: str | None = None  # publish_key() after the last clean publish (no problem found)
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return
        if data.get("version") == STATE_VERSION and data.get("output") == self.output_key:
            self.runs = dict(data.get("runs", {}))
            self.published = data.get("published")

    def freshness(self, run: Run, inputs: Mapping[str, str] | None, *, force: bool = False) -> Freshness:
        if inputs is None:
            return Freshness(False, "notebook missing")
        if force:
            return Freshness(False, "forced")
        record = self.runs.get(run.run_id)
        if record is None:
            return Freshness(False, "never built here")
        old = record.get("inputs", {})
        changed = [kind for kind in INPUT_KINDS if old.get(kind) != inputs.get(kind)]
        if changed:
            return Freshness(False, " and ".join(changed) + " changed")
        folder = self.config.output_dir
        for name, stamp in record.get("outputs", {}).items():
            path = folder / name
            try:
                if file_stamp(path) != stamp:
                    return Freshness(False, f"output {name} was changed")
            except FileNotFoundError:
                return Freshness(False, f"output {name} is missing")
        return Freshness(True, "up to date")

    def record(self, run: Run, inputs: Mapping[str, str], outputs: Iterable[str], seconds: float) -> None:
        folder = self.config.output_dir
        self.runs[run.run_id] = {
            "inputs": dict(inputs),
            "outputs": {name: file_stamp(folder / name) for name in sorted(outputs)},
            "seconds": round(float(seconds), 2),
        }

    def last_seconds(self, run: Run) -> float | None:
        """How long the run took when it last succeeded (to start the longest runs first)."""
        value = self.runs.get(run.run_id, {}).get("seconds")
        return float(value) if isinstance(value, (int, float)) else None

    def forget(self, run: Run) -> None:
        self.runs.pop(run.run_id, None)

    def save(self) -> None:
        from analysis.build.build_files import atomic_write_bytes

        payload = {"version": STATE_VERSION, "output": self.output_key, "runs": self.runs,
                   "published": self.published}
        text = json.dumps(payload, indent=1, sort_keys=True) + "\n"
        atomic_write_bytes(self.path, text.encode("utf-8"))
