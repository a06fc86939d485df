"""Theme 04, follow-up to the 2010 UPR: the recommendations made, accepted and rejected; the 2010
recommendations the submission cites, by recommending state and theme; the submission's assessment
of their implementation by theme; and the submission's own recommendations for 2014 by theme.

The outcome figures are the submission's (citing A/HRC/14/10); the introduction's "most" restates
them in words and is never added to them. Counts of cited recommendations and of 2014
recommendations are ours: the rows of the tables counted (the submission states no such totals),
and every sentence and note says so. The assessment is categorical (what the submission says about
each theme), drawn as a table of marks, never as a score.
"""

from __future__ import annotations

import os
from typing import Any, Sequence

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.words import claims
from analysis.words import attribution, narrative
from analysis.kit import charts as kit, encodings, palette
from analysis.data import un_coding
from analysis.themes import base
from analysis.words.alt_text import compose_alt_text, fit
from analysis.words.i18n import format_date, format_number, t
from analysis.kit.report import Chart
from analysis.kit.sizes import get_size
from analysis.themes.base import require_table, theme_color
from analysis.words.wording import capitalize, is_missing, proper_name, value_words
from analysis.words.wording import unit_key as kit_unit_key

__all__ = [
    "NOTEBOOK", "TABLES", "assessment", "assessment_table", "charts", "cited_by_state", "cited_by_theme",
    "cited_recommendations", "cited_table", "key_figures", "load_tables", "outcome", "outcome_check",
    "outcome_check_table", "outcome_in_words", "outcome_table", "recommendations_2014", "recommendations_by_theme",
    "recommendations_table", "state_name", "summary", "theme_name",
]

SPEC = base.register(base.ThemeSpec(
    name="upr", notebook="04_upr_follow_up",
    tables=("upr_2010_outcome", "upr_2010_cited_recommendations", "implementation_assessment", "recommendations_2014", "upr_recommendations", "upr_citations", "other_counts", "legal_provisions", "documents"),
    catalogue="theme_upr", theme_id='upr_follow_up', key_figures=True))
NOTEBOOK = SPEC.notebook
TABLES = SPEC.tables
K = "theme_upr"
OUTCOME_MEASURES = ("made", "accepted", "rejected")
# The 2010 outcome: the recommendations made as the context grey, those accepted in the theme's colour, the rejected grey.
_OUTCOME_COLOR = {"made": palette.CONTEXT, "accepted": SPEC.color, "rejected": palette.NEUTRAL[1]}
# The submission's themes, in the closed list's order (datapackage.json); each keeps its one colour.
THEMES = un_coding.SUBMISSION_THEMES
_THEME_COLOR = {th: theme_color(th) for th in THEMES}
COMMON_COLUMNS = ("value", "value_max", "value_text", "unit", "qualifier", "period_start", "period_end",
                  "claimant", "document_id", "locator")


# ---------------------------------------------------------------------------------------------
# load and compute
# ---------------------------------------------------------------------------------------------

