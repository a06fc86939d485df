"""Every theme's charts keep their texts inside the figure and clear of each other, and print
texts within the house sizes: in both languages, at web and print sizes, for every registered theme."""

from __future__ import annotations

import pytest

from analysis.themes import base
from support import sweeps
from support.figure_text import assert_print_text_sizes, assert_texts_apart_and_inside

# Reads the session's drawing of every theme (conftest theme_charts): one worker draws it once.
pytestmark = pytest.mark.xdist_group("theme_charts")

THEMES = base.THEMES
SIZES = ("web", "print-single", "print-double")


@pytest.mark.parametrize(("name", "lang", "size"),
                         [case for name in THEMES for case in sweeps.cases(("en", "ru"), SIZES, before=(name,))])
def test_texts_stay_apart_and_inside(theme_charts, name, lang, size):
    for chart in theme_charts(name, lang, size):
        where = f"{name}/{chart.name} ({lang}, {size})"
        assert_texts_apart_and_inside(chart.fig, where)
        if size != "web":
            assert_print_text_sizes(chart.fig, where)
