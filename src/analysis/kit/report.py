"""What a theme notebook does with its charts and summary: save them, write them, show them.

Every theme notebook (notebooks/0N_*.ipynb) follows one pattern: its theme module's `run`
(analysis.themes.<theme>, which computes the tables and composes charts, titles, alt text and
sentences from the data) returns one value, and this module writes and displays it::

    # parameters (the one tagged cell; literal defaults only)
    data_dir = "../data"
    output_dir = "../figures/en"
    formats = ["svg", "png"]
    size = "web"
    lang = "en"
    show_estimate = False

    # load and run
    from analysis.kit import report
    from analysis.themes import base, torture as theme
    tables = theme.load_tables(data_dir)
    out = theme.run(tables, base.Params(lang, size, {"show_estimate": show_estimate}))

    # compute: the tidy tables behind the charts, qualifier, claimant and locator visible
    report.show_tables(out)

    # chart: write the charts (in `formats`) and the summary, show the saved files inline
    written = report.write(out, output_dir, formats)
    report.show_charts(written.charts)

    # summary: the Markdown written, embedding the charts with their alt text
    report.show_summary(written.summary)

Relative paths (`data_dir`, `output_dir`) resolve against the working directory: the notebook's
folder in JupyterLab and in the build (papermill runs with cwd=notebooks/). Outputs go to
`output_dir/<notebook stem>/`: `<chart>.<fmt>`, `<chart>.csv` (the rows the chart draws, see
`chart_csv`), `<chart>.json` (sidecar) and `summary.<lang>.md`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Protocol, Sequence

import pandas as pd
from matplotlib.figure import Figure

from analysis.words import claims as claims_
from analysis.words import narrative
from analysis.kit.export import FORMATS, atomic_write_bytes, save_figure
from analysis.words.i18n import LANGUAGES
from analysis.words.typeset import typeset, typeset_auto

__all__ = [
    "CSV_COLUMNS", "Chart", "ChartImage", "Output", "SavedFigure", "Summary", "Written", "chart_csv", "chart_image",
    "notebook_output", "save_charts", "show_charts", "show_summary", "show_table", "show_tables", "summary_path",
    "write", "write_summary",
]

# Formats a Markdown viewer or notebook shows inline, in order of preference.
INLINE_FORMATS: tuple[str, ...] = ("svg", "png")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# The columns of `<chart>.csv`, in order: those of them the chart's rows have (`period` from
# period_start/period_end, `date` as the chart draws it), always `id`, `label` and `ours`.
CSV_COLUMNS: tuple[str, ...] = ("id", "label", "date", "value", "value_max", "value_text", "unit", "qualifier",
                                "period", "claimant", "document_id", "locator", "excerpt", "ours")
_ALWAYS = ("id", "label", "ours")


@dataclass
class Chart:
    """A framed figure, not yet saved: its file name, title and alt text, and the rows it draws.

    `name` is the file stem under the notebook's output folder ("complaints" ->
    complaints.svg/.png/.pdf/.json). `rows` is the tidy table behind the chart (shown by
    show_table); `metadata` goes into the sidecar.
    """

    name: str
    fig: Figure = field(repr=False)
    title: str
    alt_text: str
    rows: pd.DataFrame | None = field(default=None, repr=False)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    claims: list[claims_.Claim] | None = field(default=None, repr=False)
    spans: dict[str, tuple[claims_.Span, ...]] = field(default_factory=dict, repr=False)

    def finish_claims(self, made: Sequence[claims_.Claim]) -> None:
        """Keep the claims made while the chart was composed; title and alt text become plain text
        with the span of each claim (analysis.words.claims.scoped calls this)."""
        self.claims = list(made)
        lang = str((self.metadata or {}).get("lang") or "")
        for name in ("title", "alt_text"):
            text = getattr(self, name)
            # The language's typesetting pass, markers still in (words.typeset keeps them whole).
            text = typeset(text, lang) if lang in LANGUAGES else typeset_auto(text)
            plain, spans = claims_.finish(text)
            setattr(self, name, plain)
            self.spans[name] = tuple(spans)

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"Chart name {self.name!r}: use lower-case letters, digits, '_' or '-' (a file stem)")
        if not str(self.title).strip():
            raise ValueError(f"Chart {self.name!r}: the title is empty")
        if not str(self.alt_text).strip():
            raise ValueError(f"Chart {self.name!r}: the alt text is empty (compose it with analysis.words.alt_text)")


@dataclass
class SavedFigure:
    """A chart as written: where its files are and what its sidecar says; `chart_spans`, the claims
    in its texts as the chart carried them (save_charts keeps them, so a summary embedding the chart
    takes them from the value, not back from the sidecar)."""

    name: str
    path_stem: Path
    sidecar: dict[str, Any]
    fig: Figure | None = field(default=None, repr=False)
    chart_spans: Mapping[str, tuple[claims_.Span, ...]] | None = field(default=None, repr=False)

    @property
    def title(self) -> str:
        return str(self.sidecar["title"])

    @property
    def alt_text(self) -> str:
        return str(self.sidecar["alt_text"])

    def spans(self, name: str) -> list[claims_.Span]:
        """The claims in one of the chart's texts ("alt_text", "title"): the chart's own, else (a chart
        read back from its files) its sidecar's ledger."""
        if self.chart_spans is not None:
            return list(self.chart_spans.get(name, ()))
        text = str(self.sidecar.get(name, ""))
        return [claims_.Span(e["start"], e["end"], claims_.Claim.from_json(text[e["start"]:e["end"]], e))
                for e in self.sidecar.get("claims", []) if e.get("field") == name]

    @property
    def files(self) -> dict[str, Path]:
        """Format -> path of every file written."""
        return {fmt: self.path_stem.with_name(name) for fmt, name in self.sidecar.get("files", {}).items()}

    def file(self, formats: Sequence[str] = INLINE_FORMATS) -> Path | None:
        """The first file written among `formats`, or None."""
        files = self.files
        return next((files[fmt] for fmt in formats if fmt in files), None)


