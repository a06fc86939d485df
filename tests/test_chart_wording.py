"""Words the kit puts on charts: qualifiers, periods, claimants, the source line and alt text,
in English and Russian, all from the catalogue and the rows."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.words import alt_text, attribution, wording
from analysis.words.i18n import MissingTranslation

NBSP = "\u00a0"


def row(**fields):
    base = {"id": "r1", "value": None, "value_max": None, "value_text": "", "qualifier": "exact"}
    base.update(fields)
    return pd.Series(base)


@pytest.mark.parametrize(
    ("fields", "lang", "style", "expected"),
    [
        ({"value": 187}, "en", "short", "187"),
        ({"value": 13000, "qualifier": "approximate"}, "en", "short", "roughly 13,000"),
        ({"value": 13000, "qualifier": "approximate"}, "ru", "short", f"около 13{NBSP}000"),
        ({"value": 12, "qualifier": "at_least"}, "en", "short", "at least 12"),
        ({"value": 12, "qualifier": "at_least"}, "ru", "short", "не менее 12"),
        ({"value": 700, "qualifier": "at_most"}, "en", "short", "as many as 700"),
        ({"value": 700, "qualifier": "at_most"}, "ru", "short", "до 700"),
        ({"value": 5, "value_max": 7, "qualifier": "range"}, "en", "short", "5–7"),
        ({"value": 5, "value_max": 7, "qualifier": "range"}, "en", "long", "between 5 and 7"),
        ({"value": 5, "value_max": 7, "qualifier": "range"}, "ru", "long", "от 5 до 7"),
        ({"value_text": "hundreds", "qualifier": "unquantified"}, "en", "short", "hundreds"),
        ({"value_text": "hundreds", "qualifier": "unquantified"}, "ru", "short", "сотни"),
        ({"value": 3.2}, "ru", "short", "3,2"),
        ({"value": 2000000}, "ru", "short", f"2{NBSP}000{NBSP}000"),
    ],
)
def test_value_words(fields, lang, style, expected) -> None:
    assert wording.value_words(row(**fields), lang, style=style) == expected


def test_unquantified_is_never_a_number() -> None:
    r = row(value=300, value_text="hundreds", qualifier="unquantified")
    assert wording.value_words(r, "en") == "hundreds"


def test_bad_rows_are_named() -> None:
    with pytest.raises(ValueError, match=r"row r1: column 'qualifier': 'about' is not one of"):
        wording.value_words(row(value=1, qualifier="about"), "en")
    with pytest.raises(ValueError, match=r"row r1: column 'value_text' is empty"):
        wording.value_words(row(qualifier="unquantified"), "en")
    with pytest.raises(ValueError, match=r"row r1: column 'value_max' is empty"):
        wording.value_words(row(value=5, qualifier="range"), "en")


def test_words_without_a_russian_entry_are_an_error() -> None:
    with pytest.raises(MissingTranslation, match=r"chart.claimant.ministry_of_magic.*locales/ru/vocabulary.json"):
        wording.term("claimant", "Ministry of Magic", "ru")
    assert wording.term("claimant", "Ministry of Magic", "en") == "Ministry of Magic"
    assert wording.term("claimant", "General Prosecutor's Office", "ru") == "Генеральная прокуратура"
    assert wording.term("claimant", "General Prosecutor's Office", "en", bare=True) == "General Prosecutor's Office"


def test_partial_period_is_found_and_named(torture_rows) -> None:
    flags = wording.partial_flags(torture_rows)
    assert flags.tolist() == [False, False, True]
    last = torture_rows.iloc[2]
    assert wording.period_words(last, "en") == "Jan–Sep"
    assert wording.period_words(last, "ru") == "янв.–сент."
    assert wording.period_words(last, "en", short=False, with_year=True) == "January–September 2013"
    marked = torture_rows.assign(partial=[False, True, False])
    assert wording.partial_flags(marked).tolist() == [False, True, False]


def test_period_end_before_start_is_refused(torture_rows) -> None:
    bad = torture_rows.copy()
    bad.loc[0, "period_end"] = pd.Timestamp("2010-01-01")
    with pytest.raises(ValueError, match="row tc-2011: period_end 2010-01-01 is before period_start"):
        wording.partial_flags(bad)


# ---- source line ----

def test_source_line_names_document_locator_and_claimants(detained_rows, chart_documents) -> None:
    line = attribution.source_line(detained_rows, chart_documents, "en")
    assert line == (
        "Source: Amnesty International, “Kazakhstan: Crackdown on human rights: abuse of power and freedoms "
        "curtailed” (EUR 57/002/2014, March 2014), section “Violation of the right to freedom of assembly” "
        "(figures: the General Prosecutor's Office, eyewitnesses)."
    )


def test_source_line_in_russian(torture_rows, chart_documents) -> None:
    line = attribution.source_line(torture_rows, chart_documents, "ru")
    assert line.startswith("Источник: Amnesty International, «Kazakhstan: Crackdown")
    assert line.endswith("(EUR 57/002/2014, март 2014), сноска 12 (данные: Генеральная прокуратура).")


def test_source_line_follows_the_data(extradition_rows, chart_documents) -> None:
    """Nothing typed: change the rows and the documents table, the line changes."""
    line = attribution.source_line(extradition_rows, chart_documents, "en")
    assert "section “Violation of non-refoulement obligation”, endnote 19." in line
    assert "figures:" not in line  # the author's own figures name no separate claimant
    docs = pd.concat([chart_documents, chart_documents.assign(
        document_id="cat-2012", author="UN Committee against Torture", title="Decision", symbol="CAT/C/48/D/444/2010",
        published="2012-06")], ignore_index=True)
    rows = extradition_rows.copy()
    rows.loc[2, "document_id"] = "cat-2012"
    rows.loc[2, "claimant"] = "UN Committee against Torture"
    line = attribution.source_line(rows, docs, "en")
    assert line.endswith("; UN Committee against Torture, “Decision” (CAT/C/48/D/444/2010, June 2012), endnote 19.")


@pytest.mark.parametrize(
    ("locator", "lang", "expected"),
    [
        ("Endnote 12", "en", "endnote 12"),
        ("Endnotes 14, 16, 18; Annex", "ru", "приложение, сноски 14, 16, 18"),
        ("Follow up to the previous review: Violation of non-refoulement obligations; Endnote 7; Endnote 8", "en",
         "section “Follow up to the previous review: Violation of non-refoulement obligations”, endnotes 7, 8"),
        ("Torture and other ill-treatment; Violation of non-refoulement obligation", "ru",
         "разделы «Пытки и другие виды жестокого обращения», «Нарушение обязательства о невысылке»"),
        ("Annex, note 1", "en", "annex, note 1"),
        ("Cover page", "ru", "титульная страница"),
    ],
)
def test_locator_words(locator: str, lang: str, expected: str) -> None:
    assert attribution.locator_words(locator, lang) == expected


def test_source_line_with_claimant_ids_and_cited_documents(torture_rows, chart_documents) -> None:
    """Data tables hold claimant ids ("general_prosecutors_office") and cited_document_id."""
    docs = pd.concat([chart_documents, chart_documents.assign(
        document_id="cat-433", author="UN Committee against Torture", title="Communication No. 433/2010",
        symbol="CAT/C/48/D/433/2010", published="2012-07-10")], ignore_index=True)
    rows = torture_rows.assign(claimant="general_prosecutors_office", cited_document_id=["", "", "cat-433"])
    rows.loc[0, "claimant"] = "amnesty_international"  # the author's own: not listed as a claimant
    en = attribution.source_line(rows, docs, "en")
    assert en.endswith("endnote 12 (figures: the General Prosecutor's Office; citing CAT/C/48/D/433/2010).")
    ru = attribution.source_line(rows, docs, "ru")
    assert ru.endswith("сноска 12 (данные: Генеральная прокуратура; со ссылкой на документы: CAT/C/48/D/433/2010).")
    rows.loc[1, "cited_document_id"] = "cat-999"
    with pytest.raises(ValueError, match=r"row tc-2012: column 'cited_document_id': 'cat-999' is not in"):
        attribution.source_line(rows, docs, "en")


def test_unknown_claimant_ids_need_words_in_every_language() -> None:
    with pytest.raises(MissingTranslation, match="chart.claimant.ministry_of_magic"):
        wording.term("claimant", "ministry_of_magic", "en")


def test_source_line_refuses_unknown_documents(torture_rows, chart_documents) -> None:
    rows = torture_rows.copy()
    rows.loc[1, "document_id"] = "nowhere"
    with pytest.raises(ValueError, match=r"row tc-2012: column 'document_id': 'nowhere' is not in the documents table"):
        attribution.source_line(rows, chart_documents, "en")


# ---- alt text ----

def test_alt_text_reads_out_every_figure_with_its_qualifier(torture_rows) -> None:
    from support.chart_samples import torture_estimate

    text = alt_text.compose_alt_text(torture_rows, lang="en", title="Torture complaints",
                                     estimates=torture_estimate(torture_rows))
    assert text == ("Bar chart: Torture complaints. 2011: 187; 2012: 602; 2013 (January–September only): 662 "
                    "(our estimate for the whole year at the same monthly rate: about 883; not a figure from the source).")


def test_alt_text_names_conflicting_claimants(detained_rows) -> None:
    en = alt_text.compose_alt_text(detained_rows, lang="en", title="Detentions", kind="comparison")
    assert ("130 (according to the General Prosecutor's Office) and as many as 700 "
            "(according to eyewitness accounts)") in en
    ru = alt_text.compose_alt_text(detained_rows, lang="ru", title="Задержания", kind="comparison")
    assert ru.startswith("Сравнительная диаграмма: Задержания.")
    assert "130 (по данным Генеральной прокуратуры) и до 700 (по показаниям очевидцев)" in ru


@pytest.mark.parametrize(
    ("items", "lang", "expected"),
    [
        ([], "en", ""),
        (["a"], "en", "a"),
        (["a", "b"], "en", "a and b"),
        (["a", "b", "c"], "en", "a, b and c"),
        (["а", "б"], "ru", "а и б"),
        (["а", "б", "в"], "ru", "а, б и в"),
    ],
)
def test_lists_join_with_and_for_two_and_more_items(items, lang, expected) -> None:
    assert wording.join_words(items, lang) == expected


def test_lists_follow_cldr_without_a_serial_comma() -> None:
    """CLDR's list patterns (Babel), British English for the house style: no comma before "and"."""
    from babel.lists import format_list

    four = ["Belgium", "Canada", "France", "Norway"]
    assert wording.join_words(four, "en") == format_list(four, locale="en_GB") == "Belgium, Canada, France and Norway"
    assert wording.join_words(four, "ru") == format_list(four, locale="ru")
    with pytest.raises(ValueError, match="unknown language 'kk'"):
        wording.join_words(four, "kk")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_alt_text_and_narrative_name_a_claimant_with_the_same_phrase(detained_rows, lang) -> None:
    from analysis.words import narrative

    text = alt_text.compose_alt_text(detained_rows, lang=lang, title="Detentions", kind="comparison")
    for claimant in detained_rows["claimant"]:
        assert narrative.according_to(str(claimant), lang) in text


