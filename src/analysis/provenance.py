"""Provenance: tie every stored number to the exact words of the source that states it.

Each excerpt is checked against its own document (documents.source_file, format and sha256): the
submission is a Markdown text, the two UN reports are PDFs read per page by analysis.pdf_text, where
the excerpt must be on the page the row's locator names ("para. 95.11, p. 15", "p. 1"). A
recommendation that runs over a page break is located on the page where it starts, and its excerpt
is the opening printed on that page.

The Markdown source is a conversion of a PDF. The conversion adds markup that is not part of
the words (emphasis marks, endnote markers, escaped underscores, hard line breaks, typographic
quotes). `normalise` removes that markup, so an excerpt copied from the PDF or the Markdown matches
the same way. A value is "in" its excerpt when the excerpt writes it as digits (with or without
thousands separators), as English number words ("seven", "two million") or as digits with a scale
word ("2 million").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from analysis.datapackage import Problem
    from analysis.schema_checks import CheckedTable

__all__ = [
    "MONTHS",
    "HeldSource",
    "check_sources",
    "date_in_text",
    "find_number",
    "locator_page",
    "normalise",
    "number_in_text",
    "number_words",
    "open_source",
    "read_source",
    "term_in_text",
]

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


# ---- the held documents: each excerpt against its own document ----

PAGE_LOCATOR = re.compile(r"(?:^|[,;] )p\. (\d+)$")


@dataclass(frozen=True)
class HeldSource:
    """One document the project holds, after its file passed the checks: its text, or its pages."""

    name: str
    format: str
    text: str = ""  # markdown: the normalised text
    pages: tuple[str, ...] = ()  # pdf: the text of each page (pypdf's default mode)


def locator_page(locator: str | None) -> int | None:
    """The PDF page a locator names ("para. 124.15, p. 14" -> 14); None when it names none."""
    found = PAGE_LOCATOR.search(locator or "")
    return int(found.group(1)) if found else None


_PDF_PAGES: dict[str, tuple[str, ...]] = {}


def _pdf_pages(path: Path, sha256: str, cache_dir: Path | None) -> tuple[str, ...]:
    """The pages of a checked PDF, kept for the process by its hash (a copy elsewhere is the same text)."""
    from analysis.pdf_text import read_pdf_text

    if sha256 not in _PDF_PAGES:
        _PDF_PAGES[sha256] = read_pdf_text(path, sha256, cache_dir).plain
    return _PDF_PAGES[sha256]


def open_source(row: Mapping[str, Any], sources_dir: Path,
                cache_dir: Path | None = None) -> tuple[HeldSource | None, tuple[str, str, str] | None]:
    """A documents row's file, checked: (source, None), or (None, (column, value, rule)) for its one problem.

    The checks, in order: the file exists, a PDF starts like one (%PDF-), the file has the row's
    sha256, and pypdf can read a PDF's pages (Markdown must be UTF-8).
    """
    from analysis.file_digest import sha256_of
    from analysis.pdf_text import SourceFileError

    name, expected, fmt = row.get("source_file"), row.get("sha256"), row.get("format")
    path = sources_dir / name
    if not path.is_file():
        return None, ("source_file", name, f"source file not found: {path}")
    if fmt == "pdf":
        with path.open("rb") as fh:
            if b"%PDF-" not in fh.read(1024):
                return None, ("format", fmt, f"{path} is not a PDF (no %PDF- header in its first 1024 bytes)")
    actual = sha256_of(path)
    if expected is not None and actual != expected:
        return None, ("sha256", expected, f"{path} has sha256 {actual}: not the file this row names")
    if fmt == "pdf":
        try:
            pages = _pdf_pages(path, actual, cache_dir)
        except SourceFileError as exc:
            return None, ("source_file", name, str(exc))
        return HeldSource(name, fmt, pages=pages), None
    try:
        text = read_source(path)
    except UnicodeDecodeError:
        return None, ("format", fmt or "", f"{path} is not UTF-8 text, so not a Markdown source")
    return HeldSource(name, fmt or "markdown", text=text), None


def _excerpt_rule(source: HeldSource, value: str, locator: str | None) -> str | None:
    """Why `value` is not where the row says in `source` (None when it is)."""
    if source.format != "pdf":
        if normalise(value) in source.text:
            return None
        return f"excerpt not found verbatim in {source.name} (after normalising markup)"
    from analysis.pdf_text import excerpt_on_page, find_on_page

    page = locator_page(locator)
    if page is None:
        return f"the locator names no page of {source.name}: a PDF locator ends 'p. N'"
    if not 1 <= page <= len(source.pages):
        return f"the locator's p. {page} is not a page of {source.name} ({len(source.pages)} pages)"
    if excerpt_on_page(value, source.pages[page - 1]):
        return None
    elsewhere = find_on_page(value, source.pages)
    where = f"it is on p. {', '.join(map(str, elsewhere))}" if elsewhere else "it is on no page"
    return f"excerpt not on p. {page} of {source.name} ({where}; PDF matching: analysis.pdf_text)"


def check_sources(
    tables: Mapping[str, CheckedTable], documents: str, sources_dir: Path, cache_dir: Path | None = None
) -> list[Problem]:
    """Every held document's file is sound, and every verbatim field is in its own document.

    First each documents row with a source_file is checked (open_source); a failure is one problem on
    that row, and no excerpt is checked against that file (one line, not one per excerpt). Then each
    row of a table with provenance: its document is the row's provenance field (document_id, or
    mentioned_in for documents), its text that document's file; Markdown excerpts must be in the
    text, PDF excerpts on the page the row's locator names. A document without a held text cannot
    vouch for an excerpt, so that is a problem too.
    """
    from analysis.datapackage import Problem

    docs = tables.get(documents)
    if docs is None or docs.raw.fatal:
        return []
    key = docs.resource.primary_key[0]
    problems: list[Problem] = []
    held: dict[str, HeldSource | None] = {}  # None: held, but its file failed a check
    for line, row in docs.rows:
        if not row.get("source_file") or row.get(key) is None:
            continue
        source, problem = open_source(row, sources_dir, cache_dir)
        held[row[key]] = source
        if problem is not None:
            problems.append(Problem(docs.raw.file, line, *problem))
    known = {row.get(key) for _, row in docs.rows}
    for checked in tables.values():
        prov = checked.resource.provenance
        if not prov:
            continue
        locator_field = prov.get("locator", "locator")
        verbatim = [f.name for f in checked.resource.fields if f.descriptor.get("verbatim")]
        for line, row in checked.rows:
            doc = row.get(prov["document"])
            if doc is None or doc not in known:
                continue  # missing or unknown document_id is reported by the schema checks
            if doc not in held:
                problems.append(Problem(checked.raw.file, line, prov["document"], doc,
                                        f"no source text held for this document (source_file is empty in {docs.resource.path})"))
                continue
            source = held[doc]
            if source is None:
                continue  # the file's own problem is reported once, on its documents row
            for column in verbatim:
                value = row.get(column)
                rule = None if value is None else _excerpt_rule(source, value, row.get(locator_field))
                if rule is not None:
                    problems.append(Problem(checked.raw.file, line, column, value, rule))
    return problems
