"""Titles and subtitles wrap into even lines: no wrapped block ends with one word alone on its last
line (an editor's "widow"), in any chart, language or size; the balanced lines still fit the width."""

from __future__ import annotations


import pytest
from matplotlib.text import Text

from analysis.kit import charts
from analysis.kit.sizes import SIZES, get_size
from analysis.themes import base
from support import sweeps

# Reads the session's drawing of every theme (conftest theme_charts): one worker draws it once.
pytestmark = pytest.mark.xdist_group("theme_charts")

THEMES = base.THEMES
TITLE = "The General Prosecutor's Office and eyewitnesses give different counts of the detained Zhanaozen"


def lone_last_word(lines: list[str]) -> bool:
    return len(lines) > 1 and " " not in lines[-1].strip()


def test_greedy_wrap_can_leave_a_lone_word_and_balance_does_not() -> None:
    """The check can fail: at a width that holds all but the last word, the greedy wrap leaves
    "Zhanaozen" alone on the last line."""
    preset = get_size("print-double")
    usable = preset.width_in * 72 - 2 * preset.margin_pt
    head = TITLE.rsplit(" ", 1)[0]
    width = charts.text_width_pt(head, preset.text["title"], weight="bold") / 0.97 + 1
    greedy = charts.wrap(TITLE, width, preset.text["title"], weight="bold")
    balanced = charts.wrap(TITLE, width, preset.text["title"], weight="bold", balance=True)
    assert lone_last_word(greedy), greedy
    assert not lone_last_word(balanced), balanced
    assert len(balanced) == len(greedy)
    assert " ".join(balanced) == TITLE
    assert all(charts.text_width_pt(line, preset.text["title"], weight="bold") <= width for line in balanced)
    assert usable > 0


def test_short_words_dates_and_dashes_hold_together() -> None:
    """No line ends on a bare day, a one- or two-letter word, or starts with a dash; «2011 года» holds."""
    from analysis.kit.charts import _unbreakable

    assert _unbreakable("events of 16 December 2011 — in Zhanaozen") == ["events", "of 16 December", "2011 —", "in Zhanaozen"]
    assert _unbreakable("в мае 2012 года") == ["в мае", "2012 года"]


def test_balance_keeps_short_texts_and_paragraphs() -> None:
    assert charts.wrap("Short", 500, 10, balance=True) == ["Short"]
    assert charts.wrap("One line\nand another", 500, 10, balance=True) == ["One line", "and another"]


@pytest.mark.parametrize(("lang", "size"), sweeps.cases(("en", "ru"), SIZES))
def test_no_title_or_subtitle_ends_on_a_lone_word(size: str, lang: str, theme_charts) -> None:
    problems = []
    for name in THEMES:
        for chart in theme_charts(name, lang, size):
            for text in chart.fig.findobj(Text):
                if text.get_gid() in ("chart-title", "chart-subtitle"):
                    lines = text.get_text().split("\n")
                    if lone_last_word(lines):
                        problems.append(f"{name}/{chart.name} ({lang}, {size}) {text.get_gid()}: {lines}")
    assert problems == []
