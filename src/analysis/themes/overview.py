"""Theme 00: the key figures of every theme on one fact sheet, and a summary a writer can paste.

Nothing is computed here that a theme does not already compute: each theme module's
`key_figures(tables, lang=...)` gives its rows (common value columns + `label`), and this module
lays them out, grouped by theme, each value with its qualifier in words ("as many as 700",
"at least 12", "hundreds"), never drawn to scale, so a word-only amount never looks like a number.
Figures are never added across themes (some overlap, e.g. the people extradited and those in the
complaint against their extradition). The timeline adds the period the submission's dated
events cover.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import ScaledTranslation

from analysis.words import alt_text as alt_text_kit
from analysis.words import claims
from analysis.words import attribution, narrative
from analysis.kit import encodings, palette
from analysis.kit import charts as kit
from analysis.words.i18n import t
from analysis.kit.report import Chart
from analysis.kit.pages import paginate
from analysis.kit.sizes import MM_PER_INCH, PRINT_MAX_TEXT_PT, get_size
from analysis.themes import base, timeline
from analysis.words.wording import capitalize, is_currency, is_missing, qualifier_of, term, unit_key

SPEC = base.register(base.ThemeSpec(
    name="overview", notebook="00_overview",
    tables=(),
    catalogue="theme_overview", theme_id=None, key_figures=False))
NOTEBOOK = SPEC.notebook
_K = "overview"
MAIN_DOCUMENT_KIND = "submission"
_COLUMNS = {"web": 4, "print-single": 2, "print-double": 4}
KEY_COLUMNS = ["theme", "id", "label", "value", "value_max", "value_text", "unit", "qualifier", "period_start",
               "period_end", "claimant", "document_id", "locator", "excerpt"]
# Carried when a theme gives them: a key figure that is our count names the rows it counts (and its
# method, in English for the ledger and in the language for the CSV).
OPTIONAL_COLUMNS = ["derived_from", "method", "method_words"]


# ---- load ----

theme_module = base.theme_module


def theme_modules() -> tuple[str, ...]:
    """The registered themes whose key figures make the fact sheet, in notebook order."""
    return tuple(s.name for s in base.registered() if s.key_figures)


def load_tables(data_dir: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every table the themes read (each theme's own load_tables; loading is cached), plus the timeline's."""
    tables: dict[str, pd.DataFrame] = {}
    for name in (*theme_modules(), "timeline"):
        tables.update(theme_module(name).load_tables(data_dir))
    return tables


# ---- compute ----

