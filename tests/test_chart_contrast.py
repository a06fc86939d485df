"""WCAG contrast of the words in every chart: each text colour against what it is drawn on
(its own box where it has one, else the figure's background) is at least 4.5:1 (WCAG 2.x, AA).
No chart draws words on a mark today; a text over a bar would be measured against the figure here."""

from __future__ import annotations

import importlib

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_rgb
from matplotlib.text import Text

from analysis.kit import palette

THEMES = ("overview", "torture", "zhanaozen", "media", "upr", "refoulement", "timeline", "outcome")


def luminance(colour: str | tuple) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str | tuple, b: str | tuple) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_matches_the_wcag_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_the_house_text_colours_pass_on_white() -> None:
    for name in ("TEXT", "MUTED_TEXT"):
        assert contrast(getattr(palette, name), "#ffffff") >= 4.5, name


@pytest.fixture(scope="module")
def tables():
    return {name: importlib.import_module(f"analysis.themes.{name}").load_tables() for name in THEMES}


@pytest.mark.parametrize("lang", ("en", "ru"))
@pytest.mark.parametrize("name", THEMES)
def test_every_text_in_every_chart_has_aa_contrast(tables, name: str, lang: str) -> None:
    theme = importlib.import_module(f"analysis.themes.{name}")
    try:
        for chart in theme.charts(tables[name], lang=lang, size="web"):
            background = chart.fig.get_facecolor()
            for text in chart.fig.findobj(Text):
                if not (text.get_visible() and text.get_text().strip()):
                    continue
                patch = text.get_bbox_patch()
                behind = patch.get_facecolor() if patch is not None and patch.get_facecolor()[3] > 0 else background
                ratio = contrast(text.get_color(), behind[:3] if isinstance(behind, tuple) else behind)
                assert ratio >= 4.5, (f"{name}/{chart.name} ({lang}): {text.get_text()[:30]!r} in {text.get_color()} "
                                      f"on {behind} has contrast {ratio:.2f}:1, below 4.5:1")
    finally:
        plt.close("all")
