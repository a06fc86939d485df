"""The lane timeline: each row its date column and label on a line, over a lane with its span drawn
at its precision (a day a diamond, a month a solid bar, a year a tinted bar, an open period an arrow
to the axis's end), coloured by theme, on whole years, paged for print.

The drawing only: the rows' words, dates, colours and key names come in from the theme that uses it
(analysis.themes.timeline, analysis.themes.refoulement), so the kit knows no theme.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from analysis.kit import charts as kit, palette
from analysis.kit.pages import paginate
from analysis.kit.sizes import MM_PER_INCH, get_size

__all__ = ["Page", "YEAR_TINT", "axis_range", "date_column_pt", "draw_timeline", "overhead_pt", "rows_layout"]

# How far a year's bar is tinted towards white: light enough to read as "a year, not a month" beside
# the solid month bars, dark enough that the tints of the themes a timeline draws stay 7 apart
# (CAM02-UCS) under simulated protan, deutan and tritan vision (0.62 left vermillion's and ochre's
# 4.7 apart for deuteranomaly).
YEAR_TINT = 0.4


@dataclass(frozen=True)
class _Layout:
    row_pad: float  # padding per row, in multiples of the tick size


# Each row is its date and label on one line (wrapped under itself), with the row's lane below it:
# the marks take the plot's whole width, and no guide or gridline crosses a word.
_LAYOUTS = {"web": _Layout(0.75), "print-single": _Layout(0.5), "print-double": _Layout(0.5)}
_LINE = 1.25  # line height, in multiples of the tick size
_BAR = 1.05  # mark height, in multiples of the tick size


def rows_layout(labels: list[list[str]], dates: list[list[str]], size: str) -> list[float]:
    """Each row's height (pt): its text lines (label or dates, whichever has more), then its lane."""
    tick = get_size(size).text["tick"]
    pad = _LAYOUTS[size].row_pad * tick
    return [max(len(lines), len(when)) * tick * _LINE + tick * _BAR + pad for lines, when in zip(labels, dates)]


def overhead_pt(size: str, *, title: str, subtitle: str, source: str, notes: Sequence[str],
                 key_labels: Sequence[str]) -> float:
    """Height the frame takes outside the plot (title, subtitle, key, notes, source, x axis)."""
    h = kit.frame_height_pt(size, title=title, subtitle=subtitle, source=source, notes=notes, key_labels=key_labels)
    txt = get_size(size).text
    return h + txt["tick"] * 3.2  # x-axis ticks and their labels


def _year_ticks(ax: Axes, xlim: tuple[pd.Timestamp, pd.Timestamp], size: str) -> None:
    """Gridlines at each 1 January; year labels centred in their year, every other year when the
    axis is too narrow for all of them."""
    preset = get_size(size)
    years = list(range(xlim[0].year, xlim[1].year))
    ax.set_xticks([mdates.date2num(pd.Timestamp(year=y, month=1, day=1)) for y in [*years, xlim[1].year]])
    ax.set_xticklabels([])
    fig = ax.get_figure(root=True)
    fig.draw_without_rendering()  # lays out the axes, so its width is known
    axis_pt = ax.get_position().width * preset.width_in * 72
    label_pt = kit.text_width_pt("2000", preset.text["tick"]) * 1.5
    step = 1
    while years and axis_pt / len(years) * step < label_pt:
        step += 1
    shown = [y for y in years if (y - years[0]) % step == 0]
    ax.set_xticks([mdates.date2num(pd.Timestamp(year=y, month=7, day=1)) for y in shown], [str(y) for y in shown],
                  minor=True)
    ax.tick_params(axis="x", which="minor", length=0)
    setattr(ax.xaxis, kit.SCALE_AXIS, True)  # the years under the axis are its scale, not statements


def _draw_mark(ax: Axes, precision: str, s: float, e: float, cy: float, color: str, bar_h: float, tick: float,
               lw: float) -> None:
    """A date's mark at its precision: a day a diamond, a month a solid bar, a year a tinted bar."""
    if precision == "day":
        ax.plot([(s + e) / 2], [cy], marker="D", markersize=tick * 0.75, color=color, linestyle="none", zorder=3)
    elif precision == "month":
        ax.add_patch(Rectangle((s, cy - bar_h / 2), e - s, bar_h, facecolor=color, edgecolor=color,
                               linewidth=lw * 0.5, zorder=3))
    else:
        ax.add_patch(Rectangle((s, cy - bar_h / 2), e - s, bar_h, facecolor=palette.tint(color, YEAR_TINT),
                               edgecolor=color, linewidth=lw, zorder=2))


