"""Russian grammar and vocabulary rules on the catalogue and on everything published.

- Numbers agree with their nouns: every plural template, rendered with 1, 2, 5, 21, 31 and 102, and
  every number-noun pair in figures/, checked with pymorphy3 (docs/russian-style.md §6); a form
  never drops a field the others use (the "one" form is 1, 21, 31…, not only 1).
- No English a reader must translate: Latin script only in proper names, document symbols, file
  names and an English original in brackets after its translation; no internal ids and no ISO
  dates in what a reader sees.
- Quotations of English sources are our translation, labelled «(перевод наш)».
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from analysis.words.i18n import catalogue, format_number, plural_category
from support import published_texts as published

FIGURES = Path(__file__).resolve().parents[1] / "figures"
NUMBERS = (1, 2, 5, 21, 31, 102)


def _plural_entries() -> list[str]:
    return sorted(k for k, v in catalogue("ru").items() if isinstance(v, dict))


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


# ---- the checks fail on planted defects ----

@pytest.mark.parametrize("text", [
    "Сам документ перечисляет 102 рекомендаций, пользующихся поддержкой",
    "с 2008 по 2014 год, по 7 теме.",
    "В нашей хронологии 31 записей с датой",
    "Казахстан получил 5 рекомендации",
])
def test_a_planted_disagreement_is_caught(text: str) -> None:
    assert published.numeral_noun_disagreements(text), text


@pytest.mark.parametrize("text", [
    "перечисляет 102 рекомендации, пользующиеся поддержкой", "по 7 темам", "31 запись", "из 102 рекомендаций",
    "5 человек", "2 человека", "от 5 до 7 лет", "в 2012 году", "16 декабря 2011 года", "сноска 5 подкрепляет",
    "21 рекомендация", "по 21 теме",
])
def test_agreeing_pairs_pass(text: str) -> None:
    assert published.numeral_noun_disagreements(text) == [], text


def test_english_words_are_caught_outside_names_symbols_and_bracketed_originals() -> None:
    assert published.english_words("Ранены | hundreds | человек") == ["hundreds"]
    assert published.english_words("Место в документе: para. 124") == ["para"]
    assert published.english_words("Amnesty International, A/HRC/28/10, EUR 57/001/2013, data/upr_coding.csv") == []
    assert published.english_words("«Доклад Рабочей группы» (наш перевод; англ. Report of the Working Group)") == []


# ---- the templates ----

@pytest.mark.parametrize("key", _plural_entries())
def test_every_plural_form_carries_the_same_fields(key: str) -> None:
    forms = catalogue("ru")[key]
    assert set(forms) == {"one", "few", "many", "other"}, key
    fields = {form: _fields(text) for form, text in forms.items()}
    assert len(set(map(frozenset, fields.values()))) == 1, f"{key}: a form drops a field the others use: {fields}"


@pytest.mark.parametrize("key", _plural_entries())
def test_every_plural_template_agrees_with_1_2_5_21_31_102(key: str) -> None:
    forms = catalogue("ru")[key]
    for n in NUMBERS:
        template = forms[plural_category(n, "ru")]
        number = format_number(n, "ru")
        values = {f: (number if f in ("n", "count", "total", "value") else "X") for f in _fields(template)}
        text = template.format(**values)
        wrong = published.numeral_noun_disagreements(text)
        assert wrong == [], f"{key} with {n}: {wrong} in {text!r}"


def test_no_code_chooses_a_form_by_n_equal_to_one() -> None:
    root = Path(__file__).resolve().parents[1] / "src" / "analysis"
    found = []
    for folder in ("words", "themes"):
        for path in sorted((root / folder).glob("*.py")):
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\b(?:n|count|total|number)\s*[!=]=\s*1\b", line):
                    found.append(f"{path.name}:{i}: {line.strip()}")
    assert found == [], "a plural form is chosen by n == 1 instead of plural_category:\n" + "\n".join(found)


# ---- the published texts ----

def _russian(*, briefing: bool = True) -> list[tuple[str, str]]:
    if not (FIGURES / "ru").is_dir():
        pytest.skip("figures/ru is not built")
    return published.russian_texts(FIGURES, briefing=briefing)


def test_every_published_number_agrees_with_its_noun() -> None:
    found = [f"{where}: {hit!r}" for where, text in _russian() for hit in published.numeral_noun_disagreements(text)]
    assert found == [], f"{len(found)} disagreements:\n" + "\n".join(found[:20])


def _reader_texts() -> list[tuple[str, str]]:
    """The Russian texts a reader reads, whole: summaries, the chart texts of each sidecar (title,
    subtitle, notes, source, alt text; the drawn lines are the same texts cut where they wrap, and
    the labels are the data table's rows) and the pages' text (not the embed snippets' code)."""
    return [(w, t) for w, t in _russian(briefing=False) if ":line " not in w and ":drawn[" not in w
            and not (w.startswith(str(FIGURES / "index.html")) and " / " in t)]  # the gallery's "English / Русский" heads


def test_no_english_in_published_russian_text() -> None:
    found = [f"{where}: {w!r}" for where, text in _reader_texts() for w in published.english_words(text)]
    assert found == [], f"{len(found)} English words:\n" + "\n".join(sorted(set(found))[:40])


_INTERNAL_ID = re.compile(r"\b(?:ai-upr-2014-kazakhstan|a-hrc-\d+-\d+|rec20\d\d-[a-z-]+\d|amnesty_international|"
                          r"[a-z]+_[a-z_]+)\b")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _visible(text: str) -> str:
    return re.sub(r"\]\([^)]*\)|`[^`]*`|\S+\.(?:csv|json|png|svg|pdf|md)\b", " ", text)


def test_no_internal_ids_or_iso_dates_reach_a_reader() -> None:
    found = [f"{where}: {m.group()!r}" for where, text in _reader_texts()
             for rx in (_INTERNAL_ID, _ISO_DATE) for m in rx.finditer(_visible(text))]
    assert found == [], "\n".join(sorted(set(found))[:40])


def test_quotations_of_english_sources_are_labelled_as_our_translation() -> None:
    summary = FIGURES / "ru" / "07_upr_2014_outcome" / "summary.ru.md"
    if not summary.exists():
        pytest.skip("figures/ru is not built")
    text = summary.read_text(encoding="utf-8")
    quoted = [line for line in text.splitlines() if line.startswith("- Сноска")]
    assert quoted and all("(перевод наш)" in line for line in quoted if "«" in line)
    assert not re.search(r"„To |«The government|«accepted recommendations|«Despite", text)