def key_figures_by_theme(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """Every theme's key figures, in notebook order, with a `theme` column (the notebook stem)."""
    parts = []
    for name in theme_modules():
        module = theme_module(name)
        rows = module.key_figures(tables, lang=lang)
        missing = [c for c in KEY_COLUMNS if c not in rows.columns and c != "theme"]
        if missing:
            raise ValueError(f"analysis.themes.{name}.key_figures lacks column(s) {', '.join(missing)}")
        if rows.empty:
            continue
        rows = rows.assign(theme=module.NOTEBOOK, **{c: None for c in OPTIONAL_COLUMNS if c not in rows.columns})
        parts.append(rows[KEY_COLUMNS + OPTIONAL_COLUMNS].astype("object"))
    if not parts:
        raise ValueError("no theme has key figures")
    return pd.concat(parts, ignore_index=True)


def main_document(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """The submission itself (the one document of kind 'submission')."""
    docs = tables["documents"]
    rows = docs[docs["kind"].astype("string") == MAIN_DOCUMENT_KIND]
    if len(rows) != 1:
        raise ValueError(f"documents.csv: expected one row of kind {MAIN_DOCUMENT_KIND!r}, found {len(rows)}")
    return rows.iloc[0]


def author_claimant(tables: dict[str, pd.DataFrame]) -> str:
    """The claimant id of the submission's own voice (its author, as a claimant id)."""
    from analysis.words.wording import slug

    return slug(str(main_document(tables)["author"]))


def period_covered(tables: dict[str, pd.DataFrame]) -> tuple[pd.Series, pd.Series, int]:
    """The first and the last dated event of the submission, and how many it dates."""
    events = timeline.dated_events(tables)
    first, last = timeline.period_covered(tables)
    return first, last, len(events)


def _count(rows: pd.DataFrame, what: str) -> str:
    return claims.counted(len(rows), str(len(rows)), what=what)


def tidy(rows: pd.DataFrame) -> pd.DataFrame:
    """The table behind the fact sheet: theme, label, value, qualifier, claimant and source (and,
    for a key figure that is our count, the rows it counts and its method)."""
    return rows[KEY_COLUMNS + [c for c in OPTIONAL_COLUMNS if c in rows.columns]].reset_index(drop=True)


# ---- words ----

def section_name(notebook: str, lang: str) -> str:
    """The heading of one theme's figures ("Torture complaints")."""
    return t(f"{_K}.section.{notebook}", lang)


def _unit_key(row: pd.Series) -> str | None:
    unit = row.get("unit")
    if is_missing(unit) or is_currency(unit):
        return None
    return unit_key(str(unit))


def continues_value(row: pd.Series) -> bool:
    """A label that starts in lower case continues its value ("most" + "of them have since been
    closed down"): read value first, then label."""
    label = str(row["label"])
    return bool(label) and label[:1].islower()


def fact_words(row: pd.Series, lang: str) -> str:
    """One figure as a sentence: label, amount with its qualifier (and unit), claimant, locator;
    a continuing label reads after its value ("Most of them have since been closed down, …")."""
    if continues_value(row):
        return narrative.sentence(f"{_K}.fact.continued", row, lang, unit_key=_unit_key(row), label=str(row["label"]))
    return narrative.fact(row, lang, label=str(row["label"]), unit_key=_unit_key(row))


# ---- drawing ----

@dataclass(frozen=True)
class _Metrics:
    big: float
    small: float
    heading: float
    columns: int
    col_width: float  # points


def _metrics(size: str) -> _Metrics:
    preset = get_size(size)
    big = preset.text["title"] * 1.05
    if preset.kind == "print":
        big = min(big, PRINT_MAX_TEXT_PT)
    cols = _COLUMNS[size]
    usable = preset.width_in * 72 - 2 * preset.margin_pt
    return _Metrics(big, preset.text["annotation"], preset.text["label"], cols, usable / cols)


# A caption line's baseline below the caption's top, and the step between baselines, in ems.
CAPTION_ASCENT, CAPTION_STEP = 0.95, 1.25


def value_size(value: str, m: _Metrics) -> float:
    """The value's font size: the sheet's size, or smaller so it fits its column."""
    width = kit.text_width_pt(value, m.big, weight="bold")
    room = m.col_width * 0.94
    return m.big if width <= room else m.big * room / width


def _tile_rows(rows: pd.DataFrame, lang: str, author: str, m: _Metrics) -> list[list[tuple[str, bool, list[str]]]]:
    """Tiles (value, in words?, caption lines) in rows of `m.columns`."""
    tiles = []
    for _, row in rows.iterrows():
        caption = kit.wrap(encodings.fact_caption(row, lang, author=author), m.col_width * 0.9, m.small, balance=True)
        value = encodings.fact_value(row, lang)
        tiles.append((value, qualifier_of(row) == "unquantified", caption))
    return [tiles[i:i + m.columns] for i in range(0, len(tiles), m.columns)]


def _section_height(tile_rows: list[list[tuple[str, bool, list[str]]]], m: _Metrics) -> float:
    h = m.heading * 2.1
    for tr in tile_rows:
        h += m.big * 1.35 + m.small * 1.25 * max(len(c) for _, _, c in tr) + m.big * 0.9
    return h


def _draw_sections(ax: Axes, sections: list[tuple[str, list[list[tuple[str, bool, list[str]]]]]],
                   m: _Metrics, lw: float) -> None:
    ax.set_axis_off()
    fig = ax.get_figure(root=True)
    # The tiles are placed from the panel's top by construction, and the figure is sized to them:
    # the layout need not make room for them (in_layout=False).
    y = 0.0
    for heading, tile_rows in sections:
        ax.annotate(heading, xy=(0, 1), xycoords="axes fraction", xytext=(0, -y), textcoords="offset points",
                    fontsize=m.heading, weight="bold", va="top", ha="left", color=palette.TEXT, in_layout=False)
        rule = ax.transAxes + ScaledTranslation(0, -(y + m.heading * 1.45) / 72, fig.dpi_scale_trans)
        ax.plot([0, 1], [1, 1], transform=rule, color=palette.GRID, linewidth=lw, clip_on=False, gid="guide-rule")
        y += m.heading * 2.1
        for tr in tile_rows:
            for c, (value, words, caption) in enumerate(tr):
                xy = (c / m.columns, 1.0)
                ax.annotate(value, xy=xy, xycoords="axes fraction", xytext=(0, -y), textcoords="offset points",
                            fontsize=value_size(value, m), weight="bold", va="top", ha="left", in_layout=False,
                            **(encodings.AMOUNT_IN_WORDS if words else encodings.AMOUNT_NUMBER))
                # One text per line, on baselines a fixed step apart: a multi-line text spaces its lines
                # by their glyphs, and Cyrillic captions came out unevenly led (Russian audit 68).
                for k, line in enumerate(caption):
                    baseline = y + m.big * 1.35 + m.small * (CAPTION_ASCENT + CAPTION_STEP * k)
                    ax.annotate(line, xy=xy, xycoords="axes fraction", xytext=(0, -baseline),
                                textcoords="offset points", fontsize=m.small, va="baseline", ha="left",
                                color=palette.MUTED_TEXT, in_layout=False)
            y += m.big * 1.35 + m.small * 1.25 * max(len(c) for _, _, c in tr) + m.big * 0.9


@dataclass
class Page:
    fig: Figure
    title: str
    rows: pd.DataFrame


def draw_fact_sheet(rows: pd.DataFrame, *, lang: str, size: str, title: str, subtitle: str,
                    source_for: Callable[[pd.DataFrame], str], notes: Sequence[str], author: str) -> list[Page]:
    """The key figures as tiles under one heading per theme. Web: one page as tall as it needs;
    print: as few pages as fit the maximum height, each holding whole themes."""
    preset = get_size(size)
    m = _metrics(size)
    themes = list(dict.fromkeys(rows["theme"]))
    sections = []
    for theme in themes:
        part = rows[rows["theme"] == theme]
        sections.append((theme, section_name(theme, lang), part, _tile_rows(part, lang, author, m)))
    heights = [_section_height(s[3], m) for s in sections]
    width_pt = preset.width_in * 72

    def parts(page: list[int], n: int, pages: int, measure: bool = False) -> tuple[pd.DataFrame, str, str, float]:
        page_rows = pd.concat([sections[i][2] for i in page], ignore_index=True)
        mark = (lambda x, what: str(x)) if measure else (lambda x, what: claims.reference(str(x), what=what))  # noqa: E731
        page_title = title if pages == 1 else t("timeline.chart.page_title", lang, title=title,
                                                page=mark(n, "page part"), pages=mark(pages, "page parts"))
        source = source_for(page_rows)
        # Sized to the tiles: the last row's gap below it is not needed (no empty band above the notes).
        content = sum(heights[i] for i in page) - m.big * 0.9 + m.small * 0.3
        ratio = kit.height_ratio_for(size, content, title=page_title, subtitle=subtitle, source=source, notes=notes)
        return page_rows, page_title, source, ratio * width_pt

    fits = None
    if preset.max_height_mm is not None:
        limit = preset.max_height_mm / MM_PER_INCH * 72 * 0.97
        fits = lambda page: parts(page, 9, 9, measure=True)[3] <= limit  # noqa: E731
    pages = paginate(heights, fits)
    out = []
    for n, page in enumerate(pages, start=1):
        page_rows, page_title, source, height_pt = parts(page, n, len(pages))
        ratio = max(height_pt / width_pt, 0.3)
        if preset.max_height_mm is not None:
            ratio = min(ratio, preset.max_height_mm / (preset.width_in * MM_PER_INCH))
        fig, ax = kit.new_figure(size, height_ratio=ratio)
        _draw_sections(ax, [(sections[i][1], sections[i][3]) for i in page], m, preset.linewidth)
        kit.frame(fig, title=page_title, subtitle=subtitle, source=source, notes=notes)
        out.append(Page(fig, page_title, page_rows))
    return out


def alt_text(rows: pd.DataFrame, *, lang: str, title: str, author: str) -> str:
    """The figures read out under their theme, with their qualifier in words and, where it is not
    the submission's own, their claimant; as many of each theme as alt_text.fit allows."""
    themes, groups = list(dict.fromkeys(rows["theme"])), []
    for theme in themes:
        items = []
        for _, r in rows[rows["theme"] == theme].iterrows():
            value = narrative.amount(r, lang, unit_key=_unit_key(r))
            claimant = r.get("claimant")
            if claims.is_ours(r):
                value = t("chart.alt.ours", lang, value=value)
            elif not is_missing(claimant) and str(claimant) != author:
                value = t("chart.alt.according_to", lang, value=value,
                          according_to=narrative.according_to(str(claimant), lang))
            if continues_value(r):
                items.append(capitalize(f"{value} {r['label']}"))
            else:
                items.append(t("chart.alt.item", lang, label=r["label"], value=value))
        groups.append(items)
    intro = t("chart.alt.intro", lang, kind=t("chart.alt.kind.facts", lang), title=str(title).rstrip("."))
    names = [section_name(theme, lang) for theme in themes]

    def render(kept: list[list[str]], cut: bool) -> str:
        parts = [t(f"{_K}.alt.section", lang, section=name, items="; ".join(items))
                 for name, items in zip(names, kept) if items]
        return " ".join([intro, *parts] + ([t("chart.alt.rest_sentence", lang)] if cut else []))

    return alt_text_kit.fit(groups, render)


# ---- the notebook's chart and summary ----

def _notes(lang: str) -> list[str]:
    return [t(f"{_K}.chart.note_words", lang), t(f"{_K}.chart.note_overlap", lang)]


@claims.scoped
def charts(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> list[Chart]:
    """The fact sheet (print sizes may split it into pages, whole themes per page)."""
    rows = key_figures_by_theme(tables, lang=lang)
    author = author_claimant(tables)
    doc = main_document(tables)
    title = t(f"{_K}.chart.title", lang)
    subtitle = t(f"{_K}.chart.subtitle", lang, author=term("claimant", author, lang, bare=True),
                 count=len(rows), n=_count(rows, "key figures"))
    pages = draw_fact_sheet(rows, lang=lang, size=size, title=title, subtitle=subtitle,
                            source_for=lambda page: attribution.source_line(page, tables["documents"], lang),
                            notes=_notes(lang), author=author)
    return base.paged_charts(SPEC, "key_figures", pages, lang=lang, title=title, rows=rows,
                             alt=lambda part, heading: alt_text(part, lang=lang, title=heading, author=author),
                             table=tidy, metadata={"document": str(doc["document_id"])})


@claims.scoped
def summary(tables: dict[str, pd.DataFrame], chart_names: Sequence[str] = (), *, lang: str) -> narrative.DocumentModel:
    """The fact sheet in words: what the submission is, the period its dated events cover, every key
    figure under its theme with qualifier, claimant and locator, the chart, the caveats and the
    source line."""
    rows = key_figures_by_theme(tables, lang=lang)
    doc = main_document(tables)
    first, last, n_events = period_covered(tables)
    events = timeline.dated_events(tables)
    themes = list(dict.fromkeys(rows["theme"]))
    # Whose each figure is (the English evidence audit's F14): the submission's, our counts of what it
    # lists, and our counts from the UN's reports.
    from_submission = rows[rows["document_id"].astype(str) == str(doc["document_id"])]
    ours = rows["derived_from"].map(lambda v: isinstance(v, (list, tuple)) and len(v) > 0) \
        if "derived_from" in rows.columns else pd.Series(False, index=rows.index)
    lead = [t(f"{_K}.summary.lead", lang, author=str(doc["author"]), title=attribution.title_words(doc, lang),
              count=len(rows), n=_count(rows, "key figures"),
              n_sub=_count(from_submission, "key figures from the submission"),
              n_sub_ours=_count(from_submission[ours.loc[from_submission.index]], "key figures we counted in the submission"),
              n_un=_count(rows[rows["document_id"].astype(str) != str(doc["document_id"])],
                          "key figures we counted in the UN's reports"),
              themes=claims.counted(len(themes), str(len(themes)), what="themes of the key figures")),
            t(f"{_K}.summary.period", lang, count=n_events, n=timeline.count_of(events, "timeline entries"),
              first=timeline.entry_date_words(first, lang), last=timeline.entry_date_words(last, lang))]
    facts = []
    for theme in themes:
        heading = section_name(theme, lang)
        items = tuple(fact_words(r, lang) for _, r in rows[rows["theme"] == theme].iterrows())
        facts.append(narrative.Group(items, heading, level=3))
    method = [t(f"{_K}.method.source", lang), t(f"{_K}.method.words", lang), t(f"{_K}.method.overlap", lang),
              t(f"{_K}.method.themes", lang)]
    return narrative.document(t(f"{_K}.summary.title", lang), lang=lang, lead=lead, facts=facts, charts=chart_names,
                              method=method, source=attribution.source_line(rows, tables["documents"], lang))


def key_figures(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The overview's own figures are the themes' key figures, all of them."""
    return key_figures_by_theme(tables, lang=lang)


def run(tables: dict[str, pd.DataFrame], params: base.Params = base.Params()) -> base.ThemeOutput:
    """The theme as a step: every theme's key figures; the fact sheet; the summary."""
    shown = {"key_figures": tidy(key_figures_by_theme(tables, lang=params.lang))}
    return base.output(SPEC, tables, params, shown, charts, summary)
