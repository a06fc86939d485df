"""analysis.words.narrative: figures in running text with qualifier, period, claimant and locator, in both
languages; Markdown embeds with alt text."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.words import narrative
from analysis.words.i18n import MissingTranslation
from analysis.kit.report import SavedFigure


def _row(**fields):
    row = {"id": "r1", "value": None, "value_max": None, "value_text": "", "unit": "people", "qualifier": "exact",
           "period_start": pd.NaT, "period_end": pd.NaT, "claimant": "general_prosecutors_office",
           "document_id": "doc", "locator": "Endnote 12"}
    row.update(fields)
    return pd.Series(row)


@pytest.mark.parametrize("start, end, lang, expected", [
    ("2013-01-01", "2013-09-30", "en", "in the first nine months of 2013"),
    ("2013-01-01", "2013-09-30", "ru", "за первые девять месяцев 2013 года"),
    ("2013-01-01", "2013-03-31", "ru", "за первые три месяца 2013 года"),
    ("2013-01-01", "2013-01-31", "en", "in January 2013"),
    ("2012-01-01", "2012-12-31", "en", "in 2012"),
    ("2012-01-01", "2012-12-31", "ru", "в 2012 году"),
    ("2012-03-01", "2012-03-31", "en", "in March 2012"),
    ("2012-03-01", "2012-03-31", "ru", "в марте 2012 года"),
    ("2013-04-01", "2013-09-30", "ru", "в апреле–сентябре 2013 года"),
    ("2011-12-16", "2011-12-16", "en", "on 16 December 2011"),
    ("2011-12-16", "2011-12-16", "ru", "16 декабря 2011 года"),
    ("2011-12-16", None, "en", "since 16 December 2011"),
    ("2011-12-16", "2012-01-15", "en", "from 16 December 2011 to 15 January 2012"),
    (None, None, "en", ""),
])
def test_period_words(start, end, lang, expected):
    row = _row(period_start=pd.Timestamp(start) if start else pd.NaT, period_end=pd.Timestamp(end) if end else pd.NaT)
    assert narrative.period(row, lang) == expected


def test_period_end_before_start_is_an_error():
    with pytest.raises(ValueError, match="r1: period_end"):
        narrative.period(_row(period_start=pd.Timestamp("2013-02-01"), period_end=pd.Timestamp("2013-01-01")), "en")


@pytest.mark.parametrize("claimant, lang, expected", [
    ("eyewitnesses", "en", "according to eyewitness accounts"),
    ("eyewitnesses", "ru", "по показаниям очевидцев"),
    ("general_prosecutors_office", "ru", "по данным Генеральной прокуратуры"),
    ("Some Ministry", "en", "according to Some Ministry"),
])
def test_according_to_names_the_claimant(claimant, lang, expected):
    assert narrative.according_to(claimant, lang) == expected


def test_unknown_claimant_in_russian_is_an_error_not_english():
    with pytest.raises(MissingTranslation):
        narrative.according_to("Some Ministry", "ru")


@pytest.mark.parametrize("fields, lang, expected", [
    ({"value": 13000, "unit": "USD", "qualifier": "approximate"}, "en", "roughly USD 13,000"),
    ({"value": 13000, "unit": "USD", "qualifier": "approximate"}, "ru", "около 13\u00a0000 долл. США"),
    ({"value": 2000000, "unit": "KZT"}, "en", "KZT 2 million"),
    ({"value": 2500000, "unit": "KZT"}, "ru", "2,5\u00a0млн тенге"),
    ({"value": 30000, "unit": "USD", "qualifier": "at_most"}, "en", "as many as USD 30,000"),
    ({"value": 700, "qualifier": "at_most"}, "en", "as many as 700"),
    ({"value": 5, "value_max": 7, "qualifier": "range"}, "ru", "от 5 до 7"),
    ({"value_text": "hundreds", "qualifier": "unquantified"}, "ru", "сотни"),
])
def test_amount_in_words(fields, lang, expected):
    assert narrative.amount(_row(**fields), lang) == expected


def test_sentence_fills_the_standard_fields():
    row = _row(value=700, qualifier="at_most", claimant="eyewitnesses", locator="Violation of the right to freedom of assembly",
               period_start=pd.Timestamp("2011-12-16"))
    text = narrative.fact(row, "en", label="detained")
    assert text == ("Detained: as many as 700, according to eyewitness accounts "
                    "[section “Violation of the right to freedom of assembly”].")
    f = narrative.fields(_row(value=187, period_start=pd.Timestamp("2011-01-01"), period_end=pd.Timestamp("2011-12-31")), "ru")
    assert f == {"value": "187", "period": "в 2011 году", "cite": "[сноска 12]",
                 "according_to": "по данным Генеральной прокуратуры", "claimant": "Генеральная прокуратура"}


def test_a_figure_without_locator_or_claimant_is_refused():
    with pytest.raises(ValueError, match="locator is empty"):
        narrative.fields(_row(value=1, locator=""), "en")
    with pytest.raises(ValueError, match="r1: column 'claimant' is empty"):
        narrative.fields(_row(value=1, claimant=None), "en")


def _saved(tmp_path, files):
    return SavedFigure("complaints", tmp_path / "complaints",
                       {"title": "Complaints", "alt_text": "Bar chart: [x] 2011: 187.", "files": files})


def test_image_embed_carries_the_alt_text(tmp_path):
    saved = _saved(tmp_path, {"svg": "complaints.svg", "png": "complaints.png"})
    assert narrative.image_embed(saved, "en") == "![Bar chart: \\[x\\] 2011: 187.](complaints.svg)"
    pdf = narrative.image_embed(_saved(tmp_path, {"pdf": "complaints.pdf"}), "ru")
    assert "(complaints.pdf)" in pdf and "Bar chart: \\[x\\] 2011: 187." in pdf
    with pytest.raises(ValueError, match="no saved file"):
        narrative.image_embed(_saved(tmp_path, {}), "en")


def test_document_layout(tmp_path):
    saved = _saved(tmp_path, {"png": "complaints.png"})
    model = narrative.document("Title", lang="ru", lead=["Lead."], facts=["A.", "B."], charts=["complaints"],
                               method=["Method."], source="Источник: X.")
    assert model.charts == ("complaints",) and model.facts == ("A.", "B.")
    text = narrative.markdown(model, [saved])
    assert text.startswith("# Title\n\nLead.\n\n## Ключевые цифры\n\n- A.\n- B.\n\n## График\n\n![")
    assert text.endswith("## Метод и\xa0оговорки\n\nMethod.\n\n## Источники\n\nИсточник: X.\n")
    with pytest.raises(ValueError, match="source line"):
        narrative.document("Title", lang="en", source=" ")


def test_markdown_refuses_a_chart_the_model_names_but_nobody_saved():
    model = narrative.document("Title", lang="en", charts=["complaints"], source="Source: X.")
    with pytest.raises(ValueError, match="complaints"):
        narrative.markdown(model, [])


def test_groups_are_lists_under_a_bold_line_or_a_level_three_heading():
    model = narrative.document("Title", lang="en", facts=[
        narrative.Group(("a1", "a2"), "2011"), narrative.Group(("b1",), "Torture", level=3)],
        method=["Before.", narrative.Group(("m1", "m2"))], source="Source: X.")
    text = narrative.markdown(model)
    assert "## Key figures\n\n**2011**\n\n- a1\n- a2\n\n### Torture\n\n- b1\n\n" in text
    assert "Before.\n\n- m1\n- m2\n\n## Sources" in text


@pytest.mark.parametrize("text, lang, expected", [
    ("2013-11", "en", "in November 2013"),
    ("2013-11", "ru", "в ноябре 2013 года"),
    ("2011-12-16", "ru", "16 декабря 2011 года"),
    ("2009", "en", "in 2009"),
])
def test_when_reads_a_date_at_its_precision(text, lang, expected):
    assert narrative.when(text, lang) == expected
    with pytest.raises(ValueError, match="not YYYY"):
        narrative.when("November", lang)


def test_alt_text_in_a_summary_keeps_the_no_break_spaces_of_russian_numbers(tmp_path) -> None:
    from analysis.words.narrative import _escape_alt

    assert _escape_alt("до 13\u00a0000\n человек [1]") == "до 13\u00a0000 человек \\[1\\]"
