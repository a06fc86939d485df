"""Figures in the house layout: left-aligned title and subtitle, a qualifier key, the plot, notes
and a "Source: …" line bottom-left, each wrapped to the width of the chosen size preset.

Typical use::

    fig, ax = new_figure("web")
    encodings.qualified_bars(ax, rows, lang="en")
    frame(fig, title=..., subtitle=..., source=attribution.source_line(rows, documents, "en"))
    export.save_figure(fig, "figures/en/02_zhanaozen/detained", alt_text=..., title=...)
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Iterable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.words import claims
from analysis.kit import palette
from analysis.words.i18n import format_number, t
from analysis.words.typeset import typeset_auto
from analysis.kit.sizes import SizePreset, get_size
from analysis.kit.style import apply_style

_KIT = "_analysis_kit"
# Marks an axis whose tick labels are a numeric scale (not statements: the ledger leaves them out).
SCALE_AXIS = "_analysis_scale_axis"  # per-figure state: size preset, key entries, framed texts
_TEXT_TO_PATH = TextToPath()
_LINESPACING = 1.25
# Font metrics without hinting run slightly narrower than rendered text: wrap a little early.
_WRAP_SAFETY = 0.97
# Text roles wrapped into even lines (a heading's last line never holds one word alone).
BALANCED_ROLES = ("title", "subtitle")
# A key swatch's length (in ems of the key's text): long enough to show a bar with its end mark.
KEY_HANDLE_EM = 2.6
KEY_ENTRY_EM = KEY_HANDLE_EM + 0.5 + 1.5 + 0.5  # swatch, pad, column spacing and a little slack


def _state(fig: Figure) -> dict[str, Any]:
    state = getattr(fig, _KIT, None)
    if state is None:
        raise ValueError("this figure was not made by analysis.kit.charts.new_figure; use new_figure(size)")
    return state


def figure_preset(fig: Figure) -> SizePreset:
    """The size preset a figure was created with."""
    return get_size(_state(fig)["size"])


def frame_info(fig: Figure) -> dict[str, Any]:
    """What frame() placed (title, subtitle, source, notes), for the export sidecar."""
    return dict(_state(fig).get("frame", {}))


def new_figure(size: str = "web", *, height_ratio: float | None = None) -> tuple[Figure, Axes]:
    """A figure of the preset's size in the house style, with one Axes and value-axis gridlines.

    `height_ratio` (height / width) overrides the preset's aspect; print stays <= 170 mm tall.
    """
    preset = get_size(size)
    figsize = preset.figsize(height_ratio)
    apply_style(size)
    fig = plt.figure(figsize=figsize, dpi=preset.dpi, layout="constrained")
    setattr(fig, _KIT, {"size": size, "height_ratio": height_ratio, "key": {}})
    ax = fig.add_subplot()
    ax.tick_params(labelsize=preset.text["tick"], width=preset.linewidth, length=3.5 * preset.linewidth / 0.8)
    ax.xaxis.label.set_fontsize(preset.text["label"])
    ax.yaxis.label.set_fontsize(preset.text["label"])
    value_grid(ax, "y")
    return fig, ax


def text_size(fig_or_ax: Figure | Axes, role: str) -> float:
    """The preset's size (pt) for a text role: title, subtitle, label, tick, annotation, legend, notes, source."""
    fig = fig_or_ax if isinstance(fig_or_ax, Figure) else fig_or_ax.get_figure(root=True)
    return figure_preset(fig).text[role]


def value_grid(ax: Axes, axis: str) -> None:
    """Light gridlines on the value axis only ("x" or "y"); none on the category axis."""
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    other = "y" if axis == "x" else "x"
    ax.grid(False, axis=other)
    ax.grid(True, axis=axis, color=palette.GRID, linewidth=figure_preset(ax.get_figure(root=True)).linewidth * 0.75)
    ax.set_axisbelow(True)


