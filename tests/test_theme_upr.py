"""Theme 04 (UPR follow-up): compute functions (outcome, our counts of cited and own
recommendations, the assessment), charts (bars are the figures, words stay words, marks not
scores, no colliding text) and the narrative in both languages, with every figure taken from the
loaded tables so the tests hold the wording, not the numbers."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from analysis.words.i18n import MissingTranslation, format_number
from analysis.words import narrative
from analysis.themes import upr
from support.changed_data import modify_data
from support.published_texts import as_published, plain

# One worker runs the whole module: its tables and charts are loaded once, in session-scoped fixtures
# (xdist may end a module scope between two of the module's tests).
pytestmark = pytest.mark.xdist_group("theme_upr")

LANGS = ("en", "ru")


@pytest.fixture(scope="session")
def tables():
    return upr.load_tables()


def _n(x: float, lang: str) -> str:
    return format_number(float(x), lang, 0)


def _outcome(tables, measure: str) -> int:
    rows = upr.outcome(tables)
    return int(rows[rows["measure"].astype(str) == measure]["value"].iloc[0])


# ---- compute ----

def test_outcome_is_made_accepted_rejected_without_the_words(tables):
    rows = upr.outcome(tables)
    assert list(rows["measure"].astype(str)) == ["made", "accepted", "rejected"]
    assert (rows["qualifier"].astype(str) == "exact").all() and rows["value"].notna().all()
    words = upr.outcome_in_words(tables)
    assert len(words) == 1 and words["value"].isna().all() and words["value_text"].notna().all()
    assert set(words["id"]).isdisjoint(rows["id"])


def test_outcome_without_a_measure_is_refused(tables):
    table = tables["upr_2010_outcome"]
    missing = table[table["measure"].astype(str) != "rejected"]
    with pytest.raises(ValueError, match=r"upr_2010_outcome\.csv: expected one row with a number for measure "
                                         r"'rejected', found 0"):
        upr.outcome({**tables, "upr_2010_outcome": missing})


def test_outcome_check_adds_accepted_and_rejected(tables):
    check = upr.outcome_check(tables)
    assert check["sum"] == _outcome(tables, "accepted") + _outcome(tables, "rejected")
    assert check["exact"] and check["adds_up"] == (check["sum"] == _outcome(tables, "made"))
    table = tables["upr_2010_outcome"].copy()
    table.loc[table["id"] == "upr-rejected", "value"] = _outcome(tables, "rejected") + 1
    off = upr.outcome_check({**tables, "upr_2010_outcome": table})
    assert off["exact"] and not off["adds_up"]


def test_cited_by_state_counts_every_citation_once(tables):
    cited = tables["upr_2010_cited_recommendations"]
    by_state = upr.cited_by_state(tables)
    assert by_state["count"].sum() == len(cited)
    assert list(by_state["count"]) == sorted(by_state["count"], reverse=True)
    for _, rec in by_state.iterrows():
        mine = cited[cited["recommending_state"].astype(str) == rec["recommending_state"]]
        assert rec["count"] == len(mine)
        # as A/HRC/14/10 numbers them, paragraph first (the English evidence audit's F13)
        assert sorted(rec["numbers"]) == sorted(str(n) for n in upr.cited_recommendations(tables).set_index("id")
                                                .loc[mine["id"], "un_number"])
        assert sorted(int(n.split(".")[1]) for n in rec["numbers"]) == sorted(int(n) for n in mine["recommendation_number"])
        themes = [c for c in by_state.columns if c in upr.THEMES]
        assert sum(int(rec[th]) for th in themes) == rec["count"]


def test_cited_by_theme_counts_and_endnotes(tables):
    cited = tables["upr_2010_cited_recommendations"]
    by_theme = upr.cited_by_theme(tables)
    assert by_theme["count"].sum() == len(cited)
    for _, th in by_theme.iterrows():
        mine = cited[cited["theme"].astype(str) == th["theme"]]
        assert th["count"] == len(mine)
        assert th["endnotes"] == sorted({int(e) for e in mine["endnote"]})
        assert th["states"] == list(dict.fromkeys(mine["recommending_state"].astype(str)))


def test_assessment_follows_the_theme_list(tables):
    rows = upr.assessment(tables)
    order = [upr.THEMES.index(str(th)) for th in rows["theme"]]
    assert order == sorted(order) and len(rows) == len(tables["implementation_assessment"])


def test_recommendations_by_theme_are_our_count_of_the_list(tables):
    recs = tables["recommendations_2014"]
    counts = upr.recommendations_by_theme(tables)
    assert counts["value"].sum() == len(recs)
    for _, row in counts.iterrows():
        assert row["value"] == (recs["theme"].astype(str) == row["theme"]).sum()
        assert str(row["qualifier"]) == "exact" and row["unit"] == "recommendations"


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_states_and_themes_are_missing_translations_not_english(lang):
    with pytest.raises(MissingTranslation):
        upr.state_name("Atlantis", lang)
    with pytest.raises(MissingTranslation):
        upr.theme_name("not_a_theme", lang)


def test_every_state_and_theme_in_the_data_has_both_names(tables):
    for lang in LANGS:
        for state in tables["upr_2010_cited_recommendations"]["recommending_state"].astype(str):
            assert upr.state_name(state, lang) and upr.state_name(state, lang, short=True)
        for theme in upr.THEMES:
            assert upr.theme_name(theme, lang) and upr.theme_name(theme, lang, short=True)
    assert upr.state_name("Norway", "ru") == "Норвегия"


# ---- charts ----

@pytest.fixture(scope="session")
def drawn(tables):
    import matplotlib.pyplot as plt

    out = {(lang, size): {c.name: c for c in upr.charts(tables, lang=lang, size=size)}
           for lang in LANGS for size in ("web", "print-single")}
    yield out
    plt.close("all")


def test_outcome_bars_are_the_figures_and_the_words_only_a_note(tables, drawn):
    chart = drawn[("en", "web")]["outcome"]
    ax = chart.fig.axes[0]
    widths = [round(p.get_width()) for p in ax.patches if isinstance(p, Rectangle)]
    assert widths == [_outcome(tables, m) for m in ("made", "accepted", "rejected")]
    words = str(upr.outcome_in_words(tables)["value_text"].iloc[0])
    assert words not in [t.get_text() for t in ax.texts]
    assert f"“{words}”" in chart.alt_text


def test_cited_chart_stacks_each_states_themes_and_names_the_numbers(tables, drawn):
    ax = drawn[("en", "web")]["cited_by_state"].fig.axes[0]
    by_state = upr.cited_by_state(tables)
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    for i, rec in by_state.iterrows():
        mine = [p for p in bars if abs(p.get_y() + p.get_height() / 2 - i) < 1e-6]
        assert sum(p.get_width() for p in mine) == rec["count"]
    labels = [plain(t.get_text()) for t in ax.texts]
    for _, rec in by_state.iterrows():
        assert "No. " + ", ".join(str(n) for n in sorted(rec["numbers"], key=upr.number_order)) in labels
    # the Czech Republic's four, as A/HRC/14/10 numbers them (F13: No. 7 is 97.7, not Belgium's 95.7)
    assert "No. 95.61, 95.64, 97.7, 97.20" in labels
    assert ax.get_xlim() == (0, by_state["count"].max())  # the axis ends at the longest bar


def test_recommendation_numbers_sort_by_their_parts():
    assert sorted(["124.15", "124.9", "7", "20", "124.100"], key=upr.number_order) == \
        ["7", "20", "124.9", "124.15", "124.100"]


@pytest.mark.parametrize("lang", LANGS)
def test_cited_chart_key_gives_each_themes_count(tables, drawn, lang):
    fig = drawn[(lang, "web")]["cited_by_state"].fig
    key = [plain(t.get_text()) for t in fig.legends[0].get_texts()]
    for _, th in upr.cited_by_theme(tables).iterrows():
        assert f"{upr.theme_name(th['theme'], lang)} ({_n(th['count'], lang)})" in key


def test_assessment_is_marks_one_per_statement(tables, drawn):
    ax = drawn[("en", "web")]["implementation"].fig.axes[0]
    marks = [line for line in ax.lines if isinstance(line, Line2D) and line.get_marker() in ("o", "D")]
    rows = upr.assessment(tables)
    assert len(marks) == len(rows)
    hollow = [m for m in marks if m.get_markerfacecolor() == "white"]
    assert len(hollow) == rows["recommendations_accepted"].isna().sum()
    assert not [p for p in ax.patches if isinstance(p, Rectangle)]  # no bars: not a score


def test_own_recommendations_chart_bars_are_our_counts(tables, drawn):
    ax = drawn[("en", "web")]["recommendations"].fig.axes[0]
    widths = [round(p.get_width()) for p in ax.patches if isinstance(p, Rectangle)]
    assert widths == [int(v) for v in upr.recommendations_by_theme(tables)["value"]]


def test_russian_charts_speak_russian(tables, drawn):
    charts = drawn[("ru", "web")]
    states = [t.get_text() for t in charts["cited_by_state"].fig.axes[0].get_yticklabels()]
    assert states == [upr.state_name(s, "ru", short=True) for s in upr.cited_by_state(tables)["recommending_state"]]
    assert "Норвегия" in states and "Norway" not in states
    columns = [t.get_text() for t in charts["implementation"].fig.axes[0].get_xticklabels()]
    assert columns == [upr.theme_name(th, "ru", short=True) for th in ("expression", "torture", "non_refoulement")]
    for chart in charts.values():
        assert any("\u0400" <= ch <= "\u04ff" for ch in chart.title + chart.alt_text)


# ---- narrative ----

WORDING = {
    "en": {
        "outcome": "According to Amnesty International, Kazakhstan accepted {accepted} and rejected {rejected} of "
                   "the {made} recommendations made to it by other states at its first UPR, in February 2010 "
                   "[section “Follow up to the previous review”, endnote 1], citing A/HRC/14/10 and its addendum, "
                   "A/HRC/14/10/Add.1.",
        "words": "The introduction puts the same outcome in words, not to be added to the figures: the government has "
                 "accepted most of the recommendations, according to Amnesty International [section “Introduction”].",
        "expression": "- Freedom of expression: the submission cites {expression} recommendations of the previous "
                      "review (our count) [endnote 2], made by Norway ({norway}); Republic of Korea",
        "torture": "- Torture and other ill-treatment: the submission cites {torture} recommendations of the previous "
                   "review (our count) [endnote 3], made by ",
        "defamation": "- Freedom of expression — contradicted by a draft law (our label): decriminalize defamation and slander "
                      "(recommendations cited in endnote 2), according to Amnesty International "
                      "[section “Follow up to the previous review: Freedom of expression”].",
        "courts": "- Non-refoulement — ignored by the courts, in the submission’s word (our label): ban on extradition where there is a real risk of "
                  "torture (January 2011 amendment), according to Amnesty International",
        "own": "- The submission's recommendations for action by the state [section “Recommendations for action by "
               "the State under review”] — {total} in all (our count): Freedom of assembly: {assembly}; Freedom of expression: "
               "{own_expression};",
        "check": "Our check: accepted and rejected add up to the number made (our calculation: {accepted} + {rejected} "
                 "= {made}, the {made} made).",
        "ours": "Counts of the cited recommendations, by state and by theme, and of the submission's own "
                "recommendations are ours",
    },
    "ru": {
        "outcome": "По данным Amnesty International, Казахстан принял {accepted} и отклонил {rejected} из "
                   "{made} рекомендаций, вынесенных ему другими государствами на первом УПО, в феврале 2010 года "
                   "[раздел «Выполнение рекомендаций предыдущего обзора», сноска 1], со ссылкой "
                   "на A/HRC/14/10 и добавление к нему, A/HRC/14/10/Add.1.",
        "words": "Во введении тот же итог передан словами — это не отдельная цифра, и к числам её прибавлять нельзя: правительство приняло "
                 "большинство рекомендаций, по данным Amnesty International [раздел «Введение»].",
        "expression": "- Свобода выражения мнений: материалы Amnesty ссылаются на рекомендации предыдущего обзора — {expression} "
                      "рекомендаций (наш подсчёт) [сноска 2]; их вынесли: Норвегия (№ {norway}); Республика Корея",
        "torture": "- Пытки и другие виды жестокого обращения: материалы Amnesty ссылаются на рекомендации предыдущего обзора — "
                   "{torture} рекомендаций (наш подсчёт) [сноска 3]; их вынесли: ",
        "defamation": "- Свобода выражения мнений: законопроект противоречит рекомендациям (наша формулировка; "
                      "декриминализировать диффамацию и клевету; рекомендации из сноски 2), по данным Amnesty "
                      "International [раздел «Выполнение рекомендаций предыдущего обзора: свобода выражения мнений»].",
        "courts": "- Принцип невысылки: игнорируется судами, по словам материалов Amnesty (наша формулировка; запрет "
                  "экстрадиции при реальном риске пыток — поправка к Уголовно-процессуальному кодексу, январь 2011 года)",
        "own": "- Рекомендации Amnesty государству [раздел «Рекомендации государству — объекту обзора»] — всего {total} (наш подсчёт): Свобода "
               "собраний: {assembly}; Свобода выражения мнений: {own_expression};",
        "check": "Наша проверка: принятые и отклонённые в сумме дают число вынесенных (наш расчёт: {accepted} + "
                 "{rejected} = {made}, вынесено {made}).",
        "ours": "и число рекомендаций самой Amnesty — наш подсчёт",
    },
}


def _fields(tables, lang: str) -> dict[str, str]:
    by_theme = upr.cited_by_theme(tables).set_index("theme")
    own = upr.recommendations_by_theme(tables).set_index("theme")
    cited = tables["upr_2010_cited_recommendations"]
    norway = cited[(cited["recommending_state"].astype(str) == "Norway") & (cited["theme"].astype(str) == "expression")]
    return {
        "made": _n(_outcome(tables, "made"), lang), "accepted": _n(_outcome(tables, "accepted"), lang),
        "rejected": _n(_outcome(tables, "rejected"), lang),
        "expression": _n(by_theme.loc["expression", "count"], lang), "torture": _n(by_theme.loc["torture", "count"], lang),
        "norway": ", ".join(sorted(upr.cited_recommendations(tables).set_index("id").loc[norway["id"], "un_number"],
                                   key=upr.number_order)),
        "total": _n(own["value"].sum(), lang), "assembly": _n(own.loc["assembly", "value"], lang),
        "own_expression": _n(own.loc["expression", "value"], lang),
    }


@pytest.fixture(scope="session")
def summaries(tables, tmp_path_factory):
    import matplotlib.pyplot as plt

    from analysis.kit import report

    out = {}
    for lang in LANGS:
        folder = tmp_path_factory.mktemp(f"upr_{lang}")
        saved = report.save_charts(upr.charts(tables, lang=lang, size="web"), folder, upr.NOTEBOOK, ["png"], "web")
        out[lang] = (narrative.markdown(upr.summary(tables, [s.name for s in saved], lang=lang), saved), saved)
    plt.close("all")
    return out


@pytest.mark.slow  # saves every chart in both languages first (a session fixture)
@pytest.mark.parametrize("lang", LANGS)
def test_summary_states_each_figure_with_qualifier_claimant_and_locator(tables, summaries, lang):
    summary, saved = summaries[lang]
    fields = _fields(tables, lang)
    for name, template in WORDING[lang].items():
        assert as_published(template.format(**fields), lang) in plain(summary), name
    for chart in saved:
        assert f"({chart.name}.png)" in summary and " ".join(chart.alt_text.split()) in " ".join(summary.split())
    for _, row in upr.assessment(tables).iterrows():  # every statement, with its theme and assessment in lang
        lead = {"en": " — ", "ru": ": "}[lang]  # the Russian template reads "Тема: оценка (наша формулировка; …)"
        assert (f"- {upr.theme_name(str(row['theme']), lang)}{lead}" in plain(summary))
    according = {"en": "according to Amnesty International", "ru": "по данным Amnesty International"}[lang]
    behind = upr.behind_recommendations(tables)  # the findings behind the recommendations (English audit F12)
    assert plain(summary).count(according) == 2 + len(tables["implementation_assessment"]) + len(behind)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_findings_behind_the_recommendations_are_stated_with_their_bounds(tables, summaries, lang):
    """English evidence audit F12: the evidence behind the submission's recommendations on assembly,
    defamation and counter-terrorism ("up to 15 days", "dozens of cases", "up to three years' imprisonment
    or ... a fine of up to USD 30,000", the age of criminal liability lowered "to 14 years") was in the
    data but not published."""
    summary = str(summaries[lang][0])
    behind = upr.behind_recommendations(tables)
    assert list(behind["id"]) == list(upr.BEHIND)
    for _, row in behind.iterrows():
        label = upr.t(f"{upr.K}.behind.{row['id']}", lang)
        line = next(l for l in plain(summary).splitlines() if l.startswith(f"- {plain(label)}:"))
        if str(row["qualifier"]) == "at_most":
            assert ("as many as" in line) if lang == "en" else (": до " in line)


@pytest.mark.parametrize("lang", LANGS)
def test_summary_names_every_state_in_the_language(tables, summaries, lang):
    summary, _ = summaries[lang]
    for state in dict.fromkeys(tables["upr_2010_cited_recommendations"]["recommending_state"].astype(str)):
        assert upr.state_name(state, lang) in plain(summary)


def test_summary_reports_when_the_outcome_does_not_add_up(tables):
    table = tables["upr_2010_outcome"].copy()
    table.loc[table["id"] == "upr-rejected", "value"] = _outcome(tables, "rejected") + 1
    text = narrative.markdown(upr.summary({**tables, "upr_2010_outcome": table}, lang="en"))
    assert "do not add up to the number made" in text and "Our check: accepted and rejected add up" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_key_figures_carry_the_common_columns_and_labels(tables, lang):
    rows = upr.key_figures(tables, lang=lang)
    for column in ("id", "label", "value", "value_text", "unit", "qualifier", "claimant", "document_id", "locator"):
        assert column in rows.columns
    assert rows["label"].str.len().min() > 0
    values = dict(zip(rows["id"], rows["value"]))
    assert values["upr-made"] == _outcome(tables, "made")
    assert values["count-recommendations-2014"] == len(tables["recommendations_2014"])
    words = rows[rows["qualifier"].astype(str) == "unquantified"]
    assert len(words) == 1 and pd.isna(words["value"].iloc[0])


def test_the_summary_and_charts_follow_changed_data(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    from analysis.core.paths import REPO_ROOT

    monkeypatch.delenv("ANALYSIS_SOURCES_DIR", raising=False)
    changes = {row_id: (old, new) for _, row_id, old, new in modify_data(REPO_ROOT / "data", tmp_path / "data")}
    changed = upr.load_tables(tmp_path / "data")
    text = narrative.markdown(upr.summary(changed, lang="en"))
    charts = upr.charts(changed, lang="en", size="web")
    plt.close("all")
    made, accepted, rejected = (changes[f"upr-{m}"][1] for m in ("made", "accepted", "rejected"))
    assert f"accepted {accepted} and rejected {rejected} of the {made} recommendations" in text
    for old, _new in (changes["upr-made"], changes["upr-accepted"]):
        assert str(old) not in text and str(old) not in charts[0].alt_text
    assert f"Made: {made} recommendations" in charts[0].alt_text
