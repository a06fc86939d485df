"""Theme 01 (torture complaints): compute functions, the estimate kept apart from the data, and the
narrative in both languages, with figures taken from the loaded tables so the tests hold the wording."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.words.i18n import MissingTranslation, format_number
from analysis.words import narrative
from analysis.themes import torture
from support.changed_data import modify_data
from support.published_texts import as_published, plain


@pytest.fixture(scope="session")
def tables():
    return torture.load_tables()


@pytest.fixture(scope="session")
def rows(tables):
    return torture.complaints(tables)


def _n(x: float, lang: str, decimals: int = 0) -> str:
    return format_number(round(float(x), decimals), lang, decimals)


def test_complaints_are_in_year_order_with_the_partial_period_flagged(tables, rows):
    source = tables["torture_complaints"]
    assert list(rows["label"]) == [str(y) for y in sorted(source["year"])]
    months = (rows["period_end"].dt.year - rows["period_start"].dt.year) * 12 \
        + rows["period_end"].dt.month - rows["period_start"].dt.month + 1
    assert list(rows["months"]) == list(months)
    assert list(rows["partial"]) == list(months < months.max())
    assert rows["partial"].sum() == 1 and rows.iloc[-1]["partial"]
    assert {"qualifier", "claimant", "locator", "excerpt"} <= set(rows.columns)


def test_growth_compares_full_years_only(rows):
    g = torture.growth(rows)
    full = rows[~rows["partial"]]
    assert len(g) == len(full) - 1
    a, b = (float(v) for v in full["value"].iloc[:2])
    first = g.iloc[0]
    assert (first["from_value"], first["to_value"], first["change"]) == (a, b, b - a)
    assert first["ratio"] == pytest.approx(b / a)
    assert first["percent"] == pytest.approx((b - a) / a * 100)
    assert rows[rows["partial"]]["label"].iloc[0] not in set(g["to_label"])


def test_annualised_estimate_is_computed_not_stored(tables, rows):
    est = torture.annualised_estimate(rows)
    partial = rows[rows["partial"]].iloc[0]
    assert len(est) == 1
    assert est.iloc[0]["value"] == pytest.approx(float(partial["value"]) / int(partial["months"]) * 12)
    assert est.iloc[0]["value"] not in set(tables["torture_complaints"]["value"].astype(float))
    assert not any("estimate" in c for c in tables["torture_complaints"].columns)


def test_no_estimate_for_a_partial_period_given_as_a_bound(rows):
    bound = rows.copy()
    bound["qualifier"] = bound["qualifier"].astype(str)
    bound.loc[bound["partial"], "qualifier"] = "at_least"
    assert torture.annualised_estimate(bound).empty


@pytest.fixture(scope="session")
def texts(tables, tmp_path_factory):
    """Summary and chart of each language, with and without the estimate."""
    import matplotlib.pyplot as plt

    from analysis.kit import report

    out = {}
    for lang in ("en", "ru"):
        for show in (True, False):
            saved = report.save_charts(torture.charts(tables, lang=lang, size="web", show_estimate=show),
                                       tmp_path_factory.mktemp(f"{lang}{show}"), torture.NOTEBOOK, ["svg"], "web")
            out[lang, show] = (narrative.markdown(torture.summary(tables, [s.name for s in saved], lang=lang, show_estimate=show), saved), saved[0].alt_text)
    plt.close("all")
    return out


SEC_EN = "[section “Torture and other ill-treatment”, endnote 12]"
SEC_RU = "[раздел «Пытки и другие виды жестокого обращения», сноска 12]"
WORDING = {
    "en": {"partial": "In the first nine months of 2013, {v} torture complaints were registered, according to the "
                      "General Prosecutor's Office " + SEC_EN + ".",
           "two_years": "According to the General Prosecutor's Office, which reported “a significant increase in torture "
                        "complaints over the past two years”, the number of torture complaints registered "
                        "was {a} in 2011 and {b} in 2012 " + SEC_EN + ".",
           "growth": "That is {change} more, or about {ratio} times as many (our calculation).",
           "estimate": "the whole of 2013 would come to about {est} complaints: our estimate "
                       "({basis} ÷ {months} × 12), not a figure from the source.",
           "alt": "2013 (January–September only): {v} complaints (our estimate for the whole year at the same monthly "
                  "rate: about {est} complaints; not a figure from the source)",
           "compensation": "In November 2013, Kostanai court awarded Aleksandr Gerasimov KZT {kzt} million (roughly "
                           "USD {usd}, the submission's own conversion) in compensation",
           "comp_cite": "according to Amnesty International [section “Follow up to the previous review: Torture and "
                        "other ill-treatment”, endnote 5]; the authorities have yet to carry out a full and independent "
                        "investigation into his complaint of torture."},
    "ru": {"partial": "За первые девять месяцев 2013 года, по данным Генеральной прокуратуры, было зарегистрировано "
                      "{v} жалобы на пытки " + SEC_RU + ".",
           "two_years": "По данным Генеральной прокуратуры, число зарегистрированных жалоб на пытки составило {a} в "
                        "2011 году и {b} в 2012 году; там же сообщается о «значительном росте числа жалоб на пытки за "
                        "последние два года» (перевод наш) " + SEC_RU + ".",
           "growth": "Жалоб стало на {change} больше — примерно в {ratio} раза больше (наш расчёт).",
           "estimate": "за весь 2013 год было бы зарегистрировано около {est} жалоб: это наша оценка "
                       "({basis} ÷ {months} × 12), а не данные источника.",
           "alt": "2013 (только январь–сентябрь): {v} жалобы (наша оценка за весь год при том же месячном темпе — "
                  "примерно {est} жалобы; не данные источника)",
           "compensation": "В ноябре 2013 года Костанайский суд присудил Александру Герасимову компенсацию в размере "
                           "{kzt}\u00a0млн тенге (около {usd} долл. США — пересчёт Amnesty)",
           "comp_cite": "по данным Amnesty International [раздел «Выполнение рекомендаций предыдущего обзора: пытки и "
                        "другие виды жестокого обращения», сноска 5]; полное и независимое расследование его жалобы на пытки власти так и "
                        "не провели."},
}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_summary_states_each_figure_with_qualifier_claimant_and_locator(tables, rows, texts, lang):
    summary, alt = texts[lang, True]
    summary, alt = plain(summary), plain(alt)
    w = WORDING[lang]
    full, partial = rows[~rows["partial"]], rows[rows["partial"]].iloc[0]
    g = torture.growth(rows).iloc[0]
    est = torture.annualised_estimate(rows).iloc[0]
    assert as_published(w["two_years"].format(a=_n(full["value"].iloc[0], lang), b=_n(full["value"].iloc[1], lang)), lang) in summary
    assert as_published(w["growth"].format(change=_n(g["change"], lang), ratio=_n(g["ratio"], lang, 1),
                              percent=_n(g["percent"], lang)), lang) in summary
    assert as_published(w["partial"].format(v=_n(partial["value"], lang)), lang) in summary
    assert as_published(w["estimate"].format(est=_n(est["value"], lang), basis=_n(est["basis"], lang),
                                months=_n(est["months"], lang)), lang) in summary
    comp = torture.gerasimov(tables).set_index("unit")
    kzt = _n(float(comp.loc["KZT", "value"]) / 1_000_000, lang)
    assert str(comp.loc["USD", "qualifier"]) == "approximate"
    assert as_published(w["compensation"].format(kzt=kzt, usd=_n(comp.loc["USD", "value"], lang)), lang) in summary
    assert as_published(w["comp_cite"], lang) in summary
    assert as_published(w["alt"].format(v=_n(partial["value"], lang), est=_n(est["value"], lang)), lang) in alt
    assert f"![{alt}](complaints.svg)" in summary


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_estimate_is_only_shown_when_asked_and_then_labelled(rows, texts, lang):
    est = _n(torture.annualised_estimate(rows).iloc[0]["value"], lang)
    with_est, alt_with = texts[lang, True]
    without, alt_without = texts[lang, False]
    label = {"en": "estimate", "ru": "оценк"}[lang]
    assert est in with_est and est in alt_with and label in alt_with
    assert est not in without and est not in alt_without
    assert label not in alt_without.lower()


def test_the_summary_follows_changed_data(tmp_path, monkeypatch):
    monkeypatch.delenv("ANALYSIS_SOURCES_DIR", raising=False)
    from analysis.core.paths import REPO_ROOT

    changes = {row_id: (old, new) for _, row_id, old, new in modify_data(REPO_ROOT / "data", tmp_path / "data")}
    tables = torture.load_tables(tmp_path / "data")
    text = narrative.markdown(torture.summary(tables, lang="en", show_estimate=True))
    a, b, c = (changes[i][1] for i in ("tc-2011", "tc-2012", "tc-2013-jan-sep"))
    assert f"was {a:,} in 2011 and {b:,} in 2012" in text
    assert f"In the first nine months of 2013, {c:,} torture complaints" in text
    assert f"about {round(c / 9 * 12):,} complaints" in text
    for old, _ in changes.values():
        if old >= 100:
            assert f"{old:,}" not in text


def test_a_recipient_without_a_translation_is_an_error(tables):
    renamed = dict(tables)
    comp = tables["compensation"].copy()
    comp["recipient"] = pd.array(["Ivan Ivanov"] * len(comp), dtype="string")
    renamed["compensation"] = comp
    with pytest.raises(MissingTranslation, match="person_to.ivan_ivanov.*vocabulary.json"):
        torture.compensation_sentence(renamed, "ru")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_key_figures_carry_the_common_value_columns(tables, lang):
    kf = torture.key_figures(tables, lang=lang)
    assert {"id", "label", "value", "qualifier", "claimant", "document_id", "locator"} <= set(kf.columns)
    assert set(kf["id"]) == set(tables["torture_complaints"]["id"]) | set(tables["compensation"]["id"])
    assert kf["label"].str.len().min() > 0
