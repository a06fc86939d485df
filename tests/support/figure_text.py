"""Checks on the text a drawn figure shows, shared by the chart-kit and theme tests: which Text
artists are really drawn, that they stay inside the figure, that no two overlap, and that print
text stays within the house sizes."""

from __future__ import annotations

from typing import Iterable

from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis.kit.sizes import PRINT_MAX_TEXT_PT, PRINT_MIN_TEXT_PT


def laid_out(fig: Figure) -> Figure:
    """The figure with its layout done, as a draw leaves it, without rasterizing it (a figure
    nothing has changed since its last layout is left as it is: the tests share drawn charts)."""
    if fig.stale:
        fig.draw_without_rendering()
    return fig


def drawn_texts(fig: Figure) -> list[Text]:
    """Every Text artist that shows something, after the layout; tick labels of ticks outside the
    axis limits (kept by matplotlib, never drawn) are left out."""
    laid_out(fig)
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            span = (high - low) * 1e-9
            for loc, tick in zip(axis.get_majorticklocs(), axis.get_major_ticks()):
                if not low - span <= loc <= high + span:
                    hidden.update({id(tick.label1), id(tick.label2)})
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in hidden]


def assert_texts_inside(fig: Figure, texts: Iterable[Text], where: str, *, margin: float = 1.0) -> None:
    """No text reaches more than `margin` pixels past the figure's edges."""
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    for text in texts:
        box = text.get_window_extent(renderer)
        assert box.x0 >= -margin and box.x1 <= width + margin, f"{where}: {text.get_text()[:30]!r} leaves the figure"
        assert box.y0 >= -margin and box.y1 <= height + margin, f"{where}: {text.get_text()[:30]!r} leaves the figure"


def assert_texts_apart(fig: Figure, texts: Iterable[Text], where: str, *, tolerance: float = 1.0) -> None:
    """No two texts overlap by more than `tolerance` pixels in both directions."""
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text()[:30], t.get_window_extent(renderer)) for t in texts]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            overlap_w = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            overlap_h = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            assert overlap_w <= tolerance or overlap_h <= tolerance, f"{where}: {a!r} overlaps {b!r}"


def assert_texts_apart_and_inside(fig: Figure, where: str) -> None:
    """Every drawn text inside the figure and clear of every other (1 px tolerance)."""
    texts = drawn_texts(fig)
    assert_texts_inside(fig, texts, where)
    assert_texts_apart(fig, texts, where)


def assert_print_text_sizes(fig: Figure, where: str) -> None:
    """Every drawn text of a print figure is between the house minimum and maximum point sizes."""
    sizes = [t.get_fontsize() for t in drawn_texts(fig)]
    assert sizes, f"{where}: no text drawn"
    assert PRINT_MIN_TEXT_PT <= min(sizes) and max(sizes) <= PRINT_MAX_TEXT_PT, where
