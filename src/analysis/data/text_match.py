"""Text matching: whether a value, term or date stands in a source's words.

The Markdown source is a conversion of a PDF. The conversion adds markup that is not part of
the words (emphasis marks, endnote markers, escaped underscores, hard line breaks, typographic
quotes). `normalise` removes that markup, so an excerpt copied from the PDF or the Markdown matches
the same way. A value is "in" its excerpt when the excerpt writes it as digits (with or without
thousands separators), as English number words ("seven", "two million") or as digits with a scale
word ("2 million"). The row rules (schema_checks) and the source checks (provenance) both use it,
so it sits below both.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

__all__ = ["MONTHS", "date_in_text", "find_number", "normalise", "number_in_text", "number_words",
           "read_source", "term_in_text"]

# Endnote markers (<sup>12</sup>) are dropped; other superscripts (3<sup>rd</sup>) keep their text.
_SUP_NOTE = re.compile(r"<sup>\s*\d+\s*</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?(?:sup|sub|i|b|em|strong|u)>", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)
_ESCAPE = re.compile(r"\\+([_*\[\]()#<>`])")
_EMPHASIS = re.compile(r"\*+")
# A hyphen that ends a line joins the next line without a space ("October-\nNovember").
_HYPHEN_BREAK = re.compile(r"-[ \t]*\n\s*")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'",
                         "\u00a0": " ", "\u202f": " "})
_GUILLEMET_OPEN = re.compile(r"\u00ab\s*")
_GUILLEMET_CLOSE = re.compile(r"\s*\u00bb")


def normalise(text: str) -> str:
    """The words of `text` without conversion markup, on one line with single spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SUP_NOTE.sub("", text)
    text = _TAG.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HEADING.sub("", text)
    text = _RULE.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = text.translate(_QUOTES)
    text = _GUILLEMET_OPEN.sub('"', text)
    text = _GUILLEMET_CLOSE.sub('"', text)
    text = _HYPHEN_BREAK.sub("-", text)
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=32)
def _read_normalised(path: str, mtime_ns: int) -> str:
    raw = Path(path).read_bytes().decode("utf-8")
    return normalise(raw)


def read_source(path: Path) -> str:
    """The normalised text of a source file (cached until the file changes)."""
    return _read_normalised(str(path), path.stat().st_mtime_ns)


_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = [(1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand")]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def _words_below_thousand(n: int) -> str:
    parts = []
    if n >= 100:
        parts.append(f"{_ONES[n // 100]} hundred")
        n %= 100
        if n:
            parts.append("and")
    if n >= 20:
        parts.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n or not parts:
        parts.append(_ONES[n])
    return " ".join(parts)


def number_words(n: int) -> str:
    """English words for a non-negative integer: 7 -> "seven", 2_000_000 -> "two million"."""
    if n < 0:
        raise ValueError("number_words takes a non-negative integer")
    if n < 1000:
        return _words_below_thousand(n)
    parts = []
    for size, name in _SCALES:
        if n >= size:
            parts.append(f"{_words_below_thousand(n // size)} {name}")
            n %= size
    if n:
        parts.append(_words_below_thousand(n))
    return " ".join(parts)


def _number_spellings(value: float) -> list[str]:
    """Every way the source may write `value`, most specific first."""
    if float(value).is_integer():
        n = int(value)
        spellings = [f"{n:,}", f"{n:,}".replace(",", " "), str(n)]
        if n >= 0:
            words = number_words(n)
            spellings += [words, words.replace(" and ", " ")]
        for size, name in _SCALES:
            if n >= size and n % (size // 10) == 0:
                spellings.append(f"{n / size:g} {name}")
        return list(dict.fromkeys(spellings))
    text = repr(float(value))
    return [text, f"{float(value):,}"]


def find_number(value: float, text: str) -> re.Match[str] | None:
    """Where `text` writes `value` as digits, grouped digits, number words or "N million": the
    first spelling found, most specific first (None when the text does not state it)."""
    for spelling in _number_spellings(value):
        if spelling[0].isdigit():
            pattern = rf"(?<![\d.,])(?<!\d ){re.escape(spelling)}(?![\d]|[.,]\d| \d)"
        else:
            pattern = rf"(?<![\w-]){re.escape(spelling)}(?![\w-])"
        found = re.search(pattern, text, flags=re.IGNORECASE)
        if found:
            return found
    return None


def number_in_text(value: float, text: str) -> bool:
    """True when `text` writes `value` as digits, grouped digits, number words or "N million"."""
    return find_number(value, text) is not None


def term_in_text(term: str, text: str) -> bool:
    """True when `term` (a word, a name, an article number) stands in `text` as a whole word."""
    term = normalise(term)
    pattern = rf"(?<![\w]){re.escape(term)}(?![\w]|[.\-]\d)"
    return re.search(pattern, normalise(text), flags=re.IGNORECASE) is not None


def date_in_text(date_text: str, text: str) -> list[str]:
    """The parts of an ISO date ("2011", "2011-12", "2011-12-16") that `text` does not state as a date.

    A year counts only standing alone, not inside a symbol ("CAT/C/48/D/433/2010"); a month only
    with its year after it ("December 2011", "October-November 2014"); a day only beside its month
    ("16 December", "December 16"), so "16 people" does not state the 16th.
    """
    parts = date_text.split("-")
    missing = []
    year = parts[0]
    if not re.search(rf"(?<![\d/.-]){year}(?![\d/])", text):
        missing.append(f"year {year}")
    if len(parts) >= 2:
        month = MONTHS[int(parts[1]) - 1]
        if not re.search(rf"\b{month}\b[^.\d]{{0,20}}(?:\d{{1,2}},?\s+)?{year}(?![\d/])", text):
            missing.append(f"month {month}")
    if len(parts) == 3:
        day = int(parts[2])
        month = MONTHS[int(parts[1]) - 1]
        if not re.search(rf"(?<!\d)0?{day}(?:st|nd|rd|th)?\s+{month}\b|\b{month}\s+0?{day}(?!\d)", text):
            missing.append(f"day {day}")
    return missing