def date_column_pt(dates: Sequence[Sequence[str]], size: str) -> float:
    """Width of the date column: the widest date line, in bold at the tick size, and a gap."""
    tick = get_size(size).text["tick"]
    return max(kit.text_width_pt(d, tick, weight="bold") for when in dates for d in when) + tick * 0.8


def _year_lines(ax: Axes, xlim: tuple[pd.Timestamp, pd.Timestamp], lanes: list[tuple[float, float]],
                lw: float) -> None:
    """Year gridlines inside each lane only, so none runs through a row's words."""
    xs = [mdates.date2num(pd.Timestamp(year=y, month=1, day=1)) for y in range(xlim[0].year, xlim[1].year + 1)]
    for top, bottom in lanes:
        ax.vlines(xs, top, bottom, colors=palette.GRID, linewidth=lw * 0.75, zorder=0.5, gid="guide-year")


def _draw_page(fig: Figure, ax: Axes, rows: pd.DataFrame, wrapped: list[list[str]], dates: list[list[str]],
               heights: list[float], *, colors: Mapping[str, str], xlim: tuple[pd.Timestamp, pd.Timestamp],
               key_names: Mapping[str, str] | None, themes: Sequence[str], date_pt: float) -> None:
    preset = kit.figure_preset(fig)
    tick = preset.text["tick"]
    lw = preset.linewidth
    bar_h = tick * _BAR
    x0, x1 = (mdates.date2num(v) for v in xlim)
    if key_names:
        for theme in themes:
            kit.add_key_entry(fig, key_names[theme], Patch(facecolor=colors[theme], edgecolor=colors[theme]))
    lanes: list[tuple[float, float]] = []
    y = 0.0
    for (_, r), lines, when, h in zip(rows.iterrows(), wrapped, dates, heights):
        text_h = max(len(lines), len(when)) * tick * _LINE
        for k, date in enumerate(when):
            ax.annotate(date, xy=(0, y + k * tick * _LINE), xycoords=("axes fraction", "data"), ha="left", va="top",
                        fontsize=tick, weight="bold", color=palette.TEXT, annotation_clip=False, in_layout=False)
        # Wrapped to the plot's width by construction: the layout need not make room for it.
        ax.annotate("\n".join(lines), xy=(0, y), xycoords=("axes fraction", "data"), xytext=(date_pt, 0),
                    textcoords="offset points", ha="left", va="top", fontsize=tick, color=palette.TEXT,
                    linespacing=_LINE, annotation_clip=False, in_layout=False, gid="timeline-label")
        cy = y + text_h + bar_h / 2  # the lane sits right under its words, the gap after it
        lanes.append((cy - bar_h / 2, cy + bar_h / 2))
        color = colors[r["theme"]]
        s, e = mdates.date2num(r["start"]), mdates.date2num(r["end"])
        second = r.get("second")
        last_e = mdates.date2num(second["end"]) if second else e
        ax.plot([x0, min(s, last_e)], [cy, cy], color=palette.GRID, linewidth=lw, linestyle=(0, (1, 2)), zorder=1,
                gid="guide-row")
        if r.get("open_ended"):
            # A period the source leaves open runs on to the end of the axis (the time of the
            # submission), drawn open: a bar that fades into an arrow, dated "since …".
            ax.add_patch(Rectangle((s, cy - bar_h / 2), e - s, bar_h, facecolor=palette.tint(color, YEAR_TINT),
                                   edgecolor=color, linewidth=lw, zorder=2))
            ax.annotate("", xy=(x1, cy), xytext=(e, cy), zorder=2,
                        arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": lw * 1.5,
                                    "shrinkA": 0, "shrinkB": 0, "mutation_scale": tick})
        else:
            _draw_mark(ax, r["date_precision"], s, e, cy, color, bar_h, tick, lw)
        if second:
            s2, e2 = mdates.date2num(second["start"]), mdates.date2num(second["end"])
            _draw_mark(ax, second["date_precision"], s2, e2, cy, color, bar_h, tick, lw)
        y += h
    ax.set_yticks([])
    ax.set_ylim(y, 0)
    ax.set_xlim(x0, x1)
    ax.grid(False)
    _year_lines(ax, xlim, lanes, lw)
    ax.spines["left"].set_visible(False)


