"""Theme 02 (Zhanaozen): compute functions, encodings (claimants side by side, words never drawn as
numbers, the sentence range as an interval) and the narrative in both languages, with figures taken
from the loaded tables so the tests hold the wording."""

from __future__ import annotations

import pytest
from matplotlib.patches import Rectangle

from analysis.words.i18n import MissingTranslation, format_number
from analysis.words import narrative
from analysis.themes import zhanaozen
from support.changed_data import modify_data
from support.published_texts import as_published, plain


@pytest.fixture(scope="session")
def tables():
    return zhanaozen.load_tables()


def _value(tables, measure: str, claimant: str | None = None) -> int:
    return int(zhanaozen.one(tables, measure, claimant=claimant)["value"])


def _n(x: float, lang: str) -> str:
    return format_number(float(x), lang, 0)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_measure_has_a_label(tables, lang):
    labels = zhanaozen.facts(tables, lang=lang)["label"]
    assert labels.str.len().min() > 0
    with pytest.raises(MissingTranslation):
        zhanaozen.measure_label("not_a_measure", lang)


def test_detention_counts_side_by_side_never_subtracted(tables):
    counts = zhanaozen.detention_counts(tables)
    assert list(counts["claimant"].astype(str)) == ["general_prosecutors_office", "eyewitnesses"]
    assert list(counts["qualifier"].astype(str)) == ["exact", "at_most"]
    assert "gap" not in counts.columns  # different claimants, one a bound: no difference is made (F-01)


def test_one_refuses_an_ambiguous_measure(tables):
    with pytest.raises(ValueError, match="expected one row for measure 'detained', found 2"):
        zhanaozen.one(tables, "detained")


def test_sentence_range_is_the_range_and_the_officers(tables):
    rows = zhanaozen.sentence_range(tables)
    assert list(rows["measure"].astype(str)) == ["officers_convicted", "officers_sentence"]
    sentence = rows.iloc[1]
    assert str(sentence["qualifier"]) == "range" and sentence["value"] < sentence["value_max"]


@pytest.fixture(scope="session")
def drawn(tables):
    """The three charts of each language (figures open for inspection)."""
    import matplotlib.pyplot as plt

    out = {lang: {c.name: c for c in zhanaozen.charts(tables, lang=lang, size="web")} for lang in ("en", "ru")}
    yield out
    plt.close("all")


def test_detentions_chart_names_each_claimant(drawn):
    ax = drawn["en"]["detentions"].fig.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["General Prosecutor's Office", "Eyewitnesses", "General Prosecutor's Office"]
    ru = [t.get_text() for t in drawn["ru"]["detentions"].fig.axes[0].get_yticklabels()]
    assert ru[:2] == ["Генеральная прокуратура", "Очевидцы"]


def test_words_are_never_drawn_as_numbers(tables, drawn):
    for lang, words in (("en", "hundreds"), ("ru", "сотни")):
        chart = drawn[lang]["key_figures"]
        texts = [t.get_text() for t in chart.fig.axes[0].texts]
        assert texts.count(words) == 1  # wounded ("Zhanaozen and elsewhere" allegations are not on the card)
        assert not any(isinstance(p, Rectangle) for p in chart.fig.axes[0].patches)
        label = zhanaozen.measure_label("wounded", lang)
        assert f"{label}: {words}" in chart.alt_text


def test_sentence_range_is_drawn_as_an_interval(tables, drawn):
    ax = drawn["en"]["sentences"].fig.axes[0]
    sentence = zhanaozen.one(tables, "officers_sentence")
    assert not [p for p in ax.patches if isinstance(p, Rectangle)]
    spans = [sorted(line.get_xdata()) for line in ax.lines if len(line.get_xdata()) == 2]
    assert [float(sentence["value"]), float(sentence["value_max"])] in [[float(x) for x in s] for s in spans]


