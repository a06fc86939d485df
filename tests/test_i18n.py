"""The language layer: locale number and date formats, plurals, and no silent English fallback."""

from __future__ import annotations

import re

import json

import pytest

from analysis.words import i18n


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (13000, "en", "13,000"),
        (13000, "ru", "13\u00a0000"),
        (3.2, "en", "3.2"),
        (3.2, "ru", "3,2"),
        (2_000_000, "ru", "2\u00a0000\u00a0000"),
        (662, "en", "662"),
    ],
)
def test_format_number_follows_the_locale(value: float, lang: str, expected: str) -> None:
    assert i18n.format_number(value, lang) == expected


def test_format_number_with_fixed_decimals() -> None:
    assert i18n.format_number(882.666, "ru", decimals=0) == "883"
    assert i18n.format_number(1234.5, "en", decimals=1) == "1,234.5"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2011-12-16", "en", "16 December 2011"),
        ("2011-12-16", "ru", "16 декабря 2011"),
        ("2013-08", "en", "August 2013"),
        ("2013-08", "ru", "август 2013"),
        ("2009", "ru", "2009"),
    ],
)
def test_format_date_keeps_the_precision_it_is_given(value: str, lang: str, expected: str) -> None:
    assert i18n.format_date(value, lang) == expected


@pytest.mark.parametrize(
    ("n", "category"),
    [(1, "one"), (21, "one"), (11, "many"), (2, "few"), (24, "few"), (12, "many"), (5, "many"), (1.5, "other")],
)
def test_russian_plural_categories(n: float, category: str) -> None:
    assert i18n.plural_category(n, "ru") == category


def test_missing_key_is_an_error_not_an_english_fallback() -> None:
    with pytest.raises(i18n.MissingTranslation, match="no 'ru' text for 'no.such.key'"):
        i18n.t("no.such.key", "ru")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        i18n.t("source.prefix", "de")


def test_every_key_exists_in_both_languages() -> None:
    en, ru = i18n.catalogue("en"), i18n.catalogue("ru")
    assert sorted(set(en) ^ set(ru)) == []
    for key, value in en.items():
        assert type(value) is type(ru[key]), key


def test_every_template_uses_the_same_fields_in_both_languages() -> None:
    import string

    def fields(value: object) -> set[str]:
        texts = value.values() if isinstance(value, dict) else [value]
        return {f for text in texts for _, f, _, _ in string.Formatter().parse(str(text)) if f}

    def passthrough(value: object) -> bool:
        # An English entry that is only "{field}" uses the data's own (English) words; the other
        # language translates them outright, so it needs no field but the data's numbers ({n0}, …).
        return isinstance(value, str) and value.startswith("{") and value.endswith("}") and value.count("{") == 1

    en, ru = i18n.catalogue("en"), i18n.catalogue("ru")
    mismatched = {
        k: (fields(en[k]), fields(ru[k]))
        for k in en
        if fields(en[k]) != fields(ru[k])
        and not (passthrough(en[k]) and all(re.fullmatch(r"n\d+", f) for f in fields(ru[k])))
    }
    assert mismatched == {}


def test_a_key_defined_twice_in_one_language_is_refused(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"x": "1"}), encoding="utf-8")
    (folder / "b.json").write_text(json.dumps({"x": "2"}), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="key 'x' is already defined in a.json"):
            i18n.catalogue("en")
    finally:
        i18n.catalogue.cache_clear()


