"""Words for numbers with qualifiers, periods, claimants and source words, in en/ru.

Charts, alt text, source lines and summaries all phrase a value through here, so "as many as 700",
"KZT 2 million" and "according to eyewitness accounts" read the same everywhere and every word
comes from the i18n catalogue (money and claimant phrases live in narrative.json).
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

import pandas as pd

from analysis.words import claims
from analysis.words.claims import is_missing
from analysis.words.i18n import MissingTranslation, catalogue, format_number, month_name, t

QUALIFIERS = ("exact", "approximate", "at_least", "at_most", "range", "unquantified")
VALUE_COLUMNS = ("value", "value_max", "value_text", "unit", "qualifier", "period_start", "period_end",
                 "claimant", "document_id", "locator")
_MILLION = 1_000_000


def slug(text: str) -> str:
    """Catalogue-key form of a phrase: "General Prosecutor's Office" -> "general_prosecutors_office"."""
    s = str(text).strip().lower().replace("'", "").replace("\u2019", "")
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"[^0-9a-z\u0400-\u04ff]+", "_", s).strip("_")


# Kinds of data word that belong to this report (its claimants, bodies, places), kept in the
# report's vocabulary (locales/<lang>/vocabulary.json), not in the kit's catalogues.
REPORT_WORDS = ("claimant",)


def term(kind: str, text: str, lang: str, *, bare: bool = False) -> str:
    """A data word (claimant, value_text) in `lang`, from the key `chart.<kind>.<slug>`.

    English may use the data's own words when no key exists (the data is in English); any other
    language without a key is an error, never an English fallback. Entries read in running text
    ("according to the General Prosecutor's Office"); `bare` drops a leading English article for
    use as a label.
    """
    key = f"chart.{kind}.{slug(text)}"
    if key in catalogue(lang):
        words = t(key, lang)
        return re.sub(r"^the\s+", "", words) if bare and lang == "en" else words
    if lang == "en" and "_" not in str(text):  # words, not an identifier such as "amnesty_international"
        return re.sub(r"^the\s+", "", str(text), flags=re.IGNORECASE) if bare else str(text)
    raise MissingTranslation(
        f"no {lang!r} text for {kind} {text!r}: add key {key!r} to src/analysis/words/locales/{lang}/"
        f"{'vocabulary' if kind in REPORT_WORDS else 'charts'}.json (and its English twin)"
    )


# The report's proper names, kept in its vocabulary (locales/<lang>/vocabulary.json) under
# `<kind>.<slug>`: recommending and destination States (full name, chart label, the form after
# "in"), newspapers, people (and the form after "to"), and bodies named as authors.
NAME_KINDS = ("state", "state_short", "state_in", "newspaper", "person", "person_to", "body")


def proper_name(kind: str, text: str, lang: str) -> str:
    """A proper name from the data in `lang`, from the report's vocabulary.

    Every theme reads a name from this one entry, so a State or a newspaper is written alike
    everywhere. A name without an entry is an error in every language (never the data's English
    in a Russian text), so a new name in the data is translated before it is published.
    """
    if kind not in NAME_KINDS:
        raise ValueError(f"unknown kind of name {kind!r}: one of {', '.join(NAME_KINDS)}")
    key = f"{kind}.{slug(text)}"
    if key in catalogue(lang):
        return t(key, lang)
    raise MissingTranslation(
        f"no {lang!r} text for {kind} {text!r}: add key {key!r} to src/analysis/words/locales/{lang}/"
        "vocabulary.json (and its English twin)"
    )


def capitalize(text: str) -> str:
    """First letter upper-case, the rest untouched ("eyewitnesses" -> "Eyewitnesses"); claim
    markers before it are kept."""
    i = 0
    while i < len(text):
        m = claims._MARK.match(text, i)
        if not m:
            break
        i = m.end()
    return text[:i] + text[i:i + 1].upper() + text[i + 1:]


def number(x: float, lang: str) -> str:
    """A data number in the language's format, integers without decimals."""
    x = float(x)
    return format_number(x, lang, 0 if x.is_integer() else None)


def row_field(row: Mapping[str, Any] | pd.Series, name: str) -> Any:
    """The row's value in column `name`, None when the row has no such column."""
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def row_id(row: Mapping[str, Any] | pd.Series) -> str:
    """The row's id for error messages ("" when it has none)."""
    rid = row_field(row, "id")
    return "" if is_missing(rid) else str(rid)


def qualifier_of(row: Mapping[str, Any] | pd.Series) -> str:
    """The row's qualifier, checked against the closed list (empty means exact)."""
    q = row_field(row, "qualifier")
    q = "exact" if is_missing(q) else str(q)
    if q not in QUALIFIERS:
        raise ValueError(f"row {row_id(row)}: column 'qualifier': {q!r} is not one of {', '.join(QUALIFIERS)}")
    return q


