"""The data behind every published chart: `<chart>.csv` beside each figure holds the rows the chart
draws, each data row as data/ has it, each record of ours marked with its method from the ledger."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from analysis.words.ledger import _same, data_index
from analysis.core.paths import REPO_ROOT

FIGURES = REPO_ROOT / "figures"
# The CSV's columns that copy a data row's cell (label is translated, date is written as drawn).
COPIED = ("value", "value_max", "value_text", "unit", "qualifier", "claimant", "document_id", "locator", "excerpt")


def _sidecars() -> list[Path]:
    return sorted(p for p in FIGURES.rglob("*.json")
                  if not p.name.endswith(".claims.json") and p.name != "manifest.json")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def index():
    return data_index(REPO_ROOT / "data")


def test_every_published_chart_has_its_csv_listed_in_sidecar_and_manifest():
    manifest = json.loads((FIGURES / "manifest.json").read_text(encoding="utf-8"))
    by_sidecar = {f["sidecar"]["path"]: f for f in manifest["figures"]}
    assert _sidecars()
    for sidecar_path in _sidecars():
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        name = sidecar_path.relative_to(FIGURES).as_posix()
        assert sidecar["files"].get("csv") == f"{sidecar_path.stem}.csv", name
        entry = by_sidecar[name]
        assert entry["files"]["csv"]["path"] == name[:-5] + ".csv"
        assert entry["files"]["html"]["path"] == name[:-5] + ".html"  # and its page
        assert (FIGURES / entry["files"]["html"]["path"]).is_file()


def test_each_csv_row_is_a_data_row_as_in_data_or_ours_with_its_method(index):
    checked = ours = 0
    for sidecar_path in _sidecars():
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        methods = {e.get("method") for e in sidecar["claims"] if e.get("kind") == "derived"}
        rows = _rows(sidecar_path.with_suffix(".csv"))
        where = sidecar_path.relative_to(FIGURES).as_posix()
        assert rows, f"{where}: the CSV has no rows"
        assert list(rows[0])[:2] == ["id", "label"] and list(rows[0])[-1] == "ours", where
        for row in rows:
            if row["ours"]:
                # A record we made: not a row of data/, and the ledger's method for it.
                ours += 1
                assert row["id"] not in index, f"{where}: {row['id']} is a data row marked as ours"
                prefix, _, method = row["ours"].partition(": ")
                assert prefix in ("our count", "наш подсчёт") and method, f"{where}: {row['ours']!r}"
                assert method in methods, f"{where}: {row['id']}: method {method!r} is not in the chart's ledger"
                continue
            assert row["id"] in index, f"{where}: row {row['id']!r} is neither in data/ nor marked as ours"
            for column in COPIED:
                if column not in row:
                    continue
                data = index.with_column(row["id"], column)
                cell = data.get(column, "") if data else ""
                if column == "value" and row[column]:
                    assert _same(float(row[column]), cell), f"{where}: {row['id']} value {row[column]} ≠ {cell}"
                else:
                    assert row[column] == cell, f"{where}: {row['id']} {column} {row[column]!r} ≠ data {cell!r}"
                checked += 1
            if row.get("period"):
                data = index.with_column(row["id"], "period_start")
                start, _, end = row["period"].partition("/")
                assert _same(start, data.get("period_start", "")) and _same(end, data.get("period_end", "")), \
                    f"{where}: {row['id']} period {row['period']}"
    assert checked > 1000 and ours > 20  # every chart, both languages and print
