"""Theme 05: non-refoulement and extradition.

The June 2011 extradition of ethnic Uzbek refugees and asylum-seekers to Uzbekistan, the later
sentences (a lower bound: "at least"), the complaint to the UN Committee against Torture and its
finding, the forcible returns the source counts only in words ("dozens"), and the law around them
(the January 2011 amendments to the Criminal Procedural Code, the Law on Refugees, the 2010 UPR
recommendations). Everything comes from the tables: measures are picked by their closed-list
names, single facts by their stable row ids; no number is typed here or in the catalogue.

The 28 people in the complaint "against the decision by Kazakhstan to extradite 28 of them" are
the 28 extradited: the two rows are never added, and the chart says so.
"""

from __future__ import annotations

import os
from typing import Any, Sequence

import pandas as pd

from analysis.words import claims
from analysis.words import alt_text as alt, attribution, narrative
from analysis.kit import palette
from analysis.themes import base
from analysis.kit import charts as kit
from analysis.kit import encodings
from analysis.words.i18n import t
from analysis.kit.report import Chart
from analysis.themes import timeline
from analysis.words.wording import capitalize, is_missing, join_words, proper_name, qualifier_of, slug, value_words

SPEC = base.register(base.ThemeSpec(
    name="refoulement", notebook="05_non_refoulement",
    tables=("extraditions", "events", "legal_provisions", "implementation_assessment", "upr_2010_cited_recommendations", "upr_citations", "media_actions", "compensation", "documents"),
    catalogue="theme_refoulement", theme_id='non_refoulement', key_figures=True))
NOTEBOOK = SPEC.notebook
THEME = "non_refoulement"
TABLES = SPEC.tables
_K = "refoulement"
UNIT = f"{_K}.unit.people"
# Drawn in this order; extradition_decision (the same people as extradited) and
# refugee_status_revoked (cases, in words) are told in the summary only.
DRAWN = ("extradited", "sentenced_after_return", "cat_complainants", "forcibly_returned")
KEY_MEASURES = DRAWN
# Single facts, by their stable row ids in data/.
EVENT_EXTRADITION = "ev-2011-06-extradition-28"
EVENT_HEARING = "ev-2012-05-cat-oral-hearing"
EVENT_DECISION = "ev-2012-06-cat-extradition-decision"
EVENT_AMENDMENT = "ev-2011-01-extradition-amendment"
EVENT_LAW_ON_REFUGEES = "ev-2010-law-on-refugees"
EVENT_FIRST_UPR = "ev-2010-02-first-upr"
PROVISION_REVIEW = "lp-ccp-531-1"
PROVISION_RISK = "lp-ccp-532"
ASSESSMENT_RECOMMENDATIONS = "ia-non-refoulement"
ASSESSMENT_COURTS = "ia-extradition-review"
CONVENTION = "convention-against-torture"
_HEIGHT_RATIO = {"web": 0.75, "print-single": 1.25, "print-double": 0.6}


# ---- load ----