def _check_number(row: Any, column: str) -> float:
    v = row_field(row, column)
    if is_missing(v):
        raise ValueError(
            f"row {row_id(row)}: column {column!r} is empty but qualifier "
            f"{qualifier_of(row)!r} needs a number"
        )
    return float(v)


def value_words(row: Mapping[str, Any] | pd.Series, lang: str, *, style: str = "short",
                unit_key: str | None = None) -> str:
    """The row's value with its qualifier in words.

    style "short" is for chart labels ("5–7", "as many as 700"); "long" is for sentences and alt
    text ("between 5 and 7"). `unit_key` names a plural-aware catalogue entry appended to numbers.
    """
    q = qualifier_of(row)
    if q == "unquantified":
        words = row_field(row, "value_text")
        if is_missing(words):
            raise ValueError(f"row {row_id(row)}: column 'value_text' is empty but qualifier is 'unquantified'")
        return t("qualifier.unquantified", lang, words=term("words", str(words), lang))
    v = _check_number(row, "value")
    fields = {"value": claims.reported(row, "value", number(v, lang))}
    count = v
    if q == "range":
        vmax = _check_number(row, "value_max")
        fields["value_max"] = claims.reported(row, "value_max", number(vmax, lang))
        count = vmax
    if unit_key:
        unit = t(unit_case_key(unit_key, q, lang), lang, count=count)
        key = "chart.value.with_unit"
        if q == "range":
            # "5–7 years", "between 5 and 7 years": the unit once, after the upper number.
            fields["value_max"] = t(key, lang, value=fields["value_max"], unit=unit)
        else:
            fields["value"] = t(key, lang, value=fields["value"], unit=unit)
    if q == "range" and style == "short":
        return t("chart.value.range", lang, **fields)
    return t(f"qualifier.{q}", lang, **fields)


def _money_number(x: float, lang: str) -> str:
    if abs(x) >= _MILLION and (x / _MILLION * 10).is_integer():
        return t("narrative.million", lang, value=number(x / _MILLION, lang))
    return number(x, lang)


def amount(row: Mapping[str, Any] | pd.Series, lang: str, *, unit_key: str | None = None) -> str:
    """The row's value with its qualifier in words, for running text and alt text.

    Currencies with a `narrative.currency.<unit>` entry are written the way the language writes
    money ("roughly USD 13,000", "KZT 2 million"); other units take `unit_key`, a plural-aware
    catalogue entry (see value_words). Unquantified amounts stay words.
    """
    q = qualifier_of(row)
    if q == "unquantified" or not is_currency(row_field(row, "unit"), lang):
        return value_words(row, lang, style="long", unit_key=unit_key)
    currency_key = f"narrative.currency.{row_field(row, 'unit')}"
    value = row_field(row, "value")
    if is_missing(value):
        raise ValueError(f"row {row_id(row)}: column 'value' is empty but qualifier {q!r} needs a number")
    fields = {"value": t(currency_key, lang, value=claims.reported(row, "value", _money_number(float(value), lang)))}
    if q == "range":
        vmax = row_field(row, "value_max")
        if is_missing(vmax):
            raise ValueError(f"row {row_id(row)}: column 'value_max' is empty but qualifier is 'range'")
        fields["value_max"] = t(currency_key, lang,
                                value=claims.reported(row, "value_max", _money_number(float(vmax), lang)))
    return t(f"qualifier.{q}", lang, **fields)


def is_currency(unit: Any, lang: str = "en") -> bool:
    """True for a data unit written as money (it has a `narrative.currency.<unit>` entry)."""
    return not is_missing(unit) and f"narrative.currency.{unit}" in catalogue(lang)


def according_to(claimant: str, lang: str) -> str:
    """"according to the General Prosecutor's Office" / "по данным Генеральной прокуратуры", for
    summaries and alt text alike.

    A claimant with its own phrase (`narrative.according_to.<slug>`: Russian declines the name)
    uses it; any other claimant reads "according to {name}" with the chart kit's name, which is an
    error in Russian when the name has no translation.
    """
    key = f"narrative.according_to.{slug(claimant)}"
    if key in catalogue(lang):
        return t(key, lang)
    return t("narrative.according_to", lang, claimant=term("claimant", str(claimant), lang))


# CLDR list patterns (Babel) per language: British English, the house style, has no serial comma.
_LIST_LOCALE = {"en": "en_GB", "ru": "ru"}


def join_words(items: Sequence[str], lang: str) -> str:
    """"a", "a and b", "a, b and c" in the language's words, from CLDR's list patterns ("" for no items)."""
    from babel.lists import format_list

    if lang not in _LIST_LOCALE:
        raise ValueError(f"join_words: unknown language {lang!r}: one of {', '.join(_LIST_LOCALE)}")
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return format_list(items, style="standard", locale=_LIST_LOCALE[lang])


