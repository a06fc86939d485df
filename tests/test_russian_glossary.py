r"""The Russian catalogue follows the project glossary (docs/glossary.ru.csv).

For every concept of the glossary:
  (a) no Russian catalogue value contains one of its `avoid` variants;
  (b) every Russian value whose English counterpart (same key, same plural form) contains the
      English term (case-insensitive, on word boundaries, placeholders ignored) matches the
      Russian rendering `ru`, a case-insensitive regular expression for the whole term («Генеральн\w*
      прокур\w*», not a bare stem such as «прокур» that any text with those letters passes).
A concept with an empty `ru` (a tooling word such as "notebook") has no Russian rendering: it must
simply not be published, which (a) checks. Every string form of a plural value is tested, and both
checks fail on the variants the editor lists (a planted catalogue).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from analysis.words.i18n import catalogue

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.ru.csv"
HEADER = ["concept", "en", "ru", "avoid", "notes"]
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _rows() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _forms(value: object) -> dict[str, str]:
    """A catalogue value as {form: text}: "" for a plain string, the plural category otherwise."""
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {"": str(value)}


def _english_form(en_value: object, form: str) -> str | None:
    """The English text that a Russian form translates: the same category, else English "other"
    (Russian few/many have no English form of their own)."""
    forms = _forms(en_value)
    if form in forms:
        return forms[form]
    return forms.get("other")


def _mentions(text: str, term: str) -> bool:
    text = _PLACEHOLDER.sub(" ", text)
    return re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text, flags=re.IGNORECASE) is not None


ROWS = _rows()
IDS = [row["concept"] for row in ROWS]


def test_glossary_parses_with_the_expected_header_and_unique_concepts() -> None:
    with GLOSSARY.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == HEADER
    assert len(ROWS) >= 25
    concepts = [row["concept"] for row in ROWS]
    duplicates = sorted({c for c in concepts if concepts.count(c) > 1})
    assert duplicates == [], f"concepts defined more than once: {duplicates}"
    for row in ROWS:
        assert row["concept"].strip() and row["en"].strip(), row
        assert row["en"] == row["en"].lower(), f"{row['concept']}: `en` must be lower case"
        assert None not in row, f"{row['concept']}: too many columns"
        assert all(v.strip() for v in row["avoid"].split("|") if row["avoid"]), f"{row['concept']}: empty avoid variant"


def avoided(row: dict[str, str], ru: dict[str, object]) -> list[str]:
    """The Russian values that use one of the row's variants to avoid."""
    variants = [v for v in row["avoid"].split("|") if v]
    return [
        f"{key}[{form}]: {variant!r} in {text!r}" if form else f"{key}: {variant!r} in {text!r}"
        for key, value in sorted(ru.items())
        for form, text in _forms(value).items()
        for variant in variants
        if variant.lower() in text.lower()
    ]


def unrendered(row: dict[str, str], en: dict[str, object], ru: dict[str, object]) -> tuple[int, list[str]]:
    """(how many Russian values translate the English term, those that do not match `ru`)."""
    pattern = re.compile(row["ru"], re.IGNORECASE)
    checked, missing = 0, []
    for key, en_value in sorted(en.items()):
        if key not in ru:
            continue  # key parity is test_i18n's business
        if key.startswith("source.title."):
            continue  # a document's title is its name, translated as a title, not running text
        for form, text in _forms(ru[key]).items():
            english = _english_form(en_value, form)
            if english is None or not _mentions(english, row["en"]):
                continue
            checked += 1
            if not pattern.search(text):
                where = f"{key}[{form}]" if form else key
                missing.append(f"{where}: EN {english!r} -> RU {text!r}")
    return checked, missing


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_no_russian_value_uses_a_variant_to_avoid(row: dict[str, str]) -> None:
    if not row["avoid"]:
        pytest.skip("no variants to avoid")
    offending = avoided(row, catalogue("ru"))
    assert offending == [], f"{row['concept']}: avoid {row['avoid']}:\n" + "\n".join(offending)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_russian_counterparts_of_the_english_term_use_the_glossary_rendering(row: dict[str, str]) -> None:
    if not row["ru"]:
        pytest.skip("no Russian rendering: the concept is only to be avoided")
    checked, missing = unrendered(row, catalogue("en"), catalogue("ru"))
    assert missing == [], f"{row['concept']}: {row['en']!r} must be rendered with {row['ru']!r}:\n" + "\n".join(missing)
    assert checked, f"{row['concept']}: no English catalogue value mentions {row['en']!r}"


@pytest.mark.parametrize("row", [r for r in ROWS if r["avoid"]], ids=[r["concept"] for r in ROWS if r["avoid"]])
def test_a_planted_variant_to_avoid_is_caught(row: dict[str, str]) -> None:
    for variant in row["avoid"].split("|"):
        planted = {"planted.key": f"Текст, в котором стоит {variant} посреди фразы."}
        assert avoided(row, planted), f"{row['concept']}: {variant!r} passes"


# Multi-word English terms that Russian says in one word (a compound or a noun that carries the
# whole term): the only renderings allowed to be one word for a term of several.
ONE_WORD = {"general_prosecutors_office": "прокуратура", "criminal_procedural_code": "уголовно-процессуальный",
            "draft_law": "законопроект", "recommendations_made": "вынесены / сформулированы",
            "qualifier_in_words": "формулировка"}


def test_renderings_are_term_specific_not_bare_stems() -> None:
    """A term of several words is rendered by a pattern of several words, so a text that only
    shares a stem with it fails: «прокурор города Алматы» is not «Генеральный прокурор», and
    «безопасности» alone is not «силы безопасности»."""
    loose = [r["concept"] for r in ROWS if r["ru"] and len(r["en"].split()) > 1 and r["concept"] not in ONE_WORD
             and any(len(alt.replace("\\w*", "").split()) < 2 for alt in r["ru"].split("|"))]
    assert loose == [], f"renderings too loose to be term-specific: {loose}"
    row = next(r for r in ROWS if r["concept"] == "general_prosecutor")
    en = {"planted.key": "The General Prosecutor instructs"}
    assert unrendered(row, en, {"planted.key": "Прокурор города Алматы поручает"})[1]
    assert not unrendered(row, en, {"planted.key": "Генеральный прокурор поручает"})[1]
    row = next(r for r in ROWS if r["concept"] == "security_forces")
    en = {"planted.key": "killed by the security forces"}
    assert unrendered(row, en, {"planted.key": "убиты силовиками ради безопасности"})[1]
