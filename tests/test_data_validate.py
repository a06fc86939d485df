"""`python -m analysis validate`: passes on data/, and each bad-input rule fails on a corrupted copy.

Each corruption test breaks one rule in one cell of a private copy of data/ and asserts exit status 1
and the exact `file:line: column:` of the problem. Line numbers are CSV lines (header = line 1), so
line 3 of torture_complaints.csv is the row tc-2012.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.data.datapackage import read_package
from support.csv_edits import add_column, drop_column, get_cell, set_cell

TC = "torture_complaints.csv"
TC_2012 = 3  # CSV line of tc-2012


def problem_prefix(data: Path, file: str, line: int, column: str) -> str:
    return f"{data / file}:{line}: {column}: "


def problem_lines(out: str, prefix: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(prefix)]


def test_validate_passes_on_the_repository_data(run_cli, repo_data_dir: Path) -> None:
    code, out, err = run_cli("validate", "--data", repo_data_dir)
    assert code == 0, out
    tables = len(read_package(repo_data_dir).resources)
    assert out.strip().splitlines()[-1].startswith(f"validate: OK: {tables} tables")


def test_validate_passes_with_the_source_text(run_cli, repo_data_dir: Path, sources_dir: Path) -> None:
    code, out, _ = run_cli("validate", "--data", repo_data_dir, "--sources", sources_dir)
    assert code == 0, out
    assert f"excerpts checked against the source text in {sources_dir}" in out
    assert "SKIPPED" not in out


def test_skipping_provenance_is_announced(run_cli, repo_data_dir: Path, monkeypatch) -> None:
    monkeypatch.delenv("ANALYSIS_SOURCES_DIR", raising=False)
    code, out, err = run_cli("validate", "--data", repo_data_dir)
    assert code == 0
    assert "provenance checks against the source text SKIPPED" in err
    assert "SKIPPED" in out.strip().splitlines()[-1], "the summary line must say the checks were skipped"


def test_sources_folder_from_the_environment(run_cli, repo_data_dir: Path, sources_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("ANALYSIS_SOURCES_DIR", str(sources_dir))
    code, out, err = run_cli("validate", "--data", repo_data_dir)
    assert code == 0, out
    assert "SKIPPED" not in out + err


def test_missing_sources_folder_is_a_problem(run_cli, repo_data_dir: Path, tmp_path: Path) -> None:
    code, out, _ = run_cli("validate", "--data", repo_data_dir, "--sources", tmp_path / "nowhere")
    assert code == 1
    assert "sources folder not found" in out


def test_help_states_the_row_convention(capsys) -> None:
    from analysis.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--help"])
    assert exit_info.value.code == 0
    assert "line number in the CSV file (the header is line 1" in " ".join(capsys.readouterr().out.split())


# ---- one test per bad-input rule ----

def test_missing_required_column(run_cli, data_copy: Path) -> None:
    drop_column(data_copy / TC, "claimant")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, TC, 1, "claimant"))
    assert found and "missing required column" in found[0], out


def test_wrong_type(run_cli, data_copy: Path) -> None:
    set_cell(data_copy / TC, TC_2012, "value", "six hundred")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, TC, TC_2012, "value"))
    assert found == [f"{data_copy / TC}:3: value: value 'six hundred': wrong type: expected an integer"], out


def test_wrong_date_type(run_cli, data_copy: Path) -> None:
    set_cell(data_copy / TC, TC_2012, "period_end", "31/12/2012")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, TC, TC_2012, "period_end"))
    assert found and "expected an ISO date" in found[0], out


def test_negative_count(run_cli, data_copy: Path) -> None:
    set_cell(data_copy / TC, TC_2012, "value", "-602")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, TC, TC_2012, "value"))
    assert any("negative count: must be >= 0" in line and "'-602'" in line for line in found), out


def test_unknown_qualifier(run_cli, data_copy: Path) -> None:
    set_cell(data_copy / TC, TC_2012, "qualifier", "roughly")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, TC, TC_2012, "qualifier"))
    assert found and "value 'roughly': not in the closed list of qualifier" in found[0], out


def test_duplicate_primary_key(run_cli, data_copy: Path) -> None:
    set_cell(data_copy / TC, TC_2012, "id", "tc-2011")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, TC, TC_2012, "id"))
    assert found == [f"{data_copy / TC}:3: id: value 'tc-2011': duplicate primary key (first at line 2)"], out


def test_unknown_document_id(run_cli, data_copy: Path) -> None:
    set_cell(data_copy / TC, TC_2012, "document_id", "no-such-document")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, TC, TC_2012, "document_id"))
    assert found and "unknown document_id: not a document_id in documents.csv" in found[0], out


def test_excerpt_not_in_the_source(run_cli, data_copy: Path, sources_dir: Path) -> None:
    excerpt = get_cell(data_copy / TC, TC_2012, "excerpt")
    set_cell(data_copy / TC, TC_2012, "excerpt", excerpt.replace("registered", "recorded"))
    code, out, _ = run_cli("validate", "--data", data_copy, "--sources", sources_dir)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, TC, TC_2012, "excerpt"))
    assert len(found) == 1 and "excerpt not found verbatim in amnesty-upr-2014-kazakhstan.md" in found[0], out


def test_value_not_in_its_excerpt(run_cli, data_copy: Path) -> None:
    set_cell(data_copy / TC, TC_2012, "value", "603")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, TC, TC_2012, "value"))
    assert found == [f"{data_copy / TC}:3: value: value '603': value not in its excerpt "
                     "(as digits, grouped digits or number words)"], out


def test_period_end_before_period_start(run_cli, data_copy: Path) -> None:
    set_cell(data_copy / TC, TC_2012, "period_end", "2011-12-31")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, TC, TC_2012, "period_end"))
    assert found == [f"{data_copy / TC}:3: period_end: value '2011-12-31': "
                     "period_end before period_start (2012-01-01)"], out


def test_non_utf8_file(run_cli, data_copy: Path) -> None:
    path = data_copy / "zhanaozen.csv"
    raw = path.read_bytes().split(b"\n")
    line = next(i for i, row in enumerate(raw, 1) if row.startswith(b"zh-killed,"))
    raw[line - 1] = raw[line - 1].replace(b"Zhanaozen", "Zhanaözen".encode("latin-1"), 1)
    path.write_bytes(b"\n".join(raw))
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, "zhanaozen.csv", line, "place"))
    assert found and "not valid UTF-8 (byte 0xf6)" in found[0], out


def test_empty_file(run_cli, data_copy: Path) -> None:
    (data_copy / "events.csv").write_bytes(b"")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, "events.csv", 1, "(file)"))
    assert found and "empty file" in found[0], out


def test_unknown_extra_column(run_cli, data_copy: Path) -> None:
    add_column(data_copy / TC, "source_page", "9")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, TC, 1, "source_page"))
    assert found and "unknown extra column" in found[0], out


# ---- the project's row rules ----

def test_unquantified_row_must_not_carry_a_value(run_cli, data_copy: Path) -> None:
    path = data_copy / "zhanaozen.csv"
    line = next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if row.startswith("zh-wounded,"))
    set_cell(path, line, "value", "300")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    assert problem_lines(out, problem_prefix(data_copy, "zhanaozen.csv", line, "value")), out


def test_excerpt_with_a_variant_spelling_must_record_it(run_cli, data_copy: Path) -> None:
    path = data_copy / "zhanaozen.csv"
    line = next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if row.startswith("zh-torture-reports,"))
    set_cell(path, line, "place_variant", "")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, "zhanaozen.csv", line, "place_variant"))
    assert found and "spells Zhanaozen as Zhanozen" in found[0], out


def test_event_date_must_be_stated_in_its_excerpt(run_cli, data_copy: Path) -> None:
    path = data_copy / "events.csv"
    line = next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if row.startswith("ev-2011-12-16-zhanaozen,"))
    set_cell(path, line, "date", "2011-12-17")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    found = problem_lines(out, problem_prefix(data_copy, "events.csv", line, "date"))
    assert found and "day 17 missing" in found[0], out


def test_every_problem_is_one_line_and_the_summary_counts_them(run_cli, data_copy: Path) -> None:
    set_cell(data_copy / TC, TC_2012, "qualifier", "rough\nly")
    set_cell(data_copy / TC, TC_2012 + 1, "unit", "tenge")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    lines = out.strip().splitlines()
    problems, summary = lines[:-1], lines[-1]
    assert len(problems) == 2
    assert problems[0] == (f"{data_copy / TC}:3: qualifier: value 'rough\\nly': not in the closed list of qualifier "
                           "(exact, approximate, at_least, at_most, range, unquantified)")
    # The quoted line break moves the next row one line down: line numbers stay those of the file.
    assert problems[1].startswith(f"{data_copy / TC}:5: unit: value 'tenge': not in the closed list of unit")
    assert summary.startswith(f"validate: {len(problems)} problem")
