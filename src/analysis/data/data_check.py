"""The check of data/ the build makes before any run and the loader before it hands out a table, cached,
and the provenance the build publishes.

Why before the runs: every notebook loads (and so validates) its tables, so a bad cell used to fail
each run that read it, printing the same message once per run after a minute of work. Checked once
up front, a defect is reported once, in a second, and nothing is run or written.

Why the sources are part of it: a build without the source documents cannot check that each
excerpt is the source's own words. It still builds (a reader of the repository may not hold the
sources), but says so at the end of the build, in `manifest.json` (`provenance: unchecked`) and on
every figure page. Which sources were checked (none, or which folder and files) is an input of every
run, so setting the sources after a build without them makes the next build check and publish again.

Why cached: the excerpt check reads the source PDFs (seconds). A check that passed is recorded by the
data's fingerprint, the sources folder and its files' sizes and times, and the tables it covered; the
same check again is skipped, so a no-op build is quick and a notebook's `load()` after the build's check
(or an earlier load) does not read the sources again. A failed check is never recorded.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.core.atomic_files import atomic_write_bytes
from analysis.data.datapackage import Problem

PACKAGE_FILE = "datapackage.json"
DOCUMENTS_FILE = "documents.csv"
CHECKED, UNCHECKED = "checked", "unchecked"


@dataclass(frozen=True)
class Provenance:
    """Whether the published excerpts were checked against the source documents, and which ones.

    `folder` is where the sources were read (kept in the build's own state, never published: it is
    a path on one machine); `documents` lists each held document's file and sha256 as data/ names
    them, which the check proved the files in `folder` have."""

    checked: bool
    folder: Path | None = None
    documents: tuple[tuple[str, str], ...] = ()

    @property
    def status(self) -> str:
        return CHECKED if self.checked else UNCHECKED

    def digest(self) -> str:
        """One hash of the whole state, an input of every run."""
        state = {"status": self.status, "folder": str(self.folder) if self.folder else None,
                 "documents": [list(d) for d in self.documents]}
        return hashlib.sha256(json.dumps(state, sort_keys=True).encode("utf-8")).hexdigest()

    def published(self) -> dict[str, Any]:
        """What `manifest.json` records: the status and, when checked, the documents checked against."""
        entry: dict[str, Any] = {"status": self.status}
        if self.checked:
            entry["documents"] = [{"file": name, "sha256": sha} for name, sha in self.documents]
        return entry


def has_package(data_dir: Path) -> bool:
    """A data folder with a Frictionless descriptor: one the build can validate."""
    return (data_dir / PACKAGE_FILE).is_file()


def held_documents(data_dir: Path) -> tuple[tuple[str, str], ...]:
    """(source_file, sha256) of every document data/ holds a copy of, sorted (csv alone: no pandas)."""
    path = data_dir / DOCUMENTS_FILE
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(r.get("source_file") or "", r.get("sha256") or "") for r in csv.DictReader(fh)]
    return tuple(sorted({(name, sha) for name, sha in rows if name}))


def provenance(data_dir: Path, sources_dir: Path | None) -> Provenance:
    """The provenance a build with these folders publishes once its check passes."""
    if sources_dir is None:
        return Provenance(False)
    return Provenance(True, sources_dir.resolve(), held_documents(data_dir))


def _stamps(prov: Provenance) -> list[list[Any]]:
    """Size and modification time of each source file: a replaced file invalidates the cached check."""
    stamps: list[list[Any]] = []
    if prov.folder is None:
        return stamps
    for name, _ in prov.documents:
        try:
            st = (prov.folder / name).stat()
            stamps.append([name, st.st_size, st.st_mtime_ns])
        except OSError:
            stamps.append([name, None, None])
    return stamps


@dataclass(frozen=True)
class DataCheck:
    """The outcome of a data check: the problems found, and whether a passed check was remembered."""

    provenance: Provenance
    problems: tuple[Problem, ...]
    cached: bool

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self, root: Path | None = None) -> list[str]:
        """One line per problem, its file named relative to `root` (what the user sees in their tree)."""
        prefix = f"{root}/" if root is not None else None
        return [line[len(prefix):] if prefix and line.startswith(prefix) else line
                for line in map(str, self.problems)]


def default_cache() -> Path:
    """Where checks that passed are recorded: the project's build folder (git-ignored)."""
    from analysis.core.paths import REPO_ROOT

    return REPO_ROOT / "build" / "state" / "data-check"


def _record(cache_dir: Path, key: str) -> None:
    """One empty file per passed check: processes checking at once never overwrite each other's record."""
    try:
        atomic_write_bytes(cache_dir / key, b"")
    except OSError:  # a read-only checkout still validates; it only cannot remember
        pass


def check_data(data_dir: Path, sources_dir: Path | None, cache_dir: Path | None = None,
               only: Iterable[str] | None = None) -> DataCheck:
    """Validate data/ (schema, keys, rules; every excerpt against its source when `sources_dir` is
    given), all of it or `only` these tables and those they reference, unless the same check passed
    for the same data, sources folder and source files."""
    from analysis.data.data_version import fingerprint

    prov = provenance(data_dir, sources_dir)
    cache_dir = default_cache() if cache_dir is None else cache_dir
    tables = sorted(set(only)) if only is not None else None
    key = hashlib.sha256(json.dumps([str(data_dir.resolve()), fingerprint(data_dir), prov.digest(), _stamps(prov),
                                     tables]).encode("utf-8")).hexdigest()
    if (cache_dir / key).is_file():
        return DataCheck(prov, (), True)
    from analysis.data.validate import validate_package

    report = validate_package(data_dir, sources_dir, only=tables)
    problems = tuple(report.problems)
    if not problems:
        _record(cache_dir, key)
    return DataCheck(prov, problems, False)