@dataclass
class Page:
    """One drawn page of a timeline: the figure, its title and the rows it shows."""

    fig: Figure
    title: str
    rows: pd.DataFrame
    source: str


def axis_range(rows: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Whole years from the first start to the last end."""
    start, end = min(rows["start"]), max(rows["end"])
    last = end.year if end == pd.Timestamp(year=end.year, month=1, day=1) else end.year + 1
    return pd.Timestamp(year=start.year, month=1, day=1), pd.Timestamp(year=last, month=1, day=1)


def draw_timeline(rows: pd.DataFrame, *, dates: Sequence[list[str]], size: str, title: str, subtitle: str,
                  source_for: Callable[[pd.DataFrame], str], notes: Sequence[str] = (), themes: Sequence[str],
                  colors: Mapping[str, str], key_names: Mapping[str, str] | None,
                  page_title: Callable[[pd.DataFrame, int, int, bool], str]) -> list[Page]:
    """One figure per page: each row (start, end, date, date_precision, theme, label) as its date
    and label on a line, over a lane with its span at its precision, coloured by theme.

    Web charts grow as tall as the rows need; print charts stay within the size's maximum height,
    so a long timeline is split into pages (title "… (1 of 2)"), all on the same time axis, each
    with the source line of its own rows (`source_for(page_rows)`) and the title
    `page_title(page_rows, n, pages, measure)` gives it (`measure`: for sizing only, no claims).
    `dates` holds each row's date-column lines, `colors` each theme's colour and `key_names` each
    theme's name in the key (None: no key).
    """
    if rows.empty:
        raise ValueError("draw_timeline: no dated events to draw")
    rows = rows.reset_index(drop=True)
    preset = get_size(size)
    tick = preset.text["tick"]
    dates = list(dates)
    date_pt = date_column_pt(dates, size)
    label_width = preset.width_in * 72 - 2 * preset.margin_pt - date_pt
    wrapped = [kit.wrap(str(label), label_width, tick, balance=True) for label in rows["label"]]
    heights = rows_layout(wrapped, dates, size)
    width_pt = preset.width_in * 72

    def page_parts(page: list[int], n: int, pages: int, *, measure: bool = False
                   ) -> tuple[pd.DataFrame, str, str, list[str], float]:
        page_rows = rows.iloc[page].reset_index(drop=True)
        page_title_text = title if pages == 1 else page_title(page_rows, n, pages, measure)
        source = source_for(page_rows)
        shown = [x for x in themes if x in set(page_rows["theme"])]
        over = overhead_pt(size, title=page_title_text, subtitle=subtitle, source=source, notes=notes,
                            key_labels=[key_names[x] for x in shown] if key_names else [])
        return page_rows, page_title_text, source, shown, sum(heights[i] for i in page) / 0.96 + over

    fits = None
    if preset.max_height_mm is not None:
        limit = preset.max_height_mm / MM_PER_INCH * 72 * 0.97
        fits = lambda page: page_parts(page, 9, 9, measure=True)[4] <= limit  # noqa: E731 - "(9 of 9)": the longest title
    pages = paginate(heights, fits)
    xlim = axis_range(rows)
    out = []
    for n, page in enumerate(pages, start=1):
        page_rows, this_title, source, shown, height_pt = page_parts(page, n, len(pages))
        ratio = max(height_pt / width_pt, 0.45)
        if preset.max_height_mm is not None:
            ratio = min(ratio, preset.max_height_mm / (preset.width_in * MM_PER_INCH))
        fig, ax = kit.new_figure(size, height_ratio=ratio)
        _draw_page(fig, ax, page_rows, [wrapped[i] for i in page], [dates[i] for i in page],
                   [heights[i] for i in page], colors=colors, xlim=xlim, key_names=key_names,
                   themes=shown, date_pt=date_pt)
        kit.frame(fig, title=this_title, subtitle=subtitle, source=source, notes=notes)
        _year_ticks(ax, xlim, size)
        out.append(Page(fig, this_title, page_rows, source))
    return out
