"""Theme 03, media closures: the November 2012 proceedings by type of outlet, set against the
independent media that existed, the dated actions against named newspapers, and the amounts the
submission gives only in words (internet resources blocked every year: "hundreds").

Evidence rules this module keeps: counts come from `media_closures` and `media_actions` only;
"most" and "hundreds" stay words (drawn as words, never as bars); the counts mix outlets and
websites, as the source does, and the other newspaper's websites are not counted (the source gives
no number), so any share of the base is a computation of ours, offered only on request and
labelled with its method; dates keep the source's precision (a month is drawn as the whole month).
"""

from __future__ import annotations

import math
import os
import re
from typing import Any, Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import date2num, num2date
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from analysis.words import claims
from analysis.words import attribution, narrative
from analysis.kit import charts as kit, encodings, palette
from analysis.themes import base as theme_base
from analysis.words.alt_text import compose_alt_text
from analysis.words.i18n import format_date, format_number, month_name, t
from analysis.kit.report import Chart
from analysis.kit.sizes import get_size
from analysis.themes.base import require_table
from analysis.words.wording import capitalize, is_missing, proper_name, slug, value_words
from analysis.words.wording import unit_key as kit_unit_key

__all__ = [
    "NOTEBOOK", "TABLES", "actions_table", "charts", "computed_share", "computed_share_table", "dated_actions", "independent_base",
    "key_figures", "load_tables", "proceedings", "proceedings_table", "statements_in_words", "summary",
    "undated_actions", "words_table",
]

SPEC = theme_base.register(theme_base.ThemeSpec(
    name="media", notebook="03_media_closures",
    tables=("media_closures", "media_actions", "documents"),
    catalogue="theme_media", theme_id='expression', key_figures=True,
    options={"show_computed_share": False}))
NOTEBOOK = SPEC.notebook
TABLES = SPEC.tables
K = "theme_media"

GROUP_MEDIA_GROUP, GROUP_OTHER, GROUP_BASE = "media_group", "other", "base"
_GROUP_ORDER = (GROUP_MEDIA_GROUP, GROUP_OTHER, GROUP_BASE)
# The theme's colour for the media group's outlets, a neutral grey for the other outlets (no other theme's colour).
_GROUP_COLOR = {GROUP_MEDIA_GROUP: SPEC.color, GROUP_OTHER: palette.NEUTRAL[0], GROUP_BASE: palette.CONTEXT}
# Durations drawn as a band after the action's date (months from the month given).
_DURATION_MEASURES = ("suspension_length", "ban_length")

TIDY_COLUMNS = ("value", "value_max", "value_text", "unit", "qualifier", "period_start", "period_end",
                "claimant", "document_id", "locator", "excerpt")


# ---------------------------------------------------------------------------------------------
# load and compute
# ---------------------------------------------------------------------------------------------

