"""A first look at any table: its tidy rows, one qualified bar chart and a plain-language summary.

This is what `new-notebook` wires a fresh notebook to, so a new question runs end to end (in
JupyterLab and under papermill) before its author writes the theme's own analysis. It works on
every table of the data contract: the label is the table's first own column (measure, year,
outlet_type, ...), values are drawn through the chart kit's qualifier encodings, the source line
and alt text are composed from the rows, and every word comes from the locale catalogues.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.i18n import t

# The data contract's common value columns, in the order the tidy table shows them.
COMMON_COLUMNS: tuple[str, ...] = (
    "id", "value", "value_max", "value_text", "unit", "qualifier", "period_start", "period_end",
    "claimant", "document_id", "locator", "excerpt",
)
# Formats a Markdown viewer shows inline, in order of preference.
_INLINE_FORMATS = ("svg", "png")


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


def output_folder(output_dir: str | os.PathLike[str], notebook_stem: str) -> Path:
    """`output_dir/<notebook stem>/`, created: where a notebook's charts and summary go."""
    folder = Path(output_dir) / notebook_stem
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Chart:
    """A saved chart: where its files are and what its sidecar says (title, alt text, files)."""

    path_stem: Path
    sidecar: dict[str, Any]
    figure: Any = field(repr=False, default=None)

    @property
    def title(self) -> str:
        return str(self.sidecar["title"])

    @property
    def alt_text(self) -> str:
        return str(self.sidecar["alt_text"])

    def file(self, formats: Sequence[str] = _INLINE_FORMATS) -> Path | None:
        """The first saved file among `formats` (the one a summary embeds), or None."""
        files = self.sidecar.get("files", {})
        for fmt in formats:
            if fmt in files:
                return self.path_stem.with_name(files[fmt])
        return None


def _height_ratio(size: str, n_rows: int) -> float:
    from analysis.sizes import MM_PER_INCH, get_size

    preset = get_size(size)
    ratio = max(preset.default_height_ratio, 0.3 + 0.06 * n_rows)
    if preset.max_height_mm is not None:
        ratio = min(ratio, preset.max_height_mm / (preset.width_in * MM_PER_INCH))
    return ratio


def row_label(row: pd.Series, label: str) -> str:
    """A row's label as words: identifiers such as "officers_convicted" read "officers convicted"."""
    from analysis.wording import label_text

    return label_text(row, label).replace("_", " ")


def bar_labels(rows: pd.DataFrame, label: str, lang: str) -> list[str]:
    """Each row's label. Rows sharing a label are told apart by their claimant when the claimants
    differ (detentions by officials vs by eyewitnesses), else by where the source gives them."""
    from analysis.attribution import locator_words
    from analysis.wording import is_missing, term

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


def qualified_bar_chart(rows: pd.DataFrame, documents: pd.DataFrame, path_stem: str | os.PathLike[str], *,
                        title: str, lang: str, size: str = "web", formats: Sequence[str] = ("svg", "png"),
                        subtitle: str = "", label: str | None = None) -> Chart:
    """One horizontal bar per row, each drawn per its qualifier, framed and saved through the chart kit.

    The figure stays open so JupyterLab shows it under the cell; the files are the publication copy.
    """
    from analysis import attribution, charts, encodings, export
    from analysis.alt_text import compose_alt_text

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
    source = attribution.source_line(rows, documents, lang)
    charts.frame(fig, title=title, subtitle=subtitle, source=source)
    alt = compose_alt_text(drawn, lang=lang, title=title, kind="bar", label="_bar_label")
    sidecar = export.save_figure(fig, path_stem, alt_text=alt, title=title, formats=formats, size=size)
    return Chart(Path(path_stem), sidecar, fig)


@dataclass
class Summary:
    """The summary text and the file it was written to; shown as Markdown in JupyterLab."""

    text: str
    path: Path

    def _repr_markdown_(self) -> str:
        # Image links in the file are relative to the file; in the notebook they must be relative
        # to the kernel's working directory (the notebook's folder).
        folder = os.path.relpath(self.path.parent.resolve(), Path.cwd())
        if folder == ".":
            return self.text
        return re.sub(r"(!\[[^\]]*\]\()(?![a-z]+:|/)([^)]+\))", lambda m: f"{m.group(1)}{folder}/{m.group(2)}",
                      self.text)

    def __str__(self) -> str:
        return self.text


def summary_items(rows: pd.DataFrame, lang: str, label: str | None = None) -> list[str]:
    """One sentence per row: label, value with its qualifier in words, claimant and locator."""
    from analysis.attribution import locator_words
    from analysis.wording import capitalize, is_missing, term, value_words

    label = label or label_column(rows)
    items = []
    for _, row in rows.iterrows():
        fields = {"label": capitalize(row_label(row, label)), "value": value_words(row, lang, style="long")}
        where = row.get("locator")
        if is_missing(where):
            raise ValueError(f"row {row.get('id', '?')}: column 'locator' is empty; every figure says where the source gives it")
        fields["where"] = locator_words(str(where), lang)
        who = row.get("claimant")
        if is_missing(who):
            items.append(t("explore.summary.item_without_claimant", lang, **fields))
        else:
            items.append(t("explore.summary.item", lang, claimant=term("claimant", str(who), lang), **fields))
    return items


def write_summary(rows: pd.DataFrame, documents: pd.DataFrame, charts: Sequence[Chart],
                  out_dir: str | os.PathLike[str], *, lang: str, title: str | None = None,
                  label: str | None = None) -> Summary:
    """Write `summary.<lang>.md` in `out_dir`: heading, one sentence per row, the charts with their
    alt text, and the source line. Written atomically; returns the text for display."""
    from analysis.attribution import source_line
    from analysis.export import atomic_write_bytes

    out_dir = Path(out_dir)
    heading = title or (charts[0].title if charts else None)
    if not heading:
        raise ValueError("write_summary: pass title= or at least one chart")
    lines = [f"# {heading}", ""]
    lines += [f"- {item}" for item in summary_items(rows, lang, label)]
    for chart in charts:
        image = chart.file()
        if image is not None:
            lines += ["", f"![{chart.alt_text}]({os.path.relpath(image, out_dir)})"]
        else:  # print sets: only PDF, which Markdown cannot show inline
            pdf = chart.file(("pdf",))
            if pdf is not None:
                lines += ["", f"[{chart.title}]({os.path.relpath(pdf, out_dir)})"]
    lines += ["", source_line(rows, documents, lang), ""]
    text = "\n".join(lines)
    path = out_dir / f"summary.{lang}.md"
    atomic_write_bytes(path, text.encode("utf-8"))
    return Summary(text, path)