class FittingLocator(MaxNLocator):
    """At most five "nice" ticks, fewer when the axis is too short for their labels to stand apart
    (a narrow print column with "30,000"-wide labels gets two or three). Whole-number axes over a
    small range (up to SMALL_RANGE) get a tick at every whole number when the labels fit, so small
    counts read 0, 1, 2, 3 rather than 0, 2, 4."""

    SMALL_RANGE = 10

    def __init__(self, axis_name: str, lang: str, size: float, *, integer: bool = True) -> None:
        super().__init__(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=integer, min_n_ticks=2)
        self._axis_name, self._lang, self._size, self._whole = axis_name, lang, size, integer

    def __call__(self):  # type: ignore[override]
        axes = self.axis.axes
        fig = axes.get_figure(root=True)
        size = self._size
        vmin, vmax = sorted(self.axis.get_view_interval())
        if self._axis_name == "x":
            length = axes.bbox.width / fig.dpi * 72
            widest = max(text_width_pt(_tick_text(v, self._lang), size) for v in (vmin, vmax))
            room = widest + size * 1.5
        else:
            length = axes.bbox.height / fig.dpi * 72
            room = size * 2.2
        room = max(room, 1.0)
        span = vmax - vmin
        if self._whole and 0 < span <= self.SMALL_RANGE and length / span >= room:
            ones = np.arange(math.ceil(vmin), math.floor(vmax) + 1, dtype=float)
            if len(ones) >= 2:
                return self.raise_if_exceeds(ones)
        self.set_params(nbins=max(1, min(5, int(length // room))))
        return super().__call__()


def _tick_text(x: float, lang: str) -> str:
    decimals = 0 if float(x).is_integer() else 1
    return format_number(round(float(x), decimals), lang, decimals)


def number_axis(ax: Axes, axis: str, lang: str, *, integer: bool = True) -> None:
    """Tick labels of a numeric axis in the language's format (13,000 / 13 000; 2.5 / 2,5), as many
    as fit without touching; small whole-number ranges tick every whole number (see FittingLocator)."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    size = figure_preset(ax.get_figure(root=True)).text["tick"]
    target.set_major_locator(FittingLocator(axis, lang, size, integer=integer))
    setattr(target, SCALE_AXIS, True)
    target.set_major_formatter(FuncFormatter(lambda x, _pos: _tick_text(x, lang)))


def wrap_labels(fig: Figure, labels: Iterable[str], *, share: float = 0.38) -> list[str]:
    """Category labels wrapped to `share` of the figure width at the tick size, so long labels
    take lines rather than squeezing the plot; in even lines, so none ends on a lone word ("2011")."""
    preset = figure_preset(fig)
    width = fig.get_size_inches()[0] * 72 * share
    return ["\n".join(wrap(str(label), width, preset.text["tick"], balance=True)) for label in labels]


def axis_label(label: str, unit: str, lang: str) -> str:
    """An axis title with its unit: "Complaints registered (number)"."""
    return t("chart.axis.with_unit", lang, label=label, unit=unit)


class WordsKey:
    """A key entry drawn as a word in italics (for amounts the source gives only in words)."""

    def __init__(self, text: str, color: str = palette.TEXT) -> None:
        self.text, self.color = text, color


class _WordsKeyHandler:
    """Legend handler drawing a WordsKey as italic text in the handle slot."""

    def legend_artist(self, legend: Legend, orig_handle: WordsKey, fontsize: float, handlebox: Any) -> Text:
        text = Text(0, handlebox.height / 2, orig_handle.text, fontsize=fontsize, style="italic",
                    color=orig_handle.color, ha="left", va="center_baseline")
        handlebox.add_artist(text)
        return text


class _BoundKeyHandler:
    """Legend handler for a bound's key entry, (bar, end mark): the bar fills the handle slot and
    the end mark stands at its right end, as on the chart (a cap for "as many as", an arrowhead
    for "at least"), instead of two small glyphs side by side."""

    def legend_artist(self, legend: Legend, orig_handle: tuple[Artist, ...], fontsize: float, handlebox: Any) -> Artist:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Rectangle

        bar, end = orig_handle
        w, h = handlebox.width, handlebox.height
        length = w * 0.82
        rect = Rectangle((0, h * 0.1), length, h * 0.8, facecolor=bar.get_facecolor(), edgecolor=bar.get_edgecolor(),
                         linewidth=bar.get_linewidth(), linestyle=bar.get_linestyle())
        handlebox.add_artist(rect)
        if isinstance(end, Line2D) and end.get_marker() not in (None, "None", "none", ""):
            mark = Line2D([length], [h / 2], marker=end.get_marker(), markersize=fontsize * 0.8, linestyle="none",
                          color=end.get_color())
        else:
            mark = Line2D([length, length], [-h * 0.05, h * 1.05], color=end.get_color(),
                          linewidth=end.get_linewidth(), solid_capstyle="butt")
        handlebox.add_artist(mark)
        return rect


def add_key_entry(fig: Figure, label: str, handle: Artist | tuple[Artist, ...]) -> None:
    """Register a legend entry for the figure's key row (drawn by frame(), once per label)."""
    _state(fig)["key"].setdefault(label, handle)


def key_entries(fig: Figure) -> dict[str, Artist | tuple[Artist, ...]]:
    """The key entries the encodings registered, in drawing order."""
    return dict(_state(fig)["key"])


# ---- text measurement and wrapping (font metrics, no renderer needed) ----

def text_width_pt(text: str, size: float, *, weight: str = "normal", style: str = "normal") -> float:
    """Width of one line of text in points, from the house font's metrics."""
    return _width_pt(claims.strip(text), float(size), weight, style)


@lru_cache(maxsize=65536)
def _width_pt(text: str, size: float, weight: str, style: str) -> float:
    """Cached: wrapping and pagination measure the same lines many times (the font is fixed)."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(family="sans-serif", size=size, weight=weight, style=style)
    w, _h, _d = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return w


def _greedy(words: Sequence[str], width_pt: float, size: float, weight: str) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = word if not line else f"{line} {word}"
        if line and text_width_pt(candidate, size, weight=weight) > width_pt * _WRAP_SAFETY:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return lines


def _balanced(words: Sequence[str], width_pt: float, size: float, weight: str) -> list[str]:
    """The greedy wrap, unless it leaves one word alone on the last line: then as many lines, each
    as full as the others (the narrowest width that keeps the line count), and a word moved down
    if one is still alone."""
    lines = _greedy(words, width_pt, size, weight)
    if len(lines) < 2 or " " in lines[-1]:
        return lines
    lo, hi = width_pt / len(lines), width_pt
    for _ in range(18):  # bisect the narrowest width with the same number of lines
        mid = (lo + hi) / 2
        if len(_greedy(words, mid, size, weight)) == len(lines):
            hi = mid
        else:
            lo = mid
    lines = _greedy(words, hi, size, weight)
    while len(lines) >= 2 and " " not in lines[-1] and " " in lines[-2]:
        head, moved = lines[-2].rsplit(" ", 1)
        pulled = f"{moved} {lines[-1]}"
        if text_width_pt(pulled, size, weight=weight) > width_pt * _WRAP_SAFETY:
            break
        lines[-2:] = [head, pulled]
    return lines


def wrap(text: str, width_pt: float, size: float, *, weight: str = "normal", balance: bool = False) -> list[str]:
    """Word wrap to `width_pt`; only ordinary spaces break (a no-break space in "13 000" holds, and
    the text's language's typesetting pass, words.typeset, puts one wherever a line must not break).
    Greedy by default; `balance` (titles, subtitles) evens the lines so none ends on a lone word.
    Claim markers are dropped: wrapped lines are drawn, and the drawn texts' claims are matched when
    the figure is saved."""
    return list(_wrapped(typeset_auto(claims.strip(str(text))), float(width_pt), float(size), weight, balance))


@lru_cache(maxsize=4096)
def _wrapped(text: str, width_pt: float, size: float, weight: str, balance: bool) -> tuple[str, ...]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += (_balanced if balance else _greedy)(_unbreakable(paragraph), width_pt, size, weight)
    return tuple(lines)


# Words kept with the word after them: a day or short number ("16 December", "15 protesters") and a
# one- or two-letter word (Russian prepositions and conjunctions: «в», «по», «и»; "of", "a"), so no
# line ends on a bare number or a hanging preposition. A dash, and the word «года» after a year,
# stay with the word before them.
_HOLDS_NEXT = re.compile(r"^(?:\d{1,2}|[^\W\d_]{1,2})$")
_DASHES = ("—", "–")
# A year stays with the Russian word for it: «2011 года», «2011–2012 годы».
_YEAR = re.compile(r"^\(?\d{4}(?:[–-]\d{4})?$")
_YEAR_WORDS = ("год", "года", "году", "годы", "годов", "годах", "г.")


def _unbreakable(paragraph: str) -> list[str]:
    """The paragraph's words, grouped where a line must not break (see _HOLDS_NEXT)."""
    out: list[str] = []
    for word in paragraph.split(" "):
        if out and (word in _DASHES or (word.rstrip(",.;:)»") in _YEAR_WORDS and _YEAR.match(out[-1].rsplit(" ", 1)[-1]))):
            out[-1] = f"{out[-1]} {word}"
        elif out and word and _HOLDS_NEXT.match(out[-1].rsplit(" ", 1)[-1]):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def _block_height_pt(n_lines: int, size: float) -> float:
    return size * (1 + _LINESPACING * (n_lines - 1)) + 0.25 * size  # + descent of the last line


def frame_height_pt(size: str, *, title: str, subtitle: str, source: str, notes: Sequence[str] = (),
                    key_labels: Sequence[str] = ()) -> float:
    """The height frame() takes outside the plot at `size` (margins, title, subtitle, key, notes,
    source), measured as frame() lays them out, so a chart can be sized to its content."""
    preset = get_size(size)
    usable = preset.width_in * 72 - 2 * preset.margin_pt
    txt = preset.text

    def block(text: str, role: str, weight: str = "normal") -> float:
        n = len(wrap(claims.strip(text), usable, txt[role], weight=weight, balance=role in BALANCED_ROLES))
        return _block_height_pt(n, txt[role])

    gap = txt["subtitle"] * 0.45
    h = 2 * preset.margin_pt + block(title, "title", "bold") + gap * 0.6
    if str(subtitle).strip():
        h += block(subtitle, "subtitle") + gap
    if key_labels:
        size_pt = txt["legend"]
        ncols = key_columns(key_labels, size_pt, usable)
        h += math.ceil(len(key_labels) / ncols) * size_pt * 1.75 + gap
    h += block(source, "source") + gap
    notes = [str(n) for n in notes if str(n).strip()]
    if notes:
        h += block("\n".join(notes), "notes") + gap * 0.4
    return h


def height_ratio_for(size: str, content_pt: float, **texts: Any) -> float:
    """The height/width ratio that fits `content_pt` of plot under frame()'s texts (`texts` as
    frame_height_pt takes them), within the print maximum."""
    preset = get_size(size)
    pad = 2 * 2.0  # the layout engine's pads above and below the plot (h_pad, 2 pt)
    ratio = (frame_height_pt(size, **texts) + content_pt + pad) / (preset.width_in * 72)
    if preset.max_height_mm is not None:
        ratio = min(ratio, preset.max_height_mm / (preset.width_in * 25.4))
    return ratio


def frame(fig: Figure, *, title: str, subtitle: str, source: str, notes: Iterable[str] = ()) -> None:
    """Place title and subtitle (left-aligned, top), the qualifier key, notes and the source line
    (bottom-left) and fit the plot between them. Texts come in finished: `source` as
    attribution.source_line() returns it ("Source: …"), each note as one paragraph.
    Call once, after drawing the data (the key lists the encodings used).
    """
    state = _state(fig)
    if "frame" in state:
        raise ValueError("frame() was already called on this figure")
    if not str(title).strip():
        raise ValueError("frame(): a chart needs a title")
    if not str(source).strip():
        raise ValueError("frame(): a chart needs a source line (use attribution.source_line)")
    preset = figure_preset(fig)
    notes = [str(n) for n in notes if str(n).strip()]
    texts = {"title": str(title), "subtitle": str(subtitle), "source": str(source),
             **{f"notes[{i}]": n for i, n in enumerate(notes)}}
    texts = {name: typeset_auto(text) for name, text in texts.items()}
    finished = {name: claims.finish(text) for name, text in texts.items()}
    title, subtitle, source = (finished[k][0] for k in ("title", "subtitle", "source"))
    notes = [finished[f"notes[{i}]"][0] for i in range(len(notes))]
    strip_drawn_texts(fig)
    w_pt, h_pt = (v * 72 for v in fig.get_size_inches())
    m = preset.margin_pt
    usable = w_pt - 2 * m
    gap = preset.text["subtitle"] * 0.45
    x = m / w_pt
    placed: list[Text | Legend] = []

    def put(text: str, top_pt: float, role: str, *, weight: str = "normal", va: str = "top",
            color: str = palette.TEXT) -> float:
        size = preset.text[role]
        lines = wrap(text, usable, size, weight=weight, balance=role in BALANCED_ROLES)
        y = top_pt / h_pt
        placed.append(fig.text(x, y, "\n".join(lines), ha="left", va=va, fontsize=size, weight=weight,
                               color=color, linespacing=_LINESPACING, gid=f"chart-{role}"))
        return _block_height_pt(len(lines), size)

    top = h_pt - m
    top -= put(title, top, "title", weight="bold") + gap * 0.6
    if str(subtitle).strip():
        top -= put(subtitle, top, "subtitle", color=palette.MUTED_TEXT) + gap
    key = state["key"]
    if key:
        legend = _key_legend(fig, key, preset, x, top / h_pt, usable)
        placed.append(legend)
        top -= _legend_height_pt(fig, legend) + gap

    bottom = m
    bottom += put(source, bottom, "source", va="bottom", color=palette.MUTED_TEXT)
    if notes:
        bottom += gap * 0.4
        bottom += put("\n".join(notes), bottom, "notes", va="bottom", color=palette.MUTED_TEXT)
    bottom += gap

    if top - bottom < 0.25 * h_pt:
        raise ValueError(
            f"frame(): title, key, notes and source leave {top - bottom:.0f} pt of {h_pt:.0f} pt for the plot "
            f"at size {preset.name!r}; shorten the texts or pass a larger height_ratio to new_figure"
        )
    engine = fig.get_layout_engine()
    engine.set(rect=(0, bottom / h_pt, 1, (top - bottom) / h_pt), w_pad=m / 72, h_pad=2 / 72,
               wspace=0.04, hspace=0.04)
    state["frame"] = {"title": str(title), "subtitle": str(subtitle), "source": str(source), "notes": notes,
                      "spans": {name: spans for name, (_plain, spans) in finished.items()}}


def drawn_text_spans(fig: Figure, text: Text) -> tuple[str, list[Any]] | None:
    """The plain text and claim spans a Text artist of the figure was drawn from (None when it
    carried no claim marker)."""
    found = _state(fig).get("drawn_spans", {}).get(id(text))
    return (found[1], found[2]) if found is not None and found[0] is text else None


class _TypesetFormatter(FuncFormatter):
    """A tick label made at draw time (a category's name), typeset as it is made."""

    def __init__(self, made: Any) -> None:
        super().__init__(lambda x, pos: typeset_auto(claims.strip(str(made(x, pos)))))


def strip_drawn_texts(fig: Figure) -> None:
    """Drop claim markers from every text already drawn in the figure (labels, ticks, key), so
    what is measured and rendered is what a reader sees; each Text keeps its claims' spans
    (drawn_text_spans), so the ledger credits a drawn number to the claim it was drawn from."""
    from matplotlib.ticker import FixedFormatter

    recorded = _state(fig).setdefault("drawn_spans", {})
    for text in fig.findobj(Text):
        raw = text.get_text()
        typeset_raw = typeset_auto(raw)
        if typeset_raw != raw:
            text.set_text(typeset_raw)
            raw = typeset_raw
        if claims.has_marks(raw):
            try:
                plain, spans = claims.finish(raw)
            except claims.ClaimError:
                plain, spans = claims.strip(raw), []
            recorded[id(text)] = (text, plain, spans)
            text.set_text(plain)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            formatter = axis.get_major_formatter()
            if isinstance(formatter, FixedFormatter):
                formatter.seq = [typeset_auto(claims.strip(str(s))) for s in formatter.seq]
            elif isinstance(formatter, FuncFormatter) and not isinstance(formatter, _TypesetFormatter):
                axis.set_major_formatter(_TypesetFormatter(formatter.func))
            if not ax.axison or not axis.get_visible():
                continue  # nothing of it is drawn (and asking for its labels would make some)
            labels = [t.get_text() for t in axis.get_majorticklabels()]
            if any(claims.has_marks(lbl) for lbl in labels):
                axis.set_ticks(axis.get_majorticklocs(), [typeset_auto(claims.strip(lbl)) for lbl in labels])
    state = _state(fig)
    state["key"] = {typeset_auto(claims.strip(label)): handle for label, handle in state["key"].items()}
    for handle in state["key"].values():
        if isinstance(handle, WordsKey):
            handle.text = typeset_auto(claims.strip(handle.text))


def key_columns(labels: Sequence[str], size_pt: float, usable_pt: float) -> int:
    """As many key columns as fit `usable_pt`, measured as matplotlib lays a key out.

    Matplotlib fills the columns top to bottom (the first ones one entry longer), and each column
    is as wide as its widest entry: summing a row's entries underestimates a column of long labels.
    """
    widths = [text_width_pt(lbl, size_pt) + size_pt * KEY_ENTRY_EM for lbl in labels]  # handle + pad + spacing

    def width(ncols: int) -> float:
        rows, long_cols = divmod(len(widths), ncols)
        total, start = 0.0, 0
        for col in range(ncols):
            n = rows + 1 if col < long_cols else rows
            if n:
                total += max(widths[start:start + n])
            start += n
        return total

    ncols = max(len(widths), 1)
    while ncols > 1 and width(ncols) > usable_pt:
        ncols -= 1
    return ncols


def reading_order(n: int, ncols: int) -> list[int]:
    """The order to give a key of `n` entries in `ncols` columns so that it reads left to right,
    row by row, in the order the entries were added (matplotlib fills each column top to bottom,
    the first ones one entry longer): the key's colours then follow the bars' order."""
    if ncols <= 1 or n <= ncols:
        return list(range(n))
    nrows = -(-n // ncols)
    return [r * ncols + c for c in range(ncols) for r in range(nrows) if r * ncols + c < n]


def _key_legend(fig: Figure, key: dict[str, Any], preset: SizePreset, x: float, y: float, usable: float) -> Legend:
    handles = list(key.values())
    labels = [typeset_auto(k) for k in key]  # a key entry added after the drawn texts were typeset
    size = preset.text["legend"]
    ncols = key_columns(labels, size, usable)
    order = reading_order(len(labels), ncols)
    handles, labels = [handles[i] for i in order], [labels[i] for i in order]
    return fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(x, y), bbox_transform=fig.transFigure,
                      ncols=ncols, frameon=False, fontsize=size, borderaxespad=0, borderpad=0,
                      handlelength=KEY_HANDLE_EM, handleheight=1.0, columnspacing=1.5, handletextpad=0.5,
                      handler_map={tuple: _BoundKeyHandler(), WordsKey: _WordsKeyHandler()})


def _legend_height_pt(fig: Figure, legend: Legend) -> float:
    bbox = legend.get_window_extent()  # matplotlib finds the figure's renderer itself
    return bbox.height / fig.dpi * 72
