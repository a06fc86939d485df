"""Never publish unchecked evidence silently.

The build checks data/ once before any run, and every excerpt against its source when the sources
are at hand. Without them it still builds, but says so in its last line, in manifest.json
(`provenance: unchecked`) and on every figure page; which sources were checked is an input of every
run, so setting the sources afterwards makes the next build check (and fail on a changed excerpt).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.data import data_check
from analysis.core import paths

NOTEBOOK = "01_torture_complaints"
ALTERED = ("with 187 complaints registered in 2011", "with 187 complaints recorded in 2011")


def _project(root: Path) -> Path:
    """The real data and one real notebook, built in one English set: a project of its own."""
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(paths.REPO_ROOT / "notebooks" / f"{NOTEBOOK}.ipynb", root / "notebooks")
    shutil.copytree(paths.REPO_ROOT / "data", root / "data")
    (root / "notebooks" / "params.yaml").write_text(
        "notebook_dir: notebooks\ndata_dir: data\noutput_dir: figures\nbuild_dir: build\n"
        f"kernel: {paths.KERNEL_NAME}\ncheck_ledgers: true\nbriefing: false\n"
        f"notebooks:\n  - {NOTEBOOK}\n"
        "sets:\n  en:\n    output: en\n    parameters: {lang: en, size: web, formats: [svg]}\n",
        encoding="utf-8")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}: choose another cell for the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build(project: Path, sources: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in (paths.SOURCES_ENV, paths.DATA_ENV)}
    if sources is not None:
        env[paths.SOURCES_ENV] = sources
    return subprocess.run([sys.executable, "-m", "analysis", "build", "--project", str(project), *args],
                          capture_output=True, text=True, env=env, cwd=project)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_changed_excerpt_without_sources_is_published_as_unchecked_and_caught_once_sources_are_set(
        tmp_path, sources_dir):
    project = _project(tmp_path / "project")
    _edit(project / "data" / "torture_complaints.csv", *ALTERED)

    unchecked = _build(project, None)
    assert unchecked.returncode == 0, unchecked.stdout + unchecked.stderr
    last = unchecked.stdout.strip().splitlines()[-1]
    assert last.startswith("build: excerpts NOT checked against the sources") and paths.SOURCES_ENV in last
    figures = project / "figures"
    manifest = json.loads((figures / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["provenance"] == {"status": "unchecked"}
    pages = sorted((figures / "en" / NOTEBOOK).glob("*.html"))
    assert pages and all("Source check not done" in p.read_text(encoding="utf-8") for p in pages)
    assert "Source check not done" in (figures / "index.html").read_text(encoding="utf-8")
    published = _tree(figures)

    # Set the sources afterwards, as the README writes it: relative, read from the repository root.
    relative = os.path.relpath(sources_dir.resolve(), paths.REPO_ROOT)
    caught = _build(project, relative)
    assert caught.returncode == 1, caught.stdout + caught.stderr
    assert "excerpt not found verbatim in amnesty-upr-2014-kazakhstan.md" in caught.stdout
    assert caught.stdout.count("excerpt not found verbatim") == 1  # once, not once per run
    assert "nothing was run" in caught.stdout and " ran," not in caught.stdout
    assert _tree(figures) == published  # nothing written

    _edit(project / "data" / "torture_complaints.csv", ALTERED[1], ALTERED[0])
    checked = _build(project, relative)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "sources changed" in checked.stdout or "data and sources changed" in checked.stdout
    assert "NOT checked" not in checked.stdout
    manifest = json.loads((figures / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["provenance"]["status"] == "checked"
    assert {d["file"] for d in manifest["provenance"]["documents"]} >= {"amnesty-upr-2014-kazakhstan.md"}
    assert all("Source check:" in p.read_text(encoding="utf-8") for p in pages)
    assert str(sources_dir.resolve()) not in (figures / "manifest.json").read_text(encoding="utf-8")

    again = _build(project, relative)  # the check is cached: nothing to do
    assert again.returncode == 0 and "0 ran, 1 up to date" in again.stdout, again.stdout


def test_a_data_defect_stops_the_build_before_any_run_reported_once_with_a_suggestion(tmp_path):
    project = _project(tmp_path / "project")
    _edit(project / "data" / "zhanaozen.csv", ",eyewitnesses,", ",eyewitneses,")
    done = _build(project, None)
    assert done.returncode == 1, done.stdout + done.stderr
    problems = [line for line in done.stdout.splitlines() if "eyewitneses" in line]
    assert len(problems) == 1, done.stdout
    assert re.match(r"^data/zhanaozen\.csv:\d+: claimant: value 'eyewitneses': not in the closed list", problems[0])
    assert problems[0].endswith("did you mean 'eyewitnesses'?")
    assert "nothing was run and figures/ is unchanged" in done.stdout
    assert _tree(project / "figures") == {}  # the lock made the folder; nothing is in it


# ---- the check itself ----

def test_the_check_is_cached_until_the_data_or_a_source_file_changes(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(paths.REPO_ROOT / "data", data)
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, _ in data_check.held_documents(data):
        (sources / name).write_text("stand-in", encoding="utf-8")
    calls = []

    import analysis.data.validate as validate

    class Passed:
        problems: list = []

    monkeypatch.setattr(validate, "validate_package", lambda *a, **k: calls.append(a) or Passed())
    cache = tmp_path / "build" / "data-check"
    first = data_check.check_data(data, sources, cache)
    assert first.ok and not first.cached and len(calls) == 1
    assert data_check.check_data(data, sources, cache).cached and len(calls) == 1
    assert not data_check.check_data(data, sources, cache, only=["zhanaozen"]).cached  # another scope
    assert data_check.check_data(data, sources, cache).cached  # both remembered
    counts = data / "torture_complaints.csv"
    counts.write_text(counts.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not data_check.check_data(data, sources, cache).cached  # data changed
    assert not data_check.check_data(data, None, cache).cached  # sources unset
    assert data_check.check_data(data, None, cache).cached
    name = data_check.held_documents(data)[0][0]
    data_check.check_data(data, sources, cache)
    (sources / name).write_text("another stand-in", encoding="utf-8")  # a replaced source file
    assert not data_check.check_data(data, sources, cache).cached


def test_a_failed_check_is_never_cached(tmp_path, monkeypatch):
    import analysis.data.validate as validate
    from analysis.data.datapackage import Problem

    class Failed:
        problems = [Problem("data/x.csv", 2, "value", "-1", "negative count: must be >= 0")]

    monkeypatch.setattr(validate, "validate_package", lambda *a, **k: Failed())
    cache = tmp_path / "data-check"
    for _ in range(2):
        result = data_check.check_data(paths.REPO_ROOT / "data", None, cache)
        assert not result.ok and not result.cached
        assert result.lines() == ["data/x.csv:2: value: value '-1': negative count: must be >= 0"]
    assert not cache.exists()


def test_provenance_records_the_documents_and_publishes_no_machine_path(tmp_path):
    data = paths.REPO_ROOT / "data"
    checked = data_check.provenance(data, tmp_path)
    published = checked.published()
    assert published["status"] == "checked"
    assert {d["file"] for d in published["documents"]} == {
        "amnesty-upr-2014-kazakhstan.md", "a-hrc-14-10.pdf", "a-hrc-28-10.pdf"}
    assert str(tmp_path) not in json.dumps(published)
    unchecked = data_check.provenance(data, None)
    assert unchecked.published() == {"status": "unchecked"}
    # Every part of the state is an input of the runs: status, folder and files.
    assert len({unchecked.digest(), checked.digest(), data_check.provenance(data, tmp_path / "x").digest()}) == 3


def test_a_relative_sources_folder_is_read_from_the_repository_root(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # as a kernel in notebooks/ or JupyterLab elsewhere
    monkeypatch.setenv(paths.SOURCES_ENV, "../shared/sources")
    assert paths.sources_dir() == paths.REPO_ROOT / "../shared/sources"
    monkeypatch.setenv(paths.SOURCES_ENV, str(tmp_path))
    assert paths.sources_dir() == tmp_path
    monkeypatch.setenv(paths.DATA_ENV, "data")
    assert paths.data_dir() == paths.REPO_ROOT / "data"
    monkeypatch.delenv(paths.SOURCES_ENV)
    assert paths.sources_dir() is None
    assert paths.sources_dir("given") == Path("given")  # an argument is taken as given


def test_no_test_names_a_machine_path():
    """A message that names one machine's folders misleads everyone else (and leaks the machine)."""
    machine = re.compile(r"""["'](?:/work/|/home/|/root/|/Users/|/tmp/[a-z])""")
    found = [f"{path.name}:{n}" for path in sorted((paths.REPO_ROOT / "tests").rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if machine.search(line)]
    assert found == []