def notebook_output(output_dir: str | os.PathLike[str], stem: str) -> Path:
    """`output_dir/<stem>/`, created: the one folder a notebook writes into."""
    if not str(stem).strip() or Path(stem).name != stem:
        raise ValueError(f"notebook stem {stem!r} must be a plain file name (e.g. '01_torture_complaints')")
    folder = Path(output_dir) / stem
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _cell(value: Any) -> str:
    if claims_._missing(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return claims_.strip(str(value))  # a label composed with claims: the words, not the markers


def _ours(row: Any, lang: str) -> str:
    """"our count: <method>" for a record we made (analysis.words.claims.is_ours), else "". The method
    in the CSV's language (`method_words`) where the record has it; else the ledger's (English)."""
    if not claims_.is_ours(row):
        return ""
    from analysis.words.i18n import t

    method = claims_._get(row, "method_words") or claims_._get(row, "method") or "count of rows"
    return t("gallery.csv_ours", lang, method=str(method))


def chart_csv(chart: Chart) -> bytes | None:
    """`<chart>.csv`: one line per row the chart draws (its `rows`), with the CSV_COLUMNS those rows
    have. `ours` is empty for a data row (its id is the row's id in data/) and names the method
    ("our count: count of ...") for a record we made from data rows (one with `derived_from`).
    None when the chart has no rows."""
    rows = chart.rows
    if rows is None:
        return None
    if rows.index.name in ("id", "document_id") and rows.index.name not in rows.columns:
        rows = rows.reset_index()
    lang = str(chart.metadata.get("lang", "en")) if chart.metadata else "en"
    present = set(rows.columns)
    if present & {"period_start", "period_end"}:
        present.add("period")
    columns = [c for c in CSV_COLUMNS if c in present or c in _ALWAYS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for _, row in rows.iterrows():
        record = {
            "id": claims_.row_key(row) or "",
            "label": _cell(claims_._get(row, "label") if "label" in rows.columns else claims_._get(row, "event")),
            "period": claims_._period(row) or "",
            "ours": _ours(row, lang),
        }
        writer.writerow([record[c] if c in record else _cell(claims_._get(row, c)) for c in columns])
    return out.getvalue().encode("utf-8")


def save_charts(charts: Iterable[Chart], output_dir: str | os.PathLike[str], stem: str,
                formats: Sequence[str], size: str) -> list[SavedFigure]:
    """Save each chart through analysis.kit.export.save_figure into `output_dir/<stem>/`, with its data
    as `<chart>.csv` (chart_csv; written before the sidecar, listed in its "files").

    Checks every argument, and every chart's size, before writing anything, so a typo in
    `formats`, a duplicate chart name or a chart drawn at another size leaves the folder as it
    was. Figures are closed after saving (show_charts shows the files).
    """
    import matplotlib.pyplot as plt

    from analysis.kit.charts import figure_preset

    charts = list(charts)
    if isinstance(formats, str):
        raise ValueError(f"formats must be a list such as ['svg', 'png'], got the string {formats!r}")
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"formats {unknown or formats!r}: expected a non-empty list from {', '.join(FORMATS)}")
    names = [c.name for c in charts]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"save_charts: two charts named {', '.join(duplicates)}; each needs its own file name")
    unclaimed = [c.name for c in charts if c.claims is None]
    if unclaimed:
        raise ValueError(f"save_charts: chart(s) {', '.join(unclaimed)} were not composed with claims: build them "
                         f"inside analysis.words.claims.scoped so every number in them has its claim")
    sized = {c.name: figure_preset(c.fig).name for c in charts}
    wrong = [f"{name} ({made})" for name, made in sized.items() if made != size]
    if wrong:
        raise ValueError(f"save_charts: chart(s) {', '.join(wrong)} were drawn at another size than {size!r}; "
                         f"draw them with the notebook's size")
    data = {c.name: chart_csv(c) for c in charts}
    folder = notebook_output(output_dir, stem)
    saved = []
    for chart in charts:
        extra = {"csv": data[chart.name]} if data[chart.name] is not None else None
        sidecar = save_figure(chart.fig, folder / chart.name, alt_text=chart.alt_text, title=chart.title,
                              formats=formats, size=size, metadata=dict(chart.metadata) or None,
                              claims=chart.claims, spans=chart.spans, extra=extra)
        saved.append(SavedFigure(chart.name, folder / chart.name, sidecar, chart.fig, dict(chart.spans)))
        plt.close(chart.fig)
    return saved


