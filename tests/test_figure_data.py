"""The data behind every published chart: `<chart>.csv` beside each figure holds the rows the chart
draws, each data row as data/ has it, each record of ours marked with its method from the ledger."""

from __future__ import annotations

import csv
import json
import re
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


CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# English words in a Russian method (a document symbol such as A/HRC/28/10 or a row id is neither).
ENGLISH_WORDS = re.compile(r"\b(?:count|of|the|on|in|listed|recommendations?|our|theme|concern)\b")


def _english_sidecar(path: Path) -> Path:
    """The same chart in the English set (figures/en/...) of a figure in another set."""
    return FIGURES / "en" / path.relative_to(FIGURES).relative_to(path.relative_to(FIGURES).parts[0])


def _family(path: Path) -> list[Path]:
    """A chart and its pages, whichever way a set splits it: key_figures, key_figures-1, -2…"""
    base = path.stem.rsplit("-", 1)[0] if path.stem.rsplit("-", 1)[-1].isdigit() else path.stem
    return sorted(p for p in path.parent.glob(f"{base}*{path.suffix}")
                  if p.stem == base or (p.stem.startswith(base + "-") and p.stem[len(base) + 1:].isdigit()))


def _english_twin(path: Path) -> dict[str, dict[str, str]]:
    """The English set's rows of the same chart (of any of its pages: a Russian print set may split
    it into other pages than the English web set)."""
    return {r["id"]: r for twin in _family(_english_sidecar(path).with_suffix(".csv")) for r in _rows(twin)}


def _methods(sidecar_path: Path) -> set:
    """The methods of the derived claims in the chart's ledger and in its notebook's summary ledger:
    the CSV lists every row, its alt text only the first ones (alt_text.MAX_CHARS), so a record of
    ours may be stated in the summary rather than in the chart's texts."""
    if not sidecar_path.is_file():
        return set()
    ledgers = [sidecar_path, *sidecar_path.parent.glob("summary.*.claims.json")]
    return {e.get("method") for path in ledgers for e in json.loads(path.read_text(encoding="utf-8"))["claims"]
            if e.get("kind") == "derived"}


@pytest.fixture(scope="session")
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


def _catalogue_methods() -> list[re.Pattern]:
    """The methods the English catalogue defines for records of ours (`*.csv_method.*`), as patterns."""
    from analysis.words import i18n

    return [re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(text)))
            for key, text in i18n.catalogue("en").items() if ".csv_method." in key and isinstance(text, str)]


def test_each_csv_row_is_a_data_row_as_in_data_or_ours_with_its_method(index):
    checked = ours = in_ledger = 0
    catalogue = _catalogue_methods()
    assert len(catalogue) >= 5
    for sidecar_path in _sidecars():
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        methods = _methods(sidecar_path)
        twin_methods = set().union(*[_methods(p) for p in _family(_english_sidecar(sidecar_path))] or [set()])
        rows = _rows(sidecar_path.with_suffix(".csv"))
        where = sidecar_path.relative_to(FIGURES).as_posix()
        assert rows, f"{where}: the CSV has no rows"
        assert list(rows[0])[:2] == ["id", "label"] and list(rows[0])[-1] == "ours", where
        twin = _english_twin(sidecar_path)
        for row in rows:
            assert row["label"], f"{where}: row {row['id']!r} has no label"  # every row is named
            if row["ours"]:
                # A record we made: not a row of data/, and its method: the ledger's where the chart's
                # texts or the summary state the number, else one the catalogue defines (the CSV lists
                # every row; the alt text only the first ones). In Russian, the method in Russian words,
                # and the English CSV of the chart gives the ledger's.
                ours += 1
                assert row["id"] not in index, f"{where}: {row['id']} is a data row marked as ours"
                prefix, _, method = row["ours"].partition(": ")
                assert prefix in ("our count", "наш подсчёт") and method, f"{where}: {row['ours']!r}"
                known = methods
                if prefix == "наш подсчёт":
                    assert CYRILLIC.search(method) and not ENGLISH_WORDS.search(method), f"{where}: {method!r}"
                    method, known = twin[row["id"]]["ours"].partition(": ")[2], twin_methods
                if method in known:
                    in_ledger += 1
                else:
                    assert any(p.fullmatch(method) for p in catalogue), \
                        f"{where}: {row['id']}: method {method!r} is neither in the ledgers nor the catalogue's"
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
    assert checked > 1000 and ours > 20 and in_ledger > 20  # every chart, both languages and print


def test_no_csv_holds_claim_markers():
    """A label composed with claims is written as its words (analysis.kit.report._cell strips the
    markers the claims ledger uses while a chart is composed)."""
    for path in sorted(FIGURES.rglob("*.csv")):
        text = path.read_text(encoding="utf-8")
        assert not re.search("[\ue000-\uf8ff]", text), f"{path.relative_to(FIGURES)}: private-use characters"
