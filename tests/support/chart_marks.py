"""The marks a rendered chart draws, read back from its matplotlib artists: each mark's visible
colours (fill, outline, line, marker) and where it is (the plot or the key).

Not marks, and left out: the figure and axes backgrounds, spines, ticks, gridlines, text boxes,
the key's frame, and guides the charts tag with a gid starting "guide" (row guides and rules,
which carry no data). A fill the same as the background is not visible; an outline of zero width
is not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.collections import Collection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

# The charts that colour by theme (each row in its theme's colour), by theme module: every other
# chart draws no theme colour but its own theme's.
COLOURED_BY_THEME = {"upr": ("cited_by_state", "recommendations", "implementation"), "timeline": ("timeline",)}


@dataclass(frozen=True)
class Mark:
    artist: Artist
    where: str  # "plot" or "key"
    fills: tuple[str, ...]  # visible fill colours (hex)
    lines: tuple[str, ...]  # visible outline/line colours (hex)
    extent: tuple[float, ...] | None = None  # a rectangle's (x, y, width, height) in data units


    @property
    def colours(self) -> tuple[str, ...]:
        return self.fills + self.lines


def _hex(colour) -> str | None:
    rgba = to_rgba(colour)
    return None if rgba[3] == 0 else to_hex(rgba[:3])


def _structure(fig: Figure) -> set[int]:
    skip: set[int] = {id(fig.patch)}
    for ax in fig.axes:
        skip.add(id(ax.patch))
        skip.update(id(s) for s in ax.spines.values())
        for axis in (ax.xaxis, ax.yaxis):
            skip.update(id(a) for a in axis.get_gridlines())
            for tick in (*axis.get_major_ticks(), *axis.get_minor_ticks()):
                skip.update(id(a) for a in (tick.tick1line, tick.tick2line, tick.gridline))
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is not None:
            skip.add(id(legend.legendPatch))
    for text in fig.findobj(Text):
        patch = text.get_bbox_patch()
        if patch is not None:
            skip.add(id(patch))
    return skip


def _read(artist: Artist, background: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    fills: list[str] = []
    lines: list[str] = []
    if isinstance(artist, Patch):
        face, edge = _hex(artist.get_facecolor()), _hex(artist.get_edgecolor())
        if face and face != background:
            fills.append(face)
        if edge and artist.get_linewidth() > 0:
            lines.append(edge)
    elif isinstance(artist, Line2D):
        if artist.get_linestyle() not in ("None", "none", " ", "") and artist.get_linewidth() > 0:
            c = _hex(artist.get_color())
            if c:
                lines.append(c)
        if artist.get_marker() not in (None, "None", "none", "", " "):
            face, edge = _hex(artist.get_markerfacecolor()), _hex(artist.get_markeredgecolor())
            if face and face != background:
                fills.append(face)
            if edge and artist.get_markeredgewidth() > 0:
                lines.append(edge)
    elif isinstance(artist, Collection):
        fills += [h for h in (_hex(c) for c in artist.get_facecolors()) if h and h != background]
        widths = list(artist.get_linewidths()) or [0]
        if max(widths) > 0:
            lines += [h for h in (_hex(c) for c in artist.get_edgecolors()) if h]
    return tuple(dict.fromkeys(fills)), tuple(dict.fromkeys(lines))


def marks(fig: Figure) -> list[Mark]:
    """Every visible mark of `fig`, in the plot and in the key."""
    background = to_hex(fig.get_facecolor())
    skip = _structure(fig)
    in_key: set[int] = set()
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is not None:
            in_key.update(id(a) for a in legend.findobj() if a is not legend)
    out: list[Mark] = []
    for artist in fig.findobj(lambda a: isinstance(a, (Patch, Line2D, Collection))):
        if id(artist) in skip or not artist.get_visible() or str(artist.get_gid() or "").startswith("guide"):
            continue
        fills, lines = _read(artist, background)
        if fills or lines:
            extent = None
            if isinstance(artist, Rectangle):
                extent = (id(artist.axes), *(round(v, 6) for v in (artist.get_x(), artist.get_y(),
                                                                   artist.get_width(), artist.get_height())))
            out.append(Mark(artist, "key" if id(artist) in in_key else "plot", fills, lines, extent))
    return out