def test_plural_forms_are_chosen_by_count(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "ru"
    folder.mkdir()
    forms = {"one": "{n} человек", "few": "{n} человека", "many": "{n} человек"}
    (folder / "a.json").write_text(json.dumps({"people": forms}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.t("people", "ru", count=22, n=22) == "22 человека"
        assert i18n.t("people", "ru", count=15, n=15) == "15 человек"
        with pytest.raises(ValueError, match="pass count="):
            i18n.t("people", "ru", n=3)
    finally:
        i18n.catalogue.cache_clear()


def test_count_is_available_to_the_template_and_a_missing_field_is_named(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "en"
    folder.mkdir()
    entries = {"n": {"one": "{count} complaint", "other": "{count} complaints"}, "f": "{a} and {b}"}
    (folder / "a.json").write_text(json.dumps(entries), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.t("n", "en", count=13000) == "13,000 complaints"
        assert i18n.t("n", "en", count=1) == "1 complaint"
        with pytest.raises(KeyError, match="needs field 'b'"):
            i18n.t("f", "en", a="x")
    finally:
        i18n.catalogue.cache_clear()


def test_the_report_vocabulary_is_stored_once_outside_the_kit_catalogues() -> None:
    """Claimants, the "according to" forms, currencies and theme names of this report are in
    vocabulary.json; the kit's catalogues (charts, narrative, common) hold generic words only."""
    import json

    report_kinds = ("chart.claimant.", "narrative.according_to.", "narrative.currency.", "theme.", "theme_short.")
    for lang in i18n.LANGUAGES:
        folder = i18n.LOCALES_DIR / lang
        vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        assert any(k.startswith("chart.claimant.") for k in vocabulary)
        for kit in ("charts.json", "narrative.json", "common.json"):
            entries = json.loads((folder / kit).read_text(encoding="utf-8"))
            stray = [k for k in entries if k.startswith(report_kinds)]
            assert not stray, f"{folder / kit}: report words belong in vocabulary.json: {stray}"
    assert set(json.loads((i18n.LOCALES_DIR / "en" / "vocabulary.json").read_text(encoding="utf-8"))) == \
        set(json.loads((i18n.LOCALES_DIR / "ru" / "vocabulary.json").read_text(encoding="utf-8")))


# Names of this report's States, newspapers, people and bodies, as vocabulary.json holds them.
NAME_GROUPS = tuple(f"{kind}." for kind in ("state", "state_short", "state_in", "newspaper", "person", "person_to", "body"))


def _theme_catalogues(lang: str) -> dict:
    import json

    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((i18n.LOCALES_DIR / lang).glob("theme_*.json"))}


def test_every_name_is_in_the_vocabulary_once_and_no_theme_writes_it_again() -> None:
    """A State, newspaper, person or body has one entry per language, in vocabulary.json; no
    theme catalogue holds its own copy (the States were in three, the newspapers in two)."""
    import json

    for lang in i18n.LANGUAGES:
        vocabulary = json.loads((i18n.LOCALES_DIR / lang / "vocabulary.json").read_text(encoding="utf-8"))
        names = {v for k, v in vocabulary.items() if k.startswith(NAME_GROUPS + ("chart.claimant.",)) and isinstance(v, str)}
        assert any(k.startswith("state.") for k in vocabulary) and any(k.startswith("newspaper.") for k in vocabulary)
        for file, entries in _theme_catalogues(lang).items():
            copies = {k: v for k, v in entries.items() if isinstance(v, str) and v in names}
            assert not copies, f"{lang}/{file} writes names the vocabulary holds: {copies}"


def test_proper_names_come_from_the_vocabulary() -> None:
    from analysis.words.wording import MissingTranslation, proper_name

    assert proper_name("state", "Czech Republic", "ru") == "Чешская Республика"
    assert proper_name("state_in", "Uzbekistan", "ru") == "Узбекистане"
    assert proper_name("newspaper", "Pravdivaya Gazeta", "ru") == "«Правдивая газета»"
    for lang in ("en", "ru"):  # never the data's own words, in English either
        with pytest.raises(MissingTranslation, match=f"state_in.ruritania.*{lang}/vocabulary.json"):
            proper_name("state_in", "Ruritania", lang)
    with pytest.raises(ValueError, match="unknown kind of name"):
        proper_name("country", "China", "en")


@pytest.mark.parametrize(("lang", "month", "expected"), [("en", 6, "Jun"), ("ru", 6, "июнь"), ("ru", 9, "сент."),
                                                        ("ru", 5, "май")])
def test_short_month_names_are_cldrs_stand_alone_abbreviations(lang, month, expected):
    from analysis.words.i18n import month_name

    assert month_name(month, lang, short=True) == expected
