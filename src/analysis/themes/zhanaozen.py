"""Theme 02: Zhanaozen, 16 December 2011, and what followed.

The figures come from different claimants and with different qualifiers, and the theme keeps
them apart: killed (a count), wounded ("hundreds": words, never drawn as a number), detained
(the General Prosecutor's Office's count beside the eyewitnesses' upper bound, "as many as",
each named; the submission does not reconcile them), arrested, the 2012 trial, the officers
convicted and their prison terms (a range, drawn as an interval).
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from analysis.words import claims
from analysis.words import alt_text, attribution, narrative
from analysis.kit import charts as chart_kit, encodings, palette
from analysis.themes import base
from analysis.words.i18n import catalogue, format_date, t
from analysis.kit.report import Chart
from analysis.words.wording import capitalize, is_missing, join_words, slug, term, unit_key

SPEC = base.register(base.ThemeSpec(
    name="zhanaozen", notebook="02_zhanaozen",
    tables=("zhanaozen", "documents"),
    catalogue="theme_zhanaozen", theme_id='assembly', key_figures=True))
NOTEBOOK = SPEC.notebook
TABLES = SPEC.tables
_K = "theme_zhanaozen"
# Measures drawn in the key-figures panel, in reading order.
# ("Zhanaozen and elsewhere" allegations are not a figure of the events in Zhanaozen: summary only.)
PANEL_MEASURES = ("killed", "wounded", "arrested", "trial_defendants", "officers_convicted")

# Taller figures where the single column wraps titles and notes onto more lines.
_HEIGHT_RATIO = {
    "detentions": {"print-single": 0.95},
    "sentences": {"web": 0.52, "print-single": 0.85, "print-double": 0.42},
}


def load_tables(data_dir: Any = None) -> dict[str, pd.DataFrame]:
    """The validated tables this theme reads."""
    return base.load_tables(SPEC, data_dir)


# ---- compute ----

def measure_label(measure: str, lang: str) -> str:
    """A measure's label in `lang` ("Detained" / "Задержаны"); a measure without one is an error."""
    return t(f"{_K}.measure.{measure}", lang)