def summary_path(folder: str | os.PathLike[str], lang: str) -> Path:
    """`<folder>/summary.<lang>.md`."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    return Path(folder) / f"summary.{lang}.md"


@dataclass
class Summary:
    """Summary text and the file it was written to; JupyterLab renders it as Markdown."""

    text: str
    path: Path

    def _repr_markdown_(self) -> str:
        return _relative_images(self.text, self.path.parent)

    def __str__(self) -> str:
        return self.text


def ledger_path(path: str | os.PathLike[str]) -> Path:
    """`summary.<lang>.claims.json` beside `summary.<lang>.md`."""
    path = Path(path)
    return path.with_name(path.name[: -len(path.suffix)] + ".claims.json")


def write_summary(text: str, folder: str | os.PathLike[str], lang: str) -> Summary:
    """Write `summary.<lang>.md` and its ledger `summary.<lang>.claims.json`, each atomically.

    The text must come from a theme's summary (a claims.ClaimedText): a number or date its ledger
    does not account for, or a derived number without its label, is refused before anything is
    written."""
    from analysis.words import ledger

    if not str(text).strip():
        raise ValueError("write_summary: the summary text is empty")
    path = summary_path(folder, lang)
    text = typeset(text, lang)  # the language's typesetting pass (a ClaimedText keeps its spans)
    body = str(text) if str(text).endswith("\n") else str(text) + "\n"
    entries = text.entries() if isinstance(text, claims_.ClaimedText) else []
    problems = ledger.text_problems(body, entries, lang, str(path), published=False)
    if problems:
        raise claims_.ClaimError("write_summary: the summary states numbers its ledger does not account for:\n"
                                 + "\n".join(f"  {p}" for p in problems))
    payload = {"text": path.name, "lang": lang, "claims": entries}
    atomic_write_bytes(ledger_path(path), (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True)
                                           + "\n").encode("utf-8"))
    atomic_write_bytes(path, body.encode("utf-8"))
    return Summary(body, path)


class _RunParams(Protocol):
    lang: str
    size: str


class Output(Protocol):
    """What `write` and `show_tables` read of a theme's run (analysis.themes.base.ThemeOutput; the
    chart kit does not import the themes)."""

    notebook: str
    params: _RunParams
    tables: Mapping[str, pd.DataFrame]
    charts: Sequence[Chart]
    document: narrative.DocumentModel


@dataclass(frozen=True)
class Written:
    """What `write` wrote: the saved charts and the summary."""

    charts: list[SavedFigure]
    summary: Summary


def write(out: Output, output_dir: str | os.PathLike[str], formats: Sequence[str]) -> Written:
    """Write a theme's run into `output_dir/<notebook>/`: its charts in `formats` (images,
    `<chart>.csv`, sidecars with their ledgers; save_charts), then `summary.<lang>.md` and its
    ledger, rendered from the run's document model with the saved charts embedded."""
    saved = save_charts(out.charts, output_dir, out.notebook, formats, out.params.size)
    text = narrative.markdown(out.document, saved)
    return Written(saved, write_summary(text, notebook_output(output_dir, out.notebook), out.params.lang))