def load_tables(data_dir: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """The validated tables this theme reads."""
    return base.load_tables(SPEC, data_dir)


def _table(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return require_table(tables, name, "upr")


def outcome(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The 2010 outcome in numbers: one row each for made, accepted and rejected (in that order),
    without the introduction's restatement in words (see outcome_in_words)."""
    table = _table(tables, "upr_2010_outcome")
    rows = table[table["qualifier"].astype("string") != "unquantified"]
    out = []
    for measure in OUTCOME_MEASURES:
        found = rows[rows["measure"].astype("string") == measure]
        if len(found) != 1:
            raise ValueError(f"upr_2010_outcome.csv: expected one row with a number for measure {measure!r}, "
                             f"found {len(found)}")
        out.append(found)
    return pd.concat(out, ignore_index=True)


def outcome_in_words(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The outcome as the source also puts it in words ("accepted most"): never added to the numbers."""
    table = _table(tables, "upr_2010_outcome")
    return table[table["qualifier"].astype("string") == "unquantified"].reset_index(drop=True)


def outcome_check(tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Our consistency check: do accepted and rejected add up to the number made?

    Only meaningful when all three are exact; returns {"made", "accepted", "rejected", "sum",
    "exact" (all three exact), "adds_up"}.
    """
    rows = outcome(tables).set_index(outcome(tables)["measure"].astype(str))
    values = {m: float(rows.loc[m, "value"]) for m in OUTCOME_MEASURES}
    exact = all(str(rows.loc[m, "qualifier"]) == "exact" for m in OUTCOME_MEASURES)
    total = values["accepted"] + values["rejected"]
    return {**values, "sum": total, "exact": exact, "adds_up": exact and total == values["made"]}


def outcome_check_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """outcome_check as a one-row table for display (our check, not a figure of the source)."""
    return pd.DataFrame([outcome_check(tables)])


def cited_recommendations(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The 2010 recommendations the submission cites, in the order it cites them."""
    rows = _table(tables, "upr_2010_cited_recommendations").reset_index(drop=True)
    if rows.empty:
        raise ValueError("upr_2010_cited_recommendations.csv: no rows")
    # A/HRC/14/10 numbers two lists separately (para. 95 and para. 97): a number the submission cites
    # alone is shown as the report numbers it, paragraph first (evidence audit F13).
    resolved = _table(tables, "upr_citations").set_index("id")["number"].astype("string")
    return rows.assign(un_number=[resolved.get(str(i), pd.NA) if str(i) in resolved.index else pd.NA
                                  for i in rows["id"]])


def _shown_numbers(mine: pd.DataFrame) -> list[Any]:
    """The cited numbers as A/HRC/14/10 numbers them ("97.14"), else as the submission cites them."""
    return [str(u) if not is_missing(u) else int(n) for u, n in zip(mine["un_number"], mine["recommendation_number"])]


def _themes_present(column: pd.Series) -> list[str]:
    present = {str(v) for v in column if not is_missing(v)}
    return [th for th in THEMES if th in present]


def cited_by_state(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per recommending state: how many of its recommendations the submission cites (our
    count), per theme, the recommendation numbers and the endnotes; most cited first, then in
    order of first citation."""
    rows = cited_recommendations(tables)
    themes = _themes_present(rows["theme"])
    records = []
    for state in dict.fromkeys(rows["recommending_state"].astype(str)):
        mine = rows[rows["recommending_state"].astype(str) == state]
        record: dict[str, Any] = {"recommending_state": state, "count": len(mine)}
        for th in themes:
            record[th] = int((mine["theme"].astype("string") == th).sum())
        ordered = mine.assign(_t=[THEMES.index(str(v)) for v in mine["theme"]]).sort_values(
            ["_t", "recommendation_number"], kind="stable")
        record["numbers"] = _shown_numbers(ordered)
        record["endnotes"] = sorted({int(e) for e in mine["endnote"] if not is_missing(e)})
        records.append(record)
    out = pd.DataFrame(records)
    out["_first"] = range(len(out))
    out = out.sort_values(["count", "_first"], ascending=[False, True], kind="stable").drop(columns="_first")
    return out.reset_index(drop=True)


def cited_by_theme(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per theme: how many 2010 recommendations the submission cites on it (our count), the
    recommending states, the recommendation numbers and the endnotes that list them."""
    rows = cited_recommendations(tables)
    records = []
    for th in _themes_present(rows["theme"]):
        mine = rows[rows["theme"].astype("string") == th]
        records.append({
            "theme": th, "count": len(mine),
            "states": list(dict.fromkeys(mine["recommending_state"].astype(str))),
            "numbers": [int(n) for n in mine["recommendation_number"]],
            "endnotes": sorted({int(e) for e in mine["endnote"] if not is_missing(e)}),
            "locator": "; ".join(dict.fromkeys(mine["locator"].astype(str))),
            "document_id": str(mine["document_id"].iloc[0]),
        })
    return pd.DataFrame(records)


def assessment(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The submission's assessment of implementation, one row per statement, themes in the closed
    list's order and table order within a theme."""
    rows = _table(tables, "implementation_assessment").reset_index(drop=True)
    if rows.empty:
        raise ValueError("implementation_assessment.csv: no rows")
    order = rows.assign(_t=[THEMES.index(str(v)) for v in rows["theme"]], _i=range(len(rows)))
    return order.sort_values(["_t", "_i"]).drop(columns=["_t", "_i"]).reset_index(drop=True)


def recommendations_2014(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The submission's own recommendations, in its order."""
    rows = _table(tables, "recommendations_2014").reset_index(drop=True)
    if rows.empty:
        raise ValueError("recommendations_2014.csv: no rows")
    return rows


def recommendations_by_theme(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """How many recommendations the submission makes per theme (our count of its list), in the
    order its sections come, with the common value columns so the chart kit draws them."""
    rows = recommendations_2014(tables)
    records = []
    for th in dict.fromkeys(rows["theme"].astype(str)):
        mine = rows[rows["theme"].astype(str) == th]
        records.append({
            "id": f"count-{th}", "theme": th, "value": len(mine), "value_max": pd.NA, "value_text": pd.NA,
            "unit": "recommendations", "qualifier": "exact", "period_start": pd.NaT, "period_end": pd.NaT,
            "claimant": pd.NA, "document_id": str(mine["document_id"].iloc[0]),
            "locator": "; ".join(dict.fromkeys(mine["locator"].astype(str))),
            "positions": [int(p) for p in mine["position"]],
            "derived_from": [str(i) for i in mine["id"]],
            "method": t(f"{K}.csv_method.listed_on", "en", theme_name=theme_name(th, "en")),
        })
    out = pd.DataFrame(records)
    out["value"] = out["value"].astype("Int64")
    return out


# ---------------------------------------------------------------------------------------------
# words
# ---------------------------------------------------------------------------------------------

def theme_name(theme: str, lang: str, *, short: bool = False) -> str:
    """A theme id in words ("Freedom of expression"); `short` for narrow chart columns."""
    return t(f"theme{'_short' if short else ''}.{theme}", lang)  # the report's one vocabulary


def state_name(state: str, lang: str, *, short: bool = False) -> str:
    """A recommending state as the language writes it; `short` for chart labels ("United Kingdom")."""
    return proper_name("state_short" if short else "state", state, lang)


def number_order(number: int | float | str) -> tuple[int, ...]:
    """Sort key of a UN recommendation number by its parts: 7 < 20 < 61, and 124.9 < 124.15."""
    return tuple(int(part) for part in str(number).split("."))


def _numbers(numbers: Sequence[int], lang: str) -> str:
    """Recommendation numbers in numeric order (7, 20, 61, 64; never 20, 61, 64, 7)."""
    return ", ".join(claims.reference(n if isinstance(n, str) else format_number(n, lang, 0),
                                      what="2010 recommendation number")
                     for n in sorted(numbers, key=number_order))


def _count(n: int, lang: str, what: str, rows: Sequence[Any] = ()) -> str:
    """A count we made (of cited recommendations, states, themes): said to be ours where it stands."""
    return claims.counted(n, format_number(n, lang, 0), what=what, rows=rows)


def _endnotes(numbers: Sequence[int], lang: str) -> str:
    if not numbers:
        return ""
    return attribution.locator_words("Endnotes " + ", ".join(str(n) for n in numbers), lang)


def _cited_symbol(tables: dict[str, pd.DataFrame], rows: pd.DataFrame) -> str:
    """The symbol of the document the cited recommendations come from (A/HRC/14/10)."""
    docs = _table(tables, "documents").set_index("document_id")
    symbols = []
    for doc_id in dict.fromkeys(rows["cited_document_id"].dropna().astype(str)):
        if doc_id in docs.index and not is_missing(docs.loc[doc_id, "symbol"]):
            symbols.append(attribution.document_reference(docs.loc[doc_id].rename(doc_id).to_frame().T
                                                          .reset_index(names="document_id").iloc[0]))
    if not symbols:
        raise ValueError("upr_2010_cited_recommendations.csv: the cited document has no symbol in documents.csv")
    return ", ".join(symbols)


def _outcome_label(row: pd.Series, lang: str) -> str:
    return t(f"{K}.outcome.{row['measure']}", lang)


# A/HRC/14/10's own lists: para. 95 (recommendations that enjoy Kazakhstan's support) and para. 97
# (those it "will examine" and answer in the addendum). The submission's 121/7 is set beside them,
# never read off them (evidence audit F2).
RECORD_PARAGRAPHS = (95, 97)


def record_2010(tables: dict[str, pd.DataFrame]) -> dict[int, pd.DataFrame]:
    """The 2010 recommendations by the paragraph of A/HRC/14/10 that lists them."""
    rows = _table(tables, "upr_recommendations")
    rows = rows[rows["review"].astype(int) == 2010]
    return {p: rows[rows["paragraph"].astype(int) == p].reset_index(drop=True) for p in RECORD_PARAGRAPHS}


def _record_sentence(tables: dict[str, pd.DataFrame], lang: str) -> str:
    """What A/HRC/14/10 itself lists (our count of its paragraphs), beside the submission's figures."""
    lists = record_2010(tables)
    docs = _table(tables, "documents").set_index("document_id")
    return t(f"{K}.record_un", lang,
             symbol=attribution.document_reference(docs.loc["a-hrc-14-10"].rename("a-hrc-14-10"), lang),
             supported=_count(len(lists[95]), lang, "recommendations in A/HRC/14/10 para. 95",
                              [r for _, r in lists[95].iterrows()]),
             examined=_count(len(lists[97]), lang, "recommendations in A/HRC/14/10 para. 97",
                             [r for _, r in lists[97].iterrows()]),
             p95=claims.reference("95", what="paragraph"), p97=claims.reference("97", what="paragraph"))


# ---------------------------------------------------------------------------------------------
# tidy tables (shown in the notebook under each chart)
# ---------------------------------------------------------------------------------------------

def outcome_table(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """Outcome rows (numbers, then the restatement in words) with a label in `lang`."""
    rows = pd.concat([outcome(tables), outcome_in_words(tables)], ignore_index=True)
    labels = [_outcome_label(r, lang) for _, r in rows.iterrows()]
    columns = ["id", *COMMON_COLUMNS, "cited_document_id", "cited_locator", "excerpt"]
    return rows[[c for c in columns if c in rows.columns]].assign(label=labels)[
        ["label", *[c for c in columns if c in rows.columns]]]


def cited_table(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """Every cited recommendation with the state and theme in `lang` beside the source's words (and
    a label of the three, the row's name in the CSV and the figure page's table)."""
    rows = cited_recommendations(tables)
    return pd.DataFrame({
        "label": [t(f"{K}.cited_label", lang, number=str(r["recommendation_number"]),
                    state=state_name(str(r["recommending_state"]), lang), theme=theme_name(str(r["theme"]), lang))
                  for _, r in rows.iterrows()],
        "recommendation_number": rows["recommendation_number"],
        "state": [state_name(str(s), lang) for s in rows["recommending_state"]],
        "theme": [theme_name(str(th), lang) for th in rows["theme"]],
        "recommending_state": rows["recommending_state"],
        "cited_for": rows["cited_for"],
        "document_id": rows["document_id"], "cited_document_id": rows["cited_document_id"],
        "locator": rows["locator"], "excerpt": rows["excerpt"], "id": rows["id"],
    })


def assessment_table(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The assessment statements with theme and assessment in `lang` (and both as the row's label),
    claimant and locator."""
    rows = assessment(tables)
    return pd.DataFrame({
        "label": [t("chart.alt.item", lang, label=theme_name(str(th), lang),
                    value=_lower_first(t(f"{K}.assessment.{a}", lang))) for th, a in zip(rows["theme"], rows["assessment"])],
        "theme": [theme_name(str(th), lang) for th in rows["theme"]],
        "assessment": [t(f"{K}.assessment.{a}", lang) for a in rows["assessment"]],
        "subject": rows["subject"], "recommendations_accepted": rows["recommendations_accepted"],
        "endnote": rows["endnote"], "claimant": rows["claimant"], "document_id": rows["document_id"],
        "locator": rows["locator"], "excerpt": rows["excerpt"], "id": rows["id"],
    })


def recommendations_table(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The count per theme (ours: its method and the rows counted) with the theme in `lang`, then
    the positions counted."""
    rows = recommendations_by_theme(tables)
    words = [t(f"{K}.csv_method.listed_on", lang, theme_name=theme_name(th, lang)) for th in rows["theme"]]
    return rows.assign(label=[theme_name(th, lang) for th in rows["theme"]], method_words=words)[
        ["id", "label", "value", "qualifier", "unit", "claimant", "document_id", "locator", "positions", "theme",
         "derived_from", "method", "method_words"]]


# ---------------------------------------------------------------------------------------------
# charts
# ---------------------------------------------------------------------------------------------

def _ratio(size: str, *, web: float, single: float, double: float) -> float:
    preset = get_size(size)
    ratio = {"web": web, "print-single": single, "print-double": double}.get(preset.name, preset.default_height_ratio)
    if preset.max_height_mm is not None:
        ratio = min(ratio, preset.max_height_mm / preset.width_mm)
    return ratio


def _outcome_chart(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> Chart:
    rows = outcome(tables)
    words = outcome_in_words(tables)
    rows = rows.assign(label=[_outcome_label(r, lang) for _, r in rows.iterrows()])
    fig, ax = kit.new_figure(size, height_ratio=_ratio(size, web=0.68, single=1.0, double=0.52))
    colors = [_OUTCOME_COLOR.get(str(m), palette.CONTEXT) for m in rows["measure"]]
    encodings.qualified_bars(ax, rows, lang=lang, label="label", colors=colors)
    ax.set_xlabel(t(f"{K}.chart.outcome.axis", lang), fontsize=kit.text_size(fig, "label"))
    month = claims.reported(rows.iloc[0], "period_start",
                            format_date(pd.Timestamp(rows["period_start"].iloc[0]).strftime("%Y-%m"), lang))
    title = capitalize(t(f"{K}.chart.outcome.title", lang, month=month))
    subtitle = t(f"{K}.chart.outcome.subtitle", lang, symbol=_cited_symbol(tables, rows))
    notes = [t(f"{K}.chart.outcome.note_words", lang, words=value_words(w, lang)) for _, w in words.iterrows()]
    notes.append(_record_sentence(tables, lang))
    source = attribution.source_line(pd.concat([rows, words], ignore_index=True), _table(tables, "documents"), lang)
    alt = compose_alt_text(rows, lang=lang, title=title, kind="bar", label="label",
                           unit_key=kit_unit_key("recommendations"), notes=notes,
                           documents=_table(tables, "documents"))
    return base.make_chart(SPEC, "outcome", fig, lang=lang, title=title, subtitle=subtitle,
                           source=source, notes=notes, alt=alt, rows=outcome_table(tables, lang=lang))


def _cited_chart(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> Chart:
    rows = cited_recommendations(tables)
    by_state = cited_by_state(tables)
    by_theme = cited_by_theme(tables)
    themes = list(by_theme["theme"])
    n = len(by_state)
    fig, ax = kit.new_figure(size, height_ratio=_ratio(size, web=0.35 + 0.04 * n, single=0.55 + 0.06 * n,
                                                       double=0.3 + 0.025 * n))
    preset = get_size(size)
    size_pt = kit.text_size(fig, "annotation")
    for i, rec in by_state.iterrows():
        left = 0
        for th in themes:
            width = int(rec[th])
            if width:
                ax.barh(i, width, left=left, height=0.62, color=_THEME_COLOR[th], edgecolor="white",
                        linewidth=preset.linewidth, zorder=2)
            left += width
        ax.annotate(t(f"{K}.chart.cited.numbers", lang, numbers=_numbers(rec["numbers"], lang)), xy=(left, i),
                    xytext=(size_pt * 0.4, 0), textcoords="offset points", ha="left", va="center",
                    fontsize=size_pt, color=palette.MUTED_TEXT, annotation_clip=False)
    ax.set_yticks(range(n), [state_name(s, lang, short=True) for s in by_state["recommending_state"]])
    ax.set_ylim(n - 0.5, -0.6)
    ax.tick_params(axis="y", length=0)
    kit.value_grid(ax, "x")
    kit.number_axis(ax, "x", lang)
    top = int(by_state["count"].max())
    # The axis ends at the longest bar; the numbers after it stand in the margin the layout keeps.
    ax.set_xlim(0, top)
    ax.margins(x=0)
    ax.set_xlabel(t(f"{K}.chart.cited.axis", lang), fontsize=kit.text_size(fig, "label"))
    for _, th in by_theme.iterrows():
        kit.add_key_entry(fig, t(f"{K}.chart.cited.key", lang, theme=theme_name(th["theme"], lang),
                                 n=_count(int(th["count"]), lang, f"cited recommendations on {th['theme']}")),
                          Patch(facecolor=_THEME_COLOR[th["theme"]], edgecolor=_THEME_COLOR[th["theme"]]))
    symbol = _cited_symbol(tables, rows)
    title = t(f"{K}.chart.cited.title", lang)
    cited_rows = [r for _, r in rows.iterrows()]
    subtitle = t(f"{K}.chart.cited.subtitle", lang, total=_count(len(rows), lang, "cited recommendations", cited_rows),
                 states=_count(n, lang, "recommending states", cited_rows), symbol=symbol)
    notes = [t(f"{K}.note.our_count", lang)]
    source = attribution.source_line(rows, _table(tables, "documents"), lang)
    items = []
    for _, rec in by_state.iterrows():
        mine = rows[rows["recommending_state"].astype(str) == rec["recommending_state"]]
        parts = [t(f"{K}.alt.cited_theme", lang, theme=theme_name(th, lang),
                   numbers=_numbers(_shown_numbers(mine[mine["theme"].astype(str) == th]), lang))
                 for th in themes if int(rec[th])]
        items.append(t(f"{K}.alt.cited_state", lang, state=state_name(rec["recommending_state"], lang),
                       n=_count(int(rec["count"]), lang, "cited recommendations of the state",
                                [r for _, r in mine.iterrows()]), themes="; ".join(parts)))
    intro = t("chart.alt.intro", lang, kind=t("chart.alt.kind.bar", lang), title=title.rstrip("."))
    intro += " " + t(f"{K}.alt.cited_intro", lang, total=_count(len(rows), lang, "cited recommendations", cited_rows),
                     states=_count(n, lang, "recommending states", cited_rows), symbol=symbol)
    alt = fit([items], lambda kept, cut: " ".join([intro, t("chart.alt.items", lang, items=". ".join(kept[0]))]
                                          + ([t("chart.alt.rest_sentence", lang)] if cut else []) + notes))
    return base.make_chart(SPEC, "cited_by_state", fig, lang=lang, title=title, subtitle=subtitle,
                           source=source, notes=notes, alt=alt, rows=cited_table(tables, lang=lang))


def _assessment_chart(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> Chart:
    rows = assessment(tables)
    themes = _themes_present(rows["theme"])
    kinds = [str(a) for a in rows["assessment"].cat.categories if (rows["assessment"].astype(str) == str(a)).any()]
    fig, ax = kit.new_figure(size, height_ratio=_ratio(size, web=0.72, single=1.3, double=0.5))
    preset = get_size(size)
    size_pt = kit.text_size(fig, "annotation")
    marker = size_pt * 1.5
    for _, row in rows.iterrows():
        x, y = themes.index(str(row["theme"])), kinds.index(str(row["assessment"]))
        accepted = not is_missing(row["recommendations_accepted"]) and bool(row["recommendations_accepted"])
        color = _THEME_COLOR[str(row["theme"])]
        ax.plot([x], [y], marker="o" if accepted else "D", markersize=marker, linestyle="none", zorder=3,
                markerfacecolor=color if accepted else "white", markeredgecolor=color,
                markeredgewidth=preset.linewidth * 2)
    ax.set_xticks(range(len(themes)), [theme_name(th, lang, short=True) for th in themes])
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0, labelsize=kit.text_size(fig, "tick"))
    for label in ax.get_xticklabels():
        label.set_fontweight("bold")
    labels = [_wrapped(t(f"{K}.assessment.{k}", lang), fig, 0.36) for k in kinds]
    ax.set_yticks(range(len(kinds)), labels)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(-0.5, len(themes) - 0.5)
    ax.set_ylim(len(kinds) - 0.5, -0.5)
    ax.grid(True, axis="both", color=palette.GRID, linewidth=preset.linewidth * 0.75)
    ax.set_xticks([i + 0.5 for i in range(len(themes) - 1)], minor=True)
    ax.set_yticks([i + 0.5 for i in range(len(kinds) - 1)], minor=True)
    ax.grid(False, which="major")
    ax.grid(True, which="minor", color=palette.GRID, linewidth=preset.linewidth * 0.75)
    ax.tick_params(which="minor", length=0)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    if (rows["recommendations_accepted"].fillna(False).astype(bool)).any():
        kit.add_key_entry(fig, t(f"{K}.chart.assessment.key_accepted", lang),
                          Line2D([], [], marker="o", linestyle="none", color=palette.KEY_SHAPE,
                                 markersize=size_pt * 0.9))
    if rows["recommendations_accepted"].isna().any():
        kit.add_key_entry(fig, t(f"{K}.chart.assessment.key_law", lang),
                          Line2D([], [], marker="D", linestyle="none", color=palette.KEY_SHAPE,
                                 markerfacecolor="white", markeredgewidth=preset.linewidth * 2,
                                 markersize=size_pt * 0.9))
    title = t(f"{K}.chart.assessment.title", lang)
    subtitle = t(f"{K}.chart.assessment.subtitle", lang)
    notes = [t(f"{K}.chart.assessment.note", lang)]  # the labels are ours (the audit's Q-04)
    source = attribution.source_line(rows, _table(tables, "documents"), lang)
    items = []
    for th in themes:
        said = [_lower_first(t(f"{K}.assessment.{a}", lang))
                for a in rows[rows["theme"].astype(str) == th]["assessment"].astype(str)]
        items.append(t("chart.alt.item", lang, label=theme_name(th, lang), value="; ".join(said)))
    intro = t("chart.alt.intro", lang, kind=t(f"{K}.alt.kind.matrix", lang), title=title.rstrip("."))
    alt = fit([items], lambda kept, cut: " ".join([intro, t("chart.alt.items", lang, items=". ".join(kept[0]))]
                                          + ([t("chart.alt.rest_sentence", lang)] if cut else []) + notes))
    return base.make_chart(SPEC, "implementation", fig, lang=lang, title=title, subtitle=subtitle,
                           source=source, notes=notes, alt=alt, rows=assessment_table(tables, lang=lang))


def _subject(row: pd.Series, lang: str) -> str:
    """What an assessment is about: the data's words in English; a translation in another language,
    whose numbers ({n0}, {n1}, …) come from the data's words, each a reference to them."""
    subject = str(row["subject"])
    numbers = [claims.reference(n, what="number in the subject", row=row, column="subject")
               for n in claims._NUMBER_WORD.findall(subject)]
    return t(f"{K}.subject.{row['id']}", lang, subject=claims.referenced_text(subject, row, "subject"),
             **{f"n{i}": n for i, n in enumerate(numbers)})


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _wrapped(text: str, fig: Figure, share: float) -> str:
    """A label wrapped to `share` of the figure's width (tick labels of long category names)."""
    width_pt = fig.get_size_inches()[0] * 72 * share
    return "\n".join(kit.wrap(text, width_pt, kit.text_size(fig, "tick")))


def _recommendations_chart(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> Chart:
    rows = recommendations_by_theme(tables)
    rows = rows.assign(label=[theme_name(th, lang) for th in rows["theme"]])
    n = len(rows)
    fig, ax = kit.new_figure(size, height_ratio=_ratio(size, web=0.5625, single=0.6 + 0.08 * n,
                                                       double=0.3 + 0.03 * n))
    encodings.qualified_bars(ax, rows, lang=lang, label="label", colors=[_THEME_COLOR[th] for th in rows["theme"]])
    ax.set_xlabel(t(f"{K}.chart.recommendations.axis", lang), fontsize=kit.text_size(fig, "label"))
    total = int(rows["value"].sum())
    title = t(f"{K}.chart.recommendations.title", lang)
    listed = [r for _, r in recommendations_2014(tables).iterrows()]
    subtitle = t(f"{K}.chart.recommendations.subtitle", lang, total=_count(total, lang, "recommendations listed", listed),
                 themes=_count(n, lang, "themes of the recommendations", listed))
    notes = [t(f"{K}.note.our_count_2014", lang)]
    # One heading holds every theme's list: cite it once rather than each sub-heading.
    source = attribution.source_line(rows.assign(locator=_common_section(rows["locator"])),
                                     _table(tables, "documents"), lang)
    alt = compose_alt_text(rows, lang=lang, title=title, kind="bar", label="label",
                           unit_key=kit_unit_key("recommendations"), notes=notes)
    return base.make_chart(SPEC, "recommendations", fig, lang=lang, title=title, subtitle=subtitle,
                           source=source, notes=notes, alt=alt, rows=recommendations_table(tables, lang=lang))


@claims.scoped
def charts(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> list[Chart]:
    """The theme's four charts: the 2010 outcome, the cited recommendations by state and theme, the
    implementation assessment by theme and the 2014 recommendations by theme."""
    return [
        _outcome_chart(tables, lang=lang, size=size),
        _cited_chart(tables, lang=lang, size=size),
        _assessment_chart(tables, lang=lang, size=size),
        _recommendations_chart(tables, lang=lang, size=size),
    ]


# ---------------------------------------------------------------------------------------------
# summary and key figures
# ---------------------------------------------------------------------------------------------

def _outcome_sentence(tables: dict[str, pd.DataFrame], lang: str) -> str:
    rows = outcome(tables).set_index(outcome(tables)["measure"].astype(str))
    made = rows.loc["made"]
    f = narrative.fields(made, lang)
    symbol = _cited_symbol(tables, outcome(tables))
    return capitalize(t(f"{K}.summary.outcome", lang, period=f["period"],
                        accepted=narrative.amount(rows.loc["accepted"], lang),
                        rejected=narrative.amount(rows.loc["rejected"], lang),
                        made=narrative.amount(made, lang),
                        unit=t(f"{kit_unit_key('recommendations')}.genitive", lang, count=float(made["value"])),
                        according_to=f["according_to"], cite=f["cite"], symbol=symbol,
                        addendum=attribution.document_reference(
                            _table(tables, "documents").set_index("document_id").loc["a-hrc-14-10-add-1"]
                            .rename("a-hrc-14-10-add-1"), lang)))


@claims.scoped
def summary(tables: dict[str, pd.DataFrame], chart_names: Sequence[str] = (), *, lang: str) -> narrative.DocumentModel:
    """The plain-language summary in Markdown: the outcome with its claimant and locator, the cited
    recommendations by theme and state, the assessment by theme, the 2014 recommendations by theme;
    the charts with their alt text; method and caveats; sources."""
    lead = [_outcome_sentence(tables, lang), _record_sentence(tables, lang)]
    for _, w in outcome_in_words(tables).iterrows():
        lead.append(narrative.attributed(f"{K}.summary.outcome_words", w, lang, value=value_words(w, lang)))
    facts = []
    cited = cited_by_theme(tables)
    for _, th in cited.iterrows():
        states = []
        rows = cited_recommendations(tables)
        mine = rows[rows["theme"].astype(str) == th["theme"]]
        for state in th["states"]:
            numbers = _shown_numbers(mine[mine["recommending_state"].astype(str) == state])
            states.append(t(f"{K}.summary.state_numbers", lang, state=state_name(state, lang),
                            numbers=_numbers(numbers, lang)))
        facts.append(capitalize(t(f"{K}.summary.cited", lang, theme=theme_name(th["theme"], lang),
                                  n=_count(int(th["count"]), lang, f"cited recommendations on {th['theme']}",
                                           [r for _, r in mine.iterrows()]),
                                  unit=t(kit_unit_key("recommendations"), lang, count=int(th["count"])),
                                  states="; ".join(states), cite=narrative.cite(th["locator"], lang))))
    for _, row in assessment(tables).iterrows():
        endnote = ""
        if not is_missing(row["endnote"]):
            endnote = t(f"{K}.summary.assessment_endnote", lang,
                        n=claims.reference(str(int(row["endnote"])), what="endnote", row=row, column="endnote"))
        facts.append(narrative.attributed(f"{K}.summary.assessment", row, lang,
                                          theme=theme_name(str(row["theme"]), lang),
                                          assessment=_lower_first(t(f"{K}.assessment.{row['assessment']}", lang)),
                                          subject=_subject(row, lang),
                                          endnote=endnote))
    recs = recommendations_by_theme(tables)
    total = int(recs["value"].sum())
    per_theme = [t(f"{K}.summary.theme_count", lang, theme=theme_name(r["theme"], lang),
                   n=narrative.amount(r, lang)) for _, r in recs.iterrows()]
    listed = [r for _, r in recommendations_2014(tables).iterrows()]
    facts.append(capitalize(t(f"{K}.summary.recommendations_2014", lang,
                              total=_count(total, lang, "recommendations listed", listed),
                              unit=t(kit_unit_key("recommendations"), lang, count=total),
                              themes="; ".join(per_theme),
                              cite=narrative.cite(_common_section(recs["locator"]), lang))))
    facts += [narrative.fact(r, lang, label=t(f"{K}.behind.{r['id']}", lang), unit_key=kit_unit_key(str(r["unit"])))
              for _, r in behind_recommendations(tables).iterrows()]
    check = outcome_check(tables)
    method = [t(f"{K}.method.words", lang, words=value_words(w, lang)) for _, w in outcome_in_words(tables).iterrows()]
    if check["exact"]:
        key = "adds_up" if check["adds_up"] else "does_not_add_up"
        by = outcome(tables).set_index(outcome(tables)["measure"].astype(str))
        shown = {m: claims.reported(by.loc[m], "value", format_number(int(check[m]), lang, 0))
                 for m in ("accepted", "rejected", "made")}
        total = claims.derived(check["sum"], format_number(int(check["sum"]), lang, 0),
                               method="sum: accepted + rejected", inputs=[by.loc["accepted"], by.loc["rejected"]],
                               label="calculation", across=("measure",))
        method.append(t(f"{K}.method.check.{key}", lang, sum=total, **shown))
    method += [t(f"{K}.method.numbers", lang, symbol=_cited_symbol(tables, cited_recommendations(tables))),
               t(f"{K}.method.our_counts", lang, endnotes=_endnotes(
                   sorted({int(e) for e in cited_recommendations(tables)["endnote"] if not is_missing(e)}), lang)),
               t(f"{K}.method.assessment", lang)]
    sourced = pd.concat([outcome(tables), outcome_in_words(tables),
                         behind_recommendations(tables)[["id", "document_id", "cited_document_id", "claimant", "locator"]],
                         cited_recommendations(tables)[["id", "document_id", "locator"]],
                         assessment(tables)[["id", "document_id", "claimant", "locator"]],
                         recommendations_2014(tables)[["id", "document_id", "locator"]].assign(
                             locator=_common_section(recommendations_2014(tables)["locator"]))], ignore_index=True)
    source = attribution.source_line(sourced, _table(tables, "documents"), lang)
    return narrative.document(t(f"{K}.summary.title", lang), lang=lang, lead=lead, facts=facts,
                              charts=chart_names, method=method, source=source)


# The submission's findings behind its recommendations on assembly, defamation and counter-terrorism
# (the English evidence audit's F12): rows of the data the summaries did not state.
BEHIND = ("lp-administrative-detention", "oc-assembly-sanction-cases", "lp-defamation-imprisonment",
          "lp-defamation-fine", "lp-age-terrorist-offences")


def behind_recommendations(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The rows of other_counts and legal_provisions named in BEHIND, in that order."""
    rows = pd.concat([_table(tables, "legal_provisions"), _table(tables, "other_counts")], ignore_index=True)
    rows = rows[rows["id"].astype(str).isin(BEHIND)]
    return rows.set_index(rows["id"].astype(str)).loc[[i for i in BEHIND if i in set(rows["id"].astype(str))]] \
        .reset_index(drop=True)


def _common_section(locators: pd.Series) -> str:
    """The section heading shared by "Recommendations ...: Freedom of assembly" and its siblings."""
    heads = {str(loc).split(":")[0].strip() for loc in locators}
    return heads.pop() if len(heads) == 1 else "; ".join(dict.fromkeys(str(loc) for loc in locators))


def key_figures(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The theme's key figures for the overview: recommendations made, accepted and rejected in 2010
    (and the source's words for them), and the number of recommendations the submission makes
    (our count), with the common value columns and a `label` in `lang`."""
    rows = pd.concat([outcome(tables), outcome_in_words(tables)], ignore_index=True)
    labels = [t(f"{K}.key.{r['measure']}{'_words' if str(r['qualifier']) == 'unquantified' else ''}", lang)
              for _, r in rows.iterrows()]
    recs = recommendations_by_theme(tables)
    listed = recommendations_2014(tables)
    total = {"id": "count-recommendations-2014", "value": int(recs["value"].sum()), "value_max": pd.NA,
             "value_text": pd.NA, "unit": "recommendations", "qualifier": "exact", "period_start": pd.NaT,
             "period_end": pd.NaT, "claimant": pd.NA, "document_id": recs["document_id"].iloc[0],
             "locator": _common_section(recs["locator"]), "excerpt": pd.NA,
             "label": t(f"{K}.key.recommendations_2014", lang),
             "derived_from": [str(i) for i in listed["id"]], "method": t(f"{K}.csv_method.listed", "en"),
             "method_words": t(f"{K}.csv_method.listed", lang)}
    columns = ["id", "label", *COMMON_COLUMNS, "excerpt", "derived_from", "method", "method_words"]
    out = rows.assign(label=labels, derived_from=None, method=None, method_words=None)[columns].astype("object")
    # Beside the submission's figures, what A/HRC/14/10 itself lists (our count; evidence audit F2).
    record = [{"id": f"count-2010-para-{p}", "value": len(listed_rows), "value_max": pd.NA, "value_text": pd.NA,
               "unit": "recommendations", "qualifier": "exact", "period_start": pd.NaT, "period_end": pd.NaT,
               "claimant": pd.NA, "document_id": "a-hrc-14-10", "locator": f"para. {p}", "excerpt": pd.NA,
               "label": t(f"{K}.key.record_{p}", lang), "derived_from": [str(i) for i in listed_rows["id"]],
               "method": t(f"{K}.csv_method.record", "en", para=p),
               "method_words": t(f"{K}.csv_method.record", lang, para=p)}
              for p, listed_rows in record_2010(tables).items()]
    return pd.concat([out, pd.DataFrame(record)[columns].astype("object"),
                      pd.DataFrame([total])[columns].astype("object")], ignore_index=True)


def run(tables: dict[str, pd.DataFrame], params: base.Params = base.Params()) -> base.ThemeOutput:
    """The theme as a step: the 2010 outcome and its check, the submission's citations (by State),
    the assessment and the recommendations; the charts; the summary."""
    lang = params.lang
    shown = {"outcome": outcome_table(tables, lang=lang), "outcome_check": outcome_check_table(tables),
             "cited": cited_table(tables, lang=lang), "cited_by_state": cited_by_state(tables),
             "assessment": assessment_table(tables, lang=lang), "recommendations": recommendations_table(tables, lang=lang)}
    return base.output(SPEC, tables, params, shown, charts, summary)
