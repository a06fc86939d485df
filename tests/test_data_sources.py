"""Several source documents: each excerpt against its own document, and one line per broken source file.

The done-when list of the issue: validate passes with all three sources; a missing file, a sha256
mismatch, a file that is not a PDF, an unreadable PDF and an excerpt placed on the wrong page each
give one line and exit 1, and nothing is loaded. Every test corrupts copies (data/ and the sources
folder, which is read-only) in tmp_path. PDF text is cached by sha256 for the whole session.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.data.datapackage import read_package
from analysis.data.provenance import locator_page
from support.csv_edits import get_cell, read_rows, set_cell

DOCS = "documents.csv"
RECS = "upr_recommendations.csv"
PDF_2010 = "a-hrc-14-10.pdf"


@pytest.fixture
def sources_copy(sources_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the sources folder."""
    target = tmp_path / "sources"
    target.mkdir()
    for entry in sources_dir.iterdir():
        if entry.is_file():
            shutil.copyfile(entry, target / entry.name)
    return target


def line_of(path: Path, key: str) -> int:
    """The CSV line (header = 1) of the row whose first cell is `key`."""
    return next(i for i, row in enumerate(read_rows(path), 1) if row and row[0] == key)


def problems_of(out: str) -> list[str]:
    return out.strip().splitlines()[:-1]


def test_validate_passes_with_all_three_sources(run_cli, repo_data_dir: Path, sources_dir: Path) -> None:
    code, out, _ = run_cli("validate", "--data", repo_data_dir, "--sources", sources_dir)
    assert code == 0, out
    held = {row[7]: row[9] for row in read_rows(repo_data_dir / DOCS)[1:] if row[7]}
    assert held == {"amnesty-upr-2014-kazakhstan.md": "markdown", PDF_2010: "pdf", "a-hrc-28-10.pdf": "pdf"}


def test_a_missing_source_file_is_one_line(run_cli, data_copy: Path, sources_copy: Path) -> None:
    (sources_copy / PDF_2010).unlink()
    code, out, _ = run_cli("validate", "--data", data_copy, "--sources", sources_copy)
    assert code == 1
    line = line_of(data_copy / DOCS, "a-hrc-14-10")
    assert problems_of(out) == [f"{data_copy / DOCS}:{line}: source_file: value '{PDF_2010}': "
                                f"source file not found: {sources_copy / PDF_2010}"], out


def test_a_missing_submission_is_one_line_not_one_per_row(run_cli, data_copy: Path, sources_copy: Path) -> None:
    (sources_copy / "amnesty-upr-2014-kazakhstan.md").unlink()
    code, out, _ = run_cli("validate", "--data", data_copy, "--sources", sources_copy)
    assert code == 1
    problems = problems_of(out)
    assert len(problems) == 1 and "source file not found" in problems[0], out


def test_a_sha256_mismatch_is_one_line(run_cli, data_copy: Path, sources_copy: Path) -> None:
    data = bytearray((sources_copy / PDF_2010).read_bytes())
    data[len(data) // 2] ^= 0x01
    (sources_copy / PDF_2010).write_bytes(bytes(data))
    code, out, _ = run_cli("validate", "--data", data_copy, "--sources", sources_copy)
    assert code == 1
    line = line_of(data_copy / DOCS, "a-hrc-14-10")
    expected = get_cell(data_copy / DOCS, line, "sha256")
    problems = problems_of(out)
    assert len(problems) == 1, out
    assert problems[0].startswith(f"{data_copy / DOCS}:{line}: sha256: value '{expected}': "
                                  f"{sources_copy / PDF_2010} has sha256 "), out
    assert problems[0].endswith(": not the file this row names")


def test_a_file_that_is_not_a_pdf_is_one_line(run_cli, data_copy: Path, sources_copy: Path) -> None:
    (sources_copy / PDF_2010).write_text("# A Markdown file under a PDF's name\n", encoding="utf-8")
    code, out, _ = run_cli("validate", "--data", data_copy, "--sources", sources_copy)
    assert code == 1
    line = line_of(data_copy / DOCS, "a-hrc-14-10")
    assert problems_of(out) == [f"{data_copy / DOCS}:{line}: format: value 'pdf': {sources_copy / PDF_2010} "
                                "is not a PDF (no %PDF- header in its first 1024 bytes)"], out


def test_an_unreadable_pdf_is_one_line(run_cli, data_copy: Path, sources_copy: Path) -> None:
    from analysis.core.file_digest import sha256_of

    broken = sources_copy / PDF_2010
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    line = line_of(data_copy / DOCS, "a-hrc-14-10")
    set_cell(data_copy / DOCS, line, "sha256", sha256_of(broken))  # the right hash of a broken file
    code, out, _ = run_cli("validate", "--data", data_copy, "--sources", sources_copy)
    assert code == 1
    problems = problems_of(out)
    assert len(problems) == 1 and problems[0].startswith(
        f"{data_copy / DOCS}:{line}: source_file: value '{PDF_2010}': {broken}: unreadable PDF"), out


def test_an_excerpt_on_the_wrong_page_is_one_line(run_cli, data_copy: Path, sources_dir: Path) -> None:
    line = line_of(data_copy / RECS, "rec-2010-95-11")
    assert get_cell(data_copy / RECS, line, "locator") == "para. 95.11, p. 15"
    set_cell(data_copy / RECS, line, "locator", "para. 95.11, p. 16")
    code, out, _ = run_cli("validate", "--data", data_copy, "--sources", sources_dir)
    assert code == 1
    excerpt = get_cell(data_copy / RECS, line, "excerpt")
    shown = excerpt if len(excerpt) <= 80 else excerpt[:77] + "..."
    assert problems_of(out) == [f"{data_copy / RECS}:{line}: excerpt: value '{shown}': excerpt not on p. 16 of "
                                f"{PDF_2010} (it is on p. 15; PDF matching: analysis.data.pdf_text)"], out


def test_a_pdf_locator_must_name_its_page(run_cli, data_copy: Path, sources_dir: Path) -> None:
    line = line_of(data_copy / RECS, "rec-2014-124-15")
    set_cell(data_copy / RECS, line, "locator", "para. 124.15")
    code, out, _ = run_cli("validate", "--data", data_copy, "--sources", sources_dir)
    assert code == 1
    problems = problems_of(out)
    assert len(problems) == 1 and "the locator names no page of a-hrc-28-10.pdf" in problems[0], out


def test_a_held_document_needs_its_hash_and_format(run_cli, data_copy: Path) -> None:
    line = line_of(data_copy / DOCS, "a-hrc-28-10")
    set_cell(data_copy / DOCS, line, "sha256", "")
    code, out, _ = run_cli("validate", "--data", data_copy)
    assert code == 1
    assert problems_of(out) == [f"{data_copy / DOCS}:{line}: sha256: value '': required when source_file is given"], out


def test_nothing_is_loaded_when_a_source_fails(fresh_loader, data_copy: Path, sources_copy: Path) -> None:
    (sources_copy / PDF_2010).unlink()
    with pytest.raises(fresh_loader.DataValidationError, match="source file not found"):
        fresh_loader.load("torture_complaints", data_copy, sources_dir=sources_copy)


def test_every_un_excerpt_names_a_page(repo_data_dir: Path) -> None:
    package = read_package(repo_data_dir)
    for name in ("upr_recommendations", "upr_2010_record"):
        rows = read_rows(package.file(package.resource(name)))
        column = rows[0].index("locator")
        assert all(locator_page(row[column]) for row in rows[1:]), name
    assert locator_page("para. 124.15, p. 14") == 14 and locator_page("Endnote 14") is None
