"""A first look at any table: its tidy rows, one qualified bar chart and a plain-language summary.

This is what `new-notebook` wires a fresh notebook to, so a new question runs end to end (in
JupyterLab and under papermill) before its author writes the theme's own module. It stands where a
theme module stands in the house call pattern (see analysis.kit.report): `tidy` gives the table behind
the chart, `bar_chart` a framed `report.Chart` for `report.save_charts`, `summary` the Markdown for
`report.write_summary`. It works on every table of the data contract that holds numbers: the label
is the table's first own column (measure, year, outlet_type, ...), values are drawn through the
chart kit's qualifier encodings, sentences come from analysis.words.narrative, and the source line and
alt text are composed from the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.words import claims
from analysis.words.i18n import t

# The data contract's common value columns, in the order the tidy table shows them.
COMMON_COLUMNS: tuple[str, ...] = (
    "id", "value", "value_max", "value_text", "unit", "qualifier", "period_start", "period_end",
    "claimant", "document_id", "locator", "excerpt",
)


def label_column(table: pd.DataFrame) -> str:
    """The column that names each row: the table's first column outside the common value columns."""
    for column in table.columns:
        if column not in COMMON_COLUMNS:
            return str(column)
    if "id" in table.columns:
        return "id"
    raise ValueError(f"table has no label column: columns are {list(table.columns)}")


def units(table: pd.DataFrame) -> list[str]:
    """The units a table's rows are counted in, most frequent first (ties in table order)."""
    if "unit" not in table.columns:
        return []
    values = [str(u) for u in table["unit"] if not pd.isna(u) and str(u).strip()]
    return sorted(dict.fromkeys(values), key=lambda u: -values.count(u))


def tidy(table: pd.DataFrame, label: str | None = None, *, unit: str | None = None) -> pd.DataFrame:
    """The rows behind a chart: the label first, then value, qualifier, period, claimant and source.

    Table order is kept; the table's other themed columns follow, so nothing is hidden. `unit`
    keeps the rows counted in that unit (one chart, one unit: people and years share no axis).
    """
    if "value" not in table.columns or "qualifier" not in table.columns:
        raise ValueError(
            f"table has no 'value'/'qualifier' columns (columns: {list(table.columns)}); "
            "explore charts tables that hold numbers"
        )
    label = label or label_column(table)
    if label not in table.columns:
        raise ValueError(f"label column {label!r} is not in the table: columns are {list(table.columns)}")
    if unit is not None:
        available = units(table)
        if unit not in available:
            raise ValueError(f"no row has unit {unit!r}; the table's units are {', '.join(map(repr, available))}")
        table = table[table["unit"].astype("string") == unit]
    common = [c for c in COMMON_COLUMNS if c in table.columns and c != label]
    others = [c for c in table.columns if c not in common and c != label]
    return table[[label, *common, *others]].reset_index(drop=True)


def _height_ratio(size: str, n_rows: int) -> float:
    from analysis.kit.sizes import MM_PER_INCH, get_size

    preset = get_size(size)
    ratio = max(preset.default_height_ratio, 0.3 + 0.06 * n_rows)
    if preset.max_height_mm is not None:
        ratio = min(ratio, preset.max_height_mm / (preset.width_in * MM_PER_INCH))
    return ratio


def row_label(row: pd.Series, label: str) -> str:
    """A row's label as words: identifiers such as "officers_convicted" read "officers convicted"."""
    from analysis.words.wording import label_text

    return label_text(row, label).replace("_", " ")


def bar_labels(rows: pd.DataFrame, label: str, lang: str) -> list[str]:
    """Each row's label. Rows sharing a label are told apart by their claimant when the claimants
    differ (detentions by officials vs by eyewitnesses), else by where the source gives them."""
    from analysis.words.attribution import locator_words
    from analysis.words.wording import is_missing, term

    names = [row_label(row, label) for _, row in rows.iterrows()]
    out = []
    for name, (_, row) in zip(names, rows.iterrows()):
        twins = rows[[n == name for n in names]]
        if len(twins) > 1:
            for column in ("claimant", "locator"):
                if column not in rows.columns or is_missing(row.get(column)):
                    continue
                if twins[column].astype("string").nunique(dropna=False) == len(twins):
                    value = str(row[column])
                    detail = term("claimant", value, lang) if column == "claimant" else locator_words(value, lang)
                    name = t("explore.label.with_detail", lang, label=name, detail=detail)
                    break
        out.append(name)
    return out


@claims.scoped
def bar_chart(rows: pd.DataFrame, documents: pd.DataFrame, *, title: str, lang: str, size: str = "web",
              name: str = "chart", subtitle: str = "", label: str | None = None) -> Any:
    """One horizontal bar per row, each drawn per its qualifier, framed with its source line: a
    `report.Chart` (not yet saved) with the alt text composed from the same rows."""
    from analysis.words import attribution
    from analysis.kit import charts, encodings
    from analysis.words.alt_text import compose_alt_text
    from analysis.kit.report import Chart

    label = label or label_column(rows)
    counted_in = units(rows)
    if len(counted_in) > 1:
        raise ValueError(
            f"rows are counted in {len(counted_in)} units ({', '.join(map(repr, counted_in))}); one chart "
            f"takes one unit: choose with explore.tidy(table, unit=...)"
        )
    drawn = rows.assign(_bar_label=bar_labels(rows, label, lang))
    fig, ax = charts.new_figure(size, height_ratio=_height_ratio(size, len(rows)))
    encodings.qualified_bars(ax, drawn, lang=lang, label="_bar_label")
    charts.frame(fig, title=title, subtitle=subtitle, source=attribution.source_line(rows, documents, lang))
    alt = compose_alt_text(drawn, lang=lang, title=title, kind="bar", label="_bar_label")
    return Chart(name, fig, title, alt, rows=rows)


def facts(rows: pd.DataFrame, lang: str, label: str | None = None) -> list[str]:
    """One sentence per row: label, value with its qualifier in words, claimant and locator."""
    from analysis.words.narrative import fact

    label = label or label_column(rows)
    return [fact(row, lang, label=row_label(row, label)) for _, row in rows.iterrows()]


@claims.scoped
def summary(rows: pd.DataFrame, documents: pd.DataFrame, saved: Sequence[Any], *, lang: str,
            title: str | None = None, label: str | None = None) -> str:
    """The summary in Markdown: title, one sentence per row, the charts with their alt text, the source.

    `saved` is what report.save_charts returned; the title defaults to the first chart's.
    """
    from analysis.words.attribution import source_line
    from analysis.words.narrative import document, markdown

    heading = title or (saved[0].title if saved else "")
    if not str(heading).strip():
        raise ValueError("explore.summary: pass title= or at least one saved chart")
    return markdown(document(heading, lang=lang, facts=facts(rows, lang, label), charts=[s.name for s in saved],
                             source=source_line(rows, documents, lang)), saved)