def load_tables(data_dir: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """The validated tables this theme reads (the timeline's tables for the chronology)."""
    return base.load_tables(SPEC, data_dir)


# ---- compute ----

def _one(table: pd.DataFrame, column: str, value: str, what: str) -> pd.Series:
    rows = table[table[column].astype("string") == value]
    if len(rows) != 1:
        raise ValueError(f"{what}.csv: expected one row with {column} = {value!r}, found {len(rows)}")
    return rows.iloc[0]


def measure(tables: dict[str, pd.DataFrame], name: str) -> pd.Series:
    """The extraditions row of one measure (exactly one is expected)."""
    return _one(tables["extraditions"], "measure", name, "extraditions")


def event(tables: dict[str, pd.DataFrame], event_id: str) -> pd.Series:
    """One events row by id."""
    return _one(tables["events"], "id", event_id, "events")


def provision(tables: dict[str, pd.DataFrame], provision_id: str) -> pd.Series:
    """One legal_provisions row by id."""
    return _one(tables["legal_provisions"], "id", provision_id, "legal_provisions")


def check_record(tables: dict[str, pd.DataFrame]) -> None:
    """The figures must agree with each other: the later sentences are a subset of the extradited,
    and the people in the complaint's extradition decision are the extradited (never added)."""
    ext, sent = measure(tables, "extradited"), measure(tables, "sentenced_after_return")
    if qualifier_of(ext) == "exact" and qualifier_of(sent) in ("exact", "at_least"):
        if float(sent["value"]) > float(ext["value"]):
            raise ValueError(f"extraditions.csv row {sent['id']}: column 'value': {int(sent['value'])} sentenced "
                             f"after return exceeds the {int(ext['value'])} extradited (row {ext['id']})")
    decision, plaint = measure(tables, "extradition_decision"), measure(tables, "cat_complainants")
    if float(decision["value"]) > float(plaint["value"]):
        raise ValueError(f"extraditions.csv row {decision['id']}: column 'value': {int(decision['value'])} people "
                         f"to extradite exceeds the {int(plaint['value'])} complainants (row {plaint['id']})")


def extradition_record(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The tidy table behind the chart: one row per drawn measure, in drawing order, with its
    qualifier, words, period, claimant, locator and excerpt."""
    check_record(tables)
    ext = tables["extraditions"]
    order = [ext.index[ext["id"] == measure(tables, m)["id"]][0] for m in DRAWN]
    rows = ext.loc[order].reset_index(drop=True)
    first = ["id", "measure", "destination", "value", "value_max", "value_text", "qualifier", "unit",
             "period_start", "period_end", "claimant", "document_id", "locator", "excerpt"]
    return rows[first + [c for c in rows.columns if c not in first]]


def cat_articles(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The Convention articles the Committee found breached by the extraditions."""
    lp = tables["legal_provisions"]
    rows = lp[(lp["theme"].astype("string") == THEME) & (lp["measure"].astype("string") == "article")
              & (lp["cited_document_id"].astype("string") == CONVENTION)]
    if rows.empty:
        raise ValueError(f"legal_provisions.csv: no article of {CONVENTION!r} under theme {THEME!r}")
    return rows.reset_index(drop=True)


def findings(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The Committee against Torture's case, as a tidy table: complainants, the people the decision
    concerned, the oral hearing and the decision (dates at the source's precision), the articles."""
    records: list[dict[str, Any]] = []
    for name in ("cat_complainants", "extradition_decision"):
        r = measure(tables, name)
        records.append({"fact": name, "date": "", "value": r["value"], "qualifier": r["qualifier"],
                        "article": "", "claimant": r["claimant"], "document_id": r["document_id"],
                        "locator": r["locator"], "excerpt": r["excerpt"], "id": r["id"]})
    for fact, eid in (("oral_hearing", EVENT_HEARING), ("decision", EVENT_DECISION)):
        e = event(tables, eid)
        records.append({"fact": fact, "date": e["date"], "value": pd.NA, "qualifier": "", "article": "",
                        "claimant": e["claimant"], "document_id": e["document_id"], "locator": e["locator"],
                        "excerpt": e["excerpt"], "id": e["id"]})
    for _, r in cat_articles(tables).iterrows():
        records.append({"fact": "article_breached", "date": "", "value": pd.NA, "qualifier": "",
                        "article": r["article"], "claimant": r["claimant"], "document_id": r["document_id"],
                        "locator": r["locator"], "excerpt": r["excerpt"], "id": r["id"]})
    return pd.DataFrame(records)


def legislation(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The law: the January 2011 amendments (articles and their dates), the Law on Refugees, the
    submission's assessment that courts ignore the new requirement."""
    lp = tables["legal_provisions"]
    rows = lp[(lp["theme"].astype("string") == THEME) & (lp["cited_document_id"].astype("string") != CONVENTION)]
    out = rows[["id", "article", "instrument_status", "provision", "claimant", "document_id", "cited_document_id",
                "locator", "excerpt"]].astype("object")
    extra = []
    for eid in (EVENT_AMENDMENT, EVENT_LAW_ON_REFUGEES):
        e = event(tables, eid)
        extra.append({"id": e["id"], "article": "", "instrument_status": "", "provision": e["event"],
                      "claimant": e["claimant"], "document_id": e["document_id"],
                      "cited_document_id": e["cited_document_id"], "locator": e["locator"], "excerpt": e["excerpt"],
                      "date": e["date"]})
    a = _one(tables["implementation_assessment"], "id", ASSESSMENT_COURTS, "implementation_assessment")
    extra.append({"id": a["id"], "article": "", "instrument_status": "", "provision": a["subject"],
                  "claimant": a["claimant"], "document_id": a["document_id"],
                  "cited_document_id": a["cited_document_id"], "locator": a["locator"], "excerpt": a["excerpt"],
                  "date": ""})
    out = pd.concat([out.assign(date=""), pd.DataFrame(extra)], ignore_index=True)
    return out


def upr_recommendations(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The 2010 UPR recommendations on non-refoulement the submission cites."""
    recs = tables["upr_2010_cited_recommendations"]
    return recs[recs["theme"].astype("string") == THEME].reset_index(drop=True)


def chronology(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The theme's dated events (timeline rows), with the article numbers of the provisions each
    event's cited document holds (the Criminal Procedural Code amendment: its two articles)."""
    rows = timeline.dated_events(tables, [THEME])
    lp = tables["legal_provisions"]
    lp = lp[(lp["theme"].astype("string") == THEME) & lp["article"].notna()]
    articles = []
    for _, r in rows.iterrows():
        cited = lp[lp["cited_document_id"].astype("string") == r["cited_document_id"]] if r["cited_document_id"] else lp.head(0)
        articles.append([str(a) for a in cited["article"]])
    return rows.assign(articles=articles)


# ---- words ----

def destination_words(row: pd.Series, lang: str, *, case: str = "state") -> str:
    """The row's countries ("Uzbekistan; China") in `lang`: "Uzbekistan and China". `case`
    "state_in" gives the form after "in" (Russian "в Узбекистане")."""
    names = [proper_name(case, c, lang) for c in str(row["destination"]).split(";") if c.strip()]
    return join_words(names, lang)


def _month_of(row: pd.Series, lang: str) -> str:
    """The row's period as a month or year label for charts ("June 2011")."""
    start, end = row["period_start"], row["period_end"]
    if is_missing(start):
        return ""
    start, end = pd.Timestamp(start), pd.Timestamp(end) if not is_missing(end) else None
    if end is not None and start.day == 1 and end == end + pd.offsets.MonthEnd(0) and (start.year, start.month) == (end.year, end.month):
        return claims.reported(row, "period_start", timeline.date_words(start.strftime("%Y-%m"), "month", lang=lang))
    return narrative.period(row, lang)


def measure_label(row: pd.Series, lang: str) -> str:
    """A drawn row's label ("Extradited to Uzbekistan, June 2011")."""
    return t(f"{_K}.label.{row['measure']}", lang, destination=destination_words(row, lang),
             when=_month_of(row, lang))


def articles_words(articles: Sequence[str], lang: str) -> str:
    """"3 and 22" / "3 и 22": article numbers, references to the Convention."""
    return join_words([claims.reference(str(a), what="article") for a in articles], lang)


def chart_title(tables: dict[str, pd.DataFrame], lang: str) -> str:
    """The finding as a title: at least N of the M extradited were later sentenced."""
    ext, sent = measure(tables, "extradited"), measure(tables, "sentenced_after_return")
    return capitalize(t(f"{_K}.chart.title", lang, count=float(ext["value"]),
                        sentenced=value_words(sent, lang, style="long"),
                        extradited=value_words(ext, lang, style="long"),
                        destination=destination_words(ext, lang), period=narrative.period(ext, lang)))


def _overlap_note(tables: dict[str, pd.DataFrame], lang: str) -> str:
    decision, plaint = measure(tables, "extradition_decision"), measure(tables, "cat_complainants")
    return t(f"{_K}.chart.note_overlap", lang, decision=value_words(decision, lang, style="long"),
             complainants=value_words(plaint, lang, style="long"),
             where=attribution.locator_words(str(decision["locator"]), lang))


# ---- charts ----

def extraditions_chart(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> Chart:
    """One bar per measure, each drawn per its qualifier: exact counts solid, the later sentences
    with an arrow (a lower bound), the forcible returns as the source's word, not a bar."""
    rows = extradition_record(tables)
    drawn = rows.assign(label=[measure_label(r, lang) for _, r in rows.iterrows()])
    fig, ax = kit.new_figure(size, height_ratio=_HEIGHT_RATIO[size])
    encodings.qualified_bars(ax, drawn, lang=lang, label="label", color=SPEC.color)
    ax.set_xlabel(t(f"{_K}.axis.title", lang))
    title = chart_title(tables, lang)
    notes = [_overlap_note(tables, lang), t(f"{_K}.chart.note_words", lang)]
    source = attribution.source_line(rows, tables["documents"], lang)
    text = alt.compose_alt_text(drawn, lang=lang, title=title, kind="bar", label="label", unit_key=UNIT,
                                notes=notes)
    return base.make_chart(SPEC, "extraditions", fig, lang=lang, title=title, subtitle=t(f"{_K}.chart.subtitle", lang),
                           source=source, notes=notes, alt=text, rows=drawn)


def chronology_chart(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> list[Chart]:
    """The theme's dated events on a time axis at the source's precision, the amended articles
    named beside the amendment."""
    rows = chronology(tables)
    labels = []
    for _, r in rows.iterrows():
        label = timeline.event_label(r, lang)
        if r["articles"]:
            label = t(f"{_K}.chronology.with_articles", lang, event=label, count=len(r["articles"]),
                      articles=articles_words(r["articles"], lang))
        labels.append(label)
    rows = rows.assign(label=labels)
    title = t(f"{_K}.chronology.title", lang, **timeline.years_words(rows, lang))
    subtitle = t(f"{_K}.chronology.subtitle", lang, count=len(rows), n=timeline.count_of(rows, "dated events"))
    pages = timeline.draw_timeline(rows, lang=lang, size=size, title=title, subtitle=subtitle,
                                   source_for=lambda page: attribution.source_line(page, tables["documents"], lang),
                                   notes=[t("timeline.chart.note_precision", lang)],
                                   themes=timeline.theme_ids(tables), theme_key=False,
                                   page_title=lambda page: t(f"{_K}.chronology.title", lang,
                                                             **timeline.years_words(page, lang)))
    return base.paged_charts(SPEC, "chronology", pages, lang=lang, title=title, rows=rows,
                             alt=lambda part, heading: timeline.alt_text(part, lang=lang, title=heading, themes=False),
                             table=lambda part: timeline.tidy(part, lang))


@claims.scoped
def charts(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> list[Chart]:
    """The extradition record and the chronology."""
    return [extraditions_chart(tables, lang=lang, size=size), *chronology_chart(tables, lang=lang, size=size)]


# ---- summary ----

def _fields(row: pd.Series, lang: str) -> dict[str, str]:
    return narrative.fields(row, lang, unit_key=UNIT)


def extradition_sentences(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    """The extradition and the later sentences, with the bound in words."""
    ext, sent = measure(tables, "extradited"), measure(tables, "sentenced_after_return")
    out = [narrative.sentence(f"{_K}.summary.extradited", ext, lang, unit_key=f"{_K}.unit.refugees",
                              destination=destination_words(ext, lang))]
    out.append(narrative.sentence(f"{_K}.summary.sentenced", sent, lang, unit_key=f"{_K}.unit.of_them",
                                  destination_loc=destination_words(sent, lang, case="state_in")))
    return out


def committee_sentences(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    """The complaint (complainants; the decision it challenged) and the Committee's finding."""
    plaint, decision = measure(tables, "cat_complainants"), measure(tables, "extradition_decision")
    hearing, found = event(tables, EVENT_HEARING), event(tables, EVENT_DECISION)
    articles = cat_articles(tables)
    out = [narrative.sentence(f"{_K}.summary.complaint", plaint, lang, unit_key=f"{_K}.unit.men",
                              decision=narrative.amount(decision, lang),
                              destination=destination_words(plaint, lang))]
    out.append(capitalize(t(f"{_K}.summary.finding", lang, hearing=narrative.when(str(hearing["date"]), lang, row=hearing),
                            decision=narrative.when(str(found["date"]), lang, row=found), count=len(articles),
                            articles=articles_words(list(articles["article"]), lang),
                            according_to=narrative.according_to(str(articles["claimant"].iloc[0]), lang),
                            cite=narrative.cite(str(found["locator"]), lang))))
    return out


def returns_sentences(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    """Refugee status revoked and the forcible returns since: amounts the source gives in words."""
    revoked, returned = measure(tables, "refugee_status_revoked"), measure(tables, "forcibly_returned")
    law = event(tables, EVENT_LAW_ON_REFUGEES)
    return [
        capitalize(t(f"{_K}.summary.revoked", lang, law_when=narrative.when(str(law["date"]), lang, row=law),
                     cases=t(f"{_K}.cases_phrase.{slug(str(revoked['value_text']))}", lang),
                     **{k: v for k, v in _fields(revoked, lang).items() if k in ("according_to", "cite")})),
        narrative.sentence(f"{_K}.summary.returned", returned, lang, unit_key=UNIT,
                           destination=destination_words(returned, lang)),
    ]


def law_sentences(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    """The January 2011 amendments (article numbers from the data) and the courts ignoring them;
    the Law on Refugees' exclusions."""
    review, risk = provision(tables, PROVISION_REVIEW), provision(tables, PROVISION_RISK)
    amendment, law = event(tables, EVENT_AMENDMENT), event(tables, EVENT_LAW_ON_REFUGEES)
    courts = _one(tables["implementation_assessment"], "id", ASSESSMENT_COURTS, "implementation_assessment")
    return [
        capitalize(t(f"{_K}.summary.amendment", lang, when=narrative.when(str(amendment["date"]), lang, row=amendment),
                     review=claims.reference(str(review["article"]), what="article", row=review, column="article"),
                     risk=claims.reference(str(risk["article"]), what="article", row=risk, column="article"),
                     cite_review=narrative.cite(str(review["locator"]), lang),
                     cite_risk=narrative.cite(str(risk["locator"]), lang),
                     according_to=narrative.according_to(str(amendment["claimant"]), lang))),
        capitalize(t(f"{_K}.summary.courts.{courts['assessment']}", lang,
                     according_to=narrative.according_to(str(courts["claimant"]), lang),
                     cite=narrative.cite(str(courts["locator"]), lang))),
        capitalize(t(f"{_K}.summary.law_on_refugees", lang,
                     year=claims.reported(law, "date", str(law["date"])[:4]),
                     according_to=narrative.according_to(str(law["claimant"]), lang),
                     cite=narrative.cite(str(law["locator"]), lang))),
    ]


def upr_sentence(tables: dict[str, pd.DataFrame], lang: str) -> str:
    """The 2010 UPR recommendations on non-refoulement, and the submission's verdict."""
    recs = upr_recommendations(tables)
    if recs.empty:
        return ""
    upr = event(tables, EVENT_FIRST_UPR)
    assessment = _one(tables["implementation_assessment"], "id", ASSESSMENT_RECOMMENDATIONS,
                      "implementation_assessment")
    items = [t(f"{_K}.summary.recommendation", lang,
               number=claims.reference(str(int(r["recommendation_number"])), what="2010 recommendation number",
                                       row=r, column="recommendation_number"),
               state=proper_name("state", str(r["recommending_state"]), lang)) for _, r in recs.iterrows()]
    # The submission says Kazakhstan accepted them; A/HRC/14/10 lists where each stands (evidence audit
    # F1: a recommendation of para. 97 was one Kazakhstan "will examine", not one it had accepted).
    docs = tables["documents"].set_index("document_id")
    cites = tables["upr_citations"].set_index("id")
    listed = []
    for _, r in recs.iterrows():
        if str(r["id"]) not in cites.index or is_missing(cites.loc[str(r["id"]), "number"]):
            continue
        c = cites.loc[str(r["id"])].rename(str(r["id"]))
        para = str(c["number"]).split(".")[0]
        listed.append(t(f"{_K}.summary.un_listed.{para}", lang,
                        cited=claims.reference(str(int(r["recommendation_number"])), what="2010 recommendation number",
                                               row=r, column="recommendation_number"),
                        number=claims.reference(str(c["number"]), what="recommendation number", row=c, column="number"),
                        para=claims.reference(para, what="paragraph"),
                        addendum=attribution.document_reference(docs.loc["a-hrc-14-10-add-1"].rename("a-hrc-14-10-add-1"), lang)))
    record = t(f"{_K}.summary.un_record", lang, listed="; ".join(listed),
               symbol=attribution.document_reference(docs.loc["a-hrc-14-10"].rename("a-hrc-14-10"), lang)) if listed else ""
    return capitalize(t(f"{_K}.summary.upr.{assessment['assessment']}", lang, when=narrative.when(str(upr["date"]), lang, row=upr),
                        count=len(items), recommendations=join_words(items, lang),
                        according_to=narrative.according_to(str(assessment["claimant"]), lang),
                        record=record,
                        cite=narrative.cite(str(recs["locator"].iloc[0]), lang),
                        cite_assessment=narrative.cite(str(assessment["locator"]), lang)))


def _sourced(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every row the summary cites, for its source line."""
    cols = ["id", "document_id", "cited_document_id", "claimant", "locator"]
    parts = [tables["extraditions"], cat_articles(tables),
             upr_recommendations(tables).assign(claimant=pd.NA)[cols]]
    for eid in (EVENT_EXTRADITION, EVENT_HEARING, EVENT_DECISION, EVENT_AMENDMENT, EVENT_LAW_ON_REFUGEES):
        parts.append(event(tables, eid)[cols].to_frame().T)
    for pid in (PROVISION_REVIEW, PROVISION_RISK):
        parts.append(provision(tables, pid)[cols].to_frame().T)
    ia = tables["implementation_assessment"]
    parts.append(ia[ia["id"].isin([ASSESSMENT_RECOMMENDATIONS, ASSESSMENT_COURTS])][cols])
    # The value columns say whose rows state amounts ("figures") and whose state findings only.
    value_cols = ["value", "value_text"]
    return pd.concat([p.reindex(columns=cols + value_cols).astype("object") for p in parts], ignore_index=True)


@claims.scoped
def summary(tables: dict[str, pd.DataFrame], chart_names: Sequence[str] = (), *, lang: str) -> narrative.DocumentModel:
    """The plain-language summary: every figure with its qualifier in words, claimant and locator;
    the Committee's finding; the law; the charts with their alt text; method and caveats."""
    lead = [" ".join(extradition_sentences(tables, lang))]
    facts = [*committee_sentences(tables, lang), *returns_sentences(tables, lang), *law_sentences(tables, lang)]
    upr = upr_sentence(tables, lang)
    if upr:
        facts.append(upr)
    sent = measure(tables, "sentenced_after_return")
    revoked, returned = measure(tables, "refugee_status_revoked"), measure(tables, "forcibly_returned")
    method = [t(f"{_K}.method.bound.{qualifier_of(sent)}", lang, value=capitalize(value_words(sent, lang, style="long"))),
              t(f"{_K}.method.words", lang, returned=value_words(returned, lang), revoked=value_words(revoked, lang)),
              _overlap_note(tables, lang), t(f"{_K}.method.dates", lang)]
    title = t(f"{_K}.summary.title", lang)
    return narrative.document(title, lang=lang, lead=lead, facts=facts, charts=chart_names, method=method,
                              source=attribution.source_line(_sourced(tables), tables["documents"], lang))


def key_figures(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The theme's key figures for the overview: extradited, later sentenced (at least), complainants
    and the forcible returns (in words), with the common value columns and a `label` in `lang`."""
    rows = extradition_record(tables)
    rows = rows[rows["measure"].astype("string").isin(KEY_MEASURES)].reset_index(drop=True)
    labels = [t(f"{_K}.key.{r['measure']}", lang, destination=destination_words(r, lang), when=_month_of(r, lang))
              for _, r in rows.iterrows()]
    columns = ["id", "label", "value", "value_max", "value_text", "unit", "qualifier", "period_start", "period_end",
               "claimant", "document_id", "locator", "excerpt"]
    return rows.assign(label=labels)[columns].astype("object").reset_index(drop=True)


def run(tables: dict[str, pd.DataFrame], params: base.Params = base.Params()) -> base.ThemeOutput:
    """The theme as a step: the extradition record, the Committee's findings, the law and the UPR
    recommendations; the charts; the summary."""
    shown = {"extradition_record": extradition_record(tables), "findings": findings(tables),
             "legislation": legislation(tables), "upr_recommendations": upr_recommendations(tables)}
    return base.output(SPEC, tables, params, shown, charts, summary)
