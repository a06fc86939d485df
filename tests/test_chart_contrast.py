"""WCAG contrast in every chart, both languages, read from the rendered matplotlib artists:
- each text colour against what it is drawn on (its own box where it has one, else the figure's
  background) is at least 4.5:1 (1.4.3, AA);
- each mark (bar, dot, interval, line, arrow, key swatch) has a fill or an outline of at least 3:1
  against the background (1.4.11, non-text contrast): a light tint counts only with an outline
  that reaches 3:1;
- every key swatch is drawn in colours its chart's marks use (a key that shows black for a grey
  bar fails), and a theme is drawn in its one colour (analysis.themes.base.THEME_COLORS) in
  every chart that names or carries it.
No chart draws words on a mark today; a text over a bar would be measured against the figure here.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from support import chart_marks, sweeps
from analysis.kit import palette
from support.colour_vision import contrast, luminance
from analysis.themes import base
from analysis.themes.base import THEME_COLORS

# Reads the session's drawing of every theme (conftest theme_charts): one worker draws it once.
pytestmark = pytest.mark.xdist_group("theme_charts")

THEMES = base.THEMES
LANGS = ("en", "ru")
# Charts whose marks take their row's theme colour (others colour by claimant, response or outcome).
COLOURED_BY_THEME = chart_marks.COLOURED_BY_THEME
BACKGROUND = palette.BACKGROUND.lower()


def test_contrast_matches_the_wcag_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert luminance("#ffffff") == pytest.approx(1.0)


def test_the_house_text_colours_pass_on_white() -> None:
    for name in ("TEXT", "MUTED_TEXT"):
        assert contrast(getattr(palette, name), "#ffffff") >= palette.MIN_TEXT_CONTRAST, name


def cases():
    """Every theme in both languages at web size (English in make check, Russian a sweep)."""
    return [pytest.param(name, lang, id=f"{name}-{lang}", marks=sweeps.marks(lang, "web"))
            for name in THEMES for lang in LANGS]


@pytest.mark.parametrize(("name", "lang"), cases())
def test_every_text_in_every_chart_has_aa_contrast(theme_charts, name: str, lang: str) -> None:
    for chart in theme_charts(name, lang, "web"):
        background = chart.fig.get_facecolor()
        for text in chart.fig.findobj(Text):
            if not (text.get_visible() and text.get_text().strip()):
                continue
            patch = text.get_bbox_patch()
            behind = patch.get_facecolor() if patch is not None and patch.get_facecolor()[3] > 0 else background
            ratio = contrast(text.get_color(), behind[:3] if isinstance(behind, tuple) else behind)
            assert ratio >= palette.MIN_TEXT_CONTRAST, (
                f"{name}/{chart.name} ({lang}): {text.get_text()[:30]!r} in {text.get_color()} "
                f"on {behind} has contrast {ratio:.2f}:1, below 4.5:1")


def mark_problems(fig: Figure, where: str) -> list[str]:
    """Marks none of whose colours (fill or outline) reaches 3:1 on the background. A fill drawn
    with a separate outline of the same rectangle (hatched bars) counts with that outline."""
    problems = []
    marks = chart_marks.marks(fig)
    best_at: dict[tuple, float] = {}
    for mark in marks:
        best = max(contrast(c, BACKGROUND) for c in mark.colours)
        if mark.extent is not None:
            best_at[mark.extent] = max(best_at.get(mark.extent, 0.0), best)
    for mark in marks:
        best = best_at[mark.extent] if mark.extent is not None else max(contrast(c, BACKGROUND) for c in mark.colours)
        if best < palette.MIN_MARK_CONTRAST:
            problems.append(f"{where}: {type(mark.artist).__name__} in the {mark.where} drawn in {mark.colours}: "
                            f"best {best:.2f}:1")
    return problems


@pytest.mark.parametrize(("name", "lang"), cases())
def test_every_mark_in_every_chart_has_3_to_1_contrast(theme_charts, name: str, lang: str) -> None:
    problems = []
    for chart in theme_charts(name, lang, "web"):
        problems += mark_problems(chart.fig, f"{name}/{chart.name} ({lang})")
    assert problems == []


def test_the_mark_check_fails_a_light_bar_without_outline() -> None:
    """The check can fail: a bar in Okabe-Ito's original sky blue, and a tint with a faint outline."""
    from analysis.kit import charts

    fig, ax = charts.new_figure("web")
    try:
        ax.add_patch(Rectangle((0, 0), 1, 1, facecolor="#56B4E9", linewidth=0))
        ax.add_patch(Rectangle((0, 2), 1, 1, facecolor=palette.tint(palette.BLUE, 0.7), edgecolor="#B3B3B3"))
        ax.add_patch(Rectangle((0, 4), 1, 1, facecolor=palette.tint(palette.BLUE, 0.7), edgecolor=palette.BLUE))
        assert len(mark_problems(fig, "sample")) == 2
    finally:
        plt.close(fig)