def facts(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The tidy table: every row of the zhanaozen table with a `label` in `lang` first, then value,
    qualifier, period, claimant, locator and the source's words (table order)."""
    table = tables["zhanaozen"].reset_index(drop=True)
    if table.empty:
        raise ValueError("zhanaozen: the table has no rows")
    out = table.assign(label=[measure_label(str(m), lang) for m in table["measure"]])
    first = ["id", "label", "measure", "value", "value_max", "value_text", "qualifier", "unit", "period_start",
             "period_end", "claimant", "document_id", "locator", "excerpt"]
    return out[first + [c for c in out.columns if c not in first]]


def rows_for(tables: dict[str, pd.DataFrame], *measures: str, lang: str = "en") -> pd.DataFrame:
    """The rows of the given measures, in the order asked, then table order."""
    table = facts(tables, lang=lang)
    parts = [table[table["measure"].astype(str) == m] for m in measures]
    return pd.concat(parts).reset_index(drop=True) if parts else table.iloc[0:0]


def one(tables: dict[str, pd.DataFrame], measure: str, *, claimant: str | None = None, lang: str = "en") -> pd.Series:
    """The single row of a measure (optionally from one claimant); an error naming the table otherwise."""
    rows = rows_for(tables, measure, lang=lang)
    if claimant is not None:
        rows = rows[rows["claimant"].astype(str) == claimant]
    if len(rows) != 1:
        who = f" from claimant {claimant!r}" if claimant else ""
        raise ValueError(f"zhanaozen: expected one row for measure {measure!r}{who}, found {len(rows)}")
    return rows.iloc[0]


def detentions(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """Detained (every claimant, side by side) and arrested, grouped by measure: `label` names the group."""
    return rows_for(tables, "detained", "arrested", lang=lang)


def detention_counts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The detention counts by claimant, lowest first. They come from different claimants (an exact
    official count, an eyewitness upper bound), so they are set side by side, never subtracted."""
    rows = rows_for(tables, "detained")
    numbered = rows[rows["qualifier"].astype(str) != "unquantified"].copy()
    numbered["value"] = numbered["value"].astype("Float64")
    return numbered.sort_values("value", kind="stable").reset_index(drop=True)


def sentence_range(tables: dict[str, pd.DataFrame], lang: str = "en") -> pd.DataFrame:
    """The officers' prison terms (a range) with the number of officers convicted beside it, labelled in `lang`."""
    return rows_for(tables, "officers_convicted", "officers_sentence", lang=lang)


# ---- words ----

def _place(row: pd.Series, kind: str, lang: str) -> str:
    return t(f"{_K}.{kind}.{slug(str(row['place']))}", lang)


def _unit(row: pd.Series) -> str | None:
    if is_missing(row.get("unit")):
        return None
    return unit_key(str(row["unit"]))


def _fields(row: pd.Series, lang: str, prefix: str, *, unit: str | None = "row") -> dict[str, str]:
    """narrative.fields of one row, keys prefixed ("killed_value", "killed_cite", ...)."""
    f = narrative.fields(row, lang, unit_key=_unit(row) if unit == "row" else unit)
    return {f"{prefix}_{k}": v for k, v in f.items()}


def _same_source(*rows: pd.Series) -> bool:
    return len({(str(r["claimant"]), str(r["locator"])) for r in rows}) == 1


def _claimants(rows: pd.DataFrame, lang: str) -> str:
    """The rows' claimants in running text: "the General Prosecutor's Office and eyewitnesses"."""
    return join_words([term("claimant", c, lang) for c in dict.fromkeys(str(c) for c in rows["claimant"])], lang)


def _date(row: pd.Series, lang: str) -> str:
    """The day the row's period starts, as a noun phrase ("16 December 2011" / "16 декабря 2011 года")."""
    day = format_date(pd.Timestamp(row["period_start"]).strftime("%Y-%m-%d"), lang)
    return t(f"{_K}.date", lang, date=claims.reported(row, "period_start", day))


# ---- charts ----

def _detentions_chart(tables: dict[str, pd.DataFrame], lang: str, size: str) -> Chart:
    rows = detentions(tables, lang=lang)
    # The chart groups by measure under short names ("Arrested"); the summary keeps the full labels.
    rows = rows.assign(label=[t(f"{_K}.measure_short.{m}", lang) if f"{_K}.measure_short.{m}" in catalogue(lang)
                              else lbl for m, lbl in zip(rows["measure"].astype(str), rows["label"])])
    detained = rows[rows["measure"].astype(str) == "detained"]
    fig, ax = chart_kit.new_figure(size, height_ratio=_HEIGHT_RATIO["detentions"].get(size))
    encodings.conflicting_claims(ax, rows, lang=lang, label="label", colors=[SPEC.color, *palette.NEUTRAL])
    ax.set_xlabel(t(f"{_K}.axis.people_count", lang))
    title = capitalize(t(f"{_K}.detentions.title", lang, claimants=_claimants(detained, lang),
                         place=_place(detained.iloc[0], "place_in", lang)))
    subtitle = t(f"{_K}.detentions.subtitle", lang, date=_date(detained.iloc[0], lang))
    notes = [t(f"{_K}.detentions.note", lang)]
    source = attribution.source_line(rows, tables["documents"], lang)
    alt = alt_text.compose_alt_text(rows, lang=lang, title=title, kind="comparison", label="label",
                                    unit_key=unit_key("people"), notes=notes, documents=tables["documents"])
    return base.make_chart(SPEC, "detentions", fig, lang=lang, title=title, subtitle=subtitle,
                           source=source, notes=notes, alt=alt, rows=rows)


def _facts_chart(tables: dict[str, pd.DataFrame], lang: str, size: str) -> Chart:
    rows = rows_for(tables, *PANEL_MEASURES, lang=lang)
    columns = 2 if size == "print-single" else 3
    author = slug(str(tables["documents"].set_index("document_id").loc[str(rows.iloc[0]["document_id"]), "author"]))
    first = rows.iloc[0]
    title = t(f"{_K}.facts.title", lang, place=_place(first, "place", lang))
    subtitle = t(f"{_K}.facts.subtitle", lang, date=_date(first, lang))
    notes = [t(f"{_K}.facts.note", lang)]
    source = attribution.source_line(rows, tables["documents"], lang)
    # Sized to the tiles: the figure is as tall as its texts and tiles, with no empty band.
    tiles = encodings.fact_panel_height_pt(rows, size, lang=lang, label="label", columns=columns, author=author)
    ratio = chart_kit.height_ratio_for(size, tiles, title=title, subtitle=subtitle, source=source, notes=notes)
    fig, ax = chart_kit.new_figure(size, height_ratio=ratio)
    encodings.fact_panel(ax, rows, lang=lang, label="label", columns=columns, author=author)
    alt = alt_text.compose_alt_text(rows, lang=lang, title=title, kind="facts", label="label", notes=notes,
                                    documents=tables["documents"])
    return base.make_chart(SPEC, "key_figures", fig, lang=lang, title=title, subtitle=subtitle,
                           source=source, notes=notes, alt=alt, rows=rows)


def _sentences_chart(tables: dict[str, pd.DataFrame], lang: str, size: str) -> Chart:
    officers = one(tables, "officers_convicted", lang=lang)
    rows = rows_for(tables, "officers_sentence", lang=lang)
    officers_words = narrative.amount(officers, lang, unit_key=f"{_K}.unit.senior_officers")
    rows = rows.assign(label=[t(f"{_K}.sentences.row", lang, officers=officers_words,
                                period=narrative.period(officers, lang))] * len(rows))
    fig, ax = chart_kit.new_figure(size, height_ratio=_HEIGHT_RATIO["sentences"].get(size))
    encodings.intervals(ax, rows, lang=lang, label="label", color=SPEC.color)
    ax.set_yticks([])  # the one row is named in the title
    ax.set_xlabel(chart_kit.axis_label(t(f"{_K}.axis.prison_term", lang), t(f"{_K}.axis.years", lang), lang))
    sentence = one(tables, "officers_sentence", lang=lang)
    title = t(f"{_K}.sentences.title", lang, officers=officers_words,
              sentence=narrative.amount(sentence, lang, unit_key=_unit(sentence)))
    subtitle = t(f"{_K}.sentences.subtitle", lang, period=narrative.period(officers, lang),
                 place_in=_place(officers, "place_in", lang),
                 according_to=narrative.according_to(str(officers["claimant"]), lang))
    notes = [t(f"{_K}.sentences.note", lang)]
    source = attribution.source_line(rows_for(tables, "officers_convicted", "officers_sentence"), tables["documents"], lang)
    alt = alt_text.compose_alt_text(rows, lang=lang, title=title, kind="interval", label="label",
                                    unit_key=_unit(sentence), notes=notes, documents=tables["documents"])
    return base.make_chart(SPEC, "sentences", fig, lang=lang, title=title, subtitle=subtitle,
                           source=source, notes=notes, alt=alt, rows=sentence_range(tables, lang))


@claims.scoped
def charts(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> list[Chart]:
    """Detentions by claimant (official count beside the eyewitnesses' upper bound), the key
    figures as text tiles ("hundreds" stays a word) and the officers' prison terms as an interval."""
    return [_detentions_chart(tables, lang, size), _facts_chart(tables, lang, size),
            _sentences_chart(tables, lang, size)]


# ---- summary ----

def _toll_sentence(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    killed, wounded = one(tables, "killed"), one(tables, "wounded")
    if not _same_source(killed, wounded):
        return [narrative.fact(r, lang, label=measure_label(str(r["measure"]), lang), unit_key=_unit(r))
                for r in (killed, wounded)]
    fields = {**_fields(killed, lang, "killed"), **_fields(wounded, lang, "wounded"),
              "place_in": _place(killed, "place_in", lang)}
    # What the submission says happened, each part attributed as it attributes it (the English
    # evidence audit's F8): the reported stone-throwing, the eyewitnesses and the video footage.
    context = t(f"{_K}.summary.context", lang, place_in=fields["place_in"], according_to=fields["killed_according_to"],
                cite=fields["killed_cite"])
    return [capitalize(t(f"{_K}.summary.toll", lang, **fields)), capitalize(context)]


def _detention_sentences(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    counts = detention_counts(tables)
    arrested = one(tables, "arrested")
    out = []
    official = counts[counts["claimant"].astype(str) == str(arrested["claimant"])]
    for _, row in counts.iterrows():
        if len(official) and row["id"] == official.iloc[0]["id"] and _same_source(row, arrested):
            f = {**_fields(row, lang, "detained"), **_fields(arrested, lang, "arrested")}
            out.append(capitalize(t(f"{_K}.summary.detained_arrested", lang, **f)))
        else:
            out.append(capitalize(t(f"{_K}.summary.detained", lang, **_fields(row, lang, "detained"))))
    if len(official) == 0:
        out.append(narrative.fact(arrested, lang, label=measure_label("arrested", lang), unit_key=_unit(arrested)))
    if counts["claimant"].astype(str).nunique() > 1:
        # Figures from different claimants are set side by side and never combined: no gap is computed.
        out.append(t(f"{_K}.summary.not_reconciled", lang))
    return out


def _trial_sentence(tables: dict[str, pd.DataFrame], lang: str) -> str:
    defendants, alleging = one(tables, "trial_defendants"), one(tables, "defendants_alleging_torture")
    f = {**_fields(defendants, lang, "defendants"), **_fields(alleging, lang, "alleging"),
         "place_in": _place(defendants, "place_in", lang)}
    return capitalize(t(f"{_K}.summary.trial", lang, **f))


def _accountability_sentences(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    officers, sentence = one(tables, "officers_convicted"), one(tables, "officers_sentence")
    f = {**_fields(officers, lang, "officers", unit=f"{_K}.unit.senior_officers"), **_fields(sentence, lang, "sentence")}
    out = [capitalize(t(f"{_K}.summary.officers", lang, **f))]
    more, allegations = one(tables, "officials_excessive_force"), one(tables, "torture_allegations")
    f = {**_fields(more, lang, "more"), **_fields(allegations, lang, "allegations"),
         "place_in": _place(more, "place_in", lang)}
    out.append(capitalize(t(f"{_K}.summary.more_and_allegations", lang, **f)))
    # The authorities' position, as the submission reports it (F8).
    out.append(capitalize(t(f"{_K}.summary.authorities", lang, cite=f["allegations_cite"])))
    return out


@claims.scoped
def summary(tables: dict[str, pd.DataFrame], chart_names: Sequence[str] = (), *, lang: str) -> narrative.DocumentModel:
    """The plain-language summary in Markdown: the story with every figure's qualifier in words,
    claimant and locator; every figure of the table as a key-figure list; the charts with their alt
    text; method and caveats; the source line."""
    table = facts(tables, lang=lang)
    lead = [" ".join(_toll_sentence(tables, lang)), " ".join(_detention_sentences(tables, lang)),
            _trial_sentence(tables, lang), " ".join(_accountability_sentences(tables, lang))]
    items = [narrative.fact(row, lang, label=str(row["label"]), unit_key=_unit(row)) for _, row in table.iterrows()]
    method = [t(f"{_K}.method.{key}", lang) for key in ("claimants", "words", "range")]
    first = table.iloc[0]
    title = t(f"{_K}.summary.title", lang, place=_place(first, "place", lang), date=_date(first, lang))
    return narrative.document(title, lang=lang, lead=lead, facts=items, charts=chart_names, method=method,
                              source=attribution.source_line(table, tables["documents"], lang))


def key_figures(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The theme's key figures for the overview: killed, wounded, detained (each claimant), arrested,
    trial defendants, officers convicted and their prison terms, with the common value columns."""
    rows = rows_for(tables, "killed", "wounded", "detained", "arrested", "trial_defendants", "officers_convicted",
                    "officers_sentence", lang=lang)
    columns = ["id", "label", "value", "value_max", "value_text", "unit", "qualifier", "period_start", "period_end",
               "claimant", "document_id", "locator", "excerpt"]
    return rows[columns].astype("object").reset_index(drop=True)


def run(tables: dict[str, pd.DataFrame], params: base.Params = base.Params()) -> base.ThemeOutput:
    """The theme as a step: the facts with their claimants, the detention counts and the sentence
    range; the charts; the summary."""
    shown = {"facts": facts(tables, lang=params.lang), "detention_counts": detention_counts(tables),
             "sentence_range": sentence_range(tables)}
    return base.output(SPEC, tables, params, shown, charts, summary)
