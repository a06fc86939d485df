"""Theme 01: torture complaints registered by the General Prosecutor's Office, 2011–2013.

The source gives full years for 2011 and 2012 but only January–September for 2013, so the
partial year is never set beside the full ones without saying so. An annualised 2013 figure is
this analysis's estimate (pro rata: the partial count divided by the months covered, times
twelve), computed here, labelled as an estimate wherever it appears and never stored in data/.
The Gerasimov compensation (the one award of damages for torture the submission reports) is
told in the summary.
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from analysis.words import claims
from analysis.words import alt_text, attribution, narrative
from analysis.kit import charts as chart_kit, encodings
from analysis.themes import base
from analysis.words.i18n import format_number, t
from analysis.kit.report import Chart
from analysis.words.wording import capitalize, is_missing, partial_flags, period_months, period_words, proper_name, slug

SPEC = base.register(base.ThemeSpec(
    name="torture", notebook="01_torture_complaints",
    tables=("torture_complaints", "compensation", "documents"),
    catalogue="theme_torture", theme_id='torture', key_figures=True,
    options={"show_estimate": False}))
NOTEBOOK = SPEC.notebook
TABLES = SPEC.tables
MONTHS_PER_YEAR = 12
UNIT = "theme_torture.unit.complaints"
_K = "theme_torture"
# The single column needs a taller figure for its wrapped title and notes; the others keep the preset.
_HEIGHT_RATIO = {"print-single": 0.95}


def load_tables(data_dir: Any = None) -> dict[str, pd.DataFrame]:
    """The validated tables this theme reads."""
    return base.load_tables(SPEC, data_dir)


# ---- compute ----

def complaints(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The tidy table behind the chart: one row per period in year order, with `label` (the year),
    the months covered and whether the period is partial, then qualifier, claimant and source."""
    table = tables["torture_complaints"].sort_values(["year", "period_start"]).reset_index(drop=True)
    if table.empty:
        raise ValueError("torture_complaints: the table has no rows")
    months = [period_months(row) for _, row in table.iterrows()]
    labels = [claims.reported(row, "year", str(int(row["year"]))) for _, row in table.iterrows()]
    out = table.assign(label=labels, months=pd.array(months, dtype="Int64"))
    out["partial"] = partial_flags(out)
    first = ["id", "label", "value", "value_max", "value_text", "qualifier", "unit", "period_start", "period_end",
             "months", "partial", "claimant", "document_id", "locator", "excerpt"]
    return out[first + [c for c in out.columns if c not in first]]


def growth(rows: pd.DataFrame) -> pd.DataFrame:
    """Change between consecutive full periods (a partial period is never compared with a full one):
    from/to label and value, the difference, the ratio and the percentage change."""
    full = rows[~rows["partial"] & rows["qualifier"].astype(str).eq("exact")].reset_index(drop=True)
    records = []
    for (_, a), (_, b) in zip(full.iloc[:-1].iterrows(), full.iloc[1:].iterrows()):
        va, vb = float(a["value"]), float(b["value"])
        records.append({"from_label": a["label"], "to_label": b["label"], "from_value": va, "to_value": vb,
                        "change": vb - va, "ratio": vb / va if va else float("nan"),
                        "percent": (vb - va) / va * 100 if va else float("nan"),
                        "from_id": a["id"], "to_id": b["id"]})
    return pd.DataFrame(records, columns=["from_label", "to_label", "from_value", "to_value", "change", "ratio",
                                          "percent", "from_id", "to_id"])


def annualised_estimate(rows: pd.DataFrame) -> pd.DataFrame:
    """For each partial period, this analysis's full-year estimate: value / months × 12.

    The method assumes the monthly rate of the covered months held for the whole year; it is an
    estimate, not a figure from the source (columns: label, value, basis, months, id).
    """
    records = []
    for _, row in rows[rows["partial"]].iterrows():
        if str(row["qualifier"]) != "exact" or is_missing(row["value"]) or is_missing(row["months"]):
            continue
        months = int(row["months"])
        records.append({"label": row["label"], "value": float(row["value"]) / months * MONTHS_PER_YEAR,
                        "basis": float(row["value"]), "months": months, "id": row["id"]})
    return pd.DataFrame(records, columns=["label", "value", "basis", "months", "id"])


