"""Theme 03 (media closures): compute functions, charts (words never drawn as numbers, months drawn
as whole months, labels that do not collide) and the narrative in both languages, with every
figure taken from the loaded tables so the tests hold the wording, not the numbers."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.dates import date2num
from matplotlib.patches import Rectangle

from analysis.words.i18n import MissingTranslation, format_date, format_number
from analysis.words import narrative
from analysis.themes import media
from support.changed_data import modify_data
from support.published_texts import as_published, plain

# One worker runs the whole module: its tables and charts are loaded once, in session-scoped fixtures
# (xdist may end a module scope between two of the module's tests).
pytestmark = pytest.mark.xdist_group("theme_media")

LANGS = ("en", "ru")
SECTION = {"en": "[section “Violation of the right to freedom of expression”]",
           "ru": "[раздел «Нарушение права на свободу выражения мнений»]"}
ACCORDING = {"en": "according to Amnesty International", "ru": "по данным Amnesty International"}


@pytest.fixture(scope="session")
def tables():
    return media.load_tables()


def _n(x: float, lang: str) -> str:
    return format_number(float(x), lang, 0)


def _row(tables, row_id: str) -> pd.Series:
    for name in ("media_closures", "media_actions"):
        found = tables[name][tables[name]["id"] == row_id]
        if len(found):
            return found.iloc[0]
    raise KeyError(row_id)


# ---- compute ----

def test_proceedings_are_the_counts_by_outlet_type_grouped_by_owner(tables):
    rows = media.proceedings(tables)
    closures = tables["media_closures"]
    expected = closures[closures["measure"].astype(str) == "proceedings_to_close"]
    assert sorted(rows["id"]) == sorted(expected["id"])
    assert list(rows["group"]) == sorted(rows["group"], key=["media_group", "other"].index)
    for _, row in rows.iterrows():
        assert row["group"] == ("media_group" if bool(row["owned_by_media_group"]) else "other")
        assert str(row["qualifier"]) == "exact" and row["value"] > 0


def test_a_proceedings_row_without_a_number_is_refused(tables):
    broken = dict(tables)
    closures = tables["media_closures"].copy()
    closures.loc[closures["id"] == "mc-websites", "value"] = pd.NA
    broken["media_closures"] = closures
    with pytest.raises(ValueError, match=r"media_closures\.csv: row mc-websites: column 'value' is empty"):
        media.proceedings(broken)


def test_the_base_is_one_row_with_a_number(tables):
    base = media.independent_base(tables)
    assert str(base["measure"]) == "existing_independent" and base["value"] > 0
    doubled = dict(tables)
    rows = tables["media_closures"]
    doubled["media_closures"] = pd.concat([rows, rows[rows["id"] == base["id"]]], ignore_index=True)
    with pytest.raises(ValueError, match="exactly one row with measure 'existing_independent', found 2"):
        media.independent_base(doubled)


def test_amounts_in_words_have_no_number(tables):
    words = media.statements_in_words(tables)
    assert set(words["measure"].astype(str)) == {"share_of_existing_targeted", "closed_since", "blocked_per_year"}
    assert words["value"].isna().all()
    assert (words["qualifier"].astype(str) == "unquantified").all()
    assert words["value_text"].notna().all()


def test_computed_share_is_the_sum_over_the_base_and_a_lower_bound(tables):
    share = media.computed_share(tables)
    counts = [float(v) for v in media.proceedings(tables)["value"]]
    base = float(media.independent_base(tables)["value"])
    assert share["sum"] == sum(counts) and share["base"] == base
    assert share["share"] == pytest.approx(sum(counts) / base)
    assert share["lower_bound"]  # the other newspaper's websites are not counted
    without_newspaper = dict(tables)
    rows = tables["media_closures"]
    without_newspaper["media_closures"] = rows[rows["outlet_type"].astype(str) != "newspaper"]
    assert not media.computed_share(without_newspaper)["lower_bound"]


def test_no_share_of_an_inexact_base(tables):
    rows = tables["media_closures"].copy()
    rows.loc[rows["measure"].astype(str) == "existing_independent", "qualifier"] = "approximate"
    with pytest.raises(ValueError, match="a share of an inexact base is not computed"):
        media.computed_share({**tables, "media_closures": rows})


def test_dated_actions_span_the_whole_month_and_come_oldest_first(tables):
    dated = media.dated_actions(tables)
    actions = tables["media_actions"]
    assert sorted(dated["id"]) == sorted(actions[actions["date"].notna()]["id"])
    assert list(dated["start"]) == sorted(dated["start"])
    for _, row in dated.iterrows():
        assert str(row["date_precision"]) == "month"
        assert row["start"] == pd.Timestamp(f"{row['date']}-01")
        assert row["end"] == row["start"] + pd.DateOffset(months=1)


def test_undated_actions_are_kept_apart(tables):
    undated = media.undated_actions(tables)
    actions = tables["media_actions"]
    assert sorted(undated["id"]) == sorted(actions[actions["date"].isna()]["id"])
    assert set(undated["id"]).isdisjoint(media.dated_actions(tables)["id"])


def test_a_date_that_does_not_match_its_precision_is_refused(tables):
    actions = tables["media_actions"].copy()
    actions.loc[actions["id"] == "ma-pg-closed", "date_precision"] = "day"
    with pytest.raises(ValueError, match=r"media_actions\.csv: row ma-pg-closed: date '2014-02' does not match"):
        media.dated_actions({**tables, "media_actions": actions})


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_names_are_missing_translations_not_english(lang):
    with pytest.raises(MissingTranslation):
        media.newspaper_name("Novaya Gazeta", lang)


# ---- charts ----

@pytest.fixture(scope="session")
def drawn(tables):
    """Every chart in both languages at web and print-single size (figures open for inspection)."""
    import matplotlib.pyplot as plt

    out = {(lang, size): {c.name: c for c in media.charts(tables, lang=lang, size=size)}
           for lang in LANGS for size in ("web", "print-single")}
    yield out
    plt.close("all")


def test_proceedings_bars_are_the_counts_and_the_base(tables, drawn):
    ax = drawn[("en", "web")]["proceedings"].fig.axes[0]
    widths = sorted(round(p.get_width()) for p in ax.patches if isinstance(p, Rectangle))
    expected = [int(v) for v in media.proceedings(tables)["value"]] + [int(media.independent_base(tables)["value"])]
    assert widths == sorted(expected)


@pytest.mark.parametrize("lang", LANGS)
def test_words_are_drawn_as_words_never_as_bars(tables, drawn, lang):
    from analysis.words.wording import value_words

    words = media.statements_in_words(tables)
    share = words[words["measure"].astype(str) == "share_of_existing_targeted"].iloc[0]
    ax = drawn[(lang, "web")]["proceedings"].fig.axes[0]
    italic = [t for t in ax.texts if t.get_style() == "italic"]
    assert [t.get_text() for t in italic] == [value_words(share, lang)]
    facts = drawn[(lang, "web")]["in_words"].fig.axes[0]
    assert not [p for p in facts.patches if isinstance(p, Rectangle)]
    shown = [t.get_text() for t in facts.texts]
    for _, row in words.iterrows():
        assert value_words(row, lang) in shown


def test_the_timeline_draws_each_month_as_a_whole_month(tables, drawn):
    ax = drawn[("en", "web")]["newspaper_actions"].fig.axes[0]
    solid = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_linestyle() == "solid"]
    months = {(round(p.get_x(), 3), round(p.get_width(), 3)) for p in solid}
    dated = media.dated_actions(tables)
    expected = {(round(date2num(s), 3), round(date2num(e) - date2num(s), 3)) for s, e in zip(dated["start"], dated["end"])}
    assert months == expected


def test_suspensions_and_bans_are_drawn_for_their_length(tables, drawn):
    ax = drawn[("en", "web")]["newspaper_actions"].fig.axes[0]
    dashed = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_linestyle() != "solid"]
    dated = media.dated_actions(tables)
    lengths = dated[dated["measure"].astype(str).isin(["suspension_length", "ban_length"])]
    assert len(dashed) == len(lengths)
    for p, (_, row) in zip(sorted(dashed, key=lambda p: p.get_y()), lengths.iterrows()):
        end = row["start"] + pd.DateOffset(months=int(row["value"]))
        assert p.get_x() + p.get_width() == pytest.approx(date2num(end))


@pytest.mark.parametrize("lang", LANGS)
def test_undated_actions_are_listed_under_the_timeline_not_placed_on_it(tables, drawn, lang):
    chart = drawn[(lang, "web")]["newspaper_actions"]
    notes = " ".join(t.get_text() for t in chart.fig.texts)
    flat = " ".join(notes.split())
    for _, row in media.undated_actions(tables).iterrows():
        assert media.newspaper_name(str(row["newspaper"]), lang) in flat
    labels = " ".join(t.get_text() for t in chart.fig.axes[0].texts).replace("\u00a0", " ")
    for date in media.dated_actions(tables)["date"].astype(str):
        assert format_date(date, lang).capitalize() in labels  # each dated action is placed, at its month
    when = {"en": "no date given", "ru": "дата не указана"}[lang]
    assert when not in labels and when in plain(chart.alt_text)


def test_russian_charts_speak_russian(tables, drawn):
    charts = drawn[("ru", "web")]
    ticks = [plain(t.get_text()) for t in charts["proceedings"].fig.axes[0].get_yticklabels()]
    for _, row in media.proceedings(tables).iterrows():
        assert media.outlet_label(row, "ru") in ticks
    lanes = [t.get_text() for t in charts["newspaper_actions"].fig.axes[0].get_yticklabels()]
    assert lanes == ["«Правдивая газета»", "«Ашык-Алан»"]
    for chart in charts.values():
        assert any("\u0400" <= ch <= "\u04ff" for ch in chart.title + chart.alt_text)


def test_the_computed_share_is_shown_only_when_asked_and_labelled_as_ours(tables):
    import matplotlib.pyplot as plt

    share = media.computed_share(tables)
    percent = _n(round(share["share"] * 100), "en")
    plain = media.charts(tables, lang="en", size="web")[0]
    asked = media.charts(tables, lang="en", size="web", show_computed_share=True)[0]
    plt.close("all")
    assert "%" not in plain.alt_text and "our calculation" not in plain.alt_text.lower()
    assert "By our calculation, not the source's: " in asked.alt_text
    assert f"= {_n(share['sum'], 'en')}, at least {percent}% of {_n(share['base'], 'en')} (a lower bound" in asked.alt_text


# ---- narrative ----

WORDING = {
    "en": {
        "print": "- Proceedings to close print media outlets owned by a single media group in November 2012: "
                 "{print} outlets, according to Amnesty International {cite}.",
        "websites": "- Proceedings to close websites owned by the same media group in November 2012: {websites} websites, "
                    "according to Amnesty International {cite}.",
        "tv": "- Proceedings to close independent internet-based TV channels in November 2012: {tv} TV channels, "
              "according to Amnesty International {cite}.",
        "base": "- Independent media outlets and websites in Kazakhstan (the count is undated): {base} outlets and "
                "websites, according to Amnesty International {cite}.",
        "most": "- The outlets targeted constitute most of the existing independent media outlets and websites, "
                "according to Amnesty International {cite}; the source gives no number or share.",
        "closed": "- Most of them have since been closed down, according to Amnesty International {cite}.",
        "blocked": "- Hundreds of internet-based resources are blocked every year by court decisions taken in closed "
                   "proceedings, according to Amnesty International {cite}.",
        "suspended": "- {pg_month} — Pravdivaya Gazeta: suspended for {pg_months} months for exceeding its print run "
                     "by {copies} (the source gives no unit), according to Amnesty International {cite}.",
        "banned": "- {aa_month} — Ashyk-Alan: fined; banned from publishing for {aa_months} months, according to "
                  "Amnesty International {cite}.",
        "closed_pg": "- {closed_month} — Pravdivaya Gazeta: closed down by a court's decision",
        "undated": "- Undated — Pravdivaya Gazeta: fined repeatedly for minor transgressions (“subsequently”: after the action "
                   "listed before it, no date given), according to Amnesty International {cite}.",
        "blocked_method": "given only in words (“hundreds”), for no named year; it is never drawn as a number.",
    },
    "ru": {
        "print": "- Разбирательства о закрытии печатных СМИ одной медиагруппы в ноябре 2012 года: {print} СМИ, "
                 "по данным Amnesty International {cite}.",
        "websites": "- Разбирательства о закрытии сайтов той же медиагруппы в ноябре 2012 года: {websites} сайта, "
                    "по данным Amnesty International {cite}.",
        "tv": "- Разбирательства о закрытии независимых интернет-телеканалов в ноябре 2012 года: {tv} телеканала, "
              "по данным Amnesty International {cite}.",
        "base": "- Независимые СМИ и сайты в Казахстане (дата подсчёта не указана): {base} СМИ и сайтов, "
                "по данным Amnesty International {cite}.",
        "most": "- Издания, против которых начаты разбирательства, составляют большинство существующих независимых СМИ и сайтов, "
                "по данным Amnesty International {cite}; числа или доли источник не приводит.",
        "closed": "- Большинство из них с тех пор закрыто, по данным Amnesty International {cite}.",
        "blocked": "- Сотни интернет-ресурсов ежегодно блокируются по решениям судов, принятым в закрытых заседаниях, "
                   "по данным Amnesty International {cite}.",
        "suspended": "- {pg_month} — «Правдивая газета»: выпуск приостановлен на {pg_months} месяца за превышение "
                     "тиража на {copies} (единица в источнике не указана), по данным Amnesty International {cite}.",
        "banned": "- {aa_month} — «Ашык-Алан»: оштрафована; выпуск запрещён на {aa_months} месяца, по данным "
                  "Amnesty International {cite}.",
        "closed_pg": "- {closed_month} — «Правдивая газета»: закрыта по решению суда",
        "undated": "- Без даты — «Правдивая газета»: неоднократно штрафовалась за мелкие нарушения («впоследствии»: после "
                   "предыдущей в списке меры, дата не указана), по данным Amnesty International {cite}.",
        "blocked_method": "дано только словами («сотни»), без указания года; оно никогда не изображается числом.",
    },
}


def _fields(tables, lang: str) -> dict[str, str]:
    month = lambda rid: format_date(str(_row(tables, rid)["date"]), lang).capitalize()  # noqa: E731
    return {
        "print": _n(_row(tables, "mc-print-outlets")["value"], lang),
        "websites": _n(_row(tables, "mc-websites")["value"], lang),
        "tv": _n(_row(tables, "mc-internet-tv")["value"], lang),
        "base": _n(_row(tables, "mc-existing-independent")["value"], lang),
        "pg_month": month("ma-pg-suspension"), "pg_months": _n(_row(tables, "ma-pg-suspension")["value"], lang),
        "copies": _n(_row(tables, "ma-pg-print-run-excess")["value"], lang),
        "aa_month": month("ma-aa-ban"), "aa_months": _n(_row(tables, "ma-aa-ban")["value"], lang),
        "closed_month": month("ma-pg-closed"), "cite": SECTION[lang],
    }


@pytest.fixture(scope="session")
def summaries(tables, tmp_path_factory):
    import matplotlib.pyplot as plt

    from analysis.kit import report

    out = {}
    for lang in LANGS:
        folder = tmp_path_factory.mktemp(f"media_{lang}")
        saved = report.save_charts(media.charts(tables, lang=lang, size="web"), folder, media.NOTEBOOK, ["png"], "web")
        out[lang] = (narrative.markdown(media.summary(tables, [s.name for s in saved], lang=lang), saved), saved)
    plt.close("all")
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_summary_states_each_figure_with_qualifier_claimant_and_locator(tables, summaries, lang):
    summary, saved = summaries[lang]
    fields = _fields(tables, lang)
    for name, template in WORDING[lang].items():
        assert as_published(template.format(**fields), lang) in plain(summary), name
    for chart in saved:
        assert f"({chart.name}.png)" in summary and " ".join(chart.alt_text.split()) in " ".join(summary.split())
    # one key figure per row of either table, dated actions of one newspaper and month read together
    groups = media.dated_actions(tables).groupby(["newspaper", "date"], observed=True).ngroups
    expected = (len(tables["media_closures"]) + groups + len(media.undated_actions(tables)))
    assert summary.count("\n- ") == expected
    # each key figure, and the lead (the English evidence audit's F15: the proceedings are Amnesty's statement)
    assert plain(summary).count(ACCORDING[lang]) == expected + 1
    assert ACCORDING[lang] in plain(summary).split("\n\n")[1]


@pytest.mark.parametrize("lang", LANGS)
def test_summary_computes_no_share_unless_asked(tables, lang):
    plain = narrative.markdown(media.summary(tables, lang=lang))
    asked = narrative.markdown(media.summary(tables, lang=lang, show_computed_share=True))
    share = media.computed_share(tables)
    percent = _n(round(share["share"] * 100), lang)
    ours = {"en": "By our calculation, not the source's", "ru": "Наш расчёт, не данные источника"}[lang]
    assert "%" not in plain and ours not in plain
    assert ours in asked.replace("\xa0", " ") and f"{percent}" in asked and _n(share["sum"], lang) in asked


@pytest.mark.parametrize("lang", LANGS)
def test_key_figures_carry_the_common_columns_and_labels(tables, lang):
    rows = media.key_figures(tables, lang=lang)
    for column in ("id", "label", "value", "value_text", "unit", "qualifier", "claimant", "document_id", "locator"):
        assert column in rows.columns
    assert rows["label"].str.len().min() > 0
    closures = tables["media_closures"]
    assert sorted(rows["id"]) == sorted(closures["id"])
    words = rows[rows["qualifier"].astype(str) == "unquantified"]
    assert words["value"].isna().all() and words["value_text"].notna().all()


def test_the_summary_and_charts_follow_changed_data(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    from analysis.core.paths import REPO_ROOT

    monkeypatch.delenv("ANALYSIS_SOURCES_DIR", raising=False)
    changes = {row_id: (old, new) for _, row_id, old, new in modify_data(REPO_ROOT / "data", tmp_path / "data")}
    changed = media.load_tables(tmp_path / "data")
    text = narrative.markdown(media.summary(changed, lang="en"))
    charts = media.charts(changed, lang="en", size="web")
    plt.close("all")
    new = {rid: changes[rid][1] for rid in ("mc-print-outlets", "mc-websites", "mc-existing-independent",
                                            "ma-pg-print-run-excess", "ma-aa-ban")}
    assert f"in November 2012: {new['mc-print-outlets']} outlets" in text
    assert f"in November 2012: {new['mc-websites']} websites" in text
    assert f"(the count is undated): {new['mc-existing-independent']} outlets and websites" in text
    assert f"by {new['ma-pg-print-run-excess']:,} (the source gives no unit)" in text
    assert f"banned from publishing for {new['ma-aa-ban']} months" in text
    old_copies = f"{changes['ma-pg-print-run-excess'][0]:,}"
    assert old_copies not in text and all(old_copies not in c.alt_text for c in charts)
    assert f"{new['mc-existing-independent']}" in charts[0].alt_text


@pytest.mark.parametrize("lang", LANGS)
def test_subsequent_fines_are_listed_between_the_suspension_and_the_closure(summaries, lang):
    """English evidence audit F18: "suspended for three months in August 2013 ...; it was
    subsequently repeatedly fined ... and in February 2014 it was closed down": the source's order
    (suspension, fines, closure) was lost when the fines were filed under "Undated" at the end."""
    summary = str(summaries[lang][0])
    paper = "Pravdivaya Gazeta" if lang == "en" else "«Правдивая газета»"
    lines = [line for line in plain(summary).splitlines() if line.startswith("- ") and paper in line]
    assert len(lines) == 3
    assert ("August 2013" in lines[0] or "Август 2013" in lines[0])
    assert ("subsequently" in lines[1] or "впоследствии" in lines[1])
    assert ("February 2014" in lines[2] or "Февраль 2014" in lines[2])
