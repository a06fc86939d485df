"""User-facing words in English and Russian: one catalogue per language, no English fallback.

A catalogue is the folder `locales/<lang>/`; its JSON files are merged (a key defined twice is an
error) so that each part of the package keeps its strings in its own file. Values are
`str.format` templates with named fields. Plural-sensitive words are objects with CLDR plural
categories (`one`, `few`, `many`, `other`), chosen with `plural_category`.
"""

from __future__ import annotations

import json
import os
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en", "ru")
# Catalogue folders beyond LOCALES_DIR, each with <lang>/*.json: a theme kept outside the package
# brings its own words (analysis.themes.base.ThemeSpec.locales).
_EXTRA_LOCALES: list[Path] = []



class MissingTranslation(KeyError):
    """A key has no text in the requested language: fail rather than show another language."""

    def __str__(self) -> str:  # KeyError quotes its argument; show the sentence instead.
        return str(self.args[0])


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    return lang


def add_locales(folder: str | os.PathLike[str]) -> None:
    """Merge the catalogues under `folder`/<lang>/ into every language's (a key defined twice is an error)."""
    path = Path(folder).resolve()
    if path not in _EXTRA_LOCALES:
        _EXTRA_LOCALES.append(path)
        catalogue.cache_clear()


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, Any]:
    """All strings of one language, merged from locales/<lang>/*.json (and any added folder's)."""
    _check_lang(lang)
    merged: dict[str, Any] = {}
    origin: dict[str, str] = {}
    files = sorted((LOCALES_DIR / lang).glob("*.json")) + [p for extra in _EXTRA_LOCALES
                                                         for p in sorted((extra / lang).glob("*.json"))]
    for path in files:
        with path.open(encoding="utf-8") as fh:
            entries = json.load(fh)
        for key, value in entries.items():
            if key in merged:
                raise ValueError(f"{path}: key {key!r} is already defined in {origin[key]}")
            merged[key] = value
            origin[key] = path.name if path.parent.parent == LOCALES_DIR else str(path)
    return merged


def plural_category(n: float, lang: str) -> str:
    """CLDR plural category of a number (Babel's rules): English one/other; Russian one/few/many/other."""
    from babel import Locale

    return Locale.parse(_BABEL_LOCALE[_check_lang(lang)]).plural_form(n)


def t(key: str, lang: str, /, *, count: float | None = None, **fields: Any) -> str:
    """The text for `key` in `lang`, formatted with `fields`; `count` selects a plural form."""
    entries = catalogue(lang)
    if key not in entries:
        raise MissingTranslation(f"no {lang!r} text for {key!r} in {LOCALES_DIR / lang}")
    template = entries[key]
    if isinstance(template, dict):
        if count is None:
            raise ValueError(f"{key!r} has plural forms: pass count=")
        category = plural_category(count, lang)
        template = template.get(category, template.get("other"))
        if template is None:
            raise MissingTranslation(f"no {lang!r} plural form {category!r} for {key!r}")
        fields.setdefault("count", format_number(count, lang))
    try:
        return template.format(**fields) if fields else template
    except KeyError as missing:
        raise KeyError(f"{lang!r} text for {key!r} needs field {missing.args[0]!r}: pass it to t()") from None


def format_number(value: float, lang: str, decimals: int | None = None) -> str:
    """A number as the language writes it (CLDR, through Babel): 13,000 / 3.2 in English; 13 000 /
    3,2 in Russian, whose typography leaves a four-digit number whole ("1000").

    `decimals` None shows as many as the number has, to twelve significant digits, so a float's
    binary noise (0.1 + 0.2) never shows and 1e-05 reads 0.00001.
    """
    from decimal import Decimal

    from babel.numbers import format_decimal

    _check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("cannot format a missing number")
    if decimals is None:
        exponent = Decimal(repr(float(f"{float(value):.12g}"))).normalize().as_tuple().exponent
        decimals = max(0, -int(exponent))
    fraction = "." + "0" * decimals if decimals else ""
    grouped = not (lang == "ru" and abs(float(value)) < 10_000)
    pattern = ("#,##0" if grouped else "0") + fraction
    return format_decimal(value, format=pattern, locale=_BABEL_LOCALE[lang], decimal_quantization=True)


_BABEL_LOCALE = {"en": "en", "ru": "ru"}


def month_name(month: int, lang: str, *, genitive: bool = False, short: bool = False) -> str:
    """A month's name from CLDR (Babel): stand-alone for "month year" ("декабрь 2011"), the
    format (genitive) form after a day number ("16 декабря 2011"); `short`, the stand-alone
    abbreviation a chart's axis or label uses ("Jun", «июнь», «сент.»)."""
    from babel.dates import get_month_names

    context = "format" if genitive else "stand-alone"
    return get_month_names("abbreviated" if short else "wide", context, locale=_BABEL_LOCALE[_check_lang(lang)])[month]


def format_date(value: str, lang: str) -> str:
    """An ISO date of year, month or day precision ("2011", "2011-12", "2011-12-16") in words."""
    _check_lang(lang)
    parts = str(value).split("-")
    if len(parts) == 1:
        return parts[0]
    year, month = parts[0], int(parts[1])
    if len(parts) == 2:
        return f"{month_name(month, lang)} {year}"
    return f"{int(parts[2])} {month_name(month, lang, genitive=True)} {year}"