def gerasimov(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The compensation rows (one amount per currency), in table order."""
    return tables["compensation"].reset_index(drop=True)


# ---- words ----

def _num(x: float, lang: str, decimals: int = 0) -> str:
    return format_number(round(float(x), decimals), lang, decimals)


def _growth_fields(g: pd.Series, rows: pd.DataFrame, lang: str) -> dict[str, str]:
    """Our difference and ratio between two full years of the same claimant (never a bound)."""
    a = rows[rows["id"] == g["from_id"]].iloc[0]
    b = rows[rows["id"] == g["to_id"]].iloc[0]
    ratio = round(float(g["ratio"]), 1)
    change = claims.derived(abs(g["change"]), _num(abs(g["change"]), lang), method="difference: later year minus "
                            "earlier year", inputs=[a, b], label="calculation", across=("period",))
    times = claims.derived(ratio, _num(ratio, lang, 1), method="ratio: later year ÷ earlier year, to one decimal",
                           inputs=[a, b], label="calculation", across=("period",))
    return {"change": change, "ratio": t(f"{_K}.times", lang, count=ratio, ratio=times)}


def _direction(change: float) -> str:
    return "up" if change > 0 else "down" if change < 0 else "same"


def _estimate_note(rows: pd.DataFrame, est: pd.Series, lang: str, where: str = "chart") -> str:
    """How the estimate was made, with its numbers: `where` "chart" (a chart note) or "method"."""
    row = rows[rows["id"] == est["id"]].iloc[0]
    method = encodings.ESTIMATE_METHOD
    return t(f"{_K}.estimate.{where}", lang, label=str(est["label"]),
             period=period_words(row, lang, short=False, with_year=False),
             basis=claims.reported(row, "value", _num(est["basis"], lang)),
             months=claims.derived(est["months"], _num(est["months"], lang), method="count of months in the period",
                                   inputs=[row], label="calculation"),
             year_months=claims.reference(_num(MONTHS_PER_YEAR, lang), what="months in a year"),
             estimate=claims.derived(est["value"], _num(est["value"], lang), method=method, inputs=[row],
                                     label="estimate"))


def chart_title(rows: pd.DataFrame, lang: str) -> str:
    """The figures themselves as the title, with whose they are: our ratios stay out of it (the
    source's own words for the trend are the General Prosecutor's Office's)."""
    items = []
    for _, row in rows.iterrows():
        key = f"{_K}.title.item_partial" if row["partial"] else f"{_K}.title.item"
        items.append(t(key, lang, value=narrative.amount(row, lang), year=str(row["label"]),
                       period=period_words(row, lang, short=True, with_year=False)))
    claimant = narrative.according_to(str(rows["claimant"].iloc[0]), lang)
    return t(f"{_K}.title", lang, items=", ".join(items), according_to=claimant)


def _subtitle(rows: pd.DataFrame, lang: str) -> str:
    claimant = narrative.according_to(str(rows["claimant"].iloc[0]), lang)
    text = t(f"{_K}.subtitle", lang, according_to=claimant)
    for _, row in rows[rows["partial"]].iterrows():
        text += " " + t(f"{_K}.subtitle.partial", lang, label=row["label"],
                        period=period_words(row, lang, short=False, with_year=False))
    return text


# ---- charts ----

@claims.scoped
def charts(tables: dict[str, pd.DataFrame], *, lang: str, size: str, show_estimate: bool = False) -> list[Chart]:
    """The complaints chart: full years solid, the partial year hatched with its months named,
    and (show_estimate) the annualised estimate as a dotted outline labelled "estimate"."""
    rows = complaints(tables)
    est = annualised_estimate(rows) if show_estimate else None
    if est is not None and est.empty:
        est = None
    fig, ax = chart_kit.new_figure(size, height_ratio=_HEIGHT_RATIO.get(size))
    encodings.partial_period_bars(ax, rows, lang=lang, label="label", estimates=est, color=SPEC.color)
    ax.set_ylabel(t(f"{_K}.axis.title", lang))
    title = chart_title(rows, lang)
    notes = [t(f"{_K}.note.partial", lang, period=period_words(row, lang, short=False, with_year=False))
             for _, row in rows[rows["partial"]].iterrows()]
    if est is not None:
        notes += [_estimate_note(rows, e, lang) for _, e in est.iterrows()]
    source = attribution.source_line(rows, tables["documents"], lang)
    alt = alt_text.compose_alt_text(rows, lang=lang, title=title, kind="bar", label="label",
                                    unit_key=f"{UNIT}_short", estimates=est, notes=notes)
    return [base.make_chart(SPEC, "complaints", fig, lang=lang, title=title, subtitle=_subtitle(rows, lang),
                           source=source, notes=notes, alt=alt, rows=rows)]


# ---- summary ----

def _complaint_sentences(rows: pd.DataFrame, lang: str, show_estimate: bool) -> list[str]:
    out = []
    g = growth(rows)
    full = rows[~rows["partial"]]
    if not g.empty:
        first = g.iloc[0]
        a = rows[rows["id"] == first["from_id"]].iloc[0]
        b = rows[rows["id"] == first["to_id"]].iloc[0]
        fa, fb = narrative.fields(a, lang), narrative.fields(b, lang)
        out.append(capitalize(t(f"{_K}.summary.two_years", lang, according_to=fa["according_to"],
                                value_a=fa["value"], period_a=fa["period"], value_b=fb["value"],
                                period_b=fb["period"], cite=fb["cite"])))
        out.append(t(f"{_K}.summary.growth.{_direction(first['change'])}", lang, **_growth_fields(first, rows, lang)))
        listed = {first["from_id"], first["to_id"]}
    else:
        listed = set()
    for _, row in rows.iterrows():
        if row["id"] in listed:
            continue
        key = f"{_K}.summary.partial" if row["partial"] else f"{_K}.summary.year"
        out.append(narrative.sentence(key, row, lang, unit_key=UNIT))
        if row["partial"] and not full.empty and str(row["qualifier"]) == "exact":
            last_full = full.iloc[-1]
            diff = float(row["value"]) - float(last_full["value"])
            out.append(t(f"{_K}.summary.partial_vs_full.{_direction(diff)}", lang, year=str(last_full["label"]),
                         value=narrative.amount(last_full, lang), partial_value=narrative.amount(row, lang),
                         period=period_words(row, lang, short=False, with_year=False)))
    if show_estimate:
        for _, e in annualised_estimate(rows).iterrows():
            out.append(_estimate_note(rows, e, lang, "summary"))
    return out


def _data_word(kind: str, value: str, lang: str) -> str:
    return t(f"{_K}.{kind}.{slug(value)}", lang)


def compensation_sentence(tables: dict[str, pd.DataFrame], lang: str) -> str:
    """Who awarded what to whom and when, in the award's currency with the submission's own
    conversion beside it, the UN decision it followed, the claimant and the locator."""
    comp = gerasimov(tables)
    if comp.empty:
        return ""
    first = comp.iloc[0]
    amounts = [narrative.amount(r, lang) for _, r in comp.iterrows()]
    converted = t(f"{_K}.compensation.converted", lang, amounts=", ".join(amounts[1:])) if len(amounts) > 1 else ""
    docs = tables["documents"].set_index("document_id")
    decision = ""
    cited = first.get("cited_document_id")
    if not is_missing(cited) and str(cited) in docs.index:
        doc = docs.loc[str(cited)]
        decision = t(f"{_K}.compensation.decision", lang, symbol=attribution.document_reference(doc))
    f = narrative.fields(first, lang)
    return capitalize(t(f"{_K}.compensation.sentence", lang, when=narrative.when(str(first["date"]), lang, row=first),
                        court_awarded=_data_word("court_awarded", str(first["awarded_by"]), lang),
                        recipient=proper_name("person_to", str(first["recipient"]), lang),
                        amount=amounts[0], converted=converted, decision=decision,
                        according_to=f["according_to"], cite=f["cite"]))


@claims.scoped
def summary(tables: dict[str, pd.DataFrame], chart_names: Sequence[str] = (), *, lang: str,
            show_estimate: bool = False) -> narrative.DocumentModel:
    """The plain-language summary in Markdown: every figure with its qualifier in words, claimant
    and locator; the charts with their alt text; method and caveats; the source line."""
    rows = complaints(tables)
    comp = gerasimov(tables)
    lead = [" ".join(_complaint_sentences(rows, lang, show_estimate))]
    if not comp.empty:
        lead.append(compensation_sentence(tables, lang))
    method = [t(f"{_K}.method.partial", lang, label=row["label"],
                period=period_words(row, lang, short=False, with_year=False))
              for _, row in rows[rows["partial"]].iterrows()]
    if show_estimate:
        est = annualised_estimate(rows)
        method += [_estimate_note(rows, e, lang, "method") for _, e in est.iterrows()]
    cols = ["id", "document_id", "claimant", "locator", "value", "value_text"]
    sourced = pd.concat([rows[cols].astype("object"), comp[cols].astype("object")], ignore_index=True)
    title = t(f"{_K}.summary.title", lang, first=str(rows["label"].iloc[0]), last=str(rows["label"].iloc[-1]))
    return narrative.document(title, lang=lang, lead=lead, charts=chart_names, method=method,
                              source=attribution.source_line(sourced, tables["documents"], lang))


def key_figures(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The theme's key figures for the overview: each complaints period and the compensation, with
    the common value columns and a `label` in `lang`."""
    rows = complaints(tables)
    labels = []
    for _, row in rows.iterrows():
        key = f"{_K}.key.complaints_partial" if row["partial"] else f"{_K}.key.complaints"
        labels.append(t(key, lang, year=row["label"], period=period_words(row, lang, short=False, with_year=False)))
    comp = gerasimov(tables)
    comp_labels = [t(f"{_K}.key.compensation", lang, recipient=proper_name("person_to", str(r["recipient"]), lang))
                   for _, r in comp.iterrows()]
    columns = ["id", "label", "value", "value_max", "value_text", "unit", "qualifier", "period_start", "period_end",
               "claimant", "document_id", "locator", "excerpt"]
    parts = [rows.assign(label=labels)[columns].astype("object"),
             comp.assign(label=comp_labels)[columns].astype("object")]
    return pd.concat(parts, ignore_index=True)


def run(tables: dict[str, pd.DataFrame], params: base.Params = base.Params()) -> base.ThemeOutput:
    """The theme as a step: the complaints, the change between full years, (show_estimate) our
    annualised estimate and the compensation rows; the complaints chart; the summary."""
    rows = complaints(tables)
    shown = {"complaints": rows, "growth": growth(rows)}
    if SPEC.options_for(params)["show_estimate"]:
        shown["estimate"] = annualised_estimate(rows)
    shown["compensation"] = gerasimov(tables)
    return base.output(SPEC, tables, params, shown, charts, summary)