def unit_key(unit: str) -> str:
    """The kit's plural-aware catalogue key for a data unit ("people" -> "chart.unit.people"),
    for `value_words(..., unit_key=...)`; every unit of the data contract's closed list has one
    (with its Russian genitive)."""
    key = f"chart.unit.{slug(unit)}"
    if key not in catalogue("en"):
        raise MissingTranslation(f"no unit words for {unit!r}: add {key!r} (and {key}.genitive) to locales/*/charts.json")
    return key


def unit_case_key(unit_key: str, qualifier: str, lang: str) -> str:
    """The catalogue key of the unit's form after a qualifier's words.

    Russian puts the unit in the genitive after "до", "не менее", "около", "от … до" ("до 3 лет",
    not "до 3 года"); the qualifiers that do so are listed under `chart.grammar.genitive_after`,
    and the unit then needs a `<unit_key>.genitive` entry (plural forms as usual).
    """
    governing = t("chart.grammar.genitive_after", lang).split()
    if qualifier not in governing:
        return unit_key
    key = f"{unit_key}.genitive"
    if key not in catalogue(lang):
        raise MissingTranslation(
            f"no {lang!r} text for {key!r}: after a {qualifier!r} value the unit takes the genitive; "
            f"add it beside {unit_key!r}"
        )
    return key


def period_months(row: Mapping[str, Any] | pd.Series) -> int | None:
    """How many calendar months the row's period covers (None when it has no period)."""
    start, end = row_field(row, "period_start"), row_field(row, "period_end")
    if is_missing(start) or is_missing(end):
        return None
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if end < start:
        raise ValueError(f"row {row_id(row)}: period_end {end.date()} is before period_start {start.date()}")
    return (end.year - start.year) * 12 + end.month - start.month + 1


def partial_flags(rows: pd.DataFrame) -> pd.Series:
    """Which rows cover a shorter period than the others (e.g. Jan–Sep 2013 among full years).

    A boolean `partial` column, when present, decides instead.
    """
    if "partial" in rows.columns:
        return rows["partial"].fillna(False).astype(bool)
    months = pd.Series([period_months(r) for _, r in rows.iterrows()], index=rows.index, dtype="object")
    known = [m for m in months if m is not None]
    if not known:
        return pd.Series(False, index=rows.index)
    longest = max(known)
    return months.map(lambda m: m is not None and m < longest).astype(bool)


def month_words(month: int, lang: str, *, short: bool) -> str:
    """A month as a chart or a sentence names it: the CLDR abbreviation ("Jun", «июнь»), or the
    CLDR name, without its year."""
    return month_name(month, lang, short=short)


def period_words(row: Mapping[str, Any] | pd.Series, lang: str, *, short: bool = True,
                 with_year: bool = False) -> str:
    """The row's period as months: "Jan–Sep" (short) or "January–September 2013" (long, with year)."""
    start, end = pd.Timestamp(row_field(row, "period_start")), pd.Timestamp(row_field(row, "period_end"))
    a, b = month_words(start.month, lang, short=short), month_words(end.month, lang, short=short)
    if start.year != end.year:
        a, b = f"{a} {start.year}", f"{b} {end.year}"
        return claims.reported(row, "period_start", t("chart.period.months", lang, start=a, end=b))
    key = "chart.period.months_year" if with_year else "chart.period.months"
    text = t(key, lang, start=a, end=b, year=str(end.year))
    return claims.reported(row, "period_start", text) if any(c.isdigit() for c in text) else text


def label_text(row: Mapping[str, Any] | pd.Series, label: str) -> str:
    """The row's category label as text (years stay "2013", not "2013.0").

    A label that holds a number and is not a claim yet (a year, a date) is reported from the row's
    own column: the year column when the label is the year, else the label column itself."""
    v = row_field(row, label)
    if is_missing(v):
        raise ValueError(f"row {row_id(row)}: label column {label!r} is empty")
    if isinstance(v, float) and v.is_integer():
        text = str(int(v))
    elif isinstance(v, pd.Timestamp):
        text = str(v.date())
    else:
        text = str(v)
    if claims.active() is None or claims.has_marks(text) or not any(c.isdigit() for c in text):
        return text
    year = row_field(row, "year")
    column = "year" if not is_missing(year) and str(year).split(".")[0] == text else label
    return claims.reported(row, column, text, value=year if column == "year" else v)


def require_columns(rows: pd.DataFrame, columns: tuple[str, ...] | list[str], what: str) -> None:
    """Fail with the missing column names rather than a KeyError deep inside drawing code."""
    missing = [c for c in columns if c not in rows.columns]
    if missing:
        raise ValueError(f"{what}: the table lacks column(s) {', '.join(map(repr, missing))}; has {list(rows.columns)}")
