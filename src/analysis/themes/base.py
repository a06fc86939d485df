"""What the theme modules share: the registry of themes, a theme as a step (`run(tables, params)
-> ThemeOutput`), loading a theme's tables, one colour per theme id for every chart that colours by
theme, and a missing table named with how to load it.

A theme module exposes `run(tables, params)`: the tidy tables its notebook shows, its charts and its
summary's document model, as one value. `Params` says what a run draws (language, size preset and
the theme's options); a theme's published option defaults live in its `ThemeSpec.options`, once:
the notebooks' parameters cells are tested against them, and the briefing and the tests run themes
with them.

Adding a theme is one module that registers its `ThemeSpec`, one entry in `THEMES`, its catalogue
(`words/locales/<lang>/<catalogue>.json`) and its notebook. The overview, the briefing and the tests
iterate the registry, never a list of their own.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

import pandas as pd

from analysis.data.loader import load
from analysis.kit import charts as kit, palette
from analysis.kit.report import Chart
from analysis.words import attribution, i18n
from analysis.words.narrative import DocumentModel

# The theme modules of the report, in notebook order (the overview comes first, the UN record last).
THEMES: tuple[str, ...] = ("overview", "torture", "zhanaozen", "media", "upr", "refoulement", "timeline", "outcome")

# One colour per theme id, whatever the chart or the filter (a reader learns it once).
THEME_COLORS: dict[str, str] = {
    "upr_follow_up": palette.BLACK, "national_framework": palette.REDDISH_PURPLE,
    "assembly": palette.BLUISH_GREEN, "expression": palette.BLUE, "torture": palette.VERMILLION,
    "non_refoulement": palette.ORANGE, "national_security": palette.SKY_BLUE,
}


@dataclass(frozen=True)
class ThemeSpec:
    """A theme as the rest of the project knows it.

    `name` names the theme (its module under analysis.themes, unless `module` gives another),
    `notebook` the notebook stem, `tables` what `load_tables` loads, `catalogue` the catalogue its
    words live in (under words/locales/<lang>/, or under `locales`/<lang>/ for a theme kept outside
    the package), `theme_id` the UPR theme whose colour its charts use (None for a theme that spans
    them all), `key_figures` whether the overview shows its key figures, and `options` the theme's
    own parameters with their published defaults (its notebook's parameters cell holds the same).
    """

    name: str
    notebook: str
    tables: tuple[str, ...]
    catalogue: str
    theme_id: str | None = None
    key_figures: bool = True
    module: str | None = None
    locales: Path | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def module_name(self) -> str:
        return self.module or f"analysis.themes.{self.name}"

    @property
    def color(self) -> str | None:
        return theme_color(self.theme_id) if self.theme_id else None

    def options_for(self, params: "Params") -> dict[str, Any]:
        """The theme's options for a run: the published defaults, with those `params` sets."""
        unknown = sorted(set(params.options) - set(self.options))
        if unknown:
            known = ", ".join(self.options) or "none"
            raise ValueError(f"theme {self.name!r} has no option {', '.join(unknown)} (its options: {known})")
        return {**self.options, **params.options}


@dataclass(frozen=True)
class Params:
    """What one run of a theme draws: the language, the size preset and any of the theme's options
    (those left out keep their published defaults, `ThemeSpec.options`). `Params()` is the published
    English web run."""

    lang: str = "en"
    size: str = "web"
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ThemeOutput:
    """Everything one run of a theme makes, as values: the tidy tables its notebook shows (by
    name, in order), its charts (framed figures with their texts, alt text, rows and claims) and
    its summary's document model, which names the charts. analysis.kit.report writes and shows
    it; the briefing typesets its document."""

    notebook: str
    params: Params
    tables: Mapping[str, pd.DataFrame]
    charts: tuple[Chart, ...]
    document: DocumentModel


def output(theme: ThemeSpec, tables: dict[str, pd.DataFrame], params: Params, shown: Mapping[str, pd.DataFrame],
           charts: Callable[..., Sequence[Chart]], summary: Callable[..., DocumentModel]) -> ThemeOutput:
    """A theme's run: its `charts` and `summary` called with the run's language, size and options,
    and the tables it `shown`s beside them. The theme's `run` computes those tables and calls this.

    The figures leave pyplot's list as soon as they are drawn: a notebook's inline backend would
    otherwise draw them itself at the end of the cell (constrained layout at its own resolution),
    and the files written after that would not be the ones a run that writes at once makes."""
    import matplotlib.pyplot as plt

    options = theme.options_for(params)
    drawn = tuple(charts(tables, lang=params.lang, size=params.size, **options))
    for chart in drawn:
        plt.close(chart.fig)
    document = summary(tables, [c.name for c in drawn], lang=params.lang, **options)
    return ThemeOutput(theme.notebook, params, dict(shown), drawn, document)


_REGISTRY: dict[str, ThemeSpec] = {}


def register(spec: ThemeSpec) -> ThemeSpec:
    """Record a theme (its module calls this once, at import); a second, different spec under the
    same name or notebook is an error, since the two would overwrite each other's figures."""
    for other in _REGISTRY.values():
        if other != spec and (other.name == spec.name or other.notebook == spec.notebook):
            raise ValueError(f"theme {spec.name!r} ({spec.notebook}) clashes with registered theme "
                             f"{other.name!r} ({other.notebook})")
    if spec.theme_id is not None:
        theme_color(spec.theme_id)
    if spec.locales is not None:
        i18n.add_locales(spec.locales)
    _REGISTRY[spec.name] = spec
    return spec


def unregister(name: str) -> None:
    """Forget a theme registered at run time (a throwaway theme in a test)."""
    _REGISTRY.pop(name, None)


def theme_module(name: str) -> ModuleType:
    """`analysis.themes.<name>` (importing it registers it), with a clear error when it is missing."""
    dotted = _REGISTRY[name].module_name if name in _REGISTRY else f"analysis.themes.{name}"
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(f"theme {name!r} has no module {dotted}: {exc}") from exc


def registered() -> list[ThemeSpec]:
    """Every theme: those of THEMES in their order, then any registered at run time."""
    for name in THEMES:
        theme_module(name)
    missing = [name for name in THEMES if name not in _REGISTRY]
    if missing:
        raise LookupError(f"analysis.themes.{missing[0]} does not register a ThemeSpec (base.register)")
    return [_REGISTRY[n] for n in THEMES] + [s for n, s in _REGISTRY.items() if n not in THEMES]


def spec(name: str) -> ThemeSpec:
    """The registered spec of theme `name`."""
    theme_module(name)
    if name not in _REGISTRY:
        raise LookupError(f"theme {name!r} is not registered (base.register in its module)")
    return _REGISTRY[name]


def load_tables(theme: ThemeSpec, data_dir: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """The validated tables a theme reads (the loader caches them, so themes may share tables)."""
    return {name: load(name, data_dir) for name in theme.tables}


def theme_color(theme: str) -> str:
    """The theme's colour; a theme without one is an error naming the list to add it to."""
    if theme not in THEME_COLORS:
        raise KeyError(f"theme {theme!r} has no colour: add it to analysis.themes.base.THEME_COLORS")
    return THEME_COLORS[theme]


def require_table(tables: dict[str, pd.DataFrame], name: str, theme: str) -> pd.DataFrame:
    """`tables[name]`, or a KeyError saying the tables were not loaded with `<theme>.load_tables`."""
    if name not in tables:
        raise KeyError(f"tables lack {name!r}: load them with {theme}.load_tables(data_dir)")
    return tables[name]


# ---- assembling charts ----

def chart_metadata(theme: ThemeSpec, lang: str, **extra: Any) -> dict[str, Any]:
    """What every chart's sidecar says of where it comes from: its language and notebook."""
    return {"lang": lang, "notebook": theme.notebook, **extra}


def make_chart(theme: ThemeSpec, name: str, fig: Any, *, lang: str, title: str, subtitle: str,
               rows: pd.DataFrame, documents: pd.DataFrame | None = None, source: str | None = None,
               notes: Iterable[str] = (), alt: str | Callable[[], str], table: pd.DataFrame | None = None,
               metadata: Mapping[str, Any] | None = None, after_frame: Callable[[], None] | None = None) -> Chart:
    """Frame a drawn figure and make it a Chart: title, subtitle, notes and the source line (from
    `rows` and `documents` unless `source` is given), the alt text (a string, or a function called
    after framing), the rows behind it (`table`, else `rows`) and the sidecar metadata.
    `after_frame` draws what must be placed in the framed plot (lanes laid out in its final size).

    Every theme's charts go through here, so none forgets its source line or its metadata."""
    if source is None:
        if documents is None:
            raise ValueError(f"{theme.name}/{name}: give documents (for the source line) or the source itself")
        source = attribution.source_line(rows, documents, lang)
    kit.frame(fig, title=title, subtitle=subtitle, source=source, notes=list(notes))
    if after_frame is not None:
        after_frame()
    text = alt() if callable(alt) else alt
    return Chart(name, fig, title, text, rows=rows if table is None else table,
                 metadata=chart_metadata(theme, lang, **dict(metadata or {})))


class Page(Protocol):
    """One page of a chart drawn over several (kit timeline and tile pages have these)."""

    fig: Any
    title: str
    rows: pd.DataFrame


def paged_charts(theme: ThemeSpec, name: str, pages: Sequence[Page], *, lang: str, title: str,
                 alt: Callable[[pd.DataFrame, str], str], table: Callable[[pd.DataFrame], pd.DataFrame],
                 rows: pd.DataFrame, metadata: Mapping[str, Any] | None = None) -> list[Chart]:
    """Charts of a drawing that may run over pages: one page is `name` (with every row), several
    are `name-1`, `name-2`… (each with its page's rows and title). `alt(rows, title)` and
    `table(rows)` give a page's alt text and data table."""
    meta = chart_metadata(theme, lang, **dict(metadata or {}))
    if len(pages) == 1:
        return [Chart(name, pages[0].fig, title, alt(rows, title), rows=table(rows), metadata=meta)]
    return [Chart(f"{name}-{n}", p.fig, p.title, alt(p.rows, p.title), rows=table(p.rows), metadata=meta)
            for n, p in enumerate(pages, start=1)]
