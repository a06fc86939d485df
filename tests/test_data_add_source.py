"""data/README.md's path "add a source document and its rows" ends in a passing build: a small document of
its own in a sources folder, its documents row, one fact from it; validate passes, the build checks the new
excerpt and records the new file in the manifest, and a changed word in the excerpt fails both."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.data import data_check
from analysis.core import paths
from test_build_provenance import _build, _project

DOCUMENT = ("# Report of a monitoring mission, 2015\n\nThe mission recorded at least 3 violent attacks on "
            "journalists in Almaty in the first half of 2015.\n")


def _append_row(path: Path, row: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    text = path.read_text(encoding="utf-8")
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=header, lineterminator="\n").writerow({k: row.get(k, "") for k in header})
    path.write_text(text + ("" if text.endswith("\n") else "\n") + out.getvalue(), encoding="utf-8")


def _add_source(data: Path, sources: Path) -> None:
    """The README's steps 1 to 3."""
    (sources / "monitoring-2015.md").write_text(DOCUMENT, encoding="utf-8")
    _append_row(data / "documents.csv", {
        "document_id": "monitoring-2015", "title": "Report of a monitoring mission, 2015", "author": "A mission",
        "kind": "ngo_report", "source_file": "monitoring-2015.md", "format": "markdown",
        "sha256": hashlib.sha256(DOCUMENT.encode("utf-8")).hexdigest(), "mentioned_in": "monitoring-2015",
        "locator": "Title", "excerpt": "Report of a monitoring mission, 2015"})
    _append_row(data / "other_counts.csv", {
        "id": "oc-monitoring-2015-attacks", "theme": "national_security", "measure": "violent_attacks",
        "value": "3", "unit": "attacks", "qualifier": "at_least", "period_start": "2015-01-01",
        "period_end": "2015-06-30", "claimant": "unnamed_reports", "document_id": "monitoring-2015",
        "locator": "Paragraph 1",
        "excerpt": "The mission recorded at least 3 violent attacks on journalists in Almaty in the first half of 2015."})


def _sources(tmp_path: Path, held: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for name, _ in data_check.held_documents(paths.REPO_ROOT / "data"):
        shutil.copy(held / name, folder / name)
    return folder


@pytest.mark.slow
def test_adding_a_source_and_a_row_ends_in_a_passing_build_that_checked_it(tmp_path, sources_dir):
    project = _project(tmp_path / "project")
    sources = _sources(tmp_path, sources_dir)
    _add_source(project / "data", sources)

    validated = subprocess.run([sys.executable, "-m", "analysis", "validate", "--data", str(project / "data"),
                                "--sources", str(sources)], capture_output=True, text=True)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = _build(project, str(sources))
    assert built.returncode == 0, built.stdout + built.stderr
    manifest = json.loads((project / "figures" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["provenance"]["status"] == "checked"
    assert {"file": "monitoring-2015.md", "sha256": hashlib.sha256(DOCUMENT.encode("utf-8")).hexdigest()} in \
        manifest["provenance"]["documents"]

    # The excerpt is checked against the new document: a changed word fails validate and the build.
    counts = project / "data" / "other_counts.csv"
    counts.write_text(counts.read_text(encoding="utf-8").replace("recorded at least 3", "counted at least 3"),
                      encoding="utf-8")
    refused = _build(project, str(sources))
    assert refused.returncode == 1
    assert "data/other_counts.csv" in refused.stdout and "excerpt not found verbatim in monitoring-2015.md" in \
        refused.stdout, refused.stdout
