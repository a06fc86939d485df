"""Chart encodings for the qualifiers the data carries, so no bound, estimate or word-only amount
is ever drawn as if it were an exact count.

Every function takes an Axes from charts.new_figure, a DataFrame with the data contract's common
value columns (value, value_max, value_text, unit, qualifier, period_start, period_end, claimant,
document_id, locator) plus a label column, and `lang`. How each qualifier looks:

- exact        solid bar, value label at its end;
- approximate  lighter bar with a dashed outline, labelled "roughly 13,000";
- at_least     solid bar with an arrow past its end (could be more), labelled "at least 12";
- at_most      hollow dashed bar closed by a solid cap (could be fewer), labelled "as many as 700";
- range        interval from value to value_max with end caps, no bar from zero, labelled "5–7";
- unquantified no mark at all, the source's words in italics ("hundreds"), never a number;
- partial period (shorter than the other rows' periods) hatched, lighter, and its months named
  under the label ("2013 / Jan–Sep only");
- estimate     (partial_period_bars) a dotted outline with "estimate: 883".
Every non-exact encoding adds an entry to the figure's key, which charts.frame() draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from analysis.words import claims
from analysis.kit import palette
from analysis.kit.charts import (
    WordsKey,
    add_key_entry,
    figure_preset,
    number_axis,
    text_size,
    value_grid,
    wrap,
    wrap_labels,
)
from analysis.words.i18n import t
from analysis.kit.sizes import PRINT_MAX_TEXT_PT, SizePreset, get_size
from analysis.words.wording import (
    amount,
    capitalize,
    is_currency,
    is_missing,
    label_text,
    number,
    partial_flags,
    period_words,
    qualifier_of,
    require_columns,
    term,
    unit_key,
    value_words,
)

BAR_WIDTH = 0.62
APPROX_TINT = 0.55
PARTIAL_TINT = 0.35
HATCH = "////"
# How a partial period's full-period estimate is made (ours; a projection of the row's figure).
ESTIMATE_METHOD = "projection at the same monthly rate: value ÷ months covered × 12"


@dataclass(frozen=True)
class _Geometry:
    """Maps (category position, value) to data coordinates for either orientation."""

    horizontal: bool

    def xy(self, pos: float, value: float) -> tuple[float, float]:
        return (value, pos) if self.horizontal else (pos, value)

    def rect(self, pos: float, start: float, end: float, width: float) -> tuple[tuple[float, float], float, float]:
        if self.horizontal:
            return (start, pos - width / 2), end - start, width
        return (pos - width / 2, start), width, end - start

    def offset(self, points: float) -> tuple[float, float]:
        return (points, 0) if self.horizontal else (0, points)

    @property
    def align(self) -> dict[str, str]:
        return {"ha": "left", "va": "center"} if self.horizontal else {"ha": "center", "va": "bottom"}


def _lw(ax: Axes) -> float:
    return figure_preset(ax.get_figure(root=True)).linewidth


def _prepare(rows: pd.DataFrame, label: str, what: str) -> pd.DataFrame:
    require_columns(rows, ("value", "qualifier", label), what)
    if rows.empty:
        raise ValueError(f"{what}: no rows to draw")
    rows = rows.reset_index(drop=True)
    for _, row in rows.iterrows():
        qualifier_of(row)  # validates the closed list with the row id in the message
    return rows


def _upper(row: pd.Series) -> float:
    q = qualifier_of(row)
    if q == "unquantified":
        return 0.0
    if q == "range":
        return float(row["value_max"])
    return float(row["value"])


def draw_value(ax: Axes, pos: float, row: pd.Series, *, lang: str, color: str, horizontal: bool = True,
               width: float = BAR_WIDTH, partial: bool = False, value_label: bool = True,
               reach: float | None = None) -> None:
    """Draw one row at category position `pos` with the mark its qualifier calls for.

    `reach` is the value-axis extent used to size the at_least arrow (default: the row's value).
    """
    g = _Geometry(horizontal)
    q = qualifier_of(row)
    lw = _lw(ax)
    fig = ax.get_figure(root=True)
    size = text_size(ax, "annotation")
    label_offset = size * 0.4
    end = _upper(row)
    label_at = end

    if q == "unquantified":
        words = value_words(row, lang)
        ax.annotate(words, xy=g.xy(pos, 0), xytext=g.offset(size * 0.3), textcoords="offset points",
                    fontsize=size, **g.align, **AMOUNT_IN_WORDS)
        add_key_entry(fig, t("chart.key.unquantified", lang),
                      WordsKey(t("chart.key.unquantified_sample", lang), AMOUNT_IN_WORDS["color"]))
        return

    if q == "range":
        lo, hi = float(row["value"]), float(row["value_max"])
        xs, ys = zip(g.xy(pos, lo), g.xy(pos, hi))
        cap = "|" if horizontal else "_"
        ax.plot(xs, ys, color=color, linewidth=lw * 4, solid_capstyle="butt", zorder=3)
        ax.plot(xs, ys, linestyle="none", marker=cap, markersize=size * 1.4, markeredgewidth=lw * 2.5,
                color=color, zorder=3)
        add_key_entry(fig, t("chart.key.range", lang),
                      Line2D([], [], color=color, linewidth=lw * 4, marker="|", markersize=size,
                             markeredgewidth=lw * 2.5))
    else:
        value = float(row["value"])
        xy, w, h = g.rect(pos, 0.0, value, width)
        face, edge, style, hatch = color, color, "solid", None
        if q == "approximate":
            face, style = palette.tint(color, APPROX_TINT), (0, (3, 2))
            add_key_entry(fig, t("chart.key.approximate", lang),
                          Patch(facecolor=face, edgecolor=color, linestyle=style, linewidth=lw * 1.5))
        if q == "at_most":
            face, style = "white", (0, (3, 2))
        if partial:
            face, hatch = palette.tint(color, PARTIAL_TINT), HATCH
            add_key_entry(fig, t("chart.key.partial", lang, period=period_words(row, lang, short=False)),
                          Patch(facecolor=face, edgecolor=color, hatch=HATCH, linewidth=lw))
        ax.add_patch(Rectangle(xy, w, h, facecolor=face, edgecolor=edge, linewidth=lw * 1.5 if style != "solid" else 0,
                               linestyle=style, hatch=hatch, zorder=2))
        if hatch:  # outline so the hatched bar keeps its edge
            ax.add_patch(Rectangle(xy, w, h, facecolor="none", edgecolor=edge, linewidth=lw, zorder=2.1))
        if q == "at_most":
            a, b = g.xy(pos - width / 2, value), g.xy(pos + width / 2, value)
            ax.plot([a[0], b[0]], [a[1], b[1]], color=color, linewidth=lw * 4, solid_capstyle="butt", zorder=3)
            add_key_entry(fig, t("chart.key.at_most", lang),
                          (Patch(facecolor="white", edgecolor=color, linestyle=(0, (3, 2)), linewidth=lw * 1.5),
                           Line2D([], [], color=color, linewidth=lw * 4)))
        if q == "at_least":
            arrow_len = 0.07 * (reach if reach else value)
            ax.annotate("", xy=g.xy(pos, value + arrow_len), xytext=g.xy(pos, value),
                        arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": lw * 2.5,
                                    "shrinkA": 0, "shrinkB": 0, "mutation_scale": size * 1.3},
                        zorder=3)
            label_at = value + arrow_len
            add_key_entry(fig, t("chart.key.at_least", lang),
                          (Patch(facecolor=color, edgecolor=color),
                           Line2D([], [], linestyle="none", marker=">", color=color, markersize=size * 0.8)))

    if value_label:
        ax.annotate(value_words(row, lang), xy=g.xy(pos, label_at), xytext=g.offset(label_offset),
                    textcoords="offset points", fontsize=size, color=palette.TEXT, **g.align)


def _category_labels(rows: pd.DataFrame, label: str, partial: pd.Series, lang: str) -> list[str]:
    out = []
    for i, row in rows.iterrows():
        text = label_text(row, label)
        if partial[i]:
            text = t("chart.partial.tick", lang, label=text, period=period_words(row, lang))
        out.append(text)
    return out


def _finish_value_axis(ax: Axes, horizontal: bool, lang: str, top: float) -> None:
    axis = "x" if horizontal else "y"
    value_grid(ax, axis)
    number_axis(ax, axis, lang)
    limit = top * 1.06 if top > 0 else 1.0
    (ax.set_xlim if horizontal else ax.set_ylim)(0, limit)
    if horizontal:
        ax.spines["left"].set_visible(True)
        ax.tick_params(axis="y", length=0)
    else:
        ax.tick_params(axis="x", length=0)


def qualified_bars(ax: Axes, rows: pd.DataFrame, *, lang: str, label: str = "label",
                   orientation: str = "horizontal", color: str | None = None,
                   colors: Sequence[str] | None = None, value_labels: bool = True) -> None:
    """One bar (or interval, or words) per row in table order, each drawn per its qualifier.

    Horizontal by default (long category names read better); the first row is at the top.
    `colors` gives one colour per row; otherwise all rows take `color` (default: the first
    palette colour).
    """
    rows = _prepare(rows, label, "qualified_bars")
    if orientation not in ("horizontal", "vertical"):
        raise ValueError(f"orientation must be 'horizontal' or 'vertical', got {orientation!r}")
    horizontal = orientation == "horizontal"
    if colors is not None and len(colors) != len(rows):
        raise ValueError(f"qualified_bars: {len(colors)} colours for {len(rows)} rows")
    partial = partial_flags(rows) if "period_start" in rows.columns else pd.Series(False, index=rows.index)
    top = max(_upper(r) for _, r in rows.iterrows())
    for i, row in rows.iterrows():
        c = colors[i] if colors is not None else (color or palette.CATEGORICAL[0])
        draw_value(ax, i, row, lang=lang, color=c, horizontal=horizontal, partial=bool(partial[i]),
                   value_label=value_labels, reach=top)
    ticks = list(range(len(rows)))
    names = _category_labels(rows, label, partial, lang)
    if horizontal:
        ax.set_yticks(ticks, wrap_labels(ax.get_figure(root=True), names))
        ax.set_ylim(len(rows) - 0.5, -0.5)
    else:
        ax.set_xticks(ticks, names)
        ax.set_xlim(-0.5, len(rows) - 0.5)
    _finish_value_axis(ax, horizontal, lang, top)


def partial_period_bars(ax: Axes, rows: pd.DataFrame, *, lang: str, label: str = "label",
                        estimates: pd.DataFrame | None = None, color: str | None = None) -> None:
    """Vertical bars over periods (years); a row covering fewer months than the others is hatched
    and its months named under the label ("2013 / Jan–Sep only").

    `estimates` (columns: the label column and value) adds, for matching labels, a dotted outline
    to the estimated full-period value labelled "estimate: …": never a filled bar, never unlabelled.
    """
    rows = _prepare(rows, label, "partial_period_bars")
    require_columns(rows, ("period_start", "period_end"), "partial_period_bars")
    c = color or palette.CATEGORICAL[0]
    top = max(_upper(r) for _, r in rows.iterrows())
    est_by_label: dict[str, float] = {}
    if estimates is not None:
        require_columns(estimates, (label, "value"), "partial_period_bars(estimates=)")
        known = {claims.strip(label_text(r, label)) for _, r in rows.iterrows()}
        for _, e in estimates.iterrows():
            name = claims.strip(label_text(e, label))
            if name not in known:
                raise ValueError(f"partial_period_bars: estimate for {name!r} has no matching row in column {label!r}")
            if is_missing(e["value"]):
                raise ValueError(f"partial_period_bars: estimate for {name!r} has an empty value")
            est_by_label[name] = float(e["value"])
        top = max([top, *est_by_label.values()])
    qualified_bars(ax, rows, lang=lang, label=label, orientation="vertical", color=c)
    lw = _lw(ax)
    size = text_size(ax, "annotation")
    for i, row in rows.iterrows():
        name = claims.strip(str(row[label]))
        if name not in est_by_label:
            continue
        est = est_by_label[name]
        shown = claims.derived(est, number(round(est), lang), method=ESTIMATE_METHOD, inputs=[row],
                               label="estimate")
        ax.add_patch(Rectangle((i - BAR_WIDTH / 2, 0), BAR_WIDTH, est, facecolor="none", edgecolor=c,
                               linewidth=lw * 1.5, linestyle=(0, (1, 1.5)), zorder=1.9))
        ax.annotate(t("chart.value.estimate", lang, value=shown), xy=(i, est),
                    xytext=(0, size * 0.4), textcoords="offset points", ha="center", va="bottom",
                    fontsize=size, color=palette.MUTED_TEXT, style="italic")
        # The bar's own label sits inside the outline, on the bar top.
        add_key_entry(ax.get_figure(root=True), t("chart.key.estimate", lang),
                      Patch(facecolor="none", edgecolor=c, linestyle=(0, (1, 1.5)), linewidth=lw * 1.5))
    _finish_value_axis(ax, False, lang, top * 1.05)


def conflicting_claims(ax: Axes, rows: pd.DataFrame, *, lang: str, label: str = "label",
                       claimant: str = "claimant", colors: Sequence[str] | None = None) -> None:
    """Figures for the same measure from different claimants, side by side, each bar named by its
    claimant and coloured by claimant, each drawn per its own qualifier (e.g. GPO: 130 detained;
    eyewitnesses: as many as 700). Several measures form groups headed by their label.
    """
    rows = _prepare(rows, label, "conflicting_claims")
    require_columns(rows, (claimant,), "conflicting_claims")
    for i, row in rows.iterrows():
        if is_missing(row[claimant]):
            raise ValueError(f"conflicting_claims: row {row.get('id', i)!s}: column {claimant!r} is empty; each figure needs its claimant")
    claimants = list(dict.fromkeys(str(c) for c in rows[claimant]))
    if colors is None:
        colors = palette.colors(len(claimants))
    elif len(colors) < len(claimants):
        raise ValueError(f"conflicting_claims: {len(colors)} colours for {len(claimants)} claimants")
    color_of = dict(zip(claimants, colors))
    groups = list(dict.fromkeys(label_text(r, label) for _, r in rows.iterrows()))
    many = len(groups) > 1
    top = max(_upper(r) for _, r in rows.iterrows())
    pos, ticks, names = 0.0, [], []
    headers: list[tuple[float, str]] = []
    for gname in groups:
        if many:
            headers.append((pos, gname))
            pos += 0.8
        for _, row in rows[[label_text(r, label) == gname for _, r in rows.iterrows()]].iterrows():
            draw_value(ax, pos, row, lang=lang, color=color_of[str(row[claimant])], horizontal=True, reach=top)
            ticks.append(pos)
            names.append(capitalize(term("claimant", str(row[claimant]), lang, bare=True)))
            pos += 1
        pos += 0.3
    ax.set_yticks(ticks, wrap_labels(ax.get_figure(root=True), names))
    ax.set_ylim(pos - 0.3 - 0.5, -0.6 if not many else -0.5)
    size = text_size(ax, "label")
    for y, gname in headers:
        ax.annotate(gname, xy=(0, y), xycoords=("axes fraction", "data"), ha="left", va="center",
                    fontsize=size, weight="bold", color=palette.TEXT)
    _finish_value_axis(ax, True, lang, top)


def intervals(ax: Axes, rows: pd.DataFrame, *, lang: str, label: str = "label", color: str | None = None) -> None:
    """A dot plot on a zero-based value axis: ranges as intervals with caps (e.g. sentences of 5–7
    years), exact values as dots, bounds as dots with an arrow, words as words."""
    rows = _prepare(rows, label, "intervals")
    c = color or palette.CATEGORICAL[0]
    top = max(_upper(r) for _, r in rows.iterrows())
    size = text_size(ax, "annotation")
    lw = _lw(ax)
    fig = ax.get_figure(root=True)
    for i, row in rows.iterrows():
        q = qualifier_of(row)
        if q in ("range", "unquantified"):
            draw_value(ax, i, row, lang=lang, color=c, horizontal=True, reach=top)
            continue
        v = float(row["value"])
        filled = q in ("exact", "at_least")
        ax.plot([v], [i], marker="o", markersize=size * 0.9, color=c, markerfacecolor=c if filled else "white",
                markeredgewidth=lw * 2, linestyle="none", zorder=3)
        if q == "at_least":
            ax.annotate("", xy=(v + 0.07 * top, i), xytext=(v, i), zorder=3,
                        arrowprops={"arrowstyle": "-|>", "color": c, "linewidth": lw * 2.5, "shrinkA": size * 0.45,
                                    "shrinkB": 0, "mutation_scale": size * 1.3})
            add_key_entry(fig, t("chart.key.at_least", lang),
                          Line2D([], [], marker=">", color=c, linestyle="-", markersize=size * 0.8))
        elif q in ("approximate", "at_most"):
            add_key_entry(fig, t(f"chart.key.{q}", lang),
                          Line2D([], [], marker="o", color=c, markerfacecolor="white", linestyle="none",
                                 markeredgewidth=lw * 2, markersize=size * 0.9))
        end = v + (0.07 * top if q == "at_least" else 0)
        ax.annotate(value_words(row, lang), xy=(end, i), xytext=(size * 0.8, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=size, color=palette.TEXT)
    ax.set_yticks(range(len(rows)), wrap_labels(fig, [label_text(r, label) for _, r in rows.iterrows()]))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    _finish_value_axis(ax, True, lang, top)


FACT_UNITS = ("years", "months", "days")


def fact_value(row: pd.Series, lang: str, *, units: Sequence[str] = FACT_UNITS) -> str:
    """The value as a fact tile writes it, in the narrative's words: money in its currency
    ("KZT 2 million", "roughly USD 13,000"), a unit listed in `units` beside its number
    ("5–7 years"), other counts bare ("as many as 700": the tile's label says what they count),
    words as words ("hundreds")."""
    unit = row.get("unit")
    if qualifier_of(row) != "unquantified" and is_currency(unit, lang):
        return amount(row, lang)
    if not is_missing(unit) and str(unit) in units:
        return value_words(row, lang, style="short", unit_key=unit_key(str(unit)))
    return value_words(row, lang, style="short")


def fact_caption(row: pd.Series, lang: str, *, label: str = "label", claimant: str | None = "claimant",
                 author: str | None = None) -> str:
    """The tile's label, with its claimant ("Detained (eyewitnesses)") unless the row has none or
    the claimant is `author` (the document's own voice, named once elsewhere); a count of ours says so."""
    caption = label_text(row, label)
    if claims.is_ours(row):
        return t("chart.alt.ours", lang, value=caption)  # our count: said so on the tile
    who = row.get(claimant) if claimant else None
    if is_missing(who) or str(who) == author:
        return caption
    return t("chart.fact.caption", lang, label=caption, claimant=term("claimant", str(who), lang, bare=True))


def fact_panel(ax: Axes, rows: pd.DataFrame, *, lang: str, label: str = "label", columns: int | None = None,
               claimant: str | None = "claimant", author: str | None = None,
               units: Sequence[str] = FACT_UNITS) -> None:
    """Key figures as text tiles: the value in words with its qualifier, large ("hundreds",
    "as many as 700", "at least 12", "KZT 2 million"; see fact_value), over its label and
    claimant (see fact_caption). Nothing is drawn to scale, so word-only amounts sit beside numbers
    without being turned into numbers. Tiles fill the panel from the top left, row by row.
    """
    rows = _prepare(rows, label, "fact_panel")
    ax.set_axis_off()
    fig = ax.get_figure(root=True)
    layout = _fact_layout(rows, figure_preset(fig), fig.get_size_inches()[0], lang, label=label, columns=columns,
                          claimant=claimant, author=author)
    big, small, cols = layout.big, layout.small, layout.columns
    y = big * 0.6
    for r, start in enumerate(range(0, len(rows), cols)):
        for c, (i, row) in enumerate(list(rows.iterrows())[start:start + cols]):
            xy = (c / cols, 1.0)
            ax.annotate(fact_value(row, lang, units=units), xy=xy, xycoords="axes fraction", xytext=(0, -y),
                        textcoords="offset points", fontsize=big, weight="bold", va="top", ha="left",
                        in_layout=False, **amount_style(row))
            ax.annotate("\n".join(layout.captions[i]), xy=xy, xycoords="axes fraction", xytext=(0, -y - big * 1.45),
                        textcoords="offset points", fontsize=small, va="top", ha="left", color=palette.MUTED_TEXT,
                        linespacing=1.25, in_layout=False)  # placed by construction; the figure is sized to them
        y += big * 1.45 + small * 1.25 * layout.lines_per_row[r] + big * 1.1


# How a key figure's value is set, the same in every chart: a number upright, an amount the source
# gives only in words in italics (as the key shows it); both in the text colour, since a palette
# colour would say a theme the figure may not belong to.
AMOUNT_NUMBER: dict[str, str] = {"color": palette.TEXT, "style": "normal"}
AMOUNT_IN_WORDS: dict[str, str] = {"color": palette.TEXT, "style": "italic"}


def amount_style(row: pd.Series) -> dict[str, str]:
    """The row's value style: AMOUNT_IN_WORDS for a word-only amount, else AMOUNT_NUMBER."""
    return dict(AMOUNT_IN_WORDS if qualifier_of(row) == "unquantified" else AMOUNT_NUMBER)


@dataclass(frozen=True)
class _FactLayout:
    big: float
    small: float
    columns: int
    captions: list[list[str]]
    lines_per_row: list[int]

    @property
    def height_pt(self) -> float:
        """The tiles' height from the panel's top to the last caption's last line."""
        rows = len(self.lines_per_row)
        return (self.big * 0.6 + sum(self.big * 1.45 + self.small * 1.25 * n for n in self.lines_per_row)
                + self.big * 1.1 * (rows - 1) + self.small * 0.3)


def _fact_layout(rows: pd.DataFrame, preset: SizePreset, width_in: float, lang: str, *, label: str,
                 columns: int | None, claimant: str | None, author: str | None) -> _FactLayout:
    cols = columns or min(len(rows), 3)
    big, small = preset.text["title"] * 1.15, preset.text["annotation"]
    if preset.kind == "print":  # print text stays within 5-9 pt
        big = min(big, PRINT_MAX_TEXT_PT)
    width_pt = width_in * 72 / cols * 0.9
    captions = [wrap(fact_caption(row, lang, label=label, claimant=claimant, author=author), width_pt, small,
                     balance=True) for _, row in rows.iterrows()]
    lines_per_row = [max(len(c) for c in captions[i:i + cols]) for i in range(0, len(rows), cols)]
    return _FactLayout(big, small, cols, captions, lines_per_row)


def fact_panel_height_pt(rows: pd.DataFrame, size: str, *, lang: str, label: str = "label",
                         columns: int | None = None, claimant: str | None = "claimant",
                         author: str | None = None) -> float:
    """How tall fact_panel's tiles are at `size`, so a chart can be sized to them (no empty band)."""
    preset = get_size(size)
    rows = _prepare(rows, label, "fact_panel")
    return _fact_layout(rows, preset, preset.width_in, lang, label=label, columns=columns, claimant=claimant,
                        author=author).height_pt
