"""Theme 07: what the 2014 review took up, from the UN's own record (A/HRC/28/10, A/HRC/14/10).

The submission was written for Kazakhstan's second review. This theme sets the UN's record beside
it: the 2014 recommendations by the response A/HRC/28/10 records (paras 124, 125, 126) and by
theme (our coding, data/upr_coding.csv), the 2014 recommendations on each of the submission's
own 15 concerns (our matching, data/upr_matches.csv), and the submission's citations of the 2010
review resolved against A/HRC/14/10 (data/upr_citations.csv), each document's statement given as
that document's. Every count is ours, made from the rows, and says so where it stands.
"""

from __future__ import annotations

import os
from typing import Any, Sequence

import pandas as pd
from matplotlib.patches import Patch

from analysis.words import alt_text, attribution, claims, narrative
from analysis.kit import encodings, palette
from analysis.data import un_coding
from analysis.themes import base
from analysis.kit import charts as kit
from analysis.words.i18n import catalogue
from analysis.words.i18n import t as _t
from analysis.kit.report import Chart
from analysis.words.wording import capitalize, is_missing, join_words, proper_name, unit_key

SPEC = base.register(base.ThemeSpec(
    name="outcome", notebook="07_upr_2014_outcome",
    tables=("upr_recommendations", "upr_coding", "upr_citations", "upr_matches", "recommendations_2014", "upr_2010_outcome", "documents"),
    catalogue="theme_outcome", theme_id=None, key_figures=True))
NOTEBOOK = SPEC.notebook
TABLES = SPEC.tables
K = "theme_outcome"
REPORT_2014, REPORT_2010 = "a-hrc-28-10", "a-hrc-14-10"
# The responses A/HRC/28/10 records, by paragraph, in the report's order.
RESPONSES_2014 = (124, 125, 126)
# Our coding's themes, in a fixed order (the submission's themes first, then the reader's).
CODED_THEMES = un_coding.THEMES
# Responses are no theme: greys, darkest for the recommendations supported and considered implemented.
_RESPONSE_COLOR = dict(zip(RESPONSES_2014, palette.NEUTRAL))
_HEIGHT = {"web": 0.5625, "print-single": 0.9, "print-double": 0.45}


_COMMON: dict[str, str] = {}


def t(key: str, lang: str, /, **fields: Any) -> str:
    """A catalogue text with this theme's common fields (the reviews' years and the reports'
    symbols, each a claim from the data) available to every template."""
    return _t(key, lang, **{**_COMMON, **fields})


