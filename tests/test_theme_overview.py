"""Theme 00 overview: every theme's key figures on the fact sheet and in the summary, each with its
qualifier in words, claimant and locator, in both languages; nothing computed or typed here."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.words import alt_text, claims, i18n, narrative
from analysis.kit import encodings
from analysis.core import paths
from analysis.kit.sizes import PRINT_MAX_HEIGHT_MM
from analysis.themes import overview as theme
from analysis.words.wording import value_words
from support.changed_data import modify_data
from support import sweeps
from support.published_texts import as_published, plain

LANGS = ("en", "ru")
QUALIFIER_WORDS = {
    "en": {"at_least": "at least", "at_most": "as many as", "approximate": "roughly"},
    "ru": {"at_least": "не менее", "at_most": "до", "approximate": "около"},
}


@pytest.fixture(scope="session")
def tables():
    return theme.load_tables()


def _flat(text: str) -> str:
    return " ".join(text.split())


# ---- compute ----

def test_every_theme_module_gives_its_key_figures_in_notebook_order(tables):
    rows = theme.key_figures_by_theme(tables, lang="en")
    notebooks = [theme.theme_module(m).NOTEBOOK for m in theme.theme_modules()]
    assert list(dict.fromkeys(rows["theme"])) == notebooks
    for name in theme.theme_modules():
        module = theme.theme_module(name)
        own = module.key_figures(tables, lang="en")
        assert list(rows[rows["theme"] == module.NOTEBOOK]["id"]) == list(own["id"]), name


def test_the_figures_are_the_data_rows_unchanged(tables):
    rows = theme.key_figures_by_theme(tables)
    for _, r in rows.iterrows():
        if str(r["id"]).startswith("count-"):
            continue  # a theme's own count of table rows, labelled "our count"
        found = False
        for table in tables.values():
            if "id" in table.columns and "value" in table.columns and (table["id"] == r["id"]).any():
                src = table[table["id"] == r["id"]].iloc[0]
                assert str(src["qualifier"]) == str(r["qualifier"]), r["id"]
                assert pd.isna(src["value"]) == pd.isna(r["value"]), r["id"]
                if not pd.isna(src["value"]):
                    assert float(src["value"]) == float(r["value"]), r["id"]
                found = True
        assert found, f"{r['id']} is not a data row"


def test_a_missing_theme_module_is_named():
    with pytest.raises(ModuleNotFoundError, match="analysis.themes.nosuchtheme"):
        theme.theme_module("nosuchtheme")


def test_the_period_covered_comes_from_the_timeline(tables):
    first, last, n = theme.period_covered(tables)
    events = tables["events"]
    # one entry per dated event: a row that is the same event as another (two dates) is not counted again
    assert n == int(events["date"].notna().sum()) - int(events["same_event_as"].notna().sum())
    assert first["start"] <= last["start"]


# ---- words ----

@pytest.mark.parametrize("lang", LANGS)
def test_tile_values_keep_qualifiers_units_and_words(tables, lang):
    rows = theme.key_figures_by_theme(tables, lang=lang)
    for _, r in rows.iterrows():
        value = encodings.fact_value(r, lang)
        q = str(r["qualifier"])
        if q == "unquantified":
            assert value == value_words(r, lang) and not re.search(r"\d", value), r["id"]
        elif q in QUALIFIER_WORDS[lang]:
            assert value.startswith(QUALIFIER_WORDS[lang][q]) or QUALIFIER_WORDS[lang][q] in value, (r["id"], value)
    by_id = rows.set_index("id")
    assert encodings.fact_value(by_id.loc["comp-gerasimov-usd"], lang).startswith(QUALIFIER_WORDS[lang]["approximate"])
    assert {"en": "USD", "ru": "долл. США"}[lang] in encodings.fact_value(by_id.loc["comp-gerasimov-usd"], lang)
    sentence = by_id.loc["zh-officers-sentence"]
    assert {"en": "years", "ru": "лет"}[lang] in encodings.fact_value(sentence, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_summary_states_every_key_figure_with_claimant_and_locator(tables, lang):
    text = _flat(narrative.markdown(theme.summary(tables, lang=lang)))
    rows = theme.key_figures_by_theme(tables, lang=lang)
    for _, r in rows.iterrows():
        sentence = _flat(theme.fact_words(r, lang))
        assert sentence in text, sentence
        who = i18n.t("narrative.by_our_count", lang) if claims.is_ours(r) else narrative.according_to(
            str(r["claimant"]), lang)
        assert who in sentence
        assert narrative.cite(str(r["locator"]), lang) in sentence
    # qualifier wording, read from the rows themselves
    q = {str(r["qualifier"]): r for _, r in rows.iterrows()}
    assert f"{QUALIFIER_WORDS[lang]['at_least']} {int(q['at_least']['value'])}" in text
    assert f"{QUALIFIER_WORDS[lang]['at_most']} {int(q['at_most']['value'])}" in text
    for words in {"en": ("hundreds", "dozens"), "ru": ("сотни", "десятки")}[lang]:
        assert words in text.lower()
    for notebook in dict.fromkeys(rows["theme"]):
        assert f"### {theme.section_name(notebook, lang)}" in plain(narrative.markdown(theme.summary(tables, lang=lang)))


def test_a_label_that_continues_its_value_reads_after_it(tables):
    rows = theme.key_figures_by_theme(tables, lang="en")
    continuing = rows[[theme.continues_value(r) for _, r in rows.iterrows()]]
    for _, r in continuing.iterrows():
        words = value_words(r, "en")
        assert theme.fact_words(r, "en").startswith(f"{words[:1].upper()}{words[1:]} {r['label']}")


@pytest.mark.parametrize("lang", LANGS)
def test_claimants_other_than_the_author_are_named_on_tiles(tables, lang):
    rows = theme.key_figures_by_theme(tables, lang=lang)
    author = theme.author_claimant(tables)
    for _, r in rows.iterrows():
        caption = encodings.fact_caption(r, lang, author=author)
        if claims.is_ours(r):
            assert caption == i18n.t("chart.alt.ours", lang, value=r["label"]), r["id"]
            continue
        assert (caption == r["label"]) == (str(r["claimant"]) == author), r["id"]


# ---- chart ----

@pytest.mark.parametrize("lang", LANGS)
def test_fact_sheet_shows_every_figure_and_reads_it_out(tables, lang, close_figures):
    charts = theme.charts(tables, lang=lang, size="web")
    assert [c.name for c in charts] == ["key_figures"]
    rows = theme.key_figures_by_theme(tables, lang=lang)
    texts = [plain(t.get_text()) for t in charts[0].fig.axes[0].texts]
    for _, r in rows.iterrows():
        assert as_published(encodings.fact_value(r, lang), lang) in texts, r["id"]
    # The alt text reads out the first figure of every theme and leaves the rest to the figure
    # page's table (alt_text.MAX_CHARS); the chart's rows (its CSV, that table) hold every figure.
    alt = _flat(charts[0].alt_text)
    assert len(charts[0].alt_text) <= alt_text.MAX_CHARS
    for _, r in rows.groupby("theme", sort=False).head(1).iterrows():
        assert _flat(narrative.amount(r, lang, unit_key=theme._unit_key(r))) in alt, r["id"]
    assert alt.endswith(_flat(i18n.t("chart.alt.rest_sentence", lang)))
    assert set(rows["id"]) <= set(charts[0].rows["id"])


@pytest.mark.parametrize("lang, size", sweeps.listed([("en", "print-single"), ("ru", "print-single"), ("en", "print-double")]))
def test_print_pages_hold_whole_themes_within_the_page(tables, lang, size, close_figures):
    charts = theme.charts(tables, lang=lang, size=size)
    rows = theme.key_figures_by_theme(tables, lang=lang)
    assert sum(len(c.rows) for c in charts) == len(rows)
    seen = []
    for chart in charts:
        assert chart.fig.get_size_inches()[1] * 25.4 <= PRINT_MAX_HEIGHT_MM + 1e-6
        seen += list(dict.fromkeys(chart.rows["theme"]))
    assert len(seen) == len(set(seen))  # no theme split across pages


@pytest.mark.parametrize("lang, size", [("en", "web"), ("ru", "print-single")])
def test_tiles_stay_inside_the_figure_and_above_the_notes(tables, lang, size, close_figures):
    for chart in theme.charts(tables, lang=lang, size=size):
        fig = chart.fig
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        notes_top = max(t.get_window_extent(renderer).y1 for t in fig.texts if t.get_gid() in ("chart-notes",))
        for text in fig.axes[0].texts:
            if not text.get_text():
                continue
            box = text.get_window_extent(renderer)
            assert box.x1 <= fig.bbox.x1 + 0.5, (chart.name, text.get_text())
            assert box.y0 >= notes_top - 0.5, (chart.name, text.get_text())


# ---- no number typed ----

def test_changed_data_changes_the_overview(tmp_path, monkeypatch, close_figures):
    from analysis.data import loader

    monkeypatch.delenv(paths.SOURCES_ENV, raising=False)
    target = tmp_path / "data"
    changes = [c for c in modify_data(paths.REPO_ROOT / "data", target) if c[3] >= 100]
    loader.clear_cache()
    try:
        changed = theme.load_tables(target)
        ids = set(theme.key_figures_by_theme(changed)["id"])
        stated = [c for c in changes if c[1] in ids]
        assert stated
        new_values = {c[3] for c in stated}
        for lang in LANGS:
            text = narrative.markdown(theme.summary(changed, lang=lang)) + theme.charts(changed, lang=lang, size="web")[0].alt_text
            flat = text.replace("\u00a0", "").replace(",", "")
            for table, rid, old, new in stated:
                assert str(new) in flat, (lang, rid, new)
                if old >= 100 and old not in new_values:  # (40 -> 121 while 121 -> 364)
                    assert not re.search(rf"(?<!\d){old}(?!\d)", flat), (lang, rid, old)
    finally:
        loader.clear_cache()
