"""Independent cross-check: the Frictionless reference validator accepts data/ and rejects a broken copy,
and on planted defects it reports the same cells as our validator (analysis.data.frictionless_check
renders its report in our lines; `validate --frictionless` prints it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.csv_edits import get_cell, set_cell

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def frictionless_validate(descriptor: Path) -> subprocess.CompletedProcess[str]:
    if not FRICTIONLESS.exists():
        pytest.fail(f"{FRICTIONLESS} not found: install the pinned dependencies (make setup)")
    return subprocess.run([str(FRICTIONLESS), "validate", str(descriptor)], capture_output=True, text=True,
                          cwd=descriptor.parent, timeout=300)


@pytest.mark.slow
def test_frictionless_accepts_the_data_package(repo_data_dir: Path, tmp_path: Path) -> None:
    # Validate a copy so that nothing the tool might write lands in data/.
    copy = tmp_path / "data"
    shutil.copytree(repo_data_dir, copy)
    result = frictionless_validate(copy / "datapackage.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INVALID" not in result.stdout


@pytest.mark.slow
def test_frictionless_rejects_a_broken_foreign_key(data_copy: Path) -> None:
    set_cell(data_copy / "torture_complaints.csv", 3, "document_id", "no-such-document")
    result = frictionless_validate(data_copy / "datapackage.json")
    assert result.returncode != 0
    assert "foreign-key" in result.stdout


# One defect per kind of schema rule: (table, CSV line, column, planted value).
PLANTED = [
    ("torture_complaints", 2, "value", "abc"),  # type
    ("torture_complaints", 3, "qualifier", "roughly"),  # closed list (enum)
    ("torture_complaints", 4, "value", "-5"),  # minimum
    ("extraditions", 2, "locator", ""),  # required
    ("torture_complaints", 3, "document_id", "no-such-document"),  # foreign key
]


def _cells(problems) -> set[tuple[str, int, str]]:
    return {(Path(p.file).name, p.row, p.column) for p in problems}


@pytest.mark.slow
def test_our_validator_and_frictionless_report_the_same_cells(data_copy: Path) -> None:
    from analysis.data.frictionless_check import frictionless_problems
    from analysis.data.validate import validate_package

    assert frictionless_problems(data_copy) == []
    for table, line, column, value in PLANTED:
        set_cell(data_copy / f"{table}.csv", line, column, value)
    # A duplicate primary key: the second row takes the first row's id.
    set_cell(data_copy / "torture_complaints.csv", 4, "id", get_cell(data_copy / "torture_complaints.csv", 2, "id"))
    ours = [p for p in validate_package(data_copy).problems]
    theirs = frictionless_problems(data_copy)
    planted = {(f"{t}.csv", line, c) for t, line, c, _ in PLANTED} | {("torture_complaints.csv", 4, "id")}
    assert planted <= _cells(theirs), sorted(_cells(theirs))
    assert planted <= _cells(ours), sorted(_cells(ours))
    assert all(p.rule.startswith("frictionless ") for p in theirs)


@pytest.mark.slow
def test_both_honour_the_packages_missing_values(data_copy: Path) -> None:
    """A table that declares "NA" missing: "NA" in an integer column is no error for either; in a
    table that does not, it is one for both."""
    import json

    from analysis.data.frictionless_check import frictionless_problems
    from analysis.data.validate import validate_package

    descriptor = data_copy / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    schema = next(r for r in package["resources"] if r["name"] == "torture_complaints")["schema"]
    schema["missingValues"] = ["", "NA"]
    descriptor.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    set_cell(data_copy / "torture_complaints.csv", 2, "value_max", "NA")
    set_cell(data_copy / "extraditions.csv", 2, "value_max", "NA")
    flagged = {("extraditions.csv", 2, "value_max")}
    assert {c for c in _cells(frictionless_problems(data_copy)) if c[2] == "value_max"} == flagged
    assert {c for c in _cells(validate_package(data_copy).problems) if c[2] == "value_max"} == flagged


def test_validate_prints_the_reference_report_in_our_lines(data_copy: Path, run_cli) -> None:
    set_cell(data_copy / "torture_complaints.csv", 2, "value", "abc")
    code, out, _err = run_cli("validate", "--data", data_copy, "--frictionless")
    assert code == 1
    lines = [line for line in out.splitlines() if "frictionless type-error" in line]
    assert lines == [f"{data_copy / 'torture_complaints.csv'}:2: value: value 'abc': frictionless type-error: "
                     'type is "integer/default"'], out
    assert "validate: frictionless (reference validator): 1 problem(s)" in out