def test_alt_text_keeps_words_and_units(zhanaozen_rows, sentence_rows, monkeypatch) -> None:
    text = alt_text.compose_alt_text(zhanaozen_rows, lang="ru", title="Жанаозен")
    assert "Wounded: сотни (по данным Amnesty International);" in text
    from analysis.words import i18n

    for lang, forms in (("en", {"one": "year", "other": "years"}),
                        ("ru", {"one": "год", "few": "года", "many": "лет", "other": "года"})):
        monkeypatch.setitem(i18n.catalogue(lang), "test.unit.years", forms)
    monkeypatch.setitem(i18n.catalogue("ru"), "test.unit.years.genitive",
                        {"one": "года", "few": "лет", "many": "лет", "other": "года"})
    en = alt_text.compose_alt_text(sentence_rows, lang="en", title="Terms", kind="dot", unit_key="test.unit.years",
                                   notes=["Draft code, not law."])
    assert en.endswith("May 2012: between 5 and 7 years; Defamation, draft Criminal Code: as many as 3 years. "
                       "Draft code, not law.")
    ru = alt_text.compose_alt_text(sentence_rows, lang="ru", title="Сроки", kind="dot", unit_key="test.unit.years")
    assert "от 5 до 7 лет" in ru and "до 3 лет" in ru
    exact = sentence_rows.assign(qualifier="exact")
    assert "Five security officers, May 2012: 5 лет; Defamation, draft Criminal Code: 3 года." in alt_text.compose_alt_text(
        exact, lang="ru", title="Сроки", unit_key="test.unit.years")


