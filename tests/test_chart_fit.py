"""Charts are sized to their content and set their key figures one way (the editor's review):
- a text panel (key figures, amounts in words) leaves no empty band between its last tile and the
  notes: at most MAX_EMPTY_PT, at every size and in both languages;
- an amount the source gives only in words is set alike in every chart (italic, text colour, as
  the key's sample shows it), and a number in the first palette colour.
"""

from __future__ import annotations


import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from analysis.kit import encodings, palette
from analysis.kit.sizes import SIZES
from support import sweeps
from support.figure_text import laid_out

# Reads the session's drawing of every theme (conftest theme_charts): one worker draws it once.
pytestmark = pytest.mark.xdist_group("theme_charts")

MAX_EMPTY_PT = 12.0
PANELS = {"overview": None, "zhanaozen": "key_figures", "media": "in_words"}


@pytest.mark.parametrize(("lang", "size"), sweeps.cases(("en", "ru"), SIZES))
def test_text_panels_leave_no_empty_band(size: str, lang: str, theme_charts) -> None:
    problems = []
    try:
        for name, wanted in PANELS.items():
            for chart in theme_charts(name, lang, size):
                if wanted is not None and chart.name != wanted:
                    continue
                fig = laid_out(chart.fig)
                renderer = fig.canvas.get_renderer()
                ax = fig.axes[0]
                lowest = min(t.get_window_extent(renderer).y0 for t in ax.texts if t.get_text().strip())
                empty = (lowest - ax.bbox.y0) / fig.dpi * 72
                if not -1.0 <= empty <= MAX_EMPTY_PT:
                    problems.append(f"{name}/{chart.name} ({lang}, {size}): {empty:.0f} pt between the tiles and the notes")
            plt.close("all")
    finally:
        plt.close("all")
    assert problems == []


def _styles(fig) -> tuple[set, set]:
    """(italic bold value colours, upright bold value colours) of a text panel's big values."""
    italic, upright = set(), set()
    for text in fig.axes[0].texts:
        if text.get_fontweight() in ("bold", 700) and text.get_text().strip():
            (italic if text.get_style() == "italic" else upright).add(to_hex(text.get_color()))
    return italic, upright


@pytest.mark.parametrize(("lang", "size"), sweeps.cases(("en", "ru"), ("web", "print-single")))
def test_amounts_in_words_look_the_same_in_every_chart(lang: str, size: str, theme_charts) -> None:
    words, numbers = {to_hex(encodings.AMOUNT_IN_WORDS["color"])}, {to_hex(encodings.AMOUNT_NUMBER["color"])}
    assert encodings.AMOUNT_IN_WORDS["style"] == "italic" and encodings.AMOUNT_NUMBER["style"] == "normal"
    seen_words = set()
    try:
        for name, wanted in PANELS.items():
            for chart in theme_charts(name, lang, size):
                if wanted is not None and chart.name != wanted:
                    continue
                italic, upright = _styles(chart.fig)
                seen_words |= italic
                assert italic <= words, f"{name}/{chart.name}: amounts in words in {italic}"
                # section headings are bold text colour; values are bold palette blue
                assert upright <= numbers | {to_hex(palette.TEXT)}, f"{name}/{chart.name}: numbers in {upright}"
    finally:
        plt.close("all")
    assert seen_words == words  # the panels do show amounts in words
