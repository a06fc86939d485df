"""`analysis.load`: typed DataFrames, only after validation, never half-valid, cached until files change."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.data.datapackage import read_package
from support.csv_edits import get_cell, set_cell

TABLES = [r.name for r in read_package(Path(__file__).resolve().parent.parent / "data").resources]


def test_torture_complaints_dtypes(fresh_loader, repo_data_dir: Path) -> None:
    df = fresh_loader.load("torture_complaints", repo_data_dir)
    assert str(df["id"].dtype) == "string"
    assert df["year"].dtype == "Int64"
    assert df["value"].dtype == "Int64"
    assert df["value_max"].dtype == "Int64" and df["value_max"].isna().all()
    assert isinstance(df["qualifier"].dtype, pd.CategoricalDtype)
    assert list(df["qualifier"].cat.categories) == ["exact", "approximate", "at_least", "at_most", "range", "unquantified"]
    assert isinstance(df["claimant"].dtype, pd.CategoricalDtype)
    assert isinstance(df["unit"].dtype, pd.CategoricalDtype)
    assert pd.api.types.is_datetime64_any_dtype(df["period_start"])
    assert pd.api.types.is_datetime64_any_dtype(df["period_end"])
    assert str(df["excerpt"].dtype) == "string"
    assert df["value_text"].isna().all(), "empty cells load as missing, not as ''"


def test_other_dtypes(fresh_loader, repo_data_dir: Path) -> None:
    closures = fresh_loader.load("media_closures", repo_data_dir)
    assert closures["owned_by_media_group"].dtype == "boolean"
    assert closures["owned_by_media_group"].isna().any()
    events = fresh_loader.load("events", repo_data_dir)
    assert str(events["date"].dtype) == "string", "dates of mixed precision stay text (see date_precision)"
    assert isinstance(events["date_precision"].dtype, pd.CategoricalDtype)
    assert isinstance(events["theme"].dtype, pd.CategoricalDtype)
    recs = fresh_loader.load("upr_2010_cited_recommendations", repo_data_dir)
    assert recs["recommendation_number"].dtype == "Int64"


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads_with_its_declared_columns(fresh_loader, repo_data_dir: Path, name: str) -> None:
    df = fresh_loader.load(name, repo_data_dir)
    declared = [f.name for f in read_package(repo_data_dir).resource(name).fields]
    assert list(df.columns) == declared
    assert len(df) > 0


def test_package_level_wrapper(repo_data_dir: Path) -> None:
    df = analysis.load("torture_complaints", repo_data_dir)
    assert df["value"].dtype == "Int64"


def test_invalid_table_raises_and_lists_every_problem(fresh_loader, data_copy: Path) -> None:
    set_cell(data_copy / "torture_complaints.csv", 3, "qualifier", "roughly")
    set_cell(data_copy / "torture_complaints.csv", 4, "value", "-1")
    with pytest.raises(fresh_loader.DataValidationError) as info:
        fresh_loader.load("torture_complaints", data_copy)
    message = str(info.value)
    assert f"{data_copy / 'torture_complaints.csv'}:3: qualifier: value 'roughly'" in message
    assert f"{data_copy / 'torture_complaints.csv'}:4: value: value '-1': negative count" in message
    assert len(info.value.problems) >= 2


def test_a_broken_referenced_table_blocks_loading(fresh_loader, data_copy: Path) -> None:
    (data_copy / "documents.csv").write_bytes(b"")
    with pytest.raises(fresh_loader.DataValidationError, match="documents.csv:1: \\(file\\): value '': empty file"):
        fresh_loader.load("torture_complaints", data_copy)


def test_an_unrelated_table_does_not_block_loading(fresh_loader, data_copy: Path) -> None:
    (data_copy / "events.csv").write_bytes(b"")
    assert len(fresh_loader.load("torture_complaints", data_copy)) == 3


def test_unknown_table(fresh_loader, repo_data_dir: Path) -> None:
    with pytest.raises(KeyError, match="no table 'torture'"):
        fresh_loader.load("torture", repo_data_dir)


def test_provenance_is_checked_when_the_sources_are_known(fresh_loader, data_copy: Path, sources_dir: Path,
                                                         monkeypatch) -> None:
    path = data_copy / "torture_complaints.csv"
    set_cell(path, 3, "excerpt", get_cell(path, 3, "excerpt").replace("registered", "recorded"))
    with pytest.raises(fresh_loader.DataValidationError, match="excerpt not found verbatim"):
        fresh_loader.load("torture_complaints", data_copy, sources_dir=sources_dir)
    monkeypatch.delenv("ANALYSIS_SOURCES_DIR", raising=False)
    df = fresh_loader.load("torture_complaints", data_copy)  # without the sources only the schema is checked
    assert len(df) > 0


def test_a_passed_check_is_remembered_across_processes_and_forgotten_when_the_data_change(
        fresh_loader, data_copy: Path, sources_dir: Path, monkeypatch) -> None:
    """The excerpt check reads the sources once per fingerprint: a later load, in this process or
    another (the build's runs, a notebook), only reads the table; a changed cell is checked again."""
    import analysis.data.validate as validate

    fresh_loader.load("torture_complaints", data_copy, sources_dir=sources_dir)
    fresh_loader.clear_cache()
    monkeypatch.setattr(validate, "validate_package", lambda *a, **k: pytest.fail("validated again"))
    assert len(fresh_loader.load("torture_complaints", data_copy, sources_dir=sources_dir)) > 0
    monkeypatch.undo()
    path = data_copy / "torture_complaints.csv"
    set_cell(path, 3, "excerpt", get_cell(path, 3, "excerpt").replace("registered", "recorded"))
    with pytest.raises(fresh_loader.DataValidationError, match="excerpt not found verbatim"):
        fresh_loader.load("torture_complaints", data_copy, sources_dir=sources_dir)


def test_cache_follows_file_changes_and_returns_copies(fresh_loader, data_copy: Path) -> None:
    path = data_copy / "torture_complaints.csv"
    first = fresh_loader.load("torture_complaints", data_copy)
    first.loc[0, "notes"] = "changed by a caller"
    again = fresh_loader.load("torture_complaints", data_copy)
    assert again.loc[0, "notes"] is pd.NA, "a caller's edit must not reach the cache"
    set_cell(path, 2, "notes", "edited on disk")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert fresh_loader.load("torture_complaints", data_copy).loc[0, "notes"] == "edited on disk"
    set_cell(path, 2, "value", "x")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    with pytest.raises(fresh_loader.DataValidationError):
        fresh_loader.load("torture_complaints", data_copy)
