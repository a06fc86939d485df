"""The generic first look a new notebook starts from: tidy rows, one qualified chart, a summary."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.notebook import explore
from analysis.kit import report
from analysis.words.i18n import t

DOC = "submission"
SECTION = "Violation of the right to freedom of assembly"


def _documents() -> pd.DataFrame:
    return pd.DataFrame([{"document_id": DOC, "title": "Kazakhstan: Crackdown on human rights",
                          "author": "Amnesty International", "symbol": "", "published": ""}])


def _table() -> pd.DataFrame:
    """Zhanaozen-shaped rows (test input only): a themed label column first, value columns, an extra."""
    rows = [
        ("zh-killed", "killed", 15, "", "people", "exact", "amnesty_international"),
        ("zh-wounded", "wounded", None, "hundreds", "people", "unquantified", "amnesty_international"),
        ("zh-detained-gpo", "detained", 130, "", "people", "exact", "general_prosecutors_office"),
        ("zh-detained-eye", "detained", 700, "", "people", "at_most", "eyewitnesses"),
        ("zh-sentence", "officers_sentence", 5, "", "years", "range", "amnesty_international"),
    ]
    df = pd.DataFrame(rows, columns=["id", "measure", "value", "value_text", "unit", "qualifier", "claimant"])
    df["value"] = df["value"].astype("Float64")
    df["value_max"] = pd.array([None, None, None, None, 7], dtype="Float64")
    df["document_id"] = DOC
    df["locator"] = SECTION
    df["place"] = "Zhanaozen"
    return df


def test_label_is_the_first_own_column() -> None:
    assert explore.label_column(_table()) == "measure"
    assert explore.label_column(_table()[["id", "value", "qualifier"]]) == "id"
    with pytest.raises(ValueError, match="no label column"):
        explore.label_column(pd.DataFrame({"value": [1]}))


def test_tidy_puts_label_then_value_columns_then_the_rest() -> None:
    rows = explore.tidy(_table())
    assert list(rows.columns) == ["measure", "id", "value", "value_max", "value_text", "unit", "qualifier",
                                  "claimant", "document_id", "locator", "place"]
    assert list(rows["id"]) == list(_table()["id"])  # table order kept


def test_tidy_keeps_one_unit() -> None:
    assert explore.units(_table()) == ["people", "years"]
    rows = explore.tidy(_table(), unit="people")
    assert set(rows["unit"]) == {"people"} and len(rows) == 4
    with pytest.raises(ValueError, match="no row has unit 'days'; the table's units are 'people', 'years'"):
        explore.tidy(_table(), unit="days")
    with pytest.raises(ValueError, match="no 'value'/'qualifier' columns"):
        explore.tidy(_table().drop(columns=["qualifier"]))


def test_shared_labels_are_told_apart() -> None:
    rows = explore.tidy(_table(), unit="people")
    labels = explore.bar_labels(rows, "measure", "en")
    assert labels == ["killed", "wounded", f"detained ({t('chart.claimant.general_prosecutors_office', 'en')})",
                      f"detained ({t('chart.claimant.eyewitnesses', 'en')})"]
    # Same claimant twice: the locator tells the rows apart; identical rows keep their label.
    same = rows.iloc[[2, 2]].assign(locator=[SECTION, "Endnote 12"])
    assert explore.bar_labels(same, "measure", "en")[1] == "detained (endnote 12)"
    assert explore.bar_labels(rows.iloc[[2, 2]], "measure", "en") == ["detained", "detained"]
    assert explore.row_label(_table().iloc[4], "measure") == "officers sentence"


def test_facts_carry_qualifier_claimant_and_locator() -> None:
    items = explore.facts(explore.tidy(_table()), "en")
    assert items[1] == "Wounded: hundreds, according to Amnesty International [section “" + SECTION + "”]."
    assert items[3].startswith("Detained: as many as 700, according to eyewitness")
    assert items[4].startswith("Officers sentence: between 5 and 7")
    ru = explore.facts(explore.tidy(_table()), "ru")
    assert "700" in ru[3] and ru[3] != items[3]
    with pytest.raises(ValueError, match="the locator is empty"):
        explore.facts(explore.tidy(_table()).assign(locator=""), "en")


def test_chart_and_summary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = explore.tidy(_table(), unit="people")
    chart = explore.bar_chart(rows, _documents(), title="Zhanaozen", lang="en")
    assert chart.name == "chart" and chart.title == "Zhanaozen"
    assert "as many as 700" in chart.alt_text and "hundreds" in chart.alt_text
    saved = report.save_charts([chart], tmp_path / "figures" / "en", "07_detention", ["svg", "png"], "web")
    out = tmp_path / "figures" / "en" / "07_detention"
    assert sorted(p.name for p in out.iterdir()) == ["chart.csv", "chart.json", "chart.png", "chart.svg"]
    assert json.loads((out / "chart.json").read_text())["alt_text"] == chart.alt_text
    assert (out / "chart.csv").read_text(encoding="utf-8").startswith("id,label,value,")

    text = explore.summary(rows, _documents(), saved, lang="en")
    assert text.startswith("# Zhanaozen\n")
    assert "- Killed: 15, according to Amnesty International [section" in text
    assert f"![{chart.alt_text}](chart.svg)" in text
    assert "Source: Amnesty International" in text.rstrip().splitlines()[-1]
    written = report.write_summary(text, out, "en")
    assert (out / "summary.en.md").read_text(encoding="utf-8") == text
    # Shown in the notebook, the image link is relative to the notebook's folder (the kernel's cwd).
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    monkeypatch.chdir(notebooks)
    assert "](../figures/en/07_detention/chart.svg)" in written._repr_markdown_()

    with pytest.raises(ValueError, match="counted in 2 units \\('people', 'years'\\)"):
        explore.bar_chart(explore.tidy(_table()), _documents(), title="x", lang="en")


def test_a_pdf_only_summary_links_the_chart(tmp_path: Path) -> None:
    rows = explore.tidy(_table(), unit="people")
    chart = explore.bar_chart(rows, _documents(), title="Zhanaozen", lang="ru", size="print-single")
    saved = report.save_charts([chart], tmp_path, "07_x", ["pdf"], "print-single")
    text = explore.summary(rows, _documents(), saved, lang="ru")
    assert "(chart.pdf)" in text and "![" not in text