def _common(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The years of the two reviews (reported from their recommendations' `review` column) and the
    symbols of the reports (references to the documents table)."""
    docs = tables["documents"].set_index("document_id")
    now, then = recommendations(tables, 2014).iloc[0], recommendations(tables, 2010).iloc[0]
    return {"year": claims.reported(now, "review", str(int(now["review"]))),
            "year_then": claims.reported(then, "review", str(int(then["review"]))),
            "symbol": attribution.document_reference(docs.loc[REPORT_2014].rename(REPORT_2014)),
            "symbol_then": attribution.document_reference(docs.loc[REPORT_2010].rename(REPORT_2010)),
            "addendum": attribution.document_reference(docs.loc["a-hrc-14-10-add-1"].rename("a-hrc-14-10-add-1"))}


def with_common(fn: Any) -> Any:
    """Compose inside the theme's common fields (set for the call, then cleared); public for the
    briefing, which sets the recommendations table with this theme's words."""
    import functools

    @functools.wraps(fn)
    def wrapper(tables: dict[str, pd.DataFrame], *args: Any, **kwargs: Any) -> Any:
        outer = dict(_COMMON)
        _COMMON.update(_common(tables))
        try:
            return fn(tables, *args, **kwargs)
        finally:
            _COMMON.clear()
            _COMMON.update(outer)

    return wrapper


def load_tables(data_dir: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """The validated tables this theme reads."""
    return base.load_tables(SPEC, data_dir)


# ---- compute ----

def recommendations(tables: dict[str, pd.DataFrame], review: int) -> pd.DataFrame:
    """The recommendations of one review, in the report's order."""
    rows = tables["upr_recommendations"]
    return rows[rows["review"].astype(int) == review].reset_index(drop=True)


def _method(kind: str, lang: str, *, theme: str | None = None, concern: Any = None, **fields: Any) -> dict[str, str]:
    """A count's method: in English for the claims ledger (`method`), and in `lang` for the
    chart's CSV and its figure page (`method_words`), from one catalogue key (a `theme` is named
    in each language, and so is a `concern`, a function of the language: never an internal id)."""
    key = f"{K}.csv_method.{kind}"

    def words(language: str) -> str:
        named = {"theme_name": _t(f"theme.{theme}", language)} if theme is not None else {}
        own = {k: (v[language] if isinstance(v, dict) else v) for k, v in fields.items()}  # per language
        if concern is not None:
            named["concern"] = concern(language)
        return _t(key, language, **own, **named)

    return {"method": words("en"), "method_words": words(lang)}


def _breakdown(rows: pd.DataFrame, parts: dict[str, int]) -> dict[str, str]:
    """The split a stacked bar draws, and the recommendations it counts, for the chart's data file
    (the English evidence audit's F19: the CSV held only the totals)."""
    split = {lang: "; ".join(_t(f"{K}.csv_method.split_item", lang, para=p, n=parts[f"para_{p}"])
                               for p in RESPONSES_2014) for lang in ("en", "ru")}
    numbers = ", ".join(str(n) for n in rows["number"]) if "number" in rows.columns else ""
    return {"split": split, "numbers": numbers or "-"}


def _count_row(rows: pd.DataFrame, *, rid: str, label: str, method: dict[str, str], document: str, locator: str,
               **extra: Any) -> dict[str, Any]:
    """A count of rows shaped like a data row (so the kit draws it), naming the rows it counts: ours."""
    return {"id": rid, "label": label, "value": len(rows), "value_max": pd.NA, "value_text": pd.NA,
            "unit": "recommendations", "qualifier": "exact", "period_start": pd.NaT, "period_end": pd.NaT,
            "claimant": pd.NA, "document_id": document, "locator": locator, "excerpt": pd.NA,
            "derived_from": [str(i) for i in rows["id"]], **method, **extra}


def by_response(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The 2014 recommendations by the paragraph that records Kazakhstan's response (our count)."""
    rows = recommendations(tables, 2014)
    out = []
    for para in RESPONSES_2014:
        mine = rows[rows["paragraph"].astype(int) == para]
        out.append(_count_row(mine, rid=f"count-2014-para-{para}",
                              label=t(f"{K}.response.{para}", lang, para=_para_ref(mine, para)),
                              method=_method("response", lang, para=para), document=REPORT_2014,
                              locator=f"para. {para}", paragraph=para))
    return pd.DataFrame(out)


def coded(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The 2014 recommendations with our coding's themes (one row per recommendation and theme)."""
    rows = recommendations(tables, 2014).merge(tables["upr_coding"][["id", "themes", "action_category"]], on="id")
    rows = rows.assign(theme=rows["themes"].astype(str).str.split(";")).explode("theme")
    return rows.assign(theme=rows["theme"].str.strip()).reset_index(drop=True)


def by_theme(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """Per theme of our coding, how many 2014 recommendations, and how many in each response paragraph."""
    rows = coded(tables)
    out = []
    for theme in CODED_THEMES:
        mine = rows[rows["theme"] == theme]
        if mine.empty:
            continue
        parts = {f"para_{p}": int((mine["paragraph"].astype(int) == p).sum()) for p in RESPONSES_2014}
        out.append(_count_row(mine, rid=f"count-2014-theme-{theme}", label=t(f"theme.{theme}", lang),
                              method=_method("theme", lang, theme=theme, **_breakdown(mine, parts)),
                              document=REPORT_2014, locator="; ".join(f"para. {p}" for p in RESPONSES_2014),
                              theme=theme, **parts))
    return pd.DataFrame(out)


def matches(tables: dict[str, pd.DataFrame], review: int = 2014) -> pd.DataFrame:
    """Our matching of each submission recommendation to the UN's recommendations on the same concern."""
    m = tables["upr_matches"]
    return m[m["review"].astype(int) == review].reset_index(drop=True)


def follow_up(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """For each of the submission's recommendations, the 2014 recommendations on the same concern
    (our matching), counted by response paragraph."""
    subs = tables["recommendations_2014"]
    recs = recommendations(tables, 2014).set_index("id")
    found = matches(tables)
    out = []
    for _, s in subs.iterrows():
        mine = found[found["submission_id"].astype(str) == str(s["id"])]
        matched = recs.loc[[r for r in mine["recommendation_id"].astype(str) if r in recs.index]].reset_index()
        parts = {f"para_{p}": int((matched["paragraph"].astype(int) == p).sum()) for p in RESPONSES_2014}
        concern = str(mine["concern"].iloc[0]) if len(mine) else ""
        out.append(_count_row(matched, rid=f"match-{s['id']}", label=submission_label(s, concern, lang),
                              method=_method("match", lang, **_breakdown(matched, parts),
                                             concern=lambda language, s=s, c=concern: submission_label(s, c, language)),
                              document=REPORT_2014, locator="; ".join(f"para. {p}" for p in RESPONSES_2014),
                              submission_id=str(s["id"]), concern=concern, **parts))
    return pd.DataFrame(out)


def citations(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The submission's citations of the 2010 review, as resolved against A/HRC/14/10."""
    return tables["upr_citations"].reset_index(drop=True)


def record_2010(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A/HRC/14/10's own lists: para. 95 (supported) and para. 97 (to be examined), as rows."""
    rows = recommendations(tables, 2010)
    return {str(p): rows[rows["paragraph"].astype(int) == p] for p in (95, 97)}


# ---- words ----

def submission_label(row: pd.Series, concern: str, lang: str) -> str:
    """A recommendation of the submission by its concern, in `lang` (the briefing's table uses it)."""
    key = f"{K}.concern.{row['id']}"
    return t(key, lang) if key in catalogue(lang) else (concern or str(row["id"]))


def _count(rows: Any, what: str) -> str:
    """Our count of rows (recommendations, or the recommendations a match table names)."""
    if isinstance(rows, pd.DataFrame) and "id" not in rows.columns and "recommendation_id" in rows.columns:
        rows = rows.assign(id=rows["recommendation_id"])
    rows = list(rows.iterrows()) if isinstance(rows, pd.DataFrame) else list(rows)
    items = [r for _, r in rows] if rows and isinstance(rows[0], tuple) else rows
    return claims.counted(len(items), str(len(items)), what=what, rows=items)


def _para_ref(rows: pd.DataFrame, para: int) -> str:
    """A paragraph number of a report, as a reference to its recommendations' `paragraph` column."""
    return claims.reference(str(para), what="paragraph", row=rows.iloc[0] if len(rows) else None,
                            column="paragraph" if len(rows) else None)


def _number(row: pd.Series) -> str:
    return claims.reference(str(row["number"]), what="recommendation number", row=row, column="number")


def _states(row: pd.Series, lang: str) -> str:
    names = [proper_name("state", s, lang) for s in str(row["states"]).split(";") if s.strip()]
    return join_words([n.strip() for n in names], lang)


def _source(tables: dict[str, pd.DataFrame], documents: Sequence[str], lang: str, *, with_submission: bool = False,
            locators: dict[str, str] | None = None) -> str:
    """The source line: the UN reports (by paragraph) and, where its words are used, the submission."""
    rows = [{"id": d, "document_id": d, "locator": (locators or {}).get(d, "")} for d in documents]
    if with_submission:
        rows.append({"id": "sub", "document_id": "ai-upr-2014-kazakhstan",
                     "locator": "Recommendations for action by the State under review"})
    frame = pd.DataFrame(rows)
    frame["locator"] = frame["locator"].where(frame["locator"].astype(bool), None)
    return attribution.source_line(frame, tables["documents"], lang)


# ---- charts ----

def _ratio(size: str, ratio: float) -> float:
    """A height ratio, within the print maximum height of the size."""
    from analysis.kit.sizes import MM_PER_INCH, get_size

    preset = get_size(size)
    if preset.max_height_mm is None:
        return ratio
    return min(ratio, preset.max_height_mm / (preset.width_in * MM_PER_INCH) * 0.99)


def _responses_chart(tables: dict[str, pd.DataFrame], lang: str, size: str) -> Chart:
    rows = by_response(tables, lang=lang)
    fig, ax = kit.new_figure(size, height_ratio=_HEIGHT[size])
    encodings.qualified_bars(ax, rows, lang=lang, label="label",
                             colors=[_RESPONSE_COLOR[int(p)] for p in rows["paragraph"]])
    ax.set_xlabel(t(f"{K}.axis.title", lang))
    total = _count(recommendations(tables, 2014), "2014 recommendations")
    title = t(f"{K}.chart.responses.title", lang)
    subtitle = t(f"{K}.chart.responses.subtitle", lang, total=total)
    return _response_bars("responses", fig, rows, tables, lang, title=title, subtitle=subtitle,
                          notes=[t(f"{K}.note.our_count", lang)])


def _response_bars(name: str, fig: Any, rows: pd.DataFrame, tables: dict[str, pd.DataFrame], lang: str, *,
                   title: str, subtitle: str, notes: list[str]) -> Chart:
    """Frame and alt text of a bar chart of 2014 recommendations, sourced to the response paragraphs."""
    source = _source(tables, [REPORT_2014], lang, locators={REPORT_2014: "; ".join(f"para. {p}" for p in RESPONSES_2014)})
    alt = alt_text.compose_alt_text(rows, lang=lang, title=title, kind="bar", label="label",
                                    unit_key=unit_key("recommendations"), notes=notes)
    return base.make_chart(SPEC, name, fig, lang=lang, title=title, subtitle=subtitle,
                           source=source, notes=notes, alt=alt, rows=rows)


def _stacked(ax: Any, rows: pd.DataFrame, lang: str) -> None:
    """Horizontal bars split by response paragraph, each part labelled with its count (ours)."""
    fig = ax.get_figure(root=True)
    size_pt = kit.text_size(fig, "annotation")
    lw = kit.figure_preset(fig).linewidth
    for i, (_, r) in enumerate(rows.iterrows()):
        left = 0
        for p in RESPONSES_2014:
            width = int(r[f"para_{p}"])
            if width:
                ax.barh(i, width, left=left, height=0.62, color=_RESPONSE_COLOR[p], edgecolor="white", linewidth=lw)
            left += width
        ax.annotate(claims.reported(r, "value", str(int(r["value"]))), xy=(left, i), xytext=(size_pt * 0.4, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=size_pt, color=palette.TEXT)
    ax.set_yticks(range(len(rows)), kit.wrap_labels(fig, list(rows["label"])))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    kit.value_grid(ax, "x")
    kit.number_axis(ax, "x", lang)
    top = max(int(v) for v in rows["value"]) if len(rows) else 1
    ax.set_xlim(0, max(top, 1) * 1.12)
    for p in RESPONSES_2014:
        kit.add_key_entry(fig, t(f"{K}.response_short.{p}", lang),
                          Patch(facecolor=_RESPONSE_COLOR[p], edgecolor=_RESPONSE_COLOR[p]))


def _themes_chart(tables: dict[str, pd.DataFrame], lang: str, size: str) -> Chart:
    rows = by_theme(tables, lang=lang)
    ratio = {"web": 0.35 + 0.05 * len(rows), "print-single": 0.7 + 0.1 * len(rows),
             "print-double": 0.3 + 0.035 * len(rows)}[size]
    fig, ax = kit.new_figure(size, height_ratio=_ratio(size, ratio))
    _stacked(ax, rows, lang)
    ax.set_xlabel(t(f"{K}.axis.title", lang))
    title = t(f"{K}.chart.themes.title", lang)
    subtitle = t(f"{K}.chart.themes.subtitle", lang)
    return _response_bars("themes", fig, rows, tables, lang, title=title, subtitle=subtitle,
                          notes=[t(f"{K}.note.our_coding", lang)])


def _follow_up_chart(tables: dict[str, pd.DataFrame], lang: str, size: str) -> list[Chart]:
    """One chart, or parts of at most five rows in the narrow print column (fifteen long labels,
    up to four lines each in Russian, do not fit one page's height)."""
    rows = follow_up(tables, lang=lang)
    per_part = 5
    parts = [rows] if size != "print-single" else [rows.iloc[i:i + per_part] for i in range(0, len(rows), per_part)]
    out = []
    for n, part in enumerate(parts, start=1):
        part = part.reset_index(drop=True)
        ratio = {"web": 0.4 + 0.085 * len(part), "print-single": 0.9 + 0.2 * len(part),
                 "print-double": 0.3 + 0.05 * len(part)}[size]
        fig, ax = kit.new_figure(size, height_ratio=_ratio(size, ratio))
        _stacked(ax, part, lang)
        ax.set_xlabel(t(f"{K}.axis.title", lang))
        title = t(f"{K}.chart.follow_up.title", lang)
        if len(parts) > 1:
            title = t("timeline.chart.page_title", lang, title=title, page=claims.reference(str(n), what="page part"),
                      pages=claims.reference(str(len(parts)), what="page parts"))
        subtitle = t(f"{K}.chart.follow_up.subtitle", lang, n=_count(tables["recommendations_2014"],
                                                                   "the submission's recommendations"))
        notes = [t(f"{K}.note.our_matching", lang)]
        source = _source(tables, [REPORT_2014], lang, with_submission=True,
                         locators={REPORT_2014: "; ".join(f"para. {p}" for p in RESPONSES_2014)})
        alt = alt_text.compose_alt_text(part, lang=lang, title=title, kind="bar", label="label",
                                        unit_key=unit_key("recommendations"), notes=notes)
        name = "follow_up" if len(parts) == 1 else f"follow_up-{n}"
        out.append(base.make_chart(SPEC, name, fig, lang=lang, title=title, subtitle=subtitle,
                                   source=source, notes=notes, alt=alt, rows=part))
    return out


@claims.scoped
@with_common
def charts(tables: dict[str, pd.DataFrame], *, lang: str, size: str) -> list[Chart]:
    """The 2014 responses, the 2014 recommendations by theme (our coding) and, for each of the
    submission's recommendations, the 2014 recommendations on the same concern (our matching)."""
    return [_responses_chart(tables, lang, size), _themes_chart(tables, lang, size),
            *_follow_up_chart(tables, lang, size)]


# ---- summary ----

def recommendation_item(row: pd.Series, lang: str) -> str:
    """One UN recommendation as a list item: number, recommending States, Kazakhstan's response."""
    return t(f"{K}.summary.rec_item", lang, number=_number(row), states=_states(row, lang),
             response=t(f"{K}.response_item.{int(row['paragraph'])}", lang))


def _lead(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    rows = recommendations(tables, 2014)
    parts = {}
    for p in RESPONSES_2014:
        mine = rows[rows["paragraph"].astype(int) == p]
        # Each number agrees with its own words (CLDR plural category of that number).
        parts[f"n{p}"] = t(f"{K}.summary.lead_response.{p}", lang, count=len(mine),
                           n=_count(mine, f"recommendations in para. {p}"))
    doc = tables["documents"].set_index("document_id").loc[REPORT_2014]
    cite = narrative.cite("; ".join(f"para. {p}" for p in RESPONSES_2014), lang)
    # Numbered items made jointly by more than one State (evidence audit F24: per State they are more).
    joint = rows[rows["states"].astype(str).str.contains(";")]
    return [capitalize(t(f"{K}.summary.lead", lang, count=len(rows), total=_count(rows, "2014 recommendations"),
                         joint=_count(joint, "2014 recommendations made jointly"),
                         symbol=attribution.document_reference(doc.rename(REPORT_2014), lang), cite=cite, **parts))]


def _theme_facts(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    out = []
    counted = by_theme(tables, lang=lang)
    # A theme no recommendation has is stated, not left out (evidence audit F3: counter-terrorism).
    for theme in CODED_THEMES:
        if theme not in set(counted["theme"]):
            out.append(t(f"{K}.summary.theme_none", lang, theme=t(f"theme.{theme}", lang)))
    for _, r in counted.iterrows():
        # Each response's number with its own words; a response no recommendation got is left out.
        responses = [t(f"{K}.summary.theme_response.{p}", lang, count=int(r[f"para_{p}"]),
                       n=claims.counted(int(r[f"para_{p}"]), str(int(r[f"para_{p}"])),
                                        what=f"{r['theme']} recommendations in para. {p}"))
                     for p in RESPONSES_2014 if int(r[f"para_{p}"])]
        out.append(t(f"{K}.summary.theme", lang, count=int(r["value"]), theme=r["label"],
                     n=claims.reported(r, "value", str(int(r["value"]))),
                     responses=t(f"{K}.summary.response_sep", lang).join(responses)))
    return out


def _follow_up_facts(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    recs = recommendations(tables, 2014).set_index("id")
    then = recommendations(tables, 2010).set_index("id")
    found, before = matches(tables, 2014), matches(tables, 2010)
    out = []
    for _, s in tables["recommendations_2014"].iterrows():
        mine = found[found["submission_id"].astype(str) == str(s["id"])]
        rows = [recs.loc[r].rename(r) for r in mine["recommendation_id"].astype(str) if r in recs.index]
        earlier = before[before["submission_id"].astype(str) == str(s["id"])]
        label = submission_label(s, str(mine["concern"].iloc[0]) if len(mine) else "", lang)
        old = [then.loc[r].rename(r) for r in earlier["recommendation_id"].astype(str) if r in then.index]
        # Then and now: the 2010 recommendations on the same concern, with their states and where the report lists them.
        then_items = "; ".join(t(f"{K}.summary.rec_item", lang, number=_number(r), states=_states(r, lang),
                                 response=t(f"{K}.response_2010_short.{int(r['paragraph'])}", lang)) for r in old)
        then_words = t(f"{K}.summary.then", lang, count=len(old), n=_count(old, "2010 matches"), items=then_items) \
            if old else t(f"{K}.summary.then_none", lang)
        if not rows:
            out.append(t(f"{K}.summary.follow_up_none", lang, label=label, then=then_words))
            continue
        items = "; ".join(recommendation_item(r, lang) for r in rows)
        out.append(t(f"{K}.summary.follow_up", lang, count=len(rows), label=label, n=_count(rows, "2014 matches"),
                     items=items, then=then_words))
    return out


def _citation_facts(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    out = []
    recs = tables["upr_recommendations"].set_index("id")
    claimed: set[str] = set()
    for _, c in citations(tables).iterrows():
        if str(c["endnote"]) not in claimed:  # the submission's claim, once, then the UN's record of each
            claimed.add(str(c["endnote"]))
            out.append(t(f"{K}.summary.claim", lang,
                         endnote=claims.reference(str(c["endnote"]), what="endnote", row=c, column="endnote"),
                         claim=claims.referenced_text(_quoted(f"claim.{c['endnote']}", str(c["claim"]), lang), c, "claim"),
                         cite=narrative.cite(str(c["locator"]), lang)))
        rid = str(c["recommendation_id"])
        if is_missing(c["recommendation_id"]) or rid not in recs.index:
            out.append(t(f"{K}.summary.citation_unresolved", lang,
                         cited=claims.reference(str(c["number_as_cited"]), what="cited number", row=c,
                                                column="number_as_cited"), state=str(c["state_as_cited"]),
                         status=str(c["status"])))
            continue
        rec = recs.loc[rid].rename(rid)
        out.append(t(f"{K}.summary.citation", lang,
                     endnote=claims.reference(str(c["endnote"]), what="endnote", row=c, column="endnote"),
                     cited=claims.reference(str(c["number_as_cited"]), what="cited number", row=c,
                                            column="number_as_cited"),
                     state=_states(rec, lang), number=_number(rec),
                     response=t(f"{K}.response_2010.{int(rec['paragraph'])}", lang,
                                para=claims.reference(str(int(rec["paragraph"])), what="paragraph", row=rec,
                                                      column="paragraph")),
                     text=claims.referenced_text(_quoted(rid, str(rec["text"]), lang), rec, "text")))
    return out


def _quoted(key: str, original: str, lang: str) -> str:
    """A quotation of an English source in `lang`: English quotes the original; another language
    gives our translation (`theme_outcome.quote.<key>`, labelled «перевод наш» by the template),
    while the original stays in data/ and the CSV beside the figure. A quotation without a
    translation is an error, never English in a Russian text."""
    return t(f"{K}.quote.{key}", lang, text=original)


def _record_sentences(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    lists = record_2010(tables)
    outcome = tables["upr_2010_outcome"]
    exact = outcome[outcome["qualifier"].astype(str) == "exact"]
    exact = exact.set_index(exact["measure"].astype(str))
    made, accepted, rejected = (exact.loc[m] for m in ("made", "accepted", "rejected"))
    f = narrative.fields(made, lang)
    submission = capitalize(t(f"{K}.summary.record_submission", lang, accepted=narrative.amount(accepted, lang),
                              rejected=narrative.amount(rejected, lang), made=narrative.amount(made, lang),
                              according_to=f["according_to"], cite=f["cite"]))
    record = t(f"{K}.summary.record_un", lang,
               supported=t(f"{K}.summary.record_un.supported", lang, count=len(lists["95"]),
                           n=_count(lists["95"], "recommendations in para. 95")),
               examined=t(f"{K}.summary.record_un.examined", lang, count=len(lists["97"]),
                          n=_count(lists["97"], "recommendations in para. 97")),
               cite=narrative.cite("para. 95; para. 97", lang))
    return [submission, record, t(f"{K}.summary.record_not_reconciled", lang)]


# What the UN record shows beside the submission (the English evidence audit's F7): pairs of
# recommendations on one concern that Kazakhstan answered differently, or supported as already
# implemented where the submission documents the opposite. Which rows are set side by side is our
# reading; every number and response comes from the rows.
READINGS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("defamation", ("rec-2014-124-47",),
     ("rec-2014-126-35", "rec-2014-126-38", "rec-2014-126-39", "rec-2014-126-40", "rec-2014-126-41")),
    ("torture_evidence", ("rec-2014-124-15",), ("rec-2014-126-27",)),
    ("non_refoulement", ("rec-2014-124-14", "rec-2014-124-33", "rec-2014-124-34"), ()),
    ("monitoring", ("rec-2014-124-19",), ()),
)


def _reading_facts(tables: dict[str, pd.DataFrame], lang: str) -> list[str]:
    recs = recommendations(tables, 2014).set_index("id")
    out = []
    for key, first, second in READINGS:
        if not all(r in recs.index for r in (*first, *second)):
            continue
        a = [recs.loc[r].rename(r) for r in first]
        b = [recs.loc[r].rename(r) for r in second]
        items = lambda rows: join_words([f"{_number(r)} ({_states(r, lang)})" for r in rows], lang)
        out.append(t(f"{K}.reading.{key}", lang, count=len(a), n=_count(a, f"recommendations of the {key} reading"),
                     supported=items(a), noted=items(b) if b else "",
                     p_supported=_para_ref(pd.DataFrame(a), int(a[0]["paragraph"])),
                     p_noted=_para_ref(pd.DataFrame(b), int(b[0]["paragraph"])) if b else ""))
    return out


@claims.scoped
@with_common
def summary(tables: dict[str, pd.DataFrame], chart_names: Sequence[str] = (), *, lang: str) -> narrative.DocumentModel:
    """The plain-language summary: the 2014 responses and themes, what the review did on each of the
    submission's recommendations, the 2010 record beside the submission's account; all counts ours."""
    lead = _lead(tables, lang)
    facts = [narrative.Group(tuple(_theme_facts(tables, lang)), t(f"{K}.heading.themes", lang)),
             narrative.Group(tuple(_follow_up_facts(tables, lang)), t(f"{K}.heading.follow_up", lang)),
             narrative.Group(tuple(_citation_facts(tables, lang)), t(f"{K}.heading.citations", lang)),
             narrative.Group(tuple(_reading_facts(tables, lang)), t(f"{K}.heading.readings", lang))]
    method = [*_record_sentences(tables, lang), t(f"{K}.method.counts", lang), t(f"{K}.method.coding", lang),
              t(f"{K}.method.matching", lang), t(f"{K}.method.no_match_words", lang), t(f"{K}.method.addendum", lang)]
    source = _source(tables, [REPORT_2014, REPORT_2010], lang, with_submission=True,
                     locators={REPORT_2014: "; ".join(f"para. {p}" for p in RESPONSES_2014),
                               REPORT_2010: "para. 95; para. 96; para. 97"})
    return narrative.document(t(f"{K}.summary.title", lang), lang=lang, lead=lead, facts=facts, charts=chart_names,
                              method=method, source=source)


@with_common
def key_figures(tables: dict[str, pd.DataFrame], *, lang: str = "en") -> pd.DataFrame:
    """The overview's figures of the 2014 review: the recommendations by response (our count)."""
    rows = by_response(tables, lang=lang)
    columns = ["id", "label", "value", "value_max", "value_text", "unit", "qualifier", "period_start", "period_end",
               "claimant", "document_id", "locator", "excerpt", "derived_from", "method", "method_words"]
    return rows[columns].astype("object")


def run(tables: dict[str, pd.DataFrame], params: base.Params = base.Params()) -> base.ThemeOutput:
    """The theme as a step: the 2014 recommendations by response and by theme, the follow-up of the
    submission's recommendations and its citations of the 2010 review; the charts; the summary."""
    lang = params.lang
    shown = {"by_response": by_response(tables, lang=lang), "by_theme": by_theme(tables, lang=lang),
             "follow_up": follow_up(tables, lang=lang), "citations": citations(tables)}
    return base.output(SPEC, tables, params, shown, charts, summary)
