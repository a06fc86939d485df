"""Theme 05 non-refoulement: compute functions, the chart's encodings, and the summary's figures and
qualifier wording in both languages, every expected value read from the loaded tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from analysis.words import narrative
from analysis.core import paths
from analysis.kit.report import SavedFigure
from analysis.themes import refoulement as theme
from support.changed_data import modify_data
from support.published_texts import as_published, plain

LANGS = ("en", "ru")
BOUND = {"en": "at least", "ru": "не менее"}
DOZENS = {"en": "dozens", "ru": "десятки"}
AMNESTY = {"en": "according to Amnesty International", "ru": "по данным Amnesty International"}
ENDNOTE = {"en": "endnote {n}", "ru": "сноска {n}"}
SECTION = {"en": "[section “{name}”", "ru": "[раздел «{name}»"}


@pytest.fixture(scope="session")
def tables():
    return theme.load_tables()


def _n(row: pd.Series, column: str = "value") -> int:
    return int(row[column])


def _word(n: int) -> str:
    return rf"(?<![\d/.-]){n}(?![\d/-])"


# ---- compute ----

def test_the_record_draws_four_measures_in_order_with_their_qualifiers(tables):
    rows = theme.extradition_record(tables)
    assert list(rows["measure"].astype(str)) == list(theme.DRAWN)
    by = rows.set_index(rows["measure"].astype(str))
    assert by.loc["extradited", "qualifier"] == "exact"
    assert by.loc["sentenced_after_return", "qualifier"] == "at_least"
    assert by.loc["forcibly_returned", "qualifier"] == "unquantified"
    assert pd.isna(by.loc["forcibly_returned", "value"]) and by.loc["forcibly_returned", "value_text"] == "dozens"
    for column in ("claimant", "locator", "excerpt", "document_id"):
        assert rows[column].notna().all(), column


def test_the_lower_bound_cannot_exceed_the_extradited(tables):
    broken = dict(tables)
    ext = tables["extraditions"].copy()
    extradited = _n(theme.measure(tables, "extradited"))
    ext.loc[ext["measure"] == "sentenced_after_return", "value"] = extradited + 1
    broken["extraditions"] = ext
    with pytest.raises(ValueError, match=r"extraditions\.csv row ex-sentenced-after-return: column 'value'"):
        theme.extradition_record(broken)


def test_a_missing_measure_is_named(tables):
    broken = dict(tables)
    broken["extraditions"] = tables["extraditions"][tables["extraditions"]["measure"] != "cat_complainants"]
    with pytest.raises(ValueError, match="measure = 'cat_complainants', found 0"):
        theme.extradition_record(broken)


def test_the_committee_case_comes_from_events_and_provisions(tables):
    f = theme.findings(tables)
    dates = f.set_index("fact")["date"]
    assert dates["oral_hearing"] < dates["decision"]  # May before June, at month precision
    articles = list(f[f["fact"] == "article_breached"]["article"])
    lp = tables["legal_provisions"]
    expected = lp[(lp["theme"] == "non_refoulement") & (lp["cited_document_id"] == theme.CONVENTION)]["article"]
    assert articles == list(expected) and len(articles) >= 1


def test_the_chronology_names_the_amended_articles(tables):
    rows = theme.chronology(tables)
    assert set(rows["theme"]) == {"non_refoulement"}
    assert list(rows["start"]) == sorted(rows["start"])
    amendment = rows[rows["id"] == theme.EVENT_AMENDMENT].iloc[0]
    code = [str(theme.provision(tables, p)["article"]) for p in (theme.PROVISION_REVIEW, theme.PROVISION_RISK)]
    assert amendment["articles"] == code


# ---- chart ----

def test_the_bound_is_drawn_as_a_bound_and_words_never_as_a_bar(tables, close_figures):
    chart = theme.extraditions_chart(tables, lang="en", size="web")
    ax = chart.fig.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    numbers = theme.extradition_record(tables)["value"].notna().sum()
    assert len(bars) == numbers  # the word-only row has no bar
    texts = [t.get_text() for t in ax.texts]
    sentenced = _n(theme.measure(tables, "sentenced_after_return"))
    assert f"at least {sentenced}" in texts
    assert "dozens" in texts
    arrows = [t for t in ax.texts if t.arrow_patch is not None]
    assert len(arrows) == 1  # the lower bound's arrow
    legend = chart.fig.legends[0]
    assert "At least (lower bound)" in [t.get_text() for t in legend.get_texts()]


@pytest.mark.parametrize("lang", LANGS)
def test_chart_title_and_alt_text_carry_the_figures(tables, lang, close_figures):
    charts = theme.charts(tables, lang=lang, size="web")
    assert [c.name for c in charts] == ["extraditions", "chronology"]
    ext, sent = theme.measure(tables, "extradited"), theme.measure(tables, "sentenced_after_return")
    title = plain(charts[0].title)
    assert title.lower().startswith(f"{BOUND[lang]} {_n(sent)}")
    assert re.search(_word(_n(ext)), title)
    alt = plain(charts[0].alt_text)
    plaint = theme.measure(tables, "cat_complainants")
    for n in (_n(ext), _n(sent), _n(plaint)):
        assert re.search(_word(n), alt), n
    assert f"{BOUND[lang]} {_n(sent)}" in alt and DOZENS[lang] in alt
    chronology = charts[1].alt_text
    for article in theme.cat_articles(tables)["article"]:
        assert re.search(_word(int(article)), chronology)


@pytest.mark.parametrize("size", ["print-single", "print-double"])
def test_print_charts_stay_within_the_page(tables, size, close_figures):
    for chart in theme.charts(tables, lang="ru", size=size):
        w, h = chart.fig.get_size_inches() * 25.4
        assert h <= 170.0 + 1e-6, (chart.name, h)


# ---- summary ----

def _summary(tables, lang, tmp_path) -> str:
    """The published summary: the charts saved, then the summary rendered with them embedded."""
    from analysis.kit import report

    saved: list[SavedFigure] = report.save_charts(theme.charts(tables, lang=lang, size="web"), tmp_path,
                                                  theme.NOTEBOOK, ["svg"], "web")
    return narrative.markdown(theme.summary(tables, [s.name for s in saved], lang=lang), saved)


@pytest.mark.parametrize("lang", LANGS)
def test_summary_states_each_figure_with_qualifier_claimant_and_locator(tables, lang, tmp_path, close_figures):
    text = _summary(tables, lang, tmp_path)
    flat = " ".join(text.split())
    ext, sent = theme.measure(tables, "extradited"), theme.measure(tables, "sentenced_after_return")
    plaint, decision = theme.measure(tables, "cat_complainants"), theme.measure(tables, "extradition_decision")
    # the extradition: its count and month
    assert re.search(_word(_n(ext)), flat)
    assert narrative.period(ext, lang).lower() in flat.lower()
    # the later sentences: a lower bound in words, never a bare count
    lower = flat.lower()
    hits = list(re.finditer(_word(_n(sent)), lower))
    assert hits
    for m in hits:  # every mention of the number carries its bound
        assert lower[:m.start()].endswith(BOUND[lang] + " "), lower[max(0, m.start() - 40):m.end() + 10]
    # the complainants and the decision they challenged
    assert re.search(_word(_n(plaint)), flat) and re.search(_word(_n(decision)), flat)
    # dozens: the source's word, never a number
    assert DOZENS[lang] in flat.lower()
    # claimants and locators
    assert AMNESTY[lang] in flat
    assert ENDNOTE[lang].format(n=19) in flat
    assert narrative.cite(str(ext["locator"]), lang).rstrip("]") in flat
    # the Committee's finding: articles and dates from the data
    for article in theme.cat_articles(tables)["article"]:
        assert re.search(_word(int(article)), flat)
    for eid in (theme.EVENT_HEARING, theme.EVENT_DECISION):
        assert narrative.when(str(theme.event(tables, eid)["date"]), lang) in flat
    # the January 2011 legislation and the Law on Refugees
    for pid in (theme.PROVISION_REVIEW, theme.PROVISION_RISK):
        assert str(theme.provision(tables, pid)["article"]) in flat
    assert str(theme.event(tables, theme.EVENT_LAW_ON_REFUGEES)["date"])[:4] in flat
    # charts embedded with their alt text
    assert "](extraditions.svg)" in text and "](chronology.svg)" in text


def test_russian_summary_has_no_english_words_of_ours(tables, tmp_path, close_figures):
    text = _summary(tables, "ru", tmp_path)
    body = text.split("## Источники")[0]  # the source line names documents by their own titles
    body = re.sub(r"[«“][^»”]*[»”]", "", body)  # quoted section names stay as the source has them
    body = re.sub(r"\]\([^)]*\)", "]", body)
    for word in ("according to", "at least", "dozens", "extradit", "Committee", "endnote", "section"):
        assert word not in body, word


@pytest.mark.parametrize("lang", LANGS)
def test_key_figures_for_the_overview(tables, lang):
    kf = theme.key_figures(tables, lang=lang)
    assert list(kf["id"]) == list(theme.extradition_record(tables)["id"])
    assert kf["label"].map(bool).all()
    for column in ("value", "value_text", "qualifier", "claimant", "document_id", "locator"):
        assert column in kf.columns
    if lang == "ru":
        assert all(re.search(r"[\u0400-\u04ff]", s) for s in kf["label"])


# ---- no number typed anywhere ----

def test_changed_data_changes_every_stated_figure(tmp_path, monkeypatch, close_figures):
    from analysis.data import loader

    monkeypatch.delenv(paths.SOURCES_ENV, raising=False)
    target = tmp_path / "data"
    changes = [c for c in modify_data(paths.REPO_ROOT / "data", target) if c[0] == "extraditions"]
    assert changes
    loader.clear_cache()
    try:
        changed = theme.load_tables(target)
        for lang in LANGS:
            charts = theme.charts(changed, lang=lang, size="web")
            text = narrative.markdown(theme.summary(changed, lang=lang)) + "\n".join(c.title + c.alt_text for c in charts)
            for _, rid, old, new in changes:
                assert re.search(_word(new), text), (lang, rid, new)
                assert not re.search(_word(old), text), (lang, rid, old)
    finally:
        loader.clear_cache()