def test_russian_unit_after_a_bound_needs_its_genitive(sentence_rows, monkeypatch) -> None:
    from analysis.words import i18n

    monkeypatch.setitem(i18n.catalogue("ru"), "test.unit.days", {"one": "день", "few": "дня", "many": "дней", "other": "дня"})
    with pytest.raises(MissingTranslation, match="test.unit.days.genitive"):
        wording.value_words(sentence_rows.iloc[1], "ru", unit_key="test.unit.days")


def test_alt_text_follows_the_data(torture_rows) -> None:
    changed = torture_rows.copy()
    changed.loc[1, "value"] = 640
    text = alt_text.compose_alt_text(changed, lang="en", title="T")
    assert "2012: 640" in text and "602" not in text


def test_alt_text_refuses_unknown_kinds(torture_rows) -> None:
    with pytest.raises(ValueError, match="kind 'pie'"):
        alt_text.compose_alt_text(torture_rows, lang="en", title="T", kind="pie")


@pytest.mark.parametrize(
    ("unit", "value", "qualifier", "lang", "expected"),
    [
        ("years", 3, "exact", "ru", "3 года"),
        ("years", 3, "at_most", "ru", "до 3 лет"),
        ("people", 21, "exact", "ru", "21 человек"),
        ("people", 21, "at_least", "ru", "не менее 21 человека"),
        ("people", 700, "at_most", "en", "as many as 700 people"),
        ("complaints", 1, "exact", "en", "1 complaint"),
    ],
)
def test_kit_unit_words_agree_with_the_number(unit, value, qualifier, lang, expected) -> None:
    r = row(value=value, qualifier=qualifier)
    assert wording.value_words(r, lang, style="long", unit_key=wording.unit_key(unit)) == expected


def test_every_unit_of_the_data_package_has_kit_words() -> None:
    import json

    from analysis.core.paths import REPO_ROOT

    package = REPO_ROOT / "data" / "datapackage.json"
    if not package.exists():
        pytest.skip("data/datapackage.json is not there yet")
    units = set()
    for resource in json.loads(package.read_text(encoding="utf-8")).get("resources", []):
        for field in resource.get("schema", {}).get("fields", []):
            if field.get("name") == "unit":
                units.update(field.get("constraints", {}).get("enum", []))
    assert units, "no unit list found in the data package"
    for unit in sorted(units):
        wording.unit_key(unit)  # raises MissingTranslation when the kit has no words for it