def swatch_problems(fig: Figure, where: str) -> list[str]:
    """Key swatches drawn in a colour no mark of the plot uses. A swatch outlined in the neutral
    palette.KEY_SHAPE (filled with it or a tint of it) explains a shape, not a colour, and may."""
    marks = chart_marks.marks(fig)
    drawn = {c for m in marks if m.where == "plot" for c in m.colours}
    return [f"{where}: key swatch in {c} matches no mark (marks: {sorted(drawn)})"
            for m in marks if m.where == "key" and not _shape_key(m) for c in m.colours if c not in drawn]


def _shape_key(mark: chart_marks.Mark) -> bool:
    shape = palette.KEY_SHAPE.lower()
    tints = {palette.tint(shape, a / 100) for a in range(100)}
    return shape in mark.colours and all(c in tints for c in mark.colours)


@pytest.mark.parametrize(("name", "lang"), cases())
def test_every_key_swatch_is_drawn_like_a_mark(theme_charts, name: str, lang: str) -> None:
    problems = []
    for chart in theme_charts(name, lang, "web"):
        problems += swatch_problems(chart.fig, f"{name}/{chart.name} ({lang})")
    assert problems == []


def test_the_swatch_check_fails_a_black_swatch_for_a_grey_bar() -> None:
    from matplotlib.patches import Patch

    from analysis.kit import charts

    fig, ax = charts.new_figure("web")
    try:
        ax.add_patch(Rectangle((0, 0), 1, 1, facecolor=palette.CONTEXT, linewidth=0))
        fig.legend([Patch(facecolor=palette.BLACK)], ["National security"])
        assert len(swatch_problems(fig, "sample")) == 1
    finally:
        plt.close(fig)


def _theme_names(lang: str) -> dict[str, str]:
    """Every name a chart gives a theme (full and short), to the theme id."""
    from analysis.themes import timeline, upr

    names = {}
    for theme in THEME_COLORS:
        for name in (upr.theme_name(theme, lang), upr.theme_name(theme, lang, short=True),
                     timeline.theme_name(theme, lang), timeline.theme_key_name(theme, lang)):
            names[name.casefold()] = theme
    return names


def _key_colours(fig: Figure) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for legend in fig.legends:
        for text, handle in zip(legend.get_texts(), legend.legend_handles):
            if handle is None:
                continue
            fills, lines = chart_marks._read(handle, BACKGROUND)
            label = re.sub(r"\s*\(\d+\)$", "", text.get_text()).casefold()
            out[label] = set(fills + lines)
    return out


def theme_key_problems(fig: Figure, where: str, names: dict[str, str]) -> list[str]:
    """Key entries naming a theme drawn in any categorical colour but the theme's."""
    categorical = {c.lower() for c in palette.CATEGORICAL}
    problems = []
    for label, colours in _key_colours(fig).items():
        if label in names:
            want = THEME_COLORS[names[label]].lower()
            if colours & categorical != {want}:
                problems.append(f"{where}: key {label!r} in {sorted(colours)}, not {want}")
    return problems


def test_the_theme_check_fails_a_theme_in_another_colour() -> None:
    from matplotlib.patches import Patch

    from analysis.kit import charts
    from analysis.themes import timeline

    fig, _ax = charts.new_figure("web")
    try:
        fig.legend([Patch(facecolor=THEME_COLORS["expression"])], [timeline.theme_key_name("torture", "en")])
        assert len(theme_key_problems(fig, "sample", _theme_names("en"))) == 1
    finally:
        plt.close(fig)


@pytest.mark.parametrize(("name", "lang"), cases())
def test_a_theme_has_its_one_colour_in_every_chart(theme_charts, name: str, lang: str) -> None:
    """A key entry naming a theme shows that theme's colour; a chart that colours by theme draws
    no categorical colour but its rows' themes', and each of them."""
    names = _theme_names(lang)
    categorical = {c.lower() for c in palette.CATEGORICAL}
    problems = []
    for chart in theme_charts(name, lang, "web"):
        where = f"{name}/{chart.name} ({lang})"
        problems += theme_key_problems(chart.fig, where, names)
        rows = chart.rows
        if chart.name in COLOURED_BY_THEME.get(name, ()):
            assert rows is not None and "theme" in rows.columns, f"{where}: its rows lack the theme column"
            ids = [x if x in THEME_COLORS else names[str(x).casefold()] for x in rows["theme"].dropna().unique()]
            wanted = {THEME_COLORS[x].lower() for x in ids}
            drawn = {c for m in chart_marks.marks(chart.fig) if m.where == "plot" for c in m.colours} & categorical
            if drawn != wanted:
                problems.append(f"{where}: themes {sorted(wanted)} drawn as {sorted(drawn)}")
    assert problems == []


def test_every_theme_colour_is_one_mapping() -> None:
    from analysis.themes import timeline, upr

    assert upr._THEME_COLOR == {t: THEME_COLORS[t] for t in upr.THEMES}
    ids = list(THEME_COLORS)
    assert timeline.theme_colors(ids) == THEME_COLORS
    assert all(to_hex(c) == c.lower() for c in THEME_COLORS.values())