def _relative_images(text: str, folder: Path) -> str:
    """Image and link targets in `text` are relative to `folder`; make them relative to the cwd."""
    rel = os.path.relpath(Path(folder).resolve(), Path.cwd())
    if rel == ".":
        return text
    prefix = Path(rel).as_posix()
    return re.sub(r"(\]\()(?![a-z][a-z0-9+.-]*:|/|#)([^)\s]+\))", lambda m: f"{m.group(1)}{prefix}/{m.group(2)}", text)


def _display(obj: Any) -> None:
    from IPython.display import display

    display(obj)


def readable_table(df: pd.DataFrame) -> pd.DataFrame:
    """The table as a reader reads it: a date column without a time of day shows dates (2011-01-01,
    not 2011-01-01 00:00:00), and a missing value shows as a blank cell, not NaT, NaN or <NA>.
    A copy for display only: the data keep their types."""
    shown = df.copy()
    for name in shown.columns:
        column = shown[name]
        if pd.api.types.is_datetime64_any_dtype(column) and (column.dropna() == column.dropna().dt.normalize()).all():
            column = column.dt.date
        shown[name] = column.astype(object).where(column.notna(), "")
    return shown


def show_table(df: pd.DataFrame) -> None:
    """Show the tidy table behind a chart inline: every column (qualifier, claimant, locator) and row."""
    with pd.option_context("display.max_columns", None, "display.max_rows", 200,
                           "display.max_colwidth", 120, "display.width", 200):
        _display(readable_table(df))


def show_tables(out: Output) -> None:
    """Show every tidy table of a theme's run inline, in order (show_table)."""
    for table in out.tables.values():
        show_table(table)


_IMAGE_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class ChartImage:
    """A saved chart file shown inline with its alt text, so JupyterLab and nbconvert's HTML give
    screen readers the description (an `<img alt>`), not "No description has been provided".

    The display bundle: `text/html` (a <figure> with the image as a data: URI and its alt text;
    what JupyterLab and nbconvert's HTML show), the image itself with the alt text in its metadata
    (what other front ends and exporters show) and the alt text as `text/plain`."""

    path: Path
    alt_text: str
    width: int | None = None
    height: int | None = None

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict[str, str], dict[str, Any]]:
        import base64
        import html as html_

        mime = _IMAGE_TYPES[self.path.suffix.lower()]
        raw = self.path.read_bytes()
        encoded = base64.b64encode(raw).decode("ascii")
        size = f' width="{self.width}" height="{self.height}"' if self.width and self.height else ""
        tag = (f'<figure style="margin:0"><img src="data:{mime};base64,{encoded}" '
               f'alt="{html_.escape(self.alt_text, quote=True)}"{size} style="max-width:100%;height:auto"></figure>')
        data = {"text/html": tag, "text/plain": self.alt_text,
                mime: encoded if mime == "image/png" else raw.decode("utf-8")}
        return data, {mime: {"alt": self.alt_text}}


def chart_image(fig: SavedFigure) -> ChartImage | None:
    """The inline view of a saved chart: its PNG, else its SVG (None when only PDF was written)."""
    path = fig.file(("png", "svg"))
    if path is None:
        return None
    width, height = fig.sidecar.get("width_px"), fig.sidecar.get("height_px")
    return ChartImage(path, fig.alt_text, int(width) if width else None, int(height) if height else None)


def show_charts(saved: Iterable[SavedFigure]) -> None:
    """Show each saved chart inline as published (PNG or SVG file) with its alt text (ChartImage);
    the figure itself when only PDF was written."""
    for fig in saved:
        image = chart_image(fig)
        if image is not None:
            _display(image)
        elif fig.fig is not None:
            _display(fig.fig)


def show_summary(summary: Summary | str, folder: str | os.PathLike[str] | None = None) -> None:
    """Render the summary as Markdown inline, its images resolved from the notebook's folder."""
    from IPython.display import Markdown

    if isinstance(summary, Summary):
        text, folder = summary.text, summary.path.parent
    else:
        text = str(summary)
    _display(Markdown(_relative_images(text, Path(folder)) if folder is not None else text))
