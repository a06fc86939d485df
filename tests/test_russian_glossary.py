"""The Russian catalogue follows the project glossary (docs/glossary.ru.csv).

For every concept of the glossary:
  (a) no Russian catalogue value contains one of its `avoid` variants;
  (b) every Russian value whose English counterpart (same key, same plural form) contains the
      English term (case-insensitive, on word boundaries, placeholders ignored) contains the
      Russian rendering `ru` (case-insensitive).
A concept with an empty `ru` (a tooling word such as "notebook") has no Russian rendering: it must
simply not be published, which (a) checks. Every string form of a plural value is tested.
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


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_no_russian_value_uses_a_variant_to_avoid(row: dict[str, str]) -> None:
    variants = [v for v in row["avoid"].split("|") if v]
    if not variants:
        pytest.skip("no variants to avoid")
    offending = [
        f"{key}[{form}]: {variant!r} in {text!r}" if form else f"{key}: {variant!r} in {text!r}"
        for key, value in sorted(catalogue("ru").items())
        for form, text in _forms(value).items()
        for variant in variants
        if variant.lower() in text.lower()
    ]
    assert offending == [], f"{row['concept']}: avoid {variants}:\n" + "\n".join(offending)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_russian_counterparts_of_the_english_term_use_the_glossary_rendering(row: dict[str, str]) -> None:
    if not row["ru"]:
        pytest.skip("no Russian rendering: the concept is only to be avoided")
    en, ru = catalogue("en"), catalogue("ru")
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
            if row["ru"].lower() not in text.lower():
                where = f"{key}[{form}]" if form else key
                missing.append(f"{where}: EN {english!r} -> RU {text!r}")
    assert missing == [], f"{row['concept']}: {row['en']!r} must be rendered with {row['ru']!r}:\n" + "\n".join(missing)
    assert checked, f"{row['concept']}: no English catalogue value mentions {row['en']!r}"