def load_tables(data_dir: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """The validated tables this theme reads: media_closures, media_actions and documents."""
    return theme_base.load_tables(SPEC, data_dir)


def _table(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return require_table(tables, name, "media")


def _measure(tables: dict[str, pd.DataFrame], measure: str) -> pd.DataFrame:
    closures = _table(tables, "media_closures")
    return closures[closures["measure"].astype("string") == measure].reset_index(drop=True)


def _group_of(owned: Any) -> str:
    if is_missing(owned):
        return GROUP_BASE
    return GROUP_MEDIA_GROUP if bool(owned) else GROUP_OTHER


def proceedings(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The November 2012 proceedings to close media, one row per type of outlet, in table order,
    with a `group` column: "media_group" (owned by the single media group) or "other".

    Every row must carry a number: the chart draws them as bars on one axis.
    """
    rows = _measure(tables, "proceedings_to_close")
    if rows.empty:
        raise ValueError("media_closures.csv: no row with measure 'proceedings_to_close'")
    for _, row in rows.iterrows():
        if is_missing(row["value"]):
            raise ValueError(f"media_closures.csv: row {row['id']}: column 'value' is empty; "
                             "a proceedings count must be a number")
    rows["group"] = [_group_of(v) for v in rows["owned_by_media_group"]]
    order = {g: i for i, g in enumerate(_GROUP_ORDER)}
    return rows.sort_values("group", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def independent_base(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """The one row giving the number of existing independent media outlets and websites (the base)."""
    rows = _measure(tables, "existing_independent")
    if len(rows) != 1:
        raise ValueError(f"media_closures.csv: expected exactly one row with measure 'existing_independent', "
                         f"found {len(rows)}")
    row = rows.iloc[0]
    if is_missing(row["value"]):
        raise ValueError(f"media_closures.csv: row {row['id']}: column 'value' is empty; the base must be a number")
    return row


def statements_in_words(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The amounts the source gives only in words, in table order: the share of the base targeted
    ("most"), how many have closed since ("most") and internet resources blocked per year
    ("hundreds"). Never numbers."""
    closures = _table(tables, "media_closures")
    measures = ("share_of_existing_targeted", "closed_since", "blocked_per_year")
    rows = closures[closures["measure"].astype("string").isin(measures)].reset_index(drop=True)
    return rows


def computed_share(tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Our computation, not the source's: the proceedings counts added up and set against the base.

    The sum mixes outlets and websites (as the base does) and leaves out the other newspaper's
    websites, whose number the source does not give: read it, and the share, as lower bounds
    whenever any proceedings row is not exact or a row's outlets come with uncounted websites.
    Returns {"sum", "base", "share" (0-1), "lower_bound", "ids", "base_id"}.
    """
    rows = proceedings(tables)
    base = independent_base(tables)
    total = float(sum(float(v) for v in rows["value"]))
    qualifiers = {str(q) for q in rows["qualifier"]}
    # "one other newspaper and its websites": the newspaper row counts the newspaper only.
    uncounted = bool((rows["outlet_type"].astype("string") == "newspaper").any())
    lower = uncounted or qualifiers != {"exact"}
    if str(base["qualifier"]) != "exact":
        raise ValueError(f"media_closures.csv: row {base['id']}: the base is {base['qualifier']}; "
                         "a share of an inexact base is not computed")
    return {"sum": total, "base": float(base["value"]), "share": total / float(base["value"]),
            "lower_bound": lower, "ids": list(rows["id"]), "base_id": str(base["id"])}


def computed_share_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """computed_share as a one-row table for display: the parts, sum, base, share in percent,
    whether it is a lower bound, and the method in words (English; the chart and summary say it
    in `lang`)."""
    share = computed_share(tables)
    parts = proceedings(tables)
    return pd.DataFrame([{
        "parts": " + ".join(f"{int(v)} ({o})" for v, o in zip(parts["value"], parts["outlet_type"].astype(str))),
        "sum": share["sum"], "base": share["base"], "share_percent": round(share["share"] * 100, 1),
        "lower_bound": share["lower_bound"],
        "method": "our computation: proceedings counts added up (outlets and websites mixed, the other "
                  "newspaper's websites not counted) and divided by the base",
        "ids": ", ".join(share["ids"]), "base_id": share["base_id"],
    }])


def dated_actions(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Actions against named newspapers that the source dates, oldest first (table order within a
    date), with `start`/`end`: the whole day, month or year the date names."""
    actions = _table(tables, "media_actions")
    rows = actions[actions["date"].notna()].reset_index(drop=True)
    starts, ends = [], []
    for _, row in rows.iterrows():
        start, end = _date_span(str(row["date"]), row["date_precision"], str(row["id"]))
        starts.append(start)
        ends.append(end)
    rows["start"], rows["end"] = starts, ends
    return rows.sort_values("start", kind="stable").reset_index(drop=True)


def undated_actions(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Actions the source gives without a date ("subsequently", or nothing), in table order."""
    actions = _table(tables, "media_actions")
    return actions[actions["date"].isna()].reset_index(drop=True)


def _date_span(date: str, precision: Any, rid: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First day and the day after the last day of the period a date names, at its precision."""
    parts = date.split("-")
    expected = {"year": 1, "month": 2, "day": 3}
    precision = None if is_missing(precision) else str(precision)
    if precision not in expected or len(parts) != expected[precision]:
        raise ValueError(f"media_actions.csv: row {rid}: date {date!r} does not match date_precision {precision!r}")
    start = pd.Timestamp("-".join(parts + ["01"] * (3 - len(parts))))
    step = {"year": pd.DateOffset(years=1), "month": pd.DateOffset(months=1), "day": pd.DateOffset(days=1)}
    return start, start + step[precision]


# ---------------------------------------------------------------------------------------------
# words
# ---------------------------------------------------------------------------------------------

def _unit_key(row: pd.Series) -> str | None:
    return None if is_missing(row.get("unit")) else kit_unit_key(str(row["unit"]))


def newspaper_name(name: str, lang: str) -> str:
    """A newspaper's name as the language writes it."""
    return proper_name("newspaper", name, lang)


def outlet_label(row: pd.Series, lang: str) -> str:
    """Chart label of a media_closures row: its type of outlet ("Print media outlets")."""
    return t(f"{K}.outlet.{row['outlet_type']}", lang)


def _group_label(group: str, lang: str) -> str:
    return t(f"{K}.group.{group}", lang)


def _month_of(rows: pd.DataFrame) -> str:
    """The month of the proceedings ("November 2012"), from their period_start."""
    starts = {pd.Timestamp(s).strftime("%Y-%m") for s in rows["period_start"] if not is_missing(s)}
    if len(starts) != 1:
        raise ValueError(f"media_closures.csv: the proceedings rows have {len(starts)} different start months; "
                         "expected one")
    return starts.pop()


def _month_words(rows: pd.DataFrame, lang: str) -> str:
    """The proceedings' month in words, a reported date of the first row that gives it."""
    month = _month_of(rows)
    first = next(r for _, r in rows.iterrows() if not is_missing(r["period_start"]))
    return claims.reported(first, "period_start", format_date(month, lang))


def _action_words(row: pd.Series, lang: str) -> str:
    """One action in words: "suspended for 3 months", "for exceeding its print run by 1,000 copies"."""
    measure = None if is_missing(row["measure"]) else str(row["measure"])
    action = str(row["action"])
    if measure == "print_run_excess":
        # The source gives the excess with no unit: the number alone, and the text says so.
        return t(f"{K}.action.print_run_excess", lang, value=value_words(row, lang, style="long"))
    if measure is not None and not (is_missing(row["value"]) and is_missing(row["value_text"])):
        return t(f"{K}.action.{action}.with_amount", lang, value=_amount(row, lang))
    actor = row.get("actor")
    if not is_missing(actor) and f"{K}.action.{action}.by_actor" in _catalogue(lang):
        return t(f"{K}.action.{action}.by_actor", lang, actor=t(f"{K}.actor.{slug(str(actor))}", lang))
    return t(f"{K}.action.{action}", lang)


def _catalogue(lang: str) -> dict[str, Any]:
    from analysis.words.i18n import catalogue

    return catalogue(lang)


def _date_words(rows: pd.DataFrame, date: str, lang: str) -> str:
    """The actions' date in words, a reported date of the first action on it."""
    return claims.reported(rows.iloc[0], "date", format_date(date, lang), value=date)


def _amount(row: pd.Series, lang: str) -> str:
    return narrative.amount(row, lang, unit_key=_unit_key(row))


def _event_texts(rows: pd.DataFrame, lang: str) -> list[str]:
    """The actions of one newspaper on one date in words, each once, in table order; a ground
    ("for exceeding its print run by 1,000 copies") is attached to the action before it."""
    words: list[str] = []
    for _, row in rows.iterrows():
        w = _action_words(row, lang)
        if w in words:
            continue
        if str(row["measure"]) == "print_run_excess" and words:
            words[-1] = t(f"{K}.action.with_ground", lang, action=words[-1], ground=w)
        else:
            words.append(w)
    return words


def _event_groups(dated: pd.DataFrame) -> list[tuple[str, pd.Timestamp, pd.Timestamp, str, str, pd.DataFrame]]:
    """(newspaper, start, end, date, precision, rows) per newspaper and date, oldest first."""
    groups = []
    keys = list(dict.fromkeys(zip(dated["newspaper"].astype(str), dated["date"].astype(str))))
    for paper, date in keys:
        rows = dated[(dated["newspaper"].astype(str) == paper) & (dated["date"].astype(str) == date)]
        first = rows.iloc[0]
        groups.append((paper, first["start"], first["end"], date, str(first["date_precision"]), rows))
    return groups


def _event_sentence(rows: pd.DataFrame, lang: str) -> str:
    """All actions of one newspaper on one date: "fined; banned from publishing for 3 months"."""
    return t(f"{K}.action.separator", lang).join(_event_texts(rows, lang))


def _undated_words(row: pd.Series, lang: str) -> str:
    when = row.get("date_text")
    when_words = (t(f"{K}.when.{slug(str(when))}", lang) if not is_missing(when) else t(f"{K}.when.none", lang))
    return t(f"{K}.undated.item", lang, newspaper=newspaper_name(str(row["newspaper"]), lang),
             action=_action_words(row, lang), when=when_words)


# ---------------------------------------------------------------------------------------------
# tidy tables (what the notebook shows under each chart)
# ---------------------------------------------------------------------------------------------

def _tidy(rows: pd.DataFrame, first: dict[str, Sequence[Any]]) -> pd.DataFrame:
    out = pd.DataFrame({name: list(values) for name, values in first.items()})
    for column in ("id", *TIDY_COLUMNS):
        if column in rows.columns:
            out[column] = rows[column].reset_index(drop=True)
    return out


def proceedings_table(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The rows of the proceedings chart: each type of outlet, then the base and the source's
    words for the share targeted; label and group in `lang`, qualifier and source visible."""
    rows = _chart_rows(tables, lang)
    return _tidy(rows, {"group": [_group_label(g, lang) for g in rows["group"]], "label": list(rows["label"])})


def actions_table(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """Every action against a named newspaper (its label: newspaper and action in `lang`): dated ones
    oldest first, then the undated ones."""
    dated, undated = dated_actions(tables), undated_actions(tables)
    rows = pd.concat([dated.drop(columns=["start", "end"]), undated], ignore_index=True)
    dates = [format_date(str(d), lang) if not is_missing(d) else t(f"{K}.when.none", lang) for d in rows["date"]]
    names = [newspaper_name(str(n), lang) for n in rows["newspaper"]]
    actions = [_action_words(r, lang) for _, r in rows.iterrows()]
    return _tidy(rows, {
        "label": [t("chart.alt.item", lang, label=n, value=a) for n, a in zip(names, actions)],
        "newspaper": names,
        "date": dates,
        "date_precision": list(rows["date_precision"]),
        "action": actions,
    })


def words_table(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The amounts given only in words, with the source's words in `lang` beside the original."""
    rows = statements_in_words(tables)
    return _tidy(rows, {"label": [_words_label(r, tables, lang) for _, r in rows.iterrows()],
                        "words": [value_words(r, lang) for _, r in rows.iterrows()]})


def _words_label(row: pd.Series, tables: dict[str, pd.DataFrame], lang: str) -> str:
    fields: dict[str, str] = {}
    if str(row["measure"]) == "share_of_existing_targeted":
        fields["base"] = value_words(independent_base(tables), lang, style="long")
        fields["period"] = narrative.period(proceedings(tables).iloc[0], lang)
    return t(f"{K}.words_label.{row['measure']}", lang, **fields)


# ---------------------------------------------------------------------------------------------
# charts
# ---------------------------------------------------------------------------------------------

def _height_ratio(size: str, slots: float, *, web: float, per_slot: float) -> float:
    preset = get_size(size)
    if preset.kind == "web":
        return max(web, preset.default_height_ratio)
    ratio = 0.55 + per_slot * slots
    if preset.name == "print-double":
        ratio *= 0.55
    return min(ratio, preset.max_height_mm / preset.width_mm)


def _chart_rows(tables: dict[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """Proceedings rows, then the base row and the share-targeted words, each with label and group."""
    proc = proceedings(tables)
    base = independent_base(tables).to_frame().T
    share = statements_in_words(tables)
    share = share[share["measure"].astype("string") == "share_of_existing_targeted"]
    rows = pd.concat([proc, base, share], ignore_index=True)
    rows["group"] = list(proc["group"]) + [GROUP_BASE] * (len(rows) - len(proc))
    labels = []
    for _, row in rows.iterrows():
        if str(row["measure"]) == "share_of_existing_targeted":
            labels.append(t(f"{K}.chart.proceedings.share_label", lang))
        else:
            labels.append(outlet_label(row, lang))
    rows["label"] = labels
    return rows


def _proceedings_chart(tables: dict[str, pd.DataFrame], *, lang: str, size: str,
                       show_computed_share: bool) -> Chart:
    rows = _chart_rows(tables, lang)
    proc = proceedings(tables)
    base = independent_base(tables)
    month = _month_words(proc, lang)
    groups = list(dict.fromkeys(rows["group"]))
    slots = len(rows) + len(groups) * 0.8
    fig, ax = kit.new_figure(size, height_ratio=_height_ratio(size, slots, web=0.72, per_slot=0.085))
    top = max(float(v) for v in rows["value"] if not is_missing(v))
    pos, ticks, names, headers = 0.0, [], [], []
    for group in groups:
        headers.append((pos, _group_label(group, lang)))
        pos += 0.8
        for _, row in rows[rows["group"] == group].iterrows():
            encodings.draw_value(ax, pos, row, lang=lang, color=_GROUP_COLOR[group], horizontal=True,
                                 reach=top, value_label=True)
            ticks.append(pos)
            names.append(row["label"])
            pos += 1
        pos += 0.35
    ax.set_yticks(ticks, names)
    ax.set_ylim(pos - 0.35 - 0.5, -0.5)
    # Group headings start at the figure's left margin (where the title starts), above their rows.
    header_size = kit.text_size(fig, "label")
    left = kit.figure_preset(fig).margin_pt / (fig.get_size_inches()[0] * 72)
    for y, text in headers:
        heading = ax.annotate(text, xy=(left, y), xycoords=("figure fraction", "data"), ha="left", va="center",
                              fontsize=header_size, weight="bold", color=palette.TEXT, annotation_clip=False,
                              zorder=5, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})
        heading.set_in_layout(False)  # a long heading may run over the plot's spine: the white box covers it
    ax.spines["left"].set_visible(True)
    ax.tick_params(axis="y", length=0)
    kit.value_grid(ax, "x")
    kit.number_axis(ax, "x", lang)
    ax.set_xlim(0, top * 1.12)
    ax.set_xlabel(t(f"{K}.chart.proceedings.axis", lang), fontsize=kit.text_size(fig, "label"))

    title = capitalize(t(f"{K}.chart.proceedings.title", lang, month=month))
    # The source's word for the share targeted, found by its measure (never by position: without that
    # row the last row is the base, and the subtitle would call the targeted outlets "40" of them).
    share = rows[rows["measure"].astype("string") == "share_of_existing_targeted"]
    if len(share):
        s0 = share.iloc[0]
        most = value_words(s0, lang) if s0["qualifier"] == "unquantified" else value_words(s0, lang, style="long")
        subtitle = t(f"{K}.chart.proceedings.subtitle", lang, base=value_words(base, lang, style="long"), most=most)
    else:
        subtitle = t(f"{K}.chart.proceedings.subtitle_base", lang, base=value_words(base, lang, style="long"))
    notes = _proceedings_notes(tables, lang, show_computed_share)
    source = attribution.source_line(rows, _table(tables, "documents"), lang)
    alt_rows = rows.assign(alt_label=[t(f"{K}.alt.group_item", lang, label=r["label"], group=t(f"{K}.alt.group.{r['group']}", lang))
                                      for _, r in rows.iterrows()])
    alt = compose_alt_text(alt_rows, lang=lang, title=title, kind="bar", label="alt_label", notes=notes,
                           documents=_table(tables, "documents"))
    return theme_base.make_chart(SPEC, "proceedings", fig, lang=lang, title=capitalize(title), subtitle=subtitle,
                           source=source, notes=notes, alt=alt, rows=proceedings_table(tables, lang=lang))


def _proceedings_notes(tables: dict[str, pd.DataFrame], lang: str, show_computed_share: bool) -> list[str]:
    base = independent_base(tables)
    notes = [t(f"{K}.note.mixed_counts", lang, base=value_words(base, lang, style="long"))]
    proc = proceedings(tables)
    if (proc["outlet_type"].astype("string") == "newspaper").any():
        notes.append(t(f"{K}.note.uncounted_websites", lang))
    if show_computed_share:
        notes.append(_computed_share_words(tables, lang))
    return notes


def _computed_share_words(tables: dict[str, pd.DataFrame], lang: str) -> str:
    share = computed_share(tables)
    parts = [r for _, r in proceedings(tables).iterrows()]
    base = independent_base(tables)
    terms = " + ".join(claims.reported(r, "value", format_number(float(r["value"]), lang, 0)) for r in parts)
    key = "lower_bound" if share["lower_bound"] else "exact"
    bound = "at_least" if share["lower_bound"] else None
    total = claims.derived(share["sum"], format_number(share["sum"], lang, 0), method="sum of the proceedings counts",
                           inputs=parts, label="calculation", across=("measure",), bound=bound)
    percent = claims.derived(round(share["share"] * 100), format_number(round(share["share"] * 100), lang, 0),
                             method="share: the sum of the proceedings counts (November 2012) ÷ the independent "
                                    "outlets (an undated count), in per cent; across measures and periods",
                             inputs=[*parts, base], label="calculation", across=("measure", "period"), bound=bound)
    return t(f"{K}.computed_share.{key}", lang, terms=terms, sum=total, percent=percent,
             base=claims.reported(base, "value", format_number(share["base"], lang, 0)))


def _keep_numbers_with_units(text: str) -> str:
    """No line break between a number and the word after it ("3 months", "1,000 copies")."""
    return re.sub(r"(\d) (?=\w)", "\\1\u00a0", text)


def _timeline_chart(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> Chart:
    dated, undated = dated_actions(tables), undated_actions(tables)
    if dated.empty:
        raise ValueError("media_actions.csv: no dated action to draw on a timeline")
    papers = [str(p) for p in _table(tables, "media_actions")["newspaper"].cat.categories
              if (dated["newspaper"].astype(str) == str(p)).any() or (undated["newspaper"].astype(str) == str(p)).any()]
    preset = get_size(size)
    ratio = 0.62 if preset.kind == "web" else (0.95 if preset.name == "print-single" else 0.42)
    fig, ax = kit.new_figure(size, height_ratio=ratio)
    groups = _event_groups(dated)
    durations = _duration_bands(dated)
    # Lane names first (provisional positions): the layout reserves their width.
    ax.set_yticks(range(len(papers)), [newspaper_name(p, lang) for p in papers])
    ax.tick_params(axis="y", length=0)
    for label in ax.get_yticklabels():
        label.set_fontweight("bold")
    kit.value_grid(ax, "x")
    ax.spines["left"].set_visible(False)
    lw = preset.linewidth
    kit.add_key_entry(fig, t(f"{K}.chart.timeline.key_month", lang),
                      Patch(facecolor=palette.KEY_SHAPE, edgecolor=palette.KEY_SHAPE))
    if durations:
        kit.add_key_entry(fig, t(f"{K}.chart.timeline.key_duration", lang),
                          Patch(facecolor=palette.tint(palette.KEY_SHAPE, 0.7), edgecolor=palette.KEY_SHAPE,
                                linestyle=(0, (3, 2)), linewidth=lw * 1.2))
    title = t(f"{K}.chart.timeline.title", lang)
    subtitle = t(f"{K}.chart.timeline.subtitle", lang)
    notes = []
    if not undated.empty:
        notes.append(t(f"{K}.chart.timeline.undated", lang,
                       items="; ".join(_undated_words(r, lang) for _, r in undated.iterrows())))
    all_rows = pd.concat([dated.drop(columns=["start", "end"]), undated], ignore_index=True)
    source = attribution.source_line(all_rows, _table(tables, "documents"), lang)
    x0 = min(g[1] for g in groups) - pd.DateOffset(months=1)
    x1 = max([g[2] for g in groups] + [d[2] for d in durations]) + pd.DateOffset(months=1)
    _month_axis(ax, x0, x1, lang)
    items = []
    for paper in papers:
        events = [t(f"{K}.alt.event", lang, date=_date_words(rows, date, lang), actions=_event_sentence(rows, lang))
                  for p, _s, _e, date, _prec, rows in groups if p == paper]
        if events:
            items.append(t("chart.alt.item", lang, label=newspaper_name(paper, lang), value="; ".join(events)))
    alt = t("chart.alt.intro", lang, kind=t("chart.alt.kind.timeline", lang), title=title.rstrip("."))
    alt += " " + t("chart.alt.items", lang, items=". ".join(items)) + (" " + " ".join(notes) if notes else "")
    # The lanes are placed in the framed plot, so they are drawn after the frame.
    return theme_base.make_chart(SPEC, "newspaper_actions", fig, lang=lang, title=title, subtitle=subtitle,
                                 source=source, notes=notes, alt=alt, rows=actions_table(tables, lang=lang),
                                 after_frame=lambda: _draw_lanes(fig, ax, papers, groups, durations, x0, x1, lang))


def _draw_lanes(fig: Figure, ax: Axes, papers: list[str], groups: list[Any], durations: list[Any],
                x0: pd.Timestamp, x1: pd.Timestamp, lang: str) -> None:
    """One lane per newspaper: its dated actions as bands, each date's actions written above its
    band and wrapped to the room before that newspaper's next action.

    Drawn after the layout, in points: the y axis runs in points from the top of the plot, so each
    lane gets the height its labels need. The time axis is extended on the right (a little) when a
    newspaper's last label needs room.
    """
    fig.canvas.draw()  # layout done: the plot's size is known (it does not depend on the limits)
    box = ax.get_window_extent()
    ax_w, ax_h = box.width / fig.dpi * 72, box.height / fig.dpi * 72
    size_pt = kit.text_size(fig, "annotation")
    line_pt = size_pt * 1.2
    band_pt = size_pt * 1.4
    lw = figure_linewidth(fig)
    colors = dict(zip(papers, [SPEC.color, *palette.NEUTRAL]))
    texts = [_keep_numbers_with_units(t(f"{K}.chart.timeline.event", lang,
                                        date=capitalize(_date_words(rows, date, lang)).replace(" ", "\u00a0"),
                                        actions=capitalize(_event_sentence(rows, lang))))
             for _p, _s, _e, date, _prec, rows in groups]

    a, b = ax.get_xlim()
    for i, (paper, start, *_rest) in enumerate(groups):
        if any(g[0] == paper for g in groups[i + 1:]):
            continue
        longest = max(kit.text_width_pt(line, size_pt) for line in texts[i].split("\n"))
        need = min(longest + size_pt, 0.25 * ax_w) / ax_w  # as a share of the axis
        s = date2num(start)
        if (b - s) / (b - a) < need:
            b = (s - need * a) / (1 - need)
    if b > date2num(x1):
        x1 = pd.Timestamp(num2date(b).replace(tzinfo=None)).to_period("M").to_timestamp() + pd.DateOffset(months=1)
        _month_axis(ax, x0, x1, lang)
        a, b = ax.get_xlim()
    per_day = ax_w / (b - a)

    wrapped: list[list[str]] = []
    for i, (paper, start, *_rest) in enumerate(groups):
        later = [g[1] for g in groups[i + 1:] if g[0] == paper]
        stop = date2num(min(later)) if later else b
        room = (stop - date2num(start)) * per_day - size_pt * 0.8
        wrapped.append(kit.wrap(texts[i], max(room, size_pt * 6), size_pt))
    label_pt = {p: max([len(w) for (g, w) in zip(groups, wrapped) if g[0] == p] or [0]) * line_pt + size_pt * 0.6
                for p in papers}
    needed = sum(label_pt[p] + band_pt for p in papers)
    spare = max(ax_h - needed, 0) / (len(papers) + 1)
    centre, y = {}, spare * 0.5
    for p in papers:
        y += label_pt[p]
        centre[p] = y + band_pt / 2
        y += band_pt + spare
    ax.set_ylim(max(ax_h, y), 0)
    ax.set_yticks([centre[p] for p in papers], [newspaper_name(p, lang) for p in papers])

    for paper, start, end, _rows in durations:
        ax.add_patch(Rectangle((date2num(start), centre[paper] - band_pt / 2), date2num(end) - date2num(start),
                               band_pt, facecolor=palette.tint(colors[paper], 0.7), edgecolor=colors[paper],
                               linestyle=(0, (3, 2)), linewidth=lw * 1.2, zorder=2))
    for i, (paper, start, end, _date, _prec, _rows) in enumerate(groups):
        ax.add_patch(Rectangle((date2num(start), centre[paper] - band_pt / 2), date2num(end) - date2num(start),
                               band_pt, facecolor=colors[paper], edgecolor=colors[paper], linewidth=0, zorder=3))
        note = ax.annotate("\n".join(wrapped[i]), xy=(date2num(start), centre[paper] - band_pt / 2),
                           xytext=(0, size_pt * 0.35), textcoords="offset points", ha="left", va="bottom",
                           fontsize=size_pt, color=palette.TEXT, linespacing=1.2, annotation_clip=False)
        note.set_in_layout(False)


def figure_linewidth(fig: Figure) -> float:
    """The size preset's base line width (pt)."""
    return kit.figure_preset(fig).linewidth


def _duration_bands(dated: pd.DataFrame) -> list[tuple[str, pd.Timestamp, pd.Timestamp, pd.DataFrame]]:
    """Suspensions and bans with an exact length in months: (newspaper, start, end, rows)."""
    bands = []
    for _, row in dated.iterrows():
        if (str(row["measure"]) in _DURATION_MEASURES and str(row["unit"]) == "months"
                and str(row["qualifier"]) == "exact" and not is_missing(row["value"])):
            start = row["start"]
            bands.append((str(row["newspaper"]), start, start + pd.DateOffset(months=int(row["value"])),
                          row.to_frame().T))
    return bands


def _month_axis(ax: Axes, x0: pd.Timestamp, x1: pd.Timestamp, lang: str) -> None:
    """Month boundaries as ticks; month names centred in their month (every n-th month when the
    names would touch), the year under the first name shown and under January."""
    fig = ax.get_figure(root=True)
    bounds = pd.date_range(x0.to_period("M").to_timestamp(), x1, freq="MS")
    ax.set_xlim(date2num(bounds[0]), date2num(x1))
    ax.set_xticks([date2num(m) for m in bounds], [""] * len(bounds))
    size_pt = kit.text_size(fig, "tick")
    names = [month_name(m.month, lang, short=True) for m in bounds[:-1]]
    widest = max(kit.text_width_pt(n, size_pt) for n in names) + size_pt * 0.8
    axis_pt = fig.get_size_inches()[0] * 72 * 0.7  # the plot's share of the width, before layout
    per_month = axis_pt / max(len(bounds) - 1, 1)
    step = max(1, math.ceil(widest / per_month))
    mids, labels = [], []
    shown_year = False
    for i, m in enumerate(bounds[:-1]):
        if i % step and m.month != 1:
            continue
        text = names[i]
        if not shown_year or m.month == 1:
            text += f"\n{m.year}"
            shown_year = True
        mids.append(date2num(m + pd.DateOffset(days=14)))
        labels.append(text)
    ax.set_xticks(mids, labels, minor=True)
    ax.tick_params(axis="x", which="minor", length=0, labelsize=size_pt)
    setattr(ax.xaxis, kit.SCALE_AXIS, True)  # months and years under the axis are its scale


def _words_chart(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> Chart:
    rows = statements_in_words(tables)
    if rows.empty:
        raise ValueError("media_closures.csv: no amounts given in words to show")
    rows = rows.assign(label=[_words_label(r, tables, lang) for _, r in rows.iterrows()])
    preset = get_size(size)
    columns = 1 if preset.name == "print-single" else min(3, len(rows))
    title = t(f"{K}.chart.words.title", lang)
    subtitle = t(f"{K}.chart.words.subtitle", lang)
    source = attribution.source_line(rows, _table(tables, "documents"), lang)
    notes = [t(f"{K}.note.closed_since_ambiguous", lang)] if (rows["measure"].astype("string") == "closed_since").any() else []
    key = t("chart.key.unquantified", lang)
    # Sized to the tiles: as tall as its texts, key and tiles, with no empty band.
    tiles = encodings.fact_panel_height_pt(rows, size, lang=lang, columns=columns)
    ratio = kit.height_ratio_for(size, tiles, title=title, subtitle=subtitle, source=source, notes=notes,
                                 key_labels=[key])
    fig, ax = kit.new_figure(size, height_ratio=ratio)
    encodings.fact_panel(ax, rows, lang=lang, columns=columns)
    kit.add_key_entry(fig, key, kit.WordsKey(t("chart.key.unquantified_sample", lang), encodings.AMOUNT_IN_WORDS["color"]))
    items = "; ".join(t(f"{K}.alt.words_item", lang, value=value_words(r, lang), label=r["label"])
                      for _, r in rows.iterrows())
    alt = t("chart.alt.intro", lang, kind=t("chart.alt.kind.facts", lang), title=title.rstrip("."))
    alt += " " + t("chart.alt.items", lang, items=capitalize(items)) + (" " + " ".join(notes) if notes else "")
    return theme_base.make_chart(SPEC, "in_words", fig, lang=lang, title=title, subtitle=subtitle,
                           source=source, notes=notes, alt=alt, rows=words_table(tables, lang=lang))


@claims.scoped
def charts(tables: dict[str, pd.DataFrame], *, lang: str, size: str,
           show_computed_share: bool = False) -> list[Chart]:
    """The theme's charts: proceedings by type of outlet against the base, the timeline of actions
    against named newspapers, and the amounts given only in words."""
    return [
        _proceedings_chart(tables, lang=lang, size=size, show_computed_share=show_computed_share),
        _timeline_chart(tables, lang=lang, size=size),
        _words_chart(tables, lang=lang, size=size),
    ]


# ---------------------------------------------------------------------------------------------
# summary and key figures
# ---------------------------------------------------------------------------------------------

@claims.scoped
def summary(tables: dict[str, pd.DataFrame], chart_names: Sequence[str] = (), *, lang: str,
            show_computed_share: bool = False) -> narrative.DocumentModel:
    """The plain-language summary in Markdown: every figure with its qualifier in words, claimant
    and locator; the charts embedded with their alt text; method and caveats; sources."""
    proc = proceedings(tables)
    base = independent_base(tables)
    words = statements_in_words(tables)
    lead = [capitalize(t(f"{K}.summary.lead", lang, period=narrative.period(proc.iloc[0], lang),
                         according_to=narrative.according_to(str(proc.iloc[0]["claimant"]), lang)))]
    facts = []
    for _, row in proc.iterrows():
        facts.append(narrative.sentence(f"{K}.fact.proceedings", row, lang, unit_key=_unit_key(row),
                                        what=t(f"{K}.proceedings_of.{row['outlet_type']}.{row['group']}", lang)))
    facts.append(narrative.sentence(f"{K}.fact.existing_independent", base, lang, unit_key=_unit_key(base)))
    for _, row in words.iterrows():
        facts.append(narrative.sentence(f"{K}.fact.{row['measure']}", row, lang))
    dated, undated = dated_actions(tables), undated_actions(tables)
    # An action the source dates only as "subsequently" follows the dated action before it in the
    # source, so it is listed after that one, not at the end (the English evidence audit's F18).
    table = _table(tables, "media_actions").reset_index(drop=True)
    after: dict[tuple[str, str], list[pd.Series]] = {}
    for _, row in undated.iterrows():
        pos = int(table.index[table["id"].astype(str) == str(row["id"])][0])
        earlier = table.iloc[:pos]
        earlier = earlier[(earlier["newspaper"].astype(str) == str(row["newspaper"])) & earlier["date"].notna()]
        follows = str(row["date_text"]) == "subsequently" and len(earlier)
        key = (str(row["newspaper"]), str(earlier["date"].iloc[-1])) if follows else ("", "")
        after.setdefault(key, []).append(row)
    for paper, _start, _end, date, _prec, rows in _event_groups(dated):
        facts.append(narrative.attributed(f"{K}.fact.action", rows.iloc[0], lang,
                                          date=capitalize(_date_words(rows, date, lang)),
                                          newspaper=newspaper_name(paper, lang), actions=_event_sentence(rows, lang)))
        for row in after.pop((str(paper), str(date)), []):
            facts.append(narrative.attributed(f"{K}.fact.undated_action", row, lang, item=_undated_words(row, lang)))
    for row in (r for rows in after.values() for r in rows):
        facts.append(narrative.attributed(f"{K}.fact.undated_action", row, lang, item=_undated_words(row, lang)))
    said = {str(r["measure"]): value_words(r, lang) for _, r in words.iterrows()}
    method = [t(f"{K}.method.mixed_counts", lang, base=value_words(base, lang, style="long"))]
    if (proc["outlet_type"].astype("string") == "newspaper").any():
        method.append(t(f"{K}.method.uncounted_websites", lang))
    if "share_of_existing_targeted" in said:
        method.append(t(f"{K}.method.no_share", lang, most=said["share_of_existing_targeted"]))
    if show_computed_share:
        method.append(_computed_share_words(tables, lang))
    if "closed_since" in said:
        method.append(t(f"{K}.method.closed_since", lang))
    if "blocked_per_year" in said:
        method.append(t(f"{K}.method.blocked", lang, words=said["blocked_per_year"]))
    method.append(t(f"{K}.method.dates", lang))
    rows = pd.concat([proc, base.to_frame().T, words, dated.drop(columns=["start", "end"]), undated],
                     ignore_index=True)
    source = attribution.source_line(rows, _table(tables, "documents"), lang)
    return narrative.document(t(f"{K}.summary.title", lang), lang=lang, lead=lead, facts=facts,
                              charts=chart_names, method=method, source=source)


def key_figures(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """Rows for the overview: each proceedings count, the base, and the amounts in words
    (common value columns + `label` in `lang`)."""
    proc = proceedings(tables)
    base = independent_base(tables).to_frame().T
    words = statements_in_words(tables)
    rows = pd.concat([proc, base, words], ignore_index=True)
    labels = []
    for _, row in rows.iterrows():
        if str(row["measure"]) == "proceedings_to_close":
            labels.append(capitalize(t(f"{K}.key.proceedings", lang,
                                       what=t(f"{K}.proceedings_of.{row['outlet_type']}.{row['group']}", lang))))
        elif str(row["measure"]) == "existing_independent":
            labels.append(t(f"{K}.outlet.{row['outlet_type']}", lang))
        else:
            labels.append(_words_label(row, tables, lang))
    rows["label"] = labels
    columns = ["id", "label", *TIDY_COLUMNS]
    return rows[[c for c in columns if c in rows.columns]].reset_index(drop=True)


def run(tables: dict[str, pd.DataFrame], params: theme_base.Params = theme_base.Params()) -> theme_base.ThemeOutput:
    """The theme as a step: the proceedings, the actions, what the source gives only in words and
    (show_computed_share) our computed share; the charts; the summary."""
    shown = {"proceedings": proceedings_table(tables, lang=params.lang), "actions": actions_table(tables, lang=params.lang),
             "words": words_table(tables, lang=params.lang)}
    if SPEC.options_for(params)["show_computed_share"]:
        shown["computed_share"] = computed_share_table(tables)
    return theme_base.output(SPEC, tables, params, shown, charts, summary)