WORDING = {
    "en": {
        "toll": "On 16 December 2011, during Independence Day festivities in Zhanaozen, {killed} protesters were killed "
                "and hundreds wounded by the security forces, according to Amnesty International "
                "[section “Violation of the right to freedom of assembly”].",
        "official": "According to the General Prosecutor's Office, {gpo} people were detained and {arrested} people "
                    "arrested on charges of organizing and participating in “mass disorder” "
                    "[section “Violation of the right to freedom of assembly”].",
        "eyewitness": "According to eyewitness accounts, as many as {eye} people were detained following the clashes "
                      "[section “Violation of the right to freedom of assembly”].",
        "bullet": "- Detained: as many as {eye} people, according to eyewitness accounts "
                  "[section “Violation of the right to freedom of assembly”].",
        "not_reconciled": "The submission reports both figures and does not reconcile them.",
        "trial": "In March 2012, {defendants} people were on trial for organizing or participating in the protests "
                 "in Zhanaozen; most of them alleged in court",
        "officers": "In May 2012, {officers} senior security officers were found guilty of abuse of office and "
                    "sentenced to prison terms of between {low} and {high} years, according to Amnesty International "
                    "[section “Torture and other ill-treatment”].",
        "allegations": "there have been hundreds of allegations of torture and ill-treatment",
        "unnamed": "Reportedly, many more security officials had used excessive force in Zhanaozen",
    },
    "ru": {
        "toll": "16 декабря 2011 года во время празднования Дня независимости в Жанаозене силы безопасности убили "
                "{killed} протестующих и ранили сотни, по данным Amnesty International "
                "[раздел «Нарушение права на свободу собраний»].",
        "official": "По данным Генеральной прокуратуры, были задержаны {gpo} человек и арестованы {arrested} человек "
                    "по обвинению в организации «массовых беспорядков» и участии в них "
                    "[раздел «Нарушение права на свободу собраний»].",
        "eyewitness": "По показаниям очевидцев, после столкновений были задержаны до {eye} человек "
                      "[раздел «Нарушение права на свободу собраний»].",
        "bullet": "- Задержаны: до {eye} человек, по показаниям очевидцев "
                  "[раздел «Нарушение права на свободу собраний»].",
        "not_reconciled": "В материалах Amnesty приведены обе цифры; расхождение не объясняется.",
        "trial": "В марте 2012 года перед судом по обвинению в организации протестов в Жанаозене или участии в них "
                 "предстали {defendants} человек; большинство из них заявило в суде",
        "officers": "В мае 2012 года {officers} высокопоставленных сотрудников сил безопасности были осуждены "
                    "за должностные преступления (в формулировке Amnesty — abuse of office) и приговорены к лишению свободы на срок "
                    "от {low} до {high} лет, по данным Amnesty International [раздел «Пытки и другие виды жестокого обращения»].",
        "allegations": "подали сотни заявлений о пытках или ином жестоком обращении",
        "unnamed": "По сообщениям, на которые ссылаются материалы Amnesty, гораздо больше сотрудников сил безопасности применяли чрезмерную силу в Жанаозене",
    },
}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_summary_states_each_figure_with_qualifier_claimant_and_locator(tables, drawn, lang, tmp_path):
    from analysis.kit import report

    charts = zhanaozen.charts(tables, lang=lang, size="web")
    saved = report.save_charts(charts, tmp_path, zhanaozen.NOTEBOOK, ["png"], "web")
    summary = narrative.markdown(zhanaozen.summary(tables, [s.name for s in saved], lang=lang), saved)
    sentence = zhanaozen.one(tables, "officers_sentence")
    fields = {"killed": _n(_value(tables, "killed"), lang), "arrested": _n(_value(tables, "arrested"), lang),
              "gpo": _n(_value(tables, "detained", "general_prosecutors_office"), lang),
              "eye": _n(_value(tables, "detained", "eyewitnesses"), lang),
              "defendants": _n(_value(tables, "trial_defendants"), lang),
              "officers": _n(_value(tables, "officers_convicted"), lang),
              "low": _n(sentence["value"], lang), "high": _n(sentence["value_max"], lang)}
    for name, template in WORDING[lang].items():
        assert as_published(template.format(**fields), lang) in plain(summary), name
    for chart in saved:
        assert f"![{chart.alt_text}]({chart.name}.png)" in summary
    # every row of the table is a key figure with its claimant and locator
    assert summary.count("\n- ") == len(tables["zhanaozen"])


def test_the_summary_follows_changed_data(tmp_path, monkeypatch):
    from analysis.core.paths import REPO_ROOT

    monkeypatch.delenv("ANALYSIS_SOURCES_DIR", raising=False)
    changes = {row_id: new for _, row_id, _old, new in modify_data(REPO_ROOT / "data", tmp_path / "data")}
    tables = zhanaozen.load_tables(tmp_path / "data")
    text = narrative.markdown(zhanaozen.summary(tables, lang="en"))
    assert f"On 16 December 2011, during Independence Day festivities in Zhanaozen, {changes['zh-killed']} protesters" in text
    assert f"as many as {changes['zh-detained-eyewitnesses']:,} people, according to eyewitness accounts" in text
    assert f"{changes['zh-detained-gpo']} people were detained and {changes['zh-arrested-gpo']} people arrested" in text
    assert "as many as 700" not in text and " 130 " not in text
